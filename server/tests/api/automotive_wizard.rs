//! The automotive wizard (`/q/{slug}/auto`) over HTTP: its data server
//! function (only car films, the organisation's automotive catalog), the
//! no-JS submit and the JSON one, and the proof that the browser's live
//! price of a car is the saved quote's to the cent.
use app::automotive_form::{AutoStep, AutomotiveForm};
use app::automotive_wizard::AutomotiveWizardCatalog;
use app::wizard_form::ContactForm;
use domain::{GlassPosition, Vertical};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

async fn wizard_data(app: &TestApp) -> AutomotiveWizardCatalog {
    let called = app.call(None, "automotive_wizard_data", &[("slug", "demo")]).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.json);
    serde_json::from_value(called.json).expect("the wizard's data")
}

/// A 2003 Honda by its VIN: the front door windows in carbon 05 (under the
/// demo's 35 % minimum), the rear windshield in ceramic 70.
fn honda(data: &AutomotiveWizardCatalog) -> AutomotiveForm {
    let mut form = AutomotiveForm::default();
    form.vehicle.vin = "1HGCM82633A004352".into();
    form.vehicle.model = "Accord".into();
    form.vehicle.body_type = "sedan".into();
    assert!(form.apply("to_glass", data).is_empty());
    for (position, sku) in [(GlassPosition::FrontLeft, "AUTO-CARBON-05"), (GlassPosition::FrontRight, "AUTO-CARBON-05"), (GlassPosition::RearWindshield, "AUTO-CERAMIC-70")] {
        form.set_glass(position, true);
        form.films.insert(position.as_str().into(), sku.into());
    }
    form.contact = ContactForm {
        name: "Camila Soto".into(),
        phone: "+56 9 8765 4321".into(),
        address: "Av. Grecia 1200".into(),
        commune: "Ñuñoa".into(),
        ..ContactForm::default()
    };
    assert!(form.apply("to_contact", data).is_empty());
    form
}

/// POSTs the form as a browser without JavaScript does; returns the status and Location.
async fn submit_without_js(app: &TestApp, form: &AutomotiveForm) -> (StatusCode, String) {
    let mut pairs = form.to_pairs();
    pairs.push(("lang".into(), "es".into()));
    pairs.push(("op".into(), "submit".into()));
    let response = app
        .client
        .post(app.url("/q/demo/auto/submit"))
        .header("sec-fetch-site", "same-origin")
        .form(&pairs)
        .send()
        .await
        .expect("request");
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (response.status(), location)
}

fn decimal(v: &Value) -> Decimal {
    v.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("a decimal string: {v}"))
}

