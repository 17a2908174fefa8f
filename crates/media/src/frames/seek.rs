//! Frame-accurate positioning: the frame on screen at a given time.
//!
//! For each target time (in increasing order) the [`Seeker`] seeks to the
//! keyframe at or before it (`avformat_seek_file` with `max_ts = ts`: backward),
//! then decodes forward; the answer is the last frame whose timestamp is
//! ≤ the target (it covers the target: the next frame starts after it), or
//! the first frame when the target is before it. Never a nearby keyframe.
//!
//! Two savings, both exact:
//! - **Staying in the GOP.** When the seek lands on a keyframe the decoder
//!   has already gone past (the next target is in the GOP being decoded), as
//!   many packets as were sent after that keyframe are read again and passed
//!   over without decoding (demuxing is cheap), and the
//!   decoder carries on from where it was, instead of decoding the GOP again
//!   from its keyframe. With an 8 s GOP and targets 5 s apart this halves
//!   the frames decoded.
//! - **Not decoding frames nobody needs.** A packet is sent with
//!   `skip_frame = nonref` when a packet with a later timestamp, still ≤ the
//!   target, has already been sent to be decoded: that later frame will be
//!   shown at or before the target, so this one cannot be the answer for
//!   this target or any later one; and a non-reference frame (B-frames, in
//!   practice) is used by no other frame, so dropping it changes no pixel of
//!   the others. Reference frames are decoded whatever the setting.
//!
//! AVI has no presentation timestamps (and with B-frames FFmpeg's guesses
//! are a frame off): there, frames are counted from the start of the file,
//! decoding forward without seeking and without skipping any.
use std::collections::BTreeSet;
use std::ops::Bound;

use ffmpeg::format::context::Input;
use ffmpeg::util::frame::video::Video;
use ffmpeg::{Discard, Packet, Rational, Rescale, Rounding, decoder};
use ffmpeg_next as ffmpeg;

use super::FramesError;
use super::picture_size::PictureSize;

/// How many times a seek is retried from further back when it lands after
/// the target or on a frame that is not a keyframe (broken indexes): 1 s,
/// then 2, 4… earlier; then from the start of the file.
const SEEK_RETRIES: u32 = 6;
/// Damaged pictures passed over while looking for one frame before giving up.
const MAX_DAMAGED: u32 = 1000;

/// The last timestamp (stream time base) at or before `time_us` from the
/// start, with a tolerance for how both sides were rounded: `time_us` is
/// truncated to the µs (`frame_time_us` of 5/3 s is 1666666 µs), and when
/// ticks are finer than frames, timestamps were rounded to the nearest tick
/// (Matroska's 1 ms: the frame at 1666.67 ms is stamped 1667). When a tick
/// is a frame or more (AVI's 1/30 s), timestamps are exact and only the µs
/// counts. The frame covering `time_us` is the last one stamped ≤ this.
pub(crate) fn target_ts(time_us: i64, time_base: Rational, frame_us: i64) -> i64 {
    let (num, den) = (i128::from(time_base.numerator().max(1)), i128::from(time_base.denominator().max(1)));
    let tick_us = num * 1_000_000 / den;
    let tolerance_us = if tick_us * 2 >= i128::from(frame_us) { 1 } else { tick_us / 2 + 1 };
    let ticks = (i128::from(time_us) + tolerance_us) * den / (num * 1_000_000);
    i64::try_from(ticks).unwrap_or(i64::MAX)
}

/// A decoded frame and its timestamp (stream time base).
struct Decoded {
    ts: i64,
    frame: Video,
}

/// What tells a packet apart from the others of its stream.
#[derive(Debug, Clone, Copy)]
struct Identity {
    pts: Option<i64>,
    dts: Option<i64>,
    position: isize,
}

impl Identity {
    fn of(packet: &Packet) -> Identity {
        Identity { pts: packet.pts(), dts: packet.dts(), position: packet.position() }
    }

    /// The same packet read again. Its byte position when known, as some
    /// demuxers only work out decode timestamps from the packets before.
    fn same_as(&self, other: &Identity) -> bool {
        if self.position >= 0 && other.position >= 0 {
            self.position == other.position && self.pts == other.pts
        } else {
            self.pts == other.pts && self.dts == other.dts
        }
    }
}

