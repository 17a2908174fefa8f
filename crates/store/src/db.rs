use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Notify;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::error::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// How long one statement may run on PostgreSQL unless told otherwise
/// (`DATABASE_STATEMENT_TIMEOUT_SECONDS`): the requests' own timeout.
pub const DEFAULT_STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// The database product behind a [`Db`]; the URL scheme picks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::InvalidUrl(format!(
                "{}: expected sqlite://PATH or postgres://…",
                redact_url(url)
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A connection pool to either backend. Cheap to clone.
///
/// All SQL in this crate is written once, in the dialect both engines accept
/// (`$1` placeholders, `ON CONFLICT`, `RETURNING`); where they differ
/// (job claiming) the code branches on [`Db::backend`].
#[derive(Clone, Debug)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The URL it was opened with (PostgreSQL's LISTEN needs its own connection).
    url: Arc<str>,
    /// Wakes this process's job workers when a job is enqueued here (in
    /// addition to LISTEN/NOTIFY across processes on PostgreSQL).
    jobs_wake: Arc<Notify>,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) if needed, with
    /// the default statement timeout ([`DEFAULT_STATEMENT_TIMEOUT`]). Does not migrate.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Db, StoreError> {
        Db::connect_with(url, max_connections, DEFAULT_STATEMENT_TIMEOUT).await
    }

    /// [`Db::connect`] with a statement timeout: on PostgreSQL every
    /// connection of the pool runs `SET statement_timeout`, so a statement
    /// still running when its request gave up (the caller dropped it at the
    /// request timeout) is ended by the server instead of holding a
    /// connection; a statement over it fails (`StoreError::Database`).
    /// SQLite has no such setting (its statements run in this process and
    /// stop when dropped). `Duration::ZERO`: no timeout.
    pub async fn connect_with(url: &str, max_connections: u32, statement_timeout: Duration) -> Result<Db, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite => sqlite_url_with_create(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)
            .map_err(|e| StoreError::InvalidUrl(format!("{}: {e}", redact_url(&url))))?
            .log_statements(tracing::log::LevelFilter::Debug)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Postgres {
                        conn.execute(format!("SET statement_timeout = {}", statement_timeout.as_millis()).as_str()).await?;
                    }
                    if backend == Backend::Sqlite {
                        // WAL lets readers work while one writer writes; foreign keys are
                        // off by default in SQLite; wait instead of failing on a busy file.
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        Ok(Db { pool, backend, url: Arc::from(url.as_str()), jobs_wake: Arc::new(Notify::new()) })
    }

    /// Applies every pending migration of this backend (forward only).
    pub async fn migrate(&self) -> Result<(), StoreError> {
        self.backend.migrator().run(&self.pool).await?;
        Ok(())
    }

    /// Ready = reachable and every migration this binary knows is applied.
    pub async fn is_ready(&self) -> Result<bool, StoreError> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await?;
        Ok(self
            .backend
            .migrator()
            .iter()
            .all(|m| applied.contains(&m.version)))
    }

    /// Starts a transaction that will write. On SQLite it takes the write
    /// lock at once (`BEGIN IMMEDIATE`), so two writers queue on the busy
    /// timeout instead of one failing with "database is locked" when it
    /// upgrades a read; PostgreSQL locks rows as it goes.
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The database URL (with its password; do not log it, see [`redact_url`]).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Resolves when a job was enqueued through this `Db` (or a clone of it)
    /// since the last wait; a worker waits on it between claims.
    pub async fn job_enqueued(&self) {
        self.jobs_wake.notified().await;
    }

    /// Wakes a worker of this process waiting in [`Db::job_enqueued`].
    pub(crate) fn wake_job_workers(&self) {
        self.jobs_wake.notify_waiters();
        self.jobs_wake.notify_one();
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

fn sqlite_url_with_create(url: &str) -> Result<String, StoreError> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or_default();
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" {
        return Err(StoreError::InvalidUrl(
            "sqlite needs a file path (an in-memory database is not shared by the pool)".into(),
        ));
    }
    if let Some(parent) = std::path::Path::new(path).parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| {
                StoreError::InvalidUrl(format!("cannot create {}: {e}", parent.display()))
            })?;
        }
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".to_owned()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// The URL without its password, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let userinfo = &url[scheme_end + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scheme_picks_the_backend() {
        assert_eq!(Backend::from_url("sqlite://data/x.db").ok(), Some(Backend::Sqlite));
        assert_eq!(Backend::from_url("postgres://u@h/db").ok(), Some(Backend::Postgres));
        assert_eq!(Backend::from_url("postgresql://u@h/db").ok(), Some(Backend::Postgres));
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }

    #[test]
    fn sqlite_urls_get_create_mode() {
        assert_eq!(sqlite_url_with_create("sqlite://a.db").ok().as_deref(), Some("sqlite://a.db?mode=rwc"));
        assert_eq!(sqlite_url_with_create("sqlite:a.db?mode=ro").ok().as_deref(), Some("sqlite://a.db?mode=ro"));
        assert!(sqlite_url_with_create("sqlite::memory:").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_url("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_url("postgres://u@h/db"), "postgres://u@h/db");
    }
}
