//! Attendance charts: vertical columns with their values printed on top — the share of people
//! at each session, and how many people came to each number of sessions (completers
//! highlighted, the completion threshold marked).

use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, BLUE, DrawResult, GRID, Header, INK, LABEL_PX, LegendItem, MARGIN, MUTED, PLAIN_MARK, SMALL_PX, Swatch,
    WIDTH, bold_style, draw_note, number, render, text_style, text_width, ticks,
};

/// A column chart in words: built by the report, drawn here.
#[derive(Debug, Clone)]
pub struct ColumnChart {
    /// Chart title.
    pub title: String,
    /// A line under the title.
    pub subtitle: String,
    /// What the columns are (`Session`).
    pub x_axis: String,
    /// What their height is (`People who came`).
    pub y_axis: String,
    /// The top of the value axis (1 for shares).
    pub y_max: f64,
    /// Whether values are shares, ticked as percentages.
    pub percent: bool,
    /// The columns from left to right.
    pub columns: Vec<Column>,
    /// Legend labels of highlighted and plain columns, when both kinds are drawn.
    pub legend: Option<(String, String)>,
    /// A dashed line just left of column `index`, with its label (the completion threshold).
    pub threshold: Option<(usize, String)>,
}

/// One column.
#[derive(Debug, Clone)]
pub struct Column {
    /// The label under the column (`3`).
    pub label: String,
    /// Its height on the value axis.
    pub value: f64,
    /// The text printed on top (`14 (93%)`).
    pub text: String,
    /// Drawn in the main colour (else grey).
    pub highlight: bool,
}

const PLOT_HEIGHT: i32 = 230;
const BOTTOM: i32 = 64;

/// The chart of `chart` as SVG text, with `alt` as its accessible name.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn columns(chart: &ColumnChart, alt: &str) -> Result<String, String> {
    let legend = chart
        .legend
        .iter()
        .flat_map(|(main, plain)| {
            [
                LegendItem { swatch: Swatch::Fill(BLUE), label: main.clone() },
                LegendItem { swatch: Swatch::Fill(PLAIN_MARK), label: plain.clone() },
            ]
        })
        .collect();
    let header = Header::new(&chart.title, &chart.subtitle, legend, WIDTH);
    let top = header.height();
    if chart.columns.is_empty() {
        return render((WIDTH, (top + 70) as u32), alt, &chart.title, |root| {
            header.draw(root)?;
            draw_note(root, "No attendance to show.", (WIDTH as i32 / 2, top + 24))
        });
    }
    let height = top + 24 + PLOT_HEIGHT + BOTTOM + MARGIN;
    render((WIDTH, height as u32), alt, &chart.title, |root| {
        header.draw(root)?;
        draw_columns(root, chart, top + 24)
    })
}

fn draw_columns(root: &Area<'_>, chart: &ColumnChart, top: i32) -> DrawResult {
    let bottom = top + PLOT_HEIGHT;
    let y_max = if chart.y_max.is_finite() && chart.y_max > 0.0 { chart.y_max } else { 1.0 };
    let (values, _) = ticks(0.0, y_max, 4);
    let tick_text = |v: f64| if chart.percent { format!("{}%", number(v * 100.0, 0)) } else { number(v, 0) };
    let tick_values: Vec<f64> = values.into_iter().filter(|v| chart.percent || v.fract() == 0.0).collect();
    let tick_w = tick_values.iter().map(|&v| text_width(&tick_text(v), LABEL_PX)).fold(0.0, f64::max);
    let x0 = MARGIN + 28 + tick_w.ceil() as i32 + 8;
    let x1 = WIDTH as i32 - MARGIN;
    let y_of = |v: f64| bottom - ((v / y_max).clamp(0.0, 1.0) * f64::from(PLOT_HEIGHT)).round() as i32;

    for &v in &tick_values {
        let y = y_of(v);
        root.draw(&PathElement::new([(x0, y), (x1, y)], GRID.stroke_width(1)))?;
        root.draw(&Text::new(tick_text(v), (x0 - 6, y), text_style(LABEL_PX, INK, HPos::Right, VPos::Center)))?;
    }
    let y_desc = text_style(LABEL_PX, INK, HPos::Center, VPos::Center).transform(FontTransform::Rotate270);
    root.draw(&Text::new(chart.y_axis.as_str(), (MARGIN + 6, (top + bottom) / 2), y_desc))?;

    let slots = chart.columns.len() as i32;
    let slot = f64::from(x1 - x0) / f64::from(slots);
    let bar = (slot * 0.7).clamp(1.0, 56.0);
    // With many columns only every `every`-th is labelled, so that labels never overlap.
    let widest = chart.columns.iter().map(|c| text_width(&c.label, LABEL_PX)).fold(0.0, f64::max);
    let every = ((widest + 8.0) / slot).ceil().max(1.0) as usize;
    for (i, column) in chart.columns.iter().enumerate() {
        let centre = x0 + (slot * (i as f64 + 0.5)).round() as i32;
        let half = (bar / 2.0).round() as i32;
        let colour = if column.highlight { BLUE } else { PLAIN_MARK };
        let y = y_of(column.value);
        if y < bottom {
            root.draw(&Rectangle::new([(centre - half, y), (centre + half, bottom)], colour.filled()))?;
        }
        let label_style = bold_style(SMALL_PX, INK, HPos::Center, VPos::Bottom);
        if text_width(&column.text, SMALL_PX) * 1.13 <= slot - 2.0 {
            root.draw(&Text::new(column.text.as_str(), (centre, y - 4), label_style))?;
        }
        if i % every == 0 {
            let style = text_style(LABEL_PX, INK, HPos::Center, VPos::Top);
            root.draw(&Text::new(column.label.as_str(), (centre, bottom + 8), style))?;
        }
    }
    root.draw(&PathElement::new([(x0, bottom), (x1, bottom)], AXIS.stroke_width(1)))?;
    let style = text_style(LABEL_PX, INK, HPos::Center, VPos::Top);
    root.draw(&Text::new(chart.x_axis.as_str(), ((x0 + x1) / 2, bottom + 34), style))?;

    if let Some((index, label)) = &chart.threshold {
        let x = x0 + (slot * *index as f64).round() as i32;
        root.draw(&DashedPathElement::new([(x, top - 14), (x, bottom)], 5, 4, MUTED.stroke_width(2)))?;
        let style = text_style(SMALL_PX, MUTED, HPos::Left, VPos::Center);
        root.draw(&Text::new(label.as_str(), (x + 6, top - 12), style))?;
    }
    Ok(())
}
