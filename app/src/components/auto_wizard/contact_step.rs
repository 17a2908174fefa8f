//! The car wizard's last step: who the quote is for (the customer's own
//! details, or — for staff — a customer on file or typed, and their language).
use leptos::prelude::*;

use super::{CARD, text_input};
use crate::automotive_form::AutomotiveForm;
use crate::components::customer_picker::{CustomerPicker, pick};
use crate::components::wizard_kit::contact_choices;
use crate::i18n::Lang;

#[component]
pub(super) fn ContactStep(
    lang: Lang,
    form: RwSignal<AutomotiveForm>,
    error_of: Callback<String, Option<String>>,
    edited: Callback<String>,
    staff: bool,
) -> impl IntoView {
    let field = move |name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str, get: fn(&AutomotiveForm) -> String, apply: fn(&mut AutomotiveForm, String)| {
        text_input(form, error_of, edited, format!("contact.{name}"), label.to_owned(), get, apply, (kind, autocomplete, "text", None))
    };
    let on_pick = Callback::new(move |customer: domain::CustomerSummary| form.update(|f| pick(&mut f.contact, &customer)));
    view! {
        <h1 class="text-2xl font-bold text-teal-900">{if staff { lang.t("Cliente", "Customer") } else { lang.t("Tus datos", "Your details") }}</h1>
        <p class="mb-4 mt-1 text-slate-700">{if staff {
            lang.t("A quién va la cotización: el auto se instala en el taller.", "Who the quote is for: the car is done at the shop.")
        } else {
            lang.t("Te enviaremos la cotización y te contactaremos para coordinar la instalación.",
                "We will send you the quote and get in touch to book the installation.")
        }}</p>
        {staff.then(|| view! { <CustomerPicker lang on_pick/> })}
        <div class=CARD>
            {field("name", lang.t("Nombre y apellido", "Full name"), "text", "name", |f| f.contact.name.clone(), |f, v| f.contact.name = v)}
            {field("phone", lang.t("Teléfono / WhatsApp", "Phone / WhatsApp"), "tel", "tel", |f| f.contact.phone.clone(), |f, v| f.contact.phone = v)}
            <p class="-mt-3 mb-4 text-sm text-slate-600">{lang.t("Con código de país, p. ej. +56 9 1234 5678", "With the country code, e.g. +1 415 555 0100")}</p>
            {field("email", lang.t("Email (opcional)", "Email (optional)"), "email", "email", |f| f.contact.email.clone(), |f, v| f.contact.email = v)}
            {field("address", lang.t("Dirección (opcional)", "Address (optional)"), "text", "street-address", |f| f.contact.address.clone(), |f, v| f.contact.address = v)}
            {field("commune", lang.t("Comuna / ciudad", "District / city"), "text", "address-level2", |f| f.contact.commune.clone(), |f, v| f.contact.commune = v)}
            {contact_choices(lang, form, |f| &f.contact, |f| &mut f.contact, staff)}
        </div>
    }
}
