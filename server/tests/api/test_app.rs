use std::net::SocketAddr;

use reqwest::StatusCode;
use serde_json::Value;
use server::Config;
use store::testing::TestDb;
use store::{Backend, Db};
use tokio::sync::oneshot;

/// The server, booted on 127.0.0.1:0 against its own fresh database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    pub db: Db,
    /// The server's accounts service (its hashing slots, for overload tests).
    pub accounts: accounts::Accounts,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _test_db: TestDb,
}

/// Largest JSON body the test server accepts (413 beyond).
pub const TEST_BODY_LIMIT: usize = 64 * 1024;

impl TestApp {
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// Like [`TestApp::spawn`], after `adjust` changed the configuration.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let test_db = TestDb::new(backend).await;
        let mut config = Config {
            database_url: test_db.url.clone(),
            database_max_connections: 4,
            data_dir: std::env::temp_dir(),
            site_addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: "target/site".into(),
            max_json_body_bytes: TEST_BODY_LIMIT,
            seed_demo: true,
            public_url: None,
            trust_proxy_headers: false,
            session_idle_minutes: 720,
            // Tests change catalogs and price at once: no reuse.
            pricing_cache_ms: 0,
            storage_url: String::new(),
            link_signing_key: None,
            video_render_on_issue: false,
            video_renders_per_hour: 20,
            video_link_ttl_seconds: 3600,
            // Tests that render turn it on (`spawn_with`).
            worker_in_process: false,
            metrics_token: None,
            worker: worker::runner::RunnerConfig::from_lookup(|_| None, &std::env::temp_dir()).expect("worker defaults"),
            video360: worker::frames_job::Video360Config::default(),
            http: server::config::HttpLimits::default(),
            database_statement_timeout_seconds: 30,
            wizard: quotes::WizardPolicy::default(),
        };
        adjust(&mut config);
        let running = server::start(config).await.expect("server starts");
        let addr = running.local_addr();
        let db = running.state.db.clone();
        let accounts = running.state.accounts.clone();
        let (tx, rx) = oneshot::channel::<()>();
        let server = tokio::spawn(running.serve_until(async {
            let _ = rx.await;
        }));
        TestApp {
            addr,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("http client"),
            db,
            accounts,
            shutdown: Some(tx),
            server: Some(server),
            _test_db: test_db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// POSTs raw text as JSON; returns the status and the JSON answer.
    pub async fn post_json(&self, path: &str, body: impl Into<String>) -> (StatusCode, Value) {
        let response = self
            .client
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.into())
            .send()
            .await
            .expect("request");
        let status = response.status();
        let json = response.json().await.unwrap_or(Value::Null);
        (status, json)
    }

    pub async fn calculate(&self, body: &Value) -> (StatusCode, Value) {
        self.post_json("/api/v1/quotations/calculate", body.to_string()).await
    }

