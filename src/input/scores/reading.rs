//! The responses as they are read: rows (long, or one per timepoint of a wide row) turned into
//! participants, timepoints and a byte per item response.

use std::collections::HashMap;

use csv::StringRecord;

use super::plan::{Plan, Slot};
use super::site::SiteColumn;
use super::values::{Wrong, item_code, scored_value};
use super::{ItemColumn, Layout, Responses, ScoreColumns};
use crate::input::ids::{IdRegister, shown};
use crate::input::table::{Export, TableInfo, is_blank, line_of};
use crate::problem::{Problem, Problems, quoted};

/// No row yet for a participant at a timepoint.
const NO_ROW: u32 = u32::MAX;

/// The table as it is being filled.
pub(super) struct Reading<'a> {
    file: &'a str,
    plan: &'a Plan,
    columns: &'a ScoreColumns,
    timepoints: Timepoints<'a>,
    decimal_comma: bool,
    redcap: bool,
    ids: IdRegister,
    /// Per (participant, timepoint): the row and its line in the file.
    seen: Vec<(u32, u32)>,
    items: Vec<Vec<u8>>,
    scored: Vec<Vec<f64>>,
    rows: usize,
    /// REDCap repeating-instrument rows left out, per instrument.
    repeats: Vec<(String, usize)>,
    /// Each participant's site, when the plan has a site column.
    sites: SiteColumn,
}

