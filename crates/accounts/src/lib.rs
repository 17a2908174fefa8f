//! Accounts of Cotiza: who may sign in, as whom, in which organisation.
//!
//! [`Accounts`] is the one door: sign-up, login (Argon2id, throttled per IP
//! and per account), sessions (idle and absolute expiry, logout everywhere),
//! invitations, users and roles, organisation settings, API keys and the audit log.
//! Every operation on an organisation takes the acting [`store::User`] and
//! checks its role here, whatever the caller is.
#![forbid(unsafe_code)]

mod api_keys;
mod error;
mod invitation;
mod login;
pub mod password;
mod policy;
mod session;
mod signup;
mod throttle;
pub mod token;
mod users;
mod visitor;

pub use api_keys::{ApiKeyPrincipal, CreatedApiKey};
pub use error::AccountsError;
pub use invitation::InvitationLink;
pub use login::LoginForm;
pub use policy::Policy;
pub use session::NewSession;
pub use signup::{SignUpForm, parse_tax_rate};
pub use users::SettingsForm;
pub use visitor::{SESSION_COOKIE, Visitor, token_from_cookie_header};

use store::Db;

/// The accounts service; cheap to clone.
#[derive(Clone, Debug)]
pub struct Accounts {
    db: Db,
    policy: Policy,
    hashing: password::Hashing,
}

impl Accounts {
    pub fn new(db: Db, policy: Policy) -> Accounts {
        let hashing = password::Hashing::new(
            policy.max_concurrent_hashes,
            std::time::Duration::from_millis(policy.hash_wait_ms),
        );
        Accounts { db, policy, hashing }
    }

    /// The bounded password hashing of logins, sign-ups and invitations.
    pub fn hashing(&self) -> &password::Hashing {
        &self.hashing
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    pub fn db(&self) -> &Db {
        &self.db
    }
}

/// Fails with `Forbidden` unless the actor is an admin.
pub fn require_admin(actor: &store::User) -> Result<(), AccountsError> {
    if actor.role.is_admin() { Ok(()) } else { Err(AccountsError::Forbidden) }
}
