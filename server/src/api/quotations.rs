//! `/api/v1/quotations…`: quotes for integrators, as any staff role (admin
//! or sales; a session cookie or an API key), in the caller's organisation.
//! Every rule lives in `quotes` (the same service the dashboard uses); this
//! file reads requests and shapes answers.
use accounts::Visitor;
use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use domain::{FieldErrors, QuoteInput, QuoteRequest, QuoteStatus, QuoteView, Vertical, messages, quote_messages, validate_quote};
use quotes::{Decision, QuoteFilter, request_of};
use serde::Deserialize;

use super::ApiError;
use super::actor::Actor;
use super::automotive_json::parse_automotive;
use super::quotation_json::{QuotationBody, parse_quotation};
use super::quotation_view::{QuotationList, QuotationView};
use crate::state::AppState;

const NOT_DELETABLE: &str = "only a draft can be deleted; a sent quote stays on record (reject it, or let it expire)";
const NOT_SENDABLE: &str = "an answered quote cannot be sent again; duplicate it instead";

/// `POST /api/v1/quotations/residential`: a residential quote; 201.
pub async fn create_residential(state: State<AppState>, actor: Actor, visitor: Option<Extension<Visitor>>, body: Body) -> Result<Response, ApiError> {
    create_in(state, actor, visitor, Some(Vertical::Residential), body).await
}

/// `POST /api/v1/quotations/commercial`: a commercial quote; 201.
pub async fn create_commercial(state: State<AppState>, actor: Actor, visitor: Option<Extension<Visitor>>, body: Body) -> Result<Response, ApiError> {
    create_in(state, actor, visitor, Some(Vertical::Commercial), body).await
}

/// `POST /api/v1/quotations`: a quote of the body's `vertical` (residential,
/// commercial or architectural); 201.
pub async fn create(state: State<AppState>, actor: Actor, visitor: Option<Extension<Visitor>>, body: Body) -> Result<Response, ApiError> {
    create_in(state, actor, visitor, None, body).await
}

/// A draft, or a pending quote when the body says `"send": true`.
async fn create_in(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    path_vertical: Option<Vertical>,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let mut body = parse_quotation(&bytes).map_err(ApiError::MalformedJson)?;
    let vertical = match (path_vertical, body.vertical) {
        (Some(path), Some(given)) if given != path => {
            body.errors.add("vertical", format!("must be {path} on this path (or left out)"));
            path
        }
        (Some(path), _) => path,
        (None, Some(given)) => given,
        (None, None) => {
            body.errors.add("vertical", messages::REQUIRED);
            Vertical::Residential
        }
    };
    for (field, present) in [("contact", body.contact.is_some()), ("rooms", body.rooms.is_some())] {
        if !present {
            body.errors.add(field, messages::REQUIRED);
        }
    }
    let send = body.send;
    let request = QuoteRequest {
        vertical,
        language: body.language.take().unwrap_or_else(|| actor.org.default_language.clone()),
        contact: body.contact.take().unwrap_or_default(),
        input: QuoteInput { extreme_weather: body.extreme_weather.unwrap_or(false), rooms: body.rooms.take().unwrap_or_default(), ..Default::default() },
    };
    refuse_unread(body.errors, &request)?;
    let view = state.quotes.create(&actor.user, &request, send).await?;
    tracing::info!(org = %actor.org.slug, number = %view.document.number, api_key = actor.user.is_api_key(), send, "quote created over REST");
    Ok((StatusCode::CREATED, Json(answer(&state, &actor, &visitor, view).await?)).into_response())
}

/// `POST /api/v1/quotations/automotive`: a vehicle's quote from its glass
/// (positions and packages, each with a film); a new vehicle is saved for
/// the quote's customer; 201. A draft, or pending with `"send": true`.
pub async fn create_automotive(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let mut body = parse_automotive(&bytes).map_err(ApiError::MalformedJson)?;
    if !body.has_contact {
        body.errors.add("contact", messages::REQUIRED);
    }
    if !body.errors.is_empty() {
        return Err(ApiError::Invalid { what: "quote", fields: body.errors });
    }
    if body.request.language.is_empty() {
        body.request.language = actor.org.default_language.clone();
    }
    let view = state.quotes.create_automotive(&actor.user, &body.request, body.send).await?;
    tracing::info!(org = %actor.org.slug, number = %view.document.number, api_key = actor.user.is_api_key(), send = body.send,
        "automotive quote created over REST");
    Ok((StatusCode::CREATED, Json(answer(&state, &actor, &visitor, view).await?)).into_response())
}

