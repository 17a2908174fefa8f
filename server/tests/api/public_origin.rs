//! Absolute links never come from a request's `Host`: without `PUBLIC_URL`
//! they use the loopback address the server listens on, and `/metrics`
//! (every organisation's job counts) is open only on loopback or with its
//! token.
use std::net::SocketAddr;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::quotations::quote_body;
use crate::quotes::org_with_a_film;
use crate::test_app::TestApp;

app_test! {
    async fn links_ignore_the_host_header(app) {
        let admin = org_with_a_film(&app, "origin-links").await;
        let response = app.client.post(app.url("/api/v1/quotations/residential"))
            .header("host", "evil.example").header("cookie", format!("cotiza_session={admin}"))
            .json(&quote_body(json!({"send": true}))).send().await.expect("create");
        assert_eq!(response.status(), StatusCode::CREATED);
        let quote: Value = response.json().await.expect("json");
        let link = quote["public_url"].as_str().expect("public_url");
        assert!(link.starts_with(&format!("http://{}/p/", app.addr)), "{link}");
        assert!(!link.contains("evil.example"), "{link}");
        // The metrics of a loopback server stay open.
        assert_eq!(app.client.get(app.url("/metrics")).send().await.expect("metrics").status(), StatusCode::OK);
    }
}

/// A server on every address (0.0.0.0) with `PUBLIC_URL`, reached over loopback.
async fn public_server(backend: store::Backend, token: Option<&str>) -> (TestApp, String) {
    let token = token.map(|t| server::config::Secret(t.to_owned()));
    let app = TestApp::spawn_with(backend, |c| {
        c.site_addr = SocketAddr::from(([0, 0, 0, 0], 0));
        c.public_url = Some("https://cotiza.example".into());
        c.metrics_token = token;
    })
    .await;
    let metrics = format!("http://127.0.0.1:{}/metrics", app.addr.port());
    (app, metrics)
}

#[tokio::test]
async fn metrics_need_the_token_off_loopback() {
    for backend in [store::Backend::Sqlite, store::Backend::Postgres] {
        let (app, metrics) = public_server(backend, None).await;
        let response = app.client.get(&metrics).send().await.expect("metrics");
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "no token configured: closed");
        assert!(!response.text().await.expect("body").contains("video_render_jobs_total"));

        let (app, metrics) = public_server(backend, Some("s3cret-metrics-token")).await;
        assert_eq!(app.client.get(&metrics).send().await.expect("metrics").status(), StatusCode::UNAUTHORIZED);
        let wrong = app.client.get(&metrics).bearer_auth("guess").send().await.expect("metrics");
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        let right = app.client.get(&metrics).bearer_auth("s3cret-metrics-token").send().await.expect("metrics");
        assert_eq!(right.status(), StatusCode::OK);
        assert!(right.text().await.expect("body").contains("video_render_queue_depth"));
    }
}

#[tokio::test]
async fn a_public_address_without_public_url_does_not_start() {
    let test_db = store::testing::TestDb::new(store::Backend::Sqlite).await;
    let mut config = server::Config::from_lookup(|_| None).expect("defaults");
    config.database_url = test_db.url.clone();
    config.site_addr = SocketAddr::from(([0, 0, 0, 0], 0));
    let Err(e) = server::start(config).await else { panic!("started without PUBLIC_URL on 0.0.0.0") };
    assert!(e.to_string().contains("PUBLIC_URL is required"), "{e}");
}
