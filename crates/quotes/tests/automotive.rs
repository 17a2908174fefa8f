//! Automotive quotes through the service: an organisation's own glass
//! sizes, packages and legal minimum change what it quotes (and only its
//! own quotes); the wizard's submit saves the customer's vehicle; a
//! duplicate re-plans the same glass; the generic editor cannot turn a car
//! into rooms. Every test runs against SQLite and PostgreSQL.

use domain::{
    AutomotiveChoice, AutomotiveQuoteRequest, BodyType, GlassPosition, GlassTemplate, Package, PackageChoice, PositionChoice, QuoteStatus,
    VehicleInput, Vertical,
};
use quotes::{Quotes, QuotesError, request_of};
use rust_decimal_macros::dec;
use store::{StoreError, test_both_backends};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::*;

fn hatchback() -> VehicleInput {
    VehicleInput {
        customer_id: None,
        vin: None,
        make: "Kia".into(),
        model: "Rio".into(),
        year: 2021,
        body_type: Some(BodyType::Hatchback),
        plate: "kk ll 22".into(),
        colour: "Rojo".into(),
    }
}

fn request(items: Vec<PositionChoice>, packages: Vec<PackageChoice>) -> AutomotiveQuoteRequest {
    AutomotiveQuoteRequest {
        language: "es".into(),
        contact: contact(),
        vehicle_id: None,
        vehicle: Some(hatchback()),
        choice: AutomotiveChoice { items, packages },
    }
}

fn item(position: GlassPosition, sku: &str) -> PositionChoice {
    PositionChoice { position, sku: sku.into() }
}

fn package(code: &str, sku: &str) -> PackageChoice {
    PackageChoice { package_code: code.into(), sku: sku.into() }
}

