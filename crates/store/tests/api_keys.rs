//! API keys in storage, each test run against SQLite and PostgreSQL.

use domain::{Currency, Role};
use store::testing::admin_in;
use store::{AuditEvent, NewApiKey, StoreError, test_both_backends};

fn new_key(name: &str, hash: &str, role: Role) -> NewApiKey {
    NewApiKey { name: name.into(), prefix: format!("ctz_{}", &hash[..8]), key_hash: hash.into(), role, now: store::now_ms() }
}

/// A stand-in for the SHA-256 hex of a secret.
fn hash(n: u8) -> String {
    format!("{n:02x}").repeat(32)
}

test_both_backends! {
    async fn a_key_is_created_listed_without_its_hash_and_found_by_it(db) {
        let admin = admin_in(&db, "sur", Currency::Clp).await;
        let key = db.create_api_key(&admin, &new_key("ERP", &hash(1), Role::Sales), Some("10.0.0.1")).await.expect("create");
        assert_eq!((key.name.as_str(), key.prefix.as_str(), key.role), ("ERP", "ctz_01010101", Role::Sales));
        assert_eq!((key.created_by.as_deref(), key.last_used_at, key.revoked_at), (Some(admin.id.as_str()), None, None));
        assert_eq!(&key.organization_id, &admin.organization_id);

        let listed = db.api_keys(&admin.organization_id).await.expect("list");
        assert_eq!(listed, vec![key.clone()]);
        let shown = format!("{listed:?}");
        assert!(!shown.contains(&hash(1)) && !shown.contains("hash"), "the list never carries the hash: {shown}");

        let found = db.api_key_by_hash(&hash(1)).await.expect("lookup").expect("live key");
        assert_eq!((found.key.id.as_str(), found.org.id.as_str()), (key.id.as_str(), admin.organization_id.as_str()));
        assert!(db.api_key_by_hash(&hash(2)).await.expect("lookup").is_none(), "an unknown hash opens nothing");

        let audit = db.audit_events(&admin.organization_id, 10, None).await.expect("audit");
        let created = audit.iter().find(|e| e.action == AuditEvent::API_KEY_CREATED).expect("audited");
        assert_eq!((created.subject.as_deref(), created.detail.as_str(), created.ip.as_deref()), (Some("ctz_01010101"), "ERP (sales)", Some("10.0.0.1")));
    }

    async fn a_revoked_key_opens_nothing_and_cannot_be_revoked_twice(db) {
        let admin = admin_in(&db, "sur", Currency::Clp).await;
        let key = db.create_api_key(&admin, &new_key("ERP", &hash(1), Role::Admin), None).await.expect("create");
        let revoked = db.revoke_api_key(&admin, &key.id, 1_000, None).await.expect("revoke");
        assert_eq!(revoked.revoked_at, Some(1_000));
        assert!(db.api_key_by_hash(&hash(1)).await.expect("lookup").is_none());
        assert!(matches!(db.revoke_api_key(&admin, &key.id, 2_000, None).await, Err(StoreError::NotFound)));
        assert_eq!(db.api_keys(&admin.organization_id).await.expect("list")[0].revoked_at, Some(1_000), "kept, marked revoked");
        let actions: Vec<String> = db.audit_events(&admin.organization_id, 10, None).await.expect("audit").into_iter().map(|e| e.action).collect();
        assert!(actions.contains(&AuditEvent::API_KEY_REVOKED.to_owned()), "{actions:?}");
    }

    async fn another_organisations_key_is_not_found_and_stays_live(db) {
        let victim = admin_in(&db, "victima", Currency::Clp).await;
        let attacker = admin_in(&db, "atacante", Currency::Clp).await;
        let key = db.create_api_key(&victim, &new_key("ERP", &hash(1), Role::Admin), None).await.expect("create");
        assert!(matches!(db.revoke_api_key(&attacker, &key.id, 1_000, None).await, Err(StoreError::NotFound)));
        assert!(matches!(db.revoke_api_key(&attacker, "no-such-key", 1_000, None).await, Err(StoreError::NotFound)));
        assert!(db.api_keys(&attacker.organization_id).await.expect("list").is_empty());
        assert!(db.api_key_by_hash(&hash(1)).await.expect("lookup").is_some(), "still live");
        // Touching through the wrong organisation changes nothing.
        db.touch_api_key(&attacker.organization_id, &key.id, 5_000).await.expect("touch");
        assert_eq!(db.api_keys(&victim.organization_id).await.expect("list")[0].last_used_at, None);
        db.touch_api_key(&victim.organization_id, &key.id, 5_000).await.expect("touch");
        assert_eq!(db.api_keys(&victim.organization_id).await.expect("list")[0].last_used_at, Some(5_000));
    }

    async fn a_key_acts_as_an_identity_named_after_it(db) {
        let admin = admin_in(&db, "sur", Currency::Clp).await;
        let key = db.create_api_key(&admin, &new_key("ERP", &hash(1), Role::Sales), None).await.expect("create");
        let acting = key.acting_user();
        assert!(acting.is_api_key() && !admin.is_api_key());
        assert_eq!((acting.id, acting.role, &acting.organization_id), (format!("apikey:{}", key.id), Role::Sales, &admin.organization_id));
        assert_eq!(acting.email, "API key ctz_01010101 (ERP)");
        // A key's identity is not a user: what it creates records no creator.
        let admin_key = db.create_api_key(&admin, &new_key("CI", &hash(2), Role::Admin), None).await.expect("create");
        let minted = db.create_api_key(&admin_key.acting_user(), &new_key("minted", &hash(3), Role::Admin), None).await.expect("create");
        assert_eq!(minted.created_by, None);
    }
}
