//! The job runner: claims render jobs from the database queue, renders
//! them, stores the files and reports back with its lease token. The same
//! loop runs inside the server (embedded default) and as `worker run` on
//! other machines (PostgreSQL + S3).
//!
//! Guarantees, with the queue in `store::job_queue`:
//! - a heartbeat keeps the lease while rendering; when it is refused the
//!   lease was lost, the render is stopped and its files are dropped;
//! - a render longer than the timeout is stopped and counts as an attempt;
//! - on shutdown the current render is stopped and its job released
//!   (queued again, attempt not counted);
//! - files are written under a key unique to the attempt; only the winning
//!   attempt's keys are recorded, and the winner deletes any other
//!   attempt's leftovers under the job's folder;
//! - every attempt renders into its own temporary folder, removed when it
//!   ends; folders of killed workers are removed at the next start.
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

use blob::{BlobKey, Blobs};
use store::{AfterFailure, Db, JobInput, JobOutput, Lease, RetryPolicy};
use tokio_util::sync::CancellationToken;
use tokio::sync::watch;
use tracing::Instrument;

use crate::frames_job::FrameWork;
use crate::render::{RenderError, RenderTarget, RenderedVideo};

/// How a worker behaves; [`RunnerConfig::from_lookup`] reads it from the environment.
#[derive(Debug, Clone)]
pub struct RunnerConfig {
    /// Names this worker in the jobs table and the logs.
    pub worker_id: String,
    /// How long a claim holds without a heartbeat.
    pub lease: Duration,
    pub heartbeat: Duration,
    /// Longest wait between looks at the queue when nothing wakes the worker.
    pub poll: Duration,
    /// A render taking longer is stopped and counts as a failed attempt.
    pub render_timeout: Duration,
    /// How often expired leases are looked for.
    pub reconcile_every: Duration,
    pub retry: RetryPolicy,
    /// Renders are written here first (one folder per attempt).
    pub temp_dir: PathBuf,
    /// Finished videos are deleted this long after they were made.
    pub output_ttl: Duration,
}

/// Settings the worker reads, with their defaults; `worker --help` and the
/// server's help print this.
pub const WORKER_ENV_HELP: &str = "\
  WORKER_ID                 this worker's name in the jobs table and logs (default: host-pid)
  WORKER_LEASE_SECONDS      a claimed job is rescued this long after its last heartbeat (default: 30)
  WORKER_HEARTBEAT_SECONDS  heartbeat interval while rendering (default: 5)
  WORKER_POLL_SECONDS       longest idle wait between looks at the queue (default: 2)
  VIDEO_RENDER_TIMEOUT_SECONDS  a render taking longer is stopped and retried (default: 300)
  WORKER_RECONCILE_SECONDS  how often expired leases are put right (default: 30)
  WORKER_BACKOFF_SECONDS    delay before a retry, doubled each attempt (default: 10)
  VIDEO_OUTPUT_TTL_DAYS     rendered videos are deleted after this many days (default: 30)";

/// A bad setting, naming the variable.
#[derive(Debug, thiserror::Error)]
#[error("{name}={value:?} is not valid: expected a positive number")]
pub struct RunnerConfigError {
    pub name: &'static str,
    pub value: String,
}

impl RunnerConfig {
    /// Reads the settings through `get` (the environment in production).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>, data_dir: &Path) -> Result<RunnerConfig, RunnerConfigError> {
        let seconds = |name: &'static str, default: f64| -> Result<Duration, RunnerConfigError> {
            match get(name).filter(|v| !v.trim().is_empty()) {
                None => Ok(Duration::from_secs_f64(default)),
                Some(value) => match value.trim().parse::<f64>() {
                    Ok(n) if n > 0.0 && n.is_finite() => Ok(Duration::from_secs_f64(n)),
                    _ => Err(RunnerConfigError { name, value }),
                },
            }
        };
        let backoff = seconds("WORKER_BACKOFF_SECONDS", 10.0)?;
        Ok(RunnerConfig {
            worker_id: get("WORKER_ID").filter(|v| !v.trim().is_empty()).unwrap_or_else(default_worker_id),
            lease: seconds("WORKER_LEASE_SECONDS", 30.0)?,
            heartbeat: seconds("WORKER_HEARTBEAT_SECONDS", 5.0)?,
            poll: seconds("WORKER_POLL_SECONDS", 2.0)?,
            render_timeout: seconds("VIDEO_RENDER_TIMEOUT_SECONDS", 300.0)?,
            reconcile_every: seconds("WORKER_RECONCILE_SECONDS", 30.0)?,
            retry: RetryPolicy { backoff_base_ms: i64::try_from(backoff.as_millis()).unwrap_or(i64::MAX) },
            temp_dir: data_dir.join("tmp").join("video-jobs"),
            output_ttl: seconds("VIDEO_OUTPUT_TTL_DAYS", 30.0)?.mul_f64(86_400.0),
        })
    }
}

