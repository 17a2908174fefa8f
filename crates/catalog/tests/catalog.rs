//! The catalog service as the UI and the REST API use it: roles, validation,
//! optimistic concurrency, price schedules, bulk price changes, CSV import
//! and export, tenancy and photos. Every test runs against SQLite and
//! PostgreSQL (see `store::test_both_backends!`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use blob::{BlobKey, Blobs};
use catalog::csv_format::COLUMNS;
use catalog::{Catalog, CatalogError, PHOTO_MAX_BYTES, ProductFilter};
use domain::{
    Currency, FieldErrors, ImportAction, NumberSource, PriceInput, Product, ProductInput, ProductType, RowError, Unit, Vertical,
    WasteClass, messages, product_messages as pm,
};
use rust_decimal_macros::dec;
use store::testing::sales_of;
use store::{Db, ImportCounts, NewOrganization, User, test_both_backends};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// A catalog over the test database, with its files in a temporary folder of
/// its own (removed at the end of the test).
struct Fixture {
    catalog: Catalog,
    dir: PathBuf,
}

impl Fixture {
    fn new(db: &Db) -> Fixture {
        let dir = std::env::temp_dir().join(format!("cotiza-catalog-test-{}", uuid::Uuid::new_v4().simple()));
        Fixture { catalog: Catalog::new(db.clone(), Blobs::local(&dir)), dir }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl std::ops::Deref for Fixture {
    type Target = Catalog;
    fn deref(&self) -> &Catalog {
        &self.catalog
    }
}

/// Every file (content type sidecars included) under `dir`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn usd_org(slug: &str) -> NewOrganization {
    NewOrganization {
        slug: slug.into(),
        name: format!("Org {slug}"),
        country: "US".into(),
        currency: Currency::Usd,
        tax_rate: dec!(0.07),
        default_language: "es".into(),
    }
}

/// An organisation (USD) with its first admin.
async fn admin_of(db: &Db, slug: &str) -> User {
    admin_in(db, slug, Currency::Usd).await
}

/// Amounts as typed on a page in Spanish (`spanish`) or English.
fn typed(material: &str, installation: &str, spanish: bool) -> PriceInput {
    PriceInput { typed: NumberSource::Page { spanish }, ..price(material, installation) }
}

/// An organisation quoting in `currency` with its first admin.
async fn admin_in(db: &Db, slug: &str, currency: Currency) -> User {
    store::testing::admin_of_org(db, &NewOrganization { currency, ..usd_org(slug) }).await
}

/// `day` plus `n` days.
fn plus_days(day: &str, n: usize) -> String {
    let mut d = day.to_owned();
    for _ in 0..n {
        d = domain::next_day(&d).expect("a day");
    }
    d
}

fn today() -> String {
    catalog::today()
}

/// The day before today (UTC).
fn yesterday() -> String {
    let day = domain::day_of_unix_ms(store::now_ms() - 86_400_000);
    assert_eq!(domain::next_day(&day).as_deref(), Some(today().as_str()), "test run across midnight UTC");
    day
}

fn film(sku: &str) -> ProductInput {
    ProductInput {
        sku: sku.into(),
        name_es: format!("Lámina {sku}"),
        product_type: "solar_control".into(),
        unit: "m2".into(),
        verticals: vec!["residential".into()],
        active: true,
        ..ProductInput::default()
    }
}

fn in_category(mut input: ProductInput, category_id: &str) -> ProductInput {
    input.category_id = category_id.into();
    input
}

/// A price from today, open-ended.
fn price(material: &str, installation: &str) -> PriceInput {
    PriceInput { material_price: material.into(), installation_price: installation.into(), ..PriceInput::default() }
}

fn price_from(material: &str, installation: &str, from: &str) -> PriceInput {
    PriceInput { valid_from: from.into(), ..price(material, installation) }
}

/// Creates a product whose first price started in the past (history the
/// service itself refuses to write) straight through the store.
async fn create_with_history(catalog: &Catalog, actor: &User, input: &ProductInput, price: &PriceInput) -> Result<Product, CatalogError> {
    let draft = input.validate().map_err(CatalogError::Invalid)?;
    let price = price.validate(&today(), Currency::Usd).map_err(CatalogError::Invalid)?;
    Ok(catalog.db().create_product(actor, &draft, Some(&price), &today()).await?)
}

fn all() -> ProductFilter {
    ProductFilter { include_inactive: true, ..ProductFilter::default() }
}

async fn all_products(catalog: &Catalog, actor: &User) -> Vec<Product> {
    catalog.products(actor, &all()).await.expect("list products")
}

async fn by_sku(catalog: &Catalog, actor: &User, sku: &str) -> Product {
    all_products(catalog, actor)
        .await
        .into_iter()
        .find(|p| p.sku == sku)
        .unwrap_or_else(|| panic!("no product {sku}"))
}

async fn category_id(catalog: &Catalog, actor: &User, code: &str) -> String {
    catalog
        .categories(actor)
        .await
        .expect("categories")
        .into_iter()
        .find(|c| c.code == code)
        .unwrap_or_else(|| panic!("no category {code}"))
        .id
}

/// The field errors of an `Invalid`, or a panic naming what came instead.
#[track_caller]
fn invalid<T: std::fmt::Debug>(result: Result<T, CatalogError>) -> BTreeMap<String, String> {
    match result {
        Err(CatalogError::Invalid(FieldErrors(fields))) => fields,
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
}

#[track_caller]
fn assert_forbidden<T: std::fmt::Debug>(what: &str, result: Result<T, CatalogError>) {
    assert!(matches!(result, Err(CatalogError::Forbidden)), "{what}: expected Forbidden, got {result:?}");
}

#[track_caller]
fn assert_not_found<T: std::fmt::Debug>(what: &str, result: Result<T, CatalogError>) {
    assert!(matches!(result, Err(CatalogError::NotFound)), "{what}: expected NotFound, got {result:?}");
}

/// A small PNG with a gradient, `width`×`height`.
fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, seed])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Png).expect("encode a PNG");
    out.into_inner()
}

async fn blob_exists(catalog: &Catalog, key: &str) -> bool {
    catalog.blobs().exists(&BlobKey::new(key).expect("a valid key")).await.expect("exists")
}

/// A preview row as (line, sku, action, changed fields, new price).
type RowSummary<'a> = (usize, &'a str, ImportAction, Vec<&'a str>, Option<&'a str>);

const IMPORT_HEADER: &str = "sku,name_es,type,unit,verticals,category,material_price,installation_price";

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

