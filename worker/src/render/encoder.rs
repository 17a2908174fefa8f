//! The H.264 MP4 writer (ffmpeg-next, libx264): YUV 4:2:0 frames in,
//! a fast-start MP4 out (the `moov` index before the media data, so the
//! video plays while it downloads).
use std::path::Path;

use ffmpeg::format::Pixel;
use ffmpeg_next as ffmpeg;

use super::yuv::Yuv420;

/// libx264's settings. Most frames repeat the previous one, and x264 spends
/// ~1 µs a macroblock even on those (8,160 of them at 1080×1920), so the
/// fastest preset is what keeps a 30 s video within seconds on 2 cores:
/// measured on the demo video, `veryfast` took 2.4× the CPU of `ultrafast`
/// and 313 MB (lookahead and B-frames at this size) against 146 MB. CABAC
/// is put back (ultrafast drops it): ~15 % smaller files for ~no time.
/// Flat graphics stay crisp at CRF 23 (the demo video is ~2.4 MB).
const PRESET: &str = "ultrafast";
const CRF: &str = "23";
const X264_PARAMS: &str = "cabac=1";

/// An open MP4 file with one H.264 stream, fed one frame at a time.
pub(crate) struct H264Writer {
    octx: ffmpeg::format::context::Output,
    encoder: ffmpeg::encoder::Video,
    frame: ffmpeg::frame::Video,
    stream_index: usize,
    stream_tb: ffmpeg::Rational,
    fps: i32,
    next_pts: i64,
}

impl H264Writer {
    /// Creates (or truncates) `path` as an MP4, whatever its extension.
    pub(crate) fn create(path: &Path, width: u32, height: u32, fps: i32) -> Result<H264Writer, ffmpeg::Error> {
        ffmpeg::init()?;
        // libx264 prints its settings at "info" on stderr for every video:
        // keep the worker's logs to its own structured lines.
        ffmpeg::util::log::set_level(ffmpeg::util::log::Level::Warning);
        let mut octx = ffmpeg::format::output_as(&path, "mp4")?;
        let codec = ffmpeg::encoder::find_by_name("libx264")
            .or_else(|| ffmpeg::encoder::find(ffmpeg::codec::Id::H264))
            .ok_or(ffmpeg::Error::EncoderNotFound)?;
        let global_header = octx.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);
        let mut stream = octx.add_stream(codec)?;
        stream.set_time_base((1, fps));
        let stream_index = stream.index();
        let mut setup = ffmpeg::codec::context::Context::new_with_codec(codec).encoder().video()?;
        setup.set_width(width);
        setup.set_height(height);
        setup.set_format(Pixel::YUV420P);
        setup.set_time_base((1, fps));
        setup.set_frame_rate(Some((fps, 1)));
        setup.set_gop(u32::try_from(fps).unwrap_or(30) * 5);
        if global_header {
            setup.set_flags(ffmpeg::codec::Flags::GLOBAL_HEADER);
        }
        let mut options = ffmpeg::Dictionary::new();
        options.set("preset", PRESET);
        options.set("crf", CRF);
        options.set("threads", "auto");
        options.set("x264-params", X264_PARAMS);
        options.set("colorspace", "bt709");
        options.set("color_primaries", "bt709");
        options.set("color_trc", "bt709");
        options.set("color_range", "tv");
        let encoder = setup.open_with(options)?;
        let mut stream = octx.stream_mut(stream_index).ok_or(ffmpeg::Error::StreamNotFound)?;
        stream.set_parameters(&encoder);
        stream.set_avg_frame_rate((fps, 1));
        stream.set_rate((fps, 1));
        let mut muxer = ffmpeg::Dictionary::new();
        muxer.set("movflags", "+faststart");
        octx.write_header_with(muxer)?;
        let stream_tb = octx.stream(stream_index).map(|s| s.time_base()).ok_or(ffmpeg::Error::StreamNotFound)?;
        let frame = ffmpeg::frame::Video::new(Pixel::YUV420P, width, height);
        Ok(H264Writer { octx, encoder, frame, stream_index, stream_tb, fps, next_pts: 0 })
    }

    /// Copies rows `rows` of `picture` (even bounds) into the frame buffer
    /// that the next [`H264Writer::write_frame`] sends; other rows keep what
    /// the previous frame had.
    pub(crate) fn update(&mut self, picture: &Yuv420, rows: std::ops::Range<usize>) {
        let w = picture.width;
        for plane in 0..3 {
            let (src, src_stride, from, to) = match plane {
                0 => (&picture.y, w, rows.start, rows.end),
                1 => (&picture.u, w / 2, rows.start / 2, rows.end / 2),
                _ => (&picture.v, w / 2, rows.start / 2, rows.end / 2),
            };
            let stride = self.frame.stride(plane);
            let dst = self.frame.data_mut(plane);
            for row in from..to {
                dst[row * stride..row * stride + src_stride].copy_from_slice(&src[row * src_stride..(row + 1) * src_stride]);
            }
        }
    }

    /// Encodes the frame buffer as the next frame (1/fps later than the last).
    pub(crate) fn write_frame(&mut self) -> Result<(), ffmpeg::Error> {
        self.frame.set_pts(Some(self.next_pts));
        self.next_pts += 1;
        // libx264 copies the picture during this call, so the buffer may be
        // changed for the next frame as soon as it returns.
        self.encoder.send_frame(&self.frame)?;
        self.drain()
    }

    /// Flushes the encoder and writes the MP4 index (moved to the front).
    pub(crate) fn finish(mut self) -> Result<(), ffmpeg::Error> {
        self.encoder.send_eof()?;
        self.drain()?;
        self.octx.write_trailer()
    }

    fn drain(&mut self) -> Result<(), ffmpeg::Error> {
        let mut packet = ffmpeg::Packet::empty();
        while self.encoder.receive_packet(&mut packet).is_ok() {
            packet.set_stream(self.stream_index);
            // libx264 leaves the duration unset; without it the MP4 edit list
            // ends at the last frame's start and players drop that frame.
            packet.set_duration(1);
            packet.rescale_ts((1, self.fps), self.stream_tb);
            packet.write_interleaved(&mut self.octx)?;
        }
        Ok(())
    }
}
