//! Fixed-window counters of rate-limited actions (logins: `ip:…`,
//! `email:…`; sign-ups: `signup-ip:…`, `signup-email:…`; the wizard:
//! `wizard-ip:…`, `wizard-org:…`), kept in the database so every server
//! process counts the same hits. Deciding what is too many is the caller's.
//!
//! A hit is counted *before* the work it guards (one atomic upsert answers
//! the new count), so concurrent attempts cannot all read a count under the
//! limit; the caller takes the hit back ([`Db::unhit_rate_counter`]) when
//! the attempt turned out not to count.
use sqlx::Row;

use crate::db::Db;
use crate::error::StoreError;

/// Hits of one key in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateCount {
    pub hits: i64,
    pub window_started_at: i64,
}

impl Db {
    /// Counts one hit of `key`, in one statement (concurrent hits never
    /// share a count): a window started `window_ms` or more before `now`
    /// starts over at `now` with this hit.
    pub async fn hit_rate_counter(&self, key: &str, now: i64, window_ms: i64) -> Result<RateCount, StoreError> {
        let row = sqlx::query(
            "INSERT INTO rate_counters (key, window_started_at, hits) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
                 hits = CASE WHEN rate_counters.window_started_at > $3 THEN rate_counters.hits + 1 ELSE 1 END,
                 window_started_at = CASE WHEN rate_counters.window_started_at > $3 THEN rate_counters.window_started_at ELSE $2 END
             RETURNING hits, window_started_at",
        )
        .bind(key)
        .bind(now)
        .bind(now - window_ms)
        .fetch_one(self.pool())
        .await?;
        Ok(RateCount { hits: row.try_get("hits")?, window_started_at: row.try_get("window_started_at")? })
    }

    /// Takes back one hit of `key` (an action counted and then refused by
    /// another limit), never below zero.
    pub async fn unhit_rate_counter(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE rate_counters SET hits = hits - 1 WHERE key = $1 AND hits > 0")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets `key` (a successful login clears its email's failures).
    pub async fn forget_rate_counter(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM rate_counters WHERE key = $1").bind(key).execute(self.pool()).await?;
        Ok(())
    }
}
