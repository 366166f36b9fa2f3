//! Spreadsheets (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) through calamine: one sheet's cells
//! as the text a CSV export would hold, row by row.
//!
//! Numbers print without a trailing `.0`, dates as ISO 8601, booleans as `TRUE`/`FALSE`, and
//! error cells as Excel shows them (`#DIV/0!`), so a reader that meets one names it. Formulas
//! give their cached values: a workbook written by a program that stores none (not Excel or
//! LibreOffice) reads as empty cells there.
//!
//! A workbook is read within bounds, whatever it claims: what its zip entries inflate to
//! ([`MAX_INFLATED_BYTES`]), and the used range of a sheet, first used cell to last
//! ([`MAX_CELLS`]), so that a zip bomb or one stray entry at XFD1048576 is an error naming the
//! file, not an exhausted memory. Excel sheets are read cell by cell; `.ods` and `.xls`, which
//! calamine lays out whole on opening, are measured first (`extent.rs`).

use std::fmt::Write as _;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Cell, Data, DataRef, Ods, Range, Reader, Sheets, Xls, Xlsb, Xlsx, open_workbook_from_rs};

use super::extent;
use crate::files::{self, Kind};
use crate::problem::{Problem, nearest};

/// File extensions read as spreadsheets.
pub(super) const EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The most bytes a workbook's zip entries may inflate to, in all: far past any real
/// workbook of evaluation data, and a bound on the memory a zip bomb can take.
pub const MAX_INFLATED_BYTES: u64 = 256_000_000;

/// The most cells of a sheet's used range (rows × columns, from the first used cell to the
/// last): 50,000 rows of 100 columns.
pub const MAX_CELLS: u64 = 5_000_000;

const HELP: &str = "open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV UTF-8";

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

type Workbook = Sheets<Cursor<Vec<u8>>>;

/// The sheet `wanted` (default: the first) of the workbook at `path`, with its name, the other
/// sheets' names when none was wanted, and the workbook's format.
pub(super) fn open(
    path: &Path,
    file: &str,
    wanted: Option<&str>,
) -> Result<(SheetRows, String, Vec<String>, &'static str), Problem> {
    let bytes = files::read_at(path, file, Kind::Workbook)?;
    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if extension != "xls" {
        check_inflation(&bytes, file, MAX_INFLATED_BYTES)?;
    }
    // Calamine lays out every sheet of these in full on opening, and reserves room for an
    // .xlsx's declared texts: measure them first.
    match extension.as_str() {
        "ods" => extent::check_ods(&bytes, file)?,
        "xls" => extent::check_xls(&bytes, file)?,
        "xlsx" | "xlsm" => extent::check_xlsx(&bytes, file)?,
        _ => {}
    }
    let unreadable =
        |e: &dyn std::fmt::Display| Problem::in_file(file, format!("cannot read the spreadsheet: {e}")).help(HELP);
    let cursor = Cursor::new(bytes);
    let (mut workbook, format): (Workbook, _) = match extension.as_str() {
        "xls" => (Sheets::Xls(open_workbook_from_rs::<Xls<_>, _>(cursor).map_err(|e| unreadable(&e))?), "xls"),
        "xlsb" => (Sheets::Xlsb(open_workbook_from_rs::<Xlsb<_>, _>(cursor).map_err(|e| unreadable(&e))?), "xlsb"),
        "ods" => (Sheets::Ods(open_workbook_from_rs::<Ods<_>, _>(cursor).map_err(|e| unreadable(&e))?), "ods"),
        _ => (Sheets::Xlsx(open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| unreadable(&e))?), "xlsx"),
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
    let name = format!("{file}[{sheet}]");
    let range = used_range(&mut workbook, &sheet, &name)?;
    let (first_row, first_column) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let others = if wanted.is_none() { names.into_iter().skip(1).collect() } else { Vec::new() };
    Ok((SheetRows { range, next: 0, first_row, first_column, cell: String::new() }, sheet, others, format))
}

