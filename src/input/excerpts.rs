//! `excerpts.csv`: `participant_id,source,when,code,quote,exemplar`, one row per coded quote.
//!
//! `source` is free text (`diary`, `focus group`, `interview`); `when` is a week number or an ISO
//! date; `exemplar` is y/n. Only the id, `code` and `quote` columns are required. The same quote
//! on several rows (one per code) counts as one stretch of words.

use std::hash::BuildHasher;
use std::path::Path;
use std::sync::Arc;

use super::codebook::Codebook;
use super::coding::{Excerpt, When, locate_columns};
use crate::problem::{Problem, Problems, nearest, quoted};

/// Rows read before judging how many the file holds.
const ROWS_TO_ESTIMATE: usize = 4096;

/// The source of excerpts when the file has no `source` column or the cell is empty.
pub const DEFAULT_SOURCE: &str = "document";

/// Read an excerpts CSV, checking every code against `codebook`. `file` is the path as shown in
/// messages; `id_column` names the participant id column. Returns the excerpts and warnings
/// (ids holding characters that do not count).
pub fn read_excerpts(
    path: &Path,
    file: &str,
    id_column: &str,
    codebook: &Codebook,
) -> Result<(Vec<Excerpt>, Vec<String>), Problems> {
    let help = "the first line names the columns";
    let (mut table, headers) = super::table::Table::open_with_header(path, file, None, help)?;
    let name = table.info().name.clone();
    let file = name.as_str();
    let wanted = [
        (id_column, "participant id", true),
        ("source", "diary, focus group, interview…", false),
        ("when", "week or date", false),
        ("code", "the code from the codebook", true),
        ("quote", "the participant's words", true),
        ("exemplar", "y/n", false),
    ];
    let columns = locate_columns(file, &headers, &wanted)?;
    let [id_at, source_at, when_at, code_at, quote_at, exemplar_at] = columns.as_slice() else {
        return Ok((Vec::new(), Vec::new()));
    };
    let (id_at, code_at, quote_at) = (id_at.unwrap_or(0), code_at.unwrap_or(0), quote_at.unwrap_or(0));
    let mut problems = Problems::default();
    let mut excerpts: Vec<Excerpt> = Vec::new();
    let mut segments = Segments::default();
    let mut ids = super::ids::IdRegister::default();
    // Rows are read one at a time into one record, so the file is never held as rows.
    let mut record = csv::StringRecord::new();
    // The last row's source cell and its label.
    let mut last_source: (String, Arc<str>) = (String::new(), source_label("").into());
    // The last row's participant: a person's rows mostly come together, and share it.
    let mut last_participant: Arc<str> = Arc::from("");
    loop {
        match table.read_row(&mut record) {
            Ok(false) => break,
            Ok(true) if super::table::is_blank(&record) => continue,
            Ok(true) => {}
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        }
        let line = super::table::line_of(&record);
        let get = |at: usize| record.get(at).unwrap_or("").trim();
        let optional = |at: &Option<usize>| at.map_or("", get);
        let before = problems.len();
        // Matched with the other files' ids without regard to case and surrounding spaces.
        let participant = super::ids::normalise(get(id_at));
        let participant = participant.as_ref();
        if participant.is_empty() {
            problems.push(Problem::at(file, line, id_at + 1, "the participant id is empty"));
        } else {
            ids.find_or_add(get(id_at), line);
        }
        let code_text = get(code_at);
        let code = codebook.find(code_text);
        if code.is_none() {
            let problem =
                Problem::at(file, line, code_at + 1, format!("code {} is not in the codebook", quoted(code_text)));
            let close = nearest(code_text, codebook.entries.iter().map(|e| e.code.as_str()));
            problems.push(match close {
                Some(close) => problem.help(format!("did you mean '{close}'? Otherwise add the code to the codebook")),
                None => problem.help("add the code to the codebook, or correct it here"),
            });
        }
        // Keep the participant's own line breaks; trim only the ends.
        let quote = record.get(quote_at).unwrap_or("").trim();
        if quote.is_empty() {
            problems.push(
                Problem::at(file, line, quote_at + 1, "the quote is empty")
                    .help("write the participant's words, or delete the row"),
            );
        }
        let when_text = optional(when_at);
        let when = When::parse(when_text);
        if when.is_none() && !when_text.is_empty() {
            problems.push(
                Problem::at(
                    file,
                    line,
                    when_at.unwrap_or(0) + 1,
                    format!("{} is neither a week nor a date", quoted(when_text)),
                )
                .help("write a week number (3, or week 3) or a date as YYYY-MM-DD"),
            );
        }
        let exemplar_text = optional(exemplar_at);
        let is_one_of = |words: &[&str]| words.iter().any(|w| exemplar_text.eq_ignore_ascii_case(w));
        let exemplar = match exemplar_text {
            _ if is_one_of(&["", "n", "no", "false", "0"]) => false,
            _ if is_one_of(&["y", "yes", "true", "1"]) => true,
            _ => {
                problems.push(
                    Problem::at(
                        file,
                        line,
                        exemplar_at.unwrap_or(0) + 1,
                        format!("exemplar {} is not y or n", quoted(exemplar_text)),
                    )
                    .help("write y for a quote to show first, n or nothing otherwise"),
                );
                false
            }
        };
        let Some(code) = code.filter(|_| problems.len() == before) else { continue };
        if excerpts.len() == ROWS_TO_ESTIMATE {
            // Room for the whole file at once, judged by its first rows: growing a million
            // excerpts and their index step by step touches twice the memory.
            let room = table.estimated_rows(ROWS_TO_ESTIMATE, &record).saturating_sub(ROWS_TO_ESTIMATE) * 21 / 20;
            excerpts.reserve(room);
            segments.reserve(room);
        }
        // Most rows share a handful of sources: the last one's label is reused as it is.
        let source_text = optional(source_at);
        if source_text != last_source.0 {
            last_source = (source_text.to_string(), source_label(source_text).into());
        }
        let source = last_source.1.clone();
        let segment = segments.find_or_add(&excerpts, participant, &source, when_text, quote);
        if *last_participant != *participant {
            last_participant = participant.into();
        }
        excerpts.push(Excerpt {
            participant: last_participant.clone(),
            source,
            when,
            code,
            quote: Some(quote.to_string()),
            exemplar,
            segment,
            row: Some(line),
        });
    }
    let warnings = ids.odd_spelling_warning(file).into_iter().collect();
    problems.into_result((excerpts, warnings))
}

