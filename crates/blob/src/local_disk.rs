//! The local-disk backend; the layout is documented on [`crate::Blobs::local`].

use std::ffi::OsString;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use tokio::io::AsyncWriteExt;

use crate::{Blob, BlobError, BlobInfo, BlobKey};

/// Suffix of the sidecar holding a file's content type. `@` cannot occur in
/// a key, so no key can name a sidecar (or a temporary file).
const TYPE_SUFFIX: &str = "@type";

/// The file a key maps to. A valid key is relative, has no `.`/`..`
/// segment, no backslash and no drive prefix, so the result stays under
/// `root`.
pub(crate) fn file_path(root: &Path, key: &BlobKey) -> PathBuf {
    let mut path = root.to_path_buf();
    path.extend(key.segments());
    path
}

/// `path` with `suffix` appended to its file name.
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name: OsString = path.file_name().map(OsString::from).unwrap_or_default();
    name.push(suffix);
    path.with_file_name(name)
}

/// Errors meaning "there is no file there": not found, or a folder stands
/// where the file would be (key `a` when `a/b` exists), or a file stands
/// where a folder would be (key `a/b` when `a` exists).
fn is_missing(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::NotFound | ErrorKind::NotADirectory | ErrorKind::IsADirectory)
}

pub(crate) async fn put(root: &Path, key: &BlobKey, bytes: &[u8], content_type: &str) -> Result<(), BlobError> {
    let path = file_path(root, key);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    // The sidecar first: a new file is then never visible without its type.
    write_atomically(&with_suffix(&path, TYPE_SUFFIX), content_type.as_bytes()).await?;
    write_atomically(&path, bytes).await?;
    tracing::debug!(key = %key, bytes = bytes.len(), content_type, "file stored");
    Ok(())
}

/// Like [`put`], copying the file at `source` instead of taking bytes: the
/// copy streams (the kernel copies, nothing is read into memory).
pub(crate) async fn put_file(root: &Path, key: &BlobKey, source: &Path, content_type: &str) -> Result<(), BlobError> {
    // Refuse a missing source before anything is written for the key.
    let meta = tokio::fs::metadata(source).await?;
    if !meta.is_file() {
        return Err(BlobError::Io(std::io::Error::new(
            ErrorKind::InvalidInput,
            format!("{} is not a file", source.display()),
        )));
    }
    let path = file_path(root, key);
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    write_atomically(&with_suffix(&path, TYPE_SUFFIX), content_type.as_bytes()).await?;
    replace_atomically(&path, |tmp| async move {
        tokio::fs::copy(source, &tmp).await?;
        tokio::fs::OpenOptions::new().write(true).open(&tmp).await?.sync_all().await
    })
    .await?;
    tracing::debug!(key = %key, bytes = meta.len(), content_type, "file stored");
    Ok(())
}

/// Writes to a temporary file in the same folder, flushes it to disk, then
/// renames it over `path` (atomic on the same file system).
async fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), BlobError> {
    replace_atomically(path, |tmp| async move {
        let mut file = tokio::fs::File::create(&tmp).await?;
        file.write_all(bytes).await?;
        file.sync_all().await
    })
    .await
}

