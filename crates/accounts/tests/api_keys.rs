//! API keys: created by admins (secret shown once), used as a principal,
//! revoked; each test against SQLite and PostgreSQL.

use accounts::{Accounts, AccountsError, Policy, SignUpForm};
use domain::Role;
use store::{AuditEvent, Client, Db, User, test_both_backends};

const PASSWORD: &str = "vidrio-seguro-2026";

fn accounts(db: &Db) -> Accounts {
    Accounts::new(db.clone(), Policy::default())
}

/// Signs up organisation `slug`; returns its admin.
async fn admin_of(accounts: &Accounts, slug: &str) -> User {
    let form = SignUpForm {
        org_name: format!("Láminas {slug}"),
        slug: slug.into(),
        country: "cl".into(),
        currency: "CLP".into(),
        tax_rate: "19".into(),
        language: "es".into(),
        name: "Ana Pérez".into(),
        email: format!("admin@{slug}.cl"),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
        phone: "+56 9 1234 5678".into(),
        ..SignUpForm::default()
    };
    accounts.sign_up(&form, &Client { ip: Some("10.0.0.1"), user_agent: None }, None).await.expect("sign up").1
}

/// A sales user of the admin's organisation (through an accepted invitation).
async fn sales_of(accounts: &Accounts, admin: &User) -> User {
    let org = accounts.db().org(&admin.organization_id).await.expect("org");
    let link = accounts.invite(admin, &org, "ventas@x.cl", "sales", "http://x", None).await.expect("invite");
    let token = link.url.rsplit('/').next().expect("token").to_owned();
    accounts.accept_invitation(&token, "Vera", PASSWORD, PASSWORD, None, &Client::default(), None).await.expect("accept").0
}

