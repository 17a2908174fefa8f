//! 360° frame extraction providers for the worker.
//!
//! A job's frames come from a [`ProviderChain`]: providers tried in
//! priority order — the worker's own ffmpeg extractor (`local`, implemented
//! in the worker crate on [`FrameProvider`]) and optional external services
//! ([`HttpProvider`], one generic JSON contract: vendor-specific adapters are
//! not written). A temporary failure is retried after each configured delay
//! (2 s, 4 s, 8 s), then the next provider is tried; a provider's
//! [`CircuitBreaker`] skips it after consecutive failures until a cool-down
//! has passed; a daily limit skips it for the rest of the UTC day. Every
//! call writes a [`UsageRecord`] through a [`UsageLog`] (the database in
//! production, [`MemoryUsageLog`] otherwise). [`ProvidersConfig`] reads all
//! of it from the environment ([`PROVIDERS_ENV_HELP`]), and
//! [`ProviderChain::describe`] shows it to `GET /api/providers`.
//!
//! [`fetch_to_file`] downloads a customer-given URL safely: public
//! addresses only (checked on every DNS answer, every redirect and IP
//! literals), a byte cap and a time limit.
//!
//! Time is injectable ([`Clock`], [`Sleeper`]) so tests never sleep. Logs
//! start with `video-jobs>` and carry the job id.
#![forbid(unsafe_code)]

mod address;
mod breaker;
mod chain;
mod clock;
mod config;
mod fetch;
mod http_provider;
mod info;
mod outcome;
mod provider;
mod url_check;
mod usage;

pub use address::blocked_reason;
pub use url_check::url_host_ip;
pub use breaker::{BreakerConfig, BreakerState, CircuitBreaker};
pub use chain::{DEFAULT_RETRY_DELAYS_MS, ProviderChain, ProviderSlot, default_retry_delays};
pub use outcome::{AttemptSummary, ChainError, ChainOutcome, SkipReason, SkippedProvider};
pub use clock::{Clock, ManualClock, ManualSleeper, Sleeper, SystemClock, TokioSleeper, utc_day_start_ms};
pub use config::{
    ConfigError, LOCAL_PROVIDER, PROVIDERS_ENV_HELP, ProviderConfig, ProviderKind, ProvidersConfig,
    fetch_policy_from_lookup, provider_var,
};
pub use fetch::{
    DEFAULT_FETCH_TIMEOUT, DEFAULT_MAX_FETCH_BYTES, FetchError, FetchPolicy, FetchedFile, MAX_REDIRECTS, SafeFetcher,
    fetch_to_file, format_bytes,
};
pub use http_provider::{DEFAULT_MAX_FRAME_BYTES, DEFAULT_PROVIDER_TIMEOUT, HttpProvider, HttpProviderConfig};
pub use info::ProviderInfo;
pub use provider::{BoxFuture, FrameProvider, ProvidedFrame, ProviderError, ProviderRequest, VideoSource};
pub use usage::{MemoryUsageLog, UsageError, UsageLog, UsageRecord};
/// The cancellation signal [`ProviderChain::run`] takes (tokio-util's).
pub use tokio_util::sync::CancellationToken;
