//! What a frame provider is asked for, what it gives back, and how it fails.
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

/// A boxed, sendable future: the return type of the object-safe async
/// methods of this crate's traits (no `async-trait` crate).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One frame extraction, as every provider sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRequest {
    pub job_id: String,
    pub organization_id: String,
    pub source: VideoSource,
    /// Frames at equal angles of one turn (`domain::frame_time_us`).
    pub frame_count: u32,
    pub format: domain::ImageFormat,
    /// 1–100, for JPEG and WebP.
    pub quality: u8,
}

/// Where the video is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VideoSource {
    /// A file on this machine (the worker's own extractor reads it).
    LocalFile(PathBuf),
    /// A signed, expiring link that external providers can download.
    Url(String),
}

/// One extracted frame, written into the work folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvidedFrame {
    /// 0-based: frame `index` of `frame_count`.
    pub index: u32,
    pub path: PathBuf,
}

/// A way to extract frames: the worker's ffmpeg extractor (`local`) or an
/// external service ([`crate::HttpProvider`]).
pub trait FrameProvider: Send + Sync {
    /// The name used in configuration, usage records and the job (`local`,
    /// `ffmpeg-api`…).
    fn name(&self) -> &str;

    /// Extracts `request.frame_count` frames into `work_dir`. The chain
    /// drops the future when the job is cancelled, so a provider that works
    /// on another thread should also stop by itself when it can.
    fn extract<'a>(
        &'a self,
        request: &'a ProviderRequest,
        work_dir: &'a Path,
    ) -> BoxFuture<'a, Result<Vec<ProvidedFrame>, ProviderError>>;
}

/// Why a provider failed, which decides what the chain does next.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderError {
    /// The video itself cannot be used (not a video, no frames, …): no other
    /// provider would do better, so the job fails at once.
    #[error("the video cannot be used: {0}")]
    Input(String),
    /// Network error, timeout, HTTP 5xx: retried after the configured
    /// delays, then the next provider.
    #[error("temporary failure: {0}")]
    Transient(String),
    /// The provider will not do it (HTTP 401/403/429, quota, a response that
    /// breaks the contract, a frame too large): the next provider, no retry.
    #[error("refused: {0}")]
    Refused(String),
    /// The job was cancelled.
    #[error("cancelled")]
    Cancelled,
}

impl ProviderError {
    /// `input`, `transient`, `refused` or `cancelled` (for logs and attempts).
    pub fn kind(&self) -> &'static str {
        match self {
            ProviderError::Input(_) => "input",
            ProviderError::Transient(_) => "transient",
            ProviderError::Refused(_) => "refused",
            ProviderError::Cancelled => "cancelled",
        }
    }
}
