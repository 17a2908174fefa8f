//! Providers from the environment (or any lookup function): which ones, in
//! what order, their limits and prices, retries and breakers. See
//! [`PROVIDERS_ENV_HELP`].
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use rust_decimal::Decimal;

use crate::breaker::{BreakerConfig, CircuitBreaker};
use crate::chain::{ProviderChain, ProviderSlot, default_retry_delays};
use crate::clock::Clock;
use crate::fetch::FetchPolicy;
use crate::http_provider::{DEFAULT_PROVIDER_TIMEOUT, HttpProvider, HttpProviderConfig};
use crate::provider::FrameProvider;
use crate::usage::UsageLog;

/// The name of the worker's own ffmpeg extractor.
pub const LOCAL_PROVIDER: &str = "local";

/// The variables, for `worker --help` and the README.
pub const PROVIDERS_ENV_HELP: &str = "\
360° frame providers (worker):
  VIDEO360_PROVIDERS                  Providers in the order they are tried, comma-separated
                                      (default: local). `local` is the worker's own ffmpeg
                                      extractor; any other name is an external service spoken to
                                      with the generic JSON contract of the providers crate
                                      (no vendor-specific adapters are written).
  VIDEO360_PROVIDER_<NAME>_URL        Endpoint of an external provider (required). <NAME> is the
                                      name in upper case with '-' as '_': ffmpeg-api -> FFMPEG_API.
  VIDEO360_PROVIDER_<NAME>_KEY        Its API key, sent as a Bearer token (required).
  VIDEO360_PROVIDER_<NAME>_TIMEOUT_SECONDS  Time for its extraction call (default: 120).
  VIDEO360_PROVIDER_<NAME>_PRIORITY   Lower is tried first (default: its position in
                                      VIDEO360_PROVIDERS, from 1). Also for local.
  VIDEO360_PROVIDER_<NAME>_DAILY_LIMIT  Calls per UTC day, failed ones included (default: none).
  VIDEO360_PROVIDER_<NAME>_COST_USD   Price per extracted video in US dollars, recorded on
                                      success (default: 0).
  VIDEO360_PROVIDER_<NAME>_ENABLED    false keeps it listed but never called (default: true).
  VIDEO360_PROVIDER_RETRY_DELAYS_MS   Waits before each retry of a temporary failure, in ms
                                      (default: 2000,4000,8000; none: no retry).
  VIDEO360_BREAKER_FAILURES           Consecutive failures that open a provider's circuit
                                      breaker (default: 5).
  VIDEO360_BREAKER_COOLDOWN_SECONDS   How long it stays open before one trial call (default: 60).
  VIDEO360_FETCH_MAX_MB               Largest video downloaded from a videoUrl, in MB (default: 500).
  VIDEO360_FETCH_TIMEOUT_SECONDS      Time limit of that download (default: 300).
  VIDEO360_FETCH_ALLOW_PRIVATE        true lets video and frame URLs reach loopback and private
                                      networks (default: false; never on a public server).
";

/// A variable that cannot be used, named.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{var}: {message}")]
    Invalid { var: String, message: String },
    #[error("{var} is not set: provider `{provider}` needs it")]
    Missing { var: String, provider: String },
    #[error("provider `{provider}`: {message}")]
    Client { provider: String, message: String },
}

/// What kind of provider a name is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderKind {
    /// The worker's own extractor, given to [`ProvidersConfig::build_chain`].
    Local,
    /// An [`HttpProvider`].
    Http { url: String, api_key: String, timeout: Duration },
}

/// One configured provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderConfig {
    pub name: String,
    pub kind: ProviderKind,
    pub priority: i32,
    pub enabled: bool,
    pub daily_limit: Option<u32>,
    pub cost_per_video_usd: Decimal,
}

/// Every provider setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvidersConfig {
    /// In the order listed (the chain sorts them by priority).
    pub providers: Vec<ProviderConfig>,
    pub retry_delays: Vec<Duration>,
    pub breaker: BreakerConfig,
    /// `VIDEO360_FETCH_ALLOW_PRIVATE`, for the frame URLs of external providers.
    pub allow_private_frames: bool,
}

impl Default for ProvidersConfig {
    /// Only `local`.
    fn default() -> Self {
        ProvidersConfig {
            providers: vec![ProviderConfig {
                name: LOCAL_PROVIDER.to_owned(),
                kind: ProviderKind::Local,
                priority: 1,
                enabled: true,
                daily_limit: None,
                cost_per_video_usd: Decimal::ZERO,
            }],
            retry_delays: default_retry_delays(),
            breaker: BreakerConfig::default(),
            allow_private_frames: false,
        }
    }
}

