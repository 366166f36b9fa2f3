//! Pooling one outcome across studies (sites, or programmes of a portfolio), as R's metafor.
//!
//! - [`effect_size`]: each study's standardised mean change and its sampling variance from its
//!   summary figures, as `escalc("SMCR")` or `escalc("SMCC")`.
//! - [`fit`]: the pooled estimate from `yi` and `vi`: random effects with τ² by REML and the
//!   Knapp–Hartung test, as `rma(yi, vi, method = "REML", test = "knha")` with `predict()` for
//!   the prediction interval and `weights()`; or the common-effect model, as
//!   `rma(yi, vi, method = "EE")`.
//! - [`pool`]: both steps for one outcome, giving a [`Pooled`] whose fields are the
//!   `pooled` entry of results.json.
//!
//! One study gives [`NotPooled::OneStudy`], not an estimate; two give an estimate whose τ² is very
//! uncertain ([`Pooled::tau2_very_uncertain`]). Nothing here panics or returns NaN.

mod effect;
mod reml;

use std::fmt;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

pub use effect::{Degenerate, Effect, EffectSize, Summary, correction, effect_size};
pub use reml::{RemlError, tau2_reml};

/// Which model pools the studies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Random effects: τ² by REML, the Knapp–Hartung test and CI, a prediction interval.
    Random,
    /// Common (equal) effect: inverse-variance weights and a z test.
    Common,
}

impl Model {
    /// metafor's name of the estimator: `REML` or `EE`.
    pub fn method(self) -> &'static str {
        match self {
            Model::Random => "REML",
            Model::Common => "EE",
        }
    }

    /// metafor's name of the test: `knha` or `z`.
    pub fn test(self) -> &'static str {
        match self {
            Model::Random => "knha",
            Model::Common => "z",
        }
    }
}

/// The pooled estimate of `yi` with sampling variances `vi`, as metafor's `rma`.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// The model that was fitted.
    pub model: Model,
    /// Number of studies.
    pub k: usize,
    /// The pooled effect.
    pub estimate: f64,
    /// Its standard error (Knapp–Hartung scaled under the random model).
    pub se: f64,
    /// Its confidence interval.
    pub ci: (f64, f64),
    /// The test statistic, t (random) or z (common); `None` when the standard error is 0.
    pub statistic: Option<f64>,
    /// Degrees of freedom of t, `k − 1`; `None` for the z test.
    pub df: Option<usize>,
    /// Two-sided p-value of the estimate; `None` when the statistic is.
    pub p: Option<f64>,
    /// Between-study variance τ² (0 under the common model).
    pub tau2: f64,
    /// I² in percent.
    pub i2: f64,
    /// Cochran's Q.
    pub q: f64,
    /// Its degrees of freedom, `k − 1`.
    pub q_df: usize,
    /// Its p-value from χ²(k − 1).
    pub q_p: f64,
    /// The prediction interval for a new study (random model only).
    pub pi: Option<(f64, f64)>,
    /// Each study's share of the weight, in percent, in the order given.
    pub weights: Vec<f64>,
}

/// Why an outcome was not pooled.
#[derive(Debug, Clone, PartialEq)]
pub enum NotPooled {
    /// No studies.
    NoStudies,
    /// One study: there is nothing to pool.
    OneStudy,
    /// A study's figures give no effect size.
    Degenerate {
        /// The study's name.
        study: String,
        /// Why.
        why: Degenerate,
    },
    /// A study's sampling variance is not a positive finite number, or `yi` is not finite.
    BadVariance {
        /// The study's position in the input, from 0.
        index: usize,
    },
    /// `yi` and `vi` differ in length.
    LengthMismatch,
    /// The confidence level is not strictly between 0 and 1.
    Level(f64),
    /// REML did not converge.
    Reml(RemlError),
}

impl fmt::Display for NotPooled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotPooled::NoStudies => write!(f, "there are no studies to pool"),
            NotPooled::OneStudy => write!(f, "only one study has this outcome, so nothing is pooled"),
            NotPooled::Degenerate { study, why } => write!(f, "'{study}' gives no effect size: {why}"),
            NotPooled::BadVariance { index } => {
                write!(f, "study {} has no positive finite sampling variance or effect size", index + 1)
            }
            NotPooled::LengthMismatch => write!(f, "the effect sizes and variances differ in number"),
            NotPooled::Level(level) => write!(f, "the confidence level {level} is not between 0 and 1"),
            NotPooled::Reml(RemlError::NotConverged) => {
                write!(f, "the REML estimate of τ² did not converge in 100 iterations")
            }
            NotPooled::Reml(RemlError::NotFinite) => write!(f, "the REML estimate of τ² met a non-finite weight"),
        }
    }
}

impl std::error::Error for NotPooled {}

