//! A new installer over HTTP: sign-up with the business phone, an address
//! made from the name, the starter catalog, and the public wizards of an
//! organisation without films (no dead end: WhatsApp, phone, email).
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::test_app::{PASSWORD, TestApp};

/// The sign-up form of "Láminas Sur SpA" with `slug` (may be empty) and `extra` fields.
async fn sign_up(app: &TestApp, slug: &str, email: &str, extra: &[(&str, &str)]) -> crate::test_app::Called {
    let mut form = vec![
        ("org_name", "Láminas Sur SpA"), ("slug", slug), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"),
        ("language", "es"), ("name", "Ana"), ("email", email), ("password", PASSWORD), ("password_confirmation", PASSWORD),
    ];
    form.extend_from_slice(extra);
    app.call(None, "sign_up", &form).await
}

fn fields(called: &crate::test_app::Called) -> &Value {
    &called.json["Invalid"]["fields"]
}

app_test! {
    async fn sign_up_saves_the_phone_and_contact_email_and_loads_the_starter_catalog_in_pesos(app) {
        let called = sign_up(&app, "sur", "ana@sur.test", &[("phone", "9 1234 5678"), ("contact_email", "ventas@sur.test"), ("starter_catalog", "on")]).await;
        assert!(called.session().is_some(), "{called:?}");
        let org = app.db.org_by_slug("sur").await.expect("lookup").expect("org");
        assert_eq!((org.phone.as_str(), org.contact_email.as_str()), ("+56 9 1234 5678", "ventas@sur.test"));
        let products = app.db.products(&org.id, &store::today(), true).await.expect("products");
        assert_eq!(products.len(), store::starter_film_count());
        for p in &products {
            let price = p.price.as_ref().expect("priced today");
            assert!(price.material_price.fract().is_zero() && price.material_price > rust_decimal::Decimal::ZERO, "{}: whole pesos", p.sku);
        }
        let (_, html) = app.get_text("/q/sur").await;
        assert!(!html.contains("quotes-being-set-up"), "films to quote with: the wizard");
    }

    async fn a_missing_or_bad_phone_is_422_at_phone_and_creates_nothing(app) {
        for extra in [&[][..], &[("phone", "12-34")][..]] {
            let called = sign_up(&app, "sur", "ana@sur.test", extra).await;
            assert_eq!(called.status, StatusCode::UNPROCESSABLE_ENTITY, "{called:?}");
            assert!(fields(&called)["phone"].is_string(), "{called:?}");
            assert!(called.session().is_none());
        }
        assert!(app.db.org_by_slug("sur").await.expect("lookup").is_none(), "nothing created");
    }

    async fn an_empty_address_is_made_from_the_name_and_a_taken_one_comes_back_free(app) {
        let first = sign_up(&app, "", "ana@sur.test", &[("phone", "+56 9 1234 5678")]).await;
        let me = app.call(first.session().as_deref(), "me", &[]).await;
        assert_eq!(me.json["org_slug"], "laminas-sur-spa");
        let second = sign_up(&app, "", "eva@sur.test", &[("phone", "+56 9 1234 5678")]).await;
        assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(fields(&second)["slug"], "is already taken; try laminas-sur-spa-2");
        assert_eq!(second.json["Invalid"]["kept"]["slug"], "laminas-sur-spa-2", "the form comes back with the free one");
    }

    async fn the_wizards_of_an_organisation_without_films_offer_whatsapp_phone_and_email(app) {
        let called = sign_up(&app, "sur", "ana@sur.test", &[("phone", "+56 9 1234 5678"), ("contact_email", "hola@sur.test")]).await;
        let admin = called.session().expect("signed up");
        for path in ["/q/sur", "/q/sur/auto"] {
            let (status, html) = app.get_text(path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let notice = notice(&html).unwrap_or_else(|| panic!("{path}: the notice in {html}"));
            assert!(notice.contains("Estamos preparando las cotizaciones en línea"), "{path}: {notice}");
            assert!(notice.contains(r#"href="https://wa.me/56912345678""#), "{path}: {notice}");
            assert!(notice.contains(r#"href="tel:+56912345678""#), "{path}: {notice}");
            assert!(notice.contains(r#"href="mailto:hola@sur.test""#), "{path}: {notice}");
        }
        // A film for homes only: the car wizard and an office still say so; a home is quoted.
        let film = json!({"sku": "SOL-50", "name_es": "Control solar 50", "type": "solar_control", "unit": "m2",
            "verticals": ["residential"], "price": {"material_price": "80000", "installation_price": "20000"}});
        let (status, product) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film)).await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        let (_, html) = app.get_text("/q/sur").await;
        assert!(notice(&html).is_none(), "the wizard starts");
        let (_, html) = app.get_text("/q/sur/auto").await;
        assert!(notice(&html).is_some(), "no car film yet");
        let (_, html) = app.get_text("/q/sur?lang=es&step=vertical&op=vertical&vertical=commercial").await;
        assert!(notice(&html).is_some_and(|n| n.contains("wa.me/56912345678")), "an office: no film yet");
        let (_, html) = app.get_text("/q/sur?lang=es&step=vertical&op=vertical&vertical=residential").await;
        assert!(notice(&html).is_none() && html.contains("SOL-50"), "a home: the rooms step with the film");
    }
}

/// The being-set-up notice of a page, if it has one.
fn notice(html: &str) -> Option<&str> {
    let start = html.find(r#"data-testid="quotes-being-set-up""#)?;
    let end = html[start..].find("</section>").map_or(html.len(), |e| start + e);
    Some(&html[start..end])
}
