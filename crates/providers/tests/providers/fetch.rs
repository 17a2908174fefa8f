//! The safe fetcher against servers on this machine only: what is
//! downloaded, what is refused before any connection, and that refused
//! redirects never reach their target (its hits are counted).
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::http::header;
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use providers::{FetchError, FetchPolicy, fetch_to_file};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::support::{serve, serve_on};

fn open_policy() -> FetchPolicy {
    FetchPolicy { allow_private: true, timeout: Duration::from_secs(10), ..FetchPolicy::default() }
}

/// A server that answers every request with 200 and counts them.
async fn counting_server() -> (SocketAddr, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = axum::Router::new().fallback(move || {
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            ([(header::CONTENT_TYPE, "video/mp4")], "secret")
        }
    });
    (serve(router).await, hits)
}

/// A bare TCP server: `handler` gets each connection after its request was read.
async fn raw_server<F, Fut>(handler: F) -> SocketAddr
where
    F: Fn(TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            let mut buf = [0u8; 8192];
            let _ = stream.read(&mut buf).await;
            tokio::spawn(handler(stream));
        }
    });
    addr
}

#[tokio::test]
async fn a_video_is_downloaded_with_its_content_type() {
    let body: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let expected = body.clone();
    let router = axum::Router::new()
        .route("/v.mp4", get(move || async move { ([(header::CONTENT_TYPE, "video/mp4; codecs=avc1")], body) }))
        .route("/old", get(|| async { Redirect::temporary("/v.mp4") }));
    let addr = serve(router).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("video.mp4");

    let fetched = fetch_to_file(&format!("http://{addr}/old"), &dest, &open_policy()).await.unwrap();
    assert_eq!(fetched.bytes, 200_000);
    assert_eq!(fetched.content_type.as_deref(), Some("video/mp4"));
    assert_eq!(std::fs::read(&dest).unwrap(), expected);
}

