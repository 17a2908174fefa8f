//! DejaVu Sans and DejaVu Sans Bold (free licence, `worker/assets/fonts/`,
//! the same files the quote video draws with) for the text the base-14
//! Helvetica cannot show: Latin Extended (`Ł`, `ő`, `ș`…), Vietnamese
//! (`ễ`, `ơ`, `đ`…), Greek, Cyrillic. Such text is written in a Type 0 font
//! (`CIDFontType2`, Identity-H, a `/ToUnicode` map so it can be copied and
//! searched) holding only the glyphs the document uses, renumbered from 0.
//!
//! The fonts are built in (`include_bytes!`); if one could not be read the
//! text falls back to Helvetica with WinAnsi, as before (`?` for what
//! WinAnsi lacks).
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use ttf_parser::{Face, GlyphId, Tag};

use crate::fonts::Font;

static REGULAR_TTF: &[u8] = include_bytes!("../../../worker/assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../worker/assets/fonts/DejaVuSans-Bold.ttf");

/// The parsed face of `font`, or `None` when it cannot be read.
pub fn face(font: Font) -> Option<&'static Face<'static>> {
    static REGULAR: OnceLock<Option<Face<'static>>> = OnceLock::new();
    static BOLD: OnceLock<Option<Face<'static>>> = OnceLock::new();
    let (cell, data) = match font {
        Font::Regular => (&REGULAR, REGULAR_TTF),
        Font::Bold => (&BOLD, BOLD_TTF),
    };
    cell.get_or_init(|| Face::parse(data, 0).ok()).as_ref()
}

/// The font's glyph of `c`, if it has one.
pub fn glyph(font: Font, c: char) -> Option<u16> {
    face(font)?.glyph_index(c).map(|g| g.0).filter(|g| *g != 0)
}

/// The glyph drawn for `c`: its own, else `?`'s.
pub fn glyph_or_question(font: Font, c: char) -> u16 {
    glyph(font, c).or_else(|| glyph(font, '?')).unwrap_or(0)
}

/// Advance width of glyph `gid` in 1/1000 em.
pub fn advance(font: Font, gid: u16) -> f32 {
    let Some(face) = face(font) else { return 0.0 };
    let units = f32::from(face.units_per_em().max(1));
    f32::from(face.glyph_hor_advance(GlyphId(gid)).unwrap_or(0)) * 1000.0 / units
}

/// A subset ready to embed: the font program and, by new glyph id, the
/// widths (1/1000 em) and the characters for `/ToUnicode`.
pub struct Subset {
    pub program: Vec<u8>,
    /// Old glyph id → new glyph id (what the content stream writes).
    pub new_ids: BTreeMap<u16, u16>,
    pub widths: Vec<f32>,
    pub chars: Vec<(u16, char)>,
    /// `ABCDEF+DejaVuSans`: the tag tells subsets apart.
    pub base_font: String,
    pub bbox: [f32; 4],
    pub ascent: f32,
    pub descent: f32,
    pub cap_height: f32,
}

