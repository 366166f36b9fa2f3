//! Recomputing p from a reported statistic and deciding whether the two agree, following the
//! statcheck R package (`R/compute_p.R`, `R/error_test.R`, `R/decision_error_test.R`) with its
//! defaults: α = .05, p = .05 counts as significant, and a reported p of 0 is an error.

use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

use super::parse::{Comparison, Reported, Statistic};

/// The significance level a decision error is judged at.
pub const ALPHA: f64 = 0.05;

/// What recomputing one reported result found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// p from the statistic as written (two-sided for t, z and r).
    pub p: f64,
    /// Whether the reported p agrees with the statistic, allowing for both being rounded.
    pub consistent: bool,
    /// Inconsistent, and the reported and recomputed p sit on different sides of .05.
    pub decision_error: bool,
    /// Inconsistent two-sided, but consistent if the test were one-sided (t, z and r only).
    pub one_sided_consistent: bool,
    /// The reported p is 0 (`p = .000`), which no test gives.
    pub p_zero: bool,
    /// Inconsistent, but consistent with a df one lower or higher (t and r, whose df comes from
    /// a count: t(11) written for 11 pairs, whose df is 10): the df that fits.
    pub df_that_fits: Option<f64>,
}

/// Recompute p for `result` and judge the reported one against it.
///
/// Deliberate differences from statcheck: a result that only a one-sided test explains stays
/// inconsistent here and is flagged `one_sided_consistent` (statcheck accepts it only with its
/// `OneTailedTxt` option, when "one-tailed" appears in the text); and a statistic compared with
/// `<` or `>` (`t(10) < 1`) is not read at all.
pub fn check(result: &Reported) -> Verdict {
    let p = p_value(result.statistic, result.value.abs(), &result.df, result.statistic.two_sided());
    let consistent = !is_error(result, &result.df, true);
    let decision_error = !consistent && is_decision_error(result, p);
    let one_sided_consistent = !consistent && result.statistic.two_sided() && !is_error(result, &result.df, false);
    let p_zero = result.p == Some(0.0);
    let counted = matches!(result.statistic, Statistic::T | Statistic::R);
    let df_that_fits = if consistent || p_zero || !counted {
        None
    } else {
        let df = result.df[0];
        [df - 1.0, df + 1.0].into_iter().find(|&other| other >= 1.0 && !is_error(result, &[other], true))
    };
    Verdict { p, consistent, decision_error, one_sided_consistent, p_zero, df_that_fits }
}

/// p for a statistic of size `value` (≥ 0): two-sided or one tail for t, z and r; the upper
/// tail for F and χ². NaN when the df cannot make a distribution.
pub fn p_value(statistic: Statistic, value: f64, df: &[f64], two_sided: bool) -> f64 {
    let tail = match statistic {
        Statistic::T => StudentsT::new(0.0, 1.0, df[0]).map_or(f64::NAN, |d| d.sf(value)),
        Statistic::Z => Normal::new(0.0, 1.0).map_or(f64::NAN, |d| d.sf(value)),
        Statistic::R => {
            if value >= 1.0 {
                0.0
            } else {
                // r → t with the same df: t = r·√(df / (1 − r²)).
                let t = value * (df[0] / (1.0 - value * value)).sqrt();
                StudentsT::new(0.0, 1.0, df[0]).map_or(f64::NAN, |d| d.sf(t))
            }
        }
        Statistic::F => {
            return FisherSnedecor::new(df[0], df[1]).map_or(f64::NAN, |d| d.sf(value.max(0.0)));
        }
        Statistic::Chi2 => return ChiSquared::new(df[0]).map_or(f64::NAN, |d| d.sf(value.max(0.0))),
    };
    if two_sided { (2.0 * tail).min(1.0) } else { tail }
}

/// statcheck's `error_test`: whether the reported p disagrees with every p the statistic could
/// give with `df` once rounding of the statistic (half a unit in its last digit) is allowed for.
fn is_error(result: &Reported, df: &[f64], two_sided: bool) -> bool {
    let (reported, comparison) = reported_p(result);
    if reported <= 0.0 {
        return true;
    }
    let half = 0.5 / 10f64.powi(result.value_decimals as i32);
    let size = result.value.abs();
    // r cannot reach 1: its upper bound stays just below.
    let largest = if result.statistic == Statistic::R { (size + half).min(1.0 - 1e-12) } else { size + half };
    let smallest = (size - half).max(0.0);
    // A larger statistic gives a smaller p.
    let low_p = p_value(result.statistic, largest, df, two_sided);
    let up_p = p_value(result.statistic, smallest, df, two_sided);
    if low_p.is_nan() || up_p.is_nan() {
        return false;
    }
    let decimals = result.p_decimals as i32;
    match comparison {
        Comparison::Equal => {
            // Compared at a hair's tolerance, since both sides are decimals held in binary.
            reported > round(up_p, decimals) + 1e-12 || reported < round(low_p, decimals) - 1e-12
        }
        Comparison::Less => reported < low_p,
        Comparison::Greater | Comparison::NotSignificant => reported > up_p,
    }
}

/// statcheck's `decision_error_test` with p = α counted as significant.
fn is_decision_error(result: &Reported, computed: f64) -> bool {
    let (reported, comparison) = reported_p(result);
    match comparison {
        Comparison::Equal => (reported <= ALPHA && computed > ALPHA) || (reported > ALPHA && computed <= ALPHA),
        Comparison::Less => reported <= ALPHA && computed > ALPHA,
        Comparison::Greater | Comparison::NotSignificant => reported >= ALPHA && computed <= ALPHA,
    }
}

/// The reported p, with `ns` read as `p > .05` as statcheck does.
fn reported_p(result: &Reported) -> (f64, Comparison) {
    match result.p {
        Some(p) => (p, result.comparison),
        None => (ALPHA, Comparison::Greater),
    }
}

/// `x` rounded to `decimals` places, half away from zero (R's `round` goes to even on exact
/// halves, which a computed p almost never is).
fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}
