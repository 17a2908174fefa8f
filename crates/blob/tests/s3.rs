//! The S3 backend against a real S3-compatible server: moto's
//! (`pip install 'moto[server]==5.2.1'`, done by scripts/setup.sh), started
//! on a free port for each test and killed when the test ends.
//!
//! moto checks no signatures (it ignores query-string auth entirely), so the
//! "tampered presigned link is refused" check recomputes the SigV4 signature
//! independently (an oracle, as S3 does it) instead of asking moto.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use blob::{BlobKey, Blobs, S3Config};
use ring::{digest, hmac};

mod common;
use common::{TempDir, key};

const BUCKET: &str = "cotiza-test";
const PREFIX: &str = "cotiza/test";
const ACCESS_KEY: &str = "AKIDCOTIZATEST";
const SECRET_KEY: &str = "cotiza-test-secret-key";
const SETUP_HINT: &str = "moto's S3 server is needed for these tests: run scripts/setup.sh \
                          (it runs `pip install 'moto[server]==5.2.1'`)";

/// A `moto_server` child on 127.0.0.1, killed on drop.
struct Moto {
    child: Child,
    port: u16,
    _log_dir: TempDir,
}

impl Moto {
    /// Starts moto and waits until it answers HTTP; panics with
    /// [`SETUP_HINT`] when moto is not installed.
    async fn start() -> Moto {
        let port = free_port();
        let log_dir = TempDir::new("moto-log");
        let log_path = log_dir.0.join("moto.log");
        let log = std::fs::File::create(&log_path).expect("moto log file");
        let spawn = |program: &str, args: &[&str]| {
            Command::new(program)
                .args(args)
                .args(["-H", "127.0.0.1", "-p", &port.to_string()])
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log.try_clone()?)
                .spawn()
        };
        // The console script, else the module through python3.
        let child = spawn("moto_server", &[])
            .or_else(|_| spawn("python3", &["-m", "moto.server"]))
            .unwrap_or_else(|e| panic!("cannot run moto_server or python3 ({e}). {SETUP_HINT}"));
        let mut moto = Moto { child, port, _log_dir: log_dir };
        let http = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = moto.child.try_wait() {
                let log = std::fs::read_to_string(&log_path).unwrap_or_default();
                panic!("moto_server exited at start ({status}): {}\n{SETUP_HINT}", log.trim());
            }
            if http.get(moto.url("/")).send().await.is_ok() {
                break;
            }
            assert!(Instant::now() < deadline, "moto_server did not answer within 30 s. {SETUP_HINT}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        // The bucket (moto takes unsigned requests).
        let created = http.put(moto.url(&format!("/{BUCKET}"))).send().await.expect("create the bucket");
        assert!(created.status().is_success(), "creating the bucket: {}", created.status());
        moto
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn config(&self, prefix: &str) -> S3Config {
        S3Config {
            bucket: BUCKET.into(),
            prefix: prefix.into(),
            region: "us-east-1".into(),
            endpoint: Some(self.url("")),
            access_key_id: ACCESS_KEY.into(),
            secret_access_key: SECRET_KEY.into(),
            session_token: None,
        }
    }

    fn blobs(&self, prefix: &str) -> Blobs {
        Blobs::s3(self.config(prefix)).expect("S3 client")
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

#[tokio::test]
async fn behaves_like_file_storage() {
    let moto = Moto::start().await;
    let scratch = TempDir::new("s3-scratch");
    common::behaves_like_file_storage(&moto.blobs(PREFIX), &scratch.0).await;
}

#[tokio::test]
async fn keys_live_under_the_prefix() {
    let moto = Moto::start().await;
    let blobs = moto.blobs(PREFIX);
    blobs.put(&key("a/b.jpg"), b"jpeg", "image/jpeg").await.expect("put");
    // The same bucket seen without a prefix: the object is under it.
    let whole_bucket = moto.blobs("");
    let all: Vec<String> = whole_bucket.list("").await.expect("list").into_iter().map(String::from).collect();
    assert_eq!(all, ["cotiza/test/a/b.jpg"]);
    assert_eq!(whole_bucket.get(&key("cotiza/test/a/b.jpg")).await.expect("get").expect("there").bytes, b"jpeg");
    // And another prefix sees nothing of it.
    let other = moto.blobs("elsewhere");
    assert!(other.list("").await.expect("list").is_empty());
    assert!(!other.exists(&key("a/b.jpg")).await.expect("exists"));
    // list pages through more than one response (moto pages at 1000).
    let many: Vec<BlobKey> = (0..1005).map(|i| key(&format!("many/{i:04}"))).collect();
    for k in &many {
        blobs.put(k, b"", "application/octet-stream").await.expect("put");
    }
    assert_eq!(blobs.list("many/").await.expect("list"), many);
}

#[tokio::test]
async fn presigned_download_links() {
    let moto = Moto::start().await;
    let blobs = moto.blobs(PREFIX);
    let k = key("orgs/1/videos/v1.mp4");
    let bytes = common::pattern(300_000);
    blobs.put(&k, &bytes, "video/mp4").await.expect("put");

    // Fetched over plain HTTP, as a phone would: the bytes and their type.
    let url = blobs.download_url(&k, Duration::from_secs(300), blob::now_unix()).await.expect("link");
    assert!(url.starts_with(&moto.url("/cotiza-test/cotiza/test/orgs/1/videos/v1.mp4?")), "{url}");
    // Pages allow this origin in their CSP so the player can load the link.
    let origin = blobs.link_origin().expect("S3 links leave the app's origin");
    assert!(url.starts_with(&format!("{origin}/")) && !origin[8..].contains('/'), "{origin} / {url}");
    let response = reqwest::get(&url).await.expect("GET the link");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "video/mp4");
    assert!(response.bytes().await.expect("body") == bytes);

    // Streamed to a file (the worker reads 360° sources this way).
    let dest = std::env::temp_dir().join(format!("cotiza-s3-get-{}.mp4", std::process::id()));
    assert!(blobs.get_to_file(&k, &dest).await.expect("get_to_file"));
    assert!(std::fs::read(&dest).expect("read back") == bytes);
    let _ = std::fs::remove_file(&dest);
    assert!(!blobs.get_to_file(&key("cotiza/test/none.mp4"), &dest).await.expect("missing is not an error"));

    // Signed as of the time given, for the lifetime given.
    let fixed = blobs.download_url(&k, Duration::from_secs(600), 1_800_000_000).await.expect("link");
    assert_eq!(query_param(&fixed, "X-Amz-Date"), Some("20270115T080000Z".into()));
    assert_eq!(query_param(&fixed, "X-Amz-Expires"), Some("600".into()));

    // The signature is a valid SigV4 query signature with our secret, and
    // no part of the link can change without breaking it.
    assert_eq!(sigv4_query_check(&url, SECRET_KEY), Ok(()), "{url}");
    let tampered = [
        url.replace("/v1.mp4?", "/v2.mp4?"),
        url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"),
        flip_signature(&url),
    ];
    for bad in tampered {
        assert_ne!(bad, url);
        assert!(sigv4_query_check(&bad, SECRET_KEY).is_err(), "accepted: {bad}");
    }
    assert!(sigv4_query_check(&url, "another-secret").is_err());

    // S3 refuses lifetimes over a week; so do we.
    let too_long = blobs.download_url(&k, Duration::from_secs(8 * 24 * 3600), blob::now_unix()).await;
    assert!(matches!(too_long, Err(blob::BlobError::Link(_))), "{too_long:?}");
}

#[test]
fn from_url_reads_the_environment_it_is_given() {
    let env = |name: &str| match name {
        "AWS_ACCESS_KEY_ID" => Some(ACCESS_KEY.to_owned()),
        "AWS_SECRET_ACCESS_KEY" => Some(SECRET_KEY.to_owned()),
        "AWS_ENDPOINT_URL" => Some("http://127.0.0.1:9".to_owned()),
        _ => None,
    };
    let blobs = Blobs::from_url_with_env("s3://cotiza-test/cotiza/test", PathBuf::from("/unused"), env).expect("s3");
    assert!(format!("{blobs:?}").contains("cotiza-test"), "{blobs:?}");
    assert_eq!(blobs.local_path(&key("a")), None);
}

/// A query parameter of `url`, still percent-encoded.
fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| pair.strip_prefix(&format!("{name}=")).map(str::to_owned))
}

