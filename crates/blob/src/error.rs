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
}
