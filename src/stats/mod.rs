//! Pure statistical functions behind the report, matching R to 1e-9 relative.
//!
//! Every function takes plain slices and returns `None` (or a comparison with `None` fields) when a
//! value cannot be computed; nothing here panics, whatever the input. The definitions follow the
//! "Statistics" section of the design: paired t as `t.test(paired = TRUE)`, Wilcoxon signed-rank as
//! `wilcox.test(paired = TRUE)`, Shapiro–Wilk as `shapiro.test`, d_z with a noncentral-t interval
//! as `MBESS::ci.sm`, Cronbach's alpha and Holm's adjustment as `p.adjust`. Spearman's rho (for
//! dose–response) follows `cor.test(method = "spearman", exact = FALSE)`, with a Fisher-z interval.

pub mod adjust;
pub mod alpha;
pub mod effect;
pub mod noncentral_t;
pub mod paired;
pub mod pooling;
pub mod shapiro;
pub mod spearman;
pub mod t_test;
pub mod wilcoxon;

pub use adjust::holm;
pub use alpha::{cronbach_alpha, cronbach_alpha_of, cronbach_alpha_with};
pub use effect::{dav, dz, gav, hedges_j};
pub use noncentral_t::{dz_interval, pnt};
pub use paired::{PairedComparison, compare};
pub use shapiro::{ShapiroWilk, shapiro_wilk};
pub use spearman::{Spearman, average_ranks, spearman};
pub use t_test::{PairedT, paired_t};
pub use wilcoxon::{Wilcoxon, signed_rank};

/// Arithmetic mean of `x`; `None` when `x` is empty or the mean is not finite.
///
/// Like R's `mean`, a second pass adds the mean residual, which removes most rounding error when
/// the values are large and close together.
pub fn mean(x: &[f64]) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let first = x.iter().sum::<f64>() / n;
    let m = first + x.iter().map(|v| v - first).sum::<f64>() / n;
    m.is_finite().then_some(m)
}

/// Sample standard deviation of `x` (denominator n − 1), as R's `sd`.
///
/// `None` when there are fewer than two values or the result is not finite.
pub fn sd(x: &[f64]) -> Option<f64> {
    variance(x).map(f64::sqrt)
}

/// Sample variance (denominator n − 1); `None` when n < 2 or the result is not finite.
pub fn variance(x: &[f64]) -> Option<f64> {
    if x.len() < 2 {
        return None;
    }
    let m = mean(x)?;
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    let var = ss / (x.len() - 1) as f64;
    var.is_finite().then_some(var)
}

/// Pearson correlation of paired values `x` and `y`, as R's `cor(x, y)`.
///
/// `None` when the slices differ in length, hold fewer than two pairs, or either has zero
/// variance (the correlation is then undefined).
pub fn pearson_r(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (mx, my) = (mean(x)?, mean(y)?);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        let (dx, dy) = (a - mx, b - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    // Rounding can push |r| a hair past 1 for perfectly linear data; R clamps the same way.
    let r = (sxy / (sxx.sqrt() * syy.sqrt())).clamp(-1.0, 1.0);
    r.is_finite().then_some(r)
}
