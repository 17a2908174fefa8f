//! Sign-up of a new installer: the business phone and contact email, the
//! address made from the company name, and the starter catalog priced in
//! the organisation's currency; each test against SQLite and PostgreSQL.
use accounts::{Accounts, AccountsError, Policy, SignUpForm};
use rust_decimal::Decimal;
use store::{Client, Db, Organization, test_both_backends};

const PASSWORD: &str = "vidrio-seguro-2026";

fn client() -> Client<'static> {
    Client { ip: Some("10.9.0.1"), user_agent: Some("tests") }
}

fn accounts(db: &Db) -> Accounts {
    Accounts::new(db.clone(), Policy::default())
}

fn form(org_name: &str, slug: &str, email: &str) -> SignUpForm {
    SignUpForm {
        org_name: org_name.into(),
        slug: slug.into(),
        country: "CL".into(),
        currency: "CLP".into(),
        tax_rate: "19".into(),
        language: "es".into(),
        name: "Ana Pérez".into(),
        email: email.into(),
        password: PASSWORD.into(),
        password_confirmation: PASSWORD.into(),
        phone: "9 1234 5678".into(),
        contact_email: String::new(),
        starter_catalog: false,
    }
}

fn fields(err: AccountsError) -> Vec<(String, String)> {
    match err {
        AccountsError::Invalid(f) => f.0.into_iter().collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// Every active product of `org` priced today: (sku, material, installation).
async fn priced(db: &Db, org: &Organization) -> Vec<(String, Decimal, Decimal)> {
    db.products(&org.id, &store::today(), true)
        .await
        .expect("products")
        .into_iter()
        .map(|p| {
            let price = p.price.unwrap_or_else(|| panic!("{} has a price today", p.sku));
            (p.sku, price.material_price, price.installation_price)
        })
        .collect()
}

async fn audit_actions(db: &Db, org: &Organization) -> Vec<String> {
    db.audit_events(&org.id, 20, None).await.expect("audit").into_iter().map(|e| e.action).collect()
}

test_both_backends! {
    async fn sign_up_saves_the_business_phone_and_contact_email(db) {
        let accounts = accounts(&db);
        let (org, _, _) = accounts.sign_up(&form("Láminas Sur", "sur", "Ana@Sur.cl"), &client(), None).await.expect("sign up");
        assert_eq!(org.phone, "+56 9 1234 5678", "the country's calling code is added");
        assert_eq!(org.contact_email, "ana@sur.cl", "empty: the admin's email");
        let stored = db.org_by_slug("sur").await.expect("lookup").expect("org");
        assert_eq!((stored.phone.as_str(), stored.contact_email.as_str()), ("+56 9 1234 5678", "ana@sur.cl"));

        let other = SignUpForm { phone: "+52 55 1234 5678".into(), contact_email: " Ventas@Norte.MX ".into(), country: "MX".into(), ..form("Norte", "norte", "ana@norte.mx") };
        let (org, _, _) = accounts.sign_up(&other, &client(), None).await.expect("sign up");
        assert_eq!((org.phone.as_str(), org.contact_email.as_str()), ("+52 55 1234 5678", "ventas@norte.mx"));
    }

    async fn a_missing_or_bad_phone_is_a_field_error_and_creates_nothing(db) {
        let accounts = accounts(&db);
        for (phone, message) in [("", "is required"), ("12 34", domain::org_messages::PHONE), ("+56 9 1234 5678 anexo 2", domain::org_messages::PHONE)] {
            let err = accounts.sign_up(&SignUpForm { phone: phone.into(), ..form("Sur", "sur", "ana@sur.cl") }, &client(), None).await.expect_err(phone);
            assert_eq!(fields(err), [("phone".to_owned(), message.to_owned())], "{phone:?}");
        }
        let err = accounts.sign_up(&SignUpForm { contact_email: "ventas".into(), ..form("Sur", "sur", "ana@sur.cl") }, &client(), None).await.expect_err("bad email");
        assert_eq!(fields(err), [("contact_email".to_owned(), "must be an email address".to_owned())]);
        assert!(db.org_by_slug("sur").await.expect("lookup").is_none(), "nothing was created");
    }

    async fn an_empty_address_is_made_from_the_company_name_and_a_taken_one_suggests_a_free_variant(db) {
        let accounts = accounts(&db);
        let (org, _, _) = accounts.sign_up(&form("Láminas Sur SpA", " ", "a@sur.cl"), &client(), None).await.expect("sign up");
        assert_eq!(org.slug, "laminas-sur-spa");
        let err = accounts.sign_up(&form("Láminas Sur SpA", "", "b@sur.cl"), &client(), None).await.expect_err("taken");
        assert_eq!(fields(err), [("slug".to_owned(), "is already taken; try laminas-sur-spa-2".to_owned())]);
        accounts.sign_up(&form("Otra", "laminas-sur-spa-2", "c@sur.cl"), &client(), None).await.expect("the suggestion was free");
        let err = accounts.sign_up(&form("Láminas Sur SpA", "", "d@sur.cl"), &client(), None).await.expect_err("taken");
        assert_eq!(fields(err), [("slug".to_owned(), "is already taken; try laminas-sur-spa-3".to_owned())], "the next free one");
    }

    async fn the_starter_catalog_is_priced_in_the_organisations_currency(db) {
        let accounts = accounts(&db);
        let chile = SignUpForm { starter_catalog: true, ..form("Láminas Sur", "sur", "ana@sur.cl") };
        let (org, _, _) = accounts.sign_up(&chile, &client(), None).await.expect("sign up");
        let films = priced(&db, &org).await;
        assert_eq!(films.len(), store::starter_film_count());
        let step = Decimal::from(500);
        for (sku, material, installation) in &films {
            assert!(material.fract().is_zero() && (material % step).is_zero() && *material > Decimal::ZERO, "{sku}: {material} whole pesos, by 500");
            assert!((installation % step).is_zero() && *installation > Decimal::ZERO, "{sku}: {installation}");
        }
        let security = films.iter().find(|f| f.0 == "SEC-CLEAR-4MIL").expect("a security film");
        assert_eq!((security.1, security.2), (Decimal::from(43_000), Decimal::from(14_500)), "45 and 15 USD at 950 CLP");
        let categories: Vec<String> = db.categories(&org.id).await.expect("categories").into_iter().map(|c| c.code).collect();
        let products = db.products(&org.id, &store::today(), true).await.expect("products");
        for code in ["security", "solar", "decorative", "privacy"] {
            let id = db.categories(&org.id).await.expect("categories").into_iter().find(|c| c.code == code).expect(code).id;
            assert!(products.iter().any(|p| p.category_id.as_deref() == Some(id.as_str())), "{code} has films ({categories:?})");
        }
        assert!(products.iter().any(|p| p.verticals.contains(&domain::Vertical::Automotive)), "car tint films too");
        assert!(audit_actions(&db, &org).await.contains(&"catalog.starter_loaded".to_owned()));

        let usd = SignUpForm { starter_catalog: true, currency: "USD".into(), country: "PE".into(), ..form("Lima Films", "lima", "ana@lima.pe") };
        let (org, _, _) = accounts.sign_up(&usd, &client(), None).await.expect("sign up");
        let films = priced(&db, &org).await;
        let security = films.iter().find(|f| f.0 == "SEC-CLEAR-4MIL").expect("a security film");
        assert_eq!((security.1.to_string(), security.2.to_string()), ("45.00".to_owned(), "15.00".to_owned()));

        let (org, _, _) = accounts.sign_up(&form("Sin Catálogo", "vacia", "ana@vacia.cl"), &client(), None).await.expect("sign up");
        assert!(priced(&db, &org).await.is_empty(), "unchecked: no films");
        assert!(!audit_actions(&db, &org).await.contains(&"catalog.starter_loaded".to_owned()));
    }
}
