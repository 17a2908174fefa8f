//! `/q/{slug}/auto`: the public wizard for a car's window tint. Three steps
//! — the vehicle (a VIN decoded offline as it is typed, or make, model,
//! year and body type), its glass and packages each with a film and a live
//! price, the contact — in one form.
//!
//! Like `/q/{slug}`: with JavaScript the state lives in the browser and is
//! priced by the same `domain` plan and engine as the server on every
//! change; without it the form is a GET form whose buttons (`op`) the
//! server applies and renders, and the last one POSTs `/q/{slug}/auto/submit`.
use std::collections::BTreeMap;

use domain::{BodyType, GlassPosition, QuoteBreakdown, Specs};
use leptos::prelude::*;
use crate::components::page_title::OrgPageTitle;
use leptos_router::hooks::use_query_map;

use crate::automotive_form::{AutoPrice, AutoStep, AutomotiveForm, VehicleForm};
use crate::automotive_wizard::{AutomotiveWizardCatalog, automotive_wizard_data, submit_automotive_quote};
use crate::components::badges::spec_badges;
use crate::components::car_diagram::{CarDiagram, GlassLook};
use crate::components::form::field_message;
use crate::components::public_page::{org_and_day, public_org_page};
use crate::components::quotes_being_set_up::QuotesBeingSetUp;
use crate::components::steps::StepsBar;
use crate::components::vehicle_suggestions::{MAKES_LIST, MODELS_LIST, MakeModelSuggestions};
use crate::draft::{forget_draft, keep_draft_in_browser};
use crate::format;
use crate::i18n::{Lang, use_lang};
use crate::pages::vehicles::{vehicle_field_message, vin_hint};
use crate::pages::wizard::{INPUT, PRIMARY, SECONDARY, SMALL, go_to, scroll_to_top, totals_view};
use crate::wizard_form::ERROR_PREFIX;

const CARD: &str = "rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200";
const BADGE: &str = "rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-900 ring-1 ring-teal-200";

#[component]
pub fn AutomotiveWizardPage() -> impl IntoView {
    let query = use_query_map();
    let lang = use_lang();
    let data = Resource::new(org_and_day(), |(slug, day)| automotive_wizard_data(slug, day));
    public_org_page(lang, data, move |d: AutomotiveWizardCatalog, brand| {
        let title = view! { <OrgPageTitle text=format!("{} · {}", lang.t("Polarizado de tu vehículo", "Your vehicle's window tint"), d.catalog.name)/> };
        if d.catalog.products.is_empty() {
            // No film for cars yet: say so and how to reach the business.
            return view! { {title} <QuotesBeingSetUp lang brand/> }.into_any();
        }
        let (initial, errors) = query.with_untracked(|q| initial_state(q, &d));
        view! {
            {title}
            <AutoWizard data=d lang initial errors/>
        }
        .into_any()
    })
}

/// The state the URL describes (a no-JS step, or errors sent back by the
/// submit), with the pressed button applied — the same on both sides.
fn initial_state(query: &leptos_router::params::ParamsMap, data: &AutomotiveWizardCatalog) -> (AutomotiveForm, BTreeMap<String, String>) {
    let pairs: Vec<(&str, &str)> = query.into_iter().map(|(k, v)| (k.as_ref(), v)).collect();
    if !AutomotiveForm::present_in(pairs.iter().copied()) {
        return (AutomotiveForm::default(), BTreeMap::new());
    }
    let mut form = AutomotiveForm::from_pairs(pairs.iter().copied());
    let mut errors: BTreeMap<String, String> =
        pairs.iter().filter_map(|(k, v)| k.strip_prefix(ERROR_PREFIX).map(|path| (path.to_owned(), (*v).to_owned()))).collect();
    if let Some(op) = query.get_str("op") {
        errors.extend(form.apply(op, data));
    }
    (form, errors)
}

/// A field's message in the page's language (vehicle fields as the
/// vehicles page says them: a VIN names the rule it breaks).
fn message(lang: Lang, field: &str, message: &str, typed_vin: &str) -> String {
    match field.strip_prefix("vehicle.") {
        Some(vehicle_field) => vehicle_field_message(lang, vehicle_field, message, typed_vin),
        None => field_message(lang, message),
    }
}

