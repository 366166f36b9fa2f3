//! Standardised mean change of one study (site) from its summary figures, as metafor's `escalc`
//! with `m1i` = post mean, `m2i` = pre mean, `sd1i` = pre SD, `sd2i` = post SD, `ri`, `ni` and the
//! default large-sample variance (`vtype = "LS"`).

use std::fmt;

use serde::{Deserialize, Serialize};
use statrs::function::gamma::ln_gamma;

/// How the mean change is standardised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Effect {
    /// Raw-score standardisation by the pre SD (Becker 1988): `escalc("SMCR")`.
    Smcr,
    /// Change-score standardisation by the SD of the changes: `escalc("SMCC")`.
    Smcc,
}

impl Effect {
    /// The name used in results and configuration: `smcr` or `smcc`.
    pub fn key(self) -> &'static str {
        match self {
            Effect::Smcr => "smcr",
            Effect::Smcc => "smcc",
        }
    }
}

/// The summary figures of one study's analysed pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The study's (site's) name as shown.
    pub name: String,
    /// Number of analysed pairs.
    pub n: usize,
    /// Mean of the earlier timepoint.
    pub pre_mean: f64,
    /// SD of the earlier timepoint.
    pub pre_sd: f64,
    /// Mean of the later timepoint.
    pub post_mean: f64,
    /// SD of the later timepoint.
    pub post_sd: f64,
    /// Pearson correlation of the pre and post scores.
    pub r: f64,
}

/// A study's effect size `yi` and its sampling variance `vi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EffectSize {
    /// Bias-corrected standardised mean change; the sign follows post − pre.
    pub yi: f64,
    /// Large-sample sampling variance.
    pub vi: f64,
}

/// Why a study's effect size cannot be computed.
#[derive(Debug, Clone, PartialEq)]
pub enum Degenerate {
    /// Fewer than 3 pairs: the bias correction `c(n − 1)` needs n − 1 > 1.
    TooFewPairs(usize),
    /// A figure is not a finite number.
    NotFinite(&'static str),
    /// The standardising SD is zero or negative.
    NoSpread(&'static str),
    /// The correlation is not strictly between −1 and 1.
    Correlation(f64),
    /// The sampling variance came out zero (no spread in the changes and no change).
    ZeroVariance,
}

impl fmt::Display for Degenerate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Degenerate::TooFewPairs(n) => write!(f, "{n} pairs; a standardised change needs at least 3"),
            Degenerate::NotFinite(what) => write!(f, "the {what} is not a finite number"),
            Degenerate::NoSpread(what) => write!(f, "the {what} is zero, so the change cannot be standardised"),
            Degenerate::Correlation(r) => write!(f, "the pre–post correlation is {r}, not strictly between −1 and 1"),
            Degenerate::ZeroVariance => write!(f, "the effect size's sampling variance is zero"),
        }
    }
}

impl std::error::Error for Degenerate {}

/// metafor's exact small-sample correction `c(m) = Γ(m/2) / (√(m/2)·Γ((m−1)/2))`, computed on the
/// log scale so that large m cannot overflow. `None` when m ≤ 1 (metafor gives NA).
pub fn correction(m: f64) -> Option<f64> {
    if !(m.is_finite() && m > 1.0) {
        return None;
    }
    let c = (ln_gamma(m / 2.0) - (m / 2.0).sqrt().ln() - ln_gamma((m - 1.0) / 2.0)).exp();
    c.is_finite().then_some(c)
}

