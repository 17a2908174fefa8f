//! A failed form post without JavaScript comes back to the form's error
//! summary: the redirect's URL ends in `#error-summary`, and the page lists
//! each field in error with a link to it.
use reqwest::StatusCode;

use crate::app_test;
use crate::test_app::TestApp;

/// Where a redirect sends the browser, as a path of this server.
fn location(app: &TestApp, response: &reqwest::Response) -> String {
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default();
    location.strip_prefix(&app.url("")).unwrap_or(location).to_owned()
}

app_test! {
    async fn a_refused_sign_up_without_js_opens_at_its_error_summary(app) {
        let response = app
            .client
            .post(app.url("/api/sign_up"))
            .header("accept", "text/html")
            .header("origin", app.url(""))
            .header("referer", app.url("/signup"))
            .form(&[
                ("org_name", "Láminas Resumen"), ("slug", "No Vale"), ("country", "CL"), ("currency", "CLP"), ("tax_rate", "19"),
                ("language", "es"), ("name", "Ana"), ("email", "ana@resumen.test"), ("password", "corta"),
                ("password_confirmation", "corta"), ("phone", "+56 9 1234 5678"),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(response.status(), StatusCode::FOUND);
        let back = location(&app, &response);
        assert!(back.starts_with("/signup?") && back.contains("__err=") && back.ends_with("#error-summary"), "{back}");

        let (status, html) = app.get_text(back.trim_end_matches("#error-summary")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"id="error-summary""#) && html.contains("Revisa estos datos"), "the summary is on the page");
        assert!(html.contains(r##"href="#f-slug""##) && html.contains("Dirección pública: usa de 3 a 40 minúsculas"), "a link to the slug");
        assert!(html.contains(r##"href="#f-password""##), "a link to the password");
        assert!(html.contains(r#"id="f-slug""#) && html.contains(r#"id="f-slug-error""#), "the link's field, with its message beside it");
    }

    async fn a_refused_wizard_submit_without_js_opens_at_its_error_summary(app) {
        let pairs = [
            ("step", "contact"), ("vertical", "residential"), ("units", "m"), ("rooms[0].name", "Living"), ("rooms[0].floor", "1"),
            ("rooms[0].openings[0].kind", "window"), ("rooms[0].openings[0].width", "1,2"), ("rooms[0].openings[0].height", "1,5"),
            ("rooms[0].openings[0].quantity", "1"), ("rooms[0].openings[0].sku", "SOL-CERAMIC-70"),
            ("contact.name", "Ana"), ("contact.phone", "98765432"), ("contact.address", "Calle 1"), ("contact.commune", "Ñuñoa"),
        ];
        let response = app.client.post(app.url("/q/demo/submit")).header("sec-fetch-site", "same-origin").form(&pairs).send().await.expect("submit");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let back = location(&app, &response);
        assert!(back.starts_with("/q/demo?") && back.ends_with("#error-summary"), "{back}");
        let (_, html) = app.get_text(back.trim_end_matches("#error-summary")).await;
        assert!(html.contains(r#"id="error-summary""#), "the summary is on the page");
        assert!(html.contains(r##"href="#contact-phone""##) && html.contains("Teléfono / WhatsApp: usa el formato internacional"), "{html}");
    }
}
