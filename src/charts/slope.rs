//! The paired slope chart: a thin grey line per person, the mean with its CI in blue.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::change;
use super::style::{
    AXIS, Area, Axis, BLUE, DrawResult, GRID, Header, INK, LABEL_PX, LegendItem, MARGIN, PERSON_INK, PERSON_OPACITY,
    Swatch, WIDTH, bold_style, capitalise, draw_note, font, number, render, text_width, ticks, wrap,
};
use crate::analysis::figures::Slope;

/// Above this many people the slope chart's lines would merge into a block, so [`slope`] draws a
/// histogram of the changes instead.
pub const MAX_LINES: usize = 200;

const HEIGHT: u32 = 440;
/// Where the means sit on the x axis: just outside the people's points (at 0 and 1).
const MEAN_X: (f64, f64) = (-0.1, 1.1);
const X_RANGE: (f64, f64) = (-0.55, 1.55);

/// The paired slope chart of `s` as SVG text, with `alt` as its accessible name.
///
/// Each person is a thin grey line from their score at `s.from` to their score at `s.to`; the
/// means with their confidence intervals are a thick blue line with error bars, set slightly
/// outside so they don't hide the points. The y axis spans the scale's range. With more than
/// [`MAX_LINES`] pairs the chart is a histogram of the changes (to − from) instead, with lines at
/// no change and at the mean change.
///
/// # Errors
///
/// When a score is not finite, or plotters fails to draw.
pub fn slope(s: &Slope, alt: &str) -> Result<String, String> {
    if s.pairs.iter().any(|&(a, b)| !(a.is_finite() && b.is_finite())) {
        return Err(format!("the chart '{}' has a score that is not a finite number", s.title));
    }
    if s.pairs.len() > MAX_LINES {
        return change::histogram(s, alt);
    }
    let n = s.pairs.len();
    let (from, to) = (capitalise(&s.from), capitalise(&s.to));
    let people = if n == 1 { "person" } else { "people" };
    let subtitle = format!("{n} {people} scored at both {from} and {to}");
    let mut legend = Vec::new();
    if n > 0 {
        legend.push(LegendItem { swatch: Swatch::Person, label: "One person".into() });
    }
    if n > 0 && (s.from_mean.is_some() || s.to_mean.is_some()) {
        let label = format!("Mean with {} CI", percent(s.confidence));
        legend.push(LegendItem { swatch: Swatch::MeanCi(BLUE), label });
    }
    let header = Header::new(&s.title, &subtitle, legend, WIDTH);
    let height = HEIGHT + header.height() as u32 - 100;
    render((WIDTH, height), alt, &s.title, |root| {
        header.draw(root)?;
        draw_plot(root, s, header.height(), (&from, &to))
    })
}

/// "95%", or "97.5%" for less round levels.
fn percent(confidence: f64) -> String {
    let p = confidence * 100.0;
    if (p - p.round()).abs() < 1e-9 { format!("{p:.0}%") } else { format!("{}%", number(p, 1)) }
}

/// The y range: the scale's range, widened to hold every score and interval, never empty.
fn y_range(s: &Slope) -> (f64, f64) {
    let (a, b) = s.range;
    let (mut lo, mut hi) = if a.is_finite() && b.is_finite() { (a.min(b), a.max(b)) } else { (f64::NAN, f64::NAN) };
    let means = [s.from_mean, s.to_mean].into_iter().flatten();
    let values = s
        .pairs
        .iter()
        .flat_map(|&(a, b)| [a, b])
        .chain(means.flat_map(|(m, ci)| [Some(m), ci.map(|c| c.0), ci.map(|c| c.1)].into_iter().flatten()));
    for v in values.filter(|v| v.is_finite()) {
        lo = if lo.is_nan() { v } else { lo.min(v) };
        hi = if hi.is_nan() { v } else { hi.max(v) };
    }
    if lo.is_nan() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 * lo.abs().max(1.0) {
        let half = (lo.abs() * 0.1).max(1.0);
        return (lo - half, hi + half);
    }
    (lo, hi)
}

