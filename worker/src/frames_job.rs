//! 360° jobs in the runner: get the video (the stored upload, or a
//! customer's `videoUrl` fetched safely and stored), extract its frames
//! through the provider chain (the local ffmpeg extractor first, external
//! providers as configured fallbacks), store every frame and its thumbnail
//! under keys of this attempt, and record them with the job's success in
//! one transaction that names the lease.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use blob::{BlobKey, Blobs};
use domain::{Frames360Input, ImageFormat};
use providers::{
    BoxFuture, ChainError, ConfigError, FetchPolicy, FrameProvider, ProvidedFrame, ProviderChain, ProviderError, ProviderRequest,
    ProvidersConfig, SystemClock, UsageError, UsageLog, UsageRecord, VideoSource,
};
use store::{Db, FrameRecord, FramesOutput, Lease, ProviderUsage};
use tokio_util::sync::CancellationToken;

use crate::runner::{Failure, Stop};

/// What 360° jobs may take and where their frames may come from.
#[derive(Debug, Clone)]
pub struct Video360Config {
    /// Size and duration limits of a video (uploads and fetched ones).
    pub limits: media::InputLimits,
    /// How `videoUrl` videos are downloaded.
    pub fetch: FetchPolicy,
    pub providers: ProvidersConfig,
    /// `PUBLIC_URL`: how the outside reaches this deployment. With local
    /// storage, external providers download the video from
    /// `{PUBLIC_URL}/files/…`; without it they are skipped (only S3's
    /// presigned links are reachable then).
    pub public_url: Option<String>,
}

/// The settings beside [`providers::PROVIDERS_ENV_HELP`].
pub const VIDEO360_ENV_HELP: &str = "\
  VIDEO360_MAX_UPLOAD_MB          largest 360° video accepted, uploaded or fetched, in MB (default: 500)
  VIDEO360_MAX_DURATION_SECONDS   longest 360° video accepted (default: 120)";

impl Default for Video360Config {
    /// The defaults of every variable: 500 MB, 120 s, only `local`.
    fn default() -> Self {
        Video360Config::from_lookup(|_| None).unwrap_or_else(|_| Video360Config {
            limits: media::InputLimits { max_bytes: 500_000_000, max_duration_us: 120_000_000 },
            fetch: FetchPolicy::default(),
            providers: ProvidersConfig::default(),
            public_url: None,
        })
    }
}

impl Video360Config {
    /// Reads the settings through `get` (the environment in production).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Video360Config, ConfigError> {
        let number = |name: &str, default: u64| -> Result<u64, ConfigError> {
            match get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) {
                None => Ok(default),
                Some(text) => text.parse::<u64>().ok().filter(|n| *n > 0).ok_or_else(|| ConfigError::Invalid {
                    var: name.to_owned(),
                    message: format!("`{text}` is not a positive whole number"),
                }),
            }
        };
        let max_bytes = number("VIDEO360_MAX_UPLOAD_MB", 500)?.saturating_mul(1_000_000);
        let max_duration_us = i64::try_from(number("VIDEO360_MAX_DURATION_SECONDS", 120)?.saturating_mul(1_000_000)).unwrap_or(i64::MAX);
        let mut fetch = providers::fetch_policy_from_lookup(&get)?;
        // A fetched video obeys the upload limit too.
        fetch.max_bytes = fetch.max_bytes.min(max_bytes);
        Ok(Video360Config {
            limits: media::InputLimits { max_bytes, max_duration_us },
            fetch,
            providers: ProvidersConfig::from_lookup(&get)?,
            public_url: get("PUBLIC_URL").map(|u| u.trim().trim_end_matches('/').to_owned()).filter(|u| u.starts_with("http")),
        })
    }
}

/// The provider chain of this process and its local extractor.
#[derive(Clone)]
pub struct FrameWork {
    pub chain: Arc<ProviderChain>,
    local: Arc<LocalExtractor>,
    pub config: Video360Config,
}

