//! Participant flow, CONSORT-style: enrolled → consented → baseline questionnaire → started →
//! completed the programme → follow-up questionnaire → analysed, with who dropped at each step.
//!
//! As DESIGN.md defines the steps: `enrolled` is `[flow] enrolled`, else everyone in any file;
//! `consented` is everyone in a file not marked `consented = no` (null without participants.csv);
//! then, among the consented (everyone in a file without participants.csv), `baseline` (a row at
//! the first timepoint), `started` (at least one session), `completed` (a completer) and
//! `followup` (a row at the last timepoint); `analysed` is the smallest `n_pairs` of any outcome.
//! A step whose file is absent is `None`.
//!
//! The diagram's main column is a funnel: each of its boxes holds only people in the main box
//! above. Programme attendance (started, completed) is counted among the consented, not among
//! those answering at follow-up, so with questionnaires it is drawn beside the main column, as
//! CONSORT draws "discontinued intervention"; so is any other step that is not a subset of the
//! main box above it (a follow-up answered by people who skipped the baseline).

use serde::Serialize;

use super::people::{People, Person};
use crate::input::Responses;

/// `flow` in results.json: the count at each step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flow {
    /// Everyone enrolled, including people in no file.
    pub enrolled: usize,
    /// Everyone in a file not marked `consented = no`; `None` without participants.csv.
    pub consented: Option<usize>,
    /// Consented and scored at the first timepoint; `None` without scores.
    pub baseline: Option<usize>,
    /// Consented and attended at least one session; `None` without attendance.
    pub started: Option<usize>,
    /// Consented and completed the programme; `None` without attendance.
    pub completed: Option<usize>,
    /// Consented and scored at the last timepoint; `None` without scores.
    pub followup: Option<usize>,
    /// The smallest number of pairs of any outcome; `None` without outcomes.
    pub analysed: Option<usize>,
}

/// Where the diagram draws a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// The funnel: each main step holds only people in the main step above it.
    Main,
    /// A box beside the main column, at its stage (programme attendance).
    Side,
}

/// One step of the diagram with the people lost since the step it is counted from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FlowStep {
    /// The step's key in `flow`.
    pub step: &'static str,
    /// People at this step.
    pub n: usize,
    /// The step these people are counted from (`None` for `enrolled`).
    pub from: Option<&'static str>,
    /// Where the diagram draws it.
    pub column: Column,
    /// People at `from` who are not at this step.
    pub dropped: Option<usize>,
    /// Of those dropped, how many are marked `withdrawn` (with participants.csv).
    pub withdrew: Option<usize>,
    /// For `consented`: people marked `consented = no`.
    pub declined: Option<usize>,
    /// For `consented`: enrolled people who appear in no file.
    pub not_in_files: Option<usize>,
}

/// What the flow is computed from.
pub struct FlowInputs<'a> {
    /// Everyone in any file.
    pub people: &'a People,
    /// `[flow] enrolled`.
    pub enrolled: Option<usize>,
    /// Whether participants.csv was given.
    pub participants_file: bool,
    /// The scores file.
    pub responses: Option<&'a Responses>,
    /// Sessions attended per person (in the order of `people`), with attendance.
    pub sessions: Option<&'a [usize]>,
    /// Sessions a completer attended.
    pub completion: usize,
    /// The smallest `n_pairs` of any outcome.
    pub analysed: Option<usize>,
}

