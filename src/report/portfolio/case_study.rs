//! The `ref` template: a portfolio as a REF impact case study. The header fields, then
//! 1 Summary of the impact, 2 Underpinning research, 3 References to the research, 4 Details of
//! the impact and 5 Sources to corroborate the impact, each within its limit.
//!
//! Section 4 is written from the portfolio's data, each figure followed by its source number.
//! Following the REF guidance on quantitative indicators, every count says who, where and when
//! ("155 school staff in 6 schools in the United Kingdom, 2022–2023"), never a bare total.

use std::collections::BTreeMap;

use super::{Context, cite, member_economics, sources};
use crate::config::case_study::{CaseStudy, Counts};
use crate::instruments::Better;
use crate::pipeline::portfolio::Member;
use crate::problem::Problem;
use crate::report::format::{interval, number, thousands};
use crate::report::model::{Block, Section, Table};
use crate::report::template::{self, Template};
use crate::report::words::and_list;

/// The sections whose words are counted, with their limits' names.
const COUNTED: [&str; 3] = ["summary", "underpinning", "details"];

/// The sections of the case study, in order.
pub(super) fn sections(
    context: &Context,
    template: &Template,
    narrative: &BTreeMap<String, String>,
) -> Result<Vec<Section>, Problem> {
    let Some(case) = &context.analysed.loaded.portfolio.case_study else { return Ok(Vec::new()) };
    let mut sections = Vec::new();
    for settings in &template.settings.sections {
        let id = settings.id.as_str();
        let written = match narrative.get(id) {
            Some(text) => Some(template::render_markdown(&format!("narrative/{id}.md"), text, &context.tera)?),
            None => None,
        };
        let written: Vec<Block> =
            written.filter(|t| !t.trim().is_empty()).map(|text| Block::Markdown { text }).into_iter().collect();
        let blocks = match id {
            "header" => header(context, case),
            "summary" if !written.is_empty() => written,
            "summary" => vec![Block::Paragraph { text: summary(context, case) }],
            "underpinning" if written.is_empty() => vec![Block::Paragraph {
                text: "Describe the research the impact rests on in narrative/underpinning.md: what was found, by \
                       whom and when."
                    .into(),
            }],
            "references" => references(context),
            "details" => written.into_iter().chain(details(context, case)).collect(),
            "corroboration" => sources(context)?,
            _ => written,
        };
        if !blocks.is_empty() {
            sections.push(Section { id: id.to_string(), title: settings.title.clone(), blocks });
        }
    }
    Ok(sections)
}

/// Counts of the sections built, against the limits; `pages` from the typeset PDF.
pub fn counts(sections: &[Section], case: &CaseStudy, pages: Option<usize>) -> Counts {
    let count = |id: &str| sections.iter().find(|s| s.id == id).map_or(0, |s| words_of(&s.blocks));
    let items = |id: &str| {
        sections
            .iter()
            .find(|s| s.id == id)
            .map_or(0, |s| s.blocks.iter().map(|b| if let Block::List { items } = b { items.len() } else { 0 }).sum())
    };
    Counts {
        words: COUNTED.iter().map(|id| (id.to_string(), count(id))).collect(),
        references: items("references"),
        sources: items("corroboration"),
        pages,
        limits: case.limits(),
    }
}

/// One warning per limit passed, naming the section, its count and the limit.
pub fn limit_warnings(counts: &Counts) -> Vec<String> {
    let l = &counts.limits;
    let words = |id: &str| counts.words.get(id).copied().unwrap_or(0);
    let checks = [
        ("section 1, Summary of the impact", words("summary"), l.summary_words, "words", "summary_words"),
        (
            "section 2, Underpinning research",
            words("underpinning"),
            l.underpinning_words,
            "words",
            "underpinning_words",
        ),
        ("section 3, References to the research", counts.references, l.references, "references", "references"),
        ("section 4, Details of the impact", words("details"), l.details_words, "words", "details_words"),
        ("section 5, Sources to corroborate the impact", counts.sources, l.sources, "sources", "sources"),
        ("the case study's PDF", counts.pages.unwrap_or(0), l.pages, "pages", "pages"),
    ];
    checks
        .into_iter()
        .filter(|(_, count, limit, _, _)| count > limit)
        .map(|(section, count, limit, unit, key)| {
            format!(
                "REF case study: {section} has {count} {unit}, over the limit of {limit} (`{key}` under [ref]); \
                 the panel reads only what is within the limits"
            )
        })
        .collect()
}

