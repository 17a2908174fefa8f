//! Cross-site request forgery: a state-changing request that a browser says
//! comes from another site is refused with 403, server functions included.
//! Browsers send `Sec-Fetch-Site` (and `Origin`) on every cross-origin POST;
//! requests without either come from non-browser clients, which carry no
//! victim's cookies. A REST call that authenticates with an API key
//! (`Authorization: Bearer`) and sends no cookie carries nothing a forger
//! could borrow (a cross-site page can neither know the key nor set the
//! header without a CORS preflight this server never grants), so it passes.
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Stateless public endpoints any site may call (no cookie is read there).
const OPEN_TO_ANY_SITE: &[&str] = &["/api/v1/quotations/calculate"];

/// Where an API key (`Authorization: Bearer`) authenticates.
const API_KEY_PATHS: &[&str] = &["/api/v1/", "/api/video-renders", "/api/videos"];

pub async fn refuse_cross_site(req: Request, next: Next) -> Response {
    if is_cross_site_write(req.method(), req.headers())
        && !OPEN_TO_ANY_SITE.contains(&req.uri().path())
        && !is_api_key_call(req.uri().path(), req.headers())
    {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "refused a cross-site request");
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(req).await
}

/// Whether this is a write the browser marks as coming from another origin.
pub fn is_cross_site_write(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => false,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
            let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or("null");
            origin == "null" || !origin_host.eq_ignore_ascii_case(host)
        }
    }
}

/// A REST call with an API key and no cookie at all: no ambient credential.
pub fn is_api_key_call(path: &str, headers: &HeaderMap) -> bool {
    API_KEY_PATHS.iter().any(|p| path.starts_with(p)) && crate::api::bearer_token(headers).is_some() && !headers.contains_key(header::COOKIE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, v.parse().expect("header"));
        }
        h
    }

    #[test]
    fn reads_are_never_refused() {
        assert!(!is_cross_site_write(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])));
    }

    #[test]
    fn writes_from_other_sites_are_refused() {
        for site in ["cross-site", "same-site"] {
            assert!(is_cross_site_write(&Method::POST, &headers(&[("sec-fetch-site", site)])), "{site}");
        }
        assert!(is_cross_site_write(&Method::POST, &headers(&[("origin", "https://evil.example"), ("host", "cotiza.example")])));
        assert!(is_cross_site_write(&Method::DELETE, &headers(&[("origin", "null"), ("host", "cotiza.example")])));
    }

    #[test]
    fn same_origin_and_non_browser_writes_pass() {
        assert!(!is_cross_site_write(&Method::POST, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_cross_site_write(&Method::POST, &headers(&[("sec-fetch-site", "none")])));
        assert!(!is_cross_site_write(&Method::POST, &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(!is_cross_site_write(&Method::POST, &headers(&[])));
    }

    #[test]
    fn only_cookie_less_api_key_calls_skip_the_check() {
        let key = headers(&[("authorization", "Bearer ctz_x"), ("origin", "https://evil.example")]);
        assert!(is_api_key_call("/api/v1/products", &key));
        assert!(!is_api_key_call("/api/sign_up", &key), "server functions are never exempt");
        let with_cookie = headers(&[("authorization", "Bearer ctz_x"), ("cookie", "cotiza_session=abc")]);
        assert!(!is_api_key_call("/api/v1/products", &with_cookie), "a cookie rides along: checked as usual");
        assert!(!is_api_key_call("/api/v1/products", &headers(&[("cookie", "cotiza_session=abc")])));
        assert!(!is_api_key_call("/api/v1/products", &headers(&[("authorization", "Basic eDp5")])));
    }
}
