//! The distribution view of a slope chart with many people: a histogram of the changes.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, Axis, BLUE, DrawResult, GRID, Header, INK, LABEL_PX, MARGIN, PLAIN_MARK, WIDTH, bold_style, capitalise,
    font, nice_step, number, render, signed, text_width, ticks, wrap,
};
use crate::analysis::figures::Slope;

const HEIGHT: u32 = 440;
const ZERO: RGBColor = RGBColor(51, 51, 51);

/// Changes grouped into equal bins centred on multiples of `width` (so one bin is centred on 0).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bins {
    /// Bin width.
    pub width: f64,
    /// Index of the first bin: it is centred on `first * width`.
    pub first: i64,
    /// People in each bin from `first` on.
    pub counts: Vec<usize>,
}

impl Bins {
    /// Bin `changes` (finite, not empty) into about `target` bins of a round width. Scores on a
    /// grid (sums, or means of k items) get widths that are an odd number of grid steps, so that
    /// every bin holds the same number of possible values and none sits on an edge.
    pub(crate) fn new(changes: &[f64], target: usize) -> Bins {
        let lo = changes.iter().copied().fold(0.0, f64::min);
        let hi = changes.iter().copied().fold(0.0, f64::max);
        let raw = (hi - lo) / target.max(1) as f64;
        let width = match grid(changes) {
            Some(unit) => {
                let steps = (raw / unit).round().max(1.0) as i64;
                unit * (steps | 1) as f64
            }
            None if raw > 0.0 => nice_step(raw),
            None => 1.0,
        };
        let index = |v: f64| (v / width).round() as i64;
        let first = changes.iter().map(|&v| index(v)).min().unwrap_or(0);
        let last = changes.iter().map(|&v| index(v)).max().unwrap_or(0);
        let mut counts = vec![0; (last - first + 1).clamp(1, 10_000) as usize];
        for &v in changes {
            if let Some(c) = counts.get_mut((index(v) - first) as usize) {
                *c += 1;
            }
        }
        Bins { width, first, counts }
    }

    /// The lower and upper edges of every bin with its count.
    fn bars(&self) -> impl Iterator<Item = (f64, f64, usize)> + '_ {
        self.counts.iter().enumerate().map(|(i, &count)| {
            let centre = (self.first + i as i64) as f64 * self.width;
            (centre - self.width / 2.0, centre + self.width / 2.0, count)
        })
    }
}

/// The step of the grid all `values` lie on (1/k for k up to 60), if any.
fn grid(values: &[f64]) -> Option<f64> {
    (1..=60u32).map(f64::from).find_map(|k| {
        let on_grid = values.iter().all(|&v| {
            let scaled = v * k;
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        });
        on_grid.then(|| 1.0 / k)
    })
}

/// The histogram of `s`'s changes (to − from), with lines at no change and at the mean change.
pub(crate) fn histogram(s: &Slope, alt: &str) -> Result<String, String> {
    let changes: Vec<f64> = s.pairs.iter().map(|&(a, b)| b - a).collect();
    if changes.is_empty() || changes.iter().any(|v| !v.is_finite()) {
        return Err(format!("the chart '{}' has no finite changes to draw", s.title));
    }
    let target = ((changes.len() as f64).sqrt().round() as usize).clamp(10, 30);
    let bins = Bins::new(&changes, target);
    let mean = changes.iter().sum::<f64>() / changes.len() as f64;
    let (from, to) = (capitalise(&s.from), capitalise(&s.to));
    let subtitle = format!(
        "Change from {from} to {to} in {} people: too many to draw a line for each, so the bars count people \
         with about the same change",
        changes.len()
    );
    let header = Header::new(&s.title, &subtitle, Vec::new(), WIDTH);
    let height = HEIGHT + header.height() as u32 - 80;
    let axis = format!("Change in {} ({to} − {from})", lowercase_first(&s.axis));
    render((WIDTH, height), alt, &s.title, |root| {
        header.draw(root)?;
        draw_plot(root, &bins, mean, &axis, header.height())
    })
}

