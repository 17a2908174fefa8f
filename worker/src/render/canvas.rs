//! The one RGBA canvas a video is drawn on, and the display list it draws:
//! a frame is a list of [`Item`]s (rectangles, text runs, a QR code). Frames
//! are compared item by item, so only the band of rows that changed since
//! the previous frame is painted again (shapes with tiny-skia, text with
//! cached fontdue glyphs).
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use tiny_skia::{FillRule, Paint, PathBuilder, PixmapMut, Transform};

use super::logo::Logo;
use super::qr::{QUIET_ZONE, QrMatrix};
use super::text::{Face, Style, fonts, glyph_positions};

/// A colour with straight (not premultiplied) alpha.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Rgba(pub [u8; 4]);

impl Rgba {
    pub(crate) const WHITE: Rgba = Rgba([255, 255, 255, 255]);

    pub(crate) const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba([r, g, b, 255])
    }

    /// The same colour with its alpha multiplied by `opacity` (0–1).
    pub(crate) fn fade(self, opacity: f64) -> Rgba {
        let [r, g, b, a] = self.0;
        Rgba([r, g, b, (f64::from(a) * opacity.clamp(0.0, 1.0)).round() as u8])
    }

    /// `self` moved towards `other` by `t` (0 = self, 1 = other); opaque.
    pub(crate) fn mix(self, other: Rgba, t: f64) -> Rgba {
        let c = |i: usize| (f64::from(self.0[i]) + (f64::from(other.0[i]) - f64::from(self.0[i])) * t).round() as u8;
        Rgba([c(0), c(1), c(2), 255])
    }

    /// Relative luminance (WCAG), 0 (black) to 1 (white).
    pub(crate) fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * lin(self.0[0]) + 0.7152 * lin(self.0[1]) + 0.0722 * lin(self.0[2])
    }
}

/// A line of text placed on the frame: `x` is its left edge, `baseline` the
/// y of its baseline. `width` is what [`super::text::Fonts::width`] measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TextRun {
    pub text: Arc<str>,
    pub style: Style,
    pub x: i32,
    pub baseline: i32,
    pub width: i32,
    pub color: Rgba,
}

/// A box in frame pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bounds {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Bounds {
    pub(crate) fn right(&self) -> i32 {
        self.x + self.w
    }

    pub(crate) fn bottom(&self) -> i32 {
        self.y + self.h
    }
}

impl TextRun {
    /// The text's layout box: its measured width, from the face's ascent
    /// above the baseline to its descent below.
    #[cfg(test)]
    pub(crate) fn bounds(&self) -> Bounds {
        let f = fonts();
        let (ascent, descent) = (f.ascent(self.style), f.descent(self.style));
        Bounds { x: self.x, y: self.baseline - ascent, w: self.width, h: ascent + descent }
    }
}

/// One thing drawn on a frame, in painting order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    /// A filled rectangle, rounded when `radius` > 0.
    Rect { bounds: Bounds, radius: i32, color: Rgba },
    Text(TextRun),
    /// A QR code whose modules are `module` pixels wide, its quiet zone
    /// included in `bounds` (the light modules are left to what is below).
    Qr { bounds: Bounds, module: i32, code: Arc<QrMatrix>, color: Rgba },
    /// The organisation's logo at its scaled size, `opacity` 0–255.
    Image { bounds: Bounds, logo: Arc<Logo>, opacity: u8 },
}

impl Item {
    /// The rows this item may paint (a little generous for text, whose
    /// accents and descenders can pass the face's ascent and descent).
    pub(crate) fn rows(&self) -> Range<i32> {
        match self {
            Item::Rect { bounds, .. } | Item::Qr { bounds, .. } | Item::Image { bounds, .. } => bounds.y..bounds.bottom(),
            Item::Text(run) => {
                let size = i32::from(run.style.size);
                run.baseline - size * 5 / 4..run.baseline + size / 2
            }
        }
    }
}