/// `ffmpeg-api` → `VIDEO360_PROVIDER_FFMPEG_API_{suffix}`.
pub fn provider_var(name: &str, suffix: &str) -> String {
    format!("VIDEO360_PROVIDER_{}_{suffix}", name.to_ascii_uppercase().replace('-', "_"))
}

struct Vars<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Vars<F> {
    /// The trimmed value; empty counts as unset.
    fn get(&self, var: &str) -> Option<String> {
        (self.0)(var).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    fn parse<T: FromStr>(&self, var: &str, what: &str) -> Result<Option<T>, ConfigError> {
        match self.get(var) {
            None => Ok(None),
            Some(text) => text.parse::<T>().map(Some).map_err(|_| invalid(var, format!("`{text}` is not {what}"))),
        }
    }

    fn flag(&self, var: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(var).map(|v| v.to_ascii_lowercase()) {
            None => Ok(None),
            Some(v) if matches!(v.as_str(), "true" | "1" | "yes" | "on") => Ok(Some(true)),
            Some(v) if matches!(v.as_str(), "false" | "0" | "no" | "off") => Ok(Some(false)),
            Some(v) => Err(invalid(var, format!("`{v}` is not true or false"))),
        }
    }
}

fn invalid(var: &str, message: String) -> ConfigError {
    ConfigError::Invalid { var: var.to_owned(), message }
}

impl ProvidersConfig {
    /// From `std::env`.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|var| std::env::var(var).ok())
    }

    /// From `lookup` (the environment in production, a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let vars = Vars(lookup);
        let names = provider_names(vars.get("VIDEO360_PROVIDERS"))?;
        let mut providers = Vec::with_capacity(names.len());
        for (position, name) in names.iter().enumerate() {
            providers.push(provider_config(&vars, name, position as i32 + 1)?);
        }

        let retry_delays = match vars.get("VIDEO360_PROVIDER_RETRY_DELAYS_MS") {
            None => default_retry_delays(),
            Some(text) => retry_delays(&text)?,
        };
        let mut breaker = BreakerConfig::default();
        if let Some(failures) = vars.parse::<u32>("VIDEO360_BREAKER_FAILURES", "a whole number")? {
            if failures == 0 {
                return Err(invalid("VIDEO360_BREAKER_FAILURES", "must be at least 1".to_owned()));
            }
            breaker.failure_threshold = failures;
        }
        if let Some(seconds) = vars.parse::<u64>("VIDEO360_BREAKER_COOLDOWN_SECONDS", "a whole number of seconds")? {
            breaker.cool_down = Duration::from_secs(seconds);
        }
        let allow_private_frames = vars.flag("VIDEO360_FETCH_ALLOW_PRIVATE")?.unwrap_or(false);
        Ok(ProvidersConfig { providers, retry_delays, breaker, allow_private_frames })
    }

    /// The chain: `local` is the given extractor (required only when
    /// listed), the others [`HttpProvider`]s; every breaker on `clock`.
    pub fn build_chain(
        &self,
        local: Option<Arc<dyn FrameProvider>>,
        usage: Arc<dyn UsageLog>,
        clock: Arc<dyn Clock>,
    ) -> Result<ProviderChain, ConfigError> {
        let mut chain = ProviderChain::new(usage).with_clock(clock.clone());
        for config in &self.providers {
            let provider: Arc<dyn FrameProvider> = match &config.kind {
                ProviderKind::Local => local.clone().ok_or_else(|| ConfigError::Client {
                    provider: config.name.clone(),
                    message: "the local extractor is not available in this process".to_owned(),
                })?,
                ProviderKind::Http { url, api_key, timeout } => {
                    let mut http = HttpProviderConfig::new(&config.name, url, api_key);
                    http.timeout = *timeout;
                    http.allow_private_frames = self.allow_private_frames;
                    Arc::new(HttpProvider::new(http)?)
                }
            };
            let mut slot =
                ProviderSlot::new(provider, config.priority, CircuitBreaker::new(self.breaker, clock.clone()));
            slot.enabled = config.enabled;
            slot.daily_limit = config.daily_limit;
            slot.cost_per_video_usd = config.cost_per_video_usd;
            slot.retry_delays = self.retry_delays.clone();
            chain.push(slot);
        }
        Ok(chain)
    }
}

/// `local,ffmpeg-api` → the names, lower case; `local` when unset.
fn provider_names(list: Option<String>) -> Result<Vec<String>, ConfigError> {
    let Some(list) = list else { return Ok(vec![LOCAL_PROVIDER.to_owned()]) };
    let mut names: Vec<String> = Vec::new();
    for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let name = part.to_ascii_lowercase();
        let valid = name.starts_with(|c: char| c.is_ascii_alphanumeric())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            return Err(invalid(
                "VIDEO360_PROVIDERS",
                format!("`{part}` is not a provider name (letters, digits, '-')"),
            ));
        }
        if names.contains(&name) {
            return Err(invalid("VIDEO360_PROVIDERS", format!("`{name}` is listed twice")));
        }
        names.push(name);
    }
    if names.is_empty() {
        names.push(LOCAL_PROVIDER.to_owned());
    }
    Ok(names)
}

