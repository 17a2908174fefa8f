use std::net::SocketAddr;
use std::path::PathBuf;

use thiserror::Error;

/// Everything the server reads from its environment. `server --help` prints
/// this list; README.md documents it.
pub const ENV_HELP: &str = "\
Environment:
  DATABASE_URL              sqlite://PATH or postgres://USER@HOST/DB; the scheme picks the backend
                            (default: sqlite://$DATA_DIR/cotiza.db)
  DATABASE_MAX_CONNECTIONS  pool size (default: 8)
  DATABASE_STATEMENT_TIMEOUT_SECONDS  longest statement on PostgreSQL, 0 for none (default: 30)
  WIZARD_SUBMITS_PER_HOUR_PER_IP   public wizard submits per client address per hour; more is 429 (default: 20)
  WIZARD_SUBMITS_PER_HOUR_PER_ORG  public wizard submits to one organisation per hour; more is 429 (default: 300)
  DATA_DIR                  folder for the SQLite file and local storage (default: ./data)
  LEPTOS_SITE_ADDR          address to listen on (default: 127.0.0.1:3000)
  LEPTOS_SITE_ROOT          folder with the built site: pkg/, favicon (default: target/site)
  MAX_JSON_BODY_BYTES       largest JSON request body, larger is 413 (default: 1048576)
  PUBLIC_URL                how browsers reach this server, e.g. https://cotiza.example; absolute links
                            (PDF, invitations, WhatsApp, video QR, REST public_url) are built from it,
                            never from a request's Host. Required when LEPTOS_SITE_ADDR is not a loopback
                            address (default on loopback: http://LEPTOS_SITE_ADDR); https here makes
                            cookies Secure and sends HSTS
  TRUST_PROXY_HEADERS       trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy: true|false
                            (default: false)
  SESSION_IDLE_MINUTES      a login session unused this long ends (default: 720)
  PRICING_CACHE_MS          how long the public calculate API may reuse an organisation's prices
                            (default: 1000; 0 reads them for every request)
  SEED_DEMO                 seed the demo organisation on first start: true|false (default: true)
  STORAGE_URL               where uploaded and rendered files live: file:///abs/path, or
                            s3://bucket/prefix with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION
                            (default us-east-1) and, for R2/MinIO, AWS_ENDPOINT_URL (default: empty,
                            the local disk under $DATA_DIR/files)
  LINK_SIGNING_KEY          secret (32+ characters) signing the expiring /files/ download links; every
                            server must share it (default: generated once into $DATA_DIR/link-signing.key)
  VIDEO_RENDER_ON_ISSUE     sending a quote also asks for its video: true|false (default: false)
  VIDEO_RENDERS_PER_HOUR    videos an organisation may ask for per hour; more is 429 (default: 20)
  VIDEO_LINK_TTL_SECONDS    how long a video or thumbnail download link works (default: 3600)
  VIDEO360_MAX_UPLOAD_MB    largest 360° vehicle video, uploaded or fetched from a videoUrl; larger is
                            413 (default: 500)
  VIDEO360_MAX_DURATION_SECONDS  longest 360° video; longer is 422 (default: 120)
  VIDEO360_PROVIDERS, VIDEO360_PROVIDER_*, VIDEO360_FETCH_*  frame providers and URL fetching: see
                            `worker --help`
  WORKER_IN_PROCESS         run the render worker inside the server: true|false (default: true; set
                            false when `worker run` processes do the rendering)
  METRICS_TOKEN             when set, GET /metrics asks for Authorization: Bearer <token> (default: open
                            on a loopback LEPTOS_SITE_ADDR, 404 on any other address)
  HTTP_HEADER_TIMEOUT_SECONDS  a connection that does not finish sending a request's headers in this
                            time (an idle keep-alive connection included) is closed (default: 30)
  HTTP_MAX_CONNECTIONS      open connections at most; more wait in the listen queue (default: 1024)
  SHUTDOWN_GRACE_SECONDS    after SIGTERM, requests in flight get this long to finish before the
                            remaining connections are closed (default: 20)
  RUST_LOG                  log filter (default: info,sqlx=warn,tower_http=info)
  LOG_FORMAT                text|json (default: text)";

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub database_max_connections: u32,
    pub data_dir: PathBuf,
    pub site_addr: SocketAddr,
    pub site_root: String,
    pub max_json_body_bytes: usize,
    pub seed_demo: bool,
    pub public_url: Option<String>,
    pub trust_proxy_headers: bool,
    pub session_idle_minutes: i64,
    pub pricing_cache_ms: u64,
    /// `STORAGE_URL`: empty for the local disk under `data_dir/files`.
    pub storage_url: String,
    /// `LINK_SIGNING_KEY`; `None` means the key kept in `data_dir/link-signing.key`.
    pub link_signing_key: Option<Secret>,
    pub video_render_on_issue: bool,
    pub video_renders_per_hour: i64,
    pub video_link_ttl_seconds: u64,
    pub worker_in_process: bool,
    pub metrics_token: Option<Secret>,
    /// The in-process worker's settings (`WORKER_*`, see `worker --help`).
    pub worker: worker::runner::RunnerConfig,
    /// 360° videos: limits, URL fetching and frame providers (`VIDEO360_*`).
    pub video360: worker::frames_job::Video360Config,
    /// Connection limits of the HTTP listener (`HTTP_*`, `SHUTDOWN_GRACE_SECONDS`).
    pub http: HttpLimits,
    /// `DATABASE_STATEMENT_TIMEOUT_SECONDS`: the longest a statement may run
    /// on PostgreSQL (0: no limit).
    pub database_statement_timeout_seconds: u64,
    /// Hourly limits of the public wizard's submits
    /// (`WIZARD_SUBMITS_PER_HOUR_PER_IP`, `WIZARD_SUBMITS_PER_HOUR_PER_ORG`).
    pub wizard: quotes::WizardPolicy,
}

/// How long and how many connections the listener keeps (see `serve.rs`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// A request's headers must arrive within this (idle keep-alive included).
    pub header_read_timeout: std::time::Duration,
    /// Connections served at once; more wait in the kernel's listen queue.
    pub max_connections: usize,
    /// After the shutdown signal, how long requests in flight may take.
    pub shutdown_grace: std::time::Duration,
}

