use reqwest::StatusCode;

use crate::app_test;

app_test! {
    async fn the_document_lists_every_route(app) {
        let (status, doc) = app.get_json("/api/v1/openapi.json").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(doc["openapi"], "3.1.0");
        for (method, path) in server::api::ROUTES {
            assert!(doc["paths"][path][method].is_object(), "{method} {path} is missing from openapi.json");
        }
        let documented = doc["paths"].as_object().map(|p| p.len()).unwrap_or(0);
        assert_eq!(documented, server::api::ROUTES.len(), "openapi.json documents a route the server lacks");
    }
}
