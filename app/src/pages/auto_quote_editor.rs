//! `/app/quotes/new/auto` and `/app/quotes/{id}/edit/auto`: staff quote a
//! car's window tint with the car wizard the customers use (`AutoWizard`
//! with `AutoTarget::Staff`): staff wording, a customer on file picked or
//! typed, the customer's language; saved as a draft (or, for a quote
//! edited, a new version once sent) and opened on its page. `?vehicle={id}` (the vehicle's
//! page) starts from a vehicle on file and its owner, `?customer={id}` (the
//! customer's page, or the new quote's first step) from a customer.
use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::auto_quote_admin::{AutoQuoteEditor, get_auto_quote_editor};
use crate::automotive_form::AutomotiveForm;
use crate::components::auto_wizard::{AutoTarget, AutoWizard, initial_state};
use crate::components::page_title::PageTitle;
use crate::i18n::use_lang;
use crate::staff_form::StaffForm;

#[component]
pub fn AutoQuoteEditorPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let params = use_params_map();
    let from = move || {
        let id = params.with(|p| p.get("id")).unwrap_or_default();
        query.with(|q| (id, q.get("customer").unwrap_or_default(), q.get("vehicle").unwrap_or_default()))
    };
    let editor = Resource::new(from, |(id, customer, vehicle)| get_auto_quote_editor(id, customer, vehicle));
    view! {
        <PageTitle text=lang.t("Cotización automotriz", "Automotive quote")/>
        <Suspense fallback=move || view! { <p>{lang.t("Cargando…", "Loading…")}</p> }>
            {move || Suspend::new(async move {
                let AutoQuoteEditor { data, form, quote_id, version, staff } = match editor.await {
                    Ok(e) => e,
                    Err(e) => return view! { <p role="alert" class="text-red-700">{e.message(lang)}</p> }.into_any(),
                };
                if data.catalog.products.is_empty() {
                    return view! {
                        <p role="status" class="rounded-lg bg-amber-50 px-4 py-3 text-amber-900 ring-1 ring-amber-200" data-testid="no-car-films">
                            {lang.t("Todavía no hay láminas ofrecidas para autos. ", "No film is offered for cars yet. ")}
                            <a href="/app/catalog" class="font-semibold underline">{lang.t("Ofrece una en el catálogo", "Offer one in the catalog")}</a>
                        </p>
                    }.into_any();
                }
                // A no-JS step carries the state in the URL; else start from the quote, customer or vehicle.
                let in_url = query.with_untracked(|q| AutomotiveForm::present_in(q.into_iter().map(|(k, v)| (k.as_ref(), v))));
                let (initial, errors) = if in_url { query.with_untracked(|q| initial_state(q, &data)) } else { (form, BTreeMap::new()) };
                // The staff's own fields too (and their no-JS buttons: add or remove an extra line).
                let staff_form = if in_url {
                    query.with_untracked(|q| StaffForm::from_step(q.into_iter().map(|(k, v)| (k.as_ref(), v))))
                } else {
                    staff
                };
                view! { <AutoWizard data lang initial errors target=AutoTarget::Staff { quote_id, version } staff_form/> }.into_any()
            })}
        </Suspense>
    }
}
