//! The customer's plain-HTTP doors to quotes:
//! - `POST /q/{slug}/submit`: the wizard's submit without JavaScript. A good
//!   quote answers `303` to its public page; a bad one `303` back to the
//!   wizard with what was typed and the errors in the URL, nothing lost.
//! - `GET /p/{token}/pdf`: the quote as a PDF file.
use axum::Form;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use app::wizard_form::{ERROR_PREFIX, Step, WizardForm, form_paths};
use quotes::QuotesError;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/q/{slug}/submit", post(submit)).route("/p/{token}/pdf", get(pdf))
}

async fn submit(State(state): State<AppState>, Path(slug): Path<String>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let lang = pairs.iter().find(|(k, _)| k == "lang").map_or("es", |(_, v)| if v == "en" { "en" } else { "es" });
    let form = WizardForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let result = match form.to_request(lang) {
        Ok(request) => state.quotes.submit(&slug, &request).await,
        Err(fields) => Err(QuotesError::Invalid(fields)),
    };
    match result {
        Ok(view) => Redirect::to(&format!("/p/{}?lang={lang}", view.token)).into_response(),
        Err(QuotesError::Invalid(fields)) => {
            let errors = form_paths(&fields);
            let mut back = form.clone();
            back.step = if errors.keys().any(|k| k.starts_with("rooms") || k == "vertical") { Step::Rooms } else { Step::Contact };
            let mut query: Vec<(String, String)> = back.to_pairs(true);
            query.push(("lang".into(), lang.into()));
            query.extend(errors.into_iter().map(|(path, message)| (format!("{}{path}", ERROR_PREFIX), message)));
            let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
            Redirect::to(&format!("/q/{slug}?{encoded}")).into_response()
        }
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, %slug, "wizard submit failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Deserialize)]
struct PdfQuery {
    lang: Option<String>,
}

async fn pdf(State(state): State<AppState>, Path(token): Path<String>, Query(q): Query<PdfQuery>, headers: HeaderMap) -> Response {
    match state.quotes.public(&token).await {
        Ok((_, view)) => {
            let mut document = view.document;
            if let Some(lang) = q.lang.filter(|l| l == "es" || l == "en") {
                document.language = lang;
            }
            let url = format!("{}/p/{token}", base_url(&state, &headers));
            let bytes = quote_pdf::render(&document, view.status, view.valid_until.as_deref(), &url);
            let disposition = format!("inline; filename=\"{}\"", quote_pdf::file_name(&document));
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_owned()),
                    (header::CONTENT_DISPOSITION, disposition),
                    (header::CACHE_CONTROL, "private, no-store".to_owned()),
                ],
                bytes,
            )
                .into_response()
        }
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "quote PDF failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The address customers use: `PUBLIC_URL`, else the request's host.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    format!("http://{host}")
}
