//! [`Blobs`], the one handle on file storage, and what it reads back.

use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use crate::{BlobError, BlobKey, local_disk};

/// Longest content type accepted by [`Blobs::put`].
const MAX_CONTENT_TYPE_LEN: usize = 255;

/// A stored file, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub bytes: Vec<u8>,
    /// The content type given to [`Blobs::put`] (e.g. `image/jpeg`).
    pub content_type: String,
}

/// The file storage; cheap to clone (one `Arc` inside), safe to share
/// between tasks.
#[derive(Clone)]
pub struct Blobs {
    backend: Arc<Backend>,
}

/// Where the files live. S3-compatible storage is to become a second variant.
enum Backend {
    LocalDisk { root: PathBuf },
}

impl Blobs {
    /// Files on the local disk, under `root` (created on the first `put`).
    ///
    /// Layout: the key `a/b/photo.jpg` is the file `<root>/a/b/photo.jpg`,
    /// holding exactly the bytes given to `put`, so the tree can be backed up
    /// or served as it is. Its content type is kept in a sidecar text file
    /// next to it, `<root>/a/b/photo.jpg@type`. `put` writes each of the two
    /// to a temporary `<name>@<uuid>.tmp` in the same folder, flushes it to
    /// disk and renames it into place, so a reader never sees half a file.
    /// `@` is not allowed in keys, so neither sidecars nor temporary files can
    /// ever collide with a key. A file without its sidecar (copied in by hand)
    /// gets a content type guessed from its extension.
    ///
    /// On an overwrite, a reader racing the `put` may briefly see the new
    /// content type with the old bytes; Cotiza never overwrites (new files
    /// get new keys). `delete` leaves empty folders behind.
    pub fn local(root: impl Into<PathBuf>) -> Blobs {
        Blobs { backend: Arc::new(Backend::LocalDisk { root: root.into() }) }
    }

    /// Stores `bytes` under `key` with its `content_type`, replacing any
    /// file already there.
    pub async fn put(&self, key: &BlobKey, bytes: &[u8], content_type: &str) -> Result<(), BlobError> {
        check_content_type(content_type)?;
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::put(root, key, bytes, content_type).await,
        }
    }

    /// Reads the file under `key`; `None` if there is none.
    pub async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::get(root, key).await,
        }
    }

    /// Deletes the file under `key`; deleting a missing file is not an error.
    pub async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::delete(root, key).await,
        }
    }

    /// Whether there is a file under `key`.
    pub async fn exists(&self, key: &BlobKey) -> Result<bool, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::exists(root, key).await,
        }
    }
}

impl fmt::Debug for Blobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.backend {
            Backend::LocalDisk { root } => f.debug_struct("Blobs::LocalDisk").field("root", root).finish(),
        }
    }
}

fn check_content_type(content_type: &str) -> Result<(), BlobError> {
    let printable = content_type.bytes().all(|b| (0x20..0x7f).contains(&b));
    if content_type.trim().is_empty()
        || content_type.len() > MAX_CONTENT_TYPE_LEN
        || !printable
        || content_type.trim() != content_type
    {
        return Err(BlobError::InvalidContentType(format!(
            "{content_type:?} (expected 1 to {MAX_CONTENT_TYPE_LEN} printable ASCII characters, e.g. \"image/jpeg\")"
        )));
    }
    Ok(())
}
