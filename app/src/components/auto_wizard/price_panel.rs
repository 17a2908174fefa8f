//! The car wizard's price: each glass's line and the totals, live; on a
//! phone the total stays in sight in a slim bar.
use domain::{GlassPosition, QuoteBreakdown};
use leptos::prelude::*;

use crate::automotive_form::AutoPrice;
use crate::automotive_wizard::AutomotiveWizardCatalog;
use crate::components::wizard_kit::{PriceAside, price_lines, totals_view};
use crate::format;
use crate::i18n::Lang;

#[component]
pub(super) fn PricePanel(lang: Lang, price: Memo<AutoPrice>, data: StoredValue<AutomotiveWizardCatalog>) -> impl IntoView {
    let currency = data.with_value(|d| d.catalog.currency);
    let country = data.with_value(|d| d.catalog.country.clone());
    let total = Signal::derive(move || price.with(|p| p.breakdown.as_ref().map(|b| format::money(b.total, currency, lang))));
    view! {
        <PriceAside lang total>
            {move || price.with(|p| match &p.breakdown {
                Some(b) => view! {
                    {lines_view(b, &p.positions, lang)}
                    {totals_view(b, lang, &country)}
                }.into_any(),
                None => view! {
                    <p class="text-slate-600">{lang.t("Marca un vidrio o un paquete para ver el precio.", "Tick a window or a package to see the price.")}</p>
                }.into_any(),
            })}
        </PriceAside>
    }
}

fn lines_view(b: &QuoteBreakdown, positions: &[GlassPosition], lang: Lang) -> impl IntoView + use<> {
    let spanish = lang == Lang::Es;
    let rows: Vec<_> = b
        .lines
        .iter()
        .zip(positions)
        .map(|(l, position)| {
            (
                position.label(lang.code()).to_owned(),
                format!("{} m² {}", format::quantity(l.qty, spanish), lang.t("con merma", "with waste")),
                format::money(l.total, b.currency, lang),
            )
        })
        .collect();
    price_lines(rows, lang)
}