test_both_backends! {
    async fn sales_users_read_but_never_write(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "roles").await;
        let sales = sales_of(&db, &admin).await;
        let security = category_id(&catalog, &admin, "security").await;
        let p = catalog
            .create_product(&admin, &in_category(film("SEC-1"), &security), Some(&price("45", "15")))
            .await
            .expect("admin creates");

        // Every signed-in user reads.
        let listed = catalog.products(&sales, &ProductFilter::default()).await.expect("sales lists");
        assert_eq!(listed.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["SEC-1"]);
        assert_eq!(catalog.product(&sales, &p.id).await.expect("sales reads one"), p);
        let history = catalog.price_history(&sales, &p.id).await.expect("sales reads the history");
        assert_eq!(history.len(), 1);
        assert_eq!((history[0].material_price, history[0].installation_price), (dec!(45), dec!(15)));
        assert_eq!(catalog.categories(&sales).await.expect("sales reads categories").len(), 4);
        assert!(catalog.export_csv(&sales).await.expect("sales exports").contains("SEC-1"));

        // No write goes through.
        let future = plus_days(&today(), 8);
        let csv = format!("{IMPORT_HEADER}\nNEW-1,Nueva,privacy,m2,residential,,10,5\n");
        let mut renamed = p.draft().to_input();
        renamed.name_es = "Renamed by sales".into();
        assert_forbidden("create_product", catalog.create_product(&sales, &film("SALES-1"), Some(&price("1", "1"))).await);
        assert_forbidden("update_product", catalog.update_product(&sales, &p.id, p.version, &renamed).await);
        assert_forbidden("delete_product", catalog.delete_product(&sales, &p.id).await);
        assert_forbidden("add_price", catalog.add_price(&sales, &p.id, &price_from("50", "16", &future)).await);
        assert_forbidden("withdraw_price", catalog.withdraw_price(&sales, &p.id, &history[0].id).await);
        assert_forbidden("change_prices_by_percent", catalog.change_prices_by_percent(&sales, &security, "10", "").await);
        assert_forbidden("preview_import", catalog.preview_import(&sales, &csv).await);
        assert_forbidden("apply_import", catalog.apply_import(&sales, &csv).await);
        assert_forbidden("create_category", catalog.create_category(&sales, "sales-made", "Ventas", "Sales").await);
        assert_forbidden("set_photo", catalog.set_photo(&sales, &p.id, png(8, 8, 1)).await);
        assert_forbidden("remove_photo", catalog.remove_photo(&sales, &p.id).await);

        // Nothing was written.
        let after = all_products(&catalog, &admin).await;
        assert_eq!(after.len(), 1, "product count unchanged");
        assert_eq!(after[0], p, "the product is exactly as it was");
        assert_eq!(catalog.price_history(&admin, &p.id).await.expect("history"), history);
        assert_eq!(catalog.categories(&admin).await.expect("categories").len(), 4);
        assert!(files_under(&catalog.dir).is_empty(), "no file stored");
    }

    async fn create_reports_every_bad_field(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "fields").await;
        let other = admin_of(&db, "fields-other").await;
        let today = today();

        let negative = catalog.create_product(&admin, &film("NEG-1"), Some(&price("-1", "15"))).await;
        assert_eq!(invalid(negative), fields(&[("material_price", pm::NEGATIVE)]));

        let window = PriceInput { valid_from: plus_days(&today, 10), valid_until: plus_days(&today, 5), ..price("45", "15") };
        let inverted = catalog.create_product(&admin, &film("WIN-1"), Some(&window)).await;
        assert_eq!(invalid(inverted), fields(&[("valid_until", pm::UNTIL_BEFORE_FROM)]));

        // Product and price errors come back together, each under its own field.
        let bad = ProductInput { sku: "no spaces".into(), verticals: vec![], ..film("x") };
        let both = catalog.create_product(&admin, &bad, Some(&price("abc", ""))).await;
        assert_eq!(
            invalid(both),
            fields(&[
                ("sku", pm::SKU),
                ("verticals", pm::VERTICALS),
                ("material_price", pm::NUMBER),
                ("installation_price", messages::REQUIRED),
            ])
        );

        let first = catalog.create_product(&admin, &film("DUP-1"), Some(&price("45", "15"))).await.expect("first");
        assert_eq!(first.sku, "DUP-1");
        let duplicate = catalog.create_product(&admin, &film(" dup-1 "), Some(&price("46", "16"))).await;
        assert_eq!(invalid(duplicate), fields(&[("sku", messages::TAKEN)]), "the sku is compared trimmed and uppercased");

        let unknown = catalog.create_product(&admin, &in_category(film("CAT-1"), "no-such-category"), None).await;
        assert_eq!(invalid(unknown), fields(&[("category_id", messages::CHOICE)]));
        let theirs = category_id(&catalog, &other, "solar").await;
        let foreign = catalog.create_product(&admin, &in_category(film("CAT-2"), &theirs), None).await;
        assert_eq!(invalid(foreign), fields(&[("category_id", messages::CHOICE)]), "another organisation's category is unknown");

        // Only the valid product exists, with only its own price.
        let products = all_products(&catalog, &admin).await;
        assert_eq!(products.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(), ["DUP-1"]);
        let history = catalog.price_history(&admin, &first.id).await.expect("history");
        assert_eq!(history.len(), 1, "the refused duplicate added no price");
        assert_eq!(history[0].material_price, dec!(45));
        assert!(all_products(&catalog, &other).await.is_empty());
    }

    async fn the_second_of_two_concurrent_edits_is_a_conflict(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "versions").await;
        let p = catalog.create_product(&admin, &film("V-1"), None).await.expect("product");
        assert_eq!(p.version, 1);

        let mut mine = p.draft().to_input();
        mine.name_es = "Mine".into();
        let mut theirs = p.draft().to_input();
        theirs.name_es = "Theirs".into();
        theirs.description_es = "Their description".into();

        let saved = catalog.update_product(&admin, &p.id, p.version, &mine).await.expect("the first edit");
        assert_eq!((saved.name_es.as_str(), saved.version), ("Mine", 2));
        match catalog.update_product(&admin, &p.id, p.version, &theirs).await {
            Err(CatalogError::Conflict { current }) => assert_eq!(current, 2, "the version that is stored now"),
            other => panic!("expected a conflict, got {other:?}"),
        }
        let stored = catalog.product(&admin, &p.id).await.expect("read");
        assert_eq!(stored, saved, "the first edit is what is stored");
        assert_eq!((stored.name_es.as_str(), stored.description_es.as_str()), ("Mine", ""));

        // Reloaded, the second edit goes through.
        let retried = catalog.update_product(&admin, &p.id, stored.version, &theirs).await.expect("retry from the new version");
        assert_eq!((retried.name_es.as_str(), retried.description_es.as_str(), retried.version), ("Theirs", "Their description", 3));
        // A bad edit is refused before any version check.
        let bad = ProductInput { name_es: " ".into(), ..theirs.clone() };
        assert_eq!(invalid(catalog.update_product(&admin, &p.id, 1, &bad).await), fields(&[("name_es", messages::REQUIRED)]));
    }

    async fn a_scheduled_price_starts_on_its_day_and_can_be_withdrawn(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "schedule").await;
        let today = today();
        let p = catalog.create_product(&admin, &film("SCHED-1"), Some(&price("45.00", "15"))).await.expect("product");
        let current = p.price.clone().expect("priced from today");
        assert_eq!((current.material_price, current.valid_from.as_str(), current.valid_until.as_deref()), (dec!(45), today.as_str(), None));
        assert_eq!(p.next_price, None);

        let starts = plus_days(&today, 8); // tomorrow + 7 days
        let scheduled = catalog.add_price(&admin, &p.id, &price_from("50", "16.50", &starts)).await.expect("scheduled price");
        assert_eq!((scheduled.material_price, scheduled.installation_price), (dec!(50), dec!(16.50)));
        assert_eq!(scheduled.created_by.as_deref(), Some("admin@schedule.example"));

        let read = catalog.product(&admin, &p.id).await.expect("read today");
        assert_eq!(read.price.as_ref().map(|r| &r.id), Some(&current.id), "today the old price still applies");
        assert_eq!(read.price.as_ref().map(|r| r.material_price), Some(dec!(45)));
        let next = read.next_price.expect("a change is scheduled");
        assert_eq!(next.starts, starts);
        assert_eq!(next.price, Some(scheduled.clone()));
        let listed = by_sku(&catalog, &admin, "SCHED-1").await;
        assert_eq!(listed.price.map(|r| r.material_price), Some(dec!(45)), "the list shows today's price too");

        let history = catalog.price_history(&admin, &p.id).await.expect("history");
        assert_eq!(history.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), [scheduled.id.as_str(), current.id.as_str()], "latest start first");

        catalog.withdraw_price(&admin, &p.id, &scheduled.id).await.expect("withdraw the scheduled price");
        let read = catalog.product(&admin, &p.id).await.expect("read again");
        assert_eq!(read.next_price, None);
        assert_eq!(read.price.map(|r| r.id), Some(current.id.clone()));
        assert_eq!(catalog.price_history(&admin, &p.id).await.expect("history").len(), 1);

        let old = create_with_history(&catalog, &admin, &film("OLD-PRICE"), &price_from("45", "15", &yesterday())).await.expect("old product");
        let since_yesterday = old.price.clone().expect("priced since yesterday");
        let in_effect = catalog.withdraw_price(&admin, &old.id, &since_yesterday.id).await;
        assert_eq!(invalid(in_effect), fields(&[("price", pm::IN_EFFECT)]));
        assert_not_found("withdraw an unknown price", catalog.withdraw_price(&admin, &p.id, &scheduled.id).await);
        assert_eq!(catalog.price_history(&admin, &old.id).await.expect("history").len(), 1, "the price in effect stays");

        let bad = catalog.add_price(&admin, &p.id, &PriceInput { valid_from: "2026-02-30".into(), ..price("1", "-2") }).await;
        assert_eq!(invalid(bad), fields(&[("installation_price", pm::NEGATIVE), ("valid_from", pm::DATE)]));
    }

    async fn money_is_read_the_way_the_page_and_the_currency_write_it(db) {
        let catalog = Fixture::new(&db);
        let clp = admin_in(&db, "pesos", Currency::Clp).await;
        let p = catalog.create_product(&clp, &film("CLP-1"), Some(&typed("18.000", "7.000", true))).await.expect("CLP product");
        let saved = p.price.expect("priced");
        assert_eq!((saved.material_price, saved.installation_price), (dec!(18000), dec!(7000)), "18.000 pesos are eighteen thousand");
        let english_page = PriceInput { valid_from: plus_days(&today(), 3), ..typed("18,500", "7,000", false) };
        let later = catalog.add_price(&clp, &p.id, &english_page).await.expect("an English page groups with commas");
        assert_eq!((later.material_price, later.installation_price), (dec!(18500), dec!(7000)));
        let decimals = catalog.add_price(&clp, &p.id, &typed("1.234,5", "0", true)).await;
        assert_eq!(invalid(decimals), fields(&[("material_price", "CLP no lleva decimales: «1.234,5» se leyó como 1234,5")]));
        assert_eq!(catalog.price_history(&clp, &p.id).await.expect("history").len(), 2, "nothing saved by the refused price");

        let usd = admin_of(&db, "dollars").await;
        let refused = catalog.create_product(&usd, &film("USD-1"), Some(&typed("18.000", "15,50", true))).await;
        assert_eq!(invalid(refused), fields(&[("material_price", "«18.000» puede ser US$18.000,00 o US$18,00: escribe 18000 o 18,00")]));
        assert!(all_products(&catalog, &usd).await.is_empty(), "an ambiguous price saves no product");
        let p = catalog.create_product(&usd, &film("USD-1"), Some(&typed("18,00", "1.234,50", true))).await.expect("as suggested");
        let saved = p.price.expect("priced");
        assert_eq!((saved.material_price, saved.installation_price), (dec!(18), dec!(1234.50)));
        let exact = catalog.add_price(&usd, &p.id, &price("18.000", "1")).await.expect("the API's text is exact");
        assert_eq!(exact.material_price, dec!(18));
    }

    async fn a_price_entered_today_by_mistake_is_withdrawn_the_same_day(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_in(&db, "mistake", Currency::Clp).await;
        let sales = sales_of(&db, &admin).await;
        let yesterday_price = price_from("45000", "15000", &yesterday());
        let p = create_with_history(&catalog, &admin, &film("MIS-1"), &yesterday_price).await.expect("priced since yesterday");
        let good = p.price.clone().expect("yesterday's price");
        // Typed 18 meaning 18.000: it replaces yesterday's price from today.
        let mistake = catalog.add_price(&admin, &p.id, &typed("18", "7000", true)).await.expect("a mistaken price");
        assert_eq!(catalog.product(&admin, &p.id).await.expect("read").price.map(|r| r.id), Some(mistake.id.clone()));
        assert!(mistake.withdrawable(&today()) && !good.withdrawable(&today()));

        assert_forbidden("sales withdraws", catalog.withdraw_price(&sales, &p.id, &mistake.id).await);
        let other = admin_of(&db, "mistake-other").await;
        assert_not_found("another organisation withdraws", catalog.withdraw_price(&other, &p.id, &mistake.id).await);
        catalog.withdraw_price(&admin, &p.id, &mistake.id).await.expect("withdrawn the same day");
        let read = catalog.product(&admin, &p.id).await.expect("read");
        assert_eq!(read.price.map(|r| r.id), Some(good.id.clone()), "yesterday's price applies again");
        assert_eq!(catalog.price_history(&admin, &p.id).await.expect("history").len(), 1);
        let audit = db.audit_events(&admin.organization_id, 10, None).await.expect("audit");
        let event = audit.iter().find(|e| e.action == "price.withdrawn").expect("audited");
        assert_eq!((event.subject.as_deref(), event.actor_email.as_deref()), (Some("MIS-1"), Some("admin@mistake.example")));
        assert!(event.detail.starts_with("18 + 7000 from ") && event.detail.ends_with("the same day"), "{}", event.detail);

        // Corrected: the right price from today; yesterday's stays history.
        let fixed = catalog.add_price(&admin, &p.id, &typed("18.000", "7.000", true)).await.expect("corrected");
        assert_eq!(catalog.product(&admin, &p.id).await.expect("read").price.map(|r| r.material_price), Some(dec!(18000)));
        assert_eq!(invalid(catalog.withdraw_price(&admin, &p.id, &good.id).await), fields(&[("price", pm::IN_EFFECT)]));
        catalog.withdraw_price(&admin, &p.id, &fixed.id).await.expect("today's price is still today's mistake to undo");
    }

    async fn percentage_changes_by_category(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "percent").await;
        let other = admin_of(&db, "percent-other").await;
        let (today, yesterday) = (today(), yesterday());
        let security = category_id(&catalog, &admin, "security").await;
        let solar = category_id(&catalog, &admin, "solar").await;
        // Prices from yesterday: today's new price is then the latest start, whatever the clock's resolution.
        let a = create_with_history(&catalog, &admin, &in_category(film("SEC-A"), &security), &price_from("45.00", "12.345", &yesterday))
            .await
            .expect("a");
        let b = create_with_history(&catalog, &admin, &in_category(film("SEC-B"), &security), &price_from("19.99", "0.015", &yesterday))
            .await
            .expect("b");
        let s = create_with_history(&catalog, &admin, &in_category(film("SOL-C"), &solar), &price_from("30", "10", &yesterday))
            .await
            .expect("solar");
        let retired = ProductInput { active: false, ..in_category(film("SEC-OLD"), &security) };
        let old = create_with_history(&catalog, &admin, &retired, &price_from("100", "10", &yesterday)).await.expect("retired");
        let unpriced = catalog.create_product(&admin, &in_category(film("SEC-NOPRICE"), &security), None).await.expect("unpriced");

        // Refusals write nothing.
        assert_eq!(invalid(catalog.change_prices_by_percent(&admin, &security, "ten", "").await), fields(&[("percent", pm::NUMBER)]));
        assert_eq!(invalid(catalog.change_prices_by_percent(&admin, &security, "-95", "").await), fields(&[("percent", pm::TOO_LARGE)]));
        assert_eq!(
            invalid(catalog.change_prices_by_percent(&admin, &security, "ten", "31/12/2026").await),
            fields(&[("percent", pm::NUMBER), ("valid_from", pm::DATE)])
        );
        assert_not_found("an unknown category", catalog.change_prices_by_percent(&admin, "no-such-category", "10", "").await);
        let theirs = category_id(&catalog, &other, "security").await;
        assert_not_found("another organisation's category", catalog.change_prices_by_percent(&admin, &theirs, "10", "").await);
        for p in [&a, &b, &s, &old] {
            assert_eq!(catalog.price_history(&admin, &p.id).await.expect("history").len(), 1, "{} untouched so far", p.sku);
        }

        assert_eq!(catalog.change_prices_by_percent(&admin, &security, "+10 %", "").await.expect("+10 % on security"), 2);

        let a_now = catalog.product(&admin, &a.id).await.expect("a");
        let a_price = a_now.price.expect("a priced");
        assert_eq!((a_price.material_price, a_price.installation_price), (dec!(49.50), dec!(13.58)), "45.00 → 49.50, 12.345 → 13.58");
        assert_eq!((a_price.valid_from.as_str(), a_price.valid_until.as_deref()), (today.as_str(), None));
        assert_eq!(a_price.created_by.as_deref(), Some("admin@percent.example"));
        let b_price = catalog.product(&admin, &b.id).await.expect("b").price.expect("b priced");
        assert_eq!((b_price.material_price, b_price.installation_price), (dec!(21.99), dec!(0.017)), "21.989 → 21.99; 0.0165 → 0.017 (its own 3 decimals)");
        for p in [&a, &b] {
            let history = catalog.price_history(&admin, &p.id).await.expect("history");
            assert_eq!(history.len(), 2, "{}: the old price stays in the history", p.sku);
            assert_eq!((history[0].valid_from.as_str(), history[1].valid_from.as_str()), (today.as_str(), yesterday.as_str()));
        }
        assert_eq!(catalog.product(&admin, &s.id).await.expect("solar").price.map(|p| p.material_price), Some(dec!(30)), "other categories unchanged");
        assert_eq!(catalog.price_history(&admin, &s.id).await.expect("solar history").len(), 1);
        assert_eq!(catalog.price_history(&admin, &old.id).await.expect("retired history").len(), 1, "retired products are left alone");
        assert!(catalog.price_history(&admin, &unpriced.id).await.expect("unpriced history").is_empty(), "products without a price are left alone");

        // A change from a later day leaves today's prices as they are.
        let later = plus_days(&today, 3);
        assert_eq!(catalog.change_prices_by_percent(&admin, &security, "-3,5", &later).await.expect("-3.5 % later"), 2);
        let a_now = catalog.product(&admin, &a.id).await.expect("a");
        assert_eq!(a_now.price.map(|p| p.material_price), Some(dec!(49.50)));
        let next = a_now.next_price.expect("scheduled");
        assert_eq!(next.starts, later);
        // 49.50 × 0.965 = 47.7675 → 47.77; 13.58 × 0.965 = 13.1047 → 13.10
        assert_eq!(next.price.map(|p| (p.material_price, p.installation_price)), Some((dec!(47.77), dec!(13.10))));
    }

    async fn csv_import_previews_then_applies_all_or_nothing(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "import").await;
        let today = today();
        let solar = category_id(&catalog, &admin, "solar").await;
        let security = category_id(&catalog, &admin, "security").await;
        let privacy = category_id(&catalog, &admin, "privacy").await;
        let sol = catalog
            .create_product(&admin, &ProductInput { name_es: "Solar A".into(), ..in_category(film("SOL-A"), &solar) }, Some(&price("45", "15")))
            .await
            .expect("sol");
        let sec = catalog
            .create_product(
                &admin,
                &ProductInput { name_es: "Seguridad B".into(), product_type: "security".into(), ..in_category(film("SEC-B"), &security) },
                Some(&price("30", "10")),
            )
            .await
            .expect("sec");

        let file = |bad_price: &str| {
            format!(
                "{IMPORT_HEADER}\n\
                 NEW-1,Nueva privacidad,privacy,m2,residential|commercial,privacy,20,5\n\
                 sol-a,Solar A renombrado,solar_control,m2,residential,solar,45,15\n\
                 SEC-B,Seguridad B,security,m2,residential,security,30.00,10\n\
                 BAD-1,Mala,decorative,m,architectural,,{bad_price},3\n"
            )
        };
        let broken = file("-5");
        let preview = catalog.preview_import(&admin, &broken).await.expect("preview");
        let summary: Vec<RowSummary<'_>> = preview
            .rows
            .iter()
            .map(|r| (r.line, r.sku.as_str(), r.action, r.changes.iter().map(String::as_str).collect(), r.new_price.as_deref()))
            .collect();
        let new_price = format!("20 + 5 · {today}");
        assert_eq!(
            summary,
            vec![
                (2, "NEW-1", ImportAction::Create, vec![], Some(new_price.as_str())),
                (3, "SOL-A", ImportAction::Update, vec!["name_es"], None),
                (4, "SEC-B", ImportAction::Unchanged, vec![], None),
            ]
        );
        assert_eq!(
            preview.errors,
            vec![RowError { line: 5, sku: "BAD-1".into(), field: "material_price".into(), message: pm::NEGATIVE.into() }]
        );

        let refused = catalog.apply_import(&admin, &broken).await;
        assert_eq!(
            invalid(refused),
            fields(&[("file", "1 error(s); the first on line 5, material_price: must not be negative")])
        );
        let products = all_products(&catalog, &admin).await;
        assert_eq!(products.len(), 2, "nothing created");
        assert_eq!(products.iter().find(|p| p.id == sol.id), Some(&sol), "nothing renamed");
        assert_eq!(products.iter().find(|p| p.id == sec.id), Some(&sec));

        let fixed = file("7.50");
        let preview = catalog.preview_import(&admin, &fixed).await.expect("preview of the fixed file");
        assert!(preview.errors.is_empty(), "{:?}", preview.errors);
        assert_eq!(
            (preview.count(ImportAction::Create), preview.count(ImportAction::Update), preview.count(ImportAction::Unchanged), preview.prices()),
            (2, 1, 1, 2)
        );
        let counts = catalog.apply_import(&admin, &fixed).await.expect("apply");
        assert_eq!(counts, ImportCounts { created: 2, updated: 1, prices: 2 });

        let products = all_products(&catalog, &admin).await;
        assert_eq!(products.len(), 4);
        let renamed = by_sku(&catalog, &admin, "SOL-A").await;
        assert_eq!((renamed.name_es.as_str(), renamed.version), ("Solar A renombrado", sol.version + 1));
        assert_eq!(renamed.price, sol.price, "the same price adds none");
        assert_eq!(catalog.price_history(&admin, &sol.id).await.expect("history").len(), 1);
        assert_eq!(by_sku(&catalog, &admin, "SEC-B").await, sec, "the unchanged row wrote nothing");
        let new = by_sku(&catalog, &admin, "NEW-1").await;
        assert_eq!(new.category_id.as_deref(), Some(privacy.as_str()));
        assert_eq!((new.product_type, new.unit, new.waste_class), (ProductType::Privacy, Unit::M2, WasteClass::Vinyl));
        assert_eq!(new.verticals, vec![Vertical::Residential, Vertical::Commercial]);
        let new_price = new.price.expect("priced");
        assert_eq!((new_price.material_price, new_price.installation_price, new_price.valid_from.as_str()), (dec!(20), dec!(5), today.as_str()));
        assert_eq!(new_price.created_by.as_deref(), Some("admin@import.example"));
        let bad = by_sku(&catalog, &admin, "BAD-1").await;
        assert_eq!(bad.category_id, None);
        assert_eq!(bad.price.map(|p| (p.material_price, p.installation_price)), Some((dec!(7.50), dec!(3))));

        // The same file again changes nothing.
        let again = catalog.preview_import(&admin, &fixed).await.expect("preview again");
        assert!(!again.changes_anything(), "{again:?}");
        assert_eq!(catalog.apply_import(&admin, &fixed).await.expect("apply again"), ImportCounts::default());

        // Header problems are a field error of the file.
        let unknown = catalog.preview_import(&admin, "sku,name_es,type,unit,verticals,colour\nA,Film,vinyl,m2,residential,red\n").await;
        assert_eq!(invalid(unknown), fields(&[("file", "unknown column \"colour\"")]));
        let unknown_category = format!("{IMPORT_HEADER}\nCAT-X,Film,vinyl,m2,residential,nope,,\n");
        let preview = catalog.preview_import(&admin, &unknown_category).await.expect("preview");
        assert_eq!(preview.rows, vec![]);
        assert_eq!(
            preview.errors,
            vec![RowError { line: 2, sku: "CAT-X".into(), field: "category".into(), message: "is not one of the organisation's category codes".into() }]
        );
    }

    async fn an_export_imports_back_unchanged(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "roundtrip").await;
        let (today, yesterday) = (today(), yesterday());
        let solar = category_id(&catalog, &admin, "solar").await;
        let decorative = category_id(&catalog, &admin, "decorative").await;
        let full = ProductInput {
            sku: "SOL-70".into(),
            name_es: "Control solar, cerámico 70".into(),
            name_en: "Ceramic \"70\"".into(),
            description_es: "Rechaza el calor;\nmantiene la vista.".into(),
            description_en: "Keeps the view".into(),
            category_id: solar.clone(),
            product_type: "solar_control".into(),
            waste_class: "laminate".into(),
            unit: "m2".into(),
            verticals: vec!["commercial".into(), "residential".into(), "automotive".into()],
            vlt_pct: "70".into(),
            uv_rejection_pct: "99,5".into(),
            tser_pct: "45.50".into(),
            thickness_mil: "2".into(),
            warranty_years: "10".into(),
            finish: "neutral".into(),
            active: true,
            sort_order: "-3".into(),
        };
        let window = PriceInput { valid_from: yesterday.clone(), valid_until: plus_days(&today, 30), ..price("45.50", "15.00") };
        let p1 = create_with_history(&catalog, &admin, &full, &window).await.expect("full product");
        catalog.add_price(&admin, &p1.id, &price_from("50", "16", &plus_days(&today, 40))).await.expect("scheduled");
        let retired = ProductInput { active: false, product_type: "decorative".into(), unit: "m".into(), ..in_category(film("DEC-OLD"), &decorative) };
        catalog.create_product(&admin, &retired, None).await.expect("retired, unpriced");
        catalog.create_product(&admin, &ProductInput { sort_order: "7".into(), ..film("PLAIN-1") }, Some(&price("12.3456", "0"))).await.expect("plain");
        let before = all_products(&catalog, &admin).await;

        let text = catalog.export_csv(&admin).await.expect("export");
        assert_eq!(text.lines().next(), Some(COLUMNS.join(",").as_str()));
        assert!(text.contains("45.5,15,"), "{text}");

        let preview = catalog.preview_import(&admin, &text).await.expect("preview the export");
        assert!(preview.errors.is_empty(), "{:?}", preview.errors);
        assert_eq!(preview.rows.len(), 3);
        for row in &preview.rows {
            assert_eq!((row.action, row.changes.len(), row.new_price.as_deref()), (ImportAction::Unchanged, 0, None), "{row:?}");
        }
        assert!(!preview.changes_anything());
        assert_eq!(catalog.apply_import(&admin, &text).await.expect("apply the export"), ImportCounts::default());
        assert_eq!(all_products(&catalog, &admin).await, before, "nothing changed");
    }

    async fn an_import_without_some_columns_keeps_those_fields(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "partial").await;
        let security = category_id(&catalog, &admin, "security").await;
        let rich = ProductInput {
            sku: "SEC-8".into(),
            name_es: "Seguridad 8 mil".into(),
            name_en: "Security 8 mil".into(),
            description_es: "Retiene los vidrios".into(),
            description_en: "Holds broken glass".into(),
            category_id: security.clone(),
            product_type: "security".into(),
            waste_class: "vinyl".into(),
            unit: "m2".into(),
            verticals: vec!["residential".into()],
            vlt_pct: "88".into(),
            uv_rejection_pct: "99".into(),
            tser_pct: "17.5".into(),
            thickness_mil: "8".into(),
            warranty_years: "12".into(),
            finish: "clear".into(),
            active: true,
            sort_order: "4".into(),
        };
        let p = catalog.create_product(&admin, &rich, Some(&price("60", "20"))).await.expect("rich product");
        let retired = catalog
            .create_product(&admin, &ProductInput { active: false, ..in_category(film("OLD-1"), &security) }, None)
            .await
            .expect("retired");

        let text = "sku,name_es,type,unit,verticals\n\
                    SEC-8,Seguridad 8 mil (nuevo),security,m2,residential\n\
                    OLD-1,Lámina OLD-1,solar_control,m2,residential\n\
                    NEW-2,Nueva,privacy,m,commercial\n";
        let preview = catalog.preview_import(&admin, text).await.expect("preview");
        assert!(preview.errors.is_empty(), "{:?}", preview.errors);
        let summary: Vec<(&str, ImportAction, Vec<&str>)> =
            preview.rows.iter().map(|r| (r.sku.as_str(), r.action, r.changes.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            summary,
            vec![
                ("SEC-8", ImportAction::Update, vec!["name_es"]),
                ("OLD-1", ImportAction::Unchanged, vec![]),
                ("NEW-2", ImportAction::Create, vec![]),
            ]
        );
        assert_eq!(catalog.apply_import(&admin, text).await.expect("apply"), ImportCounts { created: 1, updated: 1, prices: 0 });

        let after = catalog.product(&admin, &p.id).await.expect("read");
        assert_eq!(after.name_es, "Seguridad 8 mil (nuevo)");
        assert_eq!(after.version, p.version + 1);
        let expected = Product { name_es: after.name_es.clone(), version: after.version, updated_at: after.updated_at, ..p.clone() };
        assert_eq!(after, expected, "descriptions, specs, category, waste class, order and price are kept");
        assert_eq!(catalog.product(&admin, &retired.id).await.expect("retired"), retired, "a retired product stays retired");
        let new = by_sku(&catalog, &admin, "NEW-2").await;
        assert_eq!((new.active, new.category_id.as_deref(), new.description_es.as_str(), new.price.as_ref()), (true, None, "", None));
    }

    async fn another_organisation_sees_and_touches_nothing(db) {
        let catalog = Fixture::new(&db);
        let a = admin_of(&db, "tenant-a").await;
        let b = admin_of(&db, "tenant-b").await;
        let today = today();
        let pa = catalog.create_product(&a, &film("A-ONLY"), Some(&price("45", "15"))).await.expect("a's product");
        let future = catalog.add_price(&a, &pa.id, &price_from("50", "16", &plus_days(&today, 8))).await.expect("a's future price");
        let photo = catalog.set_photo(&a, &pa.id, png(16, 16, 3)).await.expect("a's photo");
        let mut edit = pa.draft().to_input();
        edit.name_es = "Hijacked".into();

        assert_not_found("product", catalog.product(&b, &pa.id).await);
        assert_not_found("update_product", catalog.update_product(&b, &pa.id, photo.version, &edit).await);
        assert_not_found("delete_product", catalog.delete_product(&b, &pa.id).await);
        assert_not_found("add_price", catalog.add_price(&b, &pa.id, &price("1", "1")).await);
        assert_not_found("price_history", catalog.price_history(&b, &pa.id).await);
        assert_not_found("withdraw_price", catalog.withdraw_price(&b, &pa.id, &future.id).await);
        assert_not_found("set_photo", catalog.set_photo(&b, &pa.id, png(16, 16, 4)).await);
        assert_not_found("remove_photo", catalog.remove_photo(&b, &pa.id).await);
        assert!(all_products(&catalog, &b).await.is_empty());
        assert!(!catalog.export_csv(&b).await.expect("b's export").contains("A-ONLY"));

        let text = format!("{IMPORT_HEADER}\nA-ONLY,De B,privacy,m,commercial,,9,3\n");
        let preview = catalog.preview_import(&b, &text).await.expect("b's preview");
        assert_eq!(preview.rows.iter().map(|r| r.action).collect::<Vec<_>>(), [ImportAction::Create]);
        assert_eq!(catalog.apply_import(&b, &text).await.expect("b's import"), ImportCounts { created: 1, updated: 0, prices: 1 });
        let pb = by_sku(&catalog, &b, "A-ONLY").await;
        assert_ne!(pb.id, pa.id);
        assert_eq!((pb.name_es.as_str(), pb.price.map(|p| p.material_price)), ("De B", Some(dec!(9))));

        let still = catalog.product(&a, &pa.id).await.expect("a's product is still there");
        assert_eq!(still, photo, "b changed nothing of a's");
        assert_eq!(catalog.price_history(&a, &pa.id).await.expect("a's history").len(), 2);
        for key in [still.photo_key.as_deref(), still.thumb_key.as_deref()] {
            assert!(blob_exists(&catalog, key.expect("a key")).await, "a's files are kept");
        }
        assert_eq!(all_products(&catalog, &a).await.len(), 1);
    }

    async fn photos_are_stored_replaced_and_removed(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "photos").await;
        let p = catalog.create_product(&admin, &film("PHOTO-1"), None).await.expect("product");
        assert_eq!((p.photo_key.as_deref(), p.thumb_key.as_deref()), (None, None));

        let first = catalog.set_photo(&admin, &p.id, png(64, 48, 1)).await.expect("first photo");
        let (photo1, thumb1) = (first.photo_key.clone().expect("photo key"), first.thumb_key.clone().expect("thumb key"));
        let prefix = format!("orgs/{}/products/{}/", admin.organization_id, p.id);
        assert!(photo1.starts_with(&prefix) && photo1.ends_with(".png"), "{photo1}");
        assert!(thumb1.starts_with(&prefix) && thumb1.ends_with("-thumb.jpg"), "{thumb1}");
        assert!(first.version > p.version);
        assert!(blob_exists(&catalog, &photo1).await && blob_exists(&catalog, &thumb1).await);
        let stored = catalog.blobs().get(&BlobKey::new(photo1.clone()).expect("key")).await.expect("get").expect("the original");
        assert_eq!((stored.bytes, stored.content_type.as_str()), (png(64, 48, 1), "image/png"), "the original, byte for byte");
        let thumb = catalog.blobs().get(&BlobKey::new(thumb1.clone()).expect("key")).await.expect("get").expect("the thumbnail");
        assert_eq!(thumb.content_type, "image/jpeg");
        assert_eq!(catalog.product(&admin, &p.id).await.expect("read"), first);
        assert_eq!(catalog::photo_content_type(&photo1), "image/png");

        let second = catalog.set_photo(&admin, &p.id, png(800, 600, 2)).await.expect("second photo");
        let (photo2, thumb2) = (second.photo_key.clone().expect("photo key"), second.thumb_key.clone().expect("thumb key"));
        assert!(photo2 != photo1 && thumb2 != thumb1);
        assert!(blob_exists(&catalog, &photo2).await && blob_exists(&catalog, &thumb2).await);
        assert!(!blob_exists(&catalog, &photo1).await && !blob_exists(&catalog, &thumb1).await, "the old files are deleted");
        assert_eq!(files_under(&catalog.dir).len(), 4, "two files and their content types");

        // Refused uploads change nothing.
        let random: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
        let unsupported = media::PhotoError::UnsupportedFormat.to_string();
        assert_eq!(invalid(catalog.set_photo(&admin, &p.id, random).await), fields(&[("photo", unsupported.as_str())]));
        let huge = vec![0u8; PHOTO_MAX_BYTES + 1];
        match catalog.set_photo(&admin, &p.id, huge).await {
            Err(CatalogError::TooLarge { limit }) => assert_eq!(limit, 5 * 1024 * 1024),
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert_eq!(catalog.product(&admin, &p.id).await.expect("read"), second);
        assert_eq!(files_under(&catalog.dir).len(), 4, "no file added");

        let removed = catalog.remove_photo(&admin, &p.id).await.expect("remove");
        assert_eq!((removed.photo_key.as_deref(), removed.thumb_key.as_deref()), (None, None));
        assert!(!blob_exists(&catalog, &photo2).await && !blob_exists(&catalog, &thumb2).await);
        assert!(files_under(&catalog.dir).is_empty(), "{:?}", files_under(&catalog.dir));

        // Deleting a product deletes its photo too.
        let with_photo = catalog.set_photo(&admin, &p.id, png(10, 10, 5)).await.expect("photo again");
        assert_eq!(catalog.delete_product(&admin, &p.id).await.expect("delete"), domain::Removal::Deleted);
        assert!(!blob_exists(&catalog, with_photo.photo_key.as_deref().expect("key")).await);
        assert!(files_under(&catalog.dir).is_empty());
        assert_not_found("a deleted product", catalog.product(&admin, &p.id).await);
    }

    async fn a_price_window_already_over_adds_nothing(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "past-window").await;
        let (today, yesterday) = (today(), yesterday());
        let p = catalog.create_product(&admin, &film("PAST-1"), Some(&price("45", "15"))).await.expect("product");
        // A hand-edited file, or an export imported after its price window ended.
        let text = format!(
            "sku,name_es,type,unit,verticals,material_price,installation_price,price_valid_from,price_valid_until\n\
             PAST-1,Lámina PAST-1,solar_control,m2,residential,10,5,2020-01-01,2020-01-31\n\
             PAST-2,Nueva,vinyl,m2,residential,10,5,{yesterday},{yesterday}\n\
             PAST-3,Otra,vinyl,m2,residential,11,6,{yesterday},{today}\n"
        );
        let preview = catalog.preview_import(&admin, &text).await.expect("preview");
        assert!(preview.errors.is_empty(), "{:?}", preview.errors);
        let summary: Vec<(&str, ImportAction, Option<&str>)> =
            preview.rows.iter().map(|r| (r.sku.as_str(), r.action, r.new_price.as_deref())).collect();
        let clamped = format!("11 + 6 · {today} – {today}");
        assert_eq!(
            summary,
            vec![
                ("PAST-1", ImportAction::Unchanged, None),
                ("PAST-2", ImportAction::Create, None),
                ("PAST-3", ImportAction::Create, Some(clamped.as_str())),
            ],
            "the past stays as it was: a window already over adds no price, one still open starts today"
        );
        assert_eq!(catalog.apply_import(&admin, &text).await.expect("apply"), ImportCounts { created: 2, updated: 0, prices: 1 });
        assert_eq!(catalog.price_history(&admin, &p.id).await.expect("history").len(), 1);
        assert_eq!(by_sku(&catalog, &admin, "PAST-2").await.price, None);
        let past3 = by_sku(&catalog, &admin, "PAST-3").await.price.expect("priced today");
        assert_eq!((past3.valid_from.as_str(), past3.valid_until.as_deref()), (today.as_str(), Some(today.as_str())));
    }

    async fn categories_and_list_filters(db) {
        let catalog = Fixture::new(&db);
        let admin = admin_of(&db, "filters").await;
        let sales = sales_of(&db, &admin).await;
        let codes: Vec<String> = catalog.categories(&admin).await.expect("categories").into_iter().map(|c| c.code).collect();
        assert_eq!(codes, ["security", "solar", "decorative", "privacy"]);

        let tint = catalog.create_category(&admin, " Auto-Tint ", "Polarizado", "").await.expect("a new category");
        assert_eq!((tint.code.as_str(), tint.name_es.as_str(), tint.name_en.as_str(), tint.sort_order), ("auto-tint", "Polarizado", "Polarizado", 5));
        assert_eq!(invalid(catalog.create_category(&admin, "auto-tint", "Otro", "Other").await), fields(&[("code", messages::TAKEN)]));
        assert_eq!(
            invalid(catalog.create_category(&admin, "no spaces!", " ", "").await),
            fields(&[("code", pm::CODE), ("name_es", messages::REQUIRED)])
        );
        assert_eq!(catalog.categories(&sales).await.expect("categories").last(), Some(&tint));

        let auto = ProductInput { verticals: vec!["automotive".into()], name_en: "Smoke tint".into(), ..in_category(film("TINT-05"), &tint.id) };
        catalog.create_product(&admin, &auto, Some(&price("9", "4"))).await.expect("tint");
        catalog.create_product(&admin, &film("SOL-1"), Some(&price("30", "10"))).await.expect("solar");
        catalog.create_product(&admin, &ProductInput { active: false, ..film("SOL-OLD") }, None).await.expect("retired");
        let skus = |products: Vec<Product>| products.into_iter().map(|p| p.sku).collect::<Vec<_>>();
        let list = |filter: ProductFilter| {
            let (catalog, sales) = (&catalog, &sales);
            async move { skus(catalog.products(sales, &filter).await.expect("list")) }
        };
        assert_eq!(list(ProductFilter::default()).await, ["SOL-1", "TINT-05"], "retired films hidden");
        assert_eq!(list(all()).await, ["SOL-1", "SOL-OLD", "TINT-05"]);
        assert_eq!(list(ProductFilter { q: " smoke ".into(), ..ProductFilter::default() }).await, ["TINT-05"], "English names are searched");
        assert_eq!(list(ProductFilter { q: "sol".into(), include_inactive: true, ..ProductFilter::default() }).await, ["SOL-1", "SOL-OLD"]);
        assert_eq!(list(ProductFilter { category_id: tint.id.clone(), ..ProductFilter::default() }).await, ["TINT-05"]);
        assert_eq!(list(ProductFilter { vertical: Some(Vertical::Residential), ..ProductFilter::default() }).await, ["SOL-1"]);
        assert_eq!(catalog.change_prices_by_percent(&admin, &tint.id, "50", "").await.expect("+50 % on the new category"), 1);
    }
}

