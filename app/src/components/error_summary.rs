//! The error summary at the top of a form after a failed submit (as GOV.UK
//! forms do): a box titled "Revisa estos datos" with one link per field in
//! error (`href="#<the field's id>"`, the field's label and message), while
//! each message stays beside its field too.
//!
//! - With JavaScript the box takes the focus after every failed submit (a
//!   server function's error or the page's own check), so keyboard and
//!   screen-reader users land on it; a link focuses its field.
//! - Without JavaScript the page the server renders after the failed post
//!   shows the box first in the form, and the redirect's URL ends in
//!   `#error-summary` so the browser scrolls to it.
//!
//! Field components register their labels ([`register_label`]) with the
//! summary placed before them in the form, so the links read "Email: debe
//! ser un email" without each page repeating its labels.
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::components::form::field_message;
use crate::error::AppError;
use crate::i18n::Lang;

/// The id of the summary box, and the URL fragment a no-JS error redirect ends in.
pub const SUMMARY_ID: &str = "error-summary";

/// A DOM id for a field path, valid in a URL fragment without escaping:
/// `email` → `email`, `rooms[0].openings[1].width_m` → `rooms-0-openings-1-width_m`.
pub fn id_from_path(path: &str) -> String {
    let mut id = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '_' | '-' => id.push(c),
            ']' => {}
            _ => {
                if !id.ends_with('-') {
                    id.push('-');
                }
            }
        }
    }
    id.trim_matches('-').to_owned()
}

/// The id of the input of form field `name` (`Field`, `Select`, `MoneyField`…).
pub fn field_id(name: &str) -> String {
    format!("f-{}", id_from_path(name))
}

/// One line of the summary: the id of the field it links to and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryItem {
    pub target: String,
    pub text: String,
}

/// What the summary shows: the sentence (the error's own for errors that are
/// not about fields) and a line per field in error.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub message: String,
    pub items: Vec<SummaryItem>,
}

/// What the summary shares with the fields after it in its form: their
/// labels (in form order) and the browser's own check of them (`required`,
/// `type=email`) on a submit it stopped, by field name.
#[derive(Clone)]
pub struct FormCheck {
    labels: Arc<Mutex<Vec<(String, String)>>>,
    client: RwSignal<BTreeMap<String, String>>,
}

impl FormCheck {
    fn new() -> FormCheck {
        FormCheck { labels: Arc::default(), client: RwSignal::new(BTreeMap::new()) }
    }

    fn add(&self, name: &str, label: &str) {
        let mut labels = self.labels.lock().unwrap_or_else(|e| e.into_inner());
        if !labels.iter().any(|(n, _)| n == name) {
            labels.push((name.to_owned(), label.to_owned()));
        }
    }

