//! End-to-end tests of the renderer: real MP4s probed and decoded with
//! ffmpeg-next, the MP4 box order read from the file's bytes, the thumbnail
//! decoded, progress and cancellation.
use std::path::{Path, PathBuf};

use ffmpeg_next as ffmpeg;

use super::scenes::{BRAND_SPOT, Scene};
use super::*;
use crate::demo::{DEFAULT_DEMO_LINES, demo_quote_video_input};

/// A fresh directory for one test's files, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("cotiza-render-{}-{name}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// What the tests read back from a video file.
#[derive(Debug)]
struct Probe {
    codec: String,
    pixel: ffmpeg::format::Pixel,
    width: u32,
    height: u32,
    frame_rate: ffmpeg::Rational,
    duration_s: f64,
    frames: usize,
    /// (Y, U, V) at the probed spot of the probed frame.
    spot: Option<[u8; 3]>,
}

/// Opens `path`, reads its stream, decodes every frame and samples the
/// pixel at `spot` of frame `at`.
fn probe(path: &Path, at: usize, spot: (u32, u32)) -> Probe {
    ffmpeg::init().expect("ffmpeg");
    let mut ictx = ffmpeg::format::input(&path).expect("open video");
    let stream = ictx.streams().best(ffmpeg::media::Type::Video).expect("a video stream");
    let index = stream.index();
    let frame_rate = stream.avg_frame_rate();
    let duration_s = stream.duration() as f64 * f64::from(stream.time_base());
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
        .expect("codec context")
        .decoder()
        .video()
        .expect("video decoder");
    let codec = decoder.codec().map(|c| c.name().to_owned()).unwrap_or_default();
    let (pixel, width, height) = (decoder.format(), decoder.width(), decoder.height());
    let mut frames = 0;
    let mut sample = None;
    let mut decoded = ffmpeg::frame::Video::empty();
    let mut take = |decoded: &ffmpeg::frame::Video, frames: &mut usize| {
        if *frames == at {
            let (x, y) = (spot.0 as usize, spot.1 as usize);
            let yv = decoded.data(0)[y * decoded.stride(0) + x];
            let u = decoded.data(1)[(y / 2) * decoded.stride(1) + x / 2];
            let v = decoded.data(2)[(y / 2) * decoded.stride(2) + x / 2];
            sample = Some([yv, u, v]);
        }
        *frames += 1;
    };
    for (s, packet) in ictx.packets() {
        if s.index() == index {
            decoder.send_packet(&packet).expect("decode");
            while decoder.receive_frame(&mut decoded).is_ok() {
                take(&decoded, &mut frames);
            }
        }
    }
    decoder.send_eof().expect("flush");
    while decoder.receive_frame(&mut decoded).is_ok() {
        take(&decoded, &mut frames);
    }
    Probe { codec, pixel, width, height, frame_rate, duration_s, frames, spot: sample }
}

/// BT.709 limited-range Y'CbCr back to RGB (what a player shows).
fn yuv_to_rgb([y, u, v]: [u8; 3]) -> [f64; 3] {
    let y = (f64::from(y) - 16.0) * 255.0 / 219.0;
    let u = (f64::from(u) - 128.0) * 255.0 / 224.0;
    let v = (f64::from(v) - 128.0) * 255.0 / 224.0;
    [y + 1.5748 * v, y - 0.1873 * u - 0.4681 * v, y + 1.8556 * u]
}

