//! Automotive quotes over REST: a vehicle's glass (packages and single
//! positions) becomes lines sized by the organisation's glass templates and
//! priced by the one engine (the calculator's total to the cent), the new
//! vehicle is saved for the quote's customer, tint warnings follow the
//! organisation's legal minimum, and bad input is named by field path with
//! nothing saved.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TestApp;

/// An organisation selling two car films (VLT 20 and 70) and one film for
/// homes only; returns the admin's session.
pub(crate) async fn tint_shop(app: &TestApp, slug: &str) -> String {
    let admin = app.sign_up(slug).await;
    for (sku, vlt, verticals) in [("AUTO-20", 20, json!(["automotive"])), ("AUTO-70", 70, json!(["automotive"])), ("HOME-50", 50, json!(["residential"]))] {
        let body = json!({"sku": sku, "name_es": format!("Lámina {sku}"), "type": "solar_control", "unit": "m2", "verticals": verticals,
                          "vlt_pct": vlt, "price": {"material_price": "40", "installation_price": "12.5"}});
        let (status, product) = app.rest("POST", Some(&admin), "/api/v1/products", Some(body)).await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
    }
    admin
}

async fn set_min_front_vlt(app: &TestApp, slug: &str, minimum: i64) {
    sqlx::query("UPDATE organizations SET min_front_vlt = $1 WHERE slug = $2")
        .bind(minimum)
        .bind(slug)
        .execute(app.db.pool())
        .await
        .expect("set the legal minimum");
}

fn contact() -> Value {
    json!({"name": "Camila Soto", "phone": "+56 9 8765 4321", "address": "Av. Grecia 1200"})
}

fn sedan() -> Value {
    json!({"make": "Toyota", "model": "Corolla", "year": 2020, "bodyType": "sedan", "plate": "ab cd 12"})
}

async fn count(app: &TestApp, cookie: &str, path: &str, key: &str) -> usize {
    let (status, body) = app.rest("GET", Some(cookie), path, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let list = if key.is_empty() { &body } else { &body[key] };
    list.as_array().expect("a list").len()
}

/// The template of a body's glass from the organisation's catalog (the last match wins).
fn template<'a>(catalog: &'a Value, body: &str, position: &str) -> &'a Value {
    catalog["templates"]
        .as_array()
        .expect("templates")
        .iter()
        .rev()
        .find(|t| t["body"] == body && t["position"] == position)
        .expect("a template")
}

