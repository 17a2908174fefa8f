//! The organisation's logo: admins only, checked like a photo, stored with
//! a small JPEG for PDFs, replaced and removed with its files, and never
//! another organisation's. Every test runs against SQLite and PostgreSQL.
use std::path::PathBuf;

use blob::{BlobKey, Blobs};
use catalog::{Catalog, CatalogError};
use domain::Currency;
use store::testing::{admin_in, sales_of};
use store::{Db, test_both_backends};

struct Fixture {
    catalog: Catalog,
    dir: PathBuf,
}

impl Fixture {
    fn new(db: &Db) -> Fixture {
        let dir = std::env::temp_dir().join(format!("cotiza-logo-test-{}", uuid::Uuid::new_v4().simple()));
        Fixture { catalog: Catalog::new(db.clone(), Blobs::local(&dir)), dir }
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A transparent-cornered PNG, `width`×`height`.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, if x < 4 { 0 } else { 255 }]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgba8(image).write_to(&mut out, image::ImageFormat::Png).expect("encode a PNG");
    out.into_inner()
}

async fn exists(catalog: &Catalog, key: &str) -> bool {
    catalog.blobs().exists(&BlobKey::new(key).expect("a valid key")).await.expect("exists")
}

test_both_backends! {
    async fn a_logo_is_stored_with_a_jpeg_replaced_and_removed(db) {
        let catalog = Fixture::new(&db);
        let catalog = &catalog.catalog;
        let admin = admin_in(&db, "logos", Currency::Clp).await;
        let org = catalog.set_logo(&admin, png(600, 200)).await.expect("a logo");
        let (logo, small) = (org.logo_key.clone().expect("logo key"), org.logo_jpeg_key.clone().expect("jpeg key"));
        let prefix = format!("orgs/{}/logo/", admin.organization_id);
        assert!(logo.starts_with(&prefix) && logo.ends_with(".png"), "{logo}");
        assert!(small.starts_with(&prefix) && small.ends_with("-small.jpg"), "{small}");
        let jpeg = catalog.blobs().get(&BlobKey::new(small.clone()).expect("key")).await.expect("get").expect("the JPEG");
        assert_eq!(&jpeg.bytes[..3], &[0xFF, 0xD8, 0xFF], "a JPEG for the PDF");
        assert_eq!(jpeg.content_type, "image/jpeg");
        assert_eq!(db.org(&admin.organization_id).await.expect("org").logo_key.as_deref(), Some(logo.as_str()));

        let again = catalog.set_logo(&admin, png(300, 300)).await.expect("a new logo");
        assert_ne!(again.logo_key.as_deref(), Some(logo.as_str()));
        assert!(!exists(catalog, &logo).await && !exists(catalog, &small).await, "the old files are deleted");

        let removed = catalog.remove_logo(&admin).await.expect("removed");
        assert_eq!((removed.logo_key, removed.logo_jpeg_key), (None, None));
        assert!(!exists(catalog, again.logo_key.as_deref().expect("key")).await, "its file is deleted");
        let events = db.audit_events(&admin.organization_id, 10, None).await.expect("audit");
        assert!(events.iter().any(|e| e.action == "org.logo_set") && events.iter().any(|e| e.action == "org.logo_removed"));
    }

    async fn only_admins_set_a_logo_and_only_an_image_of_their_own_organisation(db) {
        let catalog = Fixture::new(&db);
        let catalog = &catalog.catalog;
        let admin = admin_in(&db, "logo-a", Currency::Clp).await;
        let other = admin_in(&db, "logo-b", Currency::Clp).await;
        let sales = sales_of(&db, &admin).await;
        assert!(matches!(catalog.set_logo(&sales, png(10, 10)).await, Err(CatalogError::Forbidden)));
        assert!(matches!(catalog.remove_logo(&sales).await, Err(CatalogError::Forbidden)));
        match catalog.set_logo(&admin, b"GIF89a not a logo".to_vec()).await {
            Err(CatalogError::Invalid(fields)) => assert!(fields.0.contains_key("logo"), "{fields:?}"),
            other => panic!("a GIF is refused: {other:?}"),
        }
        assert!(matches!(catalog.set_logo(&admin, vec![0; catalog::LOGO_MAX_BYTES + 1]).await, Err(CatalogError::TooLarge { .. })));

        let a = catalog.set_logo(&admin, png(40, 40)).await.expect("a's logo");
        let b = db.org(&other.organization_id).await.expect("b");
        assert_eq!((b.logo_key, b.logo_jpeg_key), (None, None), "b has no logo of a's");
        catalog.remove_logo(&other).await.expect("b removes its own (none)");
        assert_eq!(db.org(&admin.organization_id).await.expect("a").logo_key, a.logo_key, "a's logo stays");
    }
}
