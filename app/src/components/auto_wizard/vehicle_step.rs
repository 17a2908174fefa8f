//! The car wizard's first step: the vehicle, by VIN or by make, model, year and body type.
use domain::BodyType;
use leptos::prelude::*;

use super::{CARD, text_input};
use crate::automotive_form::{AutomotiveForm, VehicleForm};
use crate::components::vehicle_messages::vin_hint;
use crate::components::vehicle_suggestions::{MAKES_LIST, MODELS_LIST, MakeModelSuggestions};
use crate::components::wizard_kit::{INPUT, SMALL, noscript_button};
use crate::i18n::Lang;

#[component]
pub(super) fn VehicleStep(
    lang: Lang,
    form: RwSignal<AutomotiveForm>,
    error_of: Callback<String, Option<String>>,
    edited: Callback<String>,
    staff: bool,
) -> impl IntoView {
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
        <h1 class="text-2xl font-bold text-teal-900 sm:text-3xl">{if staff {
            lang.t("Nueva cotización automotriz", "New automotive quote")
        } else {
            lang.t("Cotiza el polarizado de tu vehículo", "Quote your vehicle's window tint")
        }}</h1>
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
