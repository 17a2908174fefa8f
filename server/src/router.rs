use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{LeptosRoutes, ResponseOptions, generate_route_list};
use tower_http::compression::CompressionLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::state::AppState;
use crate::{api, csrf, health, media, metrics, quote_pages, security_headers, visitor};

/// The whole HTTP surface: health, REST, server functions, Leptos pages and
/// static files (the built site under `LEPTOS_SITE_ROOT`).
pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(app::App);
    let (db, accounts, catalog, quotes, videos) =
        (state.db.clone(), state.accounts.clone(), state.catalog.clone(), state.quotes.clone(), state.videos.clone());
    let options = state.leptos_options.clone();
    Router::new()
        .merge(health::router())
        .nest("/api/v1", api::router())
        .merge(api::video_router())
        .merge(metrics::router())
        .merge(media::router())
        .merge(crate::files::router())
        .merge(quote_pages::router())
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(db.clone());
                provide_context(accounts.clone());
                provide_context(catalog.clone());
                provide_context(quotes.clone());
                provide_context(videos.clone());
                page_csp_with_nonce();
            },
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(app::shell))
        .layer(middleware::from_fn_with_state(state.clone(), visitor::attach_visitor))
        .layer(middleware::from_fn(csrf::refuse_cross_site))
        .layer(middleware::from_fn_with_state(state.clone(), security_headers::add_security_headers))
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// A rendered page's CSP names the nonce Leptos put on its hydration script.
fn page_csp_with_nonce() {
    if let (Some(nonce), Some(response)) = (leptos::nonce::use_nonce(), use_context::<ResponseOptions>()) {
        if let Ok(value) = HeaderValue::from_str(&security_headers::page_csp(&nonce)) {
            response.insert_header(header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
