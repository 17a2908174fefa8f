//! What customers do without an account: submit the wizard, see their
//! quote by its token, confirm or reject it.
use domain::{MAX_REASON_CHARS, QuoteRequest, QuoteStatus, QuoteView, quote_messages};
use store::{Decision, Organization};

use crate::pricing::price_request;
use crate::wizard_limits::check_wizard_size;
use crate::{Quotes, QuotesError, token};

impl Quotes {
    /// The wizard's submit: a pending quote for the customer, valid for the
    /// organisation's days, priced with today's catalog. At most
    /// [`crate::WIZARD_MAX_OPENINGS`] openings (an error at `rooms`); a
    /// valid submit counts against the hourly limits of its client address
    /// `ip` (when known) and of the organisation (`RateLimited`). It never
    /// changes a customer already on file (see `store::Db::create_quote`).
    ///
    /// Extra lines, a manual discount, terms and internal notes are staff's:
    /// a submit carrying any is refused (errors at their paths). The quote
    /// gets the organisation's default terms.
    pub async fn submit(&self, slug: &str, request: &QuoteRequest, ip: Option<&str>) -> Result<QuoteView, QuotesError> {
        let org = self.db.org_by_slug(slug).await?.ok_or(QuotesError::NotFound)?;
        refuse_staff_fields(request)?;
        check_wizard_size(&request.input)?;
        let today = store::today();
        let mut request = request.clone();
        request.input.terms = self.db.quote_policy(&org.id).await?.default_terms;
        let priced = price_request(&self.db, &org, &request, &today).await?;
        self.count_wizard_submit(&org, ip).await?;
        let new = priced.wizard_quote(&org, &today, None);
        let view = self.db.create_quote(&org.id, None, new).await?;
        tracing::info!(org = %org.slug, number = %view.document.number, "quote submitted from the wizard");
        Ok(view)
    }

    /// The quote behind a public link, with its organisation. A pending
    /// quote past its last valid day shows as expired even before the
    /// scheduled job marks it.
    pub async fn public(&self, token: &str) -> Result<(Organization, QuoteView), QuotesError> {
        if !token::looks_valid(token) {
            return Err(QuotesError::NotFound);
        }
        let (org_id, mut view) = self.db.quote_by_token(token).await?;
        view.document.input = std::mem::take(&mut view.document.input).for_customer();
        let org = self.db.org(&org_id).await?;
        if view.status == QuoteStatus::Pending && view.valid_until.as_deref().is_some_and(|u| u < store::today().as_str()) {
            view.status = QuoteStatus::Expired;
        }
        Ok((org, view))
    }

    /// The customer's answer on the public page, to the version they saw.
    pub async fn answer(
        &self,
        token: &str,
        decision: Decision,
        reason: &str,
        seen_version: i64,
    ) -> Result<QuoteView, QuotesError> {
        if !token::looks_valid(token) {
            return Err(QuotesError::NotFound);
        }
        let reason = check_reason(reason)?;
        let (org, view) = self.db.quote_by_token(token).await?;
        let mut answered = self
            .db
            .decide_quote(&org, &view.id, None, decision, reason.as_deref(), Some(seen_version), &store::today())
            .await?;
        answered.document.input = std::mem::take(&mut answered.document.input).for_customer();
        Ok(answered)
    }
}

/// The public wizard may not set what only staff may: extra lines, a
/// manual discount, terms, internal notes.
fn refuse_staff_fields(request: &QuoteRequest) -> Result<(), QuotesError> {
    const STAFF_ONLY: &str = "only staff may set this";
    let mut errors = domain::FieldErrors::new();
    for path in request.input.staff_field_paths() {
        errors.add(path, STAFF_ONLY);
    }
    errors.into_result(()).map_err(QuotesError::Invalid)
}

/// A trimmed, optional reason of at most [`MAX_REASON_CHARS`].
pub(crate) fn check_reason(reason: &str) -> Result<Option<String>, QuotesError> {
    let reason = reason.trim();
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(QuotesError::field("reason", quote_messages::REASON_TOO_LONG));
    }
    Ok((!reason.is_empty()).then(|| reason.to_owned()))
}
