use reqwest::StatusCode;

use crate::app_test;

app_test! {
    async fn the_landing_page_is_server_rendered_and_hydrates(app) {
        let (status, html) = app.get_text("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Cotizaciones exactas para tu negocio de láminas"), "Spanish by default");
        assert!(html.contains("/pkg/cotiza.js"), "the hydration script is linked");
        assert!(html.contains("/pkg/cotiza.css"), "the stylesheet is linked");
        // cargo-leptos writes `cotiza.wasm`; a server built by plain cargo must
        // ask for that file too, not wasm-bindgen's `cotiza_bg.wasm` (a 404
        // there means the page never hydrates).
        assert!(html.contains("/pkg/cotiza.wasm"), "the wasm bundle cargo-leptos writes is requested");
        assert!(!html.contains("cotiza_bg.wasm"), "no request for a file that does not exist");
        assert!(html.contains(r#"href="/q/demo?lang=es""#), "links to the demo wizard");
    }

    async fn the_estimate_works_as_a_plain_form(app) {
        let (_, html) = app.get_text("/q/demo/catalogo").await;
        assert!(html.contains("US$295,60"), "the estimate is priced on the server, in Spanish");
        assert!(html.contains("US$0,00") && !html.contains("-US$0,00"), "no discount shows as zero, not minus zero");
        assert!(html.contains(">IVA<"), "the demo organisation (Chile) calls its tax IVA");
        let (_, english) = app.get_text("/q/demo/catalogo?lang=en").await;
        assert!(english.contains("US$295.60") && !english.contains("US$295,60"), "money in the page's language");
        assert!(english.contains(">Tax<"), "the tax in English");
        let (_, html) = app.get_text("/q/demo/catalogo?width=2&height=1.50&quantity=2&sku=SOL-CERAMIC-70").await;
        assert!(html.contains("US$862,16"), "priced from the submitted form");
        let (_, html) = app.get_text("/q/demo/catalogo?width=1%2C2&height=1.50&quantity=2&sku=SEC-CLEAR-4MIL").await;
        assert!(html.contains("US$295,60"), "a decimal comma is understood");
        let (_, html) = app.get_text("/q/demo/catalogo?width=25").await;
        assert!(html.contains("Ancho: must be at most 20"), "a clear error instead of a price");
        assert!(!html.contains(r#"data-testid="total""#));
    }

    async fn english_on_request(app) {
        let (_, html) = app.get_text("/?lang=en").await;
        assert!(html.contains("Exact quotes for your window-film business"));
        assert!(html.contains(r#"lang="en""#));
    }

    async fn an_organisation_page_and_a_missing_one(app) {
        let (status, html) = app.get_text("/q/demo").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Cotiza Demo"));
        assert_eq!(html.matches("SOL-CHARCOAL-05").count() >= 1, true);
        let (status, html) = app.get_text("/q/nobody").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Organización no encontrada"));
        let (status, _) = app.get_text("/no/such/page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
