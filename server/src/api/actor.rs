use accounts::Visitor;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use store::{Organization, User};

use super::ApiError;

/// The signed-in user an API call acts as (the session cookie the browser
/// or an integrator sends). Without one the call is 401.
pub struct Actor {
    pub user: User,
    pub org: Organization,
}

impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let session = parts.extensions.get::<Visitor>().and_then(|v| v.session.clone()).ok_or(ApiError::Unauthenticated)?;
        Ok(Actor { user: session.user, org: session.org })
    }
}
