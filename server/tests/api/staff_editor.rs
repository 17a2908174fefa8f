//! The staff editor's own fields over HTTP (issue 16): the no-JS save
//! carries extra lines, a manual discount, terms and internal notes; the
//! public page shows the terms and never the notes; the public wizard's
//! no-JS submit cannot carry any of them; sales are held to the limit.
use reqwest::StatusCode;
use serde_json::Value;

use crate::app_test;
use crate::quotes::{form, org_with_a_film, save};
use crate::test_app::TestApp;

/// POSTs the editor as a browser without JavaScript does; returns the status and Location.
async fn save_without_js(app: &TestApp, cookie: &str, extra: &[(&str, &str)]) -> (StatusCode, String) {
    let mut pairs = form(1).to_pairs(true);
    for (k, v) in [("quote_id", ""), ("version", "0"), ("lang", "es"), ("op", "submit")].iter().chain(extra) {
        pairs.push(((*k).to_owned(), (*v).to_owned()));
    }
    let response = app
        .client
        .post(app.url("/app/quotes/save"))
        .header("sec-fetch-site", "same-origin")
        .header("cookie", format!("cotiza_session={cookie}"))
        .form(&pairs)
        .send()
        .await
        .expect("request");
    let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
    (response.status(), location)
}

const STAFF_FIELDS: [(&str, &str); 5] = [
    ("extras[0].description", "Retiro de lámina antigua"),
    ("extras[0].amount", "25.000"),
    ("manual_discount", "1.000"),
    ("terms", "Pago contra entrega."),
    ("internal_notes", "SECRETO-INTERNO: cliente difícil"),
];

app_test! {
    async fn the_no_js_editor_saves_extras_and_the_public_page_shows_terms_not_notes(app) {
        let admin = org_with_a_film(&app, "extras").await;
        let (status, location) = save_without_js(&app, &admin, &STAFF_FIELDS).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let id = location.strip_prefix("/app/quotes/").expect("to the quote").to_owned();
        let page = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json;
        let doc = &page["quote"]["document"];
        // 120 × 150 cm of SOL-50 (80 + 20 per m², CLP): 2.07 m² → 166 + 41 = 207; + 25 000 = 25 207;
        // − 1 000 = 24 207; tax 19 % = 4 599.33 → 4 599; total 28 806.
        assert_eq!(doc["input"]["extras"][0]["description"], "Retiro de lámina antigua");
        assert_eq!(doc["breakdown"]["subtotal"], "25207");
        assert_eq!(doc["breakdown"]["manual_discount"], "1000");
        assert_eq!(doc["breakdown"]["total"], "28806");
        assert_eq!(doc["input"]["internal_notes"], "SECRETO-INTERNO: cliente difícil", "staff read their notes");

        assert_eq!(app.call(Some(&admin), "send_quote", &[("id", &id)]).await.status, StatusCode::OK);
        let token = app.call(Some(&admin), "quote_page", &[("id", &id)]).await.json["quote"]["token"].as_str().expect("token").to_owned();
        let public = app.call(None, "public_quote", &[("token", &token)]).await;
        assert_eq!(public.status, StatusCode::OK);
        assert_eq!(public.json["quote"]["document"]["input"]["terms"], "Pago contra entrega.");
        assert!(!public.json.to_string().contains("SECRETO"), "{}", public.json);
        let (status, html) = app.get_text(&format!("/p/{token}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Pago contra entrega.") && html.contains("Retiro de lámina antigua"), "terms and extra line on the page");
        assert!(!html.contains("SECRETO"), "notes never on the public page");
        let (status, pdf) = app.get_text(&format!("/p/{token}/pdf")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!pdf.contains("SECRETO"));
    }

    async fn the_editor_returns_bad_staff_fields_by_path_and_holds_sales_to_the_limit(app) {
        let admin = org_with_a_film(&app, "limite").await;
        let (status, location) = save_without_js(&app, &admin, &[("extras[0].description", ""), ("extras[0].amount", "abc")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.starts_with("/app/quotes/new?") && location.contains("error.extras%5B0%5D.amount"), "{location}");
        assert!(location.contains("extras%5B0%5D.amount=abc"), "what was typed comes back: {location}");

        // 10 % of 207 + 25 000 is 2 521: sales may give 2 521, not 3 000.
        let sales = app.invite_and_accept(&admin, "ventas@limite.test", "sales").await;
        let over = [("extras[0].description", "Retiro"), ("extras[0].amount", "25000"), ("manual_discount", "3000")];
        let (status, location) = save_without_js(&app, &sales, &over).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert!(location.contains("error.manual_discount"), "{location}");
        let within = [("extras[0].description", "Retiro"), ("extras[0].amount", "25000"), ("manual_discount", "2521")];
        let (status, location) = save_without_js(&app, &sales, &within).await;
        assert!(status == StatusCode::SEE_OTHER && !location.contains("error."), "{location}");
        let (status, location) = save_without_js(&app, &admin, &over).await;
        assert!(status == StatusCode::SEE_OTHER && !location.contains("error."), "admins any amount: {location}");
        // The JSON save without staff fields is unchanged.
        let (status, id) = save(&app, &sales, "", 0, &form(1)).await;
        assert_eq!(status, StatusCode::OK, "{id}");
    }

    async fn a_crafted_public_submit_cannot_carry_staff_fields(app) {
        let _admin = org_with_a_film(&app, "publico").await;
        let mut pairs = form(1).to_pairs(true);
        pairs.extend(STAFF_FIELDS.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())));
        pairs.push(("lang".into(), "es".into()));
        let response = app
            .client
            .post(app.url("/q/publico/submit"))
            .header("sec-fetch-site", "same-origin")
            .form(&pairs)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_owned();
        let token = location.strip_prefix("/p/").and_then(|r| r.split('?').next()).expect("a public quote").to_owned();
        let public: Value = app.call(None, "public_quote", &[("token", &token)]).await.json;
        let doc = &public["quote"]["document"];
        assert_eq!(doc["breakdown"]["subtotal"], "207", "the extra line was not taken");
        assert!(doc["breakdown"].get("manual_discount").is_none() && doc["input"].get("extras").is_none(), "{doc}");
        assert!(!public.to_string().contains("SECRETO") && !public.to_string().contains("Pago contra entrega"));
    }
}
