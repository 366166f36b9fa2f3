//! Horizontal stacked bars with row labels on the left, counts inside the segments and the total
//! on the right: the drawing shared by the reliable change and band charts.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, DrawResult, GRID, Header, INK, LABEL_PX, MARGIN, MUTED, SMALL_PX, WIDTH, bold_style, draw_note, ink_on,
    number, render, text_style, text_width, ticks, wrap,
};

/// One segment of a bar.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Segment {
    pub count: usize,
    pub colour: RGBColor,
}

/// One bar and its label.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub label: String,
    pub segments: Vec<Segment>,
}

/// How bar lengths are measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scale {
    /// Every bar is 100%: segments show shares of the row's people.
    Percent,
    /// Bars are as long as their number of people.
    Count,
}

/// A whole stacked bar chart.
pub(crate) struct Stacked<'a> {
    pub header: Header,
    pub rows: Vec<Row>,
    pub scale: Scale,
    /// The x axis description.
    pub axis: &'a str,
    /// Shown instead of bars when there are no rows.
    pub empty: &'a str,
}

const BAR_HEIGHT: i32 = 28;
const LINE: i32 = 18;
const AXIS_HEIGHT: i32 = 56;
/// Row labels may take up to this share of the width before they wrap.
const MAX_LABEL_SHARE: f64 = 0.4;

/// Draw `chart` as SVG text with `alt` as its accessible name; `what` names it in errors.
pub(crate) fn draw(chart: &Stacked<'_>, alt: &str, what: &str) -> Result<String, String> {
    let top = chart.header.height();
    if chart.rows.is_empty() {
        let height = (top + 70) as u32;
        return render((WIDTH, height), alt, what, |root| {
            chart.header.draw(root)?;
            draw_note(root, chart.empty, (WIDTH as i32 / 2, top + 24))
        });
    }
    let layout = Layout::new(chart);
    let height = (top + layout.rows_height() + AXIS_HEIGHT + 10) as u32;
    render((WIDTH, height), alt, what, |root| {
        chart.header.draw(root)?;
        draw_bars(root, chart, &layout, top)
    })
}

/// Horizontal positions and wrapped labels.
struct Layout {
    labels: Vec<Vec<String>>,
    /// Where the bars start and end.
    x0: i32,
    x1: i32,
    /// The largest row total (bars' full length on the count scale).
    most: usize,
}

impl Layout {
    fn new(chart: &Stacked<'_>) -> Layout {
        let totals = chart.rows.iter().map(total);
        let most = totals.clone().max().unwrap_or(0);
        let n_width = totals.map(|t| text_width(&format!("n = {t}"), SMALL_PX)).fold(0.0, f64::max);
        let max_label = f64::from(WIDTH) * MAX_LABEL_SHARE;
        let longest = chart.rows.iter().map(|r| text_width(&r.label, LABEL_PX)).fold(0.0, f64::max);
        let label_width = longest.clamp(40.0, max_label);
        let labels = chart.rows.iter().map(|r| wrap(&r.label, LABEL_PX, label_width, 3)).collect();
        let x0 = MARGIN + label_width.ceil() as i32 + 12;
        let x1 = WIDTH as i32 - MARGIN - n_width.ceil() as i32 - 10;
        Layout { labels, x0, x1, most }
    }

    /// Height of a row holding a label of `lines` lines.
    fn pitch(lines: usize) -> i32 {
        (lines as i32 * LINE + 14).max(BAR_HEIGHT + 16)
    }

    fn rows_height(&self) -> i32 {
        self.labels.iter().map(|l| Self::pitch(l.len())).sum()
    }

    /// The full length of a bar of `total` people, in people.
    fn full(&self, scale: Scale, total: usize) -> f64 {
        match scale {
            Scale::Percent => total as f64,
            Scale::Count => self.most as f64,
        }
    }

    /// Pixel position of `value` along a bar whose full length is `full`.
    fn x(&self, value: f64, full: f64) -> i32 {
        let share = if full > 0.0 { (value / full).clamp(0.0, 1.0) } else { 0.0 };
        self.x0 + (share * f64::from(self.x1 - self.x0)).round() as i32
    }
}

fn total(row: &Row) -> usize {
    row.segments.iter().map(|s| s.count).sum()
}

