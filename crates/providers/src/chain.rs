//! The provider chain: providers tried in priority order, with retries of
//! temporary failures, circuit breakers, daily limits and a usage record
//! for every call.
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;
use tokio_util::sync::CancellationToken;

use crate::breaker::CircuitBreaker;
use crate::clock::{Clock, Sleeper, SystemClock, TokioSleeper, utc_day_start_ms};
use crate::outcome::{AttemptSummary, ChainError, ChainOutcome, SkipReason, SkippedProvider};
use crate::provider::{FrameProvider, ProvidedFrame, ProviderError, ProviderRequest};
use crate::usage::{UsageLog, UsageRecord};

/// Waits before the 1st, 2nd and 3rd retry of a temporary failure.
pub const DEFAULT_RETRY_DELAYS_MS: [u64; 3] = [2_000, 4_000, 8_000];

/// [`DEFAULT_RETRY_DELAYS_MS`] as durations.
pub fn default_retry_delays() -> Vec<Duration> {
    DEFAULT_RETRY_DELAYS_MS.iter().map(|ms| Duration::from_millis(*ms)).collect()
}

/// One provider in the chain and its rules.
pub struct ProviderSlot {
    pub provider: Arc<dyn FrameProvider>,
    /// Lower is tried first; equal priorities keep the order they were added in.
    pub priority: i32,
    /// A disabled provider is listed by `describe` but never called.
    pub enabled: bool,
    /// Calls allowed per UTC day (see [`UsageLog::count_today`]); `None`: no limit.
    pub daily_limit: Option<u32>,
    /// Charged (recorded) for each video the provider extracts.
    pub cost_per_video_usd: Decimal,
    /// One retry of a temporary failure after each delay, in turn.
    pub retry_delays: Vec<Duration>,
    pub breaker: CircuitBreaker,
}

impl ProviderSlot {
    /// Enabled, no daily limit, free, the default retry delays.
    pub fn new(provider: Arc<dyn FrameProvider>, priority: i32, breaker: CircuitBreaker) -> Self {
        ProviderSlot {
            provider,
            priority,
            enabled: true,
            daily_limit: None,
            cost_per_video_usd: Decimal::ZERO,
            retry_delays: default_retry_delays(),
            breaker,
        }
    }

    pub fn name(&self) -> &str {
        self.provider.name()
    }
}

/// The providers of a deployment, in priority order.
pub struct ProviderChain {
    slots: Vec<ProviderSlot>,
    usage: Arc<dyn UsageLog>,
    clock: Arc<dyn Clock>,
    sleeper: Arc<dyn Sleeper>,
}

impl ProviderChain {
    /// An empty chain on the system clock and tokio's sleep.
    pub fn new(usage: Arc<dyn UsageLog>) -> Self {
        ProviderChain { slots: Vec::new(), usage, clock: Arc::new(SystemClock), sleeper: Arc::new(TokioSleeper) }
    }

    /// The clock for usage times, durations and daily limits (give the
    /// breakers the same one).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// What waits between retries.
    pub fn with_sleeper(mut self, sleeper: Arc<dyn Sleeper>) -> Self {
        self.sleeper = sleeper;
        self
    }

    /// Adds a provider, keeping the chain in priority order.
    pub fn with_slot(mut self, slot: ProviderSlot) -> Self {
        self.push(slot);
        self
    }

    /// Adds a provider, keeping the chain in priority order.
    pub fn push(&mut self, slot: ProviderSlot) {
        self.slots.push(slot);
        self.slots.sort_by_key(|s| s.priority); // stable: ties keep their order
    }

    pub fn clock(&self) -> Arc<dyn Clock> {
        self.clock.clone()
    }

    pub fn usage(&self) -> &Arc<dyn UsageLog> {
        &self.usage
    }

    /// The providers, in the order they are tried.
    pub fn slots(&self) -> &[ProviderSlot] {
        &self.slots
    }