fn draw_plot(root: &Area<'_>, s: &Slope, top: i32, (from, to): (&str, &str)) -> DrawResult {
    let (lo, hi) = y_range(s);
    let (y_ticks, decimals) = ticks(lo, hi, 6);
    let pad = (hi - lo) * 0.04;
    let tick_width = y_ticks.iter().map(|&v| text_width(&number(v, decimals), LABEL_PX)).fold(0.0, f64::max);
    let area = root.margin(top, 8, MARGIN - 4, MARGIN);
    let x_range = Axis::new(X_RANGE.0, X_RANGE.1, vec![0.0, 1.0]);
    let y_range = Axis::new(lo - pad, hi + pad, y_ticks);
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(34)
        .y_label_area_size(tick_width.ceil() as i32 + 38)
        .build_cartesian_2d(x_range, y_range)?;
    let label = |v: &f64| {
        if v.abs() < 1e-9 {
            from.to_string()
        } else if (v - 1.0).abs() < 1e-9 {
            to.to_string()
        } else {
            String::new()
        }
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .x_label_formatter(&label)
        .y_label_formatter(&|v| number(*v, decimals))
        .y_desc(wrap(&s.axis, LABEL_PX, f64::from(area.dim_in_pixel().1) - 60.0, 1).remove(0))
        .label_style(font(LABEL_PX).color(&INK))
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .draw()?;

    if s.pairs.is_empty() {
        let (x, y) = chart.backend_coord(&(0.5, (lo + hi) / 2.0));
        return draw_note(root, "Nobody was scored at both times.", (x, y));
    }
    // Each line is translucent so that where people overlap the chart darkens; one line alone
    // still reaches 3:1 on white.
    let person = PERSON_INK.mix(PERSON_OPACITY);
    for &(a, b) in &s.pairs {
        chart.draw_series(LineSeries::new([(0.0, a), (1.0, b)], person.stroke_width(1)))?;
    }
    let dots = s.pairs.iter().flat_map(|&(a, b)| [(0.0, a), (1.0, b)]);
    chart.draw_series(dots.map(|p| Circle::new(p, 3, person.filled())))?;

    // Two decimals on short scales (1–5), one on long ones (0–40).
    let mean_decimals = if hi - lo >= 20.0 { 1 } else { 2 };
    let means = [(MEAN_X.0, s.from_mean), (MEAN_X.1, s.to_mean)];
    let points: Vec<(f64, f64)> = means.iter().filter_map(|&(x, m)| Some((x, m?.0))).collect();
    if points.len() == 2 {
        // A white edge keeps the mean apart from the people's lines where they crowd.
        chart.draw_series(LineSeries::new(points.iter().copied(), WHITE.stroke_width(8)))?;
        chart.draw_series(LineSeries::new(points.iter().copied(), BLUE.stroke_width(4)))?;
    }
    for (x, mean) in means {
        let Some((m, ci)) = mean else { continue };
        if let Some((l, h)) = ci.filter(|(l, h)| l.is_finite() && h.is_finite()) {
            chart.draw_series([ErrorBar::new_vertical(x, l, m, h, BLUE.stroke_width(2), 12)])?;
        }
        chart.draw_series([Circle::new((x, m), 5, BLUE.filled())])?;
        // The mean's value, on the outer side of its marker.
        let (px, py) = chart.backend_coord(&(x, m));
        let (anchor, dx) = if x < 0.5 { (HPos::Right, -12) } else { (HPos::Left, 12) };
        let style = bold_style(LABEL_PX, BLUE, anchor, VPos::Center);
        root.draw(&Text::new(number(m, mean_decimals), (px + dx, py), style))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slope(pairs: Vec<(f64, f64)>, range: (f64, f64)) -> Slope {
        Slope {
            title: "Calm".into(),
            axis: "Score".into(),
            from: "pre".into(),
            to: "post".into(),
            pairs,
            from_mean: Some((2.5, Some((1.3, 3.7)))),
            to_mean: Some((2.8, Some((2.0, 3.6)))),
            range,
            confidence: 0.95,
        }
    }

    #[test]
    fn the_y_range_holds_the_scale_and_every_value() {
        assert_eq!(y_range(&slope(vec![(2.0, 3.0)], (1.0, 5.0))), (1.0, 5.0));
        assert_eq!(y_range(&slope(vec![(2.0, 6.0)], (5.0, 1.0))), (1.0, 6.0));
        let mut flat = slope(vec![(3.0, 3.0)], (3.0, 3.0));
        flat.from_mean = Some((3.0, None));
        flat.to_mean = Some((3.0, None));
        assert_eq!(y_range(&flat), (2.0, 4.0));
        let mut nothing = slope(Vec::new(), (f64::NAN, f64::INFINITY));
        nothing.from_mean = None;
        nothing.to_mean = None;
        assert_eq!(y_range(&nothing), (0.0, 1.0));
    }

    #[test]
    fn confidence_levels_print_without_noise() {
        assert_eq!(percent(0.95), "95%");
        assert_eq!(percent(0.975), "97.5%");
    }

    #[test]
    fn x_ticks_are_only_the_timepoints() {
        let svg = super::slope(&slope(vec![(2.0, 3.0), (3.0, 4.0)], (1.0, 5.0)), "alt").unwrap();
        assert!(svg.contains(">\nPre\n</text>") && svg.contains(">\nPost\n</text>"));
        // Two x ticks and five y ticks: no unlabelled tick marks.
        assert!(!svg.contains(">\n\n</text>"));
    }
}
