//! `/app/catalog/import`: export the catalog as CSV, and import one —
//! preview first (what changes, every row error), then all or nothing.
use domain::{ImportAction, ImportPreview};
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::catalog_admin::{ApplyCatalogImport, PreviewCatalogImport};
use crate::components::form::{FormAlert, TextArea, action_error};
use crate::format;
use crate::i18n::{Lang, use_lang};

#[component]
pub fn CatalogImportPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let preview = ServerAction::<PreviewCatalogImport>::new();
    let apply = ServerAction::<ApplyCatalogImport>::new();
    let preview_error = action_error(preview);
    let apply_error = action_error(apply);
    let csv = RwSignal::new(String::new());
    // The file picker needs JavaScript: shown once the page is interactive.
    let js = RwSignal::new(false);
    Effect::new(move |_| js.set(true));
    // What was previewed: applying sends exactly that text.
    let previewed = Signal::derive(move || preview.input().get().map(|i| i.csv).or_else(|| preview.value().get().and(Some(csv.get_untracked()))));
    let done = move || {
        apply.value().get().and_then(|r| r.ok()).map(|s| (s.created, s.updated, s.prices)).or_else(|| {
            let q = query.read();
            let n = |k: &str| q.get(k).and_then(|v| v.parse::<usize>().ok());
            Some((n("created")?, n("updated")?, n("prices")?))
        })
    };
    view! {
        <PageTitle text=lang.t("Importar catálogo", "Import catalog")/>
        <p class="mb-2 text-sm"><a href="/app/catalog" class="text-teal-800 underline">{lang.t("← Catálogo", "← Catalog")}</a></p>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Importar y exportar el catálogo", "Import and export the catalog")}</h1>
        <section class="mb-6 rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-2 text-lg font-semibold">{lang.t("Exportar", "Export")}</h2>
            <p class="mb-3 text-sm text-slate-600">{lang.t("Descarga todos los productos con su precio vigente; edítalo en una planilla y vuelve a importarlo.", "Download every product with its current price; edit it in a spreadsheet and import it again.")}</p>
            <a href="/api/v1/products/export" rel="external" download="" data-testid="export-csv" class="inline-block rounded-lg bg-slate-700 px-3 py-2 text-sm font-semibold text-white">{lang.t("Descargar CSV", "Download CSV")}</a>
        </section>
        <section class="rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 class="mb-2 text-lg font-semibold">{lang.t("Importar", "Import")}</h2>
            <p class="mb-3 text-sm text-slate-600">{lang.t(
                "Pega el contenido del archivo CSV (columnas como en la exportación; separador coma o punto y coma). Primero verás qué cambia y cada error por fila; nada se guarda hasta que confirmes, y si hay un error no se guarda nada.",
                "Paste the CSV file's content (columns as in the export; comma or semicolon separated). You first see what changes and every error by row; nothing is saved until you confirm, and if there is any error nothing is saved.")}</p>
            {move || done().map(|(c, u, p)| view! {
                <p role="status" data-testid="import-done" class="mb-4 rounded-lg bg-teal-50 px-4 py-3 text-sm text-teal-900 ring-1 ring-teal-200">
                    {match lang {
                        Lang::Es => format!(
                            "Importado: {}, {u} {}, {}.",
                            format::plural(lang, c, "producto nuevo", "productos nuevos", "", ""),
                            if u == 1 { "modificado" } else { "modificados" },
                            format::plural(lang, p, "precio", "precios", "", ""),
                        ),
                        Lang::En => format!(
                            "Imported: {}, {u} changed, {}.",
                            format::plural(lang, c, "", "", "new product", "new products"),
                            format::plural(lang, p, "", "", "price", "prices"),
                        ),
                    }}
                </p>
            })}
            <ActionForm action=preview>
                <FormAlert lang error=preview_error/>
                <Show when=move || js.get()>
                    <div class="mb-3">
                        <label for="f-csv-file" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Elegir un archivo CSV", "Choose a CSV file")}</label>
                        <input id="f-csv-file" type="file" accept=".csv,text/csv,text/plain" data-testid="csv-file"
                            on:change=move |ev| load_file(ev, csv) class="block w-full text-sm"/>
                    </div>
                </Show>
                <div class="mb-4">
                    <label for="f-csv-preview" class="mb-1 block text-sm font-medium text-slate-800">{lang.t("Contenido CSV", "CSV content")}</label>
                    <textarea id="f-csv-preview" name="csv" rows="10" prop:value=move || csv.get() on:input:target=move |ev| csv.set(ev.target().value())
                        class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 font-mono text-sm shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600"></textarea>
                    <p class="mt-1 text-sm text-red-700" data-testid="field-error">
                        {move || preview_error.get().and_then(|e| e.field("file").or_else(|| e.field("csv")).map(|m| crate::components::form::field_message(lang, m)))}
                    </p>
                </div>
                <button type="submit" data-testid="preview-import" class="rounded-lg bg-slate-700 px-4 py-2 text-sm font-semibold text-white">{lang.t("Ver qué cambia", "Preview changes")}</button>
            </ActionForm>
            {move || preview.value().get().and_then(|r| r.ok()).map(|p| view! { <PreviewTable lang preview=p.clone()/>
                {(p.errors.is_empty() && p.changes_anything()).then(|| view! {
                    <ActionForm action=apply>
                        <FormAlert lang error=apply_error/>
                        <input type="hidden" name="csv" value=previewed.get().unwrap_or_default()/>
                        <button type="submit" data-testid="apply-import" class="mt-4 rounded-lg bg-teal-700 px-4 py-3 text-base font-semibold text-white">{lang.t("Importar estos cambios", "Import these changes")}</button>
                    </ActionForm>
                })}
            })}
            <Show when=move || !js.get()>
                <p class="mt-4 text-sm text-slate-600">{lang.t("Sin JavaScript no hay vista previa: puedes importar directamente (todo o nada).", "Without JavaScript there is no preview: you can import directly (all or nothing).")}</p>
                <ActionForm action=apply>
                    <FormAlert lang error=apply_error/>
                    <TextArea lang name="csv" label=lang.t("Contenido CSV", "CSV content") rows=6 monospace=true error=apply_error/>
                    <button type="submit" class="rounded-lg bg-teal-700 px-4 py-2 text-sm font-semibold text-white">{lang.t("Importar", "Import")}</button>
                </ActionForm>
            </Show>
        </section>
    }
}

