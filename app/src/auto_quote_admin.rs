//! Server functions of the staff's car quotes (`/app/quotes/new/auto`,
//! `/app/quotes/{id}/edit/auto`): what the editor opens with — the
//! organisation's films for cars and its automotive catalog, and the form
//! of the quote being edited or filled from a customer or a vehicle on file
//! — and the save (`Quotes::save_automotive`: a draft, or a revision; the
//! same service as REST's automotive quotations).
use domain::AutomotiveQuoteRequest;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::automotive_form::AutomotiveForm;
use crate::automotive_wizard::AutomotiveWizardCatalog;
use crate::error::AppError;
use crate::staff_form::StaffForm;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes, require_session, vehicles};

/// One value, so the page awaits a single resource and hydration finds in
/// the browser exactly what the server rendered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutoQuoteEditor {
    pub data: AutomotiveWizardCatalog,
    pub form: AutomotiveForm,
    /// The quote edited; empty for a new one.
    pub quote_id: String,
    /// The version opened (0 for a new quote): a save over a newer one is refused.
    pub version: i64,
    /// Extra lines, manual discount, terms (a new quote: the organisation's) and internal notes.
    pub staff: StaffForm,
}

/// The editor's start: quote `id`'s vehicle, glass and contact; or a new
/// car form in the organisation's language, filled with its `vehicle` (and
/// the vehicle's owner) or `customer`. Another organisation's ids are not
/// found, like missing ones; a quote of rooms is not a car quote (404).
#[server(endpoint = "auto_quote_editor")]
pub async fn get_auto_quote_editor(
    #[server(default)] id: String,
    #[server(default)] customer: String,
    #[server(default)] vehicle: String,
) -> Result<AutoQuoteEditor, AppError> {
    let session = require_session()?;
    // Contexts are read before the first `.await` (see `get_quote_editor`).
    let db = use_context::<store::Db>().ok_or(AppError::Internal)?;
    let (service, registry) = (quotes()?, vehicles()?);
    let (form, version, staff) = if id.is_empty() {
        let mut form = AutomotiveForm::default();
        form.contact.language = session.org.default_language.clone();
        let mut customer = customer;
        if !vehicle.is_empty() {
            let found = registry.get(&session.user, &vehicle).await.map_err(fail)?;
            form.fill_vehicle(&found);
            if customer.is_empty() {
                customer = found.customer_id.unwrap_or_default();
            }
        }
        if !customer.is_empty() {
            let (found, _) = service.customer(&session.user, &customer).await.map_err(fail)?;
            crate::components::customer_picker::pick(&mut form.contact, &found);
        }
        let policy = service.quote_policy(&session.user).await.map_err(fail)?;
        (form, 0, StaffForm::new_quote(&policy.default_terms))
    } else {
        let quote = service.get(&session.user, &id).await.map_err(fail)?;
        let form = AutomotiveForm::from_document(&quote.document).ok_or_else(|| fail(AppError::NotFound))?;
        let staff = StaffForm::from_input(&quote.document.input, quote.document.currency);
        (form, quote.document.version, staff)
    };
    let slug = session.org.slug.clone();
    let data = crate::automotive_wizard::load(&db, &service, &slug, None).await?.ok_or(AppError::Internal)?;
    Ok(AutoQuoteEditor { data, form, quote_id: id, version, staff })
}

/// Saves the staff's car quote with their own fields (amounts read in
/// `page_lang`) — a new draft when `id` is empty, else a revision of the
/// version the editor opened — and returns its id. Errors come by the
/// request's paths (`vehicle.vin`, `items[0].sku`, `contact.phone`,
/// `extras[0].amount`), which the page puts back on its fields.
#[server(endpoint = "save_automotive_quote", input = leptos::server_fn::codec::Json)]
pub async fn save_automotive_quote(
    #[server(default)] id: String,
    #[server(default)] version: i64,
    request: AutomotiveQuoteRequest,
    #[server(default)] staff: StaffForm,
    #[server(default)] page_lang: String,
) -> Result<String, AppError> {
    let session = require_session()?;
    let service = quotes()?;
    let additions = staff_additions(&staff, &session.org, &page_lang)
        .map_err(|fields| fail(AppError::Invalid { fields: fields.0, kept: Default::default() }))?;
    let view = service.save_automotive(&session.user, &id, version, &request, &additions).await.map_err(fail)?;
    Ok(view.id)
}

/// The staff's own fields as the service takes them (amounts read in
/// `page_lang`, `es` unless `en`); what cannot be read, by field. Also the no-JS save's.
#[cfg(feature = "ssr")]
pub fn staff_additions(staff: &StaffForm, org: &store::Organization, page_lang: &str) -> Result<quotes::StaffAdditions, domain::FieldErrors> {
    let mut probe = domain::QuoteInput::default();
    let errors = staff.apply_to(&mut probe, org.currency, page_lang != "en");
    if errors.is_empty() { Ok(quotes::StaffAdditions::of(&probe)) } else { Err(errors) }
}
