//! 360° vehicle videos: what a frame-extraction job is asked for, the
//! angles of its frames and how the API and the spin viewer show them.
//! Shared by the server (validation, API), the worker (extraction) and the
//! WASM viewer.
use serde::{Deserialize, Serialize};

use crate::names::named_enum;

/// The job template of a 360° frame extraction (beside `quote-summary`).
pub const FRAMES_360_TEMPLATE: &str = "frames-360";

/// Frames taken when the request does not say.
pub const DEFAULT_FRAME_COUNT: u32 = 6;
/// Fewest and most frames a request may ask for.
pub const MIN_FRAME_COUNT: u32 = 2;
pub const MAX_FRAME_COUNT: u32 = 72;
/// Quality (1–100) of JPEG/WebP frames when the request does not say.
pub const DEFAULT_FRAME_QUALITY: u8 = 85;
/// Width of each frame's thumbnail, in pixels (height keeps the aspect).
pub const FRAME_THUMBNAIL_WIDTH: u32 = 320;

/// The picture format of extracted frames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    #[default]
    Jpeg,
    Png,
    Webp,
}
named_enum!(ImageFormat, "image format", [Jpeg => "jpeg", Png => "png", Webp => "webp"]);

impl ImageFormat {
    /// The file extension (`jpg`, `png`, `webp`).
    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Webp => "webp",
        }
    }

    /// The MIME type (`image/jpeg`…).
    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Webp => "image/webp",
        }
    }
}

/// What a 360° job extracts, frozen when the job is created (its input
/// snapshot): the uploaded (or fetched) video and the frames asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frames360Input {
    pub vehicle_id: String,
    /// Storage key of the uploaded video; `None` until a `video_url` job
    /// has fetched its file.
    pub source_key: Option<String>,
    /// The `http(s)://` address to fetch the video from (URL jobs).
    pub video_url: Option<String>,
    pub frame_count: u32,
    pub format: ImageFormat,
    /// 1–100, for JPEG and WebP (PNG is lossless).
    pub quality: u8,
}

/// The time of frame `index` of `count` in a video of `duration_us`
/// microseconds: `index × duration / count`, so the frames sit at equal
/// angles of one full turn (0°, 60° … 300° for six).
pub fn frame_time_us(index: u32, count: u32, duration_us: i64) -> i64 {
    if count == 0 {
        return 0;
    }
    // i128: a 2-hour video in µs times 72 frames fits easily, no overflow.
    (i128::from(index) * i128::from(duration_us) / i128::from(count)) as i64
}

/// The angle of frame `index` of `count`, in degrees (0 ≤ angle < 360).
pub fn frame_angle_degrees(index: u32, count: u32) -> f64 {
    if count == 0 { 0.0 } else { f64::from(index) * 360.0 / f64::from(count) }
}

/// The side of the car a frame shows, from its angle (0° = front, turning
/// to the car's right): `Front`, `Front-Right`, `Right`, `Rear-Right`,
/// `Rear`, `Rear-Left`, `Left`, `Front-Left`. With six frames: Front,
/// Front-Right, Rear-Right, Rear, Rear-Left, Front-Left.
pub fn angle_label(angle_degrees: f64) -> &'static str {
    let a = angle_degrees.rem_euclid(360.0);
    // Exact quarter turns are the four sides; between them, the corners.
    match a {
        a if a < 22.5 || a >= 337.5 => "Front",
        a if a < 67.5 => "Front-Right",
        a if a < 112.5 => {
            if (a - 90.0).abs() < 1e-9 { "Right" } else if a < 90.0 { "Front-Right" } else { "Rear-Right" }
        }
        a if a < 157.5 => "Rear-Right",
        a if a < 202.5 => "Rear",
        a if a < 247.5 => "Rear-Left",
        a if a < 292.5 => {
            if (a - 270.0).abs() < 1e-9 { "Left" } else if a < 270.0 { "Rear-Left" } else { "Front-Left" }
        }
        _ => "Front-Left",
    }
}

/// `angle_label` in Spanish (`Frente`, `Frente derecha`…), for the viewer.
pub fn angle_label_es(angle_degrees: f64) -> &'static str {
    match angle_label(angle_degrees) {
        "Front" => "Frente",
        "Front-Right" => "Frente derecha",
        "Right" => "Derecha",
        "Rear-Right" => "Trasera derecha",
        "Rear" => "Trasera",
        "Rear-Left" => "Trasera izquierda",
        "Left" => "Izquierda",
        _ => "Frente izquierda",
    }
}