/// Where the frames' times come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Timing {
    /// The decoder's best-effort timestamp: containers with presentation timestamps.
    Stamped,
    /// Counted from the first frame of the file: AVI has decode timestamps
    /// only, and with B-frames FFmpeg's guesses are a frame off. Decoding
    /// from the start, frames come out in display order, `step` apart.
    Counted { first: i64, step: i64 },
}

/// Counters, for tests and the bench.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Stats {
    pub(crate) seeks: u32,
    pub(crate) restarts: u32,
    pub(crate) packets_sent: u32,
    pub(crate) packets_discarded: u32,
    pub(crate) frames_out: u32,
}

/// Finds the frames on screen at increasing timestamps of one stream.
pub(crate) struct Seeker<'a> {
    input: &'a mut Input,
    decoder: &'a mut decoder::Video,
    stream: usize,
    time_base: Rational,
    /// Every frame must be this size (the stream's when opened).
    size: PictureSize,
    timing: Timing,
    /// Packets sent since the decoder last restarted at a keyframe.
    sent: u64,
    /// The keyframes among them, and their rank in `sent`.
    keys: Vec<(Identity, u64)>,
    /// After a seek back into what has been sent already: packets to pass over.
    to_skip: u64,
    /// Timestamps of the packets sent to be decoded (not discarded) since the restart.
    decoded_pts: BTreeSet<i64>,
    discarding: bool,
    /// Frames out since the restart (for [`Timing::Counted`]).
    frames_out: i64,
    /// The newest frame out with ts ≤ the last target.
    current: Option<Decoded>,
    /// A frame out with ts > the last target (the decoder has moved past it).
    ahead: Option<Decoded>,
    eof_sent: bool,
    drained: bool,
    pub(crate) stats: Stats,
}