test_both_backends! {
    async fn an_organisation_changes_sizes_packages_and_the_legal_minimum(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "auto-admin").await;
        let neighbour = admin_of(&db, "auto-neighbour").await;
        let defaults = quotes.automotive_catalog(&admin.organization_id).await.expect("catalog");
        assert_eq!(defaults.min_front_vlt, None);

        let own = GlassTemplate { body: BodyType::Hatchback, position: GlassPosition::RearWindshield, width_m: dec!(1.25), height_m: dec!(0.55) };
        db.set_glass_template(&admin, &own).await.expect("own size");
        db.save_package(&admin, &Package { code: "front_two".into(), name_es: "Oculto".into(), name_en: String::new(), positions: vec![] })
            .await
            .expect("hide a default");
        let rear = Package { code: "rear_glass".into(), name_es: "Luneta".into(), name_en: "Rear glass".into(), positions: vec![GlassPosition::RearWindshield] };
        db.save_package(&admin, &rear).await.expect("a new package");
        db.set_min_front_vlt(&admin, Some(35)).await.expect("minimum");

        let catalog = quotes.automotive_catalog(&admin.organization_id).await.expect("catalog");
        assert_eq!(catalog.template(BodyType::Hatchback, GlassPosition::RearWindshield), Some(&own));
        assert!(catalog.package("front_two").is_none(), "hidden");
        assert_eq!(catalog.package("rear_glass"), Some(&rear));
        assert_eq!(catalog.min_front_vlt, Some(35));
        assert_eq!(quotes.automotive_catalog(&neighbour.organization_id).await.expect("catalog"), defaults, "another organisation keeps the defaults");

        // The new package, priced with the own size; the hidden one is refused.
        let view = quotes
            .create_automotive(&admin, &request(vec![item(GlassPosition::FrontLeft, "AUTO-CARBON-20")], vec![package("rear_glass", "AUTO-CERAMIC-70")]), false)
            .await
            .expect("quote");
        let details = view.document.automotive.clone().expect("automotive");
        assert_eq!(details.positions, vec![GlassPosition::RearWindshield, GlassPosition::FrontLeft]);
        let rear_line = &view.document.input.rooms[0].openings[0];
        assert_eq!((rear_line.width_m, rear_line.height_m, rear_line.curved_glass), (dec!(1.25), dec!(0.55), true));
        assert_eq!(details.warnings.len(), 1, "VLT 20 on the front left is under 35");
        let hidden = quotes.create_automotive(&admin, &request(vec![], vec![package("front_two", "AUTO-CERAMIC-70")]), false).await;
        match hidden {
            Err(QuotesError::Invalid(fields)) => assert!(fields.get("packages[0].package_code").is_some(), "{fields:?}"),
            other => panic!("a hidden package: {other:?}"),
        }

        // Back to the defaults.
        db.reset_glass_template(&admin, BodyType::Hatchback, GlassPosition::RearWindshield).await.expect("reset");
        db.delete_package(&admin, "front_two").await.expect("the default comes back");
        db.set_min_front_vlt(&admin, None).await.expect("no minimum");
        let catalog = quotes.automotive_catalog(&admin.organization_id).await.expect("catalog");
        assert_eq!(catalog.template(BodyType::Hatchback, GlassPosition::RearWindshield), defaults.template(BodyType::Hatchback, GlassPosition::RearWindshield));
        assert!(catalog.package("front_two").is_some());
        assert!(matches!(db.reset_glass_template(&admin, BodyType::Hatchback, GlassPosition::RearWindshield).await, Err(StoreError::NotFound)));
        assert!(matches!(db.delete_package(&neighbour, "rear_glass").await, Err(StoreError::NotFound)), "not the neighbour's to delete");
        let actions: Vec<String> = db.audit_events(&admin.organization_id, 50, None).await.expect("audit").into_iter().map(|e| e.action).collect();
        for action in ["automotive.glass_size_set", "automotive.package_saved", "automotive.min_front_vlt_set", "automotive.glass_size_reset", "automotive.package_deleted"] {
            assert!(actions.iter().any(|a| a == action), "{action} in {actions:?}");
        }
    }

    async fn the_wizard_saves_the_customers_vehicle_and_a_duplicate_replans_it(db) {
        let quotes = Quotes::new(db.clone());
        let admin = admin_of(&db, "auto-wizard").await;
        let asked = request(vec![item(GlassPosition::WindshieldStrip, "AUTO-CERAMIC-70")], vec![package("sides_and_rear", "AUTO-CARBON-20")]);
        let view = quotes.submit_automotive("auto-wizard", &asked, None).await.expect("submitted");
        assert_eq!((view.status, view.document.vertical), (QuoteStatus::Pending, Vertical::Automotive));
        let details = view.document.automotive.clone().expect("automotive");
        let vehicle_id = details.vehicle.id.clone().expect("the vehicle was saved");
        let vehicle = db.vehicle(&admin.organization_id, &vehicle_id).await.expect("vehicle");
        assert_eq!((vehicle.customer_id.as_deref(), vehicle.plate.as_str()), (Some(view.customer_id.as_str()), "KK LL 22"));
        assert_eq!(details.positions.last(), Some(&GlassPosition::WindshieldStrip));

        // A customer may not name a saved vehicle (ids are the organisation's).
        let by_id = AutomotiveQuoteRequest { vehicle: None, vehicle_id: Some(vehicle_id.clone()), ..asked.clone() };
        match quotes.submit_automotive("auto-wizard", &by_id, None).await {
            Err(QuotesError::Invalid(fields)) => assert!(fields.get("vehicle_id").is_some(), "{fields:?}"),
            other => panic!("a customer naming a vehicle: {other:?}"),
        }

        // Duplicated by sales: the same vehicle (no second one), the same glass and total.
        let copy = quotes.duplicate(&admin, &view.id).await.expect("duplicate");
        let copied = copy.document.automotive.clone().expect("automotive");
        assert_eq!(copy.status, QuoteStatus::Draft);
        assert_eq!((copied.vehicle.id.as_deref(), &copied.positions), (Some(vehicle_id.as_str()), &details.positions));
        assert_eq!(copy.document.breakdown.total, view.document.breakdown.total);
        assert_eq!(db.vehicles(&admin.organization_id, None, "", 50).await.expect("vehicles").len(), 1);

        // The generic editor cannot rewrite a car as rooms.
        match quotes.revise(&admin, &copy.id, copy.document.version, &request_of(&copy)).await {
            Err(QuotesError::Invalid(fields)) => assert!(fields.get("vertical").is_some(), "{fields:?}"),
            other => panic!("revising a car as rooms: {other:?}"),
        }
        // Another organisation's slug does not exist for the wizard.
        assert!(matches!(quotes.submit_automotive("nobody-here", &asked, None).await, Err(QuotesError::NotFound)));
    }
}
