//! `/app/catalog`: the organisation's products — search, filters, current
//! and upcoming prices — and the bulk tools (categories, a percentage change
//! by category).
use domain::{Category, Currency, Product, Unit, Vertical};
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::catalog::media_url;
use crate::catalog_admin::{ChangeCategoryPrices, CreateCategory, get_catalog};
use crate::components::form::{Field, Select, Submit, action_error, ErrorSummary};
use crate::format;
use crate::i18n::{Lang, use_lang};

pub fn vertical_name(lang: Lang, v: Vertical) -> &'static str {
    format::vertical_label(v, lang)
}

pub fn category_name(lang: Lang, c: &Category) -> String {
    domain::localized(&c.name_es, &c.name_en, lang.code()).to_owned()
}

pub fn unit_name(lang: Lang, unit: Unit) -> &'static str {
    match unit {
        Unit::M2 => "m²",
        Unit::M => lang.t("m lineal", "linear m"),
    }
}

/// "Material US$45,00 + instalación US$15,00 /m²" (money in the page's language)
pub fn price_text(lang: Lang, currency: Currency, unit: Unit, material: rust_decimal::Decimal, installation: rust_decimal::Decimal) -> String {
    format!(
        "{} {} + {} {} /{}",
        lang.t("Material", "Material"),
        format::money(material, currency, lang),
        lang.t("instalación", "installation"),
        format::money(installation, currency, lang),
        unit_name(lang, unit)
    )
}

/// "Desde el 01/12/2026: Material $ 95.000 + instalación $ 21.000 /m²" (or "sin precio").
pub fn upcoming_text(lang: Lang, currency: Currency, unit: Unit, next: &domain::NextPrice) -> String {
    let what = next
        .price
        .as_ref()
        .map(|p| price_text(lang, currency, unit, p.material_price, p.installation_price))
        .unwrap_or_else(|| lang.t("sin precio", "no price").to_owned());
    format!("{} {}: {what}", lang.t("Desde el", "From"), format::day(&next.starts, lang))
}