/// A 360° job's state as the API names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Video360Status {
    Pending,
    Processing,
    Completed,
    Failed,
    Cancelled,
}
named_enum!(Video360Status, "360° job status", [
    Pending => "Pending", Processing => "Processing", Completed => "Completed",
    Failed => "Failed", Cancelled => "Cancelled",
]);

impl From<crate::JobStatus> for Video360Status {
    fn from(status: crate::JobStatus) -> Self {
        match status {
            crate::JobStatus::Queued => Video360Status::Pending,
            crate::JobStatus::Running => Video360Status::Processing,
            crate::JobStatus::Succeeded => Video360Status::Completed,
            crate::JobStatus::Failed => Video360Status::Failed,
            crate::JobStatus::Cancelled => Video360Status::Cancelled,
        }
    }
}

/// One extracted frame, as the API and the viewer show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Frame360 {
    pub index: u32,
    pub angle_degrees: f64,
    pub angle_label: String,
    /// Signed, expiring links.
    pub image_url: String,
    pub thumbnail_url: String,
    pub file_size_bytes: i64,
    pub width: u32,
    pub height: u32,
}

/// A 360° job (`GET /api/video360/jobs/{id}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Video360Job {
    pub id: String,
    pub vehicle_id: String,
    pub status: Video360Status,
    /// 0–100.
    pub progress: u8,
    /// The provider that did (or is doing) the work: `local` is the
    /// worker's own ffmpeg extractor.
    pub provider: Option<String>,
    pub processing_time_ms: Option<i64>,
    /// What external providers charged, in US dollars (`"0.00"` locally).
    pub cost_usd: String,
    pub frame_count: u32,
    pub image_format: ImageFormat,
    pub attempts: i64,
    pub error: Option<String>,
    pub frames: Vec<Frame360>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

/// How the spin viewer turns (`GET /api/video360/vehicles/{id}/view`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ViewerConfig {
    pub auto_rotate: bool,
    /// Frames per second while turning by itself.
    pub auto_rotate_speed: f64,
    pub allow_drag: bool,
}

impl Default for ViewerConfig {
    fn default() -> Self {
        ViewerConfig { auto_rotate: true, auto_rotate_speed: 1.5, allow_drag: true }
    }
}

/// A vehicle's spin, ready or not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VehicleView {
    pub vehicle_id: String,
    pub is_ready: bool,
    /// The newest completed job's frames, in angle order.
    pub frames: Vec<Frame360>,
    pub config: ViewerConfig,
    /// The job that made them, when there is one.
    pub job_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_frames_sit_at_sixty_degree_steps_with_their_sides() {
        let labels: Vec<_> = (0..6).map(|i| angle_label(frame_angle_degrees(i, 6))).collect();
        assert_eq!(labels, ["Front", "Front-Right", "Rear-Right", "Rear", "Rear-Left", "Front-Left"]);
        let angles: Vec<_> = (0..6).map(|i| frame_angle_degrees(i, 6)).collect();
        assert_eq!(angles, [0.0, 60.0, 120.0, 180.0, 240.0, 300.0]);
        let eight: Vec<_> = (0..8).map(|i| angle_label(frame_angle_degrees(i, 8))).collect();
        assert_eq!(eight, ["Front", "Front-Right", "Right", "Rear-Right", "Rear", "Rear-Left", "Left", "Front-Left"]);
        assert_eq!(angle_label_es(180.0), "Trasera");
    }

    #[test]
    fn frame_times_divide_the_turn_equally() {
        let times: Vec<_> = (0..6).map(|i| frame_time_us(i, 6, 30_000_000)).collect();
        assert_eq!(times, [0, 5_000_000, 10_000_000, 15_000_000, 20_000_000, 25_000_000]);
        assert_eq!(frame_time_us(1, 3, 10), 3);
        assert_eq!(frame_time_us(5, 6, i64::MAX / 2), (i128::from(5) * i128::from(i64::MAX / 2) / 6) as i64);
        assert_eq!(frame_time_us(0, 0, 100), 0);
    }

    #[test]
    fn statuses_map_from_the_queue() {
        assert_eq!(Video360Status::from(crate::JobStatus::Running), Video360Status::Processing);
        assert_eq!(Video360Status::Completed.as_str(), "Completed");
        assert_eq!("webp".parse::<ImageFormat>().ok().map(ImageFormat::extension), Some("webp"));
    }
}
