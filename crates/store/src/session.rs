//! Login sessions. The row's id is the SHA-256 of the cookie's token (the
//! caller hashes it), so the table holds nothing a thief could log in with.
use sqlx::Row;

use crate::audit::{AuditEvent, record};
use crate::db::Db;
use crate::error::StoreError;
use crate::org::Organization;
use crate::user::{User, user_from_row};

/// A live session: its user (enabled) and their organisation.
#[derive(Debug, Clone)]
pub struct SessionRecord {
    pub id_hash: String,
    pub user: User,
    pub org: Organization,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// Where a session is opened from, for the audit log and the sessions list.
#[derive(Debug, Clone, Default)]
pub struct Client<'a> {
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

impl Db {
    /// Opens a session for `user` (after a successful login, sign-up or
    /// invitation). The session the browser had before, if any, is ended in
    /// the same transaction: the session id always changes at login.
    pub async fn open_session(
        &self,
        user: &User,
        id_hash: &str,
        now: i64,
        expires_at: i64,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if let Some(old) = replaces {
            sqlx::query("DELETE FROM sessions WHERE id = $1").bind(old).execute(&mut *tx).await?;
        }
        sqlx::query(
            "INSERT INTO sessions (id, user_id, organization_id, created_at, last_seen_at, expires_at, ip, user_agent)
             VALUES ($1, $2, $3, $4, $4, $5, $6, $7)",
        )
        .bind(id_hash)
        .bind(&user.id)
        .bind(user.organization_id.as_str())
        .bind(now)
        .bind(expires_at)
        .bind(client.ip)
        .bind(client.user_agent.map(|ua| ua.chars().take(300).collect::<String>()))
        .execute(&mut *tx)
        .await?;
        record(&mut tx, &AuditEvent::by(user, "user.login").ip(client.ip)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session with this id hash, if it exists and its user is enabled.
    /// Expiry is the caller's rule (see `accounts`), applied to the times returned.
    pub async fn session(&self, id_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row = sqlx::query(
            "SELECT s.id AS session_id, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
                    u.id, u.organization_id, u.email, u.name, u.role, u.language, u.disabled_at, u.created_at
             FROM sessions s JOIN users u ON u.id = s.user_id AND u.organization_id = s.organization_id
             WHERE s.id = $1 AND u.disabled_at IS NULL",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = user_from_row(&row)?;
        let org = self.org(&user.organization_id).await?;
        Ok(Some(SessionRecord {
            id_hash: row.try_get("session_id")?,
            user,
            org,
            created_at: row.try_get("session_created_at")?,
            last_seen_at: row.try_get("last_seen_at")?,
            expires_at: row.try_get("expires_at")?,
        }))
    }

    pub async fn touch_session(&self, id_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends one session (logout). Ending a session that is gone is not an error.
    pub async fn close_session(&self, id_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id = $1").bind(id_hash).execute(self.pool()).await?;
        Ok(())
    }

    /// Ends every session of the user ("log out everywhere"), audited; returns how many.
    pub async fn close_user_sessions(&self, user: &User, ip: Option<&str>) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query("DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2")
            .bind(user.organization_id.as_str())
            .bind(&user.id)
            .execute(&mut *tx)
            .await?;
        record(
            &mut tx,
            &AuditEvent::by(user, "user.logout_everywhere").detail(format!("{} sessions", done.rows_affected())).ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok(done.rows_affected())
    }

    /// Deletes sessions idle since before `idle_before` or past `now`; returns how many.
    pub async fn purge_sessions(&self, idle_before: i64, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR expires_at <= $2")
            .bind(idle_before)
            .bind(now)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }
}