/// A one-word axis ("Score") reads as part of a sentence in lower case; names ("SCS-SF score",
/// "Fears of Compassion Scale") stay as they are.
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() && !text.contains(' ') => {
            first.to_lowercase().chain(text.chars().skip(1)).collect()
        }
        _ => text.to_string(),
    }
}

fn draw_plot(root: &Area<'_>, bins: &Bins, mean: f64, axis: &str, top: i32) -> DrawResult {
    let (lo, hi) = bins.bars().fold((0.0f64, 0.0f64), |(lo, hi), (l, h, _)| (lo.min(l), hi.max(h)));
    let pad = (hi - lo) * 0.04 + bins.width * 0.5;
    let (lo, hi) = (lo.min(mean) - pad, hi.max(mean) + pad);
    let (x_ticks, x_decimals) = ticks(lo, hi, 8);
    let most = bins.counts.iter().copied().max().unwrap_or(0).max(1) as f64;
    let y_top = most * 1.22;
    let (y_ticks, _) = ticks(0.0, most, 5);
    let y_ticks: Vec<f64> = y_ticks.into_iter().filter(|v| v.fract() == 0.0).collect();
    let tick_width = y_ticks.iter().map(|&v| text_width(&number(v, 0), LABEL_PX)).fold(0.0, f64::max);

    let area = root.margin(top, 8, MARGIN - 4, MARGIN);
    let mut chart = ChartBuilder::on(&area)
        .x_label_area_size(52)
        .y_label_area_size(tick_width.ceil() as i32 + 38)
        .build_cartesian_2d(Axis::new(lo, hi, x_ticks), Axis::new(0.0, y_top, y_ticks))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .axis_style(AXIS)
        .x_label_formatter(&|v| signed(*v, x_decimals))
        .y_label_formatter(&|v| number(*v, 0))
        .x_desc(wrap(axis, LABEL_PX, f64::from(area.dim_in_pixel().0) - 100.0, 1).remove(0))
        .y_desc("People")
        .label_style(font(LABEL_PX).color(&INK))
        .axis_desc_style(font(LABEL_PX).color(&INK))
        .draw()?;
    let bars = bins.bars().filter(|&(_, _, count)| count > 0);
    chart.draw_series(bars.map(|(l, h, count)| Rectangle::new([(l, 0.0), (h, count as f64)], PLAIN_MARK.filled())))?;
    let outlines = bins.bars().filter(|&(_, _, count)| count > 0);
    chart.draw_series(
        outlines.map(|(l, h, count)| Rectangle::new([(l, 0.0), (h, count as f64)], WHITE.stroke_width(1))),
    )?;

    chart.draw_series(DashedLineSeries::new([(0.0, 0.0), (0.0, y_top)], 6, 4, ZERO.stroke_width(2)))?;
    chart.draw_series(LineSeries::new([(mean, 0.0), (mean, y_top)], BLUE.stroke_width(3)))?;

    // Direct labels at the top of the two lines, each on the side away from the other line when
    // it fits, and on a second row when the two would collide.
    let (left, right) = (chart.backend_coord(&(lo, 0.0)).0, chart.backend_coord(&(hi, 0.0)).0);
    let y = chart.backend_coord(&(0.0, y_top)).1 + 6;
    let zero_x = chart.backend_coord(&(0.0, 0.0)).0;
    let mean_x = chart.backend_coord(&(mean, 0.0)).0;
    let mean_text = format!("Mean change {}", signed(mean, 2));
    let zero_side = side(zero_x, "No change", mean >= 0.0, (left, right));
    let mean_side = side(mean_x, &mean_text, mean < 0.0, (left, right));
    let span = |x: i32, text: &str, to_left: bool| {
        let w = (text_width(text, LABEL_PX) * 1.13) as i32 + 8;
        if to_left { (x - w, x) } else { (x, x + w) }
    };
    let (a, b) = (span(zero_x, "No change", zero_side), span(mean_x, &mean_text, mean_side));
    let clash = a.0 < b.1 && b.0 < a.1;
    draw_label(root, "No change", zero_x, y, zero_side, ZERO)?;
    draw_label(root, &mean_text, mean_x, if clash { y + 22 } else { y }, mean_side, BLUE)?;
    Ok(())
}

