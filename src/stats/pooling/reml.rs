//! τ² by restricted maximum likelihood with Fisher scoring, as metafor's
//! `rma(yi, vi, method = "REML")` for a model with an intercept only.
//!
//! metafor's defaults are kept: the Hedges (HE) estimate truncated at 0 as the starting value,
//! step halving so that τ² never goes below 0, convergence when a step changes τ² by no more than
//! 1e-5, at most 100 iterations, and the check that the restricted likelihood at τ² = 0 is not
//! higher than at the estimate (then τ² = 0). With one column in the design matrix every matrix
//! product of metafor's code reduces to sums over the studies.
//!
//! Where metafor stops ("Fisher scoring algorithm did not converge") and suggests more iterations,
//! which happens when the likelihood is flat and the maximum sits at or near τ² = 0, the score
//! equation is solved by bisection on a bracket instead: the answer metafor gives with
//! `control = list(maxiter = 100000, threshold = 1e-12)`.

/// metafor's `control` defaults for the Fisher scoring.
const THRESHOLD: f64 = 1e-5;
const MAX_ITERATIONS: usize = 100;
/// `.Machine$double.eps^0.25`: how much higher the likelihood at τ² = 0 must be to be taken.
const LL0_TOLERANCE: f64 = 1.220_703_125e-4;

/// Why τ² could not be estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemlError {
    /// Neither Fisher scoring in 100 iterations nor the bisection found the maximum (the score
    /// stayed positive however large τ² was taken).
    NotConverged,
    /// A weight or step was not a finite number.
    NotFinite,
}

/// Sums over the studies of the inverse-variance weights `w = 1/(vi + τ²)` that the REML score,
/// information and likelihood need.
struct Weighted {
    /// Σw, Σw², Σw³.
    s1: f64,
    s2: f64,
    s3: f64,
    /// Σw(y − mean)², which is `y'Py`.
    rss: f64,
    /// Σw²(y − mean)², which is `y'PPy`.
    rss2: f64,
}

impl Weighted {
    fn new(yi: &[f64], vi: &[f64], tau2: f64) -> Option<Weighted> {
        let w: Vec<f64> = vi.iter().map(|v| 1.0 / (v + tau2)).collect();
        if w.iter().any(|w| !w.is_finite() || *w <= 0.0) {
            return None;
        }
        let s1: f64 = w.iter().sum();
        let s2: f64 = w.iter().map(|w| w * w).sum();
        let s3: f64 = w.iter().map(|w| w * w * w).sum();
        let mean = w.iter().zip(yi).map(|(w, y)| w * y).sum::<f64>() / s1;
        let rss = w.iter().zip(yi).map(|(w, y)| w * (y - mean).powi(2)).sum();
        let rss2 = w.iter().zip(yi).map(|(w, y)| (w * (y - mean)).powi(2)).sum();
        Some(Weighted { s1, s2, s3, rss, rss2 })
    }

    /// tr(P) with `P = W − w w'/Σw`.
    fn trace_p(&self) -> f64 {
        self.s1 - self.s2 / self.s1
    }

    /// tr(PP) = Σw² − 2Σw³/Σw + (Σw²)²/(Σw)².
    fn trace_pp(&self) -> f64 {
        self.s2 - 2.0 * self.s3 / self.s1 + (self.s2 / self.s1).powi(2)
    }

    /// Twice the derivative of the restricted log-likelihood in τ²: `y'PPy − tr(P)`.
    fn score(&self) -> f64 {
        self.rss2 - self.trace_p()
    }
}

/// The restricted log-likelihood at τ² (without the constant that cancels in comparisons).
fn restricted_ll(yi: &[f64], vi: &[f64], tau2: f64) -> Option<f64> {
    let k = yi.len() as f64;
    let w = Weighted::new(yi, vi, tau2)?;
    let log_det: f64 = vi.iter().map(|v| (v + tau2).ln()).sum();
    Some(-0.5 * (k - 1.0) * (2.0 * std::f64::consts::PI).ln() - 0.5 * log_det - 0.5 * w.s1.ln() - 0.5 * w.rss)
}

/// The REML estimate of τ² for effect sizes `yi` with sampling variances `vi` (all positive,
/// at least two studies; the caller checks).
///
/// # Errors
///
/// [`RemlError::NotConverged`] when no maximum is found, [`RemlError::NotFinite`] when a weight
/// is not finite.
pub fn tau2_reml(yi: &[f64], vi: &[f64]) -> Result<f64, RemlError> {
    let tau2 = match fisher_scoring(yi, vi) {
        Err(RemlError::NotConverged) => bisect_score(yi, vi)?,
        other => other?,
    };
    // metafor's check for a local maximum: the likelihood at τ² = 0 must not be clearly higher.
    if tau2 > THRESHOLD
        && let (Some(ll0), Some(ll)) = (restricted_ll(yi, vi, 0.0), restricted_ll(yi, vi, tau2))
        && ll0 - ll > LL0_TOLERANCE
    {
        return Ok(0.0);
    }
    Ok(tau2.max(0.0))
}

