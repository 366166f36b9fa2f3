//! The forest plot of one pooled outcome: a row per study (site or programme) with its name, n,
//! estimate and CI as text, a square sized by its weight on a CI line, the pooled diamond, the
//! prediction interval, a line at no change, and which side is better in words.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, BLUE, DETERIORATED, DrawResult, GRID, Header, INK, LegendItem, MARGIN, MUTED, SMALL_PX, Swatch, WIDTH,
    bold_style, number, render, text_style, text_width, ticks, wrap,
};
use crate::instruments::Better;
use crate::stats::pooling::{Model, Pooled};

/// What the forest plot shows beside the pooled figures.
#[derive(Debug, Clone)]
pub struct ForestLabels<'a> {
    /// The outcome, e.g. "Self-compassion (SCS-SF), pre → post".
    pub outcome: &'a str,
    /// What a row is, in the singular: "site" or "programme".
    pub unit: &'a str,
    /// Which direction of the score is the good one.
    pub better: Better,
    /// Confidence level of the studies' intervals (the pooled one is the fit's own), e.g. 0.95.
    pub confidence: f64,
}

/// What a row of the forest plot's data table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ForestRowKind {
    /// One study.
    Study,
    /// The pooled estimate.
    Pooled,
    /// The prediction interval for a new study.
    Prediction,
}

/// One row of the data table shown beside the chart (numbers unrounded).
#[derive(Debug, Clone, PartialEq)]
pub struct ForestRow {
    /// Study, pooled estimate or prediction interval.
    pub kind: ForestRowKind,
    /// The study's name, or what the row is.
    pub label: String,
    /// Analysed pairs (the sum over studies for the pooled row); `None` for the prediction row.
    pub n: Option<usize>,
    /// The effect; `None` for the prediction row.
    pub estimate: Option<f64>,
    /// The confidence interval (the prediction interval on the prediction row).
    pub interval: (f64, f64),
    /// Share of the weight in percent; `None` for the prediction row.
    pub weight: Option<f64>,
}

/// A drawn forest plot.
#[derive(Debug, Clone)]
pub struct Forest {
    /// The SVG text.
    pub svg: String,
    /// The alt text (also the SVG's `<title>`).
    pub alt: String,
    /// The numbers behind the chart, in the order drawn.
    pub rows: Vec<ForestRow>,
}

const ROW: i32 = 26;
/// A row's height when some name takes two lines.
const TALL_ROW: i32 = 36;
const HEADING: i32 = 24;
const AXIS_HEIGHT: i32 = 92;
const NAME_MAX: f64 = 132.0;
const N_WIDTH: i32 = 40;
const WEIGHT_WIDTH: i32 = 46;
const GAP: i32 = 12;
/// The square of the heaviest study, and of a study of no weight, in pixels.
const SQUARE_MAX: f64 = 16.0;
const SQUARE_MIN: f64 = 5.0;
const ZERO: RGBColor = RGBColor(51, 51, 51);

/// The forest plot of `pooled` as SVG, with its alt text and data table.
///
/// Study intervals are `yi ± z·√vi` at `labels.confidence` (as metafor's `forest`); the pooled row
/// is a diamond spanning the fit's confidence interval; under the random model a bar below it is
/// the prediction interval. Squares' areas follow the weights. The axis names the better side
/// from `labels.better`: a positive effect is a rise in scores.
///
/// # Errors
///
/// When a figure is not finite, the confidence level is not in (0, 1), or plotters fails to draw.
pub fn forest(pooled: &Pooled, labels: &ForestLabels<'_>) -> Result<Forest, String> {
    let rows = table(pooled, labels)?;
    let alt = alt_text(pooled, labels, &rows);
    let title = format!("{}: change at each {}", labels.outcome, labels.unit);
    let effect = pooled.effect.key().to_uppercase();
    let model = match pooled.model {
        Model::Random => "random-effects model (REML, Knapp–Hartung)",
        Model::Common => "common-effect model",
    };
    let subtitle = format!(
        "Standardised mean change ({effect}) with {} CI; square size shows each {}'s weight; pooled by a {model}",
        percent(labels.confidence),
        labels.unit
    );
    let mut legend = vec![
        LegendItem { swatch: Swatch::MeanCi(BLUE), label: format!("One {}", labels.unit) },
        LegendItem { swatch: Swatch::Fill(INK), label: "Pooled estimate".into() },
    ];
    if pooled.pi.is_some() {
        legend.push(LegendItem { swatch: Swatch::Fill(DETERIORATED), label: "Prediction interval".into() });
    }
    let header = Header::new(&title, &subtitle, legend, WIDTH);
    let layout = Layout::new(&rows, header.height());
    let height = (layout.bottom + AXIS_HEIGHT) as u32;
    let svg = render((WIDTH, height), &alt, &title, |root| {
        header.draw(root)?;
        draw_table(root, pooled, labels, &rows, &layout)
    })?;
    Ok(Forest { svg, alt, rows })
}

