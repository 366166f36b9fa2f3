//! Readers for the programme's data files. Each returns typed, checked data or every problem it
//! found, located by file, row and column.
//!
//! Every reader reads through [`table`], so each data file may be CSV (in any common encoding
//! and delimiter), a spreadsheet, or a survey platform's export; participant ids are matched
//! across files through [`ids`].

pub mod attendance;
pub mod codebook;
pub mod coding;
pub mod excerpts;
pub mod ids;
pub mod labels;
pub mod numbered;
pub mod participants;
pub mod qdpx;
pub mod scores;
pub mod table;
mod yes_no;

pub use attendance::{Attendance, read_attendance};
pub use participants::{Participants, read_participants};
pub use scores::{FormPosition, ItemColumn, ItemSpec, Responses, ScoreColumns, read_scores};

use crate::problem::{Problem, nearest};

/// A row whose number of fields differs from the header's.
pub(crate) fn ragged_row(file: &str, line: usize, record: &csv::StringRecord, header: usize) -> Problem {
    let fields = record.len();
    let problem = Problem::at_row(file, line, format!("the row has {fields} fields but the header has {header}"));
    // A quote opened and never closed swallows the line ends after it into one value.
    let swallowed = record.iter().map(|cell| cell.matches('\n').count()).max().unwrap_or(0);
    if swallowed > 0 {
        problem.help(format!(
            "a double quote opened on this line is not closed, so the next {swallowed} line ends were read as part of \
             one value; close the quote or remove it"
        ))
    } else {
        problem.help("a comma inside a value needs the value in double quotes")
    }
}

/// A name from the data (a theme, a pseudonym, a group) on one line: runs of spaces, tabs and
/// line breaks become one space, so a name typed over two lines in a cell stays one name.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Clean a header cell: drop a UTF-8 byte-order mark and surrounding spaces.
pub(crate) fn clean_header(cell: &str) -> String {
    cell.trim_start_matches('\u{feff}').trim().to_string()
}

/// A problem for a required column that is not in the header, with a "did you mean" hint.
/// `spare` are the headers no other needed column matches: the candidates for a typo.
pub(crate) fn missing_column(file: &str, column: &str, what: &str, spare: &[String], headers: &[String]) -> Problem {
    let problem = Problem::at_row(file, 1, format!("no column `{column}` ({what}) in the header"));
    match nearest(column, spare.iter().map(String::as_str)) {
        Some(close) => problem.help(format!("did you mean `{close}`? Rename the column or change programme.toml")),
        None => problem.help(format!("the header has: {}", headers.join(", "))),
    }
}
