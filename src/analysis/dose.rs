//! Dose–response: for each outcome, whether people who came to more sessions changed more.
//!
//! Spearman's rho between sessions attended and change (later − baseline), among the pairs, only
//! with at least [`MIN_PAIRS`] of them; and the mean change of completers and non-completers,
//! shown only when both groups have at least `min_cell` people (otherwise either mean and the
//! outcome's overall mean would give away the other).

use rayon::prelude::*;
use serde::Serialize;

use super::Outcome;
use super::attendance::Completion;
use super::people::People;
use crate::scoring::ScaleScores;
use crate::stats;

/// The fewest pairs for which Spearman's rho is computed.
pub const MIN_PAIRS: usize = 10;

/// One outcome's dose–response.
#[derive(Debug, Clone, Serialize)]
pub struct DoseResponse {
    /// Instrument id, or the scored column's name (as in `outcomes`).
    pub measure: String,
    /// Scale id within the measure.
    pub scale: String,
    /// Label shown in reports.
    pub label: String,
    /// The instrument's short name; `None` for scored columns.
    pub instrument: Option<String>,
    /// Baseline timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// Pairs: people scored at both timepoints.
    pub n: usize,
    /// Spearman's rho between sessions attended and change; `None` below [`MIN_PAIRS`] pairs or
    /// when either is the same for everyone.
    pub spearman: Option<SpearmanResult>,
    /// Whether both completer groups have at least `min_cell` people, so their means are shown.
    pub groups_shown: bool,
    /// The change of the pairs who completed the programme.
    pub completers: GroupChange,
    /// The change of the pairs who did not.
    pub non_completers: GroupChange,
}

/// Spearman's rho with its interval and p.
#[derive(Debug, Clone, Serialize)]
pub struct SpearmanResult {
    /// Spearman's rho.
    pub rho: f64,
    /// Fisher-z interval with SE √(1.06/(n − 3)) (Bonett & Wright, 2000).
    pub ci: Option<[f64; 2]>,
    /// Two-sided p from the t approximation with n − 2 df.
    pub p: Option<f64>,
    /// Whether sessions attended or change has ties.
    pub ties: bool,
}

/// The change of one group; every field `None` when the groups are withheld for privacy.
#[derive(Debug, Clone, Serialize)]
pub struct GroupChange {
    /// People in the group.
    pub n: Option<usize>,
    /// Mean change.
    pub mean: Option<f64>,
    /// SD of the changes.
    pub sd: Option<f64>,
}

/// What dose–response is computed from.
pub struct DoseInputs<'a> {
    /// Everyone in any file.
    pub people: &'a People,
    /// Sessions attended per person, in the order of `people`.
    pub sessions: &'a [usize],
    /// The completion rule.
    pub completion: &'a Completion,
    /// Timepoint names in order.
    pub timepoints: &'a [String],
    /// Smallest group shown.
    pub min_cell: usize,
    /// Confidence level of rho's interval.
    pub confidence: f64,
}

/// Dose–response of every outcome; warnings say why rho is missing.
pub fn dose_response(
    inputs: &DoseInputs,
    scales: &[ScaleScores],
    outcomes: &[Outcome],
    warnings: &mut Vec<String>,
) -> Vec<DoseResponse> {
    let scores_count = inputs.people.persons.iter().filter_map(|p| p.scores).max().map_or(0, |m| m + 1);
    let mut sessions_of = vec![0usize; scores_count];
    for (person, &n) in inputs.people.persons.iter().zip(inputs.sessions) {
        if let Some(s) = person.scores {
            sessions_of[s] = n;
        }
    }
    // Outcomes in parallel, collected in their order (warnings too), whatever the threads.
    let made: Vec<(DoseResponse, Vec<String>)> = outcomes
        .par_iter()
        .filter_map(|outcome| {
            let scale = scales.iter().find(|s| s.measure_id == outcome.measure && s.scale_id == outcome.scale)?;
            let to = inputs.timepoints.iter().position(|t| *t == outcome.to)?;
            // Sessions attended and change, of each person scored at both times.
            let (mut sessions, mut changes) = (Vec::new(), Vec::new());
            for (p, &n) in sessions_of.iter().enumerate() {
                if let (Some(later), Some(baseline)) = (scale.get(p, to), scale.get(p, 0)) {
                    sessions.push(n as f64);
                    changes.push(later - baseline);
                }
            }
            let mut warnings = Vec::new();
            Some((one(inputs, outcome, &sessions, &changes, &mut warnings), warnings))
        })
        .collect();
    made.into_iter()
        .map(|(dose, mine)| {
            warnings.extend(mine);
            dose
        })
        .collect()
}

fn one(
    inputs: &DoseInputs,
    outcome: &Outcome,
    sessions: &[f64],
    changes: &[f64],
    warnings: &mut Vec<String>,
) -> DoseResponse {
    let name = match &outcome.instrument {
        Some(short) => format!("{} ({short}, {} to {})", outcome.label, outcome.from, outcome.to),
        None => format!("{} ({} to {})", outcome.label, outcome.from, outcome.to),
    };
    let pairs = sessions.len();
    let spearman = if pairs < MIN_PAIRS {
        warnings.push(format!(
            "{name}: {pairs} people were scored at both times; the correlation of attendance with change needs at \
             least {MIN_PAIRS}"
        ));
        None
    } else {
        let result = stats::spearman(sessions, changes, inputs.confidence);
        if result.is_none() {
            warnings.push(format!(
                "{name}: everyone attended the same number of sessions or changed by the same amount, so attendance \
                 and change cannot be correlated"
            ));
        }
        result.map(|s| SpearmanResult { rho: s.rho, ci: s.ci.map(|(lo, hi)| [lo, hi]), p: s.p, ties: s.ties })
    };
    let completed = |p: &usize| inputs.completion.completed(sessions[*p] as usize);
    let completers: Vec<f64> = (0..pairs).filter(completed).map(|p| changes[p]).collect();
    let others: Vec<f64> = (0..pairs).filter(|p| !completed(p)).map(|p| changes[p]).collect();
    let groups_shown = completers.len() >= inputs.min_cell && others.len() >= inputs.min_cell;
    let group = |changes: &[f64]| {
        if groups_shown {
            GroupChange { n: Some(changes.len()), mean: stats::mean(changes), sd: stats::sd(changes) }
        } else {
            GroupChange { n: None, mean: None, sd: None }
        }
    };
    DoseResponse {
        measure: outcome.measure.clone(),
        scale: outcome.scale.clone(),
        label: outcome.label.clone(),
        instrument: outcome.instrument.clone(),
        from: outcome.from.clone(),
        to: outcome.to.clone(),
        n: pairs,
        spearman,
        groups_shown,
        completers: group(&completers),
        non_completers: group(&others),
    }
}