fn flip_signature(url: &str) -> String {
    let sig = query_param(url, "X-Amz-Signature").expect("signed");
    let flipped: String = sig.chars().rev().collect();
    url.replace(&sig, &flipped)
}

/// Checks an S3 presigned GET the way S3 does (SigV4, query-string auth,
/// unsigned payload, only the host header signed).
fn sigv4_query_check(url: &str, secret: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    let host = match parsed.port() {
        Some(port) => format!("{}:{port}", parsed.host_str().unwrap_or_default()),
        None => parsed.host_str().unwrap_or_default().to_owned(),
    };
    let query = parsed.query().ok_or("no query")?;
    let mut pairs: Vec<(&str, &str)> = query.split('&').map(|p| p.split_once('=').unwrap_or((p, ""))).collect();
    let given = pairs.iter().find(|(k, _)| *k == "X-Amz-Signature").map(|(_, v)| *v).ok_or("unsigned")?.to_owned();
    pairs.retain(|(k, _)| *k != "X-Amz-Signature");
    pairs.sort();
    let param = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| v.replace("%2F", "/"));
    if param("X-Amz-SignedHeaders").as_deref() != Some("host") {
        return Err(format!("signed headers {:?}, expected host only", param("X-Amz-SignedHeaders")));
    }
    let amz_date = param("X-Amz-Date").ok_or("no date")?;
    let credential = param("X-Amz-Credential").ok_or("no credential")?;
    let (_, scope) = credential.split_once('/').ok_or("bad credential")?;
    let canonical_query = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&");
    let canonical_request =
        format!("GET\n{}\n{canonical_query}\nhost:{host}\n\nhost\nUNSIGNED-PAYLOAD", parsed.path());
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}",
        hex(digest::digest(&digest::SHA256, canonical_request.as_bytes()).as_ref())
    );
    let mut signing_key = format!("AWS4{secret}").into_bytes();
    for part in scope.split('/') {
        signing_key = hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &signing_key), part.as_bytes()).as_ref().to_vec();
    }
    let expected = hex(hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, &signing_key), string_to_sign.as_bytes()).as_ref());
    if expected == given { Ok(()) } else { Err("signature mismatch".into()) }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
