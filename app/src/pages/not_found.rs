use leptos::prelude::*;
use crate::components::page_title::PageTitle;

/// Marks the response 404 when rendered on the server.
pub fn set_not_found_status() {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    set_not_found_status();
    view! {
        <PageTitle text="404"/>
        <main class="mx-auto max-w-xl px-4 py-16 text-center">
            <h1 class="text-3xl font-bold">"Página no encontrada"</h1>
            <p class="mt-2 text-slate-600">"Page not found"</p>
            <a href="/" class="mt-6 inline-block rounded-lg bg-teal-700 px-5 py-3 font-semibold text-white">"Cotiza"</a>
        </main>
    }
}
