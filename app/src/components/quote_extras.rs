//! What the staff add to a quote, as its readers see it: the extra lines
//! and the manual discount among the totals, the terms (customer and staff)
//! and the internal notes (staff only — never on a public page).
use domain::QuoteBreakdown;
use leptos::prelude::*;

use crate::format;
use crate::i18n::Lang;

/// One row per extra line (description and amount), for a totals `<dl>`.
pub fn extras_rows(b: &QuoteBreakdown, lang: Lang) -> impl IntoView + use<> {
    let c = b.currency;
    let rows: Vec<(String, String)> = b.extras.iter().map(|e| (e.description.clone(), format::money(e.amount, c, lang))).collect();
    rows.into_iter()
        .map(|(what, amount)| {
            view! {
                <div class="flex justify-between gap-2 py-1" data-testid="extra-line">
                    <dt class="text-slate-600">{what}</dt><dd class="whitespace-nowrap">{amount}</dd>
                </div>
            }
        })
        .collect_view()
}

/// The manual discount's row (nothing when there is none), for a totals `<dl>`.
pub fn manual_discount_row(b: &QuoteBreakdown, lang: Lang) -> impl IntoView + use<> {
    let amount = (!b.manual_discount.is_zero()).then(|| format!("-{}", format::money(b.manual_discount, b.currency, lang)));
    amount.map(|amount| {
        view! {
            <div class="flex justify-between py-1">
                <dt class="text-slate-600">{lang.t("Descuento adicional", "Additional discount")}</dt>
                <dd data-testid="manual-discount">{amount}</dd>
            </div>
        }
    })
}

/// The quote's terms, as written (line breaks kept); nothing when empty.
pub fn quote_terms(terms: String, lang: Lang) -> impl IntoView + use<> {
    (!terms.trim().is_empty()).then(|| {
        view! {
            <section class="mt-4 rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200" aria-labelledby="terms-title">
                <h2 id="terms-title" class="font-semibold">{lang.t("Condiciones", "Terms")}</h2>
                <p class="mt-2 whitespace-pre-line text-sm text-slate-800" data-testid="quote-terms">{terms}</p>
            </section>
        }
    })
}

/// Staff's internal notes on the staff's quote page; nothing when empty.
pub fn internal_notes(notes: String, lang: Lang) -> impl IntoView + use<> {
    (!notes.trim().is_empty()).then(|| {
        view! {
            <section class="mt-4 rounded-2xl bg-amber-50 p-5 ring-1 ring-amber-200" aria-labelledby="notes-title">
                <h2 id="notes-title" class="font-semibold">{lang.t("Notas internas", "Internal notes")}</h2>
                <p class="text-xs text-amber-900">{lang.t("Solo el equipo las ve; el cliente no.", "Only your team sees them; the customer does not.")}</p>
                <p class="mt-2 whitespace-pre-line text-sm" data-testid="internal-notes">{notes}</p>
            </section>
        }
    })
}
