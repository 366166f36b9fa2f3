//! Scale scores → outcomes: for every scale and every later timepoint, the comparison with the
//! baseline, using only the pure functions of [`crate::stats`].

pub mod attendance;
pub mod bands;
pub mod characteristics;
pub mod coded;
pub mod dose;
pub mod economics;
pub mod figures;
pub mod flow;
pub mod joint;
pub mod participation;
pub mod people;
pub mod qualitative;
pub mod quotes;
mod reliable_change;
pub mod results;
pub mod sites;
pub mod talking_therapies;
pub mod themes;

pub use reliable_change::{Change, classify};
pub use results::*;

use rayon::prelude::*;
use serde_json::{Map, Value};

use crate::config::{Adjust, ReliabilitySource};
use crate::input::Responses;
use crate::scoring::{Measure, ScaleScores, Source, complete_item_rows};
use crate::stats;

/// The options of `[analysis]` that the statistics use.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Confidence level of intervals.
    pub confidence: f64,
    /// Which reliability reliable change uses.
    pub reliability: ReliabilitySource,
    /// p-value adjustment across outcomes.
    pub adjust: Adjust,
}

/// Compare every scale at every later timepoint with the baseline. Returns the outcomes, in
/// measure order then timepoint order, and warnings explaining any `null`.
pub fn outcomes(
    responses: &Responses,
    measures: &[Measure],
    scales: &[ScaleScores],
    options: Options,
) -> (Vec<Outcome>, Vec<String>) {
    // Scales are analysed in parallel; collecting keeps their order, so the results do not
    // depend on the number of threads.
    let per_scale: Vec<(Vec<Outcome>, Vec<String>)> = scales
        .par_iter()
        .map(|scale| {
            let measure = &measures[scale.measure];
            let alphas: Vec<Option<f64>> = (0..responses.timepoints.len())
                .map(|t| match measure.source {
                    Source::Items { .. } => {
                        let rows = complete_item_rows(responses, measure, &scale.scale_id, t);
                        stats::cronbach_alpha_with(rows.items, rows.rows(), |r, j| rows.answer(r, j))
                    }
                    Source::Column { .. } => None,
                })
                .collect();
            let mut warnings = Vec::new();
            let outcomes = (1..responses.timepoints.len())
                .map(|to| compare(responses, measure, scale, &alphas, to, options, &mut warnings))
                .collect();
            (outcomes, warnings)
        })
        .collect();
    let (mut outcomes, mut warnings) = (Vec::new(), Vec::new());
    for (scale_outcomes, scale_warnings) in per_scale {
        outcomes.extend(scale_outcomes);
        warnings.extend(scale_warnings);
    }
    adjust(&mut outcomes, options.adjust);
    (outcomes, warnings)
}

