//! The company part of the sign-up form. With JavaScript the public address
//! follows the company name as it is typed (until the address is edited by
//! hand) and choosing a country sets its usual currency and tax rate
//! (`domain::Country`); without it the same fields post as typed and the
//! server makes an empty address from the name.
use domain::{COUNTRIES, Country, slug_from_name, suggested_slug};
use leptos::prelude::*;

use crate::components::form::{Checkbox, Field, FieldState, currency_options, language_options};
use crate::error::AppError;
use crate::i18n::Lang;

const INPUT: &str = "block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600";
const LABEL: &str = "mb-1 block text-sm font-medium text-slate-800";

/// The countries for a select, by name in `lang`.
pub fn country_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let mut options: Vec<(&str, &str)> = COUNTRIES.iter().map(|c: &Country| (c.code, c.name(lang.code()))).collect();
    options.sort_by(|a, b| a.1.cmp(b.1));
    options
}

#[component]
pub fn CompanyFields(lang: Lang, error: Signal<Option<AppError>>) -> impl IntoView {
    // After a failed post without JavaScript the page starts from what was sent.
    let kept = move |name: &str, default: &str| {
        error.with_untracked(|e| e.as_ref().and_then(|e| e.kept(name)).map(str::to_owned)).unwrap_or_else(|| default.to_owned())
    };
    let org_name = RwSignal::new(kept("org_name", ""));
    let slug = RwSignal::new(kept("slug", ""));
    // The address follows the name until someone types in it.
    let slug_edited = RwSignal::new(!slug.get_untracked().is_empty() && slug.get_untracked() != slug_from_name(&org_name.get_untracked()));
    let country = RwSignal::new(kept("country", "CL").to_uppercase());
    let currency = RwSignal::new(kept("currency", "CLP").to_uppercase());
    let tax_rate = RwSignal::new(kept("tax_rate", "19"));
    let starter = kept("starter_catalog", "on") != "off";
    // A taken address comes back with a free one: show it.
    Effect::new(move |_| {
        let free = error.with(|e| e.as_ref().and_then(|e| e.field("slug")).and_then(suggested_slug).map(str::to_owned));
        if let Some(free) = free {
            slug.set(free);
            slug_edited.set(true);
        }
    });
    let on_name = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        if !slug_edited.get_untracked() {
            slug.set(slug_from_name(&name));
        }
        org_name.set(name);
    };
    let on_slug = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        // Emptied: follow the name again.
        slug_edited.set(!typed.trim().is_empty());
        slug.set(typed);
    };
    let on_country = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Some(c) = domain::country_info(&code) {
            currency.set(c.currency().code().to_owned());
            if let Some(percent) = c.tax_percent() {
                tax_rate.set(percent.to_string());
            }
        }
        country.set(code);
    };
    let name_label = lang.t("Nombre de la empresa", "Company name");
    let slug_label = lang.t("Dirección pública", "Public address");
    let country_label = lang.t("País", "Country");
    let currency_label = lang.t("Moneda", "Currency");
    let tax_label = lang.t("Impuesto (IVA)", "Tax rate");
    let name_state = FieldState::new(lang, "org_name", name_label, error);
    let slug_state = FieldState::new(lang, "slug", slug_label, error);
    let country_state = FieldState::new(lang, "country", country_label, error);
    let currency_state = FieldState::new(lang, "currency", currency_label, error);
    let tax_state = FieldState::new(lang, "tax_rate", tax_label, error);
    let countries = country_options(lang);
    view! {
        <div class="mb-4">
            <label for=name_state.id.clone() class=LABEL>{name_label}</label>
            <input id=name_state.id.clone() name="org_name" type="text" autocomplete="organization" required=true
                value=org_name.get_untracked() prop:value=move || org_name.get() on:input=on_name
                aria-invalid=name_state.invalid() aria-describedby=name_state.error_id.clone() class=INPUT/>
            {name_state.error_view()}
        </div>
        <div class="mb-4">
            <label for=slug_state.id.clone() class=LABEL>{slug_label}</label>
            <input id=slug_state.id.clone() name="slug" type="text" autocomplete="off" data-testid="signup-slug"
                value=slug.get_untracked() prop:value=move || slug.get() on:input=on_slug
                aria-invalid=slug_state.invalid() aria-describedby=slug_state.error_id.clone() class=INPUT/>
            <p class="mt-1 text-xs text-slate-600">
                {lang.t(
                    "Tu cotizador quedará en /q/tu-direccion (minúsculas, números y guiones). Si la dejas vacía, la formamos con el nombre de la empresa.",
                    "Your quote wizard will live at /q/your-address (lowercase, digits and dashes). Left empty, it is made from the company name.",
                )}
            </p>
            {slug_state.error_view()}
        </div>
        <Field lang name="phone" kind="tel" label=lang.t("Teléfono de la empresa (WhatsApp)", "Business phone (WhatsApp)") autocomplete="tel"
            hint=lang.t("Con código de país, p. ej. +56 9 1234 5678 (si no lo pones, usamos el del país). Tus clientes te escribirán aquí.",
                "With the country code, e.g. +56 9 1234 5678 (without it, the country's is used). Your customers will write to you here.")
            required=true error/>
        <Field lang name="contact_email" kind="email" label=lang.t("Correo de contacto de la empresa (opcional)", "Business contact e-mail (optional)")
            hint=lang.t("Si lo dejas vacío, usamos tu email.", "Left empty, your email is used.") error/>
        <div class="grid gap-x-4 sm:grid-cols-2">
            <div class="mb-4">
                <label for=country_state.id.clone() class=LABEL>{country_label}</label>
                <select id=country_state.id.clone() name="country" autocomplete="country" on:change=on_country
                    aria-invalid=country_state.invalid() aria-describedby=country_state.error_id.clone() class=INPUT>
                    {countries.into_iter().map(|(code, name)| view! {
                        <option value=code selected=move || country.get() == code>{name}</option>
                    }).collect_view()}
                </select>
                {country_state.error_view()}
            </div>
            <div class="mb-4">
                <label for=currency_state.id.clone() class=LABEL>{currency_label}</label>
                <select id=currency_state.id.clone() name="currency" prop:value=move || currency.get()
                    on:change=move |ev| currency.set(event_target_value(&ev))
                    aria-invalid=currency_state.invalid() aria-describedby=currency_state.error_id.clone() class=INPUT>
                    {currency_options().into_iter().map(|(code, text)| {
                        let is = code.clone();
                        view! { <option value=code selected=move || currency.get() == is>{text}</option> }
                    }).collect_view()}
                </select>
                {currency_state.error_view()}
            </div>
            <div class="mb-4">
                <label for=tax_state.id.clone() class=LABEL>{tax_label}</label>
                <input id=tax_state.id.clone() name="tax_rate" type="text" inputmode="decimal" required=true
                    value=tax_rate.get_untracked() prop:value=move || tax_rate.get() on:input=move |ev| tax_rate.set(event_target_value(&ev))
                    aria-invalid=tax_state.invalid() aria-describedby=tax_state.error_id.clone() class=INPUT/>
                <p class="mt-1 text-xs text-slate-600">{lang.t("19 o 0,19 significan 19 %.", "19 or 0.19 both mean 19 %.")}</p>
                {tax_state.error_view()}
            </div>
            <crate::components::form::Select lang name="language" label=lang.t("Idioma de la empresa", "Company language")
                options=language_options() value=kept("language", lang.code()) error/>
        </div>
        <Checkbox name="starter_catalog" label=lang.t(
            "Cargar catálogo inicial: láminas comunes de cada categoría con precios de ejemplo en tu moneda (revísalos después)",
            "Load a starter catalog: common films of each category with example prices in your currency (review them later)",
        ) checked=starter/>
    }
}
