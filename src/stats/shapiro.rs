//! Shapiro–Wilk normality test by Royston's algorithm AS R94 (1995), as R's `shapiro.test`.
//!
//! The W statistic is the squared correlation between the sorted sample and approximate normal
//! scores coefficients; its p-value comes from Royston's normalising transformations of `1 − W`
//! (polynomials in n for n ≤ 11, in log n above). Valid for 3 ≤ n ≤ 5000.

use statrs::distribution::{ContinuousCDF, Normal};

/// Result of a Shapiro–Wilk test.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapiroWilk {
    /// The W statistic, in (0, 1].
    pub w: f64,
    /// p-value for the null hypothesis of normality.
    pub p: f64,
}

/// Royston's polynomial coefficients (AS R94), lowest order first.
const C1: [f64; 6] = [0.0, 0.221157, -0.147981, -2.07119, 4.434685, -2.706056];
const C2: [f64; 6] = [0.0, 0.042981, -0.293762, -1.752461, 5.682633, -3.582633];
const C3: [f64; 4] = [0.544, -0.39978, 0.025054, -6.714e-4];
const C4: [f64; 4] = [1.3822, -0.77857, 0.062767, -0.0020322];
const C5: [f64; 4] = [-1.5861, -0.31082, -0.083751, 0.0038915];
const C6: [f64; 3] = [-0.4803, -0.082676, 0.0030302];
const G: [f64; 2] = [-2.273, 0.459];

/// Smallest and largest sample sizes the approximation covers.
const MIN_N: usize = 3;
const MAX_N: usize = 5000;

/// Shapiro–Wilk test of `x` for normality.
///
/// NaNs are dropped first (R's `complete.cases`). `None` when fewer than 3 or more than 5000
/// values remain, any value is infinite, or all values are equal (range 0), where R stops with an
/// error.
pub fn shapiro_wilk(x: &[f64]) -> Option<ShapiroWilk> {
    // Count before copying: a million-row outcome should not allocate just to be refused.
    let n = x.iter().filter(|v| !v.is_nan()).count();
    if !(MIN_N..=MAX_N).contains(&n) || x.iter().any(|v| v.is_infinite()) {
        return None;
    }
    let mut x: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    x.sort_by(f64::total_cmp);
    let mut range = x[n - 1] - x[0];
    if range.is_nan() || range <= 0.0 {
        return None;
    }
    // As R: rescale a tiny range so the algorithm's own zero-range guard (1e-19) is not hit.
    if range < 1e-10 {
        x.iter_mut().for_each(|v| *v /= range);
        range = x[n - 1] - x[0];
    }
    let normal = Normal::new(0.0, 1.0).ok()?;
    let half = coefficients(n, &normal);

    // Coefficient for sorted position i (0-based): −a for the lower half, +a for the upper half,
    // 0 for the middle of an odd sample.
    let coef = |i: usize| -> f64 {
        let j = n - 1 - i;
        match i.cmp(&j) {
            std::cmp::Ordering::Less => -half[i],
            std::cmp::Ordering::Greater => half[j],
            std::cmp::Ordering::Equal => 0.0,
        }
    };
    let nf = n as f64;
    let coef_mean = (0..n).map(coef).sum::<f64>() / nf;
    let x_mean = x.iter().map(|v| v / range).sum::<f64>() / nf;
    let (mut ssa, mut ssx, mut sax) = (0.0, 0.0, 0.0);
    for (i, xi) in x.iter().enumerate() {
        let asa = coef(i) - coef_mean;
        let xsx = xi / range - x_mean;
        ssa += asa * asa;
        ssx += xsx * xsx;
        sax += asa * xsx;
    }
    // 1 − W computed directly keeps precision when W is very close to 1 (large samples).
    let ssassx = (ssa * ssx).sqrt();
    let mut w1 = (ssassx - sax) * (ssassx + sax) / (ssa * ssx);
    // A sample exactly linear in the coefficients has W = 1, but rounding can leave `sax` an ulp
    // above `ssassx`: 1 − W < 0 would give W > 1 and a NaN p from ln(1 − W). (NaN stays NaN.)
    if w1 < 0.0 {
        w1 = 0.0;
    }
    let w = 1.0 - w1;
    if !w.is_finite() {
        return None;
    }
    let p = p_value(w, w1, n, &normal);
    Some(ShapiroWilk { w, p })
}

