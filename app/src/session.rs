//! Server-side plumbing of the server functions: who is asking, the
//! accounts service, cookies and HTTP statuses. Only on the server.
use accounts::{Accounts, NewSession, Visitor};
use leptos::prelude::*;
use leptos_axum::ResponseOptions;
use store::SessionRecord;

use crate::error::AppError;

/// The visitor the server's middleware attached to this request.
pub fn visitor() -> Visitor {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Visitor>().cloned())
        .unwrap_or_default()
}

pub fn accounts() -> Result<Accounts, AppError> {
    use_context::<Accounts>().ok_or_else(|| {
        tracing::error!("no accounts service in the server function's context");
        AppError::Internal
    })
}

/// The logged-in session, or `Unauthenticated` (401).
pub fn require_session() -> Result<SessionRecord, AppError> {
    visitor().session.ok_or_else(|| fail(AppError::Unauthenticated))
}

/// Returns the error after setting its HTTP status for API clients. A plain
/// HTML form post keeps the redirect back to its page (the error rides in
/// the URL there), so its status is left alone.
pub fn fail(err: impl Into<AppError>) -> AppError {
    let err = err.into();
    let html_form = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")))
        .unwrap_or(false);
    if !html_form {
        if let (Some(res), Ok(status)) = (use_context::<ResponseOptions>(), http::StatusCode::from_u16(err.status())) {
            res.set_status(status);
        }
    }
    if let AppError::Throttled { retry_after_secs } | AppError::Busy { retry_after_secs } | AppError::TooManyRequests { retry_after_secs } = &err {
        if let (Some(res), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&retry_after_secs.to_string())) {
            res.insert_header(http::header::RETRY_AFTER, value);
        }
    }
    err
}

pub fn set_session_cookie(visitor: &Visitor, session: &NewSession) {
    set_cookie(visitor.session_cookie(&session.token, session.max_age_secs));
}

pub fn clear_session_cookie(visitor: &Visitor) {
    set_cookie(visitor.clear_session_cookie());
}

fn set_cookie(value: String) {
    if let (Some(res), Ok(value)) = (use_context::<ResponseOptions>(), http::HeaderValue::from_str(&value)) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

pub fn quotes() -> Result<quotes::Quotes, AppError> {
    use_context::<quotes::Quotes>().ok_or_else(|| {
        tracing::error!("no quotes service in the server function's context");
        AppError::Internal
    })
}

pub fn videos() -> Result<quotes::Videos, AppError> {
    use_context::<quotes::Videos>().ok_or_else(|| {
        tracing::error!("no videos service in the server function's context");
        AppError::Internal
    })
}

pub fn catalog() -> Result<catalog::Catalog, AppError> {
    use_context::<catalog::Catalog>().ok_or_else(|| {
        tracing::error!("no catalog service in the server function's context");
        AppError::Internal
    })
}

pub fn vehicles() -> Result<vehicles::Vehicles, AppError> {
    use_context::<vehicles::Vehicles>().ok_or_else(|| {
        tracing::error!("no vehicles service in the server function's context");
        AppError::Internal
    })
}

pub fn spins() -> Result<vehicles::Spins, AppError> {
    use_context::<vehicles::Spins>().ok_or_else(|| {
        tracing::error!("no 360° video service in the server function's context");
        AppError::Internal
    })
}
