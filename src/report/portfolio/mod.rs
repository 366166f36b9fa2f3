//! A portfolio → its report model, with the `evidence` template: reach at a glance, reach by
//! sector and country, each outcome pooled across programmes with its forest plot, a card per
//! programme, what participants said, and the numbered sources. Every count in a sentence is
//! the count of the table beside it: both come from `portfolio.reach`.

pub mod case_study;
mod members;
mod reach;

use serde_json::json;

use super::format::{interval, money, number, percent, thousands};
use super::model::{Block, Card, Report, Section, Tone};
use super::pooled::{self, PoolWords, plural};
use super::template::{self, Template};
use super::words::and_list;
use crate::analysis::economics::{Cited, Economics};
use crate::instruments::Better;
use crate::pipeline::portfolio::{MemberOutcome, PortfolioAnalysed};
use crate::problem::{Problem, Problems};
use crate::stats::pooling::Pooled;

/// The confidence level of every interval of a portfolio.
const CONFIDENCE: f64 = 0.95;

/// What every portfolio section reads.
struct Context<'a> {
    analysed: &'a PortfolioAnalysed,
    tera: tera::Context,
}

/// Build the report model of an analysed portfolio with its template: the evidence pack's
/// sections, or with `template = "ref"` the case study's.
pub fn build(analysed: &PortfolioAnalysed, template: &Template) -> Result<Report, Problems> {
    let narrative = template::narrative(&analysed.loaded.root)?;
    let context = Context { analysed, tera: placeholders(analysed) };
    let mut problems = Problems::default();
    let sections = if analysed.loaded.portfolio.portfolio.template.get_ref() == "ref" {
        case_study::sections(&context, template, &narrative).unwrap_or_else(|problem| {
            problems.push(problem);
            Vec::new()
        })
    } else {
        evidence_sections(&context, template, &narrative, &mut problems)
    };
    let about = &analysed.results.programme;
    let subtitle: Vec<String> = [about.organisation.clone(), about.period.clone()].into_iter().flatten().collect();
    problems.into_result(Report {
        title: about.title.clone(),
        subtitle: (!subtitle.is_empty()).then(|| subtitle.join(" · ")),
        lang: "en-GB".into(),
        template: template.name.clone(),
        sections,
        generator: format!("impact {}", analysed.results.tool.version),
    })
}

/// The template's sections, each its narrative or template text and then its blocks from the
/// data; a section of data without data is left out.
fn evidence_sections(
    context: &Context,
    template: &Template,
    narrative: &std::collections::BTreeMap<String, String>,
    problems: &mut Problems,
) -> Vec<Section> {
    let mut sections = Vec::new();
    for settings in &template.settings.sections {
        let computed = match settings.id.as_str() {
            "glance" => glance(context),
            "reach" => reach::blocks(context),
            "effects" => effects(context),
            "economics" => economics(context),
            "programmes" => members::cards(context),
            "voices" => members::voices(context),
            "sources" => sources(context),
            _ => Ok(Vec::new()),
        };
        let text = match narrative.get(&settings.id) {
            Some(text) => template::render_markdown(&format!("narrative/{}.md", settings.id), text, &context.tera),
            None => template.section_markdown(&settings.id, &context.tera).map(Option::unwrap_or_default),
        };
        let (computed, text) = match (computed, text) {
            (Ok(computed), Ok(text)) => (computed, text),
            (Err(problem), _) | (_, Err(problem)) => {
                problems.push(problem);
                continue;
            }
        };
        if computed.is_empty() && (settings.id != "methods" || text.trim().is_empty()) {
            continue;
        }
        let mut blocks: Vec<Block> =
            (!text.trim().is_empty()).then_some(Block::Markdown { text }).into_iter().collect();
        blocks.extend(computed);
        sections.push(Section { id: settings.id.clone(), title: settings.title.clone(), blocks });
    }
    sections
}

/// `{{ portfolio.title }}`, `{{ portfolio.effect }}`, `{{ reach.people }}` and the like.
fn placeholders(analysed: &PortfolioAnalysed) -> tera::Context {
    let about = &analysed.loaded.portfolio.portfolio;
    let mut context = tera::Context::new();
    context.insert(
        "portfolio",
        &json!({
            "title": about.title,
            "organisation": about.organisation,
            "period": about.period,
            "effect": about.effect.key(),
            "model": match about.pool { crate::stats::pooling::Model::Random => "random", _ => "common" },
        }),
    );
    context.insert("reach", &analysed.results.portfolio.reach);
    context
}

