//! Every data file as a table of text cells, whatever it was saved as: the layer under the
//! readers for scores, attendance, participants, codebook and excerpts.
//!
//! - Delimited text (`text.rs`): UTF-8 with or without a byte-order mark, UTF-16 and
//!   Windows-1252, detected; `,`, `;` or tab as the delimiter, sniffed from the first line.
//! - Spreadsheets (`sheet.rs`): `.xlsx`, `.xlsm`, `.xlsb`, `.xls` and `.ods` through calamine.
//! - Survey exports (`export.rs`): Qualtrics's extra header rows are recognised and skipped.
//!
//! Rows come one at a time as [`csv::StringRecord`]s whose position is the row's line in the
//! file (or its row in the sheet), and field `i` is column `i + 1`, so a reader locates a
//! problem as `file:row:column`, or `file[sheet]:row:column` in a spreadsheet ([`TableInfo::name`]).

mod export;
mod extent;
mod sheet;
mod source;
mod text;

use std::collections::VecDeque;
use std::fmt;
use std::path::Path;

use csv::StringRecord;

pub use export::{Export, QualtricsLayout};
pub use text::Encoding;

use super::clean_header;
use crate::files::{self, Kind};
use crate::problem::{Problem, Problems};

/// What a file was found to be, for messages and for `check`.
#[derive(Debug, Clone)]
pub struct TableInfo {
    /// How problems name the file: its path, with `[sheet]` for a spreadsheet.
    pub name: String,
    /// Text or spreadsheet, and how.
    pub format: Format,
    /// The survey platform that wrote it, if recognised.
    pub export: Option<Export>,
    /// Things to tell the user that do not change the analysis (an encoding other than UTF-8).
    pub notes: Vec<String>,
}

/// How a table was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Text {
        /// The text encoding found.
        encoding: Encoding,
        /// `,`, `;` or tab.
        delimiter: u8,
    },
    /// A spreadsheet.
    Spreadsheet {
        /// `xlsx`, `xlsb`, `xls` or `ods`.
        format: &'static str,
        /// The sheet read.
        sheet: String,
        /// The workbook's other sheets, when none was named and the first was read.
        others: Vec<String>,
    },
}

impl TableInfo {
    /// Whether numbers may use a decimal comma (`2,5`): in text delimited by `;` or tab.
    pub fn decimal_comma(&self) -> bool {
        matches!(self.format, Format::Text { delimiter: b';' | b'\t', .. })
    }
}

impl fmt::Display for TableInfo {
    /// `data/scores.csv: text (UTF-8, comma-delimited)`, `data/r.xlsx[Sheet1]: spreadsheet (xlsx)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.format {
            Format::Text { encoding, delimiter } => {
                write!(f, "{}: text ({encoding}, {}-delimited", self.name, text::delimiter_name(*delimiter))?;
                if self.decimal_comma() {
                    write!(f, "; decimal commas accepted")?;
                }
                write!(f, ")")?;
            }
            Format::Spreadsheet { format, .. } => write!(f, "{}: spreadsheet ({format})", self.name)?,
        }
        if let Some(export) = self.export {
            write!(f, ", {export}")?;
        }
        Ok(())
    }
}

/// A table being read: its header, then its rows one by one.
pub struct Table {
    info: TableInfo,
    header: Option<Vec<String>>,
    rows: Rows,
    /// Rows read ahead while recognising an export.
    pending: VecDeque<StringRecord>,
}

enum Rows {
    Text(Box<text::TextRows>),
    Sheet(Box<sheet::SheetRows>),
}

