//! `probe_video` and `extract_frames` on videos made by the `ffmpeg` command
//! line whose frames carry their own number in big binary cells: every
//! extracted frame is read back and must be exactly the frame on screen at
//! its time.
use std::path::{Path, PathBuf};

use domain::ImageFormat;
use image::RgbImage;
use media::{ExtractedFrame, FrameRequest, FramesError, InputLimits, VideoProbe, extract_frames, probe_video};

#[path = "support/fixtures.rs"]
mod fixtures;

use fixtures::{Corner, Spec, X264_GOP30, X264_GOP240};

fn limits() -> InputLimits {
    InputLimits::default()
}

fn extract(path: &Path, out: &Path, request: &FrameRequest) -> Vec<ExtractedFrame> {
    extract_frames(path, out, request, &limits(), &mut |_| true).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn decode(path: &Path) -> RgbImage {
    image::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())).to_rgb8()
}

/// The frame on screen at `time_us`: `floor(t × fps)`, forgiving the
/// microsecond truncation of `frame_time_us` (1666666 µs is frame 50 at 30 fps).
fn frame_at(time_us: i64, fps: u32) -> u32 {
    ((time_us as f64 * f64::from(fps) / 1e6) + 1e-3).floor() as u32
}

/// Extracts `count` PNG frames and checks each one's number.
fn assert_exact(path: &Path, spec: &Spec, count: u32, test: &str) -> VideoProbe {
    let probe = probe_video(path, &limits()).expect("probe");
    let out = fixtures::out_dir(test);
    let frames = extract(path, &out, &FrameRequest::new(count, ImageFormat::Png));
    assert_eq!(frames.len(), count as usize);
    let found: Vec<u32> = frames.iter().map(|f| fixtures::read_number(&decode(&f.image_path))).collect();
    let expected: Vec<u32> = frames.iter().map(|f| frame_at(f.time_us, spec.fps).min(spec.frames - 1)).collect();
    assert_eq!(found, expected, "{} with {count} frames (duration {} µs)", spec.name, probe.duration_us);
    std::fs::remove_dir_all(&out).ok();
    probe
}

#[test]
fn frames_are_exact_with_a_one_second_and_an_eight_second_gop_and_b_frames() {
    for spec in [fixtures::portrait("gop30.mp4", X264_GOP30), fixtures::portrait("gop240.mp4", X264_GOP240)] {
        let Some(path) = fixtures::make(&spec) else { return };
        // 6: targets exactly on frame starts (2 s apart); 7: between frames;
        // 72: every 5th frame, several per GOP.
        for count in [6, 7, 72] {
            let probe = assert_exact(&path, &spec, count, &format!("exact-{}-{count}", spec.name));
            assert_eq!(probe.duration_us, 12_000_000, "{}", spec.name);
        }
    }
}

