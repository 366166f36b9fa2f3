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
pub(crate) fn ragged_row(file: &str, line: usize, fields: usize, header: usize) -> Problem {
    Problem::at_row(file, line, format!("the row has {fields} fields but the header has {header}"))
        .help("a comma inside a value needs the value in double quotes")
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
