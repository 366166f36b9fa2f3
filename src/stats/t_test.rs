//! Paired t-test on differences, as R's `t.test(x, y, paired = TRUE)`.

use statrs::distribution::{ContinuousCDF, StudentsT};

use super::{mean, sd};

/// Result of a paired (one-sample on differences) t-test.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedT {
    /// t statistic, `mean(d) / (sd(d) / √n)`.
    pub t: f64,
    /// Degrees of freedom, `n − 1`.
    pub df: f64,
    /// Two-sided p-value from Student's t.
    pub p: f64,
    /// Confidence interval of `mean(d)`; `None` when the confidence level is not in (0, 1).
    pub ci: Option<(f64, f64)>,
}

/// Paired t-test on the differences `d` (one per participant) with a `confidence` interval.
///
/// `None` when there are fewer than two differences, a value is not finite, or the differences are
/// essentially constant (standard error below `10·ε·|mean|`, where R's `t.test` stops with "data
/// are essentially constant"): t would be infinite or meaningless.
pub fn paired_t(d: &[f64], confidence: f64) -> Option<PairedT> {
    let n = d.len();
    if n < 2 {
        return None;
    }
    let m = mean(d)?;
    let se = sd(d)? / (n as f64).sqrt();
    if se.is_nan() || se <= 10.0 * f64::EPSILON * m.abs() {
        return None;
    }
    let df = (n - 1) as f64;
    let t = m / se;
    let dist = StudentsT::new(0.0, 1.0, df).ok()?;
    // Upper tail through `sf`: `1 − cdf` would lose the small p-values to cancellation.
    let p = (2.0 * dist.sf(t.abs())).min(1.0);
    let ci = (confidence > 0.0 && confidence < 1.0).then(|| {
        let q = dist.inverse_cdf((1.0 + confidence) / 2.0);
        (m - q * se, m + q * se)
    });
    Some(PairedT { t, df, p, ci })
}
