//! The chain with scripted providers: fallback, retries on the injected
//! delays, usage records, daily limits, input errors, cancellation.
use std::sync::Arc;
use std::time::Duration;

use providers::{
    BreakerConfig, ChainError, CircuitBreaker, ManualClock, ManualSleeper, MemoryUsageLog, ProviderChain,
    ProviderError, ProviderSlot, SkipReason, UsageLog, UsageRecord,
};
use rust_decimal_macros::dec;
use tokio_util::sync::CancellationToken;

use crate::support::{ScriptedProvider, Step, local_request};

/// 2025-03-04T10:00:00Z.
const T0: i64 = 1_741_082_400_000;

struct Fixture {
    clock: Arc<ManualClock>,
    sleeper: Arc<ManualSleeper>,
    usage: Arc<MemoryUsageLog>,
}

impl Fixture {
    fn new() -> Self {
        let clock = ManualClock::new(T0);
        Fixture { sleeper: ManualSleeper::new(clock.clone()), usage: Arc::new(MemoryUsageLog::new()), clock }
    }

    fn slot(&self, provider: Arc<ScriptedProvider>, priority: i32) -> ProviderSlot {
        ProviderSlot::new(provider, priority, CircuitBreaker::new(BreakerConfig::default(), self.clock.clone()))
    }

    fn chain(&self, slots: Vec<ProviderSlot>) -> ProviderChain {
        let mut chain =
            ProviderChain::new(self.usage.clone()).with_clock(self.clock.clone()).with_sleeper(self.sleeper.clone());
        for slot in slots {
            chain.push(slot);
        }
        chain
    }
}

fn transient() -> Step {
    Step::Fail(ProviderError::Transient("HTTP 503".to_owned()))
}

#[tokio::test]
async fn transient_failures_are_retried_on_the_delays_then_the_next_provider_succeeds() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![transient()]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let mut slot_b = f.slot(b.clone(), 2);
    slot_b.cost_per_video_usd = dec!(0.05);
    // Added out of order: priority decides.
    let chain = f.chain(vec![slot_b, f.slot(a.clone(), 1)]);
    let dir = tempfile::tempdir().unwrap();

    let outcome = chain.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap();

    assert_eq!(outcome.provider, "b");
    assert_eq!(outcome.cost_usd, dec!(0.05));
    assert_eq!(outcome.frames.len(), 6);
    assert!(outcome.frames.iter().enumerate().all(|(i, fr)| fr.index == i as u32 && fr.path.exists()));
    assert_eq!((a.calls(), b.calls()), (4, 1), "1 call + 3 retries of a, then b");

    // The default delays, waited in turn, and the attempts' times follow them.
    let waits = f.sleeper.slept();
    assert_eq!(waits, vec![Duration::from_secs(2), Duration::from_secs(4), Duration::from_secs(8)]);
    let starts: Vec<(String, u32, i64)> =
        outcome.attempts.iter().map(|a| (a.provider.clone(), a.attempt, a.started_at_ms - T0)).collect();
    assert_eq!(
        starts,
        vec![
            ("a".to_owned(), 1, 0),
            ("a".to_owned(), 2, 2_000),
            ("a".to_owned(), 3, 6_000),
            ("a".to_owned(), 4, 14_000),
            ("b".to_owned(), 1, 14_000),
        ]
    );
    assert!(outcome.attempts[..4].iter().all(|a| a.error == Some(ProviderError::Transient("HTTP 503".to_owned()))));
    assert!(outcome.attempts[4].success());

    // 4 failed records for a (nothing charged), 1 success for b at b's price.
    let records = f.usage.records();
    assert_eq!(records.len(), 5);
    for r in &records[..4] {
        assert_eq!((r.provider.as_str(), r.success, r.cost_usd), ("a", false, dec!(0)));
        assert_eq!(r.error.as_deref(), Some("temporary failure: HTTP 503"));
        assert_eq!((r.organization_id.as_str(), r.job_id.as_str()), ("org-1", "job-1"));
    }
    assert_eq!((records[4].provider.as_str(), records[4].success, records[4].cost_usd), ("b", true, dec!(0.05)));
    assert_eq!(records[4].error, None);
    assert_eq!(records.iter().map(|r| r.at_ms - T0).collect::<Vec<_>>(), vec![0, 2_000, 6_000, 14_000, 14_000]);
}

