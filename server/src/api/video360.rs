//! 360° vehicle videos over HTTP, at `/api/video360` and `/api/providers`
//! (session cookie or API key; tenant-scoped): upload a video or give its
//! address, follow the extraction job, cancel or retry it, read a vehicle's
//! spin.
use std::path::PathBuf;

use axum::Json;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use domain::{FieldErrors, ImageFormat, VehicleView, Video360Job};
use serde::Deserialize;
use tokio::io::AsyncWriteExt;
use vehicles::SpinRequest;

use super::ApiError;
use super::actor::Actor;
use crate::state::AppState;

/// Room for the multipart framing and the small fields beside the video.
const FORM_OVERHEAD_BYTES: u64 = 64 * 1024;

/// Largest value of a field beside the video (`vehicleId`, `frameCount`…).
pub const MAX_TEXT_FIELD_BYTES: usize = 1024;

/// The fields of the upload form; any other is refused (422).
const UPLOAD_FIELDS: &[&str] = &["video", "vehicleId", "frameCount", "imageFormat", "quality"];

/// `POST /api/video360/jobs/upload`, multipart: `video` (the file),
/// `vehicleId`, `frameCount` (default 6), `imageFormat` (jpeg|png|webp),
/// `quality` (1–100). The video is streamed to a temporary file — never
/// held in memory — and refused with 413 as soon as it passes the limit;
/// then checked by its content (422 naming the problem) and queued (202).
/// The whole body is capped at the limit plus framing even when it comes
/// chunked (413); the other fields are read at most
/// [`MAX_TEXT_FIELD_BYTES`] each (422 past it), and an unknown or repeated
/// field is 422 before its content is read.
///
/// A browser form without JavaScript (`Accept: text/html`) is sent back to
/// the vehicle's page: `/app/vehicles/{id}` on success, with
/// `?upload_error=<message>` when the video was refused.
pub async fn upload(State(state): State<AppState>, actor: Actor, request: Request) -> Result<Response, ApiError> {
    let html = request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let mut vehicle_id = String::new();
    let result = receive_upload(&state, &actor, request, &mut vehicle_id).await;
    if !html || vehicle_id.is_empty() {
        return result;
    }
    let page = format!("/app/vehicles/{}", urlencode(&vehicle_id));
    Ok(match result {
        Ok(_) => Redirect::to(&page).into_response(),
        Err(ApiError::NotFound) => return Err(ApiError::NotFound),
        Err(e) => Redirect::to(&format!("{page}?upload_error={}", urlencode(&refusal(&e)))).into_response(),
    })
}

/// A refusal in one line for the page: the field messages, or the error.
fn refusal(e: &ApiError) -> String {
    match e {
        ApiError::Invalid { fields, .. } => fields.0.iter().map(|(field, message)| format!("{field}: {message}")).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn receive_upload(state: &AppState, actor: &Actor, request: Request, vehicle_id: &mut String) -> Result<Response, ApiError> {
    let limit = state.spins.policy().max_upload_bytes;
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > total_limit(limit) as u64) {
        return Err(too_large(limit));
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("multipart/form-data") {
        return Err(ApiError::UnsupportedMedia("send the video as multipart/form-data (field `video`)".into()));
    }
    // The route has no default body limit (it would hold 500 MB in memory):
    // this one counts as the body streams, Content-Length or not.
    let request = request.map(|body| axum::body::Body::new(http_body_util::Limited::new(body, total_limit(limit))));
    let mut multipart = Multipart::from_request(request, state).await.map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let upload = TempUpload::new(state)?;
    let mut form = UploadForm::default();
    let mut fields = FieldErrors::new();
    let mut seen = std::collections::HashSet::new();
    while let Some(mut field) = multipart.next_field().await.map_err(|e| multipart_error(&e, limit))? {
        let name = field.name().unwrap_or_default().to_owned();
        if !UPLOAD_FIELDS.contains(&name.as_str()) {
            fields.add(&field_path(&name), &format!("is not a field of this form (expected {})", UPLOAD_FIELDS.join(", ")));
            return Err(ApiError::Invalid { what: "request", fields });
        }
        if !seen.insert(name.clone()) {
            fields.add(&name, "was sent twice");
            return Err(ApiError::Invalid { what: "request", fields });
        }
        if name == "video" {
            let mut file = tokio::fs::File::create(&upload.path).await.map_err(storage_error)?;
            let mut written: u64 = 0;
            while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e, limit))? {
                written += chunk.len() as u64;
                if written > limit {
                    return Err(too_large(limit));
                }
                file.write_all(&chunk).await.map_err(storage_error)?;
            }
            file.flush().await.map_err(storage_error)?;
            form.video_bytes = Some(written);
            continue;
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e, limit))? {
            if bytes.len() + chunk.len() > MAX_TEXT_FIELD_BYTES {
                // Refused at once: the rest of the value is never read.
                fields.add(&name, &format!("is too long (at most {MAX_TEXT_FIELD_BYTES} bytes)"));
                return Err(ApiError::Invalid { what: "request", fields });
            }
            bytes.extend_from_slice(&chunk);
        }
        let Ok(text) = String::from_utf8(bytes) else {
            fields.add(&name, "must be UTF-8 text");
            return Err(ApiError::Invalid { what: "request", fields });
        };
        form.set(&name, text.trim(), &mut fields);
        if name == "vehicleId" {
            vehicle_id.clone_from(&form.request.vehicle_id);
        }
    }
    match form.video_bytes {
        None => fields.add("video", "is required: a video file (MP4, MOV, AVI or WebM)"),
        Some(0) => fields.add("video", "is empty"),
        Some(_) => {}
    }
    if !fields.is_empty() {
        return Err(ApiError::Invalid { what: "request", fields });
    }
    let job = state.spins.submit_upload(&actor.user, &form.request, &upload.path).await?;
    Ok((StatusCode::ACCEPTED, Json(job)).into_response())
}

