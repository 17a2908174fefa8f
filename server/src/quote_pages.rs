//! The customer's plain-HTTP doors to quotes:
//! - `POST /q/{slug}/submit`: the wizard's submit without JavaScript. A good
//!   quote answers `303` to its public page; a bad one `303` back to the
//!   wizard with what was typed and the errors in the URL, nothing lost.
//! - `POST /q/{slug}/auto/submit`: the automotive wizard's submit without
//!   JavaScript, answered the same way (back to `/q/{slug}/auto`).
//! - `POST /app/quotes/save`: the sales editor's save without JavaScript,
//!   answered the same way (to the quote, or back to the editor).
//! - `POST /app/quotes/auto/save`: the staff's car quote the same way (to
//!   the quote, or back to the car editor).
//! - `GET /p/{token}/pdf`: the quote as a PDF file.
use std::collections::BTreeMap;

use axum::Form;
use axum::Router;
use accounts::Visitor;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use app::automotive_form::{AutoStep, AutomotiveForm};
use app::wizard_form::{ERROR_PREFIX, Step, WizardForm, form_paths};
use quotes::QuotesError;

use crate::state::AppState;

/// Where a form sent back with errors opens: its error summary.
use app::SUMMARY_ID as SUMMARY;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/q/{slug}/submit", post(submit))
        .route("/q/{slug}/auto/submit", post(submit_automotive))
        .route("/app/quotes/save", post(save))
        .route("/app/quotes/auto/save", post(save_automotive))
        .route("/p/{token}/pdf", get(pdf))
}

