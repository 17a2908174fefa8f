//! Quote videos over HTTP: a sales person asks for a sent quote's video,
//! the in-process worker renders it, and the job's signed links serve the
//! MP4 and its thumbnail; one job per quote version while it is active,
//! drafts refused, other organisations see nothing, the hourly limit is a
//! clear 429, only failed jobs are retried, `/metrics` counts it all.
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::quotations::quote_body;
use crate::quotes::org_with_a_film;
use crate::test_app::TestApp;

/// A sent quote of the organisation of `cookie`; its id.
async fn sent_quote(app: &TestApp, cookie: &str) -> String {
    let (status, quote) = app.rest("POST", Some(cookie), "/api/v1/quotations/residential", Some(quote_body(json!({"send": true})))).await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    quote["id"].as_str().expect("id").to_owned()
}

async fn ask_video(app: &TestApp, cookie: &str, quote_id: &str) -> (StatusCode, Value) {
    app.rest("POST", Some(cookie), &format!("/api/video-renders/quotes/{quote_id}"), None).await
}

/// Polls the job until it ends (the worker renders a real video: seconds).
async fn until_finished(app: &TestApp, cookie: &str, job_id: &str) -> Value {
    let started = Instant::now();
    loop {
        let (status, job) = app.rest("GET", Some(cookie), &format!("/api/video-renders/{job_id}"), None).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if !matches!(job["status"].as_str(), Some("queued" | "running")) {
            return job;
        }
        assert!(started.elapsed() < Duration::from_secs(180), "the render did not finish: {job}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// GETs an absolute or server-relative link; status, content type, bytes.
async fn fetch(app: &TestApp, link: &str) -> (StatusCode, String, Vec<u8>) {
    let url = if link.starts_with("http") { link.to_owned() } else { app.url(link) };
    let response = app.client.get(url).send().await.expect("request");
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, content_type, response.bytes().await.expect("body").to_vec())
}

async fn with_worker(backend: store::Backend) -> TestApp {
    TestApp::spawn_with(backend, |config| config.worker_in_process = true).await
}

#[tokio::test]
async fn a_sales_person_gets_a_quote_video_sqlite() {
    a_sales_person_gets_a_quote_video(with_worker(store::Backend::Sqlite).await).await;
}

#[tokio::test]
async fn a_sales_person_gets_a_quote_video_postgres() {
    a_sales_person_gets_a_quote_video(with_worker(store::Backend::Postgres).await).await;
}

async fn a_sales_person_gets_a_quote_video(app: TestApp) {
    let admin = org_with_a_film(&app, "video-http").await;
    let quote = sent_quote(&app, &admin).await;
    let (status, job) = ask_video(&app, &admin, &quote).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{job}");
    assert_eq!((job["entity_id"].as_str(), job["template"].as_str()), (Some(quote.as_str()), Some("quote-summary")));
    let job_id = job["id"].as_str().expect("job id").to_owned();
    let (status, again) = ask_video(&app, &admin, &quote).await;
    if again["status"] == "queued" || again["status"] == "running" {
        assert_eq!((status, again["id"].as_str()), (StatusCode::OK, Some(job_id.as_str())), "the active job, not a second one");
    }

    let done = until_finished(&app, &admin, &job_id).await;
    assert_eq!((done["status"].as_str(), done["progress"].as_u64()), (Some("succeeded"), Some(100)), "{done}");
    // "Generar video" again on the same version: the video already made, not a second render.
    let (status, same) = ask_video(&app, &admin, &quote).await;
    assert_eq!((status, same["id"].as_str(), same["status"].as_str()), (StatusCode::OK, Some(job_id.as_str()), Some("succeeded")), "{same}");
    let duration = done["duration_ms"].as_i64().expect("duration");
    assert!((20_000..=30_000).contains(&duration), "a 20–30 s video: {duration}");
    let (status, content_type, video) = fetch(&app, done["video_url"].as_str().expect("video url")).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, "video/mp4"));
    assert_eq!(&video[4..8], b"ftyp", "an MP4");
    let (status, content_type, thumbnail) = fetch(&app, done["thumbnail_url"].as_str().expect("thumbnail url")).await;
    assert_eq!((status, content_type.as_str()), (StatusCode::OK, "image/jpeg"));
    assert_eq!(&thumbnail[..2], &[0xFF, 0xD8], "a JPEG");

    // The download redirects to the signed link; a tampered link is refused.
    let response = app.client.get(app.url(&format!("/api/video-renders/{job_id}/download"))).header("cookie", format!("cotiza_session={admin}")).send().await.expect("download");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let tampered = done["video_url"].as_str().expect("url").replace("sig=", "sig=x");
    assert_eq!(fetch(&app, &tampered).await.0, StatusCode::FORBIDDEN);

    let (status, videos) = app.rest("GET", Some(&admin), "/api/videos", None).await;
    assert_eq!(status, StatusCode::OK, "{videos}");
    assert_eq!(videos.as_array().map(|v| v.iter().filter(|j| j["id"] == job_id.as_str()).count()), Some(1));
    let (status, one) = app.rest("GET", Some(&admin), &format!("/api/videos/{job_id}"), None).await;
    assert_eq!((status, &one["status"]), (StatusCode::OK, &json!("succeeded")));

    let (status, metrics) = app.get_text("/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(metrics.lines().any(|l| l == "video_render_jobs_total{status=\"succeeded\"} 1"), "{metrics}");
    assert!(metrics.contains("video_render_duration_seconds_count 1"), "{metrics}");
    assert!(metrics.contains("video_render_queue_wait_seconds_bucket"), "{metrics}");
}

