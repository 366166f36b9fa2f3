//! The scores file in long layout: one row per participant × timepoint.
//!
//! Item responses are stored a byte each (the response minus the item's minimum), so a cohort of
//! a million people fits in memory comfortably.

use std::collections::HashMap;
use std::path::Path;

use super::{clean_header, missing_column};
use crate::problem::{Problem, Problems};

/// The stored code of a missing response.
pub const MISSING: u8 = u8::MAX;

/// An item column a measure needs, with its valid range.
#[derive(Debug, Clone)]
pub struct ItemSpec {
    /// Column name in the file (`scs_sf_3`).
    pub column: String,
    /// Lowest valid response.
    pub min: i32,
    /// Highest valid response.
    pub max: i32,
    /// How the item is named in messages (`SCS-SF item 3`).
    pub what: String,
}

/// The columns the measures need from the scores file.
#[derive(Debug, Clone, Default)]
pub struct ScoreColumns {
    /// Item-level responses.
    pub items: Vec<ItemSpec>,
    /// Already-scored columns, with how they are named in messages.
    pub scored: Vec<(String, String)>,
}

/// One item's responses, row by row: `value - min`, or [`MISSING`].
#[derive(Debug, Clone)]
pub struct ItemColumn {
    /// The item's lowest valid response.
    pub min: i32,
    /// Codes per row.
    pub codes: Vec<u8>,
}

impl ItemColumn {
    /// The response on `row`, if answered.
    pub fn value(&self, row: usize) -> Option<f64> {
        let code = self.codes[row];
        (code != MISSING).then(|| f64::from(i32::from(code) + self.min))
    }
}

/// The scores file, read and checked.
#[derive(Debug, Clone)]
pub struct Responses {
    /// Participant ids in order of first appearance.
    pub participants: Vec<String>,
    /// Timepoint names, as configured.
    pub timepoints: Vec<String>,
    /// For participant `p` at timepoint `t`, the row at `p * timepoints + t` (or `u32::MAX`).
    row_of: Vec<u32>,
    /// Item columns, in the order of [`ScoreColumns::items`].
    pub items: Vec<ItemColumn>,
    /// Already-scored columns, in the order of [`ScoreColumns::scored`]; NaN is missing.
    pub scored: Vec<Vec<f64>>,
    /// Header columns no measure uses (a site, a timestamp, free text).
    pub unused_columns: Vec<String>,
    /// Number of data rows.
    pub rows: usize,
}

impl Responses {
    /// The row holding participant `p` at timepoint `t`, if they were scored then.
    pub fn row(&self, participant: usize, timepoint: usize) -> Option<usize> {
        let row = self.row_of[participant * self.timepoints.len() + timepoint];
        (row != u32::MAX).then_some(row as usize)
    }

    /// Leave participant `p` out of the analysis (someone who did not consent): none of their
    /// rows is reachable afterwards.
    pub fn leave_out(&mut self, participant: usize) {
        let t = self.timepoints.len();
        if let Some(slots) = self.row_of.get_mut(participant * t..(participant + 1) * t) {
            slots.fill(u32::MAX);
        }
    }
}

/// The layout of the scores file: which columns to read.
pub struct Layout<'a> {
    /// The participant id column.
    pub id_column: &'a str,
    /// The timepoint column.
    pub timepoint_column: &'a str,
    /// Timepoints in order.
    pub timepoints: &'a [String],
}

/// Read a long scores CSV. `file` is the path as shown in messages.
pub fn read_scores(path: &Path, file: &str, layout: &Layout, columns: &ScoreColumns) -> Result<Responses, Problems> {
    let bytes = std::fs::read(path).map_err(|e| Problem::in_file(file, format!("cannot read the file: {e}")))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes.as_slice());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(Problem::in_file(file, "the file is empty")
                .help("export the responses with a header row: participant_id,timepoint,<item columns>")
                .into());
        }
        Some(Err(e)) => return Err(csv_problem(file, &e).into()),
        Some(Ok(record)) => record,
    };
    let headers: Vec<String> = header.iter().map(clean_header).collect();
    let plan = Plan::new(file, &headers, layout, columns)?;

    let mut problems = Problems::default();
    let mut reading = Reading::new(plan.items.len(), columns.scored.len(), layout.timepoints.len());
    for record in records {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                reading.row(file, line, &record, &plan, columns, layout, &mut problems);
            }
            Err(e) => problems.push(csv_problem(file, &e)),
        }
    }
    if reading.rows == 0 && problems.is_empty() {
        problems.push(Problem::in_file(file, "the file has a header but no responses"));
    }
    let used: Vec<usize> = [plan.id, plan.timepoint]
        .into_iter()
        .chain(plan.items.iter().copied())
        .chain(plan.scored.iter().copied())
        .collect();
    let unused_columns = headers
        .iter()
        .enumerate()
        .filter(|(i, h)| !used.contains(i) && !h.is_empty())
        .map(|(_, h)| h.clone())
        .collect();
    problems.into_result(reading.finish(layout.timepoints, columns, unused_columns))
}

