//! "New quote for this customer / vehicle": a link that opens an editor
//! with them filled in (a plain link, so it works without JavaScript).
use leptos::prelude::*;

#[component]
pub fn NewQuoteLink(href: String, label: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <p class="mb-4">
            <a href=href data-testid=testid
                class="inline-flex min-h-11 items-center rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2">
                {label}
            </a>
        </p>
    }
}
