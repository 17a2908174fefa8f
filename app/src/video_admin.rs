//! Server functions of quote videos for sales: "Generar video" on a quote,
//! retrying a failed render, and the jobs list (the jobs page polls it while
//! a render is queued or running). Every signed-in user may use them.
use domain::VideoJob;
use leptos::prelude::*;

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{fail, require_session, videos, visitor};

/// A video of the quote's current version: a new job, or the one already
/// queued, running or made for it. Over the hourly limit: `Throttled` (429).
#[server(endpoint = "request_video")]
pub async fn request_video(quote_id: String) -> Result<VideoJob, AppError> {
    let session = require_session()?;
    let (job, _created) = videos()?.request(&session.user, &quote_id, &visitor().origin).await.map_err(fail)?;
    Ok(job)
}

/// A new job for a failed one (which is kept as it was).
#[server(endpoint = "retry_video")]
pub async fn retry_video(job_id: String) -> Result<VideoJob, AppError> {
    let session = require_session()?;
    let (job, _created) = videos()?.retry(&session.user, &job_id).await.map_err(fail)?;
    Ok(job)
}

/// The organisation's render jobs, newest first; only one quote's when
/// `quote_id` is given.
#[server(endpoint = "video_jobs")]
pub async fn video_jobs(#[server(default)] quote_id: String) -> Result<Vec<VideoJob>, AppError> {
    let session = require_session()?;
    let quote = (!quote_id.is_empty()).then_some(quote_id.as_str());
    videos()?.list(&session.user, quote, false).await.map_err(fail)
}
