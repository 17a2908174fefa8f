//! The organisation's brand on its PDF: its JPEG logo embedded once, drawn
//! at the top of the first page, and its colour on the header rule; without
//! a logo (or with one that is not a JPEG) no image at all.
use domain::*;
use lopdf::content::Content;
use lopdf::{Document, Object};
use quote_pdf::{Brand, render, render_branded};
use rust_decimal_macros::dec;

mod support;

/// A 96×32 red JPEG.
const LOGO: &[u8] = include_bytes!("data/logo.jpg");

fn quote() -> QuoteDocument {
    let input = QuoteInput { rooms: support::room("Living", vec![support::window("SOL-50", 2)]), ..Default::default() };
    let products = vec![support::film("SOL-50", dec!(40), dec!(12))];
    QuoteDocument {
        org: OrgCard { slug: "sur".into(), name: "Láminas Sur".into(), phone: "+56 9 1111 2222".into(), email: String::new(), country: "CL".into() },
        ..support::document(input, products, Currency::Clp, dec!(0.19), "es")
    }
}

/// The images of the document: (width, height, filter).
fn images(doc: &Document) -> Vec<(i64, i64, Vec<u8>)> {
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(Object::as_name).is_ok_and(|n| n == b"Image"))
        .map(|s| {
            let int = |k: &[u8]| s.dict.get(k).and_then(Object::as_i64).expect("a size");
            (int(b"Width"), int(b"Height"), s.dict.get(b"Filter").and_then(Object::as_name).expect("a filter").to_vec())
        })
        .collect()
}

/// The operators of page `n` (1-based), by name with their operands.
fn operations(doc: &Document, n: u32) -> Vec<(String, Vec<Object>)> {
    let page = doc.get_pages()[&n];
    let content = Content::decode(&doc.get_page_content(page)).expect("decodes");
    content.operations.into_iter().map(|op| (op.operator, op.operands)).collect()
}

fn number(o: &Object) -> f32 {
    match o {
        Object::Integer(i) => *i as f32,
        Object::Real(r) => *r,
        other => panic!("not a number: {other:?}"),
    }
}

#[test]
fn the_logo_is_embedded_as_a_jpeg_and_drawn_at_the_top_in_the_brand_colour() {
    let brand = Brand { logo_jpeg: Some(LOGO.to_vec()), color: Some([0xb9, 0x1c, 0x1c]) };
    let pdf = render_branded(&quote(), QuoteStatus::Pending, Some("2026-12-08"), "https://x.example/p/t", &brand);
    let doc = Document::load_mem(&pdf).expect("lopdf parses the PDF");
    assert_eq!(images(&doc), vec![(96, 32, b"DCTDecode".to_vec())], "the JPEG, once, as it is");
    assert!(pdf.windows(LOGO.len()).any(|w| w == LOGO), "the bytes unchanged");

    let ops = operations(&doc, 1);
    let at = ops.iter().position(|(op, args)| op == "Do" && args.first().and_then(|a| a.as_name().ok()) == Some(b"Im1")).expect("the logo is drawn");
    let (op, matrix) = &ops[at - 1];
    assert_eq!(op, "cm");
    let [w, _, _, h, x, y] = [0, 1, 2, 3, 4, 5].map(|i| number(&matrix[i]));
    assert!((w / h - 3.0).abs() < 0.05, "the aspect ratio is kept: {w}×{h}");
    assert!(h <= 36.0 && w <= 140.0, "inside its box: {w}×{h}");
    assert!((x + w - (quote_pdf::PAGE_WIDTH - quote_pdf::MARGIN)).abs() < 0.05, "right-aligned: {x} + {w}");
    assert!(y + h <= quote_pdf::PAGE_HEIGHT - quote_pdf::MARGIN + 0.05 && y > quote_pdf::PAGE_HEIGHT / 2.0, "at the top: {y}");
    let red = [0xb9 as f32 / 255.0, 0x1c as f32 / 255.0, 0x1c as f32 / 255.0];
    assert!(
        ops.iter().any(|(op, args)| op == "RG" && args.iter().map(number).zip(red).all(|(a, b)| (a - b).abs() < 0.01)),
        "the header rule in the brand colour"
    );
}

#[test]
fn without_a_readable_jpeg_there_is_no_image() {
    let plain = Document::load_mem(&render(&quote(), QuoteStatus::Pending, None, "")).expect("parses");
    assert!(images(&plain).is_empty());
    let png = Brand { logo_jpeg: Some(b"\x89PNG\r\n\x1a\n not a jpeg".to_vec()), color: None };
    let pdf = render_branded(&quote(), QuoteStatus::Pending, None, "", &png);
    let doc = Document::load_mem(&pdf).expect("parses");
    assert!(images(&doc).is_empty(), "a logo it cannot read is left out");
    assert!(operations(&doc, 1).iter().all(|(op, _)| op != "Do"));
}
