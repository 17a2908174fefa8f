//! Page geometry and the flow of content down A4 pages: what is drawn where
//! (as [`Op`]s, in points from the bottom-left corner), when a block no
//! longer fits and a new page starts, and the guarantee that text stays
//! between the margins.
use crate::fonts::Font;
use crate::text;

/// A4 width in points.
pub const PAGE_WIDTH: f32 = 595.28;
/// A4 height in points.
pub const PAGE_HEIGHT: f32 = 841.89;
/// Nothing is drawn closer than this to any edge of the page (footer included).
pub const MARGIN: f32 = 40.0;

/// Left edge of the content.
pub const LEFT: f32 = MARGIN;
/// Right edge of the content.
pub const RIGHT: f32 = PAGE_WIDTH - MARGIN;
/// Width of the content.
pub const WIDTH: f32 = RIGHT - LEFT;
/// Top of the content.
pub const TOP: f32 = PAGE_HEIGHT - MARGIN;
/// The flowing content ends here; the footer lives between this and [`MARGIN`].
pub const BOTTOM: f32 = MARGIN + 28.0;

/// Below the cap height of Helvetica (0.718 em) the baseline of a line of
/// text starts this many ems under the top of its line box.
const ASCENT: f32 = 0.76;

/// An RGB colour, each channel 0..=1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color(pub f32, pub f32, pub f32);

/// Body text.
pub const INK: Color = Color(0.13, 0.15, 0.17);
/// Labels, notes, footer.
pub const MUTED: Color = Color(0.42, 0.45, 0.49);
/// The organisation's name and headings.
pub const ACCENT: Color = Color(0.05, 0.39, 0.45);
/// Thin rules between rows.
pub const RULE: Color = Color(0.82, 0.84, 0.86);
/// Table header background.
pub const SHADE: Color = Color(0.93, 0.95, 0.96);

/// How a piece of text is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub font: Font,
    pub size: f32,
    pub color: Color,
}

impl Style {
    pub const fn new(font: Font, size: f32, color: Color) -> Style {
        Style { font, size, color }
    }
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text; `x` is its left edge, `y` its baseline.
    Text { x: f32, y: f32, font: Font, size: f32, color: Color, text: String },
    /// A straight line.
    Line { x1: f32, y1: f32, x2: f32, y2: f32, width: f32, color: Color },
    /// A filled rectangle from its bottom-left corner.
    Fill { x: f32, y: f32, w: f32, h: f32, color: Color },
    /// A clickable area opening `uri`.
    Link { x: f32, y: f32, w: f32, h: f32, uri: String },
    /// The organisation's logo, scaled into this box from its bottom-left corner.
    Logo { x: f32, y: f32, w: f32, h: f32 },
}

/// The ops of one page, in drawing order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    pub ops: Vec<Op>,
}

impl Page {
    /// Text with its left edge at `x` (and baseline `y`), shortened with `…`
    /// so it never passes the right margin.
    pub fn text(&mut self, x: f32, y: f32, style: Style, content: &str) {
        let Style { font, size, color } = style;
        let x = x.max(LEFT);
        let fitted = text::fit(content, font, size, RIGHT - x);
        if !fitted.is_empty() {
            self.ops.push(Op::Text { x, y, font, size, color, text: fitted });
        }
    }

    /// Text ending at `right` (right-aligned), shortened to fit `max_width`
    /// and the left margin.
    pub fn text_right(&mut self, right: f32, y: f32, style: Style, content: &str, max_width: f32) {
        let Style { font, size, color } = style;
        let right = right.min(RIGHT);
        let fitted = text::fit(content, font, size, max_width.min(right - LEFT));
        let width = font.width(&fitted, size);
        if !fitted.is_empty() {
            self.ops.push(Op::Text { x: right - width, y, font, size, color, text: fitted });
        }
    }

