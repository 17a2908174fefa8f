use domain::{FieldErrors, InvitationView, Role, check_name, check_new_password, normalize_email};
use store::{Client, Invitation, NewInvitation, Organization, User};

use crate::error::AccountsError;
use crate::session::NewSession;
use crate::{Accounts, require_admin, token};

/// An invitation just made: the link to show the admin (and mail).
#[derive(Debug, Clone, PartialEq)]
pub struct InvitationLink {
    pub invitation: Invitation,
    pub url: String,
}

impl Accounts {
    /// An admin invites `email` with `role`. The link (`{base_url}/invite/{token}`)
    /// is returned and written to the outbox with the invitation, in one transaction.
    pub async fn invite(
        &self,
        actor: &User,
        org: &Organization,
        email: &str,
        role: &str,
        base_url: &str,
        ip: Option<&str>,
    ) -> Result<InvitationLink, AccountsError> {
        require_admin(actor)?;
        let mut errors = FieldErrors::new();
        let email = normalize_email(email).unwrap_or_else(|m| {
            errors.add("email", m);
            String::new()
        });
        let role = role.parse::<Role>().unwrap_or_else(|_| {
            errors.add("role", domain::messages::CHOICE);
            Role::Sales
        });
        if !errors.is_empty() {
            return Err(AccountsError::Invalid(errors));
        }
        if self.db.users(&actor.organization_id).await?.iter().any(|u| u.email == email) {
            return Err(AccountsError::field("email", "is already a user of this organisation"));
        }
        let token = token::generate();
        let url = format!("{}/invite/{token}", base_url.trim_end_matches('/'));
        let now = store::now_ms();
        let (subject, body) = invitation_mail(org, actor, role, &url);
        let new = NewInvitation {
            email,
            role,
            token_hash: token::hash(&token),
            now,
            expires_at: now + self.policy.invitation_ttl_ms,
            mail_subject: subject,
            mail_body: body,
        };
        let invitation = self.db.create_invitation(actor, &new, ip).await?;
        Ok(InvitationLink { invitation, url })
    }

    pub async fn invitations(&self, actor: &User) -> Result<Vec<Invitation>, AccountsError> {
        require_admin(actor)?;
        Ok(self.db.invitations(&actor.organization_id).await?)
    }

    pub async fn revoke_invitation(&self, actor: &User, id: &str, ip: Option<&str>) -> Result<(), AccountsError> {
        require_admin(actor)?;
        Ok(self.db.revoke_invitation(actor, id, store::now_ms(), ip).await?)
    }

    /// The open invitation behind a link; a used, revoked, expired or unknown one is `NotFound`.
    pub async fn open_invitation(&self, link_token: &str) -> Result<InvitationView, AccountsError> {
        if !token::looks_valid(link_token) {
            return Err(AccountsError::NotFound);
        }
        match self.db.invitation_by_token(&token::hash(link_token)).await? {
            Some((inv, org)) if inv.is_open(store::now_ms()) => Ok(InvitationView {
                email: inv.email,
                role: inv.role,
                org_name: org.name,
                org_language: org.default_language,
            }),
            _ => Err(AccountsError::NotFound),
        }
    }

    /// Accepts an invitation: creates the user (name and password chosen
    /// here, email and role from the invitation) and logs them in. Works once.
    pub async fn accept_invitation(
        &self,
        link_token: &str,
        name: &str,
        new_password: &str,
        confirmation: &str,
        language: Option<&str>,
        client: &Client<'_>,
        replaces: Option<&str>,
    ) -> Result<(User, NewSession), AccountsError> {
        let view = self.open_invitation(link_token).await?;
        let mut errors = FieldErrors::new();
        let name = check_name("name", name, &mut errors);
        check_new_password(new_password, confirmation, &mut errors);
        if !errors.is_empty() {
            return Err(AccountsError::Invalid(errors));
        }
        let language = language.filter(|l| matches!(*l, "es" | "en")).unwrap_or(&view.org_language);
        let hash = self.hashing.hash(new_password).await?;
        let user = self
            .db
            .accept_invitation(&token::hash(link_token), &name, &hash, Some(language), store::now_ms(), client.ip)
            .await?;
        let session = self.open_session(&user, client, replaces).await?;
        Ok((user, session))
    }
}

fn invitation_mail(org: &Organization, actor: &User, role: Role, url: &str) -> (String, String) {
    if org.default_language == "en" {
        let role = if role.is_admin() { "administrator" } else { "sales" };
        (
            format!("{} invites you to {} on Cotiza", actor.name, org.name),
            format!("{} invited you to join {} on Cotiza as {role}.\n\nAccept within 7 days: {url}\n", actor.name, org.name),
        )
    } else {
        let role = if role.is_admin() { "administrador" } else { "ventas" };
        (
            format!("{} te invita a {} en Cotiza", actor.name, org.name),
            format!("{} te invitó a unirte a {} en Cotiza como {role}.\n\nAcepta antes de 7 días: {url}\n", actor.name, org.name),
        )
    }
}