impl Table {
    /// Open the data file at `path`; `file` is its path as shown in messages, `sheet` the sheet
    /// to read from a spreadsheet (default: the first).
    pub fn open(path: &Path, file: &str, sheet: Option<&str>) -> Result<Table, Problems> {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let (rows, format, name, notes) = if sheet::EXTENSIONS.contains(&extension.as_str()) {
            let (rows, read, others, format) = sheet::open(path, file, sheet)?;
            let name = format!("{file}[{read}]");
            (Rows::Sheet(Box::new(rows)), Format::Spreadsheet { format, sheet: read, others }, name, Vec::new())
        } else {
            let opened = source::open(files::open_at(path, file, Kind::Table)?, file)?;
            if let Some(sheet) = sheet {
                return Err(Problem::in_file(file, format!("sheet = \"{sheet}\" is set, but this is a text file"))
                    .help("remove `sheet` from [data], or point `scores` at the workbook")
                    .into());
            }
            let delimiter = text::sniff_delimiter(&opened.head);
            let mut notes = Vec::new();
            if opened.encoding == Encoding::Windows1252 {
                notes.push(format!(
                    "{file} is not UTF-8 and was read as Windows-1252; save it as CSV UTF-8 (Excel: Save As › CSV \
                     UTF-8) so that accents and symbols are read as written"
                ));
            }
            let reader = csv::ReaderBuilder::new()
                .flexible(true)
                .has_headers(false)
                .delimiter(delimiter)
                .buffer_capacity(1 << 16)
                .from_reader(opened.source);
            (
                Rows::Text(text::TextRows::new(reader, opened.start)),
                Format::Text { encoding: opened.encoding, delimiter },
                file.to_string(),
                notes,
            )
        };
        let mut table = Table {
            info: TableInfo { name, format, export: None, notes },
            header: None,
            rows,
            pending: VecDeque::new(),
        };
        let mut record = StringRecord::new();
        if !table.read_source(&mut record).map_err(Problems::from)? {
            return Ok(table);
        }
        let mut header: Vec<String> = record.iter().map(clean_header).collect();
        for _ in 0..2 {
            let mut next = StringRecord::new();
            match table.read_source(&mut next) {
                Ok(true) => table.pending.push_back(next),
                Ok(false) => break,
                Err(problem) => return Err(problem.into()),
            }
        }
        table.info.export = export::recognise(&mut header, table.pending.make_contiguous());
        let skip = table.info.export.map_or(0, Export::extra_header_rows);
        table.pending.drain(..skip.min(table.pending.len()));
        table.header = Some(header);
        Ok(table)
    }

    /// What the file was found to be.
    pub fn info(&self) -> &TableInfo {
        &self.info
    }

    /// Hand over what the file was found to be (after reading it).
    pub fn into_info(self) -> TableInfo {
        self.info
    }

    /// [`Table::open`], then the header row: an empty file is an error, with `help` saying what
    /// the first row should hold.
    pub fn open_with_header(
        path: &Path,
        file: &str,
        sheet: Option<&str>,
        help: &str,
    ) -> Result<(Table, Vec<String>), Problems> {
        let table = Table::open(path, file, sheet)?;
        match table.header().map(<[String]>::to_vec) {
            Some(header) => Ok((table, header)),
            None => Err(Problem::in_file(&table.info.name, "the file is empty").help(help).into()),
        }
    }

    /// The column names, cleaned of a byte-order mark and surrounding spaces; `None` for an
    /// empty file.
    pub fn header(&self) -> Option<&[String]> {
        self.header.as_deref()
    }

    /// Read the next data row into `record`; `Ok(false)` after the last. An unreadable row is a
    /// problem; reading may go on after it.
    pub fn read_row(&mut self, record: &mut StringRecord) -> Result<bool, Problem> {
        match self.pending.pop_front() {
            Some(row) => {
                *record = row;
                Ok(true)
            }
            None => self.read_source(record),
        }
    }

