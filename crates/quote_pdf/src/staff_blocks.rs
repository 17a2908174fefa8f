//! What staff add to a quote, on paper: the extra lines (description and
//! amount, before the totals), the manual discount's row among the totals,
//! and the terms at the end (wrapped, flowing over as many pages as they
//! need). Internal notes are never printed.
use domain::QuoteDocument;

use crate::fonts::Font;
use crate::labels::Labels;
use crate::layout::{Flow, INK, LEFT, MUTED, RIGHT, RULE, Style, WIDTH, baseline};
use crate::sections::section_heading;
use crate::text::wrap;

const SIZE: f32 = 9.5;
const LEADING: f32 = 12.5;
/// Room for the amount at the right of an extra line.
const AMOUNT_WIDTH: f32 = 110.0;

/// "Extra lines" / "Additional discount" / "Terms" in the document's language.
fn words(labels: &Labels) -> (&'static str, &'static str, &'static str) {
    if labels.spanish { ("Líneas adicionales", "Descuento adicional", "Condiciones") } else { ("Extra lines", "Additional discount", "Terms") }
}

/// The extra lines, one row each (description wrapped to 3 lines, amount at the right).
pub(crate) fn extras(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels) {
    let extras = &doc.breakdown.extras;
    if extras.is_empty() {
        return;
    }
    let (heading, _, _) = words(labels);
    flow.ensure(20.0 + LEADING * 2.0);
    section_heading(flow, heading);
    for extra in extras {
        let lines = wrap(&extra.description, Font::Regular, SIZE, WIDTH - AMOUNT_WIDTH - 12.0, 3);
        flow.ensure(lines.len().max(1) as f32 * LEADING + 4.0);
        let top = flow.y();
        for (i, line) in lines.iter().enumerate() {
            flow.page().text(LEFT, baseline(top - i as f32 * LEADING, SIZE), Style::new(Font::Regular, SIZE, INK), line);
        }
        let amount = labels.money(extra.amount, doc.currency);
        flow.page().text_right(RIGHT - 6.0, baseline(top, SIZE), Style::new(Font::Regular, SIZE, INK), &amount, AMOUNT_WIDTH);
        flow.advance(lines.len().max(1) as f32 * LEADING);
        let rule_y = flow.y() - 2.0;
        flow.page().rule(LEFT, RIGHT, rule_y, 0.3, RULE);
        flow.advance(4.0);
    }
    flow.advance(10.0);
}

/// The totals' row of the manual discount, if any: (label, amount).
pub(crate) fn manual_discount_row(doc: &QuoteDocument, labels: &Labels) -> Option<(String, String)> {
    let b = &doc.breakdown;
    (!b.manual_discount.is_zero()).then(|| (words(labels).1.to_owned(), labels.money(-b.manual_discount, doc.currency)))
}

/// The terms at the end: each paragraph wrapped, a new page whenever the
/// next line does not fit.
pub(crate) fn terms(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels) {
    let text = doc.input.terms.trim();
    if text.is_empty() {
        return;
    }
    flow.advance(10.0);
    flow.ensure(20.0 + LEADING * 3.0);
    section_heading(flow, words(labels).2);
    for paragraph in text.lines() {
        let lines = wrap(paragraph, Font::Regular, SIZE, WIDTH, usize::MAX);
        if lines.is_empty() {
            flow.advance(LEADING / 2.0);
            continue;
        }
        for line in lines {
            flow.ensure(LEADING);
            let y = baseline(flow.y(), SIZE);
            flow.page().text(LEFT, y, Style::new(Font::Regular, SIZE, MUTED), &line);
            flow.advance(LEADING);
        }
    }
}
