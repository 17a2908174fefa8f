//! Server functions of the sales dashboard: the quotes list, a quote's page
//! and its lifecycle (send, answer for the customer, duplicate), the editor,
//! and customers. Every signed-in user (admin or sales) may use them.
use domain::{Currency, CustomerSummary, QuoteStatus, QuoteSummary, QuoteView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes, require_session, videos, visitor};
use crate::staff_form::StaffForm;
use crate::wizard_form::WizardForm;

/// The quotes list with the count and total of each status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotesPage {
    pub quotes: Vec<QuoteSummary>,
    pub by_status: Vec<(QuoteStatus, usize, rust_decimal::Decimal)>,
    pub currency: Currency,
}

/// One quote for sales: the quote, its public link and the WhatsApp share link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotePage {
    pub quote: QuoteView,
    /// The absolute address of `/p/{token}`.
    pub public_url: String,
    /// `https://wa.me/<customer>?text=…` in the customer's language.
    pub whatsapp: String,
    /// The 360° spin of the quote's vehicle, when it has one.
    pub spin: Option<domain::VehicleView>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub customer: CustomerSummary,
    pub quotes: Vec<QuoteSummary>,
    /// Quotes made with another name or email than the customer's (the
    /// wizard never edits a customer found by phone): possibly the same
    /// customer, possibly someone else with their phone.
    #[serde(default)]
    pub differing: Vec<DifferingContact>,
}

/// A quote's contact that differs from its customer on file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DifferingContact {
    pub quote_id: String,
    pub number: String,
    pub name: String,
    pub email: String,
}

#[cfg(feature = "ssr")]
fn page_of(quote: QuoteView) -> QuotePage {
    let base = visitor().origin.trim_end_matches('/').to_owned();
    let public_url = format!("{base}/p/{}", quote.token);
    let d = &quote.document;
    let whatsapp = domain::whatsapp_link(&d.contact.whatsapp_digits(), &d.org.name, &d.number, &public_url, &d.language);
    QuotePage { quote, public_url, whatsapp, spin: None }
}

#[server(endpoint = "quotes")]
pub async fn get_quotes(
    #[server(default)] q: String,
    #[server(default)] status: String,
    #[server(default)] vertical: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] customer: String,
) -> Result<QuotesPage, AppError> {
    let session = require_session()?;
    let filter = quotes::QuoteFilter {
        status: status.parse().ok(),
        vertical: vertical.parse().ok(),
        customer_id: (!customer.is_empty()).then_some(customer),
        q,
        from: domain::is_day(&from).then_some(from),
        to: domain::is_day(&to).then_some(to),
        limit: 500,
    };
    let list = quotes()?.list(&session.user, &filter).await.map_err(fail)?;
    Ok(QuotesPage {
        quotes: list.quotes,
        by_status: list.by_status.into_iter().map(|s| (s.status, s.count, s.total)).collect(),
        currency: session.org.currency,
    })
}

#[server(endpoint = "quote_page")]
pub async fn get_quote_page(id: String) -> Result<QuotePage, AppError> {
    let session = require_session()?;
    // Every context lookup before the first await.
    let (service, spins) = (quotes()?, crate::session::spins().ok());
    let quote = service.get(&session.user, &id).await.map_err(fail)?;
    let spin = crate::quote_public::quote_spin(spins, &session.user.organization_id, &quote.document).await;
    Ok(QuotePage { spin, ..page_of(quote) })
}

/// Sends the quote to the customer (pending, valid from today).
#[server(endpoint = "send_quote")]
pub async fn send_quote(id: String) -> Result<(), AppError> {
    let session = require_session()?;
    videos()?.send_quote(&quotes()?, &session.user, &id, &visitor().origin).await.map_err(fail)?;
    Ok(())
}

/// Confirms or rejects on the customer's behalf.
#[server(endpoint = "decide_quote")]
pub async fn decide_quote(id: String, decision: String, #[server(default)] reason: String) -> Result<(), AppError> {
    let session = require_session()?;
    let decision = match decision.as_str() {
        "confirm" => quotes::Decision::Confirm,
        "reject" => quotes::Decision::Reject,
        _ => return Err(fail(AppError::Invalid { fields: [("decision".to_owned(), domain::messages::CHOICE.to_owned())].into(), kept: Default::default() })),
    };
    quotes()?.decide(&session.user, &id, decision, &reason).await.map_err(fail)?;
    Ok(())
}

/// A new draft copy; goes to it.
#[server(endpoint = "duplicate_quote")]
pub async fn duplicate_quote(id: String) -> Result<String, AppError> {
    let session = require_session()?;
    let copy = quotes()?.duplicate(&session.user, &id).await.map_err(fail)?;
    leptos_axum::redirect(&format!("/app/quotes/{}", copy.id));
    Ok(copy.id)
}

/// The editor's save: a new draft (`id` empty) or new content for a quote
/// (`version` is the one the editor opened), with the staff's own fields
/// (amounts typed in `page_lang`). Returns the quote's id.
#[server(endpoint = "save_quote", input = leptos::server_fn::codec::Json)]
pub async fn save_quote(
    id: String,
    version: i64,
    form: WizardForm,
    #[server(default)] staff: StaffForm,
    #[server(default)] page_lang: String,
) -> Result<String, AppError> {
    let session = require_session()?;
    let request = staff_request(&form, &staff, &session.org, &page_lang)
        .map_err(|fields| fail(AppError::Invalid { fields: crate::wizard_form::form_paths(&fields), kept: Default::default() }))?;
    let view = quotes()?.save(&session.user, &id, version, &request).await.map_err(fail)?;
    Ok(view.id)
}

