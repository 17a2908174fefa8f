//! A property's rooms and openings read in a large organisation (issue 17,
//! finding 3): the reads find the property first and never walk the
//! organisation's other quotes or openings. Each test runs on SQLite and
//! PostgreSQL.

use std::time::{Duration, Instant};

use store::{Db, test_both_backends};

/// Writes `quotes` quotes (each with its customer and property) of
/// `rooms` rooms of `openings` openings each, in multi-row statements;
/// returns the property ids in creation order.
async fn fill(db: &Db, org: &str, quotes: usize, rooms: usize, openings: usize) -> Vec<String> {
    let mut properties = Vec::with_capacity(quotes);
    let (mut customer_rows, mut property_rows, mut quote_rows, mut room_rows, mut opening_rows) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for q in 0..quotes {
        let (customer, property, quote) = (uuid(), uuid(), uuid());
        customer_rows.push(format!("('{customer}', '{org}', 'Cliente {q}', '+5690000{q:04}', '', 1, 1)"));
        property_rows.push(format!("('{property}', '{org}', '{customer}', 'Calle {q}', '', {q}, {q})"));
        quote_rows.push(format!(
            "('{quote}', '{org}', 'COT-2026-{q:06}', '{customer}', '{property}', 'residential', 'es', 'draft', 'tok{quote}', 1, \
             '0', 'USD', 'staff', {q}, {q})"
        ));
        for r in 0..rooms {
            let room = uuid();
            room_rows.push(format!("('{room}', '{org}', '{property}', {r}, 'Pieza {r}', 1)"));
            for o in 0..openings {
                opening_rows.push(format!(
                    "('{}', '{org}', '{room}', {o}, 'window', '1.2', '1.5', 1, 'SKU-{o}', FALSE, FALSE)",
                    uuid()
                ));
            }
        }
        properties.push(property);
    }
    let mut tx = db.begin_write().await.expect("begin");
    for (head, rows) in [
        ("INSERT INTO customers (id, organization_id, name, phone, email, created_at, updated_at) VALUES ", &customer_rows),
        ("INSERT INTO properties (id, organization_id, customer_id, address, commune, created_at, updated_at) VALUES ", &property_rows),
        (
            "INSERT INTO quotes (id, organization_id, number, customer_id, property_id, vertical, language, status, token, \
             current_version, total, currency, source, created_at, updated_at) VALUES ",
            &quote_rows,
        ),
        ("INSERT INTO rooms (id, organization_id, property_id, position, name, floor) VALUES ", &room_rows),
        (
            "INSERT INTO openings (id, organization_id, room_id, position, kind, width_m, height_m, quantity, sku, curved_glass, \
             difficult_access) VALUES ",
            &opening_rows,
        ),
    ] {
        for chunk in rows.chunks(500) {
            sqlx::query(&format!("{head}{}", chunk.join(", "))).execute(&mut *tx).await.expect("insert rows");
        }
    }
    tx.commit().await.expect("commit");
    sqlx::query("ANALYZE").execute(db.pool()).await.expect("analyze");
    properties
}

fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Runs `calls` reads and answers how long they took together.
async fn timed<F, Fut>(calls: usize, mut read: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let started = Instant::now();
    for _ in 0..calls {
        read().await;
    }
    started.elapsed()
}

test_both_backends! {
    async fn a_property_of_a_large_organisation_is_read_by_its_own_rows(db) {
        let admin = store::testing::org_with_admin(&db, "large").await;
        let org = admin.organization_id.clone();
        // 1,000 quotes, 2,000 rooms, 10,000 openings.
        let properties = fill(&db, org.as_str(), 1000, 2, 5).await;
        let target = properties[properties.len() / 2].clone();

        // The plan: every statement searches by an index, none scans a table
        // (before the fix the quote was found by scanning the organisation's quotes).
        let plans = db.property_rooms_plans(&org, &target).await.expect("plans");
        assert_eq!(plans.len(), 3);
        match db.backend() {
            store::Backend::Sqlite => {
                assert!(plans[0].contains("quotes_org_property_idx"), "the quote by its property: {}", plans[0]);
                for plan in &plans {
                    assert!(!plan.lines().any(|l| l.trim_start().starts_with("SCAN")), "a full scan: {plan}");
                }
            }
            store::Backend::Postgres => {
                assert!(plans[0].contains("quotes_org_property_idx"), "the quote by its property: {}", plans[0]);
                for plan in &plans {
                    for table in ["quotes", "rooms", "openings"] {
                        assert!(!plan.contains(&format!("Seq Scan on {table}")), "a full scan of {table}: {plan}");
                    }
                }
            }
        }

        // The reads: the right rows, and fast whatever the organisation's size.
        let rooms = db.property_rooms(&org, &target).await.expect("rooms");
        assert_eq!(rooms.len(), 2);
        assert!(rooms.iter().all(|r| r.openings.len() == 5 && r.property_id == target));
        assert!(rooms.iter().all(|r| r.openings.iter().map(|o| o.position).eq(0..5)));
        let room_id = rooms[1].id.clone();
        let opening_id = rooms[1].openings[3].id.clone();
        assert_eq!(db.room(&org, &room_id).await.expect("room").openings.len(), 5);
        assert_eq!(db.opening(&org, &opening_id).await.expect("opening").position, 3);

        let calls = 20;
        let rooms_time = timed(calls, || async { db.property_rooms(&org, &target).await.expect("rooms"); }).await;
        let room_time = timed(calls, || async { db.room(&org, &room_id).await.expect("room"); }).await;
        let opening_time = timed(calls, || async { db.opening(&org, &opening_id).await.expect("opening"); }).await;
        eprintln!(
            "{:?}: {calls} calls each with 10,000 openings: property rooms {rooms_time:?}, room {room_time:?}, opening {opening_time:?}",
            db.backend()
        );
        // Generous for a busy shared machine; the unindexed reads took seconds per call here.
        let bound = Duration::from_secs(3);
        assert!(rooms_time < bound, "{calls} property-rooms reads took {rooms_time:?}");
        assert!(room_time < bound, "{calls} room reads took {room_time:?}");
        assert!(opening_time < bound, "{calls} opening reads took {opening_time:?}");
    }
}