/// metafor's Fisher scoring from Hedges' estimate.
fn fisher_scoring(yi: &[f64], vi: &[f64]) -> Result<f64, RemlError> {
    let k = yi.len() as f64;
    // Hedges' estimator as the starting value: Σ(y − ȳ)²/(k − 1) − mean(v), truncated at 0.
    let mean_y = yi.iter().sum::<f64>() / k;
    let ss = yi.iter().map(|y| (y - mean_y).powi(2)).sum::<f64>();
    let hedges = ss / (k - 1.0) - vi.iter().sum::<f64>() / k;
    let mut tau2 = hedges.max(0.0);
    if !tau2.is_finite() {
        return Err(RemlError::NotFinite);
    }
    let mut iterations = 0;
    loop {
        iterations += 1;
        let w = Weighted::new(yi, vi, tau2).ok_or(RemlError::NotFinite)?;
        let mut step = w.score() / w.trace_pp();
        if !step.is_finite() {
            // A saturated fit (tr(PP) = 0) has nothing to move; metafor sets the step to 0 too.
            step = 0.0;
        }
        // Step halving as metafor: a negative step from τ² = 0 halves down to exactly 0.
        while tau2 + step < 0.0 {
            step /= 2.0;
        }
        let old = tau2;
        tau2 += step;
        if iterations > MAX_ITERATIONS {
            return Err(RemlError::NotConverged);
        }
        if (old - tau2).abs() <= THRESHOLD {
            return Ok(tau2);
        }
    }
}

/// The root of the score on τ² ≥ 0 by bisection: 0 when the score is not positive there (the
/// likelihood falls from the boundary), otherwise the point where it changes sign, bracketed by
/// doubling. For large τ² the score behaves as −(k − 1)/τ², so a bracket exists for any data
/// with finite figures.
fn bisect_score(yi: &[f64], vi: &[f64]) -> Result<f64, RemlError> {
    let score = |tau2: f64| Weighted::new(yi, vi, tau2).map(|w| w.score()).ok_or(RemlError::NotFinite);
    if score(0.0)? <= 0.0 {
        return Ok(0.0);
    }
    let mut low = 0.0;
    let mut high = vi.iter().copied().fold(f64::MIN_POSITIVE, f64::max);
    while score(high)? > 0.0 {
        low = high;
        high *= 2.0;
        if !high.is_finite() {
            return Err(RemlError::NotConverged);
        }
    }
    // Halve until the bracket is as narrow as the figures allow (at most ~1100 halvings of f64).
    loop {
        let middle = 0.5 * (low + high);
        if middle <= low || middle >= high {
            return Ok(middle);
        }
        if score(middle)? > 0.0 {
            low = middle;
        } else {
            high = middle;
        }
    }
}

/// The weights `1/(vi + τ²)`, their sum and the weighted mean; used by the fit.
pub(super) fn weighted_mean(yi: &[f64], vi: &[f64], tau2: f64) -> Option<(Vec<f64>, f64, f64)> {
    let w: Vec<f64> = vi.iter().map(|v| 1.0 / (v + tau2)).collect();
    if w.iter().any(|w| !w.is_finite() || *w <= 0.0) {
        return None;
    }
    let sum: f64 = w.iter().sum();
    let mean = w.iter().zip(yi).map(|(w, y)| w * y).sum::<f64>() / sum;
    mean.is_finite().then_some((w, sum, mean))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn homogeneous_studies_give_zero() {
        let yi = [0.5, 0.5, 0.5, 0.5];
        let vi = [0.04, 0.05, 0.03, 0.06];
        assert_eq!(tau2_reml(&yi, &vi), Ok(0.0));
    }

    #[test]
    fn the_estimate_is_a_root_of_the_score() {
        let yi = [0.1, 0.9, 0.4, 1.3, -0.2];
        let vi = [0.02, 0.03, 0.025, 0.04, 0.03];
        let tau2 = tau2_reml(&yi, &vi).unwrap();
        assert!(tau2 > 0.0);
        let w = Weighted::new(&yi, &vi, tau2).unwrap();
        assert!(((w.rss2 - w.trace_p()) / w.trace_pp()).abs() < 1e-5);
    }

    #[test]
    fn the_trace_of_pp_matches_the_matrix() {
        let yi = [0.1, 0.9, 0.4];
        let vi = [0.02, 0.03, 0.05];
        let w = Weighted::new(&yi, &vi, 0.01).unwrap();
        let wv: Vec<f64> = vi.iter().map(|v| 1.0 / (v + 0.01)).collect();
        let p = |i: usize, j: usize| f64::from(u8::from(i == j)) * wv[i] - wv[i] * wv[j] / w.s1;
        let direct: f64 = (0..3).flat_map(|i| (0..3).map(move |j| (i, j))).map(|(i, j)| p(i, j).powi(2)).sum();
        assert!((direct - w.trace_pp()).abs() < 1e-9 * direct);
    }
}
