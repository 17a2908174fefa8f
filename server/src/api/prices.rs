//! `/api/v1/products/{id}/prices` and bulk price changes.
use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use domain::{PriceInput, PriceRecord};
use serde_json::{Value, json};

use super::ApiError;
use super::actor::Actor;
use super::products::{from_value, read_object, textify};
use crate::state::AppState;

/// `GET /api/v1/products/{id}/prices`: the history, latest start first.
pub async fn history(State(state): State<AppState>, actor: Actor, Path(id): Path<String>) -> Result<Json<Vec<PriceRecord>>, ApiError> {
    Ok(Json(state.catalog.price_history(&actor.user, &id).await?))
}

/// `POST /api/v1/products/{id}/prices`: a price from today or a later day. 201.
pub async fn add(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<(StatusCode, Json<PriceRecord>), ApiError> {
    let body = read_object(&state, body).await?;
    let input: PriceInput = from_value(Value::Object(body.into_iter().map(|(k, v)| (k, textify(v))).collect()))?;
    Ok((StatusCode::CREATED, Json(state.catalog.add_price(&actor.user, &id, &input).await?)))
}

/// `DELETE /api/v1/products/{id}/prices/{price_id}`: withdraws a price not yet in effect.
pub async fn withdraw(State(state): State<AppState>, actor: Actor, Path((id, price_id)): Path<(String, String)>) -> Result<StatusCode, ApiError> {
    state.catalog.withdraw_price(&actor.user, &id, &price_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/products/categories/{id}/price-change` `{"percent": "5", "valid_from": "2026-12-01"}`.
pub async fn change_category(State(state): State<AppState>, actor: Actor, Path(id): Path<String>, body: Body) -> Result<Json<Value>, ApiError> {
    let body = read_object(&state, body).await?;
    let text = |k: &str| match body.get(k).cloned().map(textify) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    };
    let changed = state.catalog.change_prices_by_percent(&actor.user, &id, &text("percent"), &text("valid_from")).await?;
    Ok(Json(json!({ "changed": changed })))
}
