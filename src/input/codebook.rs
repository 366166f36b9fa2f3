//! `codebook.csv`: `code,theme,subtheme,description`, one row per code in display order. A
//! theme-level code leaves `subtheme` empty; `subtheme` and `description` columns may be absent.

use std::collections::HashMap;
use std::path::Path;

use super::coding::{CodeEntry, locate_columns, read_csv};
use crate::problem::{Problem, Problems, quoted};

/// The codebook as read, with a lookup from code to entry.
#[derive(Debug, Clone, Default)]
pub struct Codebook {
    /// Codes in file order.
    pub entries: Vec<CodeEntry>,
    index: HashMap<String, usize>,
}

impl Codebook {
    /// A codebook of `entries` (later duplicates of a code are ignored by the lookup).
    pub fn new(entries: Vec<CodeEntry>) -> Codebook {
        let mut index = HashMap::new();
        for (i, entry) in entries.iter().enumerate() {
            index.entry(entry.code.clone()).or_insert(i);
        }
        Codebook { entries, index }
    }

    /// The index of `code`, if the codebook has it.
    pub fn find(&self, code: &str) -> Option<usize> {
        self.index.get(code).copied()
    }
}

/// Read a codebook CSV. `file` is the path as shown in messages.
pub fn read_codebook(path: &Path, file: &str) -> Result<Codebook, Problems> {
    let (name, headers, records) = read_csv(path, file)?;
    let file = name.as_str();
    let wanted = [
        ("code", "the code excerpts refer to", true),
        ("theme", "the theme", true),
        ("subtheme", "the subtheme", false),
        ("description", "what the code means", false),
    ];
    let columns = locate_columns(file, &headers, &wanted)?;
    let (code_at, theme_at) = (columns[0].unwrap_or(0), columns[1].unwrap_or(0));
    let mut problems = Problems::default();
    let mut entries = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let cell = |record: &csv::StringRecord, at: Option<usize>| {
        at.and_then(|i| record.get(i)).map(super::one_line).filter(|s| !s.is_empty())
    };
    for (line, record) in &records {
        let line = *line;
        let Some(code) = cell(record, Some(code_at)) else {
            problems.push(
                Problem::at(file, line, code_at + 1, "the code is empty")
                    .help("every row names a code; excerpts.csv refers to it"),
            );
            continue;
        };
        let Some(theme) = cell(record, Some(theme_at)) else {
            problems.push(
                Problem::at(file, line, theme_at + 1, format!("code {} has no theme", quoted(&code)))
                    .help("name the theme the code belongs to"),
            );
            continue;
        };
        if let Some(first) = first_line.get(&code) {
            problems.push(
                Problem::at(
                    file,
                    line,
                    code_at + 1,
                    format!("code {} is listed twice (first on line {first})", quoted(&code)),
                )
                .help("each code appears once; several codes may share a theme and subtheme"),
            );
            continue;
        }
        first_line.insert(code.clone(), line);
        entries.push(CodeEntry {
            code,
            theme,
            subtheme: cell(record, columns[2]),
            description: cell(record, columns[3]),
            line: Some(line),
        });
    }
    if entries.is_empty() && problems.is_empty() {
        problems.push(
            Problem::in_file(file, "the codebook has a header but no codes")
                .help("add one row per code: code,theme,subtheme,description"),
        );
    }
    problems.into_result(Codebook::new(entries))
}
