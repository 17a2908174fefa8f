//! What the dashboard home counts: today's figures, the facts behind the
//! getting-started checklist and the recent activity. Reads only; every
//! query is scoped to one organisation.
use std::str::FromStr;

use domain::{DashboardFigures, QuoteStatus};
use sqlx::Row;

use crate::audit::AuditEntry;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::video_job::ENTITY_QUOTE;

/// What the getting-started checklist is computed from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupFacts {
    /// Active products with a price in effect on the day asked.
    pub priced_active_products: i64,
    /// A person (not the seed, not the customer) created or changed a
    /// product or a price, or imported the catalog.
    pub catalog_edited_by_someone: bool,
    /// Users who may sign in (not disabled).
    pub active_users: i64,
    /// Invitations neither accepted, revoked nor expired.
    pub open_invitations: i64,
    /// Quotes customers made in the public wizard, ever.
    pub wizard_quotes: i64,
}

/// A quote as the sales feed shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteActivity {
    pub id: String,
    pub number: String,
    pub customer_name: String,
    pub status: QuoteStatus,
    pub from_wizard: bool,
    pub created_at: i64,
    pub decided_at: Option<i64>,
    pub updated_at: i64,
}

/// Audit actions left out of the activity feed: sign-ins happen all day
/// and would hide everything else (they stay on the audit page).
pub const ACTIVITY_NOISE: &[&str] = &["user.login", "user.login_failed"];

async fn count(db: &Db, sql: &str, org: &OrgId, extra: &[i64]) -> Result<i64, StoreError> {
    let mut query = sqlx::query(sql).bind(org.as_str());
    for value in extra {
        query = query.bind(*value);
    }
    Ok(query.fetch_one(db.pool()).await?.try_get::<i64, _>(0)?)
}

impl Db {
    /// The organisation's figures: wizard quotes made since `day_start`,
    /// quotes pending, quotes confirmed since `week_start`, quote videos
    /// finished since `week_start` and those queued or running (Unix ms).
    pub async fn dashboard_figures(
        &self,
        org: &OrgId,
        day_start: i64,
        week_start: i64,
    ) -> Result<DashboardFigures, StoreError> {
        let quote = ENTITY_QUOTE;
        Ok(DashboardFigures {
            new_leads_today: count(
                self,
                "SELECT COUNT(*) FROM quotes WHERE organization_id = $1 AND source = 'wizard' AND created_at >= $2",
                org,
                &[day_start],
            )
            .await?,
            awaiting_answer: count(
                self,
                "SELECT COUNT(*) FROM quotes WHERE organization_id = $1 AND status = 'pending'",
                org,
                &[],
            )
            .await?,
            accepted_this_week: count(
                self,
                "SELECT COUNT(*) FROM quotes WHERE organization_id = $1 AND status = 'confirmed' AND decided_at >= $2",
                org,
                &[week_start],
            )
            .await?,
            videos_this_week: count(
                self,
                &format!(
                    "SELECT COUNT(*) FROM video_render_jobs WHERE organization_id = $1 AND entity_type = '{quote}'
                     AND status = 'succeeded' AND finished_at >= $2"
                ),
                org,
                &[week_start],
            )
            .await?,
            videos_in_progress: count(
                self,
                &format!(
                    "SELECT COUNT(*) FROM video_render_jobs WHERE organization_id = $1 AND entity_type = '{quote}'
                     AND status IN ('queued', 'running')"
                ),
                org,
                &[],
            )
            .await?,
            today: domain::day_of_unix_ms(day_start),
        })
    }

    /// The facts of the checklist on `day` (`YYYY-MM-DD`, prices in effect) at `now` (ms, invitations).
    pub async fn setup_facts(&self, org: &OrgId, day: &str, now: i64) -> Result<SetupFacts, StoreError> {
        let priced = sqlx::query(
            "SELECT COUNT(DISTINCT p.id) FROM products p
             JOIN product_prices pp ON pp.product_id = p.id AND pp.organization_id = p.organization_id
             WHERE p.organization_id = $1 AND p.active = TRUE
               AND pp.valid_from <= $2 AND (pp.valid_until IS NULL OR pp.valid_until >= $2)",
        )
        .bind(org.as_str())
        .bind(day)
        .fetch_one(self.pool())
        .await?
        .try_get::<i64, _>(0)?;
        let edits = count(
            self,
            "SELECT COUNT(*) FROM audit_events WHERE organization_id = $1 AND actor_user_id IS NOT NULL
               AND (action LIKE 'product.%' OR action LIKE 'price.%' OR action = 'catalog.imported')",
            org,
            &[],
        )
        .await?;
        Ok(SetupFacts {
            priced_active_products: priced,
            catalog_edited_by_someone: edits > 0,
            active_users: count(
                self,
                "SELECT COUNT(*) FROM users WHERE organization_id = $1 AND disabled_at IS NULL",
                org,
                &[],
            )
            .await?,
            open_invitations: count(
                self,
                "SELECT COUNT(*) FROM invitations WHERE organization_id = $1
                   AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $2",
                org,
                &[now],
            )
            .await?,
            wizard_quotes: count(
                self,
                "SELECT COUNT(*) FROM quotes WHERE organization_id = $1 AND source = 'wizard'",
                org,
                &[],
            )
            .await?,
        })
    }

    /// The newest audit events of the organisation, without [`ACTIVITY_NOISE`].
    pub async fn activity_events(&self, org: &OrgId, limit: i64) -> Result<Vec<AuditEntry>, StoreError> {
        let noise = ACTIVITY_NOISE.iter().map(|a| format!("'{a}'")).collect::<Vec<_>>().join(", ");
        let rows = sqlx::query(&format!(
            "SELECT id, actor_email, action, subject, detail, ip, created_at FROM audit_events
             WHERE organization_id = $1 AND action NOT IN ({noise}) ORDER BY created_at DESC, id DESC LIMIT $2"
        ))
        .bind(org.as_str())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(crate::audit::audit_entry).collect()
    }

    /// The organisation's most recently changed quotes (made, sent, answered), newest first.
    pub async fn quote_activity(&self, org: &OrgId, limit: i64) -> Result<Vec<QuoteActivity>, StoreError> {
        let rows = sqlx::query(
            "SELECT q.id, q.number, c.name AS customer_name, q.status, q.source, q.created_at, q.decided_at, q.updated_at
             FROM quotes q JOIN customers c ON c.id = q.customer_id AND c.organization_id = q.organization_id
             WHERE q.organization_id = $1 ORDER BY q.updated_at DESC, q.id DESC LIMIT $2",
        )
        .bind(org.as_str())
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                let status: String = row.try_get("status")?;
                let source: String = row.try_get("source")?;
                Ok(QuoteActivity {
                    id: row.try_get("id")?,
                    number: row.try_get("number")?,
                    customer_name: row.try_get("customer_name")?,
                    status: QuoteStatus::from_str(&status)
                        .map_err(|e| StoreError::Corrupt(format!("quote status: {e}")))?,
                    from_wizard: source == "wizard",
                    created_at: row.try_get("created_at")?,
                    decided_at: row.try_get("decided_at")?,
                    updated_at: row.try_get("updated_at")?,
                })
            })
            .collect()
    }
}