#[test]
fn six_frames_sit_at_sixty_degree_steps_with_their_files() {
    let spec = fixtures::portrait("gop30.mp4", X264_GOP30);
    let Some(path) = fixtures::make(&spec) else { return };
    let probe = probe_video(&path, &limits()).expect("probe");
    assert_eq!(
        probe,
        VideoProbe { container: "mp4".into(), duration_us: 12_000_000, width: 320, height: 568, rotation_degrees: 0, codec: "h264".into() }
    );
    let out = fixtures::out_dir("six");
    let mut seen = Vec::new();
    let frames = extract_frames(&path, &out, &FrameRequest::new(6, ImageFormat::Jpeg), &limits(), &mut |p| {
        seen.push(p);
        true
    })
    .expect("extract");
    assert_eq!(seen, [0, 16, 33, 50, 66, 83, 100]);
    let angles: Vec<f64> = frames.iter().map(|f| f.angle_degrees).collect();
    assert_eq!(angles, [0.0, 60.0, 120.0, 180.0, 240.0, 300.0]);
    let times: Vec<i64> = frames.iter().map(|f| f.time_us).collect();
    assert_eq!(times, [0, 2_000_000, 4_000_000, 6_000_000, 8_000_000, 10_000_000]);
    for (i, frame) in frames.iter().enumerate() {
        assert_eq!(frame.index, i as u32);
        assert_eq!(frame.image_path, out.join(format!("frame-{i:02}.jpg")));
        assert_eq!(frame.thumbnail_path, out.join(format!("frame-{i:02}-thumb.jpg")));
        assert_eq!(std::fs::metadata(&frame.image_path).expect("frame file").len(), frame.bytes);
        assert_eq!(std::fs::metadata(&frame.thumbnail_path).expect("thumb file").len(), frame.thumbnail_bytes);
        // JPEG is lossy, but the cells are big: the number still reads.
        assert_eq!(fixtures::read_number(&decode(&frame.image_path)), i as u32 * 60);
    }
    let mut names: Vec<String> = std::fs::read_dir(&out).expect("out").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names.len(), 12, "{names:?}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn every_format_decodes_at_the_reported_size_with_320_pixel_thumbnails() {
    let spec = Spec { name: "hd-portrait.mp4", width: 720, height: 1280, fps: 30, frames: 60, marker: Corner::TopRight, args: X264_GOP30 };
    let Some(path) = fixtures::make(&spec) else { return };
    for format in [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Webp] {
        let out = fixtures::out_dir(&format!("formats-{}", format.extension()));
        let frames = extract(&path, &out, &FrameRequest::new(3, format));
        for frame in &frames {
            assert_eq!(frame.image_path.extension().and_then(|e| e.to_str()), Some(format.extension()));
            let kind = image::ImageFormat::from_path(&frame.image_path).expect("known extension");
            let bytes = std::fs::read(&frame.image_path).expect("frame");
            assert_eq!(image::guess_format(&bytes).expect("known bytes"), kind, "{format:?}: the bytes are what the name says");
            let picture = image::load_from_memory_with_format(&bytes, kind).expect("decodes").to_rgb8();
            assert_eq!(picture.dimensions(), (frame.width, frame.height));
            assert_eq!((frame.width, frame.height), (720, 1280));
            assert_eq!(fixtures::read_number(&picture), frame.index * 20);
            let thumb = decode(&frame.thumbnail_path);
            assert_eq!(thumb.dimensions(), (frame.thumbnail_width, frame.thumbnail_height));
            assert_eq!((frame.thumbnail_width, frame.thumbnail_height), (320, 569));
            assert_eq!(fixtures::read_number(&thumb), frame.index * 20, "{format:?} thumbnail");
        }
        std::fs::remove_dir_all(&out).ok();
    }
}

/// A landscape-coded fixture remuxed with rotation metadata.
fn rotated(name: &'static str, marker: Corner) -> Option<(PathBuf, Spec)> {
    let spec = Spec { name, width: 568, height: 320, fps: 30, frames: 90, marker, args: X264_GOP30 };
    let coded = fixtures::make(&spec)?;
    let path = fixtures::cache_dir().join(format!("rotated-{name}"));
    if !path.exists() {
        let partial = path.with_extension("part.mp4");
        // Works when remuxing with FFmpeg 5.1 (when encoding, the CLI drops the tag).
        fixtures::ffmpeg(&["-i", coded.to_str()?, "-c", "copy", "-metadata:s:v:0", "rotate=90", partial.to_str()?]);
        std::fs::rename(&partial, &path).ok()?;
    }
    Some((path, spec))
}

