//! An organisation's rules for staff quotes (migration 0013): how far a
//! sales user may discount by hand and the terms a new quote starts with.
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sqlx::Row;

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, parse};
use crate::user::User;

/// The percentage a sales user may discount when the organisation has not said.
pub const DEFAULT_MAX_SALES_DISCOUNT_PCT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotePolicy {
    /// Percent (0–100) of subtotal − volume discount a sales user may give as a manual discount.
    pub max_sales_discount_pct: Decimal,
    /// Prefilled into every new staff quote; may be empty.
    pub default_terms: String,
}

impl Default for QuotePolicy {
    fn default() -> Self {
        QuotePolicy { max_sales_discount_pct: DEFAULT_MAX_SALES_DISCOUNT_PCT, default_terms: String::new() }
    }
}

impl Db {
    pub async fn quote_policy(&self, org: &OrgId) -> Result<QuotePolicy, StoreError> {
        let row = sqlx::query("SELECT max_sales_discount_pct, default_terms FROM organizations WHERE id = $1")
            .bind(org.as_str())
            .fetch_one(self.pool())
            .await?;
        Ok(QuotePolicy {
            max_sales_discount_pct: parse(&row, "max_sales_discount_pct", Decimal::from_str)?,
            default_terms: row.try_get("default_terms")?,
        })
    }

    /// Saves the actor's organisation's policy, audited (the caller checks the role).
    pub async fn set_quote_policy(&self, actor: &User, policy: &QuotePolicy) -> Result<QuotePolicy, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE organizations SET max_sales_discount_pct = $1, default_terms = $2, updated_at = $3 WHERE id = $4")
            .bind(policy.max_sales_discount_pct.normalize().to_string())
            .bind(&policy.default_terms)
            .bind(now_ms())
            .bind(org.as_str())
            .execute(&mut *tx)
            .await?;
        let detail = format!("max_sales_discount_pct={} terms_chars={}", policy.max_sales_discount_pct.normalize(), policy.default_terms.chars().count());
        record(&mut tx, &AuditEvent::by(actor, "org.quote_policy_changed").detail(detail)).await?;
        tx.commit().await?;
        Ok(policy.clone())
    }
}