/// `GET /api/v1/automotive/catalog`: the organisation's glass sizes by body
/// type (defaults with its own), packages and legal minimum VLT.
pub async fn automotive_catalog(State(state): State<AppState>, actor: Actor) -> Result<Json<domain::AutomotiveCatalog>, ApiError> {
    Ok(Json(state.quotes.automotive_catalog(&actor.org.id).await?))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    status: String,
    vertical: String,
    q: String,
    from: String,
    to: String,
    customer_id: String,
    limit: String,
}

/// `GET /api/v1/quotations`: newest first, filtered.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<ListQuery>) -> Result<Json<QuotationList>, ApiError> {
    let mut errors = FieldErrors::new();
    let mut choice = |field: &str, text: &str, ok: bool| {
        if !text.is_empty() && !ok {
            errors.add(field, messages::CHOICE);
        }
    };
    let status = query.status.parse::<QuoteStatus>().ok();
    choice("status", &query.status, status.is_some());
    let vertical = query.vertical.parse::<Vertical>().ok();
    choice("vertical", &query.vertical, vertical.is_some());
    for (field, day) in [("from", &query.from), ("to", &query.to)] {
        if !day.is_empty() && domain::unix_ms_of_day(day).is_none() {
            errors.add(field, "must be a day (YYYY-MM-DD)");
        }
    }
    let limit = if query.limit.is_empty() { Some(0) } else { query.limit.parse::<i64>().ok().filter(|l| (1..=1000).contains(l)) };
    if limit.is_none() {
        errors.add("limit", "must be a whole number from 1 to 1000");
    }
    if !errors.is_empty() {
        return Err(ApiError::Invalid { what: "filter", fields: errors });
    }
    let day = |d: String| (!d.is_empty()).then_some(d);
    let filter = QuoteFilter {
        status,
        vertical,
        customer_id: (!query.customer_id.is_empty()).then_some(query.customer_id),
        q: query.q,
        from: day(query.from),
        to: day(query.to),
        limit: limit.unwrap_or_default(),
    };
    let list = state.quotes.list(&actor.user, &filter).await?;
    Ok(Json(QuotationList::of(list, actor.org.currency)))
}

/// `GET /api/v1/quotations/{id}`.
pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
) -> Result<Json<QuotationView>, ApiError> {
    let view = state.quotes.get(&actor.user, &id).await?;
    Ok(Json(answer(&state, &actor, &visitor, view).await?))
}

/// `PUT /api/v1/quotations/{id}`: new content from `version`; the fields
/// left out keep their values (`rooms`, when given, are all the rooms).
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Json<QuotationView>, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let mut body: QuotationBody = parse_quotation(&bytes).map_err(ApiError::MalformedJson)?;
    let current = state.quotes.get(&actor.user, &id).await?;
    let base = request_of(&current);
    let version = body.version;
    if version.is_none() && body.errors.get("version").is_none() {
        body.errors.add("version", "is required: the version the change was made from");
    }
    if body.send {
        body.errors.add("send", "is not used here: POST /quotations/{id}/send");
    }
    let request = QuoteRequest {
        vertical: body.vertical.unwrap_or(base.vertical),
        language: body.language.take().unwrap_or(base.language),
        contact: body.contact.take().unwrap_or(base.contact),
        input: QuoteInput {
            extreme_weather: body.extreme_weather.unwrap_or(base.input.extreme_weather),
            rooms: body.rooms.take().unwrap_or(base.input.rooms),
            // What only the staff editor sets (extra lines, manual discount, terms, notes) is kept.
            ..base.input
        },
    };
    refuse_unread(body.errors, &request)?;
    let view = state
        .quotes
        .revise(&actor.user, &id, version.unwrap_or_default(), &request)
        .await
        .map_err(|e| ApiError::quote_state(e, quote_messages::NOT_EDITABLE))?;
    tracing::info!(org = %actor.org.slug, number = %view.document.number, version = view.document.version, "quote revised over REST");
    Ok(Json(answer(&state, &actor, &visitor, view).await?))
}

