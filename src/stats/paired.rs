//! Everything the report says about one outcome measured twice on the same people.

use super::effect;
use super::noncentral_t::dz_interval;
use super::shapiro::{ShapiroWilk, shapiro_wilk};
use super::t_test::paired_t;
use super::wilcoxon::{Wilcoxon, signed_rank};
use super::{mean, pearson_r, sd};

/// Descriptives, tests and effect sizes for paired scores at two timepoints.
///
/// Differences are `d = to − from`, so an increase is positive. A field is `None` when it cannot
/// be computed from the data (too few pairs, zero spread).
#[derive(Debug, Clone, PartialEq)]
pub struct PairedComparison {
    /// Number of complete pairs used.
    pub n: usize,
    /// Mean at the first timepoint.
    pub from_mean: Option<f64>,
    /// SD at the first timepoint (n − 1 denominator).
    pub from_sd: Option<f64>,
    /// Mean at the second timepoint.
    pub to_mean: Option<f64>,
    /// SD at the second timepoint.
    pub to_sd: Option<f64>,
    /// Pearson correlation between the timepoints.
    pub r: Option<f64>,
    /// Mean difference.
    pub diff_mean: Option<f64>,
    /// SD of the differences.
    pub diff_sd: Option<f64>,
    /// Confidence interval of the mean difference (paired t).
    pub diff_ci: Option<(f64, f64)>,
    /// Paired t statistic.
    pub t: Option<f64>,
    /// Degrees of freedom of the t-test, n − 1.
    pub df: Option<f64>,
    /// Two-sided p-value of the paired t-test.
    pub p: Option<f64>,
    /// Wilcoxon signed-rank test of the differences.
    pub wilcoxon: Option<Wilcoxon>,
    /// Shapiro–Wilk test of the differences (3 ≤ n ≤ 5000).
    pub shapiro: Option<ShapiroWilk>,
    /// Cohen's d_z, `mean(d) / sd(d)`.
    pub dz: Option<f64>,
    /// Confidence interval of d_z from the noncentral t.
    pub dz_ci: Option<(f64, f64)>,
    /// Cohen's d_av, `mean(d) / ((sd_from + sd_to) / 2)`.
    pub dav: Option<f64>,
    /// Hedges' g_av, `d_av` with the small-sample correction.
    pub gav: Option<f64>,
}

/// Compare paired scores `from` (first timepoint) and `to` (second) at the given `confidence`
/// level (e.g. 0.95).
///
/// Pairs are formed by position. As R's `t.test(paired = TRUE)` drops incomplete pairs, a pair
/// with a non-finite score (NaN for missing) is dropped here; if the slices differ in length, the
/// extra scores of the longer one have no partner and are ignored.
///
/// With fewer than two pairs the tests, intervals and effect sizes are `None`. When the
/// differences are (essentially) all equal, `t`, `p`, `diff_ci`, `dz` and `dz_ci` are `None` but
/// `diff_mean` is given. `dav` and `gav` are `None` when both SDs are zero.
pub fn compare(from: &[f64], to: &[f64], confidence: f64) -> PairedComparison {
    let (from, to): (Vec<f64>, Vec<f64>) =
        from.iter().zip(to).filter(|(a, b)| a.is_finite() && b.is_finite()).map(|(a, b)| (*a, *b)).unzip();
    let d: Vec<f64> = from.iter().zip(&to).map(|(a, b)| b - a).collect();
    let n = d.len();

    let (from_sd, to_sd) = (sd(&from), sd(&to));
    let diff_mean = mean(&d);
    let test = paired_t(&d, confidence);
    // d_z shares the t-test's "essentially constant" rule, so both vanish together.
    let dz = test.as_ref().and_then(|_| effect::dz(&d));
    let dz_ci = test.as_ref().and_then(|tt| dz_interval(tt.t, n, confidence));
    let dav = match (n >= 2, diff_mean, from_sd, to_sd) {
        (true, Some(m), Some(sf), Some(st)) => effect::dav(m, sf, st),
        _ => None,
    };

    PairedComparison {
        n,
        from_mean: mean(&from),
        from_sd,
        to_mean: mean(&to),
        to_sd,
        r: pearson_r(&from, &to),
        diff_mean,
        diff_sd: sd(&d),
        diff_ci: test.as_ref().and_then(|tt| tt.ci),
        t: test.as_ref().map(|tt| tt.t),
        df: (n >= 2).then(|| (n - 1) as f64),
        p: test.as_ref().map(|tt| tt.p),
        wilcoxon: signed_rank(&d),
        shapiro: shapiro_wilk(&d),
        dz,
        dz_ci,
        dav,
        gav: dav.and_then(|v| effect::gav(v, n)),
    }
}