/// A source cell as a label: spaces collapsed, lower case, [`DEFAULT_SOURCE`] when empty.
fn source_label(text: &str) -> String {
    match text {
        "" => DEFAULT_SOURCE.to_string(),
        text => text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase(),
    }
}

/// The stretches of words met so far: the same participant, source, `when` cell and quote is the
/// same segment. Rows are found by a hash of those four and compared with the excerpts already
/// kept, so no quote is copied for the lookup.
#[derive(Default)]
struct Segments {
    hasher: foldhash::fast::RandomState,
    /// Hash → the first of the segments with that hash, in `firsts`.
    by_hash: foldhash::HashMap<u64, u32>,
    /// The first row of each segment: its excerpt index, where its `when` cell is in `whens`,
    /// and the next segment with the same hash (`u32::MAX`: none).
    firsts: Vec<(usize, std::ops::Range<u32>, u32)>,
    /// The `when` cells of the first rows, end to end (one buffer rather than one per segment).
    whens: String,
}

impl Segments {
    /// Room for `more` segments.
    fn reserve(&mut self, more: usize) {
        self.by_hash.reserve(more);
        self.firsts.reserve(more);
    }

    /// The segment of a row about to be pushed onto `excerpts`.
    fn find_or_add(&mut self, excerpts: &[Excerpt], participant: &str, source: &str, when: &str, quote: &str) -> usize {
        let hash = self.hasher.hash_one((participant, source, when, quote));
        let new = self.firsts.len() as u32;
        let mut at = *self.by_hash.entry(hash).or_insert(new);
        while at != new {
            let (excerpt, written, next) = &self.firsts[at as usize];
            let e: &Excerpt = &excerpts[*excerpt];
            let written = &self.whens[written.start as usize..written.end as usize];
            if *e.participant == *participant
                && *e.source == *source
                && written == when
                && e.quote.as_deref() == Some(quote)
            {
                return e.segment;
            }
            if *next == u32::MAX {
                self.firsts[at as usize].2 = new;
            }
            at = self.firsts[at as usize].2;
        }
        let start = self.whens.len();
        self.whens.push_str(when);
        self.firsts.push((excerpts.len(), start as u32..self.whens.len() as u32, u32::MAX));
        new as usize
    }
}