#[component]
fn PreviewTable(lang: Lang, preview: ImportPreview) -> impl IntoView {
    let summary = match lang {
        Lang::Es => format!(
            "{}, {}, {} sin cambios, {}, {}.",
            format::plural(lang, preview.count(ImportAction::Create), "nuevo", "nuevos", "", ""),
            format::plural(lang, preview.count(ImportAction::Update), "modificado", "modificados", "", ""),
            preview.count(ImportAction::Unchanged),
            format::plural(lang, preview.prices(), "precio nuevo", "precios nuevos", "", ""),
            format::plural(lang, preview.errors.len(), "error", "errores", "", ""),
        ),
        Lang::En => format!(
            "{} new, {} changed, {} unchanged, {}, {}.",
            preview.count(ImportAction::Create), preview.count(ImportAction::Update), preview.count(ImportAction::Unchanged),
            format::plural(lang, preview.prices(), "", "", "new price", "new prices"),
            format::plural(lang, preview.errors.len(), "", "", "error", "errors"),
        ),
    };
    view! {
        <div class="mt-6" data-testid="import-preview">
            <p class="mb-3 font-medium" data-testid="import-summary">{summary}</p>
            {(!preview.errors.is_empty()).then(|| view! {
                <h3 class="mb-1 font-semibold text-red-800">{lang.t("Errores (no se importará nada)", "Errors (nothing will be imported)")}</h3>
                <ul class="mb-4 list-disc pl-5 text-sm text-red-800" data-testid="import-errors">
                    {preview.errors.iter().map(|e| view! {
                        <li>{format!("{} {}{}{}: {}", lang.t("Línea", "Line"), e.line, if e.sku.is_empty() { String::new() } else { format!(" ({})", e.sku) },
                            if e.field.is_empty() { String::new() } else { format!(", {}", e.field) },
                            crate::components::form::field_message(lang, &e.message))}</li>
                    }).collect_view()}
                </ul>
            })}
            <ul class="divide-y divide-slate-100 text-sm" data-testid="import-rows">
                {preview.rows.iter().map(|r| {
                    let action = match r.action {
                        ImportAction::Create => lang.t("nuevo", "new"),
                        ImportAction::Update => lang.t("modifica", "changes"),
                        ImportAction::Unchanged => lang.t("sin cambios", "unchanged"),
                    };
                    view! {
                        <li class="py-2" data-testid="import-row">
                            <span class="font-mono">{r.sku.clone()}</span> " · " {action}
                            {(!r.changes.is_empty()).then(|| format!(" ({})", r.changes.join(", ")))}
                            {r.new_price.clone().map(|p| format!(" · {} {p}", lang.t("precio", "price")))}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

/// Reads the chosen file into the form (in the browser; nothing is uploaded yet).
#[cfg(feature = "hydrate")]
fn load_file(ev: leptos::ev::Event, csv: RwSignal<String>) {
    use wasm_bindgen::JsCast;
    let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
    let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
    leptos::task::spawn_local(async move {
        if let Ok(text) = wasm_bindgen_futures::JsFuture::from(file.text()).await {
            if let Some(text) = text.as_string() {
                csv.set(text);
            }
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn load_file(_: leptos::ev::Event, _: RwSignal<String>) {}
