//! The two built-in fonts the PDF uses (Helvetica and Helvetica-Bold, never
//! embedded), the WinAnsi encoding their text is written in, and their
//! advance widths, so the layout can measure, right-align, wrap and shorten
//! text exactly as a PDF viewer will draw it. A text with characters
//! WinAnsi lacks (`Ł`, `ễ`…) is drawn and measured in the embedded DejaVu
//! Sans instead (`truetype.rs`).
//!
//! Widths are the Adobe AFM widths (1/1000 em) of the glyphs of
//! WinAnsiEncoding codes 32..=255; codes that encoding leaves undefined are 0
//! (nothing is ever encoded to them). No kerning: `Tj` does not kern either.

use crate::truetype;

/// One of the two fonts of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// Helvetica.
    Regular,
    /// Helvetica-Bold.
    Bold,
}

impl Font {
    /// `Bold` when `bold`, else `Regular`.
    pub fn from_bold(bold: bool) -> Font {
        if bold { Font::Bold } else { Font::Regular }
    }

    /// The base-14 font name.
    pub fn base_font(self) -> &'static [u8] {
        match self {
            Font::Regular => b"Helvetica",
            Font::Bold => b"Helvetica-Bold",
        }
    }

    /// The name of the font in each page's resources.
    pub fn resource_name(self) -> &'static [u8] {
        match self {
            Font::Regular => b"F1",
            Font::Bold => b"F2",
        }
    }

    fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA,
            Font::Bold => &HELVETICA_BOLD,
        }
    }

    /// Advance width of one encoded byte, in 1/1000 of the font size.
    pub fn byte_width(self, byte: u8) -> u16 {
        byte.checked_sub(32).and_then(|i| self.widths().get(usize::from(i))).copied().unwrap_or(0)
    }

    /// Width of `text` at `size` points, as it will be drawn: in the
    /// embedded font when [`Font::embeds`] says so, else in Helvetica after
    /// [`encode`] (so unprintable characters count as the `?` drawn instead).
    pub fn width(self, text: &str, size: f32) -> f32 {
        if self.embeds(text) {
            let units: f32 = text.chars().map(|c| truetype::advance(self, truetype::glyph_or_question(self, c))).sum();
            return units * size / 1000.0;
        }
        let units: u32 = text.chars().map(|c| u32::from(self.byte_width(win_ansi_byte(c)))).sum();
        units as f32 * size / 1000.0
    }

    /// Whether `text` is drawn in the embedded TrueType font (DejaVu Sans):
    /// when it has a character WinAnsi lacks and that font has. Anything
    /// else stays in Helvetica with WinAnsi (and so do all texts when the
    /// font cannot be read).
    pub fn embeds(self, text: &str) -> bool {
        text.chars().any(|c| win_ansi_byte(c) == b'?' && c != '?' && !c.is_whitespace() && truetype::glyph(self, c).is_some())
    }
}

/// Width in points of `text` in Helvetica (or Helvetica-Bold when `bold`) at
/// `size` points: `text_width("Hello", false, 10.0)` ≈ 22.78.
pub fn text_width(text: &str, bold: bool, size: f32) -> f32 {
    Font::from_bold(bold).width(text, size)
}

/// The WinAnsi byte that draws `c`: ASCII and Latin-1 as themselves, the
/// Windows-1252 extras (€ … – — ‘ ’ “ ” • ™ Œ Š Ž Ÿ …) at 0x80..=0x9F,
/// whitespace and control characters as a space, anything else as `?`.
pub fn win_ansi_byte(c: char) -> u8 {
    let code = u32::from(c);
    match code {
        0x20..=0x7E | 0xA1..=0xFF => code as u8,
        0xA0 => b' ',
        _ if c.is_whitespace() || c.is_control() => b' ',
        _ => windows_1252_extra(c)
            .or_else(|| look_alike(c))
            .unwrap_or(b'?'),
    }
}

/// Encodes `text` for a `Tj` in a WinAnsi font (see [`win_ansi_byte`]).
pub fn encode(text: &str) -> Vec<u8> {
    text.chars().map(win_ansi_byte).collect()
}

/// The characters Windows-1252 puts at 0x80..=0x9F.
fn windows_1252_extra(c: char) -> Option<u8> {
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Common characters outside WinAnsi that have an obvious stand-in.
fn look_alike(c: char) -> Option<u8> {
    Some(match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2212}' => b'-',
        '\u{2032}' | '\u{02BC}' => 0x92,
        '\u{2033}' => b'"',
        _ => return None,
    })
}

/// Helvetica, WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 0,
    556, 0, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 578, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
];

/// Helvetica-Bold, WinAnsi codes 32..=255.
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 0,
    556, 0, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 0, 611, 0,
    0, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 0, 500, 667,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333,
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hello_in_helvetica() {
        // H 722 + e 556 + l 222 + l 222 + o 556 = 2278 units.
        assert!((text_width("Hello", false, 10.0) - 22.78).abs() < 1e-4);
        // Bold: H 722 + e 556 + l 278 + l 278 + o 611 = 2445.
        assert!((text_width("Hello", true, 10.0) - 24.45).abs() < 1e-4);
        assert_eq!(text_width("", false, 10.0), 0.0);
    }

    #[test]
    fn spanish_text_is_win_ansi() {
        assert_eq!(encode("áéíóúñÑü¿¡°²€×"), vec![0xE1, 0xE9, 0xED, 0xF3, 0xFA, 0xF1, 0xD1, 0xFC, 0xBF, 0xA1, 0xB0, 0xB2, 0x80, 0xD7]);
        assert_eq!(encode("Año\n\tok"), b"A\xF1o  ok".to_vec());
        assert_eq!(encode("日本 ✓"), b"?? ?".to_vec());
        assert_eq!(encode("“—”…"), vec![0x93, 0x97, 0x94, 0x85]);
    }

    #[test]
    fn widths_of_accented_letters_match_their_base_letters() {
        for (plain, accented) in [("a", "á"), ("e", "é"), ("n", "ñ"), ("N", "Ñ"), ("u", "ü")] {
            assert_eq!(text_width(plain, false, 12.0), text_width(accented, false, 12.0), "{accented}");
            assert_eq!(text_width(plain, true, 12.0), text_width(accented, true, 12.0), "{accented}");
        }
        assert_eq!(Font::Regular.byte_width(0x80), 556, "Euro");
        assert_eq!(Font::Bold.byte_width(b'?'), 611);
        assert_eq!(Font::Regular.byte_width(b'?'), 556);
        assert_eq!(Font::Regular.byte_width(7), 0);
        assert_eq!(text_width("?", false, 10.0), text_width("日", false, 10.0));
    }
}
