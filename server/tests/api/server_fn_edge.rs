//! Server functions at the edge: arguments that do not decode are 400 and a
//! body over the limit is 413 (declared or streamed), as REST answers —
//! never a 500 — while the largest legitimate call, a staff quote with the
//! most rooms a quote may have, still saves.
use app::wizard_form::OpeningForm;
use reqwest::StatusCode;
use serde_json::{Value, json};
use server::server_fn_guard::SERVER_FN_MAX_BODY_BYTES;

use crate::app_test;
use crate::quotes::{form, org_with_a_film, save};
use crate::test_app::TestApp;

async fn post_raw(app: &TestApp, path: &str, content_type: &str, body: reqwest::Body) -> (StatusCode, Value) {
    let response = app.client.post(app.url(path)).header("sec-fetch-site", "same-origin").header("content-type", content_type)
        .body(body).send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

app_test! {
    async fn server_functions_answer_bad_input_with_client_statuses(app) {
        // Undecodable arguments: JSON codec and form codec.
        let (status, body) = post_raw(&app, "/api/save_quote", "application/json", "{not json".into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert!(body["Transport"].is_string(), "the error Leptos made is kept: {body}");
        let (status, body) = post_raw(&app, "/api/save_quote", "application/json", r#"{"id": 7}"#.into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let (status, body) = post_raw(&app, "/api/invite_user", "application/x-www-form-urlencoded", "%%%=&&role".into()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

        // Over the limit: declared, then streamed without a length.
        let big = vec![b' '; SERVER_FN_MAX_BODY_BYTES + 1];
        let (status, body) = post_raw(&app, "/api/save_quote", "application/json", big.clone().into()).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["TooLarge"]["limit"], SERVER_FN_MAX_BODY_BYTES, "{body}");
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = big.chunks(16 * 1024).map(|c| Ok(c.to_vec())).collect();
        let streamed = reqwest::Body::wrap_stream(futures_util::stream::iter(chunks));
        let (status, body) = post_raw(&app, "/api/save_quote", "application/json", streamed).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");

        // The largest legitimate call: 200 rooms (the most a quote may have) of 10 openings.
        let admin = org_with_a_film(&app, "server-fn-edge").await;
        let mut big_quote = form(domain::MAX_ROOMS);
        for room in &mut big_quote.rooms {
            let opening = room.openings[0].clone();
            room.openings = vec![OpeningForm { width: "245.5".into(), ..opening }; 10];
        }
        let size = serde_json::to_vec(&json!({"id": "", "version": 0, "form": &big_quote})).expect("json").len();
        eprintln!("save_quote with 200 rooms x 10 openings: {size} bytes (limit {SERVER_FN_MAX_BODY_BYTES})");
        assert!(size * 3 / 2 < SERVER_FN_MAX_BODY_BYTES, "{size} bytes leave too little margin");
        let (status, id) = save(&app, &admin, "", 0, &big_quote).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let quote_id = id.as_str().expect("the new quote's id");
        let (status, quote) = app.rest("GET", Some(&admin), &format!("/api/v1/quotations/{quote_id}"), None).await;
        assert_eq!(status, StatusCode::OK, "{quote}");
    }
}