impl FrameWork {
    /// The chain the configuration names, with usage records in `db`.
    pub fn new(db: Db, config: Video360Config) -> Result<FrameWork, ConfigError> {
        let local = Arc::new(LocalExtractor { limits: config.limits.clone(), jobs: Mutex::new(HashMap::new()) });
        let chain = config.providers.build_chain(
            Some(local.clone() as Arc<dyn FrameProvider>),
            Arc::new(DbUsageLog(db)),
            Arc::new(SystemClock),
        )?;
        Ok(FrameWork { chain: Arc::new(chain), local, config })
    }
}

/// Usage records in the database (`provider_usage`), so daily limits hold
/// across every worker.
struct DbUsageLog(Db);

impl UsageLog for DbUsageLog {
    fn record(&self, record: UsageRecord) -> BoxFuture<'_, Result<(), UsageError>> {
        Box::pin(async move {
            let usage = ProviderUsage {
                organization_id: record.organization_id,
                job_id: record.job_id,
                provider: record.provider,
                cost_usd: record.cost_usd,
                duration_ms: record.duration_ms,
                success: record.success,
                error: record.error,
                at_ms: record.at_ms,
            };
            self.0.record_provider_usage(&usage).await.map_err(|e| UsageError(e.to_string()))
        })
    }

    fn count_today(&self, provider: &str, day_start_ms: i64) -> BoxFuture<'_, Result<u32, UsageError>> {
        let provider = provider.to_owned();
        Box::pin(async move {
            let count = self.0.provider_usage_since(&provider, day_start_ms).await.map_err(|e| UsageError(e.to_string()))?;
            Ok(u32::try_from(count).unwrap_or(u32::MAX))
        })
    }
}

/// The worker's own extractor (`local`): `media::extract_frames` on a
/// blocking thread, reading the video the runner downloaded for the job.
struct LocalExtractor {
    limits: media::InputLimits,
    /// Per running job: its video on this machine, progress and cancel.
    jobs: Mutex<HashMap<String, LocalJob>>,
}

#[derive(Clone)]
struct LocalJob {
    video: PathBuf,
    progress: Arc<AtomicU8>,
    cancel: CancellationToken,
}

impl FrameProvider for LocalExtractor {
    fn name(&self) -> &str {
        providers::LOCAL_PROVIDER
    }

    fn extract<'a>(&'a self, request: &'a ProviderRequest, work_dir: &'a Path) -> BoxFuture<'a, Result<Vec<ProvidedFrame>, ProviderError>> {
        Box::pin(async move {
            let job = self.jobs.lock().ok().and_then(|jobs| jobs.get(&request.job_id).cloned());
            let Some(job) = job else {
                return Err(ProviderError::Refused("the video is not on this machine".into()));
            };
            let frame_request = media::FrameRequest {
                count: request.frame_count,
                format: request.format,
                quality: request.quality,
                thumbnail_width: domain::FRAME_THUMBNAIL_WIDTH,
            };
            let (limits, out) = (self.limits.clone(), work_dir.join("local"));
            let (progress, cancel) = (job.progress.clone(), job.cancel.clone());
            let extracted = tokio::task::spawn_blocking(move || {
                std::fs::create_dir_all(&out).map_err(media::FramesError::Io)?;
                let mut report = |p: u8| {
                    progress.store(p, Ordering::Relaxed);
                    !cancel.is_cancelled()
                };
                media::extract_frames(&job.video, &out, &frame_request, &limits, &mut report)
            })
            .await
            .map_err(|e| ProviderError::Transient(format!("the extractor crashed: {e}")))?;
            match extracted {
                Ok(frames) => Ok(frames.into_iter().map(|f| ProvidedFrame { index: f.index, path: f.image_path }).collect()),
                Err(media::FramesError::Cancelled) => Err(ProviderError::Cancelled),
                Err(e) if e.is_input_problem() => Err(ProviderError::Input(e.to_string())),
                Err(e) => Err(ProviderError::Transient(e.to_string())),
            }
        })
    }
}

