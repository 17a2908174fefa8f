//! A fresh database per test, on either backend.
//!
//! PostgreSQL: a new database `cotiza_test_<uuid>` on the server of
//! `TEST_POSTGRES_URL` (default `postgres://postgres@127.0.0.1:5432/test`),
//! dropped when the [`TestDb`] is dropped. SQLite: a new file in the temp dir.

use crate::db::{Backend, Db};

pub const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

pub struct TestDb {
    pub db: Db,
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(std::path::PathBuf),
    Database { admin_url: String, name: String },
}

impl TestDb {
    pub async fn new(backend: Backend) -> TestDb {
        match backend {
            Backend::Sqlite => Self::sqlite().await,
            Backend::Postgres => Self::postgres().await,
        }
    }

    /// A migrated, empty SQLite database in a new file.
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(format!("cotiza-test-{}", uuid::Uuid::new_v4().simple()));
        let url = format!("sqlite://{}/cotiza.db", dir.display());
        let db = Db::connect(&url, 4).await.expect("open the test SQLite file");
        db.migrate().await.expect("migrate the test SQLite file");
        TestDb { db, url, cleanup: Cleanup::File(dir) }
    }

    /// A migrated, empty PostgreSQL database of its own.
    pub async fn postgres() -> TestDb {
        let admin_url = std::env::var("TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_TEST_POSTGRES_URL.into());
        let name = format!("cotiza_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Db::connect(&admin_url, 1)
            .await
            .unwrap_or_else(|e| panic!("PostgreSQL for tests at {admin_url}: {e}"));
        sqlx::query(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await
            .expect("create the test database");
        admin.close().await;
        let url = with_database(&admin_url, &name);
        let db = Db::connect(&url, 4).await.expect("connect to the test database");
        db.migrate().await.expect("migrate the test database");
        TestDb { db, url, cleanup: Cleanup::Database { admin_url, name } }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Database { admin_url, name } => {
                let (admin_url, name) = (admin_url.clone(), name.clone());
                // Drop runs inside the test's runtime: do the async cleanup on a thread of
                // its own. The pool stays with the test; FORCE ends its connections.
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build();
                    if let Ok(rt) = rt {
                        rt.block_on(async move {
                            if let Ok(admin) = Db::connect(&admin_url, 1).await {
                                let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                    .execute(admin.pool())
                                    .await;
                                admin.close().await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = match base.rfind('/') {
        Some(slash) if slash > "postgres://".len() => &base[..slash],
        _ => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Runs the same async test body against SQLite and PostgreSQL, each in a fresh database:
///
/// ```ignore
/// store::test_both_backends! {
///     async fn seeds_once(db) { assert!(store::seed_demo(&db).await.unwrap()); }
/// }
/// ```
#[macro_export]
macro_rules! test_both_backends {
    ($(async fn $name:ident($db:ident) $body:block)*) => {$(
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($db: $crate::Db) $body
            #[tokio::test]
            async fn sqlite() {
                let t = $crate::testing::TestDb::new($crate::Backend::Sqlite).await;
                body(t.db.clone()).await;
            }
            #[tokio::test]
            async fn postgres() {
                let t = $crate::testing::TestDb::new($crate::Backend::Postgres).await;
                body(t.db.clone()).await;
            }
        }
    )*};
}

/// The admin every fixture organisation starts with.
fn fixture_admin(slug: &str) -> crate::NewUser {
    crate::NewUser {
        email: format!("admin@{slug}.example"),
        name: "Admin".into(),
        password_hash: "not-a-real-hash".into(),
        role: domain::Role::Admin,
        language: None,
    }
}

/// An organisation `org` with its first admin (`admin@{slug}.example`),
/// who is returned; no catalog.
pub async fn admin_of_org(db: &Db, org: &crate::NewOrganization) -> crate::User {
    let (_, user) = db.create_org_with_admin(org, &fixture_admin(&org.slug), None).await.expect("org with admin");
    user
}

/// An organisation `slug` named "Org {slug}" (Chile, 19 %, Spanish) quoting
/// in `currency`, with its first admin, who is returned; no catalog.
pub async fn admin_in(db: &Db, slug: &str, currency: domain::Currency) -> crate::User {
    let org = crate::NewOrganization {
        slug: slug.into(),
        name: format!("Org {slug}"),
        country: "CL".into(),
        currency,
        tax_rate: rust_decimal::Decimal::new(19, 2),
        default_language: "es".into(),
    };
    admin_of_org(db, &org).await
}

/// A sales user of `admin`'s organisation, joined through an invitation.
pub async fn sales_of(db: &Db, admin: &crate::User) -> crate::User {
    let now = crate::now_ms();
    let token_hash = format!("test-token-{}", uuid::Uuid::new_v4().simple());
    let invitation = crate::NewInvitation {
        email: format!("sales-{}@example.com", uuid::Uuid::new_v4().simple()),
        role: domain::Role::Sales,
        token_hash: token_hash.clone(),
        now,
        expires_at: now + 3_600_000,
        mail_subject: "Join us".into(),
        mail_body: "A link".into(),
    };
    db.create_invitation(admin, &invitation, None).await.expect("invitation");
    let user =
        db.accept_invitation(&token_hash, "Sales", "not-a-real-hash", None, now, None).await.expect("accept the invitation");
    assert_eq!((user.role, &user.organization_id), (domain::Role::Sales, &admin.organization_id));
    user
}

/// An organisation `slug` (USD, tax 19 %, Spanish) with the demo catalog
/// and its first admin, who is returned: the starting point of most
/// service tests.
pub async fn org_with_admin(db: &Db, slug: &str) -> crate::User {
    let org = crate::NewOrganization {
        slug: slug.into(),
        name: format!("Láminas {slug}"),
        country: "CL".into(),
        currency: domain::Currency::Usd,
        tax_rate: rust_decimal::Decimal::new(19, 2),
        default_language: "es".into(),
    };
    let user = admin_of_org(db, &org).await;
    crate::seed_demo_catalog(db, &user.organization_id, &crate::today()).await.expect("demo catalog");
    user
}