/// The words a reader sees in `blocks`: a word is a run of characters between spaces holding a
/// letter or a digit (so `[3]` counts and `—` does not).
pub fn words_of(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|block| match block {
            Block::Markdown { text } => count_words(&markdown_text(text)),
            Block::Paragraph { text } | Block::Heading { text } => count_words(text),
            Block::List { items } => items.iter().map(|i| count_words(i)).sum(),
            Block::Quote { text, attribution, source } => {
                count_words(text) + count_words(attribution) + source.as_deref().map_or(0, count_words)
            }
            Block::Callout { title, text, .. } => count_words(title) + count_words(text),
            Block::Cards { cards } => cards
                .iter()
                .map(|c| count_words(&c.value) + count_words(&c.label) + c.detail.as_deref().map_or(0, count_words))
                .sum(),
            Block::Links { links } => links.iter().map(|l| count_words(&l.text)).sum(),
            Block::Table(table) => table_words(table),
            Block::Figure(figure) => count_words(&figure.caption) + table_words(&figure.data),
        })
        .sum()
}

/// Words separated by white space that hold a letter or a digit.
pub fn count_words(text: &str) -> usize {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

fn table_words(table: &Table) -> usize {
    count_words(&table.caption)
        + table.columns.iter().map(|c| count_words(c)).sum::<usize>()
        + table.rows.iter().flatten().map(|c| count_words(c)).sum::<usize>()
        + table.notes.iter().map(|n| count_words(n)).sum::<usize>()
}

/// The text markdown shows, block by block.
fn markdown_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Emphasis and links sit inside words (`**un**done` is one); blocks and breaks part them.
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link | TagEnd::Strikethrough) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The header fields, and the staff who did the research.
fn header(context: &Context, case: &CaseStudy) -> Vec<Block> {
    let about = &context.analysed.loaded.portfolio.portfolio;
    let institution = case.institution.clone().or_else(|| about.organisation.clone()).unwrap_or_default();
    let impact_period = case.impact_period.clone().or_else(|| about.period.clone()).unwrap_or_default();
    let rows = vec![
        vec!["Institution".into(), institution.trim().to_string()],
        vec!["Unit of assessment".into(), case.unit.trim().to_string()],
        vec!["Title of case study".into(), about.title.trim().to_string()],
        vec!["Period when the underpinning research was undertaken".into(), case.research_period.trim().to_string()],
        vec!["Period when the claimed impact occurred".into(), impact_period.trim().to_string()],
    ];
    let mut blocks = vec![Block::Table(Table {
        id: "case-study-header".into(),
        caption: "The case study".into(),
        columns: vec!["Field".into(), "Entry".into()],
        rows,
        notes: Vec::new(),
        csv: None,
    })];
    if !case.researchers.is_empty() {
        let rows = case
            .researchers
            .iter()
            .map(|r| {
                vec![
                    r.name.trim().to_string(),
                    r.role.as_deref().unwrap_or("").trim().to_string(),
                    r.period.as_deref().unwrap_or("").trim().to_string(),
                ]
            })
            .collect();
        blocks.push(Block::Table(Table {
            id: "case-study-staff".into(),
            caption: "Staff who conducted the underpinning research".into(),
            columns: vec!["Name".into(), "Role".into(), "Period employed".into()],
            rows,
            notes: Vec::new(),
            csv: None,
        }));
    }
    blocks
}

/// Section 1 when narrative/summary.md does not give it: reach and the pooled effects in
/// three sentences.
fn summary(context: &Context, case: &CaseStudy) -> String {
    let analysed = context.analysed;
    let reach = &analysed.results.portfolio.reach;
    let about = &analysed.loaded.portfolio.portfolio;
    let institution = case.institution.as_deref().or(about.organisation.as_deref()).unwrap_or("the institution");
    let when = case.impact_period.as_deref().or(about.period.as_deref()).map_or(String::new(), |p| format!(" ({p})"));
    let mut s = format!(
        "Training programmes built on research at {} reached {} people in {} organisations in {}{when}.",
        institution.trim(),
        thousands(reach.people),
        thousands(reach.organisations),
        and_list(&countries(context)),
    );
    for pooled in &analysed.results.portfolio.pooled {
        let (name, better) = super::outcome_of(context, pooled);
        s.push_str(&format!(
            " Across {} programmes, {} {} (pooled standardised change {}, 95% CI {}).",
            pooled.k,
            lower_first(&name),
            direction(pooled.estimate, better),
            number(Some(pooled.estimate), 2),
            interval(Some(pooled.ci), 2),
        ));
    }
    s
}

