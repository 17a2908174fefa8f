//! The audit log: who did what in an organisation, and when. Written in the
//! same transaction as the change it records; read by admins.
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::StoreError;
use crate::org::OrgId;
use crate::user::User;

/// One event to record. Build with [`AuditEvent::by`] or [`AuditEvent::anonymous`].
#[derive(Debug, Clone)]
pub struct AuditEvent<'a> {
    pub org: &'a OrgId,
    pub actor_user_id: Option<&'a str>,
    pub actor_email: Option<&'a str>,
    /// A dotted verb: `org.signup`, `user.login`, `user.login_failed`, `user.role_changed`, …
    pub action: &'static str,
    pub subject: Option<&'a str>,
    pub detail: String,
    pub ip: Option<&'a str>,
}

impl<'a> AuditEvent<'a> {
    /// An admin created an API key (subject: its prefix; detail: name and role).
    pub const API_KEY_CREATED: &'static str = "api_key.created";
    /// An admin revoked an API key (subject: its prefix; detail: its name).
    pub const API_KEY_REVOKED: &'static str = "api_key.revoked";

    pub fn by(actor: &'a User, action: &'static str) -> Self {
        AuditEvent {
            org: &actor.organization_id,
            actor_user_id: Some(&actor.id),
            actor_email: Some(&actor.email),
            action,
            subject: None,
            detail: String::new(),
            ip: None,
        }
    }

    pub fn anonymous(org: &'a OrgId, action: &'static str) -> Self {
        AuditEvent { org, actor_user_id: None, actor_email: None, action, subject: None, detail: String::new(), ip: None }
    }

    pub fn subject(mut self, subject: &'a str) -> Self {
        self.subject = Some(subject);
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = detail.into();
        self
    }

    pub fn ip(mut self, ip: Option<&'a str>) -> Self {
        self.ip = ip;
        self
    }
}

/// A recorded event, as the admin's audit page lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEntry {
    pub id: String,
    pub actor_email: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
    pub ip: Option<String>,
    pub created_at: i64,
}

pub(crate) async fn record(conn: &mut AnyConnection, event: &AuditEvent<'_>) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (id, organization_id, actor_user_id, actor_email, action, subject, detail, ip, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    // Time-ordered (UUIDv7, monotonic within a process): events of the same
    // millisecond list in the order they happened (`ORDER BY created_at, id`).
    .bind(uuid::Uuid::now_v7().to_string())
    .bind(event.org.as_str())
    .bind(event.actor_user_id)
    .bind(event.actor_email)
    .bind(event.action)
    .bind(event.subject)
    .bind(&event.detail)
    .bind(event.ip)
    .bind(now_ms())
    .execute(conn)
    .await?;
    Ok(())
}

impl Db {
    /// Records an event that comes with no other change (a login, a failed login).
    pub async fn record_audit(&self, event: &AuditEvent<'_>) -> Result<(), StoreError> {
        let mut conn = self.pool().acquire().await?;
        record(&mut conn, event).await
    }

    /// The newest events of the organisation first, at most `limit`, older than `before` (ms) if given.
    pub async fn audit_events(&self, org: &OrgId, limit: i64, before: Option<i64>) -> Result<Vec<AuditEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, actor_email, action, subject, detail, ip, created_at FROM audit_events
             WHERE organization_id = $1 AND created_at < $2 ORDER BY created_at DESC, id DESC LIMIT $3",
        )
        .bind(org.as_str())
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(audit_entry).collect()
    }
}

/// An `audit_events` row (`SELECT id, actor_email, action, subject, detail, ip, created_at`).
pub(crate) fn audit_entry(row: &sqlx::any::AnyRow) -> Result<AuditEntry, StoreError> {
    Ok(AuditEntry {
        id: row.try_get("id")?,
        actor_email: row.try_get("actor_email")?,
        action: row.try_get("action")?,
        subject: row.try_get("subject")?,
        detail: row.try_get("detail")?,
        ip: row.try_get("ip")?,
        created_at: row.try_get("created_at")?,
    })
}