fn fields(err: AccountsError) -> Vec<(String, String)> {
    match err {
        AccountsError::Invalid(f) => f.0.into_iter().collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

test_both_backends! {
    async fn an_admin_creates_a_key_whose_secret_opens_the_organisation(db) {
        let accounts = accounts(&db);
        let admin = admin_of(&accounts, "sur").await;
        let created = accounts.create_api_key(&admin, "  ERP Bodega ", "sales", Some("10.0.0.9")).await.expect("create");
        let secret = created.secret.clone();
        assert!(secret.starts_with("ctz_") && secret.len() == 47, "{secret}");
        assert!(secret[4..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'), "base64url: {secret}");
        assert_eq!((created.key.name.as_str(), created.key.role), ("ERP Bodega", Role::Sales));
        assert_eq!(created.key.prefix, secret[..12], "the prefix is the secret's start");

        let listed = accounts.api_keys(&admin).await.expect("list");
        assert_eq!(listed, vec![created.key.clone()]);
        assert!(!format!("{listed:?}").contains(&secret[12..]), "the list never shows the secret");

        let principal = accounts.authenticate_api_key(&secret).await.expect("a live key");
        assert_eq!((principal.org.slug.as_str(), principal.role()), ("sur", Role::Sales));
        let acting = principal.user();
        assert_eq!((&acting.organization_id, acting.role, acting.is_api_key()), (&admin.organization_id, Role::Sales, true));
        assert!(acting.email.contains(&created.key.prefix) && acting.email.contains("ERP Bodega"), "{}", acting.email);

        let used = accounts.api_keys(&admin).await.expect("list")[0].last_used_at.expect("use recorded");
        accounts.authenticate_api_key(&secret).await.expect("again");
        assert_eq!(accounts.api_keys(&admin).await.expect("list")[0].last_used_at, Some(used), "written at most once a minute");

        let audit = db.audit_events(&admin.organization_id, 20, None).await.expect("audit");
        let event = audit.iter().find(|e| e.action == AuditEvent::API_KEY_CREATED).expect("audited");
        assert_eq!((event.actor_email.as_deref(), event.subject.as_deref(), event.ip.as_deref()), (Some("admin@sur.cl"), Some(created.key.prefix.as_str()), Some("10.0.0.9")));
        assert!(!audit.iter().any(|e| e.detail.contains(&secret) || e.subject.as_deref() == Some(secret.as_str())), "the secret is not in the log");
    }

    async fn the_name_and_role_are_checked_by_field(db) {
        let accounts = accounts(&db);
        let admin = admin_of(&accounts, "sur").await;
        let err = accounts.create_api_key(&admin, "  ", "owner", None).await.expect_err("invalid");
        assert_eq!(fields(err), [("name".to_owned(), domain::messages::REQUIRED.to_owned()), ("role".to_owned(), domain::messages::CHOICE.to_owned())]);
        let err = accounts.create_api_key(&admin, &"x".repeat(121), "admin", None).await.expect_err("too long");
        assert_eq!(fields(err), [("name".to_owned(), domain::messages::TOO_LONG.to_owned())]);
        accounts.create_api_key(&admin, &"x".repeat(120), "admin", None).await.expect("120 characters are fine");
        assert_eq!(accounts.api_keys(&admin).await.expect("list").len(), 1, "nothing written for the invalid ones");
    }

    async fn only_admins_signed_in_as_themselves_manage_keys(db) {
        let accounts = accounts(&db);
        let admin = admin_of(&accounts, "sur").await;
        let sales = sales_of(&accounts, &admin).await;
        let created = accounts.create_api_key(&admin, "ERP", "admin", None).await.expect("create");
        assert!(matches!(accounts.create_api_key(&sales, "Mine", "sales", None).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.api_keys(&sales).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.revoke_api_key(&sales, &created.key.id, None).await, Err(AccountsError::Forbidden)));
        // An admin key does not mint or revoke keys.
        let as_key = accounts.authenticate_api_key(&created.secret).await.expect("live").user();
        assert!(matches!(accounts.create_api_key(&as_key, "Minted", "admin", None).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.revoke_api_key(&as_key, &created.key.id, None).await, Err(AccountsError::Forbidden)));
        assert!(matches!(accounts.api_keys(&as_key).await, Err(AccountsError::Forbidden)));
    }

    async fn revoked_unknown_and_malformed_keys_are_unauthenticated(db) {
        let accounts = accounts(&db);
        let admin = admin_of(&accounts, "sur").await;
        let created = accounts.create_api_key(&admin, "ERP", "admin", None).await.expect("create");
        let revoked = accounts.revoke_api_key(&admin, &created.key.id, Some("10.0.0.9")).await.expect("revoke");
        assert!(revoked.revoked_at.is_some());
        let other = accounts::token::generate_api_key();
        for secret in [created.secret.as_str(), other.as_str(), "ctz_", "garbage", "", &created.secret[..46]] {
            assert!(matches!(accounts.authenticate_api_key(secret).await, Err(AccountsError::Unauthenticated)), "{secret:?}");
        }
        assert!(matches!(accounts.revoke_api_key(&admin, &created.key.id, None).await, Err(AccountsError::NotFound)), "revoked once");
        let actions: Vec<String> = db.audit_events(&admin.organization_id, 20, None).await.expect("audit").into_iter().map(|e| e.action).collect();
        assert!(actions.contains(&AuditEvent::API_KEY_REVOKED.to_owned()), "{actions:?}");
    }

    async fn another_organisations_key_is_not_found_and_keeps_working(db) {
        let accounts = accounts(&db);
        let victim = admin_of(&accounts, "victima").await;
        let attacker = admin_of(&accounts, "atacante").await;
        let created = accounts.create_api_key(&victim, "ERP", "admin", None).await.expect("create");
        assert!(matches!(accounts.revoke_api_key(&attacker, &created.key.id, None).await, Err(AccountsError::NotFound)));
        assert!(matches!(accounts.revoke_api_key(&attacker, "missing", None).await, Err(AccountsError::NotFound)));
        assert!(accounts.api_keys(&attacker).await.expect("list").is_empty());
        let principal = accounts.authenticate_api_key(&created.secret).await.expect("still live");
        assert_eq!(principal.org.slug, "victima", "the key opens its own organisation only");
    }
}

test_both_backends! {
    async fn a_key_acts_with_at_most_its_creators_current_role_and_stops_while_they_are_disabled(db) {
        let accounts = accounts(&db);
        let owner = admin_of(&accounts, "sur").await;
        let org = db.org(&owner.organization_id).await.expect("org");
        let link = accounts.invite(&owner, &org, "otra@sur.cl", "admin", "http://x", None).await.expect("invite");
        let token = link.url.rsplit('/').next().expect("token").to_owned();
        let creator = accounts.accept_invitation(&token, "Olga", PASSWORD, PASSWORD, None, &Client::default(), None).await.expect("accept").0;
        let secret = accounts.create_api_key(&creator, "ERP", "admin", None).await.expect("create").secret;
        assert_eq!(accounts.authenticate_api_key(&secret).await.expect("live").role(), Role::Admin);

        accounts.set_role(&owner, &creator.id, "sales", None).await.expect("demote");
        let principal = accounts.authenticate_api_key(&secret).await.expect("still live");
        assert_eq!((principal.role(), principal.user().role), (Role::Sales, Role::Sales), "an admin key of a sales user acts as sales");

        accounts.set_disabled(&owner, &creator.id, true, None).await.expect("disable");
        let suspended = accounts.authenticate_api_key(&secret).await;
        assert!(matches!(suspended, Err(AccountsError::Unauthenticated)), "{suspended:?}");

        accounts.set_disabled(&owner, &creator.id, false, None).await.expect("enable");
        accounts.set_role(&owner, &creator.id, "admin", None).await.expect("promote");
        assert_eq!(accounts.authenticate_api_key(&secret).await.expect("back").role(), Role::Admin, "enabling brings the key back");
        // A sales key stays sales whoever created it.
        let sales_key = accounts.create_api_key(&owner, "Web", "sales", None).await.expect("create").secret;
        assert_eq!(accounts.authenticate_api_key(&sales_key).await.expect("live").role(), Role::Sales);
    }
}
