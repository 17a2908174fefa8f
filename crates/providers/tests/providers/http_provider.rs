//! The generic HTTP provider against a fake service on 127.0.0.1 (frame
//! URLs on loopback need `allow_private_frames`).
use std::time::Duration;

use providers::{FrameProvider, HttpProvider, HttpProviderConfig, ProviderError, VideoSource};

use crate::fake_service::{FakeService, Mode, frame_bytes};
use crate::support::request;

const VIDEO: &str = "https://files.example.com/v.mp4?exp=1&sig=abc";

fn provider(service: &FakeService) -> HttpProvider {
    let mut config = HttpProviderConfig::new("ffmpeg-api", service.endpoint(), "secret-key");
    config.allow_private_frames = true;
    config.timeout = Duration::from_secs(5);
    HttpProvider::new(config).unwrap()
}

async fn extract(
    p: &HttpProvider,
    frame_count: u32,
    dir: &std::path::Path,
) -> Result<Vec<providers::ProvidedFrame>, ProviderError> {
    p.extract(&request(VideoSource::Url(VIDEO.to_owned()), frame_count), dir).await
}

#[tokio::test]
async fn frames_are_requested_with_the_contract_and_downloaded() {
    let service = FakeService::start(Mode::Frames).await;
    let p = provider(&service);
    let dir = tempfile::tempdir().unwrap();

    let frames = extract(&p, 6, dir.path()).await.unwrap();

    assert_eq!(service.calls(), 1);
    assert_eq!(service.last_auth().as_deref(), Some("Bearer secret-key"));
    assert_eq!(
        service.last_body().unwrap(),
        serde_json::json!({"videoUrl": VIDEO, "frameCount": 6, "format": "jpeg", "quality": 85, "jobId": "job-1"})
    );
    assert_eq!(frames.len(), 6);
    for (i, frame) in frames.iter().enumerate() {
        assert_eq!(frame.index, i as u32);
        assert!(frame.path.starts_with(dir.path()));
        assert_eq!(frame.path.extension().unwrap(), "jpg");
        assert_eq!(std::fs::read(&frame.path).unwrap(), frame_bytes(i as u32));
    }
}

#[tokio::test]
async fn server_errors_are_transient() {
    let service = FakeService::start(Mode::Status(500, "boom")).await;
    let err = extract(&provider(&service), 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Transient("HTTP 500 Internal Server Error: boom".to_owned()));

    service.set_mode(Mode::Status(503, ""));
    let err = extract(&provider(&service), 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert!(matches!(err, ProviderError::Transient(_)), "{err:?}");
}

#[tokio::test]
async fn auth_and_quota_answers_are_refusals() {
    let service = FakeService::start(Mode::Status(401, "{\"error\":\"bad key\"}")).await;
    let p = provider(&service);
    let err = extract(&p, 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Refused("HTTP 401 Unauthorized: {\"error\":\"bad key\"}".to_owned()));
    for code in [403, 429, 404] {
        service.set_mode(Mode::Status(code, "no"));
        let err = extract(&p, 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
        assert!(matches!(err, ProviderError::Refused(_)), "{code}: {err:?}");
    }
}

#[tokio::test]
async fn unprocessable_means_the_video_is_bad() {
    let service = FakeService::start(Mode::Status(422, "not a video")).await;
    let err = extract(&provider(&service), 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Input("not a video".to_owned()));
}

#[tokio::test]
async fn a_frame_over_the_size_cap_is_refused_and_nothing_is_left() {
    let service = FakeService::start(Mode::FirstFrameAt("/big.jpg")).await;
    let dir = tempfile::tempdir().unwrap();
    let err = extract(&provider(&service), 6, dir.path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Refused("frame 0: the file is larger than the limit of 20 MB".to_owned()));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn a_frame_that_is_not_an_image_is_refused() {
    let service = FakeService::start(Mode::FirstFrameAt("/page.html")).await;
    let err = extract(&provider(&service), 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Refused("frame 0: the server sent text/html, not image/*".to_owned()));
}

#[tokio::test]
async fn frame_urls_on_private_addresses_are_refused_by_default() {
    let service = FakeService::start(Mode::Frames).await;
    let config = HttpProviderConfig::new("ffmpeg-api", service.endpoint(), "k");
    let p = HttpProvider::new(config).unwrap();
    let err = extract(&p, 2, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    match err {
        ProviderError::Refused(m) => assert!(m.contains("is not allowed") && m.contains("loopback"), "{m}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_wrong_frame_list_is_refused() {
    let service = FakeService::start(Mode::Frames).await;
    let p = provider(&service);
    service.set_mode(Mode::Status(200, "{\"images\": []}"));
    let err = extract(&p, 6, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert!(matches!(&err, ProviderError::Refused(m) if m.contains("not the frames contract")), "{err:?}");
}

#[tokio::test]
async fn a_slow_provider_times_out_as_transient() {
    let service = FakeService::start(Mode::Slow(Duration::from_secs(3))).await;
    let mut config = HttpProviderConfig::new("ffmpeg-api", service.endpoint(), "k");
    config.timeout = Duration::from_millis(200);
    let p = HttpProvider::new(config).unwrap();
    let started = std::time::Instant::now();
    let err = extract(&p, 2, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert!(matches!(err, ProviderError::Transient(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn a_provider_that_cannot_be_reached_is_transient() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let p = HttpProvider::new(HttpProviderConfig::new("x", format!("http://127.0.0.1:{port}/extract"), "k")).unwrap();
    let err = extract(&p, 2, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(err, ProviderError::Transient("could not connect".to_owned()));
}

#[tokio::test]
async fn a_local_file_source_is_refused_without_a_call() {
    let service = FakeService::start(Mode::Frames).await;
    let p = provider(&service);
    let err = p
        .extract(&request(VideoSource::LocalFile("/tmp/v.mp4".into()), 6), tempfile::tempdir().unwrap().path())
        .await
        .unwrap_err();
    assert!(matches!(err, ProviderError::Refused(_)), "{err:?}");
    assert_eq!(service.calls(), 0);
}

#[tokio::test]
async fn a_frame_url_with_another_scheme_is_refused() {
    let service = FakeService::start(Mode::FirstFrameUrl("file:///etc/passwd".to_owned())).await;
    let err = extract(&provider(&service), 2, tempfile::tempdir().unwrap().path()).await.unwrap_err();
    assert_eq!(
        err,
        ProviderError::Refused(
            "frame 0: only http:// and https:// addresses can be downloaded, not file://".to_owned()
        )
    );
}
