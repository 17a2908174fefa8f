//! The quotes service as the wizard, the public page, the dashboard and the
//! REST API use it. Every test runs against SQLite and PostgreSQL.

use domain::{
    Currency, OpeningKind, PricedProduct, PricingContext, QuoteInput, QuoteRequest, QuoteStatus, Removal, Room, Vertical, messages,
    price_quote, quote_messages,
};
use quotes::{Decision, QuoteFilter, Quotes, QuotesError};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use store::test_both_backends;

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

/// What the demo catalog's prices give for `request`, computed independently.
fn expected_total(request: &QuoteRequest) -> Decimal {
    let p = |sku: &str, unit, waste_class, m: Decimal, i: Decimal| PricedProduct {
        sku: sku.into(),
        unit,
        waste_class,
        material_price: m,
        installation_price: i,
        active: true,
    };
    use domain::{Unit, WasteClass};
    let catalog = vec![
        p("SOL-CERAMIC-70", Unit::M2, WasteClass::SolarControl, dec!(85), dec!(20)),
        p("SEC-CLEAR-4MIL", Unit::M2, WasteClass::Laminate, dec!(45), dec!(15)),
        p("DEC-FROSTED-FULL", Unit::M2, WasteClass::Vinyl, dec!(55), dec!(12)),
    ];
    let ctx = PricingContext { currency: Currency::Usd, tax_rate: dec!(0.19), products: &catalog };
    price_quote(&request.input, &ctx).expect("priced").total
}