/// Where each needed column is in the header.
struct Plan {
    id: usize,
    timepoint: usize,
    items: Vec<usize>,
    scored: Vec<usize>,
    width: usize,
}

impl Plan {
    fn new(file: &str, headers: &[String], layout: &Layout, columns: &ScoreColumns) -> Result<Plan, Problems> {
        let mut problems = Problems::default();
        // A header that some other needed column already matches is no likely typo.
        let needed: Vec<&str> = [layout.id_column, layout.timepoint_column]
            .into_iter()
            .chain(columns.items.iter().map(|spec| spec.column.as_str()))
            .chain(columns.scored.iter().map(|(column, _)| column.as_str()))
            .collect();
        let spare: Vec<String> = headers.iter().filter(|h| !needed.contains(&h.as_str())).cloned().collect();
        let mut find = |name: &str, what: &str| -> usize {
            let found: Vec<usize> = headers.iter().enumerate().filter(|(_, h)| *h == name).map(|(i, _)| i).collect();
            match found.as_slice() {
                [one] => *one,
                [] => {
                    problems.push(missing_column(file, name, what, &spare, headers));
                    usize::MAX
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
                    usize::MAX
                }
            }
        };
        let id = find(layout.id_column, "participant id");
        let timepoint = find(layout.timepoint_column, "timepoint");
        let items = columns.items.iter().map(|spec| find(&spec.column, &spec.what)).collect();
        let scored = columns.scored.iter().map(|(column, what)| find(column, what)).collect();
        problems.into_result(Plan { id, timepoint, items, scored, width: headers.len() })
    }
}

/// The table as it is being filled.
struct Reading {
    participants: Vec<String>,
    index: HashMap<String, u32>,
    /// Per (participant, timepoint): the row and its line in the file.
    seen: Vec<(u32, u32)>,
    timepoints: usize,
    items: Vec<Vec<u8>>,
    scored: Vec<Vec<f64>>,
    rows: usize,
}