impl Default for HttpLimits {
    fn default() -> HttpLimits {
        HttpLimits {
            header_read_timeout: std::time::Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: std::time::Duration::from_secs(20),
        }
    }
}

/// A secret setting: `Debug` never prints it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[derive(Debug, Error)]
#[error("{name}={value:?} is not valid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub reason: String,
}

impl Config {
    /// Reads the environment; a bad value is an error naming the variable.
    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let worker = worker::runner::RunnerConfig::from_lookup(&get, &data_dir)
            .map_err(|e| ConfigError { name: e.name, value: e.value, reason: "expected a positive number".into() })?;
        let video360 = worker::frames_job::Video360Config::from_lookup(&get).map_err(|e| ConfigError {
            name: "VIDEO360_*",
            value: String::new(),
            reason: e.to_string(),
        })?;
        let database_url = get("DATABASE_URL")
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("sqlite://{}/cotiza.db", data_dir.display()));
        Ok(Config {
            database_url,
            database_max_connections: parsed(&get, "DATABASE_MAX_CONNECTIONS", 8)?,
            data_dir,
            site_addr: parsed(&get, "LEPTOS_SITE_ADDR", SocketAddr::from(([127, 0, 0, 1], 3000)))?,
            site_root: get("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            max_json_body_bytes: parsed(&get, "MAX_JSON_BODY_BYTES", 1024 * 1024)?,
            seed_demo: parsed(&get, "SEED_DEMO", true)?,
            public_url: public_url(get("PUBLIC_URL"))?,
            trust_proxy_headers: parsed(&get, "TRUST_PROXY_HEADERS", false)?,
            session_idle_minutes: positive(parsed(&get, "SESSION_IDLE_MINUTES", 720)?, "SESSION_IDLE_MINUTES")?,
            pricing_cache_ms: parsed(&get, "PRICING_CACHE_MS", 1000)?,
            storage_url: get("STORAGE_URL").map(|s| s.trim().to_owned()).unwrap_or_default(),
            link_signing_key: link_signing_key(get("LINK_SIGNING_KEY"))?,
            video_render_on_issue: parsed(&get, "VIDEO_RENDER_ON_ISSUE", false)?,
            video_renders_per_hour: positive(parsed(&get, "VIDEO_RENDERS_PER_HOUR", 20)?, "VIDEO_RENDERS_PER_HOUR")?,
            video_link_ttl_seconds: parsed(&get, "VIDEO_LINK_TTL_SECONDS", 3600)?,
            worker_in_process: parsed(&get, "WORKER_IN_PROCESS", true)?,
            worker,
            video360,
            metrics_token: get("METRICS_TOKEN").filter(|t| !t.trim().is_empty()).map(|t| Secret(t.trim().to_owned())),
            http: HttpLimits {
                header_read_timeout: std::time::Duration::from_secs(positive_u64(parsed(&get, "HTTP_HEADER_TIMEOUT_SECONDS", 30)?, "HTTP_HEADER_TIMEOUT_SECONDS")?),
                max_connections: usize::try_from(positive_u64(parsed(&get, "HTTP_MAX_CONNECTIONS", 1024)?, "HTTP_MAX_CONNECTIONS")?).unwrap_or(usize::MAX),
                shutdown_grace: std::time::Duration::from_secs(parsed(&get, "SHUTDOWN_GRACE_SECONDS", 20)?),
            },
            database_statement_timeout_seconds: parsed(&get, "DATABASE_STATEMENT_TIMEOUT_SECONDS", 30)?,
            wizard: quotes::WizardPolicy {
                submits_per_hour_per_ip: positive(parsed(&get, "WIZARD_SUBMITS_PER_HOUR_PER_IP", 20)?, "WIZARD_SUBMITS_PER_HOUR_PER_IP")?,
                submits_per_hour_per_org: positive(parsed(&get, "WIZARD_SUBMITS_PER_HOUR_PER_ORG", 300)?, "WIZARD_SUBMITS_PER_HOUR_PER_ORG")?,
            },
        })
    }

    /// The video rules this configuration asks for.
    pub fn video_policy(&self) -> quotes::VideoPolicy {
        quotes::VideoPolicy {
            renders_per_hour: self.video_renders_per_hour,
            link_ttl: std::time::Duration::from_secs(self.video_link_ttl_seconds.max(1)),
            render_on_issue: self.video_render_on_issue,
        }
    }

    /// The 360° rules this configuration asks for.
    pub fn spin_policy(&self) -> vehicles::SpinPolicy {
        vehicles::SpinPolicy {
            max_upload_bytes: self.video360.limits.max_bytes,
            max_duration: std::time::Duration::from_micros(u64::try_from(self.video360.limits.max_duration_us).unwrap_or(u64::MAX)),
            link_ttl: std::time::Duration::from_secs(self.video_link_ttl_seconds.max(1)),
            allow_private_urls: self.video360.fetch.allow_private,
            viewer: domain::ViewerConfig::default(),
        }
    }

    /// The accounts rules this configuration asks for.
    pub fn accounts_policy(&self) -> accounts::Policy {
        accounts::Policy { session_idle_ms: self.session_idle_minutes * 60_000, ..accounts::Policy::default() }
    }

    /// Whether the listener is bound to a loopback address only (the
    /// embedded local default): no one else can reach it.
    pub fn listens_on_loopback(&self) -> bool {
        self.site_addr.ip().is_loopback()
    }

    /// Whether browsers reach us over https by configuration.
    pub fn public_https(&self) -> bool {
        self.public_url.as_deref().is_some_and(|u| u.starts_with("https://"))
    }
}

