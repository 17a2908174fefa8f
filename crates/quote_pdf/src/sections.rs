//! The quote, block by block, laid out on pages: the header (organisation,
//! title, status, dates), the customer, one table per room (its header
//! repeated on every page the table continues on), the totals, and the footer
//! of every page (public link, page numbers).
use domain::{QuoteDocument, QuoteLine, QuoteStatus, Unit};

use crate::fonts::Font;
use crate::labels::Labels;
use crate::layout::{ACCENT, BOTTOM, Color, Flow, INK, LEFT, MARGIN, MUTED, Page, RIGHT, RULE, SHADE, Style, WIDTH, baseline};
use crate::text::{fit, wrap};

/// Lays out the whole quote.
pub fn lay_out(
    doc: &QuoteDocument,
    status: QuoteStatus,
    valid_until: Option<&str>,
    public_url: &str,
    logo: Option<(u16, u16)>,
    accent: Color,
) -> Vec<Page> {
    let labels = Labels::for_language(&doc.language);
    let title = labels.title(&doc.number, doc.version);
    let running_head = [doc.org.name.trim(), title.as_str()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>();
    let mut flow = Flow::new(running_head.join(" · "));
    header(&mut flow, doc, labels, &title, status, valid_until, logo, accent);
    customer(&mut flow, doc, labels);
    crate::vehicle::vehicle(&mut flow, doc, labels);
    for group in room_groups(doc) {
        room(&mut flow, doc, labels, &group);
    }
    if doc.input.extreme_weather {
        flow.ensure(14.0);
        let y = baseline(flow.y(), 8.5);
        flow.page().text(LEFT, y, Style::new(Font::Regular, 8.5, MUTED), labels.extreme_weather);
        flow.advance(16.0);
    }
    crate::staff_blocks::extras(&mut flow, doc, labels);
    totals(&mut flow, doc, labels);
    crate::staff_blocks::terms(&mut flow, doc, labels);
    let mut pages = flow.into_pages();
    footers(&mut pages, labels, public_url);
    pages
}

/// Largest box of the logo at the top right, in points.
const LOGO_BOX: (f32, f32) = (140.0, 36.0);

/// Organisation (its logo at the right, if any), contact, title with the
/// status badge, dates.
#[allow(clippy::too_many_arguments)]
fn header(
    flow: &mut Flow,
    doc: &QuoteDocument,
    labels: &Labels,
    title: &str,
    status: QuoteStatus,
    valid_until: Option<&str>,
    logo: Option<(u16, u16)>,
    accent: Color,
) {
    let top = flow.y();
    if let Some((w, h)) = logo {
        // Fit in the box, keeping the aspect ratio; aligned right and top.
        let scale = (LOGO_BOX.0 / f32::from(w)).min(LOGO_BOX.1 / f32::from(h));
        let (w, h) = (f32::from(w) * scale, f32::from(h) * scale);
        flow.page().logo(RIGHT - w, top - h, w, h);
    }
    flow.page().text(LEFT, baseline(top, 18.0), Style::new(Font::Bold, 18.0, accent), &doc.org.name);
    let reach = join_present(&[&doc.org.phone, &doc.org.email]);
    flow.page().text(LEFT, baseline(top - 24.0, 9.0), Style::new(Font::Regular, 9.0, MUTED), &reach);
    flow.advance(42.0);
    let y = flow.y();
    flow.page().rule(LEFT, RIGHT, y, 1.2, accent);
    flow.advance(14.0);

    // Title on the left, the status as a badge on the right.
    let top = flow.y();
    let (fill, ink) = status_colors(status);
    let label = status.label(labels.spanish);
    let badge_w = Font::Bold.width(label, 9.0) + 16.0;
    let page = flow.page();
    page.fill(RIGHT - badge_w, top - 17.0, badge_w, 17.0, fill);
    page.text_right(RIGHT - 8.0, top - 11.6, Style::new(Font::Bold, 9.0, ink), label, badge_w);
    let title = fit(title, Font::Bold, 15.0, WIDTH - badge_w - 12.0);
    page.text(LEFT, baseline(top, 15.0) - 1.0, Style::new(Font::Bold, 15.0, INK), &title);
    flow.advance(24.0);

    let mut dates = vec![labels.priced_on(&doc.priced_on)];
    dates.extend(valid_until.map(|day| labels.valid_until(day)));
    let y = baseline(flow.y(), 9.5);
    flow.page().text(LEFT, y, Style::new(Font::Regular, 9.5, INK), &dates.join("   ·   "));
    flow.advance(26.0);
}

/// Badge background and text colours of a status.
fn status_colors(status: QuoteStatus) -> (Color, Color) {
    match status {
        QuoteStatus::Pending => (Color(0.99, 0.94, 0.82), Color(0.55, 0.36, 0.0)),
        QuoteStatus::Confirmed => (Color(0.87, 0.96, 0.89), Color(0.08, 0.42, 0.18)),
        QuoteStatus::Rejected => (Color(0.99, 0.89, 0.89), Color(0.62, 0.11, 0.11)),
        QuoteStatus::Draft | QuoteStatus::Expired => (SHADE, MUTED),
    }
}

/// A small accent heading with a rule under it.
pub(crate) fn section_heading(flow: &mut Flow, text: &str) {
    let y = baseline(flow.y(), 10.0);
    flow.page().text(LEFT, y, Style::new(Font::Bold, 10.0, ACCENT), text);
    let rule_y = flow.y() - 14.0;
    flow.page().rule(LEFT, RIGHT, rule_y, 0.5, RULE);
    flow.advance(20.0);
}

/// Width of the label column of the customer block.
pub(crate) const FIELD_LABEL: f32 = 80.0;
pub(crate) const FIELD_LEADING: f32 = 12.5;

/// Name, phone, email, address, commune (empty ones left out).
fn customer(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels) {
    let c = &doc.contact;
    let fields = [
        (labels.name, c.name.as_str(), 2),
        (labels.phone, c.phone.as_str(), 1),
        (labels.email, c.email.as_str(), 1),
        (labels.address, c.address.as_str(), 3),
        (labels.commune, c.commune.as_str(), 2),
    ];
    field_block(flow, labels.customer, &fields);
}

/// A headed block of `label  value` rows (value wrapped to at most its
/// number of lines; empty values left out), kept on one page.
pub(crate) fn field_block(flow: &mut Flow, heading: &str, fields: &[(&str, &str, usize)]) {
    let rows: Vec<(&str, Vec<String>)> = fields
        .iter()
        .map(|(label, value, max_lines)| (*label, wrap(value, Font::Regular, 9.5, WIDTH - FIELD_LABEL, *max_lines)))
        .filter(|(_, lines)| !lines.is_empty())
        .collect();
    let height: f32 = 20.0 + rows.iter().map(|(_, lines)| lines.len() as f32 * FIELD_LEADING).sum::<f32>();
    flow.ensure(height);
    section_heading(flow, heading);
    for (label, lines) in rows {
        let top = flow.y();
        flow.page().text(LEFT, baseline(top, 9.5), Style::new(Font::Regular, 8.5, MUTED), label);
        for (i, line) in lines.iter().enumerate() {
            let y = baseline(top - i as f32 * FIELD_LEADING, 9.5);
            flow.page().text(LEFT + FIELD_LABEL, y, Style::new(Font::Regular, 9.5, INK), line);
        }
        flow.advance(lines.len() as f32 * FIELD_LEADING);
    }
    flow.advance(14.0);
}

/// The lines of one room, in input order.
struct RoomGroup<'a> {
    name: &'a str,
    floor: Option<i32>,
    lines: Vec<&'a QuoteLine>,
}

