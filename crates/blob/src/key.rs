//! The validated name of a stored file.

use std::fmt;

use crate::BlobError;

/// Longest key accepted, in characters (keys are ASCII only).
pub const MAX_KEY_LEN: usize = 300;

/// The name of a stored file: a relative path of `/`-separated segments, each
/// made of `A-Z a-z 0-9 . _ -`, none empty, none `.` or `..`, at most
/// [`MAX_KEY_LEN`] characters in all.
///
/// Such a key can never name anything outside the storage root: it has no
/// leading `/`, no backslash, no drive letter and no parent segment.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobKey(String);

impl BlobKey {
    /// Validates `key`.
    pub fn new(key: impl Into<String>) -> Result<BlobKey, BlobError> {
        let key = key.into();
        validate(&key)?;
        Ok(BlobKey(key))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key's segments, from the outermost folder to the file name.
    pub(crate) fn segments(&self) -> impl Iterator<Item = &str> {
        self.0.split('/')
    }
}

fn validate(key: &str) -> Result<(), BlobError> {
    let invalid = |why: &str| Err(BlobError::InvalidKey(why.to_owned()));
    if key.is_empty() {
        return invalid("the key is empty");
    }
    if key.len() > MAX_KEY_LEN {
        return invalid(&format!("the key is longer than {MAX_KEY_LEN} characters"));
    }
    for segment in key.split('/') {
        if segment.is_empty() {
            return invalid("the key has an empty segment (leading, trailing or double '/')");
        }
        if segment == "." || segment == ".." {
            return invalid("the key has a '.' or '..' segment");
        }
        if let Some(c) = segment.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))) {
            return invalid(&format!("the key has a character that is not allowed: {c:?}"));
        }
    }
    Ok(())
}

impl fmt::Display for BlobKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for BlobKey {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for BlobKey {
    type Err = BlobError;

    fn from_str(s: &str) -> Result<BlobKey, BlobError> {
        BlobKey::new(s)
    }
}

impl TryFrom<String> for BlobKey {
    type Error = BlobError;

    fn try_from(s: String) -> Result<BlobKey, BlobError> {
        BlobKey::new(s)
    }
}

impl From<BlobKey> for String {
    fn from(key: BlobKey) -> String {
        key.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_plain_relative_paths() {
        for ok in ["a", "photo.jpg", "orgs/42/products/7/x-1_b.thumb.jpg", "...", ".hidden", "a/b.c/d"] {
            let key = BlobKey::new(ok).unwrap();
            assert_eq!(key.as_str(), ok);
            assert_eq!(key.to_string(), ok);
        }
        assert!(BlobKey::new("a".repeat(MAX_KEY_LEN)).is_ok());
    }

    #[test]
    fn refuses_anything_else() {
        let long = "a".repeat(MAX_KEY_LEN + 1);
        for bad in [
            "",
            "../x",
            "x/..",
            "/abs",
            "a//b",
            "a/./b",
            ".",
            "..",
            "a/",
            "with space",
            "a\\b",
            "..\\x",
            "C:/x",
            "a\0b",
            "ñ",
            "a\nb",
            long.as_str(),
        ] {
            assert!(matches!(BlobKey::new(bad), Err(BlobError::InvalidKey(_))), "{bad:?} was accepted");
        }
    }
}
