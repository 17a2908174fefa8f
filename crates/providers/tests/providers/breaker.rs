//! The circuit breaker in the chain, with an HTTP provider whose fake
//! service counts the calls it gets, and time moved by hand.
use std::sync::Arc;
use std::time::Duration;

use providers::{
    BreakerConfig, CircuitBreaker, HttpProvider, HttpProviderConfig, ManualClock, ManualSleeper, MemoryUsageLog,
    ProviderChain, ProviderSlot, SkipReason, VideoSource,
};
use tokio_util::sync::CancellationToken;

use crate::fake_service::{FakeService, Mode};
use crate::support::{ScriptedProvider, Step, request};

#[tokio::test]
async fn five_failures_open_the_breaker_then_one_trial_after_the_cool_down_closes_it() {
    let service = FakeService::start(Mode::Status(503, "down")).await;
    let clock = ManualClock::new(1_741_082_400_000);
    let sleeper = ManualSleeper::new(clock.clone());
    let usage = Arc::new(MemoryUsageLog::new());

    let mut config = HttpProviderConfig::new("ffmpeg-api", service.endpoint(), "k");
    config.allow_private_frames = true;
    let breaker =
        CircuitBreaker::new(BreakerConfig { failure_threshold: 5, cool_down: Duration::from_secs(60) }, clock.clone());
    let mut remote = ProviderSlot::new(Arc::new(HttpProvider::new(config).unwrap()), 1, breaker);
    remote.retry_delays = vec![Duration::from_millis(1); 4]; // 5 calls in the first job
    let fallback = ScriptedProvider::new("local", vec![Step::Frames]);
    let local = ProviderSlot::new(fallback.clone(), 2, CircuitBreaker::new(BreakerConfig::default(), clock.clone()));
    let chain = ProviderChain::new(usage.clone())
        .with_clock(clock.clone())
        .with_sleeper(sleeper)
        .with_slot(remote)
        .with_slot(local);
    let job = request(VideoSource::Url("https://files.example.com/v.mp4".to_owned()), 3);
    let dir = tempfile::tempdir().unwrap();
    let state = || chain.slot("ffmpeg-api").unwrap().breaker.state().as_str();

    // Job 1: five failures in a row (the call and 4 retries) open it.
    let outcome = chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "local");
    assert_eq!(service.calls(), 5);
    assert_eq!(state(), "open");

    // Job 2: skipped without a call.
    let outcome = chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "local");
    assert_eq!(service.calls(), 5, "an open breaker makes no call");
    assert_eq!(outcome.skipped[0].reason, SkipReason::BreakerOpen);
    assert_eq!(outcome.attempts.len(), 1, "only local's call");

    // Still open just before the cool-down ends.
    clock.advance(Duration::from_millis(59_990));
    chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(service.calls(), 5);

    // After it: half open, one trial goes through; it works, so closed.
    clock.advance(Duration::from_secs(1));
    assert_eq!(state(), "half_open");
    service.set_mode(Mode::Frames);
    let outcome = chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap();
    assert_eq!(outcome.provider, "ffmpeg-api");
    assert_eq!(service.calls(), 6);
    assert_eq!(state(), "closed");
    assert_eq!(fallback.calls(), 3);

    let infos = chain.describe().await;
    assert_eq!(
        (infos[0].name.as_str(), infos[0].breaker_state, infos[0].used_today),
        ("ffmpeg-api", "closed", Some(6))
    );
}

#[tokio::test]
async fn a_failed_trial_opens_the_breaker_again() {
    let service = FakeService::start(Mode::Status(500, "down")).await;
    let clock = ManualClock::new(0);
    let usage = Arc::new(MemoryUsageLog::new());
    let config = HttpProviderConfig::new("ffmpeg-api", service.endpoint(), "k");
    let breaker =
        CircuitBreaker::new(BreakerConfig { failure_threshold: 2, cool_down: Duration::from_secs(60) }, clock.clone());
    let mut remote = ProviderSlot::new(Arc::new(HttpProvider::new(config).unwrap()), 1, breaker);
    remote.retry_delays = vec![Duration::from_millis(1); 3];
    let chain = ProviderChain::new(usage)
        .with_clock(clock.clone())
        .with_sleeper(ManualSleeper::new(clock.clone()))
        .with_slot(remote);
    let job = request(VideoSource::Url("https://files.example.com/v.mp4".to_owned()), 3);
    let dir = tempfile::tempdir().unwrap();

    // Opens after 2 of the 4 calls allowed by the retries: no more calls then.
    let err = chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap_err();
    assert_eq!(service.calls(), 2);
    assert!(err.to_string().contains("circuit breaker open"), "{err}");

    clock.advance(Duration::from_secs(60));
    chain.run(&job, dir.path(), &CancellationToken::new()).await.unwrap_err();
    assert_eq!(service.calls(), 3, "one trial, failed: open again, no retry through it");
    assert_eq!(chain.slot("ffmpeg-api").unwrap().breaker.state().as_str(), "open");
}