/// A rasterized glyph: coverage bytes, placed relative to the pen.
struct Glyph {
    xmin: i32,
    /// Rows from the baseline up to the bitmap's top edge.
    top: i32,
    width: usize,
    height: usize,
    coverage: Vec<u8>,
}

/// The frame being drawn: one RGBA buffer for the whole video, opaque
/// (the first item of every frame is a full-frame background).
pub(crate) struct Canvas {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
    glyphs: HashMap<(Face, u16, char), Glyph>,
}

impl Canvas {
    pub(crate) fn new(width: u32, height: u32) -> Canvas {
        Canvas { width, height, rgba: vec![0; width as usize * height as usize * 4], glyphs: HashMap::new() }
    }

    pub(crate) fn width(&self) -> u32 {
        self.width
    }

    pub(crate) fn height(&self) -> u32 {
        self.height
    }

    /// The pixels, row by row, 4 bytes (R, G, B, A) each.
    pub(crate) fn rgba(&self) -> &[u8] {
        &self.rgba
    }

    /// Paints `items` over rows `rows` (at least; clamped to the frame) and
    /// returns the rows painted: pixels outside them are left as they are.
    /// The band grows to hold whole rounded rectangles, so that their
    /// anti-aliased corners come out exactly as in a full repaint.
    pub(crate) fn paint(&mut self, items: &[Item], rows: Range<i32>) -> Range<i32> {
        let rows = whole_rounded_rects(items, rows);
        let y0 = rows.start.clamp(0, self.height as i32);
        let y1 = rows.end.clamp(y0, self.height as i32);
        if y0 == y1 {
            return y0..y1;
        }
        for item in items {
            let r = item.rows();
            if r.end <= y0 || r.start >= y1 {
                continue;
            }
            match item {
                Item::Rect { bounds, radius, color } => self.rect(*bounds, *radius, *color, y0..y1),
                Item::Text(run) => self.text(run, y0..y1),
                Item::Qr { bounds, module, code, color } => self.qr(*bounds, *module, code, *color, y0..y1),
                Item::Image { bounds, logo, opacity } => logo.draw(&mut self.rgba, self.width, bounds.x, bounds.y, *opacity, y0..y1),
            }
        }
        y0..y1
    }

    fn rect(&mut self, b: Bounds, radius: i32, color: Rgba, band: Range<i32>) {
        if color.0[3] == 0 || b.w <= 0 || b.h <= 0 {
            return;
        }
        if radius <= 0 {
            let x0 = b.x.clamp(0, self.width as i32) as usize;
            let x1 = b.right().clamp(0, self.width as i32) as usize;
            for y in b.y.max(band.start)..b.bottom().min(band.end) {
                let row = self.row_mut(y);
                blend_span(&mut row[x0 * 4..x1 * 4], color, 255);
            }
            return;
        }
        // Rounded: anti-aliased path, drawn into the band only.
        let (w, h) = (b.w as f32, b.h as f32);
        let r = (radius as f32).min(w / 2.0).min(h / 2.0);
        let (x, y) = (b.x as f32, b.y as f32);
        let k = 0.552_284_8 * r;
        let mut pb = PathBuilder::new();
        pb.move_to(x + r, y);
        pb.line_to(x + w - r, y);
        pb.cubic_to(x + w - r + k, y, x + w, y + r - k, x + w, y + r);
        pb.line_to(x + w, y + h - r);
        pb.cubic_to(x + w, y + h - r + k, x + w - r + k, y + h, x + w - r, y + h);
        pb.line_to(x + r, y + h);
        pb.cubic_to(x + r - k, y + h, x, y + h - r + k, x, y + h - r);
        pb.line_to(x, y + r);
        pb.cubic_to(x, y + r - k, x + r - k, y, x + r, y);
        pb.close();
        let Some(path) = pb.finish() else { return };
        let mut paint = Paint::default();
        let [cr, cg, cb, ca] = color.0;
        paint.set_color_rgba8(cr, cg, cb, ca);
        paint.anti_alias = true;
        let stride = self.width as usize * 4;
        let band_rows = (band.end - band.start) as u32;
        let bytes = &mut self.rgba[band.start as usize * stride..band.end as usize * stride];
        if let Some(mut pixmap) = PixmapMut::from_bytes(bytes, self.width, band_rows) {
            pixmap.fill_path(&path, &paint, FillRule::Winding, Transform::from_translate(0.0, -(band.start as f32)), None);
        }
    }

