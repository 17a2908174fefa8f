//! An organisation's public pages carry its brand, not Cotiza's: its name
//! and contact, no link to Cotiza's landing or to the demo organisation; a
//! shared quote link shows a card (Open Graph) with the typed names escaped.
use reqwest::StatusCode;
use serde_json::json;

use crate::app_test;
use crate::quotes::form;
use crate::test_app::TestApp;

/// Signs up organisation `slug` named `name` with one film (`SOL-50`), its
/// phone and e-mail set; the admin's session.
pub async fn branded_org(app: &TestApp, slug: &str, name: &str) -> String {
    let admin = app.sign_up_named(slug, name).await;
    let contact = format!("ventas@{slug}.test");
    let settings = [
        ("name", name),
        ("country", "CL"),
        ("currency", "CLP"),
        ("tax_rate", "19"),
        ("language", "es"),
        ("phone", "+56 9 8765 4321"),
        ("contact_email", contact.as_str()),
    ];
    let saved = app.call(Some(&admin), "update_settings", &settings).await;
    assert!(saved.status.is_success(), "settings of {slug}: {saved:?}");
    let film = json!({"sku": "SOL-50", "name_es": "Control solar 50", "type": "solar_control", "unit": "m2",
        "verticals": ["residential", "commercial", "automotive"], "price": {"material_price": "80", "installation_price": "20"}});
    let (status, product) = app.rest("POST", Some(&admin), "/api/v1/products", Some(film)).await;
    assert_eq!(status, StatusCode::CREATED, "{product}");
    admin
}

/// Submits the public wizard of `slug` (no JS) for a customer named `customer`; the quote's public path.
pub async fn wizard_quote(app: &TestApp, slug: &str, customer: &str) -> String {
    let mut wizard = form(1);
    wizard.contact.name = customer.to_owned();
    wizard.contact.language = "es".into();
    let mut pairs = wizard.to_pairs(true);
    pairs.extend([("lang".to_owned(), "es".to_owned()), ("op".to_owned(), "submit".to_owned())]);
    let submitted = app
        .client
        .post(app.url(&format!("/q/{slug}/submit")))
        .header("sec-fetch-site", "same-origin")
        .form(&pairs)
        .send()
        .await
        .expect("submit");
    let location = submitted.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    assert!(location.starts_with("/p/"), "{:?} → {location:?}", submitted.status());
    // Without the `?lang=` of the redirect.
    location.split('?').next().unwrap_or_default().to_owned()
}

/// The public pages of `slug` and the quote at `quote_path`.
pub fn public_paths(slug: &str, quote_path: &str) -> [String; 4] {
    [format!("/q/{slug}"), format!("/q/{slug}/auto"), format!("/q/{slug}/catalogo"), quote_path.to_owned()]
}

/// The `content` of the `<meta>` whose `key` attribute (`property="og:title"`) is given, in the head.
fn meta<'a>(html: &'a str, key: &str) -> &'a str {
    let head = &html[..html.find("</head>").expect("a head")];
    let at = head.find(&format!(r#"{key} content=""#)).or_else(|| head.find(&format!(r#"{key}" content=""#)));
    let at = at.unwrap_or_else(|| panic!("no {key} in the head: {head}"));
    let start = at + head[at..].find("content=\"").expect("content") + "content=\"".len();
    &head[start..start + head[start..].find('"').expect("closed")]
}

app_test! {
    async fn public_pages_show_the_organisation_and_never_cotiza_or_the_demo(app) {
        branded_org(&app, "laminas-sur", "Láminas Sur").await;
        let quote = wizard_quote(&app, "laminas-sur", "Bruno Díaz").await;
        for path in public_paths("laminas-sur", &quote) {
            let (status, html) = app.get_text(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let bar = &html[html.find(r#"data-testid="org-name""#).unwrap_or_else(|| panic!("{path}: the organisation's bar"))..];
            assert!(bar[..bar.find("</span>").expect("closed")].ends_with(">Láminas Sur"), "{path}: the organisation's name in the bar");
            assert!(html.contains("https://wa.me/56987654321"), "{path}: WhatsApp from the organisation's phone");
            assert!(html.contains("mailto:ventas@laminas-sur.test"), "{path}: the organisation's e-mail");
            assert!(html.contains("tel:+56987654321"), "{path}: the organisation's phone");
            assert!(!html.contains(r#"href="/""#) && !html.contains(r#"href="/?"#), "{path}: no link to Cotiza's landing");
            assert!(!html.contains("/q/demo"), "{path}: no link to the demo organisation");
            assert!(!html.contains(">Cotiza</a>"), "{path}: Cotiza's name is no link");
        }
        // Cotiza's own pages keep Cotiza's frame; a missing organisation too.
        let (_, html) = app.get_text("/login").await;
        assert!(html.contains(r#"href="/""#), "Cotiza's log-in page links home");
        let (status, html) = app.get_text("/q/nobody").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(!html.contains("org-name"), "no organisation's frame for a missing one");
    }

    async fn the_landing_is_cotiza_for_installers(app) {
        let (status, html) = app.get_text("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Cotizaciones exactas para tu negocio de láminas"), "{html}");
        assert!(html.contains(r#"href="/signup?lang=es""#) && html.contains(r#"href="/login?lang=es""#), "sign up and log in");
        assert!(html.contains(r#"href="/q/demo?lang=es""#), "an example wizard");
        let (_, html) = app.get_text("/?lang=en").await;
        assert!(html.contains("Exact quotes for your window-film business") && html.contains(r#"lang="en""#));
        assert!(html.contains("See an example quote wizard"));
    }

    async fn a_shared_quote_link_shows_a_card_with_typed_names_escaped(app) {
        let payload = r#"Sur"><script>alert(1)</script></title><meta http-equiv="refresh" content="0">"#;
        let escaped = "Sur&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0&quot;&gt;";
        let admin = branded_org(&app, "vista", payload).await;
        let quote = wizard_quote(&app, "vista", payload).await;
        let (status, list) = app.rest("GET", Some(&admin), "/api/v1/quotations", None).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let number = list["quotations"][0]["number"].as_str().expect("a number").to_owned();

        let (status, html) = app.get_text(&quote).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!html.contains("<script>alert"), "no script from a typed name anywhere");
        let head = &html[..html.find("</head>").expect("a head")];
        assert_eq!(head.matches("<title>").count(), 1, "one title: {head}");
        assert!(!head.contains(r#"<meta http-equiv="refresh""#), "no tag from a typed name: {head}");
        assert_eq!(meta(&html, r#"property="og:title""#), format!("Cotización N° {number} · {escaped}"));
        let description = meta(&html, r#"property="og:description""#);
        assert!(description.starts_with("Total ") && description.contains(" · Válida hasta el "), "{description}");
        assert_eq!(meta(&html, r#"property="og:url""#), app.url(&quote), "absolute, from the configured origin");
        assert_eq!(meta(&html, r#"property="og:image""#), app.url("/quote-preview.jpg"), "the default card without a logo");
        assert_eq!(meta(&html, r#"name="twitter:card""#), "summary_large_image");
    }
}
