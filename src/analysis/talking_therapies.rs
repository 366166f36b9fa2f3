//! NHS Talking Therapies (formerly IAPT) outcomes, when a programme measures the PHQ-9 and/or the
//! GAD-7.
//!
//! NHS Talking Therapies services report a person's outcome from their first and last scores on
//! the PHQ-9 (depression) and an anxiety measure (the GAD-7 unless an anxiety-disorder-specific
//! measure applies). The definitions below follow the NHS Talking Therapies manual's definitions
//! as summarised in `reference/instruments.toml` and `reference/instruments.md` (sources S34,
//! S35, S36 there); that summary asks for a check against the current manual before release.
//! Here "the measures" are those of PHQ-9 and GAD-7 that the programme uses, each with its
//! caseness cut-off (the scale's cut-off named `caseness`: PHQ-9 >= 10, GAD-7 >= 8) and its
//! published reliable-change threshold ([`Scale::change_threshold`]: PHQ-9 6, GAD-7 4), both read
//! from the instrument's key rather than written here.
//!
//! - **Case at start**: at least one measure at or above its caseness cut-off at the baseline.
//! - **Reliable improvement**: at least one measure improves (falls) by at least its threshold,
//!   and no measure worsens (rises) by at least its threshold.
//! - **Reliable deterioration**: at least one measure worsens by at least its threshold, and no
//!   measure improves by at least its threshold. The reference gives only the per-measure rule
//!   (a rise of 6 on the PHQ-9, 4 on the GAD-7); the combined rule here mirrors its combined rule
//!   for reliable improvement. Someone who improves reliably on one measure and deteriorates
//!   reliably on the other counts as neither.
//! - **Recovery**: a case at start, and every measure below its caseness cut-off at the later
//!   timepoint.
//! - **Reliable recovery**: recovery and reliable improvement.
//! - **Recovery rate**: recovery ÷ cases at start (NHS Talking Therapies leave people who were
//!   not a case at the start out of the denominator).
//!
//! Only people scored on every used measure at both timepoints are counted (`n`), as NHS Talking
//! Therapies need paired scores on both measures. With only one of the two instruments, the rules
//! apply to that one alone, which is a departure from the NHS definitions the report should state.
//! Comparisons allow 1e-9 of floating-point slack, so a prorated score equal on paper to a
//! cut-off or a threshold counts as reaching it.
//!
//! [`Scale::change_threshold`]: crate::instruments::Scale::change_threshold

use serde::Serialize;

use crate::instruments::{Better, Cutoff};
use crate::scoring::{Measure, ScaleScores, Source};

/// The instruments whose `total` scales the NHS Talking Therapies rules use.
const INSTRUMENTS: [&str; 2] = ["phq-9", "gad-7"];

/// Slack for scores equal on paper to a cut-off or threshold but computed in floating point.
const TOLERANCE: f64 = 1e-9;

/// NHS Talking Therapies outcomes between the baseline (`from`) and one later timepoint (`to`).
/// Every count is among the `n` people scored on every used measure at both timepoints.
#[derive(Debug, Clone, Serialize)]
pub struct TalkingTherapies {
    /// Baseline timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// Ids of the measures used (`phq-9`, `gad-7`), in the programme's order.
    pub measures: Vec<String>,
    /// People scored on every used measure at both timepoints.
    pub n: usize,
    /// At or above caseness on at least one measure at `from`.
    pub caseness_at_start: usize,
    /// Improved by at least the threshold on one measure, and worsened by that much on none.
    pub reliable_improvement: usize,
    /// Worsened by at least the threshold on one measure, and improved by that much on none.
    pub reliable_deterioration: usize,
    /// A case at `from` and below caseness on every measure at `to`.
    pub recovery: usize,
    /// Recovery together with reliable improvement.
    pub reliable_recovery: usize,
    /// `recovery / caseness_at_start`; `None` when no one was a case at the start.
    pub recovery_rate: Option<f64>,
}

/// One measure the rules use: its scores, caseness cut-off and reliable-change threshold.
struct Used<'a> {
    id: &'a str,
    scores: &'a ScaleScores,
    caseness: &'a Cutoff,
    threshold: f64,
    better: Better,
}

/// Reliable change on one measure by its published threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Improved,
    Unchanged,
    Deteriorated,
}

