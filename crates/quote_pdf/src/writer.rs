//! Laid-out pages → PDF bytes with `pdf-writer`: catalog, page tree, the two
//! base-14 fonts in WinAnsiEncoding (and, only if some text needs them, the
//! embedded DejaVu subsets as Type 0 fonts), one uncompressed content stream per
//! page, link annotations, `/Info`. No clock is read, so the same pages
//! always give the same bytes.
use std::collections::BTreeMap;

use pdf_writer::types::{ActionType, AnnotationType, CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

use crate::brand::Logo;

use crate::fonts::{self, Font};
use crate::layout::{Color, Op, PAGE_HEIGHT, PAGE_WIDTH, Page};
use crate::truetype::{self, Subset};

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

/// The resource name of the logo image.
const LOGO_NAME: &[u8] = b"Im1";

/// Writes `pages` as a PDF 1.7 file; `logo` is the image the pages' `Op::Logo` draw.
pub fn write(pages: &[Page], meta: &Meta, logo: Option<&Logo>) -> Vec<u8> {
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
    // Text WinAnsi cannot show, in the embedded subsets (only when there is some).
    let embedded: Vec<(Font, Ref, Subset)> = [Font::Regular, Font::Bold]
        .into_iter()
        .filter_map(|font| {
            let used = glyphs_used(pages, font);
            if used.is_empty() {
                return None;
            }
            let subset = truetype::subset(font, &used)?;
            let id = ids.next();
            embed(&mut pdf, &mut ids, id, &subset);
            Some((font, id, subset))
        })
        .collect();
    // The logo, once, as the JPEG it is (DCTDecode), if some page draws it.
    let drawn = pages.iter().flat_map(|p| &p.ops).any(|op| matches!(op, Op::Logo { .. }));
    let logo_id = logo.filter(|_| drawn).map(|logo| {
        let id = ids.next();
        let mut image = pdf.image_xobject(id, &logo.bytes);
        image.filter(Filter::DctDecode);
        image.width(i32::from(logo.width));
        image.height(i32::from(logo.height));
        match logo.components {
            1 => image.color_space().device_gray(),
            4 => image.color_space().device_cmyk(),
            _ => image.color_space().device_rgb(),
        };
        image.bits_per_component(8);
        image.finish();
        id
    });

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
        let mut resources = writer.resources();
        let mut fonts = resources.fonts();
        fonts.pair(Name(Font::Regular.resource_name()), FONT_REGULAR).pair(Name(Font::Bold.resource_name()), FONT_BOLD);
        for (font, id, _) in &embedded {
            fonts.pair(Name(embedded_name(*font)), *id);
        }
        fonts.finish();
        if let Some(id) = logo_id.filter(|_| page.ops.iter().any(|op| matches!(op, Op::Logo { .. }))) {
            resources.x_objects().pair(Name(LOGO_NAME), id);
        }
        resources.finish();
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
        let content = content_stream(page, &embedded, logo_id.is_some());
        pdf.stream(*content_id, &content);
    }
    pdf.finish()
}

/// The resource name of an embedded font.
fn embedded_name(font: Font) -> &'static [u8] {
    match font {
        Font::Regular => b"F3",
        Font::Bold => b"F4",
    }
}

/// Every glyph the texts drawn in the embedded `font` need, with a character each draws.
fn glyphs_used(pages: &[Page], font: Font) -> BTreeMap<u16, char> {
    let mut used = BTreeMap::new();
    for op in pages.iter().flat_map(|p| &p.ops) {
        if let Op::Text { font: f, text, .. } = op
            && *f == font
            && font.embeds(text)
        {
            for c in text.chars() {
                let c = if c.is_whitespace() || c.is_control() { ' ' } else { c };
                let gid = truetype::glyph_or_question(font, c);
                used.entry(gid).or_insert(if truetype::glyph(font, c).is_some() { c } else { '?' });
            }
        }
    }
    used
}

/// The Type 0 font `id` (Identity-H) over a `CIDFontType2` of the subset,
/// its descriptor, font file and `/ToUnicode` map.
fn embed(pdf: &mut Pdf, ids: &mut Ids, id: Ref, subset: &Subset) {
    let (cid_id, descriptor_id, file_id, cmap_id) = (ids.next(), ids.next(), ids.next(), ids.next());
    let name = Name(subset.base_font.as_bytes());
    let system = || SystemInfo { registry: Str(b"Adobe"), ordering: Str(b"Identity"), supplement: 0 };
    pdf.type0_font(id).base_font(name).encoding_predefined(Name(b"Identity-H")).descendant_font(cid_id).to_unicode(cmap_id);
    let mut cid = pdf.cid_font(cid_id);
    cid.subtype(CidFontType::Type2).base_font(name).system_info(system()).font_descriptor(descriptor_id);
    cid.cid_to_gid_map_predefined(Name(b"Identity"));
    cid.widths().consecutive(0, subset.widths.iter().map(|w| round(*w)));
    cid.finish();
    let [x0, y0, x1, y1] = subset.bbox;
    pdf.font_descriptor(descriptor_id)
        .name(name)
        .flags(FontFlags::NON_SYMBOLIC)
        .bbox(Rect::new(round(x0), round(y0), round(x1), round(y1)))
        .italic_angle(0.0)
        .ascent(round(subset.ascent))
        .descent(round(subset.descent))
        .cap_height(round(subset.cap_height))
        .stem_v(80.0)
        .font_file2(file_id);
    pdf.stream(file_id, &subset.program).pair(Name(b"Length1"), subset.program.len() as i32);
    let mut cmap = UnicodeCmap::new(Name(b"Cotiza-UCS"), system());
    for (gid, c) in &subset.chars {
        cmap.pair(*gid, *c);
    }
    pdf.cmap(cmap_id, &cmap.finish());
}

/// `text` as the 2-byte glyph ids of an embedded subset.
fn encode_glyphs(font: Font, subset: &Subset, text: &str) -> Vec<u8> {
    text.chars()
        .flat_map(|c| {
            let c = if c.is_whitespace() || c.is_control() { ' ' } else { c };
            let gid = truetype::glyph_or_question(font, c);
            subset.new_ids.get(&gid).copied().unwrap_or(0).to_be_bytes()
        })
        .collect()
}

/// The drawing operators of one page.
fn content_stream(page: &Page, embedded: &[(Font, Ref, Subset)], has_logo: bool) -> Vec<u8> {
    let mut content = Content::new();
    for op in &page.ops {
        match op {
            Op::Text { x, y, font, size, color, text } => {
                set_fill(&mut content, *color);
                content.begin_text();
                let subset = embedded.iter().find(|(f, _, _)| f == font && font.embeds(text));
                match subset {
                    Some((_, _, subset)) => {
                        content.set_font(Name(embedded_name(*font)), round(*size));
                        content.next_line(round(*x), round(*y));
                        content.show(Str(&encode_glyphs(*font, subset, text)));
                    }
                    None => {
                        content.set_font(Name(font.resource_name()), round(*size));
                        content.next_line(round(*x), round(*y));
                        content.show(Str(&fonts::encode(text)));
                    }
                }
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
            Op::Logo { x, y, w, h } if has_logo => {
                content.save_state();
                content.transform([round(*w), 0.0, 0.0, round(*h), round(*x), round(*y)]);
                content.x_object(Name(LOGO_NAME));
                content.restore_state();
            }
            Op::Logo { .. } => {}
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
