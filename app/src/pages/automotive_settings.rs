//! `/app/settings/automotive`: what the organisation sells for cars. The
//! size of each glass per body type (Cotiza's defaults, or the
//! organisation's own), the packages offered in the wizard, and the legal
//! minimum VLT of front side windows that makes a quote warn. Every form
//! is a plain form; admins edit, sales only read.
use domain::{BodyType, GlassPosition, Package};
use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::use_query_map;

use crate::automotive_admin::{
    AutomotiveSettingsView, DeletePackage, HidePackage, ResetGlassSize, SavePackage, SetGlassSize, SetMinFrontVlt,
    get_automotive_settings,
};
use crate::components::form::{Field, FormAlert, Submit, action_error, field_message, ErrorSummary};
use crate::error::AppError;
use crate::i18n::{Lang, use_lang};

const CARD: &str = "rounded-2xl bg-white p-6 shadow-sm ring-1 ring-slate-200";
const SMALL_INPUT: &str = "block w-24 rounded-lg border border-slate-300 bg-white px-2 py-2 text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
const SMALL_BUTTON: &str = "min-h-11 rounded-lg px-3 text-sm font-semibold ring-1 focus:outline-none focus:ring-2 focus:ring-teal-600";

#[component]
pub fn AutomotiveSettingsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let body = move || query.read().get("body").and_then(|b| b.parse::<BodyType>().ok()).unwrap_or(BodyType::Sedan);
    let min_vlt = ServerAction::<SetMinFrontVlt>::new();
    let size = ServerAction::<SetGlassSize>::new();
    let reset = ServerAction::<ResetGlassSize>::new();
    let package = ServerAction::<SavePackage>::new();
    let delete = ServerAction::<DeletePackage>::new();
    let hide = ServerAction::<HidePackage>::new();
    let versions = move || {
        (min_vlt.version().get(), size.version().get(), reset.version().get(), package.version().get(), delete.version().get(), hide.version().get())
    };
    let settings = Resource::new(versions, |_| get_automotive_settings());
    let actions = Actions { min_vlt, size, reset, package, delete, hide };
    view! {
        <PageTitle text=lang.t("Automotriz · Ajustes", "Automotive · Settings")/>
        <p class="mb-2 text-sm"><a class="underline" href="/app/settings">{lang.t("← Ajustes", "← Settings")}</a></p>
        <h1 class="mb-4 text-2xl font-bold text-teal-900">{lang.t("Automotriz", "Automotive")}</h1>
        <p class="mb-6 max-w-3xl text-slate-700">
            {lang.t(
                "Medidas de cada vidrio por tipo de carrocería, paquetes y el mínimo legal de transmisión de luz (VLT) de las ventanas delanteras. Así se cotizan los vehículos en el asistente y en el API.",
                "The size of each glass per body type, packages, and the legal minimum visible light transmission (VLT) of the front side windows. Vehicles are quoted with these in the wizard and the API.",
            )}
        </p>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                match settings.await {
                    Ok(s) => view! { <Settings s lang body=body() actions/> }.into_any(),
                    Err(e) => view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    min_vlt: ServerAction<SetMinFrontVlt>,
    size: ServerAction<SetGlassSize>,
    reset: ServerAction<ResetGlassSize>,
    package: ServerAction<SavePackage>,
    delete: ServerAction<DeletePackage>,
    hide: ServerAction<HidePackage>,
}

#[component]
fn Settings(s: AutomotiveSettingsView, lang: Lang, body: BodyType, actions: Actions) -> impl IntoView {
    let vlt_error = action_error(actions.min_vlt);
    let reset_error = action_error(actions.reset);
    let delete_error = action_error(actions.delete);
    let hide_error = action_error(actions.hide);
    let current = s.catalog.min_front_vlt.map(|m| m.to_string()).unwrap_or_default();
    view! {
        <div class="grid gap-6">
            <section class=CARD aria-labelledby="tint-heading" data-testid="tint-minimum">
                <h2 id="tint-heading" class="mb-2 text-lg font-semibold">{lang.t("Tinte legal", "Legal tint")}</h2>
                <p class="mb-4 text-sm text-slate-700">
                    {lang.t(
                        "Si una lámina más oscura que este mínimo se elige para las ventanas delanteras o el parabrisas completo, la cotización lo advierte (la franja del parabrisas no). Vacío: sin advertencia.",
                        "When a film darker than this minimum is chosen for the front side windows or a whole windshield, the quote warns (not for the windshield strip). Empty: no warning.",
                    )}
                </p>
                {if s.can_edit {
                    view! {
                        <ActionForm action=actions.min_vlt>
                            <ErrorSummary lang error=vlt_error/>
                            <Field lang name="min_front_vlt" label=lang.t("VLT mínimo de las ventanas delanteras (%)", "Minimum VLT of the front side windows (%)")
                                value=current error=vlt_error/>
                            <Submit label=lang.t("Guardar mínimo", "Save minimum") pending=actions.min_vlt.pending()/>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <p data-testid="min-front-vlt">{s.catalog.min_front_vlt.map_or_else(|| lang.t("Sin mínimo", "No minimum").to_owned(), |m| format!("{m} %"))}</p> }.into_any()
                }}
            </section>
            <GlassSizes s=s.clone() lang body actions reset_error/>
            <Packages s lang actions delete_error hide_error/>
        </div>
    }
}

#[component]
fn GlassSizes(s: AutomotiveSettingsView, lang: Lang, body: BodyType, actions: Actions, reset_error: Signal<Option<AppError>>) -> impl IntoView {
    let spanish = lang == Lang::Es;
    let tabs = BodyType::ALL.into_iter().map(|b| {
        let selected = b == body;
        let class = if selected { "bg-teal-700 text-white" } else { "bg-white text-slate-800 ring-1 ring-slate-300 hover:bg-slate-50" };
        view! {
            <a href=format!("?body={}", b.as_str()) aria-current=selected.then_some("page")
                class=format!("inline-flex min-h-11 items-center rounded-full px-3 text-sm font-semibold {class}")>{b.label(lang.code())}</a>
        }
    }).collect_view();
    let rows = body.positions().iter().map(|&position| {
        let template = s.catalog.template(body, position).cloned();
        let own = s.is_own_size(body, position);
        let (width, height, area) = template.as_ref().map_or((String::new(), String::new(), "—".to_owned()), |t| (
            exact(t.width_m, spanish), exact(t.height_m, spanish), format!("{} m²", exact(t.area_m2().round_dp(4), spanish))));
        view! { <SizeRow lang body position width height area own can_edit=s.can_edit actions/> }
    }).collect_view();
    view! {
        <section class=CARD aria-labelledby="sizes-heading" data-testid="glass-sizes">
            <h2 id="sizes-heading" class="mb-2 text-lg font-semibold">{lang.t("Medidas de los vidrios", "Glass sizes")}</h2>
            <p class="mb-3 text-sm text-slate-700">
                {lang.t(
                    "Ancho × alto de la pieza de lámina, en metros. Parabrisas, luneta y techos se cotizan como vidrio curvo.",
                    "Width × height of the film piece, in metres. Windshields, rear windshields and roofs are priced as curved glass.",
                )}
            </p>
            <nav class="mb-4 flex flex-wrap gap-2" aria-label=lang.t("Tipo de carrocería", "Body type")>{tabs}</nav>
            <FormAlert lang error=reset_error/>
            <ul class="text-sm">{rows}</ul>
        </section>
    }
}

/// A size as an admin typed it (millimetres kept), with the language's decimal mark.
fn exact(value: rust_decimal::Decimal, spanish: bool) -> String {
    let text = value.normalize().to_string();
    if spanish { text.replace('.', ",") } else { text }
}

/// One glass of the body type: its size, editable by admins. A failed save
/// shows its errors and typed values on this row only.
#[component]
fn SizeRow(
    lang: Lang,
    body: BodyType,
    position: GlassPosition,
    width: String,
    height: String,
    area: String,
    own: bool,
    can_edit: bool,
    actions: Actions,
) -> impl IntoView {
    let error = Signal::derive(move || {
        actions.size.value().get().and_then(|r| r.err()).filter(|e| e.kept("position") == Some(position.as_str()))
    });
    let message = move |name: &'static str| move || error.get().and_then(|e| e.field(name).map(|m| field_message(lang, m)));
    let typed = move |name: &'static str, value: String| move || error.get().and_then(|e| e.kept(name).map(str::to_owned)).unwrap_or_else(|| value.clone());
    let origin = if own { lang.t("propia", "own") } else { lang.t("por defecto", "default") };
    let label = position.label(lang.code());
    view! {
        <li class="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-t border-slate-100 py-3" data-testid="glass-size" data-position=position.as_str()>
            <div class="min-w-48">
                <span class="font-medium">{label}</span>
                <span class=format!("ml-2 rounded-full px-2 py-0.5 text-xs {}", if own { "bg-teal-100 text-teal-900" } else { "bg-slate-100 text-slate-700" })>{origin}</span>
                <span class="block text-slate-600">{area}</span>
            </div>
            <div class="flex flex-wrap items-start gap-2">
                {if can_edit {
                    let (w_id, h_id) = (format!("w-{}", position.as_str()), format!("h-{}", position.as_str()));
                    let (w_for, h_for) = (w_id.clone(), h_id.clone());
                    let (w_value, h_value) = (typed("width_m", width.clone()), typed("height_m", height.clone()));
                    view! {
                        <ActionForm action=actions.size attr:class="flex flex-wrap items-start gap-2">
                            <input type="hidden" name="body" value=body.as_str()/>
                            <input type="hidden" name="position" value=position.as_str()/>
                            <div>
                                <label for=w_for class="sr-only">{format!("{label}: {}", lang.t("ancho (m)", "width (m)"))}</label>
                                <input id=w_id name="width_m" inputmode="decimal" class=SMALL_INPUT prop:value=w_value.clone() value=w_value
                                    aria-invalid=move || message("width_m")().is_some().then_some("true")/>
                                <p class="text-xs text-red-700" data-testid="field-error">{message("width_m")}</p>
                            </div>
                            <span class="py-2">"×"</span>
                            <div>
                                <label for=h_for class="sr-only">{format!("{label}: {}", lang.t("alto (m)", "height (m)"))}</label>
                                <input id=h_id name="height_m" inputmode="decimal" class=SMALL_INPUT prop:value=h_value.clone() value=h_value
                                    aria-invalid=move || message("height_m")().is_some().then_some("true")/>
                                <p class="text-xs text-red-700" data-testid="field-error">{message("height_m")}</p>
                            </div>
                            <button type="submit" class=format!("{SMALL_BUTTON} bg-teal-700 text-white ring-teal-700 hover:bg-teal-800")>{lang.t("Guardar", "Save")}</button>
                        </ActionForm>
                    }.into_any()
                } else {
                    view! { <span>{format!("{width} × {height}")}</span> }.into_any()
                }}

                {(can_edit && own).then(|| view! {
                    <ActionForm action=actions.reset>
                        <input type="hidden" name="body" value=body.as_str()/>
                        <input type="hidden" name="position" value=position.as_str()/>
                        <button type="submit" class=format!("{SMALL_BUTTON} bg-white text-slate-800 ring-slate-300 hover:bg-slate-50")>{lang.t("Restablecer", "Reset")}</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
}

#[component]
fn Packages(
    s: AutomotiveSettingsView,
    lang: Lang,
    actions: Actions,
    delete_error: Signal<Option<AppError>>,
    hide_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let error = action_error(actions.package);
    let can_edit = s.can_edit;
    let glass_list = |p: &Package| p.positions.iter().map(|g| g.label(lang.code())).collect::<Vec<_>>().join(", ");
    let listed = s.catalog.packages.iter().map(|p| {
        let own = s.is_own_package(&p.code);
        let is_default = AutomotiveSettingsView::is_default_package(&p.code);
        let (code_delete, code_hide) = (p.code.clone(), p.code.clone());
        view! {
            <li class="flex items-start justify-between gap-3 border-t border-slate-100 py-3" data-testid="package" data-code=p.code.clone()>
                <div class="min-w-0 flex-1">
                    <p class="font-medium">{p.name(lang.code()).to_owned()} <span class="text-xs text-slate-500">" · " {p.code.clone()}</span></p>
                    <p class="text-sm text-slate-700">{glass_list(p)}</p>
                    <p class="text-xs text-slate-500">{if own { lang.t("Propio", "Own") } else { lang.t("De Cotiza", "Cotiza's") }}</p>
                </div>
                {can_edit.then(|| view! {
                    <div class="flex shrink-0 gap-2">
                        {own.then(|| view! {
                            <ActionForm action=actions.delete>
                                <input type="hidden" name="code" value=code_delete.clone()/>
                                <button type="submit" class=format!("{SMALL_BUTTON} bg-white text-red-800 ring-red-300 hover:bg-red-50")>
                                    {if is_default { lang.t("Volver al de Cotiza", "Back to Cotiza's") } else { lang.t("Eliminar", "Delete") }}
                                </button>
                            </ActionForm>
                        })}
                        {(!own && is_default).then(|| view! {
                            <ActionForm action=actions.hide>
                                <input type="hidden" name="code" value=code_hide.clone()/>
                                <button type="submit" class=format!("{SMALL_BUTTON} bg-white text-slate-800 ring-slate-300 hover:bg-slate-50")>{lang.t("Ocultar", "Hide")}</button>
                            </ActionForm>
                        })}
                    </div>
                })}
            </li>
        }
    }).collect_view();
    let hidden = s.hidden_packages.iter().map(|code| {
        let name = domain::default_packages().into_iter().find(|p| &p.code == code).map(|p| p.name(lang.code()).to_owned()).unwrap_or_else(|| code.clone());
        let code = code.clone();
        view! {
            <li class="flex items-center justify-between gap-3 py-2" data-testid="hidden-package">
                <span>{name}</span>
                {can_edit.then(|| view! {
                    <ActionForm action=actions.delete>
                        <input type="hidden" name="code" value=code.clone()/>
                        <button type="submit" class=format!("{SMALL_BUTTON} bg-white text-teal-900 ring-slate-300 hover:bg-slate-50")>{lang.t("Mostrar", "Show")}</button>
                    </ActionForm>
                })}
            </li>
        }
    }).collect_view();
    let has_hidden = !s.hidden_packages.is_empty();
    let positions_error = move || error.get().and_then(|e| e.field("positions").map(|m| field_message(lang, m)));
    view! {
        <section class=CARD aria-labelledby="packages-heading" data-testid="packages">
            <h2 id="packages-heading" class="mb-2 text-lg font-semibold">{lang.t("Paquetes", "Packages")}</h2>
            <p class="mb-3 text-sm text-slate-700">{lang.t("Conjuntos de vidrios que el cliente elige de una vez; cada vidrio se cotiza con la medida de su carrocería.", "Sets of glass the customer picks at once; each glass is priced with its body type's size.")}</p>
            <FormAlert lang error=delete_error/>
            <FormAlert lang error=hide_error/>
            <ul>{listed}</ul>
            {has_hidden.then(|| view! {
                <h3 class="mt-4 font-semibold">{lang.t("Ocultos", "Hidden")}</h3>
                <ul>{hidden}</ul>
            })}
            {can_edit.then(|| view! {
                <details class="mt-4 rounded-lg bg-slate-50 p-4" open=error.get_untracked().is_some()>
                    <summary class="cursor-pointer font-semibold">{lang.t("Nuevo paquete o cambiar uno", "New package or change one")}</summary>
                    <p class="mt-2 text-sm text-slate-600">{lang.t("Con el código de un paquete existente, lo reemplaza.", "With the code of an existing package, it replaces it.")}</p>
                    <ActionForm action=actions.package attr:class="mt-3">
                        <ErrorSummary lang error/>
                        <Field lang name="code" label=lang.t("Código (a-z, 0-9, _)", "Code (a-z, 0-9, _)") required=true error/>
                        <Field lang name="name_es" label=lang.t("Nombre en español", "Spanish name") required=true error/>
                        <Field lang name="name_en" label=lang.t("Nombre en inglés", "English name") error/>
                        {crate::components::error_summary::register_label("positions", lang.t("Vidrios", "Glass")); ()}
                        <fieldset id="f-positions" tabindex="-1" class="mb-4">
                            <legend class="mb-1 text-sm font-medium">{lang.t("Vidrios", "Glass")}</legend>
                            <div class="grid gap-1 sm:grid-cols-2">
                                {GlassPosition::ALL.into_iter().enumerate().map(|(i, g)| {
                                    let id = format!("pkg-{}", g.as_str());
                                    let label_for = id.clone();
                                    // Ticked again after a refused save; cleared after a saved one.
                                    let ticked = move || error.get().is_some_and(|e| e.kept(&format!("positions.{}", g.as_str())).is_some());
                                    view! {
                                        <label for=label_for class="flex min-h-11 items-center gap-2 text-sm">
                                            <input id=id type="checkbox" name=format!("positions[{i}]") value=g.as_str() checked=ticked prop:checked=ticked
                                                class="h-5 w-5 rounded border-slate-400 text-teal-700"/>
                                            {g.label(lang.code())}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            <p class="mt-1 text-sm text-red-700" data-testid="field-error">{positions_error}</p>
                        </fieldset>
                        <Submit label=lang.t("Guardar paquete", "Save package") pending=actions.package.pending()/>
                    </ActionForm>
                </details>
            })}
        </section>
    }
}
