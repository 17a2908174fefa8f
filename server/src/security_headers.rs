//! Security headers on every response. Pages get a CSP with the nonce of
//! their hydration script (see [`page_csp`]); everything else a strict default.
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// For responses that set none: the app's own scripts, wasm and styles only.
const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
     img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
     form-action 'self'; frame-ancestors 'none'";

/// The CSP of a rendered page: only scripts and style elements carrying this
/// render's nonce run inline (an organisation's colours: `components/layout.rs`). `storage_origin` is where stored files' links point when it is not
/// this server (an S3 bucket: see `blob::Blobs::link_origin`): videos,
/// posters and frames may load from there, nothing else may.
pub fn page_csp(nonce: &str, storage_origin: Option<&str>) -> String {
    let storage = storage_origin.map(|origin| format!(" {origin}")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-{nonce}'; \
         img-src 'self' data: blob:{storage}; media-src 'self' blob:{storage}; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

#[cfg(test)]
mod tests {
    use super::page_csp;

    fn directive<'a>(csp: &'a str, name: &str) -> &'a str {
        csp.split(';').map(str::trim).find(|d| d.starts_with(name)).unwrap_or_else(|| panic!("no {name} in {csp}"))
    }

    #[test]
    fn stored_media_may_come_from_the_bucket_and_nothing_else_does() {
        let csp = page_csp("n0nce", Some("https://videos.s3.sa-east-1.amazonaws.com"));
        assert_eq!(directive(&csp, "media-src"), "media-src 'self' blob: https://videos.s3.sa-east-1.amazonaws.com");
        assert!(directive(&csp, "img-src").ends_with(" https://videos.s3.sa-east-1.amazonaws.com"));
        for other in ["script-src", "connect-src", "default-src", "style-src"] {
            assert!(!directive(&csp, other).contains("amazonaws"), "{other} must stay own-origin: {csp}");
        }
        let local = page_csp("n0nce", None);
        assert_eq!(directive(&local, "media-src"), "media-src 'self' blob:");
        assert!(directive(&local, "script-src").contains("'nonce-n0nce'"));
    }
}

pub async fn add_security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let https = state.config.public_https()
        || (state.config.trust_proxy_headers
            && req.headers().get("x-forwarded-proto").and_then(|v| v.to_str().ok()).is_some_and(|p| p.eq_ignore_ascii_case("https")));
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    };
    set(header::CONTENT_SECURITY_POLICY, DEFAULT_CSP);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "strict-origin-when-cross-origin");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()");
    if https {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000; includeSubDomains");
    }
    res
}
