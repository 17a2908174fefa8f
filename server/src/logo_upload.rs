//! `POST /app/settings/logo`: the settings page's logo form (a plain
//! multipart form: works without JavaScript), for the signed-in admin's own
//! organisation — there is no id to name another. The page is reloaded with
//! `?logo=1` on success or `?logo_error=too_large|invalid|forbidden`.
use axum::Router;
use axum::extract::{DefaultBodyLimit, Extension, FromRequest, Multipart, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use accounts::Visitor;
use catalog::CatalogError;

use crate::state::AppState;

pub const LOGO_PATH: &str = "/app/settings/logo";

pub fn router() -> Router<AppState> {
    // A multipart form carries the image plus a little framing.
    Router::new().route(LOGO_PATH, post(upload).layer(DefaultBodyLimit::max(catalog::LOGO_MAX_BYTES + 64 * 1024)))
}

async fn upload(State(state): State<AppState>, Extension(visitor): Extension<Visitor>, request: Request) -> Response {
    let Some(session) = visitor.session else { return Redirect::to("/login?next=/app/settings").into_response() };
    let back = |outcome: &str| Redirect::to(&format!("/app/settings?{outcome}")).into_response();
    let Ok(mut multipart) = Multipart::from_request(request, &state).await else { return back("logo_error=invalid") };
    let read = loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("logo") => break field.bytes().await,
            Ok(Some(_)) => {}
            Ok(None) => return back("logo_error=invalid"),
            Err(e) => break Err(e),
        }
    };
    let bytes = match read {
        Ok(b) if !b.is_empty() => b,
        Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => return back("logo_error=too_large"),
        _ => return back("logo_error=invalid"),
    };
    match state.catalog.set_logo(&session.user, bytes.to_vec()).await {
        Ok(_) => back("logo=1"),
        Err(CatalogError::TooLarge { .. }) => back("logo_error=too_large"),
        Err(CatalogError::Invalid(_)) => back("logo_error=invalid"),
        Err(CatalogError::Forbidden) => back("logo_error=forbidden"),
        Err(e) => {
            tracing::error!(error = %e, "storing a logo failed");
            back("logo_error=failed")
        }
    }
}
