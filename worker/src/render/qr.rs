//! The public quote link as a QR code: the `qrcode` crate gives the module
//! matrix, the canvas draws it (no image dependency).
use qrcode::{Color, EcLevel, QrCode};

/// Light modules around the code that scanners need (the QR "quiet zone").
pub(crate) const QUIET_ZONE: usize = 4;

/// A QR code's modules, row by row (`true` is dark).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` with medium error correction (15 % of the code can be
    /// damaged or covered); `None` when it is too long for any QR version.
    pub(crate) fn encode(text: &str) -> Option<QrMatrix> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
        let width = code.width();
        Some(QrMatrix { width, dark: code.to_colors().into_iter().map(|c| c == Color::Dark).collect() })
    }

    /// Modules per side, without the quiet zone.
    pub(crate) fn width(&self) -> usize {
        self.width
    }

    pub(crate) fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_link_becomes_a_square_matrix_with_finder_patterns() {
        let qr = QrMatrix::encode("https://cotiza.example/p/3f9c2a7e5b1d4c8a9e0f1a2b3c4d5e6f").expect("encodes");
        assert!(qr.width() >= 21 && (qr.width() - 17).is_multiple_of(4), "QR sizes are 17 + 4·version");
        // The three finder patterns' corners are dark, the quiet zone is implied.
        let w = qr.width();
        assert!(qr.is_dark(0, 0) && qr.is_dark(w - 1, 0) && qr.is_dark(0, w - 1));
        assert!(!qr.is_dark(w, 0), "outside is light");
        assert!(QrMatrix::encode(&"x".repeat(5000)).is_none(), "too long for a QR code");
    }
}
