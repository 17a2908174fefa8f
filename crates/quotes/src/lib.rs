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
mod error;
mod lifecycle;
mod pricing;
mod properties;
mod public;
mod staff;
pub mod token;
mod videos;

pub use error::QuotesError;
pub use videos::{VideoPolicy, Videos};
pub use properties::{RoomEdit, relative_to};
pub use staff::{QuoteList, StatusTotal, request_of};
pub use domain::CustomerSummary;
pub use store::{Decision, OpeningRecord, PropertyRecord, QuoteFilter, RoomRecord};

use store::Db;

/// The quotes service; cheap to clone.
#[derive(Clone)]
pub struct Quotes {
    db: Db,
}

impl Quotes {
    pub fn new(db: Db) -> Quotes {
        Quotes { db }
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// The year of a `YYYY-MM-DD` day (quote numbers count per year).
fn year_of(day: &str) -> i32 {
    day.get(0..4).and_then(|y| y.parse().ok()).unwrap_or(1970)
}