/// Overwrites the (only) track's tkhd matrix with an iPhone portrait one:
/// (0, 1, -1, 0), "turn 90° clockwise to show".
fn with_iphone_matrix(from: &Path, to: &Path) {
    let mut bytes = std::fs::read(from).expect("fixture");
    let at = bytes.windows(4).position(|w| w == b"tkhd").expect("a tkhd box") + 4;
    let version = bytes[at];
    let matrix = at + 4 + if version == 1 { 28 } else { 20 } + 8 + 8;
    let values: [i32; 9] = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x4000_0000];
    for (i, v) in values.iter().enumerate() {
        bytes[matrix + 4 * i..matrix + 4 * i + 4].copy_from_slice(&v.to_be_bytes());
    }
    std::fs::write(to, bytes).expect("patched");
}

#[test]
fn portrait_phone_videos_come_out_upright() {
    // FFmpeg 5.1 writes `rotate=90` as "turn 90° counter-clockwise" (ffprobe:
    // rotation=90): the coded bottom-right corner ends up top-right.
    let Some((ccw, ccw_spec)) = rotated("landscape-br.mp4", Corner::BottomRight) else { return };
    // An iPhone's portrait matrix turns clockwise: the coded top-left ends up top-right.
    let Some((base, cw_spec)) = rotated("landscape-tl.mp4", Corner::TopLeft) else { return };
    let cw = fixtures::cache_dir().join("rotated-iphone.mp4");
    with_iphone_matrix(&base, &cw);

    for (path, spec, degrees) in [(&ccw, &ccw_spec, 270), (&cw, &cw_spec, 90)] {
        let probe = probe_video(path, &limits()).expect("probe");
        assert_eq!((probe.width, probe.height, probe.rotation_degrees), (320, 568, degrees), "{}", spec.name);
        assert!(probe.width < probe.height);

        // The command line's autorotated picture is the reference for "upright".
        let reference = fixtures::ffmpeg_first_frame(path);
        assert_eq!(reference.dimensions(), (320, 568));
        assert!(fixtures::is_red(fixtures::corner_colour(&reference, Corner::TopRight)), "{}: ffmpeg agrees", spec.name);

        let out = fixtures::out_dir(&format!("upright-{degrees}"));
        let frames = extract(path, &out, &FrameRequest::new(3, ImageFormat::Png));
        for frame in &frames {
            let picture = decode(&frame.image_path);
            assert_eq!(picture.dimensions(), (320, 568), "{}", spec.name);
            assert!(fixtures::is_red(fixtures::corner_colour(&picture, Corner::TopRight)), "{}: marker top-right", spec.name);
            for corner in [Corner::TopLeft, Corner::BottomLeft, Corner::BottomRight] {
                assert!(!fixtures::is_red(fixtures::corner_colour(&picture, corner)), "{}: only one marker", spec.name);
            }
            // Turned back, the number reads as coded.
            let coded = if degrees == 90 { image::imageops::rotate270(&picture) } else { image::imageops::rotate90(&picture) };
            assert_eq!(fixtures::read_number(&coded), frame.index * 30);
            let thumb = decode(&frame.thumbnail_path);
            assert_eq!(thumb.dimensions(), (320, 568));
        }
        if frames[0].index == 0 {
            let ours = decode(&frames[0].image_path);
            assert_eq!(ours.dimensions(), reference.dimensions());
        }
        std::fs::remove_dir_all(&out).ok();
    }
}

