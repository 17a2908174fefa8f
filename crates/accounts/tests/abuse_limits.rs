//! Limits against abuse of the doors that hash passwords: concurrent login
//! attempts never check more passwords than the throttle allows, hashing is
//! bounded (excess callers are told to come back), and sign-up is limited per
//! email and per IP address. Each test against SQLite and PostgreSQL.

use accounts::{Accounts, AccountsError, LoginForm, Policy, SignUpForm};
use store::{Client, Db, User, test_both_backends};

const PASSWORD: &str = "vidrio-seguro-2026";

fn client(ip: &str) -> Client<'_> {
    Client { ip: Some(ip), user_agent: Some("tests") }
}

fn form(slug: &str, email: &str) -> SignUpForm {
    SignUpForm {
        org_name: format!("Láminas {slug}"),
        slug: slug.into(),
        country: "cl".into(),
        currency: "CLP".into(),
        tax_rate: "19".into(),
        language: "es".into(),
        name: "Ana Pérez".into(),
        email: email.into(),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
        phone: "+56 9 1234 5678".into(),
        ..SignUpForm::default()
    }
}

async fn admin_of(accounts: &Accounts, slug: &str) -> User {
    accounts.sign_up(&form(slug, &format!("admin@{slug}.cl")), &client("10.0.0.1"), None).await.expect("sign up").1
}

async fn failed_login_events(db: &Db, admin: &User) -> usize {
    let events = db.audit_events(&admin.organization_id, 500, None).await.expect("audit");
    events.iter().filter(|e| e.action == "user.login_failed").count()
}

