//! Text layout with the bundled DejaVu Sans faces (fontdue): measuring,
//! wrapping to a width, shortening with an ellipsis, and finding the largest
//! size that fits. Drawing uses the same glyph positions (see [`glyph_positions`]),
//! so what is measured here is exactly what lands on the frame.
use std::sync::OnceLock;

use fontdue::{Font, FontSettings};

static REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The ellipsis that ends shortened text.
pub(crate) const ELLIPSIS: char = '…';

/// One of the two faces shipped in `worker/assets/fonts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Face {
    Regular,
    Bold,
}

/// A face at a whole pixel size (glyphs are cached per size).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Style {
    pub face: Face,
    pub size: u16,
}

impl Style {
    pub(crate) const fn regular(size: u16) -> Style {
        Style { face: Face::Regular, size }
    }

    pub(crate) const fn bold(size: u16) -> Style {
        Style { face: Face::Bold, size }
    }

    fn px(self) -> f32 {
        f32::from(self.size)
    }
}

/// The parsed fonts, loaded once per process.
pub(crate) struct Fonts {
    regular: Font,
    bold: Font,
}

/// The bundled fonts. They are part of the binary, so failing to parse them
/// is a build defect, not bad input (a unit test parses them).
pub(crate) fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let load = |bytes: &'static [u8]| {
            Font::from_bytes(bytes, FontSettings::default()).expect("the bundled DejaVu font parses")
        };
        Fonts { regular: load(REGULAR_TTF), bold: load(BOLD_TTF) }
    })
}