/// The breakdown's lines grouped by room (consecutive lines of the same room index).
fn room_groups(doc: &QuoteDocument) -> Vec<RoomGroup<'_>> {
    let mut groups: Vec<(usize, RoomGroup)> = Vec::new();
    for line in &doc.breakdown.lines {
        match groups.last_mut() {
            Some((index, group)) if *index == line.room_index => group.lines.push(line),
            _ => {
                let room = doc.input.rooms.get(line.room_index);
                let name = room.map_or(line.room.as_str(), |r| r.name.as_str());
                // A vehicle's one room is the car itself: no floor.
                let floor = room.map(|r| r.floor).filter(|_| doc.automotive.is_none());
                let group = RoomGroup { name, floor, lines: vec![line] };
                groups.push((line.room_index, group));
            }
        }
    }
    groups.into_iter().map(|(_, group)| group).collect()
}

/// Column widths of the room tables (they add up to [`WIDTH`]) and whether
/// the column is right-aligned.
const COLUMNS: [(f32, bool); 5] = [(92.0, false), (108.0, false), (WIDTH - 350.0, false), (70.0, true), (80.0, true)];
/// Space between a cell's text and its column edges.
const CELL_PAD: f32 = 4.0;
const ROW_SIZE: f32 = 9.0;
const ROW_LEADING: f32 = 11.5;
const NOTE_SIZE: f32 = 7.5;
const HEADER_SIZE: f32 = 8.0;
const HEADER_LEADING: f32 = 10.0;

