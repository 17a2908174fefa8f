//! One generic adapter for external frame-extraction services.
//!
//! FFmpeg-API, ApyHub, Cloudinary, Imgix and Shotstack each have their own
//! API; **no vendor-specific adapter is written here** (they cannot be
//! reached from where this was built, so none could be tested). An external
//! service is used through this one JSON contract, directly or behind a
//! small proxy that translates it to the vendor's API:
//!
//! ```text
//! POST {endpoint}
//! Authorization: Bearer {key}
//! Content-Type: application/json
//!
//! {"videoUrl": "https://…signed link…", "frameCount": 6, "format": "jpeg",
//!  "quality": 85, "jobId": "…"}
//!
//! 200 OK
//! {"frames": [{"index": 0, "url": "https://…"}, …, {"index": 5, "url": "https://…"}]}
//! ```
//!
//! The request needs [`VideoSource::Url`] (a signed link the service can
//! download); a [`VideoSource::LocalFile`] is `Refused` without a call.
//! `format` is `jpeg`, `png` or `webp`; frames are at equal angles of one
//! turn (frame `i` at `i × duration / frameCount`). The answer must list
//! exactly the indices `0..frameCount`. Each frame URL is then downloaded
//! with the safe fetcher ([`crate::SafeFetcher`]: public addresses only
//! unless allowed, at most [`DEFAULT_MAX_FRAME_BYTES`] each, content type
//! `image/*`).
//!
//! How answers map to [`ProviderError`]: connection errors, timeouts, 408
//! and 5xx → `Transient` (retried); 401, 403, 429, other 4xx, a redirect, a
//! response that breaks the contract, a frame that is too large or not an
//! image → `Refused` (next provider); 422 → `Input` (the video is bad: the
//! job fails). System proxy variables are ignored.
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::fetch::{FetchError, FetchPolicy, SafeFetcher};
use crate::provider::{BoxFuture, FrameProvider, ProvidedFrame, ProviderError, ProviderRequest, VideoSource};

/// Largest frame downloaded from a provider: 20 MB.
pub const DEFAULT_MAX_FRAME_BYTES: u64 = 20_000_000;
/// Time for the extraction call by default.
pub const DEFAULT_PROVIDER_TIMEOUT: Duration = Duration::from_secs(120);
/// Largest JSON answer read from a provider.
const MAX_ANSWER_BYTES: usize = 1_000_000;

/// An external provider's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpProviderConfig {
    /// `ffmpeg-api`, `cloudinary`… (usage records, logs).
    pub name: String,
    /// `https://…`: where the JSON request is posted.
    pub endpoint: String,
    /// Sent as `Authorization: Bearer {api_key}`.
    pub api_key: String,
    /// For the extraction call (connection to answer).
    pub timeout: Duration,
    /// For each frame download.
    pub frame_timeout: Duration,
    pub max_frame_bytes: u64,
    /// Lets frame URLs reach loopback and private networks (tests).
    pub allow_private_frames: bool,
}

impl HttpProviderConfig {
    /// The defaults: 120 s call, 60 s and 20 MB per frame, public frames only.
    pub fn new(name: impl Into<String>, endpoint: impl Into<String>, api_key: impl Into<String>) -> Self {
        HttpProviderConfig {
            name: name.into(),
            endpoint: endpoint.into(),
            api_key: api_key.into(),
            timeout: DEFAULT_PROVIDER_TIMEOUT,
            frame_timeout: Duration::from_secs(60),
            max_frame_bytes: DEFAULT_MAX_FRAME_BYTES,
            allow_private_frames: false,
        }
    }
}

/// An external provider spoken to with the JSON contract above.
pub struct HttpProvider {
    config: HttpProviderConfig,
    client: reqwest::Client,
    frames: SafeFetcher,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExtractBody<'a> {
    video_url: &'a str,
    frame_count: u32,
    format: &'a str,
    quality: u8,
    job_id: &'a str,
}

#[derive(Deserialize)]
struct ExtractAnswer {
    frames: Vec<AnswerFrame>,
}

#[derive(Deserialize)]
struct AnswerFrame {
    index: u32,
    url: String,
}

