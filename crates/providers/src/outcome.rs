//! What a chain run gives back: the calls it made, the providers it passed
//! over, and the frames or the reason it failed.
use rust_decimal::Decimal;

use crate::provider::{ProvidedFrame, ProviderError};

/// One call to a provider, as the chain saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptSummary {
    pub provider: String,
    /// 1 for the first call to this provider in this run, 2 for its first retry…
    pub attempt: u32,
    pub started_at_ms: i64,
    pub duration_ms: i64,
    /// `None` on success.
    pub error: Option<ProviderError>,
}

impl AttemptSummary {
    pub fn success(&self) -> bool {
        self.error.is_none()
    }
}

/// Why a provider was not called (or not called again).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SkipReason {
    #[error("disabled")]
    Disabled,
    #[error("circuit breaker open")]
    BreakerOpen,
    #[error("daily limit of {limit} reached")]
    DailyLimit { limit: u32 },
    /// The usage log could not be read, so a daily limit could not be checked.
    #[error("usage unknown: {0}")]
    UsageUnavailable(String),
}

/// A provider the chain passed over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedProvider {
    pub provider: String,
    pub reason: SkipReason,
}

/// A successful run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainOutcome {
    /// The provider that extracted the frames.
    pub provider: String,
    /// One per index `0..frame_count`, in index order.
    pub frames: Vec<ProvidedFrame>,
    /// What it charged (its cost per video).
    pub cost_usd: Decimal,
    /// Every call made, failed ones first, the successful one last.
    pub attempts: Vec<AttemptSummary>,
    pub skipped: Vec<SkippedProvider>,
}

/// A failed run.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainError {
    /// A provider said the video cannot be used: the job fails, no fallback.
    #[error("the video cannot be used: {message}")]
    Input { provider: String, message: String, attempts: Vec<AttemptSummary> },
    #[error("cancelled")]
    Cancelled { attempts: Vec<AttemptSummary> },
    /// Every provider that could be called failed.
    #[error("every frame provider failed: {}", failures_text(attempts, skipped))]
    AllFailed { attempts: Vec<AttemptSummary>, skipped: Vec<SkippedProvider> },
    /// No provider could be called at all.
    #[error("no frame provider is available{}", skipped_text(skipped))]
    NoProvider { skipped: Vec<SkippedProvider> },
}

impl ChainError {
    /// The calls made before the run failed.
    pub fn attempts(&self) -> &[AttemptSummary] {
        match self {
            ChainError::Input { attempts, .. }
            | ChainError::Cancelled { attempts }
            | ChainError::AllFailed { attempts, .. } => attempts,
            ChainError::NoProvider { .. } => &[],
        }
    }
}

/// `ffmpeg-api: temporary failure: HTTP 503 (4 attempts); cloudinary: daily limit of 100 reached`.
fn failures_text(attempts: &[AttemptSummary], skipped: &[SkippedProvider]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut names: Vec<&str> = Vec::new();
    for a in attempts {
        if !names.contains(&a.provider.as_str()) {
            names.push(&a.provider);
        }
    }
    for name in names {
        let mine: Vec<&AttemptSummary> = attempts.iter().filter(|a| a.provider == name).collect();
        let last = mine.last().and_then(|a| a.error.as_ref()).map(|e| e.to_string()).unwrap_or_default();
        if mine.len() > 1 {
            parts.push(format!("{name}: {last} ({} attempts)", mine.len()));
        } else {
            parts.push(format!("{name}: {last}"));
        }
    }
    for s in skipped {
        parts.push(format!("{}: {}", s.provider, s.reason));
    }
    parts.join("; ")
}

fn skipped_text(skipped: &[SkippedProvider]) -> String {
    if skipped.is_empty() { " (none is configured)".to_owned() } else { format!(": {}", failures_text(&[], skipped)) }
}
