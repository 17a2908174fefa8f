//! What an anonymous wizard submit may not do (issue 17): quote more than
//! 100 openings, submit without limit from one address or to one
//! organisation, or change a customer already on file. And the dashboard's
//! totals by status count the whole organisation, not one page. Every test
//! runs against SQLite and PostgreSQL.

use domain::{OpeningKind, QuoteRequest, QuoteStatus, Room};
use quotes::{QuoteFilter, Quotes, QuotesError, TOO_MANY_OPENINGS, WIZARD_MAX_OPENINGS, WizardPolicy};
use rust_decimal_macros::dec;
use store::test_both_backends;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

/// A request with `n` openings spread over rooms of 10.
fn openings(n: usize) -> QuoteRequest {
    let mut request = three_rooms();
    request.input.rooms = (0..n.div_ceil(10))
        .map(|r| Room {
            name: format!("Pieza {r}"),
            floor: 1,
            openings: (0..(n - r * 10).min(10)).map(|_| opening(OpeningKind::Window, dec!(1.0), dec!(1.0), 1, "SOL-CERAMIC-70")).collect(),
        })
        .collect();
    request
}

fn with_phone(phone: &str, name: &str, email: &str) -> QuoteRequest {
    let mut request = three_rooms();
    request.contact.phone = phone.into();
    request.contact.name = name.into();
    request.contact.email = email.into();
    request
}