/// The rows of the data table: each study, then the pooled estimate and the prediction interval.
fn table(pooled: &Pooled, labels: &ForestLabels<'_>) -> Result<Vec<ForestRow>, String> {
    if !(labels.confidence > 0.0 && labels.confidence < 1.0) {
        return Err(format!("the forest plot of '{}' has a confidence level outside 0–1", labels.outcome));
    }
    let z = statrs::distribution::ContinuousCDF::inverse_cdf(
        &statrs::distribution::Normal::standard(),
        (1.0 + labels.confidence) / 2.0,
    );
    let mut rows: Vec<ForestRow> = pooled
        .studies
        .iter()
        .map(|s| {
            let half = z * s.vi.max(0.0).sqrt();
            ForestRow {
                kind: ForestRowKind::Study,
                label: s.name.clone(),
                n: Some(s.n),
                estimate: Some(s.yi),
                interval: (s.yi - half, s.yi + half),
                weight: Some(s.weight),
            }
        })
        .collect();
    let model = match pooled.model {
        Model::Random => "Pooled (random effects)",
        Model::Common => "Pooled (common effect)",
    };
    rows.push(ForestRow {
        kind: ForestRowKind::Pooled,
        label: model.into(),
        n: Some(pooled.studies.iter().map(|s| s.n).sum()),
        estimate: Some(pooled.estimate),
        interval: (pooled.ci[0], pooled.ci[1]),
        weight: Some(100.0),
    });
    if let Some([lo, hi]) = pooled.pi {
        rows.push(ForestRow {
            kind: ForestRowKind::Prediction,
            label: "Prediction interval".into(),
            n: None,
            estimate: None,
            interval: (lo, hi),
            weight: None,
        });
    }
    let finite = rows.iter().all(|r| {
        r.interval.0.is_finite()
            && r.interval.1.is_finite()
            && r.estimate.is_none_or(f64::is_finite)
            && r.weight.is_none_or(f64::is_finite)
    });
    if finite {
        Ok(rows)
    } else {
        Err(format!("the forest plot of '{}' has a figure that is not finite", labels.outcome))
    }
}

/// "Higher scores are better" etc.: which direction of the effect is the good one.
fn better_side(better: Better) -> (&'static str, &'static str) {
    match better {
        // A positive change is a rise in scores.
        Better::Higher => ("← Worse", "Better →"),
        Better::Lower => ("← Better", "Worse →"),
    }
}