    pub fn slot(&self, name: &str) -> Option<&ProviderSlot> {
        self.slots.iter().find(|s| s.name() == name)
    }

    /// Extracts the frames with the first provider that can: providers in
    /// priority order, skipping disabled ones, open breakers and reached
    /// daily limits; a `Transient` failure is retried after each of the
    /// provider's delays, then the next provider is tried; `Refused` goes
    /// to the next provider at once; `Input` and `Cancelled` end the run.
    /// A provider that returns other frames than indices `0..frame_count`
    /// is treated as `Refused`. Every call writes a usage record; a usage
    /// log that fails is logged and does not fail the job.
    pub async fn run(
        &self,
        request: &ProviderRequest,
        work_dir: &Path,
        cancel: &CancellationToken,
    ) -> Result<ChainOutcome, ChainError> {
        let job = request.job_id.as_str();
        let mut attempts: Vec<AttemptSummary> = Vec::new();
        let mut skipped: Vec<SkippedProvider> = Vec::new();

        for slot in &self.slots {
            let name = slot.name();
            if !slot.enabled {
                skipped.push(SkippedProvider { provider: name.to_owned(), reason: SkipReason::Disabled });
                continue;
            }
            let mut attempt: u32 = 0;
            loop {
                if cancel.is_cancelled() {
                    tracing::info!(job_id = %job, provider = name, "video-jobs> id={job} cancelled before calling {name}");
                    return Err(ChainError::Cancelled { attempts });
                }
                if let Some(reason) = self.daily_limit_reached(slot).await {
                    tracing::info!(job_id = %job, provider = name, "video-jobs> id={job} skipping {name}: {reason}");
                    skipped.push(SkippedProvider { provider: name.to_owned(), reason });
                    break;
                }
                if !slot.breaker.try_acquire() {
                    tracing::info!(job_id = %job, provider = name, "video-jobs> id={job} skipping {name}: circuit breaker open");
                    skipped.push(SkippedProvider { provider: name.to_owned(), reason: SkipReason::BreakerOpen });
                    break;
                }
                attempt += 1;
                let started_at_ms = self.clock.now_ms();
                tracing::debug!(job_id = %job, provider = name, attempt, "video-jobs> id={job} calling {name} (attempt {attempt})");
                let result = tokio::select! {
                    biased;
                    _ = cancel.cancelled() => Err(ProviderError::Cancelled),
                    result = slot.provider.extract(request, work_dir) => result,
                };
                let result = result.and_then(|frames| check_frames(frames, request.frame_count));
                let duration_ms = self.clock.now_ms().saturating_sub(started_at_ms).max(0);
                let error = result.as_ref().err().cloned();
                self.record(slot, request, started_at_ms, duration_ms, error.as_ref()).await;
                attempts.push(AttemptSummary { provider: name.to_owned(), attempt, started_at_ms, duration_ms, error });

                match result {
                    Ok(frames) => {
                        slot.breaker.record_success();
                        tracing::info!(
                            job_id = %job, provider = name, attempt, duration_ms, frames = frames.len(),
                            "video-jobs> id={job} {name} extracted {} frames in {duration_ms} ms", frames.len()
                        );
                        return Ok(ChainOutcome {
                            provider: name.to_owned(),
                            frames,
                            cost_usd: slot.cost_per_video_usd,
                            attempts,
                            skipped,
                        });
                    }
                    Err(ProviderError::Input(message)) => {
                        // The provider worked: it told us the video is bad.
                        slot.breaker.record_success();
                        tracing::warn!(job_id = %job, provider = name, "video-jobs> ERROR id={job} {name}: the video cannot be used: {message}");
                        return Err(ChainError::Input { provider: name.to_owned(), message, attempts });
                    }
                    Err(ProviderError::Cancelled) => {
                        slot.breaker.release();
                        tracing::info!(job_id = %job, provider = name, "video-jobs> id={job} cancelled while {name} was working");
                        return Err(ChainError::Cancelled { attempts });
                    }
                    Err(ProviderError::Refused(message)) => {
                        slot.breaker.record_failure();
                        tracing::warn!(job_id = %job, provider = name, attempt, "video-jobs> ERROR id={job} {name} refused: {message}; next provider");
                        break;
                    }
                    Err(ProviderError::Transient(message)) => {
                        slot.breaker.record_failure();
                        let Some(delay) = slot.retry_delays.get(attempt as usize - 1).copied() else {
                            tracing::warn!(
                                job_id = %job, provider = name, attempt,
                                "video-jobs> ERROR id={job} {name} failed: {message}; no retry left, next provider"
                            );
                            break;
                        };
                        tracing::warn!(
                            job_id = %job, provider = name, attempt, delay_ms = delay.as_millis() as u64,
                            "video-jobs> ERROR id={job} {name} failed: {message}; retry in {} ms", delay.as_millis()
                        );
                        tokio::select! {
                            biased;
                            _ = cancel.cancelled() => {
                                tracing::info!(job_id = %job, provider = name, "video-jobs> id={job} cancelled while waiting to retry {name}");
                                return Err(ChainError::Cancelled { attempts });
                            }
                            _ = self.sleeper.sleep(delay) => {}
                        }
                    }
                }
            }
        }

        if attempts.is_empty() {
            let error = ChainError::NoProvider { skipped };
            tracing::error!(job_id = %job, "video-jobs> ERROR id={job} {error}");
            Err(error)
        } else {
            let error = ChainError::AllFailed { attempts, skipped };
            tracing::error!(job_id = %job, "video-jobs> ERROR id={job} {error}");
            Err(error)
        }
    }

