//! Proves the FFmpeg linkage end to end: encode a short H.264 clip from frames
//! made in memory (never a folder of images) and read it back.
use std::path::Path;

use ffmpeg_next as ffmpeg;
use ffmpeg::format::Pixel;
use thiserror::Error;

#[derive(Debug, Error)]
pub enum MediaError {
    #[error("ffmpeg: {0}")]
    Ffmpeg(#[from] ffmpeg::Error),
    #[error("no H.264 encoder in this FFmpeg build")]
    NoH264Encoder,
    #[error("the file has no video stream")]
    NoVideo,
}

/// What [`probe`] finds in a video file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VideoInfo {
    pub codec: String,
    pub width: u32,
    pub height: u32,
    pub frames: usize,
}

/// libavcodec's version, e.g. "59.37.100".
pub fn libavcodec_version() -> String {
    let v = ffmpeg::codec::version();
    format!("{}.{}.{}", v >> 16, (v >> 8) & 0xff, v & 0xff)
}

/// Encodes `frames` frames of a moving gradient, `width`×`height` at 25 fps, to an H.264 MP4.
pub fn encode_test_clip(path: &Path, width: u32, height: u32, frames: usize) -> Result<(), MediaError> {
    ffmpeg::init()?;
    let mut octx = ffmpeg::format::output(&path)?;
    let codec = ffmpeg::encoder::find(ffmpeg::codec::Id::H264).ok_or(MediaError::NoH264Encoder)?;
    let global_header = octx.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);
    let mut stream = octx.add_stream(codec)?;
    let stream_index = stream.index();
    let mut setup = ffmpeg::codec::context::Context::new_with_codec(codec).encoder().video()?;
    setup.set_width(width);
    setup.set_height(height);
    setup.set_format(Pixel::YUV420P);
    setup.set_time_base((1, 25));
    setup.set_frame_rate(Some((25, 1)));
    if global_header {
        setup.set_flags(ffmpeg::codec::Flags::GLOBAL_HEADER);
    }
    let mut options = ffmpeg::Dictionary::new();
    options.set("preset", "veryfast");
    let mut encoder = setup.open_with(options)?;
    stream.set_parameters(&encoder);
    octx.write_header()?;
    let stream_tb = octx.stream(stream_index).map(|s| s.time_base()).ok_or(MediaError::NoVideo)?;

    let mut frame = ffmpeg::frame::Video::new(Pixel::YUV420P, width, height);
    for i in 0..frames {
        let stride = frame.stride(0);
        for (y, row) in frame.data_mut(0).chunks_mut(stride).enumerate() {
            for (x, px) in row.iter_mut().enumerate() {
                *px = ((x + y + i * 4) % 256) as u8;
            }
        }
        frame.data_mut(1).fill(128);
        frame.data_mut(2).fill(128);
        frame.set_pts(Some(i as i64));
        encoder.send_frame(&frame)?;
        write_packets(&mut encoder, &mut octx, stream_index, stream_tb)?;
    }
    encoder.send_eof()?;
    write_packets(&mut encoder, &mut octx, stream_index, stream_tb)?;
    octx.write_trailer()?;
    Ok(())
}

fn write_packets(
    encoder: &mut ffmpeg::encoder::Video,
    octx: &mut ffmpeg::format::context::Output,
    stream_index: usize,
    stream_tb: ffmpeg::Rational,
) -> Result<(), MediaError> {
    let mut packet = ffmpeg::Packet::empty();
    while encoder.receive_packet(&mut packet).is_ok() {
        packet.set_stream(stream_index);
        // libx264 leaves the duration unset; without it the MP4 edit list
        // ends at the last frame's start and players drop that frame.
        packet.set_duration(1);
        packet.rescale_ts((1, 25), stream_tb);
        packet.write_interleaved(octx)?;
    }
    Ok(())
}

/// Opens a video file and counts its frames by decoding them.
pub fn probe(path: &Path) -> Result<VideoInfo, MediaError> {
    ffmpeg::init()?;
    let mut ictx = ffmpeg::format::input(&path)?;
    let stream = ictx.streams().best(ffmpeg::media::Type::Video).ok_or(MediaError::NoVideo)?;
    let index = stream.index();
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(stream.parameters())?.decoder().video()?;
    let codec = decoder.codec().map(|c| c.name().to_owned()).unwrap_or_default();
    let (width, height) = (decoder.width(), decoder.height());
    let mut frames = 0;
    let mut decoded = ffmpeg::frame::Video::empty();
    for (s, packet) in ictx.packets() {
        if s.index() == index {
            decoder.send_packet(&packet)?;
            while decoder.receive_frame(&mut decoded).is_ok() {
                frames += 1;
            }
        }
    }
    decoder.send_eof()?;
    while decoder.receive_frame(&mut decoded).is_ok() {
        frames += 1;
    }
    Ok(VideoInfo { codec, width, height, frames })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_clip_reads_back_frame_for_frame() {
        let dir = std::env::temp_dir().join(format!("cotiza-media-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let path = dir.join("clip.mp4");
        encode_test_clip(&path, 64, 48, 25).expect("encode");
        let info = probe(&path).expect("probe");
        std::fs::remove_dir_all(&dir).ok();
        assert_eq!(info, VideoInfo { codec: "h264".into(), width: 64, height: 48, frames: 25 });
    }
}
