//! A link to hand out: the address in a read-only field anyone can select
//! (that is all there is without JavaScript) and, once the page is live, a
//! "Copiar" button that puts it on the clipboard and says "Copiado".
use leptos::prelude::*;

use crate::i18n::Lang;

/// What the last click did (only the browser clicks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Copied {
    Not,
    Yes,
    /// No clipboard here (an insecure page, an old browser): the text is
    /// selected for the person to copy.
    Selected,
}

#[component]
pub fn CopyLink(lang: Lang, url: String, #[prop(into)] label: String, #[prop(into)] testid: String) -> impl IntoView {
    let input = NodeRef::<leptos::html::Input>::new();
    let live = RwSignal::new(false);
    let copied = RwSignal::new(Copied::Not);
    // Effects only run in the browser: the button appears once it can work.
    Effect::new(move |_| live.set(true));
    let text = url.clone();
    let on_copy = move |_| copy(&text, input, copied);
    view! {
        <div class="flex flex-wrap items-center gap-2">
            <label class="sr-only" for=format!("{testid}-input")>{label}</label>
            <input
                id=format!("{testid}-input")
                node_ref=input
                type="text"
                readonly=true
                value=url
                data-testid=format!("{testid}-input")
                on:focus=|ev| select_target(&ev)
                class="min-w-0 flex-1 rounded-lg border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-sm text-slate-800"
            />
            <button
                type="button"
                class="min-h-11 rounded-lg bg-teal-700 px-4 py-2 font-semibold text-white hover:bg-teal-800 focus:outline-none focus:ring-2 focus:ring-teal-600"
                class:hidden=move || !live.get()
                data-testid=format!("{testid}-copy")
                on:click=on_copy
            >
                {lang.t("Copiar", "Copy")}
            </button>
            <span role="status" aria-live="polite" class="text-sm font-medium text-teal-800" data-testid=format!("{testid}-status")>
                {move || match copied.get() {
                    Copied::Not => "",
                    Copied::Yes => lang.t("Copiado", "Copied"),
                    Copied::Selected => lang.t("Seleccionado: pulsa Ctrl+C para copiar", "Selected: press Ctrl+C to copy"),
                }}
            </span>
        </div>
    }
}

#[cfg(feature = "hydrate")]
fn select_target(ev: &leptos::ev::FocusEvent) {
    use wasm_bindgen::JsCast;
    if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        input.select();
    }
}

#[cfg(not(feature = "hydrate"))]
fn select_target(_: &leptos::ev::FocusEvent) {}

#[cfg(feature = "hydrate")]
fn copy(text: &str, input: NodeRef<leptos::html::Input>, copied: RwSignal<Copied>) {
    let select = move || {
        if let Some(el) = input.get_untracked() {
            el.select();
        }
    };
    let Some(window) = web_sys::window() else { return };
    let navigator = window.navigator();
    // `navigator.clipboard` is missing outside secure pages: calling it would throw.
    let has_clipboard =
        js_sys::Reflect::get(&navigator, &"clipboard".into()).is_ok_and(|c| !c.is_undefined() && !c.is_null());
    if !has_clipboard {
        select();
        copied.set(Copied::Selected);
        return;
    }
    let promise = navigator.clipboard().write_text(text);
    leptos::task::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await {
            Ok(_) => copied.set(Copied::Yes),
            Err(_) => {
                select();
                copied.set(Copied::Selected);
            }
        }
    });
}

#[cfg(not(feature = "hydrate"))]
fn copy(_: &str, _: NodeRef<leptos::html::Input>, _: RwSignal<Copied>) {}
