//! Invitations: an admin asks someone to join the organisation with a role.
//! The link's token is single-use and expires; only its hash is stored.
use std::str::FromStr;

use domain::Role;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

use crate::audit::{AuditEvent, record};
use crate::db::Db;
use crate::error::StoreError;
use crate::org::{OrgId, Organization, parse};
use crate::outbox::enqueue_mail;
use crate::user::{NewUser, User, insert_user};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Invitation {
    pub id: String,
    pub organization_id: OrgId,
    pub email: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl Invitation {
    /// Can still be accepted at `now`.
    pub fn is_open(&self, now: i64) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub email: String,
    pub role: Role,
    pub token_hash: String,
    pub now: i64,
    pub expires_at: i64,
    /// The mail with the link, for the outbox.
    pub mail_subject: String,
    pub mail_body: String,
}

const COLUMNS: &str = "id, organization_id, email, role, created_at, expires_at, accepted_at, revoked_at";

impl Db {
    /// Records the invitation, its mail and the audit event in one transaction.
    pub async fn create_invitation(&self, actor: &User, new: &NewInvitation, ip: Option<&str>) -> Result<Invitation, StoreError> {
        let org = &actor.organization_id;
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "INSERT INTO invitations (id, organization_id, email, role, token_hash, invited_by, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {COLUMNS}"
        ))
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(org.as_str())
        .bind(&new.email)
        .bind(new.role.as_str())
        .bind(&new.token_hash)
        .bind(&actor.id)
        .bind(new.now)
        .bind(new.expires_at)
        .fetch_one(&mut *tx)
        .await?;
        let invitation = invitation_from_row(&row)?;
        enqueue_mail(&mut tx, org, "invitation", &new.email, &new.mail_subject, &new.mail_body).await?;
        record(
            &mut tx,
            &AuditEvent::by(actor, "user.invited").subject(&new.email).detail(new.role.as_str()).ip(ip),
        )
        .await?;
        tx.commit().await?;
        Ok(invitation)
    }

    /// The organisation's invitations, newest first.
    pub async fn invitations(&self, org: &OrgId) -> Result<Vec<Invitation>, StoreError> {
        let rows = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM invitations WHERE organization_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(org.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(invitation_from_row).collect()
    }

    /// Revokes an open invitation of the actor's organisation, audited.
    pub async fn revoke_invitation(&self, actor: &User, id: &str, now: i64, ip: Option<&str>) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE invitations SET revoked_at = $1
             WHERE organization_id = $2 AND id = $3 AND accepted_at IS NULL AND revoked_at IS NULL
             RETURNING {COLUMNS}"
        ))
        .bind(now)
        .bind(actor.organization_id.as_str())
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        let invitation = invitation_from_row(&row)?;
        record(&mut tx, &AuditEvent::by(actor, "user.invitation_revoked").subject(&invitation.email).ip(ip)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The invitation behind a link, with its organisation (public: the token is the key).
    pub async fn invitation_by_token(&self, token_hash: &str) -> Result<Option<(Invitation, Organization)>, StoreError> {
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM invitations WHERE token_hash = $1"))
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        let Some(row) = row else { return Ok(None) };
        let invitation = invitation_from_row(&row)?;
        let org = self.org(&invitation.organization_id).await?;
        Ok(Some((invitation, org)))
    }

    /// Accepts an open invitation: creates the user with the invited email and
    /// role and closes the invitation, once. A used, revoked or expired link
    /// is `NotFound`; an email that already has an account is `Conflict { field: "email" }`.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        name: &str,
        password_hash: &str,
        language: Option<&str>,
        now: i64,
        ip: Option<&str>,
    ) -> Result<User, StoreError> {
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(&format!(
            "UPDATE invitations SET accepted_at = $1
             WHERE token_hash = $2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > $1
             RETURNING {COLUMNS}"
        ))
        .bind(now)
        .bind(token_hash)
        .fetch_one(&mut *tx)
        .await?;
        let invitation = invitation_from_row(&row)?;
        let new_user = NewUser {
            email: invitation.email.clone(),
            name: name.to_owned(),
            password_hash: password_hash.to_owned(),
            role: invitation.role,
            language: language.map(str::to_owned),
        };
        let user = insert_user(&mut tx, &invitation.organization_id, &new_user).await?;
        record(&mut tx, &AuditEvent::by(&user, "user.joined").detail(user.role.as_str()).ip(ip)).await?;
        tx.commit().await?;
        Ok(user)
    }
}

fn invitation_from_row(row: &AnyRow) -> Result<Invitation, StoreError> {
    Ok(Invitation {
        id: row.try_get("id")?,
        organization_id: OrgId::from_row(row, "organization_id")?,
        email: row.try_get("email")?,
        role: parse(row, "role", Role::from_str)?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        accepted_at: row.try_get("accepted_at")?,
        revoked_at: row.try_get("revoked_at")?,
    })
}
