//! The storyboard of the `quote-summary` template: which scene shows when,
//! what each scene lays out (wrapped and shortened once, up front), and the
//! display list of any frame. Scenes:
//!
//! 1. brand — the organisation's logo (when it has one) and name on its
//!    colour, the quote's number;
//! 2. customer — who it is for, the property's address;
//! 3. lines — each room's lines appearing one after another, a page at a
//!    time when they do not fit on one screen;
//! 4. totals — subtotal, volume discount (when there is one), tax and the
//!    total counting up;
//! 5. call to action — validity, the public link as a QR code scaling in,
//!    the organisation's WhatsApp number; short (at most
//!    [`CTA_MAX_TENTHS`]): the time goes to the lines and the totals.
//!
//! Text is sized for a phone held upright: nothing under [`MIN_TEXT_PX`]
//! (about a 16 px body text on a 390 px wide screen), headings larger.
//! The video lasts 20 s (up to ~3 lines) growing with the lines to 30 s
//! (~14 lines and more). Times are in "story seconds"; a pace below 1 plays
//! the same story in fewer frames (tests).
use std::sync::Arc;

use domain::{Currency, QuoteVideoInput, format_money, parse_hex_color};
use rust_decimal::Decimal;

use super::RenderError;
use super::canvas::{Bounds, Item, Rgba, TextRun};
use super::labels::Labels;
use super::logo::Logo;
use super::qr::{QUIET_ZONE, QrMatrix};
use super::text::{Face, Style, ellipsize, fit_size, fonts, normalize, wrap, wrap_fitting};

/// Frame size (vertical, for phones) and rate.
pub(crate) const WIDTH: u32 = 1080;
pub(crate) const HEIGHT: u32 = 1920;
pub(crate) const FPS: u32 = 30;
/// No text comes closer than this to any edge of the frame.
pub(crate) const MARGIN: i32 = 72;
const CONTENT_W: i32 = WIDTH as i32 - 2 * MARGIN;
const RIGHT: i32 = WIDTH as i32 - MARGIN;
const CENTER: i32 = WIDTH as i32 / 2;

/// A spot of the brand scene that shows the plain brand colour on every
/// frame (nothing is drawn over it): tests check the colour there.
#[cfg(test)]
pub(crate) const BRAND_SPOT: (u32, u32) = (40, 40);

/// The smallest text of any scene, in pixels of the 1080 px wide frame.
pub(crate) const MIN_TEXT_PX: u16 = 40;
/// The call to action (the QR code) lasts no longer than this, in tenths of a second.
pub(crate) const CTA_MAX_TENTHS: u32 = 40;

/// Seconds of the fixed scenes, in tenths.
const BRAND_TENTHS: u32 = 30;
const CUSTOMER_TENTHS: u32 = 30;
const TOTALS_TENTHS: u32 = 50;
const CTA_TENTHS: u32 = 35;
const _: () = assert!(CTA_TENTHS <= CTA_MAX_TENTHS);
/// The lines scene: 3 s plus 0.9 s a line, within 5.5–15.5 s, so the video
/// lasts 20–30 s.
const LINES_BASE_TENTHS: u32 = 30;
const LINES_MIN_TENTHS: u32 = 55;
const LINES_MAX_TENTHS: u32 = 155;

/// Where the list of lines starts and must end on a page.
const HEADER_H: i32 = 200;
const TITLE_BASELINE: i32 = 320;
const LIST_TOP: i32 = 370;
const LIST_BOTTOM: i32 = 1840;
const ROOM_ROW_H: i32 = 88;
/// A line's card: its kind; its film and amount; its size and quantity.
const CARD_H: i32 = 212;
const CARD_GAP: i32 = 16;
const CARD_PAD: i32 = 32;
/// How far text rises while it fades in.
const RISE: f64 = 36.0;

/// One of the template's scenes (`page` counts the pages of lines from 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scene {
    Brand,
    Customer,
    Lines { page: usize },
    Totals,
    CallToAction,
}

/// A scene's place in the video.
#[derive(Debug, Clone, Copy)]
struct Segment {
    scene: Scene,
    start: u32,
    frames: u32,
    /// Story seconds the scene lasts (its animations' clock).
    seconds: f64,
}

/// The colours of a video, all derived from the brand colour.
#[derive(Debug, Clone, Copy)]
struct Theme {
    brand: Rgba,
    /// Text on the brand colour: white, or near-black on light brands.
    on_brand: Rgba,
    background: Rgba,
    card: Rgba,
    ink: Rgba,
    muted: Rgba,
    /// The brand colour, darkened when too light to read on white.
    accent: Rgba,
    divider: Rgba,
    pill: Rgba,
}

impl Theme {
    fn new(brand: Rgba) -> Theme {
        let ink = Rgba::rgb(0x11, 0x18, 0x27);
        let light_brand = brand.luminance() > 0.45;
        let accent = if brand.luminance() > 0.25 { brand.mix(Rgba::rgb(0, 0, 0), 0.45) } else { brand };
        Theme {
            brand,
            on_brand: if light_brand { ink } else { Rgba::WHITE },
            background: brand.mix(Rgba::WHITE, 0.93),
            card: Rgba::WHITE,
            ink,
            muted: Rgba::rgb(0x4b, 0x55, 0x63),
            accent,
            divider: Rgba::rgb(0xe5, 0xe7, 0xeb),
            pill: brand.mix(Rgba::WHITE, 0.82),
        }
    }
}

#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// A line of text laid out once: its text and measured width.
#[derive(Debug, Clone)]
struct Line {
    text: Arc<str>,
    style: Style,
    width: i32,
}

impl Line {
    /// `text` as it is (callers keep it short or wrap it first).
    fn new(text: impl Into<String>, style: Style) -> Line {
        let text: String = text.into();
        let width = fonts().width(&text, style);
        Line { text: text.into(), style, width }
    }

    /// `text` on one line, shortened with "…" to `max_width`.
    fn fitted(text: &str, style: Style, max_width: i32) -> Line {
        Line::new(ellipsize(text, style, max_width), style)
    }

