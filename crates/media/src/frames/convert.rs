//! A decoded frame → an upright RGB picture.
//!
//! Planar 8-bit YUV (what H.264, HEVC, VP8/VP9 and MPEG-4 decoders give for
//! phone videos) is converted here in one pass that also turns the picture,
//! with the colour matrix and range the frame declares (BT.709 for HD,
//! BT.601, BT.2020; full or limited range): libswscale's public API always
//! assumes BT.601, which shifts the colours of HD video. Other YUV layouts
//! (10-bit, NV12…) go through libswscale to 8-bit 4:4:4 first, keeping the
//! same matrix and range, and RGB or grey pictures straight to RGB24.
//! HDR (PQ/HLG) is not tone-mapped.
use ffmpeg::color::{Range, Space};
use ffmpeg::format::Pixel;
use ffmpeg::software::scaling;
use ffmpeg::util::frame::video::Video;
use ffmpeg_next as ffmpeg;
use image::RgbImage;

use super::FramesError;
use super::rotate::{Layout, Rotation};

/// Converts frames; keeps its libswscale contexts from frame to frame.
pub(crate) struct Converter {
    /// Format changes (uncommon formats → 4:4:4 or RGB24, same size).
    layout: Option<scaling::Context>,
    layout_frame: Video,
    /// Thumbnails: the frame scaled down, still YUV (or RGB), before converting.
    shrink: Option<scaling::Context>,
    shrink_frame: Video,
}

impl Converter {
    pub(crate) fn new() -> Converter {
        Converter { layout: None, layout_frame: Video::empty(), shrink: None, shrink_frame: Video::empty() }
    }

    /// `frame` as an RGB picture, turned by `rotation`.
    pub(crate) fn rgb(&mut self, frame: &Video, rotation: Rotation) -> Result<RgbImage, FramesError> {
        let (width, height) = (frame.width(), frame.height());
        if width == 0 || height == 0 {
            return Err(FramesError::Decode("the decoder gave an empty picture".into()));
        }
        let format = frame.format();
        let matrix = Matrix::of(frame, format);
        if let Some(planar) = Planar::of(format) {
            return Ok(yuv_to_rgb(frame, planar, matrix, rotation));
        }
        let target = if is_yuv(format) { Pixel::YUV444P } else { Pixel::RGB24 };
        // Same matrix and range as the source: libswscale only changes the layout.
        scale(&mut self.layout, &mut self.layout_frame, frame, target, width, height, scaling::Flags::POINT)?;
        Ok(finish(&self.layout_frame, matrix, rotation))
    }

    /// `frame` scaled down to `width` as shown (keeping the aspect, never
    /// wider than the frame), as an RGB picture turned by `rotation`: scaled
    /// by libswscale (area averaging, SIMD) before the colour conversion, so
    /// it costs a fraction of scaling the full RGB picture.
    pub(crate) fn thumbnail(&mut self, frame: &Video, rotation: Rotation, width: u32) -> Result<RgbImage, FramesError> {
        let format = frame.format();
        let matrix = Matrix::of(frame, format);
        let (shown_w, shown_h) = rotation.displayed_size(frame.width(), frame.height());
        let (thumb_w, thumb_h) = thumbnail_size(shown_w, shown_h, width);
        let (scaled_w, scaled_h) = rotation.displayed_size(thumb_w, thumb_h); // turned back: the same swap
        let target = if Planar::of(format).is_some() || is_yuv(format) { Pixel::YUV444P } else { Pixel::RGB24 };
        scale(&mut self.shrink, &mut self.shrink_frame, frame, target, scaled_w, scaled_h, scaling::Flags::AREA)?;
        Ok(finish(&self.shrink_frame, matrix, rotation))
    }
}

/// The size of a thumbnail `width` wide of a `shown_w`×`shown_h` picture:
/// the aspect kept (rounded), never wider than the picture.
pub(crate) fn thumbnail_size(shown_w: u32, shown_h: u32, width: u32) -> (u32, u32) {
    let width = width.min(shown_w).max(1);
    let height = (u64::from(shown_h) * u64::from(width) + u64::from(shown_w) / 2) / u64::from(shown_w.max(1));
    (width, u32::try_from(height).unwrap_or(u32::MAX).max(1))
}

