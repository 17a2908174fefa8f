//! What can go wrong storing or reading a file.

/// An error of the file storage.
#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    /// The key is not a valid [`BlobKey`](crate::BlobKey); the message says why.
    #[error("invalid file key: {0}")]
    InvalidKey(String),
    /// The content type is empty, too long, or not printable ASCII.
    #[error("invalid content type: {0}")]
    InvalidContentType(String),
    /// The storage itself failed (disk full, permissions…).
    #[error("file storage error: {0}")]
    Io(#[from] std::io::Error),
    /// The object storage (S3-compatible) refused or failed a request; the
    /// message carries the operation, the object and the service's answer.
    #[error("object storage error: {0}")]
    ObjectStorage(String),
    /// The storage is configured wrongly (bad storage URL, missing
    /// credentials, a link signing key that is too short…); the message says
    /// what to fix.
    #[error("file storage configuration: {0}")]
    Config(String),
    /// A download link cannot be made (e.g. a lifetime S3 refuses to sign).
    #[error("cannot make a download link: {0}")]
    Link(String),
}

/// Why a signed download link (see [`Blobs::download_url`](crate::Blobs::download_url))
/// was refused by [`Blobs::verify_link`](crate::Blobs::verify_link).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The link was not made by us, or was altered: wrong or missing
    /// signature or expiry, or a key that is not a valid file key.
    #[error("this link is not valid")]
    Tampered,
    /// The link was genuine but its lifetime is over.
    #[error("this link has expired")]
    Expired,
}
