//! RGBA → YUV 4:2:0 (BT.709, limited range, as HD video players expect),
//! converting only the rows that changed since the previous frame.
use std::ops::Range;

/// A planar YUV 4:2:0 picture with tight strides (`width` luma bytes a row).
pub(crate) struct Yuv420 {
    pub width: usize,
    pub height: usize,
    pub y: Vec<u8>,
    pub u: Vec<u8>,
    pub v: Vec<u8>,
}

/// One opaque RGB pixel in BT.709 limited-range Y'CbCr (integer, ×256 coefficients).
#[cfg(test)]
pub(crate) fn rgb_to_yuv(r: u8, g: u8, b: u8) -> [u8; 3] {
    let (r, g, b) = (i32::from(r), i32::from(g), i32::from(b));
    [luma(r, g, b), chroma_u(r, g, b), chroma_v(r, g, b)]
}

#[inline]
fn luma(r: i32, g: i32, b: i32) -> u8 {
    (((47 * r + 157 * g + 16 * b + 128) >> 8) + 16) as u8
}

#[inline]
fn chroma_u(r: i32, g: i32, b: i32) -> u8 {
    (((-26 * r - 86 * g + 112 * b + 128) >> 8) + 128).clamp(16, 240) as u8
}

#[inline]
fn chroma_v(r: i32, g: i32, b: i32) -> u8 {
    (((112 * r - 102 * g - 10 * b + 128) >> 8) + 128).clamp(16, 240) as u8
}

impl Yuv420 {
    /// A black picture; `width` and `height` must be even.
    pub(crate) fn new(width: usize, height: usize) -> Yuv420 {
        let chroma = (width / 2) * (height / 2);
        Yuv420 { width, height, y: vec![16; width * height], u: vec![128; chroma], v: vec![128; chroma] }
    }

    /// Converts rows `rows` of `rgba` (opaque, `width`×`height`, 4 bytes a
    /// pixel); the range is widened to even rows, since chroma is shared by
    /// row pairs. Returns the rows converted.
    pub(crate) fn convert(&mut self, rgba: &[u8], rows: Range<usize>) -> Range<usize> {
        let start = (rows.start & !1).min(self.height);
        let end = (rows.end + (rows.end & 1)).min(self.height);
        let (w, cw) = (self.width, self.width / 2);
        for pair in (start..end).step_by(2) {
            let top = &rgba[pair * w * 4..(pair + 1) * w * 4];
            let bottom = &rgba[(pair + 1) * w * 4..(pair + 2) * w * 4];
            let (y_top, y_bottom) = self.y[pair * w..(pair + 2) * w].split_at_mut(w);
            let u_row = &mut self.u[(pair / 2) * cw..(pair / 2 + 1) * cw];
            let v_row = &mut self.v[(pair / 2) * cw..(pair / 2 + 1) * cw];
            for (cx, ((t, b), (u, v))) in top
                .chunks_exact(8)
                .zip(bottom.chunks_exact(8))
                .zip(u_row.iter_mut().zip(v_row.iter_mut()))
                .enumerate()
            {
                let px = |s: &[u8], i: usize| (i32::from(s[i * 4]), i32::from(s[i * 4 + 1]), i32::from(s[i * 4 + 2]));
                let (p0, p1, p2, p3) = (px(t, 0), px(t, 1), px(b, 0), px(b, 1));
                y_top[cx * 2] = luma(p0.0, p0.1, p0.2);
                y_top[cx * 2 + 1] = luma(p1.0, p1.1, p1.2);
                y_bottom[cx * 2] = luma(p2.0, p2.1, p2.2);
                y_bottom[cx * 2 + 1] = luma(p3.0, p3.1, p3.2);
                let r = (p0.0 + p1.0 + p2.0 + p3.0 + 2) >> 2;
                let g = (p0.1 + p1.1 + p2.1 + p3.1 + 2) >> 2;
                let b = (p0.2 + p1.2 + p2.2 + p3.2 + 2) >> 2;
                *u = chroma_u(r, g, b);
                *v = chroma_v(r, g, b);
            }
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_colours_in_bt709_limited_range() {
        assert_eq!(rgb_to_yuv(0, 0, 0), [16, 128, 128]);
        assert_eq!(rgb_to_yuv(255, 255, 255), [235, 128, 128]);
        // BT.709: Y = 16 + 219·(0.2126 R + 0.7152 G + 0.0722 B) / 255.
        let [y, u, v] = rgb_to_yuv(255, 0, 0);
        assert!((i32::from(y) - 63).abs() <= 1 && (i32::from(u) - 102).abs() <= 1 && (i32::from(v) - 240).abs() <= 1, "{y} {u} {v}");
        let [y, _, _] = rgb_to_yuv(0x0f, 0x76, 0x6e);
        assert!((i32::from(y) - 98).abs() <= 1, "{y}");
    }

    #[test]
    fn only_the_requested_row_pairs_change() {
        let (w, h) = (4, 6);
        let mut rgba = vec![255u8; w * h * 4];
        let mut pic = Yuv420::new(w, h);
        assert_eq!(pic.convert(&rgba, 3..4), 2..4);
        assert_eq!(&pic.y[..w * 2], &[16; 8], "rows 0-1 untouched");
        assert_eq!(&pic.y[w * 2..w * 4], &[235; 8]);
        rgba.iter_mut().for_each(|b| *b = 0);
        assert_eq!(pic.convert(&rgba, 0..6), 0..6);
        assert!(pic.y.iter().all(|&y| y == 16) && pic.u.iter().all(|&u| u == 128));
    }
}
