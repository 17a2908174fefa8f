//! Storage behaviour, each test run against SQLite and PostgreSQL.

use domain::{Currency, PriceDraft, ProductDraft, ProductType, Role, Specs, Unit, Vertical, WasteClass};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use store::{Db, NewOrganization, NewUser, StoreError, User, seed_demo, test_both_backends};

fn org(slug: &str) -> NewOrganization {
    NewOrganization {
        slug: slug.into(),
        name: format!("Org {slug}"),
        country: "CL".into(),
        currency: Currency::Clp,
        tax_rate: dec!(0.19),
        default_language: "es".into(),
    }
}

fn film(sku: &str) -> ProductDraft {
    ProductDraft {
        sku: sku.into(),
        name_es: format!("Film {sku}"),
        name_en: String::new(),
        description_es: String::new(),
        description_en: String::new(),
        category_id: None,
        product_type: ProductType::Privacy,
        waste_class: ProductType::Privacy.default_waste_class(),
        unit: Unit::M2,
        verticals: vec![Vertical::Residential],
        specs: Specs::default(),
        active: true,
        sort_order: 0,
    }
}

fn price(material: Decimal, installation: Decimal, from: &str, until: Option<&str>) -> PriceDraft {
    PriceDraft { material_price: material, installation_price: installation, valid_from: from.into(), valid_until: until.map(str::to_owned) }
}

/// An organisation with its first admin, who acts in these tests.
async fn admin_of(db: &Db, slug: &str) -> User {
    let user = NewUser {
        email: format!("admin@{slug}.example"),
        name: "Admin".into(),
        password_hash: "not-a-real-hash".into(),
        role: Role::Admin,
        language: None,
    };
    db.create_org_with_admin(&org(slug), &user, None).await.expect("org with admin").1
}

const DAY: &str = "2026-11-23";

async fn expect_ready(db: &Db) {
    assert!(db.is_ready().await.expect("readiness query"), "all migrations applied");
}

