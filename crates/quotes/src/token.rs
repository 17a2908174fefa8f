//! The public page's token: 256 random bits from the OS, base64url (43 characters).
use rand_core::{OsRng, RngCore};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    encode(&bytes)
}

/// Whether the text could be a token (cheap check before a lookup).
pub fn looks_valid(token: &str) -> bool {
    token.len() == 43 && token.bytes().all(|b| ALPHABET.contains(&b))
}

fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_43_url_safe_characters_and_unique() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        assert!(looks_valid(&a) && looks_valid(&b), "{a} {b}");
        assert!(!looks_valid("short") && !looks_valid(&format!("{}+", &a[..42])));
    }

    #[test]
    fn base64url_without_padding() {
        assert_eq!(encode(b"Man"), "TWFu");
        assert_eq!(encode(b"Ma"), "TWE");
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
    }
}
