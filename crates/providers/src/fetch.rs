//! Safe download of a URL to a file: for the `videoUrl` a customer gives,
//! and for the frames an external provider returns.
//!
//! Only `http` and `https`; no loopback, private, link-local (cloud
//! metadata), CGNAT, multicast, broadcast, unspecified or reserved address
//! (see [`crate::blocked_reason`]) unless [`FetchPolicy::allow_private`] (or
//! the address is in [`FetchPolicy::allowed_addresses`]):
//! every address DNS gives for the host is checked (one bad address refuses
//! the host) and reqwest connects only through a resolver that returns
//! checked addresses; IP-literal hosts are checked here, since reqwest does
//! not resolve them. Each redirect is checked the same way, at most
//! [`FetchPolicy::max_redirects`]. The body is streamed to the file and the
//! download stops as soon as it passes [`FetchPolicy::max_bytes`] (a
//! `Content-Length` over it is refused before reading); everything runs
//! within [`FetchPolicy::timeout`]. System proxy variables are ignored (a
//! proxy would connect to addresses we never checked).
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;
use tokio::io::AsyncWriteExt;

use crate::url_check::{AddressRule, CheckedResolver};

/// Largest video fetched by default: 500 MB.
pub const DEFAULT_MAX_FETCH_BYTES: u64 = 500_000_000;
/// Whole-download time limit by default: 5 minutes.
pub const DEFAULT_FETCH_TIMEOUT: Duration = Duration::from_secs(300);
/// Redirects followed at most.
pub const MAX_REDIRECTS: usize = 5;

/// What a download may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchPolicy {
    /// The file may not be larger.
    pub max_bytes: u64,
    /// For the whole download: checks, connection, redirects and body.
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// At most [`MAX_REDIRECTS`] is sensible.
    pub max_redirects: usize,
    /// Lets URLs reach loopback and private networks (tests; an internal
    /// deployment that fetches from its own network). Off by default.
    pub allow_private: bool,
    /// Addresses allowed even though they are not public (a deployment's
    /// own file server on its private network; tests).
    pub allowed_addresses: Vec<IpAddr>,
    /// When set, the response's media type must start with it (`"image/"`).
    pub content_type_prefix: Option<String>,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            max_bytes: DEFAULT_MAX_FETCH_BYTES,
            timeout: DEFAULT_FETCH_TIMEOUT,
            connect_timeout: Duration::from_secs(10),
            max_redirects: MAX_REDIRECTS,
            allow_private: false,
            allowed_addresses: Vec::new(),
            content_type_prefix: None,
        }
    }
}

/// A finished download.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedFile {
    pub bytes: u64,
    /// The media type the server gave (`video/mp4`), lower case, no parameters.
    pub content_type: Option<String>,
}

/// Why a download failed. Every variant but `Io` is about the URL or what
/// its server did, written for the person who gave the URL (HTTP 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("`{url}` is not a valid web address")]
    InvalidUrl { url: String },
    #[error("only http:// and https:// addresses can be downloaded, not {scheme}://")]
    Scheme { scheme: String },
    #[error("the address {host} is not allowed: {reason}")]
    HostNotAllowed { host: String, reason: String },
    #[error("the file is larger than the limit of {}", format_bytes(*limit_bytes))]
    TooBig { limit_bytes: u64 },
    #[error("the server answered HTTP {status}")]
    Status { status: u16 },
    #[error("the download did not finish within {seconds} seconds")]
    Timeout { seconds: u64 },
    #[error("the address redirects more than {max} times")]
    TooManyRedirects { max: usize },
    #[error("the server sent {found}, not {expected}")]
    ContentType { expected: String, found: String },
    #[error("the file could not be downloaded: {0}")]
    Network(String),
    #[error("the downloaded file could not be written: {0}")]
    Io(String),
}

impl FetchError {
    /// `true` for a problem with the URL or its server (answer 422); `false`
    /// for our own disk.
    pub fn is_user_error(&self) -> bool {
        !matches!(self, FetchError::Io(_))
    }
}

/// `20 MB`, `2.5 MB`, `512 kB`, `900 bytes` (decimal units).
pub fn format_bytes(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        let tenths = bytes / 100_000;
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1_000 {
        format!("{} kB", bytes / 1_000)
    } else {
        format!("{bytes} bytes")
    }
}

/// Downloads `url` to `dest` (created or replaced) under `policy`. On
/// failure nothing is left at `dest`.
pub async fn fetch_to_file(url: &str, dest: &Path, policy: &FetchPolicy) -> Result<FetchedFile, FetchError> {
    SafeFetcher::new(policy.clone())?.fetch_to_file(url, dest).await
}

/// A reusable client for [`fetch_to_file`] with one policy.
#[derive(Debug, Clone)]
pub struct SafeFetcher {
    client: reqwest::Client,
    policy: Arc<FetchPolicy>,
    rule: AddressRule,
}