    /// A horizontal rule across `x1..x2` at height `y`.
    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, color: Color) {
        self.ops.push(Op::Line { x1, y1: y, x2, y2: y, width, color });
    }

    /// A filled rectangle.
    pub fn fill(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.ops.push(Op::Fill { x, y, w, h, color });
    }

    /// A link area.
    pub fn link(&mut self, x: f32, y: f32, w: f32, h: f32, uri: &str) {
        self.ops.push(Op::Link { x, y, w, h, uri: uri.to_owned() });
    }

    /// The logo in the box `w`×`h` with its bottom-left corner at (`x`, `y`).
    pub fn logo(&mut self, x: f32, y: f32, w: f32, h: f32) {
        self.ops.push(Op::Logo { x, y, w, h });
    }
}

/// The baseline of a line of `size`-point text whose box starts at `top`.
pub fn baseline(top: f32, size: f32) -> f32 {
    top - size * ASCENT
}

/// Content flowing down pages: a cursor `y` (the top of the next block)
/// and the pages written so far. Each new page starts with the running head.
pub struct Flow {
    done: Vec<Page>,
    page: Page,
    y: f32,
    running_head: String,
}

/// Height the running head of continuation pages takes.
const RUNNING_HEAD: f32 = 24.0;

impl Flow {
    /// A first page, empty, with the cursor at the top margin.
    /// `running_head` is printed small at the top of every later page.
    pub fn new(running_head: String) -> Flow {
        Flow { done: Vec::new(), page: Page::default(), y: TOP, running_head }
    }

    /// The top of the next block.
    pub fn y(&self) -> f32 {
        self.y
    }

    /// The page being written.
    pub fn page(&mut self) -> &mut Page {
        &mut self.page
    }

    /// Moves the cursor down by `height`.
    pub fn advance(&mut self, height: f32) {
        self.y -= height;
    }

    /// Whether a block of `height` fits above the bottom margin.
    pub fn fits(&self, height: f32) -> bool {
        self.y - height >= BOTTOM
    }

    /// Starts a new page unless `height` fits here; true when it did. A
    /// block taller than a whole page still gets a fresh page only once
    /// (callers never make such blocks: their cells have a bounded number of lines).
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.fits(height) || self.at_page_top() {
            return false;
        }
        self.new_page();
        true
    }

    /// Whether nothing has flowed onto this page yet.
    fn at_page_top(&self) -> bool {
        let top = if self.done.is_empty() { TOP } else { TOP - RUNNING_HEAD };
        self.y >= top
    }

    /// Closes the page and starts the next one with the running head.
    pub fn new_page(&mut self) {
        let previous = std::mem::take(&mut self.page);
        self.done.push(previous);
        let y = baseline(TOP, 8.0);
        let head = self.running_head.clone();
        self.page.text(LEFT, y, Style::new(Font::Regular, 8.0, MUTED), &head);
        self.page.rule(LEFT, RIGHT, TOP - 13.0, 0.5, RULE);
        self.y = TOP - RUNNING_HEAD;
    }

    /// Every page, the current one last.
    pub fn into_pages(mut self) -> Vec<Page> {
        self.done.push(self.page);
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_never_passes_the_right_margin() {
        let mut page = Page::default();
        page.text(RIGHT - 50.0, 100.0, Style::new(Font::Bold, 12.0, INK), &"Habitación ".repeat(30));
        page.text_right(RIGHT, 80.0, Style::new(Font::Regular, 9.0, INK), &"$ 1.234.567 ".repeat(60), 1000.0);
        for op in &page.ops {
            let Op::Text { x, font, size, text, .. } = op else { panic!("text only") };
            assert!(*x >= LEFT);
            assert!(x + font.width(text, *size) <= RIGHT + 0.01, "{text}");
        }
    }

    #[test]
    fn a_block_that_does_not_fit_goes_to_a_new_page() {
        let mut flow = Flow::new("Acme · COT-1".into());
        assert!(!flow.ensure(100.0), "room on the first page");
        flow.advance(TOP - BOTTOM - 50.0);
        assert!(flow.ensure(60.0));
        assert_eq!(flow.y(), TOP - RUNNING_HEAD);
        assert!(!flow.ensure(10_000.0), "a fresh page is never skipped");
        let pages = flow.into_pages();
        assert_eq!(pages.len(), 2);
        assert!(pages[1].ops.iter().any(|op| matches!(op, Op::Text { text, .. } if text == "Acme · COT-1")));
    }
}