    /// `text` wrapped to at most `max_lines` lines of `max_width`.
    fn wrapped(text: &str, style: Style, max_width: i32, max_lines: usize) -> Vec<Line> {
        wrap(text, style, max_width, max_lines).into_iter().map(|l| Line::new(l, style)).collect()
    }

    fn ascent(&self) -> i32 {
        fonts().ascent(self.style)
    }

    fn descent(&self) -> i32 {
        fonts().descent(self.style)
    }

    /// The run at `x` (left edge, centre or right edge, per `align`).
    fn at(&self, x: i32, baseline: i32, align: Align, color: Rgba) -> Item {
        let left = match align {
            Align::Left => x,
            Align::Center => x - self.width / 2,
            Align::Right => x - self.width,
        };
        Item::Text(TextRun { text: self.text.clone(), style: self.style, x: left, baseline, width: self.width, color })
    }
}

/// 0 → 1 between `start` and `start + duration` (story seconds), eased out.
fn ease(t: f64, start: f64, duration: f64) -> f64 {
    let p = ((t - start) / duration).clamp(0.0, 1.0);
    1.0 - (1.0 - p).powi(3)
}

/// The display list of one frame under construction.
struct Frame {
    items: Vec<Item>,
}

impl Frame {
    fn new(background: Rgba) -> Frame {
        let mut frame = Frame { items: Vec::with_capacity(64) };
        frame.rect(0, 0, WIDTH as i32, HEIGHT as i32, 0, background);
        frame
    }

    fn rect(&mut self, x: i32, y: i32, w: i32, h: i32, radius: i32, color: Rgba) {
        if color.0[3] > 0 {
            self.items.push(Item::Rect { bounds: Bounds { x, y, w, h }, radius, color });
        }
    }

    fn text(&mut self, line: &Line, x: i32, baseline: i32, align: Align, color: Rgba) {
        if color.0[3] > 0 && !line.text.is_empty() {
            self.items.push(line.at(x, baseline, align, color));
        }
    }

    /// Text fading in and rising into place as `p` goes 0 → 1.
    fn enter(&mut self, line: &Line, x: i32, baseline: i32, align: Align, color: Rgba, p: f64) {
        if p > 0.0 {
            self.text(line, x, baseline + rise(p), align, color.fade(p));
        }
    }
}

fn rise(p: f64) -> i32 {
    ((1.0 - p) * RISE).round() as i32
}

struct BrandLayout {
    /// Scaled to fit [`LOGO_BOX`] once, up front.
    logo: Option<Arc<Logo>>,
    name: Vec<Line>,
    name_line_height: i32,
    title: Line,
    date: Line,
}

struct CustomerLayout {
    label: Line,
    name: Vec<Line>,
    name_line_height: i32,
    property: Line,
    address: Vec<Line>,
    commune: Option<Line>,
    title: Line,
    date: Line,
    vertical: Line,
}

/// A row of a page of lines.
enum Row {
    Room { y: i32, name: Line, appear: f64 },
    /// `what` (kind and count); the `film` and the `amount`; the `detail`
    /// (size and quantity), each on its own row.
    Card { y: i32, what: Line, film: Line, amount: Line, detail: Line, appear: f64 },
}

struct Page {
    title: Line,
    indicator: Option<Line>,
    rows: Vec<Row>,
}

struct TotalRow {
    label: Line,
    amount: Decimal,
    start: f64,
}

struct TotalsLayout {
    title: Line,
    rows: Vec<TotalRow>,
    area: Option<Line>,
    total_label: Line,
    total: Decimal,
    total_style: Style,
    total_start: f64,
    currency: Currency,
    /// Money in the quote's language.
    spanish: bool,
}

struct CtaLayout {
    validity: Line,
    qr: Arc<QrMatrix>,
    module: i32,
    caption: Line,
    write_us: Option<Line>,
    phone: Option<Line>,
    email: Option<Line>,
    org: Line,
    number: Line,
}

/// Everything to draw any frame of one video.
pub(crate) struct Storyboard {
    segments: Vec<Segment>,
    frames: u32,
    theme: Theme,
    header: Line,
    brand: BrandLayout,
    customer: CustomerLayout,
    pages: Vec<Page>,
    totals: TotalsLayout,
    cta: CtaLayout,
}

/// The QR code's card: its side and its top edge.
const QR_CARD: i32 = 600;
const QR_CARD_TOP: i32 = 410;
/// The logo's white tile: padding around the logo.
const LOGO_PAD: i32 = 24;
/// The totals' rows (subtotal, discount, tax).
const TOTAL_ROW_PX: u16 = 52;

/// Seconds counting up each total takes.
const COUNT_SECONDS: f64 = 1.2;
const TOTAL_COUNT_SECONDS: f64 = 1.5;
/// Seconds a line's card takes to appear.
const CARD_IN: f64 = 0.35;

impl Storyboard {
    /// Lays out the video of `input`. `pace` 1 is the real video; below 1 the
    /// same story is played faster (fewer frames), for tests.
    #[cfg(test)]
    pub(crate) fn new(input: &QuoteVideoInput, pace: f64) -> Result<Storyboard, RenderError> {
        Storyboard::with_logo(input, None, pace)
    }