app_test! {
    async fn a_vehicle_quote_is_priced_by_its_glass_like_the_calculator(app) {
        let admin = tint_shop(&app, "auto-price").await;
        set_min_front_vlt(&app, "auto-price", 35).await;
        let (status, catalog) = app.rest("GET", Some(&admin), "/api/v1/automotive/catalog", None).await;
        assert_eq!(status, StatusCode::OK, "{catalog}");
        assert_eq!(catalog["minFrontVlt"], 35);

        let (status, quote) = app
            .rest("POST", Some(&admin), "/api/v1/quotations/automotive", Some(json!({
                "contact": contact(), "vehicle": sedan(), "send": true,
                "packages": [{"package_code": "front_two", "sku": "AUTO-20"}],
                "items": [{"position": "windshield", "sku": "AUTO-70"}]})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        assert_eq!((quote["vertical"].as_str(), quote["status"].as_str()), (Some("automotive"), Some("pending")));
        let doc = &quote["document"];
        let auto = &doc["automotive"];
        assert_eq!(auto["positions"], json!(["front_left", "front_right", "windshield"]));
        assert_eq!(auto["packages"][0]["code"], "front_two");
        assert_eq!(auto["vehicle"]["plate"], "AB CD 12");

        // One room named after the vehicle; each glass sized by the template, curved where it is.
        let room = &doc["rooms"][0];
        assert_eq!(room["name"], "Toyota Corolla 2020 · AB CD 12");
        let openings = room["openings"].as_array().expect("openings");
        assert_eq!(openings.len(), 3);
        for (opening, position) in openings.iter().zip(["front_left", "front_right", "windshield"]) {
            let t = template(&catalog, "sedan", position);
            let same = |a: &Value, b: &Value| a.as_str().unwrap_or_default().parse::<f64>().ok() == b.as_str().unwrap_or_default().parse::<f64>().ok();
            assert!(same(&opening["width_m"], &t["width_m"]) && same(&opening["height_m"], &t["height_m"]), "{position}: {opening} vs {t}");
            assert_eq!(opening["curved_glass"], position == "windshield", "{position}");
        }

        // The calculator prices the same rooms to the same cent.
        let (status, calculated) = app.calculate(&json!({"org": "auto-price", "rooms": doc["rooms"]})).await;
        assert_eq!(status, StatusCode::OK, "{calculated}");
        assert_eq!(doc["total"], calculated["total"]);
        assert_eq!(doc["lines"], calculated["lines"]);

        // VLT 20 on both front side windows is under 35; the windshield's film is light.
        let warnings = auto["warnings"].as_array().expect("warnings");
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!((warnings[0]["position"].as_str(), warnings[0]["vlt"].as_i64(), warnings[0]["minimum"].as_i64()), (Some("front_left"), Some(20), Some(35)));

        // The vehicle was saved for the quote's customer, and the quote points at it.
        let (_, vehicles) = app.rest("GET", Some(&admin), "/api/v1/vehicles", None).await;
        let vehicles = vehicles.as_array().expect("vehicles").clone();
        assert_eq!(vehicles.len(), 1);
        assert_eq!(vehicles[0]["customerId"], quote["customer_id"]);
        assert_eq!(auto["vehicle"]["id"], vehicles[0]["id"]);

        // Read back, the same quote.
        let (status, again) = app.rest("GET", Some(&admin), &format!("/api/v1/quotations/{}", quote["id"].as_str().unwrap_or_default()), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(again["document"]["automotive"], *auto);
    }

    async fn a_saved_vehicle_is_quoted_by_id_and_an_organisation_size_wins(app) {
        let admin = tint_shop(&app, "auto-own").await;
        let (status, vehicle) = app
            .rest("POST", Some(&admin), "/api/v1/vehicles", Some(json!({"make": "Ford", "model": "Ranger", "year": 2022, "bodyType": "pickup_double_cab"})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{vehicle}");
        let org = app.db.org_by_slug("auto-own").await.expect("lookup").expect("org");
        sqlx::query(
            "INSERT INTO org_glass_templates (organization_id, body_type, position, width_m, height_m, updated_at)
             VALUES ($1, 'pickup_double_cab', 'rear_windshield', '1.6', '0.5', 0)",
        )
        .bind(org.id.as_str())
        .execute(app.db.pool())
        .await
        .expect("an own size");
        let (_, catalog) = app.rest("GET", Some(&admin), "/api/v1/automotive/catalog", None).await;
        assert_eq!(template(&catalog, "pickup_double_cab", "rear_windshield")["width_m"], "1.6");

        let (status, quote) = app
            .rest("POST", Some(&admin), "/api/v1/quotations/automotive", Some(json!({
                "contact": contact(), "vehicle_id": vehicle["id"],
                "items": [{"position": "rear_windshield", "sku": "AUTO-70"}]})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        assert_eq!(quote["status"], "draft");
        let opening = &quote["document"]["rooms"][0]["openings"][0];
        assert_eq!((opening["width_m"].as_str(), opening["height_m"].as_str()), (Some("1.6"), Some("0.5")));
        assert_eq!(quote["document"]["automotive"]["vehicle"]["id"], vehicle["id"]);
        assert!(quote["document"]["automotive"]["warnings"].as_array().expect("warnings").is_empty(), "no minimum, no warning");
        assert_eq!(count(&app, &admin, "/api/v1/vehicles", "").await, 1, "no second vehicle");

        // Another organisation's vehicle is not there for this one.
        let other = tint_shop(&app, "auto-other").await;
        let (status, body) = app
            .rest("POST", Some(&other), "/api/v1/quotations/automotive", Some(json!({
                "contact": contact(), "vehicle_id": vehicle["id"], "items": [{"position": "rear_windshield", "sku": "AUTO-70"}]})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["vehicle_id"].is_string(), "{body}");
        assert_eq!(count(&app, &other, "/api/v1/quotations", "quotations").await, 0);
    }

    async fn a_customer_quote_meets_the_organisation_vehicle_by_vin_then_plate(app) {
        let admin = tint_shop(&app, "auto-same").await;
        let add = |body: Value| {
            let (app, admin) = (&app, &admin);
            async move {
                let (status, vehicle) = app.rest("POST", Some(admin), "/api/v1/vehicles", Some(body)).await;
                assert_eq!(status, StatusCode::CREATED, "{vehicle}");
                vehicle["id"].as_str().expect("id").to_owned()
            }
        };
        let honda = add(json!({"vin": "1HGCM82633A004352", "make": "Honda", "model": "Accord", "year": 2003, "bodyType": "sedan"})).await;
        let toyota = add(json!({"make": "Toyota", "model": "Corolla", "year": 2020, "bodyType": "sedan", "plate": "ABCD12", "colour": "Rojo"})).await;
        // The public wizard's JSON submit (a car needs no street address); the quote as staff read it.
        let submit = |vehicle: Value| {
            let (app, admin) = (&app, &admin);
            async move {
                let request = json!({"language": "es", "contact": {"name": "Łukasz Nguyễn", "phone": "+56 9 8765 4321"},
                                     "vehicle": vehicle, "items": [{"position": "rear_windshield", "sku": "AUTO-70"}]});
                let response = app.client.post(app.url("/api/submit_automotive_quote")).header("sec-fetch-site", "same-origin")
                    .json(&json!({"slug": "auto-same", "request": request})).send().await.expect("request");
                let status = response.status();
                let token: Value = response.json().await.unwrap_or(Value::Null);
                assert_eq!(status, StatusCode::OK, "{token}");
                let id: String = sqlx::query_scalar("SELECT id FROM quotes WHERE token = $1")
                    .bind(token.as_str().expect("token"))
                    .fetch_one(app.db.pool())
                    .await
                    .expect("the quote");
                let (status, quote) = app.rest("GET", Some(admin), &format!("/api/v1/quotations/{id}"), None).await;
                assert_eq!(status, StatusCode::OK, "{quote}");
                quote["document"].clone()
            }
        };
        let vehicle = |id: String| {
            let (app, admin) = (&app, &admin);
            async move { app.rest("GET", Some(admin), &format!("/api/v1/vehicles/{id}"), None).await.1 }
        };

        // The same VIN (typed in lower case): the saved Honda, its empty fields filled, nothing overwritten.
        let doc = submit(json!({"vin": "1hgcm82633a004352", "make": "Honda", "model": "Civic", "year": 2003, "bodyType": "sedan",
                               "plate": "zz xx 99", "colour": "Negro"})).await;
        assert_eq!(doc["automotive"]["vehicle"]["id"], honda.as_str(), "{doc}");
        assert_eq!(doc["contact"]["address"], "");
        let saved = vehicle(honda.clone()).await;
        assert_eq!((saved["model"].as_str(), saved["plate"].as_str(), saved["colour"].as_str()), (Some("Accord"), Some("ZZ XX 99"), Some("Negro")), "{saved}");
        assert!(saved["customerId"].is_string(), "the customer filled in: {saved}");
        // No VIN: the same plate, however it is spaced.
        let doc = submit(json!({"make": "Toyota", "model": "Yaris", "year": 2020, "bodyType": "sedan", "plate": "ab-cd 12", "colour": "Azul"})).await;
        assert_eq!(doc["automotive"]["vehicle"]["id"], toyota.as_str(), "{doc}");
        let saved = vehicle(toyota.clone()).await;
        assert_eq!((saved["model"].as_str(), saved["colour"].as_str(), saved["plate"].as_str()), (Some("Corolla"), Some("Rojo"), Some("ABCD12")), "{saved}");
        assert_eq!(count(&app, &admin, "/api/v1/vehicles", "").await, 2, "no duplicate vehicle");
        // A new car is still saved as new.
        let doc = submit(json!({"make": "Kia", "model": "Rio", "year": 2019, "bodyType": "hatchback", "plate": "KK LL 11"})).await;
        assert!(![honda.as_str(), toyota.as_str()].contains(&doc["automotive"]["vehicle"]["id"].as_str().unwrap_or_default()), "{doc}");
        assert_eq!(count(&app, &admin, "/api/v1/vehicles", "").await, 3);

        // Another organisation's vehicle with that VIN is never met (over REST, without an address either).
        let other = tint_shop(&app, "auto-same-other").await;
        let (status, quote) = app
            .rest("POST", Some(&other), "/api/v1/quotations/automotive", Some(json!({
                "contact": {"name": "Camila Soto", "phone": "+56 9 8765 4321"},
                "vehicle": {"vin": "1HGCM82633A004352", "model": "Accord", "year": 2003, "bodyType": "sedan"},
                "items": [{"position": "rear_windshield", "sku": "AUTO-70"}]})))
            .await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        assert_ne!(quote["document"]["automotive"]["vehicle"]["id"], honda.as_str());
        assert_eq!(count(&app, &other, "/api/v1/vehicles", "").await, 1);
    }

    async fn bad_automotive_input_is_named_by_path_and_nothing_is_saved(app) {
        let admin = tint_shop(&app, "auto-bad").await;
        let post = |body: Value| {
            let (app, admin) = (&app, &admin);
            async move { app.rest("POST", Some(admin), "/api/v1/quotations/automotive", Some(body)).await }
        };
        // What cannot be read.
        let (status, body) = post(json!({"vehicle": {"year": "soon", "bodyType": "tank"}, "items": [{"position": "hood", "sku": "AUTO-20"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        for path in ["contact", "vehicle.year", "vehicle.bodyType", "items[0].position"] {
            assert!(body["fields"][path].is_string(), "{path}: {body}");
        }
        // What is wrong once read: every problem at once.
        let (status, body) = post(json!({
            "contact": {"name": "", "phone": "123"},
            "vehicle": {"make": "Toyota", "model": "Corolla", "year": 2099, "bodyType": "sedan"},
            "items": [{"position": "front_left", "sku": "AUTO-20"}, {"position": "front_left", "sku": "AUTO-70"}],
            "packages": [{"package_code": "whole_fleet", "sku": "AUTO-20"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        for path in ["contact.name", "contact.phone", "vehicle.year"] {
            assert!(body["fields"][path].is_string(), "{path}: {body}");
        }
        // With a valid vehicle the glass is checked too.
        let (status, body) = post(json!({
            "contact": contact(), "vehicle": sedan(),
            "items": [{"position": "front_left", "sku": "AUTO-20"}, {"position": "front_left", "sku": "AUTO-70"}],
            "packages": [{"package_code": "whole_fleet", "sku": "AUTO-20"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        for path in ["items[1].position", "packages[0].package_code"] {
            assert!(body["fields"][path].is_string(), "{path}: {body}");
        }
        // A film for homes is not offered for cars: named where it was chosen.
        let (status, body) = post(json!({"contact": contact(), "vehicle": sedan(), "packages": [{"package_code": "front_two", "sku": "HOME-50"}]})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["packages[0].sku"].is_string(), "{body}");
        // Nothing chosen; both a vehicle and a vehicle id.
        let (status, body) = post(json!({"contact": contact(), "vehicle": sedan(), "vehicle_id": "x"})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["vehicle"].is_string(), "{body}");
        let (status, body) = post(json!({"contact": contact(), "vehicle": sedan()})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["items"].is_string(), "{body}");

        assert_eq!(count(&app, &admin, "/api/v1/quotations", "quotations").await, 0, "no quote saved");
        assert_eq!(count(&app, &admin, "/api/v1/vehicles", "").await, 0, "no vehicle saved");
        // The generic endpoint still refuses the automotive vertical.
        let (status, body) = post(json!({})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let (status, body) = app
            .rest("POST", Some(&admin), "/api/v1/quotations", Some(json!({"vertical": "automotive", "contact": contact(), "rooms": []})))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(body["fields"]["vertical"].is_string(), "{body}");
    }

    async fn an_automotive_quote_needs_a_session_or_key(app) {
        let (status, _) = app.rest("POST", None, "/api/v1/quotations/automotive", Some(json!({"contact": contact(), "vehicle": sedan()}))).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = app.rest("GET", None, "/api/v1/automotive/catalog", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
}