impl<'a> Reading<'a> {
    /// Nothing read yet.
    pub fn new(
        file: &'a str,
        plan: &'a Plan,
        layout: &'a Layout,
        columns: &'a ScoreColumns,
        table: &TableInfo,
    ) -> Reading<'a> {
        Reading {
            file,
            plan,
            columns,
            timepoints: Timepoints::new(layout),
            decimal_comma: table.decimal_comma(),
            redcap: table.export == Some(Export::Redcap) || layout.timepoint_column == "redcap_event_name",
            ids: IdRegister::default(),
            seen: Vec::new(),
            items: vec![Vec::new(); columns.items.len()],
            scored: vec![Vec::new(); columns.scored.len()],
            rows: 0,
            repeats: Vec::new(),
            sites: SiteColumn::default(),
        }
    }

    /// Whether no response has been read.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Read one row of the file.
    pub fn row(&mut self, record: &StringRecord, problems: &mut Problems) {
        if is_blank(record) {
            return; // blank lines at the end of spreadsheet exports
        }
        let (file, plan, line) = (self.file, self.plan, line_of(record));
        if record.len() != plan.width {
            problems.push(crate::input::ragged_row(file, line, record, plan.width));
            return;
        }
        if let Some(column) = plan.repeat_instrument
            && let instrument = record[column].trim()
            && !instrument.is_empty()
        {
            match self.repeats.iter_mut().find(|(name, _)| name == instrument) {
                Some((_, n)) => *n += 1,
                None => self.repeats.push((instrument.to_string(), 1)),
            }
            return;
        }
        let id = record[plan.id].trim();
        if id.is_empty() {
            problems.push(Problem::at(file, line, plan.id + 1, "the participant id is empty"));
            return;
        }
        match plan.timepoint {
            Some(column) => {
                let text = record[column].trim();
                match self.timepoints.resolve(text) {
                    Resolved::At(t) => {
                        self.response(record, id, line, t, &plan.slots[0], problems);
                    }
                    Resolved::Ignored => {}
                    Resolved::Unknown => problems.push(self.timepoints.unknown(file, line, column, text, self.redcap)),
                }
            }
            None => {
                for (t, slot) in plan.slots.iter().enumerate() {
                    let answered = slot.items.iter().chain(&slot.scored).any(|&c| !record[c].trim().is_empty());
                    // A second row of a participant is one problem, not one per timepoint.
                    if answered && !self.response(record, id, line, t, slot, problems) {
                        break;
                    }
                }
            }
        }
    }

    /// Store participant `id`'s response at timepoint `t` from the columns of `slot`; `false`
    /// when they already have one there.
    fn response(
        &mut self,
        record: &StringRecord,
        id: &str,
        line: usize,
        t: usize,
        slot: &Slot,
        problems: &mut Problems,
    ) -> bool {
        let file = self.file;
        let n = self.timepoints.names.len();
        let (participant, new) = self.ids.find_or_add(id, line);
        if new {
            self.seen.extend(std::iter::repeat_n((NO_ROW, 0), n));
        }
        if let Some(column) = self.plan.site {
            self.sites.record(file, (line, column), participant, id, &record[column], problems);
        }
        let at = participant * n + t;
        if self.seen[at].0 != NO_ROW {
            let first = self.seen[at].1;
            let problem = if self.plan.timepoint.is_some() {
                let problem = Problem::at(
                    file,
                    line,
                    self.plan.id + 1,
                    format!(
                        "participant {} appears twice at timepoint '{}' (first on line {first})",
                        shown(id),
                        self.timepoints.names[t]
                    ),
                );
                match self.timepoints.mapped {
                    true => problem.help(format!(
                        "keep one row per person and timepoint; [data.timepoint_names] may map several events onto \
                         '{}', but each record may have only one of them",
                        self.timepoints.names[t]
                    )),
                    false => problem
                        .help("keep one questionnaire per person and timepoint; remove or re-label the duplicate"),
                }
            } else {
                Problem::at(
                    file,
                    line,
                    self.plan.id + 1,
                    format!("participant {} has two rows (first on line {first})", shown(id)),
                )
                .help("keep one row per person in a wide file; remove or merge the duplicate")
            };
            problems.push(problem);
            return false;
        }
        self.seen[at] = (self.rows as u32, line as u32);
        let located = |column: usize, wrong: Wrong| Problem::at(file, line, column + 1, wrong.message).help(wrong.help);
        for ((spec, &column), codes) in self.columns.items.iter().zip(&slot.items).zip(&mut self.items) {
            let name = &self.plan.headers[column];
            codes.push(item_code(&record[column], spec, name, self.decimal_comma).unwrap_or_else(|wrong| {
                problems.push(located(column, wrong));
                super::MISSING
            }));
        }
        for (((_, what), &column), values) in self.columns.scored.iter().zip(&slot.scored).zip(&mut self.scored) {
            values.push(scored_value(&record[column], what, self.decimal_comma).unwrap_or_else(|wrong| {
                problems.push(located(column, wrong));
                f64::NAN
            }));
        }
        self.rows += 1;
        true
    }

    /// The responses, with what reading left out or merged.
    pub fn finish(mut self, table: TableInfo, unused_columns: Vec<String>, layout: String) -> Responses {
        let file = self.file;
        let mut warnings = self.timepoints.warnings(file);
        if !self.repeats.is_empty() {
            let total: usize = self.repeats.iter().map(|(_, n)| n).sum();
            let listed: Vec<String> = self.repeats.iter().map(|(name, n)| format!("{name}: {n}")).collect();
            warnings.push(format!(
                "{file}: {total} {} of REDCap repeating instruments {} left out ({}); impact reads one row per \
                 record and event",
                if total == 1 { "row" } else { "rows" },
                if total == 1 { "was" } else { "were" },
                listed.join(", ")
            ));
        }
        warnings.extend(self.ids.collapsed_warning(file));
        let mut notes = table.notes.clone();
        notes.extend(self.ids.personal_note(file));
        let items = self
            .items
            .into_iter()
            .zip(&self.columns.items)
            .map(|(codes, spec)| ItemColumn { min: spec.min, codes })
            .collect();
        let (participants, _) = self.ids.finish();
        let site = self.plan.site.map(|column| {
            let header = &self.plan.headers[column];
            std::mem::take(&mut self.sites).finish(header, participants.len())
        });
        Responses {
            participants,
            timepoints: self.timepoints.names.to_vec(),
            row_of: self.seen.into_iter().map(|(row, _)| row).collect(),
            items,
            scored: self.scored,
            unused_columns,
            rows: self.rows,
            table,
            layout,
            warnings,
            notes,
            site,
        }
    }
}

