//! Spearman's rank correlation as R's `cor.test(x, y, method = "spearman", exact = FALSE)`, with a
//! Fisher-z confidence interval.
//!
//! - rho is Pearson's r of the ranks, ties given their average rank (R's `rank`);
//! - p is two-sided from Student's t with n − 2 df, `t = rho·√((n − 2)/(1 − rho²))`: R's
//!   asymptotic p, which R itself uses whenever there are ties (R's exact p for n < 1290 without
//!   ties is not computed here; dose data are nearly always tied);
//! - the interval is `tanh(atanh(rho) ± z·√(1.06/(n − 3)))` (Bonett & Wright, 2000), which R does
//!   not report.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};

use super::pearson_r;

/// Spearman's rank correlation of paired values.
#[derive(Debug, Clone, PartialEq)]
pub struct Spearman {
    /// Number of pairs.
    pub n: usize,
    /// Spearman's rho.
    pub rho: f64,
    /// Two-sided p from the t approximation; `None` below 3 pairs.
    pub p: Option<f64>,
    /// Fisher-z interval with the Bonett–Wright standard error; `None` below 4 pairs or when the
    /// confidence level is not in (0, 1).
    pub ci: Option<(f64, f64)>,
    /// Whether either variable has tied values.
    pub ties: bool,
}

/// Spearman's rho of `x` and `y` with a `confidence` interval.
///
/// `None` when the slices differ in length, hold fewer than two pairs, contain a value that is
/// not finite, or either variable is constant (rho is then undefined).
pub fn spearman(x: &[f64], y: &[f64], confidence: f64) -> Option<Spearman> {
    let n = x.len();
    if n != y.len() || n < 2 || x.iter().chain(y).any(|v| !v.is_finite()) {
        return None;
    }
    let ((rx, x_tied), (ry, y_tied)) = (ranked(x), ranked(y));
    let rho = pearson_r(&rx, &ry)?;
    let ties = x_tied || y_tied;
    let p = (n > 2).then(|| t_p_value(rho, n)).flatten();
    Some(Spearman { n, rho, p, ci: fisher_interval(rho, n, confidence), ties })
}

/// Ranks from 1, ties given the mean of the ranks they span (R's `rank(ties.method = "average")`).
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    ranked(x).0
}

/// [`average_ranks`], and whether any two values are tied (found in the same sort).
fn ranked(x: &[f64]) -> (Vec<f64>, bool) {
    // Values sorted beside their places: tied values share a rank, so their order is immaterial.
    let mut order: Vec<(f64, usize)> = x.iter().copied().zip(0..).collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![0.0; x.len()];
    let mut tied = false;
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].0 == order[start].0 {
            end += 1;
        }
        tied |= end - start > 1;
        // Positions start..end hold ranks start+1 ..= end; their mean is (start + 1 + end) / 2.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    (ranks, tied)
}

/// Two-sided p of rho from Student's t with n − 2 degrees of freedom.
fn t_p_value(rho: f64, n: usize) -> Option<f64> {
    let df = (n - 2) as f64;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    let spread = 1.0 - rho * rho;
    if spread <= 0.0 {
        return Some(0.0);
    }
    let t = rho * (df / spread).sqrt();
    Some((2.0 * dist.sf(t.abs())).min(1.0))
}

/// `tanh(atanh(rho) ± z·√(1.06/(n − 3)))`.
fn fisher_interval(rho: f64, n: usize, confidence: f64) -> Option<(f64, f64)> {
    if n < 4 || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let z = Normal::new(0.0, 1.0).ok()?.inverse_cdf((1.0 + confidence) / 2.0);
    let se = (1.06 / (n - 3) as f64).sqrt();
    let centre = rho.atanh();
    Some(((centre - z * se).tanh(), (centre + z * se).tanh()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_their_average_rank() {
        assert_eq!(average_ranks(&[3.0, 1.0, 3.0, 2.0]), vec![3.5, 1.0, 3.5, 2.0]);
        assert_eq!(average_ranks(&[]), Vec::<f64>::new());
    }

    #[test]
    fn a_perfect_monotone_relation_is_one() {
        let s = spearman(&[1.0, 2.0, 3.0, 4.0, 5.0], &[1.0, 4.0, 9.0, 16.0, 100.0], 0.95).unwrap();
        assert!((s.rho - 1.0).abs() < 1e-12, "{}", s.rho);
        assert!(s.p.unwrap() < 1e-12);
        assert!(!s.ties);
        let (lo, hi) = s.ci.unwrap();
        assert!(lo <= hi && hi <= 1.0);
    }

    #[test]
    fn undefined_cases_are_none() {
        assert!(spearman(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0], 0.95).is_none());
        assert!(spearman(&[1.0], &[2.0], 0.95).is_none());
        assert!(spearman(&[1.0, 2.0], &[2.0], 0.95).is_none());
        assert!(spearman(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, 3.0], 0.95).is_none());
    }
}
