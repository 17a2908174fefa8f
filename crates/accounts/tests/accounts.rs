//! Accounts behaviour, each test against SQLite and PostgreSQL.

use accounts::{Accounts, AccountsError, LoginForm, Policy, SettingsForm, SignUpForm};
use domain::Role;
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

async fn signed_up(accounts: &Accounts, slug: &str) -> (User, String) {
    let (_, user, session) = accounts
        .sign_up(&form(slug, &format!("admin@{slug}.cl")), &client("10.0.0.1"), None)
        .await
        .expect("sign up");
    (user, session.token)
}

fn fields(err: AccountsError) -> Vec<(String, String)> {
    match err {
        AccountsError::Invalid(f) => f.0.into_iter().collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

fn accounts(db: &Db) -> Accounts {
    Accounts::new(db.clone(), Policy::default())
}

test_both_backends! {
    async fn sign_up_creates_the_org_and_its_admin_and_logs_them_in(db) {
        let accounts = accounts(&db);
        let (org, user, session) = accounts
            .sign_up(&form("sur", " Ana@Sur.CL "), &client("10.0.0.1"), None)
            .await
            .expect("sign up");
        assert_eq!((org.slug.as_str(), org.country.as_str(), org.tax_rate.to_string().as_str()), ("sur", "CL", "0.19"));
        assert_eq!((user.email.as_str(), user.role), ("ana@sur.cl", Role::Admin));
        let live = accounts.authenticate(&session.token).await.expect("lookup").expect("session");
        assert_eq!((live.user.id, live.org.slug), (user.id.clone(), "sur".to_owned()));
        let actions: Vec<String> = db.audit_events(&org.id, 10, None).await.expect("audit").into_iter().map(|e| e.action).collect();
        assert!(actions.contains(&"org.signup".to_owned()) && actions.contains(&"user.login".to_owned()), "{actions:?}");
    }

    async fn sign_up_reports_every_bad_field(db) {
        let bad = SignUpForm {
            org_name: " ".into(), slug: "A".into(), country: "Chile".into(), currency: "ARS".into(),
            tax_rate: "150".into(), language: "fr".into(), name: "".into(), email: "ana".into(),
            password: "short".into(), password_confirmation: "short".into(), phone: "12-34".into(), contact_email: "ventas".into(),
            starter_catalog: true,
        };
        let got: Vec<String> = fields(accounts(&db).sign_up(&bad, &client("10.0.0.1"), None).await.expect_err("invalid"))
            .into_iter().map(|(k, _)| k).collect();
        assert_eq!(got, ["contact_email", "country", "currency", "email", "language", "name", "org_name", "password", "phone", "slug", "tax_rate"]);
    }

    async fn a_taken_slug_or_email_is_a_field_error_and_writes_nothing(db) {
        let accounts = accounts(&db);
        signed_up(&accounts, "sur").await;
        let err = accounts.sign_up(&form("sur", "otra@x.cl"), &client("10.0.0.1"), None).await.expect_err("slug taken");
        assert_eq!(fields(err), [("slug".to_owned(), "is already taken; try sur-2".to_owned())], "a free variant is suggested");
        let err = accounts.sign_up(&form("norte", "ADMIN@sur.cl"), &client("10.0.0.1"), None).await.expect_err("email taken");
        assert_eq!(fields(err), [("email".to_owned(), "is already taken".to_owned())]);
        assert!(db.org_by_slug("norte").await.expect("lookup").is_none(), "the organisation was rolled back with its user");
    }

    async fn login_checks_the_password_and_never_says_whether_the_email_exists(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        let wrong = accounts.log_in(&LoginForm { email: admin.email.clone(), password: "nope-nope-nope".into() }, &client("10.0.0.2"), None).await;
        let unknown = accounts.log_in(&LoginForm { email: "nadie@sur.cl".into(), password: PASSWORD.into() }, &client("10.0.0.2"), None).await;
        assert!(matches!(wrong, Err(AccountsError::InvalidCredentials)), "{wrong:?}");
        assert!(matches!(unknown, Err(AccountsError::InvalidCredentials)), "{unknown:?}");
        let (user, session) = accounts
            .log_in(&LoginForm { email: "ADMIN@sur.cl ".into(), password: PASSWORD.into() }, &client("10.0.0.2"), None)
            .await
            .expect("right password");
        assert_eq!(user.id, admin.id);
        assert!(accounts.authenticate(&session.token).await.expect("lookup").is_some());
        let actions: Vec<String> = db.audit_events(&admin.organization_id, 20, None).await.expect("audit").into_iter().map(|e| e.action).collect();
        assert!(actions.contains(&"user.login_failed".to_owned()), "{actions:?}");
    }

    async fn the_session_id_changes_at_login_and_logout_ends_it(db) {
        let accounts = accounts(&db);
        let (admin, first) = signed_up(&accounts, "sur").await;
        let (_, second) = accounts
            .log_in(&LoginForm { email: admin.email.clone(), password: PASSWORD.into() }, &client("10.0.0.1"), Some(&first))
            .await
            .expect("login");
        assert_ne!(first, second.token);
        assert!(accounts.authenticate(&first).await.expect("lookup").is_none(), "the old session is gone");
        assert!(accounts.authenticate(&second.token).await.expect("lookup").is_some());
        accounts.log_out(&second.token).await.expect("logout");
        assert!(accounts.authenticate(&second.token).await.expect("lookup").is_none());
        assert!(accounts.authenticate("not-a-token").await.expect("lookup").is_none());
    }

    async fn logout_everywhere_ends_every_session_of_the_user(db) {
        let accounts = accounts(&db);
        let (admin, phone) = signed_up(&accounts, "sur").await;
        let (_, laptop) = accounts.log_in(&LoginForm { email: admin.email.clone(), password: PASSWORD.into() }, &client("10.0.0.3"), None).await.expect("login");
        assert_eq!(accounts.log_out_everywhere(&admin, Some("10.0.0.3")).await.expect("revoke"), 2);
        for token in [phone, laptop.token] {
            assert!(accounts.authenticate(&token).await.expect("lookup").is_none());
        }
    }

    async fn idle_sessions_expire(db) {
        let accounts = Accounts::new(db.clone(), Policy { session_idle_ms: 300, session_touch_ms: 0, ..Policy::default() });
        let (_, token) = signed_up(&accounts, "sur").await;
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        assert!(accounts.authenticate(&token).await.expect("lookup").is_some(), "use keeps it alive");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        assert!(accounts.authenticate(&token).await.expect("lookup").is_some(), "200 ms after the last use");
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
        assert!(accounts.authenticate(&token).await.expect("lookup").is_none(), "idle longer than 300 ms");
    }

    async fn failed_logins_are_throttled_per_account_and_per_ip(db) {
        let accounts = Accounts::new(db.clone(), Policy { max_failures_per_account: 3, max_failures_per_ip: 5, ..Policy::default() });
        let (admin, _) = signed_up(&accounts, "sur").await;
        let attempt = |email: String, password: &'static str, ip: &'static str| {
            let accounts = accounts.clone();
            async move { accounts.log_in(&LoginForm { email, password: password.into() }, &client(ip), None).await }
        };
        for _ in 0..3 {
            assert!(matches!(attempt(admin.email.clone(), "wrong-password", "10.1.0.1").await, Err(AccountsError::InvalidCredentials)));
        }
        let locked = attempt(admin.email.clone(), PASSWORD, "10.1.0.2").await;
        assert!(matches!(locked, Err(AccountsError::Throttled { retry_after_secs }) if retry_after_secs > 0 && retry_after_secs <= 900), "{locked:?}");
        // An email nobody has is throttled the same way: the answer tells nothing.
        for _ in 0..3 {
            let _ = attempt("nadie@sur.cl".into(), "wrong-password", "10.1.0.3").await;
        }
        assert!(matches!(attempt("nadie@sur.cl".into(), "wrong-password", "10.1.0.4").await, Err(AccountsError::Throttled { .. })));
        // Five failures from one address block that address for every account.
        for i in 0..5 {
            let _ = attempt(format!("u{i}@sur.cl"), "wrong-password", "10.9.9.9").await;
        }
        assert!(matches!(attempt("otra@sur.cl".into(), "wrong-password", "10.9.9.9").await, Err(AccountsError::Throttled { .. })));
        assert!(matches!(attempt("otra@sur.cl".into(), "wrong-password", "10.9.9.8").await, Err(AccountsError::InvalidCredentials)));
    }

    async fn an_invitation_link_works_once_with_the_invited_role(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        let org = db.org(&admin.organization_id).await.expect("org");
        let link = accounts.invite(&admin, &org, "Vendedor@Sur.cl", "sales", "http://cotiza.test/", None).await.expect("invite");
        let token = link.url.strip_prefix("http://cotiza.test/invite/").expect("link shape").to_owned();
        let mail = db.outbox(&admin.organization_id).await.expect("outbox");
        assert_eq!(mail.len(), 1);
        assert_eq!(mail[0].recipient, "vendedor@sur.cl");
        assert!(mail[0].body.contains(&link.url), "{}", mail[0].body);
        let view = accounts.open_invitation(&token).await.expect("open");
        assert_eq!((view.email.as_str(), view.role), ("vendedor@sur.cl", Role::Sales));

        let err = accounts.accept_invitation(&token, "Luis", "short", "short", None, &client("10.0.0.5"), None).await.expect_err("weak");
        assert_eq!(fields(err)[0].0, "password");
        let (user, session) = accounts
            .accept_invitation(&token, "Luis", PASSWORD, PASSWORD, None, &client("10.0.0.5"), None)
            .await
            .expect("accept");
        assert_eq!((user.role, user.organization_id.clone(), user.language.as_deref()), (Role::Sales, admin.organization_id.clone(), Some("es")));
        assert!(accounts.authenticate(&session.token).await.expect("lookup").is_some());
        let again = accounts.accept_invitation(&token, "Mallory", PASSWORD, PASSWORD, None, &client("10.0.0.6"), None).await;
        assert!(matches!(again, Err(AccountsError::NotFound)), "single use: {again:?}");
        assert!(matches!(accounts.open_invitation(&token).await, Err(AccountsError::NotFound)));
    }

    async fn expired_and_revoked_invitations_do_not_open(db) {
        let expired = Accounts::new(db.clone(), Policy { invitation_ttl_ms: 0, ..Policy::default() });
        let (admin, _) = signed_up(&expired, "sur").await;
        let org = db.org(&admin.organization_id).await.expect("org");
        let link = expired.invite(&admin, &org, "a@sur.cl", "sales", "", None).await.expect("invite");
        let token = link.url.rsplit('/').next().unwrap_or_default().to_owned();
        assert!(matches!(expired.open_invitation(&token).await, Err(AccountsError::NotFound)));

        let accounts = accounts(&db);
        let link = accounts.invite(&admin, &org, "b@sur.cl", "admin", "", None).await.expect("invite");
        accounts.revoke_invitation(&admin, &link.invitation.id, None).await.expect("revoke");
        let token = link.url.rsplit('/').next().unwrap_or_default().to_owned();
        let accepted = accounts.accept_invitation(&token, "B", PASSWORD, PASSWORD, None, &client("10.0.0.7"), None).await;
        assert!(matches!(accepted, Err(AccountsError::NotFound)), "{accepted:?}");
    }

    async fn only_admins_manage_users_and_the_last_admin_stays(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        let org = db.org(&admin.organization_id).await.expect("org");
        let link = accounts.invite(&admin, &org, "v@sur.cl", "sales", "", None).await.expect("invite");
        let token = link.url.rsplit('/').next().unwrap_or_default().to_owned();
        let (sales, _) = accounts.accept_invitation(&token, "V", PASSWORD, PASSWORD, None, &client("10.0.0.8"), None).await.expect("accept");

        assert!(matches!(accounts.invite(&sales, &org, "x@sur.cl", "admin", "", None).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.set_role(&sales, &sales.id, "admin", None).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.audit_log(&sales, 10, None).await, Err(AccountsError::Forbidden)));
        let settings = SettingsForm { name: "X".into(), country: "CL".into(), currency: "CLP".into(), tax_rate: "0.19".into(), language: "es".into(), ..Default::default() };
        assert!(matches!(accounts.update_settings(&sales, &settings, None).await, Err(AccountsError::Forbidden)));

        let err = accounts.set_role(&admin, &admin.id, "sales", None).await.expect_err("last admin");
        assert_eq!(fields(err)[0].0, "role");
        let promoted = accounts.set_role(&admin, &sales.id, "admin", None).await.expect("promote");
        assert_eq!(promoted.role, Role::Admin);
        let demoted = accounts.set_role(&promoted, &admin.id, "sales", None).await.expect("now there is another admin");
        assert_eq!(demoted.role, Role::Sales);
        let events = db.audit_events(&admin.organization_id, 50, None).await.expect("audit");
        assert!(events.iter().any(|e| e.action == "user.role_changed" && e.detail == "sales -> admin"), "{events:?}");
    }

    async fn the_audit_log_lists_events_of_one_millisecond_in_the_order_they_happened(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        // Written faster than the clock ticks: many share a millisecond.
        let subjects: Vec<String> = (0..40).map(|i| format!("event-{i}")).collect();
        for subject in &subjects {
            db.record_audit(&store::AuditEvent::by(&admin, "user.login").subject(subject)).await.expect("recorded");
        }
        let listed: Vec<String> = accounts
            .audit_log(&admin, 40, None)
            .await
            .expect("audit")
            .into_iter()
            .filter_map(|e| e.subject)
            .collect();
        let newest_first: Vec<String> = subjects.iter().rev().cloned().collect();
        assert_eq!(listed, newest_first);
    }

    async fn disabled_users_cannot_log_in_and_lose_their_sessions(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        let org = db.org(&admin.organization_id).await.expect("org");
        let link = accounts.invite(&admin, &org, "v@sur.cl", "sales", "", None).await.expect("invite");
        let token = link.url.rsplit('/').next().unwrap_or_default().to_owned();
        let (sales, session) = accounts.accept_invitation(&token, "V", PASSWORD, PASSWORD, None, &client("10.0.0.8"), None).await.expect("accept");
        accounts.set_disabled(&admin, &sales.id, true, None).await.expect("disable");
        assert!(accounts.authenticate(&session.token).await.expect("lookup").is_none());
        let login = accounts.log_in(&LoginForm { email: sales.email.clone(), password: PASSWORD.into() }, &client("10.0.0.8"), None).await;
        assert!(matches!(login, Err(AccountsError::InvalidCredentials)), "{login:?}");
        assert!(matches!(accounts.set_disabled(&admin, &admin.id, true, None).await, Err(AccountsError::Invalid(_))));
    }

    async fn another_organisations_user_is_not_found(db) {
        let accounts = accounts(&db);
        let (sur, _) = signed_up(&accounts, "sur").await;
        let (norte, _) = signed_up(&accounts, "norte").await;
        let norte_org = db.org(&norte.organization_id).await.expect("org");
        let link = accounts.invite(&norte, &norte_org, "v@norte.cl", "sales", "", None).await.expect("invite");
        assert!(matches!(accounts.set_role(&sur, &norte.id, "sales", None).await, Err(AccountsError::NotFound)));
        assert!(matches!(accounts.set_disabled(&sur, &norte.id, true, None).await, Err(AccountsError::NotFound)));
        assert!(matches!(accounts.revoke_invitation(&sur, &link.invitation.id, None).await, Err(AccountsError::NotFound)));
        assert!(accounts.users(&sur).await.expect("users").iter().all(|u| u.organization_id == sur.organization_id));
        assert!(accounts.invitations(&sur).await.expect("invitations").is_empty());
        assert!(accounts.audit_log(&sur, 50, None).await.expect("audit").iter().all(|e| e.actor_email.as_deref() != Some("admin@norte.cl")));
    }

    async fn admins_change_the_settings_with_field_errors(db) {
        let accounts = accounts(&db);
        let (admin, _) = signed_up(&accounts, "sur").await;
        let bad = SettingsForm { name: "".into(), country: "CL".into(), currency: "XYZ".into(), tax_rate: "0.19".into(), language: "es".into(), ..Default::default() };
        let got: Vec<String> = fields(accounts.update_settings(&admin, &bad, None).await.expect_err("bad")).into_iter().map(|(k, _)| k).collect();
        assert_eq!(got, ["currency", "name"]);
        let good = SettingsForm { name: "Láminas del Sur".into(), country: "cl".into(), currency: "USD".into(), tax_rate: "16%".into(), language: "en".into(), ..Default::default() };
        let org = accounts.update_settings(&admin, &good, Some("10.0.0.1")).await.expect("saved");
        assert_eq!((org.name.as_str(), org.currency.code(), org.tax_rate.to_string().as_str(), org.default_language.as_str()), ("Láminas del Sur", "USD", "0.16", "en"));
    }
}
