//! API keys: how integrations call `/api/v1` for an organisation. The
//! secret is never stored: the caller hashes it (SHA-256, hex) and this
//! module keeps the hash and the first characters to recognise the key.
//! The lookup by hash is the door a key opens: it hands out the [`OrgId`]
//! the key belongs to, as a session does for a cookie.
use std::str::FromStr;

use domain::Role;
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::audit::{AuditEvent, record};
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, Organization, parse};
use crate::user::User;

/// The `User::id` of the identity a key acts as starts with this, then the key's id.
pub const API_KEY_ACTOR_PREFIX: &str = "apikey:";

/// A key as admins see it: never its secret or hash.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiKey {
    pub id: String,
    pub organization_id: OrgId,
    pub name: String,
    /// The first characters of the secret (`ctz_ab12cd34`), to tell keys apart.
    pub prefix: String,
    /// What the key may do: the permissions of a user with this role.
    pub role: Role,
    /// The admin who created it (`None` once that user is gone).
    pub created_by: Option<String>,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl ApiKey {
    /// The identity a request authenticated with this key acts as, so that
    /// the role checks of every service apply unchanged: id
    /// `apikey:<key id>`, the key's name and role, and an "email" naming the
    /// key for the audit log (`API key ctz_ab12cd34 (ERP)`). It is not a row
    /// of `users`: nothing may store it where a user id is a foreign key
    /// (see [`User::is_api_key`]).
    pub fn acting_user(&self) -> User {
        User {
            id: format!("{API_KEY_ACTOR_PREFIX}{}", self.id),
            organization_id: self.organization_id.clone(),
            email: format!("API key {} ({})", self.prefix, self.name),
            name: self.name.clone(),
            role: self.role,
            language: None,
            disabled: false,
            created_at: self.created_at,
        }
    }
}

impl User {
    /// Whether this is the identity of an API key ([`ApiKey::acting_user`]), not a person.
    pub fn is_api_key(&self) -> bool {
        self.id.starts_with(API_KEY_ACTOR_PREFIX)
    }
}

/// A key to create; the secret is already hashed.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub name: String,
    pub prefix: String,
    pub key_hash: String,
    pub role: Role,
    pub now: i64,
}

/// What a live key opens: the key, its organisation and the current role
/// of the user who created it (a key never acts above its creator).
#[derive(Debug, Clone)]
pub struct ApiKeyRecord {
    pub key: ApiKey,
    pub org: Organization,
    pub creator_role: Role,
}

const COLUMNS: &str = "id, organization_id, name, prefix, role, created_by, created_at, last_used_at, revoked_at";

impl Db {
    /// Creates a key of the actor's organisation, audited (`api_key.created`).
    pub async fn create_api_key(&self, actor: &User, new: &NewApiKey, ip: Option<&str>) -> Result<ApiKey, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO api_keys (id, organization_id, name, prefix, key_hash, role, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
        ))
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(actor.organization_id.as_str())
        .bind(&new.name)
        .bind(&new.prefix)
        .bind(&new.key_hash)
        .bind(new.role.as_str())
        // `created_by` references users: a key's own identity is not one.
        .bind((!actor.is_api_key()).then_some(actor.id.as_str()))
        .bind(new.now)
        .fetch_one(&mut *tx)
        .await?;
        let key = api_key_from_row(&row)?;
        record(
            &mut tx,
            &AuditEvent::by(actor, AuditEvent::API_KEY_CREATED)
                .subject(&key.prefix)
                .detail(format!("{} ({})", key.name, key.role))
                .ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// The organisation's keys, revoked ones too, newest first.
    pub async fn api_keys(&self, org: &OrgId) -> Result<Vec<ApiKey>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM api_keys WHERE organization_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(api_key_from_row).collect()
    }

    /// Revokes a live key of the actor's organisation, audited
    /// (`api_key.revoked`). Another organisation's key, a missing one and
    /// one already revoked are all `NotFound`.
    pub async fn revoke_api_key(&self, actor: &User, id: &str, now: i64, ip: Option<&str>) -> Result<ApiKey, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE api_keys SET revoked_at = $1
             WHERE organization_id = $2 AND id = $3 AND revoked_at IS NULL
             RETURNING {COLUMNS}"
        ))
        .bind(now)
        .bind(actor.organization_id.as_str())
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let key = api_key_from_row(&row)?;
        record(
            &mut tx,
            &AuditEvent::by(actor, AuditEvent::API_KEY_REVOKED).subject(&key.prefix).detail(key.name.clone()).ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok(key)
    }

    /// The live key with this hash, its organisation and its creator's
    /// current role. A key is live while it is not revoked and the user who
    /// created it is still an enabled user of its organisation: disabling the
    /// user suspends their keys (enabling them again brings the keys back).
    pub async fn api_key_by_hash(&self, key_hash: &str) -> Result<Option<ApiKeyRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT k.id, k.organization_id, k.name, k.prefix, k.role, k.created_by, k.created_at, k.last_used_at,
                    k.revoked_at, u.role AS creator_role
             FROM api_keys k
             JOIN users u ON u.id = k.created_by AND u.organization_id = k.organization_id
             WHERE k.key_hash = $1 AND k.revoked_at IS NULL AND u.disabled_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let key = api_key_from_row(&row)?;
        let creator_role = parse(&row, "creator_role", Role::from_str)?;
        let org = self.org(&key.organization_id).await?;
        Ok(Some(ApiKeyRecord { key, org, creator_role }))
    }

    /// Records that the key was used at `now` (the caller decides how often).
    pub async fn touch_api_key(&self, org: &OrgId, id: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE organization_id = $2 AND id = $3")
            .bind(now)
            .bind(org.as_str())
            .bind(id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

fn api_key_from_row(row: &AnyRow) -> Result<ApiKey, StoreError> {
    Ok(ApiKey {
        id: row.try_get("id")?,
        organization_id: OrgId::from_row(row, "organization_id")?,
        name: row.try_get("name")?,
        prefix: row.try_get("prefix")?,
        role: parse(row, "role", Role::from_str)?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        last_used_at: row.try_get("last_used_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}
