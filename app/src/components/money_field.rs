//! A money input that says, as it is typed, the amount it will save
//! ("Se guardará: $ 18.000") or why it cannot ("puede ser … o …"), read by
//! the same `domain::read_money` the server uses. Without JS the server's
//! field error says how the text was read. The form posts the page's
//! language in `lang`, so the server reads with the same conventions.
use domain::{Currency, NumberError, NumberSource, format_money_exact, read_money};
use leptos::prelude::*;

use crate::components::form::{FieldState, field_message};
use crate::error::AppError;
use crate::i18n::Lang;

/// What the field shows under the input for `text`: the amount as it will be
/// saved, the reason it will be refused, or nothing while empty.
pub fn money_preview(lang: Lang, currency: Currency, text: &str) -> Option<String> {
    let source = NumberSource::Page { spanish: lang == Lang::Es };
    match read_money(text, currency, source) {
        Ok(amount) => Some(format!("{}{}", lang.t("Se guardará: ", "Will be saved as: "), format_money_exact(amount, currency, lang == Lang::Es))),
        Err(NumberError::Empty) => None,
        Err(e) => Some(field_message(lang, &e.message(text, currency, source))),
    }
}

/// The hidden field that tells the server which language the numbers were typed in.
#[component]
pub fn TypedLang(lang: Lang) -> impl IntoView {
    view! { <input type="hidden" name="lang" value=lang.code()/> }
}

/// A labelled money input with its live reading and its field error.
#[component]
pub fn MoneyField(
    lang: Lang,
    #[prop(into)] name: String,
    #[prop(into)] label: String,
    currency: Currency,
    #[prop(optional)] required: bool,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let state = FieldState::new(lang, &name, &label, error);
    let preview_id = format!("{}-reading", state.id);
    let kept = {
        let name = name.clone();
        move || error.get().and_then(|e| e.kept(&name).map(str::to_owned)).unwrap_or_default()
    };
    let (typed, set_typed) = signal(None::<String>);
    let text = {
        let kept = kept.clone();
        move || typed.get().unwrap_or_else(&kept)
    };
    let preview = move || money_preview(lang, currency, &text());
    view! {
        <div class="mb-4">
            <label for=state.id.clone() class="mb-1 block text-sm font-medium text-slate-800">{label}</label>
            <input id=state.id.clone() name=name type="text" inputmode="decimal" prop:value=kept.clone() value=kept required=required
                aria-invalid=state.invalid() aria-describedby=format!("{preview_id} {}", state.error_id)
                on:input=move |ev| set_typed.set(Some(event_target_value(&ev)))
                class="block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base shadow-sm focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600 aria-[invalid=true]:border-red-600"/>
            <p id=preview_id class="mt-1 text-sm text-slate-700" aria-live="polite" data-testid="money-reading">{preview}</p>
            {state.error_view()}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reading_is_shown_before_saving() {
        assert_eq!(money_preview(Lang::Es, Currency::Clp, "18.000").as_deref(), Some("Se guardará: $ 18.000"));
        assert_eq!(money_preview(Lang::En, Currency::Usd, "1,234.5").as_deref(), Some("Will be saved as: US$1,234.50"));
        assert_eq!(money_preview(Lang::Es, Currency::Usd, "1234,5").as_deref(), Some("Se guardará: US$1.234,50"), "in the page's language");
        assert_eq!(money_preview(Lang::Es, Currency::Usd, " "), None);
        assert_eq!(money_preview(Lang::Es, Currency::Usd, "abc").as_deref(), Some("debe ser un número"));
        assert_eq!(
            money_preview(Lang::Es, Currency::Usd, "18.000").as_deref(),
            Some("«18.000» puede ser US$18.000,00 o US$18,00: escribe 18000 o 18,00")
        );
    }
}
