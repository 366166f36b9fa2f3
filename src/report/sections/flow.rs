//! The participant flow: a sentence, the diagram and its numbers as a table.

use super::chart_problem;
use super::themes::capitalised;
use crate::analysis::flow::{Column, FlowStep};
use crate::charts::{self, FlowBox, FlowDiagram};
use crate::problem::Problem;
use crate::report::Context;
use crate::report::model::{Block, Figure, Table};

/// How one step is spoken of.
struct StepWords {
    /// The box label.
    label: String,
    /// What the people lost on the way did not do (`never came to a session`).
    lost: String,
    /// The group as the origin of a loss (`who consented`).
    group: &'static str,
}

/// `1 member of staff`, `3 staff`.
pub(super) fn people(context: &Context, n: usize) -> String {
    let words = &context.template.settings.words;
    if n == 1 { format!("1 {}", words.participant) } else { format!("{n} {}", words.participants) }
}

/// `was` for one, `were` for any other number.
fn were(n: usize) -> &'static str {
    if n == 1 { "was" } else { "were" }
}

/// How `step` is spoken of, its losses agreeing with `lost` people.
fn step_words(context: &Context, step: &FlowStep, lost: usize) -> StepWords {
    let results = &context.analysed.results;
    let first = results.timepoints.first().cloned().unwrap_or_default();
    let last = results.timepoints.last().cloned().unwrap_or_default();
    let completion = results.attendance.as_ref().map(|a| (a.completion.sessions, a.planned_sessions));
    let (label, lost, group) = match step.step {
        "enrolled" => ("Enrolled".to_string(), String::new(), "enrolled"),
        "consented" => ("Consented to the evaluation".into(), "did not consent".into(), "who consented"),
        "baseline" => (
            format!("Baseline questionnaire ({first})"),
            format!("did not answer the questionnaires at {first}"),
            "who answered at baseline",
        ),
        "started" => ("Came to at least one session".into(), "never came to a session".into(), "who started"),
        "completed" => match completion {
            Some((k, planned)) => (
                format!("Completed the programme ({k} or more of {planned} sessions)"),
                format!("did not complete the programme (came to fewer than {k} sessions)"),
                "who completed",
            ),
            None => ("Completed the programme".into(), "did not complete the programme".into(), "who completed"),
        },
        "followup" => (
            format!("Follow-up questionnaire ({last})"),
            format!("did not answer the questionnaires at {last}"),
            "who answered at follow-up",
        ),
        _ => (
            format!("Analysed (scored at both {first} and {last})"),
            format!("{} not analysed (a score missing at {first} or too many items skipped)", were(lost)),
            "analysed",
        ),
    };
    StepWords { label, lost, group }
}

/// The side-box sentence of `step`: who was lost since the step it is counted from.
fn lost_sentence(context: &Context, steps: &[FlowStep], index: usize) -> Option<String> {
    let step = &steps[index];
    let dropped = step.dropped.filter(|&d| d > 0)?;
    let mut text = if step.step == "consented" {
        let declined = step.declined.unwrap_or(0);
        let unseen = step.not_in_files.unwrap_or(0);
        match (declined, unseen) {
            (_, 0) => format!("{} did not consent", people(context, dropped)),
            (0, _) => format!("{} left no record in the data", people(context, dropped)),
            _ => format!(
                "{} did not take part: {declined} did not consent, {unseen} left no record in the data",
                people(context, dropped)
            ),
        }
    } else {
        format!("{} {}", people(context, dropped), step_words(context, step, dropped).lost)
    };
    // A step counted from another step than the box above names its group: for a main box the
    // main box above, for a side box the box just before it.
    let previous =
        steps[..index].iter().rev().find(|s| step.column == Column::Side || s.column == Column::Main).map(|s| s.step);
    if let Some(from) = step.from
        && previous != Some(from)
        && let Some(parent) = steps.iter().find(|s| s.step == from)
    {
        let group = step_words(context, parent, 0).group;
        text = format!("{text} (of the {} {group})", parent.n);
    }
    match step.withdrew {
        Some(w) if w > 0 && step.step != "consented" => {
            text.push_str(&format!("; {w} of them withdrew"));
        }
        _ => {}
    }
    Some(text)
}

