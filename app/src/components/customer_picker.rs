//! The staff editor's "existing customer" search: typing two or more
//! letters of a name, phone or email lists the organisation's customers
//! (`get_customers`, the customers page's own server function, asked once
//! typing pauses); picking one
//! fills the contact, so the quote is filed under that customer (the
//! service matches customers by phone). It needs JavaScript and is drawn
//! only once the page is interactive; without it, the customer page's
//! "New quote for this customer" link does the same.
use domain::CustomerSummary;
use leptos::prelude::*;

use crate::i18n::Lang;
use crate::quote_admin::get_customers;
use crate::wizard_form::ContactForm;

const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";
/// Results shown at once: a longer list means typing more.
const SHOWN: usize = 6;
/// The search runs once typing pauses this long, not on every keystroke.
const PAUSE_MS: u64 = 250;

/// Fills `contact` with `customer`'s name, phone and email.
pub fn pick(contact: &mut ContactForm, customer: &CustomerSummary) {
    contact.name = customer.name.clone();
    contact.phone = customer.phone.clone();
    contact.email = customer.email.clone();
}

/// The search box and its results; `on_pick` gets the customer chosen
/// (the editor fills its contact with [`pick`]).
#[component]
pub fn CustomerPicker(lang: Lang, on_pick: Callback<CustomerSummary>) -> impl IntoView {
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    // What the box shows, and what was searched: the box's text once typing paused.
    let typed = RwSignal::new(String::new());
    let q = RwSignal::new(String::new());
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        set_timeout(
            move || {
                if typed.with_untracked(|t| *t == text) {
                    q.set(text);
                }
            },
            std::time::Duration::from_millis(PAUSE_MS),
        );
    };
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
                                on:click=move |_| { on_pick.run(c.clone()); typed.set(String::new()); q.set(String::new()); }>
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
                    prop:value=move || typed.get() on:input=on_input/>
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
        let mut form = crate::wizard_form::WizardForm::start("Living");
        form.contact.address = "Av. Uno 1".into();
        let customer = CustomerSummary { id: "c1".into(), name: "Carla Fría".into(), phone: "+56955556666".into(), email: "carla@example.com".into(), quotes: 2, last_quote_at: None };
        pick(&mut form.contact, &customer);
        assert_eq!((form.contact.name.as_str(), form.contact.phone.as_str(), form.contact.email.as_str()), ("Carla Fría", "+56955556666", "carla@example.com"));
        assert_eq!(form.contact.address, "Av. Uno 1", "the site address stays: it is the quote's, not the customer's");
    }
}