/// `DELETE /api/v1/quotations/{id}`: a draft only; 204.
pub async fn delete(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.quotes.delete(&actor.user, &id).await.map_err(|e| ApiError::quote_state(e, NOT_DELETABLE))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/quotations/{id}/send`: pending, valid for the organisation's days from today.
pub async fn send(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
) -> Result<Json<QuotationView>, ApiError> {
    let origin = origin(&state, &visitor);
    let view = state.videos.send_quote(&state.quotes, &actor.user, &id, &origin).await.map_err(|e| ApiError::quote_state(e, NOT_SENDABLE))?;
    Ok(Json(answer(&state, &actor, &visitor, view).await?))
}

/// `POST /api/v1/quotations/{id}/confirm`: on the customer's behalf; optional `{"reason"}`.
pub async fn confirm(
    state: State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Json<QuotationView>, ApiError> {
    decide(state, actor, visitor, id, Decision::Confirm, body).await
}

/// `POST /api/v1/quotations/{id}/reject`: on the customer's behalf; optional `{"reason"}`.
pub async fn reject(
    state: State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
    body: Body,
) -> Result<Json<QuotationView>, ApiError> {
    decide(state, actor, visitor, id, Decision::Reject, body).await
}

async fn decide(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    id: String,
    decision: Decision,
    body: Body,
) -> Result<Json<QuotationView>, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let reason = reason_of(&bytes)?;
    let view = state
        .quotes
        .decide(&actor.user, &id, decision, &reason)
        .await
        .map_err(|e| ApiError::quote_state(e, quote_messages::NOT_PENDING))?;
    tracing::info!(org = %actor.org.slug, number = %view.document.number, status = %view.status.as_str(), "quote answered over REST");
    Ok(Json(answer(&state, &actor, &visitor, view).await?))
}

#[derive(Debug, Deserialize)]
pub struct PdfQuery {
    lang: Option<String>,
}

/// `GET /api/v1/quotations/{id}/pdf[?lang=es|en]`: the current version as a PDF.
pub async fn pdf(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
    Query(query): Query<PdfQuery>,
) -> Result<Response, ApiError> {
    let view = state.quotes.get(&actor.user, &id).await?;
    let mut document = view.document;
    if let Some(lang) = query.lang.filter(|l| l == "es" || l == "en") {
        document.language = lang;
    }
    let url = format!("{}/p/{}", origin(&state, &visitor).trim_end_matches('/'), view.token);
    let brand = crate::pdf_brand::pdf_brand(&state.blobs, &actor.org).await;
    let bytes = quote_pdf::render_branded(&document, view.status, view.valid_until.as_deref(), &url, &brand);
    let disposition = format!("inline; filename=\"{}\"", quote_pdf::file_name(&document));
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// The quote as the API shows it, with its property and public link.
pub(super) async fn answer(state: &AppState, actor: &Actor, visitor: &Option<Extension<Visitor>>, view: QuoteView) -> Result<QuotationView, ApiError> {
    let property_id = state.db.quote_property_id(&actor.org.id, &view.id).await?;
    Ok(QuotationView::of(view, property_id, &origin(state, visitor)))
}

/// Where the customer's page lives: the configured public URL, else this request's origin.
fn origin(state: &AppState, visitor: &Option<Extension<Visitor>>) -> String {
    match visitor {
        Some(Extension(v)) => v.origin.clone(),
        None => state.config.public_url.clone().unwrap_or_default(),
    }
}

/// When part of the body could not be read, nothing is saved: 422 with
/// those fields and whatever else can be told without the catalog.
fn refuse_unread(unread: FieldErrors, request: &QuoteRequest) -> Result<(), ApiError> {
    if unread.is_empty() {
        return Ok(());
    }
    let mut all = validate_quote(&request.input);
    if let Err(contact) = request.validate_contact() {
        all.merge(contact);
    }
    all.merge(unread);
    Err(ApiError::Invalid { what: "quote", fields: all })
}

pub(super) async fn read_bytes(state: &AppState, body: Body) -> Result<Bytes, ApiError> {
    let limit = state.config.max_json_body_bytes;
    to_bytes(body, limit).await.map_err(|_| ApiError::TooLarge { limit })
}

/// An empty body, or `{"reason": "…"}` (null or absent: no reason).
fn reason_of(bytes: &[u8]) -> Result<String, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(String::new());
    }
    match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(serde_json::Value::Object(map)) => match map.get("reason") {
            None | Some(serde_json::Value::Null) => Ok(String::new()),
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            Some(_) => {
                let mut fields = FieldErrors::new();
                fields.add("reason", "must be a string");
                Err(ApiError::Invalid { what: "request", fields })
            }
        },
        Ok(_) => Err(ApiError::MalformedJson("expected a JSON object".into())),
        Err(e) => Err(ApiError::MalformedJson(e.to_string())),
    }
}