/// Reach in four figures, and each pooled outcome in a line.
fn glance(context: &Context) -> Result<Vec<Block>, Problem> {
    let reach = &context.analysed.results.portfolio.reach;
    let card = |n: u64, one: &str, many: &str, detail: Option<String>| Card {
        value: thousands(n),
        label: if n == 1 { one.to_string() } else { many.to_string() },
        detail,
    };
    let mut blocks = vec![Block::Cards {
        cards: vec![
            card(reach.people, "person reached", "people reached", Some("counted once per programme".into())),
            card(reach.programmes as u64, "programme", "programmes", None),
            card(reach.organisations, "organisation", "organisations", None),
            card(reach.countries as u64, "country", "countries", None),
        ],
    }];
    let lines: Vec<String> = context
        .analysed
        .results
        .portfolio
        .pooled
        .iter()
        .map(|p| {
            let (name, _) = outcome_of(context, p);
            format!(
                "{name}: across {} programmes, a pooled standardised mean change of {} (95% CI {}).",
                p.k,
                number(Some(p.estimate), 2),
                interval(Some(p.ci), 2)
            )
        })
        .collect();
    if !lines.is_empty() {
        blocks.push(Block::List { items: lines });
    }
    Ok(blocks)
}

/// Each pooled outcome: its sentence, a caution where it rests on an assumed correlation, and
/// its forest plot; then the outcomes only one programme measured.
fn effects(context: &Context) -> Result<Vec<Block>, Problem> {
    let results = &context.analysed.results.portfolio;
    let words = PoolWords { unit: "programme".into(), confidence: CONFIDENCE };
    let mut blocks = Vec::new();
    for (index, pooled) in results.pooled.iter().enumerate() {
        let (name, better) = outcome_of(context, pooled);
        let heading = format!("{name}, {} to {}", pooled.from, pooled.to);
        blocks.push(Block::Heading { text: heading.clone() });
        blocks.push(Block::Paragraph { text: pooled::sentence(&words, better, pooled) });
        let assumed = assumed_in(context, pooled);
        if !assumed.is_empty() {
            blocks.push(Block::Callout {
                tone: Tone::Caution,
                title: "Part of this rests on an assumed correlation.".into(),
                text: format!(
                    "{} did not report the correlation between before and after scores, so the one given as assumed \
                     was used; the plot marks {} with †.{}",
                    and_list(&assumed),
                    if assumed.len() == 1 { "it" } else { "them" },
                    // Under SMCR a higher correlation means a smaller sampling variance.
                    match pooled.effect {
                        crate::stats::pooling::Effect::Smcr if assumed.len() == 1 => {
                            " Were the true correlation higher, its interval would be narrower and its weight larger."
                        }
                        crate::stats::pooling::Effect::Smcr => {
                            " Were the true correlations higher, their intervals would be narrower and their weights larger."
                        }
                        crate::stats::pooling::Effect::Smcc => "",
                    },
                ),
            });
        }
        let mut marked = pooled.clone();
        for study in &mut marked.studies {
            if assumed.contains(&study.name) {
                study.name.insert_str(0, "† ");
            }
        }
        let id = format!("forest-{:02}", index + 1);
        blocks.push(Block::Figure(pooled::forest_figure(&words, better, &marked, &heading, id)?));
    }
    for (name, programme) in measured_once(context) {
        blocks.push(Block::Paragraph {
            text: format!("{name} was measured by one programme only ({programme}), so it is not pooled."),
        });
    }
    Ok(blocks)
}

/// The portfolio's own estimate, its figures marked with their source numbers; then each
/// programme's own estimate in a line.
fn economics(context: &Context) -> Result<Vec<Block>, Problem> {
    let mut blocks = Vec::new();
    if let Some(figures) = &context.analysed.results.economics {
        let sources = &context.analysed.loaded.portfolio.sources;
        let cell = |source: &Cited| match source {
            Cited::Number(n) => {
                sources.get(n - 1).map_or_else(|| format!("[{n}]"), |s| format!("[{n}] {}", s.get_ref().text.trim()))
            }
            Cited::Text(text) => text.clone(),
        };
        let mark = |source: &Cited| match source {
            Cited::Number(n) => format!(" [{n}]"),
            Cited::Text(_) => String::new(),
        };
        blocks.extend(super::economics::blocks(figures, &super::economics::Citing { cell: &cell, mark: &mark })?);
    }
    let lines: Vec<String> = context
        .analysed
        .members
        .iter()
        .filter_map(|m| Some((m, m.economics.as_ref()?)))
        .map(|(m, e)| member_economics(m, e))
        .collect();
    if !lines.is_empty() {
        if !blocks.is_empty() {
            blocks.push(Block::Heading { text: "Estimates of single programmes".into() });
        }
        blocks.push(Block::Paragraph {
            text: "Each estimate rests on the assumptions its programme states, and credits only a share of the \
                   change to the programme; none shows that the programme caused it."
                .into(),
        });
        blocks.push(Block::List { items: lines });
    }
    Ok(blocks)
}