fn default_worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname").map(|h| h.trim().to_owned()).unwrap_or_default();
    let host = if host.is_empty() { "worker".to_owned() } else { host };
    format!("{host}-{}", std::process::id())
}

/// Draws a job's video; the real one is [`QuoteSummary`]. Benchmarks of the
/// queue alone plug in one that writes tiny files.
pub trait Renderer: Send + Sync + 'static {
    /// `logo` is the file under `input.logo_key` (the runner reads it from
    /// storage), `None` when there is none or it could not be read.
    fn render(
        &self,
        input: &domain::QuoteVideoInput,
        logo: Option<&[u8]>,
        target: RenderTarget<'_>,
        progress: &mut dyn FnMut(u8) -> bool,
    ) -> Result<RenderedVideo, RenderError>;
}

/// The `quote-summary` template.
pub struct QuoteSummary;

impl Renderer for QuoteSummary {
    fn render(
        &self,
        input: &domain::QuoteVideoInput,
        logo: Option<&[u8]>,
        target: RenderTarget<'_>,
        progress: &mut dyn FnMut(u8) -> bool,
    ) -> Result<RenderedVideo, RenderError> {
        crate::render::render_quote_video_with_logo(input, logo, target, progress)
    }
}

/// Why an attempt stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    LeaseLost,
    Timeout,
    Shutdown,
    /// The work itself gave up when told to stop (the reason is one of the above).
    Cancelled,
}

