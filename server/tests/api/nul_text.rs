//! No text with U+0000 gets in, whichever way it comes — the URL, a JSON
//! body, a form body, a server function — and nothing already saved is lost:
//! PostgreSQL would refuse it with a 500 and SQLite would keep it, so both
//! databases answer 400 the same way.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

async fn post(app: &TestApp, cookie: &str, path: &str, content_type: &str, body: &str) -> (StatusCode, Value) {
    let response = app.client.post(app.url(path)).header("sec-fetch-site", "same-origin")
        .header("cookie", format!("cotiza_session={cookie}")).header("content-type", content_type)
        .body(body.to_owned()).send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

app_test! {
    async fn text_with_a_nul_is_refused_everywhere_and_nothing_saved_is_lost(app) {
        let admin = app.sign_up("sin-nulos").await;
        let film = |name: &str| json!({"sku": "SOL-1", "name_es": name, "type": "solar_control", "unit": "m2",
            "verticals": ["residential"], "price": {"material_price": "10", "installation_price": "5"}});
        let (status, saved) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film("Control solar"))).await;
        assert_eq!(status, StatusCode::CREATED, "{saved}");
        let id = saved["id"].as_str().expect("id").to_owned();

        // JSON: the escape, through the REST API (a new product, and an edit of the saved one).
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film("Control\u{0}solar"))).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(body["error"], "text must not contain the NUL character");
        let mut edit = film("a\u{0}");
        edit["version"] = saved["version"].clone();
        let (status, _) = app.rest("PUT", Some(&admin), &format!("/api/v1/products/{id}"), Some(edit)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // An escaped backslash followed by the text u0000 is ordinary text.
        let (status, body) = post(&app, &admin, "/api/v1/products", "application/json",
            r#"{"sku":"SOL-2","name_es":"C:\\u0000","type":"solar_control","unit":"m2","verticals":["residential"],"price":{"material_price":"10","installation_price":"5"}}"#).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        assert_eq!(body["name_es"], r"C:\u0000");

        // A form body: a server function (the quote search of the staff list) and a no-JS form.
        let called = app.call(Some(&admin), "quotes", &[("q", "\u{0}x")]).await;
        assert_eq!(called.status, StatusCode::BAD_REQUEST, "{called:?}");
        let (status, _) = post(&app, &admin, "/api/update_settings", "application/x-www-form-urlencoded", "name=A%00B&country=CL").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        // The URL.
        let (status, _) = app.rest("GET", Some(&admin), "/api/v1/quotations?q=%00x", None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        // Nothing saved was touched.
        let (status, product) = app.rest("GET", Some(&admin), &format!("/api/v1/products/{id}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!((product["name_es"].as_str(), &product["version"]), (Some("Control solar"), &saved["version"]));
        let (_, list) = app.rest("GET", Some(&admin), "/api/v1/products", None).await;
        assert_eq!(list.as_array().map(Vec::len), Some(2), "only the two good products: {list}");
    }
}
