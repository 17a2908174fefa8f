//! Test videos made with the `ffmpeg` command line, whose frames say their
//! own number: frame `n` shows `n` in binary as a 4×4 grid of big black and
//! white cells (most significant bit top-left), inside a black ring; one
//! corner cell of the ring is a red marker (to check rotation). They are
//! made once per fixture into `CARGO_TARGET_TMPDIR` and reused.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use image::RgbImage;

/// The cells of a frame: a 6×6 grid, the code in the inner 4×4.
const GRID: u32 = 6;
pub const RED: [u8; 3] = [230, 20, 20];

/// A corner of the coded picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

/// How to make a fixture.
#[derive(Debug, Clone)]
pub struct Spec {
    /// File name in the cache (its extension picks the container).
    pub name: &'static str,
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub frames: u32,
    pub marker: Corner,
    /// `ffmpeg` output arguments (codec, GOP…), before the file name.
    pub args: &'static [&'static str],
}

/// Whether this machine's `ffmpeg` has an encoder.
pub fn has_encoder(name: &str) -> bool {
    let Ok(out) = Command::new("ffmpeg").args(["-hide_banner", "-encoders"]).output() else {
        return false;
    };
    String::from_utf8_lossy(&out.stdout).lines().any(|line| line.split_whitespace().nth(1) == Some(name))
}

pub fn cache_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("media-fixtures-v1");
    std::fs::create_dir_all(&dir).expect("fixture dir");
    dir
}

