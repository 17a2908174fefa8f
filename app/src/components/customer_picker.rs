//! The staff editor's "existing customer" search: typing two or more
//! letters of a name, phone or email lists the organisation's customers
//! (`get_customers`, the customers page's own server function); picking one
//! fills the contact, so the quote is filed under that customer (the
//! service matches customers by phone). It needs JavaScript and is drawn
//! only once the page is interactive; without it, the customer page's
//! "New quote for this customer" link does the same.
use domain::CustomerSummary;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::quote_admin::get_customers;
use crate::wizard_form::WizardForm;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";
/// Results shown at once: a longer list means typing more.
const SHOWN: usize = 6;

/// Fills the contact of `form` with `customer`'s name, phone and email.
pub fn pick(form: &mut WizardForm, customer: &CustomerSummary) {
    form.contact.name = customer.name.clone();
    form.contact.phone = customer.phone.clone();
    form.contact.email = customer.email.clone();
}

#[component]
pub fn CustomerPicker(lang: Lang, form: RwSignal<WizardForm>) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let q = RwSignal::new(String::new());
    let found = LocalResource::new(move || {
        let q = q.get();
        async move {
            if q.trim().chars().count() < 2 {
                return Vec::new();
            }
            get_customers(q).await.unwrap_or_default()
        }
    });
    let results = move || {
        let list = found.get().unwrap_or_default();
        let none = list.is_empty();
        let empty = none && q.with(|q| q.trim().chars().count() >= 2);
        view! {
            <ul class="mt-2 divide-y divide-slate-100 rounded-lg ring-1 ring-slate-200" class:hidden=none data-testid="customer-results">
                {list.into_iter().take(SHOWN).map(|c| {
                    let label = format!("{} · {}", c.name, c.phone);
                    let email = c.email.clone();
                    view! {
                        <li>
                            <button type="button" class="block min-h-11 w-full px-3 py-2 text-left hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-teal-600"
                                data-testid="customer-result"
                                on:click=move |_| { form.update(|f| pick(f, &c)); q.set(String::new()); }>
                                <span class="block font-medium">{label}</span>
                                <span class="block text-sm text-slate-600">{email}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {empty.then(|| view! { <p class="mt-2 text-sm text-slate-600">{lang.t("Ningún cliente coincide: escribe sus datos abajo.", "No customer matches: type their details below.")}</p> })}
        }
    };
    view! {
        <Show when=move || interactive.get()>
            <div class="mb-4 rounded-2xl bg-teal-50 p-4 ring-1 ring-teal-200" data-testid="customer-picker">
                <label for="customer-search" class="text-sm font-medium">{lang.t("Buscar un cliente existente", "Find an existing customer")}</label>
                <input id="customer-search" type="search" class=INPUT autocomplete="off" placeholder=lang.t("Nombre, teléfono o email", "Name, phone or email")
                    prop:value=move || q.get() on:input=move |ev| q.set(event_target_value(&ev))/>
                {results}
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picking_a_customer_fills_the_contact_and_keeps_the_rest() {
        let mut form = WizardForm::start("Living");
        form.contact.address = "Av. Uno 1".into();
        let customer = CustomerSummary { id: "c1".into(), name: "Carla Fría".into(), phone: "+56955556666".into(), email: "carla@example.com".into(), quotes: 2, last_quote_at: None };
        pick(&mut form, &customer);
        assert_eq!((form.contact.name.as_str(), form.contact.phone.as_str(), form.contact.email.as_str()), ("Carla Fría", "+56955556666", "carla@example.com"));
        assert_eq!(form.contact.address, "Av. Uno 1", "the site address stays: it is the quote's, not the customer's");
    }
}
