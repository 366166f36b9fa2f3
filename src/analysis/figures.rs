//! The numbers behind each chart, computed here so that renderers only draw.

use crate::input::Responses;
use crate::instruments::Method;
use crate::scoring::{Measure, ScaleScores, Source};
use crate::stats;

/// A paired slope chart: each person's scores at two timepoints, and the means with their CIs.
#[derive(Debug, Clone)]
pub struct Slope {
    /// Chart title.
    pub title: String,
    /// Axis label for the score.
    pub axis: String,
    /// Baseline timepoint name.
    pub from: String,
    /// Later timepoint name.
    pub to: String,
    /// (from, to) per person scored at both, in no identifying order.
    pub pairs: Vec<(f64, f64)>,
    /// Mean at `from` among the pairs, with its confidence interval.
    pub from_mean: Option<(f64, Option<(f64, f64)>)>,
    /// Mean at `to` among the pairs, with its confidence interval.
    pub to_mean: Option<(f64, Option<(f64, f64)>)>,
    /// The scale's possible range (or the data's, for scored columns).
    pub range: (f64, f64),
    /// Confidence level of the intervals.
    pub confidence: f64,
}

/// One slope chart per scale and later timepoint, in the order of the outcomes.
pub fn slopes(responses: &Responses, measures: &[Measure], scales: &[ScaleScores], confidence: f64) -> Vec<Slope> {
    let mut out = Vec::new();
    for scale in scales {
        let measure = &measures[scale.measure];
        for to in 1..responses.timepoints.len() {
            let pairs: Vec<(f64, f64)> =
                (0..responses.participants.len()).filter_map(|p| Some((scale.get(p, 0)?, scale.get(p, to)?))).collect();
            let (from_values, to_values): (Vec<f64>, Vec<f64>) = pairs.iter().copied().unzip();
            let (title, axis) = match &measure.source {
                Source::Items { instrument, .. } => {
                    (format!("{} ({})", scale.label, instrument.short_name), format!("{} score", instrument.short_name))
                }
                Source::Column { label, .. } => (label.clone(), "Score".to_string()),
            };
            out.push(Slope {
                title,
                axis,
                from: responses.timepoints[0].clone(),
                to: responses.timepoints[to].clone(),
                range: scale_range(measure, scale).unwrap_or_else(|| data_range(&pairs)),
                from_mean: mean_with_ci(&from_values, confidence),
                to_mean: mean_with_ci(&to_values, confidence),
                pairs,
                confidence,
            });
        }
    }
    out
}

/// The mean of `x` and the t-interval around it.
fn mean_with_ci(x: &[f64], confidence: f64) -> Option<(f64, Option<(f64, f64)>)> {
    let mean = stats::mean(x)?;
    Some((mean, stats::paired_t(x, confidence).and_then(|t| t.ci)))
}

/// The lowest and highest possible scores of an instrument scale.
pub(crate) fn scale_range(measure: &Measure, scale: &ScaleScores) -> Option<(f64, f64)> {
    let Source::Items { instrument, .. } = &measure.source else { return None };
    let s = instrument.scale(&scale.scale_id)?;
    if let Some(table) = &s.transform {
        return Some((*table.values.first()?, *table.values.last()?));
    }
    let (lo, hi) = (f64::from(instrument.min), f64::from(instrument.max));
    match s.score {
        Method::Sum => Some((lo * s.items.len() as f64, hi * s.items.len() as f64)),
        Method::Mean | Method::MeanOfScales => Some((lo, hi)),
    }
}

fn data_range(pairs: &[(f64, f64)]) -> (f64, f64) {
    let values = pairs.iter().flat_map(|&(a, b)| [a, b]);
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo.is_finite() && hi > lo {
        (lo, hi)
    } else if lo.is_finite() {
        (lo - 1.0, lo + 1.0)
    } else {
        (0.0, 1.0)
    }
}

/// Reliable change of several outcomes, one bar each: the chart's rows in order.
#[derive(Debug, Clone)]
pub struct ReliableChangeBars {
    /// Chart title.
    pub title: String,
    /// One row per outcome with reliable change counts.
    pub rows: Vec<ReliableChangeRow>,
}

/// One outcome's reliable change counts.
#[derive(Debug, Clone)]
pub struct ReliableChangeRow {
    /// Outcome label (`Self-compassion (SCS-SF), pre → post`).
    pub label: String,
    /// People who improved reliably.
    pub improved: usize,
    /// People with no reliable change.
    pub no_change: usize,
    /// People who deteriorated reliably.
    pub deteriorated: usize,
}

/// How many people were in each interpretation band at two timepoints (the pairs only).
#[derive(Debug, Clone)]
pub struct BandShift {
    /// Chart title.
    pub title: String,
    /// Band labels from the lowest scores to the highest (`low`, `moderate`, `high`).
    pub bands: Vec<String>,
    /// Which direction of score is better, so colours can run from worse to better.
    pub better: crate::instruments::Better,
    /// Baseline timepoint name.
    pub from: String,
    /// Later timepoint name.
    pub to: String,
    /// People in each band at `from`.
    pub from_counts: Vec<usize>,
    /// People in each band at `to`.
    pub to_counts: Vec<usize>,
}