/// Whether a label at `x` goes to the left: `prefer_left` unless it doesn't fit there.
fn side(x: i32, text: &str, prefer_left: bool, (left, right): (i32, i32)) -> bool {
    let w = (text_width(text, LABEL_PX) * 1.13) as i32 + 8;
    if prefer_left { x - w >= left || x + w > right } else { x + w > right && x - w >= left }
}

fn draw_label(root: &Area<'_>, text: &str, x: i32, y: i32, to_left: bool, colour: RGBColor) -> DrawResult {
    let (anchor, dx) = if to_left { (HPos::Right, -6) } else { (HPos::Left, 6) };
    // Bold text is about an eighth wider than `text_width` measures.
    let w = (text_width(text, LABEL_PX) * 1.13).ceil() as i32 + 4;
    let (x0, x1) = if to_left { (x - 4 - w, x - 3) } else { (x + 3, x + 4 + w) };
    // Nearly opaque, so that the label keeps its contrast over a bar.
    root.draw(&Rectangle::new([(x0, y - 3), (x1, y + 18)], WHITE.mix(0.92).filled()))?;
    root.draw(&Text::new(text, (x + dx, y), bold_style(LABEL_PX, colour, anchor, VPos::Top)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_changes_get_odd_integer_widths_centred_on_zero() {
        let changes: Vec<f64> = (-20..=20).map(f64::from).collect();
        let bins = Bins::new(&changes, 10);
        assert_eq!(bins.width, 5.0);
        assert_eq!(bins.first, -4);
        assert_eq!(bins.counts, vec![3, 5, 5, 5, 5, 5, 5, 5, 3]);
        assert_eq!(bins.counts.iter().sum::<usize>(), 41);
    }

    #[test]
    fn means_of_items_bin_on_their_grid() {
        let changes: Vec<f64> = (-24..=24).map(|k| f64::from(k) / 12.0).collect();
        let bins = Bins::new(&changes, 16);
        assert!((bins.width - 3.0 / 12.0).abs() < 1e-12);
        assert!(bins.counts[1..bins.counts.len() - 1].iter().all(|&c| c == 3));
    }

    #[test]
    fn equal_changes_make_one_bin() {
        let bins = Bins::new(&[0.0; 300], 17);
        assert_eq!((bins.width, bins.first, bins.counts.clone()), (1.0, 0, vec![300]));
        let bins = Bins::new(&[0.37; 300], 17);
        assert_eq!(bins.counts, vec![300]);
    }

    #[test]
    fn continuous_changes_get_round_widths() {
        let changes: Vec<f64> = (0..500).map(|i| (f64::from(i) * 0.618_034).fract() * 3.0 - 1.0 + 1e-7).collect();
        let bins = Bins::new(&changes, 22);
        assert_eq!(bins.width, 0.2);
        assert_eq!(bins.counts.iter().sum::<usize>(), 500);
    }

    #[test]
    fn labels_sit_where_they_fit() {
        assert!(side(300, "No change", true, (50, 600)));
        assert!(!side(55, "No change", true, (50, 600)));
        assert!(side(595, "No change", false, (50, 600)));
    }

    #[test]
    fn axis_words_read_as_part_of_a_sentence() {
        assert_eq!(lowercase_first("Score"), "score");
        assert_eq!(lowercase_first("SCS-SF score"), "SCS-SF score");
        assert_eq!(lowercase_first("Fears of Compassion Scale"), "Fears of Compassion Scale");
    }
}