fn limited(result: Result<domain::QuoteView, QuotesError>) -> u64 {
    match result {
        Err(QuotesError::RateLimited { retry_after_s, .. }) => retry_after_s,
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

async fn count_quotes(db: &store::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM quotes").fetch_one(db.pool()).await.expect("count")
}

test_both_backends! {
    async fn a_wizard_quote_has_at_most_100_openings_staff_more(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "big-job").await;
        quotes.submit("big-job", &openings(WIZARD_MAX_OPENINGS), None).await.expect("100 openings are fine");
        match quotes.submit("big-job", &openings(WIZARD_MAX_OPENINGS + 1), None).await {
            Err(QuotesError::Invalid(fields)) => assert_eq!(fields.get("rooms"), Some(TOO_MANY_OPENINGS)),
            other => panic!("101 openings accepted: {other:?}"),
        }
        // 150 rooms of one opening each: too many rooms as well.
        let mut many_rooms = openings(1);
        many_rooms.input.rooms = (0..150).map(|_| many_rooms.input.rooms[0].clone()).collect();
        assert!(matches!(quotes.submit("big-job", &many_rooms, None).await, Err(QuotesError::Invalid(_))));
        assert_eq!(count_quotes(&db).await, 1, "nothing saved for the refused ones");
        // Staff quote a large building.
        let staff = quotes.create(&admin, &openings(300), false).await.expect("staff quote 300 openings");
        assert_eq!(staff.document.input.rooms.iter().map(|r| r.openings.len()).sum::<usize>(), 300);
    }

    async fn one_address_submits_at_most_its_hourly_limit(db) {
        let quotes = Quotes::with_policy(db.clone(), WizardPolicy { submits_per_hour_per_ip: 3, submits_per_hour_per_org: 100 });
        admin_of(&db, "flood").await;
        admin_of(&db, "other-shop").await;
        // Invalid submits are not counted.
        let mut bad = three_rooms();
        bad.contact.phone = "123".into();
        for _ in 0..5 {
            assert!(matches!(quotes.submit("flood", &bad, Some("203.0.113.7")).await, Err(QuotesError::Invalid(_))));
        }
        for _ in 0..3 {
            quotes.submit("flood", &three_rooms(), Some("203.0.113.7")).await.expect("within the limit");
        }
        let retry = limited(quotes.submit("flood", &three_rooms(), Some("203.0.113.7")).await);
        assert!((3000..=3600).contains(&retry), "Retry-After {retry}");
        // The address is limited for every organisation; another address is not.
        limited(quotes.submit("other-shop", &three_rooms(), Some("203.0.113.7")).await);
        quotes.submit("flood", &three_rooms(), Some("198.51.100.2")).await.expect("another address");
        assert_eq!(count_quotes(&db).await, 4);
    }

    async fn one_organisation_receives_at_most_its_hourly_limit(db) {
        let quotes = Quotes::with_policy(db.clone(), WizardPolicy { submits_per_hour_per_ip: 100, submits_per_hour_per_org: 2 });
        admin_of(&db, "popular").await;
        admin_of(&db, "quiet").await;
        quotes.submit("popular", &three_rooms(), Some("192.0.2.1")).await.expect("first");
        quotes.submit("popular", &three_rooms(), Some("192.0.2.2")).await.expect("second");
        limited(quotes.submit("popular", &three_rooms(), Some("192.0.2.3")).await);
        limited(quotes.submit("popular", &three_rooms(), None).await);
        // Another organisation is not affected.
        quotes.submit("quiet", &three_rooms(), Some("192.0.2.3")).await.expect("another organisation");
        assert_eq!(count_quotes(&db).await, 3);
    }

    async fn the_wizard_never_edits_a_customer_on_file(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "trusted").await;
        let staff = quotes.create(&admin, &with_phone("+56 9 1111 2222", "Ana Pérez", "ana@example.com"), true).await.expect("staff quote");
        let customer_id = staff.customer_id.clone();
        // Anyone can type Ana's phone in the wizard.
        let forged = quotes.submit("trusted", &with_phone("+56911112222", "Mallory", "mallory@evil.example"), None).await.expect("wizard");
        assert_eq!(forged.customer_id, customer_id, "gathered under the same phone");
        assert_eq!(forged.document.contact.name, "Mallory", "the quote keeps the contact as typed");
        let (customer, list) = quotes.customer(&admin, &customer_id).await.expect("customer");
        assert_eq!((customer.name.as_str(), customer.email.as_str()), ("Ana Pérez", "ana@example.com"), "unchanged");
        assert_eq!(list.len(), 2);
        // Staff's own quote page still shows Ana.
        assert_eq!(quotes.get(&admin, &staff.id).await.expect("staff quote").document.contact.name, "Ana Pérez");

        // An empty email on file is filled, the name is not replaced.
        let no_email = quotes.create(&admin, &with_phone("+56 9 3333 4444", "Bea", ""), false).await.expect("no email");
        quotes.submit("trusted", &with_phone("+56933334444", "Someone Else", "bea@example.com"), None).await.expect("wizard");
        let (bea, _) = quotes.customer(&admin, &no_email.customer_id).await.expect("bea");
        assert_eq!((bea.name.as_str(), bea.email.as_str()), ("Bea", "bea@example.com"));

        // Staff still bring the customer up to date.
        quotes.create(&admin, &with_phone("+56911112222", "Ana María Pérez", "ana.maria@example.com"), false).await.expect("staff");
        let (ana, _) = quotes.customer(&admin, &customer_id).await.expect("ana");
        assert_eq!((ana.name.as_str(), ana.email.as_str()), ("Ana María Pérez", "ana.maria@example.com"));
    }

    async fn totals_by_status_count_the_organisation_not_the_page(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "counts").await;
        let mut pending_total = rust_decimal::Decimal::ZERO;
        for _ in 0..5 {
            pending_total += quotes.submit("counts", &three_rooms(), None).await.expect("wizard").document.breakdown.total;
        }
        let draft = quotes.create(&admin, &openings(2), false).await.expect("draft");
        let page = quotes.list(&admin, &QuoteFilter { limit: 2, ..QuoteFilter::default() }).await.expect("page");
        assert_eq!(page.quotes.len(), 2, "one page");
        let of = |status| page.by_status.iter().find(|s| s.status == status).map(|s| (s.count, s.total)).expect("status");
        assert_eq!(of(QuoteStatus::Pending), (5, pending_total));
        assert_eq!(of(QuoteStatus::Draft), (1, draft.document.breakdown.total));
        assert_eq!(of(QuoteStatus::Confirmed), (0, rust_decimal::Decimal::ZERO));
        // The same filters apply, but not the status filter.
        let drafts = quotes
            .list(&admin, &QuoteFilter { status: Some(QuoteStatus::Draft), limit: 1, ..QuoteFilter::default() })
            .await
            .expect("drafts");
        assert_eq!(drafts.quotes.len(), 1);
        assert_eq!(drafts.by_status.iter().find(|s| s.status == QuoteStatus::Pending).map(|s| s.count), Some(5));
        // Another organisation counts nothing of this one.
        let other = admin_of(&db, "counts-other").await;
        let theirs = quotes.list(&other, &QuoteFilter::default()).await.expect("other list");
        assert!(theirs.by_status.iter().all(|s| s.count == 0));
    }
}
