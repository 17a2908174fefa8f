//! Server functions of the sales dashboard: the quotes list, a quote's page
//! and its lifecycle (send, answer for the customer, duplicate), the editor,
//! and customers. Every signed-in user (admin or sales) may use them.
use domain::{Currency, CustomerSummary, QuoteStatus, QuoteSummary, QuoteView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes, require_session, videos, visitor};
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
    let quote = quotes()?.get(&session.user, &id).await.map_err(fail)?;
    let spin = crate::quote_public::quote_spin(&session.user.organization_id, &quote.document).await;
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
/// (`version` is the one the editor opened). Returns the quote's id.
#[server(endpoint = "save_quote", input = leptos::server_fn::codec::Json)]
pub async fn save_quote(id: String, version: i64, form: WizardForm) -> Result<String, AppError> {
    let session = require_session()?;
    let lang = session.org.default_language.clone();
    let request = form
        .to_request(&lang)
        .map_err(|fields| fail(AppError::Invalid { fields: crate::wizard_form::form_paths(&fields), kept: Default::default() }))?;
    let view = quotes()?.save(&session.user, &id, version, &request).await.map_err(fail)?;
    Ok(view.id)
}

/// What the editor opens with: the organisation's public catalog of today, the version opened (0 for a new draft) and its content. One
/// value, so the page awaits a single resource: hydration then finds in the
/// browser exactly what the server rendered (no second request mid-hydration).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteEditor {
    pub version: i64,
    pub form: WizardForm,
    pub catalog: crate::catalog::PublicCatalog,
}

/// The editor's starting point: the quote's content, or an empty form.
#[server(endpoint = "quote_editor")]
pub async fn get_quote_editor(#[server(default)] id: String) -> Result<QuoteEditor, AppError> {
    let session = require_session()?;
    // Contexts are read before the first `.await` (the rendering owner is not
    // restored across it when the page renders on the server).
    let db = leptos::prelude::use_context::<store::Db>().ok_or(AppError::Internal)?;
    let (version, form) = if id.is_empty() {
        (0, WizardForm::start(""))
    } else {
        let quote = quotes()?.get(&session.user, &id).await.map_err(fail)?;
        (quote.document.version, WizardForm::from_document(&quote.document))
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
    Ok(QuoteEditor { version, form, catalog })
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
