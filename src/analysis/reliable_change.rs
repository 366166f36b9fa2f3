//! Reliable change (Jacobson & Truax, 1991).
//!
//! `RCI = (x_to − x_from) / (√2 · SD_from · √(1 − r))`; a change is reliable when `|RCI| > 1.96`,
//! and counts as improvement or deterioration by the scale's better direction.

use super::ReliableChange;
use crate::instruments::Better;

/// The critical value of |RCI| (two-sided 95%).
const CRITICAL: f64 = 1.96;

/// One person's reliable change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Reliably better.
    Improved,
    /// Within measurement error.
    NoChange,
    /// Reliably worse.
    Deteriorated,
}

/// Classify a change `to − from` given the standard error of the difference.
pub fn classify(difference: f64, se_difference: f64, better: Better) -> Change {
    let rci = difference / se_difference;
    if rci.abs() <= CRITICAL {
        return Change::NoChange;
    }
    match (rci > 0.0, better) {
        (true, Better::Higher) | (false, Better::Lower) => Change::Improved,
        _ => Change::Deteriorated,
    }
}

/// Count reliable change among the pairs. `sd_from` is the baseline SD; `reliability` the
/// reliability to use and its source.
pub(super) fn count(
    from: &[f64],
    to: &[f64],
    better: Better,
    sd_from: Option<f64>,
    reliability: Option<(f64, &'static str)>,
    warnings: &mut Vec<String>,
    what: &str,
) -> Option<ReliableChange> {
    let (r, source) = reliability?;
    let sd = sd_from.filter(|sd| *sd > 0.0);
    let Some(sd) = sd else {
        warnings.push(format!("{what}: the baseline SD is zero or unknown, so reliable change is not computed"));
        return None;
    };
    if from.is_empty() {
        return None;
    }
    let se_difference = std::f64::consts::SQRT_2 * sd * (1.0 - r).sqrt();
    let mut counts = ReliableChange {
        improved: 0,
        no_change: 0,
        deteriorated: 0,
        reliability: r,
        reliability_source: source,
        threshold: CRITICAL * se_difference,
    };
    for (a, b) in from.iter().zip(to) {
        match classify(b - a, se_difference, better) {
            Change::Improved => counts.improved += 1,
            Change::NoChange => counts.no_change += 1,
            Change::Deteriorated => counts.deteriorated += 1,
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_decides_improvement() {
        assert_eq!(classify(3.0, 1.0, Better::Higher), Change::Improved);
        assert_eq!(classify(3.0, 1.0, Better::Lower), Change::Deteriorated);
        assert_eq!(classify(-3.0, 1.0, Better::Lower), Change::Improved);
        // |RCI| must exceed 1.96: exactly 1.96 is no reliable change.
        assert_eq!(classify(1.96, 1.0, Better::Higher), Change::NoChange);
    }

    #[test]
    fn counts_use_the_jacobson_truax_threshold() {
        // SD 5, r = .84: S_diff = √2 · 5 · 0.4 = 2.828…, threshold 5.54.
        let from = [10.0, 10.0, 10.0, 10.0];
        let to = [16.0, 15.0, 4.0, 10.0];
        let mut warnings = Vec::new();
        let c = count(&from, &to, Better::Higher, Some(5.0), Some((0.84, "published")), &mut warnings, "x").unwrap();
        assert_eq!((c.improved, c.no_change, c.deteriorated), (1, 2, 1));
        assert!((c.threshold - 1.96 * 2f64.sqrt() * 5.0 * 0.4).abs() < 1e-12);
    }
}
