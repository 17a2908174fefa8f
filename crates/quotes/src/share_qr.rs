//! The public quote link as a QR code for the dashboard: one SVG path the
//! page draws as is (no image, no script), with the quiet zone scanners need.
use domain::QrPath;
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code (the QR "quiet zone").
pub const QUIET_ZONE: usize = 4;

/// `url` as a QR code with medium error correction; `None` when it is too
/// long for any QR version. Each run of dark modules in a row is one
/// rectangle `M x y h n v1 h -n z` in module units.
pub fn share_qr(url: &str) -> Option<QrPath> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let mut d = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                let run = x - start;
                d.push_str(&format!("M{} {}h{run}v1h-{run}z", start + QUIET_ZONE, y + QUIET_ZONE));
            } else {
                x += 1;
            }
        }
    }
    Some(QrPath { size: width + 2 * QUIET_ZONE, d })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the path the way a browser fills it: every `M x y h n v1 h-n z`
    /// rectangle dark, the rest light.
    fn rasterize(qr: &QrPath) -> Vec<bool> {
        let mut dark = vec![false; qr.size * qr.size];
        for rect in qr.d.split('M').filter(|s| !s.is_empty()) {
            let rect = rect.strip_suffix('z').expect("closed rectangle");
            let (xy, rest) = rect.split_once('h').expect("run");
            let (x, y) = xy.split_once(' ').expect("x y");
            let (x, y): (usize, usize) = (x.parse().expect("x"), y.parse().expect("y"));
            let (run, back) = rest.split_once("v1h-").expect("one row high");
            let run: usize = run.parse().expect("run");
            assert_eq!(back.parse::<usize>().expect("back"), run, "the rectangle closes on itself");
            for dx in 0..run {
                dark[y * qr.size + x + dx] = true;
            }
        }
        dark
    }

    #[test]
    fn the_svg_path_scans_back_to_the_link() {
        let url = "https://cotiza.example/q/laminas-del-sur";
        let qr = share_qr(url).expect("encodes");
        let modules = qr.size - 2 * QUIET_ZONE;
        assert!(modules >= 21 && (modules - 17) % 4 == 0, "a QR side is 17 + 4·version modules, got {modules}");
        let dark = rasterize(&qr);
        // The quiet zone is light all around.
        for i in 0..qr.size {
            for j in 0..QUIET_ZONE {
                assert!(!dark[j * qr.size + i] && !dark[(qr.size - 1 - j) * qr.size + i], "top/bottom quiet zone");
                assert!(!dark[i * qr.size + j] && !dark[i * qr.size + qr.size - 1 - j], "left/right quiet zone");
            }
        }
        // Scanned as a camera would see it: 6 pixels a module.
        let scale = 6;
        let side = qr.size * scale;
        let mut image =
            rqrr::PreparedImage::prepare_from_bitmap(side, side, |x, y| dark[(y / scale) * qr.size + x / scale]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one QR code found");
        let (_, text) = grids[0].decode().expect("decodes");
        assert_eq!(text, url);
    }

    #[test]
    fn a_link_too_long_for_any_qr_code_has_none() {
        assert!(share_qr(&"x".repeat(5000)).is_none());
    }
}