    /// [`Storyboard::new`] with the organisation's logo on the brand scene.
    pub(crate) fn with_logo(input: &QuoteVideoInput, logo: Option<Arc<Logo>>, pace: f64) -> Result<Storyboard, RenderError> {
        let doc = &input.document;
        let [r, g, b] = parse_hex_color(&input.brand_color)
            .ok_or_else(|| RenderError::InvalidInput(format!("brand_color must be #rrggbb, not {:?}", input.brand_color)))?;
        if doc.breakdown.lines.is_empty() {
            return Err(RenderError::InvalidInput("the quote has no lines".into()));
        }
        if input.quote_url.trim().is_empty() {
            return Err(RenderError::InvalidInput("quote_url is empty".into()));
        }
        let qr = QrMatrix::encode(input.quote_url.trim())
            .ok_or_else(|| RenderError::InvalidInput("quote_url is too long for a QR code".into()))?;
        if !(pace > 0.0 && pace <= 1.0) {
            return Err(RenderError::InvalidInput(format!("pace must be in (0, 1], not {pace}")));
        }
        let theme = Theme::new(Rgba::rgb(r, g, b));
        let labels = Labels::for_language(&doc.language);
        let title = labels.title(&normalize(&doc.number), doc.version);

        let header = Line::fitted(&doc.org.name, Style::bold(52), CONTENT_W);

        let (name_style, name) = wrap_fitting(&doc.org.name, Face::Bold, &[140, 124, 108, 96, 84], CONTENT_W, 3);
        let brand = BrandLayout {
            logo,
            name_line_height: i32::from(name_style.size) * 23 / 20,
            name: name.into_iter().map(|l| Line::new(l, name_style)).collect(),
            title: Line::fitted(&title, Style::regular(fit_size(&title, Face::Regular, 60, 44, CONTENT_W)), CONTENT_W),
            date: Line::fitted(&labels.priced_on(&doc.priced_on), Style::regular(46), CONTENT_W),
        };

        let (cust_style, cust_name) = wrap_fitting(&doc.contact.name, Face::Bold, &[104, 92, 80, 68], CONTENT_W, 3);
        let commune = normalize(&doc.contact.commune);
        let customer = CustomerLayout {
            label: Line::fitted(labels.prepared_for, Style::bold(50), CONTENT_W),
            name_line_height: i32::from(cust_style.size) * 6 / 5,
            name: cust_name.into_iter().map(|l| Line::new(l, cust_style)).collect(),
            property: Line::fitted(labels.property, Style::bold(42), CONTENT_W - 80),
            address: Line::wrapped(&doc.contact.address, Style::regular(52), CONTENT_W - 80, 4),
            commune: (!commune.is_empty()).then(|| Line::fitted(&commune, Style::regular(46), CONTENT_W - 80)),
            title: Line::fitted(&title, Style::regular(44), CONTENT_W),
            date: Line::fitted(&labels.priced_on(&doc.priced_on), Style::regular(44), CONTENT_W),
            vertical: Line::fitted(doc.vertical.label(labels.spanish), Style::bold(44), CONTENT_W),
        };

        let line_count = doc.breakdown.lines.len();
        let lines_tenths =
            (LINES_BASE_TENTHS + 9 * u32::try_from(line_count).unwrap_or(u32::MAX / 10).min(1000)).clamp(LINES_MIN_TENTHS, LINES_MAX_TENTHS);
        let mut pages = paginate(input, labels);
        let page_count = pages.len();
        let page_tenths = split_tenths(lines_tenths, &pages.iter().map(|p| p.cards() + 1).collect::<Vec<_>>());
        for (number, (page, tenths)) in pages.iter_mut().zip(&page_tenths).enumerate() {
            page.schedule(f64::from(*tenths) / 10.0);
            if page_count > 1 {
                page.indicator = Some(Line::new(labels.page(number + 1, page_count), Style::regular(44)));
                let room = CONTENT_W - page.indicator.as_ref().map_or(0, |l| l.width) - 24;
                page.title = Line::fitted(labels.details, Style::bold(fit_size(labels.details, Face::Bold, 60, 48, room)), room);
            }
        }

        let totals = totals_layout(input, labels);
        let cta = cta_layout(input, labels, &title, qr);

        let mut plan: Vec<(Scene, u32)> = vec![(Scene::Brand, BRAND_TENTHS), (Scene::Customer, CUSTOMER_TENTHS)];
        plan.extend(page_tenths.iter().enumerate().map(|(page, t)| (Scene::Lines { page }, *t)));
        plan.push((Scene::Totals, TOTALS_TENTHS));
        plan.push((Scene::CallToAction, CTA_TENTHS));
        let mut segments = Vec::with_capacity(plan.len());
        let mut start = 0;
        for (scene, tenths) in plan {
            // Whole tenths of a second: 3 frames each at 30 fps.
            let frames = ((f64::from(tenths) * pace).round() as u32).max(1) * (FPS / 10);
            segments.push(Segment { scene, start, frames, seconds: f64::from(tenths) / 10.0 });
            start += frames;
        }
        Ok(Storyboard { segments, frames: start, theme, header, brand, customer, pages, totals, cta })
    }

    /// Frames in the video.
    pub(crate) fn frames(&self) -> u32 {
        self.frames
    }

    /// The scene frame `frame` belongs to.
    #[cfg(test)]
    pub(crate) fn scene_at(&self, frame: u32) -> Scene {
        self.segment_at(frame).0.scene
    }

    /// The first frame of `scene`, if the video has it.
    #[cfg(test)]
    pub(crate) fn first_frame_of(&self, scene: Scene) -> Option<u32> {
        self.segments.iter().find(|s| s.scene == scene).map(|s| s.start)
    }

    /// The pages of lines.
    pub(crate) fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn segment_at(&self, frame: u32) -> (&Segment, f64) {
        let last = self.segments.len() - 1;
        let index = self.segments.iter().position(|s| frame < s.start + s.frames).unwrap_or(last);
        let segment = &self.segments[index];
        let local = frame.saturating_sub(segment.start).min(segment.frames);
        (segment, f64::from(local) / f64::from(segment.frames) * segment.seconds)
    }

    /// The display list of frame `frame` (0-based; past the end, the last frame).
    pub(crate) fn items(&self, frame: u32) -> Vec<Item> {
        let (segment, t) = self.segment_at(frame);
        match segment.scene {
            Scene::Brand => self.brand_frame(t),
            Scene::Customer => self.customer_frame(t),
            Scene::Lines { page } => self.lines_frame(page, t),
            Scene::Totals => self.totals_frame(t),
            Scene::CallToAction => self.cta_frame(t),
        }
        .items
    }

    fn with_header(&self) -> Frame {
        let th = &self.theme;
        let mut f = Frame::new(th.background);
        f.rect(0, 0, WIDTH as i32, HEADER_H, 0, th.brand);
        f.text(&self.header, MARGIN, 130, Align::Left, th.on_brand);
        f
    }