fn draw_bars(root: &Area<'_>, chart: &Stacked<'_>, layout: &Layout, top: i32) -> DrawResult {
    let bottom = top + layout.rows_height();
    // Axis ticks: quarters on the percent scale, round numbers of people on the count scale.
    let axis_ticks: Vec<(f64, String)> = match chart.scale {
        Scale::Percent => (0..=4).map(|q| (f64::from(q) * 0.25, format!("{}%", q * 25))).collect(),
        Scale::Count if layout.most == 0 => vec![(0.0, "0".into())],
        Scale::Count => {
            let most = layout.most as f64;
            let (values, _) = ticks(0.0, most, 5);
            values.into_iter().filter(|v| v.fract() == 0.0).map(|v| (v / most, number(v, 0))).collect()
        }
    };
    for (share, _) in &axis_ticks {
        let x = layout.x(*share, 1.0);
        root.draw(&PathElement::new([(x, top - 4), (x, bottom + 4)], GRID.stroke_width(1)))?;
    }

    let mut y = top;
    for (row, lines) in chart.rows.iter().zip(&layout.labels) {
        let pitch = Layout::pitch(lines.len());
        let mid = y + pitch / 2;
        let first = mid - (lines.len() as i32 - 1) * LINE / 2;
        for (i, line) in lines.iter().enumerate() {
            let style = text_style(LABEL_PX, INK, HPos::Right, VPos::Center);
            root.draw(&Text::new(line.as_str(), (layout.x0 - 12, first + i as i32 * LINE), style))?;
        }
        draw_row(root, chart.scale, layout, row, mid)?;
        y += pitch;
    }

    root.draw(&PathElement::new([(layout.x0, top - 4), (layout.x0, bottom + 4)], AXIS.stroke_width(1)))?;
    for (share, label) in &axis_ticks {
        let x = layout.x(*share, 1.0);
        root.draw(&PathElement::new([(x, bottom + 4), (x, bottom + 9)], AXIS.stroke_width(1)))?;
        let style = text_style(LABEL_PX, INK, HPos::Center, VPos::Top);
        root.draw(&Text::new(label.as_str(), (x, bottom + 12), style))?;
    }
    let centre = (layout.x0 + layout.x1) / 2;
    let style = text_style(LABEL_PX, INK, HPos::Center, VPos::Top);
    root.draw(&Text::new(chart.axis, (centre, bottom + 34), style))?;
    Ok(())
}

/// One bar centred on `mid`, its segment counts and its total.
fn draw_row(root: &Area<'_>, scale: Scale, layout: &Layout, row: &Row, mid: i32) -> DrawResult {
    let (y0, y1) = (mid - BAR_HEIGHT / 2, mid + BAR_HEIGHT / 2);
    let total = total(row);
    if total == 0 {
        let note = "No one measured";
        let x1 = match scale {
            Scale::Percent => layout.x1,
            Scale::Count => layout.x0 + (text_width(note, SMALL_PX) as i32 + 20).min(layout.x1 - layout.x0),
        };
        root.draw(&Rectangle::new([(layout.x0, y0), (x1, y1)], GRID.stroke_width(1)))?;
        let style = text_style(SMALL_PX, MUTED, HPos::Left, VPos::Center);
        root.draw(&Text::new(note, (layout.x0 + 8, mid), style))?;
        return Ok(());
    }
    let full = layout.full(scale, total);
    let mut before = 0;
    for segment in &row.segments {
        let (a, b) = (layout.x(before as f64, full), layout.x((before + segment.count) as f64, full));
        before += segment.count;
        if segment.count == 0 {
            continue;
        }
        root.draw(&Rectangle::new([(a, y0), (b, y1)], segment.colour.filled()))?;
        if a > layout.x0 {
            // A white gap tells neighbouring segments apart without relying on colour.
            root.draw(&PathElement::new([(a, y0), (a, y1)], WHITE.stroke_width(2)))?;
        }
        let share = segment.count as f64 / total as f64 * 100.0;
        let long = format!("{} ({}%)", segment.count, number(share, 0));
        let short = segment.count.to_string();
        let room = f64::from(b - a) - 10.0;
        let label = [long, short].into_iter().find(|t| text_width(t, SMALL_PX) <= room);
        if let Some(label) = label {
            let style = bold_style(SMALL_PX, ink_on(segment.colour), HPos::Center, VPos::Center);
            root.draw(&Text::new(label, ((a + b) / 2, mid), style))?;
        }
    }
    let end = layout.x(before as f64, full);
    let style = text_style(SMALL_PX, MUTED, HPos::Left, VPos::Center);
    root.draw(&Text::new(format!("n = {total}"), (end + 8, mid), style))?;
    Ok(())
}