/// What a timepoint cell stands for.
enum Resolved {
    /// Timepoint `t`.
    At(usize),
    /// A value `[data.timepoint_names]` leaves unmapped: the row is ignored.
    Ignored,
    /// Not a timepoint, and there is no mapping.
    Unknown,
}

/// The timepoints, with the mapping of other values onto them.
struct Timepoints<'a> {
    names: &'a [String],
    /// Whether `[data.timepoint_names]` is given.
    mapped: bool,
    /// Mapped values (lower case) → timepoint, and whether any row had it.
    mapping: HashMap<String, (usize, bool)>,
    /// Values left unmapped, with how many rows had each, in order of first appearance.
    ignored: Vec<(String, usize)>,
}

impl<'a> Timepoints<'a> {
    fn new(layout: &'a Layout) -> Timepoints<'a> {
        let names = layout.timepoints;
        let mapping = layout
            .timepoint_names
            .iter()
            .filter_map(|(value, timepoint)| {
                let t = names.iter().position(|n| n.eq_ignore_ascii_case(timepoint.trim()))?;
                Some((value.trim().to_lowercase(), (t, false)))
            })
            .collect();
        Timepoints { names, mapped: !layout.timepoint_names.is_empty(), mapping, ignored: Vec::new() }
    }

    fn resolve(&mut self, text: &str) -> Resolved {
        if let Some(t) = self.names.iter().position(|n| n.eq_ignore_ascii_case(text)) {
            return Resolved::At(t);
        }
        if !self.mapped {
            return Resolved::Unknown;
        }
        if let Some((t, used)) = self.mapping.get_mut(&text.to_lowercase()) {
            *used = true;
            return Resolved::At(*t);
        }
        let value = if text.is_empty() { "(empty)" } else { text };
        match self.ignored.iter_mut().find(|(ignored, _)| ignored == value) {
            Some((_, n)) => *n += 1,
            None => self.ignored.push((value.to_string(), 1)),
        }
        Resolved::Ignored
    }

    /// The problem of a timepoint that is none of the timepoints and is not mapped.
    fn unknown(&self, file: &str, line: usize, column: usize, text: &str, redcap: bool) -> Problem {
        let problem = Problem::at(
            file,
            line,
            column + 1,
            format!("timepoint {} is not one of the programme's timepoints", quoted(text)),
        );
        let timepoints = self.names.join(", ");
        if redcap && !text.is_empty() {
            problem.help(format!(
                "timepoints are {timepoints}; map REDCap events onto them under [data.timepoint_names], e.g. \
                 {text} = \"{}\" (rows of events left out of the table are ignored)",
                self.names[0]
            ))
        } else {
            problem.help(format!("timepoints are {timepoints}; fix the value or add it to [data] timepoints"))
        }
    }

    /// Warnings naming the values whose rows were ignored, and mapped values no row had.
    fn warnings(&self, file: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        if !self.ignored.is_empty() {
            let total: usize = self.ignored.iter().map(|(_, n)| n).sum();
            let listed: Vec<String> = self.ignored.iter().map(|(value, n)| format!("{value} ({n})")).collect();
            warnings.push(format!(
                "{file}: {total} {} of timepoints not in [data.timepoint_names] {} ignored: {}",
                if total == 1 { "row" } else { "rows" },
                if total == 1 { "was" } else { "were" },
                listed.join(", ")
            ));
        }
        let mut unused: Vec<&str> =
            self.mapping.iter().filter(|(_, (_, used))| !used).map(|(value, _)| value.as_str()).collect();
        unused.sort_unstable();
        for value in unused {
            warnings.push(format!("[data.timepoint_names] maps '{value}', which no row of {file} has"));
        }
        warnings
    }
}
