//! Images for the catalog and frames of 360° videos.
//!
//! [`process_photo`] checks an uploaded photo and makes its thumbnail
//! (`image`). [`probe_video`] and [`extract_frames`] check an uploaded video
//! and write frames at equal angles of one turn (FFmpeg through
//! `ffmpeg-next`; see `frames.rs` for how hostile files are kept out).
//!
//! Everything here is synchronous and CPU-bound: the web server and the
//! worker call it on blocking threads.
#![forbid(unsafe_code)]

mod frames;
mod photo;

pub use frames::{
    ACCEPTED_CONTAINERS, ExtractedFrame, FrameRequest, FramesError, InputLimits, VideoProbe, extract_frames, init_ffmpeg,
    probe_video, run_frames_cli,
};
pub use photo::{MAX_PHOTO_BYTES, MAX_PHOTO_SIDE, Photo, PhotoError, THUMB_SIDE, process_photo};
