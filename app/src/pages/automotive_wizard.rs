//! `/q/{slug}/auto`: the public wizard for a car's window tint (the form
//! itself is the kit's `AutoWizard`, shared with the staff's editor):
//! the organisation's films for cars and its automotive catalog, or — while
//! it has none — how to reach the business.
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::automotive_wizard::{AutomotiveWizardCatalog, automotive_wizard_data};
use crate::components::auto_wizard::{AutoWizard, initial_state};
use crate::components::page_title::OrgPageTitle;
use crate::components::public_page::{org_and_day, public_org_page};
use crate::components::quotes_being_set_up::QuotesBeingSetUp;
use crate::i18n::use_lang;

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
