use leptos::prelude::*;
use crate::components::page_title::OrgPageTitle;
use leptos_router::hooks::use_query_map;

use crate::catalog::{PublicCatalog, get_public_catalog};
use crate::components::badges::spec_badges;
use crate::components::estimate::{Estimate, EstimateInput};
use crate::components::public_page::{org_and_day, public_org_page};
use crate::format;
use crate::i18n::{Lang, use_lang};

/// `/q/{slug}/catalogo`: an organisation's public page — its films and
/// prices and a live estimate.
#[component]
pub fn PublicCatalogPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let catalog = Resource::new(org_and_day(), |(slug, day)| get_public_catalog(slug, day));
    public_org_page(lang, catalog, move |c: PublicCatalog, _brand| {
        let initial = EstimateInput::from_query(|k| query.read_untracked().get(k), &c);
        let action = format!("/q/{}", c.org);
        view! {
            <OrgPageTitle text=c.name.clone()/>
            <h1 class="text-2xl font-bold text-teal-900 sm:text-3xl">{c.name.clone()}</h1>
            <p class="mt-1 text-slate-600">{lang.t("Catálogo de láminas", "Film catalog")}
                " · " {lang.t("precios del", "prices of")} " " <span data-testid="catalog-day">{format::day(&c.day, lang)}</span></p>
            <ProductList catalog=c.clone() lang/>
            <div class="mt-6"><Estimate catalog=c lang initial action/></div>
        }
    })
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
                            {lang.t("Material", "Material")} " " {format::money(p.material_price, currency, lang)} "/" {unit}
                            " · " {lang.t("Instalación", "Installation")} " " {format::money(p.installation_price, currency, lang)} "/" {unit}
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