    fn brand_frame(&self, t: f64) -> Frame {
        let th = &self.theme;
        let b = &self.brand;
        let mut f = Frame::new(th.brand);
        // Soft circles in the corners away from BRAND_SPOT.
        f.rect(700, -40, 600, 600, 300, th.on_brand.fade(0.10));
        f.rect(640, 1500, 700, 700, 350, th.on_brand.fade(0.07));
        let name_h = b.name_line_height * b.name.len() as i32;
        // The logo, on a white tile (a logo is drawn for white paper), above the name.
        let tile = b.logo.as_ref().map(|l| (l.width() + 2 * LOGO_PAD, l.height() + 2 * LOGO_PAD));
        let logo_h = tile.map_or(0, |(_, h)| h + 64);
        let top = 860 - (name_h + logo_h) / 2 - 60 + logo_h;
        let p = ease(t, 0.0, 0.6);
        if let (Some(logo), Some((w, h)), true) = (&b.logo, tile, p > 0.0) {
            let y = top - logo_h + rise(p);
            f.rect(MARGIN, y, w, h, 24, Rgba::WHITE.fade(p));
            let bounds = Bounds { x: MARGIN + LOGO_PAD, y: y + LOGO_PAD, w: logo.width(), h: logo.height() };
            f.items.push(Item::Image { bounds, logo: logo.clone(), opacity: (p * 255.0).round() as u8 });
        }
        for (i, line) in b.name.iter().enumerate() {
            let baseline = top + line.ascent() + i as i32 * b.name_line_height;
            f.enter(line, MARGIN, baseline, Align::Left, th.on_brand, p);
        }
        let bar_y = top + name_h + 36;
        let bar = ease(t, 0.25, 0.5);
        f.rect(MARGIN, bar_y, (160.0 * bar).round() as i32, 10, 5, th.on_brand);
        let title_base = bar_y + 10 + 48 + b.title.ascent();
        f.enter(&b.title, MARGIN, title_base, Align::Left, th.on_brand, ease(t, 0.35, 0.5));
        f.enter(&b.date, MARGIN, title_base + 84, Align::Left, th.on_brand.fade(0.85), ease(t, 0.45, 0.45));
        f
    }

    fn customer_frame(&self, t: f64) -> Frame {
        let th = &self.theme;
        let c = &self.customer;
        let mut f = self.with_header();
        let mut y = 290;
        f.enter(&c.label, MARGIN, y + c.label.ascent(), Align::Left, th.accent, ease(t, 0.0, 0.4));
        y += c.label.ascent() + c.label.descent() + 24;
        let p = ease(t, 0.15, 0.5);
        for (i, line) in c.name.iter().enumerate() {
            f.enter(line, MARGIN, y + line.ascent() + i as i32 * c.name_line_height, Align::Left, th.ink, p);
        }
        y += c.name_line_height * c.name.len() as i32 + 48;
        // The property card.
        let pad = 40;
        let mut inner = y + pad;
        let mut texts: Vec<(&Line, i32, Rgba)> = vec![(&c.property, inner + c.property.ascent(), th.muted)];
        inner += c.property.ascent() + c.property.descent() + 20;
        for line in &c.address {
            texts.push((line, inner + line.ascent(), th.ink));
            inner += 66;
        }
        if let Some(commune) = &c.commune {
            texts.push((commune, inner + commune.ascent(), th.muted));
            inner += commune.ascent() + commune.descent();
        }
        let card_h = inner + pad - y;
        let p = ease(t, 0.4, 0.5);
        if p > 0.0 {
            f.rect(MARGIN, y + rise(p), CONTENT_W, card_h, 28, th.card.fade(p));
            for (line, baseline, color) in texts {
                f.enter(line, MARGIN + pad, baseline, Align::Left, color, p);
            }
        }
        y += card_h + 56;
        let p = ease(t, 0.6, 0.5);
        f.enter(&c.title, MARGIN, y + c.title.ascent(), Align::Left, th.muted, p);
        f.enter(&c.date, MARGIN, y + c.title.ascent() + 66, Align::Left, th.muted, p);
        f.enter(&c.vertical, MARGIN, y + c.title.ascent() + 132, Align::Left, th.accent, p);
        f
    }

    fn lines_frame(&self, page: usize, t: f64) -> Frame {
        let th = &self.theme;
        let first = page == 0;
        let Some(page) = self.pages.get(page) else { return self.with_header() };
        let mut f = self.with_header();
        let p = ease(t, 0.0, 0.3);
        // The title stays put from one page to the next; the page number changes.
        f.enter(&page.title, MARGIN, TITLE_BASELINE, Align::Left, th.ink, if first { p } else { 1.0 });
        if let Some(indicator) = &page.indicator {
            f.enter(indicator, RIGHT, TITLE_BASELINE, Align::Right, th.muted, p);
        }
        for row in &page.rows {
            match row {
                Row::Room { y, name, appear } => {
                    f.enter(name, MARGIN, y + 60, Align::Left, th.accent, ease(t, *appear, CARD_IN));
                }
                Row::Card { y, what, film, amount, detail, appear } => {
                    let p = ease(t, *appear, CARD_IN);
                    if p <= 0.0 {
                        continue;
                    }
                    let y = y + rise(p);
                    f.rect(MARGIN, y, CONTENT_W, CARD_H, 24, th.card.fade(p));
                    f.text(what, MARGIN + CARD_PAD, y + 66, Align::Left, th.ink.fade(p));
                    f.text(film, MARGIN + CARD_PAD, y + 128, Align::Left, th.muted.fade(p));
                    f.text(amount, RIGHT - CARD_PAD, y + 128, Align::Right, th.ink.fade(p));
                    f.text(detail, MARGIN + CARD_PAD, y + 186, Align::Left, th.muted.fade(p));
                }
            }
        }
        f
    }