impl Used<'_> {
    /// Whether `score` meets the caseness cut-off.
    fn is_case(&self, score: f64) -> bool {
        let value = self.caseness.value;
        match self.caseness.op.as_str() {
            ">=" => score >= value - TOLERANCE,
            ">" => score > value + TOLERANCE,
            "<=" => score <= value + TOLERANCE,
            "<" => score < value - TOLERANCE,
            // Measures with another comparison are not used (see `used`).
            _ => false,
        }
    }

    fn change(&self, from: f64, to: f64) -> Change {
        let better = match self.better {
            Better::Lower => from - to,
            Better::Higher => to - from,
        };
        if better >= self.threshold - TOLERANCE {
            Change::Improved
        } else if -better >= self.threshold - TOLERANCE {
            Change::Deteriorated
        } else {
            Change::Unchanged
        }
    }
}

/// NHS Talking Therapies outcomes of each later timepoint against the baseline (timepoint 0).
///
/// Uses the `total` scale scores (found in `scales` by `measure_id` and `scale_id`) of the
/// measures whose instrument is `phq-9` or `gad-7`, with the caseness cut-off and
/// `change_threshold` of the instrument's scale. A measure whose scale lacks either, or whose
/// caseness comparison is not one of `>=`, `>`, `<=`, `<`, is left out. `participants` is the
/// number of people in the scores (the scale scores' row count). Returns one entry per later
/// timepoint, or an empty list when no PHQ-9 or GAD-7 total can be used.
pub fn talking_therapies(
    measures: &[Measure],
    scales: &[ScaleScores],
    timepoints: &[String],
    participants: usize,
) -> Vec<TalkingTherapies> {
    let used: Vec<Used> = measures.iter().filter_map(|m| used(m, scales)).collect();
    if used.is_empty() {
        return Vec::new();
    }
    (1..timepoints.len()).map(|to| compare(&used, timepoints, to, participants)).collect()
}

/// The measure as the rules use it, if it is a usable PHQ-9 or GAD-7 total.
fn used<'a>(measure: &'a Measure, scales: &'a [ScaleScores]) -> Option<Used<'a>> {
    let Source::Items { instrument, .. } = &measure.source else { return None };
    if !INSTRUMENTS.contains(&instrument.id.as_str()) {
        return None;
    }
    let scale = instrument.scale("total")?;
    let caseness =
        scale.cutoffs.iter().find(|c| c.name == "caseness" && matches!(c.op.as_str(), ">=" | ">" | "<=" | "<"))?;
    let threshold = scale.change_threshold?;
    let scores = scales.iter().find(|s| s.measure_id == measure.id && s.scale_id == scale.id)?;
    Some(Used { id: &measure.id, scores, caseness, threshold, better: scale.better })
}

fn compare(used: &[Used], timepoints: &[String], to: usize, participants: usize) -> TalkingTherapies {
    let mut out = TalkingTherapies {
        from: timepoints[0].clone(),
        to: timepoints[to].clone(),
        measures: used.iter().map(|u| u.id.to_string()).collect(),
        n: 0,
        caseness_at_start: 0,
        reliable_improvement: 0,
        reliable_deterioration: 0,
        recovery: 0,
        reliable_recovery: 0,
        recovery_rate: None,
    };
    for p in 0..participants {
        let Some(pairs) =
            used.iter().map(|u| Some((u.scores.get(p, 0)?, u.scores.get(p, to)?))).collect::<Option<Vec<(f64, f64)>>>()
        else {
            continue;
        };
        out.n += 1;
        let changes: Vec<Change> = used.iter().zip(&pairs).map(|(u, &(a, b))| u.change(a, b)).collect();
        let improved = changes.contains(&Change::Improved);
        let deteriorated = changes.contains(&Change::Deteriorated);
        let reliable_improvement = improved && !deteriorated;
        if reliable_improvement {
            out.reliable_improvement += 1;
        }
        if deteriorated && !improved {
            out.reliable_deterioration += 1;
        }
        let case = used.iter().zip(&pairs).any(|(u, &(a, _))| u.is_case(a));
        if case {
            out.caseness_at_start += 1;
            if used.iter().zip(&pairs).all(|(u, &(_, b))| !u.is_case(b)) {
                out.recovery += 1;
                if reliable_improvement {
                    out.reliable_recovery += 1;
                }
            }
        }
    }
    out.recovery_rate = (out.caseness_at_start > 0).then(|| out.recovery as f64 / out.caseness_at_start as f64);
    out
}
