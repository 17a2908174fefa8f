//! Suggestions for a vehicle's make and model when there is no VIN (the
//! car wizard and the vehicles page): every make known, and the common
//! models of the make typed. Plain `<datalist>`s: no JavaScript needed, and
//! anything else may still be typed.
use leptos::prelude::*;

/// The `list` of a make input.
pub const MAKES_LIST: &str = "vehicle-makes";
/// The `list` of a model input.
pub const MODELS_LIST: &str = "vehicle-models";

/// Both lists; the models follow `make` (looked up again only when it changes).
#[component]
pub fn MakeModelSuggestions(#[prop(into)] make: Signal<String>) -> impl IntoView {
    let models = Memo::new(move |_| make.with(|m| domain::vehicle_models(m)));
    view! {
        <datalist id=MAKES_LIST>
            {domain::vehicle_makes().iter().map(|m| view! { <option value=*m></option> }).collect_view()}
        </datalist>
        <datalist id=MODELS_LIST>
            {move || models.get().into_iter().map(|m| view! { <option value=m></option> }).collect_view()}
        </datalist>
    }
}
