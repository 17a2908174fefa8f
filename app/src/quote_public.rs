//! Server functions of the customer's side: submitting the wizard, reading
//! a quote by its public token, confirming or rejecting it. No login.
use domain::{OrgCard, QuoteView};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, quotes};
use crate::wizard_form::WizardForm;

/// A quote as its public page shows it (without internal ids: see
/// [`without_internal_ids`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicQuote {
    pub quote: QuoteView,
    pub org: OrgCard,
    /// The 360° spin of the quote's vehicle, when it has one.
    pub spin: Option<domain::VehicleView>,
    /// The organisation's brand for the page's frame.
    pub brand: crate::brand::OrgBrand,
    /// The page's own absolute address and its link-preview image's
    /// (from `PUBLIC_URL`), for the card a shared link shows.
    pub page_url: String,
    pub preview_image: String,
}

/// The ready 360° spin of an automotive quote's vehicle (signed links), if
/// any. A vehicle deleted since, or a failure to read it, shows no spin.
/// `spins` is looked up before the server function's first await (a lookup
/// after it, in a render pass the server abandons, finds no context).
#[cfg(feature = "ssr")]
pub(crate) async fn quote_spin(spins: Option<vehicles::Spins>, org: &store::OrgId, doc: &domain::QuoteDocument) -> Option<domain::VehicleView> {
    let vehicle_id = doc.automotive.as_ref()?.vehicle.id.clone()?;
    match spins?.view_of(org, &vehicle_id).await {
        Ok(view) => view.is_ready.then_some(view),
        Err(e) => {
            tracing::debug!(error = %e, vehicle_id, "no spin for the quote's vehicle");
            None
        }
    }
}

/// The wizard's submit from the browser (JSON, no page reload): the new
/// quote's public token, or every problem by its form path.
#[server(endpoint = "submit_quote", input = leptos::server_fn::codec::Json)]
pub async fn submit_quote(slug: String, form: WizardForm, lang: String) -> Result<String, AppError> {
    let request = form
        .to_request(&lang)
        .map_err(|fields| fail(AppError::Invalid { fields: crate::wizard_form::form_paths(&fields), kept: Default::default() }))?;
    let ip = crate::session::visitor().ip;
    let view = quotes()?.submit(&slug, &request, ip.as_deref()).await.map_err(|e| fail(wizard_error(e)))?;
    Ok(view.token)
}

/// A wizard submit's error for the browser: over an hourly submit limit is
/// `TooManyRequests` (429 with `Retry-After`, its own sentence).
#[cfg(feature = "ssr")]
pub fn wizard_error(err: quotes::QuotesError) -> AppError {
    match err {
        quotes::QuotesError::RateLimited { retry_after_s, .. } => {
            AppError::TooManyRequests { retry_after_secs: i64::try_from(retry_after_s).unwrap_or(3600) }
        }
        other => other.into(),
    }
}

#[server(endpoint = "public_quote")]
pub async fn get_public_quote(token: String) -> Result<PublicQuote, AppError> {
    // Every context lookup before the first await.
    let (service, spins) = (quotes()?, crate::session::spins().ok());
    let origin = crate::session::visitor().origin.trim_end_matches('/').to_owned();
    let (org, quote) = service.public(&token).await.map_err(fail)?;
    let card = quote.document.org.clone();
    let spin = quote_spin(spins, &org.id, &quote.document).await;
    let brand = crate::brand::OrgBrand::of(&org);
    let page_url = format!("{origin}/p/{}", quote.token);
    let preview_image = crate::components::link_preview::preview_image(&origin, org.logo_jpeg_key.as_deref());
    Ok(PublicQuote {
        quote: without_internal_ids(quote),
        org: OrgCard { phone: org.phone, email: org.contact_email, ..card },
        spin,
        brand,
        page_url,
        preview_image,
    })
}

/// The quote as the public page may send it to the browser: the ids of the
/// organisation's records (quote, customer, products, price rows, vehicle)
/// are the organisation's business, not the page's, and are left empty.
pub fn without_internal_ids(mut quote: QuoteView) -> QuoteView {
    quote.id = String::new();
    quote.customer_id = String::new();
    for film in &mut quote.document.films {
        film.product_id = String::new();
        film.price_id = String::new();
    }
    if let Some(details) = quote.document.automotive.as_mut() {
        details.vehicle.id = None;
    }
    quote
}

/// The customer's answer (a plain form: works without JavaScript).
#[server(endpoint = "answer_quote")]
pub async fn answer_quote(token: String, decision: String, #[server(default)] reason: String, version: i64) -> Result<(), AppError> {
    let decision = match decision.as_str() {
        "confirm" => quotes::Decision::Confirm,
        "reject" => quotes::Decision::Reject,
        _ => {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("decision".to_owned(), domain::messages::CHOICE.to_owned());
            return Err(fail(AppError::Invalid { fields, kept: Default::default() }));
        }
    };
    quotes()?
        .answer(&token, decision, &reason, version)
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("reason", &reason)])))?;
    Ok(())
}