/// The n/2 positive coefficients `a`, largest first (for the extreme order statistics).
fn coefficients(n: usize, normal: &Normal) -> Vec<f64> {
    if n == 3 {
        return vec![std::f64::consts::FRAC_1_SQRT_2];
    }
    let nf = n as f64;
    // Blom-type normal scores m_i for the lower half (all negative).
    let m: Vec<f64> = (1..=n / 2).map(|i| normal.inverse_cdf((i as f64 - 0.375) / (nf + 0.25))).collect();
    let summ2 = 2.0 * m.iter().map(|v| v * v).sum::<f64>();
    let ssumm2 = summ2.sqrt();
    let rsn = 1.0 / nf.sqrt();
    // The one or two extreme coefficients come from Royston's polynomials; the rest are the
    // normal scores rescaled so the whole vector has unit length.
    let a1 = poly(&C1, rsn) - m[0] / ssumm2;
    let mut a: Vec<f64>;
    if n > 5 {
        let a2 = -m[1] / ssumm2 + poly(&C2, rsn);
        let fac = ((summ2 - 2.0 * m[0] * m[0] - 2.0 * m[1] * m[1]) / (1.0 - 2.0 * a1 * a1 - 2.0 * a2 * a2)).sqrt();
        a = m.iter().map(|v| -v / fac).collect();
        a[1] = a2;
    } else {
        let fac = ((summ2 - 2.0 * m[0] * m[0]) / (1.0 - 2.0 * a1 * a1)).sqrt();
        a = m.iter().map(|v| -v / fac).collect();
    }
    a[0] = a1;
    a
}

/// Royston's p-value for W (with `w1 = 1 − W` computed directly).
fn p_value(w: f64, w1: f64, n: usize, normal: &Normal) -> f64 {
    let nf = n as f64;
    if n == 3 {
        // Exact distribution for n = 3: p = 6/π · (asin(√W) − π/3).
        let p = 6.0 / std::f64::consts::PI * (w.sqrt().asin() - std::f64::consts::FRAC_PI_3);
        return p.clamp(0.0, 1.0);
    }
    let mut y = w1.ln();
    let (m, s) = if n <= 11 {
        let gamma = poly(&G, nf);
        if y >= gamma {
            // Beyond the transformation's domain: W is so small that p is effectively 0 (R: 1e-99).
            return 1e-99;
        }
        y = -(gamma - y).ln();
        (poly(&C3, nf), poly(&C4, nf).exp())
    } else {
        let ln_n = nf.ln();
        (poly(&C5, ln_n), poly(&C6, ln_n).exp())
    };
    normal.sf((y - m) / s)
}

/// Polynomial with coefficients `c` (lowest order first) at `x`, by Horner's rule.
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Samples on a straight line against the coefficients (W = 1 on paper), shifted and scaled.
    /// Before 1 − W was kept at or above 0, n = 4 scaled by 7.4 and shifted by −10.7 (k = 20) gave
    /// W = 1.0000000000000002 and p = NaN.
    #[test]
    fn a_sample_proportional_to_the_coefficients_has_w_one_and_p_one() {
        let normal = Normal::new(0.0, 1.0).unwrap();
        for n in 3..=60 {
            let half = coefficients(n, &normal);
            let coef = |i: usize| match i.cmp(&(n - 1 - i)) {
                std::cmp::Ordering::Less => -half[i],
                std::cmp::Ordering::Greater => half[n - 1 - i],
                std::cmp::Ordering::Equal => 0.0,
            };
            for k in 1..200 {
                let (scale, shift) = (f64::from(k) * 0.37, f64::from(k % 17) * 3.1 - 20.0);
                let x: Vec<f64> = (0..n).map(|i| coef(i) * scale + shift).collect();
                let sw = shapiro_wilk(&x).expect("a spread-out sample");
                assert!(sw.w <= 1.0 && sw.w > 1.0 - 1e-12, "n = {n}, k = {k}: {sw:?}");
                assert!(sw.p > 1.0 - 1e-6 && sw.p <= 1.0, "n = {n}, k = {k}: {sw:?}");
            }
        }
    }
}