/// References to the research, numbered R1, R2, ….
fn references(context: &Context) -> Vec<Block> {
    let items: Vec<String> = context
        .analysed
        .loaded
        .portfolio
        .references
        .iter()
        .enumerate()
        .map(|(i, r)| match &r.url {
            Some(url) => format!("R{} {} {}", i + 1, r.text.trim(), url.trim()),
            None => format!("R{} {}", i + 1, r.text.trim()),
        })
        .collect();
    if items.is_empty() { Vec::new() } else { vec![Block::List { items }] }
}

/// Section 4 from the data: reach with who, where and when; the effects in plain words; what
/// the changes would be worth; and a few participants' words.
fn details(context: &Context, case: &CaseStudy) -> Vec<Block> {
    let analysed = context.analysed;
    let reach = &analysed.results.portfolio.reach;
    let about = &analysed.loaded.portfolio.portfolio;
    let when = case.impact_period.as_deref().or(about.period.as_deref()).map_or(String::new(), |p| format!(", {p}"));
    let mut blocks = vec![
        Block::Heading { text: "Reach".into() },
        Block::Paragraph {
            text: format!(
                "The programmes reached {} people in {} organisations in {}{when}:",
                thousands(reach.people),
                thousands(reach.organisations),
                and_list(&countries(context)),
            ),
        },
    ];
    let mut items: Vec<String> = analysed.members.iter().map(reach_line).collect();
    items.extend(analysed.loaded.portfolio.reach.iter().map(|r| {
        let r = r.get_ref();
        let place = r.country.as_deref().map_or(String::new(), |c| format!(" in {}", place(c.trim())));
        format!(
            "{}: {} people{place}{}",
            r.label.trim(),
            thousands(r.people),
            cite(r.source.as_ref().map(|s| *s.get_ref()))
        )
    }));
    blocks.push(Block::List { items });

    let pooled = &analysed.results.portfolio.pooled;
    if !pooled.is_empty() {
        blocks.push(Block::Heading { text: "Significance".into() });
        let sentences: Vec<String> = pooled
            .iter()
            .map(|p| {
                let (name, better) = super::outcome_of(context, p);
                let pooled_members: Vec<&Member> =
                    analysed.members.iter().filter(|m| p.studies.iter().any(|s| s.name == m.name)).collect();
                let n: usize = p.studies.iter().map(|s| s.n).sum();
                let marks: Vec<String> =
                    pooled_members.iter().filter_map(|m| m.source).map(|s| format!("[{s}]")).collect();
                let marks = if marks.is_empty() { String::new() } else { format!(" {}", dedup(marks).join(" ")) };
                format!(
                    "{} {} across {} programmes with {} people measured before and after{marks}: a pooled \
                     standardised change of {} (95% CI {}), {}.",
                    capitalised(&lower_first(&name)),
                    direction(p.estimate, better),
                    p.k,
                    thousands(n as u64),
                    number(Some(p.estimate), 2),
                    interval(Some(p.ci), 2),
                    spread(p.i2),
                )
            })
            .collect();
        blocks.push(Block::Paragraph { text: sentences.join(" ") });
    }

    let economics: Vec<String> = analysed
        .members
        .iter()
        .filter_map(|m| Some(member_economics(m, m.economics.as_ref()?)))
        .chain(analysed.results.economics.as_ref().map(|e| {
            let c = e.currency.as_str();
            let mark = match &e.assumptions.source {
                Some(crate::analysis::economics::Cited::Number(n)) => format!(" [{n}]"),
                _ => String::new(),
            };
            format!(
                "Across the portfolio, if {} of the changes in staff turnover and sickness absence are credited to \
                 the programmes, they would be worth an estimated {} a year{mark}.",
                crate::report::format::percent(e.attribution),
                crate::report::format::money(e.total_saving, c),
            )
        }))
        .collect();
    if !economics.is_empty() {
        blocks.push(Block::Heading { text: "Economic benefit".into() });
        blocks.push(Block::Paragraph { text: economics.join(" ") });
    }

    let quotes: Vec<Block> = analysed
        .members
        .iter()
        .filter_map(|m| {
            let quote = m.quote.as_ref()?;
            Some(Block::Quote {
                text: quote.text.clone(),
                attribution: format!("{}, {}", quote.attribution, m.name),
                source: quote.source.clone(),
            })
        })
        .take(2)
        .chain(analysed.loaded.portfolio.quotes.iter().map(|q| {
            let q = q.get_ref();
            let attribution = format!("{}{}", q.attribution.trim(), cite(q.source.as_ref().map(|s| *s.get_ref())));
            Block::Quote { text: q.text.trim().to_string(), attribution, source: None }
        }))
        .collect();
    if !quotes.is_empty() {
        blocks.push(Block::Heading { text: "In their own words".into() });
        blocks.extend(quotes);
    }
    blocks
}

