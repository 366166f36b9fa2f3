//! Interpretation-band shifts: how many people were in each published band at the baseline and at
//! a later timepoint.
//!
//! Published bands are written with whole-number or two-decimal boundaries that leave gaps between
//! them (`0–4`, `5–9`; `1–2.49`, `2.5–3.5`). A prorated sum (`13/8 × 9 = 14.625`) or a mean score can
//! fall inside such a gap, so a score's band is decided by the bands' lower bounds only: see
//! [`band_index`].

use serde::Serialize;

use crate::instruments::Band;

/// Slack for scores that are equal on paper but computed in floating point (a prorated
/// `mean × k` may land a hair below a whole-number boundary); the same tolerance scoring uses.
const TOLERANCE: f64 = 1e-9;

/// The index of the band `score` falls in.
///
/// `bands` are in ascending order. The rule: the **highest band whose `min <= score`** (to within
/// 1e-9). So a score in the gap between two bands (4.5 between `0–4` and `5–9`; 2.495 between
/// `…–2.49` and `2.5–…`) belongs to the lower band, as it has not reached the next band's minimum;
/// a score above the last band's `max` goes to the last band, and a score below the first band's
/// `min` goes to the first band. `None` only when `bands` is empty or `score` is NaN.
pub fn band_index(bands: &[Band], score: f64) -> Option<usize> {
    if bands.is_empty() || score.is_nan() {
        return None;
    }
    Some(bands.iter().rposition(|b| b.min <= score + TOLERANCE).unwrap_or(0))
}

/// How many of the pairs were in each band at the baseline (`from`) and at the later timepoint
/// (`to`). `from[i]` and `to[i]` count the people in band `labels[i]`.
#[derive(Debug, Clone, Serialize)]
pub struct BandCounts {
    /// Band labels, in the instrument's (ascending) order.
    pub labels: Vec<String>,
    /// People in each band at the baseline.
    pub from: Vec<usize>,
    /// People in each band at the later timepoint.
    pub to: Vec<usize>,
}

/// Count the pairs (`(score at from, score at to)` of people scored at both timepoints) by band,
/// using [`band_index`]. A NaN score is not counted. `None` when the scale has no bands.
pub fn band_counts(bands: &[Band], pairs: &[(f64, f64)]) -> Option<BandCounts> {
    if bands.is_empty() {
        return None;
    }
    let mut counts = BandCounts {
        labels: bands.iter().map(|b| b.label.clone()).collect(),
        from: vec![0; bands.len()],
        to: vec![0; bands.len()],
    };
    for &(from, to) in pairs {
        if let Some(i) = band_index(bands, from) {
            counts.from[i] += 1;
        }
        if let Some(i) = band_index(bands, to) {
            counts.to[i] += 1;
        }
    }
    Some(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::builtin;

    fn band(label: &str, min: f64, max: f64) -> Band {
        Band { label: label.into(), min, max, basis: None }
    }

    /// Two-decimal boundaries, as published for mean-scored scales.
    fn decimal_bands() -> Vec<Band> {
        vec![band("low", 1.0, 2.49), band("moderate", 2.5, 3.5), band("high", 3.51, 5.0)]
    }

    #[test]
    fn whole_number_boundaries_and_the_gaps_between_them() {
        let phq9 = builtin("phq-9").unwrap();
        let bands = &phq9.scale("total").unwrap().bands;
        // 0–4, 5–9, 10–14, 15–19, 20–27.
        assert_eq!(band_index(bands, 0.0), Some(0));
        assert_eq!(band_index(bands, 4.0), Some(0));
        assert_eq!(band_index(bands, 4.5), Some(0), "a gap score stays in the lower band");
        assert_eq!(band_index(bands, 5.0), Some(1));
        assert_eq!(band_index(bands, 9.0), Some(1));
        assert_eq!(band_index(bands, 9.999), Some(1));
        assert_eq!(band_index(bands, 10.0), Some(2));
        assert_eq!(band_index(bands, 14.625), Some(2), "a prorated score");
        assert_eq!(band_index(bands, 19.5), Some(3));
        assert_eq!(band_index(bands, 20.0), Some(4));
        assert_eq!(band_index(bands, 27.0), Some(4));
    }

    #[test]
    fn two_decimal_boundaries() {
        let bands = decimal_bands();
        assert_eq!(band_index(&bands, 2.49), Some(0));
        assert_eq!(band_index(&bands, 2.495), Some(0), "in the gap between 2.49 and 2.5");
        assert_eq!(band_index(&bands, 2.5), Some(1));
        assert_eq!(band_index(&bands, 3.5), Some(1));
        assert_eq!(band_index(&bands, 3.505), Some(1));
        assert_eq!(band_index(&bands, 3.51), Some(2));
        assert_eq!(band_index(&bands, 5.0), Some(2));
    }

    #[test]
    fn a_boundary_computed_in_floating_point_still_counts() {
        let bands = decimal_bands();
        assert_eq!(band_index(&bands, 2.5 - 1e-12), Some(1));
        // Ten times 0.1 adds up to 0.9999999999999999: 1 on paper.
        let ten_tenths: f64 = std::iter::repeat_n(0.1, 10).sum();
        assert!(ten_tenths < 1.0);
        let bands = [band("below one", 0.0, 0.99), band("one or more", 1.0, 2.0)];
        assert_eq!(band_index(&bands, ten_tenths), Some(1));
    }

    #[test]
    fn out_of_range_scores_go_to_the_end_bands() {
        let bands = decimal_bands();
        assert_eq!(band_index(&bands, 0.5), Some(0));
        assert_eq!(band_index(&bands, -3.0), Some(0));
        assert_eq!(band_index(&bands, 6.0), Some(2));
        assert_eq!(band_index(&bands, f64::INFINITY), Some(2));
    }

    #[test]
    fn no_band_without_bands_or_a_score() {
        assert_eq!(band_index(&[], 3.0), None);
        assert_eq!(band_index(&decimal_bands(), f64::NAN), None);
    }

    #[test]
    fn counts_at_both_timepoints() {
        let phq9 = builtin("phq-9").unwrap();
        let bands = &phq9.scale("total").unwrap().bands;
        let pairs = [(12.0, 4.0), (10.0, 9.5), (21.0, 14.0), (4.5, 5.0), (3.0, 3.0)];
        let counts = band_counts(bands, &pairs).unwrap();
        assert_eq!(counts.labels, ["none to minimal", "mild", "moderate", "moderately severe", "severe"]);
        assert_eq!(counts.from, [2, 0, 2, 0, 1]);
        assert_eq!(counts.to, [2, 2, 1, 0, 0]);
    }

    #[test]
    fn nan_scores_are_not_counted_and_no_bands_give_none() {
        let bands = decimal_bands();
        let counts = band_counts(&bands, &[(f64::NAN, 2.0), (3.0, 4.0)]).unwrap();
        assert_eq!(counts.from, [0, 1, 0]);
        assert_eq!(counts.to, [1, 0, 1]);
        assert!(band_counts(&[], &[(1.0, 2.0)]).is_none());
        let empty = band_counts(&bands, &[]).unwrap();
        assert_eq!(empty.from, [0, 0, 0]);
    }
}