/// The flow paragraph, the diagram and its table; nothing without steps beyond enrolment.
pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let steps = &context.analysed.results.flow_steps;
    // Two steps that lose no one (5 enrolled, 5 consented) say nothing the cards do not.
    if steps.len() < 2 || (steps.len() == 2 && steps[1].n == steps[0].n) {
        return Ok(Vec::new());
    }
    let diagram = FlowDiagram {
        title: "Participant flow".into(),
        subtitle: "From enrolment to analysis; beside each arrow, who was lost on the way and programme attendance"
            .into(),
        steps: steps
            .iter()
            .enumerate()
            .map(|(i, step)| FlowBox {
                label: step_words(context, step, 0).label,
                n: step.n,
                lost: lost_sentence(context, steps, i),
                side: step.column == Column::Side,
            })
            .collect(),
    };
    // Sentences in diagram order: each loss, then the step it leads to.
    let alt = format!(
        "Participant flow. {}",
        diagram
            .steps
            .iter()
            .map(|b| {
                let lost = b.lost.as_ref().map_or(String::new(), |l| format!("{}. ", capitalised(l)));
                let beside = if b.side { " (beside the main column)" } else { "" };
                format!("{lost}{}{beside}: {}.", b.label, b.n)
            })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let svg = charts::flow(&diagram, &alt).map_err(chart_problem)?;
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            vec![
                diagram.steps[i].label.clone(),
                if step.column == Column::Side { "Beside" } else { "Main" }.to_string(),
                step.n.to_string(),
                step.dropped.map_or("–".into(), |d| d.to_string()),
                step.withdrew.map_or("–".into(), |w| w.to_string()),
            ]
        })
        .collect();
    let figure = Figure {
        id: "participant-flow".into(),
        svg,
        alt,
        caption: "Participant flow: each box is a step, with the number of people who reached it.".into(),
        data: Table {
            id: "participant-flow".into(),
            caption: "Participant flow".into(),
            columns: ["Step", "Column", "n", "Lost since the step counted from", "Of them, withdrew"]
                .map(String::from)
                .to_vec(),
            rows,
            notes: vec![
                "Each step after consent counts among the people who consented (everyone in the data without a \
                 participants file); completion counts among those who started; analysis counts the people scored \
                 at both times on the outcome with the fewest."
                    .into(),
                "The main column narrows: each of its steps holds only people in the main step above it. Programme \
                 attendance is counted among everyone who consented, not among those who answered later, so it \
                 stands beside the main column, at its stage."
                    .into(),
            ],
            csv: None,
        },
    };
    Ok(vec![
        Block::Heading { text: "Participant flow".into() },
        Block::Paragraph { text: summary(context) },
        Block::Figure(figure),
    ])
}

/// `Of the 22 staff enrolled, 20 consented to the evaluation. …`
fn summary(context: &Context) -> String {
    let results = &context.analysed.results;
    let Some(flow) = &results.flow else { return String::new() };
    let mut sentences = vec![];
    let enrolled = format!("Of the {} enrolled", people(context, flow.enrolled));
    match flow.consented {
        Some(c) => sentences.push(format!("{enrolled}, {c} consented to the evaluation.")),
        None => sentences.push(format!(
            "{} {} enrolled.",
            capitalised(&people(context, flow.enrolled)),
            were(flow.enrolled)
        )),
    }
    if let (Some(started), Some(completed)) = (flow.started, flow.completed) {
        let rule = results.attendance.as_ref().map_or(String::new(), |a| {
            format!(", coming to at least {} of the {} sessions", a.completion.sessions, a.planned_sessions)
        });
        sentences
            .push(format!("{started} came to at least one session and {completed} completed the programme{rule}."));
    }
    if let Some(analysed) = flow.analysed {
        let first = results.timepoints.first().cloned().unwrap_or_default();
        let last = results.timepoints.last().cloned().unwrap_or_default();
        sentences.push(format!(
            "{analysed} {} included in the analysis, having answered the questionnaires at both {first} and {last}.",
            were(analysed)
        ));
    }
    sentences.join(" ")
}
