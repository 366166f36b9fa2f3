//! `attendance.csv`: who came to which session.
//!
//! Two layouts, told apart by the header:
//!
//! - long: `participant_id,session,attended`, one row per person and session;
//! - wide: `participant_id,s1,s2,…`, one row per person (`session1`, `Session 1` and a bare `1`
//!   name session columns too; other columns are ignored).
//!
//! A cell says `1/0`, `yes/no`, `true/false` or `present/absent`; an empty cell is "not
//! recorded" and counts as not attended. Each person × session is stored in a byte.

use std::path::Path;

mod grid;

use grid::Register;

use super::ids::shown;
use super::table::{Table, TableInfo};
use super::{missing_column, yes_no};
use crate::problem::{Problem, Problems, quoted};

/// Without `[programme] planned_sessions`, session numbers above this are taken for typos.
pub const MAX_SESSIONS: usize = 1000;

/// A cell not filled in.
const NOT_RECORDED: u8 = 0;
/// Did not come.
const ABSENT: u8 = 1;
/// Came.
const PRESENT: u8 = 2;

/// How the attendance file was laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttendanceLayout {
    /// `participant_id,session,attended`.
    Long,
    /// `participant_id,s1,s2,…`.
    Wide,
}

/// The attendance file, read and checked.
#[derive(Debug, Clone)]
pub struct Attendance {
    /// Participant ids in order of first appearance.
    pub participants: Vec<String>,
    /// The line of the file where each participant first appears.
    pub first_lines: Vec<usize>,
    /// Number of sessions: `planned_sessions`, or the highest session in the file without it.
    pub sessions: usize,
    /// Whether `sessions` came from the file because `planned_sessions` is not set.
    pub sessions_from_file: bool,
    /// The layout the file was in.
    pub layout: AttendanceLayout,
    /// Per participant × session: not recorded, absent or present.
    cells: Vec<u8>,
    /// What the file was found to be.
    pub table: TableInfo,
    /// What reading merged, for the report's notes (never naming a participant).
    pub warnings: Vec<String>,
    /// What only `check` shows.
    pub notes: Vec<String>,
}

impl Attendance {
    /// Whether participant `p` came to `session` (numbered from 1); `None` when not recorded.
    pub fn attended(&self, participant: usize, session: usize) -> Option<bool> {
        if session == 0 || session > self.sessions {
            return None;
        }
        match self.cells.get(participant * self.sessions + session - 1) {
            Some(&PRESENT) => Some(true),
            Some(&ABSENT) => Some(false),
            _ => None,
        }
    }

    /// The sessions participant `p` came to, by number.
    pub fn sessions_attended(&self, participant: usize) -> impl Iterator<Item = usize> + '_ {
        let row = self.cells.get(participant * self.sessions..(participant + 1) * self.sessions).unwrap_or(&[]);
        row.iter().enumerate().filter(|(_, cell)| **cell == PRESENT).map(|(i, _)| i + 1)
    }
}

/// Read an attendance file (CSV or spreadsheet) in either layout. `file` is the path as shown in
/// messages; `planned` is `[programme] planned_sessions`, above which a session number is an
/// error.
pub fn read_attendance(path: &Path, file: &str, id_column: &str, planned: Option<u32>) -> Result<Attendance, Problems> {
    let help = format!("give a header row: {id_column},session,attended (or {id_column},s1,s2,…)");
    let (mut table, headers) = Table::open_with_header(path, file, None, &help)?;
    let name = table.info().name.clone();
    let file = name.as_str();
    let limits = Limits { planned: planned.map(|p| p as usize) };
    let columns = Columns::find(file, &headers, id_column, &limits)?;
    let mut problems = Problems::default();
    let mut register = Register::new(limits.planned);
    table.for_each_row(&mut problems, |line, record, problems| {
        let row = Row { file, line, record, limits: &limits };
        columns.read(&row, &mut register, problems);
    });
    if register.ids.is_empty() && problems.is_empty() {
        problems.push(Problem::in_file(file, "the file has a header but no attendance"));
    }
    let layout = match columns {
        Columns::Long { .. } => AttendanceLayout::Long,
        Columns::Wide { .. } => AttendanceLayout::Wide,
    };
    problems.into_result(register.finish(layout, table.into_info()))
}

/// The session limit in force.
struct Limits {
    planned: Option<usize>,
}

impl Limits {
    /// Check a session number found at `line`:`column`; the session if it is usable.
    fn check(&self, number: u64, file: &str, line: usize, column: usize, problems: &mut Problems) -> Option<usize> {
        let limit = self.planned.unwrap_or(MAX_SESSIONS);
        if number == 0 {
            problems.push(
                Problem::at(file, line, column, "session 0: sessions are numbered from 1")
                    .help("number the sessions 1, 2, 3 …"),
            );
            return None;
        }
        if number > limit as u64 {
            let problem = match self.planned {
                Some(planned) => Problem::at(
                    file,
                    line,
                    column,
                    format!("session {number} is beyond the {planned} planned sessions"),
                )
                .help("fix the session number, or set [programme] planned_sessions to the number of sessions offered"),
                None => Problem::at(file, line, column, format!("session {number} is beyond {MAX_SESSIONS} sessions"))
                    .help("fix the session number, and set [programme] planned_sessions in programme.toml"),
            };
            problems.push(problem);
            return None;
        }
        Some(number as usize)
    }
}