/// The alt text, written from the numbers.
fn alt_text(pooled: &Pooled, labels: &ForestLabels<'_>, rows: &[ForestRow]) -> String {
    let studies: Vec<&ForestRow> = rows.iter().filter(|r| r.kind == ForestRowKind::Study).collect();
    let f = |v: f64| number(v, 2);
    let mut text = format!(
        "Forest plot of {} at {} {}s: the pooled standardised mean change is {} ({} CI {} to {})",
        labels.outcome,
        studies.len(),
        labels.unit,
        f(pooled.estimate),
        percent(labels.confidence),
        f(pooled.ci[0]),
        f(pooled.ci[1])
    );
    let lowest = studies.iter().min_by(|a, b| a.estimate.unwrap_or(0.0).total_cmp(&b.estimate.unwrap_or(0.0)));
    let highest = studies.iter().max_by(|a, b| a.estimate.unwrap_or(0.0).total_cmp(&b.estimate.unwrap_or(0.0)));
    if let (Some(lo), Some(hi)) = (lowest, highest) {
        text.push_str(&format!(
            "; {}s range from {} ({}) to {} ({})",
            labels.unit,
            f(lo.estimate.unwrap_or(0.0)),
            lo.label,
            f(hi.estimate.unwrap_or(0.0)),
            hi.label
        ));
    }
    if let Some([a, b]) = pooled.pi {
        text.push_str(&format!("; a new {}'s change would likely lie between {} and {}", labels.unit, f(a), f(b)));
    }
    let better = match labels.better {
        Better::Higher => "positive values (higher scores) are better",
        Better::Lower => "negative values (lower scores) are better",
    };
    text.push_str(&format!(". {}.", capitalise_first(better)));
    text
}

fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// "95%", "97.5%".
fn percent(confidence: f64) -> String {
    let value = confidence * 100.0;
    let text = format!("{value:.1}");
    format!("{}%", text.trim_end_matches('0').trim_end_matches('.'))
}

/// The estimate and interval as text: "0.50 [0.27, 0.73]".
fn estimate_text(row: &ForestRow) -> String {
    let (lo, hi) = (number(row.interval.0, 2), number(row.interval.1, 2));
    match row.estimate {
        Some(e) => format!("{} [{lo}, {hi}]", number(e, 2)),
        None => format!("[{lo}, {hi}]"),
    }
}

/// A row's label in the chart: the pooled row is short there, since the subtitle names the model.
fn drawn_label(row: &ForestRow) -> &str {
    match row.kind {
        ForestRowKind::Pooled => "Pooled",
        _ => &row.label,
    }
}

/// Columns and the x scale.
struct Layout {
    names: Vec<Vec<String>>,
    /// The height of a row.
    row: i32,
    /// Right edge of the n column.
    n_right: i32,
    /// The plot's horizontal extent in pixels, and the values at its ends.
    x0: i32,
    x1: i32,
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
    decimals: usize,
    /// Left edge of the estimate column, right edge of the weight column.
    estimate_left: i32,
    weight_right: i32,
    /// Vertical positions: the column headings, the first row, and below the last row.
    heading_y: i32,
    first_row: i32,
    bottom: i32,
}

impl Layout {
    fn new(rows: &[ForestRow], top: i32) -> Layout {
        // The summary rows' labels are bold, about an eighth wider than `text_width` measures.
        let width = |r: &ForestRow| match r.kind {
            ForestRowKind::Study => text_width(&r.label, SMALL_PX),
            _ => text_width(drawn_label(r), SMALL_PX) * 1.13,
        };
        let longest = rows.iter().map(width).fold(0.0, f64::max);
        let name_width = longest.clamp(60.0, NAME_MAX);
        // A long name takes two lines of its row before it is cut.
        let names: Vec<Vec<String>> = rows.iter().map(|r| wrap(drawn_label(r), SMALL_PX, name_width, 2)).collect();
        let name_right = MARGIN + name_width.ceil() as i32;
        let n_right = name_right + GAP + N_WIDTH;
        let estimate_width = rows.iter().map(|r| text_width(&estimate_text(r), SMALL_PX)).fold(0.0, f64::max);
        let weight_right = WIDTH as i32 - MARGIN;
        let estimate_left = weight_right - WEIGHT_WIDTH - GAP - estimate_width.ceil() as i32;
        let x0 = n_right + GAP + 6;
        let x1 = estimate_left - GAP - 6;

        let mut lo = rows.iter().map(|r| r.interval.0).fold(0.0, f64::min);
        let mut hi = rows.iter().map(|r| r.interval.1).fold(0.0, f64::max);
        if hi - lo <= 0.0 {
            (lo, hi) = (lo - 1.0, hi + 1.0);
        }
        // Widen to the outer ticks so that the axis ends on round numbers.
        let (first, _) = ticks(lo, hi, 4);
        let step = if first.len() > 1 { first[1] - first[0] } else { hi - lo };
        let (lo, hi) = ((lo / step).floor() * step, (hi / step).ceil() * step);
        let (ticks, decimals) = ticks(lo, hi, 4);

        let heading_y = top + 4;
        let row = if names.iter().any(|lines| lines.len() > 1) { TALL_ROW } else { ROW };
        let first_row = heading_y + HEADING + row / 2;
        let studies = rows.iter().filter(|r| r.kind == ForestRowKind::Study).count() as i32;
        let summaries = rows.len() as i32 - studies;
        let bottom = first_row + row * (studies + summaries) + 8;
        Layout {
            names,
            row,
            n_right,
            x0,
            x1,
            lo,
            hi,
            ticks,
            decimals,
            estimate_left,
            weight_right,
            heading_y,
            first_row,
            bottom,
        }
    }

