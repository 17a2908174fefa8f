use accounts::Visitor;
use axum::extract::{FromRef, FromRequestParts};
use axum::http::{HeaderMap, header};
use axum::http::request::Parts;
use store::{Organization, User};

use super::ApiError;
use crate::state::AppState;

/// Who an API call acts as: the organisation's API key of an
/// `Authorization: Bearer ctz_…` header, else the signed-in user of the
/// session cookie. Without either the call is 401; a wrong or revoked key
/// is 401 too (the cookie is not tried then).
///
/// For a key, `user` is the key's identity ([`store::ApiKey::acting_user`]): id
/// `apikey:<key id>`, the key's name and role, so the services' role checks
/// and audit entries work unchanged. It is not a row of `users`: never store
/// `user.id` where a foreign key to `users` is expected; `user.is_api_key()`
/// tells the two apart.
pub struct Actor {
    pub user: User,
    pub org: Organization,
}

impl<S> FromRequestParts<S> for Actor
where
    AppState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(secret) = bearer_token(&parts.headers) {
            let state = AppState::from_ref(state);
            let principal = state.accounts.authenticate_api_key(secret).await.map_err(|e| match e {
                accounts::AccountsError::Store(e) => ApiError::Store(e),
                _ => {
                    tracing::debug!(path = %parts.uri.path(), "refused an API key");
                    ApiError::Unauthenticated
                }
            })?;
            return Ok(Actor { user: principal.user(), org: principal.org });
        }
        let session = parts.extensions.get::<Visitor>().and_then(|v| v.session.clone()).ok_or(ApiError::Unauthenticated)?;
        Ok(Actor { user: session.user, org: session.org })
    }
}

/// The credentials of an `Authorization: Bearer …` header (scheme in any
/// case; empty when missing). Other schemes are not ours and are left alone.
pub(crate) fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, credentials) = value.split_once(char::is_whitespace).unwrap_or((value, ""));
    scheme.eq_ignore_ascii_case("bearer").then(|| credentials.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auth(value: &'static str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, value.parse().expect("header"));
        headers
    }

    #[test]
    fn bearer_credentials_are_read_in_any_case() {
        assert_eq!(bearer_token(&auth("Bearer ctz_abc")), Some("ctz_abc"));
        assert_eq!(bearer_token(&auth("bearer   ctz_abc ")), Some("ctz_abc"));
        assert_eq!(bearer_token(&auth("Bearer")), Some(""), "a bearer without credentials is refused, not ignored");
        assert_eq!(bearer_token(&auth("Basic dXNlcjpwYXNz")), None);
        assert_eq!(bearer_token(&HeaderMap::new()), None);
    }
}