fn invalid(result: Result<impl std::fmt::Debug, QuotesError>) -> domain::FieldErrors {
    match result {
        Err(QuotesError::Invalid(fields)) => fields,
        other => panic!("expected field errors, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Behaviour
// ---------------------------------------------------------------------------

test_both_backends! {
    async fn a_wizard_quote_is_pending_numbered_priced_and_public(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "wizard").await;
        let request = three_rooms();
        let view = quotes.submit("wizard", &request, None).await.expect("submitted");
        let year = &store::today()[0..4];
        assert_eq!(view.document.number, format!("COT-{year}-000001"));
        assert_eq!(view.status, QuoteStatus::Pending);
        assert_eq!(view.document.breakdown.total, expected_total(&request), "the server prices like the engine");
        assert_eq!(view.document.breakdown.lines.len(), 3);
        assert_eq!(view.document.contact.phone, "+56987654321", "normalized");
        assert_eq!(view.valid_until, domain::add_days(&store::today(), 15), "valid 15 days by default");
        assert_eq!(view.token.len(), 43);
        // The snapshot names each film with the price row it used.
        let ceramic = view.document.film("SOL-CERAMIC-70").expect("film snapshot");
        assert_eq!((ceramic.material_price, ceramic.installation_price), (dec!(85.00), dec!(20.00)));

        let (org, public) = quotes.public(&view.token).await.expect("public page");
        assert_eq!((org.slug.as_str(), public.id.as_str()), ("wizard", view.id.as_str()));
        // Staff see it in their list, with the customer.
        let list = quotes.list(&admin, &QuoteFilter::default()).await.expect("list");
        assert_eq!(list.quotes.len(), 1);
        assert_eq!(list.quotes[0].customer_name, "Ana Pérez");
        let pending = list.by_status.iter().find(|s| s.status == QuoteStatus::Pending).expect("pending total");
        assert_eq!((pending.count, pending.total), (1, view.document.breakdown.total));

        let second = quotes.submit("wizard", &request, None).await.expect("second");
        assert_eq!(second.document.number, format!("COT-{year}-000002"), "numbers run per organisation");
        let customers = quotes.customers(&admin, "").await.expect("customers");
        assert_eq!((customers.len(), customers[0].quotes), (1, 2), "the same phone is the same customer");
    }

    async fn bad_input_names_every_field_and_writes_nothing(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "badinput").await;
        let mut request = three_rooms();
        request.contact.phone = "98765432".into();
        request.contact.name = "".into();
        request.input.rooms[1].openings[0].width_m = dec!(0);
        request.input.rooms[2].openings[0].sku = "NOPE".into();
        let fields = invalid(quotes.submit("badinput", &request, None).await);
        assert_eq!(fields.get("contact.phone"), Some(quote_messages::PHONE));
        assert_eq!(fields.get("contact.name"), Some(messages::REQUIRED));
        assert_eq!(fields.get("rooms[1].openings[0].width_m"), Some("must be greater than 0"));
        assert_eq!(fields.get("rooms[2].openings[0].sku"), Some(domain::UNKNOWN_PRODUCT));
        let empty = QuoteRequest { input: QuoteInput { extreme_weather: false, rooms: vec![], ..Default::default() }, ..three_rooms() };
        assert_eq!(invalid(quotes.submit("badinput", &empty, None).await).get("rooms"), Some(quote_messages::NO_OPENINGS));
        assert!(quotes.list(&admin, &QuoteFilter::default()).await.expect("list").quotes.is_empty());
        assert!(matches!(quotes.submit("no-such-org", &three_rooms(), None).await, Err(QuotesError::NotFound)));
    }

    async fn a_price_change_never_alters_an_issued_quote(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "snapshot").await;
        let view = quotes.submit("snapshot", &three_rooms(), None).await.expect("submitted");
        let before = view.document.breakdown.total;
        // The admin raises every price from today (a new price row wins on its start day).
        let products = db.products(&admin.organization_id, &store::today(), false).await.expect("products");
        for p in &products {
            let draft = domain::PriceDraft {
                material_price: dec!(500),
                installation_price: dec!(100),
                valid_from: store::today(),
                valid_until: None,
            };
            db.add_price(&admin, &p.id, &draft).await.expect("new price");
        }
        let again = quotes.get(&admin, &view.id).await.expect("reread");
        assert_eq!(again.document.breakdown.total, before, "the issued version keeps its prices");
        let (_, public) = quotes.public(&view.token).await.expect("public");
        assert_eq!(public.document, view.document);
        // A new quote uses the new prices.
        let fresh = quotes.submit("snapshot", &three_rooms(), None).await.expect("fresh");
        assert!(fresh.document.breakdown.total > before);
    }

    async fn deleting_a_quoted_product_retires_it(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "retire").await;
        quotes.submit("retire", &three_rooms(), None).await.expect("submitted");
        let products = db.products(&admin.organization_id, &store::today(), false).await.expect("products");
        let used = products.iter().find(|p| p.sku == "SOL-CERAMIC-70").expect("used film");
        let unused = products.iter().find(|p| p.sku == "SOL-CHARCOAL-05").expect("unused film");
        assert_eq!(db.delete_product(&admin, &used.id).await.expect("delete used"), Removal::Deactivated);
        assert_eq!(db.delete_product(&admin, &unused.id).await.expect("delete unused"), Removal::Deleted);
        let after = db.product(&admin.organization_id, &used.id, &store::today()).await.expect("still there");
        assert!(!after.active);
    }

    async fn the_customer_confirms_or_rejects_once_and_only_while_valid(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "answer").await;
        let view = quotes.submit("answer", &three_rooms(), None).await.expect("submitted");
        let confirmed = quotes.answer(&view.token, Decision::Confirm, "", 1).await.expect("confirm");
        assert_eq!(confirmed.status, QuoteStatus::Confirmed);
        assert!(confirmed.decided_at.is_some());
        assert!(matches!(quotes.answer(&view.token, Decision::Reject, "", 1).await, Err(QuotesError::WrongState { status: "confirmed" })));
        assert!(matches!(quotes.revise(&admin, &view.id, 1, &three_rooms()).await, Err(QuotesError::WrongState { .. })), "a deal is locked");

        let other = quotes.submit("answer", &three_rooms(), None).await.expect("another");
        let too_long = "x".repeat(501);
        assert_eq!(invalid(quotes.answer(&other.token, Decision::Reject, &too_long, 1).await).get("reason"), Some(quote_messages::REASON_TOO_LONG));
        let rejected = quotes.answer(&other.token, Decision::Reject, "  Muy caro  ", 1).await.expect("reject");
        assert_eq!((rejected.status, rejected.rejection_reason.as_deref()), (QuoteStatus::Rejected, Some("Muy caro")));

        // Unknown or malformed tokens are simply not found.
        assert!(matches!(quotes.public("short").await, Err(QuotesError::NotFound)));
        assert!(matches!(quotes.public(&"A".repeat(43)).await, Err(QuotesError::NotFound)));
    }

    async fn pending_quotes_expire_after_their_last_valid_day(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "expiry").await;
        let view = quotes.submit("expiry", &three_rooms(), None).await.expect("submitted");
        let valid_until = view.valid_until.clone().expect("valid until");
        // Nothing expires while the day is still valid.
        assert_eq!(db.expire_quotes(&valid_until).await.expect("expire"), 0);
        let day_after = domain::add_days(&valid_until, 1).expect("day");
        // The customer cannot confirm after the last day (checked against the day, before the job runs).
        let late = db.decide_quote(&admin.organization_id, &view.id, None, Decision::Confirm, None, Some(1), &day_after).await;
        assert!(matches!(late, Err(store::StoreError::WrongState { status: "expired" })), "{late:?}");
        assert_eq!(db.expire_quotes(&day_after).await.expect("expire"), 1);
        let expired = quotes.get(&admin, &view.id).await.expect("reread");
        assert_eq!(expired.status, QuoteStatus::Expired);
        assert_eq!(db.expire_quotes(&day_after).await.expect("again"), 0, "idempotent");
        // Sales can send it again: pending, valid from today.
        let resent = quotes.send(&admin, &view.id, None).await.expect("resend");
        assert_eq!(resent.status, QuoteStatus::Pending);
    }

    async fn staff_drafts_send_and_revise_into_versions(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "versions").await;
        let sales = sales_of(&db, &admin).await;
        let draft = quotes.create(&sales, &three_rooms(), false).await.expect("draft");
        assert_eq!((draft.status, draft.valid_until.as_deref()), (QuoteStatus::Draft, None));
        // Editing a draft replaces it: nobody saw it yet.
        let mut bigger = three_rooms();
        bigger.input.rooms[0].openings[0].quantity = 4;
        let edited = quotes.revise(&sales, &draft.id, 1, &bigger).await.expect("edit draft");
        assert_eq!((edited.document.version, edited.versions.len()), (1, 1));
        let sent = quotes.send(&sales, &draft.id, None).await.expect("send");
        assert_eq!(sent.status, QuoteStatus::Pending);
        assert!(sent.valid_until.is_some());
        // Editing a sent quote makes version 2; version 1 stays as it was.
        let mut smaller = bigger.clone();
        smaller.input.rooms.pop();
        let v2 = quotes.revise(&sales, &draft.id, 1, &smaller).await.expect("revise");
        assert_eq!((v2.document.version, v2.versions.len(), v2.status), (2, 2, QuoteStatus::Pending));
        assert_eq!(v2.document.input.rooms.len(), 2);
        let v1 = db.quote_version(&admin.organization_id, &draft.id, 1).await.expect("v1");
        assert_eq!(v1.input.rooms.len(), 3, "history kept");
        assert_eq!(v2.versions[0].total, v1.breakdown.total);
        // An editor that started from version 1 is told, and nothing is written.
        assert!(matches!(quotes.revise(&admin, &draft.id, 1, &bigger).await, Err(QuotesError::Conflict { current: 2 })));
        // The customer answering the version they no longer see is told too.
        assert!(matches!(quotes.answer(&v2.token, Decision::Confirm, "", 1).await, Err(QuotesError::Conflict { current: 2 })));
        let (_, public) = quotes.public(&v2.token).await.expect("public");
        assert_eq!(public.document.version, 2, "the customer always sees the latest");
        // Duplicate: a new draft with a new number and token.
        let copy = quotes.duplicate(&sales, &draft.id).await.expect("duplicate");
        assert_eq!((copy.status, copy.document.input.rooms.len()), (QuoteStatus::Draft, 2));
        assert_ne!((copy.document.number.as_str(), copy.token.as_str()), (v2.document.number.as_str(), v2.token.as_str()));
        // Sales answer for the customer.
        let confirmed = quotes.decide(&sales, &draft.id, Decision::Confirm, "por teléfono").await.expect("confirm");
        assert_eq!(confirmed.status, QuoteStatus::Confirmed);
    }

    async fn the_list_filters_and_searches(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "filters").await;
        quotes.submit("filters", &three_rooms(), None).await.expect("ana");
        let mut bob = three_rooms();
        bob.contact.name = "Bob Builder".into();
        bob.contact.phone = "+1 415 555 0100".into();
        bob.vertical = Vertical::Commercial;
        let bobs = quotes.submit("filters", &bob, None).await.expect("bob");
        let draft = quotes.create(&admin, &three_rooms(), false).await.expect("draft");
        let all = QuoteFilter::default();
        assert_eq!(quotes.list(&admin, &all).await.expect("all").quotes.len(), 3);
        let by = |f: QuoteFilter| {
            let quotes = quotes.clone();
            let admin = admin.clone();
            async move { quotes.list(&admin, &f).await.expect("list").quotes.into_iter().map(|q| q.number).collect::<Vec<_>>() }
        };
        assert_eq!(by(QuoteFilter { q: "bob".into(), ..all.clone() }).await, vec![bobs.document.number.clone()]);
        assert_eq!(by(QuoteFilter { q: "4155550".into(), ..all.clone() }).await, vec![bobs.document.number.clone()], "by phone");
        assert_eq!(by(QuoteFilter { q: bobs.document.number.to_lowercase(), ..all.clone() }).await.len(), 1, "by number");
        assert_eq!(by(QuoteFilter { vertical: Some(Vertical::Commercial), ..all.clone() }).await.len(), 1);
        assert_eq!(by(QuoteFilter { status: Some(QuoteStatus::Draft), ..all.clone() }).await, vec![draft.document.number.clone()]);
        assert_eq!(by(QuoteFilter { q: "100%".into(), ..all.clone() }).await.len(), 0, "LIKE wildcards are literal");
        let today = store::today();
        assert_eq!(by(QuoteFilter { from: Some(today.clone()), to: Some(today.clone()), ..all.clone() }).await.len(), 3);
        let tomorrow = domain::add_days(&today, 1);
        assert_eq!(by(QuoteFilter { from: tomorrow, ..all.clone() }).await.len(), 0);
        let list = quotes.list(&admin, &QuoteFilter { status: Some(QuoteStatus::Draft), ..all }).await.expect("list");
        let count = |s| list.by_status.iter().find(|t| t.status == s).map(|t| t.count);
        assert_eq!((count(QuoteStatus::Pending), count(QuoteStatus::Draft)), (Some(2), Some(1)), "totals ignore the status filter");
    }

    async fn a_draft_is_deleted_whole_and_a_sent_quote_stays(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "deletes").await;
        let sales = sales_of(&db, &admin).await;
        let org = &admin.organization_id;
        let draft = quotes.create(&sales, &three_rooms(), false).await.expect("draft");
        let property = db.quote_property_id(org, &draft.id).await.expect("its property");
        let rooms = db.property_rooms(org, &property).await.expect("rooms");
        assert_eq!(rooms.len(), 3);
        let (room, opening) = (rooms[0].id.clone(), rooms[0].openings[0].id.clone());
        // Any staff role deletes a draft: the quote, its versions, its property, rooms and openings.
        quotes.delete(&sales, &draft.id).await.expect("delete draft");
        assert!(matches!(quotes.get(&admin, &draft.id).await, Err(QuotesError::NotFound)));
        assert!(matches!(db.quote_version(org, &draft.id, 1).await, Err(store::StoreError::NotFound)));
        assert!(matches!(db.property_rooms(org, &property).await, Err(store::StoreError::NotFound)));
        assert!(matches!(db.room(org, &room).await, Err(store::StoreError::NotFound)));
        assert!(matches!(db.opening(org, &opening).await, Err(store::StoreError::NotFound)));
        assert!(db.properties(org, None).await.expect("properties").is_empty());
        assert_eq!(quotes.customers(&admin, "").await.expect("customers").len(), 1, "the customer stays");
        let audit = db.audit_events(org, 10, None).await.expect("audit");
        let deleted = audit.iter().find(|e| e.action == "quote.deleted").expect("audited");
        assert_eq!(deleted.subject.as_deref(), Some(draft.document.number.as_str()));
        assert!(matches!(quotes.delete(&sales, &draft.id).await, Err(QuotesError::NotFound)), "gone");

        // A sent quote is on record: it is not deleted, and nothing changes.
        let sent = quotes.create(&sales, &three_rooms(), true).await.expect("sent");
        assert!(matches!(quotes.delete(&admin, &sent.id).await, Err(QuotesError::WrongState { status: "pending" })));
        let wizard = quotes.submit("deletes", &three_rooms(), None).await.expect("wizard quote");
        quotes.decide(&sales, &wizard.id, Decision::Confirm, "").await.expect("confirmed");
        assert!(matches!(quotes.delete(&admin, &wizard.id).await, Err(QuotesError::WrongState { status: "confirmed" })));
        let kept = quotes.get(&admin, &sent.id).await.expect("still there");
        assert_eq!((kept.status, kept.document.version), (QuoteStatus::Pending, 1));
        assert_eq!(db.properties(org, None).await.expect("properties").len(), 2);

        // Another organisation's draft is not found, like a missing id.
        let intruder = admin_of(&db, "deletes-intruder").await;
        let victim_draft = quotes.create(&admin, &three_rooms(), false).await.expect("victim draft");
        assert!(matches!(quotes.delete(&intruder, &victim_draft.id).await, Err(QuotesError::NotFound)));
        assert!(quotes.get(&admin, &victim_draft.id).await.is_ok());
    }

    async fn rooms_and_openings_change_through_a_new_version(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "rooms").await;
        let intruder = admin_of(&db, "rooms-intruder").await;
        let sent = quotes.create(&admin, &three_rooms(), true).await.expect("sent");
        let org = &admin.organization_id;
        let properties = quotes.properties(&admin, None).await.expect("properties");
        assert_eq!((properties.len(), properties[0].quote_id.as_str(), properties[0].rooms), (1, sent.id.as_str(), 3));
        assert_eq!(properties[0].address, "Av. Providencia 1234, depto 501");
        let property = properties[0].id.clone();
        let rooms = quotes.property_rooms(&admin, &property).await.expect("rooms");
        assert_eq!(rooms.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(), ["Living", "Dormitorio", "Baño"]);
        assert_eq!((rooms[0].openings[0].width_m, rooms[0].openings[0].quantity), (dec!(1.20), 2));

        // Another organisation reaches none of it.
        assert!(matches!(quotes.property_rooms(&intruder, &property).await, Err(QuotesError::NotFound)));
        assert!(matches!(quotes.room(&intruder, &rooms[0].id).await, Err(QuotesError::NotFound)));
        assert!(matches!(
            quotes.add_opening(&intruder, &rooms[0].id, opening(OpeningKind::Door, dec!(1), dec!(2), 1, "SEC-CLEAR-4MIL")).await,
            Err(QuotesError::NotFound)
        ));

        // One opening changed: version 2, priced like the whole quote would be.
        let mut changed = opening(OpeningKind::Window, dec!(1.20), dec!(1.50), 5, "SOL-CERAMIC-70");
        changed.difficult_access = true;
        let saved = quotes.update_opening(&admin, &rooms[0].openings[0].id, changed.clone()).await.expect("opening");
        assert_eq!((saved.quantity, saved.difficult_access, saved.quote_version, saved.position), (5, true, 2, 0));
        assert_ne!(saved.id, rooms[0].openings[0].id, "a save gives the rows new ids");
        let v2 = quotes.get(&admin, &sent.id).await.expect("v2");
        let mut expected = three_rooms();
        expected.input.rooms[0].openings[0] = changed;
        assert_eq!((v2.document.version, v2.status), (2, QuoteStatus::Pending));
        assert_eq!(v2.document.breakdown.total, expected_total(&expected));
        // The old id names nothing now.
        assert!(matches!(quotes.opening(&admin, &rooms[0].openings[0].id).await, Err(QuotesError::NotFound)));

        // Bad input is named relative to what was sent, and nothing is written.
        let bad = opening(OpeningKind::Window, dec!(0), dec!(1), 1, "NOPE");
        let room = quotes.property_rooms(&admin, &property).await.expect("rooms")[1].id.clone();
        let fields = invalid(quotes.add_opening(&admin, &room, bad).await);
        assert_eq!(fields.get("width_m"), Some("must be greater than 0"));
        assert_eq!(fields.get("sku"), Some(domain::UNKNOWN_PRODUCT));
        assert_eq!(quotes.get(&admin, &sent.id).await.expect("reread").document.version, 2);

        // Rooms: add one, rename one (openings kept), remove one.
        let added = quotes
            .add_room(&admin, &property, Room { name: "Cocina".into(), floor: 2, openings: vec![opening(OpeningKind::Window, dec!(1), dec!(1), 1, "SEC-CLEAR-4MIL")] })
            .await
            .expect("room added");
        assert_eq!((added.position, added.name.as_str(), added.openings.len(), added.quote_version), (3, "Cocina", 1, 3));
        let renamed = quotes
            .update_room(&admin, &added.id, quotes::RoomEdit { name: "Cocina grande".into(), floor: 4, openings: None })
            .await
            .expect("renamed");
        assert_eq!((renamed.name.as_str(), renamed.floor, renamed.openings.len()), ("Cocina grande", 4, 1));
        let view = quotes.delete_room(&admin, &renamed.id).await.expect("room removed");
        assert_eq!((view.document.input.rooms.len(), view.document.version), (3, 5));
        let openings = quotes.room_openings(&admin, &quotes.property_rooms(&admin, &property).await.expect("rooms")[2].id).await.expect("openings");
        let view = quotes.delete_opening(&admin, &openings[0].id).await.expect("opening removed");
        assert!(view.document.input.rooms[2].openings.is_empty());
        assert_eq!(db.property_rooms(org, &property).await.expect("rows").len(), 3, "the rows follow the content");

        // A deal no longer changes.
        quotes.decide(&admin, &sent.id, Decision::Confirm, "").await.expect("confirm");
        let first = quotes.property_rooms(&admin, &property).await.expect("rooms")[0].clone();
        assert!(matches!(
            quotes.update_room(&admin, &first.id, quotes::RoomEdit { name: "X".into(), floor: 1, openings: None }).await,
            Err(QuotesError::WrongState { status: "confirmed" })
        ));
    }

    async fn another_organisation_sees_nothing(db) {
        let quotes = Quotes::new(db.clone());
        let victim = admin_of(&db, "victim").await;
        let intruder = admin_of(&db, "intruder").await;
        let view = quotes.submit("victim", &three_rooms(), None).await.expect("victim's quote");
        let not_found = |r: &Result<_, QuotesError>| matches!(r, Err(QuotesError::NotFound));
        assert!(not_found(&quotes.get(&intruder, &view.id).await.map(|_| ())));
        assert!(not_found(&quotes.revise(&intruder, &view.id, 1, &three_rooms()).await.map(|_| ())));
        assert!(not_found(&quotes.send(&intruder, &view.id, None).await.map(|_| ())));
        assert!(not_found(&quotes.decide(&intruder, &view.id, Decision::Reject, "").await.map(|_| ())));
        assert!(not_found(&quotes.duplicate(&intruder, &view.id).await.map(|_| ())));
        assert!(not_found(&quotes.customer(&intruder, &view.customer_id).await.map(|_| ())));
        assert!(quotes.list(&intruder, &QuoteFilter::default()).await.expect("list").quotes.is_empty());
        assert!(quotes.customers(&intruder, "").await.expect("customers").is_empty());
        // Nothing of the victim's changed.
        let after = quotes.get(&victim, &view.id).await.expect("victim reads");
        assert_eq!((after.status, after.document.version), (QuoteStatus::Pending, 1));
    }
}