/// The glyphs of `used` (old glyph id → a character it draws), with the
/// components of composite glyphs and `.notdef`, as a TrueType font.
pub fn subset(font: Font, used: &BTreeMap<u16, char>) -> Option<Subset> {
    let face = face(font)?;
    let raw = face.raw_face();
    let table = |tag: &[u8; 4]| raw.table(Tag::from_bytes(tag));
    let (head, hhea, maxp, hmtx, loca, glyf) = (table(b"head")?, table(b"hhea")?, table(b"maxp")?, table(b"hmtx")?, table(b"loca")?, table(b"glyf")?);
    let long_loca = read_u16(head, 50)? == 1;
    let glyph_count = read_u16(maxp, 4)?;
    let glyph_data = |gid: u16| -> Option<&'static [u8]> {
        let i = usize::from(gid);
        let (start, end) = if long_loca {
            (read_u32(loca, i * 4)? as usize, read_u32(loca, i * 4 + 4)? as usize)
        } else {
            (usize::from(read_u16(loca, i * 2)?) * 2, usize::from(read_u16(loca, i * 2 + 2)?) * 2)
        };
        glyf.get(start..end)
    };

    // Every glyph needed: .notdef, the used ones, their components.
    let mut keep: BTreeSet<u16> = BTreeSet::from([0]);
    let mut todo: Vec<u16> = used.keys().copied().filter(|g| *g < glyph_count).collect();
    while let Some(gid) = todo.pop() {
        if keep.insert(gid) {
            for (_, component) in components(glyph_data(gid)?) {
                todo.push(component);
            }
        }
    }
    let new_ids: BTreeMap<u16, u16> = keep.iter().enumerate().map(|(i, g)| (*g, i as u16)).collect();

    let mut new_glyf = Vec::new();
    let mut new_loca = Vec::new();
    let mut new_hmtx = Vec::new();
    let metrics = usize::from(read_u16(hhea, 34)?);
    for &gid in &keep {
        new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
        let mut data = glyph_data(gid)?.to_vec();
        for (offset, component) in components(&data.clone()) {
            data[offset..offset + 2].copy_from_slice(&new_ids.get(&component)?.to_be_bytes());
        }
        new_glyf.extend_from_slice(&data);
        while new_glyf.len() % 4 != 0 {
            new_glyf.push(0);
        }
        let i = usize::from(gid);
        let (advance, lsb) = if i < metrics {
            (read_u16(hmtx, i * 4)?, read_u16(hmtx, i * 4 + 2)?)
        } else {
            (read_u16(hmtx, (metrics - 1) * 4)?, read_u16(hmtx, metrics * 4 + (i - metrics) * 2)?)
        };
        new_hmtx.extend_from_slice(&advance.to_be_bytes());
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }
    new_loca.extend_from_slice(&(new_glyf.len() as u32).to_be_bytes());
    let count = keep.len() as u16;
    let mut new_head = head.to_vec();
    new_head.get_mut(8..12)?.copy_from_slice(&[0; 4]);
    new_head.get_mut(50..52)?.copy_from_slice(&1u16.to_be_bytes());
    let mut new_hhea = hhea.to_vec();
    new_hhea.get_mut(34..36)?.copy_from_slice(&count.to_be_bytes());
    let mut new_maxp = maxp.to_vec();
    new_maxp.get_mut(4..6)?.copy_from_slice(&count.to_be_bytes());

    let mut tables: Vec<([u8; 4], Vec<u8>)> = vec![
        (*b"glyf", new_glyf),
        (*b"head", new_head),
        (*b"hhea", new_hhea),
        (*b"hmtx", new_hmtx),
        (*b"loca", new_loca),
        (*b"maxp", new_maxp),
    ];
    for tag in [b"cvt ", b"fpgm", b"prep"] {
        if let Some(data) = table(tag) {
            tables.push((*tag, data.to_vec()));
        }
    }
    tables.sort_by(|a, b| a.0.cmp(&b.0));
    let program = write_font(&tables);

    let scale = 1000.0 / f32::from(face.units_per_em().max(1));
    let widths = keep.iter().map(|g| advance(font, *g)).collect();
    let chars = used.iter().filter_map(|(g, c)| Some((*new_ids.get(g)?, *c))).collect();
    let bbox = face.global_bounding_box();
    let name = match font {
        Font::Regular => "DejaVuSans",
        Font::Bold => "DejaVuSans-Bold",
    };
    Some(Subset {
        program,
        base_font: format!("{}+{name}", subset_tag(&keep)),
        new_ids,
        widths,
        chars,
        bbox: [bbox.x_min, bbox.y_min, bbox.x_max, bbox.y_max].map(|v| f32::from(v) * scale),
        ascent: f32::from(face.ascender()) * scale,
        descent: f32::from(face.descender()) * scale,
        cap_height: f32::from(face.capital_height().unwrap_or(face.ascender())) * scale,
    })
}

