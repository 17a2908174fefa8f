//! Usage records: one per provider call (each retry too), for costs, daily
//! limits and `GET /api/providers`.
use std::sync::Mutex;

use rust_decimal::Decimal;

use crate::provider::BoxFuture;

/// One call to a provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageRecord {
    pub organization_id: String,
    pub job_id: String,
    pub provider: String,
    /// The provider's price per video, charged only on success (else 0).
    pub cost_usd: Decimal,
    pub duration_ms: i64,
    pub success: bool,
    /// What went wrong (`transient: HTTP 503 …`), on failure.
    pub error: Option<String>,
    /// When the call started, Unix milliseconds.
    pub at_ms: i64,
}

/// Where usage records go: the database in the server and worker
/// (implemented there), [`MemoryUsageLog`] in tests and single-process use.
pub trait UsageLog: Send + Sync {
    fn record(&self, record: UsageRecord) -> BoxFuture<'_, Result<(), UsageError>>;

    /// How many calls `provider` has had since `day_start_ms` (00:00 UTC
    /// today), successful or not: every record counts, as every request
    /// counts against a vendor's quota. Daily limits compare with this.
    fn count_today(&self, provider: &str, day_start_ms: i64) -> BoxFuture<'_, Result<u32, UsageError>>;
}

/// A usage log could not be written or read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("usage log: {0}")]
pub struct UsageError(pub String);

/// Usage records kept in memory (tests; an embedded single-process mode).
/// Forgets everything when the process ends.
#[derive(Debug, Default)]
pub struct MemoryUsageLog {
    records: Mutex<Vec<UsageRecord>>,
}

impl MemoryUsageLog {
    pub fn new() -> Self {
        MemoryUsageLog::default()
    }

    /// Every record so far, in order.
    pub fn records(&self) -> Vec<UsageRecord> {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl UsageLog for MemoryUsageLog {
    fn record(&self, record: UsageRecord) -> BoxFuture<'_, Result<(), UsageError>> {
        self.records.lock().unwrap_or_else(|e| e.into_inner()).push(record);
        Box::pin(std::future::ready(Ok(())))
    }

    fn count_today(&self, provider: &str, day_start_ms: i64) -> BoxFuture<'_, Result<u32, UsageError>> {
        let count = self
            .records
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .filter(|r| r.provider == provider && r.at_ms >= day_start_ms)
            .count();
        Box::pin(std::future::ready(Ok(u32::try_from(count).unwrap_or(u32::MAX))))
    }
}