/// The effect size of `s` standardised as `effect`.
///
/// SMCR: `yi = c(n−1)·(post − pre)/sd_pre`, `vi = 2(1 − r)/n + yi²/(2n)`.
/// SMCC: `yi = c(n−1)·(post − pre)/sd_change` with
/// `sd_change = √(sd_pre² + sd_post² − 2·r·sd_pre·sd_post)`, `vi = 1/n + yi²/(2n)`.
///
/// # Errors
///
/// [`Degenerate`] when n < 3, a figure is not finite, the standardising SD is not positive, r is
/// not strictly between −1 and 1, or the variance is not positive.
pub fn effect_size(effect: Effect, s: &Summary) -> Result<EffectSize, Degenerate> {
    if s.n < 3 {
        return Err(Degenerate::TooFewPairs(s.n));
    }
    for (value, what) in [
        (s.pre_mean, "pre mean"),
        (s.post_mean, "post mean"),
        (s.pre_sd, "pre SD"),
        (s.post_sd, "post SD"),
        (s.r, "pre–post correlation"),
    ] {
        if !value.is_finite() {
            return Err(Degenerate::NotFinite(what));
        }
    }
    if !(s.r > -1.0 && s.r < 1.0) {
        return Err(Degenerate::Correlation(s.r));
    }
    let n = s.n as f64;
    let c = correction(n - 1.0).ok_or(Degenerate::TooFewPairs(s.n))?;
    let change = s.post_mean - s.pre_mean;
    let (yi, vi) = match effect {
        Effect::Smcr => {
            if s.pre_sd <= 0.0 {
                return Err(Degenerate::NoSpread("pre SD"));
            }
            let yi = c * change / s.pre_sd;
            (yi, 2.0 * (1.0 - s.r) / n + yi * yi / (2.0 * n))
        }
        Effect::Smcc => {
            if s.pre_sd < 0.0 || s.post_sd < 0.0 {
                return Err(Degenerate::NoSpread(if s.pre_sd < 0.0 { "pre SD" } else { "post SD" }));
            }
            let var = s.pre_sd * s.pre_sd + s.post_sd * s.post_sd - 2.0 * s.r * s.pre_sd * s.post_sd;
            if var.is_nan() || var <= 0.0 {
                return Err(Degenerate::NoSpread("SD of the changes"));
            }
            let yi = c * change / var.sqrt();
            (yi, 1.0 / n + yi * yi / (2.0 * n))
        }
    };
    if !(yi.is_finite() && vi.is_finite()) {
        return Err(Degenerate::NotFinite("effect size"));
    }
    if vi <= 0.0 {
        return Err(Degenerate::ZeroVariance);
    }
    Ok(EffectSize { yi, vi })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(n: usize, r: f64) -> Summary {
        Summary { name: "A".into(), n, pre_mean: 2.0, pre_sd: 0.5, post_mean: 2.4, post_sd: 0.6, r }
    }

    #[test]
    fn the_correction_is_below_one_and_tends_to_one() {
        assert_eq!(correction(1.0), None);
        assert_eq!(correction(f64::NAN), None);
        let c = correction(9.0).unwrap();
        assert!(c < 1.0 && c > 0.9);
        // Hedges' approximation 1 − 3/(4m − 1) agrees closely for large m.
        let m = 400.0;
        assert!((correction(m).unwrap() - (1.0 - 3.0 / (4.0 * m - 1.0))).abs() < 1e-6);
        assert!(correction(1e9).unwrap() <= 1.0);
    }

    #[test]
    fn degenerate_figures_are_errors() {
        assert_eq!(effect_size(Effect::Smcr, &summary(2, 0.5)), Err(Degenerate::TooFewPairs(2)));
        assert_eq!(effect_size(Effect::Smcr, &summary(10, 1.0)), Err(Degenerate::Correlation(1.0)));
        assert_eq!(effect_size(Effect::Smcc, &summary(10, -1.0)), Err(Degenerate::Correlation(-1.0)));
        let flat = Summary { pre_sd: 0.0, ..summary(10, 0.5) };
        assert_eq!(effect_size(Effect::Smcr, &flat), Err(Degenerate::NoSpread("pre SD")));
        let constant = Summary { pre_sd: 0.0, post_sd: 0.0, ..summary(10, 0.5) };
        assert_eq!(effect_size(Effect::Smcc, &constant), Err(Degenerate::NoSpread("SD of the changes")));
        let nan = Summary { post_mean: f64::NAN, ..summary(10, 0.5) };
        assert_eq!(effect_size(Effect::Smcc, &nan), Err(Degenerate::NotFinite("post mean")));
    }

    #[test]
    fn the_sign_follows_the_change() {
        let up = effect_size(Effect::Smcr, &summary(10, 0.5)).unwrap();
        assert!(up.yi > 0.0 && up.vi > 0.0);
        let down = Summary { post_mean: 1.6, ..summary(10, 0.5) };
        assert!(effect_size(Effect::Smcc, &down).unwrap().yi < 0.0);
    }
}