    fn labels(&self) -> Vec<(String, String)> {
        self.labels.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Tells the summary of the form being built the label of field `name`, and
/// returns the field's message from the browser's check (with JS), if any.
/// Without a summary before it (no context), there is none.
pub fn register_label(name: &str, label: &str) -> Signal<Option<String>> {
    match use_context::<FormCheck>() {
        Some(check) => {
            check.add(name, label);
            let (client, name) = (check.client, name.to_owned());
            Signal::derive(move || client.with(|c| c.get(&name).cloned()))
        }
        None => Signal::derive(|| None),
    }
}

/// The lines for a server error's field messages: labelled fields first in
/// form order, then any other field by name; "Label: message".
pub fn summary_items(lang: Lang, error: &AppError, labels: &[(String, String)]) -> Vec<SummaryItem> {
    let AppError::Invalid { fields, .. } = error else { return Vec::new() };
    let line = |name: &str, label: Option<&str>, message: &str| SummaryItem {
        target: field_id(name),
        text: match label {
            Some(label) => format!("{}: {}", label.trim_end_matches([':', ' ']), field_message(lang, message)),
            None => capitalized(&field_message(lang, message)),
        },
    };
    let mut items: Vec<SummaryItem> =
        labels.iter().filter_map(|(name, label)| fields.get(name).map(|m| line(name, Some(label), m))).collect();
    items.extend(fields.iter().filter(|(name, _)| !labels.iter().any(|(n, _)| n == *name)).map(|(name, m)| line(name, None, m)));
    items
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The summary of a server action's error, for forms built of `Field`s.
/// Place it first in the form: the fields after it register their labels.
/// With JS, a submit the browser stops (an empty `required` field) shows
/// the same summary and messages, in the page's language, instead of the
/// browser's bubble; nothing is sent.
#[component]
pub fn ErrorSummary(lang: Lang, error: Signal<Option<AppError>>) -> impl IntoView {
    let check = FormCheck::new();
    provide_context(check.clone());
    let client = check.client;
    let checked = RwSignal::new(0u32);
    let summary = Signal::derive(move || {
        let labels = check.labels();
        let local = client.with(|c| (!c.is_empty()).then(|| AppError::Invalid { fields: c.clone(), kept: BTreeMap::new() }));
        local.or_else(|| error.get()).map(|e| Summary { message: e.message(lang), items: summary_items(lang, &e, &labels) })
    });
    // Every new result of the action, or a stopped submit, is a failed try: focus the box.
    let attempts = Signal::derive(move || {
        error.track();
        checked.track();
    });
    let anchor = NodeRef::<leptos::html::Span>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let Some(anchor) = anchor.get() else { return false };
        native_check::watch(&anchor, client, checked);
        true
    });
    view! {
        <span node_ref=anchor hidden></span>
        <SummaryBox lang summary attempts/>
    }
}

/// The browser's check of a form's fields, turned into the summary's.
#[cfg(feature = "hydrate")]
mod native_check {
    use std::cell::Cell;
    use std::collections::BTreeMap;
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::Closure;

    /// On the form around `anchor`: each `invalid` control of a stopped
    /// submit gives its message (no browser bubble); a submit that goes
    /// ahead clears them.
    pub fn watch(anchor: &web_sys::Element, client: RwSignal<BTreeMap<String, String>>, checked: RwSignal<u32>) {
        let Some(form) = anchor.closest("form").ok().flatten() else { return };
        let batching = Rc::new(Cell::new(false));
        let on_invalid = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
            let Some(field) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Some(name) = field.get_attribute("name") else { return };
            ev.prevent_default();
            if !batching.replace(true) {
                // The first invalid control of this try: forget the last try's.
                client.set(BTreeMap::new());
                let batching = batching.clone();
                request_animation_frame(move || {
                    batching.set(false);
                    checked.update(|n| *n += 1);
                });
            }
            let message = message_of(&field);
            client.update(|c| {
                c.insert(name, message);
            });
        });
        let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
            if client.with_untracked(|c| !c.is_empty()) {
                client.set(BTreeMap::new());
            }
        });
        let _ = form.add_event_listener_with_callback_and_bool("invalid", on_invalid.as_ref().unchecked_ref(), true);
        let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
        // They live as long as the page's form.
        on_invalid.forget();
        on_submit.forget();
    }

    /// The server's message for what the browser found (so it reads in the
    /// page's language), else the browser's own.
    fn message_of(field: &web_sys::Element) -> String {
        let flag = |validity: &wasm_bindgen::JsValue, name: &str| {
            js_sys::Reflect::get(validity, &name.into()).ok().and_then(|v| v.as_bool()).unwrap_or(false)
        };
        let validity = js_sys::Reflect::get(field, &"validity".into()).unwrap_or_default();
        if flag(&validity, "valueMissing") {
            domain::messages::REQUIRED.to_owned()
        } else if flag(&validity, "typeMismatch") && field.get_attribute("type").as_deref() == Some("email") {
            domain::messages::EMAIL.to_owned()
        } else {
            js_sys::Reflect::get(field, &"validationMessage".into()).ok().and_then(|v| v.as_string()).unwrap_or_default()
        }
    }
}

