//! `process_photo` on images made in memory.

use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageFormat, Rgb, RgbImage, Rgba, RgbaImage};
use media::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, PhotoError, THUMB_SIDE, process_photo};

fn png(image: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    image.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).expect("encode png");
    out
}

fn jpeg(image: &RgbImage, exif: Option<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, 90);
    if let Some(exif) = exif {
        encoder.set_exif_metadata(exif).expect("jpeg takes exif");
    }
    encoder.write_image(image, image.width(), image.height(), ExtendedColorType::Rgb8).expect("encode jpeg");
    out
}

fn decode_jpeg(bytes: &[u8]) -> DynamicImage {
    image::load_from_memory_with_format(bytes, ImageFormat::Jpeg).expect("thumbnail decodes")
}

#[test]
fn large_png_with_alpha_gets_a_480x240_jpeg_thumbnail() {
    // Left half fully transparent (red underneath), right half opaque blue.
    let image =
        RgbaImage::from_fn(2000, 1000, |x, _| if x < 1000 { Rgba([255, 0, 0, 0]) } else { Rgba([0, 0, 255, 255]) });
    let bytes = png(&DynamicImage::ImageRgba8(image));

    let photo = process_photo(&bytes).unwrap();
    assert_eq!(photo.original, bytes, "the original is kept byte for byte");
    assert_eq!(photo.original_content_type, "image/png");
    assert_eq!((photo.width, photo.height), (2000, 1000));
    assert_eq!((photo.thumb_width, photo.thumb_height), (THUMB_SIDE, 240));
    assert_eq!(&photo.thumbnail_jpeg[..3], &[0xFF, 0xD8, 0xFF]);

    let thumb = decode_jpeg(&photo.thumbnail_jpeg).into_rgb8();
    assert_eq!(thumb.dimensions(), (480, 240));
    // Transparency became white, not black nor the hidden red.
    let Rgb([r, g, b]) = *thumb.get_pixel(60, 120);
    assert!(r > 240 && g > 240 && b > 240, "transparent area is {r},{g},{b}");
    let Rgb([r, g, b]) = *thumb.get_pixel(420, 120);
    assert!(r < 30 && g < 30 && b > 220, "opaque area is {r},{g},{b}");
}

#[test]
fn tall_photo_fits_the_square_too() {
    let bytes = png(&DynamicImage::ImageRgb8(RgbImage::from_pixel(600, 1200, Rgb([10, 200, 10]))));
    let photo = process_photo(&bytes).unwrap();
    assert_eq!((photo.thumb_width, photo.thumb_height), (240, 480));
    assert_eq!(decode_jpeg(&photo.thumbnail_jpeg).into_rgb8().dimensions(), (240, 480));
}

#[test]
fn small_jpeg_is_not_upscaled() {
    let image = RgbImage::from_fn(100, 50, |x, y| Rgb([(x * 2) as u8, (y * 4) as u8, 128]));
    let bytes = jpeg(&image, None);
    let photo = process_photo(&bytes).unwrap();
    assert_eq!(photo.original, bytes);
    assert_eq!(photo.original_content_type, "image/jpeg");
    assert_eq!((photo.width, photo.height), (100, 50));
    assert_eq!((photo.thumb_width, photo.thumb_height), (100, 50));
    assert_eq!(&photo.thumbnail_jpeg[..2], &[0xFF, 0xD8]);
    assert_eq!(decode_jpeg(&photo.thumbnail_jpeg).into_rgb8().dimensions(), (100, 50));
}

#[test]
fn webp_is_accepted() {
    let image = RgbaImage::from_pixel(960, 960, Rgba([200, 100, 50, 255]));
    let mut bytes = Vec::new();
    WebPEncoder::new_lossless(&mut bytes).write_image(&image, 960, 960, ExtendedColorType::Rgba8).unwrap();
    let photo = process_photo(&bytes).unwrap();
    assert_eq!(photo.original_content_type, "image/webp");
    assert_eq!((photo.thumb_width, photo.thumb_height), (480, 480));
}

/// A minimal little-endian EXIF (TIFF) block holding only an orientation.
fn exif_orientation(value: u16) -> Vec<u8> {
    let mut exif = b"II*\0".to_vec();
    exif.extend_from_slice(&8u32.to_le_bytes()); // first IFD right after the header
    exif.extend_from_slice(&1u16.to_le_bytes()); // one entry
    exif.extend_from_slice(&0x0112u16.to_le_bytes()); // Orientation
    exif.extend_from_slice(&3u16.to_le_bytes()); // SHORT
    exif.extend_from_slice(&1u32.to_le_bytes()); // one value
    exif.extend_from_slice(&value.to_le_bytes());
    exif.extend_from_slice(&[0, 0]);
    exif.extend_from_slice(&0u32.to_le_bytes()); // no next IFD
    exif
}

