//! Opening an upload with FFmpeg, locked down: a plain local file, only the
//! `file` protocol, only the MP4/MOV, AVI and Matroska/WebM demuxers, no
//! external data references; then its video stream, size, duration and
//! rotation, checked against the limits.
use std::path::Path;

use ffmpeg::format::stream::Disposition;
use ffmpeg::{Rational, Rescale, codec, decoder, format, media};
use ffmpeg_next as ffmpeg;

use super::sniff::{Container, sniff};
use super::{FramesError, InputLimits, VideoProbe, picture_size, rotate};

/// The demuxers FFmpeg may pick (`AVFormatContext.format_whitelist`): any
/// other — HLS, DASH, concat, image2, SDP/RTP, IMF… — fails the open before
/// it reads a byte past the probe.
pub(crate) const FORMAT_WHITELIST: &str = "mov,mp4,m4a,3gp,3g2,mj2,avi,matroska,webm";
/// Largest width or height decoded (8K), and most pixels a frame.
const MAX_SIDE: u32 = 8192;
const MAX_PIXELS: u64 = 8192 * 4352;
/// Decoder threads (`AVCodecContext.threads`), frame and slice threading.
const DECODER_THREADS: &str = "2";
const DECODER_THREAD_TYPE: &str = "frame+slice";

/// An open, checked video.
pub(crate) struct Opened {
    pub(crate) input: format::context::Input,
    pub(crate) decoder: decoder::Video,
    pub(crate) stream_index: usize,
    pub(crate) time_base: Rational,
    /// The stream's first timestamp (its time base): frame times count from here.
    pub(crate) start_ts: i64,
    /// A frame's duration, from the stream's frame rate (30 fps when unknown).
    pub(crate) frame_us: i64,
    pub(crate) probe: VideoProbe,
}

/// Opens `path` after the checks of [`checked_file`] and [`sniff`].
pub(crate) fn open(path: &Path, limits: &InputLimits) -> Result<Opened, FramesError> {
    let (url, container) = checked_file(path, limits)?;
    let input = open_locked(&url).map_err(|error| match error {
        ffmpeg::Error::Other { errno: ffmpeg::error::ENOMEM } => FramesError::decode("opening the video", error),
        _ => FramesError::not_allowed(format!("a damaged or incomplete {} file", container.label())),
    })?;
    if input.format().name() != container.demuxer() {
        return Err(FramesError::not_allowed(format!("a damaged {} file", container.label())));
    }
    describe(input, container, limits)
}

/// The file must exist, be a regular file (not a FIFO, device or folder:
/// reading those could block or never end) within the size limit, and be an
/// accepted container by its bytes. Returns the URL FFmpeg opens — `file:`
/// and the canonical absolute path, so no part of the name can select
/// another protocol — and the container.
pub(crate) fn checked_file(path: &Path, limits: &InputLimits) -> Result<(String, Container), FramesError> {
    let canonical = std::fs::canonicalize(path)?;
    let metadata = std::fs::metadata(&canonical)?;
    if !metadata.is_file() {
        return Err(FramesError::hostile("not a regular file (a folder, a device or a pipe)"));
    }
    if metadata.len() > limits.max_bytes {
        return Err(FramesError::TooBig { bytes: metadata.len(), limit_bytes: limits.max_bytes });
    }
    let Some(text) = canonical.to_str() else {
        return Err(FramesError::Io(std::io::Error::new(std::io::ErrorKind::InvalidInput, "the video's path is not UTF-8")));
    };
    let mut file = std::fs::File::open(&canonical)?;
    // Sniff the open file, not the path again: its length and bytes cannot change under us.
    let len = file.metadata()?.len();
    let container = sniff(&mut file, len)?;
    Ok((format!("file:{text}"), container))
}

/// `avformat_open_input` + `avformat_find_stream_info` with the whitelists.
/// No sniffing: the caller has done it (the unit tests call this alone, to
/// prove FFmpeg's own locks hold without it).
pub(crate) fn open_locked(url: &str) -> Result<format::context::Input, ffmpeg::Error> {
    let mut options = ffmpeg::Dictionary::new();
    options.set("protocol_whitelist", "file");
    options.set("format_whitelist", FORMAT_WHITELIST);
    // The MOV demuxer's own switches: never open the files an alias or URL
    // data reference names, never by absolute path (both are FFmpeg's
    // defaults; stated so no default can change under us).
    options.set("enable_drefs", "0");
    options.set("use_absolute_path", "0");
    format::input_with_dictionary(&url, options)
}

