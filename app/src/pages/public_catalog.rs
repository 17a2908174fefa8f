use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::catalog::{PublicCatalog, get_public_catalog};
use crate::components::badges::spec_badges;
use crate::components::estimate::{Estimate, EstimateInput};
use crate::components::layout::PageFrame;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::not_found::set_not_found_status;

/// `/q/{slug}`: an organisation's public page — its films and prices and a live
/// estimate. The room-by-room wizard grows here.
#[component]
pub fn PublicCatalogPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let lang = use_lang();
    let slug = move || params.read().get("slug").unwrap_or_default();
    // `?fecha=` / `?date=` previews the prices of another day.
    let day = move || query.read().get("date").or_else(|| query.read().get("fecha"));
    let catalog = Resource::new(move || (slug(), day()), |(slug, day)| get_public_catalog(slug, day));
    view! {
        <PageFrame lang switch_href=format!("?lang={}", lang.other().code())>
            <Suspense fallback=move || view! { <p class="text-slate-500">{lang.t("Cargando…", "Loading…")}</p> }>
                {move || Suspend::new(async move {
                    match catalog.await {
                        Ok(Some(c)) => {
                            let initial = EstimateInput::from_query(|k| query.read_untracked().get(k), &c);
                            let action = format!("/q/{}", c.org);
                            view! {
                                <Title text=c.name.clone()/>
                                <h1 class="text-2xl font-bold text-teal-900 sm:text-3xl">{c.name.clone()}</h1>
                                <p class="mt-1 text-slate-600">{lang.t("Catálogo de láminas", "Film catalog")}
                                    " · " {lang.t("precios del", "prices of")} " " <span data-testid="catalog-day">{format::day(&c.day, lang)}</span></p>
                                <ProductList catalog=c.clone() lang/>
                                <div class="mt-6"><Estimate catalog=c lang initial action/></div>
                            }.into_any()
                        }
                        Ok(None) => org_not_found(lang).into_any(),
                        Err(_) => catalog_failed(lang).into_any(),
                    }
                })}
            </Suspense>
        </PageFrame>
    }
}

/// The 404 of an organisation's public pages (status set for the server render).
pub fn org_not_found(lang: Lang) -> impl IntoView {
    set_not_found_status();
    view! {
        <Title text="404"/>
        <h1 class="text-2xl font-bold">{lang.t("Organización no encontrada", "Organisation not found")}</h1>
    }
}

/// What the public pages show when the catalog could not be read.
pub fn catalog_failed(lang: Lang) -> impl IntoView {
    view! { <p role="alert" class="text-red-700">{lang.t("No se pudo cargar el catálogo.", "The catalog could not be loaded.")}</p> }
}

#[component]
fn ProductList(catalog: PublicCatalog, lang: Lang) -> impl IntoView {
    let currency = catalog.currency;
    view! {
        <ul class="mt-4 grid gap-3 sm:grid-cols-2" data-testid="product-list">
            {catalog.products.into_iter().map(|p| {
                let unit = match p.unit { domain::Unit::M2 => "m²", domain::Unit::M => lang.t("m lineal", "linear m") };
                let name = p.name(lang.code()).to_owned();
                let sku_attr = p.sku.clone();
                let badges = spec_badges(&p.specs, lang);
                let thumb = p.thumbnail_url.clone().map(|src| view! { <img src=src alt=name.clone() width="96" height="96" loading="lazy" class="float-right ml-3 h-24 w-24 rounded-lg object-cover"/> });
                view! {
                    <li class="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="catalog-product" data-sku=sku_attr>
                        {thumb}
                        <p class="font-semibold">{name.clone()}</p>
                        <p class="text-xs uppercase tracking-wide text-slate-500">{p.sku}</p>
                        <p class="mt-2 text-sm text-slate-700">
                            {lang.t("Material", "Material")} " " {format::money(p.material_price, currency)} "/" {unit}
                            " · " {lang.t("Instalación", "Installation")} " " {format::money(p.installation_price, currency)} "/" {unit}
                        </p>
                        <ul class="mt-2 flex flex-wrap gap-1" aria-label=lang.t("Especificaciones", "Specifications")>
                            {badges.into_iter().map(|b| view! { <li class="rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-900 ring-1 ring-teal-200">{b}</li> }).collect_view()}
                        </ul>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
