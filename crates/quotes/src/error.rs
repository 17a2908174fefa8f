use domain::FieldErrors;
use store::StoreError;
use thiserror::Error;

/// Errors of the quotes layer; the server maps each to one HTTP status once.
#[derive(Debug, Error)]
pub enum QuotesError {
    /// Bad input, by field path (422): `contact.phone`, `rooms[0].openings[1].width_m`.
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// Someone changed the quote since it was read (409).
    #[error("the quote was changed meanwhile (now version {current})")]
    Conflict { current: i64 },
    /// The quote's state does not allow it (409): answering an expired quote, editing a confirmed one.
    #[error("not allowed while the quote is {status}")]
    WrongState { status: &'static str },
    /// The role may not do this (403).
    #[error("not allowed for this role")]
    Forbidden,
    /// No such quote in the organisation, or no such token (404), exactly like a missing id.
    #[error("not found")]
    NotFound,
    /// Over an hourly limit (429 with `Retry-After`): video renders of an
    /// organisation, wizard submits of an address or to an organisation.
    #[error("at most {limit} per hour; try again in {retry_after_s} s")]
    RateLimited { limit: i64, retry_after_s: u64 },
    #[error(transparent)]
    Store(StoreError),
}

impl QuotesError {
    pub fn field(path: &str, message: impl Into<String>) -> QuotesError {
        let mut fields = FieldErrors::new();
        fields.add(path, message);
        QuotesError::Invalid(fields)
    }
}

impl From<StoreError> for QuotesError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => QuotesError::NotFound,
            StoreError::VersionConflict { current } => QuotesError::Conflict { current },
            StoreError::WrongState { status } => QuotesError::WrongState { status },
            other => QuotesError::Store(other),
        }
    }
}
