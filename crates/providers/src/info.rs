//! What `GET /api/providers` shows of each provider.
use rust_decimal::Decimal;
use serde::Serialize;

use crate::chain::ProviderChain;
use crate::clock::utc_day_start_ms;

/// One provider of the chain, as operators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderInfo {
    pub name: String,
    /// Lower is tried first.
    pub priority: i32,
    pub daily_limit: Option<u32>,
    /// A decimal string in JSON (`"0.05"`).
    pub cost_per_video_usd: Decimal,
    pub enabled: bool,
    /// `closed`, `open` or `half_open`.
    pub breaker_state: &'static str,
    /// Calls since 00:00 UTC; `None` when the usage log could not be read.
    pub used_today: Option<u32>,
}

impl ProviderChain {
    /// Every provider, in the order they are tried, with today's usage
    /// read from the chain's usage log.
    pub async fn describe(&self) -> Vec<ProviderInfo> {
        let day_start = utc_day_start_ms(self.clock().now_ms());
        let mut infos = Vec::with_capacity(self.slots().len());
        for slot in self.slots() {
            let used_today = match self.usage().count_today(slot.name(), day_start).await {
                Ok(n) => Some(n),
                Err(e) => {
                    tracing::warn!(provider = slot.name(), error = %e, "video-jobs> ERROR reading today's usage of {}: {e}", slot.name());
                    None
                }
            };
            infos.push(ProviderInfo {
                name: slot.name().to_owned(),
                priority: slot.priority,
                daily_limit: slot.daily_limit,
                cost_per_video_usd: slot.cost_per_video_usd,
                enabled: slot.enabled,
                breaker_state: slot.breaker.state().as_str(),
                used_today,
            });
        }
        infos
    }
}
