//! The dashboard home as admins and sales see it: today's figures, the
//! getting-started checklist and the recent activity, each counted for the
//! acting user's organisation only. Every test runs against SQLite and
//! PostgreSQL.

use domain::{ActivityItem, DashboardSummary, QuoteStatus, SetupStep};
use quotes::{Decision, Quotes};
use store::{Db, JobOutput, OrgSettings, User, VideoOrder, test_both_backends};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

const DAY_MS: i64 = 86_400_000;

fn done(summary: &DashboardSummary, step: SetupStep) -> bool {
    summary.checklist.iter().find(|item| item.step == step).expect("every step is listed").done
}

fn order() -> VideoOrder {
    VideoOrder { quote_url: "https://cotiza.example/p/abc".into(), brand_color: "#0f766e".into(), logo_key: None }
}

async fn settings_with(db: &Db, admin: &User, phone: &str, brand_color: Option<&str>) {
    let org = db.org(&admin.organization_id).await.expect("org");
    let settings = OrgSettings {
        name: org.name,
        country: org.country,
        currency: org.currency,
        tax_rate: org.tax_rate,
        default_language: org.default_language,
        phone: phone.into(),
        contact_email: org.contact_email,
        quote_validity_days: org.quote_validity_days,
        brand_color: brand_color.map(str::to_owned),
    };
    db.update_org_settings(admin, &settings, None).await.expect("settings");
}

