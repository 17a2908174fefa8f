//! Signed, expiring links to files served by our own server (the local-disk
//! backend): `/files/{key}?exp={unix seconds}&sig={signature}`.
//!
//! The signature is `base64url(HMAC-SHA256(signing key, key + "\n" + exp))`
//! without padding. Whoever holds a link can fetch that one file until `exp`;
//! changing the key or the expiry breaks the signature. Every server that
//! serves links made by another must share the signing key.

use std::fmt;
use std::io::{ErrorKind, Write as _};
use std::path::Path;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};

use crate::{BlobError, BlobKey, LinkError};

/// Shortest signing key accepted, in bytes.
pub const MIN_LINK_KEY_LEN: usize = 32;

/// The path under which our server serves signed links; the key follows.
pub const LINK_PATH_PREFIX: &str = "/files/";

/// Longest `exp` accepted: `i64::MAX` has 19 digits.
const MAX_EXP_DIGITS: usize = 19;

/// Signs and checks local download links with one secret key.
pub(crate) struct LinkSigner {
    key: hmac::Key,
}

impl LinkSigner {
    /// A signer with a fresh random key: its links die with the process.
    pub(crate) fn random() -> LinkSigner {
        let mut secret = [0u8; 32];
        // The OS generator failing means the machine is unusable anyway.
        SystemRandom::new().fill(&mut secret).expect("the operating system's random generator works");
        LinkSigner { key: hmac::Key::new(hmac::HMAC_SHA256, &secret) }
    }

    /// A signer with `secret`, at least [`MIN_LINK_KEY_LEN`] bytes.
    pub(crate) fn new(secret: &[u8]) -> Result<LinkSigner, BlobError> {
        if secret.len() < MIN_LINK_KEY_LEN {
            return Err(BlobError::Config(format!(
                "the link signing key has {} bytes; it needs at least {MIN_LINK_KEY_LEN}",
                secret.len()
            )));
        }
        Ok(LinkSigner { key: hmac::Key::new(hmac::HMAC_SHA256, secret) })
    }

    /// The link to `key`, valid up to and including the second `exp`.
    pub(crate) fn link(&self, key: &BlobKey, exp: i64) -> String {
        let exp = exp.to_string();
        let sig = self.sign(key.as_str(), &exp);
        format!("{LINK_PATH_PREFIX}{key}?exp={exp}&sig={sig}")
    }

    fn sign(&self, key: &str, exp: &str) -> String {
        URL_SAFE_NO_PAD.encode(hmac::sign(&self.key, &message(key, exp)).as_ref())
    }

    /// Checks a link's parts as they came in the request.
    pub(crate) fn verify(&self, key: &str, exp: &str, sig: &str, now_unix: i64) -> Result<BlobKey, LinkError> {
        let blob_key = BlobKey::new(key).map_err(|_| LinkError::Tampered)?;
        if exp.is_empty() || exp.len() > MAX_EXP_DIGITS || !exp.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LinkError::Tampered);
        }
        let expires: i64 = exp.parse().map_err(|_| LinkError::Tampered)?;
        let sig = URL_SAFE_NO_PAD.decode(sig).map_err(|_| LinkError::Tampered)?;
        // Constant time: ring compares the whole tag.
        hmac::verify(&self.key, &message(key, exp), &sig).map_err(|_| LinkError::Tampered)?;
        if now_unix > expires {
            return Err(LinkError::Expired);
        }
        Ok(blob_key)
    }
}

fn message(key: &str, exp: &str) -> Vec<u8> {
    let mut message = Vec::with_capacity(key.len() + 1 + exp.len());
    message.extend_from_slice(key.as_bytes());
    message.push(b'\n');
    message.extend_from_slice(exp.as_bytes());
    message
}

impl fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("LinkSigner(<secret>)")
    }
}

