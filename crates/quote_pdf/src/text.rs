//! Fitting text into a width: shortening one line with an ellipsis and
//! wrapping a paragraph into lines, measured with the real font widths.
use crate::fonts::Font;

/// The ellipsis (WinAnsi 0x85) that ends shortened text.
const ELLIPSIS: char = '…';

/// `text` on one line no wider than `max_width`: whitespace runs become one
/// space, and if it is still too wide it is cut at a character and ends in
/// `…`. Never wider than `max_width` (empty if not even `…` fits).
pub fn fit(text: &str, font: Font, size: f32, max_width: f32) -> String {
    let line = collapse_whitespace(text);
    if font.width(&line, size) <= max_width {
        return line;
    }
    shorten(&line, font, size, max_width)
}

/// Cuts `line` so that it plus `…` fits (trailing spaces dropped).
fn shorten(line: &str, font: Font, size: f32, max_width: f32) -> String {
    let budget = max_width - font.width(&ELLIPSIS.to_string(), size);
    if budget < 0.0 {
        return String::new();
    }
    // Measured whole: the font a line is drawn in depends on all of it.
    let mut out = String::new();
    for c in line.chars() {
        let mut next = out.clone();
        next.push(c);
        if font.width(&next, size) > budget {
            break;
        }
        out = next;
    }
    let mut out = out.trim_end().to_owned();
    out.push(ELLIPSIS);
    // The ellipsis is measured in the font of the whole line.
    while font.width(&out, size) > max_width && out.pop().is_some() {
        out.pop();
        out = out.trim_end().to_owned();
        out.push(ELLIPSIS);
        if out.chars().count() == 1 {
            break;
        }
    }
    out
}

/// Wraps `text` into at most `max_lines` lines no wider than `max_width`:
/// breaks at spaces, splits words longer than a line, and ends the last
/// line with `…` when text is left over. An empty text gives no lines.
pub fn wrap(text: &str, font: Font, size: f32, max_width: f32, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if font.width(&candidate, size) <= max_width {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than a whole line is split at characters.
        for c in word.chars() {
            let mut next = current.clone();
            next.push(c);
            if font.width(&next, size) > max_width && !current.is_empty() {
                lines.push(std::mem::take(&mut current));
                current.push(c);
            } else {
                current = next;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            // Always mark the cut, even when the kept line has room left.
            let marked = format!("{last}{ELLIPSIS}");
            *last = if font.width(&marked, size) <= max_width { marked } else { shorten(last, font, size, max_width) };
        }
    }
    // A single character wider than the line (only at absurd sizes) is cut.
    lines.into_iter().map(|l| fit(&l, font, size, max_width)).collect()
}

/// Every run of whitespace (newlines, tabs) as one space, trimmed.
fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_kept() {
        assert_eq!(fit("  Living \n room ", Font::Regular, 10.0, 200.0), "Living room");
    }

    #[test]
    fn long_text_is_ellipsized_within_the_width() {
        let long = "Dormitorio principal con vista al jardín ".repeat(10);
        let line = fit(&long, Font::Bold, 11.0, 150.0);
        assert!(line.ends_with('…'));
        assert!(Font::Bold.width(&line, 11.0) <= 150.0);
        assert!(line.starts_with("Dormitorio principal"));
        assert_eq!(fit("abc", Font::Regular, 10.0, 1.0), "");
    }

    #[test]
    fn wrapping_breaks_at_spaces_and_splits_long_words() {
        let lines = wrap("uno dos tres cuatro cinco seis", Font::Regular, 10.0, 60.0, 10);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), "uno dos tres cuatro cinco seis");
        for line in &lines {
            assert!(Font::Regular.width(line, 10.0) <= 60.0, "{line}");
        }
        let word = "x".repeat(100);
        let lines = wrap(&word, Font::Regular, 10.0, 50.0, 100);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
        assert!(wrap(" \n ", Font::Regular, 10.0, 50.0, 3).is_empty());
    }

    #[test]
    fn wrapping_marks_what_it_leaves_out() {
        let lines = wrap(&"palabra ".repeat(100), Font::Regular, 10.0, 80.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(Font::Regular.width(&lines[1], 10.0) <= 80.0);
    }
}
