//! The catalog as files: CSV export and import (dry run first), product photos.
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Json;
use domain::ImportPreview;
use serde::Deserialize;
use serde_json::json;

use super::ApiError;
use super::actor::Actor;
use crate::state::AppState;

/// Largest CSV accepted (5,000 rows fit comfortably).
pub const MAX_CSV_BYTES: usize = 4 * 1024 * 1024;

/// `GET /api/v1/products/export`: the whole catalog as CSV.
pub async fn export(State(state): State<AppState>, actor: Actor) -> Result<Response, ApiError> {
    let csv = state.catalog.export_csv(&actor.user).await?;
    let filename = format!("attachment; filename=\"catalog-{}-{}.csv\"", actor.org.slug, catalog::today());
    Ok(([(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, filename)], csv).into_response())
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ImportQuery {
    dry_run: bool,
}

/// `POST /api/v1/products/import[?dry_run=true]` with the CSV as the body:
/// the preview (dry run), or the import (all or nothing; 422 with the rows' errors).
pub async fn import(State(state): State<AppState>, actor: Actor, Query(query): Query<ImportQuery>, body: Body) -> Result<Response, ApiError> {
    let bytes = to_bytes(body, MAX_CSV_BYTES).await.map_err(|_| ApiError::TooLarge { limit: MAX_CSV_BYTES })?;
    let text = String::from_utf8(bytes.to_vec()).map_err(|_| ApiError::UnsupportedMedia("the CSV must be UTF-8".into()))?;
    let preview: ImportPreview = state.catalog.preview_import(&actor.user, &text).await?;
    if query.dry_run {
        return Ok(Json(preview).into_response());
    }
    if !preview.errors.is_empty() {
        let body = json!({ "error": "the file has errors; nothing was imported", "rows": preview.errors });
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response());
    }
    let counts = state.catalog.apply_import(&actor.user, &text).await?;
    Ok(Json(json!({ "created": counts.created, "updated": counts.updated, "prices": counts.prices })).into_response())
}

/// `PUT|POST /api/v1/products/{id}/photo`: the image as the body
/// (`image/jpeg|png|webp`) or as the `photo` field of a multipart form. A
/// browser form (Accept: text/html) is sent back to the product's page.
pub async fn upload_photo(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, request: Request) -> Result<Response, ApiError> {
    let html = request.headers().get(header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"));
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let limit = catalog::PHOTO_MAX_BYTES;
    let bytes: Bytes = if content_type.starts_with("multipart/form-data") {
        let mut multipart = Multipart::from_request(request, &state).await.map_err(|e| ApiError::MalformedJson(e.to_string()))?;
        let mut found = None;
        while let Some(field) = multipart.next_field().await.map_err(|e| too_large_or(e.status(), e.body_text(), limit))? {
            if field.name() == Some("photo") {
                found = Some(field.bytes().await.map_err(|e| too_large_or(e.status(), e.body_text(), limit))?);
                break;
            }
        }
        found.filter(|b| !b.is_empty()).ok_or_else(|| {
            let mut fields = domain::FieldErrors::new();
            fields.add("photo", domain::messages::REQUIRED);
            ApiError::Invalid { what: "request", fields }
        })?
    } else {
        to_bytes(request.into_body(), limit).await.map_err(|_| ApiError::TooLarge { limit })?
    };
    let product = match state.catalog.set_photo(&actor.user, &id, bytes.to_vec()).await {
        Ok(p) => p,
        Err(e) if html => {
            let reason = match e {
                catalog::CatalogError::TooLarge { .. } => "too_large",
                catalog::CatalogError::Invalid(_) => "invalid",
                other => return Err(other.into()),
            };
            return Ok(Redirect::to(&format!("/app/catalog/{id}?photo_error={reason}")).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    if html {
        return Ok(Redirect::to(&format!("/app/catalog/{id}?photo=1")).into_response());
    }
    Ok(Json(product).into_response())
}

/// `DELETE /api/v1/products/{id}/photo`.
pub async fn delete_photo(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Response, ApiError> {
    Ok(Json(state.catalog.remove_photo(&actor.user, &id).await?).into_response())
}

fn too_large_or(status: StatusCode, text: String, limit: usize) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE { ApiError::TooLarge { limit } } else { ApiError::MalformedJson(text) }
}