test_both_backends! {
    async fn figures_count_todays_leads_pending_and_this_weeks_deals_of_one_organisation(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "cifras").await;
        let sales = sales_of(&db, &admin).await;
        let first = quotes.submit("cifras", &three_rooms(), None).await.expect("wizard 1");
        let second = quotes.submit("cifras", &three_rooms(), None).await.expect("wizard 2");
        quotes.create(&sales, &three_rooms(), false).await.expect("a staff draft is no lead and awaits nothing");
        quotes.create(&sales, &three_rooms(), true).await.expect("a staff quote sent: awaits an answer, no lead");
        quotes.decide(&sales, &second.id, Decision::Confirm, "").await.expect("confirmed");
        db.request_quote_video(&admin.organization_id, &first.id, &admin, &order()).await.expect("video queued");

        // Another organisation, busier, on the same database.
        let other = admin_of(&db, "otra").await;
        for _ in 0..3 {
            let q = quotes.submit("otra", &three_rooms(), None).await.expect("other's lead");
            quotes.decide(&other, &q.id, Decision::Confirm, "").await.expect("other's deal");
        }
        let other_pending = quotes.submit("otra", &three_rooms(), None).await.expect("other's pending");
        db.request_quote_video(&other.organization_id, &other_pending.id, &other, &order()).await.expect("other's video");

        let now = store::now_ms();
        for who in [&admin, &sales] {
            let f = quotes.dashboard_at(who, now).await.expect("dashboard").figures;
            assert_eq!((f.new_leads_today, f.awaiting_answer, f.accepted_this_week), (2, 2, 1), "{f:?}");
            assert_eq!((f.videos_this_week, f.videos_in_progress), (0, 1), "{f:?}");
            assert_eq!(f.today, store::today());
        }
        let theirs = quotes.dashboard_at(&other, now).await.expect("dashboard").figures;
        assert_eq!((theirs.new_leads_today, theirs.awaiting_answer, theirs.accepted_this_week, theirs.videos_in_progress), (4, 1, 3, 1));

        // A finished video counts this week, not in progress. (The other
        // organisation's job was queued later: the oldest is ours.)
        let lease = db.claim_video_job("worker", 30_000).await.expect("claim").expect("due");
        assert_eq!(lease.org, admin.organization_id);
        let output = JobOutput { video_key: "v.mp4".into(), thumbnail_key: "v.jpg".into(), video_bytes: 1, duration_ms: 1 };
        assert!(db.complete_video_job(&lease, &output).await.expect("complete"));
        let f = quotes.dashboard_at(&admin, store::now_ms()).await.expect("dashboard").figures;
        assert_eq!((f.videos_this_week, f.videos_in_progress), (1, 0));

        // Tomorrow today's leads are yesterday's; eight days on, this week's deals are last week's.
        let tomorrow = quotes.dashboard_at(&admin, now + DAY_MS).await.expect("dashboard").figures;
        assert_eq!((tomorrow.new_leads_today, tomorrow.awaiting_answer), (0, 2));
        assert_eq!(tomorrow.today, domain::add_days(&store::today(), 1).expect("day"));
        let later = quotes.dashboard_at(&admin, now + 8 * DAY_MS).await.expect("dashboard").figures;
        assert_eq!((later.accepted_this_week, later.videos_this_week), (0, 0));
    }

    async fn the_checklist_follows_what_the_organisation_has_done(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "pasos").await;
        let other = admin_of(&db, "vecina").await;
        let fresh = quotes.dashboard(&admin).await.expect("dashboard");
        assert_eq!(fresh.checklist.iter().map(|i| i.step).collect::<Vec<_>>(), SetupStep::ALL.to_vec());
        assert!(fresh.checklist.iter().all(|i| !i.done), "a new organisation has everything to do: {:?}", fresh.checklist);
        assert!(!fresh.all_done());

        // The seeded catalog is priced but nobody reviewed it; an admin's new price does.
        let products = db.products(&admin.organization_id, &store::today(), false).await.expect("products");
        let draft = domain::PriceDraft {
            material_price: rust_decimal::Decimal::new(50, 0),
            installation_price: rust_decimal::Decimal::new(10, 0),
            valid_from: store::today(),
            valid_until: None,
        };
        db.add_price(&admin, &products[0].id, &draft).await.expect("price");
        settings_with(&db, &admin, "+56 9 1234 5678", Some("#123456")).await;
        let invitee = sales_of(&db, &admin).await;
        quotes.submit("pasos", &three_rooms(), None).await.expect("a customer used the link");

        let all = quotes.dashboard(&admin).await.expect("dashboard");
        assert!(all.checklist.iter().all(|i| i.done), "{:?}", all.checklist);
        assert!(all.all_done());
        assert_eq!(quotes.dashboard(&invitee).await.expect("sales too").checklist, all.checklist);

        // None of it is the neighbour's.
        let theirs = quotes.dashboard(&other).await.expect("dashboard");
        assert!(theirs.checklist.iter().all(|i| !i.done), "{:?}", theirs.checklist);

        // A colour cleared and no phone: those steps are to do again.
        settings_with(&db, &admin, "", None).await;
        let again = quotes.dashboard(&admin).await.expect("dashboard");
        assert!(!done(&again, SetupStep::Brand) && !done(&again, SetupStep::Whatsapp));
        assert!(done(&again, SetupStep::Catalog) && done(&again, SetupStep::Team) && done(&again, SetupStep::ShareLink));
        // A logo alone is a brand too.
        db.set_org_logo(&admin, Some(("orgs/pasos/logo.png", "orgs/pasos/logo.jpg"))).await.expect("logo");
        assert!(done(&quotes.dashboard(&admin).await.expect("dashboard"), SetupStep::Brand));
    }

    async fn an_open_invitation_counts_for_the_team_and_a_catalog_without_prices_is_not_reviewed(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "equipo").await;
        let now = store::now_ms();
        let invitation = store::NewInvitation {
            email: "nueva@equipo.example".into(),
            role: domain::Role::Sales,
            token_hash: "hash-equipo".into(),
            now,
            expires_at: now + 3_600_000,
            mail_subject: "Únete".into(),
            mail_body: "Un enlace".into(),
        };
        db.create_invitation(&admin, &invitation, None).await.expect("invite");
        let summary = quotes.dashboard_at(&admin, now).await.expect("dashboard");
        assert!(done(&summary, SetupStep::Team), "an invitation waiting to be accepted");
        let expired = quotes.dashboard_at(&admin, now + 2 * 3_600_000).await.expect("dashboard");
        assert!(!done(&expired, SetupStep::Team), "an expired invitation is not a team");

        // Every product retired: edited by a person, but nothing is priced and active.
        for p in db.products(&admin.organization_id, &store::today(), false).await.expect("products") {
            sqlx::query("UPDATE products SET active = FALSE WHERE id = $1").bind(&p.id).execute(db.pool()).await.expect("retire");
        }
        let product = db.products(&admin.organization_id, &store::today(), false).await.expect("products").remove(0);
        let draft = domain::PriceDraft {
            material_price: rust_decimal::Decimal::new(50, 0),
            installation_price: rust_decimal::Decimal::new(10, 0),
            valid_from: store::today(),
            valid_until: None,
        };
        db.add_price(&admin, &product.id, &draft).await.expect("price");
        assert!(!done(&quotes.dashboard(&admin).await.expect("dashboard"), SetupStep::Catalog), "no active product");
        sqlx::query("UPDATE products SET active = TRUE WHERE id = $1").bind(&product.id).execute(db.pool()).await.expect("back");
        assert!(done(&quotes.dashboard(&admin).await.expect("dashboard"), SetupStep::Catalog));
    }

    async fn admins_read_the_audit_feed_and_sales_read_their_quotes(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "actividad").await;
        let sales = sales_of(&db, &admin).await;
        db.record_audit(&store::AuditEvent::by(&admin, "user.login")).await.expect("login");
        let lead = quotes.submit("actividad", &three_rooms(), None).await.expect("lead");
        let deal = quotes.create(&sales, &three_rooms(), true).await.expect("sent");
        // Sales' feed orders quotes by their last change to the millisecond: the answer comes a moment after, as in life.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        quotes.decide(&sales, &deal.id, Decision::Confirm, "").await.expect("confirmed");
        let other = admin_of(&db, "ajena").await;
        let foreign = quotes.submit("ajena", &three_rooms(), None).await.expect("someone else's lead");
        quotes.create(&other, &three_rooms(), true).await.expect("someone else's quote");

        let feed = quotes.dashboard(&admin).await.expect("dashboard").activity;
        assert!(!feed.is_empty() && feed.len() <= quotes::ACTIVITY_LINES as usize);
        let actions: Vec<&str> = feed
            .iter()
            .map(|item| match item {
                ActivityItem::Event { action, .. } => action.as_str(),
                other => panic!("admins read audit events: {other:?}"),
            })
            .collect();
        assert_eq!(actions[0], "quote.confirmed", "newest first: {actions:?}");
        assert!(actions.contains(&"quote.created") && !actions.contains(&"user.login"), "{actions:?}");

        let feed = quotes.dashboard(&sales).await.expect("dashboard").activity;
        let seen: Vec<(String, QuoteStatus, bool)> = feed
            .iter()
            .map(|item| match item {
                ActivityItem::Quote { id, status, from_wizard, .. } => (id.clone(), *status, *from_wizard),
                other => panic!("sales read quotes, not the audit log: {other:?}"),
            })
            .collect();
        assert_eq!(seen, vec![(deal.id.clone(), QuoteStatus::Confirmed, false), (lead.id.clone(), QuoteStatus::Pending, true)]);
        assert!(!seen.iter().any(|(id, _, _)| *id == foreign.id));
    }
}
