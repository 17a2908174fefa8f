//! 360° frames: N frames at equal angles of a video of a car turning once.
//!
//! [`probe_video`] checks an upload and says what it is; [`extract_frames`]
//! writes frame `i` of `count` — the frame shown at
//! [`domain::frame_time_us`]`(i, count, duration)` — upright, full size and
//! as a thumbnail, in `out_dir`. Both are synchronous and CPU-bound (the
//! worker runs them on a blocking thread) and use only local files.
//!
//! How a file is read, from the cheapest refusal to the costliest work:
//! 1. the path must name an existing regular file (not a pipe, device or
//!    folder), no bigger than [`InputLimits::max_bytes`];
//! 2. its first bytes say what it is (`sniff`): MP4/MOV (whose box tree is
//!    walked: truncated files and external data references are refused),
//!    AVI, WebM/Matroska; playlists, manifests and file lists (HLS, DASH,
//!    ffconcat, SDP, IMF…) are refused as hostile, anything else as "not a
//!    video" naming what it is — whatever the file name says;
//! 3. FFmpeg opens it as `file:` + the canonical absolute path (so no
//!    `concat:`/`subfile,`/`pipe:` prefix is ever a protocol) with
//!    `protocol_whitelist=file`, `format_whitelist=mov,mp4,m4a,3gp,3g2,mj2,
//!    avi,matroska,webm` and `enable_drefs=0` (`open`);
//! 4. the duration and the picture size are checked against the limits;
//! 5. each frame is found by seeking to the keyframe before its time and
//!    decoding forward to the frame covering that time (`seek`), converted
//!    to RGB with its stream's colour matrix and rotated upright
//!    (`convert`, `rotate`), then encoded (`encode`).
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, mpsc};
use std::time::Instant;

use domain::ImageFormat;
use ffmpeg_next as ffmpeg;

mod convert;
mod encode;
mod error;
mod open;
mod picture_size;
mod rotate;
mod seek;
mod sniff;

pub use error::{ACCEPTED_CONTAINERS, FramesError};

/// The hostile-input sandbox of the integration tests, for the unit tests.
#[cfg(test)]
#[path = "../tests/support/hostile.rs"]
mod test_sandbox;

/// What [`probe_video`] finds in a video file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoProbe {
    /// From the file's content, not its name: `mp4`, `mov`, `avi`, `webm` or `mkv`.
    pub container: String,
    /// Of the video stream (the container's when the stream does not say).
    pub duration_us: i64,
    /// As displayed, i.e. after `rotation_degrees`.
    pub width: u32,
    pub height: u32,
    /// Clockwise turn applied so the picture is upright: 0, 90, 180 or 270.
    pub rotation_degrees: u32,
    /// FFmpeg's codec name: `h264`, `hevc`, `vp9`, `mpeg4`…
    pub codec: String,
}

/// The frames to extract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrameRequest {
    /// [`domain::MIN_FRAME_COUNT`]..=[`domain::MAX_FRAME_COUNT`].
    pub count: u32,
    pub format: ImageFormat,
    /// 1–100; JPEG only. PNG is lossless, and WebP frames are written
    /// lossless too (the `image` crate only encodes lossless WebP): bigger
    /// files, exact pixels.
    pub quality: u8,
    /// Width of the thumbnails (16..=4096); never wider than the frame.
    pub thumbnail_width: u32,
}

impl FrameRequest {
    /// `count` frames in `format` with the domain's default quality and thumbnail width.
    pub fn new(count: u32, format: ImageFormat) -> FrameRequest {
        FrameRequest { count, format, quality: domain::DEFAULT_FRAME_QUALITY, thumbnail_width: domain::FRAME_THUMBNAIL_WIDTH }
    }
}

/// One frame written by [`extract_frames`].
#[derive(Debug, Clone, PartialEq)]
pub struct ExtractedFrame {
    pub index: u32,
    pub angle_degrees: f64,
    /// The time asked for, from the start of the video; the frame written is
    /// the one on screen at that time.
    pub time_us: i64,
    /// `out_dir/frame-{index:02}.{ext}`.
    pub image_path: PathBuf,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// `out_dir/frame-{index:02}-thumb.{ext}`, same format.
    pub thumbnail_path: PathBuf,
    pub thumbnail_width: u32,
    pub thumbnail_height: u32,
    pub thumbnail_bytes: u64,
}

/// What an upload may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InputLimits {
    pub max_bytes: u64,
    pub max_duration_us: i64,
}

impl Default for InputLimits {
    /// 500 MB and 120 s.
    fn default() -> Self {
        InputLimits { max_bytes: 500_000_000, max_duration_us: 120_000_000 }
    }
}

