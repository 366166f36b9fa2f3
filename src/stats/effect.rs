//! Standardised effect sizes for paired designs (Lakens 2013 naming).
//!
//! - `d_z`: mean difference over the SD of the differences — what the paired t tests.
//! - `d_av`: mean difference over the average of the two timepoint SDs — comparable with
//!   between-group d.
//! - `g_av`: `d_av` with Hedges' small-sample correction.

use super::{mean, sd};

/// Cohen's d_z of the differences `d`: `mean(d) / sd(d)`.
///
/// `None` when there are fewer than two differences or their SD is zero.
pub fn dz(d: &[f64]) -> Option<f64> {
    let s = sd(d)?;
    if s <= 0.0 {
        return None;
    }
    let v = mean(d)? / s;
    v.is_finite().then_some(v)
}

/// Cohen's d_av: `diff_mean / ((sd_from + sd_to) / 2)`.
///
/// `None` when the average SD is zero (or any input is not finite).
pub fn dav(diff_mean: f64, sd_from: f64, sd_to: f64) -> Option<f64> {
    let avg = (sd_from + sd_to) / 2.0;
    if avg.is_nan() || avg <= 0.0 {
        return None;
    }
    let v = diff_mean / avg;
    v.is_finite().then_some(v)
}

/// Hedges' small-sample correction `J = 1 − 3 / (4(n − 1) − 1)` for `n` pairs.
///
/// `None` when n < 2 (no degrees of freedom). Note J = 0 at n = 2.
pub fn hedges_j(n: usize) -> Option<f64> {
    if n < 2 {
        return None;
    }
    Some(1.0 - 3.0 / (4.0 * (n as f64 - 1.0) - 1.0))
}

/// Hedges' g_av: `dav × J(n)`; `None` when n < 2.
pub fn gav(dav: f64, n: usize) -> Option<f64> {
    let v = dav * hedges_j(n)?;
    v.is_finite().then_some(v)
}
