//! The browser bundle: hydrates the server-rendered page.
#![forbid(unsafe_code)]
#![recursion_limit = "512"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // What a person typed while the bundle was on its way survives hydration.
    app::early_input::capture();
    leptos::mount::hydrate_body(app::App);
    // Tells tests (and curious people) that the page is interactive now.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let _ = body.dataset().set("hydrated", "true");
    }
}
