use reqwest::StatusCode;
use serde_json::json;

use crate::app_test;

app_test! {
    async fn live_and_ready(app) {
        assert_eq!(app.get_json("/health/live").await, (StatusCode::OK, json!({"status": "live"})));
        let (status, body) = app.get_json("/health/ready").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["status"], "ready");
        assert_eq!(body["database"], app.db.backend().name());
    }

    async fn not_ready_when_the_database_is_gone(app) {
        app.db.close().await;
        let (status, body) = app.get_json("/health/ready").await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(body["reason"], "database unreachable");
        let (status, _) = app.get_json("/health/live").await;
        assert_eq!(status, StatusCode::OK, "still alive, just not ready");
    }
}