/// Initialises FFmpeg once for the process (later calls do nothing) and
/// keeps its own logging to warnings and errors on stderr. The functions of
/// this module call it themselves.
pub fn init_ffmpeg() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        // FFmpeg ≥ 4 needs no registration; `init` cannot fail there.
        let _ = ffmpeg::init();
        ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Warning);
    });
}

/// Checks that `path` is a video we accept, within `limits`, and describes it.
pub fn probe_video(path: &Path, limits: &InputLimits) -> Result<VideoProbe, FramesError> {
    init_ffmpeg();
    Ok(open::open(path, limits)?.probe)
}

/// Writes `request.count` frames of the video at `path`, at equal angles of
/// one turn, into `out_dir` (created if missing), with their thumbnails.
///
/// Frame `i` is the frame on screen at [`domain::frame_time_us`]`(i, count,
/// duration)` from the start: found by seeking to the keyframe before that
/// time and decoding forward (never an approximate keyframe). `progress`
/// gets 0 first, then the percentage of frames done after each frame; when
/// it returns false the extraction stops, the files already written are
/// deleted and the result is [`FramesError::Cancelled`]. On any error the
/// files written so far are deleted too.
pub fn extract_frames(
    path: &Path,
    out_dir: &Path,
    request: &FrameRequest,
    limits: &InputLimits,
    progress: &mut dyn FnMut(u8) -> bool,
) -> Result<Vec<ExtractedFrame>, FramesError> {
    check_request(request)?;
    init_ffmpeg();
    let mut opened = open::open(path, limits)?;
    if !progress(0) {
        return Err(FramesError::Cancelled);
    }
    std::fs::create_dir_all(out_dir)?;
    let mut written = Written(Vec::new());
    let frames = extract_opened(&mut opened, out_dir, request, progress, &mut written)?;
    written.0.clear(); // keep them
    Ok(frames)
}

/// Deletes the files it lists when dropped (an error or a cancel), unless emptied.
struct Written(Vec<PathBuf>);

