//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine: one sheet's cells
//! as the text a CSV export would hold, row by row.
//!
//! Numbers print without a trailing `.0`, dates as ISO 8601, booleans as `TRUE`/`FALSE`, and
//! error cells as Excel shows them (`#DIV/0!`), so a reader that meets one names it. Formulas
//! give their cached values: a workbook written by a program that stores none (not Excel or
//! LibreOffice) reads as empty cells there.

use std::fmt::Write as _;
use std::path::Path;

use calamine::{Data, Range, Reader, Sheets, open_workbook_auto};

use crate::problem::{Problem, nearest};

/// File extensions read as spreadsheets.
pub(super) const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// One sheet, read row by row.
pub(super) struct SheetRows {
    range: Range<Data>,
    /// The next row to read, relative to the range.
    next: usize,
    /// The range's first row and column in the sheet (0-based).
    first_row: usize,
    first_column: usize,
    /// A buffer for a cell's text.
    cell: String,
}

/// The sheet `wanted` (default: the first) of the workbook at `path`, with its name, the other
/// sheets' names when none was wanted, and the workbook's format.
pub(super) fn open(
    path: &Path,
    file: &str,
    wanted: Option<&str>,
) -> Result<(SheetRows, String, Vec<String>, &'static str), Problem> {
    let help = "open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV UTF-8";
    let mut workbook = open_workbook_auto(path)
        .map_err(|e| Problem::in_file(file, format!("cannot read the spreadsheet: {e}")).help(help))?;
    let format = match &workbook {
        Sheets::Xlsx(_) => "xlsx",
        Sheets::Xlsb(_) => "xlsb",
        Sheets::Xls(_) => "xls",
        Sheets::Ods(_) => "ods",
    };
    let names = workbook.sheet_names();
    let sheet = match wanted {
        None => names.first().cloned().ok_or_else(|| Problem::in_file(file, "the workbook has no sheets"))?,
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(name) => name.clone(),
            None => {
                let listed = names.iter().map(|n| format!("'{n}'")).collect::<Vec<_>>().join(", ");
                let problem = Problem::in_file(file, format!("the workbook has no sheet '{wanted}'"));
                return Err(match nearest(wanted, names.iter().map(String::as_str)) {
                    Some(close) => problem.help(format!("did you mean sheet = \"{close}\"? Its sheets are {listed}")),
                    None => problem.help(format!("set [data] sheet to one of its sheets: {listed}")),
                });
            }
        },
    };
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| Problem::in_file(format!("{file}[{sheet}]"), format!("cannot read the sheet: {e}")).help(help))?;
    let (first_row, first_column) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let others = if wanted.is_none() { names.into_iter().skip(1).collect() } else { Vec::new() };
    Ok((SheetRows { range, next: 0, first_row, first_column, cell: String::new() }, sheet, others, format))
}

impl SheetRows {
    /// Read the next row into `record` (its position set to the sheet's row number); `false`
    /// after the last.
    pub(super) fn read(&mut self, record: &mut csv::StringRecord) -> bool {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return false;
        }
        record.clear();
        // Columns left of the range are empty, so field i is the sheet's column i + 1.
        for _ in 0..self.first_column {
            record.push_field("");
        }
        for column in 0..width {
            self.cell.clear();
            if let Some(data) = self.range.get((self.next, column)) {
                write_cell(&mut self.cell, data);
            }
            record.push_field(&self.cell);
        }
        let mut position = csv::Position::new();
        position.set_line((self.first_row + self.next + 1) as u64);
        record.set_position(Some(position));
        self.next += 1;
        true
    }
}

/// A cell as the text a CSV export would hold.
fn write_cell(out: &mut String, data: &Data) {
    match data {
        Data::Empty => {}
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => out.push_str(text),
        Data::Int(value) => write!(out, "{value}").unwrap_or(()),
        Data::Float(value) => write_number(out, *value),
        Data::Bool(value) => out.push_str(if *value { "TRUE" } else { "FALSE" }),
        Data::Error(error) => write!(out, "{error}").unwrap_or(()),
        Data::DateTime(when) if when.is_duration() => write_number(out, when.as_f64()),
        Data::DateTime(when) => {
            let (year, month, day, hour, minute, second, _) = when.to_ymd_hms_milli();
            write!(out, "{year:04}-{month:02}-{day:02}").unwrap_or(());
            if (hour, minute, second) != (0, 0, 0) {
                write!(out, "T{hour:02}:{minute:02}:{second:02}").unwrap_or(());
            }
        }
    }
}

/// A number without a trailing `.0` when whole.
fn write_number(out: &mut String, value: f64) {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        write!(out, "{}", value as i64).unwrap_or(());
    } else {
        write!(out, "{value}").unwrap_or(());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{CellErrorType, ExcelDateTime, ExcelDateTimeType};

    fn text(data: Data) -> String {
        let mut out = String::new();
        write_cell(&mut out, &data);
        out
    }

    #[test]
    fn cells_read_as_a_csv_export_shows_them() {
        assert_eq!(text(Data::Float(3.0)), "3");
        assert_eq!(text(Data::Float(2.5)), "2.5");
        assert_eq!(text(Data::Int(-4)), "-4");
        assert_eq!(text(Data::String("Almost never".into())), "Almost never");
        assert_eq!(text(Data::Bool(true)), "TRUE");
        assert_eq!(text(Data::Empty), "");
        assert_eq!(text(Data::Error(CellErrorType::Div0)), "#DIV/0!");
        let date = ExcelDateTime::new(45_943.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(date)), "2025-10-13");
        let moment = ExcelDateTime::new(45_943.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(text(Data::DateTime(moment)), "2025-10-13T12:00:00");
    }
}
