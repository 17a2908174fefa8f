//! The public wizard and quote page over HTTP: the no-JS submit, the JSON
//! server function, the public page, the customer's answer and the PDF —
//! and the proof that the browser's live price and the server's agree.
use app::catalog::PublicCatalog;
use app::wizard_form::{ContactForm, OpeningForm, RoomForm, Step, Units, WizardForm};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

fn contact() -> ContactForm {
    ContactForm {
        name: "Ana Pérez".into(),
        phone: "+56 9 8765 4321".into(),
        email: "ana@example.com".into(),
        address: "Av. Providencia 1234".into(),
        commune: "Providencia".into(),
        contact_time: "afternoon".into(),
        language: String::new(),
    }
}

fn opening(kind: &str, w: &str, h: &str, q: &str, sku: &str) -> OpeningForm {
    OpeningForm { kind: kind.into(), width: w.into(), height: h.into(), quantity: q.into(), sku: sku.into(), curved: false, difficult: false }
}

/// A three-room residential quote as a customer types it.
fn three_rooms() -> WizardForm {
    WizardForm {
        step: Step::Contact,
        vertical: "residential".into(),
        units: Units::M,
        extreme_weather: false,
        rooms: vec![
            RoomForm { name: "Living".into(), floor: "1".into(), openings: vec![opening("window", "1,20", "1,50", "2", "SOL-CERAMIC-70")] },
            RoomForm { name: "Dormitorio".into(), floor: "2".into(), openings: vec![opening("sliding_door", "2.40", "2.10", "1", "SEC-CLEAR-4MIL")] },
            RoomForm { name: "Baño".into(), floor: "2".into(), openings: vec![opening("shower_enclosure", "0.9", "1.9", "1", "DEC-FROSTED-FULL")] },
        ],
        contact: contact(),
    }
}

/// Forms covering every opening kind, units, floors, curved glass,
/// difficult access, extreme weather, linear films and volume discounts.
fn varied_forms() -> Vec<WizardForm> {
    let kinds = ["window", "door", "sliding_door", "shower_enclosure", "partition", "skylight"];
    let skus = ["SEC-CLEAR-4MIL", "SEC-CLEAR-8MIL", "SOL-CERAMIC-70", "SOL-CHARCOAL-05", "DEC-FROSTED-FULL", "DEC-COLORED", "DEC-STRIPES"];
    (0..6)
        .map(|n| {
            let mut form = three_rooms();
            form.extreme_weather = n % 2 == 1;
            form.rooms[0].floor = (n * 2).to_string();
            for (k, kind) in kinds.iter().enumerate() {
                let sku = skus[(n + k) % skus.len()];
                let mut o = opening(kind, &format!("{}.{:02}", 1 + k % 3, 7 * (n + k) % 100), "2,05", &(1 + (n * k) % 7).to_string(), sku);
                o.curved = (n + k) % 4 == 0;
                o.difficult = (n + k) % 3 == 0;
                form.rooms[1].openings.push(o);
            }
            if n == 5 {
                // Enough area for a volume discount.
                form.rooms[2].openings.push(opening("partition", "12", "3.5", "4", "SEC-CLEAR-8MIL"));
            }
            if n == 3 {
                form.set_units(Units::Cm);
            }
            form
        })
        .collect()
}

async fn catalog(app: &TestApp) -> PublicCatalog {
    let (status, json) = app.get_json("/api/v1/orgs/demo/products").await;
    assert_eq!(status, StatusCode::OK);
    serde_json::from_value(json).expect("the public catalog")
}

/// POSTs the wizard as a browser without JavaScript does; returns the status and Location.
async fn submit_without_js(app: &TestApp, form: &WizardForm) -> (StatusCode, String) {
    let mut pairs = form.to_pairs(true);
    pairs.push(("lang".into(), "es".into()));
    pairs.push(("op".into(), "submit".into()));
    let response = app
        .client
        .post(app.url("/q/demo/submit"))
        .header("sec-fetch-site", "same-origin")
        .form(&pairs)
        .send()
        .await
        .expect("request");
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (response.status(), location)
}

fn token_of(location: &str) -> String {
    location.strip_prefix("/p/").and_then(|rest| rest.split('?').next()).expect("a public quote link").to_owned()
}

async fn public_quote(app: &TestApp, token: &str) -> Value {
    let called = app.call(None, "public_quote", &[("token", token)]).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.json);
    called.json
}

fn decimal(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a decimal string: {v}"))
}

