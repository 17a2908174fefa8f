//! What both wizards (rooms and car, public and staff) are made of: the
//! classes of their inputs and buttons, the totals under the price, a
//! button only a browser without JavaScript shows, and the browser moves
//! (scroll to the top after a step, go to the saved quote).
use domain::QuoteBreakdown;
use leptos::prelude::*;

use crate::format;
use crate::i18n::Lang;
use crate::wizard_form::ContactForm;

pub const INPUT: &str = "mt-1 block w-full rounded-lg border border-slate-300 bg-white px-3 py-3 text-base focus:border-teal-600 focus:outline-none focus:ring-2 focus:ring-teal-600";
pub const PRIMARY: &str = "inline-flex min-h-12 items-center justify-center rounded-lg bg-[var(--brand,#0f766e)] px-5 py-3 font-semibold text-[var(--brand-text,#fff)] hover:brightness-95 focus:outline-none focus:ring-2 focus:ring-teal-600 focus:ring-offset-2 disabled:opacity-60";
pub const SECONDARY: &str = "inline-flex min-h-12 items-center justify-center rounded-lg bg-white px-4 py-3 font-semibold text-teal-900 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-teal-600";
pub const SMALL: &str = "inline-flex min-h-11 min-w-11 items-center justify-center rounded-lg px-3 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 focus:outline-none focus:ring-2 focus:ring-teal-600";

/// A button only a browser without JavaScript shows: a `<noscript>` is inert
/// text when scripts run, so it goes in as inner HTML, never hydrated.
pub fn noscript_button(op: &str, label: &str, class: &str) -> impl IntoView + use<> {
    let html = format!(r#"<noscript><button type="submit" name="op" value="{op}" class="{class}">{label}</button></noscript>"#);
    view! { <div inner_html=html></div> }
}

/// Subtotal, discount, tax (named by the organisation's `country`) and total.
pub fn totals_view(b: &QuoteBreakdown, lang: Lang, country: &str) -> impl IntoView + use<> {
    let c = b.currency;
    let spanish = lang == Lang::Es;
    let pct = |r: rust_decimal::Decimal| format!("{} %", format::quantity(r * rust_decimal::Decimal::ONE_HUNDRED, spanish));
    let discount_label = format!("{} ({})", lang.t("Descuento por volumen", "Volume discount"), pct(b.discount_rate));
    let tax_label = format!("{} ({})", format::tax_label(country, lang), pct(b.tax_rate));
    let discount = if b.discount.is_zero() { format::money(b.discount, c, lang) } else { format!("-{}", format::money(b.discount, c, lang)) };
    view! {
        <dl class="mt-2 border-t border-slate-200 pt-2 text-sm">
            <div class="flex justify-between py-1"><dt class="text-slate-600">{lang.t("Superficie", "Area")}</dt><dd>{format!("{} m²", format::quantity(b.area_m2, spanish))}</dd></div>
            {crate::components::quote_extras::extras_rows(b, lang)}
            <div class="flex justify-between py-1"><dt class="text-slate-600">{lang.t("Subtotal", "Subtotal")}</dt><dd data-testid="subtotal">{format::money(b.subtotal, c, lang)}</dd></div>
            <div class="flex justify-between py-1"><dt class="text-slate-600">{discount_label}</dt><dd data-testid="discount">{discount}</dd></div>
            {crate::components::quote_extras::manual_discount_row(b, lang)}
            <div class="flex justify-between py-1"><dt class="text-slate-600">{tax_label}</dt><dd data-testid="tax">{format::money(b.tax, c, lang)}</dd></div>
            <div class="flex justify-between py-2 text-lg font-bold"><dt>{lang.t("Total", "Total")}</dt><dd data-testid="total">{format::money(b.total, c, lang)}</dd></div>
        </dl>
    }
}

/// After a step, the next one is read from its top.
pub fn scroll_to_top() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        w.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// A full navigation (the saved quote's page): what the server renders next.
pub fn go_to(url: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_href(url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = url;
}

/// The last button's words: the customer's or the staff's, "Saving…" meanwhile.
pub fn submit_label(lang: Lang, submitting: bool, staff: bool) -> &'static str {
    match (submitting, staff) {
        (true, _) => lang.t("Guardando…", "Saving…"),
        (false, false) => lang.t("Recibir mi cotización", "Get my quote"),
        (false, true) => lang.t("Guardar cotización", "Save the quote"),
    }
}

/// The contact step's choices under its fields: when to call and — for
/// staff — the customer's language (the quote's, its PDF's and video's).
/// `contact`/`contact_mut` reach the wizard form's contact.
pub fn contact_choices<F: Send + Sync + 'static>(
    lang: Lang,
    form: RwSignal<F>,
    contact: fn(&F) -> &ContactForm,
    contact_mut: fn(&mut F) -> &mut ContactForm,
    staff: bool,
) -> impl IntoView {
    let time = move || form.with(|f| contact(f).contact_time.clone());
    let customer_lang = move || form.with(|f| contact(f).language.clone());
    let language_choice = staff.then(|| view! {
        <label for="contact-language" class="mt-4 block text-sm font-medium">{lang.t("Idioma del cliente", "Customer's language")}</label>
        <select id="contact-language" name="contact.language" class=INPUT on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| contact_mut(f).language = v) }>
            <option value="es" selected=move || customer_lang() != "en">"Español"</option>
            <option value="en" selected=move || customer_lang() == "en">"English"</option>
        </select>
    });
    view! {
        <label for="contact-time" class="text-sm font-medium">{lang.t("¿Cuándo prefieres que te llamemos?", "When should we call you?")}</label>
        <select id="contact-time" name="contact.contact_time" class=INPUT on:change=move |ev| { let v = event_target_value(&ev); form.update(|f| contact_mut(f).contact_time = v) }>
            {[("any", lang.t("A cualquier hora", "Any time")), ("morning", lang.t("Mañana", "Morning")), ("afternoon", lang.t("Tarde", "Afternoon")), ("evening", lang.t("Noche", "Evening"))]
                .into_iter().map(|(v, label)| view! { <option value=v selected=move || time() == v>{label}</option> }).collect_view()}
        </select>
        {language_choice}
    }
}

