//! Behaviour every backend must show, run against the local disk
//! (tests/local_disk.rs) and S3 (tests/s3.rs) alike.
#![allow(dead_code)] // each test binary uses a part

use std::path::{Path, PathBuf};

use blob::{Blob, BlobError, BlobInfo, BlobKey, Blobs};

pub fn key(s: &str) -> BlobKey {
    BlobKey::new(s).expect("valid test key")
}

/// A fresh folder under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(what: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cotiza-blob-{what}-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `len` bytes that are not all alike (so a shifted or truncated copy shows).
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8 ^ (i / 251) as u8).collect()
}

/// Writes `len` pattern bytes to a file in `dir`.
pub fn big_file(dir: &Path, len: usize) -> PathBuf {
    let path = dir.join("render.mp4");
    std::fs::write(&path, pattern(len)).expect("write the source file");
    path
}

/// The checks shared by every backend; `scratch` is a folder for source files.
pub async fn behaves_like_file_storage(blobs: &Blobs, scratch: &Path) {
    // put / get round trip keeps bytes and content type.
    let photo = key("orgs/1/products/7/photo.jpg");
    let bytes = pattern(10_000);
    assert!(!blobs.exists(&photo).await.expect("exists"));
    assert_eq!(blobs.size(&photo).await.expect("size"), None);
    assert_eq!(blobs.get(&photo).await.expect("get"), None);
    blobs.put(&photo, &bytes, "image/jpeg").await.expect("put");
    assert!(blobs.exists(&photo).await.expect("exists"));
    assert_eq!(blobs.get(&photo).await.expect("get"), Some(Blob { bytes: bytes.clone(), content_type: "image/jpeg".into() }));
    assert_eq!(
        blobs.head(&photo).await.expect("head"),
        Some(BlobInfo { size: 10_000, content_type: "image/jpeg".into() })
    );

    // Empty files are files; the stored type wins over the extension.
    let empty = key("notes/readme.jpg");
    blobs.put(&empty, b"", "text/plain; charset=utf-8").await.expect("put empty");
    assert_eq!(
        blobs.get(&empty).await.expect("get"),
        Some(Blob { bytes: Vec::new(), content_type: "text/plain; charset=utf-8".into() })
    );
    assert_eq!(blobs.size(&empty).await.expect("size"), Some(0));

    // Overwrite replaces bytes and type.
    blobs.put(&empty, b"second", "image/webp").await.expect("overwrite");
    assert_eq!(blobs.get(&empty).await.expect("get"), Some(Blob { bytes: b"second".to_vec(), content_type: "image/webp".into() }));

    // put_file of a multi-MB file.
    let len = 5 * 1024 * 1024 + 123;
    let source = big_file(scratch, len);
    let video = key("orgs/1/videos/v1.mp4");
    blobs.put_file(&video, &source, "video/mp4").await.expect("put_file");
    assert_eq!(blobs.size(&video).await.expect("size"), Some(len as u64));
    let got = blobs.get(&video).await.expect("get").expect("stored");
    assert_eq!(got.content_type, "video/mp4");
    assert!(got.bytes == pattern(len), "the stored video differs from its source");
    // A missing source is an error and stores nothing.
    let missing_source = blobs.put_file(&key("orgs/1/videos/v2.mp4"), &scratch.join("nope.mp4"), "video/mp4").await;
    assert!(matches!(missing_source, Err(BlobError::Io(_))), "{missing_source:?}");
    assert!(!blobs.exists(&key("orgs/1/videos/v2.mp4")).await.expect("exists"));

    // Bad content types are refused by every put.
    for bad in ["", " image/png", "image/jpeg\r\nX-Evil: 1", "ímage/png"] {
        assert!(matches!(blobs.put(&key("t"), b"x", bad).await, Err(BlobError::InvalidContentType(_))), "{bad:?}");
        assert!(matches!(blobs.put_file(&key("t"), &source, bad).await, Err(BlobError::InvalidContentType(_))), "{bad:?}");
    }
    assert!(!blobs.exists(&key("t")).await.expect("exists"));

    // list by prefix: a plain string prefix, sorted.
    blobs.put(&key("orgs/1/videos/v1.jpg"), b"thumb", "image/jpeg").await.expect("put");
    blobs.put(&key("orgs/10/videos/x.mp4"), b"other org", "video/mp4").await.expect("put");
    let names = |keys: Vec<BlobKey>| keys.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(names(blobs.list("orgs/1/videos/").await.expect("list")), ["orgs/1/videos/v1.jpg", "orgs/1/videos/v1.mp4"]);
    assert_eq!(names(blobs.list("orgs/1/videos/v1.m").await.expect("list")), ["orgs/1/videos/v1.mp4"]);
    assert_eq!(
        names(blobs.list("orgs/1").await.expect("list")),
        ["orgs/1/products/7/photo.jpg", "orgs/1/videos/v1.jpg", "orgs/1/videos/v1.mp4", "orgs/10/videos/x.mp4"]
    );
    assert_eq!(
        names(blobs.list("").await.expect("list")),
        [
            "notes/readme.jpg",
            "orgs/1/products/7/photo.jpg",
            "orgs/1/videos/v1.jpg",
            "orgs/1/videos/v1.mp4",
            "orgs/10/videos/x.mp4"
        ]
    );
    assert!(blobs.list("nothing/here/").await.expect("list").is_empty());
    assert!(matches!(blobs.list("../").await, Err(BlobError::InvalidKey(_))));

    // delete, idempotent, missing keys included.
    blobs.delete(&video).await.expect("delete");
    assert!(!blobs.exists(&video).await.expect("exists"));
    assert_eq!(blobs.get(&video).await.expect("get"), None);
    assert_eq!(blobs.size(&video).await.expect("size"), None);
    blobs.delete(&video).await.expect("delete again");
    blobs.delete(&key("never/was/here")).await.expect("delete a missing key");
    assert_eq!(names(blobs.list("orgs/1/videos/").await.expect("list")), ["orgs/1/videos/v1.jpg"]);
}