/// Picks the video stream, checks it against the limits and opens its decoder.
fn describe(input: format::context::Input, container: Container, limits: &InputLimits) -> Result<Opened, FramesError> {
    let stream = video_stream(&input).ok_or(FramesError::NoVideoStream)?;
    let stream_index = stream.index();
    let time_base = stream.time_base();
    let start_ts = if stream.start_time() == ffmpeg::ffi::AV_NOPTS_VALUE { 0 } else { stream.start_time() };
    let rotation_degrees = rotate::stream_rotation(&stream);
    let stream_duration = stream.duration();
    let frame_us = [stream.avg_frame_rate(), stream.rate()]
        .into_iter()
        .find(|rate| rate.numerator() > 0 && rate.denominator() > 0)
        .map_or(33_333, |rate| 1_000_000 * i64::from(rate.denominator()) / i64::from(rate.numerator()));
    let parameters = stream.parameters();
    let codec_id = parameters.id();

    let Some(codec) = decoder::find(codec_id) else {
        return Err(FramesError::not_allowed(format!(
            "a {} file with {} video, which cannot be decoded",
            container.label(),
            codec_id.name()
        )));
    };
    let context = || codec::context::Context::from_parameters(parameters.clone()).map_err(|e| FramesError::decode("reading the codec parameters", e));
    // Opened once as the stream announces itself, to check its size…
    let announced = context()?
        .decoder()
        .open_as(codec)
        .and_then(|opened| opened.video())
        .map_err(|e| FramesError::decode("opening the decoder", e))?;
    let (coded_width, coded_height) = (announced.width(), announced.height());
    drop(announced);
    if coded_width == 0 || coded_height == 0 {
        return Err(FramesError::not_allowed(format!("a damaged {} file (no picture size)", container.label())));
    }
    if coded_width > MAX_SIDE || coded_height > MAX_SIDE || u64::from(coded_width) * u64::from(coded_height) > MAX_PIXELS {
        return Err(FramesError::TooManyPixels { width: coded_width, height: coded_height, max_side: MAX_SIDE });
    }
    // …then for decoding, unable to allocate a much bigger picture if the stream changes size.
    let mut context = context()?.decoder();
    context.set_packet_time_base(time_base);
    let mut options = ffmpeg::Dictionary::new();
    options.set("threads", DECODER_THREADS);
    options.set("thread_type", DECODER_THREAD_TYPE);
    options.set("max_pixels", &picture_size::decoder_max_pixels(coded_width, coded_height).to_string());
    let decoder = context
        .open_as_with(codec, options)
        .and_then(|opened| opened.video())
        .map_err(|e| FramesError::decode("opening the decoder", e))?;

    let mut input = input;
    let duration_us = match stream_duration {
        d if d > 0 && d != ffmpeg::ffi::AV_NOPTS_VALUE => d.rescale(time_base, (1, 1_000_000)),
        _ if input.duration() > 0 => input.duration(),
        _ => scan_duration(&mut input, stream_index, time_base, start_ts, limits),
    };
    if duration_us <= 0 {
        return Err(FramesError::not_allowed(format!("a damaged {} file (no frames)", container.label())));
    }
    if duration_us > limits.max_duration_us {
        return Err(FramesError::TooLong { duration_us, limit_us: limits.max_duration_us });
    }

    let (width, height) = rotate::Rotation::from_degrees(rotation_degrees).displayed_size(coded_width, coded_height);
    let codec_name = decoder.codec().map_or_else(|| codec_id.name().to_owned(), |c| c.name().to_owned());
    let probe = VideoProbe { container: container.name().to_owned(), duration_us, width, height, rotation_degrees, codec: codec_name };
    Ok(Opened { input, decoder, stream_index, time_base, start_ts, frame_us, probe })
}

/// The main video stream, never a cover picture.
fn video_stream(input: &format::context::Input) -> Option<ffmpeg::Stream<'_>> {
    let is_video = |s: &ffmpeg::Stream| {
        s.parameters().medium() == media::Type::Video && !s.disposition().contains(Disposition::ATTACHED_PIC)
    };
    match input.streams().best(media::Type::Video) {
        Some(best) if is_video(&best) => Some(best),
        _ => input.streams().find(is_video),
    }
}

/// The duration when neither the stream nor the container states it (e.g.
/// a WebM recorded by a browser): the end of the last packet, by reading
/// them all (the file is within the size limit). Stops reading once past
/// the duration limit: the answer is then "too long" anyway.
fn scan_duration(input: &mut format::context::Input, stream_index: usize, time_base: Rational, start_ts: i64, limits: &InputLimits) -> i64 {
    let limit_ts = start_ts.saturating_add(limits.max_duration_us.rescale((1, 1_000_000), time_base));
    let mut end = i64::MIN;
    for (stream, packet) in input.packets() {
        if stream.index() != stream_index {
            continue;
        }
        if let Some(ts) = packet.pts().or(packet.dts()) {
            end = end.max(ts.saturating_add(packet.duration().max(0)));
            if end > limit_ts {
                break;
            }
        }
    }
    if end == i64::MIN { 0 } else { (end - start_ts).rescale(time_base, (1, 1_000_000)) }
}

