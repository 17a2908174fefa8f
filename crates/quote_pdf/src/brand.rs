//! The organisation's brand on its quotes: a JPEG logo at the top (embedded
//! as it is, `DCTDecode`: no decoding here) and its colour for the name and
//! the header rule.
use crate::layout::{ACCENT, Color};

/// What the organisation looks like on paper. `Brand::default()`: no logo,
/// Cotiza's teal.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// A baseline or progressive JPEG (the small rendition made at upload).
    pub logo_jpeg: Option<Vec<u8>>,
    /// `[r, g, b]`; `None` is Cotiza's colour.
    pub color: Option<[u8; 3]>,
}

/// A JPEG ready to embed: its bytes, size in pixels and colour space.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Logo {
    pub bytes: Vec<u8>,
    pub width: u16,
    pub height: u16,
    /// 1 (gray), 3 (RGB) or 4 (CMYK) components.
    pub components: u8,
}

impl Brand {
    /// The logo, if there is one and it is a JPEG this file can read.
    pub(crate) fn logo(&self) -> Option<Logo> {
        let bytes = self.logo_jpeg.as_ref()?;
        let (width, height, components) = jpeg_frame(bytes)?;
        Some(Logo { bytes: bytes.clone(), width, height, components })
    }

    /// The colour of the organisation's name and the header rule.
    pub(crate) fn accent(&self) -> Color {
        // A very light colour would vanish on white paper: Cotiza's instead.
        match self.color {
            Some([r, g, b]) if u16::from(r) + u16::from(g) + u16::from(b) < 3 * 215 => {
                Color(f32::from(r) / 255.0, f32::from(g) / 255.0, f32::from(b) / 255.0)
            }
            _ => ACCENT,
        }
    }
}

/// Width, height and components from a JPEG's start-of-frame segment
/// (`SOF0`…`SOF15` but `DHT`, `JPG` and `DAC`); `None` for anything else.
pub(crate) fn jpeg_frame(bytes: &[u8]) -> Option<(u16, u16, u8)> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut at = 2;
    loop {
        // Fill bytes may precede a marker.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            at += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(at + 2)?, *bytes.get(at + 3)?]));
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let segment = bytes.get(at + 4..at + 2 + length)?;
            let height = u16::from_be_bytes([*segment.get(1)?, *segment.get(2)?]);
            let width = u16::from_be_bytes([*segment.get(3)?, *segment.get(4)?]);
            let components = *segment.get(5)?;
            return (width > 0 && height > 0 && matches!(components, 1 | 3 | 4)).then_some((width, height, components));
        }
        if marker == 0xDA || length < 2 {
            return None;
        }
        at += 2 + length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest JPEG header with a baseline frame of `w`×`h`, 3 components.
    fn header(w: u16, h: u16) -> Vec<u8> {
        let mut out = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x4A, 0x46];
        out.extend([0xFF, 0xC0, 0x00, 0x11, 8]);
        out.extend(h.to_be_bytes());
        out.extend(w.to_be_bytes());
        out.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        out
    }

    #[test]
    fn the_frame_size_is_read_from_the_header() {
        assert_eq!(jpeg_frame(&header(480, 160)), Some((480, 160, 3)));
        assert_eq!(jpeg_frame(b"\x89PNG\r\n"), None);
        assert_eq!(jpeg_frame(&header(480, 160)[..12]), None, "cut short");
        assert_eq!(jpeg_frame(&[0xFF, 0xD8]), None);
    }

    #[test]
    fn light_colours_fall_back_to_the_default_accent() {
        assert_eq!(Brand { color: Some([255, 255, 240]), ..Brand::default() }.accent(), ACCENT);
        assert_eq!(Brand { color: Some([255, 0, 0]), ..Brand::default() }.accent(), Color(1.0, 0.0, 0.0));
        assert_eq!(Brand::default().accent(), ACCENT);
    }
}