fn provider_config<F: Fn(&str) -> Option<String>>(
    vars: &Vars<F>,
    name: &str,
    position: i32,
) -> Result<ProviderConfig, ConfigError> {
    let kind = if name == LOCAL_PROVIDER {
        ProviderKind::Local
    } else {
        let url_var = provider_var(name, "URL");
        let url = vars
            .get(&url_var)
            .ok_or_else(|| ConfigError::Missing { var: url_var.clone(), provider: name.to_owned() })?;
        match reqwest::Url::parse(&url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => {}
            _ => return Err(invalid(&url_var, format!("`{url}` is not an http:// or https:// address"))),
        }
        let key_var = provider_var(name, "KEY");
        let api_key =
            vars.get(&key_var).ok_or_else(|| ConfigError::Missing { var: key_var, provider: name.to_owned() })?;
        let timeout_var = provider_var(name, "TIMEOUT_SECONDS");
        let timeout = match vars.parse::<u64>(&timeout_var, "a whole number of seconds")? {
            None => DEFAULT_PROVIDER_TIMEOUT,
            Some(0) => return Err(invalid(&timeout_var, "must be at least 1".to_owned())),
            Some(s) => Duration::from_secs(s),
        };
        ProviderKind::Http { url, api_key, timeout }
    };
    let priority = vars.parse::<i32>(&provider_var(name, "PRIORITY"), "a whole number")?.unwrap_or(position);
    let daily_limit = vars.parse::<u32>(&provider_var(name, "DAILY_LIMIT"), "a whole number of calls")?;
    let cost_var = provider_var(name, "COST_USD");
    let cost_per_video_usd =
        vars.parse::<Decimal>(&cost_var, "an amount in dollars (like 0.05)")?.unwrap_or(Decimal::ZERO);
    if cost_per_video_usd.is_sign_negative() && !cost_per_video_usd.is_zero() {
        return Err(invalid(&cost_var, "must not be negative".to_owned()));
    }
    let enabled = vars.flag(&provider_var(name, "ENABLED"))?.unwrap_or(true);
    Ok(ProviderConfig { name: name.to_owned(), kind, priority, enabled, daily_limit, cost_per_video_usd })
}

/// `2000,4000,8000` → durations; `none` → no retry.
fn retry_delays(text: &str) -> Result<Vec<Duration>, ConfigError> {
    const VAR: &str = "VIDEO360_PROVIDER_RETRY_DELAYS_MS";
    if text.eq_ignore_ascii_case("none") {
        return Ok(Vec::new());
    }
    let mut delays = Vec::new();
    for part in text.split(',').map(str::trim) {
        let ms: u64 =
            part.parse().map_err(|_| invalid(VAR, format!("`{part}` is not a whole number of milliseconds")))?;
        if ms > 3_600_000 {
            return Err(invalid(VAR, format!("{ms} ms is more than an hour")));
        }
        delays.push(Duration::from_millis(ms));
    }
    if delays.len() > 10 {
        return Err(invalid(VAR, "at most 10 retries".to_owned()));
    }
    Ok(delays)
}

/// The download policy of `videoUrl` jobs from `VIDEO360_FETCH_MAX_MB`,
/// `VIDEO360_FETCH_TIMEOUT_SECONDS` and `VIDEO360_FETCH_ALLOW_PRIVATE`.
pub fn fetch_policy_from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<FetchPolicy, ConfigError> {
    let vars = Vars(lookup);
    let mut policy = FetchPolicy::default();
    if let Some(mb) = vars.parse::<u64>("VIDEO360_FETCH_MAX_MB", "a whole number of megabytes")? {
        if mb == 0 {
            return Err(invalid("VIDEO360_FETCH_MAX_MB", "must be at least 1".to_owned()));
        }
        policy.max_bytes = mb.saturating_mul(1_000_000);
    }
    if let Some(seconds) = vars.parse::<u64>("VIDEO360_FETCH_TIMEOUT_SECONDS", "a whole number of seconds")? {
        if seconds == 0 {
            return Err(invalid("VIDEO360_FETCH_TIMEOUT_SECONDS", "must be at least 1".to_owned()));
        }
        policy.timeout = Duration::from_secs(seconds);
    }
    policy.allow_private = vars.flag("VIDEO360_FETCH_ALLOW_PRIVATE")?.unwrap_or(false);
    Ok(policy)
}
