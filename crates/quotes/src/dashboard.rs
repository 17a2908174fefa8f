//! The dashboard home: the getting-started checklist, today's figures and
//! the recent activity of the acting user's organisation, read in one call.
//!
//! The checklist's rules (each computed from the database, never stored):
//! - catalog: an active product priced today **and** a person created or
//!   changed a product or a price, or imported the catalog (an audit event
//!   `product.*`, `price.*` or `catalog.imported` with a user as actor) —
//!   the catalog a new organisation starts with counts as reviewed only
//!   once someone touched it;
//! - brand: the organisation has a logo or has chosen its brand colour;
//! - share link: a customer made at least one quote in the public wizard;
//! - team: more than one active user, or an invitation still open;
//! - WhatsApp: the organisation's phone is set.
//!
//! Activity: admins see the audit log in words (without sign-ins); sales,
//! who may not read the audit log, see the latest quotes made or answered.
use domain::{ActivityItem, ChecklistItem, DashboardSummary, SetupStep, day_and_week_start};
use store::User;

use crate::{Quotes, QuotesError};

/// Lines of the recent activity.
pub const ACTIVITY_LINES: i64 = 8;

impl Quotes {
    /// The dashboard of `actor`'s organisation now.
    pub async fn dashboard(&self, actor: &User) -> Result<DashboardSummary, QuotesError> {
        self.dashboard_at(actor, store::now_ms()).await
    }

    /// The dashboard as of `now` (Unix ms): days and weeks are UTC.
    pub async fn dashboard_at(&self, actor: &User, now: i64) -> Result<DashboardSummary, QuotesError> {
        let org_id = &actor.organization_id;
        let (day_start, week_start) = day_and_week_start(now);
        let today = domain::day_of_unix_ms(now);
        let org = self.db.org(org_id).await?;
        let facts = self.db.setup_facts(org_id, &today, now).await?;
        let done = |step: SetupStep| match step {
            SetupStep::Catalog => facts.priced_active_products > 0 && facts.catalog_edited_by_someone,
            SetupStep::Brand => {
                org.logo_key.is_some() || org.brand_color.as_deref().is_some_and(|c| !c.trim().is_empty())
            }
            SetupStep::ShareLink => facts.wizard_quotes > 0,
            SetupStep::Team => facts.active_users > 1 || facts.open_invitations > 0,
            SetupStep::Whatsapp => !org.phone.trim().is_empty(),
        };
        let checklist = SetupStep::ALL.into_iter().map(|step| ChecklistItem { step, done: done(step) }).collect();
        let figures = self.db.dashboard_figures(org_id, day_start, week_start).await?;
        let activity = if actor.role.is_admin() {
            self.db
                .activity_events(org_id, ACTIVITY_LINES)
                .await?
                .into_iter()
                .map(|e| ActivityItem::Event {
                    action: e.action,
                    actor: e.actor_email,
                    subject: e.subject,
                    at: e.created_at,
                })
                .collect()
        } else {
            self.db
                .quote_activity(org_id, ACTIVITY_LINES)
                .await?
                .into_iter()
                .map(|q| ActivityItem::Quote {
                    id: q.id,
                    number: q.number,
                    customer: q.customer_name,
                    status: q.status,
                    from_wizard: q.from_wizard,
                    at: q.updated_at,
                })
                .collect()
        };
        Ok(DashboardSummary { checklist, figures, activity })
    }
}
