//! 360° videos of vehicles: an upload or a link becomes a frame-extraction
//! job of the render queue; its frames become the vehicle's spin.
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use blob::{BlobKey, Blobs};
use domain::{
    DEFAULT_FRAME_COUNT, DEFAULT_FRAME_QUALITY, Frame360, Frames360Input, ImageFormat, MAX_FRAME_COUNT, MIN_FRAME_COUNT,
    VehicleView, Video360Job, ViewerConfig, angle_label, frame_angle_degrees,
};
use rust_decimal::Decimal;
use store::{Db, FramesJobRecord, User};

use crate::VehiclesError;

/// Limits of 360° videos and how their links and spins behave.
#[derive(Debug, Clone, PartialEq)]
pub struct SpinPolicy {
    /// `VIDEO360_MAX_UPLOAD_BYTES` (default 500 MB).
    pub max_upload_bytes: u64,
    /// `VIDEO360_MAX_DURATION_SECONDS` (default 120 s).
    pub max_duration: Duration,
    /// How long frame links work.
    pub link_ttl: Duration,
    /// `VIDEO360_ALLOW_PRIVATE_URLS`: let `videoUrl` name loopback and
    /// private addresses (tests, an intranet camera); off by default.
    pub allow_private_urls: bool,
    pub viewer: ViewerConfig,
}

impl Default for SpinPolicy {
    fn default() -> Self {
        SpinPolicy {
            max_upload_bytes: 500 * 1024 * 1024,
            max_duration: Duration::from_secs(120),
            link_ttl: Duration::from_secs(3600),
            allow_private_urls: false,
            viewer: ViewerConfig::default(),
        }
    }
}

impl SpinPolicy {
    pub fn input_limits(&self) -> media::InputLimits {
        media::InputLimits {
            max_bytes: self.max_upload_bytes,
            max_duration_us: i64::try_from(self.max_duration.as_micros()).unwrap_or(i64::MAX),
        }
    }
}

/// What a 360° request asks for beside the video.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SpinRequest {
    pub vehicle_id: String,
    pub frame_count: Option<u32>,
    pub format: Option<ImageFormat>,
    pub quality: Option<u8>,
}

/// The 360° service; cheap to clone.
#[derive(Clone)]
pub struct Spins {
    db: Db,
    blobs: Blobs,
    policy: SpinPolicy,
}

impl Spins {
    pub fn new(db: Db, blobs: Blobs, policy: SpinPolicy) -> Spins {
        Spins { db, blobs, policy }
    }

    pub fn policy(&self) -> &SpinPolicy {
        &self.policy
    }

    /// An uploaded video (already streamed to `file` by the HTTP layer,
    /// within the size limit): checked by its content — container, video
    /// stream, duration — stored, and its extraction queued.
    pub async fn submit_upload(&self, actor: &User, request: &SpinRequest, file: &Path) -> Result<Video360Job, VehiclesError> {
        let (frame_count, format, quality) = check_request(request)?;
        self.db.vehicle(&actor.organization_id, &request.vehicle_id).await?;
        let size = tokio::fs::metadata(file).await.map_err(|e| VehiclesError::field("video", format!("cannot read the upload: {e}")))?.len();
        if size > self.policy.max_upload_bytes {
            return Err(VehiclesError::TooLarge { limit_bytes: self.policy.max_upload_bytes });
        }
        let limits = self.policy.input_limits();
        let path: PathBuf = file.to_owned();
        let probe = tokio::task::spawn_blocking(move || media::probe_video(&path, &limits))
            .await
            .map_err(|e| VehiclesError::field("video", format!("the video could not be checked: {e}")))?
            .map_err(|e| VehiclesError::field("video", e.to_string()))?;
        let job_id = uuid::Uuid::new_v4().to_string();
        let key = source_key(actor, &job_id, &probe.container)?;
        self.blobs.put_file(&key, file, container_type(&probe.container)).await?;
        let input = Frames360Input {
            vehicle_id: request.vehicle_id.clone(),
            source_key: Some(key.as_str().to_owned()),
            video_url: None,
            frame_count,
            format,
            quality,
        };
        match self.db.create_frames_job(&actor.organization_id, actor, &job_id, &input).await {
            Ok(record) => Ok(self.with_links(record).await),
            Err(e) => {
                // Nothing refers to the file: do not leave it behind.
                if let Err(delete) = self.blobs.delete(&key).await {
                    tracing::warn!(key = key.as_str(), error = %delete, "video-jobs> cannot delete an unused upload");
                }
                Err(e.into())
            }
        }
    }