/// Count every step and the people lost between steps.
pub fn flow(inputs: &FlowInputs) -> (Flow, Vec<FlowStep>) {
    let people = &inputs.people.persons;
    let known = people.len();
    let enrolled = inputs.enrolled.unwrap_or(known).max(known);
    let sessions = |i: usize| inputs.sessions.map(|s| s.get(i).copied().unwrap_or(0));
    let scored_at = |person: &Person, t: usize| {
        inputs.responses.is_some_and(|r| person.scores.is_some_and(|s| r.row(s, t).is_some()))
    };
    let last = inputs.responses.map_or(0, |r| r.timepoints.len().saturating_sub(1));
    // Each step as a test of one person; the flow counts the consented who pass it.
    let baseline = |i: usize| scored_at(&people[i], 0);
    let started = |i: usize| sessions(i).is_some_and(|n| n >= 1);
    let completed = |i: usize| sessions(i).is_some_and(|n| n >= inputs.completion.max(1));
    let followup = |i: usize| scored_at(&people[i], last);
    let consented: Vec<usize> = (0..known).filter(|&i| people[i].consented).collect();
    let count = |test: &dyn Fn(usize) -> bool| consented.iter().filter(|&&i| test(i)).count();
    let has_scores = inputs.responses.is_some();
    let has_attendance = inputs.sessions.is_some();
    let flow = Flow {
        enrolled,
        consented: inputs.participants_file.then_some(consented.len()),
        baseline: has_scores.then(|| count(&baseline)),
        started: has_attendance.then(|| count(&started)),
        completed: has_attendance.then(|| count(&completed)),
        followup: has_scores.then(|| count(&followup)),
        analysed: inputs.analysed,
    };

    // Lost between a step and the step it is counted from, and how many of them withdrew.
    let lost = |parent: &dyn Fn(usize) -> bool, test: &dyn Fn(usize) -> bool| {
        let gone: Vec<usize> = consented.iter().copied().filter(|&i| parent(i) && !test(i)).collect();
        let withdrew = inputs.participants_file.then(|| gone.iter().filter(|&&i| people[i].withdrawn).count());
        (gone.len(), withdrew)
    };
    let base: &'static str = if inputs.participants_file { "consented" } else { "enrolled" };
    let base_count = if inputs.participants_file { consented.len() } else { enrolled };
    let everyone = |_: usize| true;
    let step = |step, n, from, dropped, withdrew| FlowStep {
        step,
        n,
        from,
        column: Column::Main,
        dropped,
        withdrew,
        declined: None,
        not_in_files: None,
    };
    let mut steps = vec![step("enrolled", enrolled, None, None, None)];
    if inputs.participants_file {
        let declined: Vec<&Person> = people.iter().filter(|p| !p.consented).collect();
        steps.push(FlowStep {
            declined: Some(declined.len()),
            not_in_files: Some(enrolled - known),
            ..step(
                "consented",
                consented.len(),
                Some("enrolled"),
                Some(enrolled - consented.len()),
                Some(declined.iter().filter(|p| p.withdrawn).count()),
            )
        });
    }
    // Without participants.csv the consented are everyone in a file, so people in no file are
    // among those lost at the first step counted from `enrolled`.
    let unseen = if inputs.participants_file { 0 } else { enrolled - known };
    let mut add = |name, n: Option<usize>, from, test: &dyn Fn(usize) -> bool, parent: &dyn Fn(usize) -> bool| {
        if let Some(n) = n {
            let (dropped, withdrew) = lost(parent, test);
            let dropped = if from == base { dropped + unseen } else { dropped };
            steps.push(step(name, n, Some(from), Some(dropped), withdrew));
        }
    };
    add("baseline", flow.baseline, base, &baseline, &everyone);
    add("started", flow.started, base, &started, &everyone);
    add("completed", flow.completed, "started", &completed, &started);
    add("followup", flow.followup, base, &followup, &everyone);
    if let Some(analysed) = flow.analysed {
        let (from, before) = match flow.followup {
            Some(followup) => ("followup", followup),
            None => (base, base_count),
        };
        steps.push(step("analysed", analysed, Some(from), before.checked_sub(analysed), None));
    }
    let followup_within_baseline = consented.iter().all(|&i| !followup(i) || baseline(i));
    place(&mut steps, has_scores, followup_within_baseline);
    (flow, steps)
}

/// Put each step in the main column or beside it, so that the main column narrows: attendance
/// goes beside it when there are questionnaires (follow-up is not counted among completers), a
/// follow-up beside it when some who answered it skipped the baseline, and any step with more
/// people than the main box above it beside it.
fn place(steps: &mut [FlowStep], has_scores: bool, followup_within_baseline: bool) {
    let mut above: Option<usize> = None;
    for step in steps {
        let beside = match step.step {
            "started" | "completed" => has_scores,
            "followup" => !followup_within_baseline,
            _ => false,
        };
        if beside || above.is_some_and(|n| step.n > n) {
            step.column = Column::Side;
        } else {
            above = Some(step.n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(list: &[(&'static str, usize)]) -> Vec<FlowStep> {
        list.iter()
            .map(|&(step, n)| FlowStep {
                step,
                n,
                from: None,
                column: Column::Main,
                dropped: None,
                withdrew: None,
                declined: None,
                not_in_files: None,
            })
            .collect()
    }

    fn columns(steps: &[FlowStep]) -> Vec<Column> {
        steps.iter().map(|s| s.column).collect()
    }

    #[test]
    fn attendance_goes_beside_the_main_column_when_there_are_questionnaires() {
        use Column::{Main, Side};
        let list = [("enrolled", 22), ("baseline", 20), ("started", 19), ("completed", 12), ("followup", 17)];
        let mut with_scores = steps(&list);
        place(&mut with_scores, true, true);
        assert_eq!(columns(&with_scores), [Main, Main, Side, Side, Main]);
        // Attendance alone is a funnel of its own.
        let mut attendance = steps(&[("enrolled", 22), ("started", 19), ("completed", 12)]);
        place(&mut attendance, false, true);
        assert_eq!(columns(&attendance), [Main, Main, Main]);
        // A follow-up answered by someone without a baseline is no subset of the baseline.
        let mut followup = steps(&[("enrolled", 22), ("baseline", 20), ("followup", 17), ("analysed", 15)]);
        place(&mut followup, true, false);
        assert_eq!(columns(&followup), [Main, Main, Side, Main]);
    }
}