    /// `Some(reason)` when the slot's daily limit is reached or cannot be
    /// checked (then the provider is skipped: no spending past a limit).
    async fn daily_limit_reached(&self, slot: &ProviderSlot) -> Option<SkipReason> {
        let limit = slot.daily_limit?;
        let day_start = utc_day_start_ms(self.clock.now_ms());
        match self.usage.count_today(slot.name(), day_start).await {
            Ok(used) if used >= limit => Some(SkipReason::DailyLimit { limit }),
            Ok(_) => None,
            Err(e) => Some(SkipReason::UsageUnavailable(e.to_string())),
        }
    }

    async fn record(
        &self,
        slot: &ProviderSlot,
        request: &ProviderRequest,
        at_ms: i64,
        duration_ms: i64,
        error: Option<&ProviderError>,
    ) {
        let record = UsageRecord {
            organization_id: request.organization_id.clone(),
            job_id: request.job_id.clone(),
            provider: slot.name().to_owned(),
            cost_usd: if error.is_none() { slot.cost_per_video_usd } else { Decimal::ZERO },
            duration_ms,
            success: error.is_none(),
            error: error.map(|e| e.to_string()),
            at_ms,
        };
        if let Err(e) = self.usage.record(record).await {
            let job = request.job_id.as_str();
            tracing::warn!(job_id = %job, provider = slot.name(), error = %e, "video-jobs> ERROR id={job} writing a usage record: {e}");
        }
    }
}

/// The frames sorted by index, which must be exactly `0..frame_count`.
fn check_frames(mut frames: Vec<ProvidedFrame>, frame_count: u32) -> Result<Vec<ProvidedFrame>, ProviderError> {
    frames.sort_by_key(|f| f.index);
    let complete = frames.len() == frame_count as usize && frames.iter().zip(0..).all(|(f, i)| f.index == i);
    if complete {
        Ok(frames)
    } else {
        let indices: Vec<u32> = frames.iter().map(|f| f.index).collect();
        Err(ProviderError::Refused(format!(
            "returned frames {indices:?} where frames 0 to {} were asked for",
            frame_count.saturating_sub(1)
        )))
    }
}