    fn totals_frame(&self, t: f64) -> Frame {
        let th = &self.theme;
        let s = &self.totals;
        let mut f = self.with_header();
        f.enter(&s.title, MARGIN, TITLE_BASELINE, Align::Left, th.ink, ease(t, 0.0, 0.3));
        let card_top = 380;
        let row_h = 130;
        let card_h = row_h * s.rows.len() as i32 + 20;
        let p = ease(t, 0.1, 0.4);
        if p > 0.0 {
            f.rect(MARGIN, card_top + rise(p), CONTENT_W, card_h, 28, th.card.fade(p));
        }
        for (i, row) in s.rows.iter().enumerate() {
            let y = card_top + 10 + row_h * i as i32;
            if i > 0 && p > 0.0 {
                f.rect(MARGIN + 40, y + rise(p), CONTENT_W - 80, 2, 0, th.divider.fade(p));
            }
            let shown = ease(t, row.start, 0.3);
            f.enter(&row.label, MARGIN + 40, y + 84, Align::Left, th.ink, shown);
            if shown > 0.0 {
                let amount = counted(row.amount, ease(t, row.start, COUNT_SECONDS), s.currency, s.spanish);
                let amount = Line::new(amount, Style::bold(TOTAL_ROW_PX));
                f.enter(&amount, RIGHT - 40, y + 84, Align::Right, th.ink, shown);
            }
        }
        let mut y = card_top + card_h;
        if let Some(area) = &s.area {
            f.enter(area, MARGIN, y + 80, Align::Left, th.muted, ease(t, 0.3, 0.4));
            y += 80;
        }
        let box_top = y + 90;
        let p = ease(t, s.total_start - 0.2, 0.4);
        if p > 0.0 {
            f.rect(MARGIN, box_top + rise(p), CONTENT_W, 400, 32, th.brand.fade(p));
            f.enter(&s.total_label, MARGIN + 48, box_top + 116, Align::Left, th.on_brand, p);
            let amount = counted(s.total, ease(t, s.total_start, TOTAL_COUNT_SECONDS), s.currency, s.spanish);
            let amount = Line::new(amount, s.total_style);
            f.enter(&amount, MARGIN + 48, box_top + 310, Align::Left, th.on_brand, p);
        }
        f
    }

    fn cta_frame(&self, t: f64) -> Frame {
        let th = &self.theme;
        let c = &self.cta;
        let mut f = self.with_header();
        let p = ease(t, 0.0, 0.4);
        if p > 0.0 {
            let w = (c.validity.width + 80).min(CONTENT_W);
            f.rect(CENTER - w / 2, 270 + rise(p), w, 100, 50, th.pill.fade(p));
            f.enter(&c.validity, CENTER, 270 + 50 + (c.validity.ascent() - c.validity.descent()) / 2, Align::Center, th.accent, p);
        }
        // The code grows from the card's middle to its full size.
        let grow = ease(t, 0.2, 0.7);
        if grow > 0.0 {
            let middle = QR_CARD_TOP + QR_CARD / 2;
            let card = ((f64::from(QR_CARD) * (0.4 + 0.6 * grow)).round() as i32).max(2);
            f.rect(CENTER - card / 2, middle - card / 2, card, card, 28, th.card.fade(grow));
            let module = ((f64::from(c.module) * (0.4 + 0.6 * grow)).round() as i32).clamp(1, c.module);
            let side = module * (c.qr.width() + 2 * QUIET_ZONE) as i32;
            let bounds = Bounds { x: CENTER - side / 2, y: middle - side / 2, w: side, h: side };
            f.items.push(Item::Qr { bounds, module, code: c.qr.clone(), color: th.ink.fade(grow) });
        }
        f.enter(&c.caption, CENTER, 1100, Align::Center, th.ink, ease(t, 0.6, 0.4));
        // Then who to write to: the number rises in a moment later.
        let p = ease(t, 0.9, 0.5);
        if let Some(write_us) = &c.write_us {
            f.enter(write_us, CENTER, 1220, Align::Center, th.muted, p);
        }
        if let Some(phone) = &c.phone {
            f.enter(phone, CENTER, 1330, Align::Center, th.accent, ease(t, 1.0, 0.5));
        }
        if let Some(email) = &c.email {
            f.enter(email, CENTER, 1420, Align::Center, th.muted, ease(t, 1.1, 0.5));
        }
        let p = ease(t, 1.2, 0.5);
        if p > 0.0 {
            f.rect(MARGIN, 1580, CONTENT_W, 2, 0, th.divider.fade(p));
        }
        f.enter(&c.org, CENTER, 1690, Align::Center, th.ink, p);
        f.enter(&c.number, CENTER, 1770, Align::Center, th.muted, p);
        f
    }
}

/// `amount × progress`, formatted in `currency` and the quote's language
/// (the count-up of a total).
fn counted(amount: Decimal, progress: f64, currency: Currency, spanish: bool) -> String {
    let milli = (progress.clamp(0.0, 1.0) * 1000.0).round() as i64;
    let value = if milli >= 1000 { amount } else { amount * Decimal::new(milli, 3) };
    format_money(value, currency, spanish)
}

/// Splits `total` tenths of a second in proportion to `weights`, in whole
/// tenths that add up exactly.
fn split_tenths(total: u32, weights: &[usize]) -> Vec<u32> {
    let sum: usize = weights.iter().sum::<usize>().max(1);
    let mut out = Vec::with_capacity(weights.len());
    let (mut acc_w, mut acc_t) = (0usize, 0u32);
    for w in weights {
        acc_w += w;
        let until = (u64::from(total) * acc_w as u64 / sum as u64) as u32;
        out.push(until - acc_t);
        acc_t = until;
    }
    out
}

impl Page {
    fn cards(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r, Row::Card { .. })).count()
    }

    /// Times the cards one after another over `seconds`, leaving a hold at
    /// the end; a room's name appears with its first card.
    fn schedule(&mut self, seconds: f64) {
        let cards = self.cards().max(1) as f64;
        let step = ((seconds - 0.4 - CARD_IN - 0.8) / cards).clamp(0.1, 0.6);
        let mut next = 0.3;
        let mut pending_room = None;
        for row in &mut self.rows {
            match row {
                Row::Room { appear, .. } => pending_room = Some(appear),
                Row::Card { appear, .. } => {
                    *appear = next;
                    if let Some(room) = pending_room.take() {
                        *room = next;
                    }
                    next += step;
                }
            }
        }
    }
}