#[tokio::test]
async fn a_refusal_goes_to_the_next_provider_without_retry() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![Step::Fail(ProviderError::Refused("HTTP 401".to_owned()))]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let chain = f.chain(vec![f.slot(a.clone(), 1), f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let outcome = chain.run(&local_request(3), dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "b");
    assert_eq!((a.calls(), b.calls()), (1, 1));
    assert!(f.sleeper.slept().is_empty());
}

#[tokio::test]
async fn all_failing_reports_every_provider() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![transient()]);
    let b = ScriptedProvider::new("b", vec![Step::Fail(ProviderError::Refused("HTTP 429: quota".to_owned()))]);
    let mut slot_a = f.slot(a.clone(), 1);
    slot_a.retry_delays = vec![Duration::from_millis(1)];
    let chain = f.chain(vec![slot_a, f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let err = chain.run(&local_request(3), dir.path(), &CancellationToken::new()).await.unwrap_err();
    let ChainError::AllFailed { attempts, .. } = &err else { panic!("{err:?}") };
    assert_eq!(attempts.len(), 3);
    assert_eq!(
        err.to_string(),
        "every frame provider failed: a: temporary failure: HTTP 503 (2 attempts); b: refused: HTTP 429: quota"
    );
}

#[tokio::test]
async fn a_provider_at_its_daily_limit_is_skipped_without_a_call() {
    let f = Fixture::new();
    // One call yesterday (does not count) and two today.
    for at_ms in [T0 - 86_400_000, T0 - 3_600_000, T0 - 60_000] {
        f.usage
            .record(UsageRecord {
                organization_id: "org-0".into(),
                job_id: "old".into(),
                provider: "a".into(),
                cost_usd: dec!(0.05),
                duration_ms: 100,
                success: true,
                error: None,
                at_ms,
            })
            .await
            .unwrap();
    }
    let a = ScriptedProvider::new("a", vec![Step::Frames]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let mut slot_a = f.slot(a.clone(), 1);
    slot_a.daily_limit = Some(2);
    let chain = f.chain(vec![slot_a, f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let outcome = chain.run(&local_request(2), dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "b");
    assert_eq!(a.calls(), 0);
    assert_eq!(outcome.skipped.len(), 1);
    assert_eq!(outcome.skipped[0].reason, SkipReason::DailyLimit { limit: 2 });

    // A new UTC day: a is back.
    f.clock.set_ms(T0 + 14 * 3_600_000);
    let outcome = chain.run(&local_request(2), dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "a");
    assert_eq!(a.calls(), 1);
}

#[tokio::test]
async fn an_input_error_stops_the_chain() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![Step::Fail(ProviderError::Input("no video stream".to_owned()))]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let chain = f.chain(vec![f.slot(a.clone(), 1), f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let err = chain.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap_err();
    match &err {
        ChainError::Input { provider, message, attempts } => {
            assert_eq!((provider.as_str(), message.as_str(), attempts.len()), ("a", "no video stream", 1));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(err.to_string(), "the video cannot be used: no video stream");
    assert_eq!(b.calls(), 0, "no fallback");
    assert_eq!(f.usage.records().len(), 1);
    assert!(!f.usage.records()[0].success);
    // The provider answered properly: its breaker does not count it.
    assert_eq!(chain.slot("a").unwrap().breaker.state().as_str(), "closed");
}

#[tokio::test]
async fn cancelling_while_a_provider_works_stops_the_chain() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![Step::Hang]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let chain = f.chain(vec![f.slot(a.clone(), 1), f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancellationToken::new();
    let canceller = {
        let cancel = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            cancel.cancel();
        })
    };

    let err = tokio::time::timeout(Duration::from_secs(5), chain.run(&local_request(6), dir.path(), &cancel))
        .await
        .expect("the run ends when cancelled")
        .unwrap_err();
    canceller.await.unwrap();
    assert!(matches!(err, ChainError::Cancelled { ref attempts } if attempts.len() == 1), "{err:?}");
    assert_eq!((a.calls(), b.calls()), (1, 0));
    let records = f.usage.records();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].error.as_deref(), Some("cancelled"));
}

#[tokio::test]
async fn a_provider_that_reports_cancelled_stops_the_chain_and_a_cancelled_token_calls_nobody() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![Step::Fail(ProviderError::Cancelled)]);
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let chain = f.chain(vec![f.slot(a.clone(), 1), f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let err = chain.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap_err();
    assert!(matches!(err, ChainError::Cancelled { .. }), "{err:?}");
    assert_eq!((a.calls(), b.calls()), (1, 0));

    let cancel = CancellationToken::new();
    cancel.cancel();
    let err = chain.run(&local_request(6), dir.path(), &cancel).await.unwrap_err();
    assert!(matches!(err, ChainError::Cancelled { ref attempts } if attempts.is_empty()), "{err:?}");
    assert_eq!((a.calls(), b.calls()), (1, 0));
}

#[tokio::test]
async fn cancelling_during_a_retry_wait_stops_at_once() {
    // The real sleeper and a long delay: the run must not wait it out.
    let usage = Arc::new(MemoryUsageLog::new());
    let clock = ManualClock::new(T0);
    let a = ScriptedProvider::new("a", vec![transient()]);
    let mut slot = ProviderSlot::new(a.clone(), 1, CircuitBreaker::new(BreakerConfig::default(), clock.clone()));
    slot.retry_delays = vec![Duration::from_secs(3600)];
    let chain = ProviderChain::new(usage).with_clock(clock).with_slot(slot);
    let dir = tempfile::tempdir().unwrap();
    let cancel = CancellationToken::new();
    let trigger = cancel.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        trigger.cancel();
    });

    let err = tokio::time::timeout(Duration::from_secs(5), chain.run(&local_request(6), dir.path(), &cancel))
        .await
        .expect("not waiting an hour")
        .unwrap_err();
    assert!(matches!(err, ChainError::Cancelled { .. }), "{err:?}");
    assert_eq!(a.calls(), 1);
}

#[tokio::test]
async fn missing_frames_count_as_a_refusal() {
    struct Short;
    impl providers::FrameProvider for Short {
        fn name(&self) -> &str {
            "short"
        }
        fn extract<'a>(
            &'a self,
            _request: &'a providers::ProviderRequest,
            work_dir: &'a std::path::Path,
        ) -> providers::BoxFuture<'a, Result<Vec<providers::ProvidedFrame>, ProviderError>> {
            let frames = vec![providers::ProvidedFrame { index: 0, path: work_dir.join("0.jpg") }];
            Box::pin(std::future::ready(Ok(frames)))
        }
    }
    let f = Fixture::new();
    let b = ScriptedProvider::new("b", vec![Step::Frames]);
    let short = ProviderSlot::new(Arc::new(Short), 1, CircuitBreaker::new(BreakerConfig::default(), f.clock.clone()));
    let chain = f.chain(vec![short, f.slot(b.clone(), 2)]);
    let dir = tempfile::tempdir().unwrap();

    let outcome = chain.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "b");
    assert!(
        matches!(&outcome.attempts[0].error, Some(ProviderError::Refused(m)) if m.contains("[0]")),
        "{:?}",
        outcome.attempts[0]
    );
    assert!(f.sleeper.slept().is_empty(), "a refusal is not retried");
}

