//! The tenant-isolation matrix: for every route and server function that
//! takes an id, another organisation's id answers exactly like a missing id
//! (404, same body) and changes nothing. Adding a route is one line in CASES.
use crate::app_test;
use crate::test_app::{Called, TestApp};
use reqwest::StatusCode;

/// A server function and its form; `{user}` / `{invitation}` stand for an id
/// of the victim organisation (or a random one for the "missing" call).
const CASES: &[(&str, &[(&str, &str)])] = &[
    ("set_user_role", &[("id", "{user}"), ("role", "admin")]),
    ("set_user_disabled", &[("id", "{user}"), ("disabled", "true")]),
    ("revoke_invitation", &[("id", "{invitation}")]),
];

/// Two organisations with data; `attacker` is the other organisation's admin.
struct Tenants {
    attacker: String,
    victim_user: String,
    victim_invitation: String,
}

async fn tenants(app: &TestApp) -> Tenants {
    let victim = app.sign_up("victima").await;
    let sales = app.invite_and_accept(&victim, "ventas@victima.test", "sales").await;
    app.call(Some(&victim), "invite_user", &[("email", "pendiente@victima.test"), ("role", "admin")]).await;
    let victim_user = app.call(Some(&sales), "me", &[]).await.json["user_id"].as_str().expect("id").to_owned();
    let team = app.call(Some(&victim), "team", &[]).await;
    let victim_invitation = team.json["invitations"][0]["id"].as_str().expect("open invitation").to_owned();
    let attacker = app.sign_up("atacante").await;
    Tenants { attacker, victim_user, victim_invitation }
}

async fn call_case(app: &TestApp, cookie: &str, endpoint: &str, form: &[(&str, &str)], user: &str, invitation: &str) -> Called {
    let filled: Vec<(&str, String)> =
        form.iter().map(|(k, v)| (*k, v.replace("{user}", user).replace("{invitation}", invitation))).collect();
    let borrowed: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call(Some(cookie), endpoint, &borrowed).await
}

app_test! {
    async fn another_organisations_ids_are_404_like_missing_ids(app) {
        let t = tenants(&app).await;
        let missing = uuid_like();
        for (endpoint, form) in CASES {
            let foreign = call_case(&app, &t.attacker, endpoint, form, &t.victim_user, &t.victim_invitation).await;
            let absent = call_case(&app, &t.attacker, endpoint, form, &missing, &missing).await;
            assert_eq!(foreign.status, StatusCode::NOT_FOUND, "{endpoint}: {foreign:?}");
            assert_eq!((foreign.status, &foreign.json), (absent.status, &absent.json), "{endpoint}: indistinguishable from a missing id");
        }
        // Nothing of the victim changed.
        let victim_admin = app.call(None, "log_in", &[("email", "admin@victima.test"), ("password", crate::test_app::PASSWORD)]).await.session().expect("login");
        let team = app.call(Some(&victim_admin), "team", &[]).await;
        let sales = team.json["members"].as_array().expect("members").iter().find(|m| m["id"] == t.victim_user.as_str()).expect("still there").clone();
        assert_eq!((sales["role"].as_str(), sales["disabled"].as_bool()), (Some("sales"), Some(false)));
        assert_eq!(team.json["invitations"].as_array().map(Vec::len), Some(1), "the invitation is still open");
        // And the attacker's lists show none of it.
        let theirs = app.call(Some(&t.attacker), "team", &[]).await;
        assert_eq!(theirs.json["members"].as_array().map(Vec::len), Some(1));
        assert_eq!(theirs.json["invitations"].as_array().map(Vec::len), Some(0));
    }
}

fn uuid_like() -> String {
    format!("{:08x}-0000-4000-8000-{:012x}", std::process::id(), 42)
}