impl Drop for Written {
    fn drop(&mut self) {
        for path in &self.0 {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn check_request(request: &FrameRequest) -> Result<(), FramesError> {
    let (min, max) = (domain::MIN_FRAME_COUNT, domain::MAX_FRAME_COUNT);
    if !(min..=max).contains(&request.count) {
        return Err(FramesError::InvalidRequest(format!("{} frames asked; between {min} and {max} are allowed", request.count)));
    }
    if !(1..=100).contains(&request.quality) {
        return Err(FramesError::InvalidRequest(format!("quality {} is not between 1 and 100", request.quality)));
    }
    if !(16..=4096).contains(&request.thumbnail_width) {
        return Err(FramesError::InvalidRequest(format!(
            "thumbnail width {} is not between 16 and 4096 pixels",
            request.thumbnail_width
        )));
    }
    Ok(())
}

/// Decodes on this thread (FFmpeg adds its own decoder threads) while a
/// second thread converts, scales, encodes and writes the frame before: the
/// two overlap, so the picture work costs little wall time. At most one
/// decoded frame waits between them.
fn extract_opened(
    opened: &mut open::Opened,
    out_dir: &Path,
    request: &FrameRequest,
    progress: &mut dyn FnMut(u8) -> bool,
    written: &mut Written,
) -> Result<Vec<ExtractedFrame>, FramesError> {
    let rotation = rotate::Rotation::from_degrees(opened.probe.rotation_degrees);
    let duration_us = opened.probe.duration_us;
    let (start_ts, frame_us, time_base) = (opened.start_ts, opened.frame_us, opened.time_base);
    let stop = AtomicBool::new(false);
    let (jobs, queue) = mpsc::sync_channel::<Job>(1);
    let (report, done) = mpsc::channel::<Result<ExtractedFrame, FramesError>>();
    let mut outcome = Outcome { frames: Vec::new(), failure: None, count: request.count };
    std::thread::scope(|scope| {
        let stop = &stop;
        scope.spawn(move || {
            let mut converter = convert::Converter::new();
            for job in queue {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let result = write_frame(&mut converter, job, rotation, out_dir, request);
                let failed = result.is_err();
                if report.send(result).is_err() || failed {
                    break;
                }
            }
        });

        let mut seeker = seek::Seeker::new(&mut opened.input, &mut opened.decoder, opened.stream_index, time_base);
        for index in 0..request.count {
            let time_us = domain::frame_time_us(index, request.count, duration_us);
            let target = start_ts.saturating_add(seek::target_ts(time_us, time_base, frame_us));
            // A copy (3 MB for 1080×1920): the seeker keeps its own to compare with the next target.
            match seeker.frame_at(target) {
                Ok(frame) => {
                    if jobs.send(Job { index, time_us, frame: frame.clone() }).is_err() {
                        break; // the writer stopped on an error: it is in `done`
                    }
                }
                Err(error) => {
                    outcome.failure.get_or_insert(error);
                    break;
                }
            }
            while let Ok(result) = done.try_recv() {
                outcome.take(result, written, progress);
            }
            if outcome.failure.is_some() {
                break;
            }
        }
        drop(jobs);
        if outcome.failure.is_some() {
            stop.store(true, Ordering::Relaxed);
        }
        // Until the writer is done: every file it wrote must be known (kept or deleted).
        for result in done.iter() {
            outcome.take(result, written, progress);
        }
    });
    match outcome.failure {
        Some(error) => Err(error),
        None => Ok(outcome.frames),
    }
}

/// A decoded frame for the writer thread.
struct Job {
    index: u32,
    time_us: i64,
    frame: ffmpeg::util::frame::video::Video,
}

/// What the writer reported so far.
struct Outcome {
    frames: Vec<ExtractedFrame>,
    failure: Option<FramesError>,
    count: u32,
}

impl Outcome {
    /// Records a frame written (its files go on the list to delete unless
    /// all goes well) and reports progress; a false from `progress` cancels.
    fn take(&mut self, result: Result<ExtractedFrame, FramesError>, written: &mut Written, progress: &mut dyn FnMut(u8) -> bool) {
        match result {
            Ok(frame) => {
                written.0.push(frame.image_path.clone());
                written.0.push(frame.thumbnail_path.clone());
                if self.failure.is_none() {
                    self.frames.push(frame);
                    let done = u8::try_from(self.frames.len() as u32 * 100 / self.count).unwrap_or(100);
                    if !progress(done) {
                        self.failure = Some(FramesError::Cancelled);
                    }
                }
            }
            Err(error) => {
                self.failure.get_or_insert(error);
            }
        }
    }
}

/// Converts, scales, encodes and writes one frame and its thumbnail. On an
/// error, deletes what it wrote of them.
fn write_frame(
    converter: &mut convert::Converter,
    job: Job,
    rotation: rotate::Rotation,
    out_dir: &Path,
    request: &FrameRequest,
) -> Result<ExtractedFrame, FramesError> {
    let Job { index, time_us, frame } = job;
    let ext = request.format.extension();
    let image_path = out_dir.join(format!("frame-{index:02}.{ext}"));
    let thumbnail_path = out_dir.join(format!("frame-{index:02}-thumb.{ext}"));
    let mut files = Written(Vec::new());

    let picture = converter.rgb(&frame, rotation)?;
    let image = encode::encode(&picture, request.format, request.quality)?;
    files.0.push(image_path.clone());
    std::fs::write(&image_path, &image)?;

    let thumbnail = if picture.width() <= request.thumbnail_width {
        picture.clone()
    } else {
        converter.thumbnail(&frame, rotation, request.thumbnail_width)?
    };
    let thumbnail_bytes = encode::encode(&thumbnail, request.format, request.quality)?;
    files.0.push(thumbnail_path.clone());
    std::fs::write(&thumbnail_path, &thumbnail_bytes)?;

    files.0.clear(); // the caller takes them over
    Ok(ExtractedFrame {
        index,
        angle_degrees: domain::frame_angle_degrees(index, request.count),
        time_us,
        image_path,
        width: picture.width(),
        height: picture.height(),
        bytes: image.len() as u64,
        thumbnail_path,
        thumbnail_width: thumbnail.width(),
        thumbnail_height: thumbnail.height(),
        thumbnail_bytes: thumbnail_bytes.len() as u64,
    })
}

/// What `worker frames --input FILE --out DIR [--count N --format F]` runs:
/// probes and extracts with the default limits and thumbnail width, and
/// returns a one-line summary (frames, wall time, sizes).
pub fn run_frames_cli(input: &Path, out: &Path, count: u32, format: ImageFormat, quality: u8) -> Result<String, FramesError> {
    let started = Instant::now();
    let limits = InputLimits::default();
    let probe = probe_video(input, &limits)?;
    let request = FrameRequest { count, format, quality, thumbnail_width: domain::FRAME_THUMBNAIL_WIDTH };
    let frames = extract_frames(input, out, &request, &limits, &mut |_| true)?;
    let seconds = started.elapsed().as_secs_f64();
    let bytes: u64 = frames.iter().map(|f| f.bytes).sum();
    let thumb_bytes: u64 = frames.iter().map(|f| f.thumbnail_bytes).sum();
    let (width, height) = frames.first().map_or((0, 0), |f| (f.width, f.height));
    Ok(format!(
        "{} {} frames {width}x{height} from {} {} {:.1} s (rotation {}°) in {seconds:.2} s: {} KB of frames + {} KB of thumbnails in {}",
        frames.len(),
        format.extension(),
        probe.container,
        probe.codec,
        probe.duration_us as f64 / 1e6,
        probe.rotation_degrees,
        bytes.div_ceil(1000),
        thumb_bytes.div_ceil(1000),
        out.display(),
    ))
}
