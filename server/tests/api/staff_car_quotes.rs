//! The staff's car quotes (`/app/quotes/new/auto`, `/app/quotes/{id}/edit/auto`)
//! over HTTP: the editor starts from a vehicle on file and its owner, the
//! save is a draft through the same service as REST (the vehicle matched,
//! not duplicated), an edit opens the quote's glass and saves a revision
//! (stale versions refused), and the no-JS save answers like the other
//! editors — to the quote, or back with what was typed and the errors.
use app::auto_quote_admin::AutoQuoteEditor;
use app::automotive_form::AutomotiveForm;
use domain::GlassPosition;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::automotive::tint_shop;
use crate::test_app::TestApp;

const VIN: &str = "1HGCM82633A004352";

/// A customer's Honda on file, made by a first (REST) draft; returns the vehicle's and the draft's ids.
async fn honda_on_file(app: &TestApp, admin: &str) -> (String, String) {
    let (status, quote) = app
        .rest("POST", Some(admin), "/api/v1/quotations/automotive", Some(json!({
            "contact": {"name": "Camila Soto", "phone": "+56 9 8765 4321"},
            "vehicle": {"vin": VIN, "model": "Accord", "year": 2003, "bodyType": "sedan", "plate": "ab cd 12"},
            "items": [{"position": "rear_windshield", "sku": "AUTO-70"}]})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{quote}");
    let vehicle = quote["document"]["automotive"]["vehicle"]["id"].as_str().expect("the vehicle saved").to_owned();
    (vehicle, quote["id"].as_str().expect("the quote's id").to_owned())
}

async fn editor(app: &TestApp, cookie: &str, from: &[(&str, &str)]) -> AutoQuoteEditor {
    let called = app.call(Some(cookie), "auto_quote_editor", from).await;
    assert_eq!(called.status, StatusCode::OK, "{}", called.json);
    serde_json::from_value(called.json).expect("the editor's start")
}

/// POSTs the car editor as a browser without JavaScript does; returns the status and Location.
async fn save_without_js(app: &TestApp, cookie: Option<&str>, form: &AutomotiveForm) -> (StatusCode, String) {
    let mut pairs = form.to_pairs();
    pairs.extend([("lang".to_owned(), "es".to_owned()), ("op".to_owned(), "submit".to_owned())]);
    let mut request = app.client.post(app.url("/app/quotes/auto/save")).header("sec-fetch-site", "same-origin").form(&pairs);
    if let Some(cookie) = cookie {
        request = request.header("cookie", format!("cotiza_session={cookie}"));
    }
    let response = request.send().await.expect("request");
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (response.status(), location)
}

/// Calls the JSON save as the browser does; returns the status and the answer.
async fn save(app: &TestApp, cookie: &str, body: Value) -> (StatusCode, Value) {
    let response = app
        .client
        .post(app.url("/api/save_automotive_quote"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", format!("cotiza_session={cookie}"))
        .json(&body)
        .send()
        .await
        .expect("request");
    (response.status(), response.json().await.unwrap_or(Value::Null))
}

async fn vehicles(app: &TestApp, cookie: &str) -> Vec<Value> {
    let (status, list) = app.rest("GET", Some(cookie), "/api/v1/vehicles", None).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    list.as_array().expect("vehicles").clone()
}

app_test! {
    async fn sales_quote_a_car_on_file_for_its_owner_as_a_draft(app) {
        let admin = tint_shop(&app, "taller").await;
        let (vehicle, _) = honda_on_file(&app, &admin).await;
        let sales = app.invite_and_accept(&admin, "ventas@taller.test", "sales").await;

        let AutoQuoteEditor { data, mut form, .. } = editor(&app, &sales, &[("vehicle", &vehicle)]).await;
        let skus: Vec<&str> = data.catalog.products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus, ["AUTO-20", "AUTO-70"], "only the films offered for cars");
        assert_eq!((form.vehicle.vin.as_str(), form.vehicle.model.as_str(), form.vehicle.plate.as_str()), (VIN, "Accord", "AB CD 12"));
        assert_eq!((form.contact.name.as_str(), form.contact.phone.as_str()), ("Camila Soto", "+56987654321"), "the vehicle's owner");

        assert!(form.apply("to_glass", &data).is_empty());
        for position in [GlassPosition::FrontLeft, GlassPosition::FrontRight] {
            form.set_glass(position, true);
            form.films.insert(position.as_str().into(), "AUTO-70".into());
        }
        let shown = form.price(&data).breakdown.expect("a live price");
        let (status, id) = save(&app, &sales, json!({"request": form.to_request("es").expect("readable")})).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("the new quote's id").to_owned();

        let page = app.call(Some(&sales), "quote_page", &[("id", &id)]).await.json;
        let quote = &page["quote"];
        assert_eq!(quote["status"], "draft", "staff send it when ready");
        assert_eq!(quote["document"]["automotive"]["vehicle"]["id"], vehicle.as_str(), "the vehicle on file, not a copy");
        assert_eq!(quote["document"]["breakdown"]["total"], shown.total.to_string(), "the price the editor showed");
        assert_eq!(vehicles(&app, &admin).await.len(), 1);
    }

    async fn the_no_js_car_editor_saves_a_draft_or_comes_back_with_the_errors(app) {
        let admin = tint_shop(&app, "sin-js").await;
        let AutoQuoteEditor { data, mut form, .. } = editor(&app, &admin, &[]).await;
        form.vehicle.make = "Toyota".into();
        form.vehicle.model = "Corolla".into();
        form.vehicle.year = "2020".into();
        form.vehicle.body_type = "sedan".into();
        assert!(form.apply("to_glass", &data).is_empty());
        form.set_glass(GlassPosition::RearWindshield, true);
        form.films.insert("rear_windshield".into(), "AUTO-20".into());
        form.contact.name = "Pedro Rojas".into();

        // No phone: back to the car editor at the contact, nothing typed lost.
        let (status, location) = save_without_js(&app, Some(&admin), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/app/quotes/new/auto?") && location.contains("error.contact.phone"), "{location}");
        assert!(location.contains("contact.name=Pedro+Rojas") && location.contains("vehicle.model=Corolla") && location.contains("step=contact"), "{location}");

        form.contact.phone = "+56 9 1111 2222".into();
        let (status, location) = save_without_js(&app, Some(&admin), &form).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id = location.strip_prefix("/app/quotes/").expect("to the draft");
        let quote = app.call(Some(&admin), "quote_page", &[("id", id)]).await.json;
        assert_eq!(quote["quote"]["status"], "draft");
        assert_eq!(quote["quote"]["document"]["automotive"]["positions"], json!(["rear_windshield"]));

        // Signed out: to the login, nothing saved.
        let (status, location) = save_without_js(&app, None, &form).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?next=/app/quotes/new/auto"));
        assert_eq!(vehicles(&app, &admin).await.len(), 1);
        let anonymous = app.call(None, "auto_quote_editor", &[]).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }

    async fn an_edit_opens_the_quotes_glass_and_saves_a_revision(app) {
        let admin = tint_shop(&app, "editar").await;
        let (_, id) = honda_on_file(&app, &admin).await;

        // The quote's vehicle, glass and contact, at the glass step.
        let AutoQuoteEditor { data, mut form, quote_id, version, .. } = editor(&app, &admin, &[("id", &id)]).await;
        assert_eq!((quote_id.as_str(), version), (id.as_str(), 1));
        assert_eq!((form.vehicle.vin.as_str(), form.vehicle.model.as_str()), (VIN, "Accord"));
        assert_eq!(form.glass, vec![GlassPosition::RearWindshield]);
        assert_eq!(form.film(GlassPosition::RearWindshield), "AUTO-70");
        assert_eq!(form.contact.name, "Camila Soto");

        // The rear windshield in the darker film, and the two front doors: saved as the same draft.
        form.films.insert("rear_windshield".into(), "AUTO-20".into());
        form.set_glass(GlassPosition::FrontLeft, true);
        form.films.insert("front_left".into(), "AUTO-70".into());
        let shown = form.price(&data).breakdown.expect("a live price");
        let request = form.to_request("es").expect("readable");
        let (status, saved) = save(&app, &admin, json!({"id": id, "version": version, "request": request})).await;
        assert_eq!((status, saved.as_str()), (StatusCode::OK, Some(id.as_str())), "{saved}");
        let doc = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json["quote"]["document"].clone();
        assert_eq!(doc["version"], 1, "a draft is replaced, not versioned");
        assert_eq!(doc["automotive"]["positions"], json!(["front_left", "rear_windshield"]));
        assert_eq!(doc["breakdown"]["total"], shown.total.to_string());
        assert_eq!(vehicles(&app, &admin).await.len(), 1, "the same car");

        // Sent, an edit is a new version; an edit from the old version is refused, nothing lost.
        assert_eq!(app.call(Some(&admin), "send_quote", &[("id", &id)]).await.status, StatusCode::OK);
        let AutoQuoteEditor { form: opened, version, .. } = editor(&app, &admin, &[("id", &id)]).await;
        let (status, _) = save(&app, &admin, json!({"id": id, "version": version, "request": opened.to_request("es").expect("readable")})).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = save(&app, &admin, json!({"id": id, "version": version, "request": opened.to_request("es").expect("readable")})).await;
        assert_eq!(status, StatusCode::CONFLICT, "the editor opened version {version}, now there is a newer one");
        let quote = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json;
        assert_eq!((quote["quote"]["document"]["version"].as_i64(), quote["quote"]["status"].as_str()), (Some(2), Some("pending")));

        // Another organisation's staff cannot save over it: 404, like a missing quote.
        let stranger = tint_shop(&app, "ajeno").await;
        let (status, _) = save(&app, &stranger, json!({"id": id, "version": 2, "request": opened.to_request("es").expect("readable")})).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // A quote of rooms is not opened nor saved as a car.
        let (status, rooms) = app.rest("POST", Some(&admin), "/api/v1/quotations/residential", Some(json!({
            "contact": {"name": "Ana", "phone": "+56 9 1111 2222", "address": "Calle 1"},
            "rooms": [{"name": "Living", "openings": [{"kind": "window", "width_m": "1", "height_m": "1", "quantity": 1, "sku": "HOME-50"}]}]}))).await;
        assert_eq!(status, StatusCode::CREATED, "{rooms}");
        let rooms_id = rooms["id"].as_str().expect("id");
        assert_eq!(app.call(Some(&admin), "auto_quote_editor", &[("id", rooms_id)]).await.status, StatusCode::NOT_FOUND);
        let (status, refused) = save(&app, &admin, json!({"id": rooms_id, "version": 1, "request": opened.to_request("es").expect("readable")})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{refused}");
    }

    async fn a_car_quote_carries_the_staffs_extra_lines_discount_terms_and_notes(app) {
        let admin = tint_shop(&app, "extras-auto").await;
        let AutoQuoteEditor { data, mut form, staff, .. } = editor(&app, &admin, &[]).await;
        assert!(staff.extras.len() <= 1 && staff.internal_notes.is_empty(), "a new quote starts with the organisation's terms only");
        form.vehicle.make = "Kia".into();
        form.vehicle.model = "Rio".into();
        form.vehicle.year = "2019".into();
        form.vehicle.body_type = "hatchback".into();
        assert!(form.apply("to_glass", &data).is_empty());
        form.set_glass(GlassPosition::RearWindshield, true);
        form.films.insert("rear_windshield".into(), "AUTO-70".into());
        form.contact.name = "Rosa Díaz".into();
        form.contact.phone = "+56 9 3333 4444".into();

        let mut typed = staff.clone();
        typed.extras = vec![app::staff_form::ExtraForm { description: "Retiro de lámina antigua".into(), amount: "25.000".into() }];
        typed.manual_discount = "1.000".into();
        typed.terms = "Garantía de 5 años.".into();
        typed.internal_notes = "SECRETO: cliente frecuente".into();
        let shown = form
            .price_with(&data, |input| typed.apply_to(input, data.catalog.currency, true))
            .breakdown
            .expect("the editor's live price");
        let plain = form.price(&data).breakdown.expect("the glass alone");
        assert_eq!(shown.subtotal - plain.subtotal, rust_decimal::Decimal::new(25_000, 0), "the extra line is in the live price");

        let body = json!({"request": form.to_request("es").expect("readable"), "staff": typed, "page_lang": "es"});
        let (status, id) = save(&app, &admin, body).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let id = id.as_str().expect("id").to_owned();
        let doc = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json["quote"]["document"].clone();
        assert_eq!(doc["input"]["extras"][0]["description"], "Retiro de lámina antigua");
        assert_eq!(doc["breakdown"]["manual_discount"], "1000");
        assert_eq!(doc["breakdown"]["total"], shown.total.to_string(), "saved as the editor showed it");
        assert_eq!(doc["input"]["internal_notes"], "SECRETO: cliente frecuente");

        // The edit opens them again (amounts as plain numbers, read back the same); the customer reads the terms, never the notes.
        let reopened = editor(&app, &admin, &[("id", &id)]).await;
        assert_eq!((reopened.staff.extras[0].amount.as_str(), reopened.staff.terms.as_str()), ("25000", "Garantía de 5 años."));
        assert_eq!(app.call(Some(&admin), "send_quote", &[("id", &id)]).await.status, StatusCode::OK);
        let token = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json["quote"]["token"].as_str().expect("token").to_owned();
        let (_, html) = app.get_text(&format!("/p/{token}")).await;
        assert!(html.contains("Garantía de 5 años.") && html.contains("Retiro de lámina antigua") && !html.contains("SECRETO"));

        // Unreadable money is named by field, nothing saved.
        let mut bad = typed.clone();
        bad.extras[0].amount = "abc".into();
        let (status, refused) = save(&app, &admin, json!({"request": form.to_request("es").expect("readable"), "staff": bad})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.to_string().contains("extras[0].amount"), "{refused}");

        // Sales are held to the organisation's discount limit (10 % by default): 20.000 of ~25.000 is refused.
        let sales = app.invite_and_accept(&admin, "ventas@extras-auto.test", "sales").await;
        let generous = app::staff_form::StaffForm { manual_discount: "20.000".into(), ..typed.clone() };
        let (status, refused) = save(&app, &sales, json!({"request": form.to_request("es").expect("readable"), "staff": generous})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.to_string().contains("manual_discount"), "{refused}");
    }
}
