//! The S3-compatible backend (AWS S3, Cloudflare R2, MinIO, moto…), through
//! `aws-sdk-s3`. The layout is documented on [`crate::Blobs::s3`].

use std::fmt;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use aws_sdk_s3::config::{
    BehaviorVersion, Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation,
};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::ByteStream;
use aws_smithy_http_client::tls::{Provider, rustls_provider::CryptoMode};

use crate::{Blob, BlobError, BlobInfo, BlobKey, local_disk};

/// The region used when `AWS_REGION` is not set.
pub const DEFAULT_REGION: &str = "us-east-1";

/// Longest lifetime S3 accepts for a presigned link (SigV4: one week).
const MAX_PRESIGN_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Where an S3-compatible bucket is and how to sign requests to it. Built
/// from a `s3://bucket/prefix` URL plus the usual `AWS_*` variables by
/// [`S3Config::from_url`], or field by field (tests, other config sources).
#[derive(Clone, PartialEq, Eq)]
pub struct S3Config {
    pub bucket: String,
    /// Folder inside the bucket every key is stored under: `""`, or
    /// segments like a [`BlobKey`] (`cotiza/prod`), without slashes at
    /// either end.
    pub prefix: String,
    pub region: String,
    /// Another service than AWS (`http://127.0.0.1:9000`, an R2 account
    /// URL…). Requests then use path-style addressing
    /// (`endpoint/bucket/key`), which every S3-compatible server supports.
    pub endpoint: Option<String>,
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
}

