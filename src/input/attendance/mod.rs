//! `attendance.csv`: who came to which session.
//!
//! Two layouts, told apart by the header:
//!
//! - long: `participant_id,session,attended`, one row per person and session;
//! - wide: `participant_id,s1,s2,…`, one row per person (`session1`, `Session 1`, `sess1`, `s1.0`
//!   and a bare `1` name session columns too). A column that looks like a session but is not
//!   one of these (`week8`, `s8.5`, `day 3`, a date) is an error, so that it is never dropped
//!   unseen; other columns are ignored.
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

/// Without `[programme] planned_sessions`, session numbers above this are taken for typos (it is
/// also the most `planned_sessions` may be).
pub const MAX_SESSIONS: usize = crate::config::limits::MAX_SESSIONS as usize;

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

impl Attendance {
    /// The people at positions `kept` (ascending), as if the file held only them.
    pub fn subset(&self, kept: &[usize]) -> Attendance {
        Attendance {
            participants: kept.iter().map(|&p| self.participants[p].clone()).collect(),
            first_lines: kept.iter().map(|&p| self.first_lines[p]).collect(),
            cells: kept
                .iter()
                .flat_map(|&p| &self.cells[p * self.sessions..(p + 1) * self.sessions])
                .copied()
                .collect(),
            sessions: self.sessions,
            sessions_from_file: self.sessions_from_file,
            layout: self.layout,
            table: self.table.clone(),
            warnings: Vec::new(),
            notes: Vec::new(),
        }
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

/// Words that name a session before its number: `s3`, `sess3`, `session 3`.
const SESSION_WORDS: [&str; 5] = ["", "s", "ses", "sess", "session"];

/// Words that, before a number, look like a session column but do not say it is one: a week may
/// hold two sessions, so `week8` is not taken for session 8.
const LOOKALIKE_WORDS: &str = "sessions sesh sn w wk week day class lesson meeting module workshop seminar sitting \
                               att attended attendance present";
/// A header or cell split into a leading word, a number and what follows: `week 8` is
/// `("week", 8, "")`, `s8.5` is `("s", 8, ".5")`. `None` without a number after the word.
fn numbered(text: &str) -> Option<(String, u64, String)> {
    let text = text.trim().to_ascii_lowercase();
    let word_end = text.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(text.len());
    let (word, rest) = text.split_at(word_end);
    let rest = if word.is_empty() { rest } else { rest.trim_start_matches([' ', '_', '-', '#']) };
    let digits_end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    if digits_end == 0 {
        return None;
    }
    // More digits than a u64 holds is no plausible session either.
    let number = rest[..digits_end].parse().unwrap_or(u64::MAX);
    Some((word.to_string(), number, rest[digits_end..].to_string()))
}

/// A session number as written in a header or a cell: `3`, `s3`, `S3`, `sess3`, `session 3`,
/// `session_3`, and any of these with a zero decimal (`s8.0`, as a spreadsheet may write it).
fn session_number(text: &str) -> Option<u64> {
    // Most cells are a bare number.
    let trimmed = text.trim();
    if (1..=18).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return trimmed.parse().ok();
    }
    let (word, number, tail) = numbered(text)?;
    let whole = tail.is_empty()
        || tail.strip_prefix(['.', ',']).is_some_and(|zeros| !zeros.is_empty() && zeros.bytes().all(|b| b == b'0'));
    (SESSION_WORDS.contains(&word.as_str()) && whole).then_some(number)
}

/// Whether a header that is no session number looks like one (`week8`, `s8.5`, `session 8a`): a
/// session word, or a word often used for one, before a number.
fn looks_like_session(text: &str) -> Option<u64> {
    let (word, number, _) = numbered(text)?;
    (SESSION_WORDS.contains(&word.as_str()) || LOOKALIKE_WORDS.split_whitespace().any(|w| w == word)).then_some(number)
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
                for (column, header) in headers.iter().enumerate().filter(|&(column, _)| column != id) {
                    let Some(number) = session_number(header) else {
                        if let Some(number) = looks_like_session(header) {
                            problems.push(unread_session_column(file, column, header, number));
                        }
                        continue;
                    };
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

/// A wide-layout column whose header looks like a session but is not read as one.
fn unread_session_column(file: &str, column: usize, header: &str, number: u64) -> Problem {
    let message = format!("column {} looks like a session but is not read as one", quoted(header));
    let rename = match numbered(header) {
        Some((_, _, tail)) if tail.is_empty() && (1..=MAX_SESSIONS as u64).contains(&number) => {
            format!(": rename it s{number} if it holds session {number}")
        }
        _ => " by the session they hold".to_string(),
    };
    Problem::at(file, 1, column + 1, message).help(format!(
        "name session columns s1, s2, … (or session 1, session 2, …){rename}; give a column that is no session a \
         name without a number"
    ))
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
        assert_eq!(session_number("sess8"), Some(8));
        assert_eq!(session_number("S8.0"), Some(8));
        assert_eq!(session_number("8,00"), Some(8));
        assert_eq!(session_number("session-#8"), Some(8));
    }

    #[test]
    fn headers_that_look_like_sessions_are_told_apart() {
        for (header, number) in
            [("week8", 8), ("Week 8", 8), ("wk_8", 8), ("s8.5", 8), ("session 8a", 8), ("sessions8", 8), ("day 3", 3)]
        {
            assert_eq!(session_number(header), None, "{header}");
            assert_eq!(looks_like_session(header), Some(number), "{header}");
        }
        for header in ["site", "group 2", "cohort2025", "q1", "notes", "s", "sx1"] {
            assert_eq!(looks_like_session(header).filter(|_| session_number(header).is_none()), None, "{header}");
        }
    }
}
