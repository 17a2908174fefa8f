//! Vehicles and 360° videos over HTTP: vehicles CRUD and offline VIN
//! decoding; an upload streamed to storage that the in-process worker turns
//! into six frames served at their signed links; 413 as soon as an upload
//! passes the limit, 422 for a file that is not a video (hostile playlists
//! included), 404 for another organisation's vehicle, the no-JS form's
//! redirect, and the providers list.
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

/// A 4 s portrait H.264 video made with the ffmpeg CLI; its bytes.
fn phone_video() -> Vec<u8> {
    let path: PathBuf = std::env::temp_dir().join(format!("cotiza-http-360-{}-{}.mp4", std::process::id(), store::now_ms()));
    let status = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=360x640:rate=30", "-t", "4"])
        .args(["-c:v", "libx264", "-g", "30", "-pix_fmt", "yuv420p"])
        .arg(&path)
        .status()
        .expect("run ffmpeg");
    assert!(status.success());
    let bytes = std::fs::read(&path).expect("read the video");
    let _ = std::fs::remove_file(&path);
    bytes
}

async fn vehicle(app: &TestApp, cookie: &str) -> String {
    let (status, vehicle) = app
        .rest("POST", Some(cookie), "/api/v1/vehicles", Some(json!({"make": "Toyota", "model": "RAV4", "year": 2021, "bodyType": "suv"})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{vehicle}");
    vehicle["id"].as_str().expect("id").to_owned()
}

/// POSTs the upload form; `accept` sets the Accept header (a browser form).
async fn upload(app: &TestApp, cookie: &str, vehicle_id: &str, video: Vec<u8>, accept: Option<&str>) -> (StatusCode, Value, Option<String>) {
    let form = Form::new()
        .text("vehicleId", vehicle_id.to_owned())
        .text("frameCount", "6")
        .part("video", Part::bytes(video).file_name("car.mov").mime_str("video/quicktime").expect("mime"));
    let mut request = app
        .client
        .post(app.url("/api/video360/jobs/upload"))
        .header("cookie", format!("cotiza_session={cookie}"))
        .header("sec-fetch-site", "same-origin")
        .multipart(form);
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.expect("upload");
    let status = response.status();
    let location = response.headers().get("location").and_then(|v| v.to_str().ok()).map(str::to_owned);
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)), location)
}