/// The body of `POST /api/video360/jobs`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UrlJob {
    vehicle_id: String,
    video_url: String,
    #[serde(default)]
    frame_count: Option<u32>,
    #[serde(default)]
    image_format: Option<ImageFormat>,
    #[serde(default)]
    quality: Option<u8>,
}

/// `POST /api/video360/jobs` with `{"vehicleId", "videoUrl", …}`: the worker
/// fetches the video (http/https only, no private addresses, size and time
/// limits) and extracts its frames (202).
pub async fn from_url(State(state): State<AppState>, actor: Actor, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let job: UrlJob = serde_json::from_slice(&body).map_err(|e| ApiError::MalformedJson(e.to_string()))?;
    let request = SpinRequest {
        vehicle_id: job.vehicle_id,
        frame_count: job.frame_count,
        format: job.image_format,
        quality: job.quality,
    };
    let job = state.spins.submit_url(&actor.user, &request, &job.video_url).await?;
    Ok((StatusCode::ACCEPTED, Json(job)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct JobsQuery {
    #[serde(default, rename = "vehicleId")]
    vehicle_id: Option<String>,
}

/// `GET /api/video360/jobs[?vehicleId=]`: newest first.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<JobsQuery>) -> Result<Json<Vec<Video360Job>>, ApiError> {
    let vehicle = query.vehicle_id.as_deref().filter(|v| !v.is_empty());
    Ok(Json(state.spins.jobs(&actor.user, vehicle).await?))
}

/// `GET /api/video360/jobs/{id}`.
pub async fn get(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Video360Job>, ApiError> {
    Ok(Json(state.spins.job(&actor.user, &id).await?))
}

/// `POST /api/video360/jobs/{id}/cancel`: 409 once the job ended.
pub async fn cancel(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Video360Job>, ApiError> {
    Ok(Json(state.spins.cancel(&actor.user, &id).await?))
}

/// `POST /api/video360/jobs/{id}/retry`: a new job (202) for a failed one,
/// which is kept; 409 unless it failed.
pub async fn retry(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Response, ApiError> {
    let job = state.spins.retry(&actor.user, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(job)).into_response())
}

/// `GET /api/video360/vehicles/{vehicleId}/view`: the spin, ready or not.
pub async fn view(State(state): State<AppState>, actor: Actor, Path(vehicle_id): Path<String>) -> Result<Json<VehicleView>, ApiError> {
    Ok(Json(state.spins.view(&actor.user, &vehicle_id).await?))
}

/// `GET /api/providers`: the frame providers in the order they are tried,
/// with their limits, cost, circuit state and use today.
pub async fn providers(State(state): State<AppState>, _actor: Actor) -> Result<Response, ApiError> {
    Ok(Json(state.frame_providers.describe().await).into_response())
}

/// The small fields of the upload form.
#[derive(Default)]
struct UploadForm {
    request: SpinRequest,
    video_bytes: Option<u64>,
}

impl UploadForm {
    fn set(&mut self, name: &str, value: &str, fields: &mut FieldErrors) {
        match name {
            "vehicleId" => self.request.vehicle_id = value.to_owned(),
            "frameCount" if !value.is_empty() => match value.parse() {
                Ok(n) => self.request.frame_count = Some(n),
                Err(_) => fields.add("frameCount", "must be a whole number"),
            },
            "imageFormat" if !value.is_empty() => match value.to_ascii_lowercase().parse() {
                Ok(format) => self.request.format = Some(format),
                Err(_) => fields.add("imageFormat", "must be jpeg, png or webp"),
            },
            "quality" if !value.is_empty() => match value.parse() {
                Ok(q) => self.request.quality = Some(q),
                Err(_) => fields.add("quality", "must be a whole number from 1 to 100"),
            },
            _ => {}
        }
    }
}

/// The upload's temporary file, removed when the request ends whatever happens.
struct TempUpload {
    path: PathBuf,
}

impl TempUpload {
    fn new(state: &AppState) -> Result<TempUpload, ApiError> {
        let dir = state.config.data_dir.join("tmp").join("uploads");
        std::fs::create_dir_all(&dir).map_err(storage_error)?;
        Ok(TempUpload { path: dir.join(format!("{}.video", uuid::Uuid::new_v4())) })
    }
}

impl Drop for TempUpload {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The whole upload body at most: the video plus room for the other fields.
fn total_limit(video_limit: u64) -> usize {
    usize::try_from(video_limit.saturating_add(FORM_OVERHEAD_BYTES)).unwrap_or(usize::MAX)
}

/// An unknown field's name as a path for the error (never the whole of a
/// hostile name).
fn field_path(name: &str) -> String {
    if name.is_empty() {
        return "(unnamed)".to_owned();
    }
    name.chars().take(64).collect()
}

fn too_large(limit: u64) -> ApiError {
    ApiError::TooLarge { limit: usize::try_from(limit).unwrap_or(usize::MAX) }
}

fn multipart_error(e: &axum::extract::multipart::MultipartError, limit: u64) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE { too_large(limit) } else { ApiError::BadRequest(e.body_text()) }
}

fn storage_error(e: std::io::Error) -> ApiError {
    ApiError::Internal(format!("writing an upload to the temporary folder: {e}"))
}