/// Left edge of column `i`.
fn column_x(i: usize) -> f32 {
    LEFT + COLUMNS.iter().take(i).map(|(w, _)| w).sum::<f32>()
}

/// Text of column `i` on a line whose baseline is `y`.
fn cell(page: &mut Page, i: usize, y: f32, style: Style, text: &str) {
    let Some(&(width, right)) = COLUMNS.get(i) else { return };
    let Style { font, size, .. } = style;
    let inner = width - 2.0 * CELL_PAD;
    let x = column_x(i);
    if right {
        page.text_right(x + width - CELL_PAD, y, style, text, inner);
    } else {
        page.text(x + CELL_PAD, y, style, &fit(text, font, size, inner));
    }
}

/// One priced opening, ready to draw.
struct Row {
    cells: [Vec<String>; 5],
    notes: String,
}

impl Row {
    fn new(doc: &QuoteDocument, labels: &Labels, line: &QuoteLine) -> Row {
        let opening = doc.input.rooms.get(line.room_index).and_then(|r| r.openings.get(line.opening_index));
        let size = opening.map_or_else(String::new, |o| {
            let across = match line.unit {
                Unit::M2 => format!("{} × {} m", labels.metres(o.width_m), labels.metres(o.height_m)),
                Unit::M => format!("{} m", labels.metres(o.width_m)),
            };
            if o.quantity > 1 { format!("{across} × {}", o.quantity) } else { across }
        });
        let film = doc.film(&line.sku).map_or(line.sku.as_str(), |f| f.name(&doc.language));
        let mut notes = Vec::new();
        if opening.is_some_and(|o| o.curved_glass) {
            notes.push(labels.curved_glass);
        }
        if opening.is_some_and(|o| o.difficult_access) {
            notes.push(labels.difficult_access);
        }
        let inner = |i: usize| COLUMNS.get(i).map_or(0.0, |(w, _)| w - 2.0 * CELL_PAD);
        // A vehicle's lines are its glass (front left…), not openings.
        let glass = doc.automotive.as_ref().and_then(|a| a.position(line.opening_index));
        let what = glass.map_or_else(|| line.kind.label(labels.spanish), |g| g.label(if labels.spanish { "es" } else { "en" }));
        Row {
            cells: [
                wrap(what, Font::Regular, ROW_SIZE, inner(0), 2),
                vec![size],
                wrap(film, Font::Regular, ROW_SIZE, inner(2), 2),
                vec![labels.quantity(line.qty, line.unit)],
                vec![labels.money(line.total, doc.currency)],
            ],
            notes: notes.join(" · "),
        }
    }

    fn height(&self) -> f32 {
        let lines = self.cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
        let notes = if self.notes.is_empty() { 0.0 } else { 10.0 };
        10.0 + lines as f32 * ROW_LEADING + notes
    }

