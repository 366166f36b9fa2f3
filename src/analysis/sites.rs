//! Sites: what results.json says of each site shown, how many sites there are and why some are
//! not shown, and every outcome pooled across the sites shown (DESIGN.md, "Sites and pooling").

use serde::Serialize;

use super::Outcome;
use crate::stats::pooling::{self, Effect, Model, NotPooled, OutcomeKey, Pooled, Summary};

/// A site shown separately: a `sites` entry of results.json.
#[derive(Debug, Clone, Serialize)]
pub struct SiteResult {
    /// The site's name as the data give it.
    pub site: String,
    /// Its folder under `report/sites/`.
    pub slug: String,
    /// People of the site in the scores file (or in any file, without one).
    pub participants: usize,
    /// Its page, relative to the report folder; `None` when `[sites] reports = false`.
    pub page: Option<String>,
    /// Its outcomes, analysed on its people alone.
    pub outcomes: Vec<Outcome>,
}

/// How many sites there are and how many are shown: the counts behind the report's sentence.
#[derive(Debug, Clone, Serialize)]
pub struct SiteCounts {
    /// The column the sites come from.
    pub column: String,
    /// Distinct sites in the data.
    pub sites: usize,
    /// Sites shown separately (and pooled).
    pub shown: usize,
    /// Sites with fewer than `threshold` people analysed, counted but not shown.
    pub not_shown: usize,
    /// The fewest people analysed for a site to be shown: `max(min_cell, 3)`.
    pub threshold: usize,
    /// People with no site recorded (they count in the programme-wide results only).
    pub without_site: usize,
}

/// A site's analysed outcomes, by name, for pooling.
#[derive(Debug, Clone, Copy)]
pub struct SiteOutcomes<'a> {
    /// The site's name.
    pub name: &'a str,
    /// Its outcomes.
    pub outcomes: &'a [Outcome],
}

/// How the sites are pooled.
#[derive(Debug, Clone, Copy)]
pub struct PoolSettings {
    /// SMCR or SMCC.
    pub effect: Effect,
    /// Random or common effect.
    pub model: Model,
    /// Confidence level.
    pub confidence: f64,
    /// The fewest analysed pairs a site needs to enter an outcome's pooling.
    pub threshold: usize,
}

/// Pool each of the programme's `outcomes` across `sites` (each site's outcome of the same
/// measure, scale and timepoints, with at least `threshold` pairs). Returns one entry per
/// outcome with two or more such sites, and a sentence for each outcome that could not be
/// pooled or that left a site out.
pub fn pool(outcomes: &[Outcome], sites: &[SiteOutcomes<'_>], settings: PoolSettings) -> (Vec<Pooled>, Vec<String>) {
    let mut pooled = Vec::new();
    let mut warnings = Vec::new();
    for outcome in outcomes {
        let what = format!("{} ({} to {})", outcome.name(), outcome.from, outcome.to);
        let mut summaries = Vec::new();
        for site in sites {
            let Some(theirs) = site.outcomes.iter().find(|o| same_outcome(o, outcome)) else { continue };
            if theirs.n_pairs < settings.threshold {
                continue;
            }
            let summary = summary(site.name, theirs);
            match summary.as_ref().map(|s| pooling::effect_size(settings.effect, s)) {
                Some(Ok(_)) => summaries.extend(summary),
                Some(Err(why)) => warnings.push(format!("{what}: {} is left out of the pooling: {why}", site.name)),
                None => warnings
                    .push(format!("{what}: {} is left out of the pooling: its figures are incomplete", site.name)),
            }
        }
        let key = OutcomeKey {
            measure: outcome.measure.clone(),
            scale: outcome.scale.clone(),
            from: outcome.from.clone(),
            to: outcome.to.clone(),
        };
        match pooling::pool(&key, &summaries, settings.effect, settings.model, settings.confidence) {
            Ok(result) => {
                if result.tau2_very_uncertain() {
                    warnings.push(format!(
                        "{what}: only two sites are pooled, so how much sites differ (τ²) is very uncertain"
                    ));
                }
                pooled.push(result);
            }
            Err(NotPooled::NoStudies | NotPooled::OneStudy) => {}
            Err(why) => warnings.push(format!("{what}: the sites could not be pooled: {why}")),
        }
    }
    (pooled, warnings)
}

/// Whether two outcomes are the same comparison of the same scale.
pub fn same_outcome(a: &Outcome, b: &Outcome) -> bool {
    a.measure == b.measure && a.scale == b.scale && a.from == b.from && a.to == b.to
}

/// The summary figures of a site's analysed pairs, as escalc takes them; `None` when one is
/// missing.
fn summary(name: &str, outcome: &Outcome) -> Option<Summary> {
    let paired = &outcome.paired;
    Some(Summary {
        name: name.to_string(),
        n: outcome.n_pairs,
        pre_mean: paired.pre_mean?,
        pre_sd: paired.pre_sd?,
        post_mean: paired.post_mean?,
        post_sd: paired.post_sd?,
        r: paired.r?,
    })
}
