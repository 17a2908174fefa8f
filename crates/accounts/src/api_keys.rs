//! API keys: admins create them for integrations calling `/api/v1`
//! (`Authorization: Bearer ctz_…`). The secret is shown once, only its
//! SHA-256 is stored, and a key can be revoked. A key acts with its role,
//! capped by its creator's current role, and only while its creator is enabled.
use domain::{FieldErrors, Role, check_name};
use store::{ApiKey, NewApiKey, Organization, User};

use crate::error::AccountsError;
use crate::{Accounts, require_admin, token};

/// Characters of the secret kept to recognise a key: `ctz_` and 8 more.
const PREFIX_LEN: usize = token::API_KEY_PREFIX.len() + 8;

/// A key just created, with its secret: shown this once, never again.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedApiKey {
    pub key: ApiKey,
    pub secret: String,
}

/// Who a request authenticated by an API key acts as: the key (its role)
/// and its organisation.
#[derive(Debug, Clone)]
pub struct ApiKeyPrincipal {
    pub key: ApiKey,
    pub org: Organization,
}

impl ApiKeyPrincipal {
    /// The identity the services' role checks see ([`ApiKey::acting_user`]).
    pub fn user(&self) -> User {
        self.key.acting_user()
    }

    pub fn role(&self) -> Role {
        self.key.role
    }
}

impl Accounts {
    /// An admin creates a key named `name` acting as `role`; the secret
    /// (`ctz_` + 43 base64url characters) is in the answer and nowhere else.
    pub async fn create_api_key(&self, actor: &User, name: &str, role: &str, ip: Option<&str>) -> Result<CreatedApiKey, AccountsError> {
        require_person_admin(actor)?;
        let mut errors = FieldErrors::new();
        let name = check_name("name", name, &mut errors);
        let role = role.parse::<Role>().unwrap_or_else(|_| {
            errors.add("role", domain::messages::CHOICE);
            Role::Sales
        });
        errors.into_result(()).map_err(AccountsError::Invalid)?;
        let secret = token::generate_api_key();
        let new = NewApiKey {
            name,
            prefix: secret.chars().take(PREFIX_LEN).collect(),
            key_hash: token::hash(&secret),
            role,
            now: store::now_ms(),
        };
        let key = self.db.create_api_key(actor, &new, ip).await?;
        Ok(CreatedApiKey { key, secret })
    }

    /// The organisation's keys (revoked ones too), newest first; admins only.
    pub async fn api_keys(&self, actor: &User) -> Result<Vec<ApiKey>, AccountsError> {
        require_person_admin(actor)?;
        Ok(self.db.api_keys(&actor.organization_id).await?)
    }

    /// Revokes a live key of the actor's organisation; any other id is `NotFound`.
    pub async fn revoke_api_key(&self, actor: &User, id: &str, ip: Option<&str>) -> Result<ApiKey, AccountsError> {
        require_person_admin(actor)?;
        Ok(self.db.revoke_api_key(actor, id, store::now_ms(), ip).await?)
    }

    /// The principal behind a `Bearer` secret. A malformed, unknown or
    /// revoked key, and the key of a disabled user, are `Unauthenticated`,
    /// all alike. The key acts with at most its creator's current role: the
    /// admin key of a user now in sales acts as sales (the principal's
    /// `key.role` is that effective role). Records the use at most once per
    /// [`crate::Policy::api_key_touch_ms`].
    pub async fn authenticate_api_key(&self, secret: &str) -> Result<ApiKeyPrincipal, AccountsError> {
        if !token::looks_like_api_key(secret) {
            return Err(AccountsError::Unauthenticated);
        }
        let mut record = self.db.api_key_by_hash(&token::hash(secret)).await?.ok_or(AccountsError::Unauthenticated)?;
        record.key.role = capped_role(record.key.role, record.creator_role);
        let now = store::now_ms();
        if record.key.last_used_at.is_none_or(|at| now - at >= self.policy.api_key_touch_ms) {
            // Bookkeeping: a failed write must not refuse a valid key.
            if let Err(e) = self.db.touch_api_key(&record.org.id, &record.key.id, now).await {
                tracing::warn!(error = %e, key = %record.key.prefix, "could not record an API key's use");
            }
        }
        Ok(ApiKeyPrincipal { key: record.key, org: record.org })
    }
}

/// What a key of role `key` created by a user now of role `creator` may do: the lesser of the two.
fn capped_role(key: Role, creator: Role) -> Role {
    if key.is_admin() && creator.is_admin() { Role::Admin } else { Role::Sales }
}

/// Keys are managed by an admin signed in as themselves: sales users are
/// `Forbidden`, and so is a key (a key never mints or revokes keys).
fn require_person_admin(actor: &User) -> Result<(), AccountsError> {
    require_admin(actor)?;
    if actor.is_api_key() { Err(AccountsError::Forbidden) } else { Ok(()) }
}
