//! `/app/quotes/new` and `/app/quotes/{id}/edit`: sales build or change a
//! quote with the same room-by-room editor as the customer's wizard, plus
//! the staff's own fields (extra lines, manual discount, terms, internal
//! notes). Saving a sent quote makes a new version the customer sees at once.
use std::collections::BTreeMap;

use leptos::prelude::*;
use crate::components::page_title::PageTitle;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::i18n::use_lang;
use crate::pages::wizard::{Target, Wizard, initial_state};
use crate::quote_admin::get_quote_editor;
use crate::staff_form::StaffForm;
use crate::wizard_form::WizardForm;

#[component]
pub fn QuoteEditorPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // `?customer=` (from the customer page): a new quote for that customer.
    let customer = move || query.with(|q| q.get("customer")).unwrap_or_default();
    let editor = Resource::new(move || (id(), customer()), |(id, customer)| get_quote_editor(id, customer));
    view! {
        <PageTitle text=lang.t("Editor de cotización", "Quote editor")/>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let crate::quote_admin::QuoteEditor { version, form, catalog, staff } = match editor.await {
                    Ok(e) => e,
                    Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                };
                // A no-JS step carries the state in the URL; else start from the quote.
                let in_url = query.with_untracked(|q| WizardForm::present_in(q.into_iter().map(|(k, v)| (k.as_ref(), v))));
                let (initial, errors) = if in_url {
                    query.with_untracked(|q| initial_state(q, &catalog, lang))
                } else {
                    (form, BTreeMap::new())
                };
                // The staff's own fields too (and their no-JS buttons: add or remove an extra line).
                let staff_form = if in_url {
                    query.with_untracked(|q| StaffForm::from_step(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
                } else {
                    staff
                };
                let target = Target::Staff { quote_id: id(), version };
                view! { <Wizard catalog lang initial errors target staff_form/> }.into_any()
            })}
        </Suspense>
    }
}
