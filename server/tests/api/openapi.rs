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
        // One operation per (method, path) of ROUTES, nothing the server does not have.
        let documented: usize = doc["paths"].as_object().map(|paths| paths.values()
            .map(|ops| ops.as_object().map_or(0, |o| o.keys()
                .filter(|k| matches!(k.as_str(), "get" | "put" | "post" | "delete" | "patch" | "head" | "options" | "trace")).count()))
            .sum()).unwrap_or(0);
        assert_eq!(documented, server::api::ROUTES.len() + server::api::VIDEO_ROUTES.len(), "openapi.json documents a route the server lacks");
        // The video routes live under /api, with their own server entry; session or key; 401 and, with an id, 404.
        for (method, path) in server::api::VIDEO_ROUTES {
            let operation = &doc["paths"][path][method];
            assert!(operation.is_object(), "{method} {path} is missing from openapi.json");
            assert_eq!(doc["paths"][path]["servers"][0]["url"], "/api", "{path}");
            let schemes: Vec<&str> = operation["security"].as_array().map(|s| s.iter()
                .filter_map(|r| r.as_object().and_then(|o| o.keys().next()).map(String::as_str)).collect()).unwrap_or_default();
            assert_eq!(schemes, ["sessionCookie", "apiKey"], "{method} {path}");
            assert!(operation["responses"]["401"].is_object(), "{method} {path} documents 401");
            if path.contains('{') {
                assert!(operation["responses"]["404"].is_object(), "{method} {path} documents 404");
            }
        }
        // API keys: a bearer scheme; every catalog route takes it, key management only the session.
        assert_eq!((doc["components"]["securitySchemes"]["apiKey"]["type"].as_str(), doc["components"]["securitySchemes"]["apiKey"]["scheme"].as_str()), (Some("http"), Some("bearer")));
        for (method, path) in server::api::ROUTES {
            let schemes: Vec<&str> = doc["paths"][path][method]["security"].as_array().map(|s| s.iter()
                .filter_map(|r| r.as_object().and_then(|o| o.keys().next()).map(String::as_str)).collect()).unwrap_or_default();
            let quotation = ["/quotations", "/properties", "/rooms/", "/openings/"].iter().any(|p| path.starts_with(p)) && *path != "/quotations/calculate";
            if path.starts_with("/products") || path.starts_with("/vehicles") || path.starts_with("/automotive") || quotation {
                assert_eq!(schemes, ["sessionCookie", "apiKey"], "{method} {path}");
            } else if path.starts_with("/api-keys") {
                assert_eq!(schemes, ["sessionCookie"], "{method} {path}");
            } else {
                assert!(schemes.is_empty(), "{method} {path} is public");
            }
        }
        // Every quotation operation answers 401 and, when it takes an id, 404; every $ref names a component.
        for (method, path) in server::api::ROUTES.iter().filter(|(_, p)| p.starts_with("/quotations/{") || p.starts_with("/properties") || p.starts_with("/rooms") || p.starts_with("/openings")) {
            let responses = &doc["paths"][path][method]["responses"];
            assert!(responses["401"].is_object(), "{method} {path} documents 401");
            if path.contains('{') {
                assert!(responses["404"].is_object(), "{method} {path} documents 404");
            }
        }
        let text = doc.to_string();
        for reference in text.split("\"$ref\":\"").skip(1).filter_map(|rest| rest.split('"').next()) {
            let pointer = reference.trim_start_matches('#');
            assert!(doc.pointer(pointer).is_some(), "{reference} names nothing");
        }
    }
}