async fn submit(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = pairs.iter().find(|(k, _)| k == "lang").map_or("es", |(_, v)| if v == "en" { "en" } else { "es" });
    let form = WizardForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let result = match form.to_request(lang) {
        Ok(request) => state.quotes.submit(&slug, &request, visitor.ip.as_deref()).await,
        Err(fields) => Err(QuotesError::Invalid(fields)),
    };
    match result {
        Ok(view) => Redirect::to(&format!("/p/{}?lang={lang}", view.token)).into_response(),
        Err(QuotesError::Invalid(fields)) => back_with_errors(&format!("/q/{slug}"), &form, &[], lang, &fields),
        Err(QuotesError::RateLimited { retry_after_s, .. }) => {
            // Back to the last step with what was typed and the reason above the form.
            let mut back = form.clone();
            back.step = Step::Contact;
            let form_error = [("form".to_owned(), limited_message(retry_after_s, lang))];
            redirect_back(&format!("/q/{slug}"), back.to_pairs(true), lang, form_error)
        }
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, %slug, "wizard submit failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn submit_automotive(
    State(state): State<AppState>,
    Extension(visitor): Extension<Visitor>,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let lang = pairs.iter().find(|(k, _)| k == "lang").map_or("es", |(_, v)| if v == "en" { "en" } else { "es" });
    let form = AutomotiveForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let result = match form.to_request(lang) {
        Ok(request) => state.quotes.submit_automotive(&slug, &request, visitor.ip.as_deref()).await.map_err(|e| at_fields(&form, e)),
        Err(fields) => Err(QuotesError::Invalid(fields)),
    };
    let wizard = format!("/q/{slug}/auto");
    match result {
        Ok(view) => Redirect::to(&format!("/p/{}?lang={lang}", view.token)).into_response(),
        Err(QuotesError::Invalid(fields)) => automotive_back(&wizard, &form, &[], None, lang, fields.0),
        Err(QuotesError::RateLimited { retry_after_s, .. }) => {
            automotive_back(&wizard, &form, &[], Some(AutoStep::Contact), lang, [("form".to_owned(), limited_message(retry_after_s, lang))].into())
        }
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, %slug, "automotive wizard submit failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// The staff's car quote without JavaScript: a new draft or a revision
/// (`quote_id`, `version`), opened on its page, or back to the car editor
/// with what was typed and the errors; a save over a newer version goes to
/// the quote with `?conflict=1`, like the rooms editor's.
async fn save_automotive(State(state): State<AppState>, Extension(visitor): Extension<Visitor>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let Some(session) = visitor.session else { return Redirect::to("/login?next=/app/quotes/new/auto").into_response() };
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let (id, version) = (get("quote_id").to_owned(), get("version").parse::<i64>().unwrap_or(0));
    let lang = if get("lang") == "en" { "en" } else { "es" };
    let form = AutomotiveForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // The staff's own fields (extra lines, manual discount, terms, notes) travel in the same post.
    let staff = app::staff_form::StaffForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let editor = if id.is_empty() { "/app/quotes/new/auto".to_owned() } else { format!("/app/quotes/{id}/edit/auto") };
    let additions = app::auto_quote_admin::staff_additions(&staff, &session.org, lang);
    let result = match (form.to_request(&session.org.default_language), additions) {
        (Ok(request), Ok(additions)) => state.quotes.save_automotive(&session.user, &id, version, &request, &additions).await.map_err(|e| at_fields(&form, e)),
        (Err(mut fields), additions) => {
            fields.merge(additions.err().unwrap_or_default());
            Err(QuotesError::Invalid(fields))
        }
        (Ok(_), Err(fields)) => Err(QuotesError::Invalid(fields)),
    };
    match result {
        Ok(view) => Redirect::to(&format!("/app/quotes/{}", view.id)).into_response(),
        Err(QuotesError::Invalid(fields)) => automotive_back(&editor, &form, &staff.to_pairs(), None, lang, fields.0),
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(QuotesError::Conflict { .. } | QuotesError::WrongState { .. }) => Redirect::to(&format!("/app/quotes/{id}?conflict=1")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "saving a staff car quote failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// A car request's problems by its paths (`items[0].sku`) at the form's
/// fields (`film.front_left`).
fn at_fields(form: &AutomotiveForm, e: QuotesError) -> QuotesError {
    match e {
        QuotesError::Invalid(fields) => QuotesError::Invalid(domain::FieldErrors(form.form_errors(&fields.0))),
        other => other,
    }
}

/// `303` back to the car wizard at `path`, at `step` (else the first step
/// with a problem), with what was typed (the car's fields and `more`, the
/// staff's) and `errors`.
fn automotive_back(path: &str, form: &AutomotiveForm, more: &[(String, String)], step: Option<AutoStep>, lang: &str, errors: BTreeMap<String, String>) -> Response {
    let mut back = form.clone();
    back.step = step.or_else(|| errors.keys().map(|k| AutoStep::of_field(k)).min()).unwrap_or(AutoStep::Contact);
    let mut typed: Vec<(String, String)> = back.to_pairs().into_iter().filter(|(_, v)| !v.is_empty()).collect();
    typed.extend(more.iter().cloned());
    redirect_back(path, typed, lang, errors)
}

/// The sentence above a wizard over its hourly submit limit, in `lang`.
fn limited_message(retry_after_s: u64, lang: &str) -> String {
    let lang = if lang == "en" { app::i18n::Lang::En } else { app::i18n::Lang::Es };
    app::error::AppError::TooManyRequests { retry_after_secs: i64::try_from(retry_after_s).unwrap_or(3600) }.message(lang)
}

/// `303` back to the form at `path` with what was typed (the wizard's
/// fields and `more`, the staff's) and the errors.
fn back_with_errors(path: &str, form: &WizardForm, more: &[(String, String)], lang: &str, fields: &domain::FieldErrors) -> Response {
    let errors = form_paths(fields);
    let mut back = form.clone();
    back.step = if errors.keys().any(|k| k.starts_with("rooms") || k == "vertical") { Step::Rooms } else { Step::Contact };
    let mut typed: Vec<(String, String)> = back.to_pairs(true);
    typed.extend(more.iter().cloned());
    redirect_back(path, typed, lang, errors)
}

/// `303` to the form at `path`, opened at its error summary, with `typed`
/// (what was typed), the page's language and `errors` (field path →
/// message) in the query.
fn redirect_back(
    path: &str,
    mut query: Vec<(String, String)>,
    lang: &str,
    errors: impl IntoIterator<Item = (String, String)>,
) -> Response {
    query.push(("lang".into(), lang.into()));
    query.extend(errors.into_iter().map(|(path, message)| (format!("{ERROR_PREFIX}{path}"), message)));
    let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
    Redirect::to(&format!("{path}?{encoded}#{SUMMARY}")).into_response()
}

async fn save(State(state): State<AppState>, Extension(visitor): Extension<Visitor>, Form(pairs): Form<Vec<(String, String)>>) -> Response {
    let Some(session) = visitor.session else { return Redirect::to("/login?next=/app/quotes").into_response() };
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()).unwrap_or_default();
    let (id, version) = (get("quote_id").to_owned(), get("version").parse::<i64>().unwrap_or(0));
    let lang = if get("lang") == "en" { "en" } else { "es" };
    let form = WizardForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    // The staff's own fields (extra lines, manual discount, terms, notes) travel in the same post.
    let staff = app::staff_form::StaffForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let editor = if id.is_empty() { "/app/quotes/new".to_owned() } else { format!("/app/quotes/{id}/edit") };
    let result = match app::quote_admin::staff_request(&form, &staff, &session.org, lang) {
        Ok(request) => state.quotes.save(&session.user, &id, version, &request).await,
        Err(fields) => Err(QuotesError::Invalid(fields)),
    };
    match result {
        Ok(view) => Redirect::to(&format!("/app/quotes/{}", view.id)).into_response(),
        Err(QuotesError::Invalid(fields)) => back_with_errors(&editor, &form, &staff.to_pairs(), lang, &fields),
        Err(QuotesError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(QuotesError::Conflict { .. } | QuotesError::WrongState { .. }) => Redirect::to(&format!("/app/quotes/{id}?conflict=1")).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "saving a quote failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(Deserialize)]
struct PdfQuery {
    lang: Option<String>,
}

async fn pdf(State(state): State<AppState>, Extension(visitor): Extension<Visitor>, Path(token): Path<String>, Query(q): Query<PdfQuery>) -> Response {
    match state.quotes.public(&token).await {
        Ok((org, view)) => {
            let mut document = view.document;
            if let Some(lang) = q.lang.filter(|l| l == "es" || l == "en") {
                document.language = lang;
            }
            let url = format!("{}/p/{token}", visitor.origin.trim_end_matches('/'));
            let brand = crate::pdf_brand::pdf_brand(&state.blobs, &org).await;
            let bytes = quote_pdf::render_branded(&document, view.status, view.valid_until.as_deref(), &url, &brand);
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