fn public_url(value: Option<String>) -> Result<Option<String>, ConfigError> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else { return Ok(None) };
    let trimmed = value.trim().trim_end_matches('/').to_owned();
    let host = trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://"));
    match host {
        Some(host) if !host.is_empty() && !host.contains('/') => Ok(Some(trimmed)),
        _ => Err(ConfigError { name: "PUBLIC_URL", value, reason: "expected http(s)://host[:port] with no path".into() }),
    }
}

fn link_signing_key(value: Option<String>) -> Result<Option<Secret>, ConfigError> {
    let Some(value) = value.filter(|v| !v.trim().is_empty()) else { return Ok(None) };
    if value.trim().len() < blob::MIN_LINK_KEY_LEN {
        let reason = format!("must be at least {} characters, e.g. `openssl rand -base64 32`", blob::MIN_LINK_KEY_LEN);
        return Err(ConfigError { name: "LINK_SIGNING_KEY", value: "<redacted>".into(), reason });
    }
    Ok(Some(Secret(value.trim().to_owned())))
}

fn positive(value: i64, name: &'static str) -> Result<i64, ConfigError> {
    if value > 0 {
        Ok(value)
    } else {
        Err(ConfigError { name, value: value.to_string(), reason: "must be greater than 0".into() })
    }
}

