//! Abuse of the account doors over HTTP: where login sends the browser
//! (`next`), the answers past the limits (429 with `Retry-After`), a server
//! too busy hashing passwords (503 with `Retry-After`), and sign-up limits.
use reqwest::StatusCode;

use crate::app_test;
use crate::test_app::{PASSWORD, TestApp};

/// The login form posted by a browser without JavaScript.
async fn form_login(app: &TestApp, email: &str, next: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/log_in"))
        .header("accept", "text/html")
        .header("origin", app.url(""))
        .header("referer", app.url("/login"))
        .form(&[("email", email), ("password", PASSWORD), ("next", next)])
        .send()
        .await
        .expect("the server answers (no panic)")
}

fn sign_up_form<'a>(slug: &'a str, email: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("org_name", "Láminas"), ("slug", slug), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"),
        ("language", "es"), ("name", "Ana"), ("email", email), ("password", PASSWORD), ("password_confirmation", PASSWORD),
        ("phone", "+56 9 1234 5678"),
    ]
}

fn retry_after(response: &reqwest::Response) -> Option<i64> {
    response.headers().get("retry-after")?.to_str().ok()?.parse().ok()
}

app_test! {
    async fn login_never_redirects_off_site_nor_fails_on_a_hostile_next(app) {
        app.sign_up("sur").await;
        let hostile = [
            "/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/app",
            "javascript:alert(1)", "/app\r\nSet-Cookie: cotiza_session=x", "/app\nLocation: //evil.example", "/app/..//evil.example",
        ];
        for next in hostile {
            let response = form_login(&app, "admin@sur.test", next).await;
            assert_eq!(response.status(), StatusCode::FOUND, "{next:?}");
            assert_eq!(response.headers()["location"], "/app", "{next:?}");
            assert!(response.headers().get_all("set-cookie").iter().any(|c| c.to_str().is_ok_and(|c| c.starts_with("cotiza_session=") && !c.starts_with("cotiza_session=x"))), "{next:?}: logged in");
        }
        let kept = form_login(&app, "admin@sur.test", "/app/quotes?status=sent").await;
        assert_eq!(kept.headers()["location"], "/app/quotes?status=sent");
        // The login page never carries a hostile next into its form.
        let (_, html) = app.get_text("/login?next=/%09/evil.example").await;
        assert!(html.contains(r#"name="next" value="/app""#), "the form's next is sanitised");
    }

    async fn too_many_failed_logins_answer_429_with_retry_after(app) {
        app.sign_up("sur").await;
        for _ in 0..5 {
            app.call(None, "log_in", &[("email", "admin@sur.test"), ("password", "incorrecta-123")]).await;
        }
        let refused = app.client.post(app.url("/api/log_in")).header("sec-fetch-site", "same-origin")
            .form(&[("email", "admin@sur.test"), ("password", PASSWORD)]).send().await.expect("request");
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&refused).is_some_and(|s| s > 0 && s <= 900), "{:?}", refused.headers());
    }

    async fn a_login_while_every_hashing_slot_is_busy_answers_503_with_retry_after_without_hashing(app) {
        app.sign_up("sur").await;
        let hashing = app.accounts.hashing().clone();
        let mut held = Vec::new();
        for _ in 0..hashing.capacity() {
            held.push(hashing.slot().await.expect("a free slot"));
        }
        let started = hashing.started();
        let busy = app.client.post(app.url("/api/log_in")).header("sec-fetch-site", "same-origin")
            .form(&[("email", "admin@sur.test"), ("password", PASSWORD)]).send().await.expect("request");
        assert_eq!(busy.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(retry_after(&busy).is_some_and(|s| s >= 1), "{:?}", busy.headers());
        assert!(busy.headers().get("set-cookie").is_none(), "no session");
        assert!(busy.text().await.expect("body").contains("Busy"));
        assert_eq!(hashing.started(), started, "no password was hashed");
        drop(held);
        let login = app.call(None, "log_in", &[("email", "admin@sur.test"), ("password", PASSWORD)]).await;
        assert!(login.session().is_some(), "free again: {login:?}");
    }

    async fn probing_sign_ups_from_one_address_are_refused_with_429(app) {
        app.sign_up("sur").await;
        // Ten attempts that create nothing (the address `sur` is taken), each with a new email.
        for i in 0..10 {
            let email = format!("sondeo{i}@sur.test");
            let taken = app.call(None, "sign_up", &sign_up_form("sur", &email)).await;
            assert_eq!(taken.status, StatusCode::UNPROCESSABLE_ENTITY, "{taken:?}");
        }
        let refused = app.client.post(app.url("/api/sign_up")).header("sec-fetch-site", "same-origin")
            .form(&sign_up_form("nueva", "nueva@nueva.test")).send().await.expect("request");
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(retry_after(&refused).is_some_and(|s| s > 0 && s <= 3600), "{:?}", refused.headers());
        assert!(app.db.org_by_slug("nueva").await.expect("lookup").is_none(), "nothing created");
    }
}
