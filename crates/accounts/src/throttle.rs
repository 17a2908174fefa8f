//! Attempt limits shared by login and sign-up: an attempt is reserved on
//! every key it counts against *before* the work it guards (one atomic
//! upsert per key answers the new count), so concurrent attempts cannot all
//! slip under a limit; past a limit the reservations are given back and the
//! attempt is refused with the time left in the window.
use crate::Accounts;
use crate::error::AccountsError;

/// One counter an attempt counts against: its key (`ip:…`, `email:…`,
/// `signup-ip:…`) and how many attempts its window allows.
pub(crate) struct Limit {
    pub key: String,
    pub max: i64,
}

impl Accounts {
    /// Reserves one attempt on each limit within windows of `window_ms`.
    /// Over any limit: every reservation of this attempt is given back and
    /// the answer is `Throttled` until that window ends.
    pub(crate) async fn reserve_attempt(&self, limits: &[Limit], window_ms: i64) -> Result<(), AccountsError> {
        let now = store::now_ms();
        let mut reserved: Vec<&str> = Vec::with_capacity(limits.len());
        for limit in limits {
            let count = self.db.hit_rate_counter(&limit.key, now, window_ms).await?;
            reserved.push(&limit.key);
            if count.hits > limit.max {
                self.release_attempt(&reserved).await;
                let retry_after_ms = count.window_started_at + window_ms - now;
                tracing::info!(key = %limit.key, limit = limit.max, "attempt refused: over the limit");
                return Err(AccountsError::Throttled { retry_after_secs: (retry_after_ms / 1000).max(1) });
            }
        }
        Ok(())
    }

    /// Gives back one reserved attempt of each key (bookkeeping: a failure is logged, not returned).
    pub(crate) async fn release_attempt(&self, keys: &[&str]) {
        for key in keys {
            if let Err(e) = self.db.unhit_rate_counter(key).await {
                tracing::warn!(error = %e, key, "could not give back an attempt");
            }
        }
    }
}