impl HttpProvider {
    pub fn new(config: HttpProviderConfig) -> Result<Self, ConfigError> {
        let client_error = |message: String| ConfigError::Client { provider: config.name.clone(), message };
        let endpoint = reqwest::Url::parse(&config.endpoint).map_err(|e| client_error(format!("endpoint: {e}")))?;
        if !matches!(endpoint.scheme(), "http" | "https") {
            return Err(client_error("endpoint: only http:// and https:// addresses".to_owned()));
        }
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10).min(config.timeout))
            .timeout(config.timeout)
            .user_agent(concat!("cotiza-worker/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| client_error(e.to_string()))?;
        let frames = SafeFetcher::new(FetchPolicy {
            max_bytes: config.max_frame_bytes,
            timeout: config.frame_timeout,
            allow_private: config.allow_private_frames,
            content_type_prefix: Some("image/".to_owned()),
            ..FetchPolicy::default()
        })
        .map_err(|e| client_error(e.to_string()))?;
        Ok(HttpProvider { config, client, frames })
    }

    pub fn config(&self) -> &HttpProviderConfig {
        &self.config
    }

    async fn call(&self, request: &ProviderRequest, video_url: &str) -> Result<Vec<AnswerFrame>, ProviderError> {
        let body = ExtractBody {
            video_url,
            frame_count: request.frame_count,
            format: request.format.as_str(),
            quality: request.quality,
            job_id: &request.job_id,
        };
        let response = self
            .client
            .post(&self.config.endpoint)
            .bearer_auth(&self.config.api_key)
            .json(&body)
            .send()
            .await
            .map_err(|e| self.send_error(&e))?;
        let status = response.status();
        let text = read_capped(response).await.map_err(|e| self.send_error(&e))?;
        if !status.is_success() {
            let detail = snippet(&text);
            let message = if detail.is_empty() { format!("HTTP {status}") } else { format!("HTTP {status}: {detail}") };
            return Err(match status.as_u16() {
                422 => ProviderError::Input(if detail.is_empty() { message } else { detail }),
                408 | 500..=599 => ProviderError::Transient(message),
                _ => ProviderError::Refused(message),
            });
        }
        let answer: ExtractAnswer = serde_json::from_str(&text)
            .map_err(|e| ProviderError::Refused(format!("an answer that is not the frames contract: {e}")))?;
        let mut frames = answer.frames;
        frames.sort_by_key(|f| f.index);
        let complete =
            frames.len() == request.frame_count as usize && frames.iter().zip(0..).all(|(f, i)| f.index == i);
        if !complete {
            return Err(ProviderError::Refused(format!(
                "answered {} frames where frames 0 to {} were asked for",
                frames.len(),
                request.frame_count.saturating_sub(1)
            )));
        }
        Ok(frames)
    }

    fn send_error(&self, error: &reqwest::Error) -> ProviderError {
        if error.is_timeout() {
            ProviderError::Transient(format!("no answer within {} seconds", self.config.timeout.as_secs()))
        } else if error.is_connect() {
            ProviderError::Transient("could not connect".to_owned())
        } else {
            ProviderError::Transient(crate::fetch::text_without_url(error))
        }
    }

    async fn download(
        &self,
        request: &ProviderRequest,
        frames: &[AnswerFrame],
        work_dir: &Path,
    ) -> Result<Vec<ProvidedFrame>, ProviderError> {
        let mut done: Vec<ProvidedFrame> = Vec::with_capacity(frames.len());
        for frame in frames {
            let path =
                work_dir.join(format!("{}-frame-{:03}.{}", self.config.name, frame.index, request.format.extension()));
            match self.frames.fetch_to_file(&frame.url, &path).await {
                Ok(file) => {
                    let job = request.job_id.as_str();
                    tracing::debug!(job_id = %job, provider = %self.config.name, index = frame.index, bytes = file.bytes,
                        "video-jobs> id={job} frame {} from {}: {} bytes", frame.index, self.config.name, file.bytes);
                    done.push(ProvidedFrame { index: frame.index, path });
                }
                Err(e) => {
                    remove_all(done.iter().map(|f| f.path.clone())).await;
                    return Err(frame_error(frame.index, &e));
                }
            }
        }
        Ok(done)
    }
}

impl FrameProvider for HttpProvider {
    fn name(&self) -> &str {
        &self.config.name
    }

    fn extract<'a>(
        &'a self,
        request: &'a ProviderRequest,
        work_dir: &'a Path,
    ) -> BoxFuture<'a, Result<Vec<ProvidedFrame>, ProviderError>> {
        Box::pin(async move {
            let VideoSource::Url(video_url) = &request.source else {
                return Err(ProviderError::Refused("needs a link to the video, not a local file".to_owned()));
            };
            let frames = self.call(request, video_url).await?;
            self.download(request, &frames, work_dir).await
        })
    }
}

/// A failed frame download: the provider's fault unless it may pass.
fn frame_error(index: u32, error: &FetchError) -> ProviderError {
    let message = format!("frame {index}: {error}");
    match error {
        FetchError::Timeout { .. } | FetchError::Network(_) | FetchError::Io(_) => ProviderError::Transient(message),
        FetchError::Status { status } if *status == 408 || *status >= 500 => ProviderError::Transient(message),
        _ => ProviderError::Refused(message),
    }
}

async fn remove_all(paths: impl Iterator<Item = PathBuf>) {
    for path in paths {
        let _ = tokio::fs::remove_file(path).await;
    }
}

/// The body as text, at most [`MAX_ANSWER_BYTES`] of it.
async fn read_capped(mut response: reqwest::Response) -> Result<String, reqwest::Error> {
    let mut body: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let room = MAX_ANSWER_BYTES.saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() >= MAX_ANSWER_BYTES {
            break;
        }
    }
    Ok(String::from_utf8_lossy(&body).into_owned())
}

/// The start of an error body, on one line: a provider's message, if any.
fn snippet(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > 200 { format!("{}…", line.chars().take(200).collect::<String>()) } else { line }
}
