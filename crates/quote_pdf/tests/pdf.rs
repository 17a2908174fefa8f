//! The PDF as a reader sees it: parsed back with `lopdf`, its text
//! extracted, its xref checked by hand, and every piece of text measured
//! against the margins.
use domain::*;
use lopdf::content::Content;
use lopdf::{Document, Encoding, Object};
use quote_pdf::{MARGIN, PAGE_HEIGHT, PAGE_WIDTH, file_name, render, text_width};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

const URL: &str = "https://laminasdelsur.cotiza.app/p/k3J9xQ2mW8";

fn catalog() -> Vec<PricedProduct> {
    let product = |sku: &str, unit, waste_class, material_price, installation_price| PricedProduct {
        sku: sku.into(),
        unit,
        waste_class,
        material_price,
        installation_price,
        active: true,
    };
    vec![
        product("SOL-CERAMIC-70", Unit::M2, WasteClass::SolarControl, dec!(18500), dec!(6000)),
        product("SEG-8MIL", Unit::M2, WasteClass::Laminate, dec!(24990), dec!(8000)),
        product("DEC-BORDE", Unit::M, WasteClass::Vinyl, dec!(3500), dec!(1200)),
    ]
}

fn films() -> Vec<PricedFilm> {
    let film = |sku: &str, es: &str, en: &str, unit| PricedFilm {
        product_id: format!("p-{sku}"),
        sku: sku.into(),
        name_es: es.into(),
        name_en: en.into(),
        unit,
        material_price: Decimal::ZERO,
        installation_price: Decimal::ZERO,
        price_id: format!("price-{sku}"),
        specs: Specs::default(),
    };
    vec![
        film("SOL-CERAMIC-70", "Control solar cerámica 70 %", "Ceramic solar control 70%", Unit::M2),
        film("SEG-8MIL", "Lámina de seguridad 8 mil (antiimpacto, anti-astillas)", "Safety film 8 mil", Unit::M2),
        film("DEC-BORDE", "Borde decorativo esmerilado", "Frosted decorative border", Unit::M),
    ]
}

fn opening(kind: OpeningKind, width: Decimal, height: Decimal, quantity: u32, sku: &str) -> Opening {
    Opening { kind, width_m: width, height_m: height, quantity, sku: sku.into(), curved_glass: false, difficult_access: false }
}

fn small_rooms() -> Vec<Room> {
    let mut shower = opening(OpeningKind::ShowerEnclosure, dec!(0.90), dec!(1.90), 1, "SEG-8MIL");
    shower.curved_glass = true;
    let mut skylight = opening(OpeningKind::Skylight, dec!(1.00), dec!(1.00), 1, "SOL-CERAMIC-70");
    skylight.difficult_access = true;
    vec![
        Room {
            name: "Living comedor".into(),
            floor: 5,
            openings: vec![
                opening(OpeningKind::Window, dec!(1.20), dec!(1.50), 2, "SOL-CERAMIC-70"),
                opening(OpeningKind::SlidingDoor, dec!(2.40), dec!(2.10), 1, "SOL-CERAMIC-70"),
                skylight,
            ],
        },
        Room {
            name: "Baño principal".into(),
            floor: 5,
            openings: vec![shower, opening(OpeningKind::Partition, dec!(3.00), dec!(0.10), 1, "DEC-BORDE")],
        },
    ]
}

fn document(rooms: Vec<Room>, language: &str) -> QuoteDocument {
    let input = QuoteInput { extreme_weather: false, rooms, ..Default::default() };
    let products = catalog();
    let ctx = PricingContext { currency: Currency::Clp, tax_rate: dec!(0.19), products: &products };
    let breakdown = price_quote(&input, &ctx).expect("a valid quote");
    QuoteDocument {
        number: "COT-2026-000123".into(),
        version: 2,
        vertical: Vertical::Residential,
        language: language.into(),
        currency: Currency::Clp,
        priced_on: "2026-11-23".into(),
        org: OrgCard {
            slug: "laminas-del-sur".into(),
            name: "Láminas del Sur SpA".into(),
            phone: "+56 9 8765 4321".into(),
            email: "ventas@laminasdelsur.cl".into(),
            country: "CL".into(),
        },
        contact: Contact {
            name: "María José Núñez Peña".into(),
            phone: "+56912345678".into(),
            email: "mjose@example.cl".into(),
            address: "Av. Irarrázaval 1234, depto. 56".into(),
            commune: "Ñuñoa".into(),
            contact_time: ContactTime::Morning,
        },
        input,
        breakdown,
        films: films(),
        automotive: None,
    }
}

