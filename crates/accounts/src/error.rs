use domain::FieldErrors;
use store::StoreError;
use thiserror::Error;

/// Errors of the accounts layer; the server maps each to one HTTP status.
#[derive(Debug, Error)]
pub enum AccountsError {
    /// Bad input, by field (422).
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// Wrong email or password — never says which (401).
    #[error("wrong email or password")]
    InvalidCredentials,
    /// Too many failed logins; try again after this many seconds (429).
    #[error("too many failed logins; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: i64 },
    /// Too busy to check a password now (every hashing slot taken); try
    /// again after this many seconds (503 with `Retry-After`).
    #[error("too busy to check passwords; try again in {retry_after_secs} s")]
    Busy { retry_after_secs: i64 },
    /// Not logged in, or the session expired (401).
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but the role may not do this (403).
    #[error("not allowed for this role")]
    Forbidden,
    /// No such thing in the actor's organisation (404), exactly like a missing id.
    #[error("not found")]
    NotFound,
    #[error("password hashing failed: {0}")]
    Hashing(String),
    #[error(transparent)]
    Store(StoreError),
}

impl AccountsError {
    pub fn field(path: &str, message: &str) -> AccountsError {
        let mut fields = FieldErrors::new();
        fields.add(path, message);
        AccountsError::Invalid(fields)
    }
}

impl From<StoreError> for AccountsError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => AccountsError::NotFound,
            StoreError::Conflict { field, .. } => AccountsError::field(field, domain::messages::TAKEN),
            StoreError::LastAdmin => AccountsError::field("role", "an organisation needs at least one active admin"),
            other => AccountsError::Store(other),
        }
    }
}
