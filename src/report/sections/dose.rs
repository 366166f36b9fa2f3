//! Attendance and change: for each outcome, Spearman's rho between sessions attended and change,
//! and the mean change of completers and non-completers.

use crate::analysis::Outcome;
use crate::analysis::dose::{DoseResponse, MIN_PAIRS};
use crate::report::format::{interval, number, p_value};
use crate::report::model::{Block, Table, Tone};
use crate::report::words::{apa_p, decimals, signed};
use crate::report::{Context, outcome_name};

pub(super) fn blocks(context: &Context) -> Vec<Block> {
    let results = &context.analysed.results;
    if results.dose.is_empty() {
        return Vec::new();
    }
    let confidence = *context.analysed.loaded.programme.analysis.confidence.get_ref();
    let words = &context.template.settings.words;
    let sentences = results.dose.iter().map(|d| sentence(context, d, confidence)).collect();
    vec![
        Block::Callout {
            tone: Tone::Caution,
            title: "An association, not proof of a dose effect".into(),
            text: format!(
                "{} chose how many sessions to come to, and those who came more often may differ in other ways, so a \
                 link between attendance and change does not show that more sessions caused more change.",
                capitalise(&words.participants)
            ),
        },
        Block::List { items: sentences },
        Block::Table(table(context, confidence)),
    ]
}

fn outcome_of<'a>(context: &'a Context, d: &DoseResponse) -> Option<&'a Outcome> {
    context.analysed.results.outcomes.iter().find(|o| o.measure == d.measure && o.scale == d.scale && o.to == d.to)
}

fn name(context: &Context, d: &DoseResponse) -> String {
    let several = context.analysed.results.timepoints.len() > 2;
    let name = outcome_of(context, d).map_or_else(|| d.label.clone(), outcome_name);
    if several { format!("{name}, {} to {}", d.from, d.to) } else { name }
}

/// One sentence per outcome, direction-aware.
fn sentence(context: &Context, d: &DoseResponse, confidence: f64) -> String {
    let name = name(context, d);
    let Some(s) = &d.spearman else {
        if d.n < MIN_PAIRS {
            return format!(
                "{name}: too few people (n = {}) to relate attendance to change; at least {MIN_PAIRS} are needed.",
                d.n
            );
        }
        return format!("{name}: attendance and change cannot be correlated, as one of them is the same for everyone.");
    };
    let stats = format!(
        "ρ = {}, {:.0}% CI {}, n = {}, {}",
        number(Some(s.rho), 2),
        confidence * 100.0,
        interval(s.ci, 2),
        d.n,
        apa_p(s.p)
    );
    let significant = s.p.is_some_and(|p| p < 1.0 - confidence);
    if !significant || s.rho == 0.0 {
        return format!("{name}: no clear link between the number of sessions attended and change ({stats}).");
    }
    let better_higher = outcome_of(context, d).is_none_or(|o| o.better == "higher");
    let more_improvement = (s.rho > 0.0) == better_higher;
    let how = if more_improvement { "improved more" } else { "improved less" };
    format!("{name}: people who came to more sessions {how} ({stats}).")
}

fn table(context: &Context, confidence: f64) -> Table {
    let results = &context.analysed.results;
    let min_cell = context.analysed.loaded.programme.analysis.min_cell;
    let hidden = format!("fewer than {min_cell}");
    let completion = results.attendance.as_ref().map(|a| (a.completion.sessions, a.planned_sessions));
    let rows = results
        .dose
        .iter()
        .map(|d| {
            let places = outcome_of(context, d).map_or(2, decimals);
            let rho = d.spearman.as_ref();
            let group = |mean: Option<f64>, n: Option<usize>| match n {
                Some(n) if d.groups_shown => format!("{} (n = {n})", signed(mean, places)),
                _ => hidden.clone(),
            };
            vec![
                name(context, d),
                d.n.to_string(),
                rho.map_or("–".into(), |s| format!("{} {}", number(Some(s.rho), 2), interval(s.ci, 2))),
                rho.map_or("–".into(), |s| p_value(s.p)),
                group(d.completers.mean, d.completers.n),
                group(d.non_completers.mean, d.non_completers.n),
            ]
        })
        .collect();
    let level = format!("{:.0}%", confidence * 100.0);
    let mut notes = vec![format!(
        "ρ: Spearman's rank correlation between sessions attended and change (later minus baseline), with a {level} \
         interval from Fisher's z with standard error √(1.06/(n − 3)) (Bonett & Wright, 2000); p from the t \
         approximation with n − 2 degrees of freedom, as R's cor.test with ties, not adjusted across outcomes. Shown \
         with at least {MIN_PAIRS} people."
    )];
    if let Some((k, planned)) = completion {
        notes.push(format!(
            "Completers came to at least {k} of the {planned} sessions. To protect privacy, the two groups' mean \
             changes are shown only when both have at least {min_cell} people."
        ));
    }
    Table {
        id: "dose-response".into(),
        caption: "Attendance and change in each outcome".into(),
        columns: vec![
            "Outcome".into(),
            "n".into(),
            format!("ρ [{level} CI]"),
            "p".into(),
            "Completers: mean change".into(),
            "Non-completers: mean change".into(),
        ],
        rows,
        notes,
        csv: None,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
