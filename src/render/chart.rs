//! Charts as SVG text (plotters, SVG backend only: no fonts are needed to draw).

use plotters::prelude::*;

use super::format::number;
use crate::analysis::figures::Slope;

/// A named font first, so that PDF typesetting picks a real face; browsers fall back to the
/// generic family.
const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";
/// Okabe–Ito blue, safe for colour-blind readers.
const MEAN: RGBColor = RGBColor(0, 114, 178);
/// Individual lines stay quiet so the mean reads first.
const PERSON: RGBColor = RGBColor(150, 150, 150);
const INK: RGBColor = RGBColor(34, 34, 34);

/// The paired slope chart: a grey line per person from one timepoint to the next, and the mean
/// with its confidence interval in blue. Returns the SVG text.
pub fn slope_chart(slope: &Slope, alt: &str) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 400)).into_drawing_area();
        draw_slope(&root, slope).map_err(|e| format!("drawing the chart '{}': {e}", slope.title))?;
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(with_title(&svg, alt))
}

fn draw_slope<DB: DrawingBackend>(
    root: &DrawingArea<DB, plotters::coord::Shift>,
    slope: &Slope,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&WHITE)?;
    let (lo, hi) = slope.range;
    let pad = (hi - lo) * 0.04;
    let mut chart = ChartBuilder::on(root)
        .caption(&slope.title, (FONT, 22).into_font().color(&INK))
        .margin(16)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.3f64..1.3f64, (lo - pad)..(hi + pad))?;
    let (from, to) = (capitalise(&slope.from), capitalise(&slope.to));
    chart
        .configure_mesh()
        .disable_x_mesh()
        .max_light_lines(1)
        .x_labels(3)
        .x_label_formatter(&|x| {
            if x.abs() < 1e-9 {
                from.clone()
            } else if (x - 1.0).abs() < 1e-9 {
                to.clone()
            } else {
                String::new()
            }
        })
        .y_desc(&slope.axis)
        .label_style((FONT, 15).into_font().color(&INK))
        .axis_desc_style((FONT, 15).into_font().color(&INK))
        .draw()?;
    let person = PERSON.mix(0.55);
    for &(a, b) in &slope.pairs {
        chart.draw_series(LineSeries::new([(0.0, a), (1.0, b)], person.stroke_width(1)))?;
    }
    chart.draw_series(
        slope
            .pairs
            .iter()
            .flat_map(|&(a, b)| [Circle::new((0.0, a), 3, person.filled()), Circle::new((1.0, b), 3, person.filled())]),
    )?;
    if let (Some((m0, ci0)), Some((m1, ci1))) = (slope.from_mean, slope.to_mean) {
        // The mean sits just outside the people's points so the two don't hide each other.
        let (x0, x1) = (-0.08, 1.08);
        chart
            .draw_series(LineSeries::new([(x0, m0), (x1, m1)], MEAN.stroke_width(4)))?
            .label(format!("Mean with {:.0}% CI", slope.confidence * 100.0))
            .legend(|(x, y)| PathElement::new([(x, y), (x + 20, y)], MEAN.stroke_width(4)));
        for (x, mean, ci) in [(x0, m0, ci0), (x1, m1, ci1)] {
            let (l, h) = ci.unwrap_or((mean, mean));
            chart.draw_series([ErrorBar::new_vertical(x, l, mean, h, MEAN.stroke_width(3), 12)])?;
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .label_font((FONT, 14).into_font().color(&INK))
            .background_style(WHITE.mix(0.85))
            .border_style(PERSON)
            .draw()?;
    }
    Ok(())
}

/// Add an accessible name: `role="img"` and a `<title>` that screen readers announce.
fn with_title(svg: &str, alt: &str) -> String {
    let escaped = alt.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    match svg.find('>') {
        Some(end) if svg.starts_with("<svg") => {
            format!("{} role=\"img\">\n<title>{escaped}</title>{}", &svg[..end], &svg[end + 1..])
        }
        _ => svg.to_string(),
    }
}

/// Alt text written from the data: "Mean Self-compassion rose from 2.80 to 3.50 in 11 people".
pub fn slope_alt(slope: &Slope) -> String {
    match (slope.from_mean, slope.to_mean) {
        (Some((a, _)), Some((b, _))) => {
            let verb = if b > a {
                "rose"
            } else if b < a {
                "fell"
            } else {
                "stayed"
            };
            let n = slope.pairs.len();
            let people = if n == 1 { "person" } else { "people" };
            format!(
                "{}: the mean {verb} from {} at {} to {} at {} in {n} {people} scored at both times.",
                slope.title,
                number(Some(a), 2),
                slope.from,
                number(Some(b), 2),
                slope.to
            )
        }
        _ => format!("{}: too few people were scored at both {} and {} to chart.", slope.title, slope.from, slope.to),
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slope(title: &str) -> Slope {
        Slope {
            title: title.into(),
            axis: "Score".into(),
            from: "pre".into(),
            to: "post".into(),
            pairs: vec![(2.0, 3.0), (3.0, 3.5), (2.5, 2.0)],
            from_mean: Some((2.5, Some((1.3, 3.7)))),
            to_mean: Some((2.833, Some((2.0, 3.6)))),
            range: (1.0, 5.0),
            confidence: 0.95,
        }
    }

    #[test]
    fn the_chart_is_titled_svg_with_escaped_text() {
        let s = slope("Calm <script>");
        let svg = slope_chart(&s, &slope_alt(&s)).unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>Calm &lt;script&gt;: the mean rose"));
        assert!(!svg.contains("<script>"));
    }
}
