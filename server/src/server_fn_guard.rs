//! The edge of the server functions (`/api/{name}`, called by the pages):
//! what Leptos would answer with a 500 and an error log is a client's
//! mistake, so it gets the client's status, as REST does:
//!
//! - a body over [`SERVER_FN_MAX_BODY_BYTES`] (declared or counted as it
//!   streams): 413 with `AppError::TooLarge`, before or instead of the call;
//! - arguments that do not decode (garbage, a missing argument, a wrong
//!   type): 400, the same error body Leptos made.
//!
//! Other routes pass untouched.
use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use app::error::AppError;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt as _;

/// Largest server-function request body. The largest legitimate one is a
/// staff quote saved whole (`save_quote`, JSON): with the most rooms a quote
/// may have (200) of 10 openings each it is 233 KB
/// (`tests/api/server_fn_edge.rs` measures and saves it), so this leaves
/// almost twice that, and a quarter of axum's 2 MB default.
pub const SERVER_FN_MAX_BODY_BYTES: usize = 512 * 1024;

/// Largest error body read back to decide the status (Leptos's own errors are short).
const MAX_ERROR_BODY_BYTES: usize = 64 * 1024;

/// Texts `server_fn` gives the errors of decoding a call's arguments
/// (`ServerFnErrorErr::{Args, Deserialization, MissingArg}` on the server).
const UNDECODABLE: &[&str] = &["error deserializing server function", "missing argument"];

/// The paths of every registered server function.
#[derive(Clone)]
pub struct ServerFnPaths(Arc<HashSet<&'static str>>);

impl ServerFnPaths {
    pub fn registered() -> ServerFnPaths {
        ServerFnPaths(Arc::new(leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path).collect()))
    }
}

/// A plain HTML form post that failed goes back to its page with the error
/// in the URL (`__err=`, Leptos's redirect); ending that URL in
/// `#error-summary` makes the browser scroll to the form's error summary
/// without JavaScript.
fn point_at_error_summary(mut response: Response) -> Response {
    let Some(location) = response.headers().get(header::LOCATION).and_then(|l| l.to_str().ok()) else { return response };
    if location.contains("__err=") && !location.contains('#') {
        if let Ok(value) = HeaderValue::from_str(&format!("{location}#{}", app::SUMMARY_ID)) {
            response.headers_mut().insert(header::LOCATION, value);
        }
    }
    response
}

pub async fn guard(State(paths): State<ServerFnPaths>, request: Request, next: Next) -> Response {
    if !paths.0.contains(request.uri().path()) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > SERVER_FN_MAX_BODY_BYTES as u64) {
        tracing::info!(path, declared, limit = SERVER_FN_MAX_BODY_BYTES, "server function: body over the limit (413)");
        return too_large();
    }
    let over = Arc::new(AtomicBool::new(false));
    let request = request.map(|body| limited(body, over.clone()));
    let response = next.run(request).await;
    if over.load(Ordering::Relaxed) {
        tracing::info!(path, limit = SERVER_FN_MAX_BODY_BYTES, "server function: body over the limit (413)");
        return too_large();
    }
    let response = point_at_error_summary(response);
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ERROR_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if let Ok(AppError::Transport(message)) = serde_json::from_slice::<AppError>(&bytes) {
        if UNDECODABLE.iter().any(|prefix| message.starts_with(prefix)) {
            tracing::info!(path, error = %message, "server function: undecodable arguments (400)");
            parts.status = StatusCode::BAD_REQUEST;
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// The body, counted as it streams: past the limit it fails (the call
/// cannot decode it) and `over` tells the guard why.
fn limited(body: Body, over: Arc<AtomicBool>) -> Body {
    let seen = AtomicUsize::new(0);
    let counted = body.map_frame(move |frame| {
        if let Some(data) = frame.data_ref() {
            if seen.fetch_add(data.len(), Ordering::Relaxed) + data.len() > SERVER_FN_MAX_BODY_BYTES {
                over.store(true, Ordering::Relaxed);
            }
        }
        frame
    });
    Body::new(http_body_util::Limited::new(counted, SERVER_FN_MAX_BODY_BYTES))
}

fn too_large() -> Response {
    let body = serde_json::to_string(&AppError::TooLarge { limit: SERVER_FN_MAX_BODY_BYTES }).unwrap_or_default();
    (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}
