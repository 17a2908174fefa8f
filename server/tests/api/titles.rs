//! Page titles hold text people typed — a customer's name from the public
//! wizard, an organisation's, a product's, a vehicle's make and model — and
//! it stays text: a name that closes `<title>` and opens a
//! `<meta http-equiv="refresh">` must not redirect the staff member (or the
//! customer) who opens the page.
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::app_test;
use crate::quotes::form;
use crate::public_brand::branded_org;
use crate::test_app::TestApp;

/// A name that would end the title and redirect the page if written as it is.
const PAYLOAD: &str = r#"Ana</title><meta http-equiv="refresh" content="0;url=//evil.example/x">"#;
/// How [`PAYLOAD`] must read inside `<title>`: the browser shows it as typed.
const ESCAPED: &str = r#"Ana&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=//evil.example/x"&gt;"#;

/// GETs a page with the session (if any); its status and HTML.
async fn page(app: &TestApp, cookie: Option<&str>, path: &str) -> (StatusCode, String) {
    let mut request = app.client.get(app.url(path));
    if let Some(token) = cookie {
        request = request.header("cookie", format!("cotiza_session={token}"));
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.text().await.unwrap_or_default())
}

/// The page's `<title>`, after checking its `<head>` holds exactly one and no
/// tag the title's text could have added.
fn title_of<'a>(path: &str, html: &'a str) -> &'a str {
    let head = &html[..html.find("</head>").unwrap_or_else(|| panic!("{path}: no </head>"))];
    assert!(!head.to_ascii_lowercase().contains("<meta http-equiv"), "{path}: a tag from the title's text in the head: {head}");
    assert_eq!(head.matches("<title>").count(), 1, "{path}: one title: {head}");
    let start = head.find("<title>").expect("a title") + "<title>".len();
    let end = start + head[start..].find("</title>").unwrap_or_else(|| panic!("{path}: the title is closed in the head"));
    &head[start..end]
}

/// Asserts the title of `path`, read with `cookie`.
async fn assert_title(app: &TestApp, cookie: Option<&str>, path: &str, expected: &str) {
    let (status, html) = page(app, cookie, path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    assert_eq!(title_of(path, &html), expected, "{path}");
}


fn id(value: &Value) -> &str {
    value["id"].as_str().unwrap_or_else(|| panic!("an id in {value}"))
}

app_test! {
    async fn names_from_the_public_wizard_and_the_organisation_are_text_in_titles(app) {
        let admin = branded_org(&app, "titulos", PAYLOAD).await;
        for (path, expected) in [
            // An organisation's public pages name it, never Cotiza.
            ("/q/titulos?lang=es", format!("Cotiza tus láminas · {ESCAPED}")),
            ("/q/titulos/auto?lang=es", format!("Polarizado de tu vehículo · {ESCAPED}")),
            ("/q/titulos/catalogo?lang=es", ESCAPED.to_owned()),
        ] {
            assert_title(&app, None, path, &expected).await;
        }

        // Anyone may send this name through the wizard, without signing in.
        let mut wizard = form(1);
        wizard.contact.name = PAYLOAD.to_owned();
        let mut pairs = wizard.to_pairs(true);
        pairs.extend([("lang".to_owned(), "es".to_owned()), ("op".to_owned(), "submit".to_owned())]);
        let submitted = app.client.post(app.url("/q/titulos/submit")).header("sec-fetch-site", "same-origin").form(&pairs).send().await.expect("submit");
        let location = submitted.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
        assert!(location.starts_with("/p/"), "{:?} → {location:?}", submitted.status());
        let public = location.split('?').next().unwrap_or_default();

        let (status, list) = app.rest("GET", Some(&admin), "/api/v1/quotations", None).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let quote = &list["quotations"][0];
        assert_eq!(quote["customer_name"], PAYLOAD, "kept as typed: {list}");
        let number = quote["number"].as_str().expect("a number");
        assert_title(&app, None, public, &format!("Cotización {number} · {ESCAPED}")).await;
        let customer = quote["customer_id"].as_str().expect("a customer");
        assert_title(&app, Some(&admin), &format!("/app/quotes/{}", id(quote)), &format!("{number} · {ESCAPED} · Cotiza")).await;
        assert_title(&app, Some(&admin), &format!("/app/customers/{customer}"), &format!("{ESCAPED} · Cotiza")).await;
        // A title without typed text is untouched.
        assert_title(&app, Some(&admin), "/app/quotes", "Cotizaciones · Cotiza").await;
    }

    async fn product_and_vehicle_names_are_text_in_titles(app) {
        let admin = branded_org(&app, "titulos-auto", "Láminas & Co <Sur>").await;
        assert_title(&app, None, "/q/titulos-auto/catalogo", "Láminas &amp; Co &lt;Sur&gt;").await;

        let product = json!({"sku": "SOL-70", "name_es": PAYLOAD, "name_en": PAYLOAD, "type": "solar_control", "unit": "m2",
            "verticals": ["residential"], "price": {"material_price": "90", "installation_price": "20"}});
        let (status, product) = app.rest("POST", Some(&admin), "/api/v1/products", Some(product)).await;
        assert_eq!(status, StatusCode::CREATED, "{product}");
        assert_title(&app, Some(&admin), &format!("/app/catalog/{}", id(&product)), &format!("{ESCAPED} · Cotiza")).await;

        // Each half within the 60 characters of a make or a model; the label joins them.
        let (make, model) = PAYLOAD.split_at(PAYLOAD.find(" content").expect("two halves"));
        let vehicle = json!({"make": make, "model": model.trim_start(), "year": 2020, "bodyType": "sedan"});
        let (status, vehicle) = app.rest("POST", Some(&admin), "/api/v1/vehicles", Some(vehicle)).await;
        assert_eq!(status, StatusCode::CREATED, "{vehicle}");
        assert_title(&app, Some(&admin), &format!("/app/vehicles/{}", id(&vehicle)), &format!("{ESCAPED} 2020 · Cotiza")).await;
    }
}
