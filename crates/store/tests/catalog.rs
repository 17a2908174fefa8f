//! Storage behaviour, each test run against SQLite and PostgreSQL.

use domain::{Currency, ProductType, Unit, WasteClass};
use rust_decimal_macros::dec;
use store::{Db, NewOrganization, NewProduct, StoreError, seed_demo, test_both_backends};

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

fn film(sku: &str) -> NewProduct {
    NewProduct {
        sku: sku.into(),
        name: format!("Film {sku}"),
        product_type: ProductType::Privacy,
        unit: Unit::M2,
        waste_class: None,
        material_price: dec!(12500.50),
        installation_price: dec!(4000),
        active: true,
        sort_order: 0,
    }
}

async fn expect_ready(db: &Db) {
    assert!(db.is_ready().await.expect("readiness query"), "all migrations applied");
}

test_both_backends! {
    async fn demo_is_seeded_once_with_the_contract_catalog(db) {
        expect_ready(&db).await;
        assert!(seed_demo(&db).await.expect("first seed"), "first start seeds");
        assert!(!seed_demo(&db).await.expect("second seed"), "a restart seeds nothing");
        let demo = db.org_by_slug("demo").await.expect("lookup").expect("demo exists");
        assert_eq!(demo.currency, Currency::Usd);
        assert_eq!(demo.tax_rate, dec!(0.19));
        let products = db.products(&demo.id, true).await.expect("catalog");
        let skus: Vec<&str> = products.iter().map(|p| p.sku.as_str()).collect();
        assert_eq!(skus, ["SEC-CLEAR-4MIL", "SEC-CLEAR-8MIL", "SOL-CERAMIC-70", "SOL-CHARCOAL-05",
                          "DEC-FROSTED-FULL", "DEC-COLORED", "DEC-STRIPES"]);
        let stripes = products.iter().find(|p| p.sku == "DEC-STRIPES").expect("stripes");
        assert_eq!((stripes.unit, stripes.waste_class), (Unit::M, WasteClass::Vinyl));
        assert_eq!((stripes.material_price, stripes.installation_price), (dec!(25.00), dec!(8.00)));
        let ceramic = products.iter().find(|p| p.sku == "SOL-CERAMIC-70").expect("ceramic");
        assert_eq!(ceramic.waste_class, WasteClass::SolarControl);
        assert_eq!(ceramic.material_price.to_string(), "85.00", "exact text kept, scale included");
    }

    async fn prices_round_trip_exactly(db) {
        let o = db.create_org(&org("exact")).await.expect("org");
        let mut p = film("EXACT-1");
        p.material_price = dec!(123456789.123456789);
        p.installation_price = dec!(0.0001);
        let saved = db.create_product(&o.id, &p).await.expect("product");
        let read = db.product(&o.id, &saved.id).await.expect("read back");
        assert_eq!(read.material_price, dec!(123456789.123456789));
        assert_eq!(read.installation_price, dec!(0.0001));
        assert_eq!(read.waste_class, WasteClass::Vinyl, "privacy films default to the vinyl waste class");
    }

    async fn another_tenant_sees_nothing(db) {
        let a = db.create_org(&org("tenant-a")).await.expect("org a");
        let b = db.create_org(&org("tenant-b")).await.expect("org b");
        let pa = db.create_product(&a.id, &film("A-ONLY")).await.expect("product a");
        assert!(matches!(db.product(&b.id, &pa.id).await, Err(StoreError::NotFound)));
        assert!(matches!(db.set_product_active(&b.id, &pa.id, false).await, Err(StoreError::NotFound)));
        assert!(db.products(&b.id, false).await.expect("list b").is_empty());
        assert!(db.product(&a.id, &pa.id).await.expect("still there for a").active, "b could not retire it");
    }

    async fn sku_is_unique_per_organisation(db) {
        let a = db.create_org(&org("sku-a")).await.expect("org a");
        let b = db.create_org(&org("sku-b")).await.expect("org b");
        db.create_product(&a.id, &film("DUP")).await.expect("first");
        match db.create_product(&a.id, &film("DUP")).await {
            Err(StoreError::Conflict { field, constraint }) => {
                assert_eq!(field, "sku");
                assert_eq!(constraint, "products_org_sku_key");
            }
            other => panic!("expected a sku conflict, got {other:?}"),
        }
        db.create_product(&b.id, &film("DUP")).await.expect("the same sku in another org is fine");
        assert_eq!(db.products(&a.id, false).await.expect("list").len(), 1, "nothing half-saved");
    }

    async fn slug_is_unique(db) {
        db.create_org(&org("taken")).await.expect("first");
        match db.create_org(&org("taken")).await {
            Err(StoreError::Conflict { field, .. }) => assert_eq!(field, "slug"),
            other => panic!("expected a slug conflict, got {other:?}"),
        }
    }

    async fn retired_products_leave_the_active_catalog(db) {
        let o = db.create_org(&org("retire")).await.expect("org");
        let keep = db.create_product(&o.id, &film("KEEP")).await.expect("keep");
        let gone = db.create_product(&o.id, &film("GONE")).await.expect("gone");
        db.set_product_active(&o.id, &gone.id, false).await.expect("retire");
        let active: Vec<String> = db.products(&o.id, true).await.expect("active").into_iter().map(|p| p.id).collect();
        assert_eq!(active, vec![keep.id]);
        assert_eq!(db.products(&o.id, false).await.expect("all").len(), 2);
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