    fn draw(&self, flow: &mut Flow) {
        let top = flow.y() - 5.0;
        let height = self.height();
        let page = flow.page();
        for (i, lines) in self.cells.iter().enumerate() {
            for (j, line) in lines.iter().enumerate() {
                let y = baseline(top - j as f32 * ROW_LEADING, ROW_SIZE);
                cell(page, i, y, Style::new(Font::Regular, ROW_SIZE, INK), line);
            }
        }
        if !self.notes.is_empty() {
            let lines = self.cells.iter().map(Vec::len).max().unwrap_or(1);
            let y = baseline(top - lines as f32 * ROW_LEADING, NOTE_SIZE);
            let notes = fit(&self.notes, Font::Regular, NOTE_SIZE, column_x(3) - LEFT - CELL_PAD);
            page.text(LEFT + CELL_PAD, y, Style::new(Font::Regular, NOTE_SIZE, MUTED), &notes);
        }
        let bottom = flow.y() - height;
        flow.page().rule(LEFT, RIGHT, bottom, 0.5, RULE);
        flow.advance(height);
    }
}

/// A room's heading, its table header and rows; the table continues on new
/// pages under a short heading and the repeated header.
fn room(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels, group: &RoomGroup) {
    let rows: Vec<Row> = group.lines.iter().map(|line| Row::new(doc, labels, line)).collect();
    let floor = group.floor.map(|f| labels.floor(f)).unwrap_or_default();
    let floor_w = Font::Regular.width(&floor, 9.0);
    let name_lines = wrap(group.name, Font::Bold, 11.0, WIDTH - floor_w - 12.0, 3);
    let high = group.floor.is_some_and(|f| f > 3);
    let heading_h = name_lines.len().max(1) as f32 * 14.0 + if high { 12.0 } else { 0.0 } + 4.0;
    let header = table_header_lines(labels);
    let first_row = rows.first().map_or(0.0, Row::height);
    flow.ensure(heading_h + header_height(&header) + first_row);

    let top = flow.y();
    for (i, line) in name_lines.iter().enumerate() {
        let y = baseline(top - i as f32 * 14.0, 11.0);
        flow.page().text(LEFT, y, Style::new(Font::Bold, 11.0, INK), line);
    }
    flow.page().text_right(RIGHT, baseline(top, 11.0), Style::new(Font::Regular, 9.0, MUTED), &floor, WIDTH / 3.0);
    flow.advance(name_lines.len().max(1) as f32 * 14.0);
    if high {
        let y = baseline(flow.y(), 8.0);
        flow.page().text(LEFT, y, Style::new(Font::Regular, 8.0, MUTED), labels.high_floor);
        flow.advance(12.0);
    }
    flow.advance(4.0);
    draw_table_header(flow, &header);

    for row in &rows {
        if flow.ensure(row.height()) {
            let name = fit(group.name, Font::Bold, 10.0, WIDTH * 0.7);
            let heading = format!("{name} {}", labels.continued);
            let y = baseline(flow.y(), 10.0);
            flow.page().text(LEFT, y, Style::new(Font::Bold, 10.0, INK), &heading);
            flow.advance(16.0);
            draw_table_header(flow, &header);
        }
        row.draw(flow);
    }
    flow.advance(16.0);
}

/// The column titles, wrapped to their columns (at most 2 lines each).
fn table_header_lines(labels: &Labels) -> [Vec<String>; 5] {
    let titles = [labels.col_opening, labels.col_size, labels.col_film, labels.col_qty, labels.col_total];
    let mut i = 0;
    titles.map(|title| {
        let inner = COLUMNS.get(i).map_or(0.0, |(w, _)| w - 2.0 * CELL_PAD);
        i += 1;
        wrap(title, Font::Bold, HEADER_SIZE, inner, 2)
    })
}

fn header_height(lines: &[Vec<String>; 5]) -> f32 {
    lines.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * HEADER_LEADING + 8.0
}

fn draw_table_header(flow: &mut Flow, lines: &[Vec<String>; 5]) {
    let height = header_height(lines);
    let top = flow.y();
    let page = flow.page();
    page.fill(LEFT, top - height, WIDTH, height, SHADE);
    for (i, cell_lines) in lines.iter().enumerate() {
        for (j, line) in cell_lines.iter().enumerate() {
            let y = baseline(top - 4.0 - j as f32 * HEADER_LEADING, HEADER_SIZE) - 0.5;
            cell(page, i, y, Style::new(Font::Bold, HEADER_SIZE, MUTED), line);
        }
    }
    flow.advance(height);
}

