//! Quote-summary videos (template `quote-summary`): a 1080×1920, 30 fps,
//! silent H.264 MP4 of 20–30 s that a sales person shares on WhatsApp, and a
//! JPEG thumbnail of its frame at 1 s.
//!
//! Each frame is a display list built by the storyboard ([`scenes`]); only
//! the band of rows that differs from the previous frame is painted again
//! ([`canvas`]) and converted to YUV ([`yuv`]), and a frame that did not
//! change is sent to the encoder ([`encoder`]) as it is. Nothing is written
//! to disk but the two outputs.
use std::path::Path;
use std::time::Instant;

use ffmpeg_next as ffmpeg;

mod canvas;
mod encoder;
mod labels;
mod logo;
mod qr;
mod scenes;
mod text;
mod thumbnail;
mod yuv;

#[cfg(test)]
mod tests;

use canvas::{Canvas, Item};
use encoder::H264Writer;
use scenes::{FPS, HEIGHT, Storyboard, WIDTH};
use yuv::Yuv420;

/// Where a render writes its two files (created or replaced).
pub struct RenderTarget<'a> {
    /// The MP4 (written as MP4 whatever its extension).
    pub video: &'a Path,
    /// The JPEG thumbnail.
    pub thumbnail: &'a Path,
}

/// What a finished render produced.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedVideo {
    pub duration_ms: i64,
    pub frames: u32,
    pub width: u32,
    pub height: u32,
}

/// Why a render produced nothing (its partial files are removed).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("ffmpeg: {0}")]
    Ffmpeg(#[from] ffmpeg::Error),
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// The input cannot be drawn (bad brand colour, no lines, link too long
    /// for a QR code); retrying will not help.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// The progress callback asked to stop.
    #[error("cancelled")]
    Cancelled,
}

/// Renders the quote-summary video of `input` to `target.video`, and its
/// frame at 1 s to `target.thumbnail`.
///
/// `progress` is called with 0..=100 as frames are encoded (at least at every whole-percent change); returning false cancels: the function deletes any partial output files and returns Err(RenderError::Cancelled).
/// On any error the partial output files are removed too.
pub fn render_quote_video(
    input: &domain::QuoteVideoInput,
    target: RenderTarget<'_>,
    progress: &mut dyn FnMut(u8) -> bool,
) -> Result<RenderedVideo, RenderError> {
    render_at_pace(input, &target, progress, 1.0)
}

/// [`render_quote_video`] with the organisation's logo (its file's bytes:
/// JPEG, PNG or WebP) on the brand scene. A logo that cannot be read is
/// left out, with a warning: the video is made with the name alone. The
/// job runner reads the file under the job's `logo_key` and calls this.
pub fn render_quote_video_with_logo(
    input: &domain::QuoteVideoInput,
    logo: Option<&[u8]>,
    target: RenderTarget<'_>,
    progress: &mut dyn FnMut(u8) -> bool,
) -> Result<RenderedVideo, RenderError> {
    let logo = logo.and_then(|bytes| {
        let decoded = logo::Logo::decode(bytes);
        if decoded.is_none() {
            tracing::warn!(bytes = bytes.len(), "the organisation's logo could not be read; the video shows its name alone");
        }
        decoded.map(std::sync::Arc::new)
    });
    render_with(input, logo, &target, progress, 1.0)
}

/// [`render_quote_video`] with the story played at `pace` (1 = the real
/// video; tests use less for a shorter video with the same scenes).
pub(crate) fn render_at_pace(
    input: &domain::QuoteVideoInput,
    target: &RenderTarget<'_>,
    progress: &mut dyn FnMut(u8) -> bool,
    pace: f64,
) -> Result<RenderedVideo, RenderError> {
    render_with(input, None, target, progress, pace)
}

