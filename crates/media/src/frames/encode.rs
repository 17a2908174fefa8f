//! Frames and thumbnails as JPEG, PNG or WebP bytes.
//!
//! JPEG uses `jpeg-encoder` (AVX2 when the CPU has it: a 1080×1920 frame in
//! ~15 ms) at the requested quality, 4:2:0. PNG is lossless with fast
//! compression. WebP is lossless too: the `image` crate (0.25) only encodes
//! lossless WebP, so `quality` does not apply to it and its files are about
//! PNG-sized.
use domain::ImageFormat;
use image::codecs::png::{CompressionType, FilterType, PngEncoder};
use image::codecs::webp::WebPEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

use super::FramesError;

/// `picture` encoded as `format`.
pub(crate) fn encode(picture: &RgbImage, format: ImageFormat, quality: u8) -> Result<Vec<u8>, FramesError> {
    let (width, height) = picture.dimensions();
    let mut out = Vec::with_capacity(picture.as_raw().len() / 8);
    match format {
        ImageFormat::Jpeg => {
            let (w, h) = (u16::try_from(width).map_err(|_| too_big())?, u16::try_from(height).map_err(|_| too_big())?);
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality.clamp(1, 100));
            encoder.set_sampling_factor(jpeg_encoder::SamplingFactor::F_2_2);
            encoder.encode(picture.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).map_err(encoding)?;
        }
        ImageFormat::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Fast, FilterType::Adaptive)
                .write_image(picture.as_raw(), width, height, ExtendedColorType::Rgb8)
                .map_err(encoding)?;
        }
        ImageFormat::Webp => {
            WebPEncoder::new_lossless(&mut out)
                .write_image(picture.as_raw(), width, height, ExtendedColorType::Rgb8)
                .map_err(encoding)?;
        }
    }
    Ok(out)
}

fn too_big() -> FramesError {
    FramesError::Io(std::io::Error::other("a frame is too large to encode as JPEG"))
}

fn encoding(error: impl std::fmt::Display) -> FramesError {
    FramesError::Io(std::io::Error::other(format!("encoding a frame: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_decodes_back() {
        let picture = RgbImage::from_fn(64, 48, |x, y| image::Rgb([x as u8 * 4, y as u8 * 5, 128]));
        for (format, kind) in [
            (ImageFormat::Jpeg, image::ImageFormat::Jpeg),
            (ImageFormat::Png, image::ImageFormat::Png),
            (ImageFormat::Webp, image::ImageFormat::WebP),
        ] {
            let bytes = encode(&picture, format, 85).expect("encodes");
            let back = image::load_from_memory_with_format(&bytes, kind).expect("decodes");
            assert_eq!((back.width(), back.height()), (64, 48), "{format:?}");
        }
    }
}
