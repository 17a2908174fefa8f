//! What an anonymous wizard submit may do: how big a quote it may ask for,
//! and how many submits an address and an organisation may make per hour.
//! Staff and API keys quote through [`Quotes::create`] and are not limited
//! here. The counters live in the database (every server process shares
//! them); a submit is counted only once its input is valid, so typing
//! mistakes never use up the allowance.
use domain::QuoteInput;
use store::Organization;

use crate::{Quotes, QuotesError};

/// The most rooms, and openings over all rooms, a quote from the public
/// wizard may have (a larger job is a visit, not a web form).
pub const WIZARD_MAX_OPENINGS: usize = 100;
/// The message at `rooms` for a wizard quote over [`WIZARD_MAX_OPENINGS`].
pub const TOO_MANY_OPENINGS: &str = "at most 100 openings in an online quote; ask the business for a visit";

/// An hour, the window of the submit counters.
const WINDOW_MS: i64 = 3_600_000;

/// How many wizard submits per hour (`WIZARD_SUBMITS_PER_HOUR_PER_IP`,
/// `WIZARD_SUBMITS_PER_HOUR_PER_ORG`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WizardPolicy {
    /// From one client address, to any organisation.
    pub submits_per_hour_per_ip: i64,
    /// To one organisation, from any address.
    pub submits_per_hour_per_org: i64,
}

impl Default for WizardPolicy {
    fn default() -> Self {
        WizardPolicy { submits_per_hour_per_ip: 20, submits_per_hour_per_org: 300 }
    }
}

/// The size check of an anonymous quote: rooms and openings at most
/// [`WIZARD_MAX_OPENINGS`] (an error at `rooms`).
pub(crate) fn check_wizard_size(input: &QuoteInput) -> Result<(), QuotesError> {
    let openings: usize = input.rooms.iter().map(|r| r.openings.len()).sum();
    if openings > WIZARD_MAX_OPENINGS || input.rooms.len() > WIZARD_MAX_OPENINGS {
        return Err(QuotesError::field("rooms", TOO_MANY_OPENINGS));
    }
    Ok(())
}

impl Quotes {
    /// Counts one wizard submit from `ip` (when known) to `org`; over either
    /// hourly limit: `RateLimited` with the seconds until its window ends
    /// (and the submit is not counted against the other limit).
    pub(crate) async fn count_wizard_submit(&self, org: &Organization, ip: Option<&str>) -> Result<(), QuotesError> {
        let now = store::now_ms();
        let ip_key = ip.map(|ip| format!("wizard-ip:{ip}"));
        if let Some(key) = &ip_key {
            let count = self.db.hit_rate_counter(key, now, WINDOW_MS).await?;
            if count.hits > self.wizard.submits_per_hour_per_ip {
                tracing::warn!(org = %org.slug, ip = %key, hits = count.hits, "wizard submits over the per-address limit");
                return Err(limited(self.wizard.submits_per_hour_per_ip, count.window_started_at, now));
            }
        }
        let org_key = format!("wizard-org:{}", org.id.as_str());
        let count = self.db.hit_rate_counter(&org_key, now, WINDOW_MS).await?;
        if count.hits > self.wizard.submits_per_hour_per_org {
            tracing::warn!(org = %org.slug, hits = count.hits, "wizard submits over the per-organisation limit");
            if let Some(key) = &ip_key {
                self.db.unhit_rate_counter(key).await?;
            }
            return Err(limited(self.wizard.submits_per_hour_per_org, count.window_started_at, now));
        }
        Ok(())
    }
}

fn limited(limit: i64, window_started_at: i64, now: i64) -> QuotesError {
    let left_ms = (window_started_at + WINDOW_MS - now).max(1_000);
    QuotesError::RateLimited { limit, retry_after_s: u64::try_from((left_ms + 999) / 1000).unwrap_or(3600) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_what_is_left_of_the_window() {
        let err = limited(20, 1_000_000, 1_000_000 + WINDOW_MS - 90_500);
        assert!(matches!(err, QuotesError::RateLimited { limit: 20, retry_after_s: 91 }), "{err:?}");
        let late = limited(20, 0, WINDOW_MS + 5);
        assert!(matches!(late, QuotesError::RateLimited { retry_after_s: 1, .. }), "{late:?}");
    }
}