impl S3Config {
    /// Reads `s3://bucket[/prefix]` and, through `env`, `AWS_ACCESS_KEY_ID`,
    /// `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN` (optional), `AWS_REGION`
    /// (else `AWS_DEFAULT_REGION`, else [`DEFAULT_REGION`]) and
    /// `AWS_ENDPOINT_URL_S3` (else `AWS_ENDPOINT_URL`; optional).
    ///
    /// Only static keys are supported: no profiles, no instance roles.
    pub fn from_url(url: &str, env: impl Fn(&str) -> Option<String>) -> Result<S3Config, BlobError> {
        let var = |name: &str| env(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        let Some(rest) = url.trim().strip_prefix("s3://") else {
            return Err(BlobError::Config(format!("{url:?} is not an s3://bucket/prefix URL")));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let (Some(access_key_id), Some(secret_access_key)) = (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY"))
        else {
            return Err(BlobError::Config(
                "S3 storage needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (profiles and instance roles are not read)"
                    .into(),
            ));
        };
        let config = S3Config {
            bucket: bucket.to_owned(),
            prefix: prefix.trim_matches('/').to_owned(),
            region: var("AWS_REGION").or_else(|| var("AWS_DEFAULT_REGION")).unwrap_or_else(|| DEFAULT_REGION.into()),
            endpoint: var("AWS_ENDPOINT_URL_S3").or_else(|| var("AWS_ENDPOINT_URL")),
            access_key_id,
            secret_access_key,
            session_token: var("AWS_SESSION_TOKEN"),
        };
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), BlobError> {
        let bucket_ok = !self.bucket.is_empty()
            && self.bucket.len() <= 63
            && self.bucket.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !bucket_ok {
            return Err(BlobError::Config(format!(
                "{:?} is not a bucket name (1 to 63 letters, digits, '.', '-')",
                self.bucket
            )));
        }
        if !self.prefix.is_empty() {
            BlobKey::new(self.prefix.as_str())
                .map_err(|e| BlobError::Config(format!("the S3 prefix {:?} is not valid: {e}", self.prefix)))?;
        }
        if let Some(endpoint) = &self.endpoint
            && !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
        {
            return Err(BlobError::Config(format!("the S3 endpoint {endpoint:?} must start with http:// or https://")));
        }
        if self.region.trim().is_empty() {
            return Err(BlobError::Config("the S3 region is empty".into()));
        }
        Ok(())
    }
}

impl fmt::Debug for S3Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3Config")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

/// A bucket (and prefix) with a ready client.
pub(crate) struct S3Store {
    client: aws_sdk_s3::Client,
    bucket: String,
    prefix: String,
    endpoint: Option<String>,
    region: String,
}

impl S3Store {
    /// Builds the client; nothing is sent until the first request.
    pub(crate) fn new(config: S3Config) -> Result<S3Store, BlobError> {
        config.validate()?;
        let credentials = Credentials::new(
            config.access_key_id.clone(),
            config.secret_access_key.clone(),
            config.session_token.clone(),
            None,
            "cotiza-storage-config",
        );
        // rustls on ring: no aws-lc-sys to build. Trusted roots are the system's.
        let http_client = aws_smithy_http_client::Builder::new()
            .tls_provider(Provider::Rustls(CryptoMode::Ring))
            .build_https();
        let mut builder = aws_sdk_s3::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new(config.region.clone()))
            .credentials_provider(credentials)
            .http_client(http_client);
        if let Some(endpoint) = &config.endpoint {
            // S3-compatible services: path-style addressing, and checksums
            // only where S3 requires them (several reject the newer
            // aws-chunked trailing checksums the SDK sends by default).
            builder = builder
                .endpoint_url(endpoint.clone())
                .force_path_style(true)
                .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
                .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        }
        Ok(S3Store {
            client: aws_sdk_s3::Client::from_conf(builder.build()),
            bucket: config.bucket,
            prefix: config.prefix,
            endpoint: config.endpoint,
            region: config.region,
        })
    }

    /// The origin (`scheme://host[:port]`) presigned links point at: the
    /// custom endpoint (path-style), else the bucket's AWS virtual host.
    pub(crate) fn link_origin(&self) -> String {
        match &self.endpoint {
            Some(endpoint) => origin_of(endpoint),
            None => format!("https://{}.s3.{}.amazonaws.com", self.bucket, self.region),
        }
    }

    /// The object name of `key` in the bucket.
    fn object_key(&self, key: &str) -> String {
        if self.prefix.is_empty() { key.to_owned() } else { format!("{}/{key}", self.prefix) }
    }

    pub(crate) async fn put(&self, key: &BlobKey, bytes: &[u8], content_type: &str) -> Result<(), BlobError> {
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(self.object_key(key.as_str()))
            .content_type(content_type)
            .body(ByteStream::from(bytes.to_vec()))
            .send()
            .await
            .map_err(|e| failed("PutObject", key, e))?;
        tracing::debug!(key = %key, bytes = bytes.len(), content_type, "object stored");
        Ok(())
    }

    /// Uploads the file at `source` in one streamed `PutObject` (up to S3's
    /// 5 GB limit for a single request; Cotiza's videos are tens of MB).
    pub(crate) async fn put_file(&self, key: &BlobKey, source: &Path, content_type: &str) -> Result<(), BlobError> {
        let body = ByteStream::from_path(source).await.map_err(|e| {
            BlobError::Io(std::io::Error::other(format!("cannot read {}: {}", source.display(), DisplayErrorContext(&e))))
        })?;
        let bytes = body.size_hint().0;
        self.client
            .put_object()
            .bucket(&self.bucket)
            .key(self.object_key(key.as_str()))
            .content_type(content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| failed("PutObject", key, e))?;
        tracing::debug!(key = %key, bytes, content_type, "object stored from a file");
        Ok(())
    }

    pub(crate) async fn get(&self, key: &BlobKey) -> Result<Option<Blob>, BlobError> {
        let output = match self.client.get_object().bucket(&self.bucket).key(self.object_key(key.as_str())).send().await {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(None),
            Err(e) => return Err(failed("GetObject", key, e)),
        };
        let content_type = output
            .content_type()
            .filter(|t| !t.trim().is_empty())
            .map_or_else(|| local_disk::guess_content_type(key).to_owned(), str::to_owned);
        let bytes = output
            .body
            .collect()
            .await
            .map_err(|e| BlobError::ObjectStorage(format!("GetObject {key}: reading the body: {}", DisplayErrorContext(&e))))?
            .into_bytes()
            .to_vec();
        Ok(Some(Blob { bytes, content_type }))
    }

    /// Streams the object to `dest` chunk by chunk; `false` if there is none.
    pub(crate) async fn get_to_file(&self, key: &BlobKey, dest: &Path) -> Result<bool, BlobError> {
        use tokio::io::AsyncWriteExt;
        let mut output = match self.client.get_object().bucket(&self.bucket).key(self.object_key(key.as_str())).send().await {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_no_such_key()) => return Ok(false),
            Err(e) => return Err(failed("GetObject", key, e)),
        };
        let mut file = tokio::fs::File::create(dest).await?;
        while let Some(chunk) = output
            .body
            .try_next()
            .await
            .map_err(|e| BlobError::ObjectStorage(format!("GetObject {key}: reading the body: {}", DisplayErrorContext(&e))))?
        {
            file.write_all(&chunk).await?;
        }
        file.flush().await?;
        Ok(true)
    }

    pub(crate) async fn head(&self, key: &BlobKey) -> Result<Option<BlobInfo>, BlobError> {
        let output = match self.client.head_object().bucket(&self.bucket).key(self.object_key(key.as_str())).send().await
        {
            Ok(output) => output,
            Err(e) if e.as_service_error().is_some_and(|s| s.is_not_found()) => return Ok(None),
            Err(e) => return Err(failed("HeadObject", key, e)),
        };
        let size = output.content_length().and_then(|n| u64::try_from(n).ok()).unwrap_or(0);
        let content_type = output
            .content_type()
            .filter(|t| !t.trim().is_empty())
            .map_or_else(|| local_disk::guess_content_type(key).to_owned(), str::to_owned);
        Ok(Some(BlobInfo { size, content_type }))
    }

    /// S3 answers a delete of a missing object with success, like the disk.
    pub(crate) async fn delete(&self, key: &BlobKey) -> Result<(), BlobError> {
        self.client
            .delete_object()
            .bucket(&self.bucket)
            .key(self.object_key(key.as_str()))
            .send()
            .await
            .map_err(|e| failed("DeleteObject", key, e))?;
        tracing::debug!(key = %key, "object deleted");
        Ok(())
    }

    /// Every key starting with `prefix`, page by page (1000 per request),
    /// sorted. Objects under the bucket prefix whose names are not valid keys
    /// are skipped.
    pub(crate) async fn list(&self, prefix: &str) -> Result<Vec<BlobKey>, BlobError> {
        let full_prefix = self.object_key(prefix);
        let strip = if self.prefix.is_empty() { String::new() } else { format!("{}/", self.prefix) };
        let mut keys = Vec::new();
        let mut token = None;
        loop {
            let page = self
                .client
                .list_objects_v2()
                .bucket(&self.bucket)
                .prefix(&full_prefix)
                .set_continuation_token(token)
                .send()
                .await
                .map_err(|e| BlobError::ObjectStorage(format!("ListObjectsV2 {full_prefix:?}: {}", DisplayErrorContext(&e))))?;
            keys.extend(
                page.contents()
                    .iter()
                    .filter_map(|object| object.key()?.strip_prefix(strip.as_str()))
                    .filter_map(|key| BlobKey::new(key).ok()),
            );
            match page.next_continuation_token() {
                Some(next) if page.is_truncated() == Some(true) => token = Some(next.to_owned()),
                _ => break,
            }
        }
        keys.sort();
        Ok(keys)
    }

    /// A presigned GET for `key`, signed as of `now_unix`, valid for `ttl`
    /// (at most a week, S3's limit).
    pub(crate) async fn presigned_get(&self, key: &BlobKey, ttl: Duration, now_unix: i64) -> Result<String, BlobError> {
        if ttl.is_zero() || ttl > MAX_PRESIGN_TTL {
            return Err(BlobError::Link(format!("a presigned link lives 1 s to 7 days, not {} s", ttl.as_secs())));
        }
        let start = u64::try_from(now_unix)
            .ok()
            .and_then(|secs| UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
            .ok_or_else(|| BlobError::Link(format!("{now_unix} is not a time to sign at")))?;
        let presigning = PresigningConfig::builder()
            .start_time(start)
            .expires_in(ttl)
            .build()
            .map_err(|e| BlobError::Link(e.to_string()))?;
        let request = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(self.object_key(key.as_str()))
            .presigned(presigning)
            .await
            .map_err(|e| BlobError::Link(format!("presigning GetObject {key}: {}", DisplayErrorContext(&e))))?;
        Ok(request.uri().to_owned())
    }
}

/// `scheme://host[:port]` of an `http(s)://…` URL (its path dropped).
fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("https", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    format!("{scheme}://{authority}")
}

fn failed<E, R>(operation: &str, key: &BlobKey, e: SdkError<E, R>) -> BlobError
where
    E: std::error::Error + 'static,
    R: fmt::Debug,
{
    BlobError::ObjectStorage(format!("{operation} {key}: {}", DisplayErrorContext(&e)))
}

impl fmt::Debug for S3Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("S3")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    const KEYS: &[(&str, &str)] = &[("AWS_ACCESS_KEY_ID", "AKID"), ("AWS_SECRET_ACCESS_KEY", "secret")];

    #[test]
    fn presigned_links_point_at_the_endpoint_or_the_bucket_host() {
        let mut c = S3Config::from_url("s3://videos/p", env(KEYS)).expect("config");
        c.region = "sa-east-1".into();
        assert_eq!(S3Store::new(c.clone()).expect("store").link_origin(), "https://videos.s3.sa-east-1.amazonaws.com");
        c.endpoint = Some("https://acct.r2.cloudflarestorage.com/some/path".into());
        assert_eq!(S3Store::new(c.clone()).expect("store").link_origin(), "https://acct.r2.cloudflarestorage.com");
        c.endpoint = Some("http://127.0.0.1:9000".into());
        assert_eq!(S3Store::new(c).expect("store").link_origin(), "http://127.0.0.1:9000");
        assert_eq!(crate::Blobs::local("/tmp/x").link_origin(), None, "local links are the app's own /files/…");
    }

    #[test]
    fn url_and_environment_make_the_config() {
        let c = S3Config::from_url("s3://videos/cotiza/prod/", env(KEYS)).expect("config");
        assert_eq!((c.bucket.as_str(), c.prefix.as_str(), c.region.as_str()), ("videos", "cotiza/prod", "us-east-1"));
        assert_eq!(c.endpoint, None);
        let c = S3Config::from_url("s3://b", env(KEYS)).expect("config");
        assert_eq!(c.prefix, "");
        let with_endpoint: &'static [(&str, &str)] = &[
            ("AWS_ACCESS_KEY_ID", "AKID"),
            ("AWS_SECRET_ACCESS_KEY", "secret"),
            ("AWS_REGION", "auto"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9000"),
            ("AWS_ENDPOINT_URL_S3", "http://127.0.0.1:9001"),
        ];
        let c = S3Config::from_url("s3://b/p", env(with_endpoint)).expect("config");
        assert_eq!(c.region, "auto");
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:9001"), "the S3-specific variable wins");
        assert!(!format!("{c:?}").contains("secret"), "{c:?}");
    }

    #[test]
    fn bad_urls_and_missing_keys_are_config_errors() {
        for bad in ["s3://", "s3:///prefix", "s3://bucket/../x", "s3://bucket/a b", "s3://bu/ck/et//x", "gs://b"] {
            assert!(matches!(S3Config::from_url(bad, env(KEYS)), Err(BlobError::Config(_))), "{bad:?} was accepted");
        }
        assert!(matches!(S3Config::from_url("s3://b", env(&[])), Err(BlobError::Config(_))));
    }
}