#[tokio::test]
async fn no_provider_when_everything_is_skipped() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("a", vec![Step::Frames]);
    let mut slot = f.slot(a.clone(), 1);
    slot.enabled = false;
    let chain = f.chain(vec![slot]);
    let dir = tempfile::tempdir().unwrap();

    let err = chain.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap_err();
    assert!(matches!(err, ChainError::NoProvider { .. }), "{err:?}");
    assert_eq!(err.to_string(), "no frame provider is available: a: disabled");
    assert_eq!(a.calls(), 0);

    let empty = f.chain(vec![]);
    let err = empty.run(&local_request(6), dir.path(), &CancellationToken::new()).await.unwrap_err();
    assert_eq!(err.to_string(), "no frame provider is available (none is configured)");
}

#[tokio::test]
async fn describe_lists_providers_in_order_with_todays_use() {
    let f = Fixture::new();
    let a = ScriptedProvider::new("local", vec![Step::Frames]);
    let b = ScriptedProvider::new("cloudinary", vec![Step::Frames]);
    let mut slot_b = f.slot(b, 2);
    slot_b.daily_limit = Some(100);
    slot_b.cost_per_video_usd = dec!(0.05);
    slot_b.enabled = false;
    let chain = f.chain(vec![f.slot(a, 1), slot_b]);
    let dir = tempfile::tempdir().unwrap();
    chain.run(&local_request(2), dir.path(), &CancellationToken::new()).await.unwrap();

    let infos = chain.describe().await;
    assert_eq!(infos.len(), 2);
    assert_eq!((infos[0].name.as_str(), infos[0].priority, infos[0].used_today), ("local", 1, Some(1)));
    assert_eq!(infos[0].breaker_state, "closed");
    assert_eq!(
        (
            infos[1].name.as_str(),
            infos[1].daily_limit,
            infos[1].cost_per_video_usd,
            infos[1].enabled,
            infos[1].used_today
        ),
        ("cloudinary", Some(100), dec!(0.05), false, Some(0))
    );
    let json = serde_json::to_value(&infos[1]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"name": "cloudinary", "priority": 2, "dailyLimit": 100, "costPerVideoUsd": "0.05",
            "enabled": false, "breakerState": "closed", "usedToday": 0})
    );
}