/// One attempt of a 360° job, up to its success being recorded. The caller
/// (the runner) heartbeats meanwhile and cancels `cancel` on a lost lease,
/// a timeout or shutdown.
pub(crate) async fn extract_and_store(
    db: &Db,
    blobs: &Blobs,
    work: &FrameWork,
    lease: &Lease,
    input: &Frames360Input,
    dir: &Path,
    progress: Arc<AtomicU8>,
    cancel: CancellationToken,
) -> Result<(), Failure> {
    let started = Instant::now();
    let video = dir.join("source.video");
    let input = obtain_source(db, blobs, work, lease, input, &video).await?;
    let source_url = match input.source_key.as_deref().and_then(|k| BlobKey::new(k).ok()) {
        Some(key) => blobs.download_url(&key, std::time::Duration::from_secs(3600), blob::now_unix()).await.ok(),
        None => None,
    };
    let request = ProviderRequest {
        job_id: lease.job_id.clone(),
        organization_id: lease.org.as_str().to_owned(),
        // External providers need a link they can reach (S3's presigned
        // ones); the local extractor reads the file it is given below.
        source: match source_url.and_then(|u| absolute(u, work.config.public_url.as_deref())) {
            Some(url) => VideoSource::Url(url),
            None => VideoSource::LocalFile(video.clone()),
        },
        frame_count: input.frame_count,
        format: input.format,
        quality: input.quality,
    };
    let local_job = LocalJob { video: video.clone(), progress, cancel: cancel.clone() };
    if let Ok(mut jobs) = work.local.jobs.lock() {
        jobs.insert(lease.job_id.clone(), local_job);
    }
    let outcome = work.chain.run(&request, dir, &cancel).await;
    if let Ok(mut jobs) = work.local.jobs.lock() {
        jobs.remove(&lease.job_id);
    }
    let outcome = match outcome {
        Ok(outcome) => outcome,
        Err(ChainError::Cancelled { .. }) => return Err(Failure::Stopped(Stop::Cancelled)),
        Err(ChainError::Input { message, .. }) => return Err(Failure::BadInput(message)),
        Err(e) => return Err(Failure::Render(e.to_string())),
    };
    let frames = store_frames(blobs, lease, input.format, &outcome.frames).await?;
    let output = FramesOutput {
        frames: frames.records.clone(),
        provider: outcome.provider.clone(),
        cost_usd: outcome.cost_usd,
        processing_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
    };
    match db.complete_frames_job(lease, &output).await {
        Ok(true) => {
            let keep: Vec<&str> = frames.keys.iter().map(BlobKey::as_str).chain(input.source_key.as_deref()).collect();
            crate::runner::delete_leftovers(blobs, &frames_folder(lease), &keep).await;
            Ok(())
        }
        Ok(false) => {
            crate::runner::delete_quietly(blobs, &frames.keys.iter().collect::<Vec<_>>()).await;
            Err(Failure::Stopped(Stop::LeaseLost))
        }
        Err(e) => Err(Failure::Storage(format!("recording the frames: {e}"))),
    }
}

/// A download link as the outside can use it: S3's are absolute already,
/// local `/files/…` ones need `PUBLIC_URL`.
fn absolute(link: String, public_url: Option<&str>) -> Option<String> {
    if link.starts_with("http") {
        Some(link)
    } else {
        public_url.map(|base| format!("{base}{link}"))
    }
}

