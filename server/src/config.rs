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
  DATA_DIR                  folder for the SQLite file and local storage (default: ./data)
  LEPTOS_SITE_ADDR          address to listen on (default: 127.0.0.1:3000)
  LEPTOS_SITE_ROOT          folder with the built site: pkg/, favicon (default: target/site)
  MAX_JSON_BODY_BYTES       largest JSON request body, larger is 413 (default: 1048576)
  PUBLIC_URL                how browsers reach this server, e.g. https://cotiza.example (default: taken
                            from each request's Host); https here makes cookies Secure and sends HSTS
  TRUST_PROXY_HEADERS       trust X-Forwarded-For / X-Forwarded-Proto from a reverse proxy: true|false
                            (default: false)
  SESSION_IDLE_MINUTES      a login session unused this long ends (default: 720)
  PRICING_CACHE_MS          how long the public calculate API may reuse an organisation's prices
                            (default: 1000; 0 reads them for every request)
  SEED_DEMO                 seed the demo organisation on first start: true|false (default: true)
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
        })
    }

    /// The accounts rules this configuration asks for.
    pub fn accounts_policy(&self) -> accounts::Policy {
        accounts::Policy { session_idle_ms: self.session_idle_minutes * 60_000, ..accounts::Policy::default() }
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

fn positive(value: i64, name: &'static str) -> Result<i64, ConfigError> {
    if value > 0 {
        Ok(value)
    } else {
        Err(ConfigError { name, value: value.to_string(), reason: "must be greater than 0".into() })
    }
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
    fn bad_values_name_the_variable() {
        let err = config(&[("LEPTOS_SITE_ADDR", "nowhere")]).expect_err("bad addr");
        assert_eq!(err.name, "LEPTOS_SITE_ADDR");
        let err = config(&[("SEED_DEMO", "maybe")]).expect_err("bad bool");
        assert!(err.to_string().contains("SEED_DEMO=\"maybe\""), "{err}");
    }
}