fn render_with(
    input: &domain::QuoteVideoInput,
    logo: Option<std::sync::Arc<logo::Logo>>,
    target: &RenderTarget<'_>,
    progress: &mut dyn FnMut(u8) -> bool,
    pace: f64,
) -> Result<RenderedVideo, RenderError> {
    let started = Instant::now();
    let board = Storyboard::with_logo(input, logo, pace)?;
    tracing::info!(
        quote = %input.document.number,
        version = input.document.version,
        frames = board.frames(),
        pages = board.page_count(),
        "rendering the quote-summary video"
    );
    let mut outputs = PartialOutputs { paths: [target.video, target.thumbnail], keep: false };
    let video = encode(&board, target, progress);
    match &video {
        Ok(v) => {
            outputs.keep = true;
            tracing::info!(frames = v.frames, duration_ms = v.duration_ms, elapsed_ms = started.elapsed().as_millis() as u64, "rendered");
        }
        Err(e) => tracing::info!(error = %e, "render stopped; partial outputs removed"),
    }
    video
}

/// Removes the output files when dropped, unless told to keep them.
struct PartialOutputs<'a> {
    paths: [&'a Path; 2],
    keep: bool,
}

impl Drop for PartialOutputs<'_> {
    fn drop(&mut self) {
        if self.keep {
            return;
        }
        for path in self.paths {
            match std::fs::remove_file(path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    tracing::warn!(path = %path.display(), error = %e, "could not remove a partial output");
                }
                _ => {}
            }
        }
    }
}

/// The frame whose picture becomes the thumbnail: 1 s in.
fn thumbnail_frame(frames: u32) -> u32 {
    FPS.min(frames.saturating_sub(1))
}

fn encode(board: &Storyboard, target: &RenderTarget<'_>, progress: &mut dyn FnMut(u8) -> bool) -> Result<RenderedVideo, RenderError> {
    if !progress(0) {
        return Err(RenderError::Cancelled);
    }
    let frames = board.frames();
    let mut writer = H264Writer::create(target.video, WIDTH, HEIGHT, FPS as i32)?;
    let mut canvas = Canvas::new(WIDTH, HEIGHT);
    let mut picture = Yuv420::new(WIDTH as usize, HEIGHT as usize);
    let mut previous: Vec<Item> = Vec::new();
    let mut reported = 0u8;
    for frame in 0..frames {
        let items = board.items(frame);
        let dirty = if frame == 0 { Some(0..HEIGHT as i32) } else { changed_rows(&previous, &items) };
        if let Some(rows) = dirty {
            let rows = canvas.paint(&items, rows);
            let rows = rows.start.max(0) as usize..rows.end.max(0) as usize;
            let converted = picture.convert(canvas.rgba(), rows);
            writer.update(&picture, converted);
        }
        if frame == thumbnail_frame(frames) {
            thumbnail::write_thumbnail(canvas.rgba(), canvas.width(), canvas.height(), target.thumbnail)?;
        }
        writer.write_frame()?;
        previous = items;
        // 100 is said once the file is complete.
        let percent = (u64::from(frame + 1) * 100 / u64::from(frames)).min(99) as u8;
        if percent > reported {
            reported = percent;
            if !progress(percent) {
                return Err(RenderError::Cancelled);
            }
        }
    }
    writer.finish()?;
    if !progress(100) {
        return Err(RenderError::Cancelled);
    }
    Ok(RenderedVideo { duration_ms: i64::from(frames) * 1000 / i64::from(FPS), frames, width: WIDTH, height: HEIGHT })
}

/// The rows to paint again to turn `before` into `after`: the union of the
/// rows of every item only one of them has; `None` when they are the same,
/// all rows when only the order changed.
fn changed_rows(before: &[Item], after: &[Item]) -> Option<std::ops::Range<i32>> {
    if before == after {
        return None;
    }
    let mut band: Option<std::ops::Range<i32>> = None;
    let gone = before.iter().filter(|i| !after.contains(i));
    let new = after.iter().filter(|i| !before.contains(i));
    for item in gone.chain(new) {
        let r = item.rows();
        band = Some(match band {
            None => r,
            Some(b) => b.start.min(r.start)..b.end.max(r.end),
        });
    }
    Some(band.unwrap_or(0..HEIGHT as i32))
}
