//! Provider settings from a lookup function, as from the environment.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use providers::{
    ConfigError, ManualClock, MemoryUsageLog, PROVIDERS_ENV_HELP, ProviderKind, ProvidersConfig, SystemClock,
    fetch_policy_from_lookup,
};
use rust_decimal_macros::dec;

use crate::support::{ScriptedProvider, Step};

fn parse(vars: &[(&str, &str)]) -> Result<ProvidersConfig, ConfigError> {
    let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    ProvidersConfig::from_lookup(|k| map.get(k).cloned())
}

#[test]
fn nothing_set_means_local_only_with_the_defaults() {
    let config = parse(&[]).unwrap();
    assert_eq!(config, ProvidersConfig::default());
    assert_eq!(config.providers.len(), 1);
    assert_eq!((config.providers[0].name.as_str(), &config.providers[0].kind), ("local", &ProviderKind::Local));
    assert_eq!(config.retry_delays, vec![Duration::from_secs(2), Duration::from_secs(4), Duration::from_secs(8)]);
    assert_eq!((config.breaker.failure_threshold, config.breaker.cool_down), (5, Duration::from_secs(60)));
    assert!(!config.allow_private_frames);
    assert_eq!(parse(&[("VIDEO360_PROVIDERS", " ")]).unwrap(), ProvidersConfig::default());
}

#[test]
fn every_setting_is_read() {
    let config = parse(&[
        ("VIDEO360_PROVIDERS", "local, FFmpeg-API ,cloudinary"),
        ("VIDEO360_PROVIDER_FFMPEG_API_URL", "https://frames.example.com/extract"),
        ("VIDEO360_PROVIDER_FFMPEG_API_KEY", "k1"),
        ("VIDEO360_PROVIDER_FFMPEG_API_DAILY_LIMIT", "100"),
        ("VIDEO360_PROVIDER_FFMPEG_API_COST_USD", "0.05"),
        ("VIDEO360_PROVIDER_FFMPEG_API_TIMEOUT_SECONDS", "30"),
        ("VIDEO360_PROVIDER_CLOUDINARY_URL", "https://proxy.example.com/cloudinary"),
        ("VIDEO360_PROVIDER_CLOUDINARY_KEY", "k2"),
        ("VIDEO360_PROVIDER_CLOUDINARY_PRIORITY", "-1"),
        ("VIDEO360_PROVIDER_CLOUDINARY_ENABLED", "false"),
        ("VIDEO360_PROVIDER_LOCAL_COST_USD", "0"),
        ("VIDEO360_PROVIDER_RETRY_DELAYS_MS", "100, 200"),
        ("VIDEO360_BREAKER_FAILURES", "3"),
        ("VIDEO360_BREAKER_COOLDOWN_SECONDS", "120"),
        ("VIDEO360_FETCH_ALLOW_PRIVATE", "yes"),
    ])
    .unwrap();
    let names: Vec<&str> = config.providers.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["local", "ffmpeg-api", "cloudinary"]);
    let ffmpeg = &config.providers[1];
    assert_eq!(
        ffmpeg.kind,
        ProviderKind::Http {
            url: "https://frames.example.com/extract".to_owned(),
            api_key: "k1".to_owned(),
            timeout: Duration::from_secs(30)
        }
    );
    assert_eq!(
        (ffmpeg.priority, ffmpeg.daily_limit, ffmpeg.cost_per_video_usd, ffmpeg.enabled),
        (2, Some(100), dec!(0.05), true)
    );
    let cloudinary = &config.providers[2];
    assert_eq!((cloudinary.priority, cloudinary.enabled, cloudinary.daily_limit), (-1, false, None));
    assert_eq!(config.providers[0].priority, 1);
    assert_eq!(config.retry_delays, vec![Duration::from_millis(100), Duration::from_millis(200)]);
    assert_eq!((config.breaker.failure_threshold, config.breaker.cool_down), (3, Duration::from_secs(120)));
    assert!(config.allow_private_frames);
    assert!(parse(&[("VIDEO360_PROVIDER_RETRY_DELAYS_MS", "none")]).unwrap().retry_delays.is_empty());
}

