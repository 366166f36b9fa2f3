//! Coded qualitative data: a codebook of themes and subthemes, and the excerpts coded with them.
//!
//! The data come from one of two places, both read into a [`Coding`]:
//!
//! - `codebook.csv` + `excerpts.csv` ([`super::codebook`], [`super::excerpts`]);
//! - a REFI-QDA project (`[data] qdpx`, [`super::qdpx`]), as exported by NVivo, ATLAS.ti, MAXQDA
//!   or QualCoder.

use std::path::Path;
use std::sync::Arc;

use crate::config::Loaded;
use crate::problem::{Problem, Problems};

/// One code of the codebook and where it sits in the theme tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeEntry {
    /// What excerpts refer to (a code name in CSV, a GUID in REFI-QDA).
    pub code: String,
    /// The theme.
    pub theme: String,
    /// The subtheme; `None` for a theme-level code.
    pub subtheme: Option<String>,
    /// What the code means, if described.
    pub description: Option<String>,
    /// The line of codebook.csv it was read from (`None` for REFI-QDA).
    pub line: Option<usize>,
}

/// When an excerpt was written: a week of the programme or a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum When {
    /// Week number (1 is the first week).
    Week(u32),
    /// A calendar date, as days since 1970-01-01.
    Date(i64),
}