// ---------------------------------------------------------------------------
// What the organisation sells for cars
// ---------------------------------------------------------------------------

test_both_backends! {
    async fn admins_keep_the_glass_sizes_packages_and_tint_minimum(db) {
        use domain::{BodyType, GlassPosition, GlassTemplate, Package, automotive_messages as am};
        let fx = Fixture::new(&db);
        let catalog = &fx.catalog;
        let admin = admin_of(&db, "auto-admin").await;
        let sales = sales_of(&db, &admin).await;
        let other = admin_of(&db, "auto-other").await;
        let rear = |width: &str, height: &str| GlassTemplate {
            body: BodyType::Suv,
            position: GlassPosition::RearWindshield,
            width_m: width.parse().expect("decimal"),
            height_m: height.parse().expect("decimal"),
        };
        let default_area = catalog.automotive_settings(&admin).await.expect("settings").catalog
            .template(BodyType::Suv, GlassPosition::RearWindshield).expect("a default size").area_m2();

        // Sales read and may not write.
        assert_forbidden("sales sets a size", catalog.set_glass_template(&sales, &rear("1.2", "0.6")).await);
        assert_forbidden("sales sets the minimum", catalog.set_min_front_vlt(&sales, "35").await);
        assert_forbidden("sales saves a package", catalog.save_package(&sales, &Package {
            code: "x".into(), name_es: "X".into(), name_en: String::new(), positions: vec![GlassPosition::Windshield] }).await);

        // Bad sizes and glass the body lacks are named by field; nothing is kept.
        assert_eq!(invalid(catalog.set_glass_template(&admin, &rear("0", "5")).await),
            fields(&[("width_m", "must be above 0 and at most 4 m"), ("height_m", "must be above 0 and at most 4 m")]));
        assert_eq!(invalid(catalog.set_glass_template(&admin, &rear("1.2345", "0.6")).await),
            fields(&[("width_m", "has more than 3 decimals (millimetres)")]));
        let coupe_rear_door = GlassTemplate { body: BodyType::Coupe, position: GlassPosition::RearLeft, ..rear("0.5", "0.4") };
        assert_eq!(invalid(catalog.set_glass_template(&admin, &coupe_rear_door).await), fields(&[("position", am::NOT_ON_BODY)]));
        assert_eq!(invalid(catalog.set_min_front_vlt(&admin, "120").await), fields(&[("min_front_vlt", am::VLT_RANGE)]));
        assert_eq!(invalid(catalog.set_min_front_vlt(&admin, "treinta").await), fields(&[("min_front_vlt", am::VLT_RANGE)]));
        assert!(catalog.automotive_settings(&admin).await.expect("settings").overrides.templates.is_empty());

        // An admin's size, minimum and package are what is quoted, for this organisation only.
        catalog.set_glass_template(&admin, &rear("1.25", "0.62")).await.expect("own size");
        assert_eq!(catalog.set_min_front_vlt(&admin, " 35 % ").await.expect("minimum"), Some(35));
        catalog.save_package(&admin, &Package { code: "windshield_only".into(), name_es: "Solo parabrisas".into(),
            name_en: "Windshield only".into(), positions: vec![GlassPosition::Windshield] }).await.expect("package");
        let mine = catalog.automotive_settings(&sales).await.expect("sales read");
        assert_eq!(mine.catalog.template(BodyType::Suv, GlassPosition::RearWindshield).map(GlassTemplate::area_m2),
            Some("0.775".parse().expect("decimal")));
        assert_eq!(mine.catalog.min_front_vlt, Some(35));
        assert!(mine.catalog.package("windshield_only").is_some());
        let theirs = catalog.automotive_settings(&other).await.expect("other organisation");
        assert_eq!(theirs.catalog.template(BodyType::Suv, GlassPosition::RearWindshield).map(GlassTemplate::area_m2), Some(default_area));
        assert_eq!((theirs.catalog.min_front_vlt, theirs.catalog.package("windshield_only")), (None, None));
        assert_not_found("another organisation resets a size it never set",
            catalog.reset_glass_template(&other, BodyType::Suv, GlassPosition::RearWindshield).await);
        assert_not_found("another organisation deletes a package it lacks", catalog.delete_package(&other, "windshield_only").await);

        // Reset and delete bring the defaults back; an empty minimum clears it.
        catalog.reset_glass_template(&admin, BodyType::Suv, GlassPosition::RearWindshield).await.expect("reset");
        catalog.delete_package(&admin, "windshield_only").await.expect("delete");
        assert_eq!(catalog.set_min_front_vlt(&admin, "").await.expect("cleared"), None);
        let back = catalog.automotive_settings(&admin).await.expect("settings");
        assert_eq!(back.catalog.template(BodyType::Suv, GlassPosition::RearWindshield).map(GlassTemplate::area_m2), Some(default_area));
        assert_eq!((back.catalog.min_front_vlt, back.catalog.package("windshield_only")), (None, None));
    }
}