fn many_lines(n: u32) -> Vec<Room> {
    let kinds = OpeningKind::ALL;
    let openings: Vec<Opening> = (0..n)
        .map(|i| {
            let kind = kinds[i as usize % kinds.len()];
            let width = Decimal::new(80 + i64::from(i) * 3, 2);
            opening(kind, width, dec!(1.45), 1 + i % 4, if i % 2 == 0 { "SOL-CERAMIC-70" } else { "SEG-8MIL" })
        })
        .collect();
    let (first, second) = openings.split_at(openings.len() / 3);
    vec![
        Room { name: "Oficina gerencia".into(), floor: 2, openings: first.to_vec() },
        Room { name: "Sala de reuniones".into(), floor: 7, openings: second.to_vec() },
    ]
}

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).expect("lopdf parses the PDF")
}

fn page_text(doc: &Document, page: u32) -> String {
    doc.extract_text(&[page]).expect("text of the page")
}

/// One `Tj` of a page: where it starts, its font and size, its text.
#[derive(Debug)]
struct Shown {
    x: f32,
    y: f32,
    bold: bool,
    size: f32,
    text: String,
}

fn number(o: &Object) -> f32 {
    o.as_float().expect("a number operand")
}

/// Every text shown on `page`, read from the content stream (the renderer
/// writes `BT /F? size Tf x y Td (…) Tj ET` for each piece).
fn shown(doc: &Document, page: u32) -> Vec<Shown> {
    let id = doc.get_pages()[&page];
    let content = Content::decode(&doc.get_page_content(id)).expect("valid content stream");
    let win_ansi = Encoding::SimpleEncoding(b"WinAnsiEncoding");
    let (mut bold, mut size, mut x, mut y) = (false, 0.0, 0.0, 0.0);
    let mut out = Vec::new();
    for op in content.operations {
        match op.operator.as_str() {
            "BT" => (x, y) = (0.0, 0.0),
            "Tf" => {
                bold = op.operands[0].as_name().expect("font name") == b"F2";
                size = number(&op.operands[1]);
            }
            "Td" => {
                x += number(&op.operands[0]);
                y += number(&op.operands[1]);
            }
            "Tj" => {
                let Object::String(bytes, _) = &op.operands[0] else { panic!("Tj takes a string") };
                let text = Document::decode_text(&win_ansi, bytes).expect("WinAnsi text");
                out.push(Shown { x, y, bold, size, text });
            }
            "TJ" | "'" | "\"" | "Tm" | "T*" | "TD" => panic!("unexpected text operator {}", op.operator),
            _ => {}
        }
    }
    out
}

fn assert_inside_margins(doc: &Document) {
    for page in doc.get_pages().keys() {
        for s in shown(doc, *page) {
            let right = s.x + text_width(&s.text, s.bold, s.size);
            assert!(s.x >= MARGIN - 0.01, "page {page}: {s:?} starts left of the margin");
            assert!(right <= PAGE_WIDTH - MARGIN + 0.01, "page {page}: {s:?} ends at {right}");
            // Helvetica's AFM: Ascender 718, Descender -207 (1/1000 em).
            assert!(s.y - 0.207 * s.size >= MARGIN - 0.01, "page {page}: {s:?} below the bottom margin");
            assert!(s.y + 0.718 * s.size <= PAGE_HEIGHT - MARGIN + 0.01, "page {page}: {s:?} above the top margin");
        }
    }
}

#[test]
fn a_small_quote_is_one_valid_page_with_its_data() {
    let doc = document(small_rooms(), "es");
    let pdf = render(&doc, QuoteStatus::Pending, Some("2026-12-08"), URL);
    assert!(pdf.starts_with(b"%PDF-1."));
    assert!(pdf.ends_with(b"%%EOF"));

    let parsed = load(&pdf);
    assert_eq!(parsed.get_pages().len(), 1);
    let text = page_text(&parsed, 1);
    let total = format_money(doc.breakdown.total, Currency::Clp, true);
    for expected in [
        "Láminas del Sur SpA",
        "+56 9 8765 4321",
        "ventas@laminasdelsur.cl",
        "Cotización N° COT-2026-000123 (versión 2)",
        "Pendiente",
        "Fecha: 23/11/2026",
        "Válida hasta 08/12/2026",
        "María José Núñez Peña",
        "Av. Irarrázaval 1234, depto. 56",
        "Ñuñoa",
        "Living comedor",
        "Piso 5",
        "Sobre el 3.er piso",
        "Ventana",
        "Puerta corredera",
        "Tragaluz",
        "Mampara de ducha",
        "Tabique",
        "1,20 × 1,50 m × 2",
        "3,00 m",
        "Control solar cerámica 70 %",
        "4,14 m²",
        "Vidrio curvo",
        "Acceso difícil",
        "IVA (19 %)",
        "TOTAL",
        total.as_str(),
        "Página 1 de 1",
        URL,
    ] {
        assert!(text.contains(expected), "page 1 lacks {expected:?}:\n{text}");
    }
    assert!(total.starts_with("$ ") && total.contains('.'), "CLP money: {total}");
    assert_inside_margins(&parsed);
}

