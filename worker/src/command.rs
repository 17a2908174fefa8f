//! `worker run`: the job runner as its own process, configured by the
//! environment like the server (same `DATABASE_URL`, `DATA_DIR`,
//! `STORAGE_URL`), so any number of them can run on other machines
//! against PostgreSQL and S3.
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use tokio::sync::watch;

use crate::frames_job::{FrameWork, Video360Config};
use crate::runner::{QuoteSummary, RunnerConfig, run};

/// Settings `worker run` reads (beside [`crate::runner::WORKER_ENV_HELP`]).
pub const RUN_ENV_HELP: &str = "\
  DATABASE_URL              sqlite://PATH or postgres://USER@HOST/DB (default: sqlite://$DATA_DIR/cotiza.db)
  DATA_DIR                  folder for the SQLite file, local storage and temp files (default: ./data)
  STORAGE_URL               empty for local disk under $DATA_DIR/files, or s3://bucket/prefix
                            (with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_ENDPOINT_URL)
  RUST_LOG, LOG_FORMAT      log filter and text|json";

/// Runs jobs until SIGTERM or Ctrl-C; the current job is released then.
pub fn run_from_env() -> ExitCode {
    telemetry::init_logs(telemetry::WORKER_DEFAULT_FILTER);
    let get = |name: &str| std::env::var(name).ok();
    let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or_else(|| "data".into()));
    let database_url = get("DATABASE_URL")
        .filter(|s| !s.trim().is_empty())
        .unwrap_or_else(|| format!("sqlite://{}/cotiza.db", data_dir.display()));
    let config = match RunnerConfig::from_lookup(get, &data_dir) {
        Ok(config) => config,
        Err(e) => return fail(&e.to_string()),
    };
    let video360 = match Video360Config::from_lookup(get) {
        Ok(video360) => video360,
        Err(e) => return fail(&e.to_string()),
    };
    let blobs = match blob::Blobs::from_url(&std::env::var("STORAGE_URL").unwrap_or_default(), data_dir.join("files")) {
        Ok(blobs) => blobs,
        Err(e) => return fail(&format!("STORAGE_URL: {e}")),
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start the async runtime: {e}")),
    };
    runtime.block_on(async move {
        let db = match store::Db::connect(&database_url, 4).await {
            Ok(db) => db,
            Err(e) => return fail(&format!("cannot open the database ({}): {e}", store::redact_url(&database_url))),
        };
        if let Err(e) = db.migrate().await {
            return fail(&format!("cannot migrate the database: {e}"));
        }
        let (stop, shutdown) = watch::channel(false);
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("video-jobs> stopping: the current job is released");
            let _ = stop.send(true);
        });
        let frames = match FrameWork::new(db.clone(), video360) {
            Ok(frames) => frames,
            Err(e) => return fail(&e.to_string()),
        };
        run(db.clone(), blobs, Arc::new(QuoteSummary), frames, config, shutdown).await;
        db.close().await;
        ExitCode::SUCCESS
    })
}

fn fail(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::FAILURE
}

async fn wait_for_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
