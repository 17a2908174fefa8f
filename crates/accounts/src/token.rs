//! Random tokens for cookies and links (256 bits from the OS, hex-encoded)
//! and API key secrets (`ctz_` + base64url); only their SHA-256 is stored.
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new random token (64 hex characters).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    hex(&bytes)
}

/// The SHA-256 of a token, hex: what the database keeps.
pub fn hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Whether the text could be one of our tokens (cheap check before a lookup).
pub fn looks_valid(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

/// What every API key secret starts with.
pub const API_KEY_PREFIX: &str = "ctz_";
/// Length of an API key secret: the prefix and 43 base64url characters.
pub const API_KEY_LEN: usize = API_KEY_PREFIX.len() + 43;

/// A new API key secret: `ctz_` and 256 random bits in base64url, unpadded
/// (43 characters). Only its [`hash`] is stored.
pub fn generate_api_key() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    format!("{API_KEY_PREFIX}{}", base64url(&bytes))
}

/// Whether the text could be one of our API keys (cheap check before a lookup).
pub fn looks_like_api_key(secret: &str) -> bool {
    secret.len() == API_KEY_LEN
        && secret.strip_prefix(API_KEY_PREFIX).is_some_and(|rest| {
            rest.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

/// Base64 with the URL-safe alphabet, no padding (RFC 4648 §5).
fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unique_256_bit_hex() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert!(looks_valid(&a) && looks_valid(&b));
    }

    #[test]
    fn api_keys_are_ctz_and_43_base64url_characters() {
        let (a, b) = (generate_api_key(), generate_api_key());
        assert_ne!(a, b);
        assert!(a.starts_with("ctz_") && a.len() == 47, "{a}");
        assert!(looks_like_api_key(&a) && looks_like_api_key(&b));
        assert!(!looks_like_api_key("ctz_short"));
        assert!(!looks_like_api_key(&format!("xyz_{}", &a[4..])));
        assert!(!looks_like_api_key(&format!("{}=", &a[..46])));
    }

    #[test]
    fn base64url_matches_rfc_4648() {
        // RFC 4648 §10 vectors, URL-safe alphabet, no padding.
        for (input, expected) in [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64url(input.as_bytes()), expected);
        }
        assert_eq!(base64url(&[0xfb, 0xff, 0xbf]), "-_-_");
    }

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_ne!(hash("abc"), "abc");
    }
}
