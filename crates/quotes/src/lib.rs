//! Quotes, from the customer's wizard to a confirmed deal.
//!
//! [`Quotes`] is the one door for server functions, the public pages and the
//! REST API: it validates and prices a [`domain::QuoteRequest`] with the
//! catalog of the day (the same `domain` engine the browser runs), keeps a
//! snapshot of the prices used, and moves quotes through their lifecycle —
//! draft → pending (sent, valid for the organisation's days) → confirmed |
//! rejected | expired. Every change to a sent quote is a new version.
#![forbid(unsafe_code)]

mod automotive;
mod dashboard;
mod error;
mod lifecycle;
mod policy;
mod pricing;
mod properties;
mod public;
mod read_gate;
mod share_qr;
mod staff;
pub mod token;
mod videos;
mod wizard_limits;

pub use automotive::StaffAdditions;
pub use error::QuotesError;
pub use policy::{MAX_TERMS_CHARS, sales_discount_limit};
pub use store::QuotePolicy;
pub use dashboard::ACTIVITY_LINES;
pub use share_qr::{QUIET_ZONE, share_qr};
pub use videos::{VideoPolicy, Videos};
pub use read_gate::MAX_CONCURRENT_READS_PER_ORG;
pub use wizard_limits::{TOO_MANY_OPENINGS, WIZARD_MAX_OPENINGS, WizardPolicy};
pub use properties::{RoomEdit, relative_to};
pub use staff::{QuoteList, StatusTotal, request_of};
pub use domain::CustomerSummary;
pub use store::{Decision, OpeningRecord, PropertyRecord, QuoteContact, QuoteFilter, RoomRecord};

use store::Db;

/// The quotes service; cheap to clone.
#[derive(Clone)]
pub struct Quotes {
    db: Db,
    /// Limits of the anonymous wizard's submits.
    wizard: WizardPolicy,
    /// Expensive reads in flight per organisation.
    reads: std::sync::Arc<read_gate::ReadGate>,
}

impl Quotes {
    /// The service with the default wizard limits.
    pub fn new(db: Db) -> Quotes {
        Quotes::with_policy(db, WizardPolicy::default())
    }

    pub fn with_policy(db: Db, wizard: WizardPolicy) -> Quotes {
        Quotes { db, wizard, reads: read_gate::ReadGate::new(MAX_CONCURRENT_READS_PER_ORG) }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// The year of a `YYYY-MM-DD` day (quote numbers count per year).
fn year_of(day: &str) -> i32 {
    day.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(1970)
}