app_test! {
    async fn the_server_prices_exactly_what_the_browser_showed(app) {
        let catalog = catalog(&app).await;
        for form in varied_forms() {
            let live = form.price(&catalog);
            assert!(live.errors.is_empty(), "{:?}", live.errors);
            let shown = live.breakdown.expect("the browser shows a price");
            let (status, location) = submit_without_js(&app, &form).await;
            assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
            let quote = public_quote(&app, &token_of(&location)).await;
            let saved = &quote["quote"]["document"]["breakdown"];
            assert_eq!(decimal(&saved["total"]), shown.total, "total of {form:?}");
            assert_eq!(decimal(&saved["discount"]), shown.discount);
            let lines = saved["lines"].as_array().expect("lines");
            assert_eq!(lines.len(), shown.lines.len());
            for (saved, shown) in lines.iter().zip(&shown.lines) {
                assert_eq!(decimal(&saved["total"]), shown.total);
            }
        }
    }

    async fn a_customer_without_javascript_gets_a_quote_page_and_a_pdf(app) {
        let (status, location) = submit_without_js(&app, &three_rooms()).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/p/") && location.ends_with("?lang=es"), "{location}");
        let token = token_of(&location);
        assert_eq!(token.len(), 43, "256 random bits");
        let (status, html) = app.get_text(&location).await;
        assert_eq!(status, StatusCode::OK);
        let quote = public_quote(&app, &token).await;
        let number = quote["quote"]["document"]["number"].as_str().expect("number").to_owned();
        assert!(html.contains(&number), "the page shows {number}");
        assert!(html.contains("Ana Pérez") && html.contains("Dormitorio") && html.contains("Confirmar cotización"));
        assert_eq!(quote["quote"]["status"], "pending");
        assert_eq!(quote["org"]["phone"], "+56223456789");

        let response = app.client.get(app.url(&format!("/p/{token}/pdf"))).send().await.expect("pdf");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "application/pdf");
        let disposition = response.headers()["content-disposition"].to_str().expect("ascii").to_owned();
        assert!(disposition.contains(&format!("{number}-v1.pdf")), "{disposition}");
        let bytes = response.bytes().await.expect("body");
        assert!(bytes.starts_with(b"%PDF-1.") && bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"), "a PDF file");

        for missing in ["/p/not-a-token", &format!("/p/{}", "A".repeat(43)), &format!("/p/{}/pdf", "A".repeat(43))] {
            let (status, _) = app.get_text(missing).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        }
    }

    async fn bad_wizard_input_comes_back_with_everything_typed(app) {
        let mut form = three_rooms();
        form.contact.phone = "98765432".into();
        let (status, location) = submit_without_js(&app, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/q/demo?"), "{location}");
        assert!(location.contains("error.contact.phone="), "{location}");
        let (status, html) = app.get_text(&location).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("usa el formato internacional con el código de país"), "the error, in Spanish");
        assert!(html.contains(r#"value="Ana Pérez""#), "the name typed is kept");
        assert!(html.contains(r#"value="98765432""#), "the bad phone is kept to correct");
        assert!(html.contains(r#"name="rooms[2].openings[0].width" value="0.9""#), "the rooms travel along");

        let mut bad_size = three_rooms();
        bad_size.rooms[1].openings[0].width = "25".into();
        let (_, location) = submit_without_js(&app, &bad_size).await;
        let (_, html) = app.get_text(&location).await;
        assert!(html.contains("debe ser como máximo 20 m"), "back on the rooms step with the size error");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quotes").fetch_one(app.db.pool()).await.expect("count");
        assert_eq!(count, 0, "nothing was written");
    }

    async fn with_javascript_the_wizard_submits_json_and_gets_field_errors(app) {
        let submit = |form: WizardForm| {
            let app = &app;
            async move {
                let response = app
                    .client
                    .post(app.url("/api/submit_quote"))
                    .header("sec-fetch-site", "same-origin")
                    .json(&json!({"slug": "demo", "form": form, "lang": "en"}))
                    .send()
                    .await
                    .expect("request");
                (response.status(), response.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        let (status, token) = submit(three_rooms()).await;
        assert_eq!(status, StatusCode::OK, "{token}");
        let quote = public_quote(&app, token.as_str().expect("token")).await;
        assert_eq!(quote["quote"]["document"]["language"], "en");
        let mut bad = three_rooms();
        bad.contact.name = " ".into();
        bad.rooms[0].openings[0].quantity = "2.5".into();
        let (status, error) = submit(bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert_eq!(error["Invalid"]["fields"]["rooms[0].openings[0].quantity"], "must be a whole number");
    }

    async fn the_customer_confirms_once_on_the_public_page(app) {
        let (_, location) = submit_without_js(&app, &three_rooms()).await;
        let token = token_of(&location);
        let answer = |decision: &'static str, version: &'static str| {
            let app = &app;
            let token = token.clone();
            async move { app.call(None, "answer_quote", &[("token", &token), ("decision", decision), ("version", version), ("reason", "")]).await }
        };
        let stale = answer("confirm", "2").await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "answering a version never shown");
        let confirmed = answer("confirm", "1").await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.json);
        assert_eq!(public_quote(&app, &token).await["quote"]["status"], "confirmed");
        let again = answer("reject", "1").await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.json);
        let (_, html) = app.get_text(&format!("/p/{token}")).await;
        assert!(html.contains("Confirmaste esta cotización") && !html.contains("Confirmar cotización"));
        let bad = answer("maybe", "1").await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
}
