//! Sites: how many there are and which are shown, a link to each site's page, and each outcome
//! pooled across the sites shown, with its forest plot. On a site's own page: what the page
//! covers, and the way back to the whole programme.

use super::themes::capitalised;
use crate::analysis::Outcome;
use crate::analysis::sites::SiteCounts;
use crate::instruments::Better;
use crate::problem::Problem;
use crate::report::model::{Block, Link, Tone};
use crate::report::pooled::{self, PoolWords, plural};
use crate::report::{Context, outcome_name};

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let results = &context.analysed.results;
    if results.programme.site.is_some() {
        // A site's page says what it covers at its top (`site_notice`), not here.
        return Ok(Vec::new());
    }
    let Some(counts) = &results.site_counts else { return Ok(Vec::new()) };
    let mut blocks = vec![Block::Paragraph { text: counts_sentence(context, counts) }];
    let links: Vec<Link> = results
        .sites
        .iter()
        .filter_map(|site| {
            let page = site.page.as_deref()?;
            let folder = page.strip_suffix("/index.html").unwrap_or(page);
            Some(Link { text: format!("{}: {}", site.site, people(context, site.participants)), href: folder.into() })
        })
        .collect();
    if !links.is_empty() {
        blocks.push(Block::Paragraph { text: format!("Each {} shown has a page of its own:", setting(context)) });
        blocks.push(Block::Links { links });
    }
    if counts.shown == 0 {
        return Ok(blocks);
    }
    let pooling = context.analysed.loaded.programme.sites.as_ref().and_then(|s| s.get_ref().pool.model());
    if pooling.is_none() {
        blocks.push(Block::Paragraph {
            text: format!("The {} are shown one by one and not pooled.", plural(&setting(context))),
        });
        return Ok(blocks);
    }
    for (index, outcome) in results.outcomes.iter().enumerate() {
        let pooled = results.pooled.iter().find(|p| {
            p.measure == outcome.measure && p.scale == outcome.scale && p.from == outcome.from && p.to == outcome.to
        });
        let heading = format!("{}, {} to {}", outcome_name(outcome), outcome.from, outcome.to);
        match pooled {
            Some(pooled) => {
                blocks.push(Block::Heading { text: heading.clone() });
                let words = pool_words(context);
                let better = if outcome.better == "lower" { Better::Lower } else { Better::Higher };
                blocks.push(Block::Paragraph { text: pooled::sentence(&words, better, pooled) });
                let id = format!("forest-{:02}", index + 1);
                blocks.push(Block::Figure(pooled::forest_figure(&words, better, pooled, &heading, id)?));
            }
            None => blocks.push(Block::Paragraph { text: not_pooled_sentence(context, outcome, counts) }),
        }
    }
    Ok(blocks)
}

/// `The programme ran at 8 organisations. 7 are shown separately …`: every count as
/// `site_counts` has it.
fn counts_sentence(context: &Context, counts: &SiteCounts) -> String {
    let setting = setting(context);
    let participants = &context.template.settings.words.participants;
    let mut s = format!("The programme ran at {}.", count(counts.sites, &setting));
    let shown = match counts.shown {
        0 => format!(
            " No {setting} had at least {} {participants} analysed, so none is shown separately.",
            counts.threshold
        ),
        n if n == counts.sites => format!(" {} shown separately.", if n == 1 { "It is" } else { "All are" }),
        n => format!(" {} shown separately.", count_verb(n, &setting, "is", "are")),
    };
    s.push_str(&shown);
    if counts.not_shown > 0 && counts.shown > 0 {
        s.push_str(&format!(
            " {} with fewer than {} {participants} analysed {} not shown separately; {} {participants} count in the \
             programme-wide results.",
            count(counts.not_shown, &setting),
            counts.threshold,
            if counts.not_shown == 1 { "is" } else { "are" },
            if counts.not_shown == 1 { "its" } else { "their" },
        ));
    }
    if counts.without_site > 0 {
        s.push_str(&format!(
            " {} had no {setting} recorded and count in the programme-wide results only.",
            capitalised(&people(context, counts.without_site))
        ));
    }
    s
}

/// Why an outcome is not pooled: fewer than two sites had enough people scored at both times.
fn not_pooled_sentence(context: &Context, outcome: &Outcome, counts: &SiteCounts) -> String {
    let setting = setting(context);
    let enough = context.analysed.results.sites.iter().filter(|site| {
        site.outcomes.iter().any(|o| crate::analysis::sites::same_outcome(o, outcome) && o.n_pairs >= counts.threshold)
    });
    let who = match enough.count() {
        0 => format!("no {setting} had"),
        1 => format!("only one {setting} had"),
        n => format!("{n} {} had", plural(&setting)),
    };
    format!(
        "{}, {} to {}: {who} at least {} {} scored at both times, so it is not pooled across {}.",
        outcome_name(outcome),
        outcome.from,
        outcome.to,
        counts.threshold,
        context.template.settings.words.participants,
        plural(&setting),
    )
}

/// At the top of a site's page: it covers that site alone, and the whole programme is one link
/// away.
pub(super) fn site_notice(context: &Context, site: &str) -> Vec<Block> {
    let words = &context.template.settings.words;
    vec![
        Block::Callout {
            tone: Tone::Info,
            title: format!("One {} of the programme.", words.setting),
            text: format!(
                "This page covers {site} alone: {}. Every figure on it counts only the {} of this {}, with the same \
                 rules for small numbers as the programme's report.",
                people(context, context.analysed.results.participants),
                words.participants,
                words.setting,
            ),
        },
        Block::Links {
            links: vec![Link {
                text: format!("The whole programme, with every {} pooled", words.setting),
                href: "../..".into(),
            }],
        },
    ]
}

/// How pooled sites are spoken of.
fn pool_words(context: &Context) -> PoolWords {
    PoolWords { unit: setting(context), confidence: *context.analysed.loaded.programme.analysis.confidence.get_ref() }
}

/// The template's word for a site: `school`, `service`, `organisation`.
fn setting(context: &Context) -> String {
    context.template.settings.words.setting.clone()
}

/// `12 employees`, `1 employee`.
fn people(context: &Context, n: usize) -> String {
    let words = &context.template.settings.words;
    format!("{n} {}", if n == 1 { &words.participant } else { &words.participants })
}

/// `8 organisations`, `1 organisation`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {}", plural(noun)) }
}

/// `7 organisations are`, `1 organisation is`.
fn count_verb(n: usize, noun: &str, one: &str, many: &str) -> String {
    format!("{} {}", count(n, noun), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_follow_the_common_rules() {
        assert_eq!(count(1, "ward"), "1 ward");
        assert_eq!(count(3, "ward"), "3 wards");
    }
}