/// Lets `fill` write a temporary file next to `path` (and flush it), then
/// renames it over `path`; on failure the temporary file is removed.
async fn replace_atomically<F, Fut>(path: &Path, fill: F) -> Result<(), BlobError>
where
    F: FnOnce(PathBuf) -> Fut,
    Fut: Future<Output = std::io::Result<()>>,
{
    let tmp = with_suffix(path, &format!("@{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = async {
        fill(tmp.clone()).await?;
        tokio::fs::rename(&tmp, path).await
    }
    .await;
    if let Err(e) = written {
        // Best effort: the error that matters is the one above.
        let _ = tokio::fs::remove_file(&tmp).await;
        return Err(e.into());
    }
    Ok(())
}

pub(crate) async fn get(root: &Path, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
    let path = file_path(root, key);
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if is_missing(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let content_type = content_type(&path, key).await?;
    Ok(Some(Blob { bytes, content_type }))
}

/// Copies the file under `key` to `dest`; `false` if there is none.
pub(crate) async fn get_to_file(root: &Path, key: &BlobKey, dest: &Path) -> Result<bool, BlobError> {
    match tokio::fs::copy(file_path(root, key), dest).await {
        Ok(_) => Ok(true),
        Err(e) if is_missing(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The stored content type of the file at `path`: its sidecar, else a guess.
async fn content_type(path: &Path, key: &BlobKey) -> Result<String, BlobError> {
    match tokio::fs::read_to_string(with_suffix(path, TYPE_SUFFIX)).await {
        Ok(content_type) if !content_type.trim().is_empty() => Ok(content_type.trim().to_owned()),
        Ok(_) => Ok(guess_content_type(key).to_owned()),
        Err(e) if is_missing(&e) || e.kind() == ErrorKind::InvalidData => Ok(guess_content_type(key).to_owned()),
        Err(e) => Err(e.into()),
    }
}

pub(crate) async fn head(root: &Path, key: &BlobKey) -> Result<Option<BlobInfo>, BlobError> {
    let path = file_path(root, key);
    let size = match tokio::fs::metadata(&path).await {
        Ok(meta) if meta.is_file() => meta.len(),
        Ok(_) => return Ok(None),
        Err(e) if is_missing(&e) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    Ok(Some(BlobInfo { size, content_type: content_type(&path, key).await? }))
}

/// Every key starting with `prefix` (a plain string prefix, as in S3), sorted.
/// Only the folder the prefix points into is walked. Files whose names are
/// not valid keys (sidecars, temporary files, files copied in by hand) are
/// skipped.
pub(crate) async fn list(root: &Path, prefix: &str) -> Result<Vec<BlobKey>, BlobError> {
    // The folder part must itself be a valid key, so the walk stays under root.
    let folder = match prefix.rsplit_once('/') {
        Some((folder, _)) => Some(BlobKey::new(folder)?),
        None => None,
    };
    let start = folder.as_ref().map_or_else(|| root.to_path_buf(), |f| file_path(root, f));
    let mut keys = Vec::new();
    let mut pending = vec![(start, folder.map(String::from).unwrap_or_default())];
    while let Some((dir, dir_key)) = pending.pop() {
        let mut entries = match tokio::fs::read_dir(&dir).await {
            Ok(entries) => entries,
            Err(e) if is_missing(&e) => continue,
            Err(e) => return Err(e.into()),
        };
        while let Some(entry) = entries.next_entry().await? {
            let Ok(name) = entry.file_name().into_string() else { continue };
            let key = if dir_key.is_empty() { name } else { format!("{dir_key}/{name}") };
            // Prune folders that cannot hold a match: neither a prefix of
            // `prefix` nor under it.
            let relevant = key.starts_with(prefix) || prefix.starts_with(&format!("{key}/"));
            if !relevant {
                continue;
            }
            let file_type = entry.file_type().await?;
            if file_type.is_dir() {
                pending.push((entry.path(), key));
            } else if file_type.is_file()
                && key.starts_with(prefix)
                && let Ok(key) = BlobKey::new(key)
            {
                keys.push(key);
            }
        }
    }
    keys.sort();
    Ok(keys)
}

pub(crate) async fn delete(root: &Path, key: &BlobKey) -> Result<(), BlobError> {
    let path = file_path(root, key);
    // The file first: once it is gone the key no longer exists.
    for target in [path.clone(), with_suffix(&path, TYPE_SUFFIX)] {
        match tokio::fs::remove_file(&target).await {
            Ok(()) => {}
            Err(e) if is_missing(&e) => {}
            Err(e) => return Err(e.into()),
        }
    }
    tracing::debug!(key = %key, "file deleted");
    Ok(())
}

pub(crate) async fn exists(root: &Path, key: &BlobKey) -> Result<bool, BlobError> {
    match tokio::fs::metadata(file_path(root, key)).await {
        Ok(meta) => Ok(meta.is_file()),
        Err(e) if is_missing(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// The content type of a file stored without its sidecar, by extension.
pub(crate) fn guess_content_type(key: &BlobKey) -> &'static str {
    let name = key.segments().last().unwrap_or_default();
    let extension = name.rsplit_once('.').map(|(_, ext)| ext.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "csv" => "text/csv",
        "txt" => "text/plain; charset=utf-8",
        "json" => "application/json",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}