#[component]
fn AutoWizard(data: AutomotiveWizardCatalog, lang: Lang, initial: AutomotiveForm, errors: BTreeMap<String, String>) -> impl IntoView {
    let slug = StoredValue::new(data.catalog.org.clone());
    let read = |pairs: &[(String, String)]| AutomotiveForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let rendered = read(&initial.to_pairs());
    let form = RwSignal::new(initial);
    // What was typed before the page was interactive wins over an older draft.
    let typed_early = crate::early_input::adopt("automotive-wizard", form, read, rendered);
    let fresh: fn(&AutomotiveForm) -> bool = if typed_early {
        |_| false
    } else {
        |f| f.vehicle == VehicleForm::default() && f.glass.is_empty() && f.packages.is_empty()
    };
    keep_draft_in_browser(draft_key(&slug.get_value()), form, fresh, &["step=", "vehicle."]);
    // The button's or the server's problems; a field's is dropped once it is edited.
    let shown_errors = RwSignal::new(errors);
    let submitting = RwSignal::new(false);
    let data = StoredValue::new(data);
    let price = Memo::new(move |_| form.with(|f| data.with_value(|d| f.price(d))));
    let step = Memo::new(move |_| form.with(|f| f.step));

    let error_of = Callback::new(move |field: String| -> Option<String> {
        shown_errors
            .with(|e| e.get(&field).cloned())
            .or_else(|| price.with(|p| p.errors.get(&field).cloned()))
            .map(|m| message(lang, &field, &m, &form.with_untracked(|f| f.vehicle.vin.clone())))
    });
    let edited = Callback::new(move |field: String| {
        if shown_errors.with_untracked(|e| e.contains_key(&field)) {
            shown_errors.update(|e| {
                e.remove(&field);
            });
        }
    });
    let run_op = move |op: &'static str| {
        let mut next = form.get_untracked();
        let problems = data.with_value(|d| next.apply(op, d));
        form.set(next);
        shown_errors.set(problems);
        scroll_to_top();
    };
    let go = move |op: &'static str| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            run_op(op);
        }
    };
    let back_to = move |fields: &BTreeMap<String, String>| {
        if let Some(step) = fields.keys().map(|k| AutoStep::of_field(k)).min() {
            form.update(|f| f.step = step);
        }
    };
    let submit = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        let current = form.get_untracked();
        let request = match current.to_request(lang.code()) {
            Ok(request) => request,
            Err(unreadable) => {
                back_to(&unreadable.0);
                shown_errors.set(unreadable.0);
                return;
            }
        };
        submitting.set(true);
        let slug = slug.get_value();
        let draft = draft_key(&slug);
        leptos::task::spawn_local(async move {
            match submit_automotive_quote(slug, request).await {
                Ok(token) => {
                    forget_draft(&draft);
                    go_to(&format!("/p/{token}?lang={}", lang.code()))
                }
                Err(crate::error::AppError::Invalid { fields, .. }) => {
                    let fields = current.form_errors(&fields);
                    back_to(&fields);
                    shown_errors.set(fields);
                    submitting.set(false);
                }
                Err(other) => {
                    shown_errors.set(BTreeMap::from([("form".to_owned(), other.message(lang))]));
                    submitting.set(false);
                }
            }
        });
    };

    let action = format!("/q/{}/auto", slug.get_value());
    let submit_action = format!("/q/{}/auto/submit", slug.get_value());
    view! {
        <form method="get" action=action class="pb-16 lg:pb-0" novalidate data-keep-typed="automotive-wizard" on:submit=move |ev| ev.prevent_default()>
            // Enter in a field (without JS) presses this: it only re-renders, with the price.
            <button type="submit" name="op" value="update" class="sr-only" tabindex="-1" aria-hidden="true">"update"</button>
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="step" value=move || step.get().as_str()/>
            <StepsBar lang step steps=vec![
                (AutoStep::Vehicle, lang.t("Vehículo", "Vehicle")),
                (AutoStep::Glass, lang.t("Vidrios y láminas", "Glass and film")),
                (AutoStep::Contact, lang.t("Tus datos", "Your details")),
            ]/>
            {move || shown_errors.with(|e| e.get("form").cloned()).map(|m| view! {
                <p role="alert" class="mb-4 rounded-lg bg-red-50 px-4 py-3 text-red-800 ring-1 ring-red-200">{m}</p>
            })}
            {move || match step.get() {
                AutoStep::Vehicle => view! {
                    {hidden(&form.get_untracked(), |k| is_glass_field(k) || k.starts_with("contact."))}
                    <VehicleStep lang form error_of edited/>
                    <div class="mt-6 flex flex-wrap gap-3">
                        <a href=format!("/q/{}?lang={}", slug.get_value(), lang.code()) class=SECONDARY>
                            {lang.t("← Otro tipo de proyecto", "← Another kind of project")}
                        </a>
                        <button type="submit" name="op" value="to_glass" class=PRIMARY on:click=go("to_glass") data-testid="to-glass">
                            {lang.t("Continuar: vidrios y láminas →", "Continue: glass and film →")}
                        </button>
                    </div>
                }.into_any(),
                AutoStep::Glass => view! {
                    {hidden(&form.get_untracked(), |k| k.starts_with("vehicle.") || k.starts_with("contact."))}
                    <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
                        <div>
                            <GlassStep lang form data price error_of edited go_vehicle=go("to_vehicle")/>
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_vehicle" class=SECONDARY on:click=go("to_vehicle")>{lang.t("← Vehículo", "← Vehicle")}</button>
                                <button type="submit" name="op" value="to_contact" class=PRIMARY on:click=go("to_contact") data-testid="to-contact">
                                    {lang.t("Continuar con tus datos →", "Continue to your details →")}
                                </button>
                            </div>
                            {noscript_button("update", lang.t("Actualizar precio", "Update the price"), &format!("{SECONDARY} mt-4"))}
                        </div>
                        <PricePanel lang price data/>
                    </div>
                }.into_any(),
                AutoStep::Contact => view! {
                    {hidden(&form.get_untracked(), |k| k.starts_with("vehicle.") || is_glass_field(k))}
                    <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
                        <div>
                            <ContactStep lang form error_of edited/>
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_glass" class=SECONDARY on:click=go("to_glass")>{lang.t("← Vidrios", "← Glass")}</button>
                                <button type="submit" name="op" value="submit" formmethod="post" formaction=submit_action.clone()
                                    class=PRIMARY on:click=submit disabled=move || submitting.get() data-testid="submit-quote">
                                    {move || if submitting.get() { lang.t("Guardando…", "Saving…") } else { lang.t("Recibir mi cotización", "Get my quote") }}
                                </button>
                            </div>
                        </div>
                        <PricePanel lang price data/>
                    </div>
                }.into_any(),
            }}
        </form>
    }
}