/// The box itself: shown while `summary` is `Some`; it takes the focus when
/// `attempts` changes (a failed submit) and on load if it is showing.
#[component]
pub fn SummaryBox(lang: Lang, summary: Signal<Option<Summary>>, attempts: Signal<()>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        attempts.track();
        if summary.with_untracked(Option::is_some) {
            // After the box is drawn (it may appear in this same change).
            request_animation_frame(move || {
                if let Some(el) = node.get_untracked() {
                    let _ = el.focus();
                }
            });
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = attempts;
    let fields = move || summary.with(|s| s.as_ref().is_some_and(|s| !s.items.is_empty()));
    view! {
        <Show when=move || summary.with(Option::is_some)>
            <div node_ref=node id=SUMMARY_ID role="alert" tabindex="-1" aria-labelledby=move || fields().then_some("error-summary-title")
                data-testid="error-summary"
                class="mb-4 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-800 ring-2 ring-red-300 focus:outline-none focus:ring-4 focus:ring-red-600">
                <Show when=fields>
                    <h2 id="error-summary-title" class="text-base font-semibold text-red-900">{lang.t("Revisa estos datos", "There is a problem")}</h2>
                </Show>
                <p data-testid="form-error">{move || summary.with(|s| s.as_ref().map(|s| s.message.clone()))}</p>
                <Show when=fields>
                    <ul class="mt-2 list-disc space-y-1 pl-5">
                        {move || summary.with(|s| s.as_ref().map(|s| s.items.clone()).unwrap_or_default()).into_iter().map(|item| {
                            let target = item.target.clone();
                            view! {
                                <li>
                                    <a href=format!("#{}", item.target) class="font-medium underline hover:text-red-950"
                                        data-testid="error-summary-link" on:click=move |ev| focus_field(ev, &target)>
                                        {item.text}
                                    </a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </Show>
            </div>
        </Show>
    }
}

/// A summary link moves the focus to its field (the browser alone would only
/// scroll), and puts the field's label in view above it.
fn focus_field(ev: leptos::ev::MouseEvent, target: &str) {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let Some(field) = document.get_element_by_id(target).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
        ev.prevent_default();
        let label = document.query_selector(&format!("label[for=\"{target}\"]")).ok().flatten();
        match label {
            Some(label) => label.scroll_into_view(),
            None => field.scroll_into_view(),
        }
        let _ = field.focus();
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (ev, target);
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    #[test]
    fn ids_from_paths_need_no_escaping() {
        assert_eq!(id_from_path("email"), "email");
        assert_eq!(id_from_path("rooms[0].openings[1].width_m"), "rooms-0-openings-1-width_m");
        assert_eq!(id_from_path("contact.phone"), "contact-phone");
        assert_eq!(id_from_path("items[12].sku"), "items-12-sku");
        assert_eq!(id_from_path("a b#c"), "a-b-c");
        assert_eq!(field_id("material_price"), "f-material_price", "the id Field gives its input");
        assert_eq!(field_id("vehicle.vin"), "f-vehicle-vin");
    }

    #[test]
    fn lines_follow_the_form_and_name_each_field() {
        let fields = BTreeMap::from([
            ("slug".to_owned(), domain::messages::SLUG.to_owned()),
            ("email".to_owned(), domain::messages::REQUIRED.to_owned()),
            ("unknown".to_owned(), domain::messages::REQUIRED.to_owned()),
        ]);
        let error = AppError::Invalid { fields, kept: BTreeMap::new() };
        let labels = vec![("slug".to_owned(), "Dirección pública".to_owned()), ("email".to_owned(), "Email".to_owned())];
        let items = summary_items(Lang::Es, &error, &labels);
        assert_eq!(
            items,
            vec![
                SummaryItem { target: "f-slug".into(), text: "Dirección pública: usa de 3 a 40 minúsculas, números o guiones".into() },
                SummaryItem { target: "f-email".into(), text: "Email: es obligatorio".into() },
                SummaryItem { target: "f-unknown".into(), text: "Es obligatorio".into() },
            ]
        );
        assert_eq!(summary_items(Lang::En, &error, &labels)[1].text, "Email: is required");
        assert!(summary_items(Lang::Es, &AppError::InvalidCredentials, &labels).is_empty(), "not about fields: only the sentence");
    }
}
