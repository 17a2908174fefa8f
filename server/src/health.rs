use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/health/live", get(live))
        .route("/health/ready", get(ready))
}

/// The process is up and serving.
async fn live() -> Json<Value> {
    Json(json!({ "status": "live" }))
}

/// The database answers and every migration this binary knows is applied.
async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let backend = state.db.backend().name();
    match state.db.is_ready().await {
        Ok(true) => (StatusCode::OK, Json(json!({ "status": "ready", "database": backend }))),
        Ok(false) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({ "status": "not ready", "database": backend, "reason": "migrations pending" })),
        ),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({ "status": "not ready", "database": backend, "reason": "database unreachable" })),
            )
        }
    }
}