    fn text(&mut self, run: &TextRun, band: Range<i32>) {
        let fonts = fonts();
        let font = fonts.font(run.style.face);
        let px = f32::from(run.style.size);
        let mut placed = Vec::with_capacity(run.text.len());
        glyph_positions(font, &run.text, px, |c, x| placed.push((c, x)));
        for (c, x) in placed {
            let glyph = self.glyphs.entry((run.style.face, run.style.size, c)).or_insert_with(|| {
                let (m, coverage) = font.rasterize(c, px);
                Glyph { xmin: m.xmin, top: m.height as i32 + m.ymin, width: m.width, height: m.height, coverage }
            });
            let gx = run.x + x + glyph.xmin;
            let gy = run.baseline - glyph.top;
            blend_coverage(&mut self.rgba, self.width, self.height, glyph, gx, gy, run.color, &band);
        }
    }

    fn qr(&mut self, b: Bounds, module: i32, code: &QrMatrix, color: Rgba, band: Range<i32>) {
        let quiet = QUIET_ZONE as i32 * module;
        for my in 0..code.width() {
            let y = b.y + quiet + my as i32 * module;
            if y + module <= band.start || y >= band.end {
                continue;
            }
            for mx in 0..code.width() {
                if code.is_dark(mx, my) {
                    let cell = Bounds { x: b.x + quiet + mx as i32 * module, y, w: module, h: module };
                    self.rect(cell, 0, color, band.clone());
                }
            }
        }
    }

    fn row_mut(&mut self, y: i32) -> &mut [u8] {
        let stride = self.width as usize * 4;
        let start = y as usize * stride;
        &mut self.rgba[start..start + stride]
    }
}

/// `rows`, grown until no rounded rectangle of `items` is cut by its ends
/// (tiny-skia clips a path at the pixmap's edge, which can shift the
/// coverage of the corner pixels next to the cut by one step).
fn whole_rounded_rects(items: &[Item], mut rows: Range<i32>) -> Range<i32> {
    loop {
        let mut grown = false;
        for item in items {
            if let Item::Rect { bounds, radius, .. } = item
                && *radius > 0
                && bounds.y < rows.end
                && bounds.bottom() > rows.start
                && (bounds.y < rows.start || bounds.bottom() > rows.end)
            {
                rows = rows.start.min(bounds.y)..rows.end.max(bounds.bottom());
                grown = true;
            }
        }
        if !grown {
            return rows;
        }
    }
}

/// `dst = dst + (color - dst) · a`, with `a = color.alpha · coverage`, over a
/// span of opaque RGBA pixels.
fn blend_span(span: &mut [u8], color: Rgba, coverage: u8) {
    let [r, g, b, ca] = color.0;
    let a = u32::from(ca) * u32::from(coverage);
    if a == 255 * 255 {
        for px in span.chunks_exact_mut(4) {
            px.copy_from_slice(&[r, g, b, 255]);
        }
        return;
    }
    let a = (a + 127) / 255;
    for px in span.chunks_exact_mut(4) {
        px[0] = mix_channel(px[0], r, a);
        px[1] = mix_channel(px[1], g, a);
        px[2] = mix_channel(px[2], b, a);
        px[3] = 255;
    }
}

fn mix_channel(dst: u8, src: u8, a: u32) -> u8 {
    let (d, s) = (u32::from(dst), u32::from(src));
    ((d * (255 - a) + s * a + 127) / 255) as u8
}