impl<'a> Seeker<'a> {
    pub(crate) fn new(input: &'a mut Input, decoder: &'a mut decoder::Video, stream: usize, time_base: Rational) -> Seeker<'a> {
        Seeker {
            size: PictureSize::of(decoder),
            input,
            decoder,
            stream,
            time_base,
            timing: Timing::Stamped,
            sent: 0,
            keys: Vec::new(),
            to_skip: 0,
            decoded_pts: BTreeSet::new(),
            discarding: false,
            frames_out: 0,
            current: None,
            ahead: None,
            eof_sent: false,
            drained: false,
            stats: Stats::default(),
        }
    }

    /// The frame on screen at `target` (stream time base). Targets must not decrease.
    pub(crate) fn frame_at(&mut self, target: i64) -> Result<&Video, FramesError> {
        if let Some(ahead) = &self.ahead {
            if ahead.ts > target {
                return self.answer();
            }
            self.current = self.ahead.take();
        }
        if self.drained {
            return self.answer();
        }
        if !self.eof_sent {
            self.position(target)?;
        }
        let mut frame = Video::empty();
        let mut damaged = 0u32;
        loop {
            match self.decoder.receive_frame(&mut frame) {
                Ok(()) => {
                    self.size.check_frame(&frame)?;
                    self.stats.frames_out += 1;
                    let ts = match self.timing {
                        Timing::Stamped => frame.timestamp().or(frame.pts()),
                        Timing::Counted { first, step } => Some(first + self.frames_out * step),
                    };
                    self.frames_out += 1;
                    let ts = ts.unwrap_or_else(|| self.current.as_ref().map_or(0, |c| c.ts));
                    let decoded = Decoded { ts, frame: std::mem::replace(&mut frame, Video::empty()) };
                    if ts <= target {
                        self.current = Some(decoded);
                    } else {
                        self.ahead = Some(decoded);
                        return self.answer();
                    }
                }
                Err(ffmpeg::Error::Other { errno: ffmpeg::error::EAGAIN }) => {
                    if !self.send_next(target)? {
                        self.decoder.send_eof().map_err(|e| FramesError::decode("ending the stream", e))?;
                        self.eof_sent = true;
                    }
                }
                Err(ffmpeg::Error::Eof) => {
                    self.drained = true;
                    return self.answer();
                }
                // A damaged picture: the decoder has dropped it; carry on (within reason).
                Err(ffmpeg::Error::InvalidData) if damaged < MAX_DAMAGED => {
                    self.size.check_decoder(self.decoder)?;
                    damaged += 1;
                }
                Err(error) => {
                    self.size.check_decoder(self.decoder)?;
                    return Err(FramesError::decode("decoding", error));
                }
            }
        }
    }

    /// The frame covering the last target: the newest at or before it, else
    /// (the target is before the first frame) the first one after it.
    fn answer(&self) -> Result<&Video, FramesError> {
        self.current
            .as_ref()
            .or(self.ahead.as_ref())
            .map(|d| &d.frame)
            .ok_or_else(|| FramesError::Decode("no frame could be decoded".into()))
    }

    /// Seeks to the keyframe at or before `target`, and either carries on
    /// decoding (the keyframe is one the decoder has passed since it
    /// restarted) or restarts the decoder there.
    fn position(&mut self, target: i64) -> Result<(), FramesError> {
        if matches!(self.timing, Timing::Counted { .. }) && self.sent > 0 {
            // Counting frames from the start of the file: never jump.
            return Ok(());
        }
        let Some(mut first) = self.seek_keyframe(target)? else {
            // Nothing left to read: let the decoder drain.
            return Ok(());
        };
        let landed = Identity::of(&first);
        if let Some(&(_, rank)) = self.keys.iter().find(|(key, _)| key.same_as(&landed)) {
            // Back on a keyframe already sent: pass over what was sent after it.
            self.to_skip = self.sent - 1 - rank;
            return Ok(());
        }
        if first.pts().is_none() {
            // No presentation timestamps (AVI): only counting frames from the
            // first one is exact (with B-frames and open GOPs a keyframe's
            // decode time is not its display time, and the frames before it
            // in display order may be undecodable).
            self.input.seek(0, ..0).or_else(|_| self.input.seek(0, ..)).map_err(|e| FramesError::decode("seeking", e))?;
            match self.read_packet()? {
                Some(packet) => first = packet,
                None => return Ok(()),
            }
        }
        self.stats.restarts += 1;
        self.decoder.flush();
        self.current = None;
        self.ahead = None;
        self.decoded_pts.clear();
        self.keys.clear();
        self.sent = 0;
        self.to_skip = 0;
        self.frames_out = 0;
        self.timing = match (first.pts(), first.dts()) {
            (None, dts) => Timing::Counted { first: dts.unwrap_or(0), step: first.duration().max(1) },
            _ => Timing::Stamped,
        };
        self.send(&first, target)
    }

    /// Seeks to the keyframe at or before `target` and reads it. Retries
    /// from further back when the index lands after the target or off a
    /// keyframe, and finally from the start.
    fn seek_keyframe(&mut self, target: i64) -> Result<Option<Packet>, FramesError> {
        let target_us = target.rescale_with(self.time_base, (1, 1_000_000), Rounding::Down);
        let mut back_us = 0i64;
        let mut first = None;
        for attempt in 0..=SEEK_RETRIES {
            let seek_us = target_us.saturating_sub(back_us);
            // ffmpeg-next passes a range's end as `max_ts`, which is inclusive:
            // `..seek_us` is `avformat_seek_file(min = i64::MIN, ts = max = seek_us)`.
            let sought = if attempt == SEEK_RETRIES { Err(ffmpeg::Error::Bug) } else { self.input.seek(seek_us, ..seek_us) };
            if sought.is_err() {
                // Nothing at or before that time in the index: from the start.
                self.input.seek(0, ..).map_err(|e| FramesError::decode("seeking", e))?;
            }
            self.stats.seeks += 1;
            let packet = self.read_packet()?;
            let lands_well = packet.as_ref().is_none_or(|p| p.is_key() && p.pts().or(p.dts()).is_none_or(|ts| ts <= target));
            first = packet;
            if lands_well || sought.is_err() {
                break;
            }
            back_us = if back_us == 0 { 1_000_000 } else { back_us.saturating_mul(2) };
        }
        Ok(first)
    }

    /// Sends the next packet of the stream; false at the end of the file.
    fn send_next(&mut self, target: i64) -> Result<bool, FramesError> {
        loop {
            let Some(packet) = self.read_packet()? else {
                return Ok(false);
            };
            if self.to_skip > 0 {
                self.to_skip -= 1;
                continue;
            }
            self.send(&packet, target)?;
            return Ok(true);
        }
    }

    fn send(&mut self, packet: &Packet, target: i64) -> Result<(), FramesError> {
        // Counted timing needs every frame out.
        let needless = self.timing == Timing::Stamped
            && packet.pts().is_some_and(|pts| {
                pts < target && self.decoded_pts.range((Bound::Excluded(pts), Bound::Included(target))).next().is_some()
            });
        if needless != self.discarding {
            self.decoder.skip_frame(if needless { Discard::NonReference } else { Discard::Default });
            self.discarding = needless;
        }
        if needless {
            self.stats.packets_discarded += 1;
        } else if let Some(pts) = packet.pts() {
            self.decoded_pts.insert(pts);
        }
        if packet.is_key() {
            self.keys.push((Identity::of(packet), self.sent));
        }
        self.sent += 1;
        self.stats.packets_sent += 1;
        match self.decoder.send_packet(packet) {
            Ok(()) => Ok(()),
            // A damaged packet is dropped by the decoder; the frames around it
            // still come. Unless it was refused for its size.
            Err(ffmpeg::Error::InvalidData) => self.size.check_decoder(self.decoder),
            Err(error) => {
                self.size.check_decoder(self.decoder)?;
                Err(FramesError::decode("decoding", error))
            }
        }
    }

    /// The next packet of the stream (others are skipped); None at the end.
    fn read_packet(&mut self) -> Result<Option<Packet>, FramesError> {
        let mut packet = Packet::empty();
        loop {
            match packet.read(self.input) {
                Ok(()) if packet.stream() == self.stream => return Ok(Some(packet)),
                Ok(()) => {}
                Err(ffmpeg::Error::Eof) => return Ok(None),
                // A read error mid-file (a damaged or cut file): what was read is all there is.
                Err(ffmpeg::Error::InvalidData) => return Ok(None),
                Err(error) => return Err(FramesError::decode("reading the file", error)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frames::test_sandbox::Sandbox;
    use crate::frames::{InputLimits, init_ffmpeg, open};

    #[test]
    fn targets_in_one_gop_are_reached_without_restarting_or_decoding_every_b_frame() {
        init_ffmpeg();
        let sandbox = Sandbox::new("seek-gop");
        // 3 s at 10 fps, one GOP, always 3 B-frames between P-frames.
        let video = sandbox.dir.join("gop.mp4");
        let made = std::process::Command::new("ffmpeg")
            .args(["-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc2=size=64x64:rate=10", "-t", "3"])
            .args(["-c:v", "libx264", "-x264-params", "keyint=100:b-adapt=0:bframes=3", "-pix_fmt", "yuv420p"])
            .arg(&video)
            .status();
        if !made.is_ok_and(|s| s.success()) {
            return; // no ffmpeg command line: the integration tests say so
        }
        let mut opened = open::open(&video, &InputLimits::default()).expect("opens");
        let time_base = opened.time_base;
        let mut seeker = Seeker::new(&mut opened.input, &mut opened.decoder, opened.stream_index, time_base);
        let mut seen = Vec::new();
        for ms in [0, 1000, 1650, 2500] {
            let target = target_ts(ms * 1000, time_base, 100_000);
            let frame = seeker.frame_at(target).expect("a frame");
            seen.push(frame.timestamp().expect("stamped").rescale(time_base, (1, 1000)));
        }
        assert_eq!(seen, [0, 1000, 1600, 2500]);
        let stats = seeker.stats;
        assert_eq!(stats.restarts, 1, "one GOP: never back to its keyframe {stats:?}");
        assert!(stats.packets_discarded > 0, "{stats:?}");
        assert!(stats.frames_out < 26, "B-frames before the targets are skipped {stats:?}");
    }

    #[test]
    fn targets_forgive_the_rounding_of_both_sides() {
        let frame = 33_333;
        // MP4 (1/15360): 5/3 s truncated to 1666666 µs is frame 50's start, 25600.
        assert_eq!(target_ts(1_666_666, Rational::new(1, 15360), frame), 25600);
        // Matroska (1 ms): frame 50 is stamped 1667 ms.
        assert_eq!(target_ts(1_666_666, Rational::new(1, 1000), frame), 1667);
        assert_eq!(target_ts(1_428_571, Rational::new(1, 1000), frame), 1429);
        // AVI (a tick a frame): 25.7 frames is frame 25, not the nearest tick 26.
        assert_eq!(target_ts(857_142, Rational::new(1, 30), frame), 25);
        assert_eq!(target_ts(1_666_666, Rational::new(1, 30), frame), 50);
        assert_eq!(target_ts(0, Rational::new(1, 90000), frame), 0);
    }
}
