//! Log setup shared by the server and the worker, so both processes write
//! the same structured lines: `tracing` events on stderr, filtered by
//! `RUST_LOG` (else the process's default), as text or, with
//! `LOG_FORMAT=json`, one JSON object per line for log collectors.
#![forbid(unsafe_code)]

use tracing_subscriber::EnvFilter;

/// The server's default filter: requests at info, SQL statements only when slow.
pub const SERVER_DEFAULT_FILTER: &str = "info,sqlx=warn,tower_http=info";
/// The worker's default filter.
pub const WORKER_DEFAULT_FILTER: &str = "info,sqlx=warn";

/// Installs the global subscriber. A second call (tests start several
/// servers in one process) keeps the first.
pub fn init_logs(default_filter: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _already_set = if std::env::var("LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}
