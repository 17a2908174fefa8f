//! A circuit breaker per provider, so a provider that keeps failing is left
//! alone for a while instead of costing every job its retries.
//!
//! Closed (calls go through; consecutive failures are counted) → Open after
//! `failure_threshold` failures in a row (calls are skipped) → after
//! `cool_down`, HalfOpen: one trial call goes through, and only one at a time;
//! its success closes the breaker, its failure opens it again for another
//! cool-down. The state lives in this process only.
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::Clock;

/// When a breaker opens and for how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker (at least 1).
    pub failure_threshold: u32,
    /// How long it stays open before a trial call.
    pub cool_down: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        BreakerConfig { failure_threshold: 5, cool_down: Duration::from_secs(60) }
    }
}

/// What a breaker lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    Closed,
    Open,
    /// The cool-down is over: the next call is a trial.
    HalfOpen,
}

impl BreakerState {
    /// `closed`, `open` or `half_open`.
    pub fn as_str(self) -> &'static str {
        match self {
            BreakerState::Closed => "closed",
            BreakerState::Open => "open",
            BreakerState::HalfOpen => "half_open",
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Inner {
    Closed { failures: u32 },
    Open { until_ms: i64 },
    HalfOpen { trial_running: bool },
}

/// One provider's breaker. Cheap to share: all methods take `&self`.
pub struct CircuitBreaker {
    config: BreakerConfig,
    clock: Arc<dyn Clock>,
    inner: Mutex<Inner>,
}

impl std::fmt::Debug for CircuitBreaker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CircuitBreaker").field("config", &self.config).field("inner", &*self.lock()).finish()
    }
}

impl CircuitBreaker {
    pub fn new(config: BreakerConfig, clock: Arc<dyn Clock>) -> Self {
        CircuitBreaker { config, clock, inner: Mutex::new(Inner::Closed { failures: 0 }) }
    }

    pub fn config(&self) -> BreakerConfig {
        self.config
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The state as the API shows it: an open breaker whose cool-down is
    /// over reads `HalfOpen` (its next call is a trial).
    pub fn state(&self) -> BreakerState {
        match *self.lock() {
            Inner::Closed { .. } => BreakerState::Closed,
            Inner::Open { until_ms } if self.clock.now_ms() < until_ms => BreakerState::Open,
            Inner::Open { .. } | Inner::HalfOpen { .. } => BreakerState::HalfOpen,
        }
    }

    /// Asks to make one call. `false`: skip the provider (open, or a trial
    /// is already running). `true` after the cool-down makes this call the
    /// trial: report how it went with `record_success`, `record_failure` or
    /// `release`.
    pub fn try_acquire(&self) -> bool {
        let mut inner = self.lock();
        match *inner {
            Inner::Closed { .. } => true,
            Inner::Open { until_ms } => {
                if self.clock.now_ms() < until_ms {
                    false
                } else {
                    *inner = Inner::HalfOpen { trial_running: true };
                    true
                }
            }
            Inner::HalfOpen { trial_running: true } => false,
            Inner::HalfOpen { trial_running: false } => {
                *inner = Inner::HalfOpen { trial_running: true };
                true
            }
        }
    }

    /// The call worked (or the provider answered properly that the video is
    /// bad): closed, count reset.
    pub fn record_success(&self) {
        *self.lock() = Inner::Closed { failures: 0 };
    }

    /// The call failed: one more in a row; open at the threshold, or again
    /// after a failed trial.
    pub fn record_failure(&self) {
        let mut inner = self.lock();
        let open =
            Inner::Open { until_ms: self.clock.now_ms().saturating_add(self.config.cool_down.as_millis() as i64) };
        *inner = match *inner {
            Inner::Closed { failures } => {
                let failures = failures.saturating_add(1);
                if failures >= self.config.failure_threshold.max(1) { open } else { Inner::Closed { failures } }
            }
            Inner::HalfOpen { .. } | Inner::Open { .. } => open,
        };
    }

    /// The call ended without telling anything about the provider (the job
    /// was cancelled): a trial slot is given back, nothing else changes.
    pub fn release(&self) {
        let mut inner = self.lock();
        if let Inner::HalfOpen { trial_running: true } = *inner {
            *inner = Inner::HalfOpen { trial_running: false };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn breaker(clock: &Arc<ManualClock>) -> CircuitBreaker {
        CircuitBreaker::new(BreakerConfig { failure_threshold: 3, cool_down: Duration::from_secs(60) }, clock.clone())
    }

    #[test]
    fn opens_after_consecutive_failures_only() {
        let clock = ManualClock::new(1_000);
        let b = breaker(&clock);
        b.record_failure();
        b.record_failure();
        b.record_success(); // resets the count
        b.record_failure();
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.try_acquire());
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Open);
        assert!(!b.try_acquire());
    }

    #[test]
    fn half_open_lets_one_trial_through_then_closes_or_reopens() {
        let clock = ManualClock::new(0);
        let b = breaker(&clock);
        for _ in 0..3 {
            b.record_failure();
        }
        clock.advance(Duration::from_millis(59_999));
        assert!(!b.try_acquire());
        clock.advance(Duration::from_millis(1));
        assert_eq!(b.state(), BreakerState::HalfOpen);
        assert!(b.try_acquire(), "the trial");
        assert!(!b.try_acquire(), "only one trial at a time");
        // A failed trial opens it again for a whole cool-down.
        b.record_failure();
        assert_eq!(b.state(), BreakerState::Open);
        clock.advance(Duration::from_secs(59));
        assert!(!b.try_acquire());
        clock.advance(Duration::from_secs(1));
        assert!(b.try_acquire());
        b.record_success();
        assert_eq!(b.state(), BreakerState::Closed);
        assert!(b.try_acquire());
        assert!(b.try_acquire());
    }

    #[test]
    fn a_released_trial_lets_the_next_call_try() {
        let clock = ManualClock::new(0);
        let b = breaker(&clock);
        for _ in 0..3 {
            b.record_failure();
        }
        clock.advance(Duration::from_secs(60));
        assert!(b.try_acquire());
        b.release();
        assert_eq!(b.state(), BreakerState::HalfOpen);
        assert!(b.try_acquire());
    }

    #[test]
    fn state_names() {
        assert_eq!(BreakerState::Closed.as_str(), "closed");
        assert_eq!(BreakerState::Open.as_str(), "open");
        assert_eq!(BreakerState::HalfOpen.as_str(), "half_open");
    }
}
