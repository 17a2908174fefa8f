//! [`Blobs`], the one handle on file storage, and what it reads back.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::link::LinkSigner;
use crate::s3::{S3Config, S3Store};
use crate::{BlobError, BlobKey, LinkError, local_disk};

/// Longest content type accepted by [`Blobs::put`].
const MAX_CONTENT_TYPE_LEN: usize = 255;

/// A stored file, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    pub bytes: Vec<u8>,
    /// The content type given to [`Blobs::put`] (e.g. `image/jpeg`).
    pub content_type: String,
}

/// What is known of a stored file without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlobInfo {
    /// Length in bytes.
    pub size: u64,
    pub content_type: String,
}

/// The file storage; cheap to clone (two `Arc`s inside), safe to share
/// between tasks.
#[derive(Clone)]
pub struct Blobs {
    backend: Arc<Backend>,
    /// Signs and checks the local download links (see [`Blobs::download_url`]).
    links: Arc<LinkSigner>,
}

/// Where the files live.
enum Backend {
    LocalDisk { root: PathBuf },
    S3(S3Store),
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
    ///
    /// Download links are signed with a random key until
    /// [`Blobs::with_link_signing_key`] sets one, so by default they stop
    /// working when the process ends.
    pub fn local(root: impl Into<PathBuf>) -> Blobs {
        Blobs::with_backend(Backend::LocalDisk { root: root.into() })
    }

    /// Files in an S3-compatible bucket, configured explicitly (no
    /// environment is read). Nothing is sent until the first call; the bucket
    /// must exist.
    ///
    /// Layout: the key `a/b/photo.jpg` is the object `<prefix>/a/b/photo.jpg`
    /// (just `a/b/photo.jpg` without a prefix), with the content type as the
    /// object's `Content-Type`. [`Blobs::download_url`] gives presigned S3
    /// links, so phones download straight from the bucket.
    pub fn s3(config: S3Config) -> Result<Blobs, BlobError> {
        Ok(Blobs::with_backend(Backend::S3(S3Store::new(config)?)))
    }

    /// The storage a URL names, reading the S3 settings from the process
    /// environment (see [`S3Config::from_url`]):
    ///
    /// - `""`: the local disk under `local_root` ([`Blobs::local`]);
    /// - `file:///abs/path`: the local disk under `/abs/path`;
    /// - `s3://bucket[/prefix]`: S3 ([`Blobs::s3`]), a custom endpoint when
    ///   `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL` is set.
    pub fn from_url(storage_url: &str, local_root: PathBuf) -> Result<Blobs, BlobError> {
        Blobs::from_url_with_env(storage_url, local_root, |name| std::env::var(name).ok())
    }

    /// [`Blobs::from_url`] with the environment read through `env`.
    pub fn from_url_with_env(
        storage_url: &str,
        local_root: PathBuf,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Blobs, BlobError> {
        let url = storage_url.trim();
        if url.is_empty() {
            return Ok(Blobs::local(local_root));
        }
        if let Some(path) = url.strip_prefix("file://") {
            if !path.starts_with('/') {
                return Err(BlobError::Config(format!(
                    "{url:?} needs an absolute path, e.g. file:///var/lib/cotiza/files"
                )));
            }
            return Ok(Blobs::local(path));
        }
        if url.starts_with("s3://") {
            return Blobs::s3(S3Config::from_url(url, env)?);
        }
        Err(BlobError::Config(format!(
            "{url:?} is not a storage URL: expected nothing (local disk), file:///path or s3://bucket/prefix"
        )))
    }

    /// The same storage, signing and checking download links with `key`
    /// (at least 32 bytes; every server serving the same links must share
    /// it, or links made by one are refused by the others).
    pub fn with_link_signing_key(self, key: &[u8]) -> Result<Blobs, BlobError> {
        Ok(Blobs { backend: self.backend, links: Arc::new(LinkSigner::new(key)?) })
    }

    fn with_backend(backend: Backend) -> Blobs {
        Blobs { backend: Arc::new(backend), links: Arc::new(LinkSigner::random()) }
    }

    /// The origin download links point at when it is not the app's own:
    /// `None` on local disk (links are `/files/…` on this server), the
    /// bucket's or endpoint's origin on S3. Pages that show stored videos
    /// and pictures allow it in their CSP (`media-src`, `img-src`).
    pub fn link_origin(&self) -> Option<String> {
        match self.backend.as_ref() {
            Backend::LocalDisk { .. } => None,
            Backend::S3(store) => Some(store.link_origin()),
        }
    }

    /// Stores `bytes` under `key` with its `content_type`, replacing any
    /// file already there.
    pub async fn put(&self, key: &BlobKey, bytes: &[u8], content_type: &str) -> Result<(), BlobError> {
        check_content_type(content_type)?;
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::put(root, key, bytes, content_type).await,
            Backend::S3(s3) => s3.put(key, bytes, content_type).await,
        }
    }

