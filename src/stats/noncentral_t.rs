//! Noncentral t distribution and the confidence interval of d_z it yields.
//!
//! The CDF follows Lenth's algorithm AS 243 (1989) with the refinements R's `pt(q, df, ncp)`
//! applies: the twin series of Guenther (1978) in incomplete beta functions, the same stopping
//! rule, and a normal approximation for huge df or noncentrality.

use statrs::distribution::{ContinuousCDF, Normal, StudentsT};
use statrs::function::beta::checked_beta_reg;
use statrs::function::gamma::ln_gamma;

/// Series terms before giving up (as R).
const MAX_TERMS: usize = 1000;
/// Stop when the series' error bound falls below this (as R).
const ERROR_BOUND: f64 = 1e-12;
/// Beyond this squared noncentrality `exp(−δ²/2)` underflows, so R switches to a normal
/// approximation: `2 · ln 2 · 1021` (1021 = −DBL_MIN_EXP).
const DEL2_LIMIT: f64 = 2.0 * std::f64::consts::LN_2 * 1021.0;
/// `ln √π`.
const LN_SQRT_PI: f64 = 0.572_364_942_924_700_1;
/// `√(2/π)`.
const SQRT_2_OVER_PI: f64 = 0.797_884_560_802_865_4;

/// Cumulative distribution `P(T ≤ t)` of the noncentral t with `df` degrees of freedom and
/// noncentrality `ncp`, as R's `pt(t, df, ncp)`.
///
/// Returns NaN when `df ≤ 0` or an argument is NaN.
pub fn pnt(t: f64, df: f64, ncp: f64) -> f64 {
    if df.is_nan() || df <= 0.0 || t.is_nan() || ncp.is_nan() {
        return f64::NAN;
    }
    if ncp == 0.0 {
        return StudentsT::new(0.0, 1.0, df).map_or(f64::NAN, |d| d.cdf(t));
    }
    if t.is_infinite() {
        return if t < 0.0 { 0.0 } else { 1.0 };
    }
    // For t < 0 use P(T ≤ t; δ) = 1 − P(T ≤ −t; −δ).
    let (negated, tt, del) = if t >= 0.0 {
        (false, t, ncp)
    } else {
        // P(T ≤ t) ≤ P(T ≤ 0) = Φ(−δ), negligible for δ > 40.
        if ncp > 40.0 {
            return 0.0;
        }
        (true, -t, -ncp)
    };
    let Ok(normal) = Normal::new(0.0, 1.0) else {
        return f64::NAN;
    };

    if df > 4e5 || del * del > DEL2_LIMIT {
        // Abramowitz & Stegun 26.7.10.
        let s = 1.0 / (4.0 * df);
        let z = (tt * (1.0 - s) - del) / (1.0 + tt * tt * 2.0 * s).sqrt();
        return if negated { normal.sf(z) } else { normal.cdf(z) };
    }

    let t2 = tt * tt;
    // x = t²/(t² + df) in [0, 1]; an overflowing t² means x = 1.
    let x = if t2.is_finite() { t2 / (t2 + df) } else { 1.0 };
    let mut tnc = 0.0;
    if x > 0.0 {
        let lambda = del * del;
        let mut p = 0.5 * (-0.5 * lambda).exp();
        if p == 0.0 {
            return 0.0;
        }
        let mut q = SQRT_2_OVER_PI * p * del;
        let mut s = 0.5 - p;
        // 0.5 − p cancels for small δ; expm1 keeps the digits.
        if s < 1e-7 {
            s = -0.5 * (-0.5 * lambda).exp_m1();
        }
        let mut a = 0.5;
        let b = 0.5 * df;
        let rxb = (1.0 - x).powf(b);
        let albeta = LN_SQRT_PI + ln_gamma(b) - ln_gamma(0.5 + b);
        // The checked form cannot panic; its domain (a, b > 0, x in [0, 1]) holds here anyway.
        let Ok(mut xodd) = checked_beta_reg(a, b, x) else {
            return f64::NAN;
        };
        let mut godd = 2.0 * rxb * (a * x.ln() - albeta).exp();
        let bx = b * x;
        let mut xeven = if bx < f64::EPSILON { bx } else { 1.0 - rxb };
        let mut geven = bx * rxb;
        tnc = p * xodd + q * xeven;

        for it in 1..=MAX_TERMS {
            let itf = it as f64;
            a += 1.0;
            xodd -= godd;
            xeven -= geven;
            godd *= x * (a + b - 1.0) / a;
            geven *= x * (a + b - 0.5) / (a + 0.5);
            p *= lambda / (2.0 * itf);
            q *= lambda / (2.0 * itf + 1.0);
            tnc += p * xodd + q * xeven;
            s -= p;
            // Poisson weights used up (or rounding drove them negative): the sum is complete.
            if s < -1e-10 || (s <= 0.0 && it > 1) {
                break;
            }
            let errbd = 2.0 * s * (xodd - godd);
            if errbd.abs() < ERROR_BOUND {
                break;
            }
        }
    }
    tnc += normal.cdf(-del);
    let tnc = tnc.min(1.0);
    if negated { 0.5 - tnc + 0.5 } else { tnc }
}

