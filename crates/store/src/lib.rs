//! Cotiza's storage: one query layer for SQLite and PostgreSQL.
//!
//! Every repository function that touches tenant data takes an [`OrgId`], which
//! can only be obtained from this crate (a public slug lookup, a session, an invitation token, an API key), so a query without a tenant does not compile.
#![forbid(unsafe_code)]

mod api_key;
mod audit;
mod automotive;
mod category;
mod clock;
mod customer;
mod dashboard;
mod db;
mod import;
mod error;
mod invitation;
mod job_queue;
mod job_stats;
mod org;
mod org_signup;
mod outbox;
mod price;
mod product;
mod property;
mod quote;
mod quote_policy;
mod rate_counter;
mod search;
mod seed;
mod session;
mod starter_catalog;
mod user;
mod vehicle;
mod video360;
mod video_job;
#[cfg(feature = "testing")]
pub mod testing;

pub use clock::{now_ms, today};
pub use db::{Backend, DEFAULT_STATEMENT_TIMEOUT, Db, redact_url};
pub use error::StoreError;
pub use api_key::{API_KEY_ACTOR_PREFIX, ApiKey, ApiKeyRecord, NewApiKey};
pub use audit::{AuditEntry, AuditEvent};
pub use invitation::{Invitation, NewInvitation};
pub use org::{NewOrganization, OrgId, OrgSettings, Organization};
pub use org_signup::SignUpExtras;
pub use starter_catalog::{starter_film_count, starter_price};
pub use outbox::Mail;
pub use session::{Client, SessionRecord};
pub use user::{LoginRecord, NewUser, User};
pub use category::DEFAULT_CATEGORIES;
pub use import::{ImportCounts, ImportItem};
pub use product::changed_fields;
pub use property::{OpeningRecord, Placement, PropertyRecord, RoomRecord};
pub use customer::QuoteContact;
pub use dashboard::{ACTIVITY_NOISE, QuoteActivity, SetupFacts};
pub use rate_counter::RateCount;
pub use quote::{Decision, LineSource, NewQuote, QuoteFilter, Revision};
pub use quote_policy::{DEFAULT_MAX_SALES_DISCOUNT_PCT, QuotePolicy};
pub use seed::{DEMO_SLUG, seed_demo};
pub use job_stats::{Histogram, JobStats, RENDER_SECONDS_BUCKETS, WAIT_SECONDS_BUCKETS};
pub use job_queue::{AfterFailure, ExpiredOutputs, JobInput, JobOutput, Lease, Rescued, RetryPolicy};
pub use video360::{ENTITY_VEHICLE, FrameRecord, FramesJobRecord, FramesOutput, ProviderUsage};
pub use video_job::{DEFAULT_MAX_ATTEMPTS, ENTITY_QUOTE, Requested, VideoJobRecord, VideoOrder};
#[cfg(feature = "testing")]
pub use seed::seed_demo_catalog;