    /// A video at an `http(s)` address: checked for its form here (scheme,
    /// host; no loopback or private address literal unless allowed), fetched
    /// by the worker with size and time limits and the same address rules
    /// for every address the name resolves to.
    pub async fn submit_url(&self, actor: &User, request: &SpinRequest, url: &str) -> Result<Video360Job, VehiclesError> {
        let (frame_count, format, quality) = check_request(request)?;
        let url = check_video_url(url, self.policy.allow_private_urls).map_err(|m| VehiclesError::field("videoUrl", m))?;
        self.db.vehicle(&actor.organization_id, &request.vehicle_id).await?;
        let job_id = uuid::Uuid::new_v4().to_string();
        let input = Frames360Input {
            vehicle_id: request.vehicle_id.clone(),
            source_key: None,
            video_url: Some(url),
            frame_count,
            format,
            quality,
        };
        let record = self.db.create_frames_job(&actor.organization_id, actor, &job_id, &input).await?;
        Ok(self.with_links(record).await)
    }

    pub async fn job(&self, actor: &User, id: &str) -> Result<Video360Job, VehiclesError> {
        let record = self.db.frames_job(&actor.organization_id, id).await?;
        Ok(self.with_links(record).await)
    }

    /// Newest first; one vehicle's when given.
    pub async fn jobs(&self, actor: &User, vehicle_id: Option<&str>) -> Result<Vec<Video360Job>, VehiclesError> {
        let records = self.db.frames_jobs(&actor.organization_id, vehicle_id, 100).await?;
        let mut jobs = Vec::with_capacity(records.len());
        for record in records {
            jobs.push(self.with_links(record).await);
        }
        Ok(jobs)
    }

    /// Stops a pending or processing job (a worker on it drops its work).
    pub async fn cancel(&self, actor: &User, id: &str) -> Result<Video360Job, VehiclesError> {
        self.db.frames_job(&actor.organization_id, id).await?;
        self.db.cancel_video_job(&actor.organization_id, id, actor).await?;
        self.job(actor, id).await
    }

    /// A new job with the same video and settings as a failed one (kept).
    pub async fn retry(&self, actor: &User, id: &str) -> Result<Video360Job, VehiclesError> {
        self.db.frames_job(&actor.organization_id, id).await?;
        let (record, _) = self.db.retry_video_job(&actor.organization_id, id, actor).await?;
        self.job(actor, &record.job.id).await
    }

    /// The vehicle's spin: the newest completed job's frames.
    pub async fn view(&self, actor: &User, vehicle_id: &str) -> Result<VehicleView, VehiclesError> {
        self.view_of(&actor.organization_id, vehicle_id).await
    }

    /// [`Spins::view`] for a page that found the organisation another way
    /// (the public quote page, by its token).
    pub async fn view_of(&self, org: &store::OrgId, vehicle_id: &str) -> Result<VehicleView, VehiclesError> {
        self.db.vehicle(org, vehicle_id).await?;
        let latest = self.db.latest_vehicle_spin(org, vehicle_id).await?;
        let (frames, job_id) = match latest {
            Some(record) => {
                let job = self.with_links(record).await;
                (job.frames, Some(job.id))
            }
            None => (Vec::new(), None),
        };
        Ok(VehicleView {
            vehicle_id: vehicle_id.to_owned(),
            is_ready: !frames.is_empty(),
            frames,
            config: self.policy.viewer,
            job_id,
        })
    }