/// Confidence interval of Cohen's d_z from the paired t statistic, by inverting the noncentral t.
///
/// Finds the noncentralities with `pnt(t, n − 1, lo) = (1 + confidence)/2` and
/// `pnt(t, n − 1, hi) = (1 − confidence)/2` and divides both by √n, as `MBESS::ci.sm`.
/// `None` when n < 2, t is not finite, the confidence is not in (0, 1), or a root cannot be
/// bracketed.
pub fn dz_interval(t: f64, n: usize, confidence: f64) -> Option<(f64, f64)> {
    if n < 2 || !t.is_finite() || !(confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let df = (n - 1) as f64;
    let lo = ncp_for_probability(t, df, (1.0 + confidence) / 2.0)?;
    let hi = ncp_for_probability(t, df, (1.0 - confidence) / 2.0)?;
    let root_n = (n as f64).sqrt();
    Some((lo / root_n, hi / root_n))
}

/// Noncentrality δ with `pnt(t, df, δ) = target`.
///
/// `pnt` falls as δ grows, so widen a bracket around t by doubling steps, then bisect to the
/// limit of f64 resolution.
fn ncp_for_probability(t: f64, df: f64, target: f64) -> Option<f64> {
    let excess = |ncp: f64| pnt(t, df, ncp) - target;
    let (mut lo, mut hi) = (t, t);
    let mut step = 1.0;
    let mut widened = 0;
    while excess(lo) < 0.0 {
        lo -= step;
        step *= 2.0;
        widened += 1;
        if widened > 60 {
            return None;
        }
    }
    step = 1.0;
    widened = 0;
    while excess(hi) > 0.0 {
        hi += step;
        step *= 2.0;
        widened += 1;
        if widened > 60 {
            return None;
        }
    }
    // NaN from pnt would leave the loops above without a true bracket.
    if excess(lo).is_nan() || excess(hi).is_nan() {
        return None;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi || hi - lo <= 1e-14 * mid.abs().max(1.0) {
            break;
        }
        if excess(mid) >= 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(0.5 * (lo + hi))
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // R's 17-digit output, pasted verbatim
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    #[test]
    fn pnt_matches_r_pt() {
        // R: pt(t, df, ncp) → (t, df, ncp, value)
        let cases = [
            (2.0, 10.0, 1.0, 0.80761156253031108),
            (-1.5, 5.0, 0.5, 0.03926767466204073),
            (-2.0, 15.0, -1.2, 0.23558761869676315),
            (25.0, 40.0, 30.0, 0.043492463994757667),
            (45.0, 30.0, 40.0, 0.78364853330645401),
        ];
        for (t, df, ncp, expected) in cases {
            let got = pnt(t, df, ncp);
            assert!(rel(got, expected) < 1e-9, "pt({t}, {df}, {ncp}) = {got}");
        }
    }

    #[test]
    fn ncp_root_reproduces_its_target() {
        let ncp = ncp_for_probability(2.5, 11.0, 0.975).expect("bracketed");
        assert!((pnt(2.5, 11.0, ncp) - 0.975).abs() < 1e-12);
    }

    #[test]
    fn dz_interval_mirrors_under_sign_change() {
        let (lo, hi) = dz_interval(3.0, 8, 0.95).expect("interval");
        let (nlo, nhi) = dz_interval(-3.0, 8, 0.95).expect("interval");
        assert!(rel(-nhi, lo) < 1e-10 && rel(-nlo, hi) < 1e-10);
    }
}