/// The lines, by room, on as many pages as they need.
fn paginate(input: &QuoteVideoInput, labels: &Labels) -> Vec<Page> {
    let doc = &input.document;
    let mut pages = Vec::new();
    let new_page = || Page { title: Line::fitted(labels.details, Style::bold(60), CONTENT_W), indicator: None, rows: Vec::new() };
    let mut page = new_page();
    let mut y = LIST_TOP;
    let mut current_room: Option<usize> = None;
    for line in &doc.breakdown.lines {
        let room = doc.input.rooms.get(line.room_index);
        let opening = room.and_then(|r| r.openings.get(line.opening_index));
        let new_room = current_room != Some(line.room_index);
        let needs = if new_room { ROOM_ROW_H } else { 0 } + CARD_H;
        let mut continued = false;
        if y + needs > LIST_BOTTOM && !page.rows.is_empty() {
            pages.push(std::mem::replace(&mut page, new_page()));
            y = LIST_TOP;
            continued = !new_room;
        }
        if new_room || continued || page.rows.is_empty() {
            let mut name = normalize(&line.room);
            if let Some(room) = room.filter(|_| doc.automotive.is_none()) {
                name = format!("{name} · {}", labels.floor(room.floor));
            }
            if continued {
                name = format!("{name} {}", labels.continued);
            }
            page.rows.push(Row::Room { y, name: Line::fitted(&name, Style::bold(44), CONTENT_W), appear: 0.0 });
            y += ROOM_ROW_H;
            current_room = Some(line.room_index);
        }
        let amount = Line::new(format_money(line.total, doc.currency, labels.spanish), Style::bold(46));
        // A vehicle's lines are its glass (front left…), not openings.
        let glass = doc.automotive.as_ref().and_then(|a| a.position(line.opening_index));
        let mut what = glass.map_or_else(|| line.kind.label(labels.spanish), |g| g.label(if labels.spanish { "es" } else { "en" })).to_owned();
        if let Some(o) = opening.filter(|o| o.quantity > 1) {
            what = format!("{what} ×{}", o.quantity);
        }
        let inner = CONTENT_W - 2 * CARD_PAD;
        let quantity = labels.quantity(line.qty, line.unit);
        let detail = match opening {
            Some(o) => format!("{} · {quantity}", labels.size(o.width_m, o.height_m, line.unit)),
            None => quantity,
        };
        let film = doc.film(&line.sku).map_or(line.sku.as_str(), |f| f.name(&doc.language));
        page.rows.push(Row::Card {
            y,
            what: Line::fitted(&what, Style::bold(46), inner),
            film: Line::fitted(film, Style::regular(40), inner - amount.width - 24),
            amount,
            detail: Line::fitted(&detail, Style::regular(40), inner),
            appear: 0.0,
        });
        y += CARD_H + CARD_GAP;
    }
    pages.push(page);
    pages
}

fn totals_layout(input: &QuoteVideoInput, labels: &Labels) -> TotalsLayout {
    let doc = &input.document;
    let q = &doc.breakdown;
    let mut rows = vec![(labels.subtotal.to_owned(), q.subtotal)];
    if !q.discount.is_zero() {
        rows.push((labels.discount(q.discount_rate), -q.discount));
    }
    rows.push((labels.tax(q.tax_rate, &doc.org.country), q.tax));
    let inner = CONTENT_W - 80;
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, amount))| {
            let widest = fonts().width(&format_money(amount, doc.currency, labels.spanish), Style::bold(TOTAL_ROW_PX));
            let room = inner - widest - 24;
            let size = fit_size(&label, Face::Regular, TOTAL_ROW_PX, MIN_TEXT_PX, room);
            TotalRow { label: Line::fitted(&label, Style::regular(size), room), amount, start: 0.3 + 0.35 * i as f64 }
        })
        .collect::<Vec<_>>();
    let total_start = 0.5 + 0.35 * rows.len() as f64;
    let total_text = format_money(q.total, doc.currency, labels.spanish);
    let total_style = Style::bold(fit_size(&total_text, Face::Bold, 150, 48, CONTENT_W - 96));
    TotalsLayout {
        title: Line::fitted(labels.summary, Style::bold(64), CONTENT_W),
        rows,
        area: (q.area_m2 > Decimal::ZERO).then(|| Line::fitted(&labels.area(q.area_m2), Style::regular(44), CONTENT_W)),
        total_label: Line::fitted(labels.total, Style::bold(60), CONTENT_W - 96),
        total: q.total,
        total_style,
        total_start,
        currency: doc.currency,
        spanish: labels.spanish,
    }
}

