//! One picture size for the whole video.
//!
//! The size is checked against the limits when the video is opened, from
//! what the stream announces; but a stream can change size mid-way (two
//! H.264 streams joined: 320×240 for the header, then 8192×8192), and a 2 MB
//! file would then make the decoder allocate frames of 64 megapixels. So the
//! decoder may allocate no picture much bigger than the announced one
//! (`max_pixels`, with room for rounding up to macroblocks and aligned
//! strides), and every decoded frame must be exactly the announced size
//! before anything converts it: a video of another size is refused with
//! [`FramesError::SizeChanged`].
use ffmpeg::decoder;
use ffmpeg::util::frame::video::Video;
use ffmpeg_next as ffmpeg;

use super::FramesError;

/// Pixels added to each side of the announced size for the decoder's own
/// padding: coded sizes are whole macroblocks or coding units (16–64
/// pixels) and line strides are aligned to 64 bytes.
const DECODER_PADDING: u64 = 128;

/// The decoder's `max_pixels` for a stream announced as `width`×`height`:
/// a picture beyond it is refused by FFmpeg before its buffer is allocated.
pub(crate) fn decoder_max_pixels(width: u32, height: u32) -> u64 {
    (u64::from(width) + DECODER_PADDING) * (u64::from(height) + DECODER_PADDING)
}

/// The size the stream announced when it was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PictureSize {
    pub(crate) width: u32,
    pub(crate) height: u32,
}

impl PictureSize {
    /// The opened decoder's size (checked against the limits by `open`).
    pub(crate) fn of(decoder: &decoder::Video) -> PictureSize {
        PictureSize { width: decoder.width(), height: decoder.height() }
    }

    /// A decoded frame must be this size.
    pub(crate) fn check_frame(&self, frame: &Video) -> Result<(), FramesError> {
        self.check(frame.width(), frame.height())
    }

    /// After the decoder refused a picture: when it now says another size,
    /// the picture was refused for that size (`max_pixels`), not as damaged.
    pub(crate) fn check_decoder(&self, decoder: &decoder::Video) -> Result<(), FramesError> {
        self.check(decoder.width(), decoder.height())
    }

    fn check(&self, width: u32, height: u32) -> Result<(), FramesError> {
        if (width, height) == (self.width, self.height) {
            return Ok(());
        }
        Err(FramesError::SizeChanged { width: self.width, height: self.height, new_width: width, new_height: height })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decoder_may_pad_the_announced_size_but_not_grow_it() {
        // 1080×1920 coded as 1088×1920, strides of 1152: allowed.
        assert!(decoder_max_pixels(1080, 1920) >= 1152 * 1920);
        // 320×240 announced, 8192×8192 decoded: refused.
        assert!(decoder_max_pixels(320, 240) < 8192 * 8192);
        assert!(decoder_max_pixels(320, 240) < 1024 * 1024);
    }
}
