//! Counters of attempts per key (logins: `ip:…`, `email:…`; sign-ups:
//! `signup-ip:…`, `signup-email:…`) in a fixed window, kept in the database
//! so every server process sees the same counts.
//!
//! An attempt is reserved *before* the work it guards ([`Db::count_login_failure`]
//! is one atomic upsert that answers the new count), so concurrent attempts
//! cannot all read a count under the limit; the caller gives the reservation
//! back ([`Db::release_attempt`]) when the attempt turned out not to count.
use sqlx::Row;

use crate::db::Db;
use crate::error::StoreError;

/// Failures of one key in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureCount {
    pub failures: i64,
    pub window_started_at: i64,
}

impl Db {
    /// The failures of `key` in the window that started after `window_start`, if any.
    pub async fn login_failures(&self, key: &str, window_start: i64) -> Result<Option<FailureCount>, StoreError> {
        let row = sqlx::query(
            "SELECT failures, window_started_at FROM login_throttle WHERE key = $1 AND window_started_at > $2",
        )
        .bind(key)
        .bind(window_start)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(FailureCount {
                failures: i64::from(row.try_get::<i32, _>("failures")?),
                window_started_at: row.try_get("window_started_at")?,
            })
        })
        .transpose()
    }

    /// Counts one attempt (or failure) of `key` atomically and answers the new
    /// count: a window older than `window_start` starts over at `now`.
    pub async fn count_login_failure(&self, key: &str, now: i64, window_start: i64) -> Result<FailureCount, StoreError> {
        let row = sqlx::query(
            "INSERT INTO login_throttle (key, window_started_at, failures) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
                 failures = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.failures + 1 ELSE 1 END,
                 window_started_at = CASE WHEN login_throttle.window_started_at > $3 THEN login_throttle.window_started_at ELSE $2 END
             RETURNING failures, window_started_at",
        )
        .bind(key)
        .bind(now)
        .bind(window_start)
        .fetch_one(self.pool())
        .await?;
        Ok(FailureCount {
            failures: i64::from(row.try_get::<i32, _>("failures")?),
            window_started_at: row.try_get("window_started_at")?,
        })
    }

    /// Gives back one attempt of `key` reserved by [`Db::count_login_failure`]
    /// (refused before any work, or one that must not count).
    pub async fn release_attempt(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0")
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets the failures of `key` (after a successful login).
    pub async fn clear_login_failures(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM login_throttle WHERE key = $1").bind(key).execute(self.pool()).await?;
        Ok(())
    }
}