    fn x(&self, value: f64) -> i32 {
        let share = ((value - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        self.x0 + (share * f64::from(self.x1 - self.x0)).round() as i32
    }

    /// The centre of row `i`; the summary rows sit a little below the studies.
    fn y(&self, i: usize, kind: ForestRowKind) -> i32 {
        let gap = if kind == ForestRowKind::Study { 0 } else { 6 };
        self.first_row + self.row * i as i32 + gap
    }
}

fn draw_table(
    root: &Area<'_>,
    pooled: &Pooled,
    labels: &ForestLabels<'_>,
    rows: &[ForestRow],
    layout: &Layout,
) -> DrawResult {
    let heading = |text: &str, x: i32, h: HPos| {
        root.draw(&Text::new(text.to_string(), (x, layout.heading_y), bold_style(SMALL_PX, INK, h, VPos::Top)))
    };
    heading(&super::style::capitalise(labels.unit), MARGIN, HPos::Left)?;
    heading("n", layout.n_right, HPos::Right)?;
    heading(
        &format!("{} [{} CI]", pooled.effect.key().to_uppercase(), percent(labels.confidence)),
        layout.estimate_left,
        HPos::Left,
    )?;
    heading("Weight", layout.weight_right, HPos::Right)?;

    let plot_top = layout.heading_y + HEADING - 2;
    let plot_bottom = layout.bottom;
    for &t in &layout.ticks {
        let x = layout.x(t);
        root.draw(&PathElement::new([(x, plot_top), (x, plot_bottom)], GRID.stroke_width(1)))?;
    }
    let zero = layout.x(0.0);
    root.draw(&PathElement::new([(zero, plot_top), (zero, plot_bottom)], ZERO.stroke_width(1)))?;

    let max_weight =
        rows.iter().filter(|r| r.kind == ForestRowKind::Study).filter_map(|r| r.weight).fold(0.0, f64::max);
    let mut separator_drawn = false;
    for (i, (row, name)) in rows.iter().zip(&layout.names).enumerate() {
        let y = layout.y(i, row.kind);
        if row.kind != ForestRowKind::Study && !separator_drawn {
            let line_y = y - layout.row / 2;
            root.draw(&PathElement::new([(MARGIN, line_y), (layout.weight_right, line_y)], AXIS.stroke_width(1)))?;
            separator_drawn = true;
        }
        let label_style = if row.kind == ForestRowKind::Study {
            text_style(SMALL_PX, INK, HPos::Left, VPos::Center)
        } else {
            bold_style(SMALL_PX, INK, HPos::Left, VPos::Center)
        };
        let spacing = 13;
        let first = y - spacing * (name.len() as i32 - 1) / 2;
        for (line, text) in name.iter().enumerate() {
            root.draw(&Text::new(text.as_str(), (MARGIN, first + spacing * line as i32), label_style.clone()))?;
        }
        if let Some(n) = row.n {
            root.draw(&Text::new(
                n.to_string(),
                (layout.n_right, y),
                text_style(SMALL_PX, INK, HPos::Right, VPos::Center),
            ))?;
        }
        let (a, b) = (layout.x(row.interval.0), layout.x(row.interval.1));
        match row.kind {
            ForestRowKind::Study => {
                root.draw(&PathElement::new([(a, y), (b, y)], BLUE.stroke_width(2)))?;
                let share = if max_weight > 0.0 { (row.weight.unwrap_or(0.0) / max_weight).sqrt() } else { 0.0 };
                let half = ((SQUARE_MIN + (SQUARE_MAX - SQUARE_MIN) * share) / 2.0).round() as i32;
                let c = layout.x(row.estimate.unwrap_or(0.0));
                root.draw(&Rectangle::new([(c - half, y - half), (c + half, y + half)], BLUE.filled()))?;
            }
            ForestRowKind::Pooled => {
                let c = layout.x(row.estimate.unwrap_or(0.0));
                let diamond = vec![(a, y), (c, y - 8), (b, y), (c, y + 8)];
                root.draw(&Polygon::new(diamond, INK.filled()))?;
            }
            ForestRowKind::Prediction => {
                root.draw(&PathElement::new([(a, y), (b, y)], DETERIORATED.stroke_width(3)))?;
                for x in [a, b] {
                    root.draw(&PathElement::new([(x, y - 6), (x, y + 6)], DETERIORATED.stroke_width(2)))?;
                }
            }
        }
        let estimate_style = text_style(SMALL_PX, INK, HPos::Left, VPos::Center);
        root.draw(&Text::new(estimate_text(row), (layout.estimate_left, y), estimate_style))?;
        if let Some(w) = row.weight {
            let text = format!("{}%", number(w, 1));
            root.draw(&Text::new(
                text,
                (layout.weight_right, y),
                text_style(SMALL_PX, INK, HPos::Right, VPos::Center),
            ))?;
        }
    }
    draw_axis(root, labels.better, &pooled.effect.key().to_uppercase(), layout)
}

/// The x axis with its ticks, and the better and worse sides named in words.
fn draw_axis(root: &Area<'_>, better: Better, effect: &str, layout: &Layout) -> DrawResult {
    let y = layout.bottom;
    root.draw(&PathElement::new([(layout.x0, y), (layout.x1, y)], AXIS.stroke_width(1)))?;
    for &t in &layout.ticks {
        let x = layout.x(t);
        root.draw(&PathElement::new([(x, y), (x, y + 5)], AXIS.stroke_width(1)))?;
        let style = text_style(SMALL_PX, INK, HPos::Center, VPos::Top);
        root.draw(&Text::new(number(t, layout.decimals), (x, y + 8), style))?;
    }
    let (left, right) = better_side(better);
    let words_y = y + 30;
    root.draw(&Text::new(left, (layout.x0, words_y), bold_style(SMALL_PX, INK, HPos::Left, VPos::Top)))?;
    root.draw(&Text::new(right, (layout.x1, words_y), bold_style(SMALL_PX, INK, HPos::Right, VPos::Top)))?;
    let centre = (layout.x0 + layout.x1) / 2;
    let title = format!("Standardised mean change ({effect}); 0 = no change");
    root.draw(&Text::new(title, (centre, words_y + 20), text_style(SMALL_PX, MUTED, HPos::Center, VPos::Top)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::pooling::{self, Effect, OutcomeKey, Summary};

    fn pooled(names: &[&str], model: Model) -> Pooled {
        let summaries: Vec<Summary> = names
            .iter()
            .enumerate()
            .map(|(i, name)| Summary {
                name: (*name).to_string(),
                n: 10 + 7 * i,
                pre_mean: 2.7,
                pre_sd: 0.6 + 0.02 * i as f64,
                post_mean: 2.9 + 0.13 * (i % 3) as f64,
                post_sd: 0.65,
                r: 0.6,
            })
            .collect();
        let outcome =
            OutcomeKey { measure: "scs-sf".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
        pooling::pool(&outcome, &summaries, Effect::Smcr, model, 0.95).unwrap()
    }

    fn labels(better: Better) -> ForestLabels<'static> {
        ForestLabels { outcome: "Self-compassion (SCS-SF), pre → post", unit: "site", better, confidence: 0.95 }
    }

    #[test]
    fn names_are_escaped_and_the_alt_text_is_the_title() {
        let names = ["<script>x</script>", "Oak & Ash", "C3", "C4"];
        let drawn = forest(&pooled(&names, Model::Random), &labels(Better::Higher)).unwrap();
        assert!(!drawn.svg.contains("<script>"), "{}", drawn.svg);
        assert!(drawn.svg.contains("&lt;script&gt;x&lt;/script&gt;"), "{}", drawn.svg);
        assert!(drawn.svg.contains("Oak &amp; Ash"));
        assert!(drawn.svg.contains(&format!("<title>{}</title>", super::super::style::escape(&drawn.alt))));
        assert!(drawn.alt.contains("4 sites") && drawn.alt.contains("pooled standardised mean change"));
        assert!(drawn.alt.contains("a new site's change would likely lie between"));
        assert!(drawn.svg.contains("Better →") && drawn.svg.contains("← Worse"));
        for text in drawn.svg.split("<text").skip(1) {
            assert!(text.contains("font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""), "{text}");
        }
    }

    #[test]
    fn the_table_holds_each_study_then_the_pooled_rows() {
        let p = pooled(&["A", "B", "C"], Model::Random);
        let drawn = forest(&p, &labels(Better::Lower)).unwrap();
        let kinds: Vec<ForestRowKind> = drawn.rows.iter().map(|r| r.kind).collect();
        use ForestRowKind::*;
        assert_eq!(kinds, [Study, Study, Study, Pooled, Prediction]);
        assert_eq!(drawn.rows[3].n, Some(10 + 17 + 24));
        assert_eq!(drawn.rows[3].estimate, Some(p.estimate));
        let pi = p.pi.unwrap();
        assert_eq!(drawn.rows[4].interval, (pi[0], pi[1]));
        let study = &drawn.rows[0];
        let half = 1.959_963_984_540_054 * p.studies[0].vi.sqrt();
        assert!((study.interval.1 - study.estimate.unwrap() - half).abs() < 1e-12);
        assert!(drawn.svg.contains("← Better") && drawn.svg.contains("Worse →"));
        assert!(drawn.alt.contains("Negative values (lower scores) are better"));

        let common = forest(&pooled(&["A", "B"], Model::Common), &labels(Better::Higher)).unwrap();
        assert_eq!(common.rows.last().unwrap().kind, Pooled);
        assert!(!common.svg.contains("Prediction interval"));
    }

    #[test]
    fn text_is_ink_or_muted_on_white() {
        let drawn = forest(&pooled(&["A", "B", "C"], Model::Random), &labels(Better::Higher)).unwrap();
        for colour in [INK, MUTED] {
            assert!(super::super::style::contrast(colour, WHITE) >= 4.5);
        }
        // Every text's fill is one of those two.
        for text in drawn.svg.split("<text").skip(1) {
            let tag = &text[..text.find('>').unwrap()];
            assert!(tag.contains("fill=\"#222222\"") || tag.contains("fill=\"#555555\""), "{tag}");
        }
    }

    #[test]
    fn bad_figures_are_errors_not_panics() {
        let mut p = pooled(&["A", "B"], Model::Random);
        p.studies[0].yi = f64::NAN;
        assert!(forest(&p, &labels(Better::Higher)).is_err());
        let p = pooled(&["A", "B"], Model::Random);
        assert!(forest(&p, &ForestLabels { confidence: 1.0, ..labels(Better::Higher) }).is_err());
        // A very long name is cut, and the same input draws the same bytes.
        let long = "A very long organisation name that goes on and on".repeat(3);
        let p = pooled(&[&long, "B"], Model::Random);
        let once = forest(&p, &labels(Better::Higher)).unwrap();
        assert!(once.svg.contains('…'));
        assert_eq!(once.svg, forest(&p, &labels(Better::Higher)).unwrap().svg);
    }
}