/// `Compassion at work: with 50% of the changes … credited to it, an estimated £114,700 a year …`
pub(super) fn member_economics(member: &crate::pipeline::portfolio::Member, e: &Economics) -> String {
    let c = e.currency.as_str();
    let parts = match (&e.turnover, &e.absence) {
        (Some(_), Some(_)) => "staff turnover and sickness absence",
        (Some(_), None) => "staff turnover",
        _ => "sickness absence",
    };
    let cost = match (e.programme_cost, e.net) {
        (Some(cost), Some(net)) if net >= 0.0 => {
            format!(", against a cost of {}: {} net", money(cost, c), money(net, c))
        }
        (Some(cost), Some(net)) => format!(", {} short of its cost of {}", money(-net, c), money(cost, c)),
        _ => String::new(),
    };
    format!(
        "{}: if {} of the changes in {parts} are credited to it, they would be worth an estimated {} a year{cost}{}.",
        member.name,
        percent(e.attribution),
        money(e.total_saving, c),
        cite(member.source),
    )
}

/// The numbered sources.
fn sources(context: &Context) -> Result<Vec<Block>, Problem> {
    let items: Vec<String> = context
        .analysed
        .loaded
        .portfolio
        .sources
        .iter()
        .enumerate()
        .map(|(i, source)| {
            let source = source.get_ref();
            match &source.url {
                Some(url) => format!("[{}] {} {}", i + 1, source.text.trim(), url.trim()),
                None => format!("[{}] {}", i + 1, source.text.trim()),
            }
        })
        .collect();
    Ok(if items.is_empty() { Vec::new() } else { vec![Block::List { items }] })
}

/// The outcome's name and better direction, from the first programme that measured it.
fn outcome_of(context: &Context, pooled: &Pooled) -> (String, Better) {
    first_outcome(context, &pooled.measure, &pooled.scale)
        .map_or_else(|| (pooled.measure.clone(), Better::Higher), |o| (o.name.clone(), o.better))
}

fn first_outcome<'a>(context: &'a Context, measure: &str, scale: &str) -> Option<&'a MemberOutcome> {
    context.analysed.members.iter().flat_map(|m| &m.outcomes).find(|o| o.measure == measure && o.scale == scale)
}

/// The programmes pooled in `pooled` whose correlation was assumed.
fn assumed_in(context: &Context, pooled: &Pooled) -> Vec<String> {
    context
        .analysed
        .members
        .iter()
        .filter(|m| pooled.studies.iter().any(|s| s.name == m.name))
        .filter(|m| m.outcomes.iter().any(|o| o.measure == pooled.measure && o.scale == pooled.scale && o.r_assumed))
        .map(|m| m.name.clone())
        .collect()
}

/// Outcomes one programme alone measured: their names and that programme's.
fn measured_once(context: &Context) -> Vec<(String, String)> {
    let members = &context.analysed.members;
    let mut out = Vec::new();
    for member in members {
        for outcome in &member.outcomes {
            let measured_by = members
                .iter()
                .filter(|m| m.outcomes.iter().any(|o| o.measure == outcome.measure && o.scale == outcome.scale));
            if measured_by.count() == 1 {
                out.push((outcome.name.clone(), member.name.clone()));
            }
        }
    }
    out
}

/// A sector as shown: `NHS`, `Schools`.
fn sector_name(sector: &str) -> String {
    match sector {
        "nhs" => "NHS".into(),
        other => crate::report::sections::capitalised(other),
    }
}

/// `3 programmes`, `1 programme`.
fn programmes(n: usize) -> String {
    if n == 1 { "1 programme".into() } else { format!("{n} {}", plural("programme")) }
}

/// ` [3]` for a figure with a source; nothing without.
fn cite(source: Option<usize>) -> String {
    source.map_or_else(String::new, |s| format!(" [{s}]"))
}