/// `155 school staff in 6 schools in the United Kingdom, 2022–2023 (Teachers in a trust) [4]`.
fn reach_line(m: &Member) -> String {
    let (who, places) = match m.sector.as_str() {
        "schools" => ("school staff", "schools"),
        "nhs" => ("NHS staff", "NHS organisations"),
        "workplace" => ("employees", "employers"),
        "public" => ("members of the public", "organisations"),
        _ => ("people", "organisations"),
    };
    let places = if m.organisations == 1 { places.trim_end_matches('s').to_string() } else { places.to_string() };
    let when = m.period.as_deref().map_or(String::new(), |p| format!(", {p}"));
    format!(
        "{} {who} in {} {places} in {}{when} ({}){}",
        thousands(m.people),
        thousands(m.organisations),
        place(&m.country),
        m.name,
        cite(m.source)
    )
}

/// A country as it follows "in": `the United Kingdom`, `Portugal`.
fn place(country: &str) -> String {
    let country = country.trim();
    let with_the = ["United ", "Netherlands", "Czech Republic", "Philippines", "Republic of", "Gambia", "Bahamas"];
    if with_the.iter().any(|w| country.starts_with(w)) { format!("the {country}") } else { country.to_string() }
}

/// The distinct countries in the order first met, each as it follows "in".
fn countries(context: &Context) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let extra = context.analysed.loaded.portfolio.reach.iter().filter_map(|r| r.get_ref().country.clone());
    for country in context.analysed.members.iter().map(|m| m.country.clone()).chain(extra) {
        let country = country.trim().to_string();
        if !out.contains(&country) {
            out.push(country);
        }
    }
    out.iter().map(|c| place(c)).collect()
}

/// `rose` or `fell`, as the estimate says, and whether that is the good direction.
fn direction(estimate: f64, better: Better) -> &'static str {
    match (estimate >= 0.0, better) {
        (true, Better::Higher) => "rose",
        (false, Better::Lower) => "fell",
        (true, Better::Lower) => "rose (an unwanted change)",
        (false, Better::Higher) => "fell (an unwanted change)",
    }
}

/// How much the programmes differed, by I².
fn spread(i2: f64) -> &'static str {
    if i2 < 25.0 {
        "with programmes much alike"
    } else if i2 < 50.0 {
        "with programmes differing a little"
    } else if i2 < 75.0 {
        "with programmes differing moderately"
    } else {
        "with programmes differing a great deal"
    }
}

/// `Self-compassion (SCS-SF)` → `self-compassion (SCS-SF)`; an acronym keeps its capitals.
fn lower_first(name: &str) -> String {
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(name[a.len_utf8()..].chars()).collect()
        }
        _ => name.to_string(),
    }
}

fn capitalised(text: &str) -> String {
    crate::report::sections::capitalised(text)
}

fn dedup(mut marks: Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    marks.retain(|m| {
        let new = !seen.contains(m);
        seen.push(m.clone());
        new
    });
    marks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_hold_a_letter_or_a_digit() {
        assert_eq!(count_words("580 teaching staff — in 42 schools [3]."), 7);
        assert_eq!(count_words("  "), 0);
        assert_eq!(count_words(&markdown_text("**Bold** words and a [link](https://x.org).\n\n- one\n- two")), 7);
        assert_eq!(count_words(&markdown_text("**un**done")), 1);
    }

    #[test]
    fn names_lose_their_capital_but_not_an_acronym() {
        assert_eq!(lower_first("Self-compassion (SCS-SF)"), "self-compassion (SCS-SF)");
        assert_eq!(lower_first("PHQ-9"), "PHQ-9");
    }
}
