//! Laid-out pages → PDF bytes with `pdf-writer`: catalog, page tree, the two
//! base-14 fonts in WinAnsiEncoding, one uncompressed content stream per
//! page, link annotations, `/Info`. No clock is read, so the same pages
//! always give the same bytes.
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::fonts::{self, Font};
use crate::layout::{Color, Op, PAGE_HEIGHT, PAGE_WIDTH, Page};

/// What `/Info` and the catalog say about the document.
pub struct Meta<'a> {
    /// `/Title` (the quote number).
    pub title: &'a str,
    /// `/Author` (the organisation).
    pub author: &'a str,
    /// `/Lang` of the catalog (`es`, `en`).
    pub lang: &'a str,
}

const CATALOG: Ref = Ref::new(1);
const PAGE_TREE: Ref = Ref::new(2);
const FONT_REGULAR: Ref = Ref::new(3);
const FONT_BOLD: Ref = Ref::new(4);
const INFO: Ref = Ref::new(5);
const FIRST_FREE: i32 = 6;

/// Hands out object ids after the fixed ones.
struct Ids(i32);

impl Ids {
    fn next(&mut self) -> Ref {
        let id = Ref::new(self.0);
        self.0 += 1;
        id
    }
}

/// Writes `pages` as a PDF 1.7 file.
pub fn write(pages: &[Page], meta: &Meta) -> Vec<u8> {
    let mut pdf = Pdf::new();
    let mut ids = Ids(FIRST_FREE);
    let page_ids: Vec<(Ref, Ref)> = pages.iter().map(|_| (ids.next(), ids.next())).collect();

    pdf.catalog(CATALOG).pages(PAGE_TREE).lang(TextStr(meta.lang));
    let page_count = i32::try_from(pages.len()).unwrap_or(i32::MAX);
    pdf.pages(PAGE_TREE).kids(page_ids.iter().map(|(page, _)| *page)).count(page_count);
    pdf.document_info(INFO).title(TextStr(meta.title)).author(TextStr(meta.author)).producer(TextStr("Cotiza"));
    for (id, font) in [(FONT_REGULAR, Font::Regular), (FONT_BOLD, Font::Bold)] {
        pdf.type1_font(id).base_font(Name(font.base_font())).encoding_predefined(Name(b"WinAnsiEncoding"));
    }

    for (page, (page_id, content_id)) in pages.iter().zip(&page_ids) {
        let links: Vec<(Ref, &Op)> =
            page.ops.iter().filter(|op| matches!(op, Op::Link { .. })).map(|op| (ids.next(), op)).collect();
        let mut writer = pdf.page(*page_id);
        writer.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT));
        writer.parent(PAGE_TREE);
        writer.contents(*content_id);
        if !links.is_empty() {
            writer.annotations(links.iter().map(|(id, _)| *id));
        }
        writer
            .resources()
            .fonts()
            .pair(Name(Font::Regular.resource_name()), FONT_REGULAR)
            .pair(Name(Font::Bold.resource_name()), FONT_BOLD);
        writer.finish();

        for (id, op) in links {
            if let Op::Link { x, y, w, h, uri } = op {
                let mut annotation = pdf.annotation(id);
                annotation.subtype(AnnotationType::Link);
                annotation.rect(Rect::new(round(*x), round(*y), round(x + w), round(y + h)));
                annotation.border(0.0, 0.0, 0.0, None);
                annotation.action().action_type(ActionType::Uri).uri(Str(uri.as_bytes()));
            }
        }
        let content = content_stream(page);
        pdf.stream(*content_id, &content);
    }
    pdf.finish()
}

/// The drawing operators of one page.
fn content_stream(page: &Page) -> Vec<u8> {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Text { x, y, font, size, color, text } => {
                set_fill(&mut content, *color);
                content.begin_text();
                content.set_font(Name(font.resource_name()), round(*size));
                content.next_line(round(*x), round(*y));
                content.show(Str(&fonts::encode(text)));
                content.end_text();
            }
            Op::Line { x1, y1, x2, y2, width, color } => {
                let Color(r, g, b) = *color;
                content.set_stroke_rgb(r, g, b);
                content.set_line_width(round(*width));
                content.move_to(round(*x1), round(*y1));
                content.line_to(round(*x2), round(*y2));
                content.stroke();
            }
            Op::Fill { x, y, w, h, color } => {
                set_fill(&mut content, *color);
                content.rect(round(*x), round(*y), round(*w), round(*h));
                content.fill_nonzero();
            }
            Op::Link { .. } => {}
        }
    }
    content.finish().to_vec()
}

/// Coordinates to 1/100 pt: short operands (`734.29`, not `734.29004`) and
/// far below what a printer resolves.
fn round(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

fn set_fill(content: &mut Content, Color(r, g, b): Color) {
    content.set_fill_rgb(r, g, b);
}
