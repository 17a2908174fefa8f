//! What a person typed before the page became interactive.
//!
//! On a slow phone the server-rendered form works (it is a plain HTML form)
//! seconds before the WebAssembly bundle arrives, and people type into it.
//! Hydration then sets every `prop:value` from the component's state, which
//! would wipe what they typed. So the browser bundle reads every form marked
//! `data-keep-typed="NAME"` right before hydrating ([`capture`]), and the
//! component that owns the form takes those values back ([`adopt`]) once
//! hydration is over — the DOM still matches the server's HTML while
//! hydrating, and nothing typed is lost.
use leptos::prelude::*;

/// The attribute that marks a form whose typed values survive hydration.
pub const ATTRIBUTE: &str = "data-keep-typed";

#[cfg(feature = "hydrate")]
thread_local! {
    static TYPED: std::cell::RefCell<std::collections::HashMap<String, Vec<(String, String)>>> = Default::default();
}

/// Reads the `name=value` pairs of every marked form, as a submit would
/// send them (the browser's `FormData`). Called once, before hydration.
#[cfg(feature = "hydrate")]
pub fn capture() {
    use wasm_bindgen::JsCast;
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let Ok(forms) = document.query_selector_all(&format!("form[{ATTRIBUTE}]")) else { return };
    for i in 0..forms.length() {
        let Some(form) = forms.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlFormElement>().ok()) else { continue };
        let Some(name) = form.get_attribute(ATTRIBUTE) else { continue };
        let Ok(data) = web_sys::FormData::new_with_form(&form) else { continue };
        let Ok(Some(entries)) = js_sys::try_iter(&data) else { continue };
        let pairs: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let entry: js_sys::Array = entry.dyn_into().ok()?;
                Some((entry.get(0).as_string()?, entry.get(1).as_string()?))
            })
            .collect();
        TYPED.with(|t| t.borrow_mut().insert(name, pairs));
    }
}

/// Takes what was typed into the form `name` before hydration, if this page
/// load has it (only the first component to ask gets it).
fn take(name: &str) -> Option<Vec<(String, String)>> {
    #[cfg(feature = "hydrate")]
    return TYPED.with(|t| t.borrow_mut().remove(name));
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = name;
        None
    }
}

/// Puts what was typed into form `name` before hydration back into `state`,
/// right after hydration. `read` turns the pairs into a state, `rendered` is
/// the state as the server rendered it read the same way (so fields the form
/// does not carry compare equal). Returns whether anything typed differs
/// from what was rendered (then it wins over any saved draft).
pub fn adopt<T>(name: &str, state: RwSignal<T>, read: impl Fn(&[(String, String)]) -> T, rendered: T) -> bool
where
    T: PartialEq + Clone + Send + Sync + 'static,
{
    let Some(pairs) = take(name) else { return false };
    let typed = read(&pairs);
    if typed == rendered {
        return false;
    }
    Effect::new(move |_| state.set(typed.clone()));
    true
}
