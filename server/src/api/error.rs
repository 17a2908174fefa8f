use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
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
    /// A request that cannot be read (a broken multipart form…), 400.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// Our fault (a full disk, storage away): 500, the detail only in the log.
    #[error("internal error: {0}")]
    Internal(String),
    #[error("invalid {what}")]
    Invalid { what: &'static str, fields: FieldErrors },
    #[error("not found")]
    NotFound,
    #[error("not logged in")]
    Unauthenticated,
    #[error("not allowed for this role")]
    Forbidden,
    /// Someone else changed the resource since the caller read it.
    #[error("the product was changed meanwhile (now version {current}); read it again and reapply your change")]
    Conflict { current: i64 },
    /// Someone else changed the quote since the caller read it.
    #[error("the quote was changed meanwhile (now version {current}); read it again and reapply your change")]
    QuoteConflict { current: i64 },
    /// The quote's state does not allow this (a confirmed quote, a sent one to delete, …).
    #[error("{message}")]
    WrongState { status: &'static str, message: String },
    #[error("unsupported media type: {0}")]
    UnsupportedMedia(String),
    #[error("catalog: {0}")]
    Catalog(catalog::CatalogError),
    #[error("accounts: {0}")]
    Accounts(accounts::AccountsError),
    #[error("request body is larger than {limit} bytes")]
    TooLarge { limit: usize },
    /// Over a limit (429 with `Retry-After`): video renders of an
    /// organisation per hour, wizard submits, an organisation's reads at once.
    #[error("too many requests (limit {limit}); try again in {retry_after_s} s")]
    RateLimited { limit: i64, retry_after_s: u64 },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body) = match &self {
            ApiError::MalformedJson(_) | ApiError::BadRequest(_) => (StatusCode::BAD_REQUEST, json!({ "error": self.to_string() })),
            ApiError::Internal(detail) => {
                tracing::error!(error = %detail, "request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error" }))
            }
            ApiError::Invalid { fields, .. } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": self.to_string(), "fields": fields.0 }),
            ),
            ApiError::NotFound | ApiError::Store(StoreError::NotFound) => {
                (StatusCode::NOT_FOUND, json!({ "error": "not found" }))
            }
            ApiError::TooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, json!({ "error": self.to_string() })),
            ApiError::RateLimited { limit, retry_after_s } => (
                StatusCode::TOO_MANY_REQUESTS,
                json!({ "error": self.to_string(), "limit": limit, "retry_after_seconds": retry_after_s }),
            ),
            ApiError::Unauthenticated => (StatusCode::UNAUTHORIZED, json!({ "error": self.to_string() })),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, json!({ "error": self.to_string() })),
            ApiError::Conflict { current } => {
                (StatusCode::CONFLICT, json!({ "error": self.to_string(), "current_version": current }))
            }
            ApiError::QuoteConflict { current } => {
                (StatusCode::CONFLICT, json!({ "error": self.to_string(), "current_version": current }))
            }
            ApiError::WrongState { status, .. } => {
                (StatusCode::CONFLICT, json!({ "error": self.to_string(), "status": status }))
            }
            ApiError::UnsupportedMedia(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, json!({ "error": self.to_string() })),
            ApiError::Catalog(e) => {
                tracing::error!(error = %e, "catalog request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error" }))
            }
            ApiError::Accounts(e) => {
                tracing::error!(error = %e, "accounts request failed");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error" }))
            }
            ApiError::Store(StoreError::Conflict { field, .. }) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                json!({ "error": "invalid request", "fields": { *field: "is already taken" } }),
            ),
            ApiError::Store(e) => {
                tracing::error!(error = %e, "request failed in the store");
                (StatusCode::INTERNAL_SERVER_ERROR, json!({ "error": "internal error" }))
            }
        };
        let mut response = (status, Json(body)).into_response();
        if let ApiError::RateLimited { retry_after_s, .. } = &self {
            if let Ok(value) = HeaderValue::from_str(&retry_after_s.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        if status == StatusCode::UNAUTHORIZED {
            // RFC 9110: a 401 names a scheme; API keys are bearer tokens (the cookie works too).
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

impl From<accounts::AccountsError> for ApiError {
    fn from(err: accounts::AccountsError) -> Self {
        use accounts::AccountsError as E;
        match err {
            E::Invalid(fields) => ApiError::Invalid { what: "request", fields },
            E::InvalidCredentials | E::Unauthenticated => ApiError::Unauthenticated,
            E::Forbidden => ApiError::Forbidden,
            E::NotFound => ApiError::NotFound,
            E::Store(e) => ApiError::Store(e),
            other => ApiError::Accounts(other),
        }
    }
}

impl From<catalog::CatalogError> for ApiError {
    fn from(err: catalog::CatalogError) -> Self {
        use catalog::CatalogError as E;
        match err {
            E::Invalid(fields) => ApiError::Invalid { what: "request", fields },
            E::Conflict { current } => ApiError::Conflict { current },
            E::Forbidden => ApiError::Forbidden,
            E::NotFound => ApiError::NotFound,
            E::TooLarge { limit } => ApiError::TooLarge { limit },
            E::Store(e) => ApiError::Store(e),
            other => ApiError::Catalog(other),
        }
    }
}

impl From<vehicles::VehiclesError> for ApiError {
    fn from(err: vehicles::VehiclesError) -> Self {
        use vehicles::VehiclesError as E;
        match err {
            E::Invalid(fields) => ApiError::Invalid { what: "request", fields },
            E::NotFound => ApiError::NotFound,
            E::WrongState { status } => {
                ApiError::WrongState { status, message: format!("not allowed while the job is {status}") }
            }
            E::TooLarge { limit_bytes } => ApiError::TooLarge { limit: usize::try_from(limit_bytes).unwrap_or(usize::MAX) },
            E::Storage(e) => ApiError::Internal(format!("storage: {e}")),
            E::Store(e) => ApiError::Store(e),
        }
    }
}

impl From<quotes::QuotesError> for ApiError {
    fn from(err: quotes::QuotesError) -> Self {
        use quotes::QuotesError as E;
        match err {
            E::Invalid(fields) => ApiError::Invalid { what: "quote", fields },
            E::Conflict { current } => ApiError::QuoteConflict { current },
            E::WrongState { status } => ApiError::WrongState { status, message: format!("not allowed while the quote is {status}") },
            E::Forbidden => ApiError::Forbidden,
            E::NotFound => ApiError::NotFound,
            E::RateLimited { limit, retry_after_s } => ApiError::RateLimited { limit, retry_after_s },
            E::Store(e) => ApiError::Store(e),
        }
    }
}

impl ApiError {
    /// A quote's wrong state told in the words of what was tried (`message`);
    /// every other error as usual.
    pub(crate) fn quote_state(err: quotes::QuotesError, message: &str) -> ApiError {
        match err {
            quotes::QuotesError::WrongState { status } => {
                ApiError::WrongState { status, message: format!("{message} (the quote is {status})") }
            }
            other => other.into(),
        }
    }
}
