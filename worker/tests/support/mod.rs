//! What the worker's integration tests share: an organisation with the
//! demo catalog and its customers' quote requests.
#![allow(dead_code)]

use domain::{Contact, ContactTime, Currency, Opening, OpeningKind, QuoteInput, QuoteRequest, Role, Room, Vertical};
use rust_decimal_macros::dec;
use store::{Db, NewOrganization, NewUser, User};

/// The admin of `kill-nine`, an organisation with the demo catalog.
pub async fn org_admin(db: &Db) -> User {
    let org = NewOrganization {
        slug: "kill-nine".into(),
        name: "Láminas Kill Nine".into(),
        country: "CL".into(),
        currency: Currency::Usd,
        tax_rate: dec!(0.19),
        default_language: "es".into(),
    };
    let admin = NewUser {
        email: "admin@kill-nine.example".into(),
        name: "Admin".into(),
        password_hash: "not-a-real-hash".into(),
        role: Role::Admin,
        language: None,
    };
    let (org, user) = db.create_org_with_admin(&org, &admin, None).await.expect("org");
    store::seed_demo_catalog(db, &org.id, &store::today()).await.expect("catalog");
    user
}

/// The `i`-th customer's request: a living room with two openings of the demo catalog.
pub fn request(i: usize) -> QuoteRequest {
    let opening = |kind, sku: &str| Opening {
        kind,
        width_m: dec!(1.20),
        height_m: dec!(1.50),
        quantity: 1 + i as u32,
        sku: sku.into(),
        curved_glass: false,
        difficult_access: false,
    };
    QuoteRequest {
        vertical: Vertical::Residential,
        language: if i % 2 == 0 { "es".into() } else { "en".into() },
        contact: Contact {
            name: format!("Cliente {i}"),
            phone: format!("+56 9 8765 43{i:02}"),
            email: String::new(),
            address: "Av. Providencia 1234".into(),
            commune: "Providencia".into(),
            contact_time: ContactTime::Afternoon,
        },
        input: QuoteInput {
            extreme_weather: false,
            rooms: vec![Room {
                name: "Living".into(),
                floor: 2,
                openings: vec![opening(OpeningKind::Window, "SOL-CERAMIC-70"), opening(OpeningKind::SlidingDoor, "SEC-CLEAR-4MIL")],
            }],
            ..Default::default()
        },
    }
}