/// A button only a browser without JavaScript shows: a `<noscript>` is inert
/// text when scripts run, so it goes in as inner HTML, never hydrated.
fn noscript_button(op: &str, label: &str, class: &str) -> impl IntoView + use<> {
    let html = format!(r#"<noscript><button type="submit" name="op" value="{op}" class="{class}">{label}</button></noscript>"#);
    view! { <div inner_html=html></div> }
}

fn is_glass_field(key: &str) -> bool {
    key == "glass" || key == "package" || key.starts_with("film.") || key.starts_with("package_film.")
}

/// Hidden copies of the other steps' fields, so each step's form carries
/// the whole state without JavaScript (empty ones are left out).
fn hidden(form: &AutomotiveForm, keep: fn(&str) -> bool) -> impl IntoView + use<> {
    form.to_pairs()
        .into_iter()
        .filter(move |(k, v)| keep(k) && !v.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view()
}

/// A labelled text input of the form, with its error under it.
fn text_input(
    form: RwSignal<AutomotiveForm>,
    error_of: Callback<String, Option<String>>,
    edited: Callback<String>,
    path: String,
    label: String,
    get: fn(&AutomotiveForm) -> String,
    apply: fn(&mut AutomotiveForm, String),
    (kind, autocomplete, inputmode, list): (&'static str, &'static str, &'static str, Option<&'static str>),
) -> impl IntoView + use<> {
    let id = path.replace('.', "-");
    let error_id = format!("{id}-error");
    let error = {
        let path = path.clone();
        move || error_of.run(path.clone())
    };
    let (e1, e2, described) = (error.clone(), error.clone(), error_id.clone());
    let name = path.clone();
    view! {
        <div class="mb-4">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <input id=id name=name type=kind class=INPUT autocomplete=autocomplete inputmode=inputmode list=list
                value=form.with_untracked(get) prop:value=move || form.with(get)
                aria-invalid=move || e1().is_some().then_some("true")
                aria-describedby=move || e2().is_some().then(|| described.clone())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    form.update(|f| apply(f, v));
                    edited.run(path.clone());
                }/>
            {move || error().map(|m| view! { <p id=error_id.clone() role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
        </div>
    }
}

#[component]
fn VehicleStep(lang: Lang, form: RwSignal<AutomotiveForm>, error_of: Callback<String, Option<String>>, edited: Callback<String>) -> impl IntoView {
    type Get = fn(&VehicleForm) -> String;
    let field = move |name: &'static str, label: &'static str, get: fn(&AutomotiveForm) -> String, apply: fn(&mut AutomotiveForm, String), inputmode: &'static str| {
        // Without a VIN, make and model are picked from suggestions (or typed).
        let list = match name {
            "make" => Some(MAKES_LIST),
            "model" => Some(MODELS_LIST),
            _ => None,
        };
        text_input(form, error_of, edited, format!("vehicle.{name}"), label.to_owned(), get, apply, ("text", "off", inputmode, list))
    };
    let make = Memo::new(move |_| form.with(|f| f.vehicle.make.clone()));
    let vin: Get = |v| v.vin.clone();
    let vin_now = move || form.with(|f| vin(&f.vehicle));
    let hint = move || vin_hint(&vin_now(), lang);
    let body_now = move || form.with(|f| f.vehicle.body_type.clone());
    let body_error = move || error_of.run("vehicle.body_type".to_owned());
    let on_vin = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        form.update(|f| {
            f.vehicle.vin = typed;
            f.fill_from_vin();
        });
        for field in ["vehicle.vin", "vehicle.make", "vehicle.model", "vehicle.year"] {
            edited.run(field.to_owned());
        }
    };
    view! {
        <h1 class="text-2xl font-bold text-teal-900 sm:text-3xl">{lang.t("Cotiza el polarizado de tu vehículo", "Quote your vehicle's window tint")}</h1>
        <p class="mt-2 text-slate-700">{lang.t(
            "Escribe el VIN (lo leemos sin conexión) o elige marca, modelo, año y carrocería.",
            "Type the VIN (read offline) or choose make, model, year and body type.")}</p>
        <div class=format!("{CARD} mt-4")>
            <label for="vehicle-vin" class="text-sm font-medium">{lang.t("VIN (opcional)", "VIN (optional)")}</label>
            <input id="vehicle-vin" name="vehicle.vin" class=format!("{INPUT} font-mono uppercase") autocomplete="off" maxlength="24"
                spellcheck="false" aria-describedby="vin-hint"
                value=form.with_untracked(|f| vin(&f.vehicle)) prop:value=vin_now
                aria-invalid=move || matches!(hint(), Some(Err(_))).then_some("true")
                on:input=on_vin/>
            // Without JS: the VIN read last, so a corrected one clears what it filled.
            <input type="hidden" name="vehicle.vin_read" value=form.with_untracked(|f| f.vehicle.vin_read.clone())/>
            <p id="vin-hint" class="mb-4 mt-1 min-h-5 text-sm" aria-live="polite" data-testid="vin-hint"
                data-state=move || match hint() { None => "empty", Some(Ok(_)) => "ok", Some(Err(_)) => "error" }>
                {move || match hint() {
                    None => view! { <span class="text-slate-600">{lang.t(
                        "17 caracteres, en el parabrisas o el padrón: completamos marca y año.",
                        "17 characters, on the windshield or the registration: fills in make and year.")}</span> }.into_any(),
                    Some(Ok(text)) => view! { <span class="font-medium text-teal-800">"✓ " {text}</span> }.into_any(),
                    // The rule the VIN breaks, live (the same words as the server's error).
                    Some(Err(why)) => view! { <span role="alert" class="text-red-700">{why}</span> }.into_any(),
                }}
            </p>
            {noscript_button("read_vin", lang.t("Leer el VIN", "Read the VIN"), &format!("{SMALL} mb-4"))}
            <MakeModelSuggestions make/>
            <div class="grid gap-x-4 sm:grid-cols-2">
                {field("make", lang.t("Marca", "Make"), |f| f.vehicle.make.clone(), |f, v| f.vehicle.make = v, "text")}
                {field("model", lang.t("Modelo", "Model"), |f| f.vehicle.model.clone(), |f, v| f.vehicle.model = v, "text")}
                {field("year", lang.t("Año modelo", "Model year"), |f| f.vehicle.year.clone(), |f, v| f.vehicle.year = v, "numeric")}
                <div class="mb-4">
                    <label for="vehicle-body_type" class="text-sm font-medium">{lang.t("Carrocería", "Body type")}</label>
                    <select id="vehicle-body_type" name="vehicle.body_type" class=INPUT
                        aria-invalid=move || body_error().is_some().then_some("true")
                        aria-describedby=move || body_error().is_some().then_some("vehicle-body_type-error")
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            form.update(|f| f.vehicle.body_type = v);
                            edited.run("vehicle.body_type".to_owned());
                        }>
                        <option value="" selected=move || body_now().is_empty()>{lang.t("Elige…", "Choose…")}</option>
                        {BodyType::ALL.into_iter().map(|b| view! {
                            <option value=b.as_str() selected=move || body_now() == b.as_str()>{b.label(lang.code())}</option>
                        }).collect_view()}
                    </select>
                    {move || body_error().map(|m| view! { <p id="vehicle-body_type-error" role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
                </div>
                {field("plate", lang.t("Patente (opcional)", "Plate (optional)"), |f| f.vehicle.plate.clone(), |f, v| f.vehicle.plate = v, "text")}
                {field("colour", lang.t("Color (opcional)", "Colour (optional)"), |f| f.vehicle.colour.clone(), |f, v| f.vehicle.colour = v, "text")}
            </div>
        </div>
    }
}

/// A film select's options: name, VLT and price per m².
fn film_options(data: StoredValue<AutomotiveWizardCatalog>, lang: Lang) -> Vec<(String, String)> {
    data.with_value(|d| {
        d.catalog
            .products
            .iter()
            .map(|p| {
                let vlt = d.film_vlt(&p.sku).map(|v| format!(" · VLT {v} %")).unwrap_or_default();
                let unit = match p.unit {
                    domain::Unit::M2 => "m²",
                    domain::Unit::M => lang.t("m lineal", "linear m"),
                };
                let each = format::money(p.material_price + p.installation_price, d.catalog.currency, lang);
                (p.sku.clone(), format!("{}{vlt} — {each}/{unit}", p.name(lang.code())))
            })
            .collect()
    })
}

/// The VLT badge of a film ("Luz visible 5 %").
fn vlt_badge(data: StoredValue<AutomotiveWizardCatalog>, sku: &str, lang: Lang) -> Option<String> {
    data.with_value(|d| d.film(sku).and_then(|p| spec_badges(&Specs { vlt_pct: p.specs.vlt_pct, ..Specs::default() }, lang).into_iter().next()))
}

/// The legal-tint warning of one glass, in the page's language; `glass`
/// names it when the film is a package's (several glass share it).
fn warning_text(lang: Lang, w: &domain::TintWarning, glass: Option<&str>) -> String {
    let text = match (lang, w.position == GlassPosition::Windshield) {
        (Lang::Es, false) => format!("Esta lámina deja pasar {} % de luz; el mínimo legal para las ventanas delanteras es {} %.", w.vlt, w.minimum),
        (Lang::En, false) => format!("This film lets {} % of light through; the legal minimum for front side windows is {} %.", w.vlt, w.minimum),
        (Lang::Es, true) => format!("Esta lámina deja pasar {} % de luz; el mínimo legal para el parabrisas completo es {} %. La franja del parabrisas sí se permite.", w.vlt, w.minimum),
        (Lang::En, true) => format!("This film lets {} % of light through; the legal minimum for a whole windshield is {} %. The windshield strip is allowed.", w.vlt, w.minimum),
    };
    match glass {
        Some(glass) => format!("⚠ {glass}: {}{}", text[..1].to_lowercase(), &text[1..]),
        None => format!("⚠ {text}"),
    }
}

/// A film select with its label, its VLT badge, its error and — right
/// under it, and named by it — the legal-tint warnings its film causes.
#[allow(clippy::too_many_arguments)]
fn film_select(
    data: StoredValue<AutomotiveWizardCatalog>,
    lang: Lang,
    id: String,
    name: String,
    label: String,
    current: Signal<String>,
    on_pick: Callback<String>,
    error: Signal<Option<String>>,
    warnings: Signal<Vec<String>>,
) -> impl IntoView + use<> {
    let error_id = format!("{id}-error");
    let warning_id = format!("{id}-warning");
    let described = {
        let (error_id, warning_id) = (error_id.clone(), warning_id.clone());
        move || {
            let ids: Vec<&str> = [
                error.get().is_some().then_some(error_id.as_str()),
                warnings.with(|w| !w.is_empty()).then_some(warning_id.as_str()),
            ]
            .into_iter()
            .flatten()
            .collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="mt-2">
            <label for=id.clone() class="text-sm font-medium">{label}</label>
            <select id=id name=name class=INPUT on:change=move |ev| on_pick.run(event_target_value(&ev))
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described>
                {film_options(data, lang).into_iter().map(|(sku, text)| {
                    let is = sku.clone();
                    view! { <option value=sku selected=move || current.get() == is>{text}</option> }
                }).collect_view()}
            </select>
            {move || error.get().map(|m| view! { <p id=error_id.clone() class="mt-1 text-sm text-red-700">{m}</p> })}
            {move || {
                let shown = warnings.get();
                (!shown.is_empty()).then(|| view! {
                    <div id=warning_id.clone() role="status" class="mt-2 space-y-1 rounded-lg bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
                        {shown.into_iter().map(|w| view! { <p data-testid="tint-warning">{w}</p> }).collect_view()}
                    </div>
                })
            }}
            <p class="mt-2 flex flex-wrap gap-1">
                {move || vlt_badge(data, &current.get(), lang).map(|b| view! { <span class=BADGE>{b}</span> })}
            </p>
        </div>
    }
}

#[component]
fn GlassStep(
    lang: Lang,
    form: RwSignal<AutomotiveForm>,
    data: StoredValue<AutomotiveWizardCatalog>,
    price: Memo<AutoPrice>,
    error_of: Callback<String, Option<String>>,
    edited: Callback<String>,
    go_vehicle: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let spanish = lang == Lang::Es;
    let body = form.with_untracked(|f| f.body());
    let summary = form.with_untracked(|f| {
        let v = &f.vehicle;
        [v.make.trim(), v.model.trim(), v.year.trim(), v.plate.trim()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
    });
    let body_label = body.map(|b| b.label(lang.code())).unwrap_or_default();
    let lightest = data.with_value(|d| d.default_film().to_owned());
    let packages: Vec<domain::Package> = body
        .map(|b| data.with_value(|d| d.automotive.packages_for(b).into_iter().cloned().collect()))
        .unwrap_or_default();
    // Which package has each glass now: the list re-renders when that changes.
    let covered = Memo::new(move |_| {
        form.with(|f| {
            data.with_value(|d| {
                body.map(|b| b.positions())
                    .unwrap_or_default()
                    .iter()
                    .map(|p| f.covering_package(d, *p).map(|pkg| pkg.name(lang.code()).to_owned()))
                    .collect::<Vec<_>>()
            })
        })
    });
    let tidy = move || form.update(|f| data.with_value(|d| f.tidy(d)));

    let package_rows = {
        let lightest = lightest.clone();
        packages
            .into_iter()
            .map(|p| {
                let code = p.code.clone();
                let has: Vec<GlassPosition> = body.map(|b| p.positions_for(b)).unwrap_or_default();
                let glass: Vec<&str> = has.iter().map(|g| g.label(lang.code())).collect();
                // The package's film is what darkens its front windows: warned here, once it is
                // chosen (a glass is in one package or chosen alone, never both).
                let warnings = {
                    let code = code.clone();
                    Signal::derive(move || {
                        if !form.with(|f| f.packages.contains(&code)) {
                            return Vec::new();
                        }
                        price.with(|pr| has.iter().filter_map(|g| pr.warning(*g).map(|w| warning_text(lang, w, Some(g.label(lang.code()))))).collect())
                    })
                };
                let chosen = {
                    let code = code.clone();
                    move || form.with(|f| f.packages.contains(&code))
                };
                let toggle = {
                    let code = code.clone();
                    move |ev: leptos::ev::Event| {
                        let on = event_target_checked(&ev);
                        form.update(|f| f.set_package(&code, on));
                        tidy();
                        edited.run(format!("package.{code}"));
                        edited.run("glass".to_owned());
                    }
                };
                let current = {
                    let (code, lightest) = (code.clone(), lightest.clone());
                    Signal::derive(move || form.with(|f| Some(f.package_film(&code)).filter(|s| !s.is_empty()).unwrap_or(&lightest).to_owned()))
                };
                let on_pick = {
                    let code = code.clone();
                    Callback::new(move |sku: String| {
                        form.update(|f| {
                            f.package_films.insert(code.clone(), sku);
                        });
                        edited.run(format!("package_film.{code}"));
                    })
                };
                let (code_error, film_error) = (format!("package.{code}"), format!("package_film.{code}"));
                let code_error = Signal::derive(move || error_of.run(code_error.clone()));
                let film_error = Signal::derive(move || error_of.run(film_error.clone()));
                let id = format!("package-{code}");
                let checked = chosen.clone();
                view! {
                    <div class="mt-3 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="package" data-code=code.clone()>
                        <label class="flex min-h-11 items-start gap-3">
                            <input type="checkbox" id=id name="package" value=code.clone() class="mt-1 h-5 w-5 shrink-0"
                                checked=checked() prop:checked=chosen on:change=toggle/>
                            <span>
                                <span class="block font-semibold">{p.name(lang.code()).to_owned()}</span>
                                <span class="text-sm text-slate-600">{glass.join(", ")}</span>
                            </span>
                        </label>
                        {move || code_error.get().map(|m| view! { <p role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
                        {film_select(data, lang, format!("package-film-{code}"), format!("package_film.{code}"),
                            format!("{} · {}", lang.t("Lámina del paquete", "Package film"), p.name(lang.code())), current, on_pick, film_error, warnings)}
                    </div>
                }
            })
            .collect_view()
    };

    let glass_rows = move || {
        let covered = covered.get();
        let positions = body.map(|b| b.positions()).unwrap_or_default();
        positions
            .iter()
            .zip(covered)
            .map(|(&position, in_package)| {
                let name = position.as_str();
                let label = position.label(lang.code());
                let area = body
                    .and_then(|b| data.with_value(|d| d.automotive.template(b, position).map(|t| t.area_m2())))
                    .map(|a| format!("{} m²", format::quantity(a, spanish)));
                // Under the glass's own film select; a package's film warns under the package.
                let warnings = Signal::derive(move || price.with(|p| p.warning(position).map(|w| warning_text(lang, w, None)).into_iter().collect()));
                let id = format!("glass-{name}");
                let head = move |control: AnyView| view! {
                    <div class="flex min-h-11 items-start gap-3">
                        {control}
                        <label for=id.clone() class="flex-1">
                            <span class="block font-medium">{label}</span>
                            {area.clone().map(|a| view! { <span class="text-sm text-slate-600">{a}</span> })}
                        </label>
                    </div>
                };
                match in_package {
                    // In a chosen package: its film is the package's; the own pick is kept.
                    Some(package) => {
                        let film = form.with_untracked(|f| f.film(position).to_owned());
                        view! {
                            <div class="mt-3 rounded-xl bg-teal-50 p-3 ring-1 ring-teal-200" data-testid="glass" data-position=name>
                                {head(view! { <input type="checkbox" id=format!("glass-{name}") class="mt-1 h-5 w-5 shrink-0" checked=true disabled=true/> }.into_any())}
                                <p class="ml-8 text-sm text-teal-900">{format!("{} «{package}»", lang.t("Incluido en el paquete", "Included in the package"))}</p>
                                {(!film.is_empty()).then(|| view! { <input type="hidden" name=format!("film.{name}") value=film/> })}
                            </div>
                        }
                        .into_any()
                    }
                    None => {
                        let chosen = move || form.with(|f| f.glass.contains(&position));
                        let toggle = move |ev: leptos::ev::Event| {
                            let on = event_target_checked(&ev);
                            form.update(|f| f.set_glass(position, on));
                            tidy();
                            edited.run(format!("glass.{name}"));
                            edited.run("glass".to_owned());
                        };
                        let current = {
                            let lightest = lightest.clone();
                            Signal::derive(move || form.with(|f| Some(f.film(position)).filter(|s| !s.is_empty()).unwrap_or(&lightest).to_owned()))
                        };
                        let on_pick = Callback::new(move |sku: String| {
                            form.update(|f| {
                                f.films.insert(name.to_owned(), sku);
                            });
                            edited.run(format!("film.{name}"));
                        });
                        let glass_error = Signal::derive(move || error_of.run(format!("glass.{name}")));
                        let film_error = Signal::derive(move || error_of.run(format!("film.{name}")));
                        view! {
                            <div class="mt-3 rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="glass" data-position=name>
                                {head(view! {
                                    <input type="checkbox" id=format!("glass-{name}") name="glass" value=name class="mt-1 h-5 w-5 shrink-0"
                                        checked=chosen() prop:checked=chosen on:change=toggle/>
                                }.into_any())}
                                {move || glass_error.get().map(|m| view! { <p role="alert" class="mt-1 text-sm text-red-700">{m}</p> })}
                                {film_select(data, lang, format!("film-{name}"), format!("film.{name}"),
                                    format!("{} · {label}", lang.t("Lámina", "Film")), current, on_pick, film_error, warnings)}
                            </div>
                        }
                        .into_any()
                    }
                }
            })
            .collect_view()
    };

    // The car seen from above: tapping a glass toggles it like its checkbox.
    let diagram = body.map(|body| {
        let look = Callback::new(move |p: GlassPosition| {
            form.with(|f| {
                data.with_value(|d| GlassLook {
                    chosen: f.glass.contains(&p),
                    package: f.covering_package(d, p).map(|pkg| pkg.name(lang.code()).to_owned()),
                    warned: price.with(|pr| pr.warning(p).is_some()),
                })
            })
        });
        let toggle = Callback::new(move |p: GlassPosition| {
            form.update(|f| data.with_value(|d| f.toggle_glass(p, d)));
            edited.run(format!("glass.{}", p.as_str()));
            edited.run("glass".to_owned());
        });
        let action = format!("/q/{}/auto#car-diagram", data.with_value(|d| d.catalog.org.clone()));
        view! { <CarDiagram body lang look toggle action/> }
    });

    view! {
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Vidrios y láminas", "Glass and film")}</h1>
        <p class="mt-1 flex flex-wrap items-center gap-2 text-slate-700" data-testid="vehicle-summary">
            <span class="font-medium">{summary}</span>
            <span class="text-slate-600">{format!("· {body_label}")}</span>
            <button type="submit" name="op" value="to_vehicle" class=SMALL on:click=go_vehicle>{lang.t("Cambiar", "Change")}</button>
        </p>
        <fieldset class=format!("{CARD} mt-4")>
            <legend class="px-1 text-lg font-semibold">{lang.t("Paquetes", "Packages")}</legend>
            <p class="text-sm text-slate-600">{lang.t("Una lámina para varios vidrios de una vez.", "One film for several windows at once.")}</p>
            {package_rows}
        </fieldset>
        <fieldset class=format!("{CARD} mt-4")>
            <legend class="px-1 text-lg font-semibold">{lang.t("Vidrios", "Windows")}</legend>
            <p class="text-sm text-slate-600">{lang.t(
                "Toca cada vidrio a polarizar en el dibujo (o márcalo en la lista) y elige su lámina.",
                "Tap each window to tint on the drawing (or tick it in the list) and choose its film.")}</p>
            {diagram}
            {move || error_of.run("glass".to_owned()).map(|m| view! { <p role="alert" class="mt-2 text-red-700">{m}</p> })}
            {glass_rows}
        </fieldset>
    }
}

#[component]
fn ContactStep(lang: Lang, form: RwSignal<AutomotiveForm>, error_of: Callback<String, Option<String>>, edited: Callback<String>) -> impl IntoView {
    let field = move |name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str, get: fn(&AutomotiveForm) -> String, apply: fn(&mut AutomotiveForm, String)| {
        text_input(form, error_of, edited, format!("contact.{name}"), label.to_owned(), get, apply, (kind, autocomplete, "text", None))
    };
    let time = move || form.with(|f| f.contact.contact_time.clone());
    view! {
        <h1 class="text-2xl font-bold text-teal-900">{lang.t("Tus datos", "Your details")}</h1>
        <p class="mb-4 mt-1 text-slate-700">{lang.t(
            "Te enviaremos la cotización y te contactaremos para coordinar la instalación.",
            "We will send you the quote and get in touch to book the installation.")}</p>
        <div class=CARD>
            {field("name", lang.t("Nombre y apellido", "Full name"), "text", "name", |f| f.contact.name.clone(), |f, v| f.contact.name = v)}
            {field("phone", lang.t("Teléfono / WhatsApp", "Phone / WhatsApp"), "tel", "tel", |f| f.contact.phone.clone(), |f, v| f.contact.phone = v)}
            <p class="-mt-3 mb-4 text-sm text-slate-600">{lang.t("Con código de país, p. ej. +56 9 1234 5678", "With the country code, e.g. +1 415 555 0100")}</p>
            {field("email", lang.t("Email (opcional)", "Email (optional)"), "email", "email", |f| f.contact.email.clone(), |f, v| f.contact.email = v)}
            {field("address", lang.t("Dirección (opcional)", "Address (optional)"), "text", "street-address", |f| f.contact.address.clone(), |f, v| f.contact.address = v)}
            {field("commune", lang.t("Comuna / ciudad", "District / city"), "text", "address-level2", |f| f.contact.commune.clone(), |f, v| f.contact.commune = v)}
            <label for="contact-time" class="text-sm font-medium">{lang.t("¿Cuándo prefieres que te llamemos?", "When should we call you?")}</label>
            <select id="contact-time" name="contact.contact_time" class=INPUT on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| f.contact.contact_time = v) }>
                {[("any", lang.t("A cualquier hora", "Any time")), ("morning", lang.t("Mañana", "Morning")), ("afternoon", lang.t("Tarde", "Afternoon")), ("evening", lang.t("Noche", "Evening"))]
                    .into_iter().map(|(v, label)| view! { <option value=v selected=move || time() == v>{label}</option> }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn PricePanel(lang: Lang, price: Memo<AutoPrice>, data: StoredValue<AutomotiveWizardCatalog>) -> impl IntoView {
    let currency = data.with_value(|d| d.catalog.currency);
    let country = data.with_value(|d| d.catalog.country.clone());
    let total = move || price.with(|p| p.breakdown.as_ref().map(|b| format::money(b.total, currency, lang)));
    view! {
        // Phones: the total stays in sight in a slim bar; the detail follows the form.
        <a href="#price-title" class="fixed inset-x-0 bottom-0 z-10 flex items-baseline justify-between border-t border-slate-200 bg-white px-4 py-3 shadow-lg lg:hidden"
            aria-label=lang.t("Ver el detalle del precio", "See the price detail")>
            <span class="font-semibold">{lang.t("Total", "Total")}</span>
            <span class="text-xl font-bold" data-testid="total-phone">{move || total().unwrap_or_else(|| "—".into())}</span>
        </a>
        <aside class="self-start rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-4" aria-labelledby="price-title">
            <h2 id="price-title" class="text-lg font-semibold">{lang.t("Tu precio", "Your price")}</h2>
            <div aria-live="polite" data-testid="live-price">
                {move || price.with(|p| match &p.breakdown {
                    Some(b) => view! {
                        {lines_view(b, &p.positions, lang)}
                        {totals_view(b, lang, &country)}
                    }.into_any(),
                    None => view! {
                        <p class="text-slate-600">{lang.t("Marca un vidrio o un paquete para ver el precio.", "Tick a window or a package to see the price.")}</p>
                    }.into_any(),
                })}
            </div>
        </aside>
    }
}

fn lines_view(b: &QuoteBreakdown, positions: &[GlassPosition], lang: Lang) -> impl IntoView + use<> {
    let spanish = lang == Lang::Es;
    let rows: Vec<_> = b
        .lines
        .iter()
        .zip(positions)
        .map(|(l, position)| {
            (
                position.label(lang.code()).to_owned(),
                format!("{} m² {}", format::quantity(l.qty, spanish), lang.t("con merma", "with waste")),
                format::money(l.total, b.currency, lang),
            )
        })
        .collect();
    view! {
        <ul class="mt-3 divide-y divide-slate-100 text-sm" aria-label=lang.t("Líneas", "Lines")>
            {rows.into_iter().map(|(what, qty, total)| view! {
                <li class="flex justify-between gap-2 py-2" data-testid="price-line">
                    <span><span class="block font-medium">{what}</span><span class="text-slate-600">{qty}</span></span>
                    <span class="whitespace-nowrap">{total}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// Where the car wizard's draft is kept in the browser (one per organisation).
fn draft_key(slug: &str) -> String {
    format!("cotiza:auto:{slug}")
}