/// Fit `model` to effect sizes `yi` with sampling variances `vi` at confidence `level` (0.95 for
/// metafor's default).
///
/// Random: τ² by REML; weights `1/(vi + τ²)`; the Knapp–Hartung variance `s²w/Σw` with
/// `s²w = Σw(y − μ̂)²/(k − 1)` (not truncated at 1, as `test = "knha"`; 0 when the residual sum
/// is below machine epsilon, as metafor); t with k − 1 df; the prediction interval
/// `μ̂ ± t(k−1)·√(se² + τ²)`; `I² = 100·τ²/(τ² + s²)` with `s² = (k−1)·Σw/((Σw)² − Σw²)`,
/// `w = 1/vi`. Common: weights `1/vi`, a z test, `I² = max(0, 100·(Q − (k−1))/Q)` as metafor.
///
/// # Errors
///
/// [`NotPooled`] with fewer than two studies, mismatched lengths, a `vi` that is not positive
/// and finite (or a `yi` that is not finite), a bad level, or a REML failure.
pub fn fit(model: Model, yi: &[f64], vi: &[f64], level: f64) -> Result<Fit, NotPooled> {
    if yi.len() != vi.len() {
        return Err(NotPooled::LengthMismatch);
    }
    match yi.len() {
        0 => return Err(NotPooled::NoStudies),
        1 => return Err(NotPooled::OneStudy),
        _ => {}
    }
    if !(level > 0.0 && level < 1.0) {
        return Err(NotPooled::Level(level));
    }
    if let Some(index) = (0..yi.len()).find(|&i| !(yi[i].is_finite() && vi[i].is_finite() && vi[i] > 0.0)) {
        return Err(NotPooled::BadVariance { index });
    }
    let k = yi.len();
    let tau2 = match model {
        Model::Random => tau2_reml(yi, vi).map_err(NotPooled::Reml)?,
        Model::Common => 0.0,
    };
    let not_finite = NotPooled::Reml(RemlError::NotFinite);
    let (w, sum_w, estimate) = reml::weighted_mean(yi, vi, tau2).ok_or(not_finite.clone())?;
    let (q, s2) = heterogeneity(yi, vi).ok_or(not_finite.clone())?;
    let q_df = k - 1;
    let chi = ChiSquared::new(q_df as f64).map_err(|_| not_finite.clone())?;
    let q_p = chi.sf(q).clamp(0.0, 1.0);
    let weights: Vec<f64> = w.iter().map(|w| 100.0 * w / sum_w).collect();
    let upper = (1.0 + level) / 2.0;

    let fitted = match model {
        Model::Random => {
            let rss: f64 = w.iter().zip(yi).map(|(w, y)| w * (y - estimate).powi(2)).sum();
            let s2w = if rss <= f64::EPSILON { 0.0 } else { rss / q_df as f64 };
            let se = (s2w / sum_w).sqrt();
            let t = StudentsT::new(0.0, 1.0, q_df as f64).map_err(|_| not_finite.clone())?;
            let crit = t.inverse_cdf(upper);
            let statistic = (se > 0.0).then(|| estimate / se);
            let p = statistic.map(|s| (2.0 * t.sf(s.abs())).min(1.0));
            let half_pi = crit * (se * se + tau2).sqrt();
            Fit {
                model,
                k,
                estimate,
                se,
                ci: (estimate - crit * se, estimate + crit * se),
                statistic,
                df: Some(q_df),
                p,
                tau2,
                i2: 100.0 * tau2 / (tau2 + s2),
                q,
                q_df,
                q_p,
                pi: Some((estimate - half_pi, estimate + half_pi)),
                weights,
            }
        }
        Model::Common => {
            let se = (1.0 / sum_w).sqrt();
            let z = Normal::standard();
            let crit = z.inverse_cdf(upper);
            let statistic = Some(estimate / se);
            let p = statistic.map(|s| (2.0 * z.sf(s.abs())).min(1.0));
            let i2 = if q > 0.0 { (100.0 * (q - q_df as f64) / q).max(0.0) } else { 0.0 };
            Fit {
                model,
                k,
                estimate,
                se,
                ci: (estimate - crit * se, estimate + crit * se),
                statistic,
                df: None,
                p,
                tau2: 0.0,
                i2,
                q,
                q_df,
                q_p,
                pi: None,
                weights,
            }
        }
    };
    let finite = [fitted.estimate, fitted.se, fitted.ci.0, fitted.ci.1, fitted.i2, fitted.q]
        .into_iter()
        .chain(fitted.pi.into_iter().flat_map(|(a, b)| [a, b]))
        .chain(fitted.weights.iter().copied())
        .all(f64::is_finite);
    if finite { Ok(fitted) } else { Err(not_finite) }
}

