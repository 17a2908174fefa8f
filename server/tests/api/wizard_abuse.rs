//! Abuse of the public wizard and what the public page gives away (issue
//! 17): submits over the hourly limits answer 429 with `Retry-After` (JSON)
//! or come back to the form with the reason and everything typed (no JS);
//! a wizard quote over 100 openings is a field error; the public quote
//! carries no internal ids; the quotations list's totals by status count
//! the organisation, not the page. Every test runs on SQLite and PostgreSQL.
use app::automotive_form::AutomotiveForm;
use app::automotive_wizard::AutomotiveWizardCatalog;
use app::wizard_form::{ContactForm, OpeningForm, RoomForm, Step, Units, WizardForm};
use domain::GlassPosition;
use reqwest::StatusCode;
use serde_json::{Value, json};
use store::Backend;

use crate::app_test;
use crate::test_app::TestApp;

fn form(rooms: usize, openings_per_room: usize) -> WizardForm {
    let opening = OpeningForm {
        kind: "window".into(),
        width: "1,20".into(),
        height: "1,50".into(),
        quantity: "1".into(),
        sku: "SOL-CERAMIC-70".into(),
        curved: false,
        difficult: false,
    };
    WizardForm {
        step: Step::Contact,
        vertical: "residential".into(),
        units: Units::M,
        extreme_weather: false,
        rooms: (0..rooms)
            .map(|r| RoomForm { name: format!("Pieza {r}"), floor: "1".into(), openings: vec![opening.clone(); openings_per_room] })
            .collect(),
        contact: ContactForm {
            name: "Ana Pérez".into(),
            phone: "+56 9 8765 4321".into(),
            email: "ana@example.com".into(),
            address: "Av. Providencia 1234".into(),
            commune: "Providencia".into(),
            contact_time: "afternoon".into(),
            language: String::new(),
        },
    }
}

/// The JSON server function to the demo organisation; status, `Retry-After` and body.
async fn submit_json(app: &TestApp, form: &WizardForm) -> (StatusCode, Option<String>, Value) {
    submit_json_to(app, "demo", form).await
}

async fn submit_json_to(app: &TestApp, slug: &str, form: &WizardForm) -> (StatusCode, Option<String>, Value) {
    let response = app
        .client
        .post(app.url("/api/submit_quote"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"slug": slug, "form": form, "lang": "es"}))
        .send()
        .await
        .expect("request");
    let retry = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (response.status(), retry, response.json::<Value>().await.unwrap_or(Value::Null))
}

/// The no-JS post; status and Location.
async fn submit_form(app: &TestApp, path: &str, mut pairs: Vec<(String, String)>) -> (StatusCode, String) {
    pairs.push(("lang".into(), "es".into()));
    pairs.push(("op".into(), "submit".into()));
    let response =
        app.client.post(app.url(path)).header("sec-fetch-site", "same-origin").form(&pairs).send().await.expect("request");
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (response.status(), location)
}

async fn quote_count(app: &TestApp) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM quotes").fetch_one(app.db.pool()).await.expect("count")
}

/// A car the automotive wizard accepts.
async fn car(app: &TestApp) -> AutomotiveForm {
    let called = app.call(None, "automotive_wizard_data", &[("slug", "demo")]).await;
    let data: AutomotiveWizardCatalog = serde_json::from_value(called.json).expect("the wizard's data");
    let mut form = AutomotiveForm::default();
    form.vehicle.vin = "1HGCM82633A004352".into();
    form.vehicle.model = "Accord".into();
    form.vehicle.body_type = "sedan".into();
    assert!(form.apply("to_glass", &data).is_empty());
    form.set_glass(GlassPosition::RearWindshield, true);
    form.films.insert(GlassPosition::RearWindshield.as_str().into(), "AUTO-CERAMIC-70".into());
    form.contact = ContactForm { name: "Camila Soto".into(), phone: "+56 9 8765 4321".into(), ..ContactForm::default() };
    assert!(form.apply("to_contact", &data).is_empty());
    form
}

