//! A quote as a PDF file, the one a customer downloads or receives.
//!
//! [`render`] lays a [`QuoteDocument`] out on A4 portrait pages and writes a
//! PDF with `pdf-writer`: the organisation and how to reach it, the title
//! with the number and version, the status, the day the prices were taken
//! and the validity, the customer, one table per room (opening, size, film,
//! quantity with waste, total; notes for curved glass, difficult access and
//! floors above the third; for a vehicle its make, model, year, VIN, body
//! type, colour, plate and legal-tint warnings instead of floors), the
//! totals, and on every page the public link and `Página 1 de 2`. Spanish unless the document's language is `en`.
//!
//! - `fonts`: Helvetica / Helvetica-Bold (base 14, not embedded), WinAnsi
//!   encoding and the AFM widths ([`text_width`]); which texts need the
//!   embedded font instead.
//! - `truetype`: the embedded DejaVu Sans subsets (Latin Extended,
//!   Vietnamese…), with Helvetica as the fallback.
//! - `text`: shortening and wrapping to a width.
//! - `labels`: the texts in Spanish and English.
//! - `layout`: page geometry, drawing ops and the flow across pages.
//! - `sections`: the quote's blocks.
//! - `vehicle`: an automotive quote's vehicle and legal-tint warnings.
//! - `brand`: the organisation's JPEG logo (top right) and colour.
//! - `writer`: ops → PDF bytes.
//!
//! Amounts are never computed here: they come formatted from
//! [`domain::format_money`] in the document's language; floats are only coordinates. The output depends
//! on the input alone (no clock), so equal quotes give equal bytes.
#![forbid(unsafe_code)]

mod brand;
mod fonts;
mod labels;
mod layout;
mod sections;
mod staff_blocks;
mod text;
mod truetype;
mod vehicle;
mod writer;

use domain::{QuoteDocument, QuoteStatus};

pub use brand::Brand;
pub use fonts::text_width;
pub use layout::{MARGIN, PAGE_HEIGHT, PAGE_WIDTH};

/// The PDF of one quote version. `status` and `valid_until` (a `YYYY-MM-DD`
/// day, if the quote was sent) are the quote's current state, which the
/// document itself does not hold; `public_url` is the customer's page,
/// printed (and clickable) in every footer, or empty for none.
pub fn render(doc: &QuoteDocument, status: QuoteStatus, valid_until: Option<&str>, public_url: &str) -> Vec<u8> {
    render_branded(doc, status, valid_until, public_url, &Brand::default())
}

/// [`render`] in the organisation's `brand`: its logo at the top right (a
/// JPEG the PDF embeds as it is; one it cannot read is left out) and its
/// colour for its name and the header rule.
pub fn render_branded(doc: &QuoteDocument, status: QuoteStatus, valid_until: Option<&str>, public_url: &str, brand: &Brand) -> Vec<u8> {
    let logo = brand.logo();
    let pages = sections::lay_out(doc, status, valid_until, public_url, logo.as_ref().map(|l| (l.width, l.height)), brand.accent());
    let lang = labels::Labels::for_language(&doc.language);
    let meta = writer::Meta {
        title: &doc.number,
        author: doc.org.name.trim(),
        lang: if lang.spanish { "es" } else { "en" },
    };
    writer::write(&pages, &meta, logo.as_ref())
}

/// `COT-2026-000123-v2.pdf`: the download name (characters other than
/// letters, digits, `-` and `_` become `-`, so it is safe in headers).
pub fn file_name(doc: &QuoteDocument) -> String {
    let number: String =
        doc.number.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let number = if number.is_empty() { "quote".to_owned() } else { number };
    format!("{number}-v{}.pdf", doc.version)
}
