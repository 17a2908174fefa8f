//! The video's thumbnail: one frame at half size (540×960) as a JPEG, for
//! link previews and the jobs page.
use std::path::Path;

use jpeg_encoder::{ColorType, Encoder};

use super::RenderError;

/// JPEG quality: text stays crisp, the file stays small (~50–100 kB).
const QUALITY: u8 = 85;

/// Halves an opaque RGBA frame (each output pixel the mean of a 2×2 block)
/// to RGB; returns the pixels and the new size.
pub(crate) fn half_size_rgb(rgba: &[u8], width: u32, height: u32) -> (Vec<u8>, u32, u32) {
    let (w, h) = (width as usize / 2, height as usize / 2);
    let stride = width as usize * 4;
    let mut out = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        let top = &rgba[2 * y * stride..(2 * y + 1) * stride];
        let bottom = &rgba[(2 * y + 1) * stride..(2 * y + 2) * stride];
        for x in 0..w {
            for c in 0..3 {
                let i = 8 * x + c;
                let sum = u32::from(top[i]) + u32::from(top[i + 4]) + u32::from(bottom[i]) + u32::from(bottom[i + 4]);
                out.push(((sum + 2) / 4) as u8);
            }
        }
    }
    (out, w as u32, h as u32)
}

/// Writes the frame, halved, to `path` as a JPEG; returns its size.
pub(crate) fn write_thumbnail(rgba: &[u8], width: u32, height: u32, path: &Path) -> Result<(u32, u32), RenderError> {
    let (rgb, w, h) = half_size_rgb(rgba, width, height);
    let too_big = || RenderError::InvalidInput(format!("a {w}×{h} thumbnail is too large for JPEG"));
    let (jw, jh) = (u16::try_from(w).map_err(|_| too_big())?, u16::try_from(h).map_err(|_| too_big())?);
    let mut bytes = Vec::new();
    Encoder::new(&mut bytes, QUALITY)
        .encode(&rgb, jw, jh, ColorType::Rgb)
        .map_err(|e| RenderError::Io(std::io::Error::other(format!("thumbnail JPEG: {e}"))))?;
    std::fs::write(path, bytes)?;
    Ok((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn halving_averages_each_two_by_two_block() {
        #[rustfmt::skip]
        let rgba = [
            0, 0, 0, 255,   255, 255, 255, 255,
            255, 255, 255, 255,   0, 0, 0, 255,
        ];
        let (rgb, w, h) = half_size_rgb(&rgba, 2, 2);
        assert_eq!((w, h), (1, 1));
        assert_eq!(rgb, [128, 128, 128]);
    }
}
