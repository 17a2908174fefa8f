//! What staff add to a quote, in its PDF: the extra lines and the manual
//! discount with the totals, the terms at the end (wrapped, onto more pages
//! when long), and never the internal notes.
use domain::*;
use lopdf::Document;
use quote_pdf::render;
use rust_decimal_macros::dec;

mod support;

fn quote(terms: &str) -> QuoteDocument {
    let input = QuoteInput {
        rooms: support::room("Living", vec![support::window("SOL-70", 1)]),
        extras: vec![ExtraLine { description: "Retiro de lámina antigua".into(), amount: dec!(25000) }],
        manual_discount: dec!(5030),
        terms: terms.into(),
        internal_notes: "NOTA-SECRETA-DEL-EQUIPO".into(),
        ..QuoteInput::default()
    };
    let products = vec![support::film("SOL-70", dec!(18000), dec!(6000))];
    QuoteDocument {
        number: "COT-2026-000007".into(),
        org: OrgCard { slug: "sur".into(), name: "Láminas del Sur".into(), ..OrgCard::default() },
        contact: Contact { name: "Ana Pérez".into(), phone: "+56987654321".into(), ..Contact::default() },
        ..support::document(input, products, Currency::Clp, dec!(0.19), "es")
    }
}

fn pages(pdf: &[u8]) -> Vec<String> {
    let doc = Document::load_mem(pdf).expect("lopdf parses the PDF");
    let count = doc.get_pages().len() as u32;
    (1..=count).map(|p| doc.extract_text(&[p]).expect("text")).collect()
}

#[test]
fn extras_manual_discount_and_terms_print_and_notes_never_do() {
    let doc = quote("Pago 50 % al aceptar y 50 % al terminar.\nGarantía de 2 años en la instalación.");
    assert_eq!(doc.breakdown.total, dec!(82884), "the contract's CLP example");
    let text = pages(&render(&doc, QuoteStatus::Pending, Some("2026-12-08"), "")).join("\n");
    for expected in [
        "Líneas adicionales",
        "Retiro de lámina antigua",
        &format_money(dec!(25000), Currency::Clp, true),
        "Descuento adicional",
        "5.030",
        &format_money(dec!(82884), Currency::Clp, true),
        "Condiciones",
        "Pago 50 % al aceptar y 50 % al terminar.",
        "Garantía de 2 años en la instalación.",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("NOTA-SECRETA"), "internal notes are never printed:\n{text}");
}

#[test]
fn long_terms_wrap_and_flow_onto_another_page() {
    let paragraph = "Los trabajos se coordinan con al menos 48 horas de anticipación y el cliente asegura el acceso a cada ventana. ";
    // 33 paragraphs of two lines each: more than a page, within the 4 000 characters a quote's terms may have.
    let terms = (1..=33).map(|i| format!("{i}. {paragraph}")).collect::<Vec<_>>().join("\n");
    assert!(terms.chars().count() <= MAX_QUOTE_TEXT_CHARS);
    let text = pages(&render(&quote(&terms), QuoteStatus::Pending, None, ""));
    assert!(text.len() >= 2, "{} page(s)", text.len());
    let last = text.last().expect("a page");
    assert!(last.contains("33. Los trabajos"), "the last paragraph is on the last page:\n{last}");
    let all = text.join("\n");
    assert!(all.contains("1. Los trabajos") && all.contains("17. Los trabajos"), "every paragraph is printed");
    assert!(text.iter().all(|p| !p.contains('…')), "terms are never cut short");
}