/// Runs libswscale from `frame` into `out` (`format`, `width`×`height`),
/// reusing `context` when it fits.
fn scale(
    context: &mut Option<scaling::Context>,
    out: &mut Video,
    frame: &Video,
    format: Pixel,
    width: u32,
    height: u32,
    flags: scaling::Flags,
) -> Result<(), FramesError> {
    let fits = context.as_ref().is_some_and(|c| {
        let (input, output) = (c.input(), c.output());
        (input.format, input.width, input.height) == (frame.format(), frame.width(), frame.height())
            && (output.format, output.width, output.height) == (format, width, height)
    });
    if !fits {
        *context = Some(
            scaling::Context::get(frame.format(), frame.width(), frame.height(), format, width, height, flags)
                .map_err(|e| FramesError::decode("converting the pixel format", e))?,
        );
        *out = Video::empty();
    }
    let Some(context) = context.as_mut() else { unreachable!("set above") };
    context.run(frame, out).map_err(|e| FramesError::decode("converting the pixel format", e))
}

/// A libswscale output (YUV 4:4:4 or RGB24) as a turned RGB picture.
fn finish(frame: &Video, matrix: Matrix, rotation: Rotation) -> RgbImage {
    if frame.format() == Pixel::RGB24 {
        turn_rgb(frame, rotation)
    } else {
        yuv_to_rgb(frame, Planar { shift_x: 0, shift_y: 0 }, matrix, rotation)
    }
}

/// Planar 8-bit YUV with chroma subsampled by `1 << shift` each way.
#[derive(Debug, Clone, Copy)]
struct Planar {
    shift_x: u32,
    shift_y: u32,
}

impl Planar {
    fn of(format: Pixel) -> Option<Planar> {
        let (shift_x, shift_y) = match format {
            Pixel::YUV420P | Pixel::YUVJ420P => (1, 1),
            Pixel::YUV422P | Pixel::YUVJ422P => (1, 0),
            Pixel::YUV444P | Pixel::YUVJ444P => (0, 0),
            Pixel::YUV440P | Pixel::YUVJ440P => (0, 1),
            _ => return None,
        };
        Some(Planar { shift_x, shift_y })
    }
}

/// YUV, as opposed to RGB, grey or palette formats, by FFmpeg's name for it.
fn is_yuv(format: Pixel) -> bool {
    let name = format.descriptor().map_or("", |d| d.name());
    ["yuv", "yuva", "nv", "p0", "p2", "p4", "y2", "xv", "vuy", "ayuv", "uyv", "yvy"].iter().any(|p| name.starts_with(p))
}

/// YUV → RGB in 14-bit fixed point: `r = y + rv·v`, `g = y − gu·u − gv·v`,
/// `b = y + bu·u`, with `y` already scaled from its range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Matrix {
    y_offset: i32,
    y_scale: i32,
    rv: i32,
    gu: i32,
    gv: i32,
    bu: i32,
}

const FIXED: i32 = 1 << 14;

impl Matrix {
    /// The frame's matrix and range; an unspecified matrix is BT.709 for HD
    /// and BT.601 below (what players assume).
    fn of(frame: &Video, format: Pixel) -> Matrix {
        let (kr, kb) = match frame.color_space() {
            Space::BT709 => (0.2126, 0.0722),
            Space::BT2020NCL | Space::BT2020CL => (0.2627, 0.0593),
            Space::FCC => (0.30, 0.11),
            Space::SMPTE240M => (0.212, 0.087),
            Space::BT470BG | Space::SMPTE170M => (0.299, 0.114),
            _ if frame.width() >= 1280 || frame.height() >= 720 => (0.2126, 0.0722),
            _ => (0.299, 0.114),
        };
        let full = frame.color_range() == Range::JPEG
            || matches!(format, Pixel::YUVJ420P | Pixel::YUVJ422P | Pixel::YUVJ444P | Pixel::YUVJ440P);
        Matrix::new(kr, kb, full)
    }

