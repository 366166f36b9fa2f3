//! Wilcoxon signed-rank test on paired differences, as R's `wilcox.test(paired = TRUE)`.

use std::cmp::Ordering;

use statrs::distribution::{ContinuousCDF, Normal};

/// Result of a Wilcoxon signed-rank test.
#[derive(Debug, Clone, PartialEq)]
pub struct Wilcoxon {
    /// R's `V`: the sum of the ranks of the positive differences.
    pub v: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// `true` when p comes from the exact null distribution, `false` for the normal approximation.
    pub exact: bool,
}

/// Differences at or beyond this size are left unrounded: multiplying by 1e9 could overflow, and
/// their spacing is already coarser than 1e-9.
const ROUNDING_LIMIT: f64 = 1e6;

/// Largest n for the exact distribution (R's default `exact = n < 50`).
const EXACT_BELOW: usize = 50;

/// Wilcoxon signed-rank test of the paired differences `d` (to − from), two-sided.
///
/// Follows R's `wilcox.test(to, from, paired = TRUE)` with one deliberate difference: each
/// difference is first rounded to 1e-9, so values equal on paper (1.7 computed two ways) tie.
/// Zero differences are dropped and NaNs ignored; ranks of |d| are averaged over ties. The p-value
/// is exact when fewer than 50 differences remain and there were no ties or zeros; otherwise it
/// uses the normal approximation with tie and continuity correction.
///
/// `None` when no non-zero difference remains.
pub fn signed_rank(d: &[f64]) -> Option<Wilcoxon> {
    let rounded =
        d.iter().filter(|v| !v.is_nan()).map(|&v| if v.abs() < ROUNDING_LIMIT { (v * 1e9).round() / 1e9 } else { v });
    let (mut nonzero, mut had_zeros) = (Vec::with_capacity(d.len()), false);
    for v in rounded {
        if v == 0.0 {
            had_zeros = true;
        } else {
            nonzero.push(v);
        }
    }
    let n = nonzero.len();
    if n == 0 {
        return None;
    }

    let (ranks, tie_sizes) = average_ranks_of_abs(&nonzero);
    let v: f64 = nonzero.iter().zip(&ranks).filter(|(x, _)| **x > 0.0).map(|(_, r)| r).sum();
    let has_ties = !tie_sizes.is_empty();

    if n < EXACT_BELOW && !has_ties && !had_zeros {
        return Some(Wilcoxon { v, p: exact_two_sided(v, n), exact: true });
    }
    let p = normal_two_sided(v, n, &tie_sizes)?;
    Some(Wilcoxon { v, p, exact: false })
}

/// Average ranks of `|x|` (1-based, ties share the mean rank) in input order, and the size of
/// each group of more than one tied value (a group of one adds nothing to the tie correction).
fn average_ranks_of_abs(x: &[f64]) -> (Vec<f64>, Vec<usize>) {
    // Sorted beside their places: tied values share a rank, so their order is immaterial.
    let mut order: Vec<(f64, usize)> = x.iter().map(|v| v.abs()).zip(0..).collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![0.0; x.len()];
    let mut tie_sizes = Vec::new();
    let mut start = 0;
    while start < order.len() {
        let value = order[start].0;
        let end = order[start..]
            .iter()
            .position(|&(v, _)| v.total_cmp(&value) != Ordering::Equal)
            .map_or(order.len(), |off| start + off);
        // Ranks start..end (0-based) are shared: their mean is (start + 1 + end) / 2.
        let avg = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            ranks[i] = avg;
        }
        if end - start > 1 {
            tie_sizes.push(end - start);
        }
        start = end;
    }
    (ranks, tie_sizes)
}

/// Number of subsets of {1, …, n} with each sum 0..=n(n+1)/2 (R's `csignrank`), as f64.
///
/// For n < 50 the total is 2^n < 2^53, so every count is exact in f64.
fn signed_rank_counts(n: usize) -> Vec<f64> {
    let total = n * (n + 1) / 2;
    let mut counts = vec![0.0; total + 1];
    counts[0] = 1.0;
    let mut reach = 0;
    for k in 1..=n {
        reach += k;
        // Walk downwards so each rank is used at most once (0/1 knapsack).
        for s in (k..=reach).rev() {
            counts[s] += counts[s - k];
        }
    }
    counts
}

/// Exact two-sided p-value for an integer `v` with `n` ranks, as R:
/// `min(1, 2 · (V > n(n+1)/4 ? P(S ≥ V) : P(S ≤ V)))`.
fn exact_two_sided(v: f64, n: usize) -> f64 {
    let counts = signed_rank_counts(n);
    let total = (n * (n + 1) / 2) as f64;
    // P(S ≥ V) equals P(S ≤ N − V) by symmetry; summing the short lower tail avoids `1 − cdf`.
    let q = if v > total / 2.0 { total - v } else { v };
    let upto = q.round().clamp(0.0, total) as usize;
    let hits: f64 = counts[..=upto].iter().sum();
    let one_sided = hits * 2f64.powi(-(n as i32));
    (2.0 * one_sided).min(1.0)
}

/// Normal-approximation two-sided p-value with tie and continuity correction, as R.
fn normal_two_sided(v: f64, n: usize, tie_sizes: &[usize]) -> Option<f64> {
    let nf = n as f64;
    let z = v - nf * (nf + 1.0) / 4.0;
    let tie_term: f64 = tie_sizes
        .iter()
        .map(|&t| {
            let t = t as f64;
            t * t * t - t
        })
        .sum();
    let sigma = (nf * (nf + 1.0) * (2.0 * nf + 1.0) / 24.0 - tie_term / 48.0).sqrt();
    if sigma.is_nan() || sigma <= 0.0 {
        return None;
    }
    // R's sign(): 0 at z = 0, so no correction (and p = 1) when V sits at its mean.
    let correction = if z > 0.0 {
        0.5
    } else if z < 0.0 {
        -0.5
    } else {
        0.0
    };
    let z = (z - correction) / sigma;
    let normal = Normal::new(0.0, 1.0).ok()?;
    Some((2.0 * normal.cdf(z).min(normal.sf(z))).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sum_to_two_to_the_n() {
        for n in [1usize, 5, 20, 49] {
            let total: f64 = signed_rank_counts(n).iter().sum();
            assert_eq!(total, 2f64.powi(n as i32));
        }
    }

    #[test]
    fn ties_get_average_ranks() {
        let (ranks, ties) = average_ranks_of_abs(&[1.0, -2.0, 2.0, 3.0]);
        assert_eq!(ranks, vec![1.0, 2.5, 2.5, 4.0]);
        assert_eq!(ties, vec![2]);
    }
}
