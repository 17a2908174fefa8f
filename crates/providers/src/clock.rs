//! Time, injectable: the chain and the circuit breakers read the time and
//! wait through these traits, so tests move time by hand and never sleep.
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::provider::BoxFuture;

/// Milliseconds since the Unix epoch.
pub trait Clock: Send + Sync {
    fn now_ms(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
    }
}

/// A clock that only moves when told to (tests, benchmarks).
#[derive(Debug, Default)]
pub struct ManualClock {
    now_ms: AtomicI64,
}

impl ManualClock {
    pub fn new(now_ms: i64) -> Arc<Self> {
        Arc::new(ManualClock { now_ms: AtomicI64::new(now_ms) })
    }

    pub fn set_ms(&self, now_ms: i64) {
        self.now_ms.store(now_ms, Ordering::SeqCst);
    }

    pub fn advance(&self, by: Duration) {
        self.now_ms.fetch_add(by.as_millis() as i64, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.now_ms.load(Ordering::SeqCst)
    }
}

/// Waits between retries.
pub trait Sleeper: Send + Sync {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()>;
}

/// `tokio::time::sleep`.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleeper;

impl Sleeper for TokioSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// Does not wait: moves a [`ManualClock`] forward by the duration and keeps
/// the list of waits asked for (tests).
#[derive(Debug)]
pub struct ManualSleeper {
    clock: Arc<ManualClock>,
    slept: std::sync::Mutex<Vec<Duration>>,
}

impl ManualSleeper {
    pub fn new(clock: Arc<ManualClock>) -> Arc<Self> {
        Arc::new(ManualSleeper { clock, slept: std::sync::Mutex::new(Vec::new()) })
    }

    /// Every wait asked for so far, in order.
    pub fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl Sleeper for ManualSleeper {
    fn sleep(&self, duration: Duration) -> BoxFuture<'_, ()> {
        self.slept.lock().unwrap_or_else(|e| e.into_inner()).push(duration);
        self.clock.advance(duration);
        Box::pin(std::future::ready(()))
    }
}

/// The start (00:00 UTC) of the day holding `now_ms`, in Unix milliseconds.
pub fn utc_day_start_ms(now_ms: i64) -> i64 {
    const DAY_MS: i64 = 24 * 60 * 60 * 1000;
    now_ms.div_euclid(DAY_MS) * DAY_MS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_start_is_utc_midnight() {
        // 2025-03-04T15:16:17Z
        assert_eq!(utc_day_start_ms(1_741_101_377_000), 1_741_046_400_000);
        assert_eq!(utc_day_start_ms(1_741_046_400_000), 1_741_046_400_000);
        assert_eq!(utc_day_start_ms(-1), -86_400_000);
    }
}
