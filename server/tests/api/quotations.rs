//! The quotations REST API for integrators: create with an API key or the
//! session cookie, bad input by field path, list and filters, optimistic
//! concurrency, the lifecycle (send, confirm, reject, delete a draft), the
//! PDF, and properties/rooms/openings written through the quote. Prices
//! are the calculate endpoint's to the cent (one engine).
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::quotes::org_with_a_film;
use crate::test_app::TestApp;

/// A REST call as an integration makes it: the key, no cookie, no browser headers.
async fn keyed(app: &TestApp, method: &str, key: &str, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = app.client.request(method, app.url(path)).bearer_auth(key);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// A key of `role` made by the admin of `cookie`; its secret.
async fn key(app: &TestApp, cookie: &str, role: &str) -> String {
    let (status, key) = app.rest("POST", Some(cookie), "/api/v1/api-keys", Some(json!({"name": "ERP", "role": role}))).await;
    assert_eq!(status, StatusCode::CREATED, "{key}");
    key["secret"].as_str().expect("secret").to_owned()
}

pub(crate) fn sample_rooms() -> Value {
    json!([
        {"name": "Living", "floor": 4, "openings": [
            {"kind": "window", "width_m": "1.20", "height_m": 1.5, "quantity": 2, "sku": "SOL-50"},
            {"kind": "sliding_door", "width_m": 2.4, "height_m": "2.10", "quantity": 1, "sku": "SOL-50", "difficult_access": true}]},
        {"name": "Baño", "openings": [
            {"kind": "shower_enclosure", "width_m": "0.90", "height_m": "1.90", "quantity": 1, "sku": "SOL-50", "curved_glass": true}]}
    ])
}

pub(crate) fn quote_body(extra: Value) -> Value {
    let mut body = json!({
        "language": "en",
        "extreme_weather": true,
        "contact": {"name": "Carla Integra", "phone": "+56 9 5555 6666", "email": "carla@example.com",
                    "address": "Av. Apoquindo 3000", "commune": "Las Condes", "contact_time": "morning"},
        "rooms": sample_rooms(),
    });
    if let (Some(target), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        target.extend(extra.clone());
    }
    body
}

/// What `POST /quotations/calculate` answers for these rooms in `slug`.
async fn calculated(app: &TestApp, slug: &str, rooms: &Value, extreme_weather: bool) -> Value {
    let (status, calc) = app.calculate(&json!({"org": slug, "extreme_weather": extreme_weather, "rooms": rooms})).await;
    assert_eq!(status, StatusCode::OK, "{calc}");
    calc
}

/// The quote's price is the calculate endpoint's, line by line and total by total.
fn assert_same_price(quote: &Value, calc: &Value) {
    let document = &quote["document"];
    for field in ["currency", "lines", "area_m2", "subtotal", "discount_rate", "discount", "taxable", "tax_rate", "tax", "total"] {
        assert_eq!(document[field], calc[field], "{field}: the quote is priced by the same engine");
    }
}

app_test! {
    async fn integrators_create_list_read_and_revise_quotes(app) {
        let admin = org_with_a_film(&app, "integra").await;
        // Quotes are for every staff role: a sales key creates them.
        let sales_key = key(&app, &admin, "sales").await;
        let (status, draft) = keyed(&app, "POST", &sales_key, "/api/v1/quotations/residential", Some(quote_body(json!({})))).await;
        assert_eq!(status, StatusCode::CREATED, "{draft}");
        assert_eq!((draft["status"].as_str(), draft["version"].as_i64(), draft["vertical"].as_str()), (Some("draft"), Some(1), Some("residential")));
        let year = &store::today()[0..4];
        assert!(draft["number"].as_str().is_some_and(|n| n.starts_with(&format!("COT-{year}-"))), "{draft}");
        let token = draft["token"].as_str().expect("token");
        assert_eq!(token.len(), 43);
        assert!(draft["public_url"].as_str().is_some_and(|u| u.starts_with("http://") && u.ends_with(&format!("/p/{token}"))));
        assert!(draft["valid_until"].is_null(), "a draft is not issued");
        assert_eq!(draft["document"]["contact"]["phone"], "+56955556666", "normalized");
        assert_eq!(draft["document"]["rooms"][0]["openings"][0]["width_m"], "1.20", "read exactly, kept as text");
        assert_eq!(draft["document"]["lines"].as_array().map(Vec::len), Some(3));
        assert_eq!(draft["document"]["films"][0]["sku"], "SOL-50");
        assert_eq!(draft["versions"].as_array().map(Vec::len), Some(1));
        let calc = calculated(&app, "integra", &sample_rooms(), true).await;
        assert_same_price(&draft, &calc);

        // With the session cookie, issued at once.
        let (status, sent) = app.rest("POST", Some(&admin), "/api/v1/quotations/commercial", Some(quote_body(json!({"send": true, "extreme_weather": false})))).await;
        assert_eq!(status, StatusCode::CREATED, "{sent}");
        assert_eq!((sent["status"].as_str(), sent["vertical"].as_str()), (Some("pending"), Some("commercial")));
        assert_eq!(sent["valid_until"].as_str(), domain::add_days(&store::today(), 15).as_deref(), "valid for the organisation's days");
        assert_same_price(&sent, &calculated(&app, "integra", &sample_rooms(), false).await);
        assert_eq!(sent["customer_id"], draft["customer_id"], "the same phone is the same customer");

        // The generic path takes the vertical from the body; a film not offered there is refused on its field.
        let (status, architectural) = keyed(&app, "POST", &sales_key, "/api/v1/quotations", Some(quote_body(json!({"vertical": "architectural"})))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{architectural}");
        assert_eq!(architectural["fields"]["rooms[0].openings[0].sku"], domain::UNKNOWN_PRODUCT);
        let (status, none) = keyed(&app, "POST", &sales_key, "/api/v1/quotations", Some(quote_body(json!({})))).await;
        assert_eq!((status, &none["fields"]["vertical"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("is required")));

        // The list and its filters.
        let list = |query: &'static str| {
            let (app, key) = (&app, sales_key.clone());
            async move {
                let (status, list) = keyed(app, "GET", &key, &format!("/api/v1/quotations{query}"), None).await;
                assert_eq!(status, StatusCode::OK, "{query}: {list}");
                list
            }
        };
        let all = list("").await;
        assert_eq!(all["quotations"].as_array().map(Vec::len), Some(2));
        assert_eq!(all["quotations"][0]["id"], sent["id"], "newest first");
        assert_eq!(all["quotations"][0]["total"], sent["document"]["total"], "totals as money strings");
        let pending = all["by_status"].as_array().and_then(|s| s.iter().find(|s| s["status"] == "pending")).expect("pending total").clone();
        assert_eq!((pending["count"].as_i64(), &pending["total"]), (Some(1), &sent["document"]["total"]));
        assert_eq!(list("?status=pending").await["quotations"].as_array().map(Vec::len), Some(1));
        assert_eq!(list("?vertical=residential").await["quotations"][0]["id"], draft["id"]);
        assert_eq!(list("?q=carla").await["quotations"].as_array().map(Vec::len), Some(2));
        assert_eq!(list("?from=2000-01-01&to=2000-12-31").await["quotations"], json!([]));
        let number = draft["number"].as_str().expect("number").to_owned();
        let (_, by_number) = keyed(&app, "GET", &sales_key, &format!("/api/v1/quotations?q={number}&customer_id={}", draft["customer_id"].as_str().unwrap_or_default()), None).await;
        assert_eq!(by_number["quotations"].as_array().map(Vec::len), Some(1));
        let (status, bad) = keyed(&app, "GET", &sales_key, "/api/v1/quotations?status=lost&from=yesterday&limit=0", None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad["fields"]["status"].is_string() && bad["fields"]["from"].is_string() && bad["fields"]["limit"].is_string(), "{bad}");

        // One quote.
        let sent_id = sent["id"].as_str().expect("id").to_owned();
        let (status, read) = keyed(&app, "GET", &sales_key, &format!("/api/v1/quotations/{sent_id}"), None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(read, sent, "what was answered is what is read");

        // A sent quote changed: version 2; an editor still on version 1 is told the current version.
        let one_room = json!([{"name": "Oficina", "openings": [{"kind": "window", "width_m": 3, "height_m": 2, "quantity": 4, "sku": "SOL-50"}]}]);
        let (status, v2) = keyed(&app, "PUT", &sales_key, &format!("/api/v1/quotations/{sent_id}"), Some(json!({"version": 1, "rooms": one_room}))).await;
        assert_eq!(status, StatusCode::OK, "{v2}");
        assert_eq!((v2["version"].as_i64(), v2["status"].as_str(), v2["versions"].as_array().map(Vec::len)), (Some(2), Some("pending"), Some(2)));
        assert_eq!(v2["document"]["contact"], sent["document"]["contact"], "fields left out keep their values");
        assert_eq!(v2["vertical"], "commercial");
        assert_same_price(&v2, &calculated(&app, "integra", &one_room, false).await);
        let (status, stale) = keyed(&app, "PUT", &sales_key, &format!("/api/v1/quotations/{sent_id}"), Some(json!({"version": 1, "extreme_weather": true}))).await;
        assert_eq!((status, stale["current_version"].as_i64()), (StatusCode::CONFLICT, Some(2)), "{stale}");
        let (status, missing) = keyed(&app, "PUT", &sales_key, &format!("/api/v1/quotations/{sent_id}"), Some(json!({"extreme_weather": true}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing["fields"]["version"].is_string(), "{missing}");
        // A draft is replaced in place: still version 1.
        let draft_id = draft["id"].as_str().expect("id");
        let (status, edited) = app.rest("PUT", Some(&admin), &format!("/api/v1/quotations/{draft_id}"), Some(json!({"version": 1, "language": "es"}))).await;
        assert_eq!(status, StatusCode::OK, "{edited}");
        assert_eq!((edited["version"].as_i64(), edited["language"].as_str(), edited["status"].as_str()), (Some(1), Some("es"), Some("draft")));
    }

    async fn bad_input_is_named_by_path_and_nothing_is_saved(app) {
        let admin = org_with_a_film(&app, "errores").await;
        let secret = key(&app, &admin, "admin").await;
        let mut bad = quote_body(json!({}));
        bad["contact"]["phone"] = json!("912345678");
        bad["rooms"][0]["openings"][1]["width_m"] = json!("0");
        bad["rooms"][0]["openings"][0]["quantity"] = json!("two");
        bad["rooms"][1]["openings"][0]["sku"] = json!("NOPE");
        let (status, answer) = keyed(&app, "POST", &secret, "/api/v1/quotations/residential", Some(bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
        assert_eq!(answer["error"], "invalid quote");
        let fields = &answer["fields"];
        assert_eq!(fields["contact.phone"], domain::quote_messages::PHONE);
        assert_eq!(fields["rooms[0].openings[1].width_m"], "must be greater than 0");
        assert_eq!(fields["rooms[0].openings[0].quantity"], "must be a whole number");

        // Every catalog-free check comes with what could not be read; with everything readable, the catalog speaks too.
        let mut unknown = quote_body(json!({}));
        unknown["rooms"][1]["openings"][0]["sku"] = json!("NOPE");
        unknown["rooms"][0]["openings"][1]["width_m"] = json!(21);
        let (status, answer) = keyed(&app, "POST", &secret, "/api/v1/quotations/residential", Some(unknown)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(answer["fields"]["rooms[1].openings[0].sku"], domain::UNKNOWN_PRODUCT);
        assert_eq!(answer["fields"]["rooms[0].openings[1].width_m"], "must be at most 20");

        let (status, answer) = keyed(&app, "POST", &secret, "/api/v1/quotations/residential", Some(json!({"language": "fr"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!((&answer["fields"]["contact"], &answer["fields"]["rooms"], &answer["fields"]["language"]), (&json!("is required"), &json!("is required"), &json!("must be es or en")));
        let (status, answer) = keyed(&app, "POST", &secret, "/api/v1/quotations/residential", Some(quote_body(json!({"vertical": "commercial"})))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(answer["fields"]["vertical"].is_string(), "the path's vertical wins: {answer}");

        // Not JSON at all: 400.
        let response = app.client.post(app.url("/api/v1/quotations/residential")).bearer_auth(&secret)
            .header("content-type", "application/json").body(r#"{"contact": {"name": "#).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        let answer: Value = response.json().await.expect("JSON error");
        assert!(answer["error"].as_str().is_some_and(|e| e.starts_with("malformed JSON")), "{answer}");

        // No credentials: 401.
        let (status, _) = app.post_json("/api/v1/quotations/residential", quote_body(json!({})).to_string()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        let (status, _) = keyed(&app, "GET", "ctz_wrong", "/api/v1/quotations", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        let (_, list) = keyed(&app, "GET", &secret, "/api/v1/quotations", None).await;
        assert_eq!(list["quotations"], json!([]), "nothing was saved");
    }

    async fn send_confirm_reject_delete_and_the_pdf(app) {
        let admin = org_with_a_film(&app, "ciclo").await;
        let secret = key(&app, &admin, "sales").await;
        let create = |send: bool| {
            let (app, secret) = (&app, secret.clone());
            async move {
                let (status, quote) = keyed(app, "POST", &secret, "/api/v1/quotations/residential", Some(quote_body(json!({"send": send})))).await;
                assert_eq!(status, StatusCode::CREATED, "{quote}");
                quote["id"].as_str().expect("id").to_owned()
            }
        };
        let path = |id: &str, action: &str| format!("/api/v1/quotations/{id}{action}");

        // A draft is deleted whole.
        let draft = create(false).await;
        let (status, _) = keyed(&app, "DELETE", &secret, &path(&draft, ""), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = keyed(&app, "GET", &secret, &path(&draft, ""), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (_, properties) = keyed(&app, "GET", &secret, "/api/v1/properties", None).await;
        assert_eq!(properties, json!([]), "its property went with it");

        // Sending issues it; a sent quote stays on record.
        let quote = create(false).await;
        let (status, sent) = keyed(&app, "POST", &secret, &path(&quote, "/send"), None).await;
        assert_eq!(status, StatusCode::OK, "{sent}");
        assert_eq!((sent["status"].as_str(), sent["valid_until"].as_str()), (Some("pending"), domain::add_days(&store::today(), 15).as_deref()));
        let (status, refused) = keyed(&app, "DELETE", &secret, &path(&quote, ""), None).await;
        assert_eq!((status, refused["status"].as_str()), (StatusCode::CONFLICT, Some("pending")));
        assert!(refused["error"].as_str().is_some_and(|e| e.contains("only a draft can be deleted")), "{refused}");

        // The PDF of the current version.
        let response = app.client.get(app.url(&path(&quote, "/pdf"))).bearer_auth(&secret).send().await.expect("pdf");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
        let disposition = response.headers().get("content-disposition").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(disposition.contains(&format!("{}-v1.pdf", sent["number"].as_str().unwrap_or_default())), "{disposition}");
        let bytes = response.bytes().await.expect("bytes");
        assert!(bytes.starts_with(b"%PDF"), "a PDF file");

        // Confirmed on the customer's behalf: a deal no longer changes, nor is it answered twice.
        let (status, confirmed) = keyed(&app, "POST", &secret, &path(&quote, "/confirm"), Some(json!({"reason": "por teléfono"}))).await;
        assert_eq!(status, StatusCode::OK, "{confirmed}");
        assert_eq!((confirmed["status"].as_str(), confirmed["decided_at"].is_i64()), (Some("confirmed"), true));
        let (status, changed) = keyed(&app, "PUT", &secret, &path(&quote, ""), Some(json!({"version": 1, "extreme_weather": false}))).await;
        assert_eq!((status, changed["status"].as_str()), (StatusCode::CONFLICT, Some("confirmed")), "{changed}");
        assert!(changed["error"].as_str().is_some_and(|e| e.contains(domain::quote_messages::NOT_EDITABLE)));
        let (status, again) = keyed(&app, "POST", &secret, &path(&quote, "/reject"), None).await;
        assert_eq!((status, again["status"].as_str()), (StatusCode::CONFLICT, Some("confirmed")));
        let (status, _) = keyed(&app, "POST", &secret, &path(&quote, "/send"), None).await;
        assert_eq!(status, StatusCode::CONFLICT, "an answered quote is not sent again");

        // Rejected with a reason, or without a body at all.
        let other = create(true).await;
        let (status, bad) = keyed(&app, "POST", &secret, &path(&other, "/reject"), Some(json!({"reason": 5}))).await;
        assert_eq!((status, bad["fields"]["reason"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("must be a string")));
        let (status, rejected) = keyed(&app, "POST", &secret, &path(&other, "/reject"), Some(json!({"reason": "muy caro"}))).await;
        assert_eq!(status, StatusCode::OK, "{rejected}");
        assert_eq!((rejected["status"].as_str(), rejected["rejection_reason"].as_str()), (Some("rejected"), Some("muy caro")));
        let third = create(true).await;
        let (status, rejected) = keyed(&app, "POST", &secret, &path(&third, "/reject"), None).await;
        assert_eq!((status, rejected["status"].as_str()), (StatusCode::OK, Some("rejected")));
        // A draft does not wait for an answer.
        let draft = create(false).await;
        let (status, early) = keyed(&app, "POST", &secret, &path(&draft, "/confirm"), None).await;
        assert_eq!((status, early["status"].as_str()), (StatusCode::CONFLICT, Some("draft")));
        let (status, _) = keyed(&app, "GET", &secret, &path("no-such-quote", "/pdf"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn properties_rooms_and_openings_change_the_quote_like_the_editor(app) {
        let admin = org_with_a_film(&app, "ambientes").await;
        let secret = key(&app, &admin, "sales").await;
        let (status, quote) = keyed(&app, "POST", &secret, "/api/v1/quotations/residential", Some(quote_body(json!({"send": true})))).await;
        assert_eq!(status, StatusCode::CREATED, "{quote}");
        let quote_id = quote["id"].as_str().expect("id").to_owned();
        let property = quote["property_id"].as_str().expect("property").to_owned();

        let (status, properties) = keyed(&app, "GET", &secret, "/api/v1/properties", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(properties.as_array().map(Vec::len), Some(1));
        let p = &properties[0];
        assert_eq!((p["id"].as_str(), p["quote_id"].as_str(), p["address"].as_str()), (Some(property.as_str()), Some(quote_id.as_str()), Some("Av. Apoquindo 3000")));
        assert_eq!((p["customer_name"].as_str(), p["rooms"].as_i64(), p["quote_status"].as_str()), (Some("Carla Integra"), Some(2), Some("pending")));

        let (status, rooms) = keyed(&app, "GET", &secret, &format!("/api/v1/properties/{property}/rooms"), None).await;
        assert_eq!(status, StatusCode::OK, "{rooms}");
        assert_eq!((rooms[0]["name"].as_str(), rooms[0]["floor"].as_i64(), rooms[0]["position"].as_i64()), (Some("Living"), Some(4), Some(0)));
        assert_eq!(rooms[0]["openings"].as_array().map(Vec::len), Some(2));
        let living = rooms[0]["id"].as_str().expect("room id").to_owned();
        let (_, room) = keyed(&app, "GET", &secret, &format!("/api/v1/rooms/{living}"), None).await;
        assert_eq!(room, rooms[0]);
        let (_, openings) = keyed(&app, "GET", &secret, &format!("/api/v1/rooms/{living}/openings"), None).await;
        assert_eq!(openings, rooms[0]["openings"]);
        let door = openings[1]["id"].as_str().expect("opening id").to_owned();
        let (_, opening) = keyed(&app, "GET", &secret, &format!("/api/v1/openings/{door}"), None).await;
        assert_eq!((opening["kind"].as_str(), opening["width_m"].as_str(), opening["difficult_access"].as_bool()), (Some("sliding_door"), Some("2.4"), Some(true)));

        // One opening changed on a sent quote: version 2, priced like the whole quote.
        let wider = json!({"kind": "sliding_door", "width_m": "2.80", "height_m": "2.10", "quantity": 3, "sku": "SOL-50"});
        let (status, saved) = keyed(&app, "PUT", &secret, &format!("/api/v1/openings/{door}"), Some(wider.clone())).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!((saved["quantity"].as_i64(), saved["width_m"].as_str(), saved["quote_version"].as_i64(), saved["position"].as_i64()), (Some(3), Some("2.80"), Some(2), Some(1)));
        assert_eq!(saved["difficult_access"], false, "the whole opening is replaced");
        assert_ne!(saved["id"].as_str(), Some(door.as_str()), "saving gives new ids");
        let (status, _) = keyed(&app, "GET", &secret, &format!("/api/v1/openings/{door}"), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the old id names nothing now");
        let (_, v2) = keyed(&app, "GET", &secret, &format!("/api/v1/quotations/{quote_id}"), None).await;
        assert_eq!((v2["version"].as_i64(), v2["status"].as_str()), (Some(2), Some("pending")));
        let mut expected = sample_rooms();
        expected[0]["openings"][1] = wider;
        assert_same_price(&v2, &calculated(&app, "ambientes", &expected, true).await);

        // Bad input is named relative to the body; nothing is written.
        let (_, rooms) = keyed(&app, "GET", &secret, &format!("/api/v1/properties/{property}/rooms"), None).await;
        let bath = rooms[1]["id"].as_str().expect("room").to_owned();
        let (status, bad) = keyed(&app, "POST", &secret, &format!("/api/v1/rooms/{bath}/openings"), Some(json!({"kind": "window", "width_m": "0", "height_m": 1, "quantity": 1, "sku": "NOPE"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!((&bad["fields"]["width_m"], &bad["fields"]["sku"]), (&json!("must be greater than 0"), &json!(domain::UNKNOWN_PRODUCT)));
        let (status, bad) = keyed(&app, "POST", &secret, &format!("/api/v1/rooms/{bath}/openings"), Some(json!({"kind": "roof", "width_m": "1,5", "height_m": 1, "quantity": 1}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!((&bad["fields"]["width_m"], &bad["fields"]["sku"]), (&json!("must be a decimal number"), &json!("is required")));
        assert!(bad["fields"]["kind"].as_str().is_some_and(|m| m.starts_with("must be one of")), "{bad}");
        let (status, malformed) = keyed(&app, "POST", &secret, &format!("/api/v1/rooms/{bath}/openings"), Some(json!([1]))).await;
        assert_eq!((status, &malformed["fields"]["body"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!("must be an object")));
        let (_, still) = keyed(&app, "GET", &secret, &format!("/api/v1/quotations/{quote_id}"), None).await;
        assert_eq!(still["version"].as_i64(), Some(2));

        // Add an opening and a room; rename a room keeping its openings; remove them again.
        let (status, added) = keyed(&app, "POST", &secret, &format!("/api/v1/rooms/{bath}/openings"), Some(json!({"kind": "window", "width_m": 1, "height_m": 1, "quantity": 1, "sku": "SOL-50"}))).await;
        assert_eq!(status, StatusCode::CREATED, "{added}");
        assert_eq!((added["position"].as_i64(), added["quote_version"].as_i64()), (Some(1), Some(3)));
        let (status, kitchen) = keyed(&app, "POST", &secret, &format!("/api/v1/properties/{property}/rooms"), Some(json!({"name": "Cocina", "floor": 2, "openings": [{"kind": "window", "width_m": 1, "height_m": 1, "quantity": 1, "sku": "SOL-50"}]}))).await;
        assert_eq!(status, StatusCode::CREATED, "{kitchen}");
        assert_eq!((kitchen["position"].as_i64(), kitchen["name"].as_str(), kitchen["quote_version"].as_i64()), (Some(2), Some("Cocina"), Some(4)));
        let kitchen_id = kitchen["id"].as_str().expect("id");
        let (status, renamed) = keyed(&app, "PUT", &secret, &format!("/api/v1/rooms/{kitchen_id}"), Some(json!({"name": "Cocina grande", "floor": 5}))).await;
        assert_eq!(status, StatusCode::OK, "{renamed}");
        assert_eq!((renamed["name"].as_str(), renamed["floor"].as_i64(), renamed["openings"].as_array().map(Vec::len)), (Some("Cocina grande"), Some(5), Some(1)));
        let (status, _) = keyed(&app, "DELETE", &secret, &format!("/api/v1/rooms/{}", renamed["id"].as_str().unwrap_or_default()), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (status, _) = keyed(&app, "DELETE", &secret, &format!("/api/v1/openings/{}", added["id"].as_str().unwrap_or_default()), None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "the room's removal saved the quote: older ids name nothing");
        let (_, rooms) = keyed(&app, "GET", &secret, &format!("/api/v1/properties/{property}/rooms"), None).await;
        let last = rooms[1]["openings"][1]["id"].as_str().expect("the added opening").to_owned();
        let (status, _) = keyed(&app, "DELETE", &secret, &format!("/api/v1/openings/{last}"), None).await;
        assert_eq!(status, StatusCode::NO_CONTENT);
        let (_, now) = keyed(&app, "GET", &secret, &format!("/api/v1/quotations/{quote_id}"), None).await;
        assert_eq!((now["version"].as_i64(), now["document"]["rooms"].as_array().map(Vec::len)), (Some(7), Some(2)));
        assert_eq!(now["document"]["rooms"][1]["openings"].as_array().map(Vec::len), Some(1));

        // A confirmed quote no longer changes, through its rooms either.
        let (status, _) = keyed(&app, "POST", &secret, &format!("/api/v1/quotations/{quote_id}/confirm"), None).await;
        assert_eq!(status, StatusCode::OK);
        let (_, rooms) = keyed(&app, "GET", &secret, &format!("/api/v1/properties/{property}/rooms"), None).await;
        let first = rooms[0]["id"].as_str().expect("room");
        let (status, refused) = keyed(&app, "PUT", &secret, &format!("/api/v1/rooms/{first}"), Some(json!({"name": "Otro"}))).await;
        assert_eq!((status, refused["status"].as_str()), (StatusCode::CONFLICT, Some("confirmed")), "{refused}");
    }
}
