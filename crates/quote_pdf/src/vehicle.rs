//! The vehicle of an automotive quote, under the customer: make, model and
//! year, VIN, body type, colour, plate, the packages chosen, and the
//! legal-tint warnings (glass whose film is darker than the organisation's
//! minimum), as the public page shows them.
use domain::QuoteDocument;

use crate::fonts::Font;
use crate::labels::Labels;
use crate::layout::{Color, Flow, LEFT, Style, WIDTH, baseline};
use crate::sections::field_block;
use crate::text::wrap;

/// The warnings' ink: dark amber, as on the quote page.
const WARNING: Color = Color(0.55, 0.36, 0.0);
const WARNING_SIZE: f32 = 9.0;
const WARNING_LEADING: f32 = 11.5;

/// The vehicle block and its warnings; nothing for other quotes.
pub fn vehicle(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels) {
    let Some(details) = &doc.automotive else { return };
    let lang = if labels.spanish { "es" } else { "en" };
    let v = &details.vehicle;
    let name = [v.make.trim(), v.model.trim(), &v.year.to_string()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ");
    let vin = v.vin.as_deref().unwrap_or_default();
    let packages = details.packages.iter().map(|p| p.name(lang)).collect::<Vec<_>>().join(", ");
    let fields = [
        (labels.vehicle, name.as_str(), 2),
        ("VIN", vin, 1),
        (labels.body_type, v.body_type.label(lang), 1),
        (labels.colour, v.colour.as_str(), 1),
        (labels.plate, v.plate.as_str(), 1),
        (labels.packages, packages.as_str(), 2),
    ];
    field_block(flow, labels.vehicle, &fields);
    if details.warnings.is_empty() {
        return;
    }
    let lines: Vec<Vec<String>> = details
        .warnings
        .iter()
        .map(|w| wrap(&labels.tint_warning_line(w.position.label(lang), w.vlt, w.minimum), Font::Regular, WARNING_SIZE, WIDTH - 10.0, 3))
        .collect();
    let height = 16.0 + lines.iter().map(|l| l.len() as f32 * WARNING_LEADING).sum::<f32>() + 10.0;
    flow.ensure(height);
    let y = baseline(flow.y(), 10.0);
    flow.page().text(LEFT, y, Style::new(Font::Bold, 10.0, WARNING), labels.tint_warning);
    flow.advance(16.0);
    for warning in lines {
        for (i, line) in warning.iter().enumerate() {
            let y = baseline(flow.y(), WARNING_SIZE);
            let bullet = if i == 0 { "• " } else { "  " };
            flow.page().text(LEFT + 4.0, y, Style::new(Font::Regular, WARNING_SIZE, WARNING), &format!("{bullet}{line}"));
            flow.advance(WARNING_LEADING);
        }
    }
    flow.advance(10.0);
}