/// Cochran's Q about the inverse-variance mean, and the typical within-study variance
/// `s² = (k−1)·Σw/((Σw)² − Σw²)` with `w = 1/vi`.
fn heterogeneity(yi: &[f64], vi: &[f64]) -> Option<(f64, f64)> {
    let (w, sum_w, mean) = reml::weighted_mean(yi, vi, 0.0)?;
    let q = w.iter().zip(yi).map(|(w, y)| w * (y - mean).powi(2)).sum::<f64>().max(0.0);
    let sum_w2: f64 = w.iter().map(|w| w * w).sum();
    let s2 = (yi.len() - 1) as f64 * sum_w / (sum_w * sum_w - sum_w2);
    (q.is_finite() && s2.is_finite() && s2 > 0.0).then_some((q, s2))
}

/// One study in a pooled result: the `studies` entries of results.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Study {
    /// The study's (site's or programme's) name.
    pub name: String,
    /// Analysed pairs.
    pub n: usize,
    /// Effect size.
    pub yi: f64,
    /// Its sampling variance.
    pub vi: f64,
    /// Share of the weight in the pooled estimate, in percent.
    pub weight: f64,
}

/// Which outcome is pooled: the instrument and scale, and the two timepoints compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeKey {
    /// Instrument id, e.g. `scs-sf`.
    pub measure: String,
    /// Scale of the instrument, e.g. `total`.
    pub scale: String,
    /// Earlier timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
}

/// One outcome pooled across studies: exactly a `pooled` entry of results.json.
///
/// Under the common model `df` and `pi` are `null` and `t` holds the z statistic (`test` says
/// which); `t` and `p` are `null` when the standard error is 0 (every study the same).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pooled {
    /// Instrument id.
    pub measure: String,
    /// Scale of the instrument.
    pub scale: String,
    /// Earlier timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// `smcr` or `smcc`.
    pub effect: Effect,
    /// `random` or `common`.
    pub model: Model,
    /// `REML` or `EE`.
    pub method: String,
    /// `knha` or `z`.
    pub test: String,
    /// Number of studies.
    pub k: usize,
    /// Pooled effect.
    pub estimate: f64,
    /// Its standard error.
    pub se: f64,
    /// Its confidence interval.
    pub ci: [f64; 2],
    /// t (random) or z (common) statistic.
    pub t: Option<f64>,
    /// Degrees of freedom of t.
    pub df: Option<usize>,
    /// Two-sided p-value.
    pub p: Option<f64>,
    /// Between-study variance.
    pub tau2: f64,
    /// I² in percent.
    pub i2: f64,
    /// Cochran's Q.
    pub q: f64,
    /// Degrees of freedom of Q.
    pub q_df: usize,
    /// p-value of Q.
    pub q_p: f64,
    /// Prediction interval (random model).
    pub pi: Option<[f64; 2]>,
    /// The studies pooled, in the order given.
    pub studies: Vec<Study>,
}

impl Pooled {
    /// Only two studies under the random model: τ² rests on one degree of freedom, so the report
    /// should say that the between-study variation is very uncertain.
    pub fn tau2_very_uncertain(&self) -> bool {
        self.model == Model::Random && self.k == 2
    }
}

/// Pool one outcome: each study's effect size from its `summaries`, then `model` at `level`.
///
/// # Errors
///
/// [`NotPooled::OneStudy`] (or `NoStudies`) with fewer than two studies, and
/// [`NotPooled::Degenerate`] naming the first study whose figures give no effect size; leaving
/// such a study out is the caller's choice.
pub fn pool(
    outcome: &OutcomeKey,
    summaries: &[Summary],
    effect: Effect,
    model: Model,
    level: f64,
) -> Result<Pooled, NotPooled> {
    match summaries.len() {
        0 => return Err(NotPooled::NoStudies),
        1 => return Err(NotPooled::OneStudy),
        _ => {}
    }
    let sizes = summaries
        .iter()
        .map(|s| effect_size(effect, s).map_err(|why| NotPooled::Degenerate { study: s.name.clone(), why }))
        .collect::<Result<Vec<_>, _>>()?;
    let yi: Vec<f64> = sizes.iter().map(|e| e.yi).collect();
    let vi: Vec<f64> = sizes.iter().map(|e| e.vi).collect();
    let fitted = fit(model, &yi, &vi, level)?;
    let studies = summaries
        .iter()
        .zip(&sizes)
        .zip(&fitted.weights)
        .map(|((s, e), &weight)| Study { name: s.name.clone(), n: s.n, yi: e.yi, vi: e.vi, weight })
        .collect();
    Ok(Pooled {
        measure: outcome.measure.clone(),
        scale: outcome.scale.clone(),
        from: outcome.from.clone(),
        to: outcome.to.clone(),
        effect,
        model,
        method: model.method().to_string(),
        test: model.test().to_string(),
        k: fitted.k,
        estimate: fitted.estimate,
        se: fitted.se,
        ci: [fitted.ci.0, fitted.ci.1],
        t: fitted.statistic,
        df: fitted.df,
        p: fitted.p,
        tau2: fitted.tau2,
        i2: fitted.i2,
        q: fitted.q,
        q_df: fitted.q_df,
        q_p: fitted.q_p,
        pi: fitted.pi.map(|(a, b)| [a, b]),
        studies,
    })
}