#[component]
pub fn CatalogPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = move || {
        let q = query.read();
        (q.get("q"), q.get("category"), q.get("vertical"), q.get("inactive").map(|v| v == "on" || v == "true"))
    };
    let page = Resource::new(filter, |(q, category, vertical, inactive)| get_catalog(q, category, vertical, inactive));
    let removed = move || query.read().get("removed");
    view! {
        <PageTitle text=lang.t("Catálogo", "Catalog")/>
        <div class="mb-4 flex flex-wrap items-center justify-between gap-3">
            <h1 class="text-2xl font-bold text-teal-900">{lang.t("Catálogo", "Catalog")}</h1>
        </div>
        <Show when=move || removed().is_some()>
            <p role="status" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200">
                {move || if removed().as_deref() == Some("deactivated") {
                    lang.t("El producto se usa en cotizaciones: se desactivó en vez de borrarse.", "The product is used by quotes: it was deactivated instead of deleted.")
                } else {
                    lang.t("Producto eliminado.", "Product deleted.")
                }}
            </p>
        </Show>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let (q, category, vertical, inactive) = filter();
                        view! {
                            {page.can_edit.then(|| view! { <AdminLinks lang/> })}
                            <FilterForm lang categories=page.categories.clone() q=q.unwrap_or_default() category=category.unwrap_or_default() vertical=vertical.unwrap_or_default() inactive=inactive.unwrap_or(false)/>
                            <ProductTable lang products=page.products categories=page.categories currency=page.currency/>
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What only admins can do from the list.
#[component]
fn AdminLinks(lang: Lang) -> impl IntoView {
    view! {
        <div class="mb-4 flex flex-wrap gap-2 text-sm">
            <a href="/app/catalog/new" data-testid="new-product" class="rounded-lg bg-teal-700 px-3 py-2 font-semibold text-white hover:bg-teal-800">{lang.t("Nuevo producto", "New product")}</a>
            <a href="/app/catalog/import" class="rounded-lg px-3 py-2 font-semibold text-teal-900 ring-1 ring-teal-300 hover:bg-teal-50">{lang.t("Importar / exportar CSV", "Import / export CSV")}</a>
            <a href="/app/catalog/tools" class="rounded-lg px-3 py-2 font-semibold text-teal-900 ring-1 ring-teal-300 hover:bg-teal-50">{lang.t("Categorías y cambios de precio", "Categories and price changes")}</a>
        </div>
    }
}

/// A plain GET form: filters live in the URL (shareable, no JavaScript needed).
#[component]
fn FilterForm(lang: Lang, categories: Vec<Category>, q: String, category: String, vertical: String, inactive: bool) -> impl IntoView {
    let input = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-base";
    view! {
        <form method="get" action="/app/catalog" role="search" class="mb-4 grid gap-3 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-5">
            <div class="sm:col-span-2">
                <label for="filter-q" class="mb-1 block text-sm font-medium">{lang.t("Buscar", "Search")}</label>
                <input id="filter-q" type="search" name="q" value=q placeholder=lang.t("SKU o nombre", "SKU or name") class=input/>
            </div>
            <div>
                <label for="filter-category" class="mb-1 block text-sm font-medium">{lang.t("Categoría", "Category")}</label>
                <select id="filter-category" name="category" class=input>
                    <option value="">{lang.t("Todas", "All")}</option>
                    {categories.into_iter().map(|c| { let selected = c.id == category; view! { <option value=c.id.clone() selected=selected>{category_name(lang, &c)}</option> } }).collect_view()}
                </select>
            </div>
            <div>
                <label for="filter-vertical" class="mb-1 block text-sm font-medium">{lang.t("Segmento", "Vertical")}</label>
                <select id="filter-vertical" name="vertical" class=input>
                    <option value="">{lang.t("Todos", "All")}</option>
                    {Vertical::ALL.into_iter().map(|v| view! { <option value=v.as_str() selected=v.as_str() == vertical>{vertical_name(lang, v)}</option> }).collect_view()}
                </select>
            </div>
            <div class="flex flex-col justify-end gap-2">
                <label class="flex items-center gap-2 text-sm"><input type="checkbox" name="inactive" checked=inactive class="h-5 w-5"/>{lang.t("Incluir inactivos", "Include inactive")}</label>
                <button type="submit" class="rounded-lg bg-slate-700 px-3 py-2 text-sm font-semibold text-white">{lang.t("Filtrar", "Filter")}</button>
            </div>
        </form>
    }
}

#[component]
fn ProductTable(lang: Lang, products: Vec<Product>, categories: Vec<Category>, currency: Currency) -> impl IntoView {
    if products.is_empty() {
        return view! { <p class="rounded-2xl bg-white p-6 text-slate-700 ring-1 ring-slate-200" data-testid="no-products">{lang.t("No hay productos con estos filtros.", "No products match these filters.")}</p> }.into_any();
    }
    view! {
        <ul class="divide-y divide-slate-200 rounded-2xl bg-white shadow-sm ring-1 ring-slate-200" data-testid="catalog-rows">
            {products.into_iter().map(|p| {
                let category = p.category_id.as_deref().and_then(|id| categories.iter().find(|c| c.id == id)).map(|c| category_name(lang, c));
                let current = p.price.as_ref().map(|pr| price_text(lang, currency, p.unit, pr.material_price, pr.installation_price));
                let upcoming = p.next_price.as_ref().map(|n| upcoming_text(lang, currency, p.unit, n));
                let thumb = p.thumb_key.as_deref().map(media_url);
                let name = p.name(lang.code()).to_owned();
                view! {
                    <li class="flex gap-3 p-4" data-testid="catalog-row" data-sku=p.sku.clone()>
                        {thumb.map(|src| view! { <img src=src alt="" width="56" height="56" class="h-14 w-14 flex-none rounded-lg object-cover"/> })}
                        <div class="min-w-0 flex-1">
                            <a href=format!("/app/catalog/{}", p.id) class="font-semibold text-teal-900 underline-offset-2 hover:underline">{name}</a>
                            <p class="text-xs uppercase tracking-wide text-slate-500">
                                {p.sku.clone()} {category.map(|c| format!(" · {c}"))}
                                {(!p.active).then(|| view! { <span class="ml-2 rounded bg-slate-200 px-2 py-0.5 normal-case text-slate-700">{lang.t("inactivo", "inactive")}</span> })}
                            </p>
                            <p class="mt-1 text-sm text-slate-800" data-testid="current-price">
                                {current.unwrap_or_else(|| lang.t("Sin precio vigente", "No price in effect").to_owned())}
                            </p>
                            {upcoming.map(|u| view! { <p class="text-sm text-amber-800" data-testid="upcoming-price">{u}</p> })}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }.into_any()
}

/// `/app/catalog/tools`: add a category; change a category's prices by a percentage.
#[component]
pub fn CatalogToolsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let create = ServerAction::<CreateCategory>::new();
    let change = ServerAction::<ChangeCategoryPrices>::new();
    let page = Resource::new(move || create.version().get(), |_| get_catalog(None, None, None, Some(true)));
    let create_error = action_error(create);
    let change_error = action_error(change);
    let changed = move || change.value().get().and_then(|r| r.ok()).or_else(|| query.read().get("changed").and_then(|n| n.parse().ok()));
    view! {
        <PageTitle text=lang.t("Categorías y precios", "Categories and prices")/>
        <p class="mb-2 text-sm"><a href="/app/catalog" class="text-teal-800 underline">{lang.t("← Catálogo", "← Catalog")}</a></p>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Categorías y cambios de precio", "Categories and price changes")}</h1>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let options: Vec<(String, String)> = page.categories.iter().map(|c| (c.id.clone(), category_name(lang, c))).collect();
                        view! {
                            <div class="grid gap-6 lg:grid-cols-2">
                                <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                    <h2 class="mb-2 text-lg font-semibold">{lang.t("Cambio de precio por categoría", "Price change by category")}</h2>
                                    <p class="mb-4 text-sm text-slate-600">{lang.t(
                                        "Cada producto activo de la categoría recibe un precio nuevo desde la fecha indicada: su precio de ese día más el porcentaje, redondeado a la moneda. Las cotizaciones ya emitidas no cambian.",
                                        "Every active product of the category gets a new price from the given day: its price that day plus the percentage, rounded to the currency. Quotes already issued do not change.")}</p>
                                    <Show when=move || changed().is_some()>
                                        <p role="status" data-testid="price-change-done" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200">
                                            {move || {
                                                let products = format::plural(lang, changed().unwrap_or(0), "producto", "productos", "product", "products");
                                                match lang {
                                                    Lang::Es => format!("Precios nuevos para {products}."),
                                                    Lang::En => format!("New prices for {products}."),
                                                }
                                            }}
                                        </p>
                                    </Show>
                                    <ActionForm action=change>
                                        <ErrorSummary lang error=change_error/>
                                        <Select lang name="category_id" label=lang.t("Categoría", "Category") options=options.clone() error=change_error/>
                                        <Field lang name="percent" label=lang.t("Porcentaje (negativo para bajar)", "Percentage (negative to lower)") hint=lang.t("Ej.: 5 o -3,5", "E.g. 5 or -3.5") required=true error=change_error/>
                                        <Field lang name="valid_from" kind="date" label=lang.t("Desde", "From") value=page.today.clone() error=change_error/>
                                        <Submit label=lang.t("Aplicar cambio", "Apply change") pending=change.pending()/>
                                    </ActionForm>
                                </section>
                                <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                                    <h2 class="mb-2 text-lg font-semibold">{lang.t("Categorías", "Categories")}</h2>
                                    <ul class="mb-4 divide-y divide-slate-100" data-testid="categories">
                                        {page.categories.iter().map(|c| view! {
                                            <li class="flex justify-between py-2 text-sm"><span>{category_name(lang, c)}</span><code class="text-slate-500">{c.code.clone()}</code></li>
                                        }).collect_view()}
                                    </ul>
                                    <ActionForm action=create>
                                        <ErrorSummary lang error=create_error/>
                                        <Field lang name="code" label=lang.t("Código (para CSV y API)", "Code (for CSV and API)") hint=lang.t("Ej.: antigrafiti", "E.g. anti-graffiti") required=true error=create_error/>
                                        <Field lang name="name_es" label=lang.t("Nombre en español", "Spanish name") required=true error=create_error/>
                                        <Field lang name="name_en" label=lang.t("Nombre en inglés", "English name") error=create_error/>
                                        <Submit label=lang.t("Agregar categoría", "Add category") pending=create.pending()/>
                                    </ActionForm>
                                </section>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
