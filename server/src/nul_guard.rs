//! Text never holds U+0000: PostgreSQL refuses it (a 500) and SQLite cuts a
//! `LIKE` pattern at it (a search for `"\0x"` matched every row). A request
//! whose path or query carries `%00` is the client's mistake: 400, before
//! any handler reads it (found by `scripts/security-probe.sh`).
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Whether a raw (still percent-encoded) path and query carry a NUL.
pub fn carries_nul(path_and_query: &str) -> bool {
    path_and_query.as_bytes().windows(3).any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0') || path_and_query.contains('\0')
}

pub async fn refuse_nul(request: Request, next: Next) -> Response {
    let raw = request.uri().path_and_query().map_or("", |pq| pq.as_str());
    if carries_nul(raw) {
        tracing::info!(path = request.uri().path(), "NUL in the request line (400)");
        return (StatusCode::BAD_REQUEST, axum::Json(serde_json::json!({"error": "text must not contain the NUL character"})))
            .into_response();
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::carries_nul;

    #[test]
    fn percent_zero_zero_anywhere_is_a_nul() {
        assert!(carries_nul("/api/v1/quotations?q=%00%27+OR+1%3D1--"));
        assert!(carries_nul("/api/v1/orgs/%00x/products"));
        assert!(carries_nul("/app/quotes?q=a%00"));
        assert!(!carries_nul("/api/v1/quotations?q=100%25&limit=200"));
        assert!(!carries_nul("/api/v1/products?date=2026-12-07"));
    }
}
