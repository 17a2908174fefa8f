//! API keys over HTTP: admins create, list and revoke them with their
//! session; integrations call `/api/v1` with `Authorization: Bearer`.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
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

/// Creates a key as the admin of `cookie`; returns the answer (with `secret`).
async fn create_key(app: &TestApp, cookie: &str, name: &str, role: &str) -> Value {
    let (status, key) = app.rest("POST", Some(cookie), "/api/v1/api-keys", Some(json!({"name": name, "role": role}))).await;
    assert_eq!(status, StatusCode::CREATED, "{key}");
    key
}

fn secret(key: &Value) -> String {
    key["secret"].as_str().expect("the secret, once").to_owned()
}

fn film(sku: &str) -> Value {
    json!({"sku": sku, "name_es": format!("Lámina {sku}"), "type": "solar_control", "unit": "m2",
           "verticals": ["residential"], "price": {"material_price": "40", "installation_price": "10"}})
}

app_test! {
    async fn an_admin_key_reads_and_writes_the_catalog_and_is_never_listed_with_its_secret(app) {
        let admin = app.sign_up("llaves").await;
        let (status, _) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film("SOL-1"))).await;
        assert_eq!(status, StatusCode::CREATED);

        let key = create_key(&app, &admin, "ERP Bodega", "admin").await;
        let secret = secret(&key);
        assert!(secret.starts_with("ctz_") && secret.len() == 47, "{secret}");
        assert_eq!((key["name"].as_str(), key["role"].as_str(), key["prefix"].as_str()), (Some("ERP Bodega"), Some("admin"), Some(&secret[..12])));
        assert!(key["last_used_at"].is_null() && key["revoked_at"].is_null());

        let (status, products) = keyed(&app, "GET", &secret, "/api/v1/products", None).await;
        assert_eq!(status, StatusCode::OK, "{products}");
        assert_eq!(products.as_array().map(|p| p.iter().filter_map(|p| p["sku"].as_str()).collect::<Vec<_>>()), Some(vec!["SOL-1"]));
        let (status, created) = keyed(&app, "POST", &secret, "/api/v1/products", Some(film("SOL-2"))).await;
        assert_eq!(status, StatusCode::CREATED, "an admin key writes: {created}");

        // The list: every field but the secret; the use is recorded.
        let (status, listed) = app.rest("GET", Some(&admin), "/api/v1/api-keys", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(listed.as_array().map(Vec::len), Some(1));
        assert_eq!(listed[0]["id"], key["id"]);
        assert!(listed[0].get("secret").is_none() && !listed.to_string().contains(&secret[12..]), "never the secret: {listed}");
        assert!(listed[0]["last_used_at"].is_i64(), "{listed}");

        // The audit log names the key as the actor of its changes.
        let org = app.db.org_by_slug("llaves").await.expect("lookup").expect("org");
        let audit = app.db.audit_events(&org.id, 50, None).await.expect("audit");
        let by_key = audit.iter().find(|e| e.action == "product.created" && e.subject.as_deref() == Some("SOL-2")).expect("audited");
        assert_eq!(by_key.actor_email.as_deref(), Some(format!("API key {} (ERP Bodega)", &secret[..12]).as_str()));
        assert!(audit.iter().any(|e| e.action == "api_key.created"));

        // A key does not manage keys, even an admin one.
        assert_eq!(keyed(&app, "GET", &secret, "/api/v1/api-keys", None).await.0, StatusCode::FORBIDDEN);
        assert_eq!(keyed(&app, "POST", &secret, "/api/v1/api-keys", Some(json!({"name": "x", "role": "admin"}))).await.0, StatusCode::FORBIDDEN);
        let path = format!("/api/v1/api-keys/{}", key["id"].as_str().expect("id"));
        assert_eq!(keyed(&app, "DELETE", &secret, &path, None).await.0, StatusCode::FORBIDDEN);
    }

    async fn a_sales_key_reads_but_cannot_write(app) {
        let admin = app.sign_up("ventas-key").await;
        let sales = secret(&create_key(&app, &admin, "Catálogo web", "sales").await);
        assert_eq!(keyed(&app, "GET", &sales, "/api/v1/products/categories", None).await.0, StatusCode::OK);
        let (status, body) = keyed(&app, "POST", &sales, "/api/v1/products", Some(film("SOL-9"))).await;
        assert_eq!((status, body["error"].as_str()), (StatusCode::FORBIDDEN, Some("not allowed for this role")));
        let (_, products) = app.rest("GET", Some(&admin), "/api/v1/products?include_inactive=true", None).await;
        assert_eq!(products, json!([]), "nothing written");

        // Only admins manage keys, with field errors for the form.
        let seller = app.invite_and_accept(&admin, "vendedor@ventas-key.test", "sales").await;
        assert_eq!(app.rest("GET", Some(&seller), "/api/v1/api-keys", None).await.0, StatusCode::FORBIDDEN);
        assert_eq!(app.rest("POST", Some(&seller), "/api/v1/api-keys", Some(json!({"name": "x", "role": "sales"}))).await.0, StatusCode::FORBIDDEN);
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/api-keys", Some(json!({"name": " ", "role": "owner"}))).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(body["fields"], json!({"name": "is required", "role": "is not one of the choices"}));
        let (status, body) = app.rest("POST", Some(&admin), "/api/v1/api-keys", Some(json!({"name": "x".repeat(121), "role": "sales"}))).await;
        assert_eq!((status, &body["fields"]), (StatusCode::UNPROCESSABLE_ENTITY, &json!({"name": "is too long"})));
        assert_eq!(app.rest("GET", None, "/api/v1/api-keys", None).await.0, StatusCode::UNAUTHORIZED);
    }

    async fn revoked_wrong_and_garbage_keys_are_401(app) {
        let admin = app.sign_up("revocadas").await;
        let key = create_key(&app, &admin, "ERP", "admin").await;
        let secret = secret(&key);
        assert_eq!(keyed(&app, "GET", &secret, "/api/v1/products", None).await.0, StatusCode::OK);
        let path = format!("/api/v1/api-keys/{}", key["id"].as_str().expect("id"));
        let (status, body) = app.rest("DELETE", Some(&admin), &path, None).await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert_eq!(app.rest("DELETE", Some(&admin), &path, None).await.0, StatusCode::NOT_FOUND, "revoked once");
        let (_, listed) = app.rest("GET", Some(&admin), "/api/v1/api-keys", None).await;
        assert!(listed[0]["revoked_at"].is_i64(), "listed as revoked: {listed}");

        let wrong = format!("ctz_{}", "A".repeat(43));
        for bad in [secret.as_str(), wrong.as_str(), "garbage", "ctz_", ""] {
            let response = app.client.get(app.url("/api/v1/products")).header("authorization", format!("Bearer {bad}")).send().await.expect("request");
            assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{bad:?}");
            assert_eq!(response.headers().get("www-authenticate").and_then(|v| v.to_str().ok()), Some("Bearer"));
            let body: Value = response.json().await.expect("json");
            assert_eq!(body, json!({"error": "not logged in"}), "{bad:?}");
        }
        // A bad key is not rescued by a good cookie: the key decides.
        let response = app.client.get(app.url("/api/v1/products")).bearer_auth(&secret)
            .header("cookie", format!("cotiza_session={admin}")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }

    async fn a_key_sees_only_its_organisation(app) {
        let a = app.sign_up("org-a").await;
        let b = app.sign_up("org-b").await;
        let (_, product_b) = app.rest("POST", Some(&b), "/api/v1/products", Some(film("B-1"))).await;
        let key_a = create_key(&app, &a, "A", "admin").await;
        let secret_a = secret(&key_a);
        let (status, listed) = keyed(&app, "GET", &secret_a, "/api/v1/products?include_inactive=true", None).await;
        assert_eq!((status, listed), (StatusCode::OK, json!([])), "none of B's products");
        let foreign = format!("/api/v1/products/{}", product_b["id"].as_str().expect("id"));
        assert_eq!(keyed(&app, "GET", &secret_a, &foreign, None).await.0, StatusCode::NOT_FOUND);
        assert_eq!(keyed(&app, "DELETE", &secret_a, &foreign, None).await.0, StatusCode::NOT_FOUND);
        assert_eq!(app.rest("GET", Some(&b), &foreign, None).await.0, StatusCode::OK, "B's product is still there");

        // B's admin cannot revoke A's key: 404, and it keeps working.
        let path = format!("/api/v1/api-keys/{}", key_a["id"].as_str().expect("id"));
        let (status, body) = app.rest("DELETE", Some(&b), &path, None).await;
        assert_eq!((status, body), (StatusCode::NOT_FOUND, json!({"error": "not found"})));
        assert_eq!(app.rest("GET", Some(&b), "/api/v1/api-keys", None).await.1, json!([]));
        assert_eq!(keyed(&app, "GET", &secret_a, "/api/v1/products", None).await.0, StatusCode::OK);
    }

    async fn the_page_shows_a_new_secret_once_without_javascript(app) {
        let admin = app.sign_up("pagina").await;
        let session = format!("cotiza_session={admin}");
        // A plain form post: redirected back, the secret in a one-minute HttpOnly cookie, not in the URL.
        let response = app.client.post(app.url("/api/create_api_key")).header("cookie", &session)
            .header("accept", "text/html").header("origin", app.url("")).header("referer", app.url("/app/api-keys"))
            .form(&[("name", "ERP Bodega"), ("role", "sales")]).send().await.expect("form");
        assert!(response.status().is_redirection(), "{}", response.status());
        let location = response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(!location.contains("ctz_"), "{location}");
        let flash = response.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("cotiza_new_api_key=")).expect("the flash cookie").to_owned();
        assert!(flash.contains("HttpOnly") && flash.contains("SameSite=Strict") && flash.contains("Max-Age=60"), "{flash}");
        let secret = flash.trim_start_matches("cotiza_new_api_key=").split(';').next().expect("value").to_owned();
        assert!(secret.starts_with("ctz_") && secret.len() == 47, "{secret}");

        let page = app.client.get(app.url("/app/api-keys")).header("cookie", format!("{session}; cotiza_new_api_key={secret}")).send().await.expect("page");
        assert_eq!(page.status(), StatusCode::OK);
        let cleared = page.headers().get_all("set-cookie").iter().filter_map(|v| v.to_str().ok()).any(|c| c.starts_with("cotiza_new_api_key=;") && c.contains("Max-Age=0"));
        let html = page.text().await.expect("html");
        assert!(html.contains(&secret) && html.contains("ERP Bodega") && html.contains("Cópiala ahora"), "the secret is shown");
        assert!(cleared, "and its cookie deleted");
        let again = app.client.get(app.url("/app/api-keys")).header("cookie", &session).send().await.expect("page").text().await.expect("html");
        assert!(!again.contains(&secret) && again.contains(&secret[..12]), "then only its prefix is listed");
        assert_eq!(keyed(&app, "GET", &secret, "/api/v1/products", None).await.0, StatusCode::OK, "the secret shown works");

        // A cookie that opens no key of this organisation shows nothing.
        let planted = format!("ctz_{}", "B".repeat(43));
        let html = app.client.get(app.url("/app/api-keys")).header("cookie", format!("{session}; cotiza_new_api_key={planted}")).send().await.expect("page").text().await.expect("html");
        assert!(!html.contains(&planted));

        // Revoking with a plain form.
        let (_, listed) = app.rest("GET", Some(&admin), "/api/v1/api-keys", None).await;
        let id = listed[0]["id"].as_str().expect("id").to_owned();
        let response = app.client.post(app.url("/api/revoke_api_key")).header("cookie", &session)
            .header("accept", "text/html").header("origin", app.url("")).header("referer", app.url("/app/api-keys"))
            .form(&[("id", id.as_str())]).send().await.expect("form");
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(keyed(&app, "GET", &secret, "/api/v1/products", None).await.0, StatusCode::UNAUTHORIZED);

        // Sales users get no page of keys.
        let seller = app.invite_and_accept(&admin, "v@pagina.test", "sales").await;
        let called = app.call(Some(&seller), "api_keys", &[]).await;
        assert_eq!(called.status, StatusCode::FORBIDDEN);
    }

    async fn key_calls_need_no_same_site_headers_but_cookie_calls_still_do(app) {
        let admin = app.sign_up("csrf-key").await;
        let secret = secret(&create_key(&app, &admin, "ERP", "admin").await);
        // An integration (even one that sends an Origin) with its key and no cookie: allowed.
        let response = app.client.post(app.url("/api/v1/products")).bearer_auth(&secret)
            .header("origin", "https://erp.example").json(&film("K-1")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        // A browser's cross-site write with the session cookie: refused as before.
        let response = app.client.post(app.url("/api/v1/products")).header("cookie", format!("cotiza_session={admin}"))
            .header("sec-fetch-site", "cross-site").json(&film("X-1")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        // Also when it adds a key: a cookie rides along, so the check applies.
        let response = app.client.post(app.url("/api/v1/products")).header("cookie", format!("cotiza_session={admin}"))
            .bearer_auth(&secret).header("origin", "https://evil.example").json(&film("X-2")).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        // Server functions never take keys.
        let response = app.client.post(app.url("/api/team")).bearer_auth(&secret).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let (_, products) = app.rest("GET", Some(&admin), "/api/v1/products", None).await;
        assert_eq!(products.as_array().map(Vec::len), Some(1), "only the key's product was written");
    }
}

app_test! {
    async fn a_key_acts_with_at_most_its_creators_role_and_stops_while_they_are_disabled(app) {
        let owner = app.sign_up("llaves").await;
        let creator = app.invite_and_accept(&owner, "otra@llaves.test", "admin").await;
        let key = create_key(&app, &creator, "ERP", "admin").await;
        let secret = secret(&key);
        let (status, _) = keyed(&app, "POST", &secret, "/api/v1/products", Some(film("SOL-1"))).await;
        assert_eq!(status, StatusCode::CREATED);
        let team = app.call(Some(&owner), "team", &[]).await;
        let members = team.json["members"].as_array().expect("members").clone();
        let olga = members.iter().find(|m| m["email"] == "otra@llaves.test").expect("the creator").clone();
        assert_eq!(olga["api_keys"][0]["prefix"], key["prefix"], "the team page shows the creator's live keys");
        let creator_id = olga["id"].as_str().expect("id").to_owned();

        // Demoted to sales: the admin key acts as sales.
        app.call(Some(&owner), "set_user_role", &[("id", &creator_id), ("role", "sales")]).await;
        let (status, _) = keyed(&app, "POST", &secret, "/api/v1/products", Some(film("SOL-2"))).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "capped at the creator's role");
        let (status, _) = keyed(&app, "GET", &secret, "/api/v1/products", None).await;
        assert_eq!(status, StatusCode::OK, "sales still read");

        // Disabled: the key stops, as the creator's sessions did.
        app.call(Some(&owner), "set_user_disabled", &[("id", &creator_id), ("disabled", "true")]).await;
        let (status, _) = keyed(&app, "GET", &secret, "/api/v1/products", None).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);

        // Enabled and an admin again: the key works as before.
        app.call(Some(&owner), "set_user_disabled", &[("id", &creator_id), ("disabled", "false")]).await;
        app.call(Some(&owner), "set_user_role", &[("id", &creator_id), ("role", "admin")]).await;
        let (status, _) = keyed(&app, "POST", &secret, "/api/v1/products", Some(film("SOL-3"))).await;
        assert_eq!(status, StatusCode::CREATED);
        let (_, products) = keyed(&app, "GET", &secret, "/api/v1/products", None).await;
        assert_eq!(products.as_array().map(Vec::len), Some(2), "SOL-2 was never written");
    }
}