impl SafeFetcher {
    pub fn new(policy: FetchPolicy) -> Result<Self, FetchError> {
        let rule =
            AddressRule { allow_private: policy.allow_private, allowed: Arc::from(policy.allowed_addresses.clone()) };
        let redirect_rule = rule.clone();
        let max_redirects = policy.max_redirects;
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max_redirects {
                let error = FetchError::TooManyRedirects { max: max_redirects };
                return attempt.error(error);
            }
            match redirect_rule.check_url_literal(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(error) => attempt.error(error),
            }
        });
        let client = reqwest::Client::builder()
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver(rule.clone())))
            .redirect(redirects)
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.timeout)
            .user_agent(concat!("cotiza-worker/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| FetchError::Io(format!("HTTP client: {e}")))?;
        Ok(SafeFetcher { client, policy: Arc::new(policy), rule })
    }

    pub fn policy(&self) -> &FetchPolicy {
        &self.policy
    }

    /// [`fetch_to_file`] with this fetcher's client and policy.
    pub async fn fetch_to_file(&self, url: &str, dest: &Path) -> Result<FetchedFile, FetchError> {
        let mut created = false;
        let outcome = tokio::time::timeout(self.policy.timeout, self.download(url, dest, &mut created)).await;
        let result = match outcome {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout { seconds: self.policy.timeout.as_secs().max(1) }),
        };
        if result.is_err() && created {
            let _ = tokio::fs::remove_file(dest).await;
        }
        result
    }

    async fn download(&self, url: &str, dest: &Path, created: &mut bool) -> Result<FetchedFile, FetchError> {
        let policy = &*self.policy;
        let parsed = Url::parse(url.trim()).map_err(|_| FetchError::InvalidUrl { url: url.to_owned() })?;
        self.rule.check_url(&parsed).await?;

        let mut response = self.client.get(parsed).send().await.map_err(|e| self.request_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            return Err(FetchError::Status { status: status.as_u16() });
        }
        if response.content_length().is_some_and(|len| len > policy.max_bytes) {
            return Err(FetchError::TooBig { limit_bytes: policy.max_bytes });
        }
        let content_type = media_type(response.headers().get(reqwest::header::CONTENT_TYPE));
        if let Some(prefix) = &policy.content_type_prefix
            && !content_type.as_deref().is_some_and(|t| t.starts_with(prefix.as_str()))
        {
            let expected = format!("{}*", prefix);
            let found = content_type.unwrap_or_else(|| "no content type".to_owned());
            return Err(FetchError::ContentType { expected, found });
        }

        let mut file = tokio::fs::File::create(dest).await.map_err(|e| FetchError::Io(e.to_string()))?;
        *created = true;
        let mut bytes: u64 = 0;
        while let Some(chunk) = response.chunk().await.map_err(|e| self.request_error(&e))? {
            bytes += chunk.len() as u64;
            if bytes > policy.max_bytes {
                return Err(FetchError::TooBig { limit_bytes: policy.max_bytes });
            }
            file.write_all(&chunk).await.map_err(|e| FetchError::Io(e.to_string()))?;
        }
        file.flush().await.map_err(|e| FetchError::Io(e.to_string()))?;
        file.sync_all().await.map_err(|e| FetchError::Io(e.to_string()))?;
        Ok(FetchedFile { bytes, content_type })
    }

    /// Our own refusal (from the resolver or the redirect policy) when it
    /// is in the error's causes; else what kind of failure it was.
    fn request_error(&self, error: &reqwest::Error) -> FetchError {
        if let Some(own) = own_error(error) {
            return own;
        }
        if error.is_timeout() {
            return FetchError::Timeout { seconds: self.policy.timeout.as_secs().max(1) };
        }
        if error.is_redirect() {
            return FetchError::TooManyRedirects { max: self.policy.max_redirects };
        }
        if error.is_connect() {
            let host = error.url().and_then(|u| u.host_str()).unwrap_or("the server").to_owned();
            return FetchError::Network(format!("could not connect to {host}"));
        }
        FetchError::Network(text_without_url(error))
    }
}

/// A [`FetchError`] somewhere among `error`'s causes.
fn own_error(error: &(dyn std::error::Error + 'static)) -> Option<FetchError> {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if let Some(own) = e.downcast_ref::<FetchError>() {
            return Some(own.clone());
        }
        cause = e.source();
    }
    None
}

/// The error's text without the URL (it may hold a signed query).
pub(crate) fn text_without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(&format!(" ({url})"), "").replace(url.as_str(), "the address");
    }
    text
}

/// The content type's media type, lower case, without parameters.
pub(crate) fn media_type(value: Option<&HeaderValue>) -> Option<String> {
    let text = value?.to_str().ok()?;
    let media = text.split(';').next()?.trim().to_ascii_lowercase();
    if media.is_empty() { None } else { Some(media) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_counts_read_well() {
        assert_eq!(format_bytes(20_000_000), "20 MB");
        assert_eq!(format_bytes(2_500_000), "2.5 MB");
        assert_eq!(format_bytes(512_000), "512 kB");
        assert_eq!(format_bytes(900), "900 bytes");
    }

    #[test]
    fn media_types_are_bare() {
        let v = HeaderValue::from_static("Image/JPEG; charset=binary");
        assert_eq!(media_type(Some(&v)).as_deref(), Some("image/jpeg"));
        assert_eq!(media_type(None), None);
    }
}