/// Runs jobs until `shutdown` turns true. Never returns an error: a
/// database or storage failure is logged and retried after a pause, so a
/// worker outlives a database restart.
pub async fn run(
    db: Db,
    blobs: Blobs,
    renderer: Arc<dyn Renderer>,
    frames: FrameWork,
    config: RunnerConfig,
    mut shutdown: watch::Receiver<bool>,
) {
    remove_stale_temp_dirs(&config.temp_dir);
    tracing::info!(worker = %config.worker_id, backend = db.backend().name(), "video-jobs> worker started");
    let wake = Arc::new(tokio::sync::Notify::new());
    let listener = tokio::spawn(listen_for_jobs(db.clone(), wake.clone()));
    let housekeeping = tokio::spawn(housekeeping(db.clone(), blobs.clone(), config.clone()));
    let handlers = Handlers { renderer, frames };
    while !*shutdown.borrow() {
        match db.claim_video_job(&config.worker_id, millis(config.lease)).await {
            Ok(Some(lease)) => {
                run_attempt(&db, &blobs, &handlers, &config, lease, &mut shutdown).await;
            }
            Ok(None) => {
                tokio::select! {
                    _ = db.job_enqueued() => {}
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(config.poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "video-jobs> ERROR claiming a job");
                tokio::select! {
                    _ = tokio::time::sleep(config.poll) => {}
                    _ = shutdown.changed() => {}
                }
            }
        }
    }
    listener.abort();
    housekeeping.abort();
    tracing::info!(worker = %config.worker_id, "video-jobs> worker stopped");
}

/// What does each template's work.
struct Handlers {
    renderer: Arc<dyn Renderer>,
    frames: FrameWork,
}

/// One attempt: do the job's work with heartbeats, store, complete — or
/// fail, release or drop, as the attempt ends.
async fn run_attempt(
    db: &Db,
    blobs: &Blobs,
    handlers: &Handlers,
    config: &RunnerConfig,
    lease: Lease,
    shutdown: &mut watch::Receiver<bool>,
) {
    let job_id = lease.job_id.clone();
    let started = Instant::now();
    let dir = config.temp_dir.join(format!("{}-{}-{}", std::process::id(), job_id, lease.attempt));
    let outcome = match std::fs::create_dir_all(&dir) {
        Err(e) => Err(Failure::Storage(format!("cannot create {}: {e}", dir.display()))),
        Ok(()) => {
            let progress = Arc::new(AtomicU8::new(0));
            let cancel = CancellationToken::new();
            let work = do_work(db, blobs, handlers, &lease, &dir, progress.clone(), cancel.clone());
            with_heartbeat(db, config, &lease, shutdown, progress, cancel, work).await
        }
    };
    if let Err(e) = std::fs::remove_dir_all(&dir) {
        if e.kind() != std::io::ErrorKind::NotFound {
            tracing::warn!(job_id = %job_id, error = %e, dir = %dir.display(), "video-jobs> ERROR removing the temp folder");
        }
    }
    let failure = match outcome {
        Ok(()) => {
            tracing::debug!(job_id = %job_id, ms = started.elapsed().as_millis() as u64, "video-jobs> attempt done");
            return;
        }
        Err(failure) => failure,
    };
    match failure {
        Failure::Stopped(Stop::LeaseLost | Stop::Cancelled) => {
            tracing::warn!(job_id = %job_id, "video-jobs> ERROR id={job_id} lease lost (or job cancelled); result dropped");
        }
        Failure::Stopped(Stop::Shutdown) => match db.release_video_job(&lease).await {
            Ok(_) => {}
            Err(e) => tracing::error!(job_id = %job_id, error = %e, "video-jobs> ERROR id={job_id} releasing on shutdown"),
        },
        Failure::Stopped(Stop::Timeout) => {
            let error = format!("the job took longer than {} s", config.render_timeout.as_secs());
            report_failure(db, &lease, "timeout", &error, Some(config.retry)).await;
        }
        Failure::Render(e) => report_failure(db, &lease, "render", &e, Some(config.retry)).await,
        Failure::BadInput(e) => report_failure(db, &lease, "input", &e, None).await,
        Failure::Storage(e) => report_failure(db, &lease, "storage", &e, Some(config.retry)).await,
    }
}

/// The job's own work, by template; ends with its result recorded.
async fn do_work(
    db: &Db,
    blobs: &Blobs,
    handlers: &Handlers,
    lease: &Lease,
    dir: &Path,
    progress: Arc<AtomicU8>,
    cancel: CancellationToken,
) -> Result<(), Failure> {
    match &lease.input {
        JobInput::QuoteSummary(input) => {
            // Without its logo the video shows the organisation's name alone.
            let logo = blobs
                .get_optional(input.logo_key.as_deref(), "the quote video's logo")
                .instrument(tracing::warn_span!("logo", job_id = %lease.job_id, kind = "quote-summary"))
                .await;
            let rendered = render(handlers.renderer.clone(), input, logo, dir, progress, cancel).await?;
            store_and_complete(db, blobs, lease, dir, &rendered).await
        }
        JobInput::Frames360(input) => {
            crate::frames_job::extract_and_store(db, blobs, &handlers.frames, lease, input, dir, progress, cancel).await
        }
    }
}

pub(crate) enum Failure {
    Stopped(Stop),
    Render(String),
    /// The input cannot be drawn: no retry will help.
    BadInput(String),
    Storage(String),
}

/// Records a failed attempt: retried per `retry`, or failed at once without.
async fn report_failure(db: &Db, lease: &Lease, reason: &str, error: &str, retry: Option<RetryPolicy>) {
    tracing::error!(job_id = %lease.job_id, attempt = lease.attempt, reason, error, "video-jobs> ERROR id={} {error}", lease.job_id);
    let recorded = match retry {
        Some(policy) => db.fail_video_job(lease, reason, error, policy).await,
        None => db.give_up_video_job(lease, reason, error).await,
    };
    match recorded {
        Ok(AfterFailure::LeaseLost) => tracing::warn!(job_id = %lease.job_id, "video-jobs> ERROR id={} lease lost before the failure was recorded", lease.job_id),
        Ok(_) => {}
        Err(e) => tracing::error!(job_id = %lease.job_id, error = %e, "video-jobs> ERROR id={} recording the failure", lease.job_id),
    }
}

/// Draws the quote's video on a blocking thread.
async fn render(
    renderer: Arc<dyn Renderer>,
    input: &domain::QuoteVideoInput,
    logo: Option<Vec<u8>>,
    dir: &Path,
    progress: Arc<AtomicU8>,
    cancel: CancellationToken,
) -> Result<RenderedVideo, Failure> {
    let input = input.clone();
    let (video, thumbnail) = (dir.join("video.mp4"), dir.join("thumbnail.jpg"));
    let joined = tokio::task::spawn_blocking(move || {
        let mut report = |p: u8| {
            progress.store(p, Ordering::Relaxed);
            !cancel.is_cancelled()
        };
        renderer.render(&input, logo.as_deref(), RenderTarget { video: &video, thumbnail: &thumbnail }, &mut report)
    })
    .await;
    match joined {
        Ok(Ok(rendered)) => Ok(rendered),
        Ok(Err(RenderError::Cancelled)) => Err(Failure::Stopped(Stop::Cancelled)),
        Ok(Err(RenderError::InvalidInput(e))) => Err(Failure::BadInput(e)),
        Ok(Err(e)) => Err(Failure::Render(e.to_string())),
        Err(e) => Err(Failure::Render(format!("the render crashed: {e}"))),
    }
}

/// Runs `work` while this task heartbeats every `config.heartbeat` (with
/// the progress the work reports), watches the timeout and the shutdown
/// signal. When one of those stops the attempt, `cancel` tells the work to
/// stop, and that reason is the outcome whatever the work returns.
async fn with_heartbeat(
    db: &Db,
    config: &RunnerConfig,
    lease: &Lease,
    shutdown: &mut watch::Receiver<bool>,
    progress: Arc<AtomicU8>,
    cancel: CancellationToken,
    work: impl Future<Output = Result<(), Failure>>,
) -> Result<(), Failure> {
    tokio::pin!(work);
    let deadline = tokio::time::sleep(config.render_timeout);
    tokio::pin!(deadline);
    let mut beat = tokio::time::interval(config.heartbeat);
    beat.tick().await;
    let mut stop: Option<Stop> = None;
    let result = loop {
        tokio::select! {
            result = &mut work => break result,
            _ = beat.tick() => {
                match db.heartbeat_video_job(lease, progress.load(Ordering::Relaxed), millis(config.lease)).await {
                    Ok(true) => {}
                    Ok(false) => { stop.get_or_insert(Stop::LeaseLost); cancel.cancel(); }
                    // The database is away: keep working; the lease may
                    // still hold when it is back, and complete will tell.
                    Err(e) => tracing::warn!(job_id = %lease.job_id, error = %e, "video-jobs> ERROR id={} heartbeat", lease.job_id),
                }
            }
            _ = &mut deadline, if stop.is_none() => { stop = Some(Stop::Timeout); cancel.cancel(); }
            changed = shutdown.changed(), if stop.is_none() => {
                if changed.is_err() || *shutdown.borrow() { stop = Some(Stop::Shutdown); cancel.cancel(); }
            }
        }
    };
    match stop {
        Some(stop) => Err(Failure::Stopped(stop)),
        None => result,
    }
}

/// Uploads the attempt's files under keys of their own and records them;
/// when the lease was lost meanwhile, deletes them again. The winner also
/// deletes what earlier (killed) attempts left under the job's folder.
async fn store_and_complete(db: &Db, blobs: &Blobs, lease: &Lease, dir: &Path, rendered: &RenderedVideo) -> Result<(), Failure> {
    let folder = job_folder(lease);
    let attempt = format!("{}-{}", lease.attempt, &lease.token[..8.min(lease.token.len())]);
    let video_key = key(&format!("{folder}/{attempt}.mp4"))?;
    let thumbnail_key = key(&format!("{folder}/{attempt}.jpg"))?;
    let video_path = dir.join("video.mp4");
    let video_bytes = std::fs::metadata(&video_path).map(|m| m.len()).map_err(|e| Failure::Storage(format!("rendered video: {e}")))?;
    let upload = async {
        blobs.put_file(&video_key, &video_path, "video/mp4").await?;
        blobs.put_file(&thumbnail_key, &dir.join("thumbnail.jpg"), "image/jpeg").await
    };
    if let Err(e) = upload.await {
        delete_quietly(blobs, &[&video_key, &thumbnail_key]).await;
        return Err(Failure::Storage(e.to_string()));
    }
    let output = JobOutput {
        video_key: video_key.as_str().to_owned(),
        thumbnail_key: thumbnail_key.as_str().to_owned(),
        video_bytes: i64::try_from(video_bytes).unwrap_or(i64::MAX),
        duration_ms: rendered.duration_ms,
    };
    match db.complete_video_job(lease, &output).await {
        Ok(true) => {
            delete_leftovers(blobs, &folder, &[video_key.as_str(), thumbnail_key.as_str()]).await;
            Ok(())
        }
        Ok(false) => {
            delete_quietly(blobs, &[&video_key, &thumbnail_key]).await;
            Err(Failure::Stopped(Stop::LeaseLost))
        }
        Err(e) => {
            // Unknown whether it was recorded: keep the files (the reaper
            // or the next winner removes them if they are not the job's).
            Err(Failure::Storage(format!("recording the result: {e}")))
        }
    }
}

/// `orgs/{org}/videos/{job}`: every attempt's files of a job live here.
pub fn job_folder(lease: &Lease) -> String {
    format!("orgs/{}/videos/{}", lease.org.as_str(), lease.job_id)
}

fn key(value: &str) -> Result<BlobKey, Failure> {
    BlobKey::new(value).map_err(|e| Failure::Storage(e.to_string()))
}

pub(crate) async fn delete_quietly(blobs: &Blobs, keys: &[&BlobKey]) {
    for key in keys {
        if let Err(e) = blobs.delete(key).await {
            tracing::warn!(key = key.as_str(), error = %e, "video-jobs> ERROR deleting a dropped file");
        }
    }
}

pub(crate) async fn delete_leftovers(blobs: &Blobs, folder: &str, keep: &[&str]) {
    match blobs.list(&format!("{folder}/")).await {
        Ok(keys) => {
            for key in keys.iter().filter(|k| !keep.contains(&k.as_str())) {
                tracing::info!(key = key.as_str(), "video-jobs> deleting a lost attempt's file");
                delete_quietly(blobs, &[key]).await;
            }
        }
        Err(e) => tracing::warn!(folder, error = %e, "video-jobs> ERROR listing the job's files"),
    }
}

/// Reconciliation (expired leases) every `reconcile_every`, and deletion of
/// videos past their time to live every hour.
async fn housekeeping(db: Db, blobs: Blobs, config: RunnerConfig) {
    let mut reconcile = tokio::time::interval(config.reconcile_every);
    let mut cleanup = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tokio::select! {
            _ = reconcile.tick() => {
                if let Err(e) = db.rescue_expired_video_jobs(config.retry).await {
                    tracing::error!(error = %e, "video-jobs> ERROR reconciling expired leases");
                }
            }
            _ = cleanup.tick() => delete_expired_outputs(&db, &blobs, config.output_ttl).await,
        }
    }
}