/// The request of the editor's two forms: the wizard's and the staff's
/// fields (amounts read in `page_lang`, `es` unless `en`). Also the no-JS save's.
#[cfg(feature = "ssr")]
pub fn staff_request(
    form: &WizardForm,
    staff: &StaffForm,
    org: &store::Organization,
    page_lang: &str,
) -> Result<domain::QuoteRequest, domain::FieldErrors> {
    let mut staff_errors = domain::FieldErrors::new();
    let mut request = form.to_request(&org.default_language);
    if let Ok(r) = &mut request {
        staff_errors = staff.apply_to(&mut r.input, org.currency, page_lang != "en");
    }
    match request {
        Ok(r) if staff_errors.is_empty() => Ok(r),
        Ok(_) => Err(staff_errors),
        Err(mut e) => {
            let mut probe = domain::QuoteInput::default();
            e.merge(staff.apply_to(&mut probe, org.currency, page_lang != "en"));
            Err(e)
        }
    }
}

/// What the editor opens with: the organisation's public catalog of today, the version opened (0 for a new draft) and its content. One
/// value, so the page awaits a single resource: hydration then finds in the
/// browser exactly what the server rendered (no second request mid-hydration).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteEditor {
    pub version: i64,
    pub form: WizardForm,
    pub catalog: crate::catalog::PublicCatalog,
    /// Extra lines, manual discount, terms (a new quote: the organisation's) and internal notes.
    #[serde(default)]
    pub staff: StaffForm,
}

/// The editor's starting point: the quote's content, or an empty form —
/// with the contact of the organisation's customer `customer`, if given
/// (the customer page's "New quote for this customer").
#[server(endpoint = "quote_editor")]
pub async fn get_quote_editor(#[server(default)] id: String, #[server(default)] customer: String) -> Result<QuoteEditor, AppError> {
    let session = require_session()?;
    // Contexts are read before the first `.await` (the rendering owner is not
    // restored across it when the page renders on the server).
    let db = leptos::prelude::use_context::<store::Db>().ok_or(AppError::Internal)?;
    let service = quotes()?;
    let (version, form, staff) = if id.is_empty() {
        let policy = service.quote_policy(&session.user).await.map_err(fail)?;
        let mut form = WizardForm::start("");
        if !customer.is_empty() {
            let (found, _) = service.customer(&session.user, &customer).await.map_err(fail)?;
            crate::components::customer_picker::pick(&mut form.contact, &found);
        }
        (0, form, StaffForm::new_quote(&policy.default_terms))
    } else {
        let quote = service.get(&session.user, &id).await.map_err(fail)?;
        let staff = StaffForm::from_input(&quote.document.input, quote.document.currency);
        (quote.document.version, WizardForm::from_document(&quote.document), staff)
    };
    let slug = session.org.slug.clone();
    let catalog = match crate::catalog::load(&db, &slug, None, None).await {
        Ok(Some(catalog)) => catalog,
        Ok(None) => return Err(AppError::Internal),
        Err(e) => {
            tracing::error!(error = %e, %slug, "the editor's catalog could not be loaded");
            return Err(AppError::Internal);
        }
    };
    Ok(QuoteEditor { version, form, catalog, staff })
}

#[server(endpoint = "customers")]
pub async fn get_customers(#[server(default)] q: String) -> Result<Vec<CustomerSummary>, AppError> {
    let session = require_session()?;
    quotes()?.customers(&session.user, &q).await.map_err(fail)
}

#[server(endpoint = "customer")]
pub async fn get_customer(id: String) -> Result<CustomerPage, AppError> {
    let session = require_session()?;
    let service = quotes()?;
    let (customer, quotes) = service.customer(&session.user, &id).await.map_err(fail)?;
    let differing = service
        .differing_contacts(&session.user, &id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|c| DifferingContact { quote_id: c.quote_id, number: c.number, name: c.name, email: c.email })
        .collect();
    Ok(CustomerPage { customer, quotes, differing })
}

/// The organisation's rules for staff quotes, as the settings page shows them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuotePolicyView {
    /// Percent a sales user may discount by hand (`10`).
    pub max_sales_discount_pct: String,
    /// Prefilled into every new staff quote.
    pub default_terms: String,
    pub can_edit: bool,
}

#[server(endpoint = "quote_policy")]
pub async fn get_quote_policy() -> Result<QuotePolicyView, AppError> {
    let session = require_session()?;
    let policy = quotes()?.quote_policy(&session.user).await.map_err(fail)?;
    Ok(QuotePolicyView {
        max_sales_discount_pct: policy.max_sales_discount_pct.normalize().to_string(),
        default_terms: policy.default_terms,
        can_edit: session.user.role.is_admin(),
    })
}

/// Admins: the sales discount limit (percent) and the default terms.
#[server(endpoint = "set_quote_policy")]
pub async fn set_quote_policy(max_sales_discount_pct: String, #[server(default)] default_terms: String) -> Result<(), AppError> {
    let session = require_session()?;
    quotes()?.set_quote_policy(&session.user, &max_sales_discount_pct, &default_terms).await.map_err(|e| {
        fail(AppError::from(e).keeping(&[("max_sales_discount_pct", &max_sales_discount_pct), ("default_terms", &default_terms)]))
    })?;
    Ok(())
}
