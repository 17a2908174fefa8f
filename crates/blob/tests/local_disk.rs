//! The local-disk backend, end to end in a throwaway folder.

use std::path::PathBuf;

use blob::{Blob, BlobError, BlobKey, Blobs};

mod common;

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
    let copy = root.0.join("copy.bin");
    assert!(blobs.get_to_file(&k, &copy).await.unwrap());
    assert_eq!(std::fs::read(&copy).unwrap(), bytes);
    assert!(!blobs.get_to_file(&key("orgs/1/none.jpg"), &copy).await.unwrap());

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
async fn an_optional_file_is_its_bytes_or_nothing_never_an_error() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    blobs.put(&key("orgs/a/logo.jpg"), b"jpeg", "image/jpeg").await.unwrap();
    assert_eq!(blobs.get_optional(Some("orgs/a/logo.jpg"), "logo").await.as_deref(), Some(&b"jpeg"[..]));
    assert_eq!(blobs.get_optional(None, "logo").await, None);
    assert_eq!(blobs.get_optional(Some("orgs/a/gone.jpg"), "logo").await, None);
    assert_eq!(blobs.get_optional(Some("../outside"), "logo").await, None);
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

#[tokio::test]
async fn behaves_like_file_storage() {
    let root = TempRoot::new();
    let scratch = common::TempDir::new("local-scratch");
    common::behaves_like_file_storage(&Blobs::local(&root.0), &scratch.0).await;
    // put_file left no temporary file behind.
    let leftovers: Vec<_> = std::fs::read_dir(root.0.join("orgs/1/videos"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[tokio::test]
async fn list_skips_sidecars_and_hand_copied_odd_names() {
    let root = TempRoot::new();
    let blobs = Blobs::local(&root.0);
    blobs.put(&key("a/x.jpg"), b"x", "image/jpeg").await.unwrap();
    std::fs::write(root.0.join("a/with space.jpg"), b"odd").unwrap();
    std::fs::write(root.0.join("a/y.jpg@1234.tmp"), b"half").unwrap();
    let keys: Vec<String> = blobs.list("a/").await.unwrap().into_iter().map(String::from).collect();
    assert_eq!(keys, ["a/x.jpg"]);
    // Root missing altogether: nothing, not an error.
    assert!(Blobs::local(root.0.join("absent")).list("").await.unwrap().is_empty());
}

#[test]
fn from_url_picks_the_backend() {
    let root = TempRoot::new();
    let local = Blobs::from_url("", root.0.clone()).unwrap();
    assert_eq!(local.local_path(&key("a/b.mp4")), Some(root.0.join("a/b.mp4")));
    let there = Blobs::from_url("file:///srv/cotiza/files", root.0.clone()).unwrap();
    assert_eq!(there.local_path(&key("a/b.mp4")), Some(PathBuf::from("/srv/cotiza/files/a/b.mp4")));
    for bad in ["file://relative/path", "ftp://x", "/just/a/path", "s3://"] {
        assert!(matches!(Blobs::from_url(bad, root.0.clone()), Err(BlobError::Config(_))), "{bad:?} was accepted");
    }
    let no_env = |_: &str| None;
    assert!(
        matches!(Blobs::from_url_with_env("s3://bucket", root.0.clone(), no_env), Err(BlobError::Config(m)) if m.contains("AWS_ACCESS_KEY_ID"))
    );
    let env = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" => Some("AKID".to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some("secret".to_owned()),
        _ => None,
    };
    let s3 = Blobs::from_url_with_env("s3://bucket/cotiza", root.0.clone(), env).unwrap();
    assert_eq!(s3.local_path(&key("a")), None);
}

#[tokio::test]
async fn local_download_links_are_signed_and_expire() {
    let root = TempRoot::new();
    let secret = b"0123456789abcdef0123456789abcdef";
    let blobs = Blobs::local(&root.0).with_link_signing_key(secret).unwrap();
    let k = key("orgs/1/videos/v1.mp4");
    let now = 1_800_000_000;
    let link = blobs.download_url(&k, std::time::Duration::from_secs(3600), now).await.unwrap();
    let query = link.strip_prefix("/files/orgs/1/videos/v1.mp4?").expect("path");
    let (exp, sig) = query.split_once('&').unwrap();
    let (exp, sig) = (exp.strip_prefix("exp=").unwrap(), sig.strip_prefix("sig=").unwrap());
    assert_eq!(exp, "1800003600");
    assert_eq!(blobs.verify_link(k.as_str(), exp, sig, now), Ok(k.clone()));
    assert_eq!(blobs.verify_link(k.as_str(), exp, sig, now + 3601), Err(blob::LinkError::Expired));
    assert_eq!(blobs.verify_link("orgs/2/videos/v1.mp4", exp, sig, now), Err(blob::LinkError::Tampered));
    // Another server with the same key accepts it; one with another key (or
    // the default random one) does not.
    let same = Blobs::local(&root.0).with_link_signing_key(secret).unwrap();
    assert_eq!(same.verify_link(k.as_str(), exp, sig, now), Ok(k.clone()));
    assert_eq!(Blobs::local(&root.0).verify_link(k.as_str(), exp, sig, now), Err(blob::LinkError::Tampered));
    assert!(matches!(Blobs::local(&root.0).with_link_signing_key(b"short"), Err(BlobError::Config(_))));
}