/// Deletes the files of videos finished more than `ttl` ago; the jobs stay
/// on record without links.
pub async fn delete_expired_outputs(db: &Db, blobs: &Blobs, ttl: Duration) {
    let before = store::now_ms().saturating_sub(millis(ttl));
    let due = match db.video_outputs_expired(before, 200).await {
        Ok(due) => due,
        Err(e) => return tracing::error!(error = %e, "video-jobs> ERROR listing expired videos"),
    };
    for expired in due {
        let mut deleted = true;
        for key in expired.keys.iter().filter_map(|k| BlobKey::new(k.as_str()).ok()) {
            if let Err(e) = blobs.delete(&key).await {
                tracing::warn!(job_id = %expired.job_id, error = %e, "video-jobs> ERROR deleting an expired video");
                deleted = false;
            }
        }
        if deleted {
            match db.mark_video_outputs_deleted(&expired.job_id).await {
                Ok(()) => tracing::info!(job_id = %expired.job_id, "video-jobs> EXPIRE id={} files deleted", expired.job_id),
                Err(e) => tracing::error!(job_id = %expired.job_id, error = %e, "video-jobs> ERROR marking an expired video"),
            }
        }
    }
}

/// PostgreSQL: LISTEN on `video_render_jobs` so an idle worker starts a new
/// job at once; reconnects after a pause when the connection drops. SQLite
/// has no NOTIFY: workers in other processes fall back to polling.
async fn listen_for_jobs(db: Db, wake: Arc<tokio::sync::Notify>) {
    if db.backend() != store::Backend::Postgres {
        return;
    }
    loop {
        match sqlx::postgres::PgListener::connect(db.url()).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen("video_render_jobs").await {
                    tracing::warn!(error = %e, "video-jobs> ERROR LISTEN failed; polling");
                } else {
                    loop {
                        match listener.recv().await {
                            Ok(_) => {
                                wake.notify_waiters();
                                wake.notify_one();
                            }
                            Err(e) => {
                                tracing::warn!(error = %e, "video-jobs> ERROR LISTEN connection lost; reconnecting");
                                break;
                            }
                        }
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "video-jobs> ERROR cannot LISTEN; polling"),
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
    }
}

/// Removes attempt folders left by workers of this machine that died (their
/// process id is gone). Folders of live workers sharing the folder stay.
fn remove_stale_temp_dirs(temp_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(temp_dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let pid = name.to_string_lossy().split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            match std::fs::remove_dir_all(entry.path()) {
                Ok(()) => tracing::info!(dir = %entry.path().display(), "video-jobs> removed a dead worker's temp folder"),
                Err(e) => tracing::warn!(dir = %entry.path().display(), error = %e, "video-jobs> ERROR removing a temp folder"),
            }
        }
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