    /// Stores the file at `path` under `key`, like [`Blobs::put`] but
    /// streaming from disk: a video is never read into memory. The local
    /// disk copies to a temporary file and renames it into place; S3
    /// uploads it in one request.
    pub async fn put_file(&self, key: &BlobKey, path: &Path, content_type: &str) -> Result<(), BlobError> {
        check_content_type(content_type)?;
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::put_file(root, key, path, content_type).await,
            Backend::S3(s3) => s3.put_file(key, path, content_type).await,
        }
    }

    /// Reads the file under `key`; `None` if there is none.
    pub async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::get(root, key).await,
            Backend::S3(s3) => s3.get(key).await,
        }
    }

    /// A file that only decorates (an organisation's logo on a PDF or a
    /// video): its bytes, or `None` — no key, a key that is not valid, the
    /// file gone, storage failing — logged as a warning naming `what`, so the
    /// caller carries on without it instead of failing its work.
    pub async fn get_optional(&self, key: Option<&str>, what: &str) -> Option<Vec<u8>> {
        let key = match BlobKey::new(key?.to_owned()) {
            Ok(key) => key,
            Err(e) => {
                tracing::warn!(error = %e, what, "a stored file's key is not valid; going on without it");
                return None;
            }
        };
        match self.get(&key).await {
            Ok(Some(blob)) => Some(blob.bytes),
            Ok(None) => {
                tracing::warn!(key = %key, what, "a stored file is gone; going on without it");
                None
            }
            Err(e) => {
                tracing::warn!(key = %key, what, error = %e, "reading a stored file failed; going on without it");
                None
            }
        }
    }

    /// Writes the file under `key` to `dest` (created or truncated),
    /// streaming: a video is never held in memory. `false` if there is none.
    pub async fn get_to_file(&self, key: &BlobKey, dest: &Path) -> Result<bool, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::get_to_file(root, key, dest).await,
            Backend::S3(s3) => s3.get_to_file(key, dest).await,
        }
    }

    /// Deletes the file under `key`; deleting a missing file is not an error.
    pub async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::delete(root, key).await,
            Backend::S3(s3) => s3.delete(key).await,
        }
    }

    /// Whether there is a file under `key`.
    pub async fn exists(&self, key: &BlobKey) -> Result<bool, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::exists(root, key).await,
            Backend::S3(s3) => Ok(s3.head(key).await?.is_some()),
        }
    }

    /// Size and content type of the file under `key`, without reading it;
    /// `None` if there is none.
    pub async fn head(&self, key: &BlobKey) -> Result<Option<BlobInfo>, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::head(root, key).await,
            Backend::S3(s3) => s3.head(key).await,
        }
    }

    /// Size in bytes of the file under `key`; `None` if there is none.
    pub async fn size(&self, key: &BlobKey) -> Result<Option<u64>, BlobError> {
        Ok(self.head(key).await?.map(|info| info.size))
    }

    /// Every key that starts with `prefix` (a plain string prefix, as in S3:
    /// `"videos/"` lists a folder, `"videos/v1"` also matches
    /// `videos/v1.mp4`), sorted; `""` lists everything. For clean-up jobs:
    /// the local disk walks only the folder the prefix points into, S3 asks
    /// for 1000 keys per request. A prefix whose folder part is not a valid
    /// key (`"../"`) is an [`BlobError::InvalidKey`].
    pub async fn list(&self, prefix: &str) -> Result<Vec<BlobKey>, BlobError> {
        if let Some((folder, _)) = prefix.rsplit_once('/') {
            BlobKey::new(folder)?;
        }
        match &*self.backend {
            Backend::LocalDisk { root } => local_disk::list(root, prefix).await,
            Backend::S3(s3) => s3.list(prefix).await,
        }
    }

    /// A link that lets whoever holds it download the file under `key` for
    /// `ttl` from `now_unix` (seconds since the Unix epoch; see
    /// [`now_unix`]), without logging in.
    ///
    /// - S3: a presigned `GetObject` URL straight to the bucket (absolute;
    ///   `ttl` from 1 second to 7 days).
    /// - Local disk: the path `/files/{key}?exp={unix seconds}&sig={sig}` on
    ///   our own server (prepend the public origin for an absolute URL),
    ///   where `sig` is `base64url(HMAC-SHA256(signing key, key + "\n" +
    ///   exp))`; the server checks it with [`Blobs::verify_link`].
    ///
    /// The file need not exist yet: fetching a link to a missing file is a
    /// 404 there.
    pub async fn download_url(&self, key: &BlobKey, ttl: Duration, now_unix: i64) -> Result<String, BlobError> {
        match &*self.backend {
            Backend::LocalDisk { .. } => {
                let ttl = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX);
                Ok(self.links.link(key, now_unix.saturating_add(ttl)))
            }
            Backend::S3(s3) => s3.presigned_get(key, ttl, now_unix).await,
        }
    }

    /// Checks the parts of a local download link as the request carried them
    /// (path after `/files/`, `exp` and `sig` query parameters; empty when
    /// missing) and returns the key it grants. A link altered in any part,
    /// or with a missing or malformed part, is [`LinkError::Tampered`]; a
    /// genuine link past its expiry second is [`LinkError::Expired`]. The
    /// signature is compared in constant time.
    pub fn verify_link(&self, key: &str, exp: &str, sig: &str, now_unix: i64) -> Result<BlobKey, LinkError> {
        self.links.verify(key, exp, sig, now_unix)
    }

    /// The file on disk holding `key` (whether or not it exists yet) for the
    /// local-disk backend, so a server can hand it to a file service with
    /// HTTP range support; `None` for S3.
    pub fn local_path(&self, key: &BlobKey) -> Option<PathBuf> {
        match &*self.backend {
            Backend::LocalDisk { root } => Some(local_disk::file_path(root, key)),
            Backend::S3(_) => None,
        }
    }
}

/// Seconds since the Unix epoch, for [`Blobs::download_url`] and
/// [`Blobs::verify_link`] (which take the time as an argument so tests can
/// pick it).
pub fn now_unix() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

impl fmt::Debug for Blobs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.backend {
            Backend::LocalDisk { root } => f.debug_struct("Blobs::LocalDisk").field("root", root).finish(),
            Backend::S3(s3) => f.debug_tuple("Blobs::S3").field(s3).finish(),
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
