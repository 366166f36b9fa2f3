//! Limitations written from the data: sample size, attrition, design, multiplicity, normality.

use crate::report::Context;
use crate::report::model::Block;
use crate::report::words::apa_p;

/// Below this many pairs the sample is called small.
const SMALL: usize = 20;

pub(super) fn blocks(context: &Context) -> Vec<Block> {
    let results = &context.analysed.results;
    if results.outcomes.is_empty() {
        let items = super::qualitative::limitations(context);
        return if items.is_empty() { Vec::new() } else { vec![Block::List { items }] };
    }
    let words = &context.template.settings.words;
    let mut items = vec![format!(
        "There was no comparison group, so the changes cannot be attributed to the programme alone: other events in \
         the same period may also have played a part."
    )];
    let smallest = results.outcomes.iter().map(|o| o.n_pairs).min().unwrap_or(0);
    if smallest < SMALL {
        items.push(format!(
            "The sample is small: as few as {smallest} {} were scored at both times, so the estimates are imprecise; \
             the confidence intervals show how much.",
            words.participants
        ));
    }
    let baseline = results.outcomes.iter().map(|o| o.pre.n).max().unwrap_or(0);
    let last = results.timepoints.last().cloned().unwrap_or_default();
    let completed = results.outcomes.iter().filter(|o| o.to == last).map(|o| o.n_pairs).min().unwrap_or(0);
    if baseline > completed {
        let lost = baseline - completed;
        items.push(format!(
            "{lost} of {baseline} {} ({:.0}%) who answered at {} have no scores at {last}. If those who left differ \
             from those who stayed, the results may be biased.",
            words.participants,
            lost as f64 / baseline as f64 * 100.0,
            results.timepoints[0]
        ));
    }
    let tested = results.outcomes.iter().filter(|o| o.p.is_some()).count();
    if tested > 1 {
        let voice = context.voice(&results.outcomes[0]);
        items.push(if voice.adjusted {
            format!("{tested} comparisons were tested; their p-values are adjusted by Holm's method so that chance findings are kept rare.")
        } else {
            format!("{tested} comparisons were tested without adjustment, so a significant result may be a chance finding.")
        });
    }
    for outcome in &results.outcomes {
        let (Some(p), Some(wilcoxon_p)) = (outcome.shapiro.p, outcome.wilcoxon.p) else { continue };
        if p < 0.05 {
            let voice = context.voice(outcome);
            let agree = (wilcoxon_p < 1.0 - voice.confidence) == (outcome.p.unwrap_or(1.0) < 1.0 - voice.confidence);
            items.push(format!(
                "The changes in {} are not normally distributed (Shapiro–Wilk {}); the Wilcoxon signed-rank test, \
                 which does not assume normality, gives {} and {} the t-test.",
                voice.name,
                apa_p(Some(p)),
                apa_p(Some(wilcoxon_p)),
                if agree { "agrees with" } else { "does not agree with" }
            ));
        }
    }
    items.push("All outcomes are self-reported questionnaires.".into());
    items.extend(super::qualitative::limitations(context));
    vec![Block::List { items }]
}