fn positive_u64(value: u64, name: &'static str) -> Result<u64, ConfigError> {
    if value > 0 { Ok(value) } else { Err(ConfigError { name, value: value.to_string(), reason: "must be greater than 0".into() }) }
}

fn parsed<T: std::str::FromStr>(
    get: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: T,
) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    match get(name) {
        None => Ok(default),
        Some(value) if value.trim().is_empty() => Ok(default),
        Some(value) => value.trim().parse().map_err(|e: T::Err| ConfigError {
            name,
            value,
            reason: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_the_embedded_product() {
        let c = config(&[]).expect("defaults");
        assert_eq!(c.database_url, "sqlite://data/cotiza.db");
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert!(c.seed_demo);
        assert_eq!(c.storage_url, "");
        assert_eq!(c.link_signing_key, None);
    }

    #[test]
    fn storage_settings() {
        let key = "k".repeat(32);
        let c = config(&[("STORAGE_URL", " s3://videos/prod "), ("LINK_SIGNING_KEY", &key)]).expect("config");
        assert_eq!(c.storage_url, "s3://videos/prod");
        assert_eq!(c.link_signing_key, Some(Secret(key.clone())));
        assert!(!format!("{c:?}").contains(&key), "Debug hides the key");
        let err = config(&[("LINK_SIGNING_KEY", "short")]).expect_err("too short");
        assert_eq!(err.name, "LINK_SIGNING_KEY");
        assert!(!err.to_string().contains("short\""), "{err}");
    }

    #[test]
    fn data_dir_moves_the_sqlite_file() {
        let c = config(&[("DATA_DIR", "/var/lib/cotiza")]).expect("config");
        assert_eq!(c.database_url, "sqlite:///var/lib/cotiza/cotiza.db");
    }

    #[test]
    fn public_url_is_an_origin() {
        let c = config(&[("PUBLIC_URL", "https://cotiza.example/")]).expect("config");
        assert_eq!(c.public_url.as_deref(), Some("https://cotiza.example"));
        assert!(c.public_https());
        assert_eq!(config(&[("PUBLIC_URL", "cotiza.example")]).expect_err("no scheme").name, "PUBLIC_URL");
        assert_eq!(config(&[("SESSION_IDLE_MINUTES", "0")]).expect_err("zero").name, "SESSION_IDLE_MINUTES");
    }

    #[test]
    fn connection_limits() {
        assert_eq!(config(&[]).expect("defaults").http, HttpLimits::default());
        let c = config(&[("HTTP_HEADER_TIMEOUT_SECONDS", "5"), ("HTTP_MAX_CONNECTIONS", "10"), ("SHUTDOWN_GRACE_SECONDS", "3")]).expect("config");
        assert_eq!(c.http.header_read_timeout, std::time::Duration::from_secs(5));
        assert_eq!((c.http.max_connections, c.http.shutdown_grace.as_secs()), (10, 3));
        assert_eq!(config(&[("HTTP_MAX_CONNECTIONS", "0")]).expect_err("zero").name, "HTTP_MAX_CONNECTIONS");
        assert_eq!(config(&[("HTTP_HEADER_TIMEOUT_SECONDS", "0")]).expect_err("zero").name, "HTTP_HEADER_TIMEOUT_SECONDS");
        assert!(c.listens_on_loopback());
        assert!(!config(&[("LEPTOS_SITE_ADDR", "0.0.0.0:3000")]).expect("config").listens_on_loopback());
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).expect_err("bad addr");
        assert_eq!(err.name, "LEPTOS_SITE_ADDR");
        let err = config(&[("SEED_DEMO", "maybe")]).expect_err("bad bool");
        assert!(err.to_string().contains("SEED_DEMO=\"maybe\""), "{err}");
    }
}
