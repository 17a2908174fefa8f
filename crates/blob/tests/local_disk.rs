//! The local-disk backend, end to end in a throwaway folder.

use std::path::PathBuf;

use blob::{Blob, BlobError, BlobKey, Blobs};

/// A fresh folder under the system temp dir, removed when dropped.
struct TempRoot(PathBuf);

impl TempRoot {
    fn new() -> TempRoot {
        TempRoot(std::env::temp_dir().join(format!("cotiza-blob-test-{}", uuid::Uuid::new_v4())))
    }
}

impl Drop for TempRoot {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn key(s: &str) -> BlobKey {
    BlobKey::new(s).expect("valid test key")
}

#[tokio::test]
async fn round_trip_keeps_bytes_and_content_type() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    let k = key("orgs/1/products/7/photo.jpg");
    let bytes: Vec<u8> = (0..=255u8).cycle().take(10_000).collect();

    assert!(!blobs.exists(&k).await.unwrap());
    blobs.put(&k, &bytes, "image/jpeg").await.unwrap();
    assert!(blobs.exists(&k).await.unwrap());
    assert_eq!(blobs.get(&k).await.unwrap(), Some(Blob { bytes: bytes.clone(), content_type: "image/jpeg".into() }));
    // The file itself holds exactly the bytes, under root.
    assert_eq!(std::fs::read(root.0.join("orgs/1/products/7/photo.jpg")).unwrap(), bytes);

    // The stored type wins over the extension; empty files are files.
    let odd = key("notes/readme.jpg");
    blobs.put(&odd, b"", "text/plain; charset=utf-8").await.unwrap();
    let got = blobs.get(&odd).await.unwrap().unwrap();
    assert!(got.bytes.is_empty());
    assert_eq!(got.content_type, "text/plain; charset=utf-8");

    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(root.0.join("orgs/1/products/7"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn overwrite_replaces_bytes_and_type() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    let k = key("a/b");
    blobs.put(&k, b"first version, longer", "image/png").await.unwrap();
    blobs.put(&k, b"second", "image/webp").await.unwrap();
    assert_eq!(
        blobs.get(&k).await.unwrap(),
        Some(Blob { bytes: b"second".to_vec(), content_type: "image/webp".into() })
    );
}

#[tokio::test]
async fn delete_is_idempotent() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    let k = key("x/y.png");
    blobs.put(&k, b"png", "image/png").await.unwrap();
    blobs.delete(&k).await.unwrap();
    assert!(!blobs.exists(&k).await.unwrap());
    assert_eq!(blobs.get(&k).await.unwrap(), None);
    blobs.delete(&k).await.unwrap();
    // Never stored, and under a folder that does not exist.
    blobs.delete(&key("never/was/here")).await.unwrap();
    // Nothing left of it, sidecar included.
    assert_eq!(std::fs::read_dir(root.0.join("x")).unwrap().count(), 0);
}

#[tokio::test]
async fn missing_key_gives_none() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    // Root itself does not exist yet.
    assert_eq!(blobs.get(&key("nothing.jpg")).await.unwrap(), None);
    blobs.put(&key("dir/file"), b"1", "application/octet-stream").await.unwrap();
    // A folder is not a file, and nothing is under a file.
    assert_eq!(blobs.get(&key("dir")).await.unwrap(), None);
    assert!(!blobs.exists(&key("dir")).await.unwrap());
    assert_eq!(blobs.get(&key("dir/file/below")).await.unwrap(), None);
    assert!(!blobs.exists(&key("dir/file/below")).await.unwrap());
}

#[tokio::test]
async fn file_without_sidecar_gets_type_from_extension() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    std::fs::create_dir_all(root.0.join("manual")).unwrap();
    std::fs::write(root.0.join("manual/pic.PNG"), b"png").unwrap();
    std::fs::write(root.0.join("manual/data.bin"), b"bin").unwrap();
    assert_eq!(blobs.get(&key("manual/pic.PNG")).await.unwrap().unwrap().content_type, "image/png");
    assert_eq!(blobs.get(&key("manual/data.bin")).await.unwrap().unwrap().content_type, "application/octet-stream");
}

#[test]
fn bad_keys_are_refused() {
    for bad in ["../x", "/abs", "a//b", "a/./b", "", "with space", "a\\b", "a/../../etc/passwd", "x/", "a@type"] {
        assert!(matches!(BlobKey::new(bad), Err(BlobError::InvalidKey(_))), "{bad:?} was accepted");
    }
}

#[tokio::test]
async fn bad_content_types_are_refused() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    let k = key("t");
    for bad in ["", "  ", "image/jpeg\r\nX-Evil: 1", " image/png", "ímage/png"] {
        assert!(
            matches!(blobs.put(&k, b"x", bad).await, Err(BlobError::InvalidContentType(_))),
            "{bad:?} was accepted"
        );
    }
    assert!(!blobs.exists(&k).await.unwrap());
}

#[tokio::test]
async fn clones_share_the_same_storage() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    let other = blobs.clone();
    let k = key("shared.txt");
    let task = tokio::spawn(async move { other.put(&k, b"hi", "text/plain").await });
    task.await.unwrap().unwrap();
    assert_eq!(blobs.get(&key("shared.txt")).await.unwrap().unwrap().bytes, b"hi");
}