/// Width of the totals block, at the right of the page.
const TOTALS_WIDTH: f32 = 290.0;

/// Area, subtotal, discount, tax and the total, right-aligned.
fn totals(flow: &mut Flow, doc: &QuoteDocument, labels: &Labels) {
    let b = &doc.breakdown;
    let currency = doc.currency;
    let mut rows: Vec<(String, String)> = Vec::new();
    if !b.area_m2.is_zero() {
        rows.push((labels.area.to_owned(), labels.quantity(b.area_m2, Unit::M2)));
    }
    rows.push((labels.subtotal.to_owned(), labels.money(b.subtotal, currency)));
    if !b.discount.is_zero() {
        rows.push((labels.discount(b.discount_rate), labels.money(-b.discount, currency)));
    }
    rows.extend(crate::staff_blocks::manual_discount_row(doc, labels));
    rows.push((labels.tax(b.tax_rate, &doc.org.country), labels.money(b.tax, currency)));
    let total = labels.money(b.total, currency);
    flow.ensure(rows.len() as f32 * 15.0 + 30.0);

    let left = RIGHT - TOTALS_WIDTH;
    for (label, value) in &rows {
        let y = baseline(flow.y(), 9.5);
        let value_w = Font::Regular.width(value, 9.5);
        let label = fit(label, Font::Regular, 9.5, TOTALS_WIDTH - value_w - 12.0);
        flow.page().text(left, y, Style::new(Font::Regular, 9.5, MUTED), &label);
        flow.page().text_right(RIGHT - 6.0, y, Style::new(Font::Regular, 9.5, INK), value, TOTALS_WIDTH / 2.0);
        flow.advance(15.0);
    }
    flow.advance(3.0);
    let top = flow.y();
    let page = flow.page();
    page.fill(left - 6.0, top - 24.0, TOTALS_WIDTH + 6.0, 24.0, SHADE);
    page.rule(left - 6.0, RIGHT, top, 1.0, ACCENT);
    let y = top - 16.5;
    page.text(left, y, Style::new(Font::Bold, 12.0, INK), labels.total);
    page.text_right(RIGHT - 6.0, y, Style::new(Font::Bold, 12.0, INK), &total, TOTALS_WIDTH - 70.0);
    flow.advance(30.0);
}

/// Footer height above the margin: text baseline and rule.
const FOOTER_BASELINE: f32 = MARGIN + 3.0;
const FOOTER_RULE: f32 = MARGIN + 14.0;
const _: () = assert!(FOOTER_RULE < BOTTOM, "the footer stays below the flowing content");

/// The public link and `Página i de n` at the bottom of every page.
fn footers(pages: &mut [Page], labels: &Labels, public_url: &str) {
    let count = pages.len();
    for (i, page) in pages.iter_mut().enumerate() {
        page.rule(LEFT, RIGHT, FOOTER_RULE, 0.5, RULE);
        let number = labels.page(i + 1, count);
        let number_w = Font::Regular.width(&number, 8.0);
        page.text_right(RIGHT, FOOTER_BASELINE, Style::new(Font::Regular, 8.0, MUTED), &number, WIDTH / 3.0);
        let url = public_url.trim();
        if url.is_empty() {
            continue;
        }
        let text = fit(&format!("{} {url}", labels.view_online), Font::Regular, 8.0, WIDTH - number_w - 24.0);
        let text_w = Font::Regular.width(&text, 8.0);
        page.text(LEFT, FOOTER_BASELINE, Style::new(Font::Regular, 8.0, ACCENT), &text);
        page.link(LEFT, FOOTER_BASELINE - 2.5, text_w, 10.5, url);
    }
}

/// The non-empty parts joined with ` · `.
fn join_present(parts: &[&str]) -> String {
    parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("  ·  ")
}
