//! The car wizard — the vehicle (a VIN decoded offline as it is typed, or
//! make, model, year and body type), its glass and packages each with a
//! film and a live price, the contact — in one form, for the customer's
//! `/q/{slug}/auto` and the staff's `/app/quotes/new/auto` alike.
//!
//! With JavaScript the state lives in the browser and is priced by the same
//! `domain` plan and engine as the server on every change; without it the
//! form is a GET form whose buttons (`op`) the server applies and renders,
//! and the last one POSTs (`/q/{slug}/auto/submit`, `/app/quotes/auto/save`).
use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::automotive_form::{AutoStep, AutomotiveForm, VehicleForm};
use crate::automotive_wizard::{AutomotiveWizardCatalog, submit_automotive_quote};
use crate::components::form::field_message;
use crate::components::staff_extras::{hidden_staff, staff_extras};
use crate::components::steps::StepsBar;
use crate::components::vehicle_messages::vehicle_field_message;
use crate::components::wizard_kit::{INPUT, PRIMARY, SECONDARY, go_to, noscript_button, scroll_to_top, submit_button};
use crate::draft::{forget_draft, keep_draft_in_browser};
use crate::i18n::Lang;
use crate::staff_form::StaffForm;
use crate::wizard_form::ERROR_PREFIX;

mod contact_step;
mod glass_step;
mod price_panel;
mod vehicle_step;

use contact_step::ContactStep;
use glass_step::GlassStep;
use price_panel::PricePanel;
use vehicle_step::VehicleStep;

pub(super) const CARD: &str = "rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200";
pub(super) const BADGE: &str = "rounded-full bg-teal-50 px-2 py-0.5 text-xs font-medium text-teal-900 ring-1 ring-teal-200";

/// The state the URL describes (a no-JS step, or errors sent back by the
/// submit), with the pressed button applied — the same on both sides.
pub fn initial_state(query: &leptos_router::params::ParamsMap, data: &AutomotiveWizardCatalog) -> (AutomotiveForm, BTreeMap<String, String>) {
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

/// Who the car wizard is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoTarget {
    /// The organisation's customers, on `/q/{slug}/auto`: a pending quote
    /// they read at once on its public page.
    Public,
    /// Its staff, on `/app/quotes/new/auto` (`quote_id` empty: a draft for
    /// a customer picked from those on file or typed) or
    /// `/app/quotes/{id}/edit/auto` (`version`: the one opened), saved and
    /// opened on its dashboard page.
    Staff { quote_id: String, version: i64 },
}

impl AutoTarget {
    /// The no-JS form's own address (a step re-renders it) and where its
    /// last button posts.
    fn actions(&self, slug: &str) -> (String, String) {
        match self {
            AutoTarget::Public => (format!("/q/{slug}/auto"), format!("/q/{slug}/auto/submit")),
            AutoTarget::Staff { quote_id, .. } if quote_id.is_empty() => ("/app/quotes/new/auto".to_owned(), "/app/quotes/auto/save".to_owned()),
            AutoTarget::Staff { quote_id, .. } => (format!("/app/quotes/{quote_id}/edit/auto"), "/app/quotes/auto/save".to_owned()),
        }
    }

    /// "Another kind of project": the wizard's first step.
    fn other_kind(&self, slug: &str, lang: Lang) -> String {
        match self {
            AutoTarget::Public => format!("/q/{slug}?lang={}", lang.code()),
            AutoTarget::Staff { .. } => "/app/quotes/new".to_owned(),
        }
    }
}

