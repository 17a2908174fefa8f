use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, ResponseOptions, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use crate::{api, csrf, health, media, metrics, quote_pages, security_headers, visitor};

/// The whole HTTP surface: health, REST, server functions, Leptos pages and
/// static files (the built site under `LEPTOS_SITE_ROOT`).
pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let (db, accounts, catalog, quotes, videos) =
        (state.db.clone(), state.accounts.clone(), state.catalog.clone(), state.quotes.clone(), state.videos.clone());
    let (vehicles, spins) = (state.vehicles.clone(), state.spins.clone());
    let options = state.leptos_options.clone();
    let storage_origin = state.blobs.link_origin();
    Router::new()
        .merge(health::router())
        .nest("/api/v1", api::router())
        .merge(api::video_router())
        .merge(metrics::router())
        .merge(media::router())
        .merge(crate::files::router())
        .merge(quote_pages::router())
        .merge(crate::logo_upload::router())
        .merge(crate::brand_css::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(db.clone());
                provide_context(accounts.clone());
                provide_context(catalog.clone());
                provide_context(quotes.clone());
                provide_context(videos.clone());
                provide_context(vehicles.clone());
                provide_context(spins.clone());
                page_csp_with_nonce(storage_origin.as_deref());
            },
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(middleware::from_fn_with_state(crate::server_fn_guard::ServerFnPaths::registered(), crate::server_fn_guard::guard))
        .layer(middleware::from_fn_with_state(state.clone(), visitor::attach_visitor))
        .layer(middleware::from_fn(csrf::refuse_cross_site))
        .layer(middleware::from_fn(crate::nul_guard::refuse_nul))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers::add_security_headers))
        // Videos, pictures and PDFs are compressed already: gzip would only
        // cost CPU and break Range requests.
        .layer(CompressionLayer::new().compress_when(compressible()))
        .layer(middleware::from_fn(request_timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Every request gets 30 s, but a 360° video upload gets 30 minutes: a
/// phone on a slow network sends hundreds of megabytes.
async fn request_timeout(request: axum::extract::Request, next: middleware::Next) -> axum::response::Response {
    use axum::response::IntoResponse;
    let limit = if request.uri().path() == api::VIDEO360_UPLOAD_PATH { Duration::from_secs(30 * 60) } else { Duration::from_secs(30) };
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

/// tower-http's default predicate (size ≥ 32 B, not gRPC, not images, not
/// SSE) minus video, audio, PDF and zip.
fn compressible() -> impl tower_http::compression::Predicate {
    use tower_http::compression::predicate::{NotForContentType, Predicate, DefaultPredicate};
    DefaultPredicate::new()
        .and(NotForContentType::const_new("video/"))
        .and(NotForContentType::const_new("audio/"))
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
}

/// A rendered page's CSP names the nonce Leptos put on its hydration script.
fn page_csp_with_nonce(storage_origin: Option<&str>) {
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&security_headers::page_csp(&nonce, storage_origin)) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
