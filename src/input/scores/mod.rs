//! The scores file: questionnaire responses per participant and timepoint.
//!
//! Two layouts load to the same responses ([`Layout`]):
//!
//! - long (the contract): a row per participant × timepoint, with a timepoint column whose
//!   values may be mapped onto timepoints (`[data.timepoint_names]`, e.g. REDCap event names);
//!   rows of values left unmapped are then ignored with a warning;
//! - wide: a row per participant, the timepoint in each column's name (`pre_scs_sf_1`,
//!   `scs_sf_1_t1`). Each wide row is read as one long row per timepoint it has answers at.
//!
//! The file itself may be text or a spreadsheet in any layout a survey platform exports
//! ([`super::table`]). Item responses are stored a byte each (the response minus the item's
//! minimum), so a cohort of a million people fits in memory comfortably.

mod plan;
mod reading;
mod site;
mod subset;
mod values;

use std::path::Path;
use std::sync::Arc;

use super::labels::Labels;
use super::participants::Characteristic;
use super::table::{Format, Table, TableInfo};
use crate::config::{Data, ScoresLayout};
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
    /// Words the answers may be given as, with their numbers.
    pub labels: Option<Arc<Labels>>,
    /// Where the item sits on its questionnaire, for files whose columns are headed by question
    /// text rather than `prefix` + number.
    pub position: Option<FormPosition>,
}

/// An item's place on its questionnaire. When no column is named `prefix` + number, the
/// columns whose names start with `prefix` are the items in order, if there are as many as the
/// questionnaire has items (Forms exports headed by question text: `How often… [I am kind to
/// myself]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormPosition {
    /// The measure's `prefix`.
    pub prefix: String,
    /// The item's number (1-based).
    pub item: usize,
    /// How many items the questionnaire has.
    pub items: usize,
    /// The questionnaire's short name, for messages.
    pub instrument: String,
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
        (code != MISSING).then(|| self.answer(code))
    }

    /// The response a code stands for.
    pub fn answer(&self, code: u8) -> f64 {
        f64::from(i32::from(code) + self.min)
    }
}

/// The scores file, read and checked.
#[derive(Debug, Clone)]
pub struct Responses {
    /// Participant ids (normalised: trimmed, lower case) in order of first appearance.
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
    /// Number of responses (long rows; a wide row gives one per timepoint answered).
    pub rows: usize,
    /// What the file was found to be: format, encoding, delimiter, survey platform.
    pub table: TableInfo,
    /// How the file was laid out, in words.
    pub layout: String,
    /// What reading left out or merged, for the report's notes (never naming a participant).
    pub warnings: Vec<String>,
    /// What only `check` shows: ids that look personal, an encoding other than UTF-8.
    pub notes: Vec<String>,
    /// Each participant's site, when the layout names a site column the header has.
    pub site: Option<Characteristic>,
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

    /// How many participants have a response at timepoint `t`.
    pub fn scored_at(&self, timepoint: usize) -> usize {
        (0..self.participants.len()).filter(|&p| self.row(p, timepoint).is_some()).count()
    }
}

/// How the scores file is laid out and where it is.
#[derive(Debug, Clone)]
pub struct Layout<'a> {
    /// The participant id column.
    pub id_column: &'a str,
    /// The timepoint column (long layout).
    pub timepoint_column: &'a str,
    /// Timepoints in order.
    pub timepoints: &'a [String],
    /// Long, or wide with the pattern of its column names (`None`: whichever the header uses).
    pub wide: Option<Option<&'a str>>,
    /// Timepoint column values mapped onto timepoints (REDCap event names).
    pub timepoint_names: Vec<(&'a str, &'a str)>,
    /// The sheet to read from a spreadsheet (default: the first).
    pub sheet: Option<&'a str>,
    /// A column naming each person's site, read when the header has it (`[sites] column`).
    pub site_column: Option<&'a str>,
}

impl<'a> Layout<'a> {
    /// The plain long layout: an id column, a timepoint column holding the timepoints' names.
    pub fn long(id_column: &'a str, timepoint_column: &'a str, timepoints: &'a [String]) -> Layout<'a> {
        Layout {
            id_column,
            timepoint_column,
            timepoints,
            wide: None,
            timepoint_names: Vec::new(),
            sheet: None,
            site_column: None,
        }
    }

    /// The layout `[data]` describes.
    pub fn from_config(data: &'a Data) -> Layout<'a> {
        let mut layout = Layout::long(&data.id_column, &data.timepoint_column, data.timepoints.get_ref());
        if data.layout == ScoresLayout::Wide {
            layout.wide = Some(data.wide_pattern.as_ref().map(|p| p.get_ref().as_str()));
        }
        layout.timepoint_names = data
            .timepoint_names
            .iter()
            .map(|(name, timepoint)| (name.as_str(), timepoint.get_ref().as_str()))
            .collect();
        layout.sheet = data.sheet.as_ref().map(|s| s.get_ref().as_str());
        layout
    }
}

/// When the scores' columns are not on a workbook's first sheet, read because no `sheet` was
/// named, they may be on another: say which sheets there are.
fn other_sheets(info: &TableInfo) -> Option<Problem> {
    let Format::Spreadsheet { sheet, others, .. } = &info.format else { return None };
    let first_other = others.first()?;
    let listed = others.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
    Some(
        Problem::in_file(
            &info.name,
            format!("only the first sheet, '{sheet}', was read; the workbook also has {listed}"),
        )
        .help(format!("if the responses are on another sheet, name it under [data]: sheet = \"{first_other}\"")),
    )
}

/// Read the scores file at `path`; `file` is its path as shown in messages.
pub fn read_scores(path: &Path, file: &str, layout: &Layout, columns: &ScoreColumns) -> Result<Responses, Problems> {
    let help = "export the responses with a header row: participant_id,timepoint,<item columns>";
    let (mut table, headers) = Table::open_with_header(path, file, layout.sheet, help)?;
    let name = table.info().name.clone();
    let plan = plan::Plan::new(&name, &headers, layout, columns).map_err(|mut problems| {
        // First: it explains every missing column that follows.
        if let Some(problem) = other_sheets(table.info()) {
            problems.0.insert(0, problem);
        }
        problems
    })?;
    let mut reading = reading::Reading::new(&name, &plan, layout, columns, table.info());
    let mut problems = Problems::default();
    let mut record = csv::StringRecord::new();
    loop {
        match table.read_row(&mut record) {
            Ok(false) => break,
            Ok(true) => reading.row(&record, &mut problems),
            Err(problem) => problems.push(problem),
        }
    }
    if reading.is_empty() && problems.is_empty() {
        let problem = Problem::in_file(&name, "the file has a header but no responses");
        problems.push(if layout.timepoint_names.is_empty() {
            problem
        } else {
            problem.help("every row's timepoint was left unmapped by [data.timepoint_names]")
        });
    }
    let unused_columns =
        headers.iter().enumerate().filter(|(i, h)| !plan.uses(*i) && !h.is_empty()).map(|(_, h)| h.clone()).collect();
    problems.into_result(reading.finish(table.into_info(), unused_columns, plan.description.clone()))
}