impl Fonts {
    pub(crate) fn font(&self, face: Face) -> &Font {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// Pixels above the baseline that the face's glyphs reach.
    pub(crate) fn ascent(&self, style: Style) -> i32 {
        self.line_metrics(style).0
    }

    /// Pixels below the baseline that the face's glyphs reach.
    pub(crate) fn descent(&self, style: Style) -> i32 {
        self.line_metrics(style).1
    }

    fn line_metrics(&self, style: Style) -> (i32, i32) {
        let px = style.px();
        match self.font(style.face).horizontal_line_metrics(px) {
            Some(m) => (m.ascent.ceil() as i32, (-m.descent).ceil() as i32),
            None => ((px * 0.93).ceil() as i32, (px * 0.24).ceil() as i32),
        }
    }

    /// The width `text` covers when drawn from x = 0: the pen's advance or
    /// the right edge of the last glyph's ink, whichever is further.
    pub(crate) fn width(&self, text: &str, style: Style) -> i32 {
        let font = self.font(style.face);
        let mut right = 0;
        let end = glyph_positions(font, text, style.px(), |c, x| {
            let m = font.metrics(c, style.px());
            if m.width > 0 {
                right = right.max(x + m.xmin + m.width as i32);
            }
        });
        right.max(end)
    }
}

/// Walks the glyphs of `text` at `px`, calling `each(char, x)` with the
/// whole-pixel pen position of every glyph; returns the pen's final position.
/// Kerning pairs of the font are applied.
pub(crate) fn glyph_positions(font: &Font, text: &str, px: f32, mut each: impl FnMut(char, i32)) -> i32 {
    let mut pen = 0.0f32;
    let mut previous = None;
    for c in text.chars() {
        if let Some(p) = previous {
            pen += font.horizontal_kern(p, c, px).unwrap_or(0.0);
        }
        each(c, pen.round() as i32);
        pen += font.metrics(c, px).advance_width;
        previous = Some(c);
    }
    pen.ceil() as i32
}

/// Collapses runs of whitespace (including newlines and tabs) into single
/// spaces and trims the ends: data typed in forms is drawn on one line.
pub(crate) fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` on one line of at most `max_width` pixels: unchanged if it fits,
/// else cut and ended with "…".
pub(crate) fn ellipsize(text: &str, style: Style, max_width: i32) -> String {
    let text = normalize(text);
    let fonts = fonts();
    if fonts.width(&text, style) <= max_width {
        return text;
    }
    force_ellipsis(&text, style, max_width)
}

/// Cuts characters off the end until the text and "…" fit (just "…", or
/// nothing, when even that is too wide).
fn force_ellipsis(text: &str, style: Style, max_width: i32) -> String {
    let fonts = fonts();
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        let kept: String = chars.iter().collect();
        let candidate = format!("{}{ELLIPSIS}", kept.trim_end());
        if fonts.width(&candidate, style) <= max_width {
            return candidate;
        }
        if chars.pop().is_none() {
            return String::new();
        }
    }
}

/// Lines of at most `max_width` pixels, broken between words (a word wider
/// than the box is broken between characters); at most `max_lines` lines,
/// the last ending in "…" when text was left out. Empty text gives no lines.
pub(crate) fn wrap(text: &str, style: Style, max_width: i32, max_lines: usize) -> Vec<String> {
    if max_lines == 0 {
        return Vec::new();
    }
    let fonts = fonts();
    let fits = |s: &str| fonts.width(s, style) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    // The line being filled; it becomes the last line when the rest overflows.
    let mut current = String::new();
    let mut overflow = false;
    'words: for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            if lines.len() + 1 >= max_lines {
                overflow = true;
                break;
            }
            lines.push(std::mem::take(&mut current));
        }
        if fits(word) {
            current = word.to_owned();
            continue;
        }
        // A word wider than the box: break it between characters.
        for c in word.chars() {
            let mut candidate = current.clone();
            candidate.push(c);
            if fits(&candidate) || current.is_empty() {
                current = candidate;
            } else {
                if lines.len() + 1 >= max_lines {
                    overflow = true;
                    break 'words;
                }
                lines.push(std::mem::replace(&mut current, c.to_string()));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if overflow && let Some(last) = lines.last_mut() {
        *last = force_ellipsis(last, style, max_width);
    }
    // A single character wider than the box (absurd sizes only).
    for line in &mut lines {
        if !fits(line) {
            *line = force_ellipsis(line, style, max_width);
        }
    }
    lines
}

/// The largest size from `max` down to `min` (2 px steps) at which `text`
/// fits on one line of `max_width` pixels; `min` when none does.
pub(crate) fn fit_size(text: &str, face: Face, max: u16, min: u16, max_width: i32) -> u16 {
    let fonts = fonts();
    let mut size = max;
    while size > min {
        if fonts.width(text, Style { face, size }) <= max_width {
            return size;
        }
        size = size.saturating_sub(2).max(min);
    }
    min
}

/// Wraps `text` at the first of `sizes` (largest first) at which it fits in
/// `max_lines` lines without being shortened; at the last size otherwise
/// (then the last line ends in "…").
pub(crate) fn wrap_fitting(text: &str, face: Face, sizes: &[u16], max_width: i32, max_lines: usize) -> (Style, Vec<String>) {
    let normalized = normalize(text);
    let words = normalized.split(' ').count();
    let fonts = fonts();
    for &size in sizes {
        let style = Style { face, size };
        let lines = wrap(&normalized, style, max_width, max_lines);
        // Shortened (ellipsis) or a word broken mid-way (more pieces than words allow)?
        let shortened = lines.last().is_some_and(|l| l.ends_with(ELLIPSIS) && !normalized.ends_with(ELLIPSIS));
        let pieces: usize = lines.iter().map(|l| l.split(' ').count()).sum();
        let broken_word = pieces > words || lines.iter().any(|l| fonts.width(l, style) > max_width);
        if !shortened && !broken_word {
            return (style, lines);
        }
    }
    let style = Style { face, size: sizes.last().copied().unwrap_or(32) };
    (style, wrap(&normalized, style, max_width, max_lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG_NAME: &str = "Inversiones";

    fn long_text() -> String {
        let mut s = String::new();
        while s.chars().count() < 300 {
            s.push_str(LONG_NAME);
            s.push_str(" y Compañía Ltda. ");
        }
        s.chars().take(300).collect()
    }

    #[test]
    fn the_bundled_fonts_parse_and_measure() {
        let f = fonts();
        let w = f.width("Cotización", Style::regular(40));
        assert!(w > 150 && w < 300, "{w}");
        assert!(f.width("Cotización", Style::bold(40)) > w, "bold is wider");
        assert!(f.ascent(Style::regular(100)) > 80 && f.descent(Style::regular(100)) > 15);
        assert_eq!(f.width("", Style::regular(40)), 0);
    }

    #[test]
    fn a_300_character_name_wraps_and_ellipsizes_inside_its_box() {
        let text = long_text();
        assert_eq!(text.chars().count(), 300);
        for style in [Style::bold(84), Style::regular(44), Style::bold(30)] {
            for width in [300, 600, 936] {
                let lines = wrap(&text, style, width, 3);
                assert!(!lines.is_empty() && lines.len() <= 3, "{lines:?}");
                for line in &lines {
                    assert!(fonts().width(line, style) <= width, "{line:?} wider than {width} at {style:?}");
                }
                assert!(lines.last().is_some_and(|l| l.ends_with(ELLIPSIS)), "shortened text says so: {lines:?}");
                let one = ellipsize(&text, style, width);
                assert!(fonts().width(&one, style) <= width && one.ends_with(ELLIPSIS), "{one:?}");
            }
        }
    }

    #[test]
    fn a_word_wider_than_the_box_breaks_between_characters() {
        let word = "A".repeat(300);
        let lines = wrap(&word, Style::bold(60), 500, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| fonts().width(l, Style::bold(60)) <= 500), "{lines:?}");
        assert!(lines[1].ends_with(ELLIPSIS));
    }

    #[test]
    fn short_text_is_left_alone() {
        assert_eq!(wrap("  Ana \n Pérez ", Style::regular(40), 900, 3), ["Ana Pérez"]);
        assert_eq!(ellipsize("Ana\tPérez", Style::regular(40), 900), "Ana Pérez");
        assert!(wrap("   ", Style::regular(40), 900, 3).is_empty());
        assert_eq!(fit_size("Hola", Face::Bold, 100, 40, 900), 100);
        let small = fit_size(&"M".repeat(40), Face::Bold, 100, 40, 900);
        assert!(small < 100 && fonts().width(&"M".repeat(40), Style::bold(small)) <= 900 || small == 40);
    }

    #[test]
    fn wrap_fitting_prefers_the_largest_size_that_keeps_every_word() {
        let (style, lines) = wrap_fitting("Láminas Demo", Face::Bold, &[112, 96, 80], 936, 3);
        assert_eq!((style.size, lines.len()), (112, 1));
        let (style, lines) = wrap_fitting(&long_text(), Face::Bold, &[112, 96, 80], 936, 3);
        assert_eq!(style.size, 80, "falls back to the smallest size");
        assert!(lines.len() == 3 && lines[2].ends_with(ELLIPSIS));
    }
}