app_test! {
    async fn drafts_have_no_video_and_other_organisations_see_nothing(app) {
        let admin = org_with_a_film(&app, "video-a").await;
        let (status, draft) = app.rest("POST", Some(&admin), "/api/v1/quotations/residential", Some(quote_body(json!({})))).await;
        assert_eq!(status, StatusCode::CREATED, "{draft}");
        let (status, refused) = ask_video(&app, &admin, draft["id"].as_str().expect("id")).await;
        assert_eq!((status, &refused["status"]), (StatusCode::CONFLICT, &json!("draft")), "{refused}");

        let quote = sent_quote(&app, &admin).await;
        let (status, job) = ask_video(&app, &admin, &quote).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{job}");
        let job_id = job["id"].as_str().expect("id");

        let intruder = org_with_a_film(&app, "video-b").await;
        assert_eq!(ask_video(&app, &intruder, &quote).await.0, StatusCode::NOT_FOUND);
        for (method, path) in [
            ("GET", format!("/api/video-renders/{job_id}")),
            ("POST", format!("/api/video-renders/{job_id}/retry")),
            ("GET", format!("/api/video-renders/{job_id}/download")),
            ("GET", format!("/api/videos/{job_id}")),
        ] {
            let (status, body) = app.rest(method, Some(&intruder), &path, None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}: {body}");
        }
        let (_, jobs) = app.rest("GET", Some(&intruder), "/api/video-renders", None).await;
        assert_eq!(jobs, json!([]));
        let (status, _) = app.rest("GET", None, &format!("/api/video-renders/{job_id}"), None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        // Nothing to download before the video exists.
        assert_eq!(app.rest("GET", Some(&admin), &format!("/api/video-renders/{job_id}/download"), None).await.0, StatusCode::NOT_FOUND);
    }

    async fn only_a_failed_job_is_retried_and_the_failed_one_is_kept(app) {
        let admin = org_with_a_film(&app, "video-retry").await;
        let quote = sent_quote(&app, &admin).await;
        let (_, job) = ask_video(&app, &admin, &quote).await;
        let job_id = job["id"].as_str().expect("id").to_owned();
        let (status, refused) = app.rest("POST", Some(&admin), &format!("/api/video-renders/{job_id}/retry"), None).await;
        assert_eq!((status, &refused["status"]), (StatusCode::CONFLICT, &json!("queued")), "{refused}");
        sqlx::query("UPDATE video_render_jobs SET status = 'failed', unique_key = NULL, error_message = 'encoder broke', attempts = 3 WHERE id = $1")
            .bind(&job_id)
            .execute(app.db.pool())
            .await
            .expect("fail the job");
        let (status, retry) = app.rest("POST", Some(&admin), &format!("/api/video-renders/{job_id}/retry"), None).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{retry}");
        assert_ne!(retry["id"], job["id"]);
        assert_eq!((retry["status"].as_str(), retry["attempts"].as_i64()), (Some("queued"), Some(0)));
        let (_, failed) = app.rest("GET", Some(&admin), &format!("/api/video-renders/{job_id}"), None).await;
        assert_eq!((failed["status"].as_str(), failed["error"].as_str()), (Some("failed"), Some("encoder broke")));
    }

    async fn a_failed_360_job_is_not_retried_as_a_quote_video(app) {
        let admin = org_with_a_film(&app, "video-retry-360").await;
        let (status, vehicle) = app
            .rest("POST", Some(&admin), "/api/v1/vehicles", Some(json!({"make": "Toyota", "model": "RAV4", "year": 2021, "bodyType": "suv"})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{vehicle}");
        let (status, spin) = app.rest("POST", Some(&admin), "/api/video360/jobs",
            Some(json!({"vehicleId": vehicle["id"], "videoUrl": "https://videos.example.com/car.mp4"}))).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{spin}");
        let job_id = spin["id"].as_str().expect("id").to_owned();
        sqlx::query("UPDATE video_render_jobs SET status = 'failed', unique_key = NULL, error_message = 'provider down', attempts = 3 WHERE id = $1")
            .bind(&job_id)
            .execute(app.db.pool())
            .await
            .expect("fail the job");
        // The quote-video routes do not know a 360° job: 404 like GET, twice, and nothing queued.
        for _ in 0..2 {
            let (status, body) = app.rest("POST", Some(&admin), &format!("/api/video-renders/{job_id}/retry"), None).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        }
        assert_eq!(app.rest("GET", Some(&admin), &format!("/api/video-renders/{job_id}"), None).await.0, StatusCode::NOT_FOUND);
        let jobs: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM video_render_jobs").fetch_one(app.db.pool()).await.expect("count");
        assert_eq!(jobs, 1, "no job was created");
        // Its own route still retries it.
        let (status, retried) = app.rest("POST", Some(&admin), &format!("/api/video360/jobs/{job_id}/retry"), None).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{retried}");
    }

    async fn sending_a_quote_asks_for_its_video_only_when_configured(app) {
        let admin = org_with_a_film(&app, "video-issue").await;
        let (_, draft) = app.rest("POST", Some(&admin), "/api/v1/quotations/residential", Some(quote_body(json!({})))).await;
        let id = draft["id"].as_str().expect("id");
        let (status, _) = app.rest("POST", Some(&admin), &format!("/api/v1/quotations/{id}/send"), None).await;
        assert_eq!(status, StatusCode::OK);
        let (_, jobs) = app.rest("GET", Some(&admin), &format!("/api/video-renders?quoteId={id}"), None).await;
        assert_eq!(jobs, json!([]), "VIDEO_RENDER_ON_ISSUE is off by default");
    }
}

#[tokio::test]
async fn video_render_on_issue_enqueues_with_the_send() {
    for backend in [store::Backend::Sqlite, store::Backend::Postgres] {
        let app = TestApp::spawn_with(backend, |c| c.video_render_on_issue = true).await;
        let admin = org_with_a_film(&app, "video-on-issue").await;
        let (_, draft) = app.rest("POST", Some(&admin), "/api/v1/quotations/residential", Some(quote_body(json!({})))).await;
        let id = draft["id"].as_str().expect("id");
        let (status, sent) = app.rest("POST", Some(&admin), &format!("/api/v1/quotations/{id}/send"), None).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        let (_, jobs) = app.rest("GET", Some(&admin), &format!("/api/video-renders?quoteId={id}"), None).await;
        assert_eq!(jobs.as_array().map(Vec::len), Some(1), "{jobs}");
        assert_eq!(jobs[0]["status"], "queued");
        assert_eq!(jobs[0]["quote_version"], 1);
    }
}

#[tokio::test]
async fn the_hourly_limit_is_a_clear_429() {
    for backend in [store::Backend::Sqlite, store::Backend::Postgres] {
        let app = TestApp::spawn_with(backend, |c| c.video_renders_per_hour = 2).await;
        let admin = org_with_a_film(&app, "video-limit").await;
        for _ in 0..2 {
            let quote = sent_quote(&app, &admin).await;
            assert_eq!(ask_video(&app, &admin, &quote).await.0, StatusCode::ACCEPTED);
        }
        let quote = sent_quote(&app, &admin).await;
        let response = app
            .client
            .post(app.url(&format!("/api/video-renders/quotes/{quote}")))
            .header("cookie", format!("cotiza_session={admin}"))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("3600"));
        let body: Value = response.json().await.expect("json");
        assert_eq!(body["limit"], 2, "{body}");
        let (_, jobs) = app.rest("GET", Some(&admin), &format!("/api/video-renders?quoteId={quote}"), None).await;
        assert_eq!(jobs, json!([]), "nothing was queued");
        // Another organisation has its own allowance.
        let other = org_with_a_film(&app, "video-limit-other").await;
        let theirs = sent_quote(&app, &other).await;
        assert_eq!(ask_video(&app, &other, &theirs).await.0, StatusCode::ACCEPTED);
    }
}