#[test]
fn mov_avi_webm_mkv_and_hevc_are_accepted_and_exact() {
    const HEVC: &[&str] = &["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-x265-params", "keyint=60:min-keyint=60:scenecut=0:bframes=4:log-level=error", "-tag:v", "hvc1"];
    // What iPhones record: HEVC, 10-bit (converted through libswscale), in a MOV.
    const HEVC10: &[&str] = &["-c:v", "libx265", "-preset", "ultrafast", "-pix_fmt", "yuv420p10le", "-x265-params", "keyint=60:scenecut=0:log-level=error", "-tag:v", "hvc1"];
    let cases: [(&str, &str, &'static [&'static str], &str, &str); 7] = [
        ("clip.mov", "libx264", X264_GOP30, "mov", "h264"),
        ("hevc8.mp4", "libx265", HEVC, "mp4", "hevc"),
        ("hevc10.mov", "libx265", HEVC10, "mov", "hevc"),
        ("clip.mkv", "libx264", X264_GOP30, "mkv", "h264"),
        ("clip.avi", "mpeg4", &["-c:v", "mpeg4", "-q:v", "2", "-g", "30", "-bf", "2"], "avi", "mpeg4"),
        ("vp9.webm", "libvpx-vp9", &["-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "2M", "-g", "30"], "webm", "vp9"),
        ("vp8.webm", "libvpx", &["-c:v", "libvpx", "-deadline", "realtime", "-cpu-used", "8", "-b:v", "2M", "-g", "30"], "webm", "vp8"),
    ];
    for (name, encoder, args, container, codec) in cases {
        if !fixtures::has_encoder(encoder) {
            println!("note: skipped {name}: this ffmpeg has no {encoder} encoder");
            continue;
        }
        let spec = Spec { name, width: 320, height: 568, fps: 30, frames: 180, marker: Corner::TopRight, args };
        let Some(path) = fixtures::make(&spec) else { continue };
        let probe = assert_exact(&path, &spec, 7, &format!("containers-{name}"));
        assert_eq!((probe.container.as_str(), probe.codec.as_str()), (container, codec), "{name}");
        assert_eq!((probe.width, probe.height), (320, 568), "{name}");
        assert!((probe.duration_us - 6_000_000).abs() <= 34_000, "{name}: {} µs", probe.duration_us);
    }
}

#[test]
fn the_container_is_read_from_the_bytes_not_the_name() {
    let spec = fixtures::portrait("gop30.mp4", X264_GOP30);
    let Some(path) = fixtures::make(&spec) else { return };
    let dir = fixtures::out_dir("renamed");
    let renamed = dir.join("really-an-mp4.avi");
    std::fs::copy(&path, &renamed).expect("copy");
    let probe = probe_video(&renamed, &limits()).expect("an MP4 named .avi is an MP4");
    assert_eq!(probe.container, "mp4");
    let frames = extract(&renamed, &dir.join("out"), &FrameRequest::new(2, ImageFormat::Jpeg));
    assert_eq!(frames.len(), 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn too_long_and_too_big_videos_are_refused_with_the_limit() {
    let spec = fixtures::portrait("gop30.mp4", X264_GOP30);
    let Some(path) = fixtures::make(&spec) else { return };
    let short = InputLimits { max_duration_us: 10_000_000, ..InputLimits::default() };
    let error = probe_video(&path, &short).expect_err("12 s > 10 s");
    assert!(matches!(error, FramesError::TooLong { duration_us: 12_000_000, limit_us: 10_000_000 }), "{error:?}");
    assert_eq!(error.to_string(), "the video lasts 12 s, longer than the 10 s accepted");
    assert!(error.is_input_problem());
    let out = fixtures::out_dir("too-long");
    let error = extract_frames(&path, &out, &FrameRequest::new(6, ImageFormat::Jpeg), &short, &mut |_| true).expect_err("too long");
    assert!(matches!(error, FramesError::TooLong { .. }));
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 0);

    let small = InputLimits { max_bytes: 10_000, ..InputLimits::default() };
    let error = probe_video(&path, &small).expect_err("too big");
    assert!(matches!(error, FramesError::TooBig { limit_bytes: 10_000, .. }), "{error:?}");
    assert!(error.to_string().ends_with("larger than the 10 KB accepted"), "{error}");
    assert!(error.is_input_problem());
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn cancelling_stops_and_leaves_no_files() {
    let spec = fixtures::portrait("gop30.mp4", X264_GOP30);
    let Some(path) = fixtures::make(&spec) else { return };
    for stop_at in [0u8, 1, 50] {
        let out = fixtures::out_dir(&format!("cancel-{stop_at}"));
        let mut calls = 0;
        let result = extract_frames(&path, &out, &FrameRequest::new(6, ImageFormat::Png), &limits(), &mut |p| {
            calls += 1;
            p < stop_at
        });
        assert!(matches!(result, Err(FramesError::Cancelled)), "{result:?}");
        assert!(!result.as_ref().err().is_some_and(FramesError::is_input_problem));
        let left: Vec<_> = std::fs::read_dir(&out).map(|d| d.map(|e| e.expect("entry").path()).collect()).unwrap_or_default();
        assert!(left.is_empty(), "cancel at {stop_at}% left {left:?}");
        assert!(calls >= 1);
        std::fs::remove_dir_all(&out).ok();
    }
}

#[test]
fn requests_out_of_range_are_refused_before_reading() {
    let missing = Path::new("/nonexistent/video.mp4");
    let out = fixtures::out_dir("bad-request");
    for request in [
        FrameRequest::new(1, ImageFormat::Jpeg),
        FrameRequest::new(73, ImageFormat::Jpeg),
        FrameRequest { quality: 0, ..FrameRequest::new(6, ImageFormat::Jpeg) },
        FrameRequest { thumbnail_width: 0, ..FrameRequest::new(6, ImageFormat::Jpeg) },
    ] {
        let error = extract_frames(missing, &out, &request, &limits(), &mut |_| true).expect_err("refused");
        assert!(matches!(error, FramesError::InvalidRequest(_)), "{error:?}");
        assert!(error.is_input_problem());
    }
    let error = probe_video(missing, &limits()).expect_err("missing");
    assert!(matches!(error, FramesError::Io(_)), "{error:?}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn the_cli_summary_is_one_line() {
    let spec = fixtures::portrait("gop30.mp4", X264_GOP30);
    let Some(path) = fixtures::make(&spec) else { return };
    let out = fixtures::out_dir("cli");
    let summary = media::run_frames_cli(&path, &out, 4, ImageFormat::Webp, 80).expect("summary");
    assert!(!summary.contains('\n'), "{summary}");
    assert!(summary.starts_with("4 webp frames 320x568 from mp4 h264 12.0 s"), "{summary}");
    assert_eq!(std::fs::read_dir(&out).expect("out").count(), 8);
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn colours_follow_the_matrix_the_video_declares() {
    // The same red marker, encoded and tagged BT.709 (HD phones) and BT.601:
    // read back with the wrong matrix it is ~20 levels off.
    const BT709: &[&str] = &["-vf", "scale=out_color_matrix=bt709:out_range=tv", "-colorspace", "bt709", "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-pix_fmt", "yuv420p"];
    const BT601: &[&str] = &["-vf", "scale=out_color_matrix=bt601:out_range=tv", "-colorspace", "smpte170m", "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-pix_fmt", "yuv420p"];
    const FULL: &[&str] = &["-vf", "scale=out_color_matrix=bt709:out_range=pc", "-colorspace", "bt709", "-color_range", "pc", "-c:v", "libx264", "-preset", "veryfast", "-crf", "10", "-pix_fmt", "yuvj420p"];
    for (name, args) in [("bt709.mp4", BT709), ("bt601.mp4", BT601), ("bt709-full.mp4", FULL)] {
        let spec = Spec { name, width: 320, height: 568, fps: 30, frames: 30, marker: Corner::TopRight, args };
        let Some(path) = fixtures::make(&spec) else { return };
        let out = fixtures::out_dir(&format!("colour-{name}"));
        let frames = extract(&path, &out, &FrameRequest::new(2, ImageFormat::Png));
        let marker = fixtures::corner_colour(&decode(&frames[0].image_path), Corner::TopRight);
        for (got, want) in marker.iter().zip(fixtures::RED) {
            assert!(got.abs_diff(want) <= 6, "{name}: marker {marker:?}, encoded as {:?}", fixtures::RED);
        }
        std::fs::remove_dir_all(&out).ok();
    }
}