    fn read_source(&mut self, record: &mut StringRecord) -> Result<bool, Problem> {
        let more = match &mut self.rows {
            Rows::Sheet(rows) => rows.read(record),
            Rows::Text(rows) => rows.read(record).map_err(|(e, line)| row_problem(&self.info.name, &e, line))?,
        };
        if more
            && record.as_slice().as_bytes().contains(&0xE2)
            && record.iter().any(|cell| cell.contains(is_bidi_control))
        {
            let position = record.position().cloned();
            let cleaned: Vec<String> = record.iter().map(|cell| cell.replace(is_bidi_control, "")).collect();
            *record = StringRecord::from(cleaned);
            record.set_position(position);
        }
        Ok(more)
    }

    /// About how many rows the file holds in all, judging by the `rows` read so far, the last
    /// of which is `record` (for reserving room; `rows` itself for a spreadsheet).
    pub fn estimated_rows(&self, rows: usize, record: &StringRecord) -> usize {
        match (&self.rows, record.position()) {
            (Rows::Text(text), Some(position)) => text.estimated_records(rows, position.byte()),
            _ => rows,
        }
    }

    /// Hand each remaining data row to `each` with its line. Blank rows (the ends of spreadsheet
    /// exports) are skipped; unreadable rows, and rows with more or fewer cells than the header,
    /// become problems instead.
    pub fn for_each_row(&mut self, problems: &mut Problems, mut each: impl FnMut(usize, &StringRecord, &mut Problems)) {
        let width = self.header.as_ref().map_or(0, Vec::len);
        let mut record = StringRecord::new();
        loop {
            match self.read_row(&mut record) {
                Ok(false) => break,
                Ok(true) if is_blank(&record) => {}
                Ok(true) if record.len() != width => {
                    problems.push(crate::input::ragged_row(&self.info.name, line_of(&record), &record, width));
                }
                Ok(true) => each(line_of(&record), &record, problems),
                Err(problem) => problems.push(problem),
            }
        }
    }

    /// Read every remaining row that is not blank, with its line.
    pub fn read_all(&mut self) -> Result<Vec<(usize, StringRecord)>, Problems> {
        let mut problems = Problems::default();
        let mut rows = Vec::new();
        let mut record = StringRecord::new();
        loop {
            match self.read_row(&mut record) {
                Ok(false) => break,
                Ok(true) if is_blank(&record) => {}
                Ok(true) => rows.push((line_of(&record), record.clone())),
                Err(problem) => problems.push(problem),
            }
        }
        problems.into_result(rows)
    }
}

/// The invisible controls that reorder the text after them (U+202A–U+202E, U+2066–U+2069). They
/// are removed from every cell: in a report they could make a quote, or the page around it, read
/// differently from what was written.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether every cell of a row is empty (blank lines at the end of spreadsheet exports).
pub fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// The line (or sheet row) a record was read from.
pub fn line_of(record: &StringRecord) -> usize {
    record.position().map_or(0, |p| p.line() as usize)
}

/// A row the CSV parser could not read, on `line` where known.
fn row_problem(name: &str, error: &csv::Error, line: Option<usize>) -> Problem {
    let line = line.unwrap_or(0);
    // The csv crate's own wording names its line count, which is wrong after CRLF line ends.
    let message = match error.kind() {
        csv::ErrorKind::Utf8 { err, .. } => format!("cannot read the row: field {} is not UTF-8 text", err.field() + 1),
        _ => format!("cannot read the row: {error}"),
    };
    let problem = if line > 0 { Problem::at_row(name, line, message) } else { Problem::in_file(name, message) };
    problem.help("save the file as CSV UTF-8 (in Excel: Save As › CSV UTF-8)")
}

/// How a data file is read, by its name: a spreadsheet or delimited text.
pub fn kind_of(file: &str) -> Kind {
    let extension = Path::new(file).extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if sheet::EXTENSIONS.contains(&extension.as_str()) { Kind::Workbook } else { Kind::Table }
}

/// What the file at `path` is, without reading its rows past the header (for `check`).
pub fn describe(path: &Path, file: &str) -> Option<TableInfo> {
    Table::open(path, file, None).ok().map(Table::into_info)
}