#[tokio::test]
async fn the_size_cap_stops_a_stream_as_soon_as_it_passes() {
    // Chunked, no Content-Length: up to 200 MB, counting what gets written
    // before the client goes away.
    const TOTAL: u64 = 200_000_000;
    let written = Arc::new(AtomicU64::new(0));
    let finished = Arc::new(tokio::sync::Notify::new());
    let (w, done) = (written.clone(), finished.clone());
    let addr = raw_server(move |mut s| {
        let (w, done) = (w.clone(), done.clone());
        async move {
            let head = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nTransfer-Encoding: chunked\r\n\r\n";
            if s.write_all(head.as_bytes()).await.is_ok() {
                let mut chunk = format!("{:x}\r\n", 65_536).into_bytes();
                chunk.extend(std::iter::repeat_n(7u8, 65_536));
                chunk.extend_from_slice(b"\r\n");
                while w.load(Ordering::SeqCst) < TOTAL {
                    if s.write_all(&chunk).await.is_err() {
                        break;
                    }
                    w.fetch_add(65_536, Ordering::SeqCst);
                }
            }
            done.notify_one();
        }
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("video.mp4");
    let policy = FetchPolicy { max_bytes: 1_000_000, ..open_policy() };

    let err = fetch_to_file(&format!("http://{addr}/v.mp4"), &dest, &policy).await.unwrap_err();
    assert_eq!(err, FetchError::TooBig { limit_bytes: 1_000_000 });
    assert_eq!(err.to_string(), "the file is larger than the limit of 1 MB");
    assert!(!dest.exists(), "the partial file is removed");
    tokio::time::timeout(Duration::from_secs(10), finished.notified())
        .await
        .expect("the server sees the connection close");
    let sent = written.load(Ordering::SeqCst);
    assert!(sent < 50_000_000, "stopped early: the server wrote {sent} bytes");
}

#[tokio::test]
async fn a_content_length_over_the_cap_is_refused_before_reading() {
    // Announces 50 MB and never sends it: only the header can end this quickly.
    let addr = raw_server(|mut s| async move {
        let head = "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 50000000\r\n\r\n";
        let _ = s.write_all(head.as_bytes()).await;
        tokio::time::sleep(Duration::from_secs(30)).await;
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("video.mp4");
    let policy = FetchPolicy { max_bytes: 10_000_000, ..open_policy() };
    let started = Instant::now();

    let err = fetch_to_file(&format!("http://{addr}/v.mp4"), &dest, &policy).await.unwrap_err();
    assert_eq!(err.to_string(), "the file is larger than the limit of 10 MB");
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(!dest.exists());
}

#[tokio::test]
async fn a_redirect_to_loopback_is_refused_and_never_reached() {
    let (target, hits) = counting_server().await;
    // The first hop is on 127.0.0.2, allowed by name; everything else private is not.
    let to_literal = format!("http://127.0.0.1:{}/secret", target.port());
    let to_name = format!("http://localhost:{}/secret", target.port());
    let router = axum::Router::new()
        .route("/literal", get(move || async move { Redirect::temporary(&to_literal) }))
        .route("/name", get(move || async move { Redirect::temporary(&to_name) }))
        .route("/meta", get(|| async { Redirect::temporary("http://169.254.169.254/latest/meta-data/") }));
    let first = serve_on("127.0.0.2", router).await;
    let policy = FetchPolicy {
        allowed_addresses: vec!["127.0.0.2".parse().unwrap()],
        timeout: Duration::from_secs(10),
        ..FetchPolicy::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("v.mp4");

    let err = fetch_to_file(&format!("http://{first}/literal"), &dest, &policy).await.unwrap_err();
    assert_eq!(
        err,
        FetchError::HostNotAllowed { host: "127.0.0.1".to_owned(), reason: "it is a loopback address".to_owned() }
    );

    // A host name is refused by the resolver reqwest connects through.
    let err = fetch_to_file(&format!("http://{first}/name"), &dest, &policy).await.unwrap_err();
    match &err {
        FetchError::HostNotAllowed { host, reason } => {
            assert_eq!(host, "localhost");
            assert!(reason.contains("loopback"), "{reason}");
        }
        other => panic!("{other:?}"),
    }

    let err = fetch_to_file(&format!("http://{first}/meta"), &dest, &policy).await.unwrap_err();
    assert!(matches!(&err, FetchError::HostNotAllowed { host, .. } if host == "169.254.169.254"), "{err:?}");
    assert!(err.to_string().contains("metadata"), "{err}");

    assert_eq!(hits.load(Ordering::SeqCst), 0, "the refused target got no request");
    assert!(!dest.exists());
}

#[tokio::test]
async fn other_schemes_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("v.mp4");
    let err = fetch_to_file("file:///etc/passwd", &dest, &FetchPolicy::default()).await.unwrap_err();
    assert_eq!(err, FetchError::Scheme { scheme: "file".to_owned() });
    assert_eq!(err.to_string(), "only http:// and https:// addresses can be downloaded, not file://");
    let err = fetch_to_file("ftp://example.com/v.mp4", &dest, &FetchPolicy::default()).await.unwrap_err();
    assert_eq!(err, FetchError::Scheme { scheme: "ftp".to_owned() });
    // Even when private addresses are allowed.
    let err = fetch_to_file("file:///etc/passwd", &dest, &open_policy()).await.unwrap_err();
    assert!(matches!(err, FetchError::Scheme { .. }));
    let err = fetch_to_file("not a url", &dest, &open_policy()).await.unwrap_err();
    assert!(matches!(err, FetchError::InvalidUrl { .. }));
}

#[tokio::test]
async fn private_hosts_are_refused_before_any_connection() {
    // The ones that would land on this machine point at a live server's
    // port: it must see no request.
    let (server, hits) = counting_server().await;
    let port = server.port();
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("v.mp4");
    let cases = [
        ("http://169.254.169.254/latest/meta-data/".to_owned(), "169.254.169.254", "link-local"),
        (format!("http://[::1]:{port}/"), "[::1]", "loopback"),
        (format!("http://localhost:{port}/"), "localhost", "loopback"),
        (format!("http://0.0.0.0:{port}/"), "0.0.0.0", "unspecified"),
        (format!("http://127.0.0.1:{port}/"), "127.0.0.1", "loopback"),
        ("http://10.0.0.1/".to_owned(), "10.0.0.1", "private"),
        ("http://[::ffff:127.0.0.1]/".to_owned(), "[::ffff:7f00:1]", "loopback"),
    ];
    for (url, host, word) in cases {
        let err = fetch_to_file(&url, &dest, &FetchPolicy::default()).await.unwrap_err();
        match &err {
            FetchError::HostNotAllowed { host: h, reason } => {
                assert_eq!(h, host, "{url}");
                assert!(reason.contains(word), "{url}: {reason}");
                assert!(err.is_user_error());
            }
            other => panic!("{url}: {other:?}"),
        }
    }
    assert_eq!(hits.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn too_many_redirects_stop_at_five() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let router = axum::Router::new().route(
        "/r/{n}",
        get(move |axum::extract::Path(n): axum::extract::Path<u32>| {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Redirect::temporary(&format!("/r/{}", n + 1)).into_response()
            }
        }),
    );
    let addr = serve(router).await;
    let dir = tempfile::tempdir().unwrap();
    let err = fetch_to_file(&format!("http://{addr}/r/0"), &dir.path().join("v"), &open_policy()).await.unwrap_err();
    assert_eq!(err, FetchError::TooManyRedirects { max: 5 });
    assert_eq!(hits.load(Ordering::SeqCst), 6, "the first request and 5 redirects");
}

#[tokio::test]
async fn an_error_status_is_reported() {
    let router = axum::Router::new().route("/gone", get(|| async { axum::http::StatusCode::NOT_FOUND }));
    let addr = serve(router).await;
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("v");
    let err = fetch_to_file(&format!("http://{addr}/gone"), &dest, &open_policy()).await.unwrap_err();
    assert_eq!(err, FetchError::Status { status: 404 });
    assert_eq!(err.to_string(), "the server answered HTTP 404");
    assert!(!dest.exists());
}

#[tokio::test]
async fn a_server_that_stalls_times_out() {
    let addr = raw_server(|s| async move {
        tokio::time::sleep(Duration::from_secs(30)).await;
        drop(s);
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let policy = FetchPolicy { timeout: Duration::from_millis(300), ..open_policy() };
    let started = Instant::now();
    let err = fetch_to_file(&format!("http://{addr}/v.mp4"), &dir.path().join("v"), &policy).await.unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_required_content_type_is_checked() {
    let router = axum::Router::new().route("/p", get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<html>") }));
    let addr = serve(router).await;
    let dir = tempfile::tempdir().unwrap();
    let policy = FetchPolicy { content_type_prefix: Some("video/".to_owned()), ..open_policy() };
    let err = fetch_to_file(&format!("http://{addr}/p"), &dir.path().join("v"), &policy).await.unwrap_err();
    assert_eq!(err, FetchError::ContentType { expected: "video/*".to_owned(), found: "text/html".to_owned() });
}
