//! Which way up a video is shown: the stream's display matrix (how phones
//! mark portrait videos) or, failing that, the legacy `rotate` tag; read
//! exactly as the `ffmpeg` command line's autorotation reads them.
use ffmpeg::codec::packet::side_data::Type as SideDataType;
use ffmpeg_next as ffmpeg;

/// A clockwise turn that makes the decoded picture upright.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rotation {
    None,
    Clockwise90,
    Half,
    Clockwise270,
}

impl Rotation {
    /// 90, 180 or 270 (clockwise); anything else is no turn.
    pub(crate) fn from_degrees(degrees: u32) -> Rotation {
        match degrees {
            90 => Rotation::Clockwise90,
            180 => Rotation::Half,
            270 => Rotation::Clockwise270,
            _ => Rotation::None,
        }
    }

    /// The size shown of a `width`×`height` picture.
    pub(crate) fn displayed_size(self, width: u32, height: u32) -> (u32, u32) {
        match self {
            Rotation::None | Rotation::Half => (width, height),
            Rotation::Clockwise90 | Rotation::Clockwise270 => (height, width),
        }
    }

    /// Where source pixel (x, y) of a `width`×`height` picture lands in the
    /// turned RGB buffer, as `base + x·step_x + y·step_y` byte offsets (3 bytes
    /// a pixel). Lets the converters write turned pixels in one pass.
    pub(crate) fn layout(self, width: usize, height: usize) -> Layout {
        let (w, h) = (width as isize, height as isize);
        let (out_w, _) = self.displayed_size(width as u32, height as u32);
        let row = out_w as isize * 3;
        match self {
            // (x, y) → (x, y)
            Rotation::None => Layout { base: 0, step_x: 3, step_y: row },
            // (x, y) → (h-1-y, x)
            Rotation::Clockwise90 => Layout { base: (h - 1) * 3, step_x: row, step_y: -3 },
            // (x, y) → (w-1-x, h-1-y)
            Rotation::Half => Layout { base: (h - 1) * row + (w - 1) * 3, step_x: -3, step_y: -row },
            // (x, y) → (y, w-1-x)
            Rotation::Clockwise270 => Layout { base: (w - 1) * row, step_x: -row, step_y: 3 },
        }
    }
}

/// See [`Rotation::layout`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub(crate) base: isize,
    pub(crate) step_x: isize,
    pub(crate) step_y: isize,
}

/// The clockwise turn (0, 90, 180, 270) that shows `stream` upright.
pub(crate) fn stream_rotation(stream: &ffmpeg::Stream) -> u32 {
    let from_matrix = stream
        .side_data()
        .find(|side| side.kind() == SideDataType::DisplayMatrix)
        .and_then(|side| display_matrix_degrees(side.data()));
    from_matrix.or_else(|| stream.metadata().get("rotate").and_then(rotate_tag_degrees)).unwrap_or(0)
}

/// The clockwise turn a display matrix asks for (nine native-endian i32,
/// 16.16 fixed point except the last column): what `ffmpeg`'s
/// `get_rotation` computes, `-av_display_rotation_get(matrix)`, snapped to
/// a quarter turn. Other angles and degenerate matrices are ignored (None).
/// Mirroring is ignored: phones do not write it.
pub(crate) fn display_matrix_degrees(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < 36 {
        return None;
    }
    let m = |i: usize| f64::from(i32::from_ne_bytes([bytes[4 * i], bytes[4 * i + 1], bytes[4 * i + 2], bytes[4 * i + 3]])) / 65536.0;
    let scale0 = m(0).hypot(m(3));
    let scale1 = m(1).hypot(m(4));
    if scale0 == 0.0 || scale1 == 0.0 {
        return None;
    }
    // av_display_rotation_get = -atan2(m1/s1, m0/s0); the CLI turns by its negative.
    let theta = (m(1) / scale1).atan2(m(0) / scale0).to_degrees();
    snap(theta)
}

/// The legacy `rotate` tag: clockwise degrees as text ("90").
fn rotate_tag_degrees(tag: &str) -> Option<u32> {
    snap(tag.trim().parse::<f64>().ok()?)
}

/// 0, 90, 180 or 270 when `degrees` is within 1° of a quarter turn.
fn snap(degrees: f64) -> Option<u32> {
    if !degrees.is_finite() {
        return None;
    }
    let turned = degrees.rem_euclid(360.0);
    let quarter = (turned / 90.0).round();
    if (turned - quarter * 90.0).abs() > 1.0 {
        return None;
    }
    Some(((quarter as u32) * 90) % 360)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matrix(a: i32, b: i32, c: i32, d: i32) -> Vec<u8> {
        [a, b, 0, c, d, 0, 0, 0, 1 << 30].iter().flat_map(|v| v.to_ne_bytes()).collect()
    }

    #[test]
    fn display_matrices_read_as_the_ffmpeg_cli_reads_them() {
        const ONE: i32 = 1 << 16;
        assert_eq!(display_matrix_degrees(&matrix(ONE, 0, 0, ONE)), Some(0));
        // An iPhone portrait video: tkhd (0, 1, -1, 0), ffprobe "rotation of -90".
        assert_eq!(display_matrix_degrees(&matrix(0, ONE, -ONE, 0)), Some(90));
        // What FFmpeg 5.1 writes for `-metadata:s:v rotate=90` (ffprobe: rotation=90).
        assert_eq!(display_matrix_degrees(&matrix(0, -ONE, ONE, 0)), Some(270));
        assert_eq!(display_matrix_degrees(&matrix(-ONE, 0, 0, -ONE)), Some(180));
        assert_eq!(display_matrix_degrees(&matrix(0, 0, 0, 0)), None);
        assert_eq!(rotate_tag_degrees("90"), Some(90));
        assert_eq!(rotate_tag_degrees("-90"), Some(270));
        assert_eq!(rotate_tag_degrees("45"), None);
    }

    #[test]
    fn layouts_put_corners_where_the_turn_does() {
        // A 3×2 picture: the top-left pixel (0, 0) and the top-right (2, 0).
        let at = |layout: Layout, x: isize, y: isize| (layout.base + x * layout.step_x + y * layout.step_y) / 3;
        let cw = Rotation::Clockwise90.layout(3, 2); // shown 2×3
        assert_eq!((at(cw, 0, 0), at(cw, 2, 0)), (1, 5)); // to the top-right, the bottom-right
        let ccw = Rotation::Clockwise270.layout(3, 2);
        assert_eq!((at(ccw, 0, 0), at(ccw, 2, 0)), (4, 0)); // to the bottom-left, the top-left
        let half = Rotation::Half.layout(3, 2);
        assert_eq!((at(half, 0, 0), at(half, 2, 0)), (5, 3));
    }
}