/// The video on this machine: the stored upload, or the `videoUrl`
/// fetched (then checked and stored, so a retry or an external provider
/// uses the same file). Returns the input with its `source_key`.
async fn obtain_source(
    db: &Db,
    blobs: &Blobs,
    work: &FrameWork,
    lease: &Lease,
    input: &Frames360Input,
    video: &Path,
) -> Result<Frames360Input, Failure> {
    if let Some(key) = &input.source_key {
        let key = BlobKey::new(key.as_str()).map_err(|e| Failure::BadInput(e.to_string()))?;
        return match blobs.get_to_file(&key, video).await {
            Ok(true) => Ok(input.clone()),
            Ok(false) => Err(Failure::BadInput("the uploaded video is no longer stored".into())),
            Err(e) => Err(Failure::Storage(format!("reading the uploaded video: {e}"))),
        };
    }
    let Some(url) = &input.video_url else {
        return Err(Failure::BadInput("the job names no video".into()));
    };
    tracing::info!(job_id = %lease.job_id, "video-jobs> id={} fetching the video", lease.job_id);
    match providers::fetch_to_file(url, video, &work.config.fetch).await {
        Ok(_) => {}
        Err(e) if e.is_user_error() => return Err(Failure::BadInput(format!("the video could not be fetched: {e}"))),
        Err(e) => return Err(Failure::Storage(format!("fetching the video: {e}"))),
    }
    let (path, limits) = (video.to_owned(), work.config.limits.clone());
    let probe = tokio::task::spawn_blocking(move || media::probe_video(&path, &limits))
        .await
        .map_err(|e| Failure::Render(format!("the probe crashed: {e}")))?
        .map_err(|e| if e.is_input_problem() { Failure::BadInput(e.to_string()) } else { Failure::Render(e.to_string()) })?;
    let key = frames_key(lease, &format!("source.{}", probe.container))?;
    blobs.put_file(&key, video, "video/mp4").await.map_err(|e| Failure::Storage(e.to_string()))?;
    let stored = Frames360Input { source_key: Some(key.as_str().to_owned()), ..input.clone() };
    match db.set_frames_source(lease, &stored).await {
        Ok(true) => Ok(stored),
        Ok(false) => Err(Failure::Stopped(Stop::LeaseLost)),
        Err(e) => Err(Failure::Storage(format!("recording the fetched video: {e}"))),
    }
}

struct StoredFrames {
    records: Vec<FrameRecord>,
    keys: Vec<BlobKey>,
}

/// Uploads each frame and a thumbnail (made here when the provider gave
/// none) under `{folder}/{attempt}-{token}/frame-NN[-thumb].ext`.
async fn store_frames(blobs: &Blobs, lease: &Lease, format: ImageFormat, frames: &[ProvidedFrame]) -> Result<StoredFrames, Failure> {
    let attempt = format!("{}-{}", lease.attempt, &lease.token[..8.min(lease.token.len())]);
    let mut stored = StoredFrames { records: Vec::with_capacity(frames.len()), keys: Vec::new() };
    let count = u32::try_from(frames.len()).unwrap_or(u32::MAX);
    for frame in frames {
        let (path, described) = (frame.path.clone(), format);
        let info = tokio::task::spawn_blocking(move || crate::frame_files::describe_frame(&path, described, domain::FRAME_THUMBNAIL_WIDTH))
            .await
            .map_err(|e| Failure::Render(format!("reading a frame crashed: {e}")))?
            .map_err(|e| Failure::Render(format!("frame {}: {e}", frame.index)))?;
        let ext = format.extension();
        let image_key = frames_key(lease, &format!("{attempt}/frame-{:02}.{ext}", frame.index))?;
        let thumb_key = frames_key(lease, &format!("{attempt}/frame-{:02}-thumb.{ext}", frame.index))?;
        let upload = async {
            blobs.put_file(&image_key, &frame.path, format.content_type()).await?;
            blobs.put_file(&thumb_key, &info.thumbnail_path, format.content_type()).await
        };
        if let Err(e) = upload.await {
            stored.keys.extend([image_key, thumb_key]);
            crate::runner::delete_quietly(blobs, &stored.keys.iter().collect::<Vec<_>>()).await;
            return Err(Failure::Storage(e.to_string()));
        }
        stored.records.push(FrameRecord {
            index: frame.index,
            count,
            image_key: image_key.as_str().to_owned(),
            thumbnail_key: thumb_key.as_str().to_owned(),
            width: info.width,
            height: info.height,
            file_size_bytes: i64::try_from(info.bytes).unwrap_or(i64::MAX),
        });
        stored.keys.extend([image_key, thumb_key]);
    }
    Ok(stored)
}

/// `orgs/{org}/video360/{job}`: the source and every attempt's frames.
pub fn frames_folder(lease: &Lease) -> String {
    format!("orgs/{}/video360/{}", lease.org.as_str(), lease.job_id)
}

fn frames_key(lease: &Lease, name: &str) -> Result<BlobKey, Failure> {
    BlobKey::new(format!("{}/{name}", frames_folder(lease))).map_err(|e| Failure::Storage(e.to_string()))
}
