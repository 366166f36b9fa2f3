//! At a glance: headline cards and one short sentence per outcome.

use crate::report::format::number;
use crate::report::model::{Block, Card};
use crate::report::words::{count_range, size_word};
use crate::report::{Context, outcome_name};

/// The most outcomes given a card of their own.
const MAX_OUTCOME_CARDS: usize = 3;

pub(super) fn blocks(context: &Context) -> Vec<Block> {
    let results = &context.analysed.results;
    if results.outcomes.is_empty() {
        return super::qualitative::glance_without_outcomes(context);
    }
    let words = &context.template.settings.words;
    let baseline = results.outcomes.iter().map(|o| o.pre.n).max().unwrap_or(0);
    let last = results.timepoints.last().cloned().unwrap_or_default();
    let first = &results.timepoints[0];
    // People scored at both times differ between outcomes when someone skipped too many items
    // of one questionnaire: the card gives the range rather than one outcome's number.
    let pairs = || results.outcomes.iter().filter(|o| o.to == last).map(|o| o.n_pairs);
    let (fewest, most) = (pairs().min().unwrap_or(0), pairs().max().unwrap_or(0));
    let mut cards = vec![Card {
        value: baseline.to_string(),
        label: format!("{} at baseline", words.participants),
        detail: Some(format!("answered the questionnaires at {first}")),
    }];
    if baseline > 0 {
        let percent = |n: usize| format!("{:.0}", n as f64 / baseline as f64 * 100.0);
        let (value, detail) = if fewest == most {
            (format!("{}%", percent(most)), format!("{most} of {baseline} answered at both {first} and {last}"))
        } else {
            (
                format!("{}–{}%", percent(fewest), percent(most)),
                format!(
                    "{} of {baseline} were scored at both {first} and {last}, depending on the questionnaire",
                    count_range(fewest, most)
                ),
            )
        };
        cards.push(Card { value, label: format!("completed at {last}"), detail: Some(detail) });
    }
    // The outcomes that improved reliably, largest effects first.
    let mut changed: Vec<_> = results
        .outcomes
        .iter()
        .filter(|o| {
            // One card per scale: its comparison with the last timepoint.
            let voice = context.voice(o);
            o.to == last && voice.significant() && voice.improved() == Some(true)
        })
        .collect();
    changed.sort_by(|a, b| {
        let size = |o: &&crate::analysis::Outcome| o.effect.gav.map_or(0.0, f64::abs);
        size(b).total_cmp(&size(a))
    });
    for outcome in changed.iter().take(MAX_OUTCOME_CARDS) {
        let d = crate::report::words::decimals(outcome);
        cards.push(Card {
            value: format!("{} → {}", number(outcome.paired.pre_mean, d), number(outcome.paired.post_mean, d)),
            label: outcome_name(outcome),
            detail: outcome.effect.gav.map(|g| {
                format!("{} effect, g_av = {} ({} to {})", size_word(g), number(Some(g), 2), outcome.from, outcome.to)
            }),
        });
    }
    cards.extend(super::qualitative::glance_card(context));
    let mut summary: Vec<String> = results.outcomes.iter().map(|o| context.voice(o).short()).collect();
    summary.extend(super::qualitative::glance_sentence(context));
    vec![Block::Cards { cards }, Block::List { items: summary }]
}
