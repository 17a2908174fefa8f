//! The organisation's logo and colour on its public pages: uploaded from
//! the settings page's plain form, served at `/media/…`, shown in the
//! organisation's frame and link-preview card — and never on another
//! organisation's pages.
use reqwest::StatusCode;

use crate::app_test;
use crate::public_brand::{branded_org, public_paths, wizard_quote};
use crate::test_app::TestApp;

fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image).write_to(&mut out, image::ImageFormat::Png).expect("encode a PNG");
    out.into_inner()
}

/// Posts the settings page's logo form as the admin of `cookie`; where it sends the browser back.
async fn upload_logo(app: &TestApp, cookie: &str, bytes: Vec<u8>) -> String {
    let part = reqwest::multipart::Part::bytes(bytes).file_name("logo.png").mime_str("image/png").expect("mime");
    let response = app
        .client
        .post(app.url("/app/settings/logo"))
        .header("cookie", format!("cotiza_session={cookie}"))
        .header("sec-fetch-site", "same-origin")
        .multipart(reqwest::multipart::Form::new().part("logo", part))
        .send()
        .await
        .expect("upload");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    response.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The settings as the server function answers them.
async fn settings(app: &TestApp, cookie: &str) -> serde_json::Value {
    let called = app.call(Some(cookie), "settings", &[]).await;
    assert!(called.status.is_success(), "{called:?}");
    called.json
}

app_test! {
    async fn a_logo_and_colour_show_on_the_organisations_pages_only(app) {
        let a = branded_org(&app, "marca-a", "Marca A").await;
        let b = branded_org(&app, "marca-b", "Marca B").await;
        let colour = app.call(Some(&a), "update_settings", &[("name", "Marca A"), ("country", "CL"), ("currency", "CLP"),
            ("tax_rate", "19"), ("language", "es"), ("phone", "+56 9 8765 4321"), ("brand_color", "#FACC15")]).await;
        assert!(colour.status.is_success(), "{colour:?}");
        assert_eq!(upload_logo(&app, &a, png(300, 100)).await, "/app/settings?logo=1");
        let logo_url = settings(&app, &a).await["logo_url"].as_str().expect("a logo").to_owned();
        assert!(logo_url.starts_with("/media/orgs/") && logo_url.contains("/logo/") && logo_url.ends_with(".png"), "{logo_url}");
        let served = app.client.get(app.url(&logo_url)).send().await.expect("logo");
        assert_eq!(served.status(), StatusCode::OK);
        assert_eq!(served.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("image/png"));

        let quote_a = wizard_quote(&app, "marca-a", "Ana").await;
        for path in public_paths("marca-a", &quote_a) {
            let (status, html) = app.get_text(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            assert!(html.contains(&format!(r#"src="{logo_url}""#)), "{path}: A's logo");
            assert!(html.contains(r#"href="/brand/facc15.css""#), "{path}: A's colour");
        }
        // The colours are a stylesheet (the CSP refuses inline styles): yellow is light, dark text on it.
        let css = app.client.get(app.url("/brand/facc15.css")).send().await.expect("brand css");
        assert_eq!(css.status(), StatusCode::OK);
        assert_eq!(css.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("text/css; charset=utf-8"));
        assert_eq!(css.text().await.expect("css"), ".org-frame{--brand:#facc15;--brand-text:#0f172a}\n");
        let (status, _) = app.get_text("/brand/red;x.css").await;
        assert_eq!(status, StatusCode::NOT_FOUND, "only a colour names a stylesheet");
        let (_, html) = app.get_text(&quote_a).await;
        let head = &html[..html.find("</head>").expect("head")];
        assert!(head.contains(r#"<meta property="og:image" content="http://"#) && head.contains("/logo/") && head.contains(r#"-small.jpg""#),
            "the card shows A's logo as a JPEG: {head}");

        let quote_b = wizard_quote(&app, "marca-b", "Bea").await;
        for path in public_paths("marca-b", &quote_b) {
            let (_, html) = app.get_text(&path).await;
            assert!(!html.contains("/logo/") && !html.contains("#facc15"), "{path}: nothing of A's brand on B's pages");
            assert!(html.contains(r#"href="/brand/0f766e.css""#), "{path}: the default colour");
        }
        assert_eq!(settings(&app, &b).await["logo_url"], serde_json::Value::Null, "B has no logo");

        // The PDFs: A's with its logo embedded (a JPEG), B's without.
        let pdf = |path: String| {
            let client = app.client.clone();
            let url = app.url(&format!("{path}/pdf"));
            async move { client.get(url).send().await.expect("pdf").bytes().await.expect("bytes").to_vec() }
        };
        let has_image = |bytes: &[u8]| bytes.windows(b"/DCTDecode".len()).any(|w| w == b"/DCTDecode");
        assert!(has_image(&pdf(quote_a.clone()).await), "A's PDF carries its logo");
        assert!(!has_image(&pdf(quote_b.clone()).await), "B's PDF has no logo");

        // A refused image keeps the logo there was; removing it removes the file.
        assert_eq!(upload_logo(&app, &a, b"GIF89a not a logo".to_vec()).await, "/app/settings?logo_error=invalid");
        assert_eq!(settings(&app, &a).await["logo_url"].as_str(), Some(logo_url.as_str()));
        assert!(app.call(Some(&b), "remove_logo", &[]).await.status.is_success(), "B removes its own (none)");
        assert_eq!(settings(&app, &a).await["logo_url"].as_str(), Some(logo_url.as_str()), "A's logo stays");
        assert!(app.call(Some(&a), "remove_logo", &[]).await.status.is_success());
        assert_eq!(app.client.get(app.url(&logo_url)).send().await.expect("gone").status(), StatusCode::NOT_FOUND);
    }

    async fn only_admins_upload_a_logo(app) {
        let admin = branded_org(&app, "marca-c", "Marca C").await;
        let sales = app.invite_and_accept(&admin, "ventas@marca-c.test", "sales").await;
        assert_eq!(upload_logo(&app, &sales, png(10, 10)).await, "/app/settings?logo_error=forbidden");
        assert_eq!(app.call(Some(&sales), "remove_logo", &[]).await.status, StatusCode::FORBIDDEN);
        let anonymous = app.client.post(app.url("/app/settings/logo")).header("sec-fetch-site", "same-origin")
            .multipart(reqwest::multipart::Form::new().part("logo", reqwest::multipart::Part::bytes(png(10, 10))))
            .send().await.expect("upload");
        assert_eq!(anonymous.status(), StatusCode::SEE_OTHER, "to the log-in page");
        assert_eq!(settings(&app, &admin).await["logo_url"], serde_json::Value::Null);
    }
}
