//! Names outside Latin-1 (Polish, Vietnamese…) print as written, in an
//! embedded DejaVu Sans subset that text extraction reads back through its
//! `/ToUnicode` map; quotes in plain Spanish embed nothing.
use domain::*;
use lopdf::{Document, Object};
use quote_pdf::render;
use rust_decimal_macros::dec;

mod support;

fn quote(customer: &str, room: &str) -> QuoteDocument {
    let input = QuoteInput { rooms: support::room(room, vec![support::window("SOL-70", 1)]), ..Default::default() };
    let products = vec![support::film("SOL-70", dec!(20), dec!(5))];
    QuoteDocument {
        org: OrgCard { slug: "hanoi".into(), name: "Phim Cách Nhiệt Đông Á".into(), phone: String::new(), email: String::new(), country: "VN".into() },
        contact: Contact { name: customer.into(), phone: "+84901234567".into(), address: "Đường Lê Lợi 12, Quận 1".into(), ..Contact::default() },
        ..support::document(input, products, Currency::Usd, dec!(0.10), "en")
    }
}

fn text_of(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).expect("lopdf parses the PDF");
    doc.extract_text(&[1]).expect("text")
}

/// The `/BaseFont` of every font object in the file.
fn base_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("parse");
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(Object::as_name).is_ok_and(|n| n == b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(Object::as_name).ok().map(|n| String::from_utf8_lossy(n).into_owned()))
        .collect()
}

#[test]
fn names_outside_latin_1_print_as_written() {
    let pdf = render(&quote("Łukasz Nguyễn", "Phòng khách Trần Thị Ưng"), QuoteStatus::Pending, None, "");
    let text = text_of(&pdf);
    for expected in ["Łukasz Nguyễn", "Phim Cách Nhiệt Đông Á", "Đường Lê Lợi 12, Quận 1", "Phòng khách Trần Thị Ưng"] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains('?'), "nothing replaced by ?:\n{text}");
    let fonts = base_fonts(&pdf);
    assert!(fonts.iter().any(|f| f.ends_with("+DejaVuSans")), "{fonts:?}");
    assert!(fonts.iter().any(|f| f.ends_with("+DejaVuSans-Bold")), "the organisation's name is bold: {fonts:?}");
    assert!(pdf.len() < 60_000, "only the glyphs used are embedded: {} bytes", pdf.len());

}

#[test]
fn plain_spanish_embeds_no_font() {
    let mut doc = quote("María José Núñez", "Living");
    doc.org.name = "Láminas del Sur".into();
    doc.contact.address = "Av. Irarrázaval 1234, Ñuñoa".into();
    let pdf = render(&doc, QuoteStatus::Pending, None, "");
    assert!(text_of(&pdf).contains("María José Núñez"));
    let mut fonts = base_fonts(&pdf);
    fonts.sort();
    assert_eq!(fonts, ["Helvetica", "Helvetica-Bold"]);
}