async fn until_finished(app: &TestApp, cookie: &str, job_id: &str) -> Value {
    let started = Instant::now();
    loop {
        let (status, job) = app.rest("GET", Some(cookie), &format!("/api/video360/jobs/{job_id}"), None).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if !matches!(job["status"].as_str(), Some("Pending" | "Processing")) {
            return job;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "the extraction did not finish: {job}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn an_uploaded_360_video_becomes_a_spin_sqlite() {
    an_uploaded_360_video_becomes_a_spin(TestApp::spawn_with(store::Backend::Sqlite, |c| c.worker_in_process = true).await).await;
}

#[tokio::test]
async fn an_uploaded_360_video_becomes_a_spin_postgres() {
    an_uploaded_360_video_becomes_a_spin(TestApp::spawn_with(store::Backend::Postgres, |c| c.worker_in_process = true).await).await;
}

async fn an_uploaded_360_video_becomes_a_spin(app: TestApp) {
    let cookie = app.sign_up("giro").await;
    let vehicle_id = vehicle(&app, &cookie).await;
    let (status, job, _) = upload(&app, &cookie, &vehicle_id, phone_video(), None).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert_eq!((job["status"].as_str(), job["frameCount"].as_u64(), job["imageFormat"].as_str()), (Some("Pending"), Some(6), Some("jpeg")));
    let job_id = job["id"].as_str().expect("id").to_owned();
    let done = until_finished(&app, &cookie, &job_id).await;
    assert_eq!(done["status"], "Completed", "{done}");
    assert_eq!((done["provider"].as_str(), done["progress"].as_u64(), done["costUsd"].as_str()), (Some("local"), Some(100), Some("0.00")));
    let frames = done["frames"].as_array().expect("frames");
    let angles: Vec<f64> = frames.iter().filter_map(|f| f["angleDegrees"].as_f64()).collect();
    assert_eq!(angles, [0.0, 60.0, 120.0, 180.0, 240.0, 300.0]);
    assert_eq!(frames[3]["angleLabel"], "Rear");
    for frame in frames {
        for (link, width) in [(&frame["imageUrl"], 360), (&frame["thumbnailUrl"], 320)] {
            let response = app.client.get(app.url(link.as_str().expect("link"))).send().await.expect("frame");
            assert_eq!(response.status(), StatusCode::OK);
            assert_eq!(response.headers()["content-type"], "image/jpeg");
            let bytes = response.bytes().await.expect("bytes");
            let picture = image::load_from_memory_with_format(&bytes, image::ImageFormat::Jpeg).expect("a JPEG");
            assert_eq!(picture.width(), width);
        }
        assert_eq!((frame["width"].as_u64(), frame["height"].as_u64()), (Some(360), Some(640)));
    }
    let (status, view) = app.rest("GET", Some(&cookie), &format!("/api/video360/vehicles/{vehicle_id}/view"), None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!((view["isReady"].as_bool(), view["jobId"].as_str(), view["frames"].as_array().map(Vec::len)), (Some(true), Some(job_id.as_str()), Some(6)));
    assert_eq!(view["config"]["allowDrag"], true);
    // A finished job cannot be cancelled; only failed ones are retried.
    assert_eq!(app.rest("POST", Some(&cookie), &format!("/api/video360/jobs/{job_id}/cancel"), None).await.0, StatusCode::CONFLICT);
    assert_eq!(app.rest("POST", Some(&cookie), &format!("/api/video360/jobs/{job_id}/retry"), None).await.0, StatusCode::CONFLICT);

    // A quote for the vehicle shows its spin to the customer: the server-rendered
    // public page has the six frames (a strip without JavaScript, the viewer with it).
    let film = json!({"sku": "AUTO-35", "name_es": "Lámina auto 35", "type": "solar_control", "unit": "m2", "verticals": ["automotive"],
                      "vlt_pct": 35, "price": {"material_price": "40", "installation_price": "12.5"}});
    assert_eq!(app.rest("POST", Some(&cookie), "/api/v1/products", Some(film)).await.0, StatusCode::CREATED);
    let (status, quote) = app.rest("POST", Some(&cookie), "/api/v1/quotations/automotive", Some(json!({
        "contact": {"name": "Camila Soto", "phone": "+56 9 8765 4321", "address": "Av. Grecia 1200"},
        "vehicle_id": vehicle_id, "send": true, "packages": [{"package_code": "front_two", "sku": "AUTO-35"}]}))).await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    let token = quote["token"].as_str().expect("token");
    let (status, page) = app.get_text(&format!("/p/{token}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"data-testid="quote-vehicle""#) && page.contains(r#"data-testid="quote-spin""#), "the public page shows the vehicle and its spin");
    assert_eq!(page.matches(r#"data-testid="spin-frame""#).count(), 6, "six frames on the public page");
    assert!(page.contains("Ventana delantera izquierda"), "lines are named by their glass");
    // A vehicle without a 360° video: the card, no spin.
    let bare = vehicle(&app, &cookie).await;
    let (_, quote) = app.rest("POST", Some(&cookie), "/api/v1/quotations/automotive", Some(json!({
        "contact": {"name": "Camila Soto", "phone": "+56 9 8765 4321", "address": "Av. Grecia 1200"},
        "vehicle_id": bare, "send": true, "items": [{"position": "windshield", "sku": "AUTO-35"}]}))).await;
    let (_, page) = app.get_text(&format!("/p/{}", quote["token"].as_str().expect("token"))).await;
    assert!(page.contains(r#"data-testid="quote-vehicle""#) && !page.contains(r#"data-testid="quote-spin""#));
}

app_test! {
    async fn vehicles_and_vins_over_rest(app) {
        let cookie = app.sign_up("autos").await;
        let (status, decoded) = app.rest("GET", Some(&cookie), "/api/v1/vehicles/decode-vin/1HGCM82633A004352", None).await;
        assert_eq!(status, StatusCode::OK, "{decoded}");
        assert_eq!((decoded["make"].as_str(), decoded["model_year"].as_u64(), decoded["country"].as_str()), (Some("Honda"), Some(2003), Some("United States")));
        let (status, bad) = app.rest("GET", Some(&cookie), "/api/v1/vehicles/decode-vin/1HGCM82633A004353", None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad["fields"]["vin"].as_str().is_some_and(|m| m.contains("vin.check_digit")), "{bad}");

        let (status, bad) = app.rest("POST", Some(&cookie), "/api/v1/vehicles", Some(json!({"make": "", "model": "X", "year": 1900}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        for field in ["make", "year", "bodyType"] {
            assert!(bad["fields"][field].is_string(), "{field}: {bad}");
        }
        let id = vehicle(&app, &cookie).await;
        let (status, updated) = app.rest("PUT", Some(&cookie), &format!("/api/v1/vehicles/{id}"),
            Some(json!({"make": "Toyota", "model": "RAV4", "year": 2022, "bodyType": "suv", "plate": "ab12cd"}))).await;
        assert_eq!(status, StatusCode::OK, "{updated}");
        assert_eq!((updated["year"].as_u64(), updated["plate"].as_str()), (Some(2022), Some("AB12CD")));
        let (_, list) = app.rest("GET", Some(&cookie), "/api/v1/vehicles?q=ab12", None).await;
        assert_eq!(list.as_array().map(Vec::len), Some(1));
        assert_eq!(app.rest("DELETE", Some(&cookie), &format!("/api/v1/vehicles/{id}"), None).await.0, StatusCode::NO_CONTENT);
        assert_eq!(app.rest("GET", Some(&cookie), &format!("/api/v1/vehicles/{id}"), None).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.rest("GET", None, "/api/v1/vehicles", None).await.0, StatusCode::UNAUTHORIZED);
    }

    async fn bad_uploads_get_clear_errors_and_leave_nothing(app) {
        let cookie = app.sign_up("subidas").await;
        let vehicle_id = vehicle(&app, &cookie).await;
        // Not a video, whatever its name says; hostile playlists included.
        let m3u8 = b"#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nhttp://127.0.0.1:9/seg.ts\n#EXT-X-ENDLIST\n".to_vec();
        let concat = b"ffconcat version 1.0\nfile '/etc/passwd'\n".to_vec();
        for (what, bytes) in [("text", b"hello, not a video".to_vec()), ("hls", m3u8), ("concat", concat)] {
            let (status, body, _) = upload(&app, &cookie, &vehicle_id, bytes, None).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{what}: {body}");
            assert!(body["fields"]["video"].is_string(), "{what}: {body}");
        }
        // No file, no vehicle, another organisation's vehicle.
        let form = Form::new().text("vehicleId", vehicle_id.clone());
        let response = app.client.post(app.url("/api/video360/jobs/upload")).header("cookie", format!("cotiza_session={cookie}"))
            .header("sec-fetch-site", "same-origin").multipart(form).send().await.expect("upload");
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let (status, _, _) = upload(&app, &cookie, "no-such-vehicle", phone_video(), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let other = app.sign_up("ajena").await;
        let (status, foreign, _) = upload(&app, &other, &vehicle_id, phone_video(), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{foreign}");
        let (_, jobs) = app.rest("GET", Some(&cookie), "/api/video360/jobs", None).await;
        assert_eq!(jobs, json!([]), "no refused upload became a job");
        // A browser form without JavaScript goes back to the vehicle's page.
        let (status, _, location) = upload(&app, &cookie, &vehicle_id, b"nope".to_vec(), Some("text/html")).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let location = location.expect("location");
        assert!(location.starts_with(&format!("/app/vehicles/{vehicle_id}?upload_error=")), "{location}");
        let (status, _, location) = upload(&app, &cookie, &vehicle_id, phone_video(), Some("text/html")).await;
        assert_eq!((status, location.as_deref()), (StatusCode::SEE_OTHER, Some(format!("/app/vehicles/{vehicle_id}").as_str())));
        // URL jobs: only public http(s).
        let (status, body) = app.rest("POST", Some(&cookie), "/api/video360/jobs",
            Some(json!({"vehicleId": vehicle_id, "videoUrl": "http://169.254.169.254/latest/meta-data"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body["fields"]["videoUrl"].is_string(), "{body}");
        // The providers: the local extractor, closed breaker.
        let (status, providers) = app.rest("GET", Some(&cookie), "/api/providers", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((providers[0]["name"].as_str(), providers[0]["breakerState"].as_str()), (Some("local"), Some("closed")));
    }
}

#[tokio::test]
async fn an_upload_over_the_limit_is_413_at_once() {
    let app = TestApp::spawn_with(store::Backend::Sqlite, |config| config.video360.limits.max_bytes = 1_000_000).await;
    let cookie = app.sign_up("grande").await;
    let vehicle_id = vehicle(&app, &cookie).await;
    // Streamed (no Content-Length): refused once 1 MB has passed.
    let chunks = futures_chunks(3_000_000);
    let form = Form::new()
        .text("vehicleId", vehicle_id.clone())
        .part("video", Part::stream(reqwest::Body::wrap_stream(chunks)).file_name("big.mp4"));
    let response = app.client.post(app.url("/api/video360/jobs/upload")).header("cookie", format!("cotiza_session={cookie}"))
        .header("sec-fetch-site", "same-origin").multipart(form).send().await.expect("upload");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body: Value = response.json().await.expect("json");
    assert!(body["error"].as_str().is_some_and(|e| e.contains("1000000")), "{body}");
    // Declared too large: refused before the body is read.
    let form = Form::new().text("vehicleId", vehicle_id).part("video", Part::bytes(vec![0u8; 2_000_000]).file_name("big.mp4"));
    let response = app.client.post(app.url("/api/video360/jobs/upload")).header("cookie", format!("cotiza_session={cookie}"))
        .header("sec-fetch-site", "same-origin").multipart(form).send().await.expect("upload");
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let (_, jobs) = app.rest("GET", Some(&cookie), "/api/video360/jobs", None).await;
    assert_eq!(jobs, json!([]));
}

/// `total` bytes in 64 kB chunks, as a stream (no length known up front).
fn futures_chunks(total: usize) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunk = 64 * 1024;
    futures_util::stream::iter((0..total.div_ceil(chunk)).map(move |_| Ok(vec![7u8; chunk])))
}

/// A form part named `name` whose value is `total` bytes streamed in 64 kB
/// chunks; `pulled` counts what the server actually made the client send.
fn counted_stream(total: usize, pulled: std::sync::Arc<std::sync::atomic::AtomicUsize>) -> impl futures_util::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunk = 64 * 1024;
    futures_util::stream::iter((0..total.div_ceil(chunk)).map(move |_| {
        pulled.fetch_add(chunk, std::sync::atomic::Ordering::Relaxed);
        Ok(vec![b'a'; chunk])
    }))
}

async fn post_form(app: &TestApp, cookie: &str, form: Form) -> (StatusCode, Value) {
    let response = app.client.post(app.url("/api/video360/jobs/upload")).header("cookie", format!("cotiza_session={cookie}"))
        .header("sec-fetch-site", "same-origin").multipart(form).send().await.expect("upload");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

app_test! {
    async fn upload_fields_are_capped_and_unknown_ones_refused(app) {
        let cookie = app.sign_up("campos").await;
        let vehicle_id = vehicle(&app, &cookie).await;
        // A 200 MB vehicleId: refused after its first KiB, not read whole.
        let pulled = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let form = Form::new()
            .part("vehicleId", Part::stream(reqwest::Body::wrap_stream(counted_stream(200 << 20, pulled.clone()))))
            .part("video", Part::bytes(b"not read".to_vec()).file_name("car.mp4"));
        let started = Instant::now();
        let (status, body) = post_form(&app, &cookie, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["vehicleId"].as_str().is_some_and(|m| m.contains("1024")), "{body}");
        let sent = pulled.load(std::sync::atomic::Ordering::Relaxed);
        assert!(sent < 32 << 20, "the server read {sent} bytes of a field capped at 1 KiB");
        assert!(started.elapsed() < Duration::from_secs(20), "refused quickly");
        // An unknown field: 422 naming it; a repeated one too.
        let form = Form::new().text("vehicleId", vehicle_id.clone()).text("colour", "red")
            .part("video", Part::bytes(b"x".to_vec()).file_name("car.mp4"));
        let (status, body) = post_form(&app, &cookie, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["colour"].is_string(), "{body}");
        let form = Form::new().text("vehicleId", vehicle_id.clone()).text("vehicleId", vehicle_id.clone());
        let (status, body) = post_form(&app, &cookie, form).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["vehicleId"].is_string(), "{body}");
        let (_, jobs) = app.rest("GET", Some(&cookie), "/api/video360/jobs", None).await;
        assert_eq!(jobs, json!([]), "nothing refused became a job");
    }
}

#[tokio::test]
async fn a_chunked_upload_body_is_capped_whatever_it_holds() {
    for backend in [store::Backend::Sqlite, store::Backend::Postgres] {
        let app = TestApp::spawn_with(backend, |config| config.video360.limits.max_bytes = 1_000_000).await;
        let cookie = app.sign_up("cuerpo").await;
        let vehicle_id = vehicle(&app, &cookie).await;
        // 3 MB of preamble before the first part, sent chunked (no Content-Length):
        // no field is over its limit, the body is.
        let boundary = "cotiza-test-boundary";
        let tail = format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"vehicleId\"\r\n\r\n{vehicle_id}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"video\"; filename=\"car.mp4\"\r\nContent-Type: video/mp4\r\n\r\nnot a video\r\n--{boundary}--\r\n"
        );
        let preamble = futures_chunks(3_000_000);
        let body = futures_util::StreamExt::chain(preamble, futures_util::stream::iter([Ok::<_, std::io::Error>(tail.into_bytes())]));
        let response = app.client.post(app.url("/api/video360/jobs/upload")).header("cookie", format!("cotiza_session={cookie}"))
            .header("sec-fetch-site", "same-origin").header("content-type", format!("multipart/form-data; boundary={boundary}"))
            .body(reqwest::Body::wrap_stream(body)).send().await.expect("upload");
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
        let (_, jobs) = app.rest("GET", Some(&cookie), "/api/video360/jobs", None).await;
        assert_eq!(jobs, json!([]));
    }
}
