use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::TEST_BODY_LIMIT;

/// The request of the pricing contract's REST example.
fn contract_request() -> Value {
    json!({"org": "demo", "extreme_weather": false,
        "rooms": [{"name": "Living", "floor": 4, "openings": [
            {"kind": "window", "width_m": "1.20", "height_m": "1.50", "quantity": 2,
             "sku": "SOL-CERAMIC-70", "curved_glass": false, "difficult_access": false}]}]})
}

/// Three rooms reaching the 5 % volume tier, with a linear product and a half-cent tie.
fn three_rooms() -> Value {
    json!({"org": "demo", "rooms": [
        {"name": "Living", "openings": [
            {"kind": "window", "width_m": "2.0", "height_m": "2.5", "quantity": 10, "sku": "SEC-CLEAR-4MIL"}]},
        {"name": "Baño", "floor": 4, "openings": [
            {"kind": "shower_enclosure", "width_m": 1.0, "height_m": 2.0, "quantity": 1,
             "sku": "DEC-FROSTED-FULL", "difficult_access": true}]},
        {"name": "Entrada", "openings": [
            {"kind": "door", "width_m": "0.9", "height_m": "2.1", "quantity": 3, "sku": "DEC-STRIPES"}]}]})
}

app_test! {
    async fn the_contract_example_to_the_cent(app) {
        let (status, body) = app.calculate(&contract_request()).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, json!({"currency": "USD",
            "lines": [{"room": "Living", "kind": "window", "sku": "SOL-CERAMIC-70",
                "unit": "m2", "base_qty": "3.6000", "waste_rate": "0.15", "qty": "4.1400",
                "complexity": "1.2", "material": "351.90", "installation": "99.36",
                "total": "451.26"}],
            "area_m2": "4.1400", "subtotal": "451.26", "discount_rate": "0",
            "discount": "0.00", "taxable": "451.26", "tax_rate": "0.19",
            "tax": "85.74", "total": "537.00"}));
    }

    async fn three_rooms_with_discount_and_a_linear_product(app) {
        let (status, body) = app.calculate(&three_rooms()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // By hand: 57.5 m² → 2587.50 + 862.50; 2.36 m² → 129.80 + 44.18 (2.36×12×1.2×1.3 = 44.1792);
        // 3.105 m of stripes → 77.63 (77.625, half away from zero) + 24.84; linear is not area.
        assert_eq!(body["lines"][1]["installation"], "44.18");
        assert_eq!(body["lines"][2]["material"], "77.63");
        assert_eq!(body["area_m2"], "59.8600");
        assert_eq!(body["subtotal"], "3726.45");
        assert_eq!(body["discount_rate"], "0.05");
        assert_eq!(body["discount"], "186.32");
        assert_eq!(body["taxable"], "3540.13");
        assert_eq!(body["tax"], "672.62");
        assert_eq!(body["total"], "4212.75");
        insta::assert_json_snapshot!("three_rooms", body);
    }

    async fn json_numbers_and_decimal_strings_price_the_same(app) {
        let mut numeric = contract_request();
        numeric["rooms"][0]["openings"][0]["width_m"] = json!(1.2);
        numeric["rooms"][0]["openings"][0]["height_m"] = json!(1.5);
        numeric["rooms"][0]["openings"][0]["quantity"] = json!("2");
        let (s1, a) = app.calculate(&contract_request()).await;
        let (s2, b) = app.calculate(&numeric).await;
        assert_eq!((s1, s2), (StatusCode::OK, StatusCode::OK));
        assert_eq!(a, b);
        // 0.30005 as f64 is 0.300049999…, which would show 0.3000; read from its text it is
        // an exact tie, shown half away from zero.
        let (status, body) = app
            .post_json("/api/v1/quotations/calculate", r#"{"org":"demo","rooms":[{"name":"A","openings":[
                {"kind":"window","width_m":0.30005,"height_m":1,"quantity":1,"sku":"DEC-COLORED"}]}]}"#)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["lines"][0]["base_qty"], "0.3001");
    }

    async fn every_bad_field_is_named_by_its_path(app) {
        let mut req = contract_request();
        req["rooms"][0]["openings"] = json!([
            {"kind": "window", "width_m": "1", "height_m": "1", "quantity": 1, "sku": "SOL-CERAMIC-70"},
            {"kind": "window", "width_m": "0", "height_m": "20.01", "quantity": 1001, "sku": "SOL-CERAMIC-70"},
            {"kind": "skylight", "width_m": "-1", "height_m": "x", "quantity": 0, "sku": "NOPE"}
        ]);
        let (status, body) = app.calculate(&req).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body, json!({"error": "invalid quote", "fields": {
            "rooms[0].openings[1].width_m": "must be greater than 0",
            "rooms[0].openings[1].height_m": "must be at most 20",
            "rooms[0].openings[1].quantity": "must be between 1 and 1000",
            "rooms[0].openings[2].width_m": "must be greater than 0",
            "rooms[0].openings[2].height_m": "must be a decimal number",
            "rooms[0].openings[2].quantity": "must be between 1 and 1000",
            "rooms[0].openings[2].sku": "unknown or inactive product"
        }}));
    }

    async fn an_inactive_product_cannot_be_priced(app) {
        let demo = app.demo().await;
        app.retire_demo_product("SOL-CERAMIC-70").await;
        drop(demo);
        let (status, body) = app.calculate(&contract_request()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["fields"]["rooms[0].openings[0].sku"], "unknown or inactive product");
    }

    async fn a_product_of_another_organisation_is_unknown(app) {
        let other = app.db.create_org(&store::NewOrganization {
            slug: "other".into(), name: "Other".into(), country: "CL".into(),
            currency: domain::Currency::Clp, tax_rate: "0.19".parse().expect("rate"), default_language: "es".into(),
        }).await.expect("org");
        let mut req = contract_request();
        req["org"] = json!("other");
        let (status, body) = app.calculate(&req).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the demo catalog is not the other org's");
        assert_eq!(body["fields"]["rooms[0].openings[0].sku"], "unknown or inactive product");
        drop(other);
    }

    async fn clp_has_no_minor_digits(app) {
        let admin = app.sign_up("chile").await;
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/products", Some(json!({
            "sku": "SEG-4", "name_es": "Seguridad 4 mil", "type": "security", "unit": "m2", "verticals": ["residential"],
            "price": {"material_price": 32990, "installation_price": "9990"}}))).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        let (status, body) = app.calculate(&json!({"org": "chile", "rooms": [{"name": "Living", "openings": [
            {"kind": "window", "width_m": "1.33", "height_m": "0.77", "quantity": 1, "sku": "SEG-4"}]}]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        // 1.33×0.77 = 1.0241 → ×1.15 = 1.177715 m²; ×32990 = 38852.817… → 38853; ×9990 = 11765.37… → 11765
        assert_eq!(body["currency"], "CLP");
        assert_eq!(body["lines"][0]["material"], "38853");
        assert_eq!(body["lines"][0]["installation"], "11765");
        assert_eq!(body["subtotal"], "50618");
        assert_eq!(body["discount"], "0");
        assert_eq!(body["tax"], "9617", "50618 × 0.19 = 9617.42");
        assert_eq!(body["total"], "60235");
    }

    async fn an_unknown_organisation_is_404(app) {
        let mut req = contract_request();
        req["org"] = json!("nobody");
        assert_eq!(app.calculate(&req).await, (StatusCode::NOT_FOUND, json!({"error": "not found"})));
    }

    async fn malformed_json_is_400(app) {
        let (status, body) = app.post_json("/api/v1/quotations/calculate", r#"{"org": "demo", "rooms": ["#).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(body["error"].as_str().is_some_and(|e| e.starts_with("malformed JSON")), "{body}");
    }

    async fn a_missing_org_is_a_field_error(app) {
        let (status, body) = app.calculate(&json!({"rooms": []})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["fields"], json!({"org": "is required"}));
    }

    async fn an_oversized_body_is_413(app) {
        let padding = "x".repeat(TEST_BODY_LIMIT + 1);
        let body = format!(r#"{{"org":"demo","rooms":[],"padding":"{padding}"}}"#);
        let (status, answer) = app.post_json("/api/v1/quotations/calculate", body).await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(answer["error"].as_str().is_some_and(|e| e.contains("larger than")), "{answer}");
        // The same request under the limit is fine.
        let (status, _) = app.post_json("/api/v1/quotations/calculate", r#"{"org":"demo","rooms":[]}"#).await;
        assert_eq!(status, StatusCode::OK);
    }
}

/// The public estimate reuses an organisation's prices for `PRICING_CACHE_MS`:
/// a change in the database is not seen until then (and is with the cache off,
/// as in every other test here).
#[tokio::test]
async fn the_estimate_reuses_prices_for_the_cache_window() {
    let app = crate::test_app::TestApp::spawn_with(store::Backend::Sqlite, |c| c.pricing_cache_ms = 60_000).await;
    let (status, _) = app.calculate(&contract_request()).await;
    assert_eq!(status, StatusCode::OK);
    app.retire_demo_product("SOL-CERAMIC-70").await;
    let (status, body) = app.calculate(&contract_request()).await;
    assert_eq!(status, StatusCode::OK, "served from the cache: {body}");
}