fn compare(
    responses: &Responses,
    measure: &Measure,
    scale: &ScaleScores,
    alphas: &[Option<f64>],
    to: usize,
    options: Options,
    warnings: &mut Vec<String>,
) -> Outcome {
    let (from_name, to_name) = (&responses.timepoints[0], &responses.timepoints[to]);
    let what = format!("{} ({from_name} to {to_name})", describe_scale(measure, scale));
    let (mut from, mut later) = (Vec::new(), Vec::new());
    let scale_key = match &measure.source {
        Source::Items { instrument, .. } => instrument.scale(&scale.scale_id),
        Source::Column { .. } => None,
    };
    for p in 0..responses.participants.len() {
        if let (Some(a), Some(b)) = (scale.get(p, 0), scale.get(p, to)) {
            from.push(a);
            later.push(b);
        }
    }
    let c = stats::compare(&from, &later, options.confidence);
    let n = from.len();
    if n < 2 {
        let who = if n == 1 { "1 person was" } else { "no one was" };
        warnings
            .push(format!("{what}: {who} scored at both timepoints; tests and effect sizes need at least 2 people"));
    } else if c.t.is_none() {
        warnings.push(format!("{what}: every difference is the same, so t, p and d_z are undefined"));
    } else if !(3..=5000).contains(&n) {
        warnings.push(format!("{what}: Shapiro–Wilk needs 3 to 5000 pairs, so it was not run"));
    }
    let baseline = scale.at(0);
    let pre = describe(&baseline);
    let reliable_change = reliable_change::count(
        &from,
        &later,
        scale.better,
        pre.sd,
        reliability(measure, scale, alphas[0], options.reliability, &what, warnings),
        warnings,
        &what,
    );
    let alpha = matches!(measure.source, Source::Items { .. }).then(|| {
        let mut map = Map::new();
        map.insert(from_name.clone(), number(alphas[0]));
        map.insert(to_name.clone(), number(alphas[to]));
        map
    });
    Outcome {
        measure: measure.id.clone(),
        scale: scale.scale_id.clone(),
        label: scale.label.clone(),
        instrument: match &measure.source {
            Source::Items { instrument, .. } => Some(instrument.short_name.clone()),
            Source::Column { .. } => None,
        },
        from: from_name.clone(),
        to: to_name.clone(),
        better: scale.better.as_str(),
        range: figures::scale_range(measure, scale).map(|(lo, hi)| [lo, hi]),
        n_pairs: n,
        pre,
        post: describe(&scale.at(to)),
        paired: Paired { pre_mean: c.from_mean, pre_sd: c.from_sd, post_mean: c.to_mean, post_sd: c.to_sd, r: c.r },
        diff: Diff { mean: c.diff_mean, sd: c.diff_sd, ci: c.diff_ci.map(|(lo, hi)| [lo, hi]) },
        t: c.t,
        df: c.df,
        p: c.p,
        p_adjusted: c.p,
        wilcoxon: WilcoxonResult {
            v: c.wilcoxon.as_ref().map(|w| w.v),
            p: c.wilcoxon.as_ref().map(|w| w.p),
            exact: c.wilcoxon.as_ref().map(|w| w.exact),
        },
        shapiro: ShapiroResult { w: c.shapiro.as_ref().map(|s| s.w), p: c.shapiro.as_ref().map(|s| s.p) },
        effect: Effect { dz: c.dz, dz_ci: c.dz_ci.map(|(lo, hi)| [lo, hi]), dav: c.dav, gav: c.gav },
        alpha,
        reliable_change,
        bands: scale_key.and_then(|key| {
            let pairs: Vec<(f64, f64)> = from.iter().copied().zip(later.iter().copied()).collect();
            bands::band_counts(&key.bands, &pairs)
        }),
    }
}

fn describe_scale(measure: &Measure, scale: &ScaleScores) -> String {
    match &measure.source {
        Source::Items { instrument, .. } => format!("{} {}", instrument.short_name, scale.label),
        Source::Column { label, .. } => label.clone(),
    }
}

fn describe(scores: &[f64]) -> Describe {
    Describe { n: scores.len(), mean: stats::mean(scores), sd: stats::sd(scores) }
}

fn number(value: Option<f64>) -> Value {
    value.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number)
}

/// The reliability reliable change uses, and where it came from.
fn reliability(
    measure: &Measure,
    scale: &ScaleScores,
    baseline_alpha: Option<f64>,
    source: ReliabilitySource,
    what: &str,
    warnings: &mut Vec<String>,
) -> Option<(f64, &'static str)> {
    let published = match &measure.source {
        Source::Items { instrument, .. } => instrument.scale(&scale.scale_id).and_then(|s| s.reliability),
        Source::Column { reliability, .. } => *reliability,
    };
    let sample = baseline_alpha.filter(|a| *a > 0.0 && *a < 1.0);
    match (source, published, sample) {
        (ReliabilitySource::Published, Some(r), _) => Some((r, "published")),
        (ReliabilitySource::Published, None, Some(a)) => {
            warnings.push(format!(
                "{what}: no published reliability, so reliable change uses this sample's baseline alpha ({a:.2})"
            ));
            Some((a, "sample"))
        }
        (ReliabilitySource::Sample, _, Some(a)) => Some((a, "sample")),
        (ReliabilitySource::Sample, Some(r), None) => {
            warnings.push(format!(
                "{what}: the sample's alpha is unavailable, so reliable change uses the published reliability"
            ));
            Some((r, "published"))
        }
        (_, None, None) => {
            warnings.push(format!("{what}: no reliability is available, so reliable change is not computed"));
            None
        }
    }
}

fn adjust(outcomes: &mut [Outcome], method: Adjust) {
    if method == Adjust::None {
        return;
    }
    let p: Vec<Option<f64>> = outcomes.iter().map(|o| o.p).collect();
    for (outcome, adjusted) in outcomes.iter_mut().zip(stats::holm(&p)) {
        outcome.p_adjusted = adjusted;
    }
}
