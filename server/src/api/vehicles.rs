//! Vehicles over REST (`/api/v1/vehicles`): CRUD, tenant-scoped, and VIN
//! decoding offline (`/api/v1/vehicles/decode-vin/{vin}`).
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use domain::{DecodedVin, Vehicle, VehicleInput};
use serde::Deserialize;

use super::ApiError;
use super::actor::Actor;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VehiclesQuery {
    customer_id: Option<String>,
    q: String,
}

/// `GET /api/v1/vehicles[?customerId=&q=]`: newest first.
pub async fn list(State(state): State<AppState>, actor: Actor, Query(query): Query<VehiclesQuery>) -> Result<Json<Vec<Vehicle>>, ApiError> {
    let customer = query.customer_id.as_deref().filter(|c| !c.is_empty());
    Ok(Json(state.vehicles.list(&actor.user, customer, &query.q).await?))
}

/// `POST /api/v1/vehicles`: 201 with the vehicle; 422 naming each bad field
/// (`vin` says which VIN rule failed).
pub async fn create(State(state): State<AppState>, actor: Actor, body: axum::body::Bytes) -> Result<Response, ApiError> {
    let input = parse(&body)?;
    let vehicle = state.vehicles.create(&actor.user, &input).await?;
    Ok((StatusCode::CREATED, Json(vehicle)).into_response())
}

/// `GET /api/v1/vehicles/{id}`.
pub async fn get(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Vehicle>, ApiError> {
    Ok(Json(state.vehicles.get(&actor.user, &id).await?))
}

/// `PUT /api/v1/vehicles/{id}`: every field, as on create.
pub async fn update(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: axum::body::Bytes) -> Result<Json<Vehicle>, ApiError> {
    let input = parse(&body)?;
    Ok(Json(state.vehicles.update(&actor.user, &id, &input).await?))
}

/// `DELETE /api/v1/vehicles/{id}`: 204.
pub async fn delete(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    state.vehicles.delete(&actor.user, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /api/v1/vehicles/decode-vin/{vin}`: make, model year, manufacturer
/// and country, offline; 422 with the rule that failed.
pub async fn decode_vin(_actor: Actor, Path(vin): Path<String>) -> Result<Json<DecodedVin>, ApiError> {
    Ok(Json(vehicles::Vehicles::decode_vin(&vin)?))
}

fn parse(body: &[u8]) -> Result<VehicleInput, ApiError> {
    serde_json::from_slice(body).map_err(|e| ApiError::MalformedJson(e.to_string()))
}
