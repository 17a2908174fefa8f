//! `/api/v1/properties`, `/rooms`, `/openings`: a quote's property with its
//! rooms and openings, one at a time. They are the working copy of the
//! owning quote's current content: a write changes that content and saves
//! the quote (`quotes::Quotes::add_room` and friends), priced and versioned
//! like the editor's save — a sent quote gets a new version, a confirmed
//! one refuses (409). Every save gives the rooms and openings new ids; the
//! answers carry them.
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::quote_messages;
use quotes::{OpeningRecord, PropertyRecord, RoomEdit, RoomRecord};
use serde::Deserialize;

use super::ApiError;
use super::actor::Actor;
use super::quotation_json::{parse_opening, parse_room};
use super::quotations::read_bytes;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PropertiesQuery {
    customer_id: String,
}

/// `GET /api/v1/properties[?customer_id=]`: newest first.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<PropertiesQuery>) -> Result<Json<Vec<PropertyRecord>>, ApiError> {
    let customer = (!query.customer_id.is_empty()).then_some(query.customer_id.as_str());
    Ok(Json(state.quotes.properties(&actor.user, customer).await?))
}

/// `GET /api/v1/properties/{id}/rooms`: the rooms with their openings, in order.
pub async fn rooms(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Vec<RoomRecord>>, ApiError> {
    Ok(Json(state.quotes.property_rooms(&actor.user, &id).await?))
}

/// `POST /api/v1/properties/{id}/rooms`: a room (with its openings) at the end; 201.
pub async fn add_room(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<Response, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let (room, _, errors) = parse_room(&bytes, true).map_err(ApiError::MalformedJson)?;
    // A foreign or missing property is 404 before the body is judged.
    state.quotes.property_rooms(&actor.user, &id).await?;
    refuse(errors)?;
    let saved = state.quotes.add_room(&actor.user, &id, room).await.map_err(not_editable)?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// `GET /api/v1/rooms/{id}`.
pub async fn room(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<RoomRecord>, ApiError> {
    Ok(Json(state.quotes.room(&actor.user, &id).await?))
}

/// `PUT /api/v1/rooms/{id}`: `name` and `floor`, and `openings` when given
/// (all of them; left out, the room keeps its openings).
pub async fn update_room(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<Json<RoomRecord>, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let (room, has_openings, errors) = parse_room(&bytes, false).map_err(ApiError::MalformedJson)?;
    state.quotes.room(&actor.user, &id).await?;
    refuse(errors)?;
    let edit = RoomEdit { name: room.name, floor: room.floor, openings: has_openings.then_some(room.openings) };
    Ok(Json(state.quotes.update_room(&actor.user, &id, edit).await.map_err(not_editable)?))
}

/// `DELETE /api/v1/rooms/{id}`: the room and its openings leave the quote; 204.
pub async fn delete_room(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.quotes.delete_room(&actor.user, &id).await.map_err(not_editable)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/rooms/{id}/openings`.
pub async fn openings(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Vec<OpeningRecord>>, ApiError> {
    Ok(Json(state.quotes.room_openings(&actor.user, &id).await?))
}

/// `POST /api/v1/rooms/{id}/openings`: an opening at the end of the room; 201.
pub async fn add_opening(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<Response, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let (opening, errors) = parse_opening(&bytes).map_err(ApiError::MalformedJson)?;
    state.quotes.room(&actor.user, &id).await?;
    refuse(errors)?;
    let saved = state.quotes.add_opening(&actor.user, &id, opening).await.map_err(not_editable)?;
    Ok((StatusCode::CREATED, Json(saved)).into_response())
}

/// `GET /api/v1/openings/{id}`.
pub async fn opening(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<OpeningRecord>, ApiError> {
    Ok(Json(state.quotes.opening(&actor.user, &id).await?))
}

/// `PUT /api/v1/openings/{id}`: the whole opening.
pub async fn update_opening(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<Json<OpeningRecord>, ApiError> {
    let bytes = read_bytes(&state, body).await?;
    let (opening, errors) = parse_opening(&bytes).map_err(ApiError::MalformedJson)?;
    state.quotes.opening(&actor.user, &id).await?;
    refuse(errors)?;
    Ok(Json(state.quotes.update_opening(&actor.user, &id, opening).await.map_err(not_editable)?))
}

/// `DELETE /api/v1/openings/{id}`: the opening leaves its room; 204.
pub async fn delete_opening(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.quotes.delete_opening(&actor.user, &id).await.map_err(not_editable)?;
    Ok(StatusCode::NO_CONTENT)
}

fn refuse(errors: domain::FieldErrors) -> Result<(), ApiError> {
    if errors.is_empty() { Ok(()) } else { Err(ApiError::Invalid { what: "request", fields: errors }) }
}

fn not_editable(err: quotes::QuotesError) -> ApiError {
    ApiError::quote_state(err, quote_messages::NOT_EDITABLE)
}
