//! Fixtures shared by the quotes service's tests: organisations with the
//! demo catalog, users, and a customer's three-room request.
#![allow(dead_code)]

use domain::{Contact, ContactTime, Opening, OpeningKind, QuoteInput, QuoteRequest, Room, Vertical};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use store::{Db, User};
// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// An organisation (USD, tax 19 %) with the demo catalog and its first admin.
pub async fn admin_of(db: &Db, slug: &str) -> User {
    store::testing::org_with_admin(db, slug).await
}

/// A sales user of `admin`'s organisation (`store::testing::sales_of`).
pub async fn sales_of(db: &Db, admin: &User) -> User {
    store::testing::sales_of(db, admin).await
}

pub fn opening(kind: OpeningKind, w: Decimal, h: Decimal, quantity: u32, sku: &str) -> Opening {
    Opening { kind, width_m: w, height_m: h, quantity, sku: sku.into(), curved_glass: false, difficult_access: false }
}

pub fn contact() -> Contact {
    Contact {
        name: "Ana Pérez".into(),
        phone: "+56 9 8765 4321".into(),
        email: "ana@example.com".into(),
        address: "Av. Providencia 1234, depto 501".into(),
        commune: "Providencia".into(),
        contact_time: ContactTime::Afternoon,
    }
}

/// Three rooms, as a customer would fill the wizard.
pub fn three_rooms() -> QuoteRequest {
    QuoteRequest {
        vertical: Vertical::Residential,
        language: "es".into(),
        contact: contact(),
        input: QuoteInput {
            extreme_weather: false,
            rooms: vec![
                Room { name: "Living".into(), floor: 5, openings: vec![opening(OpeningKind::Window, dec!(1.20), dec!(1.50), 2, "SOL-CERAMIC-70")] },
                Room { name: "Dormitorio".into(), floor: 5, openings: vec![opening(OpeningKind::SlidingDoor, dec!(2.40), dec!(2.10), 1, "SEC-CLEAR-4MIL")] },
                Room {
                    name: "Baño".into(),
                    floor: 5,
                    openings: vec![opening(OpeningKind::ShowerEnclosure, dec!(0.90), dec!(1.90), 1, "DEC-FROSTED-FULL")],
                },
            ],
            ..Default::default()
        },
    }
}
