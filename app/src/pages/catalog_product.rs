//! `/app/catalog/new` and `/app/catalog/{id}`: a product's form, its photo,
//! and its prices (current, scheduled, history).
use domain::{Category, Currency, PriceRecord, Product, ProductType, Unit, Vertical, WasteClass};
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::catalog::media_url;
use crate::catalog_admin::{AddPrice, CreateProduct, DeleteProduct, UpdateProduct, WithdrawPrice, get_new_product_page, get_product_page};
use crate::components::form::{Checkbox, Field, error_for, FormAlert, Select, Submit, TextArea, action_error, ErrorSummary};
use crate::components::money_field::{MoneyField, TypedLang};
use crate::error::AppError;
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::catalog::{category_name, price_text, unit_name, upcoming_text, vertical_name};

fn type_name(lang: Lang, t: ProductType) -> &'static str {
    match t {
        ProductType::Laminate => lang.t("Laminado", "Laminate"),
        ProductType::Vinyl => lang.t("Vinilo", "Vinyl"),
        ProductType::SolarControl => lang.t("Control solar", "Solar control"),
        ProductType::Privacy => lang.t("Privacidad", "Privacy"),
        ProductType::Decorative => lang.t("Decorativo", "Decorative"),
        ProductType::Security => lang.t("Seguridad", "Security"),
    }
}

fn waste_name(lang: Lang, w: WasteClass) -> &'static str {
    match w {
        WasteClass::Laminate => lang.t("Laminado", "Laminate"),
        WasteClass::Vinyl => lang.t("Vinilo", "Vinyl"),
        WasteClass::SolarControl => lang.t("Control solar", "Solar control"),
    }
}

/// The product fields shared by the new and the edit form.
#[component]
fn ProductFields(lang: Lang, product: Option<Product>, categories: Vec<Category>, error: Signal<Option<AppError>>) -> impl IntoView {
    let p = product.clone();
    let text = move |f: fn(&Product) -> String| p.as_ref().map(f).unwrap_or_default();
    let specs = product.as_ref().map(|p| p.draft().to_input());
    let spec = move |f: fn(&domain::ProductInput) -> String| specs.as_ref().map(f).unwrap_or_default();
    let mut category_options = vec![(String::new(), lang.t("Sin categoría", "No category").to_owned())];
    category_options.extend(categories.iter().map(|c| (c.id.clone(), category_name(lang, c))));
    let type_options: Vec<(String, String)> = ProductType::ALL.iter().map(|t| (t.as_str().to_owned(), type_name(lang, *t).to_owned())).collect();
    let mut waste_options = vec![(String::new(), lang.t("Según el tipo", "From the type").to_owned())];
    waste_options.extend(WasteClass::ALL.iter().map(|w| (w.as_str().to_owned(), waste_name(lang, *w).to_owned())));
    let unit_options: Vec<(String, String)> = Unit::ALL.iter().map(|u| (u.as_str().to_owned(), unit_name(lang, *u).to_owned())).collect();
    let verticals = product.as_ref().map(|p| p.verticals.clone()).unwrap_or_else(|| vec![Vertical::Residential, Vertical::Commercial, Vertical::Architectural]);
    let active = product.as_ref().is_none_or(|p| p.active);
    let verticals_error = error_for(error, "verticals", lang);
    view! {
        <div class="grid gap-x-4 sm:grid-cols-2">
            <Field lang name="sku" label="SKU" value=text(|p| p.sku.clone()) required=true error/>
            <Select lang name="category_id" label=lang.t("Categoría", "Category") options=category_options value=text(|p| p.category_id.clone().unwrap_or_default()) error/>
            <Field lang name="name_es" label=lang.t("Nombre en español", "Spanish name") value=text(|p| p.name_es.clone()) required=true error/>
            <Field lang name="name_en" label=lang.t("Nombre en inglés", "English name") value=text(|p| p.name_en.clone()) error/>
            <Select lang name="product_type" label=lang.t("Tipo", "Type") options=type_options value=text(|p| p.product_type.as_str().to_owned()) error/>
            <Select lang name="waste_class" label=lang.t("Clase de merma", "Waste class") options=waste_options value=text(|p| p.waste_class.as_str().to_owned()) error/>
            <Select lang name="unit" label=lang.t("Unidad de venta", "Sold by") options=unit_options value=text(|p| p.unit.as_str().to_owned()) error/>
            <Field lang name="sort_order" kind="number" label=lang.t("Orden", "Sort order") value=text(|p| p.sort_order.to_string()) error/>
        </div>
        <TextArea lang name="description_es" label=lang.t("Descripción en español", "Spanish description") value=text(|p| p.description_es.clone()) error/>
        <TextArea lang name="description_en" label=lang.t("Descripción en inglés", "English description") value=text(|p| p.description_en.clone()) error/>
        {crate::components::error_summary::register_label("verticals", lang.t("Segmentos donde se ofrece", "Offered in")); ()}
        // The error summary's link lands here.
        <fieldset id="f-verticals" tabindex="-1" class="mb-4">
            <legend class="mb-1 text-sm font-medium text-slate-800">{lang.t("Segmentos donde se ofrece", "Offered in")}</legend>
            <div class="flex flex-wrap gap-x-6">
                {Vertical::ALL.into_iter().map(|v| view! { <Checkbox name=v.as_str() label=vertical_name(lang, v) checked=verticals.contains(&v)/> }).collect_view()}
            </div>
            <p class="mt-1 text-sm text-red-700" data-testid="field-error">{verticals_error}</p>
        </fieldset>
        <fieldset class="mb-2">
            <legend class="mb-2 text-sm font-medium text-slate-800">{lang.t("Especificaciones (se muestran al cliente)", "Specifications (shown to customers)")}</legend>
            <div class="grid gap-x-4 sm:grid-cols-3">
                <Field lang name="vlt_pct" label=lang.t("Luz visible transmitida %", "Visible light transmitted %") value=spec(|s| s.vlt_pct.clone()) error/>
                <Field lang name="uv_rejection_pct" label=lang.t("Rechazo UV %", "UV rejection %") value=spec(|s| s.uv_rejection_pct.clone()) error/>
                <Field lang name="tser_pct" label=lang.t("Energía solar rechazada %", "Total solar energy rejected %") value=spec(|s| s.tser_pct.clone()) error/>
                <Field lang name="thickness_mil" label=lang.t("Espesor (mil)", "Thickness (mil)") value=spec(|s| s.thickness_mil.clone()) error/>
                <Field lang name="warranty_years" kind="number" label=lang.t("Garantía (años)", "Warranty (years)") value=spec(|s| s.warranty_years.clone()) error/>
                <Field lang name="finish" label=lang.t("Color / acabado", "Colour / finish") value=spec(|s| s.finish.clone()) error/>
            </div>
        </fieldset>
        <div class="mb-4"><Checkbox name="active" label=lang.t("Activo (se puede cotizar)", "Active (can be quoted)") checked=active/></div>
    }
}