/// Refuse a zip whose entries inflate past `cap` bytes in all, whatever their headers claim:
/// each entry is inflated into a counter, never kept, and stopped at the cap.
fn check_inflation(bytes: &[u8], file: &str, cap: u64) -> Result<(), Problem> {
    let too_large = || {
        Problem::in_file(
            file,
            format!("the spreadsheet inflates to more than the {} allowed for a workbook", files::size(cap)),
        )
        .help("a workbook of evaluation data is far smaller: save the sheet again, or export it as CSV UTF-8")
    };
    // Not a zip: calamine says why below.
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let mut total = 0u64;
    for index in 0..archive.len() {
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        if entry.size() > cap - total {
            return Err(too_large());
        }
        // An entry that cannot be inflated (it claims less than it holds, or is corrupt) is
        // refused by every reader at the same point, so what it gave until then is counted.
        let mut counted = entry.take(cap - total + 1);
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            match counted.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => total += n as u64,
            }
        }
        if total > cap {
            return Err(too_large());
        }
    }
    Ok(())
}

/// The used range of `sheet`, refused when it spans more than [`MAX_CELLS`]. Excel workbooks
/// are read cell by cell, so a stray cell far from the data is found before any grid is made.
fn used_range(workbook: &mut Workbook, sheet: &str, name: &str) -> Result<Range<Data>, Problem> {
    let unreadable =
        |e: &dyn std::fmt::Display| Problem::in_file(name, format!("cannot read the sheet: {e}")).help(HELP);
    let mut cells = UsedCells::default();
    match workbook {
        Sheets::Xlsx(book) => {
            let mut reader = match book.worksheet_cells_reader(sheet) {
                Ok(reader) => reader,
                // A chart sheet has no cells.
                Err(calamine::XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
                Err(e) => return Err(unreadable(&e)),
            };
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                cells.add(cell.get_position(), cell.get_value(), name)?;
            }
        }
        Sheets::Xlsb(book) => {
            let mut reader = book.worksheet_cells_reader(sheet).map_err(|e| unreadable(&e))?;
            while let Some(cell) = reader.next_cell().map_err(|e| unreadable(&e))? {
                cells.add(cell.get_position(), cell.get_value(), name)?;
            }
        }
        // Read whole by calamine, within the format's own bounds (.xls: 65,536 × 256; .ods: the
        // extent checked before opening).
        other => {
            let range = other.worksheet_range(sheet).map_err(|e| unreadable(&e))?;
            if let (Some(start), Some(end)) = (range.start(), range.end()) {
                check_extent(start, end, end, name)?;
            }
            return Ok(range);
        }
    }
    cells.into_range(name)
}

/// The used cells of a sheet as read, with their extent.
#[derive(Default)]
struct UsedCells {
    cells: Vec<Cell<Data>>,
    first: Option<(u32, u32)>,
    /// The largest row and column used.
    last: (u32, u32),
    /// A cell farthest out: the one that set the larger of `last`'s dimensions.
    farthest: (u32, u32),
}

impl UsedCells {
    fn add(&mut self, position: (u32, u32), value: &DataRef<'_>, name: &str) -> Result<(), Problem> {
        if matches!(value, DataRef::Empty) {
            return Ok(());
        }
        let (row, column) = position;
        let first = self.first.get_or_insert(position);
        *first = (first.0.min(row), first.1.min(column));
        let first = *first;
        if row > self.last.0 || column > self.last.1 {
            self.farthest = position;
        }
        self.last = (self.last.0.max(row), self.last.1.max(column));
        check_extent(first, self.last, self.farthest, name)?;
        if self.cells.len() as u64 >= MAX_CELLS {
            return Err(too_many_cells(name, first, self.last, self.farthest));
        }
        self.cells.push(Cell::new(position, Data::from(value.clone())));
        Ok(())
    }

    fn into_range(self, name: &str) -> Result<Range<Data>, Problem> {
        if let Some(first) = self.first {
            check_extent(first, self.last, self.farthest, name)?;
        }
        Ok(Range::from_sparse(self.cells))
    }
}