app_test! {
    async fn the_server_saves_the_price_the_browser_showed(app) {
        let data = wizard_data(&app).await;
        assert!(!data.catalog.products.is_empty());
        assert!(data.catalog.products.iter().all(|p| p.verticals.contains(&Vertical::Automotive)), "only car films");
        assert_eq!(data.automotive.min_front_vlt, Some(35));
        let form = honda(&data);
        let live = form.price(&data);
        let shown = live.breakdown.clone().expect("the browser shows a price");
        assert_eq!(live.warnings.len(), 2, "both front windows are too dark");

        let (status, location) = submit_without_js(&app, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let token = location.strip_prefix("/p/").and_then(|rest| rest.split('?').next()).expect("a public quote link");
        let quote = app.call(None, "public_quote", &[("token", token)]).await;
        assert_eq!(quote.status, StatusCode::OK, "{}", quote.json);
        let document = &quote.json["quote"]["document"];
        assert_eq!(decimal(&document["breakdown"]["total"]), shown.total);
        let lines = document["breakdown"]["lines"].as_array().expect("lines");
        assert_eq!(lines.len(), shown.lines.len());
        for (saved, shown) in lines.iter().zip(&shown.lines) {
            assert_eq!(decimal(&saved["total"]), shown.total);
        }
        assert_eq!(document["automotive"]["positions"], json!(["front_left", "front_right", "rear_windshield"]));
        assert_eq!(document["automotive"]["warnings"].as_array().map(Vec::len), Some(2));
        assert_eq!(document["automotive"]["vehicle"]["make"], "Honda");

        let (status, html) = app.get_text(&location).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Camila Soto"));
    }

    async fn bad_input_comes_back_to_the_form_with_everything_typed(app) {
        let data = wizard_data(&app).await;
        let mut form = honda(&data);
        form.vehicle.vin = "1HGCM82633A004353".into();
        form.contact.phone = "98765432".into();
        let (status, location) = submit_without_js(&app, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/q/demo/auto?"), "{location}");
        assert!(location.contains("error.vehicle.vin=") && location.contains("step=vehicle"), "{location}");
        let (status, html) = app.get_text(&location).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("el dígito verificador"), "the rule the VIN breaks, in Spanish");
        assert!(html.contains(r#"value="1HGCM82633A004353""#), "the VIN typed is kept to correct");
        assert!(html.contains(r#"name="film.front_left" value="AUTO-CARBON-05""#), "the glass travels along");
        assert!(html.contains(r#"name="contact.phone" value="98765432""#), "so does the contact");

        // A film that is not sold for cars is named at its select.
        let mut home_film = honda(&data);
        home_film.films.insert("rear_windshield".into(), "SOL-CERAMIC-70".into());
        let (_, location) = submit_without_js(&app, &home_film).await;
        assert!(location.contains("error.film.rear_windshield=") && location.contains("step=glass"), "{location}");
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM quotes").fetch_one(app.db.pool()).await.expect("count");
        assert_eq!(count, 0, "nothing was written");
    }

    async fn a_car_quote_needs_no_street_address(app) {
        let data = wizard_data(&app).await;
        let mut form = honda(&data);
        form.contact.address.clear();
        form.contact.commune.clear();
        let (status, location) = submit_without_js(&app, &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let token = location.strip_prefix("/p/").and_then(|rest| rest.split('?').next()).expect("a public quote link, not the form again");
        let quote = app.call(None, "public_quote", &[("token", token)]).await;
        assert_eq!(quote.json["quote"]["document"]["contact"]["address"], "", "{}", quote.json);
    }

    async fn without_javascript_each_button_renders_the_next_step(app) {
        let (status, html) = app.get_text("/q/demo").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"href="/q/demo/auto?lang=es""#) && html.contains("¿Es un vehículo? Cotiza por ventanas"), "the car path");

        let (status, html) = app.get_text("/q/demo/auto").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Cotiza el polarizado de tu vehículo") && html.contains(r#"name="vehicle.body_type""#));
        let (status, _) = app.get_text("/q/nope/auto").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        // A link that asks the room wizard for a car lands on the car wizard.
        let response =
            app.client.get(app.url("/q/demo?vertical=automotive&lang=en")).header("accept", "text/html").send().await.expect("request");
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned);
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(location.as_deref(), Some("/q/demo/auto?lang=en"));

        // The VIN read by the server, then the sedan's glass with its sizes, warnings and price.
        let (_, html) = app.get_text("/q/demo/auto?lang=en&step=vehicle&vehicle.vin=1HGCM82633A004352&op=read_vin").await;
        assert!(html.contains("Honda · 2003") && html.contains(r#"value="Honda""#), "decoded offline");
        // Without a VIN, make and model come from suggestions: every make, and the models of the make typed.
        assert!(html.contains(r#"list="vehicle-makes""#) && html.contains(r#"<option value="Toyota">"#), "makes offered");
        assert!(html.contains(r#"<option value="Accord">"#) && !html.contains(r#"<option value="Corolla">"#), "the Honda's models only");
        let glass = "/q/demo/auto?lang=es&step=vehicle&vehicle.vin=1HGCM82633A004352&vehicle.model=Accord&vehicle.body_type=sedan\
                     &glass=front_left&film.front_left=AUTO-CARBON-05&glass=rear_windshield&film.rear_windshield=AUTO-CERAMIC-70";
        let (_, html) = app.get_text(&format!("{glass}&op=to_glass")).await;
        assert!(html.contains(r#"name="step" value="glass""#), "on the glass step");
        assert!(html.contains("0,48 m²") && html.contains("Luz visible 5 %"), "sizes and VLT badges");
        assert!(html.contains("el mínimo legal para las ventanas delanteras es 35 %"), "the tint warning");
        assert!(html.contains("US$"), "the price");
        let (_, html) = app.get_text(&format!("{glass}&step=glass&op=to_contact")).await;
        assert!(html.contains(r#"name="step" value="contact""#) && html.contains("Nombre y apellido"), "on to the contact step");
        let (_, html) = app.get_text("/q/demo/auto?step=glass&vehicle.model=Accord&vehicle.make=Honda&vehicle.year=2003&vehicle.body_type=sedan&op=to_contact").await;
        assert!(html.contains(r#"name="step" value="glass""#) && !html.contains("Nombre y apellido"), "nothing chosen: stays");
    }

    async fn with_javascript_the_wizard_submits_the_request_as_json(app) {
        let data = wizard_data(&app).await;
        let form = honda(&data);
        let submit = |request: domain::AutomotiveQuoteRequest| {
            let app = &app;
            async move {
                let response = app
                    .client
                    .post(app.url("/api/submit_automotive_quote"))
                    .header("sec-fetch-site", "same-origin")
                    .json(&json!({"slug": "demo", "request": request}))
                    .send()
                    .await
                    .expect("request");
                (response.status(), response.json::<Value>().await.unwrap_or(Value::Null))
            }
        };
        let (status, token) = submit(form.to_request("en").expect("request")).await;
        assert_eq!(status, StatusCode::OK, "{token}");
        let quote = app.call(None, "public_quote", &[("token", token.as_str().expect("token"))]).await;
        assert_eq!(quote.json["quote"]["document"]["language"], "en");

        let fields_of = |error: &Value| -> std::collections::BTreeMap<String, String> {
            serde_json::from_value(error["Invalid"]["fields"].clone()).expect("fields")
        };
        let mut smuggled = form.to_request("es").expect("request");
        smuggled.vehicle_id = Some("someone-else's".into());
        let (status, error) = submit(smuggled).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        assert!(fields_of(&error).contains_key("vehicle"), "customers cannot name a saved vehicle: {error}");

        let mut no_film = form.to_request("es").expect("request");
        no_film.choice.items[0].sku = String::new();
        let (status, error) = submit(no_film).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{error}");
        let on_form = form.form_errors(&fields_of(&error));
        assert!(on_form.contains_key("film.front_left"), "{on_form:?}");
        assert_eq!(on_form.keys().map(|k| AutoStep::of_field(k)).min(), Some(AutoStep::Glass));
    }
}