    async fn with_links(&self, record: FramesJobRecord) -> Video360Job {
        let mut frames = Vec::with_capacity(record.frames.len());
        for frame in &record.frames {
            let (Some(image_url), Some(thumbnail_url)) = (self.link(&frame.image_key).await, self.link(&frame.thumbnail_key).await)
            else {
                continue;
            };
            let angle = frame_angle_degrees(frame.index, frame.count);
            frames.push(Frame360 {
                index: frame.index,
                angle_degrees: angle,
                angle_label: angle_label(angle).to_owned(),
                image_url,
                thumbnail_url,
                file_size_bytes: frame.file_size_bytes,
                width: frame.width,
                height: frame.height,
            });
        }
        Video360Job {
            id: record.id,
            vehicle_id: record.vehicle_id,
            status: record.status.into(),
            progress: record.progress,
            provider: record.provider,
            processing_time_ms: record.processing_ms,
            cost_usd: usd(record.cost_usd),
            frame_count: record.input.frame_count,
            image_format: record.input.format,
            attempts: record.attempts,
            error: record.error,
            frames,
            created_at: record.created_at,
            finished_at: record.finished_at,
        }
    }

    async fn link(&self, key: &str) -> Option<String> {
        let key = BlobKey::new(key).ok()?;
        match self.blobs.download_url(&key, self.policy.link_ttl, blob::now_unix()).await {
            Ok(url) => Some(url),
            Err(e) => {
                tracing::warn!(key = key.as_str(), error = %e, "cannot sign a frame link");
                None
            }
        }
    }
}

/// Frame count, format and quality, defaulted and checked.
fn check_request(request: &SpinRequest) -> Result<(u32, ImageFormat, u8), VehiclesError> {
    let mut fields = domain::FieldErrors::new();
    let frame_count = request.frame_count.unwrap_or(DEFAULT_FRAME_COUNT);
    if !(MIN_FRAME_COUNT..=MAX_FRAME_COUNT).contains(&frame_count) {
        fields.add("frameCount", format!("must be from {MIN_FRAME_COUNT} to {MAX_FRAME_COUNT}"));
    }
    let quality = request.quality.unwrap_or(DEFAULT_FRAME_QUALITY);
    if !(1..=100).contains(&quality) {
        fields.add("quality", "must be from 1 to 100");
    }
    if request.vehicle_id.trim().is_empty() {
        fields.add("vehicleId", "is required");
    }
    fields.into_result((frame_count, request.format.unwrap_or_default(), quality)).map_err(VehiclesError::Invalid)
}

/// `orgs/{org}/video360/{job}/source.{ext}`.
fn source_key(actor: &User, job_id: &str, container: &str) -> Result<BlobKey, VehiclesError> {
    let ext = match container {
        "mov" => "mov",
        "avi" => "avi",
        "webm" => "webm",
        "mkv" => "mkv",
        _ => "mp4",
    };
    Ok(BlobKey::new(format!("orgs/{}/video360/{job_id}/source.{ext}", actor.organization_id.as_str()))?)
}

fn container_type(container: &str) -> &'static str {
    match container {
        "mov" => "video/quicktime",
        "avi" => "video/x-msvideo",
        "webm" => "video/webm",
        "mkv" => "video/x-matroska",
        _ => "video/mp4",
    }
}

/// `$1.2345` kept to 4 decimals, at least 2 (`0.00`).
fn usd(cost: Decimal) -> String {
    let mut cost = cost.round_dp(4).normalize();
    if cost.scale() < 2 {
        cost.rescale(2);
    }
    cost.to_string()
}