/// `/app/catalog/new`.
#[component]
pub fn NewProductPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateProduct>::new();
    let error = action_error(create);
    let page = Resource::new(|| (), |_| get_new_product_page());
    view! {
        <PageTitle text=lang.t("Nuevo producto", "New product")/>
        <p class="mb-2 text-sm"><a href="/app/catalog" class="text-teal-800 underline">{lang.t("← Catálogo", "← Catalog")}</a></p>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Nuevo producto", "New product")}</h1>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! {
                        <section class="max-w-3xl rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
                            <ActionForm action=create>
                                <ErrorSummary lang error/>
                                <ProductFields lang product=None categories=page.categories error/>
                                <fieldset class="mb-2">
                                    <legend class="mb-2 text-sm font-medium text-slate-800">{format!("{} ({})", lang.t("Precio por unidad", "Price per unit"), page.currency.code())}</legend>
                                    <div class="grid gap-x-4 sm:grid-cols-2">
                                        <TypedLang lang/>
                                        <MoneyField lang name="material_price" label=lang.t("Material", "Material") currency=page.currency required=true error/>
                                        <MoneyField lang name="installation_price" label=lang.t("Instalación", "Installation") currency=page.currency required=true error/>
                                        <Field lang name="valid_from" kind="date" label=lang.t("Vigente desde", "Valid from") value=page.today.clone() error/>
                                        <Field lang name="valid_until" kind="date" label=lang.t("Vigente hasta (opcional)", "Valid until (optional)") error/>
                                    </div>
                                </fieldset>
                                <Submit label=lang.t("Crear producto", "Create product") pending=create.pending()/>
                            </ActionForm>
                        </section>
                    }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/app/catalog/{id}`.
#[component]
pub fn ProductPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let update = ServerAction::<UpdateProduct>::new();
    let add_price = ServerAction::<AddPrice>::new();
    let withdraw = ServerAction::<WithdrawPrice>::new();
    let delete = ServerAction::<DeleteProduct>::new();
    let id = move || params.read().get("id").unwrap_or_default();
    let page = Resource::new(
        move || (id(), update.version().get(), add_price.version().get(), withdraw.version().get()),
        |(id, ..)| get_product_page(id),
    );
    let update_error = action_error(update);
    let price_error = action_error(add_price);
    let row_error = Signal::derive(move || withdraw.value().get().and_then(|r| r.err()).or_else(|| delete.value().get().and_then(|r| r.err())));
    let saved = move || update.value().get().is_some_and(|r| r.is_ok()) || query.read().get("saved").is_some();
    let photo_error = move || query.read().get("photo_error");
    view! {
        <p class="mb-2 text-sm"><a href="/app/catalog" class="text-teal-800 underline">{lang.t("← Catálogo", "← Catalog")}</a></p>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => {
                        let p = page.product.clone();
                        let name = p.name(lang.code()).to_owned();
                        let can_edit = page.can_edit;
                        let (form_id, delete_id) = (p.id.clone(), p.id.clone());
                        let (version, form_product) = (p.version.to_string(), p.clone());
                        view! {
                            <PageTitle text=name.clone()/>
                            <h1 class="mb-1 text-2xl font-bold text-teal-900" data-testid="product-name">{name.clone()}</h1>
                            <p class="mb-4 text-sm uppercase tracking-wide text-slate-500">{p.sku.clone()}</p>
                            <Show when=saved>
                                <p role="status" data-testid="saved" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200">{lang.t("Cambios guardados.", "Changes saved.")}</p>
                            </Show>
                            <FormAlert lang error=row_error/>
                            <div class="grid gap-6 lg:grid-cols-3">
                                <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200 lg:col-span-2">
                                    <h2 class="mb-4 text-lg font-semibold">{lang.t("Datos del producto", "Product details")}</h2>
                                    {if can_edit {
                                        view! {
                                            <ActionForm action=update>
                                                <ErrorSummary lang error=update_error/>
                                                <input type="hidden" name="id" value=form_id/>
                                                <input type="hidden" name="version" value=version/>
                                                <ProductFields lang product=Some(form_product) categories=page.categories.clone() error=update_error/>
                                                <Submit label=lang.t("Guardar cambios", "Save changes") pending=update.pending()/>
                                            </ActionForm>
                                        }.into_any()
                                    } else {
                                        view! { <p class="text-slate-700">{lang.t("Solo los administradores pueden editar el catálogo.", "Only administrators can edit the catalog.")}</p> }.into_any()
                                    }}
                                </section>
                                <div class="space-y-6">
                                    <PhotoPanel lang product=p.clone() can_edit photo_error=photo_error()/>
                                    <PricePanel lang product=p.clone() history=page.history.clone() currency=page.currency today=page.today.clone() can_edit add_price withdraw price_error/>
                                    {can_edit.then(|| view! {
                                        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-red-200">
                                            <h2 class="mb-2 text-lg font-semibold">{lang.t("Eliminar", "Delete")}</h2>
                                            <p class="mb-3 text-sm text-slate-600">{lang.t("Si alguna cotización lo usa, se desactiva en vez de borrarse.", "If any quote uses it, it is deactivated instead of deleted.")}</p>
                                            <ActionForm action=delete>
                                                <input type="hidden" name="id" value=delete_id/>
                                                <button type="submit" class="rounded-lg px-3 py-2 text-sm font-semibold text-red-800 ring-1 ring-red-300">{lang.t("Eliminar producto", "Delete product")}</button>
                                            </ActionForm>
                                        </section>
                                    })}
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The photo and its upload form: a plain multipart form to the REST API
/// (works the same with or without JavaScript).
#[component]
fn PhotoPanel(lang: Lang, product: Product, can_edit: bool, photo_error: Option<String>) -> impl IntoView {
    let max_mb = crate::catalog::PHOTO_MAX_MB;
    let message = photo_error.map(|e| match e.as_str() {
        "too_large" => match lang {
            Lang::Es => format!("La foto es demasiado grande (máximo {max_mb} MB)."),
            Lang::En => format!("The photo is too large (at most {max_mb} MB)."),
        },
        _ => lang.t("No se pudo leer la foto. Usa JPEG, PNG o WebP.", "The photo could not be read. Use JPEG, PNG or WebP.").to_owned(),
    });
    view! {
        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-3 text-lg font-semibold">{lang.t("Foto", "Photo")}</h2>
            {match product.thumb_key.as_deref() {
                Some(key) => view! { <img src=media_url(key) alt=product.name(lang.code()).to_owned() data-testid="product-thumb" class="mb-3 w-full max-w-xs rounded-lg object-cover"/> }.into_any(),
                None => view! { <p class="mb-3 text-sm text-slate-600">{lang.t("Sin foto.", "No photo.")}</p> }.into_any(),
            }}
            {message.map(|m| view! { <p role="alert" class="mb-3 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{m}</p> })}
            {can_edit.then(|| view! {
                <form method="post" action=format!("/api/v1/products/{}/photo", product.id) enctype="multipart/form-data">
                    <label for="f-photo" class="mb-1 block text-sm font-medium">{lang.t("Subir foto (JPEG, PNG o WebP)", "Upload a photo (JPEG, PNG or WebP)")}</label>
                    <input id="f-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required=true class="mb-3 block w-full text-sm"/>
                    <button type="submit" class="rounded-lg bg-slate-700 px-3 py-2 text-sm font-semibold text-white">{lang.t("Subir", "Upload")}</button>
                </form>
            })}
        </section>
    }
}

#[allow(clippy::too_many_arguments)]
#[component]
fn PricePanel(
    lang: Lang,
    product: Product,
    history: Vec<PriceRecord>,
    currency: Currency,
    today: String,
    can_edit: bool,
    add_price: ServerAction<AddPrice>,
    withdraw: ServerAction<WithdrawPrice>,
    price_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let unit = product.unit;
    let current = product.price.as_ref().map(|p| price_text(lang, currency, unit, p.material_price, p.installation_price));
    let upcoming = product.next_price.as_ref().map(|n| upcoming_text(lang, currency, unit, n));
    let product_id = product.id.clone();
    view! {
        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-3 text-lg font-semibold">{lang.t("Precios", "Prices")}</h2>
            <p class="text-sm" data-testid="current-price"><span class="font-medium">{lang.t("Hoy: ", "Today: ")}</span>{current.unwrap_or_else(|| lang.t("sin precio vigente", "no price in effect").to_owned())}</p>
            {upcoming.map(|u| view! { <p class="text-sm text-amber-800" data-testid="upcoming-price">{u}</p> })}
            <h3 class="mb-1 mt-4 text-sm font-semibold text-slate-700">{lang.t("Historial", "History")}</h3>
            <ul class="mb-4 divide-y divide-slate-100 text-sm" data-testid="price-history">
                {history.into_iter().map(|h| {
                    let window = match &h.valid_until {
                        Some(u) => format!("{} – {}", format::day(&h.valid_from, lang), format::day(u, lang)),
                        None => format!("{} {}", lang.t("desde", "from"), format::day(&h.valid_from, lang)),
                    };
                    // Scheduled, or entered today to start today: a mistake caught the same day.
                    let withdrawable = h.withdrawable(&today);
                    let label = if h.valid_from.as_str() > today.as_str() {
                        lang.t("Retirar", "Withdraw")
                    } else {
                        lang.t("Retirar (ingresado hoy por error)", "Withdraw (entered today by mistake)")
                    };
                    let (pid, price_id) = (product_id.clone(), h.id.clone());
                    view! {
                        <li class="flex flex-wrap items-center justify-between gap-2 py-2" data-testid="price-row">
                            <span>
                                {price_text(lang, currency, unit, h.material_price, h.installation_price)}
                                <span class="block text-xs text-slate-500">{window} {h.created_by.map(|by| format!(" · {by}"))}</span>
                            </span>
                            {(can_edit && withdrawable).then(move || view! {
                                <ActionForm action=withdraw>
                                    <input type="hidden" name="id" value=pid/>
                                    <input type="hidden" name="price_id" value=price_id/>
                                    <button type="submit" class="rounded-lg px-2 py-1 text-xs font-semibold text-red-800 ring-1 ring-red-300" data-testid="withdraw-price">{label}</button>
                                </ActionForm>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {can_edit.then(|| view! {
                <h3 class="mb-2 text-sm font-semibold text-slate-700">{lang.t("Nuevo precio o precio programado", "New or scheduled price")}</h3>
                <ActionForm action=add_price>
                    <ErrorSummary lang error=price_error/>
                    <input type="hidden" name="id" value=product_id.clone()/>
                    <TypedLang lang/>
                    <MoneyField lang name="material_price" label=format!("{} ({})", lang.t("Material", "Material"), currency.code()) currency required=true error=price_error/>
                    <MoneyField lang name="installation_price" label=format!("{} ({})", lang.t("Instalación", "Installation"), currency.code()) currency required=true error=price_error/>
                    <Field lang name="valid_from" kind="date" label=lang.t("Vigente desde", "Valid from") value=today.clone() error=price_error/>
                    <Field lang name="valid_until" kind="date" label=lang.t("Vigente hasta (opcional)", "Valid until (optional)") error=price_error/>
                    <Submit label=lang.t("Guardar precio", "Save price") pending=add_price.pending()/>
                </ActionForm>
            })}
        </section>
    }
}
