//! The coded data wired together for the pipeline: leave out people who declined consent, check
//! the excerpts' participants against the other files, name speakers, then count themes and build
//! the joint display.

use std::collections::HashSet;

use super::Outcome;
use super::joint::{self, JointRow};
use super::quotes::Speakers;
use super::themes::{self, CodingSummary, ThemeRow};
use crate::input::coding::Coding;
use crate::input::{Attendance, Participants, Responses};
use crate::scoring::ScaleScores;

/// Most "in no other file" warnings listed one by one.
const MAX_LISTED: usize = 5;

/// Everything the qualitative analysis reads.
pub struct QualitativeInputs<'a> {
    /// The coded data.
    pub coding: &'a Coding,
    /// The scores file, if any.
    pub responses: Option<&'a Responses>,
    /// participants.csv, if any (pseudonyms, consent).
    pub participants: Option<&'a Participants>,
    /// attendance.csv, if any.
    pub attendance: Option<&'a Attendance>,
    /// The other data files named in programme.toml, for messages.
    pub other_files: Vec<String>,
    /// Scale scores, for the joint display.
    pub scales: &'a [ScaleScores],
    /// The outcomes, in the order of `scales` × later timepoints.
    pub outcomes: &'a [Outcome],
    /// Smallest group shown in the joint display.
    pub min_cell: usize,
    /// `[privacy] redact`.
    pub redact: &'a [String],
}

/// The themes part of `results.json`, with the quotes the report shows.
#[derive(Debug, Clone)]
pub struct Qualitative {
    /// One row per theme and per subtheme.
    pub themes: Vec<ThemeRow>,
    /// What the coded data hold.
    pub summary: CodingSummary,
    /// Theme × outcome.
    pub joint: Vec<JointRow>,
    /// What was dropped or is doubtful.
    pub warnings: Vec<String>,
}

/// Analyse the coded data.
pub fn analyse(inputs: &QualitativeInputs) -> Qualitative {
    let mut warnings = inputs.coding.warnings.clone();
    let mut coding = inputs.coding.clone();
    if let Some(list) = inputs.participants {
        let declined = |id: &str| list.position(id).is_some_and(|p| !list.consented[p]);
        let left_out: HashSet<usize> =
            coding.excerpts.iter().filter(|e| declined(&e.participant)).map(|e| e.segment).collect();
        if !left_out.is_empty() {
            warnings.push(format!(
                "{} {} from people marked consented = no {} left out",
                left_out.len(),
                if left_out.len() == 1 { "excerpt" } else { "excerpts" },
                if left_out.len() == 1 { "was" } else { "were" }
            ));
            coding.excerpts.retain(|e| !declined(&e.participant));
        }
    }
    let order: Vec<&str> = inputs
        .participants
        .iter()
        .flat_map(|p| p.ids.iter())
        .chain(inputs.responses.iter().flat_map(|r| r.participants.iter()))
        .chain(inputs.attendance.iter().flat_map(|a| a.participants.iter()))
        .map(String::as_str)
        .collect();
    warnings.extend(unknown_participants(&coding, &order, &inputs.other_files));
    let speakers =
        Speakers::new(order.iter().copied().chain(coding.excerpts.iter().map(|e| e.participant.as_str())), |id| {
            inputs.participants.and_then(|p| p.pseudonym(id)).map(String::from)
        });
    // Raw ids that could appear in someone's words are redacted too (not bare numbers).
    let mut redact: Vec<String> = inputs.redact.to_vec();
    let ids = order.iter().copied().chain(coding.excerpts.iter().map(|e| e.participant.as_str()));
    redact.extend(ids.filter(|id| id.chars().count() >= 2 && id.chars().any(char::is_alphabetic)).map(String::from));
    redact.sort();
    redact.dedup();
    let rows = themes::theme_rows(&coding, &speakers, &redact);
    let summary = themes::summary(&coding, &rows);
    let joint = match inputs.responses {
        Some(responses) => {
            let coded: HashSet<String> = coding.excerpts.iter().map(|e| e.participant.clone()).collect();
            let changes = joint::changes(responses, inputs.scales);
            joint::joint_display(&rows, &responses.participants, &coded, inputs.outcomes, &changes, inputs.min_cell)
        }
        None => Vec::new(),
    };
    Qualitative { themes: rows, summary, joint, warnings }
}

/// Warnings for excerpts whose participant is in none of the other data files (only when there
/// are other files). They name rows or count people, never ids.
fn unknown_participants(coding: &Coding, known: &[&str], other_files: &[String]) -> Vec<String> {
    if other_files.is_empty() {
        return Vec::new();
    }
    let known: HashSet<&str> = known.iter().copied().collect();
    let unknown: Vec<&crate::input::coding::Excerpt> =
        coding.excerpts.iter().filter(|e| !known.contains(e.participant.as_str())).collect();
    let file = coding.files.last().cloned().unwrap_or_default();
    let others = other_files.join(", ");
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    let first_rows: Vec<(usize, &str)> = unknown
        .iter()
        .filter(|e| seen.insert(e.participant.as_str()))
        .filter_map(|e| e.row.map(|row| (row, e.participant.as_str())))
        .collect();
    if first_rows.is_empty() && !seen.is_empty() {
        let n = seen.len();
        warnings.push(format!(
            "{file}: {n} {} (case or source names) {} in no other file ({others}); name each case or source by its \
             participant id, or give it a participant_id variable",
            if n == 1 { "participant" } else { "participants" },
            if n == 1 { "is" } else { "are" },
        ));
    }
    for (row, _) in first_rows.iter().take(MAX_LISTED) {
        warnings
            .push(format!("{file}:{row}: this participant is in no other file ({others}); check the id for a typo"));
    }
    if first_rows.len() > MAX_LISTED {
        warnings.push(format!("{file}: {} more participants are in no other file", first_rows.len() - MAX_LISTED));
    }
    warnings
}
