//! Each outcome pooled across the portfolio's programmes: one study per programme that measured
//! it (same instrument and scale), as the sites of a programme are pooled.

use super::Member;
use crate::stats::pooling::{self, Effect, Model, NotPooled, OutcomeKey, Pooled, Summary};

/// Every outcome measured by two or more programmes, pooled, in the order outcomes first
/// appear; and a sentence for each programme left out and each outcome that could not be pooled.
pub(super) fn pool(members: &[Member], effect: Effect, model: Model) -> (Vec<Pooled>, Vec<String>) {
    let mut keys: Vec<(&str, &str)> = Vec::new();
    for outcome in members.iter().flat_map(|m| &m.outcomes) {
        let key = (outcome.measure.as_str(), outcome.scale.as_str());
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let mut pooled = Vec::new();
    let mut warnings = Vec::new();
    for (measure, scale) in keys {
        let mut summaries = Vec::new();
        let mut first = None;
        for member in members {
            let Some(outcome) = member.outcomes.iter().find(|o| o.measure == measure && o.scale == scale) else {
                continue;
            };
            let summary = Summary {
                name: member.name.clone(),
                n: outcome.n,
                pre_mean: outcome.pre_mean,
                pre_sd: outcome.pre_sd,
                post_mean: outcome.post_mean,
                post_sd: outcome.post_sd,
                r: outcome.r,
            };
            match pooling::effect_size(effect, &summary) {
                Ok(_) => {
                    first.get_or_insert(outcome);
                    summaries.push(summary);
                }
                Err(why) => {
                    warnings.push(format!("{}: {} is left out of the pooling: {why}", outcome.name, member.name))
                }
            }
        }
        let Some(first) = first else { continue };
        let key = OutcomeKey {
            measure: measure.to_string(),
            scale: scale.to_string(),
            from: first.from.clone(),
            to: first.to.clone(),
        };
        match pooling::pool(&key, &summaries, effect, model, 0.95) {
            Ok(result) => {
                if result.tau2_very_uncertain() {
                    warnings.push(format!(
                        "{}: only two programmes are pooled, so how much they differ (τ²) is very uncertain",
                        first.name
                    ));
                }
                pooled.push(result);
            }
            Err(NotPooled::NoStudies | NotPooled::OneStudy) => {}
            Err(why) => warnings.push(format!("{}: the programmes could not be pooled: {why}", first.name)),
        }
    }
    (pooled, warnings)
}