test_both_backends! {
    async fn demo_is_seeded_once_with_the_contract_catalog(db) {
        expect_ready(&db).await;
        assert!(seed_demo(&db, DAY).await.expect("first seed"), "first start seeds");
        assert!(!seed_demo(&db, DAY).await.expect("second seed"), "a restart seeds nothing");
        let demo = db.org_by_slug("demo").await.expect("lookup").expect("demo exists");
        assert_eq!(demo.currency, Currency::Usd);
        assert_eq!(demo.tax_rate, dec!(0.19));
        let products = db.products(&demo.id, DAY, true).await.expect("catalog");
        let skus: Vec<&str> = products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus, ["SEC-CLEAR-4MIL", "SEC-CLEAR-8MIL", "SOL-CERAMIC-70", "SOL-CHARCOAL-05",
                          "DEC-FROSTED-FULL", "DEC-COLORED", "DEC-STRIPES",
                          "AUTO-CERAMIC-70", "AUTO-CERAMIC-35", "AUTO-CARBON-20", "AUTO-CARBON-05"]);
        let carbon = products.iter().find(|p| p.sku == "AUTO-CARBON-05").expect("limo film");
        assert_eq!(carbon.specs.vlt_pct, Some(dec!(5)), "the automotive films carry their VLT for the tint warning");
        let stripes = products.iter().find(|p| p.sku == "DEC-STRIPES").expect("stripes");
        assert_eq!((stripes.unit, stripes.waste_class), (Unit::M, WasteClass::Vinyl));
        let stripes_price = stripes.price.as_ref().expect("priced");
        assert_eq!((stripes_price.material_price, stripes_price.installation_price), (dec!(25.00), dec!(8.00)));
        let ceramic = products.iter().find(|p| p.sku == "SOL-CERAMIC-70").expect("ceramic");
        assert_eq!(ceramic.waste_class, WasteClass::SolarControl);
        assert_eq!(ceramic.price.as_ref().map(|p| p.material_price.to_string()).as_deref(), Some("85.00"), "exact text kept, scale included");
        assert_eq!(ceramic.specs.vlt_pct, Some(dec!(70)));
        assert!(db.products(&demo.id, "2026-11-22", true).await.expect("day before").iter().all(|p| p.price.is_none()),
            "the seeded prices start on the seeding day");
        let codes: Vec<String> = db.categories(&demo.id).await.expect("categories").into_iter().map(|c| c.code).collect();
        assert_eq!(codes, ["security", "solar", "decorative", "privacy"]);
    }

    async fn prices_round_trip_exactly(db) {
        let admin = admin_of(&db, "exact").await;
        let p = price(dec!(123456789.123456789), dec!(0.0001), DAY, None);
        let saved = db.create_product(&admin, &film("EXACT-1"), Some(&p), DAY).await.expect("product");
        let read = db.product(&admin.organization_id, &saved.id, DAY).await.expect("read back");
        let price = read.price.expect("priced today");
        assert_eq!(price.material_price, dec!(123456789.123456789));
        assert_eq!(price.installation_price, dec!(0.0001));
        assert_eq!(read.waste_class, WasteClass::Vinyl, "privacy films default to the vinyl waste class");
        assert_eq!(read.version, 1);
    }

    async fn a_price_schedule_is_read_by_day(db) {
        let admin = admin_of(&db, "schedule").await;
        let base = price(dec!(45), dec!(15), "2026-01-01", None);
        let p = db.create_product(&admin, &film("SCHED"), Some(&base), DAY).await.expect("product");
        db.add_price(&admin, &p.id, &price(dec!(40), dec!(15), "2026-12-01", Some("2026-12-24"))).await.expect("promotion");
        db.add_price(&admin, &p.id, &price(dec!(50), dec!(16), "2027-03-01", None)).await.expect("increase");
        let on = |day: &'static str| { let db = db.clone(); let org = admin.organization_id.clone(); let id = p.id.clone();
            async move { db.product(&org, &id, day).await.expect("read").price.map(|p| p.material_price) } };
        assert_eq!(on("2026-11-30").await, Some(dec!(45)));
        assert_eq!(on("2026-12-01").await, Some(dec!(40)));
        assert_eq!(on("2026-12-25").await, Some(dec!(45)), "the base price is back after the promotion");
        assert_eq!(on("2027-03-01").await, Some(dec!(50)));
        let today = db.product(&admin.organization_id, &p.id, DAY).await.expect("today");
        let next = today.next_price.expect("a change is scheduled");
        assert_eq!((next.starts.as_str(), next.price.map(|p| p.material_price)), ("2026-12-01", Some(dec!(40))));
        let history = db.price_history(&admin.organization_id, &p.id).await.expect("history");
        let starts: Vec<&str> = history.iter().map(|h| h.valid_from.as_str()).collect();
        assert_eq!(starts, ["2027-03-01", "2026-12-01", "2026-01-01"], "latest start first");
        assert_eq!(history[0].created_by.as_deref(), Some("admin@schedule.example"));
    }

    async fn only_prices_not_yet_in_effect_can_be_withdrawn(db) {
        let admin = admin_of(&db, "withdraw").await;
        let p = db.create_product(&admin, &film("W"), Some(&price(dec!(1), dec!(1), "2026-01-01", None)), DAY).await.expect("product");
        let future = db.add_price(&admin, &p.id, &price(dec!(2), dec!(2), "2026-12-01", None)).await.expect("future");
        let history = db.price_history(&admin.organization_id, &p.id).await.expect("history");
        let current = history.iter().find(|h| h.valid_from == "2026-01-01").expect("current");
        assert!(matches!(db.withdraw_price(&admin, &p.id, &current.id, DAY).await, Err(StoreError::PriceInEffect)));
        db.withdraw_price(&admin, &p.id, &future.id, DAY).await.expect("withdraw the future one");
        assert_eq!(db.price_history(&admin.organization_id, &p.id).await.expect("history").len(), 1);
    }

    async fn an_edit_from_an_old_version_is_refused(db) {
        let admin = admin_of(&db, "versions").await;
        let p = db.create_product(&admin, &film("V"), None, DAY).await.expect("product");
        let mut mine = p.draft();
        mine.name_es = "Mine".into();
        let saved = db.update_product(&admin, &p.id, p.version, &mine, DAY).await.expect("first edit");
        assert_eq!(saved.version, p.version + 1);
        let mut theirs = p.draft();
        theirs.name_es = "Theirs".into();
        match db.update_product(&admin, &p.id, p.version, &theirs, DAY).await {
            Err(StoreError::VersionConflict { current }) => assert_eq!(current, saved.version),
            other => panic!("expected a version conflict, got {other:?}"),
        }
        assert_eq!(db.product(&admin.organization_id, &p.id, DAY).await.expect("read").name_es, "Mine", "nothing overwritten");
    }

    async fn another_tenant_sees_nothing(db) {
        let a = admin_of(&db, "tenant-a").await;
        let b = admin_of(&db, "tenant-b").await;
        let pa = db.create_product(&a, &film("A-ONLY"), Some(&price(dec!(1), dec!(1), DAY, None)), DAY).await.expect("product a");
        assert!(matches!(db.product(&b.organization_id, &pa.id, DAY).await, Err(StoreError::NotFound)));
        assert!(matches!(db.update_product(&b, &pa.id, pa.version, &film("HIJACK"), DAY).await, Err(StoreError::NotFound)));
        assert!(matches!(db.add_price(&b, &pa.id, &price(dec!(0), dec!(0), DAY, None)).await, Err(StoreError::NotFound)));
        assert!(matches!(db.price_history(&b.organization_id, &pa.id).await, Err(StoreError::NotFound)));
        assert!(matches!(db.delete_product(&b, &pa.id).await, Err(StoreError::NotFound)));
        let b_category = db.categories(&b.organization_id).await.expect("b categories").remove(0);
        let mut with_b_category = film("A-WITH-B-CAT");
        with_b_category.category_id = Some(b_category.id);
        assert!(matches!(db.create_product(&a, &with_b_category, None, DAY).await, Err(StoreError::UnknownReference { field: "category_id" })),
            "a category of another organisation is not a category of yours");
        assert!(db.products(&b.organization_id, DAY, false).await.expect("list b").is_empty());
        let still = db.product(&a.organization_id, &pa.id, DAY).await.expect("still there for a");
        assert_eq!((still.sku.as_str(), still.version), ("A-ONLY", 1), "b changed nothing");
    }

    async fn sku_is_unique_per_organisation(db) {
        let a = admin_of(&db, "sku-a").await;
        let b = admin_of(&db, "sku-b").await;
        db.create_product(&a, &film("DUP"), None, DAY).await.expect("first");
        match db.create_product(&a, &film("DUP"), Some(&price(dec!(1), dec!(1), DAY, None)), DAY).await {
            Err(StoreError::Conflict { field, constraint }) => {
                assert_eq!(field, "sku");
                assert_eq!(constraint, "products_org_sku_key");
            }
            other => panic!("expected a sku conflict, got {other:?}"),
        }
        db.create_product(&b, &film("DUP"), None, DAY).await.expect("the same sku in another org is fine");
        assert_eq!(db.products(&a.organization_id, DAY, false).await.expect("list").len(), 1, "nothing half-saved");
    }

    async fn slug_is_unique(db) {
        db.create_org(&org("taken")).await.expect("first");
        match db.create_org(&org("taken")).await {
            Err(StoreError::Conflict { field, .. }) => assert_eq!(field, "slug"),
            other => panic!("expected a slug conflict, got {other:?}"),
        }
    }

    async fn retired_products_leave_the_active_catalog(db) {
        let admin = admin_of(&db, "retire").await;
        let keep = db.create_product(&admin, &film("KEEP"), None, DAY).await.expect("keep");
        let gone = db.create_product(&admin, &film("GONE"), None, DAY).await.expect("gone");
        let mut retired = gone.draft();
        retired.active = false;
        db.update_product(&admin, &gone.id, gone.version, &retired, DAY).await.expect("retire");
        let active: Vec<String> = db.products(&admin.organization_id, DAY, true).await.expect("active").into_iter().map(|p| p.id).collect();
        assert_eq!(active, vec![keep.id]);
        assert_eq!(db.products(&admin.organization_id, DAY, false).await.expect("all").len(), 2);
    }

    async fn simultaneous_writers_all_succeed(db) {
        // Each write reads first (the product exists?) and then writes: on
        // SQLite that needs the write lock up front, or writers fail with
        // "database is locked" instead of waiting their turn.
        let admin = admin_of(&db, "busy").await;
        let p = db.create_product(&admin, &film("BUSY"), None, DAY).await.expect("product");
        let writers: Vec<_> = (0..12).map(|i| {
            let (db, admin, id) = (db.clone(), admin.clone(), p.id.clone());
            tokio::spawn(async move {
                let from = format!("2027-01-{:02}", i + 1);
                db.add_price(&admin, &id, &price(Decimal::from(i), dec!(1), &from, None)).await
            })
        }).collect();
        for w in writers {
            w.await.expect("task").expect("every writer succeeds");
        }
        assert_eq!(db.price_history(&admin.organization_id, &p.id).await.expect("history").len(), 12);
    }

    async fn migrating_twice_is_harmless(db) {
        db.migrate().await.expect("second migrate is a no-op");
        expect_ready(&db).await;
    }
}

/// The two migration folders must describe the same schema: same tables, same columns.
#[tokio::test]
async fn both_backends_have_the_same_columns() {
    use sqlx::Row;
    let sqlite = store::testing::TestDb::sqlite().await;
    let pg = store::testing::TestDb::postgres().await;
    let sqlite_cols: Vec<String> = {
        let tables: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name",
        )
        .fetch_all(sqlite.db.pool())
        .await
        .expect("sqlite tables");
        let mut cols = Vec::new();
        for t in tables {
            let rows = sqlx::query(&format!("SELECT name FROM pragma_table_info('{t}') ORDER BY name"))
                .fetch_all(sqlite.db.pool())
                .await
                .expect("sqlite columns");
            cols.extend(rows.iter().map(|r| format!("{t}.{}", r.get::<String, _>(0))));
        }
        cols.sort();
        cols
    };
    let pg_cols: Vec<String> = sqlx::query_scalar(
        "SELECT table_name || '.' || column_name FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pg.db.pool())
    .await
    .expect("pg columns");
    let mut pg_cols = pg_cols;
    pg_cols.sort();
    assert!(!sqlite_cols.is_empty());
    assert_eq!(sqlite_cols, pg_cols);
}
