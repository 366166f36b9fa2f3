//! The joint display: for each theme and outcome, the mean change of the people who voiced the
//! theme and of those who did not, among people with both coded words and paired scores.
//!
//! A group smaller than `min_cell` shows no n and no mean; the other group's mean is then
//! withheld too, since with the overall results it would give the small group's away.

use serde::Serialize;

use super::Outcome;
use super::themes::ThemeRow;
use crate::input::Responses;
use crate::scoring::ScaleScores;

/// One group's change on one outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupChange {
    /// People in the group; `None` when fewer than `min_cell`.
    pub n: Option<usize>,
    /// Mean of `to − from`; `None` when either group is smaller than `min_cell`.
    pub mean_change: Option<f64>,
    /// Whether the group is smaller than `min_cell`.
    pub suppressed: bool,
}

/// One theme × outcome cell pair of the joint display.
#[derive(Debug, Clone, Serialize)]
pub struct JointRow {
    /// The theme.
    pub theme: String,
    /// The outcome's measure id.
    pub measure: String,
    /// The outcome's scale id.
    pub scale: String,
    /// The outcome's label.
    pub label: String,
    /// Baseline timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// Which direction is good.
    pub better: &'static str,
    /// People who voiced the theme.
    pub voiced: GroupChange,
    /// People who did not.
    pub not_voiced: GroupChange,
}

/// Each outcome's change per participant (`to − from`, by index in the scores file; NaN for
/// someone not scored at both, as scores are never NaN), in the order of the outcomes: scale by
/// scale, then each later timepoint.
pub fn changes(responses: &Responses, scales: &[ScaleScores]) -> Vec<Vec<f64>> {
    let mut out = Vec::new();
    for scale in scales {
        for to in 1..responses.timepoints.len() {
            let change = |p| Some(scale.get(p, to)? - scale.get(p, 0)?);
            out.push((0..responses.participants.len()).map(|p| change(p).unwrap_or(f64::NAN)).collect());
        }
    }
    out
}

/// The joint display of every theme (`rows` with `subtheme: None`) against every outcome.
/// `coded_as` gives each scores-file participant's number among the `coded_people` people of the
/// coded data (see [`super::coded::Keys`]), if they are in it, and `changes` come from
/// [`changes`].
pub fn joint_display(
    rows: &[ThemeRow],
    coded_as: &[Option<u32>],
    coded_people: usize,
    outcomes: &[Outcome],
    changes: &[Vec<f64>],
    min_cell: usize,
) -> Vec<JointRow> {
    if outcomes.len() != changes.len() {
        return Vec::new();
    }
    let in_coded_data: Vec<bool> = coded_as.iter().map(Option::is_some).collect();
    let mut display = Vec::new();
    // The two groups' changes, one outcome at a time, in buffers used again for the next.
    let (mut voiced, mut not_voiced) = (Vec::new(), Vec::new());
    for theme in rows.iter().filter(|r| r.subtheme.is_none()) {
        let mut voiced_by = vec![false; coded_people];
        for &person in &theme.voiced {
            voiced_by[person as usize] = true;
        }
        let voiced_it: Vec<bool> = coded_as.iter().map(|c| c.is_some_and(|c| voiced_by[c as usize])).collect();
        for (outcome, change) in outcomes.iter().zip(changes) {
            voiced.clear();
            not_voiced.clear();
            for (p, &value) in change.iter().enumerate() {
                if !value.is_nan() && in_coded_data.get(p) == Some(&true) {
                    if voiced_it[p] { voiced.push(value) } else { not_voiced.push(value) }
                }
            }
            let small = voiced.len() < min_cell || not_voiced.len() < min_cell;
            let group = |values: &[f64]| GroupChange {
                n: (values.len() >= min_cell).then_some(values.len()),
                mean_change: if small { None } else { crate::stats::mean(values) },
                suppressed: values.len() < min_cell,
            };
            display.push(JointRow {
                theme: theme.theme.clone(),
                measure: outcome.measure.clone(),
                scale: outcome.scale.clone(),
                label: outcome.label.clone(),
                from: outcome.from.clone(),
                to: outcome.to.clone(),
                better: outcome.better,
                voiced: group(&voiced),
                not_voiced: group(&not_voiced),
            });
        }
    }
    display
}