#[test]
fn info_names_the_quote_and_cotiza() {
    let pdf = render(&document(small_rooms(), "es"), QuoteStatus::Draft, None, "");
    let parsed = load(&pdf);
    let info_id = parsed.trailer.get(b"Info").and_then(Object::as_reference).expect("/Info in the trailer");
    let info = parsed.get_dictionary(info_id).expect("info dictionary");
    let text = |key: &[u8]| lopdf::decode_text_string(info.get(key).expect("key")).expect("text string");
    assert_eq!(text(b"Title"), "COT-2026-000123");
    assert_eq!(text(b"Producer"), "Cotiza");
    assert_eq!(text(b"Author"), "Láminas del Sur SpA");
    let page1 = page_text(&parsed, 1);
    assert!(page1.contains("Borrador"));
    assert!(!page1.contains("Válida hasta"), "a draft without validity prints none");
    assert!(!page1.contains("Ver en línea"), "no public link, no footer link");
}

/// Reads the classic xref table by hand: every in-use entry must point at `N 0 obj`.
#[test]
fn xref_offsets_point_at_their_objects() {
    let pdf = render(&document(many_lines(60), "es"), QuoteStatus::Pending, Some("2026-12-08"), URL);
    let marker = b"startxref";
    let tail = pdf.windows(marker.len()).rposition(|w| w == marker).expect("startxref");
    let after = std::str::from_utf8(&pdf[tail + marker.len()..]).expect("ASCII tail");
    let start: usize = after.split_whitespace().next().and_then(|n| n.parse().ok()).expect("offset");
    // The table and trailer are ASCII (bytes before them may not be UTF-8).
    let table = std::str::from_utf8(&pdf[start..tail]).expect("ASCII xref table");
    assert!(table.starts_with("xref"), "startxref points at the table");
    let mut lines = table.lines().skip(1);
    let mut checked = 0;
    while let Some(header) = lines.next() {
        if header.starts_with("trailer") {
            break;
        }
        let mut parts = header.split_whitespace().map(|n| n.parse::<usize>().expect("subsection header"));
        let (first, count) = (parts.next().expect("first"), parts.next().expect("count"));
        for number in first..first + count {
            let entry = lines.next().expect("entry");
            let fields: Vec<&str> = entry.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "entry {entry:?}");
            if fields[2] == "n" {
                let offset: usize = fields[0].parse().expect("offset");
                let expected = format!("{number} 0 obj");
                assert_eq!(&pdf[offset..offset + expected.len()], expected.as_bytes(), "object {number}");
                checked += 1;
            }
        }
    }
    assert!(checked > 10, "checked {checked} objects");
    assert!(table.contains("/Size"), "trailer");
}

#[test]
fn sixty_lines_flow_onto_more_pages_with_the_header_repeated() {
    let doc = document(many_lines(60), "es");
    assert_eq!(doc.breakdown.lines.len(), 60);
    let pdf = render(&doc, QuoteStatus::Confirmed, Some("2026-12-08"), URL);
    let parsed = load(&pdf);
    let count = parsed.get_pages().len();
    assert!(count >= 2, "{count} pages");
    let mut all = String::new();
    for page in 1..=count as u32 {
        let text = page_text(&parsed, page);
        assert!(text.contains(&format!("Página {page} de {count}")), "page {page}:\n{text}");
        assert!(text.contains(URL));
        if page > 1 {
            assert!(text.contains("Láminas del Sur SpA · Cotización N° COT-2026-000123"), "running head on page {page}");
        }
        all.push_str(&text);
    }
    let page2 = page_text(&parsed, 2);
    assert!(page2.contains("Abertura") && page2.contains("Medidas") && page2.contains("Lámina"), "header repeated:\n{page2}");
    assert!(page2.contains("(continuación)"), "{page2}");
    // Every line's amount is printed somewhere, the total once on the last page.
    for line in &doc.breakdown.lines {
        assert!(all.contains(&format_money(line.total, doc.currency, true)));
    }
    let last = page_text(&parsed, count as u32);
    assert!(last.contains(&format_money(doc.breakdown.total, doc.currency, true)));
    assert!(last.contains("Descuento por volumen (5 %)") || last.contains("Descuento por volumen"), "{last}");
    assert_inside_margins(&parsed);
}

