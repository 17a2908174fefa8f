//! The shell every public page of an organisation shares (`/q/{slug}`,
//! `/q/{slug}/auto`, `/q/{slug}/catalogo`): its data read by the slug in
//! the path and the day in `?date=`/`?fecha=` (a preview of another day's
//! prices), "Cargando…" while it comes, a 404 for an unknown organisation
//! and a message when it cannot be read. The frame carries the
//! organisation's brand (`crate::brand`): its name, logo, colour and
//! contact, never Cotiza's.
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::brand::{OrgBrand, get_org_brand};
use crate::components::layout::PageFrame;
use crate::i18n::Lang;
use crate::pages::not_found::set_not_found_status;

/// What a public page's data is read by: the organisation's slug and the day asked for.
pub fn org_and_day() -> impl Fn() -> (String, Option<String>) + Clone + Send + Sync + 'static {
    let params = use_params_map();
    let query = use_query_map();
    move || {
        let slug = params.read().get("slug").unwrap_or_default();
        let day = query.with(|q| q.get("date").or_else(|| q.get("fecha")));
        (slug, day)
    }
}

/// The page frame around `data`, in the organisation's brand: `render`
/// draws the organisation's page (given its brand, read once here: a page
/// never reads it again inside this frame), `None` is its 404 and an error
/// the failure message.
pub fn public_org_page<T, E, V>(
    lang: Lang,
    data: Resource<Result<Option<T>, E>>,
    render: impl Fn(T, Option<OrgBrand>) -> V + Clone + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let brand = Resource::new(move || params.read().get("slug").unwrap_or_default(), get_org_brand);
    let switch_href = format!("?lang={}", lang.other().code());
    view! {
        <Suspense fallback=move || view! { <p class="text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
            {move || {
                let (render, switch_href) = (render.clone(), switch_href.clone());
                Suspend::new(async move {
                    // An unknown organisation, or one that cannot be read, has no brand: its 404
                    // or failure message below, in the plain frame.
                    let brand = brand.await.ok().flatten();
                    let page_brand = brand.clone();
                    view! {
                        <PageFrame lang switch_href brand>
                            <Suspense fallback=move || view! { <p class="text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
                                {move || {
                                    let (render, brand) = (render.clone(), page_brand.clone());
                                    Suspend::new(async move {
                                        match data.await {
                                            Ok(Some(found)) => render(found, brand).into_any(),
                                            Ok(None) => org_not_found(lang).into_any(),
                                            Err(_) => catalog_failed(lang).into_any(),
                                        }
                                    })
                                }}
                            </Suspense>
                        </PageFrame>
                    }
                })
            }}
        </Suspense>
    }
}

/// The 404 of an organisation's public pages (status set for the server render).
pub fn org_not_found(lang: Lang) -> impl IntoView {
    set_not_found_status();
    view! {
        <PageTitle text="404"/>
        <h1 class="text-2xl font-bold">{lang.t("Organización no encontrada", "Organisation not found")}</h1>
    }
}

/// What the public pages show when the catalog could not be read.
pub fn catalog_failed(lang: Lang) -> impl IntoView {
    view! { <p role="alert" class="text-red-700">{lang.t("No se pudo cargar el catálogo.", "The catalog could not be loaded.")}</p> }
}