#[test]
fn errors_name_the_variable() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[("VIDEO360_PROVIDERS", "local,ffmpeg-api")],
            "VIDEO360_PROVIDER_FFMPEG_API_URL is not set: provider `ffmpeg-api` needs it",
        ),
        (
            &[("VIDEO360_PROVIDERS", "ffmpeg-api"), ("VIDEO360_PROVIDER_FFMPEG_API_URL", "https://x.example/e")],
            "VIDEO360_PROVIDER_FFMPEG_API_KEY is not set: provider `ffmpeg-api` needs it",
        ),
        (
            &[
                ("VIDEO360_PROVIDERS", "x"),
                ("VIDEO360_PROVIDER_X_URL", "ftp://x.example/"),
                ("VIDEO360_PROVIDER_X_KEY", "k"),
            ],
            "VIDEO360_PROVIDER_X_URL: `ftp://x.example/` is not an http:// or https:// address",
        ),
        (&[("VIDEO360_PROVIDERS", "local,local")], "VIDEO360_PROVIDERS: `local` is listed twice"),
        (
            &[("VIDEO360_PROVIDERS", "local,my provider")],
            "VIDEO360_PROVIDERS: `my provider` is not a provider name (letters, digits, '-')",
        ),
        (
            &[("VIDEO360_PROVIDER_LOCAL_PRIORITY", "first")],
            "VIDEO360_PROVIDER_LOCAL_PRIORITY: `first` is not a whole number",
        ),
        (
            &[("VIDEO360_PROVIDER_LOCAL_DAILY_LIMIT", "-3")],
            "VIDEO360_PROVIDER_LOCAL_DAILY_LIMIT: `-3` is not a whole number of calls",
        ),
        (
            &[("VIDEO360_PROVIDER_LOCAL_COST_USD", "five")],
            "VIDEO360_PROVIDER_LOCAL_COST_USD: `five` is not an amount in dollars (like 0.05)",
        ),
        (&[("VIDEO360_PROVIDER_LOCAL_COST_USD", "-0.01")], "VIDEO360_PROVIDER_LOCAL_COST_USD: must not be negative"),
        (
            &[("VIDEO360_PROVIDER_LOCAL_ENABLED", "maybe")],
            "VIDEO360_PROVIDER_LOCAL_ENABLED: `maybe` is not true or false",
        ),
        (
            &[("VIDEO360_PROVIDER_RETRY_DELAYS_MS", "2000,4s")],
            "VIDEO360_PROVIDER_RETRY_DELAYS_MS: `4s` is not a whole number of milliseconds",
        ),
        (&[("VIDEO360_BREAKER_FAILURES", "0")], "VIDEO360_BREAKER_FAILURES: must be at least 1"),
        (
            &[("VIDEO360_BREAKER_COOLDOWN_SECONDS", "1m")],
            "VIDEO360_BREAKER_COOLDOWN_SECONDS: `1m` is not a whole number of seconds",
        ),
    ];
    for (vars, message) in cases {
        assert_eq!(parse(vars).unwrap_err().to_string(), *message);
    }
}

#[test]
fn the_help_names_every_variable() {
    for var in [
        "VIDEO360_PROVIDERS",
        "VIDEO360_PROVIDER_<NAME>_URL",
        "VIDEO360_PROVIDER_<NAME>_KEY",
        "VIDEO360_PROVIDER_<NAME>_PRIORITY",
        "VIDEO360_PROVIDER_<NAME>_DAILY_LIMIT",
        "VIDEO360_PROVIDER_<NAME>_COST_USD",
        "VIDEO360_PROVIDER_<NAME>_ENABLED",
        "VIDEO360_PROVIDER_<NAME>_TIMEOUT_SECONDS",
        "VIDEO360_PROVIDER_RETRY_DELAYS_MS",
        "VIDEO360_BREAKER_FAILURES",
        "VIDEO360_BREAKER_COOLDOWN_SECONDS",
        "VIDEO360_FETCH_MAX_MB",
        "VIDEO360_FETCH_TIMEOUT_SECONDS",
        "VIDEO360_FETCH_ALLOW_PRIVATE",
    ] {
        assert!(PROVIDERS_ENV_HELP.contains(var), "{var}");
    }
}

#[tokio::test]
async fn the_chain_is_built_in_priority_order() {
    let config = parse(&[
        ("VIDEO360_PROVIDERS", "local,ffmpeg-api"),
        ("VIDEO360_PROVIDER_FFMPEG_API_URL", "https://frames.example.com/extract"),
        ("VIDEO360_PROVIDER_FFMPEG_API_KEY", "k"),
        ("VIDEO360_PROVIDER_FFMPEG_API_PRIORITY", "0"),
        ("VIDEO360_PROVIDER_FFMPEG_API_COST_USD", "0.10"),
        ("VIDEO360_PROVIDER_RETRY_DELAYS_MS", "5"),
    ])
    .unwrap();
    let local = ScriptedProvider::new("local", vec![Step::Frames]);
    let usage = Arc::new(MemoryUsageLog::new());
    let chain = config.build_chain(Some(local), usage.clone(), ManualClock::new(0)).unwrap();
    let infos = chain.describe().await;
    let order: Vec<(&str, i32)> = infos.iter().map(|i| (i.name.as_str(), i.priority)).collect();
    assert_eq!(order, [("ffmpeg-api", 0), ("local", 1)]);
    assert_eq!(infos[0].cost_per_video_usd, dec!(0.10));
    assert_eq!(chain.slots()[0].retry_delays, vec![Duration::from_millis(5)]);

    // `local` listed but no extractor given: a clear error.
    let err = config.build_chain(None, usage, Arc::new(SystemClock)).err().unwrap();
    assert_eq!(err.to_string(), "provider `local`: the local extractor is not available in this process");
}

#[test]
fn the_fetch_policy_is_read_too() {
    let map: HashMap<&str, &str> = [
        ("VIDEO360_FETCH_MAX_MB", "200"),
        ("VIDEO360_FETCH_TIMEOUT_SECONDS", "60"),
        ("VIDEO360_FETCH_ALLOW_PRIVATE", "false"),
    ]
    .into();
    let policy = fetch_policy_from_lookup(|k| map.get(k).map(|v| v.to_string())).unwrap();
    assert_eq!((policy.max_bytes, policy.timeout, policy.allow_private), (200_000_000, Duration::from_secs(60), false));
    let default = fetch_policy_from_lookup(|_| None).unwrap();
    assert_eq!(
        (default.max_bytes, default.timeout, default.allow_private),
        (500_000_000, Duration::from_secs(300), false)
    );
    let err = fetch_policy_from_lookup(|k| (k == "VIDEO360_FETCH_MAX_MB").then(|| "lots".to_owned())).unwrap_err();
    assert_eq!(err.to_string(), "VIDEO360_FETCH_MAX_MB: `lots` is not a whole number of megabytes");
}
