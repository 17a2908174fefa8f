//! Quote videos over HTTP, at `/api/video-renders` and `/api/videos`
//! (session cookie or API key; tenant-scoped like everything else):
//! ask for a quote's video, follow its job, retry a failed one, download it.
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::VideoJob;
use serde::Deserialize;

use super::ApiError;
use super::actor::Actor;
use crate::state::AppState;
use accounts::Visitor;
use axum::Extension;

/// `POST /api/video-renders/quotes/{quoteId}`: 202 with the new job, or
/// 200 with the job already queued or running for that quote version.
/// 409 for a draft (send it first), 429 over the hourly limit.
pub async fn request(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(quote_id): Path<String>,
) -> Result<Response, ApiError> {
    let origin = match &visitor {
        Some(Extension(v)) => v.origin.clone(),
        None => state.config.public_url.clone().unwrap_or_default(),
    };
    let (job, created) = state
        .videos
        .request(&actor.user, &quote_id, &origin)
        .await
        .map_err(|e| ApiError::quote_state(e, "only a sent quote has a video"))?;
    Ok(accepted(job, created))
}

/// `GET /api/video-renders/{jobId}`.
pub async fn get(State(state): State<AppState>, actor: Actor, Path(job_id): Path<String>) -> Result<Json<VideoJob>, ApiError> {
    Ok(Json(state.videos.get(&actor.user, &job_id).await?))
}

/// `POST /api/video-renders/{jobId}/retry`: a new job for a failed one
/// (202); the failed job is kept. 409 unless the job failed; 404 unless it
/// is a quote video of the organisation, exactly like `GET` (a 360° job is
/// retried at `/api/video360/jobs/{id}/retry`).
pub async fn retry(State(state): State<AppState>, actor: Actor, Path(job_id): Path<String>) -> Result<Response, ApiError> {
    // The store's retry takes any job kind; this route only knows quote videos.
    state.videos.get(&actor.user, &job_id).await?;
    let (job, created) = state.videos.retry(&actor.user, &job_id).await.map_err(|e| match e {
        quotes::QuotesError::WrongState { status } => {
            ApiError::WrongState { status, message: format!("only a failed job can be retried (this one is {status})") }
        }
        other => other.into(),
    })?;
    Ok(accepted(job, created))
}

/// `GET /api/video-renders/{jobId}/download`: 302 to a signed, expiring
/// link to the MP4; 404 until the job succeeded (or after its video expired).
pub async fn download(State(state): State<AppState>, actor: Actor, Path(job_id): Path<String>) -> Result<Response, ApiError> {
    let url = state.videos.download_url(&actor.user, &job_id).await?;
    Ok(Redirect::to(&url).into_response())
}

#[derive(Debug, Deserialize)]
pub struct VideosQuery {
    #[serde(default, rename = "quoteId")]
    quote_id: Option<String>,
}

/// `GET /api/videos[?quoteId=]`: finished videos (newest first) with their links.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<VideosQuery>) -> Result<Json<Vec<VideoJob>>, ApiError> {
    let quote = query.quote_id.as_deref().filter(|q| !q.is_empty());
    Ok(Json(state.videos.list(&actor.user, quote, true).await?))
}

/// `GET /api/videos/{id}`: one video (its job), with status and progress.
pub async fn one(state: State<AppState>, actor: Actor, id: Path<String>) -> Result<Json<VideoJob>, ApiError> {
    get(state, actor, id).await
}

/// `GET /api/video-renders[?quoteId=]`: every job (any status), newest first.
pub async fn jobs(State(state): State<AppState>, actor: Actor, Query(query): Query<VideosQuery>) -> Result<Json<Vec<VideoJob>>, ApiError> {
    let quote = query.quote_id.as_deref().filter(|q| !q.is_empty());
    Ok(Json(state.videos.list(&actor.user, quote, false).await?))
}

fn accepted(job: VideoJob, created: bool) -> Response {
    let status = if created { StatusCode::ACCEPTED } else { StatusCode::OK };
    (status, Json(job)).into_response()
}
