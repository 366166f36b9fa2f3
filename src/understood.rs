//! What `impact check` says it understood of the data: each file's format, encoding,
//! delimiter, layout and survey platform; participants per timepoint; and who in one file is
//! missing from another. Never a participant id.

use std::fmt;

use crate::analysis::people::People;
use crate::input::table::{self, TableInfo};
use crate::input::{Attendance, Participants, Responses};

/// What was read, in lines for `check`.
#[derive(Debug, Clone, Default)]
pub struct Understood {
    /// One line per data file: what it is and how it is laid out.
    pub files: Vec<String>,
    /// Participants scored at each timepoint, and at all of them.
    pub timepoints: Option<String>,
    /// Who is in one file but not another.
    pub unmatched: Vec<String>,
    /// Things to tell the user that do not change the analysis.
    pub notes: Vec<String>,
}

/// The files read, as the pipeline has them.
pub struct Read<'a> {
    /// The scores file.
    pub responses: Option<&'a Responses>,
    /// The attendance file.
    pub attendance: Option<&'a Attendance>,
    /// The participants file.
    pub participants: Option<&'a Participants>,
    /// The codebook and excerpts files (or REFI-QDA project), as paths and names.
    pub coding: Vec<(std::path::PathBuf, String)>,
}

impl Understood {
    /// Describe what was read, and who is missing from which file.
    pub fn new(read: &Read, people: &People) -> Understood {
        let mut understood = Understood::default();
        if let Some(responses) = read.responses {
            understood.files.push(format!("{}; {}", responses.table, responses.layout));
            understood.notes.extend(responses.notes.iter().cloned());
            let counts: Vec<String> = responses
                .timepoints
                .iter()
                .enumerate()
                .map(|(t, name)| format!("{} at {name}", responses.scored_at(t)))
                .collect();
            let all = (0..responses.participants.len())
                .filter(|&p| (0..responses.timepoints.len()).all(|t| responses.row(p, t).is_some()))
                .count();
            understood.timepoints = Some(format!("{}; {all} at every timepoint", counts.join(", ")));
        }
        if let Some(attendance) = read.attendance {
            let layout = match attendance.layout {
                crate::input::attendance::AttendanceLayout::Long => "long layout (a row per participant and session)",
                crate::input::attendance::AttendanceLayout::Wide => "wide layout (a column per session)",
            };
            understood.files.push(format!("{}; {layout}", attendance.table));
            understood.notes.extend(attendance.notes.iter().cloned());
        }
        if let Some(participants) = read.participants {
            if let Some(table) = &participants.table {
                understood.files.push(table.to_string());
            }
            understood.notes.extend(participants.notes.iter().cloned());
        }
        for (path, file) in &read.coding {
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("qdpx")) {
                understood.files.push(format!("{file}: REFI-QDA project"));
            } else if let Some(info) = table::describe(path, file) {
                understood.files.push(info.to_string());
                understood.notes.extend(info.notes);
            }
        }
        understood.unmatched = unmatched(read, people);
        understood
    }
}

/// Who is in one of the scores, attendance and participants files but missing from another.
fn unmatched(read: &Read, people: &People) -> Vec<String> {
    let name = |info: &TableInfo| info.name.clone();
    let scores = read.responses.map(|r| name(&r.table));
    let attendance = read.attendance.map(|a| name(&a.table));
    let list = read.participants.and_then(|p| p.table.as_ref().map(name));
    let mut lines = Vec::new();
    let mut count = |present: &dyn Fn(&crate::analysis::people::Person) -> bool, from: &str, missing: &str| {
        let n = people.persons.iter().filter(|p| present(p)).count();
        if n > 0 {
            let people = if n == 1 { "participant" } else { "participants" };
            lines.push(format!("{n} {people} in {from} not in {missing}"));
        }
    };
    if let (Some(scores), Some(attendance)) = (&scores, &attendance) {
        count(&|p| p.scores.is_some() && p.attendance.is_none(), scores, attendance);
        count(&|p| p.attendance.is_some() && p.scores.is_none(), attendance, scores);
    }
    if let Some(list) = &list {
        for file in [&scores, &attendance].into_iter().flatten() {
            let in_file = |p: &crate::analysis::people::Person| {
                if Some(file) == scores.as_ref() { p.scores.is_some() } else { p.attendance.is_some() }
            };
            count(&|p| in_file(p) && p.listed.is_none(), file, list);
        }
    }
    let files = [&scores, &attendance, &list].into_iter().flatten().count();
    if lines.is_empty() && files > 1 {
        lines.push("none".into());
    }
    lines
}

impl fmt::Display for Understood {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            writeln!(f, "read {file}")?;
        }
        if let Some(timepoints) = &self.timepoints {
            writeln!(f, "participants scored: {timepoints}")?;
        }
        if !self.unmatched.is_empty() {
            writeln!(f, "unmatched participants: {}", self.unmatched.join("; "))?;
        }
        for note in &self.notes {
            writeln!(f, "note: {note}")?;
        }
        Ok(())
    }
}
