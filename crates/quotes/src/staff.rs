//! What sales people and admins do with quotes (any staff role): create,
//! list, revise, send, answer for the customer, duplicate, delete a draft;
//! customers.
use domain::{CustomerSummary, QuoteRequest, QuoteStatus, QuoteSummary, QuoteView, add_days};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use store::{Decision, QuoteContact, QuoteFilter, Revision, User, VideoOrder};

use crate::policy::check_manual_discount;
use crate::pricing::price_request;
use crate::public::check_reason;
use crate::{Quotes, QuotesError};

/// The quotes list and, for the same filters but any status, the count
/// and sum of totals of each status.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuoteList {
    pub quotes: Vec<QuoteSummary>,
    pub by_status: Vec<StatusTotal>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusTotal {
    pub status: QuoteStatus,
    pub count: usize,
    pub total: Decimal,
}

impl Quotes {
    /// A new quote made by staff: a draft, or sent at once when `send`.
    /// A sales user's manual discount is held to the organisation's limit.
    pub async fn create(&self, actor: &User, request: &QuoteRequest, send: bool) -> Result<QuoteView, QuotesError> {
        self.create_keeping(actor, request, send, Decimal::ZERO).await
    }

    /// [`Quotes::create`] where a manual discount up to `kept` passes for
    /// sales too (a duplicate keeps its original's).
    async fn create_keeping(&self, actor: &User, request: &QuoteRequest, send: bool, kept: Decimal) -> Result<QuoteView, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        let today = store::today();
        let priced = price_request(&self.db, &org, request, &today).await?;
        let policy = self.db.quote_policy(&org.id).await?;
        check_manual_discount(actor, &policy, &priced.document.breakdown, kept)?;
        let new = priced.staff_quote(&org, actor, &today, send, None);
        Ok(self.db.create_quote(&org.id, Some(actor), new).await?)
    }

    /// The editor's save: a new draft when `id` is empty, else [`Quotes::revise`].
    pub async fn save(&self, actor: &User, id: &str, expected_version: i64, request: &QuoteRequest) -> Result<QuoteView, QuotesError> {
        if id.is_empty() { self.create(actor, request, false).await } else { self.revise(actor, id, expected_version, request).await }
    }

    /// One page of quotes (`filter.limit`) and, over every quote of the
    /// organisation with the same filters but any status, the count and the
    /// sum of totals of each status (not only of the page).
    pub async fn list(&self, actor: &User, filter: &QuoteFilter) -> Result<QuoteList, QuotesError> {
        let quotes = self.db.quotes(&actor.organization_id, filter).await?;
        let any_status = QuoteFilter { status: None, ..filter.clone() };
        let totals = self.db.quote_totals_by_status(&actor.organization_id, &any_status).await?;
        let by_status = QuoteStatus::ALL
            .into_iter()
            .map(|status| {
                let (count, total) = totals.iter().find(|(s, _, _)| *s == status).map_or((0, Decimal::ZERO), |(_, n, t)| (*n, *t));
                StatusTotal { status, count: usize::try_from(count).unwrap_or(0), total }
            })
            .collect();
        Ok(QuoteList { quotes, by_status })
    }

    pub async fn get(&self, actor: &User, id: &str) -> Result<QuoteView, QuotesError> {
        Ok(self.db.quote(&actor.organization_id, id).await?)
    }

    /// New content for a quote, priced with today's catalog. A sent quote
    /// gets a new version (pending again, valid from today); a draft is
    /// replaced. `expected_version` is the version the editor started from.
    /// A sales user may keep the manual discount the quote has, or give one
    /// up to the organisation's limit.
    pub async fn revise(&self, actor: &User, id: &str, expected_version: i64, request: &QuoteRequest) -> Result<QuoteView, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        let today = store::today();
        let priced = price_request(&self.db, &org, request, &today).await?;
        if !actor.role.is_admin() && !priced.document.breakdown.manual_discount.is_zero() {
            let kept = self.db.quote(&org.id, id).await?.document.breakdown.manual_discount;
            let policy = self.db.quote_policy(&org.id).await?;
            check_manual_discount(actor, &policy, &priced.document.breakdown, kept)?;
        }
        let revision = Revision {
            document: priced.document,
            sources: priced.sources,
            expected_version,
            valid_until: add_days(&today, org.quote_validity_days).unwrap_or(today),
            new_vehicle: None,
        };
        Ok(self.db.revise_quote(&org.id, id, actor, revision).await?)
    }

    /// Sends the quote (pending, valid for the organisation's days from today).
    /// With `video`, its video is asked for in the same transaction.
    pub async fn send(&self, actor: &User, id: &str, video: Option<&VideoOrder>) -> Result<QuoteView, QuotesError> {
        let org = self.db.org(&actor.organization_id).await?;
        let today = store::today();
        let valid_until = add_days(&today, org.quote_validity_days).unwrap_or(today);
        Ok(self.db.send_quote(&org.id, id, actor, &valid_until, video).await?)
    }

    /// Deletes a draft with everything it wrote; a sent quote stays on record (`WrongState`).
    pub async fn delete(&self, actor: &User, id: &str) -> Result<(), QuotesError> {
        self.db.delete_quote(&actor.organization_id, id, actor).await?;
        tracing::info!(quote = %id, by = %actor.id, "draft quote deleted");
        Ok(())
    }

    /// Confirms or rejects on the customer's behalf.
    pub async fn decide(&self, actor: &User, id: &str, decision: Decision, reason: &str) -> Result<QuoteView, QuotesError> {
        let reason = check_reason(reason)?;
        Ok(self
            .db
            .decide_quote(&actor.organization_id, id, Some(actor), decision, reason.as_deref(), None, &store::today())
            .await?)
    }

    /// A new draft with the same customer and rooms, priced with today's catalog.
    /// An automotive quote is made again from its vehicle and glass.
    pub async fn duplicate(&self, actor: &User, id: &str) -> Result<QuoteView, QuotesError> {
        let original = self.db.quote(&actor.organization_id, id).await?;
        if let Some(details) = &original.document.automotive {
            let d = &original.document;
            let v = &details.vehicle;
            let request = domain::AutomotiveQuoteRequest {
                language: d.language.clone(),
                contact: d.contact.clone(),
                vehicle_id: v.id.clone(),
                vehicle: v.id.is_none().then(|| domain::VehicleInput {
                    customer_id: None,
                    vin: v.vin.clone(),
                    make: v.make.clone(),
                    model: v.model.clone(),
                    year: v.year,
                    body_type: Some(v.body_type),
                    plate: v.plate.clone(),
                    colour: v.colour.clone(),
                }),
                choice: details.choice.clone(),
            };
            return self.create_automotive(actor, &request, false).await;
        }
        let request = request_of(&original);
        self.create_keeping(actor, &request, false, original.document.breakdown.manual_discount).await
    }

    pub async fn customers(&self, actor: &User, q: &str) -> Result<Vec<CustomerSummary>, QuotesError> {
        Ok(self.db.customers(&actor.organization_id, q).await?)
    }

    /// The customer's quotes whose contact (as typed, kept in the quote)
    /// differs from the customer on file in name or email: "possibly the
    /// same customer" for staff to look at (the wizard never edits a
    /// customer found by phone). Newest first.
    pub async fn differing_contacts(&self, actor: &User, customer_id: &str) -> Result<Vec<QuoteContact>, QuotesError> {
        let customer = self.db.customer(&actor.organization_id, customer_id).await?;
        let same = |a: &str, b: &str| a.trim().to_lowercase() == b.trim().to_lowercase();
        Ok(self
            .db
            .customer_quote_contacts(&actor.organization_id, customer_id)
            .await?
            .into_iter()
            .filter(|c| !same(&c.name, &customer.name) || (!c.email.trim().is_empty() && !same(&c.email, &customer.email)))
            .collect())
    }

    pub async fn customer(&self, actor: &User, id: &str) -> Result<(CustomerSummary, Vec<QuoteSummary>), QuotesError> {
        let customer = self.db.customer(&actor.organization_id, id).await?;
        let filter = QuoteFilter { customer_id: Some(customer.id.clone()), ..QuoteFilter::default() };
        let quotes = self.db.quotes(&actor.organization_id, &filter).await?;
        Ok((customer, quotes))
    }
}

/// The request that would make this quote's current content again.
pub fn request_of(view: &QuoteView) -> QuoteRequest {
    let d = &view.document;
    QuoteRequest { vertical: d.vertical, language: d.language.clone(), contact: d.contact.clone(), input: d.input.clone() }
}
