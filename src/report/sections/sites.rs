//! Sites: how many there are and which are shown, a link to each site's page, and each outcome
//! pooled across the sites shown, with its forest plot. On a site's own page: what the page
//! covers, and the way back to the whole programme.

use super::chart_problem;
use super::themes::capitalised;
use crate::analysis::Outcome;
use crate::analysis::sites::SiteCounts;
use crate::charts::forest::{self, ForestLabels};
use crate::instruments::Better;
use crate::problem::Problem;
use crate::report::format::{interval, number};
use crate::report::model::{Block, Figure, Link, Table, Tone};
use crate::report::words::apa_p;
use crate::report::{Context, outcome_name};
use crate::stats::pooling::{Model, Pooled};

/// I² from which sites are said to differ moderately, substantially and considerably: the
/// Cochrane Handbook's overlapping guide (section 10.10.2) read at its band edges.
const I2_BANDS: [(f64, &str); 3] = [(75.0, "considerably"), (50.0, "substantially"), (30.0, "moderately")];

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
                blocks.push(Block::Paragraph { text: pooled_sentence(context, outcome, pooled) });
                blocks.push(Block::Figure(forest_figure(context, index, outcome, pooled, &heading)?));
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

/// The pooled estimate, how much sites differed, and what a new site might see.
fn pooled_sentence(context: &Context, outcome: &Outcome, pooled: &Pooled) -> String {
    let settings = plural(&setting(context));
    let confidence = *context.analysed.loaded.programme.analysis.confidence.get_ref();
    let percent = format!("{:.0}%", confidence * 100.0);
    let effect = pooled.effect.key().to_uppercase();
    let test = match (pooled.model, pooled.t, pooled.df) {
        (Model::Random, Some(t), Some(df)) => format!(", t({df}) = {}, {}", number(Some(t), 2), apa_p(pooled.p)),
        (Model::Common, Some(z), _) => format!(", z = {}, {}", number(Some(z), 2), apa_p(pooled.p)),
        _ => String::new(),
    };
    let mut s = format!(
        "Across the {} {settings}, the pooled standardised mean change ({effect}) was {} ({percent} CI {}){test}",
        pooled.k,
        number(Some(pooled.estimate), 2),
        interval(Some(pooled.ci), 2),
    );
    let better = if outcome.better == "lower" { -1.0 } else { 1.0 };
    let excludes_zero = pooled.ci[0] > 0.0 || pooled.ci[1] < 0.0;
    s.push_str(&match (excludes_zero, pooled.estimate * better > 0.0) {
        (true, true) => ": on average, an improvement.".to_string(),
        (true, false) => ": on average, a change in the unwanted direction.".to_string(),
        (false, _) => ": the interval includes zero, so on average the data are consistent with no change.".to_string(),
    });
    match pooled.model {
        Model::Random => {
            let how_much = I2_BANDS.iter().find(|(from, _)| pooled.i2 >= *from).map_or("little", |(_, word)| word);
            s.push_str(&format!(
                " The {settings} differed {how_much}: τ² = {}, and I² = {:.0}%, the share of the spread between their \
                 estimates that is more than chance would give (Q({}) = {}, {}).",
                number(Some(pooled.tau2), 3),
                pooled.i2,
                pooled.q_df,
                number(Some(pooled.q), 2),
                apa_p(Some(pooled.q_p)),
            ));
            if let Some(pi) = pooled.pi {
                let one = setting(context);
                let where_new = if pi[0] * better > 0.0 && pi[1] * better > 0.0 {
                    format!("so a new {one} would be expected to see an improvement too")
                } else if pi[0] * better < 0.0 && pi[1] * better < 0.0 {
                    format!("so a new {one} would be expected to see a change in the unwanted direction")
                } else {
                    format!("a range that includes zero: at a new {one} the programme might bring no change")
                };
                s.push_str(&format!(
                    " A new {one} like these would be expected to see a change between {} and {} ({percent} prediction \
                     interval), {where_new}.",
                    number(Some(pi[0]), 2),
                    number(Some(pi[1]), 2),
                ));
            }
            if pooled.tau2_very_uncertain() {
                s.push_str(&format!(" With only two {settings}, how much they differ is very uncertain."));
            }
        }
        Model::Common => s.push_str(&format!(
            " A common-effect model assumes every {} has the same true change; the test of whether they differ gives \
             Q({}) = {}, {}.",
            setting(context),
            pooled.q_df,
            number(Some(pooled.q), 2),
            apa_p(Some(pooled.q_p)),
        )),
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

fn forest_figure(
    context: &Context,
    index: usize,
    outcome: &Outcome,
    pooled: &Pooled,
    heading: &str,
) -> Result<Figure, Problem> {
    let confidence = *context.analysed.loaded.programme.analysis.confidence.get_ref();
    let unit = setting(context);
    let better = if outcome.better == "lower" { Better::Lower } else { Better::Higher };
    let drawn = forest::forest(pooled, &ForestLabels { outcome: heading, unit: &unit, better, confidence })
        .map_err(chart_problem)?;
    let percent = format!("{:.0}%", confidence * 100.0);
    let rows = drawn
        .rows
        .iter()
        .map(|row| {
            let interval_text = interval(Some([row.interval.0, row.interval.1]), 2);
            vec![
                row.label.clone(),
                row.n.map_or_else(String::new, |n| n.to_string()),
                number(row.estimate, 2),
                interval_text,
                row.weight.map_or_else(String::new, |w| format!("{w:.1}%")),
            ]
        })
        .collect();
    let id = format!("forest-{:02}", index + 1);
    Ok(Figure {
        id: id.clone(),
        svg: drawn.svg,
        alt: drawn.alt,
        caption: format!(
            "{heading}: each {unit}'s standardised mean change with its {percent} CI; the diamond is the pooled estimate."
        ),
        data: Table {
            id,
            caption: format!("{heading}: change at each {unit} and pooled"),
            columns: vec![
                capitalised(&unit),
                "n".into(),
                pooled.effect.key().to_uppercase(),
                format!("{percent} CI"),
                "Weight".into(),
            ],
            rows,
            notes: Vec::new(),
            csv: None,
        },
    })
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

/// A noun's plural by the common English rules: `school` → `schools`, `community` →
/// `communities`, `branch` → `branches`.
fn plural(noun: &str) -> String {
    let consonant_y = noun.ends_with('y') && !["ay", "ey", "oy", "uy"].iter().any(|end| noun.ends_with(end));
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| noun.ends_with(end)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_the_common_rules() {
        assert_eq!(plural("school"), "schools");
        assert_eq!(plural("community"), "communities");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("branch"), "branches");
        assert_eq!(count(1, "ward"), "1 ward");
        assert_eq!(count(3, "ward"), "3 wards");
    }
}
