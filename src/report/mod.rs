//! Analysis → report model. The template chooses the sections, their order and their wording;
//! each section's content comes from the data and appears only when its data exists.

pub(crate) mod economics;
pub mod format;
pub mod model;
pub mod pooled;
pub mod portfolio;
pub(crate) mod sections;
pub mod template;
pub mod words;

pub use model::{Block, Card, Figure, Link, Report, Section, Table, Tone};
pub use template::Template;

use serde_json::json;

use crate::analysis::Outcome;
use crate::pipeline::Analysed;
use crate::problem::{Problem, Problems};
use words::Voice;

/// What every section builder reads.
pub(crate) struct Context<'a> {
    pub analysed: &'a Analysed,
    pub template: &'a Template,
    /// Tera context for markdown placeholders.
    pub tera: tera::Context,
}

impl Context<'_> {
    /// How an outcome is spoken of.
    pub fn voice<'o>(&self, outcome: &'o Outcome) -> Voice<'o> {
        let programme = &self.analysed.loaded.programme;
        Voice {
            outcome,
            name: outcome_name(outcome),
            adjusted: programme.analysis.adjust == crate::config::Adjust::Holm
                && self.analysed.results.outcomes.len() > 1,
            confidence: *programme.analysis.confidence.get_ref(),
        }
    }
}

/// `Self-compassion (SCS-SF)`, or a scored column's label.
pub fn outcome_name(outcome: &Outcome) -> String {
    outcome.name()
}

/// Build the report model of an analysed programme with its template.
pub fn build(analysed: &Analysed, template: &Template) -> Result<Report, Problems> {
    let narrative = template::narrative(&analysed.loaded.root)?;
    let context = Context { analysed, template, tera: placeholders(analysed, template) };

    let mut problems = Problems(crate::statcheck::narrative_problems(&narrative));
    let mut sections = Vec::new();
    for settings in &section_list(template, analysed) {
        match sections::build(&settings.id, &settings.title, &context, narrative.get(&settings.id)) {
            Ok(Some(section)) => sections.push(section),
            Ok(None) => {}
            Err(problem) => problems.push(problem),
        }
    }
    if let (Some(site), Some(first)) = (&analysed.results.programme.site, sections.first_mut()) {
        first.blocks.splice(0..0, sections::site_notice(&context, site));
    }
    // Narrative files that name no template section become sections of their own, after the
    // programme description.
    let known: Vec<&str> = template.settings.sections.iter().map(|s| s.id.as_str()).collect();
    let mut position = sections.iter().position(|s| s.id == "programme").map_or(sections.len(), |i| i + 1);
    for (id, text) in narrative.iter().filter(|(id, _)| !known.contains(&id.as_str())) {
        match narrative_section(id, text, &context) {
            Ok(section) => {
                sections.insert(position, section);
                position += 1;
            }
            Err(problem) => problems.push(problem),
        }
    }
    let about = &analysed.results.programme;
    let subtitle: Vec<String> =
        [about.organisation.clone(), about.period.clone(), about.funder.as_ref().map(|f| format!("Funded by {f}"))]
            .into_iter()
            .flatten()
            .collect();
    problems.into_result(Report {
        title: match &about.site {
            Some(site) => format!("{}: {site}", about.title),
            None => about.title.clone(),
        },
        subtitle: (!subtitle.is_empty()).then(|| subtitle.join(" · ")),
        lang: "en-GB".into(),
        template: template.name.clone(),
        sections,
        generator: format!("impact {}", analysed.results.tool.version),
    })
}

/// The template's sections; with sites, a template that does not place them gets them after
/// the outcomes (a site's page is pointless without the way back, and pooling without its
/// section is lost).
fn section_list(template: &Template, analysed: &Analysed) -> Vec<template::SectionSettings> {
    let mut list = template.settings.sections.clone();
    let has_sites = analysed.results.site_counts.is_some() || analysed.results.programme.site.is_some();
    if has_sites && !list.iter().any(|s| s.id == "sites") {
        let at = list.iter().position(|s| s.id == "outcomes").map_or(list.len(), |i| i + 1);
        list.insert(at, template::SectionSettings { id: "sites".into(), title: "Sites".into() });
    }
    list
}

/// A section from `narrative/ID.md`: its first `# heading` is the title.
fn narrative_section(id: &str, text: &str, context: &Context) -> Result<Section, Problem> {
    let text = template::render_markdown(&format!("narrative/{id}.md"), text, &context.tera)?;
    let (title, body) = match text.trim_start().strip_prefix("# ") {
        Some(rest) => {
            let (title, body) = rest.split_once('\n').unwrap_or((rest, ""));
            (title.trim().to_string(), body.to_string())
        }
        None => (title_case(id), text.clone()),
    };
    Ok(Section { id: id.to_string(), title, blocks: vec![Block::Markdown { text: body }] })
}

fn title_case(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// The values section markdown can use: `{{ programme.title }}`, `{{ words.participants }}`,
/// `{{ n.baseline }}`, `{{ n.paired }}` (the fewest of any outcome; `n.paired_most`, the most;
/// `n.paired_range`, `16 to 17` or `17`; `n.paired_varies`), `{{ timepoints }}`, `{{ results… }}`.
fn placeholders(analysed: &Analysed, template: &Template) -> tera::Context {
    let results = &analysed.results;
    let baseline = results.outcomes.iter().map(|o| o.pre.n).max().unwrap_or(0);
    // Those who answered at baseline and again at the last timepoint (post, or a follow-up).
    let (first, last) = (results.timepoints.first(), results.timepoints.last());
    let pairs = results.outcomes.iter().filter(|o| Some(&o.from) == first && Some(&o.to) == last).map(|o| o.n_pairs);
    let (paired, paired_most) = (pairs.clone().min().unwrap_or(0), pairs.max().unwrap_or(0));
    let analysis = &analysed.loaded.programme.analysis;
    let mut context = tera::Context::new();
    context.insert("programme", &results.programme);
    context.insert("words", &template.settings.words);
    context.insert(
        "n",
        &json!({
            "baseline": baseline,
            "paired": paired,
            "paired_most": paired_most,
            "paired_range": words::count_range(paired, paired_most),
            "paired_varies": paired != paired_most,
            "participants": results.participants,
        }),
    );
    context.insert("timepoints", &results.timepoints);
    context.insert(
        "analysis",
        &json!({
            "confidence_percent": (analysis.confidence.get_ref() * 100.0).round() as i64,
            "max_missing_percent": (analysis.max_missing.get_ref() * 100.0).round() as i64,
        }),
    );
    context.insert("results", results);
    context
}
