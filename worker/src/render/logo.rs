//! The organisation's logo on the brand scene: decoded once (JPEG, PNG or
//! WebP, within size limits), scaled to fit [`LOGO_BOX`], and blended onto
//! the frame row by row like every other item.
//!
//! Where it comes from: organisations keep a logo (`organizations.logo_key`,
//! and `logo_jpeg_key`, a small JPEG rendition, migration 0011); the job
//! runner passes its bytes to [`super::render_quote_video_with_logo`]. A
//! logo that cannot be read is left out (the name is drawn alone), never a
//! failed render.
use std::io::Cursor;
use std::ops::Range;

use image::imageops::FilterType;
use image::{ImageReader, Limits};

/// The largest box a logo is scaled into (width, height), frame pixels.
pub(crate) const LOGO_BOX: (u32, u32) = (560, 260);
/// Files and pictures larger than this are not read.
const MAX_BYTES: usize = 5 * 1024 * 1024;
const MAX_SIDE: u32 = 4096;
/// A small logo is enlarged at most this much (beyond, it turns blurry).
const MAX_UPSCALE: f64 = 3.0;

/// A logo ready to draw: straight-alpha RGBA at its drawn size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Logo {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

impl Logo {
    /// Reads `bytes` (JPEG, PNG or WebP) and scales it to fit [`LOGO_BOX`];
    /// `None` when it cannot be read or is too large.
    pub(crate) fn decode(bytes: &[u8]) -> Option<Logo> {
        if bytes.is_empty() || bytes.len() > MAX_BYTES {
            return None;
        }
        let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok()?;
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(128 * 1024 * 1024);
        reader.limits(limits);
        let picture = reader.decode().ok()?.into_rgba8();
        let (w, h) = picture.dimensions();
        if w == 0 || h == 0 {
            return None;
        }
        let scale = (f64::from(LOGO_BOX.0) / f64::from(w)).min(f64::from(LOGO_BOX.1) / f64::from(h)).min(MAX_UPSCALE);
        let (tw, th) = (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1));
        let scaled = if (tw, th) == (w, h) { picture } else { image::imageops::resize(&picture, tw, th, FilterType::Lanczos3) };
        Some(Logo { width: tw, height: th, rgba: scaled.into_raw() })
    }

    pub(crate) fn width(&self) -> i32 {
        self.width as i32
    }

    pub(crate) fn height(&self) -> i32 {
        self.height as i32
    }

    /// Blends the logo at (`x`, `y`) over a `frame_w`-wide RGBA frame, in
    /// the rows of `band` only, at `opacity` (0–255).
    pub(crate) fn draw(&self, frame: &mut [u8], frame_w: u32, x: i32, y: i32, opacity: u8, band: Range<i32>) {
        let frame_h = (frame.len() / (frame_w as usize * 4)) as i32;
        let rows = y.max(band.start).max(0)..(y + self.height as i32).min(band.end).min(frame_h);
        let columns = x.max(0)..(x + self.width as i32).min(frame_w as i32);
        for fy in rows {
            let ly = (fy - y) as usize;
            for fx in columns.clone() {
                let lx = (fx - x) as usize;
                let src = &self.rgba[(ly * self.width as usize + lx) * 4..][..4];
                let a = u32::from(src[3]) * u32::from(opacity) / 255;
                if a == 0 {
                    continue;
                }
                let dst = &mut frame[(fy as usize * frame_w as usize + fx as usize) * 4..][..4];
                for c in 0..3 {
                    dst[c] = ((u32::from(src[c]) * a + u32::from(dst[c]) * (255 - a) + 127) / 255) as u8;
                }
                dst[3] = 255;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, colour: [u8; 4]) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::RgbaImage::from_pixel(w, h, image::Rgba(colour))
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .expect("png");
        bytes
    }

    #[test]
    fn a_logo_is_scaled_to_fit_its_box_keeping_its_shape() {
        let wide = Logo::decode(&png(2000, 500, [200, 0, 0, 255])).expect("logo");
        assert_eq!((wide.width(), wide.height()), (560, 140));
        let tall = Logo::decode(&png(300, 600, [200, 0, 0, 255])).expect("logo");
        assert_eq!((tall.width(), tall.height()), (130, 260));
        let tiny = Logo::decode(&png(40, 20, [200, 0, 0, 255])).expect("logo");
        assert_eq!((tiny.width(), tiny.height()), (120, 60), "enlarged at most 3 times");
    }

    #[test]
    fn what_is_not_a_picture_is_no_logo() {
        assert!(Logo::decode(b"<svg xmlns='http://www.w3.org/2000/svg'/>").is_none());
        assert!(Logo::decode(&[]).is_none());
        assert!(Logo::decode(&png(5000, 10, [0, 0, 0, 255])).is_none(), "too wide");
    }

    #[test]
    fn drawing_blends_by_alpha_and_stays_in_the_band() {
        let logo = Logo::decode(&png(560, 260, [255, 0, 0, 128])).expect("logo");
        let (w, h) = (600u32, 300u32);
        let mut frame = vec![255u8; (w * h * 4) as usize];
        logo.draw(&mut frame, w, 10, 10, 255, 0..100);
        let at = |x: u32, y: u32| frame[((y * w + x) * 4) as usize..][..4].to_vec();
        assert_eq!(at(20, 20), vec![255, 127, 127, 255], "half red over white");
        assert_eq!(at(20, 150), vec![255, 255, 255, 255], "outside the band");
        assert_eq!(at(5, 20), vec![255, 255, 255, 255], "outside the logo");
    }
}