    fn new(kr: f64, kb: f64, full: bool) -> Matrix {
        let kg = 1.0 - kr - kb;
        let (y_offset, y_scale, c_scale) = if full { (0, 1.0, 1.0) } else { (16, 255.0 / 219.0, 255.0 / 224.0) };
        let fixed = |v: f64| (v * f64::from(FIXED)).round() as i32;
        Matrix {
            y_offset,
            y_scale: fixed(y_scale),
            rv: fixed(2.0 * (1.0 - kr) * c_scale),
            gu: fixed(2.0 * kb * (1.0 - kb) / kg * c_scale),
            gv: fixed(2.0 * kr * (1.0 - kr) / kg * c_scale),
            bu: fixed(2.0 * (1.0 - kb) * c_scale),
        }
    }
}

/// A 14-bit fixed-point value (rounding already added) → 0..=255.
fn clamp(v: i32) -> u8 {
    (v >> 14).clamp(0, 255) as u8
}

/// Converts row by row (sequential, chroma terms once per pair of pixels),
/// writing each row straight into place when upright, else through a row
/// buffer into its turned place.
fn yuv_to_rgb(frame: &Video, planar: Planar, m: Matrix, rotation: Rotation) -> RgbImage {
    let (width, height) = (frame.width() as usize, frame.height() as usize);
    let (out_w, out_h) = rotation.displayed_size(width as u32, height as u32);
    let mut out = vec![0u8; width * height * 3];
    let mut row_buffer = vec![0u8; if rotation == Rotation::None { 0 } else { width * 3 }];
    let layout = rotation.layout(width, height);
    let chroma_width = (width + (1 << planar.shift_x) - 1) >> planar.shift_x;
    let (y_plane, u_plane, v_plane) = (frame.data(0), frame.data(1), frame.data(2));
    let (y_stride, u_stride, v_stride) = (frame.stride(0), frame.stride(1), frame.stride(2));
    for row in 0..height {
        let luma = &y_plane[row * y_stride..][..width];
        let c_row = row >> planar.shift_y;
        let u = &u_plane[c_row * u_stride..][..chroma_width];
        let v = &v_plane[c_row * v_stride..][..chroma_width];
        if rotation == Rotation::None {
            convert_row(luma, u, v, planar.shift_x, &m, &mut out[row * width * 3..][..width * 3]);
        } else {
            convert_row(luma, u, v, planar.shift_x, &m, &mut row_buffer);
            place_row(&row_buffer, row, layout, &mut out);
        }
    }
    RgbImage::from_raw(out_w, out_h, out).unwrap_or_default()
}

/// One row of YUV → RGB; `shift_x` 1 when two pixels share their chroma.
fn convert_row(luma: &[u8], u: &[u8], v: &[u8], shift_x: u32, m: &Matrix, out: &mut [u8]) {
    let group = 1usize << shift_x;
    for ((pixels, rgb), (&cb, &cr)) in luma.chunks(group).zip(out.chunks_mut(3 * group)).zip(u.iter().zip(v)) {
        let (cb, cr) = (i32::from(cb) - 128, i32::from(cr) - 128);
        let (red, green, blue) = (m.rv * cr, -(m.gu * cb + m.gv * cr), m.bu * cb);
        for (&l, px) in pixels.iter().zip(rgb.chunks_exact_mut(3)) {
            let y = (i32::from(l) - m.y_offset) * m.y_scale + FIXED / 2;
            px[0] = clamp(y + red);
            px[1] = clamp(y + green);
            px[2] = clamp(y + blue);
        }
    }
}

/// Copies a converted source row to its turned place.
fn place_row(row_rgb: &[u8], row: usize, layout: Layout, out: &mut [u8]) {
    let mut at = layout.base + row as isize * layout.step_y;
    for px in row_rgb.chunks_exact(3) {
        let i = at as usize;
        out[i..i + 3].copy_from_slice(px);
        at += layout.step_x;
    }
}

