//! `/api/v1/api-keys`: an organisation's API keys, kept by its admins
//! signed in with the session cookie (a key cannot manage keys: 403).
use accounts::Visitor;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::Serialize;
use store::ApiKey;

use super::ApiError;
use super::actor::Actor;
use super::products::read_object;
use crate::state::AppState;

/// A key as the API shows it: never its hash; the secret only in the
/// answer that creates it.
#[derive(Debug, Serialize)]
pub struct ApiKeyView {
    pub id: String,
    pub name: String,
    pub prefix: String,
    pub role: domain::Role,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl ApiKeyView {
    fn of(key: ApiKey, secret: Option<String>) -> ApiKeyView {
        ApiKeyView {
            id: key.id,
            name: key.name,
            prefix: key.prefix,
            role: key.role,
            created_by: key.created_by,
            created_at: key.created_at,
            last_used_at: key.last_used_at,
            revoked_at: key.revoked_at,
            secret,
        }
    }
}

/// `GET /api/v1/api-keys`: the organisation's keys, revoked ones too, newest first.
pub async fn list(State(state): State<AppState>, actor: Actor) -> Result<Json<Vec<ApiKeyView>>, ApiError> {
    let keys = state.accounts.api_keys(&actor.user).await?;
    Ok(Json(keys.into_iter().map(|k| ApiKeyView::of(k, None)).collect()))
}

/// `POST /api/v1/api-keys` with `{"name": "ERP", "role": "sales"}`: 201 with
/// the key and its `secret`, shown this once.
pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    body: Body,
) -> Result<Response, ApiError> {
    let body = read_object(&state, body).await?;
    let text = |field: &str| match body.get(field) {
        None | Some(serde_json::Value::Null) => Ok(String::new()),
        Some(serde_json::Value::String(s)) => Ok(s.clone()),
        Some(_) => Err(ApiError::MalformedJson(format!("{field} must be a string"))),
    };
    let (name, role) = (text("name")?, text("role")?);
    let ip = visitor.as_ref().and_then(|v| v.ip.as_deref());
    let created = state.accounts.create_api_key(&actor.user, &name, &role, ip).await?;
    Ok((StatusCode::CREATED, Json(ApiKeyView::of(created.key, Some(created.secret)))).into_response())
}

/// `DELETE /api/v1/api-keys/{id}`: revokes a live key; 204. Another
/// organisation's key, a missing one or one already revoked: 404.
pub async fn revoke(
    State(state): State<AppState>,
    actor: Actor,
    visitor: Option<Extension<Visitor>>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let ip = visitor.as_ref().and_then(|v| v.ip.as_deref());
    state.accounts.revoke_api_key(&actor.user, &id, ip).await?;
    Ok(StatusCode::NO_CONTENT)
}
