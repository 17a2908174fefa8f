use app::catalog::{self, PublicCatalog};
use axum::Json;
use axum::extract::{Path, State};

use super::ApiError;
use crate::state::AppState;

/// `GET /api/v1/orgs/{slug}/products`: the active catalog, public. The same
/// `PublicCatalog` the pages load through their server function.
pub async fn list_public(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<PublicCatalog>, ApiError> {
    catalog::load(&state.db, &slug).await?.map(Json).ok_or(ApiError::NotFound)
}
