//! Why a video was refused or its frames could not be extracted.

/// The containers a user may upload, as the refusal messages list them.
/// (Matroska `.mkv` is read too: WebM is a subset and FFmpeg opens both with
/// the same demuxer.)
pub const ACCEPTED_CONTAINERS: &str = "MP4, MOV, AVI, WebM";

/// Why [`probe_video`](super::probe_video) or
/// [`extract_frames`](super::extract_frames) failed.
///
/// The messages of the variants for which [`FramesError::is_input_problem`]
/// is true are written for the user (the HTTP layer answers 422 with them);
/// the others are for logs.
#[derive(Debug, thiserror::Error)]
pub enum FramesError {
    /// Not a video, or a container that is not accepted. `found` says what
    /// the file is, e.g. "a text file", "a PNG image", "an MPEG-TS video",
    /// "a damaged or incomplete MP4 file".
    #[error("the file is {found}, not a video we accept; accepted formats: {ACCEPTED_CONTAINERS}")]
    NotAllowed { found: String },
    /// The container holds no video stream (audio only, or only a cover image).
    #[error("the file has no video stream; upload a video ({ACCEPTED_CONTAINERS})")]
    NoVideoStream,
    /// Longer than [`InputLimits::max_duration_us`](super::InputLimits).
    #[error("the video lasts {}, longer than the {} accepted", seconds(*duration_us), seconds(*limit_us))]
    TooLong { duration_us: i64, limit_us: i64 },
    /// Bigger than [`InputLimits::max_bytes`](super::InputLimits).
    #[error("the video file is {}, larger than the {} accepted", megabytes(*bytes), megabytes(*limit_bytes))]
    TooBig { bytes: u64, limit_bytes: u64 },
    /// More pixels than any phone records (decoding bombs stop here).
    #[error("the video is {width}×{height} pixels; at most {max_side} pixels a side (8K) are accepted")]
    TooManyPixels { width: u32, height: u32, max_side: u32 },
    /// The picture size changes mid-stream (e.g. two videos joined, a small
    /// one in front so the size checked at open is not the size decoded):
    /// refused at the first frame of another size, before it is converted —
    /// a bigger one is not even allocated (the decoder's `max_pixels`).
    #[error("the video changes its picture size mid-stream, from {width}×{height} to {}; only a video recorded in one go, at one size, is accepted", new_size(*new_width, *new_height))]
    SizeChanged { width: u32, height: u32, new_width: u32, new_height: u32 },
    /// A playlist, a manifest, a list of files, a file that points at other
    /// files or network addresses, or a path that is not a plain file.
    /// `found` says which.
    #[error("the file is {found}; only a single self-contained video file is accepted ({ACCEPTED_CONTAINERS})")]
    Hostile { found: String },
    /// The request itself is out of range (frame count, quality, thumbnail width).
    #[error("invalid frame request: {0}")]
    InvalidRequest(String),
    /// FFmpeg failed while reading or decoding a file that opened fine.
    #[error("the video could not be decoded: {0}")]
    Decode(String),
    #[error("file error: {0}")]
    Io(#[from] std::io::Error),
    /// The progress callback asked to stop; the frames written were deleted.
    #[error("frame extraction was cancelled")]
    Cancelled,
}

impl FramesError {
    /// True when the user's file (or request) is what is wrong: answer 422
    /// with the message, and fail the job without retrying it. False for
    /// decoding, disk and cancellation, which are worth a log line (and a
    /// retry, except `Cancelled`).
    pub fn is_input_problem(&self) -> bool {
        match self {
            FramesError::NotAllowed { .. }
            | FramesError::NoVideoStream
            | FramesError::TooLong { .. }
            | FramesError::TooBig { .. }
            | FramesError::TooManyPixels { .. }
            | FramesError::SizeChanged { .. }
            | FramesError::Hostile { .. }
            | FramesError::InvalidRequest(_) => true,
            FramesError::Decode(_) | FramesError::Io(_) | FramesError::Cancelled => false,
        }
    }

    pub(crate) fn not_allowed(found: impl Into<String>) -> FramesError {
        FramesError::NotAllowed { found: found.into() }
    }

    pub(crate) fn hostile(found: impl Into<String>) -> FramesError {
        FramesError::Hostile { found: found.into() }
    }

    pub(crate) fn decode(context: &str, error: ffmpeg_next::Error) -> FramesError {
        FramesError::Decode(format!("{context}: {error}"))
    }
}

/// "8192×8192", or "another size" when the decoder refused the picture before telling it.
fn new_size(width: u32, height: u32) -> String {
    if width == 0 || height == 0 { "another size".to_owned() } else { format!("{width}×{height}") }
}

/// "2 min 5 s", "30 s", "12.5 s".
fn seconds(us: i64) -> String {
    let tenths = (us.max(0) + 50_000) / 100_000;
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let (minutes, secs) = (whole / 60, whole % 60);
    match (minutes, tenth) {
        (0, 0) => format!("{secs} s"),
        (0, t) => format!("{secs}.{t} s"),
        (m, _) if secs == 0 => format!("{m} min"),
        (m, _) => format!("{m} min {secs} s"),
    }
}

/// "500 MB", "1.5 MB", "10 KB" (decimal units, as upload forms show them).
fn megabytes(bytes: u64) -> String {
    if bytes < 1_000_000 {
        return format!("{} KB", bytes.div_ceil(1000));
    }
    let tenths = (bytes + 50_000) / 100_000;
    if tenths.is_multiple_of(10) { format!("{} MB", tenths / 10) } else { format!("{}.{} MB", tenths / 10, tenths % 10) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_limits_and_the_accepted_formats() {
        let long = FramesError::TooLong { duration_us: 125_000_000, limit_us: 120_000_000 };
        assert_eq!(long.to_string(), "the video lasts 2 min 5 s, longer than the 2 min accepted");
        let big = FramesError::TooBig { bytes: 612_300_000, limit_bytes: 500_000_000 };
        assert_eq!(big.to_string(), "the video file is 612.3 MB, larger than the 500 MB accepted");
        let text = FramesError::not_allowed("a text file");
        assert_eq!(text.to_string(), "the file is a text file, not a video we accept; accepted formats: MP4, MOV, AVI, WebM");
        assert!(text.is_input_problem());
        assert!(FramesError::hostile("an HLS playlist (.m3u8)").to_string().contains("HLS playlist"));
        assert!(!FramesError::Cancelled.is_input_problem());
        assert_eq!(seconds(12_500_000), "12.5 s");
        assert_eq!(seconds(30_000_000), "30 s");
        let changed = FramesError::SizeChanged { width: 320, height: 240, new_width: 8192, new_height: 8192 };
        assert_eq!(
            changed.to_string(),
            "the video changes its picture size mid-stream, from 320×240 to 8192×8192; only a video recorded in one go, at one size, is accepted"
        );
        assert!(changed.is_input_problem(), "the job fails without retrying and shows why");
    }
}
