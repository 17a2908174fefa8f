//! Middleware that learns who is asking (session cookie, client address,
//! https, language) and attaches an [`accounts::Visitor`] to the request for
//! routes and server functions.
use std::net::SocketAddr;

use accounts::{Visitor, token_from_cookie_header};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::Response;

use crate::state::AppState;

/// Paths that never act on a session: static files, stored files, health.
/// Their requests skip the session lookup (one query less per asset).
const SESSIONLESS: &[&str] = &["/pkg/", "/media/", "/health/", "/favicon"];

pub async fn attach_visitor(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    if SESSIONLESS.iter().any(|p| req.uri().path().starts_with(p)) {
        return next.run(req).await;
    }
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|ci| ci.0.ip().to_string());
    let visitor = visitor_of(&state, req.headers().clone(), peer).await;
    req.extensions_mut().insert(visitor);
    next.run(req).await
}

async fn visitor_of(state: &AppState, headers: HeaderMap, peer: Option<String>) -> Visitor {
    let headers = &headers;
    let config = &state.config;
    let forwarded_for = config
        .trust_proxy_headers
        .then(|| header_str(headers, "x-forwarded-for").and_then(|v| v.split(',').next()).map(|ip| ip.trim().to_owned()))
        .flatten();
    let forwarded_https =
        config.trust_proxy_headers && header_str(headers, "x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let https = config.public_https() || forwarded_https;
    // Links are built from configuration, never from the request's Host
    // (`startup::start` fills `public_url` in on loopback).
    let origin = config.public_url.clone().unwrap_or_default();
    let cookie_token = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(token_from_cookie_header)
        .map(str::to_owned);
    let session = match &cookie_token {
        Some(token) => state.accounts.authenticate(token).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "session lookup failed");
            None
        }),
        None => None,
    };
    Visitor {
        session,
        cookie_token,
        ip: forwarded_for.or(peer),
        user_agent: header_str(headers, header::USER_AGENT.as_str()).map(str::to_owned),
        https,
        origin,
        accept_language: header_str(headers, header::ACCEPT_LANGUAGE.as_str()).map(str::to_owned),
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}