/// A fresh empty directory for one test's output.
pub fn out_dir(test: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("media-out-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("out dir");
    dir
}

/// The picture of frame `n`.
pub fn frame_picture(spec: &Spec, n: u32) -> RgbImage {
    let (w, h) = (spec.width, spec.height);
    RgbImage::from_fn(w, h, |x, y| {
        let (cx, cy) = (x * GRID / w, y * GRID / h);
        let corner = match (cx, cy) {
            (0, 0) => Some(Corner::TopLeft),
            (c, 0) if c == GRID - 1 => Some(Corner::TopRight),
            (0, r) if r == GRID - 1 => Some(Corner::BottomLeft),
            (c, r) if c == GRID - 1 && r == GRID - 1 => Some(Corner::BottomRight),
            _ => None,
        };
        if corner == Some(spec.marker) {
            return image::Rgb(RED);
        }
        if cx == 0 || cy == 0 || cx == GRID - 1 || cy == GRID - 1 {
            return image::Rgb([0, 0, 0]);
        }
        let bit = 15 - ((cy - 1) * 4 + (cx - 1));
        if n >> bit & 1 == 1 { image::Rgb([255, 255, 255]) } else { image::Rgb([0, 0, 0]) }
    })
}

/// Reads the frame number back from a picture in the coded orientation.
pub fn read_number(picture: &RgbImage) -> u32 {
    let (w, h) = picture.dimensions();
    let mut n = 0;
    for cy in 1..GRID - 1 {
        for cx in 1..GRID - 1 {
            let luma = mean(picture, cx * w / GRID, cy * h / GRID, w / GRID, h / GRID);
            n = n << 1 | u32::from(luma.iter().map(|&c| u32::from(c)).sum::<u32>() / 3 > 128);
        }
    }
    n
}

/// The mean colour of the middle half of a cell.
pub fn mean(picture: &RgbImage, x: u32, y: u32, w: u32, h: u32) -> [u8; 3] {
    let (mut sum, mut count) = ([0u64; 3], 0u64);
    for py in y + h / 4..y + 3 * h / 4 {
        for px in x + w / 4..x + 3 * w / 4 {
            let p = picture.get_pixel(px, py).0;
            for c in 0..3 {
                sum[c] += u64::from(p[c]);
            }
            count += 1;
        }
    }
    sum.map(|s| (s / count.max(1)) as u8)
}

/// The colour of a corner cell of a picture as shown.
pub fn corner_colour(picture: &RgbImage, corner: Corner) -> [u8; 3] {
    let (w, h) = picture.dimensions();
    let (cw, ch) = (w / GRID, h / GRID);
    let (x, y) = match corner {
        Corner::TopLeft => (0, 0),
        Corner::TopRight => (w - cw, 0),
        Corner::BottomLeft => (0, h - ch),
        Corner::BottomRight => (w - cw, h - ch),
    };
    mean(picture, x, y, cw, ch)
}

pub fn is_red(colour: [u8; 3]) -> bool {
    colour[0] > 170 && colour[1] < 90 && colour[2] < 90
}

/// Makes the fixture (once) and returns its path; None (with a note
/// printed) when `ffmpeg` is missing or fails, e.g. without that encoder.
pub fn make(spec: &Spec) -> Option<PathBuf> {
    let path = cache_dir().join(spec.name);
    if path.exists() {
        return Some(path);
    }
    let partial = cache_dir().join(format!("{}.{}.part.{}", spec.name, std::process::id(), unique()));
    let extension = Path::new(spec.name).extension().and_then(|e| e.to_str()).unwrap_or("mp4");
    let child = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24"])
        .args(["-s", &format!("{}x{}", spec.width, spec.height), "-r", &spec.fps.to_string(), "-i", "-"])
        .args(spec.args)
        .args(["-f", muxer(extension)])
        .arg(&partial)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        println!("note: skipped: the ffmpeg command line is not installed");
        return None;
    };
    let mut stdin = child.stdin.take().expect("stdin");
    let spec_for_writer = spec.clone();
    let writer = std::thread::spawn(move || {
        for n in 0..spec_for_writer.frames {
            if stdin.write_all(frame_picture(&spec_for_writer, n).as_raw()).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().expect("ffmpeg runs");
    writer.join().expect("writer");
    if !out.status.success() {
        println!("note: skipped {}: ffmpeg failed: {}", spec.name, String::from_utf8_lossy(&out.stderr).trim());
        let _ = std::fs::remove_file(&partial);
        return None;
    }
    std::fs::rename(&partial, &path).expect("fixture in place");
    Some(path)
}

/// Runs `ffmpeg` with these arguments (remuxing a fixture…); panics on failure.
pub fn ffmpeg(args: &[&str]) {
    let out = Command::new("ffmpeg").args(["-hide_banner", "-loglevel", "error", "-y"]).args(args).output().expect("ffmpeg runs");
    assert!(out.status.success(), "ffmpeg {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// The first frame as the `ffmpeg` command line shows it (autorotated): the ground truth of "upright".
pub fn ffmpeg_first_frame(path: &Path) -> RgbImage {
    let out = Command::new("ffmpeg")
        .args(["-hide_banner", "-loglevel", "error", "-i"])
        .arg(path)
        .args(["-frames:v", "1", "-f", "image2pipe", "-c:v", "png", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    image::load_from_memory(&out.stdout).expect("png").to_rgb8()
}

fn muxer(extension: &str) -> &'static str {
    match extension {
        "mov" => "mov",
        "avi" => "avi",
        "webm" => "webm",
        "mkv" => "matroska",
        _ => "mp4",
    }
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// H.264 with B-frames (x264's default pyramid) and a fixed GOP of `g` frames
/// (no extra keyframes at scene cuts: every frame changes).
pub const X264_GOP30: &[&str] = &["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "30", "-bf", "3", "-sc_threshold", "0", "-pix_fmt", "yuv420p"];
pub const X264_GOP240: &[&str] = &["-c:v", "libx264", "-preset", "veryfast", "-crf", "18", "-g", "240", "-keyint_min", "240", "-bf", "3", "-sc_threshold", "0", "-pix_fmt", "yuv420p"];

/// 320×568 portrait, 30 fps, 12 s, marker top-right.
pub fn portrait(name: &'static str, args: &'static [&'static str]) -> Spec {
    Spec { name, width: 320, height: 568, fps: 30, frames: 360, marker: Corner::TopRight, args }
}
