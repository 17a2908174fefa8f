use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::FieldErrors;
use serde_json::json;
use store::StoreError;
use thiserror::Error;

/// Errors of the REST layer, turned into HTTP once, here.
/// Body: `{"error": "...", "fields": {"path": "message"}}` (fields only for 422).
#[derive(Debug, Error)]
pub enum ApiError {
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("invalid {what}")]
    Invalid { what: &'static str, fields: FieldErrors },
    #[error("not found")]
    NotFound,
    #[error("request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::MalformedJson(_) => (StatusCode::BAD_REQUEST, json!({ "error": self.to_string() })),
            ApiError::Invalid { fields, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": self.to_string(), "fields": fields.0 }),
            ),
            ApiError::NotFound | ApiError::Store(StoreError::NotFound) => {
                (StatusCode::NOT_FOUND, json!({ "error": "not found" }))
            }
            ApiError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, json!({ "error": self.to_string() })),
            ApiError::Store(StoreError::Conflict { field, .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "invalid request", "fields": { *field: "is already taken" } }),
            ),
            ApiError::Store(e) => {
                tracing::error!(error = %e, "request failed in the store");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error" }))
            }
        };
        (status, Json(body)).into_response()
    }
}
