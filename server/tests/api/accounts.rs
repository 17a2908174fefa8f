//! Sign-up, login, sessions, roles, CSRF and security headers over HTTP.
use crate::app_test;
use crate::test_app::PASSWORD;
use reqwest::StatusCode;

app_test! {
    async fn sign_up_sets_a_session_cookie_that_is_http_only_and_lax(app) {
        let called = app.call(None, "sign_up", &[
            ("org_name", "Vidrios Sur"), ("slug", "vidrios-sur"), ("country", "CL"), ("currency", "CLP"),
            ("tax_rate", "19"), ("language", "es"), ("name", "Ana"), ("email", "ana@sur.test"),
            ("password", PASSWORD), ("password_confirmation", PASSWORD), ("phone", "+56 9 1234 5678"),
        ]).await;
        let cookie = called.set_cookie.first().expect("a cookie");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"), "{cookie}");
        assert!(!cookie.contains("Secure"), "plain http: {cookie}");
        let token = called.session().expect("session");
        let me = app.call(Some(&token), "me", &[]).await;
        assert_eq!(me.json["email"], "ana@sur.test");
        assert_eq!(me.json["role"], "admin");
        assert_eq!(me.json["org_slug"], "vidrios-sur");
    }

    async fn sign_up_errors_are_422_with_field_paths_and_keep_the_typed_values(app) {
        let called = app.call(None, "sign_up", &[
            ("org_name", "Vidrios Sur"), ("slug", "No Valido"), ("country", "CL"), ("currency", "CLP"),
            ("tax_rate", "19"), ("language", "es"), ("name", "Ana"), ("email", "ana"),
            ("password", "corta"), ("password_confirmation", "corta"),
        ]).await;
        assert_eq!(called.status, StatusCode::UNPROCESSABLE_ENTITY, "{called:?}");
        let fields = &called.json["Invalid"]["fields"];
        assert_eq!(fields["slug"], "must be 3 to 40 lowercase letters, digits or dashes");
        assert_eq!(fields["email"], "must be an email address");
        assert_eq!(fields["password"], "must have at least 10 characters");
        assert_eq!(called.json["Invalid"]["kept"]["org_name"], "Vidrios Sur");
        assert!(called.json["Invalid"]["kept"].get("password").is_none(), "passwords are never echoed");
        assert!(called.session().is_none());
    }

    async fn login_changes_the_session_and_wrong_credentials_say_nothing_more(app) {
        let first = app.sign_up("sur").await;
        let wrong = app.call(None, "log_in", &[("email", "admin@sur.test"), ("password", "incorrecta-123")]).await;
        let unknown = app.call(None, "log_in", &[("email", "nadie@sur.test"), ("password", PASSWORD)]).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        assert_eq!((unknown.status, &unknown.json), (wrong.status, &wrong.json), "same answer for an unknown email");
        let login = app.call(Some(&first), "log_in", &[("email", "admin@sur.test"), ("password", PASSWORD)]).await;
        let second = login.session().expect("a new session");
        assert_ne!(first, second);
        assert_eq!(app.call(Some(&first), "me", &[]).await.json, serde_json::Value::Null, "old session ended");
        assert_eq!(app.call(Some(&second), "me", &[]).await.json["email"], "admin@sur.test");
        let out = app.call(Some(&second), "log_out", &[]).await;
        assert!(out.set_cookie.iter().any(|c| c.contains("Max-Age=0")), "{out:?}");
        assert_eq!(app.call(Some(&second), "me", &[]).await.json, serde_json::Value::Null);
    }

    async fn repeated_failures_are_refused_with_429_and_a_retry_time(app) {
        app.sign_up("sur").await;
        for _ in 0..5 {
            app.call(None, "log_in", &[("email", "admin@sur.test"), ("password", "incorrecta-123")]).await;
        }
        let refused = app.call(None, "log_in", &[("email", "admin@sur.test"), ("password", PASSWORD)]).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{refused:?}");
        assert!(refused.json["Throttled"]["retry_after_secs"].as_i64().is_some_and(|s| s > 0 && s <= 900));
    }

    async fn roles_are_checked_on_the_server(app) {
        let admin = app.sign_up("sur").await;
        let sales = app.invite_and_accept(&admin, "ventas@sur.test", "sales").await;
        assert_eq!(app.call(Some(&sales), "me", &[]).await.json["role"], "sales");
        for (endpoint, form) in [
            ("invite_user", vec![("email", "x@sur.test"), ("role", "admin")]),
            ("update_settings", vec![("name", "X"), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"), ("language", "es")]),
            ("audit_log", vec![]),
        ] {
            let called = app.call(Some(&sales), endpoint, &form).await;
            assert_eq!(called.status, StatusCode::FORBIDDEN, "{endpoint}: {called:?}");
        }
        for (endpoint, form) in [("team", vec![]), ("settings", vec![]), ("audit_log", vec![]), ("invite_user", vec![("email", "x@sur.test"), ("role", "admin")])] {
            assert_eq!(app.call(None, endpoint, &form).await.status, StatusCode::UNAUTHORIZED, "{endpoint} without a session");
        }
        let log = app.call(Some(&admin), "audit_log", &[]).await;
        let actions: Vec<&str> = log.json.as_array().expect("rows").iter().filter_map(|r| r["action"].as_str()).collect();
        for action in ["org.signup", "user.login", "user.invited", "user.joined"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
    }

    async fn cross_site_writes_are_refused_with_403(app) {
        let admin = app.sign_up("sur").await;
        let cross = app.client.post(app.url("/api/log_out"))
            .header("cookie", format!("cotiza_session={admin}"))
            .header("origin", "https://evil.example")
            .send().await.expect("request");
        assert_eq!(cross.status(), StatusCode::FORBIDDEN);
        let fetch_meta = app.client.post(app.url("/api/invite_user"))
            .header("cookie", format!("cotiza_session={admin}"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("email", "x@evil.example"), ("role", "admin")])
            .send().await.expect("request");
        assert_eq!(fetch_meta.status(), StatusCode::FORBIDDEN);
        assert_eq!(app.call(Some(&admin), "me", &[]).await.json["email"], "admin@sur.test", "the session survived");
        let team = app.call(Some(&admin), "team", &[]).await;
        assert_eq!(team.json["invitations"].as_array().map(Vec::len), Some(0), "no invitation was made");
    }

    async fn pages_carry_the_security_headers_and_a_nonce_csp(app) {
        let response = app.client.get(app.url("/login")).send().await.expect("request");
        let headers = response.headers().clone();
        let html = response.text().await.expect("html");
        let csp = headers["content-security-policy"].to_str().expect("csp").to_owned();
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'") && !csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp.split("'nonce-").nth(1).and_then(|s| s.split('\'').next()).expect("a nonce");
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the hydration script carries the nonce");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "strict-origin-when-cross-origin");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS over plain http");
        let api = app.client.get(app.url("/api/v1/openapi.json")).send().await.expect("request");
        assert!(api.headers()["content-security-policy"].to_str().expect("csp").contains("frame-ancestors 'none'"));
    }

    async fn the_dashboard_sends_visitors_without_a_session_to_login(app) {
        let response = app.client.get(app.url("/app/users")).header("accept", "text/html").send().await.expect("request");
        assert!(response.status().is_redirection(), "{}", response.status());
        assert_eq!(response.headers()["location"], "/login?next=/app/users");
        let admin = app.sign_up("sur").await;
        let page = app.client.get(app.url("/app/users")).header("cookie", format!("cotiza_session={admin}")).send().await.expect("request");
        assert_eq!(page.status(), StatusCode::OK);
        assert!(page.text().await.expect("html").contains("admin@sur.test"));
    }

    async fn the_page_language_follows_the_user_then_the_browser(app) {
        let english = app.client.get(app.url("/login")).header("accept-language", "en-US,en;q=0.9").send().await.expect("request");
        assert!(english.text().await.expect("html").contains("Log in to Cotiza"));
        let spanish = app.client.get(app.url("/login")).header("accept-language", "es-CL,es;q=0.9").send().await.expect("request");
        assert!(spanish.text().await.expect("html").contains("Entrar a Cotiza"));
        let admin = app.sign_up("sur").await;
        app.call(Some(&admin), "set_my_language", &[("language", "en")]).await;
        let page = app.client.get(app.url("/app")).header("accept-language", "es-CL").header("cookie", format!("cotiza_session={admin}")).send().await.expect("request");
        assert!(page.text().await.expect("html").contains("Dashboard"), "the user's setting wins over the browser");
    }
}

#[tokio::test]
async fn https_deployments_get_secure_cookies_and_hsts() {
    let app = crate::test_app::TestApp::spawn_with(store::Backend::Sqlite, |c| c.public_url = Some("https://cotiza.example".into())).await;
    let response = app.client.get(app.url("/login")).send().await.expect("request");
    assert_eq!(response.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let called = app.call(None, "sign_up", &[
        ("org_name", "Sur"), ("slug", "sur"), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"),
        ("language", "es"), ("name", "Ana"), ("email", "ana@sur.test"), ("password", PASSWORD), ("password_confirmation", PASSWORD),
        ("phone", "+56 9 1234 5678"),
    ]).await;
    assert!(called.set_cookie.iter().any(|c| c.contains("; Secure")), "{called:?}");
}
