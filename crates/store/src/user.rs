//! Users of an organisation. Emails are unique across Cotiza (one login, one
//! organisation) and stored lowercased.
use std::str::FromStr;

use domain::Role;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use crate::audit::{AuditEvent, record};
use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{NewOrganization, OrgId, Organization, insert_org, parse};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct User {
    pub id: String,
    pub organization_id: OrgId,
    pub email: String,
    pub name: String,
    pub role: Role,
    /// `es` or `en`; `None` follows the browser.
    pub language: Option<String>,
    pub disabled: bool,
    pub created_at: i64,
}

/// A user to create; the password is already hashed.
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub role: Role,
    pub language: Option<String>,
}

/// What login needs: the user, their password hash and their organisation.
#[derive(Debug, Clone)]
pub struct LoginRecord {
    pub user: User,
    pub password_hash: String,
}

const COLUMNS: &str = "id, organization_id, email, name, role, language, disabled_at, created_at";

impl Db {
    /// Sign-up: the organisation and its first user, an admin, in one transaction,
    /// audited. A taken slug or email is a `Conflict` naming the field.
    pub async fn create_org_with_admin(
        &self,
        org: &NewOrganization,
        admin: &NewUser,
        ip: Option<&str>,
    ) -> Result<(Organization, User), StoreError> {
        let mut tx = self.begin_write().await?;
        let organization = insert_org(&mut tx, org).await?;
        let user = insert_user(&mut tx, &organization.id, admin).await?;
        crate::category::insert_default_categories(&mut tx, &organization.id).await?;
        record(
            &mut tx,
            &AuditEvent::by(&user, "org.signup").subject(&organization.slug).ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok((organization, user))
    }

    /// The user with this email (any organisation) and their hash, for login.
    pub async fn login_record(&self, email: &str) -> Result<Option<LoginRecord>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS}, password_hash FROM users WHERE email = $1"))
            .bind(email)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(LoginRecord { user: user_from_row(&row)?, password_hash: row.try_get("password_hash")? })
        })
        .transpose()
    }

    pub async fn users(&self, org: &OrgId) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM users WHERE organization_id = $1 ORDER BY created_at, email"
        ))
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(user_from_row).collect()
    }

    pub async fn user(&self, org: &OrgId, id: &str) -> Result<User, StoreError> {
        let mut conn = self.pool().acquire().await?;
        user_in(&mut conn, org, id).await
    }

    /// Changes a user's role, audited. Refuses to leave the organisation
    /// without an active admin (`StoreError::LastAdmin`).
    pub async fn set_user_role(
        &self,
        actor: &User,
        user_id: &str,
        role: Role,
        ip: Option<&str>,
    ) -> Result<User, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let before = user_in(&mut tx, org, user_id).await?;
        if before.role == role {
            return Ok(before);
        }
        if before.role == Role::Admin && active_admins(&mut tx, org).await? <= 1 && !before.disabled {
            return Err(StoreError::LastAdmin);
        }
        sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE organization_id = $3 AND id = $4")
            .bind(role.as_str())
            .bind(now_ms())
            .bind(org.as_str())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            &AuditEvent::by(actor, "user.role_changed")
                .subject(&before.email)
                .detail(format!("{} -> {}", before.role, role))
                .ip(ip),
        )
        .await?;
        let after = user_in(&mut tx, org, user_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// Disables or re-enables a user; disabling ends their sessions. Audited.
    pub async fn set_user_disabled(
        &self,
        actor: &User,
        user_id: &str,
        disabled: bool,
        ip: Option<&str>,
    ) -> Result<User, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let before = user_in(&mut tx, org, user_id).await?;
        if disabled && before.role == Role::Admin && !before.disabled && active_admins(&mut tx, org).await? <= 1 {
            return Err(StoreError::LastAdmin);
        }
        let disabled_at = disabled.then(now_ms);
        sqlx::query("UPDATE users SET disabled_at = $1, updated_at = $2 WHERE organization_id = $3 AND id = $4")
            .bind(disabled_at)
            .bind(now_ms())
            .bind(org.as_str())
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        if disabled {
            sqlx::query("DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2")
                .bind(org.as_str())
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        }
        let action = if disabled { "user.disabled" } else { "user.enabled" };
        record(&mut tx, &AuditEvent::by(actor, action).subject(&before.email).ip(ip)).await?;
        let after = user_in(&mut tx, org, user_id).await?;
        tx.commit().await?;
        Ok(after)
    }

    /// A user's own language (`None`: follow the browser).
    pub async fn set_user_language(&self, user: &User, language: Option<&str>) -> Result<(), StoreError> {
        sqlx::query("UPDATE users SET language = $1, updated_at = $2 WHERE organization_id = $3 AND id = $4")
            .bind(language)
            .bind(now_ms())
            .bind(user.organization_id.as_str())
            .bind(&user.id)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}

pub(crate) async fn insert_user(conn: &mut AnyConnection, org: &OrgId, new: &NewUser) -> Result<User, StoreError> {
    let now = now_ms();
    let row = sqlx::query(&format!(
        "INSERT INTO users (id, organization_id, email, name, password_hash, role, language, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    ))
    .bind(uuid::Uuid::new_v4().to_string())
    .bind(org.as_str())
    .bind(&new.email)
    .bind(&new.name)
    .bind(&new.password_hash)
    .bind(new.role.as_str())
    .bind(new.language.as_deref())
    .bind(now)
    .fetch_one(conn)
    .await?;
    user_from_row(&row)
}

async fn user_in(conn: &mut AnyConnection, org: &OrgId, id: &str) -> Result<User, StoreError> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM users WHERE organization_id = $1 AND id = $2"))
        .bind(org.as_str())
        .bind(id)
        .fetch_one(conn)
        .await?;
    user_from_row(&row)
}

async fn active_admins(conn: &mut AnyConnection, org: &OrgId) -> Result<i64, StoreError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE organization_id = $1 AND role = 'admin' AND disabled_at IS NULL",
    )
    .bind(org.as_str())
    .fetch_one(conn)
    .await?)
}

pub(crate) fn user_from_row(row: &AnyRow) -> Result<User, StoreError> {
    Ok(User {
        id: row.try_get("id")?,
        organization_id: OrgId::from_row(row, "organization_id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        role: parse(row, "role", Role::from_str)?,
        language: row.try_get("language")?,
        disabled: row.try_get::<Option<i64>, _>("disabled_at")?.is_some(),
        created_at: row.try_get("created_at")?,
    })
}