#[test]
fn exif_orientation_is_followed() {
    // Stored landscape, to be shown rotated 90° (EXIF orientation 6), as phones do.
    let stored = RgbImage::from_pixel(1000, 500, Rgb([90, 90, 90]));
    let bytes = jpeg(&stored, Some(exif_orientation(6)));
    let photo = process_photo(&bytes).unwrap();
    assert_eq!(photo.original, bytes);
    assert_eq!((photo.width, photo.height), (500, 1000));
    assert_eq!((photo.thumb_width, photo.thumb_height), (240, 480));
    assert_eq!(decode_jpeg(&photo.thumbnail_jpeg).into_rgb8().dimensions(), (240, 480));
}

#[test]
fn other_formats_are_refused() {
    // GIF (the image crate is built without GIF support, but knows its magic number).
    let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>"#;
    let bmp = b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00";
    let random: Vec<u8> = (0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    for (name, bytes) in [
        ("gif", &gif[..]),
        ("svg", &svg[..]),
        ("bmp", &bmp[..]),
        ("text", &b"hello, this is not a photo"[..]),
        ("random", &random[..]),
        ("empty", &[][..]),
    ] {
        assert_eq!(process_photo(bytes), Err(PhotoError::UnsupportedFormat), "{name}");
    }
}

#[test]
fn too_many_pixels_is_refused_before_decoding() {
    for (w, h) in [(MAX_PHOTO_SIDE + 1000, 1), (1, MAX_PHOTO_SIDE + 1)] {
        let bytes = png(&DynamicImage::ImageLuma8(image::GrayImage::new(w, h)));
        assert!(bytes.len() < 10_000, "a small file ({} bytes)", bytes.len());
        assert_eq!(process_photo(&bytes), Err(PhotoError::TooManyPixels { max_side: MAX_PHOTO_SIDE }));
    }
    // The largest side allowed is fine.
    let bytes = png(&DynamicImage::ImageLuma8(image::GrayImage::new(MAX_PHOTO_SIDE, 1)));
    assert_eq!(process_photo(&bytes).unwrap().thumb_width, THUMB_SIDE);
}

/// CRC-32 (as PNG chunks use it).
fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut typed = kind.to_vec();
    typed.extend_from_slice(data);
    out.extend_from_slice(&typed);
    out.extend_from_slice(&crc32(&typed).to_be_bytes());
}

#[test]
fn decompression_bomb_fails_cleanly() {
    // A tiny file whose header claims 8000×8000 RGBA at 16 bits: 512 MB of
    // pixels, within the side limit but over the memory limit.
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&MAX_PHOTO_SIDE.to_be_bytes());
    ihdr.extend_from_slice(&MAX_PHOTO_SIDE.to_be_bytes());
    ihdr.extend_from_slice(&[16, 6, 0, 0, 0]); // 16-bit, RGBA, deflate, adaptive, no interlace
    png_chunk(&mut bytes, b"IHDR", &ihdr);
    png_chunk(&mut bytes, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    png_chunk(&mut bytes, b"IEND", &[]);
    match process_photo(&bytes) {
        Err(PhotoError::Undecodable(why)) => assert!(why.contains("memory"), "refused for another reason: {why}"),
        other => panic!("expected Undecodable, got {other:?}"),
    }
}

#[test]
fn damaged_files_are_undecodable() {
    let bytes = png(&DynamicImage::ImageRgb8(RgbImage::from_pixel(300, 300, Rgb([1, 2, 3]))));
    let truncated = &bytes[..bytes.len() / 2];
    assert!(matches!(process_photo(truncated), Err(PhotoError::Undecodable(_))));
    // Only the magic number.
    assert!(matches!(process_photo(b"\x89PNG\r\n\x1a\n"), Err(PhotoError::Undecodable(_))));
    assert!(matches!(process_photo(b"\xFF\xD8\xFF\xE0garbage"), Err(PhotoError::Undecodable(_))));
}

#[test]
fn oversized_upload_is_refused_first() {
    let mut bytes = png(&DynamicImage::ImageRgb8(RgbImage::new(10, 10)));
    bytes.resize(MAX_PHOTO_BYTES + 1, 0);
    assert_eq!(process_photo(&bytes), Err(PhotoError::TooLarge { limit: MAX_PHOTO_BYTES }));
    // Exactly at the limit is not refused for its size.
    bytes.truncate(MAX_PHOTO_BYTES);
    assert_ne!(process_photo(&bytes), Err(PhotoError::TooLarge { limit: MAX_PHOTO_BYTES }));
}

#[test]
fn messages_are_for_users() {
    assert_eq!(PhotoError::TooLarge { limit: MAX_PHOTO_BYTES }.to_string(), "the photo is larger than 5 MB");
    assert_eq!(PhotoError::UnsupportedFormat.to_string(), "the photo must be a JPEG, PNG or WebP image");
    assert_eq!(
        PhotoError::TooManyPixels { max_side: 8000 }.to_string(),
        "the photo is too big: at most 8000 pixels wide and 8000 pixels high"
    );
}