#[test]
fn an_english_quote_is_in_english() {
    let doc = document(small_rooms(), "en");
    let parsed = load(&render(&doc, QuoteStatus::Expired, Some("2026-12-08"), URL));
    let text = page_text(&parsed, 1);
    for expected in [
        "Quote COT-2026-000123 (version 2)",
        "Valid until Dec 8, 2026",
        "Date: Nov 23, 2026",
        "Expired",
        "Customer",
        "Window",
        "Sliding door",
        "Shower enclosure",
        "1.20 × 1.50 m × 2",
        "Ceramic solar control 70%",
        "Curved glass",
        "Tax (19%)",
        "Page 1 of 1",
        "View online:",
    ] {
        assert!(text.contains(expected), "lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("Cotización"));
    // Money is written the English way in an English quote, whatever the currency.
    let total = format_money(doc.breakdown.total, Currency::Clp, false);
    assert!(total.starts_with('$') && total.contains(',') && !total.contains('.'), "CLP money in English: {total}");
    assert!(text.contains(&total), "lacks {total:?}:\n{text}");
    assert!(!text.contains(&format_money(doc.breakdown.total, Currency::Clp, true)), "no Spanish money in English");
}

#[test]
fn a_300_character_room_name_stays_inside_the_page() {
    let mut doc = document(small_rooms(), "es");
    let long: String = "Dormitorio principal con ventanal panorámico hacia el jardín ".repeat(6).chars().take(300).collect();
    assert_eq!(long.chars().count(), 300);
    doc.input.rooms[0].name = long.clone();
    let one_word = "X".repeat(300);
    doc.input.rooms[1].name = one_word;
    doc.contact.address = "Pasaje Los Aromos ".repeat(12);
    let parsed = load(&render(&doc, QuoteStatus::Pending, Some("2026-12-08"), URL));
    assert_inside_margins(&parsed);
    let text = page_text(&parsed, 1);
    assert!(text.contains("Dormitorio principal con ventanal"), "{text}");
    assert!(text.contains('…'), "what does not fit is ellipsized");
}

#[test]
fn characters_outside_win_ansi_print_as_question_marks() {
    let mut doc = document(small_rooms(), "es");
    doc.contact.name = "Zoë 李 “Ñandú” ¿sí? ¡ya! 25°C ±2 €".into();
    let text = page_text(&load(&render(&doc, QuoteStatus::Pending, None, URL)), 1);
    assert!(text.contains("Zoë ? “Ñandú” ¿sí? ¡ya! 25°C ±2 €"), "{text}");
}

#[test]
fn the_same_quote_gives_the_same_bytes() {
    let doc = document(many_lines(45), "es");
    let a = render(&doc, QuoteStatus::Pending, Some("2026-12-08"), URL);
    let b = render(&doc.clone(), QuoteStatus::Pending, Some("2026-12-08"), URL);
    assert_eq!(a, b);
    assert_ne!(a, render(&doc, QuoteStatus::Confirmed, Some("2026-12-08"), URL));
}

#[test]
fn file_names_carry_number_and_version() {
    let mut doc = document(small_rooms(), "es");
    assert_eq!(file_name(&doc), "COT-2026-000123-v2.pdf");
    doc.number = "COT/2026\"x".into();
    doc.version = 10;
    assert_eq!(file_name(&doc), "COT-2026-x-v10.pdf");
}

#[test]
fn text_width_uses_helvetica_metrics() {
    assert!((text_width("Hello", false, 10.0) - 22.78).abs() < 0.001);
    assert!((text_width("Hello", true, 10.0) - 24.45).abs() < 0.001);
    assert_eq!(text_width("ñ", false, 10.0), text_width("n", false, 10.0));
    assert!((text_width("€", false, 10.0) - 5.56).abs() < 0.001);
}

#[test]
fn odd_documents_still_render() {
    // Lines whose rooms are gone, empty organisation and contact, an unknown
    // language, a malformed day, an empty url: a plain valid PDF anyway.
    let mut doc = document(small_rooms(), "fr");
    doc.input.rooms.clear();
    doc.org = OrgCard::default();
    doc.contact = Contact::default();
    doc.films.clear();
    let parsed = load(&render(&doc, QuoteStatus::Rejected, Some("soon"), "   "));
    let text = page_text(&parsed, 1);
    assert!(text.contains("Rechazada") && text.contains("Válida hasta soon"), "{text}");
    assert!(text.contains("SOL-CERAMIC-70"), "a film missing from the snapshot shows its sku");
    assert_inside_margins(&parsed);

    let mut empty = document(small_rooms(), "es");
    empty.input.rooms.clear();
    empty.breakdown.lines.clear();
    let parsed = load(&render(&empty, QuoteStatus::Draft, None, URL));
    assert_eq!(parsed.get_pages().len(), 1);
    assert!(page_text(&parsed, 1).contains("TOTAL"));
}

#[test]
fn the_tax_is_named_by_the_organisations_country() {
    let mut doc = document(small_rooms(), "es");
    doc.org.country = "US".into();
    let text = page_text(&load(&render(&doc, QuoteStatus::Pending, Some("2026-12-08"), URL)), 1);
    assert!(text.contains("Impuesto (19 %)") && !text.contains("IVA"), "{text}");
}