/// FFmpeg's own locks, without the sniffing in front of them: each would be
/// enough on its own.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::test_sandbox::{Sandbox, mov_with_external_dref, tiny_video};

    fn url(path: &Path) -> String {
        format!("file:{}", path.display())
    }

    /// Opens with the locks and reads every packet, as an extraction would.
    fn open_and_read(url: String) -> Result<usize, String> {
        let mut input = open_locked(&url).map_err(|e| e.to_string())?;
        Ok(input.packets().count())
    }

    /// Opens with only these options (no whitelist unless given) and reads every packet.
    fn open_unlocked(url: String, options: &[(&str, &str)]) -> Result<usize, String> {
        let mut dictionary = ffmpeg::Dictionary::new();
        for (key, value) in options {
            dictionary.set(key, value);
        }
        let mut input = format::input_with_dictionary(&url, dictionary).map_err(|e| e.to_string())?;
        Ok(input.packets().count())
    }

    #[test]
    fn the_whitelists_alone_refuse_every_playlist_and_follow_no_reference() {
        crate::frames::init_ffmpeg();
        let mut sandbox = Sandbox::new("ffmpeg-locks");
        for canary in ["img000.jpg", "img001.jpg"] {
            sandbox.fifo(canary);
        }
        for (name, path) in sandbox.corpus() {
            let target = url(&path);
            match sandbox.guard(move || open_and_read(target)) {
                Err(seen) => panic!("{name}: {seen:?}"),
                // The index is whole and first: FFmpeg reads what is there (the sniffing refuses it).
                Ok(Ok(_)) if name == "truncated-mid-data.mp4" => {}
                // A valid MP4 whose stream changes size: the extraction refuses it.
                Ok(Ok(_)) if name == "size-change.mp4" => {}
                Ok(Ok(packets)) => panic!("{name}: FFmpeg opened it and read {packets} packets"),
                Ok(Err(_refused)) => {}
            }
        }
        // A MOV is allowed, but its alias to a canary is not followed.
        let Some(dref) = mov_with_external_dref(&sandbox.dir, "canary.mp4") else { return };
        let target = url(&dref);
        if let Err(seen) = sandbox.guard(move || open_and_read(target)) {
            panic!("external dref: {seen:?}");
        }
    }

    #[test]
    fn the_decoder_runs_two_frame_threads() {
        crate::frames::init_ffmpeg();
        let sandbox = Sandbox::new("threads");
        let Some(video) = tiny_video(&sandbox.dir, "tiny.mp4", "mp4") else { return };
        let opened = open(&video, &InputLimits::default()).expect("opens");
        let threading = opened.decoder.threading();
        assert_eq!((threading.kind, threading.count), (ffmpeg::threading::Type::Frame, 2));
        assert_eq!(opened.probe.container, "mp4");
        assert_eq!(opened.frame_us, 100_000); // 10 fps
    }

    /// Without the locks FFmpeg does follow references: proof that the
    /// canaries and the listener see it when it happens.
    #[test]
    fn the_sandbox_sees_a_demuxer_that_follows_references() {
        crate::frames::init_ffmpeg();
        let sandbox = Sandbox::new("ffmpeg-unlocked");
        let corpus = sandbox.corpus();
        let file = |name: &str| url(&corpus.iter().find(|(n, _)| n == name).expect("in the corpus").1);

        let target = file("hls-local.m3u8");
        let seen = sandbox.guard(move || open_unlocked(target, &[("protocol_whitelist", "file")])).expect_err("HLS follows its segments");
        assert!(seen.iter().any(|s| s.contains("canary.ts was opened")), "{seen:?}");

        // (A local file's references are limited to `file,crypto,data` by
        // FFmpeg's default, so http is allowed explicitly here; and the HLS
        // demuxer will not fetch http segments of a local playlist, but the
        // concat demuxer does when told `safe=0`.)
        let target = file("concat-http.avi");
        let options = [("protocol_whitelist", "file,http,tcp"), ("safe", "0")];
        let seen = sandbox.guard(move || open_unlocked(target, &options)).expect_err("concat fetches its files");
        assert!(seen.iter().any(|s| s.contains("a connection to port")), "{seen:?}");

        let Some(dref) = mov_with_external_dref(&sandbox.dir, "canary.mp4") else { return };
        let target = url(&dref);
        let seen = sandbox
            .guard(move || open_unlocked(target, &[("protocol_whitelist", "file"), ("enable_drefs", "1")]))
            .expect_err("the MOV demuxer follows its alias when allowed");
        assert!(seen.iter().any(|s| s.contains("canary.mp4 was opened")), "{seen:?}");
    }
}