test_both_backends! {
    async fn concurrent_wrong_passwords_check_no_more_passwords_than_the_limit(db) {
        let policy = Policy { max_failures_per_account: 5, max_failures_per_ip: 1000, hash_wait_ms: 60_000, ..Policy::default() };
        let accounts = Accounts::new(db.clone(), policy);
        let admin = admin_of(&accounts, "sur").await;
        let hashed_at_sign_up = accounts.hashing().started();
        let attempts: Vec<_> = (0..40)
            .map(|i| {
                let (accounts, email) = (accounts.clone(), admin.email.clone());
                tokio::spawn(async move {
                    let ip = format!("10.2.0.{i}");
                    accounts.log_in(&LoginForm { email, password: format!("wrong-password-{i}") }, &client(&ip), None).await.map(|_| ())
                })
            })
            .collect();
        let (mut wrong, mut throttled) = (0, 0);
        for attempt in attempts {
            match attempt.await.expect("task") {
                Err(AccountsError::InvalidCredentials) => wrong += 1,
                Err(AccountsError::Throttled { retry_after_secs }) if retry_after_secs > 0 => throttled += 1,
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!((wrong, throttled), (5, 35), "40 at once: 5 checked, the rest refused");
        assert_eq!(accounts.hashing().started() - hashed_at_sign_up, 5, "passwords checked");
        assert_eq!(failed_login_events(&db, &admin).await, 5);
        let locked = accounts.log_in(&LoginForm { email: admin.email.clone(), password: PASSWORD.into() }, &client("10.2.1.1"), None).await;
        assert!(matches!(locked, Err(AccountsError::Throttled { .. })), "the right password waits too: {locked:?}");
    }

    async fn a_successful_login_gives_its_attempt_back(db) {
        let policy = Policy { max_failures_per_account: 3, max_failures_per_ip: 5, ..Policy::default() };
        let accounts = Accounts::new(db.clone(), policy);
        let admin = admin_of(&accounts, "sur").await;
        let login = |password: &'static str| {
            let (accounts, email) = (accounts.clone(), admin.email.clone());
            async move { accounts.log_in(&LoginForm { email, password: password.into() }, &client("10.3.0.1"), None).await.map(|_| ()) }
        };
        for _ in 0..6 {
            login(PASSWORD).await.expect("logins that succeed do not count against the address");
        }
        for _ in 0..2 {
            assert!(matches!(login("wrong-password").await, Err(AccountsError::InvalidCredentials)));
        }
        login(PASSWORD).await.expect("under the limit");
        for _ in 0..3 {
            assert!(matches!(login("wrong-password").await, Err(AccountsError::InvalidCredentials)), "the account's count was cleared");
        }
        assert!(matches!(login(PASSWORD).await, Err(AccountsError::Throttled { .. })));
    }

    async fn concurrent_logins_hash_no_more_than_the_capacity_at_once(db) {
        let policy = Policy { max_concurrent_hashes: 2, hash_wait_ms: 60_000, max_failures_per_ip: 1000, ..Policy::default() };
        let accounts = Accounts::new(db.clone(), policy);
        let attempts: Vec<_> = (0..16)
            .map(|i| {
                let accounts = accounts.clone();
                tokio::spawn(async move {
                    let form = LoginForm { email: format!("nadie{i}@sur.cl"), password: PASSWORD.into() };
                    accounts.log_in(&form, &client("10.4.0.1"), None).await.map(|_| ())
                })
            })
            .collect();
        for attempt in attempts {
            assert!(matches!(attempt.await.expect("task"), Err(AccountsError::InvalidCredentials)));
        }
        assert_eq!(accounts.hashing().started(), 16, "unknown emails cost a hash too");
        assert!(accounts.hashing().peak() <= 2, "peak {}", accounts.hashing().peak());
        assert_eq!(accounts.hashing().running(), 0);
    }

    async fn when_every_hashing_slot_is_busy_login_sign_up_and_acceptance_are_told_to_retry_and_nothing_counts(db) {
        let policy = Policy { max_concurrent_hashes: 1, hash_wait_ms: 100, max_failures_per_account: 1, max_signups_per_email: 1, ..Policy::default() };
        let accounts = Accounts::new(db.clone(), policy);
        let admin = admin_of(&accounts, "sur").await;
        let org = db.org(&admin.organization_id).await.expect("org");
        let link = accounts.invite(&admin, &org, "v@sur.cl", "sales", "", None).await.expect("invite");
        let token = link.url.rsplit('/').next().expect("token").to_owned();
        let started = accounts.hashing().started();

        let held = accounts.hashing().slot().await.expect("the only slot");
        let login = accounts.log_in(&LoginForm { email: admin.email.clone(), password: PASSWORD.into() }, &client("10.5.0.1"), None).await;
        assert!(matches!(login, Err(AccountsError::Busy { retry_after_secs }) if retry_after_secs >= 1), "{login:?}");
        let signup = accounts.sign_up(&form("norte", "admin@norte.cl"), &client("10.5.0.1"), None).await;
        assert!(matches!(signup, Err(AccountsError::Busy { .. })), "{signup:?}");
        let accept = accounts.accept_invitation(&token, "V", PASSWORD, PASSWORD, None, &client("10.5.0.1"), None).await;
        assert!(matches!(accept, Err(AccountsError::Busy { .. })), "{accept:?}");
        assert_eq!(accounts.hashing().started(), started, "nothing was hashed");
        assert!(db.org_by_slug("norte").await.expect("lookup").is_none());
        drop(held);

        // The refused attempts did not count (the limits here are one each).
        accounts.log_in(&LoginForm { email: admin.email.clone(), password: PASSWORD.into() }, &client("10.5.0.1"), None).await.expect("login");
        accounts.sign_up(&form("norte", "admin@norte.cl"), &client("10.5.0.1"), None).await.expect("sign up");
        accounts.accept_invitation(&token, "V", PASSWORD, PASSWORD, None, &client("10.5.0.1"), None).await.expect("accept");
    }

    async fn sign_up_is_limited_per_email(db) {
        let accounts = Accounts::new(db.clone(), Policy { max_signups_per_email: 3, ..Policy::default() });
        accounts.sign_up(&form("sur", "ana@sur.cl"), &client("10.6.0.1"), None).await.expect("first");
        for (i, slug) in ["sur-2", "sur-3"].into_iter().enumerate() {
            let ip = format!("10.6.1.{i}");
            let taken = accounts.sign_up(&form(slug, "ANA@sur.cl"), &client(&ip), None).await;
            assert!(matches!(taken, Err(AccountsError::Invalid(_))), "{taken:?}");
        }
        let refused = accounts.sign_up(&form("sur-4", "ana@sur.cl"), &client("10.6.2.1"), None).await;
        assert!(matches!(refused, Err(AccountsError::Throttled { retry_after_secs }) if retry_after_secs > 0 && retry_after_secs <= 3600), "{refused:?}");
        // Invalid forms are answered without counting or hashing.
        let started = accounts.hashing().started();
        let invalid = accounts.sign_up(&SignUpForm { password_confirmation: "other".into(), ..form("sur-5", "x@sur.cl") }, &client("10.6.2.1"), None).await;
        assert!(matches!(invalid, Err(AccountsError::Invalid(_))));
        assert_eq!(accounts.hashing().started(), started);
    }

    async fn sign_up_is_limited_per_address_for_attempts_that_create_nothing(db) {
        let accounts = Accounts::new(db.clone(), Policy { max_signups_per_ip: 3, ..Policy::default() });
        for i in 0..5 {
            accounts.sign_up(&form(&format!("org-{i}"), &format!("a{i}@x.cl")), &client("10.7.0.1"), None).await.expect("new organisations do not count");
        }
        for i in 0..3 {
            // Probing whether an email is registered: each costs an attempt.
            let taken = accounts.sign_up(&form(&format!("probe-{i}"), "a0@x.cl"), &client("10.7.0.1"), None).await;
            assert!(matches!(taken, Err(AccountsError::Invalid(_))), "{taken:?}");
        }
        let refused = accounts.sign_up(&form("probe-9", "fresh@x.cl"), &client("10.7.0.1"), None).await;
        assert!(matches!(refused, Err(AccountsError::Throttled { .. })), "{refused:?}");
        assert!(db.org_by_slug("probe-9").await.expect("lookup").is_none());
        accounts.sign_up(&form("probe-9", "fresh@x.cl"), &client("10.7.0.2"), None).await.expect("another address");
    }
}