#[allow(clippy::too_many_arguments)]
fn blend_coverage(rgba: &mut [u8], width: u32, height: u32, glyph: &Glyph, gx: i32, gy: i32, color: Rgba, band: &Range<i32>) {
    let [r, g, b, ca] = color.0;
    let ca = u32::from(ca);
    let y_from = gy.max(band.start).max(0);
    let y_to = (gy + glyph.height as i32).min(band.end).min(height as i32);
    let x_from = gx.max(0);
    let x_to = (gx + glyph.width as i32).min(width as i32);
    if x_from >= x_to {
        return;
    }
    for y in y_from..y_to {
        let src_row = &glyph.coverage[(y - gy) as usize * glyph.width..][..glyph.width];
        let dst_row = &mut rgba[(y as usize * width as usize + x_from as usize) * 4..(y as usize * width as usize + x_to as usize) * 4];
        for (i, px) in dst_row.chunks_exact_mut(4).enumerate() {
            let cov = u32::from(src_row[(x_from - gx) as usize + i]);
            if cov == 0 {
                continue;
            }
            let a = (cov * ca + 127) / 255;
            px[0] = mix_channel(px[0], r, a);
            px[1] = mix_channel(px[1], g, a);
            px[2] = mix_channel(px[2], b, a);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixel(c: &Canvas, x: u32, y: u32) -> [u8; 4] {
        let i = (y * c.width() + x) as usize * 4;
        c.rgba()[i..i + 4].try_into().expect("4 bytes")
    }

    fn background(color: Rgba) -> Item {
        Item::Rect { bounds: Bounds { x: 0, y: 0, w: 100, h: 100 }, radius: 0, color }
    }

    #[test]
    fn painting_a_band_leaves_the_other_rows_alone() {
        let mut c = Canvas::new(100, 100);
        c.paint(&[background(Rgba::rgb(10, 20, 30))], 0..100);
        c.paint(&[background(Rgba::rgb(200, 0, 0))], 40..60);
        assert_eq!(pixel(&c, 50, 39), [10, 20, 30, 255]);
        assert_eq!(pixel(&c, 50, 40), [200, 0, 0, 255]);
        assert_eq!(pixel(&c, 50, 59), [200, 0, 0, 255]);
        assert_eq!(pixel(&c, 50, 60), [10, 20, 30, 255]);
    }

    #[test]
    fn rounded_rects_and_text_are_clipped_to_the_band() {
        let mut c = Canvas::new(100, 100);
        let items = [
            background(Rgba::WHITE),
            Item::Rect { bounds: Bounds { x: 10, y: 10, w: 80, h: 20 }, radius: 8, color: Rgba::rgb(0, 0, 255) },
            Item::Text(TextRun { text: "Hg".into(), style: Style::bold(60), x: 10, baseline: 70, width: 80, color: Rgba::rgb(0, 0, 0) }),
        ];
        assert_eq!(c.paint(&items, 0..40), 0..40);
        assert_eq!(pixel(&c, 50, 20), [0, 0, 255, 255], "inside the rect, in the band");
        assert_eq!(pixel(&c, 10, 10), [255, 255, 255, 255], "outside the rounded corner");
        assert_eq!(pixel(&c, 50, 50), [0, 0, 0, 0], "below the band: untouched");
        assert_eq!(c.paint(&items, 20..25), 10..30, "a band never cuts a rounded rectangle");
        c.paint(&items, 0..100);
        let dark = (0..100).flat_map(|x| (40..80).map(move |y| (x, y))).filter(|&(x, y)| pixel(&c, x, y)[0] < 50 && pixel(&c, x, y)[2] < 50).count();
        assert!(dark > 200, "text was drawn: {dark} dark pixels");
    }

    #[test]
    fn colours_fade_and_mix() {
        assert_eq!(Rgba::rgb(10, 20, 30).fade(0.5), Rgba([10, 20, 30, 128]));
        assert_eq!(Rgba::rgb(0, 0, 0).mix(Rgba::WHITE, 0.5), Rgba::rgb(128, 128, 128));
        assert!(Rgba::WHITE.luminance() > 0.99 && Rgba::rgb(0, 0, 0).luminance() < 0.01);
    }
}