/// The wizards' price: beside the form on wide screens; on phones a slim
/// bar keeps the total in sight and the detail (`children`) follows the form.
#[component]
pub fn PriceAside(lang: Lang, #[prop(into)] total: Signal<Option<String>>, children: Children) -> impl IntoView {
    view! {
        <a href="#price-title" class="fixed inset-x-0 bottom-0 z-10 flex items-baseline justify-between border-t border-slate-200 bg-white px-4 py-3 shadow-lg lg:hidden"
            aria-label=lang.t("Ver el detalle del precio", "See the price detail")>
            <span class="font-semibold">{lang.t("Total", "Total")}</span>
            <span class="text-xl font-bold" data-testid="total-phone">{move || total.get().unwrap_or_else(|| "—".into())}</span>
        </a>
        <aside class="self-start rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:sticky lg:top-4" aria-labelledby="price-title">
            <h2 id="price-title" class="text-lg font-semibold">{lang.t("Tu precio", "Your price")}</h2>
            <div aria-live="polite" data-testid="live-price">{children()}</div>
        </aside>
    }
}

/// The price's lines: what (a window, a glass), how much (m² with waste), its total.
pub fn price_lines(rows: Vec<(String, String, String)>, lang: Lang) -> impl IntoView {
    view! {
        <ul class="mt-3 divide-y divide-slate-100 text-sm" aria-label=lang.t("Líneas", "Lines")>
            {rows.into_iter().map(|(what, qty, total)| view! {
                <li class="flex justify-between gap-2 py-2" data-testid="price-line">
                    <span><span class="block font-medium">{what}</span><span class="text-slate-600">{qty}</span></span>
                    <span class="whitespace-nowrap">{total}</span>
                </li>
            }).collect_view()}
        </ul>
    }
}

/// The wizard's last button: with JavaScript `on_click` saves (disabled
/// meanwhile); without it the form POSTs to `action`.
pub fn submit_button(
    lang: Lang,
    action: String,
    submitting: RwSignal<bool>,
    staff: bool,
    on_click: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    view! {
        <button type="submit" name="op" value="submit" formmethod="post" formaction=action
            class=PRIMARY on:click=on_click disabled=move || submitting.get() data-testid="submit-quote">
            {move || submit_label(lang, submitting.get(), staff)}
        </button>
    }
}
