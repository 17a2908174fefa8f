//! Checking an uploaded photo and making its thumbnail.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

/// Largest upload accepted, in bytes.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// Largest width or height accepted, in pixels.
pub const MAX_PHOTO_SIDE: u32 = 8000;
/// Thumbnails fit in a square of this side, in pixels.
pub const THUMB_SIDE: u32 = 480;
/// Most memory the decoder may allocate (an 8000×8000 RGBA8 image fits).
const MAX_DECODE_ALLOC: u64 = 256 * 1024 * 1024;
/// JPEG quality of thumbnails.
const THUMB_QUALITY: u8 = 82;

/// A checked photo and its thumbnail.
#[derive(Clone, PartialEq, Eq)]
pub struct Photo {
    /// The upload, byte for byte.
    pub original: Vec<u8>,
    /// `image/jpeg`, `image/png` or `image/webp`, from the bytes themselves.
    pub original_content_type: &'static str,
    /// The thumbnail: RGB (transparency flattened onto white), JPEG.
    pub thumbnail_jpeg: Vec<u8>,
    /// Size of the photo as displayed, i.e. after its EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub thumb_width: u32,
    pub thumb_height: u32,
}

impl std::fmt::Debug for Photo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Photo")
            .field("original", &format_args!("{} bytes", self.original.len()))
            .field("original_content_type", &self.original_content_type)
            .field("thumbnail_jpeg", &format_args!("{} bytes", self.thumbnail_jpeg.len()))
            .field("width", &self.width)
            .field("height", &self.height)
            .field("thumb_width", &self.thumb_width)
            .field("thumb_height", &self.thumb_height)
            .finish()
    }
}

/// Why a photo was refused; the messages can be shown to the user as they are.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoError {
    #[error("the photo is larger than {} MB", limit / (1024 * 1024))]
    TooLarge { limit: usize },
    #[error("the photo must be a JPEG, PNG or WebP image")]
    UnsupportedFormat,
    #[error("the photo is too big: at most {max_side} pixels wide and {max_side} pixels high")]
    TooManyPixels { max_side: u32 },
    #[error("the photo could not be read: {0}")]
    Undecodable(String),
}

/// Checks an uploaded photo and makes its thumbnail.
///
/// In order, so hostile input is refused as cheaply as possible: the size
/// ([`MAX_PHOTO_BYTES`]); the format, from the magic numbers (JPEG, PNG or
/// WebP only, whatever the file name or declared type said); the dimensions,
/// from the header alone ([`MAX_PHOTO_SIDE`]); then the full decode, under
/// memory limits so decompression bombs fail cleanly. The thumbnail fits in
/// [`THUMB_SIDE`]×[`THUMB_SIDE`], keeps the aspect ratio, is never larger
/// than the photo, follows the photo's EXIF orientation (as browsers show
/// it) and is a JPEG. The original is returned unchanged.
pub fn process_photo(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge { limit: MAX_PHOTO_BYTES });
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::UnsupportedFormat)?;
    let content_type = match format {
        ImageFormat::Jpeg => "image/jpeg",
        ImageFormat::Png => "image/png",
        ImageFormat::WebP => "image/webp",
        _ => return Err(PhotoError::UnsupportedFormat),
    };

    // The header only: dimensions and orientation, before any pixel is decoded.
    let mut header = ImageReader::with_format(Cursor::new(bytes), format).into_decoder().map_err(undecodable)?;
    let (raw_width, raw_height) = header.dimensions();
    if raw_width > MAX_PHOTO_SIDE || raw_height > MAX_PHOTO_SIDE {
        return Err(PhotoError::TooManyPixels { max_side: MAX_PHOTO_SIDE });
    }
    if raw_width == 0 || raw_height == 0 {
        return Err(PhotoError::Undecodable("the image is empty".into()));
    }
    // Bad metadata is no reason to refuse a photo: it is then shown as stored.
    let orientation = header.orientation().unwrap_or(image::metadata::Orientation::NoTransforms);
    drop(header);

    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let mut image = reader.decode().map_err(undecodable)?;
    image.apply_orientation(orientation);
    let (width, height) = (image.width(), image.height());

    let (thumb_width, thumb_height) = fit_within(width, height, THUMB_SIDE);
    let thumbnail = if (thumb_width, thumb_height) == (width, height) {
        image
    } else {
        image.resize_exact(thumb_width, thumb_height, FilterType::Triangle)
    };
    let thumbnail_jpeg = encode_jpeg(&flatten_onto_white(thumbnail))?;

    Ok(Photo {
        original: bytes.to_vec(),
        original_content_type: content_type,
        thumbnail_jpeg,
        width,
        height,
        thumb_width,
        thumb_height,
    })
}

/// The largest size with the same aspect ratio fitting in `side`×`side`,
/// never larger than the image itself (no upscaling), never zero.
fn fit_within(width: u32, height: u32, side: u32) -> (u32, u32) {
    if width <= side && height <= side {
        return (width, height);
    }
    let (long, short) = (u64::from(width.max(height)), u64::from(width.min(height)));
    let side64 = u64::from(side);
    // Rounded to nearest; short <= long, so the result is <= side.
    let scaled = ((short * side64 + long / 2) / long).max(1) as u32;
    if width >= height { (side, scaled) } else { (scaled, side) }
}

/// RGB8, with any transparency composited onto white (JPEG has no alpha).
fn flatten_onto_white(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let a = u16::from(a);
        let over_white = |c: u8| ((u16::from(c) * a + 255 * (255 - a) + 127) / 255) as u8;
        Rgb([over_white(r), over_white(g), over_white(b)])
    })
}

fn encode_jpeg(image: &RgbImage) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, THUMB_QUALITY)
        .encode_image(image)
        .map_err(|e| PhotoError::Undecodable(format!("the thumbnail could not be made ({e})")))?;
    Ok(out)
}

fn undecodable(e: ImageError) -> PhotoError {
    match e {
        ImageError::Limits(_) => PhotoError::Undecodable("the image needs too much memory to open".into()),
        ImageError::Unsupported(_) => PhotoError::Undecodable("this kind of image is not supported".into()),
        other => PhotoError::Undecodable(format!("the file is damaged or not a valid image ({other})")),
    }
}

#[cfg(test)]
mod tests {
    use super::fit_within;

    #[test]
    fn fit_within_keeps_aspect_and_never_upscales() {
        assert_eq!(fit_within(2000, 1000, 480), (480, 240));
        assert_eq!(fit_within(1000, 2000, 480), (240, 480));
        assert_eq!(fit_within(480, 480, 480), (480, 480));
        assert_eq!(fit_within(100, 50, 480), (100, 50));
        assert_eq!(fit_within(8000, 1, 480), (480, 1));
        assert_eq!(fit_within(1, 8000, 480), (1, 480));
        assert_eq!(fit_within(4032, 3024, 480), (480, 360));
        assert_eq!(fit_within(1001, 1000, 480), (480, 480));
    }
}