/// A session number as written in a header or a cell: `3`, `s3`, `S3`, `session 3`, `session_3`.
fn session_number(text: &str) -> Option<u64> {
    let text = text.trim().to_ascii_lowercase();
    let rest = text.strip_prefix("session").or_else(|| text.strip_prefix('s')).unwrap_or(&text);
    let digits = rest.trim_start_matches([' ', '_', '-']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // More digits than a u64 holds is no plausible session either.
    Some(digits.parse().unwrap_or(u64::MAX))
}

/// Where the needed columns are, by layout.
enum Columns {
    Long { id: usize, session: usize, attended: usize },
    Wide { id: usize, sessions: Vec<(usize, usize)> },
}

impl Columns {
    fn find(file: &str, headers: &[String], id_column: &str, limits: &Limits) -> Result<Columns, Problems> {
        let position = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let id = headers.iter().position(|h| h == id_column);
        let (session, attended) = (position("session"), position("attended"));
        let mut problems = Problems::default();
        let spare: Vec<String> =
            headers.iter().filter(|h| !["session", "attended"].contains(&h.to_lowercase().as_str())).cloned().collect();
        let Some(id) = id else {
            problems.push(missing_column(file, id_column, "participant id", &spare, headers));
            return Err(problems);
        };
        match (session, attended) {
            (Some(session), Some(attended)) => Ok(Columns::Long { id, session, attended }),
            (Some(_), None) | (None, Some(_)) => {
                let (missing, what) = if session.is_some() {
                    ("attended", "whether the person came: yes/no")
                } else {
                    ("session", "the session number")
                };
                let spare: Vec<String> = spare.into_iter().filter(|h| h != id_column).collect();
                Err(missing_column(file, missing, what, &spare, headers).into())
            }
            (None, None) => {
                let mut sessions: Vec<(usize, usize)> = Vec::new();
                for (column, header) in headers.iter().enumerate() {
                    let Some(number) = session_number(header).filter(|_| column != id) else { continue };
                    let Some(session) = limits.check(number, file, 1, column + 1, &mut problems) else { continue };
                    if let Some((first, _)) = sessions.iter().find(|(_, s)| *s == session) {
                        problems.push(
                            Problem::at(
                                file,
                                1,
                                column + 1,
                                format!("session {session} has two columns (also column {})", first + 1),
                            )
                            .help("keep one column per session"),
                        );
                        continue;
                    }
                    sessions.push((column, session));
                }
                if sessions.is_empty() && problems.is_empty() {
                    problems.push(Problem::at_row(file, 1, "the header names no sessions").help(format!(
                        "use {id_column},session,attended (one row per person and session) or {id_column},s1,s2,… \
                         (one row per person)"
                    )));
                }
                problems.into_result(Columns::Wide { id, sessions })
            }
        }
    }

    fn read(&self, row: &Row, register: &mut Register, problems: &mut Problems) {
        let (Columns::Long { id, .. } | Columns::Wide { id, .. }) = self;
        let id_text = row.record[*id].trim();
        if id_text.is_empty() {
            problems.push(Problem::at(row.file, row.line, id + 1, "the participant id is empty"));
            return;
        }
        let participant = register.participant(id_text, row.line);
        match self {
            Columns::Long { session, attended, .. } => {
                let text = row.record[*session].trim();
                let Some(number) = session_number(text) else {
                    problems.push(
                        Problem::at(
                            row.file,
                            row.line,
                            session + 1,
                            format!("session {} is not a session number", quoted(text)),
                        )
                        .help("sessions are numbered 1, 2, 3 … (s1, s2 … also work)"),
                    );
                    return;
                };
                let Some(session) = row.limits.check(number, row.file, row.line, session + 1, problems) else { return };
                row.cell(id_text, participant, session, *attended, register, problems);
            }
            Columns::Wide { sessions, .. } => {
                for &(column, session) in sessions {
                    row.cell(id_text, participant, session, column, register, problems);
                }
            }
        }
    }
}

/// One data row being read.
struct Row<'a> {
    file: &'a str,
    line: usize,
    record: &'a csv::StringRecord,
    limits: &'a Limits,
}

impl Row<'_> {
    /// Read the yes/no in `column` as participant `p`'s attendance at `session`.
    fn cell(
        &self,
        id: &str,
        participant: usize,
        session: usize,
        column: usize,
        register: &mut Register,
        problems: &mut Problems,
    ) {
        let text = self.record[column].trim();
        let value = match yes_no::parse(text) {
            Ok(Some(value)) => value,
            Ok(None) => return,
            Err(()) => {
                problems.push(
                    Problem::at(
                        self.file,
                        self.line,
                        column + 1,
                        format!("value {} is not a yes/no for session {session}", quoted(text)),
                    )
                    .help(format!(
                        "write whether the person came as {}; leave the cell empty if not recorded",
                        yes_no::ACCEPTED
                    )),
                );
                return;
            }
        };
        if let Err(earlier) = register.set(participant, session, value) {
            let word = |v: bool| if v { "attended" } else { "did not attend" };
            problems.push(
                Problem::at(
                    self.file,
                    self.line,
                    column + 1,
                    format!(
                        "participant {} has session {session} twice with different values ({} here, {} on an \
                         earlier row)",
                        shown(id),
                        word(value),
                        word(earlier)
                    ),
                )
                .help("keep one record per person and session; remove or correct the duplicate"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_numbers_are_read_in_common_spellings() {
        assert_eq!(session_number("3"), Some(3));
        assert_eq!(session_number("s3"), Some(3));
        assert_eq!(session_number("Session 12"), Some(12));
        assert_eq!(session_number("session_2"), Some(2));
        assert_eq!(session_number("site"), None);
        assert_eq!(session_number("s"), None);
        assert_eq!(session_number("99999999999999999999999"), Some(u64::MAX));
    }
}