async fn over_the_limit_nothing_is_saved_and_nothing_typed_is_lost(backend: Backend) {
    let app = TestApp::spawn_with(backend, |c| {
        c.wizard = quotes::WizardPolicy { submits_per_hour_per_ip: 2, submits_per_hour_per_org: 300 };
    })
    .await;
    for _ in 0..2 {
        let (status, _, body) = submit_json(&app, &form(2, 1)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // With JavaScript: 429 and when to come back.
    let (status, retry, body) = submit_json(&app, &form(2, 1)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let retry: u64 = retry.expect("Retry-After").parse().expect("seconds");
    assert!((1..=3600).contains(&retry), "Retry-After {retry}");
    assert!(body["TooManyRequests"]["retry_after_secs"].as_i64().is_some_and(|s| s > 0), "{body}");

    // Without JavaScript: back to the form, the reason above it, everything typed kept.
    let (status, location) = submit_form(&app, "/q/demo/submit", form(2, 1).to_pairs(true)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/q/demo?") && location.contains("error.form="), "{location}");
    let (_, html) = app.get_text(&location).await;
    assert!(html.contains("Recibimos demasiadas solicitudes"), "the reason, in Spanish");
    assert!(html.contains(r#"value="Ana Pérez""#), "the name typed is kept");

    // The car wizard counts against the same limit.
    let car = car(&app).await;
    let (status, location) = submit_form(&app, "/q/demo/auto/submit", car.to_pairs()).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(location.starts_with("/q/demo/auto?") && location.contains("error.form="), "{location}");
    let (_, html) = app.get_text(&location).await;
    assert!(html.contains("Recibimos demasiadas solicitudes") && html.contains("Camila Soto"), "reason and contact kept");
    let request = car.to_request("es").expect("a complete car request");
    let response = app
        .client
        .post(app.url("/api/submit_automotive_quote"))
        .header("sec-fetch-site", "same-origin")
        .json(&json!({"slug": "demo", "request": request}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get("retry-after").is_some());

    assert_eq!(quote_count(&app).await, 2, "only the submits within the limit were saved");
}

#[tokio::test]
async fn over_the_limit_nothing_is_saved_sqlite() {
    over_the_limit_nothing_is_saved_and_nothing_typed_is_lost(Backend::Sqlite).await;
}

#[tokio::test]
async fn over_the_limit_nothing_is_saved_postgres() {
    over_the_limit_nothing_is_saved_and_nothing_typed_is_lost(Backend::Postgres).await;
}

app_test! {
    async fn a_wizard_quote_over_100_openings_is_refused_with_the_reason(app) {
        let (status, _, body) = submit_json(&app, &form(10, 10)).await;
        assert_eq!(status, StatusCode::OK, "100 openings: {body}");
        let (status, _, body) = submit_json(&app, &form(11, 10)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"]["fields"]["rooms"], quotes::TOO_MANY_OPENINGS);
        let (status, location) = submit_form(&app, "/q/demo/submit", form(11, 10).to_pairs(true)).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (_, html) = app.get_text(&location).await;
        assert!(html.contains("como máximo 100 ventanas o puertas"), "the reason, in Spanish");
        assert_eq!(quote_count(&app).await, 1);
    }

    async fn the_public_quote_carries_no_internal_ids(app) {
        let (status, _, token) = submit_json(&app, &form(2, 1)).await;
        assert_eq!(status, StatusCode::OK);
        let called = app.call(None, "public_quote", &[("token", token.as_str().expect("token"))]).await;
        assert_eq!(called.status, StatusCode::OK, "{}", called.json);
        let text = called.json.to_string();
        let row = sqlx::query("SELECT q.id, q.customer_id, l.product_id, l.price_id FROM quotes q JOIN quote_lines l ON l.quote_id = q.id")
            .fetch_one(app.db.pool())
            .await
            .expect("the saved ids");
        use sqlx::Row;
        for column in ["id", "customer_id", "product_id", "price_id"] {
            let id: String = row.get(column);
            assert!(!text.contains(&id), "the public quote shows its {column} {id}");
        }
        // The page still has what it shows.
        let quote = &called.json["quote"];
        assert_eq!(quote["document"]["films"][0]["sku"], "SOL-CERAMIC-70");
        assert!(quote["document"]["breakdown"]["total"].as_str().is_some());
    }

    async fn the_quotations_list_counts_the_organisation_not_the_page(app) {
        let admin = crate::quotes::org_with_a_film(&app, "lista").await;
        for _ in 0..5 {
            let (status, _, body) = submit_json_to(&app, "lista", &crate::quotes::form(1)).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        // Another organisation's quotes count for nobody here.
        let (status, _, _) = submit_json(&app, &form(1, 1)).await;
        assert_eq!(status, StatusCode::OK);
        let (status, list) = app.rest("GET", Some(&admin), "/api/v1/quotations?limit=2", None).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(list["quotations"].as_array().map(Vec::len), Some(2), "one page: {list}");
        let of = |status: &str| list["by_status"].as_array().expect("by_status").iter().find(|s| s["status"] == status).cloned();
        let pending = of("pending").expect("pending");
        assert_eq!(pending["count"], json!(5), "{list}");
        assert_eq!(of("draft").map(|d| d["count"].clone()), Some(json!(0)));
    }

    async fn the_wizard_never_changes_a_customer_and_staff_see_the_difference(app) {
        let admin = crate::quotes::org_with_a_film(&app, "fiel").await;
        let mut trusted = crate::quotes::form(1);
        trusted.contact.email = "bruno@example.com".into();
        let (status, body) = crate::quotes::save(&app, &admin, "", 0, &trusted).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // Someone types Bruno's phone with another name and email.
        let mut forged = crate::quotes::form(1);
        forged.contact.name = "Mallory".into();
        forged.contact.email = "mallory@evil.example".into();
        let (status, _, body) = submit_json_to(&app, "fiel", &forged).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let customer_id: String = sqlx::query_scalar("SELECT id FROM customers WHERE phone = '+56911112222'")
            .fetch_one(app.db.pool())
            .await
            .expect("one customer");
        let page = app.call(Some(&admin), "customer", &[("id", &customer_id)]).await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.json);
        assert_eq!(page.json["customer"]["name"], "Bruno Díaz", "the customer on file is unchanged");
        assert_eq!(page.json["customer"]["email"], "bruno@example.com");
        assert_eq!(page.json["quotes"].as_array().map(Vec::len), Some(2));
        let differing = page.json["differing"].as_array().expect("differing contacts");
        assert_eq!(differing.len(), 1, "{differing:?}");
        assert_eq!(differing[0]["name"], "Mallory");
        // The page says so, in Spanish.
        let html = app
            .client
            .get(app.url(&format!("/app/customers/{customer_id}")))
            .header("cookie", format!("cotiza_session={admin}"))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(html.contains("¿El mismo cliente?") && html.contains("Mallory"), "the note on the customer page");
    }
}
