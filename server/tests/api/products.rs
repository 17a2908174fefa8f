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
        assert_eq!(products.len(), 7);
        assert_eq!(products[6], json!({
            "sku": "DEC-STRIPES", "name": "Franjas decorativas (metro lineal)", "type": "decorative",
            "unit": "m", "waste_class": "vinyl", "material_price": "25.00", "installation_price": "8.00"
        }));
    }

    async fn retired_products_are_not_listed(app) {
        let demo = app.demo().await;
        let all = app.db.products(&demo.id, true).await.expect("catalog");
        let stripes = all.iter().find(|p| p.sku == "DEC-STRIPES").expect("stripes");
        app.db.set_product_active(&demo.id, &stripes.id, false).await.expect("retire");
        let (_, body) = app.get_json("/api/v1/orgs/demo/products").await;
        let skus: Vec<&str> = body["products"].as_array().expect("products").iter().filter_map(|p| p["sku"].as_str()).collect();
        assert_eq!(skus.len(), 6);
        assert!(!skus.contains(&"DEC-STRIPES"));
    }

    async fn an_unknown_organisation_is_404(app) {
        assert_eq!(app.get_json("/api/v1/orgs/nope/products").await, (StatusCode::NOT_FOUND, json!({"error": "not found"})));
        assert_eq!(app.get_json("/api/v1/no/such/route").await.0, StatusCode::NOT_FOUND);
    }
}
