use domain::FieldErrors;
use store::StoreError;
use thiserror::Error;

use crate::csv_format::CsvError;

/// Errors of the catalog layer; the server maps each to one HTTP status once.
#[derive(Debug, Error)]
pub enum CatalogError {
    /// Bad input, by field (422).
    #[error("invalid input: {0}")]
    Invalid(FieldErrors),
    /// Someone else changed the product since it was read (409).
    #[error("the product was changed meanwhile (now version {current})")]
    Conflict { current: i64 },
    /// The role may not do this (403).
    #[error("not allowed for this role")]
    Forbidden,
    /// No such thing in the actor's organisation (404), exactly like a missing id.
    #[error("not found")]
    NotFound,
    /// An upload over the limit (413).
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("file storage failed: {0}")]
    Blob(#[from] blob::BlobError),
    #[error(transparent)]
    Store(StoreError),
}

impl CatalogError {
    pub fn field(path: &str, message: impl Into<String>) -> CatalogError {
        let mut fields = FieldErrors::new();
        fields.add(path, message);
        CatalogError::Invalid(fields)
    }
}

impl From<StoreError> for CatalogError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::NotFound => CatalogError::NotFound,
            StoreError::Conflict { field, .. } => CatalogError::field(field, domain::messages::TAKEN),
            StoreError::VersionConflict { current } => CatalogError::Conflict { current },
            StoreError::UnknownReference { field } => CatalogError::field(field, domain::messages::CHOICE),
            StoreError::PriceInEffect => CatalogError::field("price", domain::product_messages::IN_EFFECT),
            StoreError::PriceQuoted => CatalogError::field("price", domain::product_messages::QUOTED),
            other => CatalogError::Store(other),
        }
    }
}

impl From<CsvError> for CatalogError {
    fn from(err: CsvError) -> Self {
        CatalogError::field("file", err.to_string())
    }
}