/// The top-level boxes of an MP4 file, in file order.
fn top_level_boxes(bytes: &[u8]) -> Vec<String> {
    let mut boxes = Vec::new();
    let mut at = 0usize;
    while at + 8 <= bytes.len() {
        let size32 = u32::from_be_bytes(bytes[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = String::from_utf8_lossy(&bytes[at + 4..at + 8]).into_owned();
        let size = match size32 {
            0 => bytes.len() - at,
            1 => u64::from_be_bytes(bytes[at + 8..at + 16].try_into().expect("8 bytes")) as usize,
            n => n,
        };
        assert!(size >= 8, "box {kind} at {at} has size {size}");
        boxes.push(kind);
        at += size;
    }
    assert_eq!(at, bytes.len(), "boxes cover the file exactly");
    boxes
}

/// Decodes a JPEG with FFmpeg; returns its size.
fn jpeg_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("thumbnail");
    assert_eq!(&bytes[..3], &[0xff, 0xd8, 0xff], "JPEG start of image");
    assert_eq!(&bytes[bytes.len() - 2..], &[0xff, 0xd9], "JPEG end of image");
    ffmpeg::init().expect("ffmpeg");
    let mut ictx = ffmpeg::format::input(&path).expect("open JPEG");
    let stream = ictx.streams().best(ffmpeg::media::Type::Video).expect("image stream");
    let index = stream.index();
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
        .expect("context")
        .decoder()
        .video()
        .expect("decoder");
    assert_eq!(decoder.codec().map(|c| c.name().to_owned()).as_deref(), Some("mjpeg"));
    let mut image = ffmpeg::frame::Video::empty();
    for (s, packet) in ictx.packets() {
        if s.index() == index {
            decoder.send_packet(&packet).expect("decode JPEG");
        }
    }
    decoder.send_eof().expect("flush");
    decoder.receive_frame(&mut image).expect("a decoded image");
    (image.width(), image.height())
}

#[test]
fn the_full_demo_video_is_a_20_to_30_s_vertical_h264_fast_start_mp4() {
    let dir = TempDir::new("full");
    let (video, thumb) = (dir.path("quote.mp4"), dir.path("quote.jpg"));
    let input = demo_quote_video_input("es", DEFAULT_DEMO_LINES);
    let mut seen = Vec::new();
    let rendered = render_quote_video(&input, RenderTarget { video: &video, thumbnail: &thumb }, &mut |p| {
        seen.push(p);
        true
    })
    .expect("render");

    // What the function says.
    assert_eq!((rendered.width, rendered.height), (1080, 1920));
    assert!((20_000..=30_000).contains(&rendered.duration_ms), "{rendered:?}");
    assert_eq!(i64::from(rendered.frames) * 1000, rendered.duration_ms * 30, "frames = duration × 30 fps");

    // What the file says.
    let brand_frame = 30; // 1 s in: the brand scene, fully laid out.
    let p = probe(&video, brand_frame, BRAND_SPOT);
    assert_eq!(p.codec, "h264");
    assert_eq!(p.pixel, ffmpeg::format::Pixel::YUV420P);
    assert_eq!((p.width, p.height), (1080, 1920));
    assert_eq!(p.frame_rate, ffmpeg::Rational::new(30, 1));
    assert!((20.0..=30.0).contains(&p.duration_s), "duration {} s", p.duration_s);
    assert_eq!(p.frames, (p.duration_s * 30.0).round() as usize, "frame count = duration × 30 ({} s)", p.duration_s);
    assert_eq!(p.frames, rendered.frames as usize);

    // Fast start: the index (moov) before the media data (mdat).
    let boxes = top_level_boxes(&std::fs::read(&video).expect("read mp4"));
    let position = |kind: &str| boxes.iter().position(|b| b == kind).unwrap_or_else(|| panic!("no {kind} in {boxes:?}"));
    assert_eq!(boxes.first().map(String::as_str), Some("ftyp"));
    assert!(position("moov") < position("mdat"), "moov must come before mdat: {boxes:?}");

    // The brand colour where the brand scene shows it plainly.
    let brand = domain::parse_hex_color(&input.brand_color).expect("brand colour");
    let rgb = yuv_to_rgb(p.spot.expect("sampled frame 30"));
    for c in 0..3 {
        assert!((rgb[c] - f64::from(brand[c])).abs() <= 6.0, "brand colour {brand:?} vs decoded {rgb:?}");
    }

    // The thumbnail: a valid JPEG at half size.
    assert_eq!(jpeg_size(&thumb), (540, 960));

    // Progress: from 0, monotonic, every percent, ending at 100.
    assert_eq!(seen.first(), Some(&0));
    assert_eq!(seen.last(), Some(&100));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "{seen:?}");
    assert_eq!(seen, (0..=100).collect::<Vec<u8>>(), "every whole percent once");
}