/// The components of a composite glyph: (offset of its glyph index, glyph id).
fn components(data: &[u8]) -> Vec<(usize, u16)> {
    const WORDS: u16 = 0x0001;
    const SCALE: u16 = 0x0008;
    const MORE: u16 = 0x0020;
    const XY_SCALE: u16 = 0x0040;
    const TWO_BY_TWO: u16 = 0x0080;
    let mut out = Vec::new();
    let Some(contours) = read_u16(data, 0) else { return out };
    if contours as i16 >= 0 {
        return out;
    }
    let mut at = 10;
    while let (Some(flags), Some(gid)) = (read_u16(data, at), read_u16(data, at + 2)) {
        out.push((at + 2, gid));
        at += 4 + if flags & WORDS != 0 { 4 } else { 2 };
        at += if flags & SCALE != 0 {
            2
        } else if flags & XY_SCALE != 0 {
            4
        } else if flags & TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE == 0 {
            break;
        }
    }
    out
}

/// Tables (sorted by tag) → an `sfnt` file with its directory and checksums.
fn write_font(tables: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.max(1).leading_zeros());
    let search_range = power * 16;
    let mut out = Vec::new();
    out.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for v in [count, search_range, power.trailing_zeros() as u16, count * 16 - search_range] {
        out.extend_from_slice(&v.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().div_ceil(4) * 4;
    }
    let mut head_at = None;
    for (tag, data) in tables {
        if tag == b"head" {
            head_at = Some(out.len());
        }
        out.extend_from_slice(data);
        while out.len() % 4 != 0 {
            out.push(0);
        }
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// Six capital letters from the glyph set, the same set giving the same tag.
fn subset_tag(glyphs: &BTreeSet<u16>) -> String {
    let mut hash: u32 = 2_166_136_261;
    for g in glyphs {
        for b in g.to_be_bytes() {
            hash = (hash ^ u32::from(b)).wrapping_mul(16_777_619);
        }
    }
    (0..6).map(|i| char::from(b'A' + ((hash >> (i * 5)) % 26) as u8)).collect()
}

fn read_u16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn read_u32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_covers_latin_extended_and_vietnamese() {
        for c in "ŁłŐőȘșĐđƠơƯưễệữỹ".chars() {
            assert!(glyph(Font::Regular, c).is_some() && glyph(Font::Bold, c).is_some(), "{c}");
        }
        assert!(glyph(Font::Regular, '李').is_none(), "no CJK: drawn as ?");
    }

    #[test]
    fn a_subset_keeps_the_glyphs_used_and_their_components() {
        let used: BTreeMap<u16, char> = "Łukasz Nguyễn".chars().map(|c| (glyph_or_question(Font::Regular, c), c)).collect();
        let sub = subset(Font::Regular, &used).expect("subset");
        assert!(sub.program.len() < 20_000, "{} bytes", sub.program.len());
        let parsed = Face::parse(&sub.program, 0).expect("the subset is a valid font");
        assert_eq!(usize::from(parsed.number_of_glyphs()), sub.widths.len());
        assert!(sub.new_ids.len() >= used.len() + 1, "notdef and composite parts too");
        // Every glyph used is there with its outline (ễ is built from e and two accents).
        let e = sub.new_ids[&glyph(Font::Regular, 'ễ').expect("ễ")];
        assert!(parsed.outline_glyph(GlyphId(e), &mut Sink).is_some());
        assert_eq!(sub.base_font, subset(Font::Regular, &used).expect("again").base_font, "deterministic");
    }

    struct Sink;
    impl ttf_parser::OutlineBuilder for Sink {
        fn move_to(&mut self, _: f32, _: f32) {}
        fn line_to(&mut self, _: f32, _: f32) {}
        fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
        fn close(&mut self) {}
    }
}