fn cta_layout(input: &QuoteVideoInput, labels: &Labels, title: &str, qr: QrMatrix) -> CtaLayout {
    let doc = &input.document;
    let validity = match &input.valid_until {
        Some(day) => labels.valid_until(day),
        None => labels.priced_on(&doc.priced_on),
    };
    let module = ((QR_CARD - 40) / (qr.width() + 2 * QUIET_ZONE) as i32).max(1);
    let phone = normalize(&doc.org.phone);
    let email = normalize(&doc.org.email);
    let phone_line = (!phone.is_empty()).then(|| {
        let size = fit_size(&phone, Face::Bold, 88, 48, CONTENT_W);
        Line::fitted(&phone, Style::bold(size), CONTENT_W)
    });
    CtaLayout {
        validity: Line::fitted(&validity, Style::bold(48), CONTENT_W - 80),
        qr: Arc::new(qr),
        module,
        caption: Line::fitted(labels.scan_qr, Style::regular(46), CONTENT_W),
        write_us: phone_line.as_ref().map(|_| Line::fitted(labels.write_us, Style::regular(46), CONTENT_W)),
        phone: phone_line,
        email: (!email.is_empty()).then(|| Line::fitted(&email, Style::regular(44), CONTENT_W)),
        org: Line::fitted(&doc.org.name, Style::bold(56), CONTENT_W),
        number: Line::fitted(title, Style::regular(44), CONTENT_W),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::demo_quote_video_input;

    /// Every text box of every frame lies inside the frame's margins.
    fn assert_text_inside(board: &Storyboard, what: &str) {
        for frame in 0..board.frames() {
            for item in board.items(frame) {
                if let Item::Text(run) = &item {
                    let b = run.bounds();
                    assert!(
                        b.x >= MARGIN && b.right() <= WIDTH as i32 - MARGIN && b.y >= MARGIN && b.bottom() <= HEIGHT as i32 - MARGIN,
                        "{what}: frame {frame} ({:?}): {:?} at {b:?} leaves the margins",
                        board.scene_at(frame),
                        run.text
                    );
                    assert_eq!(run.width, fonts().width(&run.text, run.style), "{what}: measured width");
                }
            }
        }
    }

    #[test]
    fn a_40_line_quote_is_paginated_and_every_text_box_stays_inside_the_frame() {
        let input = demo_quote_video_input("es", 40);
        assert_eq!(input.document.breakdown.lines.len(), 40);
        let board = Storyboard::new(&input, 1.0).expect("storyboard");
        assert!(board.page_count() >= 4, "40 lines need several pages, got {}", board.page_count());
        assert_eq!(board.frames(), 30 * FPS, "40 lines: the 30 s cap");
        assert_text_inside(&board, "40 lines");
        // Every line is on some page, once.
        let cards: usize = board.pages.iter().map(Page::cards).sum();
        assert_eq!(cards, 40);
        // Every card ends above the list's bottom.
        for page in &board.pages {
            for row in &page.rows {
                if let Row::Card { y, .. } = row {
                    assert!(y + CARD_H <= LIST_BOTTOM);
                }
            }
        }
    }

    #[test]
    fn long_names_addresses_and_amounts_stay_inside_the_frame() {
        let mut input = demo_quote_video_input("en", 12);
        let long = "Wolfeschlegelsteinhausenbergerdorff Rodríguez de la Santísima Trinidad ".repeat(5);
        input.document.org.name = long.chars().take(300).collect();
        input.document.contact.name = long.chars().take(300).collect();
        input.document.contact.address = long.repeat(2);
        input.document.contact.commune = long.clone();
        input.document.org.email = format!("{}@example.com", "a".repeat(200));
        input.document.org.phone = "+56 9 1234 5678 ext. 99999999999999".into();
        input.document.number = "COT-2026-".to_owned() + &"9".repeat(100);
        input.document.input.rooms[0].name = long.clone();
        for line in &mut input.document.breakdown.lines {
            line.room = long.clone();
            line.total = Decimal::new(99_999_999_999_999, 2);
        }
        input.document.breakdown.total = Decimal::new(99_999_999_999_999_999, 2);
        input.document.breakdown.subtotal = Decimal::new(99_999_999_999_999_999, 2);
        for film in &mut input.document.films {
            film.name_en = long.clone();
        }
        let board = Storyboard::new(&input, 1.0).expect("storyboard");
        assert_text_inside(&board, "long texts");
    }

    #[test]
    fn the_video_lasts_20_to_30_seconds_growing_with_the_lines() {
        let seconds = |lines| Storyboard::new(&demo_quote_video_input("es", lines), 1.0).expect("storyboard").frames() as f64 / f64::from(FPS);
        assert_eq!(seconds(1), 20.0);
        let seven = seconds(7);
        assert!(seven > 20.0 && seven < 30.0, "{seven}");
        assert!(seconds(10) > seven);
        assert_eq!(seconds(40), 30.0);
        assert_eq!(seconds(100), 30.0);
    }

    #[test]
    fn scenes_come_in_order_and_a_faster_pace_keeps_the_story() {
        let input = demo_quote_video_input("es", 7);
        let board = Storyboard::new(&input, 1.0).expect("storyboard");
        assert_eq!(board.scene_at(0), Scene::Brand);
        assert_eq!(board.scene_at(FPS), Scene::Brand, "the thumbnail's frame (1 s) is in the brand scene");
        let order = [Scene::Brand, Scene::Customer, Scene::Lines { page: 0 }, Scene::Totals, Scene::CallToAction];
        let starts: Vec<u32> = order.iter().map(|s| board.first_frame_of(*s).expect("scene present")).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        assert_eq!(board.scene_at(board.frames() - 1), Scene::CallToAction);
        let quick = Storyboard::new(&input, 0.1).expect("storyboard");
        assert!(quick.frames() < board.frames() / 5 && quick.frames().is_multiple_of(3));
        assert_eq!(quick.items(quick.frames() - 1), board.items(board.frames() - 1), "same final frame");
    }

    #[test]
    fn holds_repeat_the_same_display_list() {
        let board = Storyboard::new(&demo_quote_video_input("es", 3), 1.0).expect("storyboard");
        let unique = (1..board.frames()).filter(|&f| board.items(f) != board.items(f - 1)).count();
        assert!(unique < board.frames() as usize / 2, "{unique} of {} frames differ from the previous one", board.frames());
    }

    #[test]
    fn totals_count_up_to_the_real_amounts() {
        let input = demo_quote_video_input("es", 7);
        let board = Storyboard::new(&input, 1.0).expect("storyboard");
        let texts = |frame| -> Vec<String> {
            board.items(frame).into_iter().filter_map(|i| if let Item::Text(r) = i { Some(r.text.to_string()) } else { None }).collect()
        };
        let start = board.first_frame_of(Scene::Totals).expect("totals");
        let end = board.first_frame_of(Scene::CallToAction).expect("cta") - 1;
        let q = &input.document.breakdown;
        let total = format_money(q.total, input.document.currency, true);
        assert!(total.contains(','), "Spanish money: {total}");
        assert!(texts(end).contains(&total), "{:?} lacks {total}", texts(end));
        assert!(texts(end).contains(&format_money(-q.discount, input.document.currency, true)), "the discount shows");
        assert!(!texts(start + 20).contains(&total), "still counting");
    }

    /// Every text of every frame is drawn at least [`MIN_TEXT_PX`] high.
    fn assert_text_large(board: &Storyboard, what: &str) {
        for frame in 0..board.frames() {
            for item in board.items(frame) {
                if let Item::Text(run) = &item {
                    assert!(run.style.size >= MIN_TEXT_PX, "{what}: frame {frame}: {:?} at {} px", run.text, run.style.size);
                    assert!(run.bounds().h >= i32::from(MIN_TEXT_PX), "{what}: frame {frame}: {:?} is {} px high", run.text, run.bounds().h);
                }
            }
        }
    }

    #[test]
    fn text_is_large_enough_for_a_phone_in_every_scene() {
        assert!(MIN_TEXT_PX >= 40, "about 15 px on a 390 px wide screen");
        for (lang, lines) in [("es", 1), ("en", 7), ("es", 40)] {
            let board = Storyboard::new(&demo_quote_video_input(lang, lines), 1.0).expect("storyboard");
            assert_text_large(&board, &format!("{lang} {lines} lines"));
        }
        // Long texts are shortened, never shrunk below the minimum.
        let mut input = demo_quote_video_input("es", 5);
        input.document.org.phone = "+56 9 1234 5678 anexo 4455 (de lunes a viernes, de 9 a 18 horas)".into();
        input.document.breakdown.total = Decimal::new(99_999_999_999_999_999, 2);
        let board = Storyboard::new(&input, 1.0).expect("storyboard");
        assert_text_large(&board, "long phone and total");
        assert_text_inside(&board, "long phone and total");
        // Headings are larger than the body: the total and the organisation's name stand out.
        let sizes = |scene: Scene| -> Vec<u16> {
            let frame = board.first_frame_of(scene).expect("scene") + 89;
            board.items(frame).into_iter().filter_map(|i| if let Item::Text(r) = i { Some(r.style.size) } else { None }).collect()
        };
        assert!(sizes(Scene::Brand).iter().max() >= Some(&84), "{:?}", sizes(Scene::Brand));
        assert!(sizes(Scene::Lines { page: 0 }).iter().max() >= Some(&48), "{:?}", sizes(Scene::Lines { page: 0 }));
    }

    #[test]
    fn the_qr_scene_is_short_and_animated_and_the_time_goes_to_the_lines() {
        for lines in [1, 7, 40] {
            let board = Storyboard::new(&demo_quote_video_input("es", lines), 1.0).expect("storyboard");
            let start = board.first_frame_of(Scene::CallToAction).expect("cta");
            let seconds = f64::from(board.frames() - start) / f64::from(FPS);
            assert!(seconds <= f64::from(CTA_MAX_TENTHS) / 10.0, "{lines} lines: the QR shows for {seconds} s");
            let lines_start = board.first_frame_of(Scene::Lines { page: 0 }).expect("lines");
            let lines_seconds = f64::from(board.first_frame_of(Scene::Totals).expect("totals") - lines_start) / f64::from(FPS);
            assert!(lines_seconds >= 5.5, "{lines} lines: {lines_seconds} s of lines");
            // The code grows into place: smaller early in the scene than at its end.
            let qr_side = |frame| {
                board.items(frame).into_iter().find_map(|i| if let Item::Qr { bounds, .. } = i { Some(bounds.w) } else { None })
            };
            let (early, last) = (qr_side(start + 10).expect("QR on screen at 1/3 s"), qr_side(board.frames() - 1).expect("QR at the end"));
            assert!(early < last, "{early} then {last}");
            // The phone number comes in after the code.
            let texts = |frame| -> Vec<String> {
                board.items(frame).into_iter().filter_map(|i| if let Item::Text(r) = i { Some(r.text.to_string()) } else { None }).collect()
            };
            let phone = normalize(&demo_quote_video_input("es", lines).document.org.phone);
            assert!(!texts(start + 10).contains(&phone) && texts(board.frames() - 1).contains(&phone));
        }
    }

    #[test]
    fn the_logo_goes_above_the_name_inside_the_frame_away_from_the_brand_spot() {
        let mut bytes = Vec::new();
        image::RgbaImage::from_pixel(800, 400, image::Rgba([10, 20, 30, 255]))
            .write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png)
            .expect("png");
        let logo = Arc::new(Logo::decode(&bytes).expect("logo"));
        let mut input = demo_quote_video_input("es", 3);
        input.document.org.name = "Láminas y Polarizados del Pacífico Sur Limitada".into();
        let board = Storyboard::with_logo(&input, Some(logo), 1.0).expect("storyboard");
        let items = board.items(FPS);
        let image = items.iter().find_map(|i| if let Item::Image { bounds, .. } = i { Some(*bounds) } else { None }).expect("the logo");
        let name_top = items
            .iter()
            .filter_map(|i| if let Item::Text(r) = i { Some(r.bounds().y) } else { None })
            .min()
            .expect("the name");
        assert!(image.bottom() < name_top, "logo {image:?} above the name at {name_top}");
        assert!(image.x >= MARGIN && image.y >= MARGIN && image.right() <= WIDTH as i32 - MARGIN);
        let (sx, sy) = (BRAND_SPOT.0 as i32, BRAND_SPOT.1 as i32);
        assert!(!(image.x <= sx && sx < image.right() && image.y <= sy && sy < image.bottom()));
        assert_text_inside(&board, "with a logo");
        // Without a logo, the same video has none.
        let plain = Storyboard::new(&input, 1.0).expect("storyboard");
        assert!(!plain.items(FPS).iter().any(|i| matches!(i, Item::Image { .. })));
    }

    #[test]
    fn bad_input_is_refused() {
        let mut input = demo_quote_video_input("es", 3);
        input.brand_color = "teal".into();
        assert!(matches!(Storyboard::new(&input, 1.0), Err(RenderError::InvalidInput(_))));
        let mut input = demo_quote_video_input("es", 3);
        input.quote_url = "https://x/".to_owned() + &"a".repeat(4000);
        assert!(matches!(Storyboard::new(&input, 1.0), Err(RenderError::InvalidInput(_))));
        let mut input = demo_quote_video_input("es", 3);
        input.document.breakdown.lines.clear();
        assert!(matches!(Storyboard::new(&input, 1.0), Err(RenderError::InvalidInput(_))));
    }
}
