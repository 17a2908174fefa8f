use reqwest::StatusCode;
use serde_json::json;

use crate::app_test;

app_test! {
    async fn the_demo_catalog_is_public(app) {
        let (status, body) = app.get_json("/api/v1/orgs/demo/products").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["currency"], "USD");
        assert_eq!(body["tax_rate"], "0.19");
        let products = body["products"].as_array().expect("products");
        assert_eq!(products.len(), 11);
        assert_eq!(products[6], json!({
            "sku": "DEC-STRIPES", "name_es": "Franjas decorativas (metro lineal)", "name_en": "Decorative stripes (linear metre)",
            "type": "decorative", "unit": "m", "waste_class": "vinyl", "material_price": "25.00", "installation_price": "8.00",
            "verticals": ["residential", "commercial", "architectural"], "category": "decorative",
            "specs": {"vlt_pct": null, "uv_rejection_pct": null, "tser_pct": null, "thickness_mil": null, "warranty_years": 5, "finish": "esmerilado"},
            "thumbnail_url": null, "photo_url": null
        }));
    }

    async fn retired_products_are_not_listed(app) {
        app.retire_demo_product("DEC-STRIPES").await;
        let (_, body) = app.get_json("/api/v1/orgs/demo/products").await;
        let skus: Vec<&str> = body["products"].as_array().expect("products").iter().filter_map(|p| p["sku"].as_str()).collect();
        assert_eq!(skus.len(), 10);
        assert!(!skus.contains(&"DEC-STRIPES"));
    }

    async fn an_unknown_organisation_is_404(app) {
        assert_eq!(app.get_json("/api/v1/orgs/nope/products").await, (StatusCode::NOT_FOUND, json!({"error": "not found"})));
        assert_eq!(app.get_json("/api/v1/no/such/route").await.0, StatusCode::NOT_FOUND);
    }
}