/// Refuse a used range from `first` to `last` of more than [`MAX_CELLS`].
pub(super) fn check_extent(
    first: (u32, u32),
    last: (u32, u32),
    farthest: (u32, u32),
    name: &str,
) -> Result<(), Problem> {
    let rows = u64::from(last.0 - first.0) + 1;
    let columns = u64::from(last.1 - first.1) + 1;
    if rows.saturating_mul(columns) > MAX_CELLS {
        return Err(too_many_cells(name, first, last, farthest));
    }
    Ok(())
}

fn too_many_cells(name: &str, first: (u32, u32), last: (u32, u32), farthest: (u32, u32)) -> Problem {
    let rows = u64::from(last.0 - first.0) + 1;
    let columns = u64::from(last.1 - first.1) + 1;
    Problem::in_file(
        name,
        format!(
            "the sheet's used range {}:{} ({rows} rows × {columns} columns) is larger than the {MAX_CELLS} cells read \
             from a sheet; the cell farthest out is {}",
            cell_name(first),
            cell_name(last),
            cell_name(farthest)
        ),
    )
    .help("a stray entry far from the data makes the range this large: clear the rows and columns past the data, or export the data as CSV UTF-8")
}

/// A cell's name as Excel shows it: `(0, 0)` is `A1`, `(1048575, 16383)` is `XFD1048576`.
fn cell_name((row, column): (u32, u32)) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(b'A' + rest as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), u64::from(row) + 1)
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

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_level(Some(1));
        for (name, bytes) in entries {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name((0, 0)), "A1");
        assert_eq!(cell_name((9, 25)), "Z10");
        assert_eq!(cell_name((0, 26)), "AA1");
        assert_eq!(cell_name((1_048_575, 16_383)), "XFD1048576");
    }

    #[test]
    fn an_archive_inflating_past_its_cap_is_refused() {
        let zeros = vec![0u8; 100_000];
        let bytes = zip_of(&[("a.xml", &zeros), ("b.xml", &zeros)]);
        assert!(check_inflation(&bytes, "w.xlsx", 250_000).is_ok());
        let problem = check_inflation(&bytes, "w.xlsx", 150_000).unwrap_err();
        assert!(problem.message.contains("inflates to more than"), "{problem}");
    }

    #[test]
    fn an_entry_lying_about_its_size_inflates_no_further_than_it_claims() {
        let zeros = vec![0u8; 100_000];
        let mut bytes = zip_of(&[("a.xml", &zeros)]);
        // Claim 10 bytes uncompressed in both the local and the central header.
        let claimed = 100_000u32.to_le_bytes();
        let mut at = 0;
        while let Some(found) = bytes[at..].windows(4).position(|w| w == claimed) {
            bytes[at + found..at + found + 4].copy_from_slice(&10u32.to_le_bytes());
            at += found + 4;
        }
        assert!(at > 0, "the sizes were found");
        // Within the cap as claimed; and the zip reader (calamine's too) stops at the claim.
        assert!(check_inflation(&bytes, "w.xlsx", 50_000).is_ok());
        let mut archive = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
        let inflated = std::io::copy(&mut archive.by_index(0).unwrap(), &mut std::io::sink());
        assert!(inflated.is_err(), "{inflated:?}");
    }

    #[test]
    fn a_stray_far_cell_is_refused_before_any_grid_is_made() {
        let mut cells = UsedCells::default();
        cells.add((0, 0), &DataRef::Int(1), "w.xlsx[S]").unwrap();
        cells.add((3, 5), &DataRef::Int(2), "w.xlsx[S]").unwrap();
        let problem = cells.add((1_048_575, 16_383), &DataRef::Int(3), "w.xlsx[S]").unwrap_err();
        assert!(problem.message.contains("A1:XFD1048576 (1048576 rows × 16384 columns)"), "{problem}");
        assert!(problem.message.contains("farthest out is XFD1048576"), "{problem}");
        let mut cells = UsedCells::default();
        cells.add((2, 1), &DataRef::Int(1), "w").unwrap();
        cells.add((4, 3), &DataRef::Empty, "w").unwrap();
        let range = cells.into_range("w").unwrap();
        assert_eq!((range.start(), range.end()), (Some((2, 1)), Some((2, 1))));
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