impl When {
    /// Parse `3`, `week 3`, `wk3`, `w3`, or an ISO date `2025-01-14` (with or without a time);
    /// `None` if it is neither.
    pub fn parse(text: &str) -> Option<When> {
        // Most cells are a bare week number.
        if let Ok(week) = text.trim().parse::<u32>() {
            return Some(When::Week(week));
        }
        let lower = text.trim().to_lowercase();
        let number = ["week", "wk", "w"]
            .iter()
            .find_map(|prefix| lower.strip_prefix(prefix))
            .unwrap_or(&lower)
            .trim()
            .trim_start_matches(['.', ':', '-'])
            .trim();
        if let Ok(week) = number.parse::<u32>() {
            return Some(When::Week(week));
        }
        // A date-time (`2025-01-14T09:30:00`, as REFI-QDA writes them) counts by its date.
        let date = match lower.split_once('t') {
            Some((date, time)) if time.starts_with(|c: char| c.is_ascii_digit()) => date,
            _ => lower.as_str(),
        };
        let parts: Vec<&str> = date.split('-').collect();
        if let [y, m, d] = parts.as_slice()
            && y.len() == 4
        {
            let (y, m, d) = (y.parse::<i64>().ok()?, m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
            if (1..=12).contains(&m) && (1..=days_in_month(y, m)).contains(&d) {
                return Some(When::Date(days_from_civil(y, m, d)));
            }
        }
        None
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// One coded excerpt: a stretch of one participant's words with one code.
///
/// A stretch coded with several codes gives several excerpts sharing a `segment`.
#[derive(Debug, Clone, PartialEq)]
pub struct Excerpt {
    /// The participant id, normalised (never shown in a report; shared by a person's excerpts
    /// that come one after another).
    pub participant: Arc<str>,
    /// Where the words come from, in lower case: `diary`, `focus group`, `interview`, `document`
    /// (shared: most excerpts have one of a handful).
    pub source: Arc<str>,
    /// When, if known.
    pub when: Option<When>,
    /// Index of its code in [`Coding::codebook`].
    pub code: usize,
    /// The words; `None` when the text is not available (a REFI-QDA source without its text).
    pub quote: Option<String>,
    /// Flagged by the analyst as a good example.
    pub exemplar: bool,
    /// Excerpts with the same segment are the same stretch of words.
    pub segment: usize,
    /// The line of excerpts.csv it was read from (`None` for REFI-QDA).
    pub row: Option<usize>,
}

/// How the text positions of a REFI-QDA project were read, for the methods section.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Positions {
    /// The counting convention in words (`UTF-16 code units, counting CR and LF separately`).
    pub convention: String,
    /// Share of selection starts and ends that fall between words with that convention.
    pub between_words: f64,
    /// Selections cut from source texts.
    pub selections: usize,
}

/// A codebook with its coded excerpts.
#[derive(Debug, Clone, Default)]
pub struct Coding {
    /// Where it was read from, as named in programme.toml (one or two files).
    pub files: Vec<String>,
    /// What made the coding: `codebook.csv and excerpts.csv`, or the REFI-QDA `origin`.
    pub origin: String,
    /// Codes in display order.
    pub codebook: Vec<CodeEntry>,
    /// Excerpts in file order.
    pub excerpts: Vec<Excerpt>,
    /// How text positions were counted (REFI-QDA with source texts only).
    pub positions: Option<Positions>,
    /// What was dropped or guessed while reading, without participant ids.
    pub warnings: Vec<String>,
}

impl Coding {
    /// The same codebook with only `excerpts` (some of this coding's, such as one site's).
    pub fn with_excerpts(&self, excerpts: Vec<Excerpt>) -> Coding {
        Coding {
            files: self.files.clone(),
            origin: self.origin.clone(),
            codebook: self.codebook.clone(),
            excerpts,
            positions: self.positions.clone(),
            warnings: Vec::new(),
        }
    }
}

/// Read the programme's coded data, if `[data]` names any: `qdpx`, or `codebook` with
/// `excerpts`.
pub fn read_coding(loaded: &Loaded) -> Result<Option<Coding>, Problems> {
    let data = &loaded.programme.data;
    match (&data.qdpx, &data.codebook, &data.excerpts) {
        (None, None, None) => Ok(None),
        (Some(qdpx), None, None) => {
            let options = super::qdpx::Options { id_variable: data.id_column.clone() };
            let mut coding = super::qdpx::read_qdpx(&loaded.path(qdpx.get_ref()), qdpx.get_ref(), &options)?;
            // Matched with the other files' ids without regard to case and surrounding spaces.
            for excerpt in &mut coding.excerpts {
                excerpt.participant = super::ids::normalise(&excerpt.participant).into();
            }
            Ok(Some(coding))
        }
        (Some(qdpx), _, _) => Err(loaded
            .problem_at(qdpx.span(), "`qdpx` and `codebook`/`excerpts` are both given")
            .help("coded themes come from a REFI-QDA project or from the two CSV files, not both: remove one")
            .into()),
        (None, Some(codebook), Some(excerpts)) => {
            let (codebook_file, excerpts_file) = (codebook.get_ref(), excerpts.get_ref());
            let codes = super::codebook::read_codebook(&loaded.path(codebook_file), codebook_file);
            // Excerpts are checked against the codebook, so a broken codebook stops here.
            let codes = codes?;
            let (excerpts, mut warnings) =
                super::excerpts::read_excerpts(&loaded.path(excerpts_file), excerpts_file, &data.id_column, &codes)?;
            if excerpts.is_empty() {
                warnings.push(format!("{excerpts_file}: the file has a header but no excerpts"));
            }
            Ok(Some(Coding {
                files: vec![codebook_file.clone(), excerpts_file.clone()],
                origin: "codebook and excerpts files".into(),
                codebook: codes.entries,
                excerpts,
                positions: None,
                warnings,
            }))
        }
        (None, Some(file), None) | (None, None, Some(file)) => {
            let (given, missing) =
                if data.codebook.is_some() { ("codebook", "excerpts") } else { ("excerpts", "codebook") };
            Err(loaded
                .problem_at(file.span(), format!("`{given}` is given without `{missing}`"))
                .help(format!("coded themes need both files: add {missing} = \"data/{missing}.csv\" under [data]"))
                .into())
        }
    }
}

/// A CSV file's data records, each with its line number.
pub(crate) type Records = Vec<(usize, csv::StringRecord)>;

/// A data file's name as problems show it (`file`, or `file[sheet]` for a spreadsheet), its
/// header (cleaned) and data records with their line numbers, read through
/// [`super::table`] (any common encoding and delimiter, or a spreadsheet's first sheet). Blank
/// records are skipped; unreadable ones become problems.
pub(crate) fn read_csv(path: &Path, file: &str) -> Result<(String, Vec<String>, Records), Problems> {
    let help = "the first line names the columns";
    let (mut table, header) = super::table::Table::open_with_header(path, file, None, help)?;
    let name = table.info().name.clone();
    let records = table.read_all()?;
    Ok((name, header, records))
}

/// Where the named columns are: each required one must appear exactly once, optional ones at
/// most once. Returns one index per name (`None` for an absent optional column).
pub(crate) fn locate_columns(
    file: &str,
    headers: &[String],
    wanted: &[(&str, &str, bool)],
) -> Result<Vec<Option<usize>>, Problems> {
    let mut problems = Problems::default();
    let names: Vec<&str> = wanted.iter().map(|(name, _, _)| *name).collect();
    let spare: Vec<String> = headers.iter().filter(|h| !names.contains(&h.as_str())).cloned().collect();
    let found = wanted
        .iter()
        .map(|&(name, what, required)| {
            let at: Vec<usize> = headers.iter().enumerate().filter(|(_, h)| *h == name).map(|(i, _)| i).collect();
            match at.as_slice() {
                [one] => Some(*one),
                [] => {
                    if required {
                        problems.push(super::missing_column(file, name, what, &spare, headers));
                    }
                    None
                }
                [first, second, ..] => {
                    problems.push(
                        Problem::at(
                            file,
                            1,
                            second + 1,
                            format!("column `{name}` appears twice (also column {})", first + 1),
                        )
                        .help("rename or remove one of them"),
                    );
                    None
                }
            }
        })
        .collect();
    problems.into_result(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_and_dates_parse() {
        assert_eq!(When::parse("3"), Some(When::Week(3)));
        assert_eq!(When::parse("Week 4"), Some(When::Week(4)));
        assert_eq!(When::parse("wk12"), Some(When::Week(12)));
        assert_eq!(When::parse("1970-01-08"), Some(When::Date(7)));
        assert_eq!(When::parse("2024-02-29"), Some(When::Date(19_782)));
        assert_eq!(When::parse("2023-02-29"), None);
        assert_eq!(When::parse("1970-01-08T10:00:00Z"), Some(When::Date(7)));
        assert_eq!(When::parse("spring"), None);
    }
}