#[test]
fn a_short_english_render_has_the_same_format_and_progress_reaches_100() {
    let dir = TempDir::new("short");
    let (video, thumb) = (dir.path("quote.bin"), dir.path("thumb.jpg"));
    let input = demo_quote_video_input("en", 40);
    let mut seen = Vec::new();
    let rendered = render_at_pace(&input, &RenderTarget { video: &video, thumbnail: &thumb }, &mut |p| {
        seen.push(p);
        true
    }, 0.1)
    .expect("render");
    assert!(rendered.frames < 150 && rendered.frames.is_multiple_of(3), "{rendered:?}");
    let p = probe(&video, 0, BRAND_SPOT);
    assert_eq!((p.codec.as_str(), p.width, p.height, p.frames), ("h264", 1080, 1920, rendered.frames as usize));
    assert_eq!(jpeg_size(&thumb), (540, 960));
    assert_eq!((seen.first(), seen.last()), (Some(&0), Some(&100)));
    assert!(seen.windows(2).all(|w| w[0] < w[1]), "monotonic: {seen:?}");
}

#[test]
fn returning_false_from_progress_cancels_and_leaves_no_files() {
    let dir = TempDir::new("cancel");
    let (video, thumb) = (dir.path("quote.mp4"), dir.path("quote.jpg"));
    let input = demo_quote_video_input("es", 3);
    for stop_at in [0u8, 60, 100] {
        let mut last = 0;
        let result = render_at_pace(&input, &RenderTarget { video: &video, thumbnail: &thumb }, &mut |p| {
            last = p;
            // By 60 % the thumbnail (frame 30 of ~60) and part of the video exist.
            p < stop_at
        }, 0.1);
        assert!(matches!(result, Err(RenderError::Cancelled)), "stop at {stop_at}: {result:?}");
        assert_eq!(last, stop_at, "stopped when asked");
        assert!(!video.exists() && !thumb.exists(), "stop at {stop_at}: partial files removed");
    }
}

#[test]
fn invalid_input_is_an_error_and_writes_nothing() {
    let dir = TempDir::new("invalid");
    let (video, thumb) = (dir.path("quote.mp4"), dir.path("quote.jpg"));
    let mut input = demo_quote_video_input("es", 3);
    input.brand_color = "red".into();
    let result = render_quote_video(&input, RenderTarget { video: &video, thumbnail: &thumb }, &mut |_| true);
    assert!(matches!(result, Err(RenderError::InvalidInput(_))), "{result:?}");
    assert!(!video.exists() && !thumb.exists());
}

#[test]
fn an_unwritable_target_is_an_error_and_leaves_no_partial_files() {
    let dir = TempDir::new("unwritable");
    let video = dir.path("quote.mp4");
    let thumb = dir.path("missing-dir/quote.jpg");
    let input = demo_quote_video_input("es", 3);
    let result = render_at_pace(&input, &RenderTarget { video: &video, thumbnail: &thumb }, &mut |_| true, 0.1);
    assert!(matches!(result, Err(RenderError::Io(_))), "{result:?}");
    assert!(!video.exists(), "the partial video is removed");
}

#[test]
fn painting_only_the_changed_rows_gives_the_same_pixels_as_repainting_everything() {
    let input = demo_quote_video_input("es", 9);
    let board = Storyboard::new(&input, 0.2).expect("storyboard");
    let mut incremental = Canvas::new(WIDTH, HEIGHT);
    let mut previous = Vec::new();
    let mut compared = 0;
    for frame in 0..board.frames() {
        let items = board.items(frame);
        let rows = if frame == 0 { Some(0..HEIGHT as i32) } else { changed_rows(&previous, &items) };
        if let Some(rows) = rows {
            incremental.paint(&items, rows);
        }
        if frame % 7 == 0 || board.scene_at(frame) == Scene::Totals {
            let mut full = Canvas::new(WIDTH, HEIGHT);
            full.paint(&items, 0..HEIGHT as i32);
            assert!(full.rgba() == incremental.rgba(), "frame {frame} ({:?}) differs from a full repaint", board.scene_at(frame));
            compared += 1;
        }
        previous = items;
    }
    assert!(compared > 20);
}
