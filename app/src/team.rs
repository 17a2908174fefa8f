//! The team page's server functions: users, roles and invitations.
use domain::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::session::{accounts, fail, require_session, visitor};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeamMember {
    pub id: String,
    pub name: String,
    pub email: String,
    pub role: Role,
    pub disabled: bool,
    /// The member's live (not revoked) API keys; only admins see them. They
    /// act with at most the member's role and stop while the member is disabled.
    #[serde(default)]
    pub api_keys: Vec<MemberKey>,
}

/// An API key as the team page lists it under the user who created it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberKey {
    pub name: String,
    pub prefix: String,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub role: Role,
    pub expires_at: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Team {
    pub members: Vec<TeamMember>,
    /// Open invitations; only admins see them.
    pub invitations: Vec<PendingInvitation>,
    /// The viewer is an admin: may invite, change roles, disable.
    pub can_manage: bool,
    pub viewer_id: String,
}

#[server(endpoint = "team")]
pub async fn get_team() -> Result<Team, AppError> {
    let session = require_session()?;
    let accounts = accounts()?;
    let members = accounts.users(&session.user).await.map_err(fail)?;
    let keys = if session.user.role.is_admin() && !session.user.is_api_key() {
        accounts.api_keys(&session.user).await.map_err(fail)?.into_iter().filter(|k| k.revoked_at.is_none()).collect()
    } else {
        Vec::new()
    };
    let invitations = if session.user.role.is_admin() {
        let now = store::now_ms();
        accounts
            .invitations(&session.user)
            .await
            .map_err(fail)?
            .into_iter()
            .filter(|i| i.is_open(now))
            .map(|i| PendingInvitation { id: i.id, email: i.email, role: i.role, expires_at: i.expires_at })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Team {
        members: members
            .into_iter()
            .map(|u| {
                let api_keys = keys
                    .iter()
                    .filter(|k| k.created_by.as_deref() == Some(u.id.as_str()))
                    .map(|k| MemberKey { name: k.name.clone(), prefix: k.prefix.clone(), role: k.role })
                    .collect();
                TeamMember { id: u.id, name: u.name, email: u.email, role: u.role, disabled: u.disabled, api_keys }
            })
            .collect(),
        invitations,
        can_manage: session.user.role.is_admin(),
        viewer_id: session.user.id.clone(),
    })
}

/// Invites someone; returns the link to hand over (it is also in the outbox).
#[server(endpoint = "invite_user")]
pub async fn invite_user(email: String, role: String) -> Result<String, AppError> {
    let session = require_session()?;
    let visitor = visitor();
    let link = accounts()?
        .invite(&session.user, &session.org, &email, &role, &visitor.origin, visitor.ip.as_deref())
        .await
        .map_err(|e| fail(AppError::from(e).keeping(&[("email", &email), ("role", &role)])))?;
    // Without JavaScript the page is reloaded: the link rides in its URL.
    leptos_axum::redirect(&format!("/app/users?invited={}", link.url));
    Ok(link.url)
}

#[server(endpoint = "revoke_invitation")]
pub async fn revoke_invitation(id: String) -> Result<(), AppError> {
    let session = require_session()?;
    accounts()?.revoke_invitation(&session.user, &id, visitor().ip.as_deref()).await.map_err(fail)
}

#[server(endpoint = "set_user_role")]
pub async fn set_user_role(id: String, role: String) -> Result<(), AppError> {
    let session = require_session()?;
    accounts()?.set_role(&session.user, &id, &role, visitor().ip.as_deref()).await.map_err(fail)?;
    Ok(())
}

#[server(endpoint = "set_user_disabled")]
pub async fn set_user_disabled(id: String, disabled: bool) -> Result<(), AppError> {
    let session = require_session()?;
    accounts()?.set_disabled(&session.user, &id, disabled, visitor().ip.as_deref()).await.map_err(fail)?;
    Ok(())
}