impl Reading {
    fn new(items: usize, scored: usize, timepoints: usize) -> Reading {
        Reading {
            participants: Vec::new(),
            index: HashMap::new(),
            seen: Vec::new(),
            timepoints,
            items: vec![Vec::new(); items],
            scored: vec![Vec::new(); scored],
            rows: 0,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        file: &str,
        line: usize,
        record: &csv::StringRecord,
        plan: &Plan,
        columns: &ScoreColumns,
        layout: &Layout,
        problems: &mut Problems,
    ) {
        if record.iter().all(|cell| cell.trim().is_empty()) {
            return; // blank lines at the end of spreadsheet exports
        }
        if record.len() != plan.width {
            problems.push(
                Problem::at_row(
                    file,
                    line,
                    format!("the row has {} fields but the header has {}", record.len(), plan.width),
                )
                .help("a comma inside a value needs the value in double quotes"),
            );
            return;
        }
        let id = record[plan.id].trim();
        if id.is_empty() {
            problems.push(Problem::at(file, line, plan.id + 1, "the participant id is empty"));
            return;
        }
        let timepoint_text = record[plan.timepoint].trim();
        let Some(timepoint) = layout.timepoints.iter().position(|t| t.eq_ignore_ascii_case(timepoint_text)) else {
            problems.push(
                Problem::at(
                    file,
                    line,
                    plan.timepoint + 1,
                    format!("timepoint '{timepoint_text}' is not one of the programme's timepoints"),
                )
                .help(format!(
                    "timepoints are {}; fix the value or add it to [data] timepoints",
                    layout.timepoints.join(", ")
                )),
            );
            return;
        };
        let participant = match self.index.get(id) {
            Some(&p) => p,
            None => {
                let p = self.participants.len() as u32;
                self.participants.push(id.to_string());
                self.index.insert(id.to_string(), p);
                self.seen.extend(std::iter::repeat_n((u32::MAX, 0), self.timepoints));
                p
            }
        };
        let slot = participant as usize * self.timepoints + timepoint;
        if self.seen[slot].0 != u32::MAX {
            problems.push(
                Problem::at(
                    file,
                    line,
                    plan.id + 1,
                    format!(
                        "participant '{id}' appears twice at timepoint '{}' (first on line {})",
                        layout.timepoints[timepoint], self.seen[slot].1
                    ),
                )
                .help("keep one questionnaire per person and timepoint; remove or re-label the duplicate"),
            );
            return;
        }
        self.seen[slot] = (self.rows as u32, line as u32);
        for ((spec, &column), codes) in columns.items.iter().zip(&plan.items).zip(&mut self.items) {
            codes.push(item_code(file, line, column, &record[column], spec, problems));
        }
        for (((_, what), &column), values) in columns.scored.iter().zip(&plan.scored).zip(&mut self.scored) {
            values.push(scored_value(file, line, column, &record[column], what, problems));
        }
        self.rows += 1;
    }

    fn finish(self, timepoints: &[String], columns: &ScoreColumns, unused_columns: Vec<String>) -> Responses {
        let items = self
            .items
            .into_iter()
            .zip(&columns.items)
            .map(|(codes, spec)| ItemColumn { min: spec.min, codes })
            .collect();
        Responses {
            participants: self.participants,
            timepoints: timepoints.to_vec(),
            row_of: self.seen.into_iter().map(|(row, _)| row).collect(),
            items,
            scored: self.scored,
            unused_columns,
            rows: self.rows,
        }
    }
}

/// Values that mean "not answered" besides an empty cell: R writes NA.
fn is_missing(cell: &str) -> bool {
    cell.is_empty() || cell == "NA"
}

fn item_code(file: &str, line: usize, column: usize, cell: &str, spec: &ItemSpec, problems: &mut Problems) -> u8 {
    let cell = cell.trim();
    if is_missing(cell) {
        return MISSING;
    }
    let range = format!("{}–{}", spec.min, spec.max);
    let Ok(value) = cell.parse::<f64>() else {
        problems.push(
            Problem::at(
                file,
                line,
                column + 1,
                format!("value '{cell}' is not a number for item {} ({})", spec.column, spec.what),
            )
            .help(format!("answers are numbers from {range}; leave the cell empty when the item was not answered")),
        );
        return MISSING;
    };
    let in_range = value >= f64::from(spec.min) && value <= f64::from(spec.max);
    if value.fract() != 0.0 && in_range {
        problems.push(
            Problem::at(
                file,
                line,
                column + 1,
                format!("value {cell} is not a whole number for item {} ({})", spec.column, spec.what),
            )
            .help(format!(
                "item responses are whole numbers from {range}; is this a scored column rather than an item?"
            )),
        );
        return MISSING;
    }
    if !in_range || value.fract() != 0.0 {
        problems.push(
            Problem::at(
                file,
                line,
                column + 1,
                format!("value {cell} is outside {range} for item {} ({})", spec.column, spec.what),
            )
            .help(format!(
                "{} answers run from {range}; check how the export codes them (some platforms start at 0, others at 1)",
                spec.what
            )),
        );
        return MISSING;
    }
    (value as i32 - spec.min) as u8
}

fn scored_value(file: &str, line: usize, column: usize, cell: &str, what: &str, problems: &mut Problems) -> f64 {
    let cell = cell.trim();
    if is_missing(cell) {
        return f64::NAN;
    }
    match cell.parse::<f64>() {
        Ok(value) if value.is_finite() => value,
        _ => {
            problems.push(
                Problem::at(file, line, column + 1, format!("value '{cell}' is not a number for {what}"))
                    .help("leave the cell empty when there is no score"),
            );
            f64::NAN
        }
    }
}

pub(crate) fn csv_problem(file: &str, error: &csv::Error) -> Problem {
    let line = error.position().map_or(0, |p| p.line() as usize);
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "the row is not valid UTF-8 text".to_string(),
        _ => format!("cannot read the row: {error}"),
    };
    let problem = if line > 0 { Problem::at_row(file, line, message) } else { Problem::in_file(file, message) };
    problem.help("save the file as CSV UTF-8 (in Excel: Save As › CSV UTF-8)")
}