    pub async fn get_json(&self, path: &str) -> (StatusCode, Value) {
        let response = self.client.get(self.url(path)).send().await.expect("request");
        let status = response.status();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    pub async fn get_text(&self, path: &str) -> (StatusCode, String) {
        let response = self.client.get(self.url(path)).send().await.expect("request");
        let status = response.status();
        (status, response.text().await.unwrap_or_default())
    }

    /// Calls a server function (`/api/{endpoint}`) as a same-origin browser
    /// would, with the session cookie if given; returns status, JSON and the
    /// session token a `Set-Cookie` carried, if any.
    pub async fn call(&self, cookie: Option<&str>, endpoint: &str, form: &[(&str, &str)]) -> Called {
        let mut request = self
            .client
            .post(self.url(&format!("/api/{endpoint}")))
            .header("sec-fetch-site", "same-origin")
            .form(form);
        if let Some(token) = cookie {
            request = request.header("cookie", format!("cotiza_session={token}"));
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let set_cookie: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect();
        let body = response.text().await.unwrap_or_default();
        Called { status, json: serde_json::from_str(&body).unwrap_or(Value::Null), set_cookie }
    }

    /// Signs up organisation `slug` with admin `admin@{slug}.test`; returns the session token.
    pub async fn sign_up(&self, slug: &str) -> String {
        self.sign_up_named(slug, &format!("Láminas {slug}")).await
    }

    /// [`TestApp::sign_up`] with the organisation named `name`.
    pub async fn sign_up_named(&self, slug: &str, name: &str) -> String {
        let email = format!("admin@{slug}.test");
        let called = self
            .call(
                None,
                "sign_up",
                &[
                    ("org_name", name),
                    ("slug", slug),
                    ("country", "CL"),
                    ("currency", "CLP"),
                    ("tax_rate", "19"),
                    ("language", "es"),
                    ("name", "Admin"),
                    ("email", &email),
                    ("password", PASSWORD),
                    ("password_confirmation", PASSWORD),
                    ("phone", "+56 9 1234 5678"),
                ],
            )
            .await;
        assert!(called.status.is_success() || called.status.is_redirection(), "sign up {slug}: {called:?}");
        called.session().expect("sign-up sets the session cookie")
    }

    /// Invites `email` with `role` as the admin of `cookie`, accepts it and returns the new user's session.
    pub async fn invite_and_accept(&self, admin_cookie: &str, email: &str, role: &str) -> String {
        let invited = self.call(Some(admin_cookie), "invite_user", &[("email", email), ("role", role)]).await;
        assert!(invited.status.is_success() || invited.status.is_redirection(), "invite: {invited:?}");
        let link = invited.json.as_str().expect("the link").to_owned();
        let token = link.rsplit('/').next().expect("token").to_owned();
        let accepted = self
            .call(
                None,
                "accept_invitation",
                &[("token", &token), ("name", "Invitado"), ("password", PASSWORD), ("password_confirmation", PASSWORD)],
            )
            .await;
        assert!(accepted.status.is_success() || accepted.status.is_redirection(), "accept: {accepted:?}");
        accepted.session().expect("accepting logs in")
    }

    /// A REST call with the session cookie (if any) and a JSON body (if any).
    pub async fn rest(&self, method: &str, cookie: Option<&str>, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.client.request(method, self.url(path)).header("sec-fetch-site", "same-origin");
        if let Some(token) = cookie {
            request = request.header("cookie", format!("cotiza_session={token}"));
        }
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("request");
        let status = response.status();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    /// Retires a demo product straight in the database (the demo has no admin).
    pub async fn retire_demo_product(&self, sku: &str) {
        let demo = self.demo().await;
        let done = sqlx::query("UPDATE products SET active = FALSE WHERE organization_id = $1 AND sku = $2")
            .bind(demo.id.as_str())
            .bind(sku)
            .execute(self.db.pool())
            .await
            .expect("retire");
        assert_eq!(done.rows_affected(), 1, "{sku} exists in the demo");
    }

    pub async fn demo(&self) -> store::Organization {
        self.db.org_by_slug("demo").await.expect("lookup").expect("demo is seeded")
    }
}

pub const PASSWORD: &str = "lamina-segura-2026";

/// What a server function call answered.
#[derive(Debug)]
pub struct Called {
    pub status: StatusCode,
    pub json: Value,
    pub set_cookie: Vec<String>,
}

impl Called {
    /// The session token this answer set, if it set one.
    pub fn session(&self) -> Option<String> {
        self.set_cookie.iter().find_map(|c| {
            c.strip_prefix("cotiza_session=")
                .and_then(|rest| rest.split(';').next())
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        })
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// Runs an async test body against a fresh server on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! app_test {
    ($(async fn $name:ident($app:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($app: $crate::test_app::TestApp) $body
            #[tokio::test]
            async fn sqlite() {
                body($crate::test_app::TestApp::spawn(store::Backend::Sqlite).await).await;
            }
            #[tokio::test]
            async fn postgres() {
                body($crate::test_app::TestApp::spawn(store::Backend::Postgres).await).await;
            }
        }
    )*};
}