/// The form of a `videoUrl`: `http(s)://host…`, at most 2,000 characters,
/// no user:password, and — unless `allow_private` — no host that is
/// plainly this machine or a private network (`localhost`, loopback,
/// private, link-local, unspecified address literals). Names that resolve
/// to such addresses are refused by the worker when it fetches.
pub(crate) fn check_video_url(url: &str, allow_private: bool) -> Result<String, String> {
    let url = url.trim();
    if url.len() > 2000 {
        return Err("is longer than 2,000 characters".into());
    }
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("must be an http:// or https:// address".into());
    };
    if !(scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")) {
        return Err(format!("{scheme}:// is not allowed: only http:// and https://"));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err("must not carry a user name or password".into());
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(host, _port)| host),
    };
    if host.is_empty() {
        return Err("has no host".into());
    }
    if !allow_private {
        // `LOCALHOST.` is `localhost` too: a trailing dot only makes the name absolute.
        let lower = host.to_ascii_lowercase();
        let lower = lower.trim_end_matches('.');
        let local_name = lower == "localhost" || lower.ends_with(".localhost");
        // The host as HTTP clients read it: `2130706433`, `0177.0.0.1` and
        // `0x7f000001` are 127.0.0.1 too.
        let ip = host.parse::<IpAddr>().ok().or_else(|| providers::url_host_ip(url));
        let private_ip = ip.is_some_and(|ip| providers::blocked_reason(ip).is_some());
        if local_name || private_ip {
            return Err(format!("{host} is a local or private address; give a public address"));
        }
    }
    Ok(url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn video_urls_are_public_http_addresses() {
        assert_eq!(check_video_url(" https://cdn.example.com/car.mp4 ", false).as_deref(), Ok("https://cdn.example.com/car.mp4"));
        for bad in [
            "ftp://example.com/car.mp4",
            "file:///etc/passwd",
            "example.com/car.mp4",
            "http://localhost:8080/car.mp4",
            "http://LOCALHOST./car.mp4",
            "http://cdn.localhost../car.mp4",
            "http://127.0.0.1/car.mp4",
            "http://10.0.0.7/car.mp4",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:3000/car.mp4",
            "http://[::ffff:192.168.1.1]/car.mp4",
            "http://0.0.0.0/car.mp4",
            "http://user:pass@example.com/car.mp4",
            "https:///car.mp4",
            // Numeric forms of 127.0.0.1 and 169.254.169.254 (issue 17).
            "http://2130706433/car.mp4",
            "http://0177.0.0.1/car.mp4",
            "http://0x7f000001/car.mp4",
            "http://127.1:8080/car.mp4",
            "http://0xA9FEA9FE/latest/meta-data",
            "http://2852039166/latest/meta-data",
        ] {
            assert!(check_video_url(bad, false).is_err(), "{bad} must be refused");
        }
        assert!(check_video_url("http://127.0.0.1:9000/car.mp4", true).is_ok(), "allowed when configured");
    }

    #[test]
    fn requests_default_and_name_bad_fields() {
        let ok = check_request(&SpinRequest { vehicle_id: "v".into(), ..SpinRequest::default() }).expect("defaults");
        assert_eq!(ok, (6, ImageFormat::Jpeg, 85));
        let Err(VehiclesError::Invalid(fields)) =
            check_request(&SpinRequest { vehicle_id: " ".into(), frame_count: Some(1), format: None, quality: Some(0) })
        else {
            panic!("bad request accepted");
        };
        for field in ["vehicleId", "frameCount", "quality"] {
            assert!(fields.get(field).is_some(), "{field}: {fields:?}");
        }
    }

    #[test]
    fn costs_read_as_dollars() {
        assert_eq!(usd(Decimal::ZERO), "0.00");
        assert_eq!(usd(Decimal::new(5, 3)), "0.005");
        assert_eq!(usd(Decimal::new(123_456, 5)), "1.2346");
    }
}