/// The car wizard: the vehicle, its glass and packages with a live price,
/// the contact — for a customer or for staff (`target`).
#[component]
pub fn AutoWizard(
    data: AutomotiveWizardCatalog,
    lang: Lang,
    initial: AutomotiveForm,
    errors: BTreeMap<String, String>,
    #[prop(default = AutoTarget::Public)] target: AutoTarget,
    /// Staff only: extra lines, manual discount, terms, internal notes.
    #[prop(optional)] staff_form: Option<StaffForm>,
) -> impl IntoView {
    let staff = target != AutoTarget::Public;
    // Editing a saved car quote: its kind of project stays.
    let editing = matches!(&target, AutoTarget::Staff { quote_id, .. } if !quote_id.is_empty());
    let target = StoredValue::new(target);
    let slug = StoredValue::new(data.catalog.org.clone());
    let read = |pairs: &[(String, String)]| AutomotiveForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let rendered = read(&initial.to_pairs());
    let form = RwSignal::new(initial);
    // What was typed before the page was interactive wins over an older draft.
    let typed_early = crate::early_input::adopt("automotive-wizard", form, read, rendered);
    if !staff {
        let fresh: fn(&AutomotiveForm) -> bool = if typed_early {
            |_| false
        } else {
            |f| f.vehicle == VehicleForm::default() && f.glass.is_empty() && f.packages.is_empty()
        };
        keep_draft_in_browser(draft_key(&slug.get_value()), form, fresh, &["step=", "vehicle."]);
    }
    // The button's or the server's problems; a field's is dropped once it is edited.
    let shown_errors = RwSignal::new(errors);
    let submitting = RwSignal::new(false);
    let data = StoredValue::new(data);
    let staff_fields = RwSignal::new(staff_form.unwrap_or_default());
    let currency = data.with_value(|d| d.catalog.currency);
    // Staff see the price with their extra lines and discount, as it will be saved.
    let price = Memo::new(move |_| {
        form.with(|f| {
            data.with_value(|d| {
                if staff {
                    staff_fields.with(|s| f.price_with(d, |input| s.apply_to(input, currency, lang == Lang::Es)))
                } else {
                    f.price(d)
                }
            })
        })
    });
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
            let saved = match target.get_value() {
                AutoTarget::Staff { quote_id, version } => crate::auto_quote_admin::save_automotive_quote(quote_id, version, request, staff_fields.get_untracked(), lang.code().to_owned())
                    .await
                    .map(|id| format!("/app/quotes/{id}")),
                AutoTarget::Public => submit_automotive_quote(slug, request).await.map(|token| format!("/p/{token}?lang={}", lang.code())),
            };
            match saved {
                Ok(next) => {
                    forget_draft(&draft);
                    go_to(&next)
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

    let (action, submit_action) = target.with_value(|t| t.actions(&slug.get_value()));
    let other_kind = target.with_value(|t| t.other_kind(&slug.get_value(), lang));
    // The staff's save without JavaScript names the quote and the version opened.
    let staff_ids = target.with_value(|t| match t {
        AutoTarget::Staff { quote_id, version } => view! {
            <input type="hidden" name="quote_id" value=quote_id.clone()/>
            <input type="hidden" name="version" value=*version/>
        }
        .into_any(),
        AutoTarget::Public => ().into_any(),
    });
    view! {
        <form method="get" action=action class="pb-16 lg:pb-0" novalidate data-keep-typed="automotive-wizard" on:submit=move |ev| ev.prevent_default()>
            // Enter in a field (without JS) presses this: it only re-renders, with the price.
            <button type="submit" name="op" value="update" class="sr-only" tabindex="-1" aria-hidden="true">"update"</button>
            <input type="hidden" name="lang" value=lang.code()/>
            <input type="hidden" name="step" value=move || step.get().as_str()/>
            {staff_ids}
            <StepsBar lang step steps=vec![
                (AutoStep::Vehicle, lang.t("Vehículo", "Vehicle")),
                (AutoStep::Glass, lang.t("Vidrios y láminas", "Glass and film")),
                (AutoStep::Contact, if staff { lang.t("Cliente", "Customer") } else { lang.t("Tus datos", "Your details") }),
            ]/>
            {move || shown_errors.with(|e| e.get("form").cloned()).map(|m| view! {
                <p role="alert" class="mb-4 rounded-lg bg-red-50 px-4 py-3 text-red-800 ring-1 ring-red-200">{m}</p>
            })}
            {move || match step.get() {
                AutoStep::Vehicle => view! {
                    {hidden(&form.get_untracked(), |k| is_glass_field(k) || k.starts_with("contact."))}
                    {staff.then(|| hidden_staff(&staff_fields.get_untracked()))}
                    <VehicleStep lang form error_of edited staff/>
                    <div class="mt-6 flex flex-wrap gap-3">
                        {(!editing).then(|| view! {
                            <a href=other_kind.clone() class=SECONDARY>
                                {lang.t("← Otro tipo de proyecto", "← Another kind of project")}
                            </a>
                        })}
                        <button type="submit" name="op" value="to_glass" class=PRIMARY on:click=go("to_glass") data-testid="to-glass">
                            {lang.t("Continuar: vidrios y láminas →", "Continue: glass and film →")}
                        </button>
                    </div>
                }.into_any(),
                AutoStep::Glass => view! {
                    {hidden(&form.get_untracked(), |k| k.starts_with("vehicle.") || k.starts_with("contact."))}
                    {staff.then(|| hidden_staff(&staff_fields.get_untracked()))}
                    <div class="grid gap-6 lg:grid-cols-[1fr_22rem]">
                        <div>
                            <GlassStep lang form data price error_of edited go_vehicle=go("to_vehicle")/>
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_vehicle" class=SECONDARY on:click=go("to_vehicle")>{lang.t("← Vehículo", "← Vehicle")}</button>
                                <button type="submit" name="op" value="to_contact" class=PRIMARY on:click=go("to_contact") data-testid="to-contact">
                                    {if staff { lang.t("Continuar con el cliente →", "Continue to the customer →") } else { lang.t("Continuar con tus datos →", "Continue to your details →") }}
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
                            <ContactStep lang form error_of edited staff/>
                            {staff.then(|| staff_extras(lang, staff_fields, currency, Callback::new(move |(path, _): (String, bool)| error_of.run(path))))}
                            <div class="mt-6 flex flex-wrap gap-3">
                                <button type="submit" name="op" value="to_glass" class=SECONDARY on:click=go("to_glass")>{lang.t("← Vidrios", "← Glass")}</button>
                                {submit_button(lang, submit_action.clone(), submitting, staff, submit)}
                            </div>
                        </div>
                        <PricePanel lang price data/>
                    </div>
                }.into_any(),
            }}
        </form>
    }
}

pub(super) fn is_glass_field(key: &str) -> bool {
    key == "glass" || key == "package" || key.starts_with("film.") || key.starts_with("package_film.")
}

/// Hidden copies of the other steps' fields, so each step's form carries
/// the whole state without JavaScript (empty ones are left out).
pub(super) fn hidden(form: &AutomotiveForm, keep: fn(&str) -> bool) -> impl IntoView + use<> {
    form.to_pairs()
        .into_iter()
        .filter(move |(k, v)| keep(k) && !v.is_empty())
        .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
        .collect_view()
}

/// A labelled text input of the form, with its error under it.
pub(super) fn text_input(
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

/// Where the car wizard's draft is kept in the browser (one per organisation).
fn draft_key(slug: &str) -> String {
    format!("cotiza:auto:{slug}")
}
