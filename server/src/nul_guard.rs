//! Text never holds U+0000: PostgreSQL refuses it (a 500) and SQLite keeps
//! it (so the two databases would disagree) and cuts a `LIKE` pattern at it.
//! A request whose path or query carries `%00`, or whose JSON or form body
//! carries a NUL (`\u0000`, `%00`), is the client's mistake: 400, before any
//! handler reads it (found by `scripts/security-probe.sh`). Multipart bodies
//! are files, where a zero byte is ordinary, and are not looked at.
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a raw (still percent-encoded) path and query carry a NUL.
pub fn carries_nul(path_and_query: &str) -> bool {
    path_and_query.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0') || path_and_query.contains('\0')
}

/// Whether a JSON body carries a NUL: a raw zero byte or the escape `\u0000`
/// (not `\\u0000`, an escaped backslash followed by text).
pub fn json_carries_nul(body: &[u8]) -> bool {
    body.contains(&0)
        || body.windows(5).enumerate().any(|(at, w)| {
            w == b"u0000" && body[..at].iter().rev().take_while(|b| **b == b'\\').count() % 2 == 1
        })
}

/// The largest JSON or form body looked at; a larger one is refused as too
/// large, as the handlers behind would (axum's default limit).
const MAX_CHECKED_BODY: usize = 2 * 1024 * 1024;

fn refused(what: &str, path: &str) -> Response {
    tracing::info!(path, "NUL in the {what} (400)");
    (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({"error": "text must not contain the NUL character"}))).into_response()
}

pub async fn refuse_nul(request: Request, next: Next) -> Response {
    let raw = request.uri().path_and_query().map_or("", |pq| pq.as_str());
    if carries_nul(raw) {
        return refused("request line", request.uri().path());
    }
    let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let check: Option<fn(&[u8]) -> bool> = if content_type.starts_with("application/json") {
        Some(json_carries_nul)
    } else if content_type.starts_with("application/x-www-form-urlencoded") {
        Some(|body| carries_nul(&String::from_utf8_lossy(body)))
    } else {
        None
    };
    // A body declared larger than any JSON or form route takes is refused by that route.
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    let Some(check) = check.filter(|_| declared.is_none_or(|len| len <= MAX_CHECKED_BODY)) else { return next.run(request).await };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_CHECKED_BODY).await else {
        return (StatusCode::PAYLOAD_TOO_LARGE, axum::Json(serde_json::json!({"error": "the request body is too large"})))
            .into_response();
    };
    if check(&bytes) {
        return refused("body", parts.uri.path());
    }
    next.run(Request::from_parts(parts, Body::from(bytes))).await
}

#[cfg(test)]
mod tests {
    use super::{carries_nul, json_carries_nul};

    #[test]
    fn a_json_nul_is_the_escape_not_an_escaped_backslash() {
        assert!(json_carries_nul(br#"{"name":"a\u0000b"}"#));
        assert!(json_carries_nul(br#"{"name":"\\\u0000"}"#), "a backslash, then a NUL");
        assert!(json_carries_nul(b"{\"name\":\"a\0\"}"));
        assert!(!json_carries_nul(br#"{"name":"\\u0000"}"#), "a backslash and the text u0000");
        assert!(!json_carries_nul(br#"{"sku":"u0000","price":"100"}"#));
    }

    #[test]
    fn percent_zero_zero_anywhere_is_a_nul() {
        assert!(carries_nul("/api/v1/quotations?q=%00%27+OR+1%3D1--"));
        assert!(carries_nul("/api/v1/orgs/%00x/products"));
        assert!(carries_nul("/app/quotes?q=a%00"));
        assert!(!carries_nul("/api/v1/quotations?q=100%25&limit=200"));
        assert!(!carries_nul("/api/v1/products?date=2026-12-07"));
    }
}
