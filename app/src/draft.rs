//! A wizard's draft kept in the browser's local storage: saved on every
//! change, brought back when the page opens fresh (nothing typed, no state
//! in the URL), dropped once the quote is sent. Nothing happens on the
//! server or without JavaScript (there the state lives in the URL).
use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Keeps `form` under `key`. `fresh` says the form holds nothing typed yet;
/// a URL query containing any of `url_markers` carries a state of its own,
/// which wins over the draft.
pub fn keep_draft_in_browser<T>(key: String, form: RwSignal<T>, fresh: fn(&T) -> bool, url_markers: &'static [&'static str])
where
    T: Serialize + DeserializeOwned + Clone + Send + Sync + 'static,
{
    #[cfg(feature = "hydrate")]
    {
        let storage = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
        let Some(storage) = storage else { return };
        let url_has_state = web_sys::window()
            .and_then(|w| w.location().search().ok())
            .is_some_and(|s| url_markers.iter().any(|m| s.contains(m)));
        let saved = (form.with_untracked(fresh) && !url_has_state)
            .then(|| storage.get_item(&key).ok().flatten().and_then(|json| serde_json::from_str::<T>(&json).ok()))
            .flatten();
        // Restored once the page has hydrated (before, the DOM must match the server's).
        if let Some(saved) = saved {
            Effect::new(move |_| form.set(saved.clone()));
        }
        Effect::new(move |_| {
            let json = form.with(|f| serde_json::to_string(f).ok());
            if let Some(json) = json {
                let _ = storage.set_item(&key, &json);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (key, form, fresh, url_markers);
}

/// Drops the draft under `key` (the quote was sent).
pub fn forget_draft(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(key);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = key;
}
