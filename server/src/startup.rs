use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use leptos::config::{LeptosOptions, get_configuration};
use store::{Db, StoreError};
use thiserror::Error;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::AppState;

/// Why the server could not start. Each says what to fix.
#[derive(Debug, Error)]
pub enum StartupError {
    #[error("cannot open the database ({url}): {source}")]
    Database { url: String, source: StoreError },
    #[error("cannot migrate the database: {0}")]
    Migrate(StoreError),
    #[error("cannot seed the demo organisation: {0}")]
    Seed(StoreError),
    #[error("cannot listen on {addr}: {source} (is another server running there? set LEPTOS_SITE_ADDR)")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("leptos configuration: {0}")]
    Leptos(String),
    #[error("cannot open the file storage: {0}")]
    Storage(String),
    #[error("360° frame providers: {0}")]
    Providers(providers::ConfigError),
    #[error(
        "PUBLIC_URL is required when listening on {addr}, which is not a loopback address: set PUBLIC_URL to the \
         address browsers use (e.g. https://cotiza.example); links in PDFs, invitations, WhatsApp messages and \
         video QR codes are built from it, never from a request's Host"
    )]
    PublicUrlRequired { addr: SocketAddr },
}

/// A started server: database open and migrated, port bound, not yet serving.
pub struct Running {
    listener: TcpListener,
    router: Router,
    pub state: AppState,
}

/// Opens the database (migrating and seeding it) and binds the port.
pub async fn start(mut config: Config) -> Result<Running, StartupError> {
    if config.public_url.is_none() && !config.listens_on_loopback() {
        return Err(StartupError::PublicUrlRequired { addr: config.site_addr });
    }
    let statement_timeout = std::time::Duration::from_secs(config.database_statement_timeout_seconds);
    let db = Db::connect_with(&config.database_url, config.database_max_connections, statement_timeout)
        .await
        .map_err(|source| StartupError::Database { url: store::redact_url(&config.database_url), source })?;
    db.migrate().await.map_err(StartupError::Migrate)?;
    if config.seed_demo {
        store::seed_demo(&db, &store::today()).await.map_err(StartupError::Seed)?;
    }
    let leptos_options = leptos_options(&config)?;
    let listener = TcpListener::bind(config.site_addr)
        .await
        .map_err(|source| StartupError::Bind { addr: config.site_addr, source })?;
    if config.public_url.is_none() {
        // Loopback only (checked above): the address we listen on is the one
        // this machine's browser uses. Never the request's Host.
        let origin = format!("http://{}", listener.local_addr().unwrap_or(config.site_addr));
        tracing::info!(public_url = %origin, "PUBLIC_URL is not set: links use the local address; set PUBLIC_URL when browsers reach this server another way");
        config.public_url = Some(origin);
    }
    let accounts = accounts::Accounts::new(db.clone(), config.accounts_policy());
    let blobs = crate::files::open_storage(&config).map_err(StartupError::Storage)?;
    let catalog = catalog::Catalog::new(db.clone(), blobs);
    let quotes = quotes::Quotes::with_policy(db.clone(), config.wizard);
    let pricing = Arc::new(crate::pricing_cache::PricingCache::new(std::time::Duration::from_millis(config.pricing_cache_ms)));
    let videos = quotes::Videos::new(db.clone(), catalog.blobs().clone(), config.video_policy());
    let vehicles = vehicles::Vehicles::new(db.clone());
    let spins = vehicles::Spins::new(db.clone(), catalog.blobs().clone(), config.spin_policy());
    let frames = worker::frames_job::FrameWork::new(db.clone(), config.video360.clone()).map_err(StartupError::Providers)?;
    let frame_providers = frames.chain.clone();
    let state = AppState {
        blobs: catalog.blobs().clone(),
        db,
        accounts,
        catalog,
        quotes,
        videos,
        vehicles,
        spins,
        frame_providers,
        frames,
        pricing,
        leptos_options,
        config: Arc::new(config),
    };
    let router = crate::router::build(state.clone());
    Ok(Running { listener, router, state })
}

impl Running {
    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().unwrap_or_else(|_| self.state.config.site_addr)
    }

    /// Serves until SIGTERM or Ctrl-C; requests in flight finish first.
    pub async fn serve_until_signal(self) -> std::io::Result<()> {
        self.serve_until(shutdown_signal()).await
    }

    pub async fn serve_until(self, shutdown: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let addr = self.local_addr();
        tracing::info!(%addr, database = self.state.db.backend().name(), "cotiza is listening on http://{addr}");
        let db = self.state.db.clone();
        let purge = tokio::spawn(purge_sessions_hourly(self.state.accounts.clone()));
        let expire = tokio::spawn(expire_quotes_hourly(self.state.quotes.clone()));
        let (stop_worker, worker_shutdown) = tokio::sync::watch::channel(false);
        let worker = self.state.config.worker_in_process.then(|| {
            let state = &self.state;
            tokio::spawn(worker::runner::run(
                db.clone(),
                state.blobs.clone(),
                Arc::new(worker::runner::QuoteSummary),
                state.frames.clone(),
                state.config.worker.clone(),
                worker_shutdown,
            ))
        });
        crate::serve::serve(self.listener, self.router, self.state.config.http, shutdown).await;
        purge.abort();
        expire.abort();
        // The worker releases its current job (queued again) before the pool closes.
        let _ = stop_worker.send(true);
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        db.close().await;
        tracing::info!("shut down cleanly");
        Ok(())
    }
}

/// Deletes idle and expired login sessions once an hour.
async fn purge_sessions_hourly(accounts: accounts::Accounts) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        match accounts.purge_sessions().await {
            Ok(0) => {}
            Ok(n) => tracing::info!(sessions = n, "purged idle sessions"),
            Err(e) => tracing::warn!(error = %e, "purging idle sessions failed"),
        }
    }
}

/// Marks pending quotes past their validity as expired: at start, then hourly.
async fn expire_quotes_hourly(quotes: quotes::Quotes) {
    let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every_hour.tick().await;
        if let Err(e) = quotes.expire_due().await {
            tracing::warn!(error = %e, "expiring quotes failed");
        }
    }
}

fn leptos_options(config: &Config) -> Result<LeptosOptions, StartupError> {
    let mut options = get_configuration(None)
        .map_err(|e| StartupError::Leptos(e.to_string()))?
        .leptos_options;
    if options.output_name.is_empty() {
        // Built by plain cargo (tests) instead of cargo-leptos.
        options.output_name = "cotiza".into();
    }
    options.site_addr = config.site_addr;
    options.site_root = config.site_root.clone().into();
    Ok(options)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received: finishing requests in flight");
}