/// An RGB24 frame, turned.
fn turn_rgb(frame: &Video, rotation: Rotation) -> RgbImage {
    let (width, height) = (frame.width() as usize, frame.height() as usize);
    let (out_w, out_h) = rotation.displayed_size(width as u32, height as u32);
    let mut out = vec![0u8; width * height * 3];
    let layout = rotation.layout(width, height);
    let (data, stride) = (frame.data(0), frame.stride(0));
    for row in 0..height {
        place_row(&data[row * stride..][..width * 3], row, layout, &mut out);
    }
    RgbImage::from_raw(out_w, out_h, out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(m: Matrix, y: u8, u: u8, v: u8) -> [u8; 3] {
        let y = (i32::from(y) - m.y_offset) * m.y_scale + FIXED / 2;
        let (u, v) = (i32::from(u) - 128, i32::from(v) - 128);
        [clamp(y + m.rv * v), clamp(y - m.gu * u - m.gv * v), clamp(y + m.bu * u)]
    }

    #[test]
    fn matrices_give_the_reference_colours() {
        let bt709 = Matrix::new(0.2126, 0.0722, false);
        assert_eq!(rgb(bt709, 16, 128, 128), [0, 0, 0]);
        assert_eq!(rgb(bt709, 235, 128, 128), [255, 255, 255]);
        // BT.709 limited-range red (the colour bars' 100 % red): Y 63, Cb 102, Cr 240.
        let red = rgb(bt709, 63, 102, 240);
        assert!(red[0] >= 253 && red[1] <= 2 && red[2] <= 2, "{red:?}");
        // The same code values read as BT.601 are visibly off: what this module avoids.
        let wrong = rgb(Matrix::new(0.299, 0.114, false), 63, 102, 240);
        assert!(wrong[0] < 240, "{wrong:?}");
        let full601 = Matrix::new(0.299, 0.114, true);
        assert_eq!(rgb(full601, 255, 128, 128), [255, 255, 255]);
        assert_eq!(rgb(full601, 0, 128, 128), [0, 0, 0]);
    }

    #[test]
    fn thumbnails_keep_the_aspect_and_never_grow() {
        assert_eq!(thumbnail_size(1080, 1920, 320), (320, 569));
        assert_eq!(thumbnail_size(1920, 1080, 320), (320, 180));
        assert_eq!(thumbnail_size(200, 100, 320), (200, 100));
    }

    #[test]
    fn a_thumbnail_is_turned_like_its_frame() {
        let mut frame = Video::new(Pixel::YUV420P, 64, 32);
        frame.data_mut(0).fill(16);
        frame.data_mut(1).fill(128);
        frame.data_mut(2).fill(128);
        let stride = frame.stride(0);
        for y in 0..16 {
            frame.data_mut(0)[y * stride..y * stride + 16].fill(235); // top-left quarter white
        }
        let mut converter = Converter::new();
        let thumb = converter.thumbnail(&frame, Rotation::Clockwise90, 8).expect("thumbnail");
        assert_eq!(thumb.dimensions(), (8, 16));
        assert!(thumb.get_pixel(6, 1).0[0] > 200, "top-left → top-right"); // white
        assert!(thumb.get_pixel(1, 14).0[0] < 50);
        let full = converter.rgb(&frame, Rotation::Clockwise90).expect("frame");
        assert_eq!(full.dimensions(), (32, 64));
    }

    #[test]
    fn a_turned_frame_keeps_its_corners() {
        let mut frame = Video::new(Pixel::YUV444P, 4, 2);
        let stride = frame.stride(0);
        frame.data_mut(0).fill(16);
        frame.data_mut(0)[0] = 235; // top-left white
        frame.data_mut(0)[stride + 3] = 126; // bottom-right grey
        frame.data_mut(1).fill(128);
        frame.data_mut(2).fill(128);
        let m = Matrix::new(0.299, 0.114, false);
        let planar = Planar { shift_x: 0, shift_y: 0 };
        let upright = yuv_to_rgb(&frame, planar, m, Rotation::None);
        assert_eq!((upright.width(), upright.height()), (4, 2));
        assert_eq!(upright.get_pixel(0, 0).0, [255, 255, 255]);
        let turned = yuv_to_rgb(&frame, planar, m, Rotation::Clockwise90);
        assert_eq!((turned.width(), turned.height()), (2, 4));
        assert_eq!(turned.get_pixel(1, 0).0, [255, 255, 255]); // top-left → top-right
        assert_eq!(turned.get_pixel(0, 3).0[0], 128); // bottom-right → bottom-left
    }
}
