//! Problems found in a programme's inputs, located by file, row and column.
//!
//! Readers collect every problem they find rather than stopping at the first, so `impact check`
//! can show a user everything to fix in one pass.

use std::fmt;

/// Where in an input a problem is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// File path as the user wrote it (relative to the programme folder).
    pub file: String,
    /// 1-based line (for CSV: the line in the file, the header being line 1).
    pub row: Option<usize>,
    /// 1-based column (for CSV: the field number; for TOML: the character on the line).
    pub column: Option<usize>,
}

/// One problem with the inputs, and a likely fix where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// How it might be fixed.
    pub help: Option<String>,
}

impl Problem {
    /// A problem in `file` as a whole.
    pub fn in_file(file: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            location: Location { file: file.into(), row: None, column: None },
            message: message.into(),
            help: None,
        }
    }

    /// A problem at a row and column of `file`.
    pub fn at(file: impl Into<String>, row: usize, column: usize, message: impl Into<String>) -> Problem {
        Problem {
            location: Location { file: file.into(), row: Some(row), column: Some(column) },
            message: message.into(),
            help: None,
        }
    }

    /// A problem on a row of `file` as a whole.
    pub fn at_row(file: impl Into<String>, row: usize, message: impl Into<String>) -> Problem {
        Problem {
            location: Location { file: file.into(), row: Some(row), column: None },
            message: message.into(),
            help: None,
        }
    }

    /// Add a `help:` line.
    pub fn help(mut self, help: impl Into<String>) -> Problem {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(row) = self.row {
            write!(f, ":{row}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for Problem {
    /// `error: file:row:column: message`, then `help: …` on its own line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}: {}", self.location, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\nhelp: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found, in the order found. Not empty when returned as an error.
#[derive(Debug, Clone, Default)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Record a problem.
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many were found.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// The same problems, each file named from the folder that holds `folder` (a portfolio's
    /// programme: `programmes/a/data/scores.csv`).
    pub fn within(self, folder: &str) -> Problems {
        Problems(
            self.0
                .into_iter()
                .map(|mut problem| {
                    problem.location.file = format!("{folder}/{}", problem.location.file);
                    problem
                })
                .collect(),
        )
    }

    /// `Ok(value)` when nothing was found, else every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.0.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl From<Problem> for Problems {
    fn from(problem: Problem) -> Problems {
        Problems(vec![problem])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

/// A value from a data file as a message quotes it: `'often'`. Long values are shortened and
/// control characters written as escapes, so a stray megabyte or NUL byte stays readable.
pub fn quoted(value: &str) -> String {
    const LONGEST: usize = 40;
    let mut out = String::from("'");
    for (i, c) in value.chars().enumerate() {
        if i == LONGEST {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out.push('\'');
    out
}

/// The closest of `candidates` to `word` by edit distance, if it is close enough to be a likely
/// typo (used for "did you mean" hints).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 2.max(c.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_are_short_and_printable() {
        assert_eq!(quoted("often"), "'often'");
        assert_eq!(quoted("a\0b"), "'a\\u{0}b'");
        let long = quoted(&"9".repeat(1 << 20));
        assert_eq!(long.chars().count(), 43);
        assert!(long.ends_with("…'"));
    }

    #[test]
    fn a_problem_prints_location_message_and_help() {
        let p = Problem::at("data/scores.csv", 14, 7, "value 7 is outside 1–5").help("check the item");
        assert_eq!(p.to_string(), "error: data/scores.csv:14:7: value 7 is outside 1–5\nhelp: check the item");
    }

    #[test]
    fn nearest_finds_a_typo_and_ignores_strangers() {
        let headers = ["participant_id", "timepoint", "scs_sf_1"];
        assert_eq!(nearest("scs_sf1", headers), Some("scs_sf_1"));
        assert_eq!(nearest("participant", headers), Some("participant_id"));
        assert_eq!(nearest("zzz", headers), None);
    }
}