/// A new random signing key as text (32 random bytes, base64url: 43
/// characters), for a deployment to generate once, store and share between
/// its servers.
pub fn new_link_signing_key() -> String {
    let mut secret = [0u8; 32];
    SystemRandom::new().fill(&mut secret).expect("the operating system's random generator works");
    URL_SAFE_NO_PAD.encode(secret)
}

/// The signing key kept in the file at `path`, created there (with a new
/// random key, mode 0600) if the file does not exist yet, so that links
/// survive restarts and every process sharing the folder (server, worker,
/// several servers on one volume) signs alike. Creation is atomic (written
/// aside, then hard-linked into place): processes starting together all end
/// up with the same key. Blocking I/O: call it at startup.
pub fn load_or_create_link_signing_key(path: &Path) -> Result<String, BlobError> {
    let read = |path: &Path| -> Result<Option<String>, BlobError> {
        match std::fs::read_to_string(path) {
            Ok(text) if text.trim().len() >= MIN_LINK_KEY_LEN => Ok(Some(text.trim().to_owned())),
            Ok(_) => Err(BlobError::Config(format!(
                "{} holds no usable link signing key (at least {MIN_LINK_KEY_LEN} characters); delete it to generate one",
                path.display()
            ))),
            Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BlobError::Config(format!("cannot read {}: {e}", path.display()))),
        }
    };
    if let Some(key) = read(path)? {
        return Ok(key);
    }
    let cannot_write = |e: std::io::Error| BlobError::Config(format!("cannot create {}: {e}", path.display()));
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(cannot_write)?;
    }
    // A name no other process or thread can pick.
    let tmp = path.with_extension(format!("{}.tmp", uuid::Uuid::new_v4().simple()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&tmp)?;
        file.write_all(format!("{}\n", new_link_signing_key()).as_bytes())?;
        file.sync_all()?;
        // Fails if another process got there first: then its key wins.
        match std::fs::hard_link(&tmp, path) {
            Err(e) if e.kind() != ErrorKind::AlreadyExists => Err(e),
            _ => Ok(()),
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    written.map_err(cannot_write)?;
    tracing::info!(path = %path.display(), "link signing key ready");
    read(path)?.ok_or_else(|| BlobError::Config(format!("{} vanished after it was created", path.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";
    const NOW: i64 = 1_800_000_000;

    fn signer() -> LinkSigner {
        LinkSigner::new(SECRET).expect("long enough")
    }

    /// The `key`, `exp` and `sig` of a link, as a server would read them.
    fn parts(link: &str) -> (String, String, String) {
        let rest = link.strip_prefix(LINK_PATH_PREFIX).expect("link path");
        let (key, query) = rest.split_once('?').expect("query");
        let (exp, sig) = query.split_once('&').expect("two parameters");
        (
            key.to_owned(),
            exp.strip_prefix("exp=").expect("exp").to_owned(),
            sig.strip_prefix("sig=").expect("sig").to_owned(),
        )
    }

    #[test]
    fn a_good_link_verifies_until_it_expires() {
        let key = BlobKey::new("orgs/1/videos/v1.mp4").expect("key");
        let link = signer().link(&key, NOW + 60);
        assert!(link.starts_with("/files/orgs/1/videos/v1.mp4?exp=1800000060&sig="), "{link}");
        let (k, exp, sig) = parts(&link);
        assert_eq!(signer().verify(&k, &exp, &sig, NOW), Ok(key.clone()));
        assert_eq!(signer().verify(&k, &exp, &sig, NOW + 60), Ok(key), "valid through its last second");
        assert_eq!(signer().verify(&k, &exp, &sig, NOW + 61), Err(LinkError::Expired));
    }

    #[test]
    fn the_signature_is_hmac_sha256_of_key_newline_exp() {
        let key = BlobKey::new("a/b.jpg").expect("key");
        let (_, _, sig) = parts(&signer().link(&key, 42));
        let expected = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, SECRET), b"a/b.jpg\n42");
        assert_eq!(sig, URL_SAFE_NO_PAD.encode(expected.as_ref()));
    }

    #[test]
    fn any_change_is_tampering() {
        let key = BlobKey::new("orgs/1/videos/v1.mp4").expect("key");
        let (k, exp, sig) = parts(&signer().link(&key, NOW + 60));
        let v = |k: &str, e: &str, s: &str| signer().verify(k, e, s, NOW);
        // Another file, another expiry, another signature.
        assert_eq!(v("orgs/1/videos/v2.mp4", &exp, &sig), Err(LinkError::Tampered));
        assert_eq!(v(&k, "1800000061", &sig), Err(LinkError::Tampered));
        assert_eq!(v(&k, &format!("0{exp}"), &sig), Err(LinkError::Tampered));
        let mut other_sig = sig.clone().into_bytes();
        other_sig[0] = if other_sig[0] == b'A' { b'B' } else { b'A' };
        assert_eq!(v(&k, &exp, std::str::from_utf8(&other_sig).expect("ascii")), Err(LinkError::Tampered));
        assert_eq!(v(&k, &exp, &sig[..sig.len() - 1]), Err(LinkError::Tampered));
        // Missing or malformed parts.
        for (k2, e2, s2) in [
            (k.as_str(), "", sig.as_str()),
            (k.as_str(), exp.as_str(), ""),
            (k.as_str(), "-1", sig.as_str()),
            (k.as_str(), "+1800000060", sig.as_str()),
            (k.as_str(), "99999999999999999999", sig.as_str()),
            (k.as_str(), exp.as_str(), "not base64!"),
            ("../etc/passwd", exp.as_str(), sig.as_str()),
            ("", exp.as_str(), sig.as_str()),
        ] {
            assert_eq!(v(k2, e2, s2), Err(LinkError::Tampered), "{k2:?} {e2:?} {s2:?}");
        }
        // Signed with another key.
        let other = LinkSigner::new(b"another key, also 32 bytes long!").expect("key");
        let (k3, e3, s3) = parts(&other.link(&key, NOW + 60));
        assert_eq!(v(&k3, &e3, &s3), Err(LinkError::Tampered));
    }

    #[test]
    fn an_expired_link_with_a_bad_signature_is_tampered_not_expired() {
        let key = BlobKey::new("x").expect("key");
        let (k, exp, _) = parts(&signer().link(&key, NOW - 10));
        assert_eq!(signer().verify(&k, &exp, "AAAA", NOW), Err(LinkError::Tampered));
    }

    #[test]
    fn the_key_file_is_created_once_and_then_kept() {
        let dir = std::env::temp_dir().join(format!("cotiza-link-key-{}", uuid::Uuid::new_v4()));
        let path = dir.join("sub/link-signing.key");
        // Many at once, as servers starting together: one key for all.
        let keys: Vec<String> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8).map(|_| s.spawn(|| load_or_create_link_signing_key(&path))).collect();
            handles.into_iter().map(|h| h.join().expect("thread").expect("key")).collect()
        });
        assert!(keys.iter().all(|k| k == &keys[0] && k.len() >= MIN_LINK_KEY_LEN), "{keys:?}");
        assert_eq!(load_or_create_link_signing_key(&path).expect("again"), keys[0]);
        let leftovers = std::fs::read_dir(dir.join("sub")).expect("dir").count();
        assert_eq!(leftovers, 1, "only the key file remains");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "readable by its owner only: {mode:o}");
        }
        std::fs::write(&path, "short").expect("spoil it");
        assert!(matches!(load_or_create_link_signing_key(&path), Err(BlobError::Config(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn short_keys_are_refused_and_random_keys_differ() {
        assert!(matches!(LinkSigner::new(b"short"), Err(BlobError::Config(_))));
        let (a, b) = (new_link_signing_key(), new_link_signing_key());
        assert_eq!(a.len(), 43);
        assert_ne!(a, b);
        assert!(LinkSigner::new(a.as_bytes()).is_ok());
    }
}
