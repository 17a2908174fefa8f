use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::catalog::get_public_catalog;
use crate::components::estimate::{Estimate, EstimateInput};
use crate::components::layout::PageFrame;
use crate::i18n::use_lang;

/// The demo organisation every fresh install has.
const DEMO_SLUG: &str = "demo";

/// Landing page: what Cotiza does, the way into the demo wizard, a live estimate.
#[component]
pub fn HomePage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let catalog = Resource::new(|| (), |_| get_public_catalog(DEMO_SLUG.to_owned(), None));
    view! {
        <PageTitle text=lang.t("Cotizaciones de láminas para vidrios", "Window-film quotes")/>
        <PageFrame lang switch_href=format!("/?lang={}", lang.other().code())>
            <section class="py-6 sm:py-10">
                <h1 class="text-3xl font-bold tracking-tight text-teal-900 sm:text-4xl">
                    {lang.t("Cotizaciones exactas de láminas para vidrios", "Exact quotes for window film")}
                </h1>
                <p class="mt-3 max-w-2xl text-lg text-slate-700">
                    {lang.t(
                        "Seguridad, control solar, decorativas y privacidad: mide cada ventana, elige la lámina y ve el precio al instante.",
                        "Security, solar control, decorative and privacy films: measure each window, pick a film and see the price at once.",
                    )}
                </p>
                <a href=format!("/q/{DEMO_SLUG}?lang={}", lang.code()) data-testid="wizard-link"
                    class="mt-6 inline-block rounded-lg bg-teal-700 px-6 py-3 text-lg font-semibold text-white shadow hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2">
                    {lang.t("Cotizar ahora", "Get a quote")}
                </a>
            </section>
            <Suspense fallback=move || view! { <p class="text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(Some(c)) => {
                            let initial = EstimateInput::from_query(|k| query.read_untracked().get(k), &c);
                            view! { <Estimate catalog=c lang initial action="/"/> }.into_any()
                        }
                        Ok(None) => view! {
                            <p class="text-slate-600">{lang.t("La organización de demostración no está configurada.", "The demo organisation is not set up.")}</p>
                        }.into_any(),
                        Err(_) => view! {
                            <p role="alert" class="text-red-700">{lang.t("No se pudo cargar el catálogo.", "The catalog could not be loaded.")}</p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}
