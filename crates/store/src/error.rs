use thiserror::Error;

/// Errors of the storage layer. The server maps them to HTTP once, at its edge.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A named unique constraint was violated; `field` is the input field it guards.
    #[error("{field} is already taken")]
    Conflict { constraint: String, field: &'static str },
    /// The change would leave the organisation without an active admin.
    #[error("an organisation needs at least one active admin")]
    LastAdmin,
    /// Someone changed the row since the caller read it (optimistic concurrency).
    #[error("changed meanwhile (now at version {current})")]
    VersionConflict { current: i64 },
    /// An id in the input names nothing of the organisation (`field` is the input field).
    #[error("{field} does not exist")]
    UnknownReference { field: &'static str },
    /// A price already in effect is history: it cannot be withdrawn.
    #[error("a price already in effect cannot be withdrawn")]
    PriceInEffect,
    /// A quote references the price: it cannot be withdrawn.
    #[error("a quote already uses this price")]
    PriceQuoted,
    /// The quote's state does not allow this (e.g. confirming an expired quote).
    #[error("not allowed while the quote is {status}")]
    WrongState { status: &'static str },
    #[error("invalid database url: {0}")]
    InvalidUrl(String),
    #[error("stored value is corrupt: {0}")]
    Corrupt(String),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(sqlx::Error),
}

/// Which input field each named unique constraint guards.
const CONSTRAINT_FIELDS: &[(&str, &str)] = &[
    ("organizations_slug_key", "slug"),
    ("products_org_sku_key", "sku"),
    ("categories_org_code_key", "code"),
    ("quotes_org_number_key", "number"),
    ("users_email_key", "email"),
];

impl From<sqlx::Error> for StoreError {
    fn from(err: sqlx::Error) -> Self {
        match &err {
            sqlx::Error::RowNotFound => StoreError::NotFound,
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                // PostgreSQL names the constraint; SQLite names the columns
                // ("UNIQUE constraint failed: products.organization_id, products.sku").
                let message = db.message().to_owned();
                let named = db.constraint().map(str::to_owned);
                CONSTRAINT_FIELDS
                    .iter()
                    .find(|(name, field)| {
                        named.as_deref() == Some(*name) || sqlite_names_field(&message, name, field)
                    })
                    .map(|(name, field)| StoreError::Conflict {
                        constraint: (*name).to_owned(),
                        field,
                    })
                    .unwrap_or(StoreError::Database(err))
            }
            _ => StoreError::Database(err),
        }
    }
}

fn sqlite_names_field(message: &str, constraint: &str, field: &str) -> bool {
    let table = constraint.split('_').next().unwrap_or_default();
    message.contains("UNIQUE constraint failed") && message.contains(&format!("{table}.{field}"))
}
