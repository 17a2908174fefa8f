//! A provider's frame as a file: its size, and a thumbnail beside it
//! (`frame-00.jpg` → `frame-00-thumb.jpg`). The local extractor writes the
//! thumbnail itself; for an external provider's frame it is made here.
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use domain::ImageFormat;
use image::ImageReader;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::PngEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;

/// JPEG quality of thumbnails made here.
const THUMBNAIL_QUALITY: u8 = 80;

/// What the job records of a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameInfo {
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    pub thumbnail_path: PathBuf,
}

/// Reads the frame at `path` (in `format`) and returns its size, making
/// its thumbnail `thumbnail_width` wide unless one is already there.
pub fn describe_frame(path: &Path, format: ImageFormat, thumbnail_width: u32) -> Result<FrameInfo, String> {
    let bytes = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?.len();
    let thumbnail_path = thumbnail_path_of(path, format);
    let reader = ImageReader::open(path).and_then(|r| r.with_guessed_format()).map_err(|e| e.to_string())?;
    if thumbnail_path.exists() {
        let (width, height) = reader.into_dimensions().map_err(|e| format!("not a picture: {e}"))?;
        return Ok(FrameInfo { width, height, bytes, thumbnail_path });
    }
    let image = reader.decode().map_err(|e| format!("not a picture: {e}"))?;
    let (width, height) = (image.width(), image.height());
    let thumb_width = thumbnail_width.min(width).max(1);
    let thumb_height = ((u64::from(height) * u64::from(thumb_width)) / u64::from(width.max(1))).max(1);
    let thumbnail = image.resize_exact(thumb_width, u32::try_from(thumb_height).unwrap_or(1), FilterType::Triangle).to_rgb8();
    let file = std::fs::File::create(&thumbnail_path).map_err(|e| format!("{}: {e}", thumbnail_path.display()))?;
    let out = BufWriter::new(file);
    let written = match format {
        ImageFormat::Jpeg => thumbnail.write_with_encoder(JpegEncoder::new_with_quality(out, THUMBNAIL_QUALITY)),
        ImageFormat::Png => thumbnail.write_with_encoder(PngEncoder::new(out)),
        ImageFormat::Webp => thumbnail.write_with_encoder(WebPEncoder::new_lossless(out)),
    };
    written.map_err(|e| format!("writing the thumbnail: {e}"))?;
    Ok(FrameInfo { width, height, bytes, thumbnail_path })
}

fn thumbnail_path_of(path: &Path, format: ImageFormat) -> PathBuf {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "frame".into());
    path.with_file_name(format!("{stem}-thumb.{}", format.extension()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_external_frame_gets_a_thumbnail_320_wide() {
        let dir = std::env::temp_dir().join(format!("cotiza-frame-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let frame = dir.join("frame-03.png");
        image::RgbImage::from_pixel(1080, 1920, image::Rgb([200, 30, 30])).save(&frame).expect("png");
        let info = describe_frame(&frame, ImageFormat::Png, 320).expect("described");
        assert_eq!((info.width, info.height), (1080, 1920));
        assert_eq!(info.thumbnail_path, dir.join("frame-03-thumb.png"));
        let thumb = image::open(&info.thumbnail_path).expect("thumbnail");
        assert_eq!((thumb.width(), thumb.height()), (320, 568));
        // A second look reuses it (the local extractor's case).
        assert_eq!(describe_frame(&frame, ImageFormat::Png, 320).expect("again"), info);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
