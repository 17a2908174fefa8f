//! The sales dashboard's quotes over HTTP: the editor's save, send with the
//! public and WhatsApp links, new versions the customer sees, answers on
//! the customer's behalf, duplicates, the list and customers.
use app::wizard_form::{ContactForm, OpeningForm, RoomForm, Step, Units, WizardForm};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

/// An organisation with one film; returns the admin's session.
pub async fn org_with_a_film(app: &TestApp, slug: &str) -> String {
    let admin = app.sign_up(slug).await;
    let (status, product) = app
        .rest("POST", Some(&admin), "/api/v1/products", Some(json!({
            "sku": "SOL-50", "name_es": "Control solar 50", "type": "solar_control", "unit": "m2",
            "verticals": ["residential", "commercial"], "price": {"material_price": "80", "installation_price": "20"}})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    admin
}

pub fn form(rooms: usize) -> WizardForm {
    WizardForm {
        step: Step::Contact,
        vertical: "residential".into(),
        units: Units::Cm,
        extreme_weather: false,
        rooms: (0..rooms)
            .map(|i| RoomForm {
                name: format!("Sala {}", i + 1),
                floor: "1".into(),
                openings: vec![OpeningForm {
                    kind: "window".into(),
                    width: "120".into(),
                    height: "150".into(),
                    quantity: "1".into(),
                    sku: "SOL-50".into(),
                    curved: false,
                    difficult: false,
                }],
            })
            .collect(),
        contact: ContactForm {
            name: "Bruno Díaz".into(),
            phone: "+56 9 1111 2222".into(),
            email: String::new(),
            address: "Los Leones 100".into(),
            commune: "Providencia".into(),
            contact_time: "any".into(),
            language: "en".into(),
        },
    }
}

/// The editor's save (JSON server function): status and body.
pub async fn save(app: &TestApp, cookie: &str, id: &str, version: i64, form: &WizardForm) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/save_quote"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", format!("cotiza_session={cookie}"))
        .json(&json!({"id": id, "version": version, "form": form}))
        .send()
        .await
        .expect("request");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

app_test! {
    async fn sales_send_revise_and_close_a_quote(app) {
        let admin = org_with_a_film(&app, "ventas").await;
        let sales = app.invite_and_accept(&admin, "vendedor@ventas.test", "sales").await;
        let (status, id) = save(&app, &sales, "", 0, &form(3)).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("id").to_owned();
        let page = app.call(Some(&sales), "quote_page", &[("id", &id)]).await;
        assert_eq!(page.json["quote"]["status"], "draft");
        assert_eq!(page.json["quote"]["document"]["input"]["rooms"][0]["openings"][0]["width_m"], "1.20", "centimetres saved as metres");

        assert_eq!(app.call(Some(&sales), "send_quote", &[("id", &id)]).await.status, StatusCode::OK);
        let page = app.call(Some(&sales), "quote_page", &[("id", &id)]).await.json;
        assert_eq!(page["quote"]["status"], "pending");
        let token = page["quote"]["token"].as_str().expect("token").to_owned();
        let public_url = page["public_url"].as_str().expect("public url");
        assert!(public_url.starts_with("http://") && public_url.ends_with(&format!("/p/{token}")), "{public_url}");
        let whatsapp = page["whatsapp"].as_str().expect("whatsapp link");
        assert!(whatsapp.starts_with("https://wa.me/56911112222?text=Hello%21%20Here%20is%20your%20quote%20COT-"), "in the customer's language: {whatsapp}");

        // Sales change the sent quote: version 2, which the customer sees.
        let (status, _) = save(&app, &sales, &id, 1, &form(2)).await;
        assert_eq!(status, StatusCode::OK);
        let public = app.call(None, "public_quote", &[("token", &token)]).await.json;
        assert_eq!(public["quote"]["document"]["version"], 2);
        assert_eq!(public["quote"]["document"]["input"]["rooms"].as_array().map(Vec::len), Some(2));
        assert_eq!(public["quote"]["versions"].as_array().map(Vec::len), Some(2), "the history is kept");
        // An editor still on version 1 is told; nothing is written.
        let (status, body) = save(&app, &admin, &id, 1, &form(1)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");

        // Confirmed on the customer's behalf; a deal no longer changes.
        let decided = app.call(Some(&sales), "decide_quote", &[("id", &id), ("decision", "confirm"), ("reason", "")]).await;
        assert_eq!(decided.status, StatusCode::OK, "{}", decided.json);
        let (status, _) = save(&app, &sales, &id, 2, &form(1)).await;
        assert_eq!(status, StatusCode::CONFLICT);

        let copy = app.call(Some(&sales), "duplicate_quote", &[("id", &id)]).await;
        assert_eq!(copy.status, StatusCode::OK, "{}", copy.json);
        let copy_id = copy.json.as_str().expect("copy id");
        let copied = app.call(Some(&sales), "quote_page", &[("id", copy_id)]).await.json;
        assert_eq!(copied["quote"]["status"], "draft");

        let list = app.call(Some(&admin), "quotes", &[("q", "bruno")]).await.json;
        assert_eq!(list["quotes"].as_array().map(Vec::len), Some(2));
        let confirmed = app.call(Some(&admin), "quotes", &[("status", "confirmed")]).await.json;
        assert_eq!(confirmed["quotes"].as_array().map(Vec::len), Some(1));
        let customers = app.call(Some(&admin), "customers", &[]).await.json;
        assert_eq!((customers[0]["name"].as_str(), customers[0]["quotes"].as_i64()), (Some("Bruno Díaz"), Some(2)));
        let customer = app.call(Some(&admin), "customer", &[("id", customers[0]["id"].as_str().expect("id"))]).await.json;
        assert_eq!(customer["quotes"].as_array().map(Vec::len), Some(2));
    }

    async fn the_editor_reports_every_bad_field_and_the_dashboard_needs_a_login(app) {
        let admin = org_with_a_film(&app, "editor").await;
        let mut bad = form(1);
        bad.rooms[0].openings[0].width = "3000".into();
        bad.contact.phone = "123".into();
        let (status, body) = save(&app, &admin, "", 0, &bad).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["Invalid"]["fields"]["rooms[0].openings[0].width"], "must be at most 20");
        assert_eq!(body["Invalid"]["fields"]["contact.phone"], domain::quote_messages::PHONE);
        let anonymous = app.call(None, "quotes", &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
        let (status, _) = app.get_text("/app/quotes").await;
        assert_eq!(status, StatusCode::OK, "the page renders and sends the visitor to log in");
    }
}
