//! What the change would be worth at each share credited to the programme: a bar per share,
//! as long as the saving, with the programme's cost as a dashed line to read it against.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, BLUE, DrawResult, GRID, Header, INK, LABEL_PX, LegendItem, MARGIN, MUTED, SMALL_PX, Swatch, WIDTH,
    bold_style, render, text_style, text_width,
};

/// A bar: its label, its value, and the value as the report writes it.
#[derive(Debug, Clone)]
pub struct MoneyBar {
    /// `50% credited`.
    pub label: String,
    /// The saving.
    pub value: f64,
    /// `£62,775`.
    pub text: String,
}

/// The programme's cost and how it is written.
#[derive(Debug, Clone)]
pub struct CostLine {
    /// The cost.
    pub value: f64,
    /// `Programme cost £24,000`.
    pub text: String,
}

const BAR: i32 = 26;
const PITCH: i32 = 44;
const COST: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// The chart as SVG text with `alt` as its accessible name.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn savings(title: &str, bars: &[MoneyBar], cost: Option<&CostLine>, alt: &str) -> Result<String, String> {
    let mut legend = vec![LegendItem { swatch: Swatch::Fill(BLUE), label: "Estimated saving a year".into() }];
    if let Some(cost) = cost {
        legend.push(LegendItem { swatch: Swatch::Dashed(COST), label: cost.text.clone() });
    }
    let header = Header::new(title, "At each share of the change credited to the programme", legend, WIDTH);
    let top = header.height();
    let height = top + PITCH * bars.len() as i32 + 30;
    let label_width = bars.iter().map(|b| text_width(&b.label, LABEL_PX)).fold(0.0, f64::max).ceil() as i32;
    let value_width = bars.iter().map(|b| text_width(&b.text, SMALL_PX)).fold(0.0, f64::max).ceil() as i32;
    let x0 = MARGIN + label_width + 12;
    let x1 = WIDTH as i32 - MARGIN - value_width - 12;
    let values = bars.iter().map(|b| b.value).chain(cost.map(|c| c.value));
    let lo = values.clone().fold(0.0, f64::min);
    let hi = values.fold(0.0, f64::max);
    let span = if hi > lo { hi - lo } else { 1.0 };
    let x = |v: f64| x0 + ((v - lo) / span * f64::from(x1 - x0)).round() as i32;
    render((WIDTH, height as u32), alt, title, |root: &Area<'_>| -> DrawResult {
        header.draw(root)?;
        let bottom = top + PITCH * bars.len() as i32;
        for (i, bar) in bars.iter().enumerate() {
            let mid = top + PITCH * i as i32 + PITCH / 2;
            let style = text_style(LABEL_PX, INK, HPos::Right, VPos::Center);
            root.draw(&Text::new(bar.label.as_str(), (x0 - 12, mid), style))?;
            let (a, b) = (x(0.0), x(bar.value));
            let (left, right) = (a.min(b), a.max(b));
            root.draw(&Rectangle::new([(left, mid - BAR / 2), (right, mid + BAR / 2)], BLUE.filled()))?;
            // The value sits past the bar's end, on the side it grows to.
            let (at, anchor) = if bar.value < 0.0 { (left - 6, HPos::Right) } else { (right + 6, HPos::Left) };
            let style = bold_style(SMALL_PX, INK, anchor, VPos::Center);
            root.draw(&Text::new(bar.text.as_str(), (at, mid), style))?;
        }
        root.draw(&PathElement::new([(x(0.0), top - 4), (x(0.0), bottom + 4)], AXIS.stroke_width(1)))?;
        if let Some(cost) = cost {
            let cx = x(cost.value);
            // A dashed line: short strokes down the plot.
            let mut y = top - 4;
            while y < bottom + 4 {
                root.draw(&PathElement::new([(cx, y), (cx, (y + 6).min(bottom + 4))], COST.stroke_width(2)))?;
                y += 10;
            }
        }
        root.draw(&PathElement::new([(x0, bottom + 4), (x1, bottom + 4)], GRID.stroke_width(1)))?;
        let style = text_style(SMALL_PX, MUTED, HPos::Center, VPos::Top);
        root.draw(&Text::new("Saving a year, before the programme's cost", ((x0 + x1) / 2, bottom + 10), style))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_names_itself_and_shows_each_value() {
        let bars = [
            MoneyBar { label: "25% credited".into(), value: 62775.0, text: "£62,775".into() },
            MoneyBar { label: "100% credited".into(), value: -1000.0, text: "−£1,000".into() },
        ];
        let cost = CostLine { value: 24000.0, text: "Programme cost £24,000".into() };
        let svg = savings("What it is worth", &bars, Some(&cost), "Savings <alt>").unwrap();
        assert!(svg.contains("<title>Savings &lt;alt&gt;</title>"), "{}", &svg[..200]);
        assert!(svg.contains("£62,775") && svg.contains("−£1,000") && svg.contains("Programme cost £24,000"));
    }
}
