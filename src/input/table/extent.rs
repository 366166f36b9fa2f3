//! The extent of a workbook's sheets, measured before calamine opens it: for `.ods` and `.xls`,
//! calamine lays every sheet out in full on opening, so a stray cell far from the data (or a
//! sheet's declared dimensions) would take gigabytes before a single cell could be refused.

use std::io::{Cursor, Read};

use super::sheet::{MAX_INFLATED_BYTES, check_extent};
use crate::problem::Problem;

/// Refuse an OpenDocument spreadsheet whose tables, with their repeated rows and columns
/// expanded, span more than [`MAX_CELLS`](super::sheet::MAX_CELLS): calamine would lay each out in full on opening.
pub(super) fn check_ods(bytes: &[u8], file: &str) -> Result<(), Problem> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Ok(content) = archive.by_name("content.xml") else {
        return Ok(());
    };
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content.take(MAX_INFLATED_BYTES)));
    let mut buffer = Vec::new();
    let mut extent = OdsExtent::default();
    let repeats = |e: &quick_xml::events::BytesStart<'_>, key: &str| -> u32 {
        e.try_get_attribute(key).ok().flatten().and_then(|a| a.value.parse().ok()).unwrap_or(1)
    };
    loop {
        let event = match reader.read_event_into(&mut buffer) {
            Ok(event) => event,
            // Malformed XML: calamine says what is wrong.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "table:table" => extent = OdsExtent::default(),
                "table:table-row" => extent.start_row(repeats(&e, "table:number-rows-repeated")),
                "table:table-cell" | "table:covered-table-cell" => {
                    // A cell with a value has a type (text cells: "string"); one without is empty.
                    let used = e.try_get_attribute("office:value-type").ok().flatten().is_some();
                    extent.cell(repeats(&e, "table:number-columns-repeated"), used);
                }
                _ => {}
            },
            _ => {}
        }
        if let Some((first, last)) = extent.span() {
            check_extent(first, last, last, file)?;
        }
        buffer.clear();
    }
    Ok(())
}

/// The extent of one OpenDocument table's used cells, repeats expanded.
#[derive(Default)]
struct OdsExtent {
    /// The row being read (0-based) and how many times it repeats.
    row: u64,
    row_repeats: u64,
    /// The next column of the row being read.
    column: u64,
    started: bool,
    first: Option<(u64, u64)>,
    last: (u64, u64),
}

impl OdsExtent {
    fn start_row(&mut self, repeats: u32) {
        if self.started {
            self.row += self.row_repeats;
        }
        self.started = true;
        self.row_repeats = u64::from(repeats.max(1));
        self.column = 0;
    }

    fn cell(&mut self, repeats: u32, used: bool) {
        let repeats = u64::from(repeats.max(1));
        if used {
            let last_row = self.row + self.row_repeats - 1;
            let first = self.first.get_or_insert((self.row, self.column));
            *first = (first.0.min(self.row), first.1.min(self.column));
            self.last = (self.last.0.max(last_row), self.last.1.max(self.column + repeats - 1));
        }
        self.column += repeats;
    }

    /// The span so far, clamped to what a sheet can address.
    fn span(&self) -> Option<((u32, u32), (u32, u32))> {
        let clamp = |v: u64| v.min(u64::from(u32::MAX)) as u32;
        self.first.map(|(r, c)| ((clamp(r), clamp(c)), (clamp(self.last.0), clamp(self.last.1))))
    }
}

/// Refuse an Excel workbook (`.xlsx`) whose shared-string table declares more strings than a
/// sheet may hold cells: calamine reserves room for as many as it declares.
pub(super) fn check_xlsx(bytes: &[u8], file: &str) -> Result<(), Problem> {
    use quick_xml::events::Event;
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let tables: Vec<usize> = (0..archive.len())
        .filter(|&i| {
            archive
                .name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|n| n.to_lowercase().ends_with("sharedstrings.xml"))
        })
        .collect();
    for index in tables {
        let Ok(entry) = archive.by_index(index) else { continue };
        let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry.take(MAX_INFLATED_BYTES)));
        let mut buffer = Vec::new();
        loop {
            match reader.read_event_into(&mut buffer) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                    let declared: Option<u64> =
                        e.try_get_attribute("uniqueCount").ok().flatten().and_then(|a| a.value.trim().parse().ok());
                    if let Some(declared) = declared.filter(|&n| n > super::sheet::MAX_CELLS) {
                        return Err(Problem::in_file(
                            file,
                            format!(
                                "the workbook declares {declared} different texts, more than the {} cells read \
                                 from a sheet",
                                super::sheet::MAX_CELLS
                            ),
                        )
                        .help("open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV UTF-8"));
                    }
                    break;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buffer.clear();
        }
    }
    Ok(())
}

/// Refuse an Excel 97–2003 workbook (`.xls`) a sheet of which, by its declared dimensions or
/// its cells, spans more than [`MAX_CELLS`](super::sheet::MAX_CELLS). The sheets are found as calamine finds them, from
/// the workbook's sheet list; anything unreadable is left for calamine to name.
pub(super) fn check_xls(bytes: &[u8], file: &str) -> Result<(), Problem> {
    let Ok(mut compound) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Ok(());
    };
    let Some(mut stream) = ["/Workbook", "/Book"].into_iter().find_map(|name| compound.open_stream(name).ok()) else {
        return Ok(());
    };
    let mut workbook = Vec::new();
    if stream.by_ref().take(MAX_INFLATED_BYTES).read_to_end(&mut workbook).is_err() {
        return Ok(());
    }
    // The sheet list (BoundSheet8 records) of the globals, up to their end (EOF).
    let sheets: Vec<usize> = records(&workbook, 0)
        .take_while(|(kind, _)| *kind != 0x000A)
        .filter(|(kind, data)| *kind == 0x0085 && data.len() >= 4)
        .map(|(_, data)| u32::from_le_bytes([data[0], data[1], data[2], data[3]]) as usize)
        .collect();
    for offset in sheets {
        // The used cells' first and last row and column, and the cell farthest out.
        let mut extent: Option<(Position, Position, Position)> = None;
        let mut grow = |first: Position, last: Position| -> Result<(), Problem> {
            let (from, to, farthest) = match extent {
                None => (first, last, last),
                Some((from, to, farthest)) => {
                    let grown = (to.0.max(last.0), to.1.max(last.1));
                    let from = (from.0.min(first.0), from.1.min(first.1));
                    (from, grown, if grown == to { farthest } else { last })
                }
            };
            extent = Some((from, to, farthest));
            check_extent(from, to, farthest, file)
        };
        let mut depth = 0usize;
        for (kind, data) in records(&workbook, offset) {
            let u16_at = |at: usize| data.get(at..at + 2).map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])));
            let u32_at = |at: usize| data.get(at..at + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
            match kind {
                0x0809 => depth += 1,
                0x000A if depth <= 1 => break,
                0x000A => depth -= 1,
                _ if depth > 1 => {}
                // Dimensions: calamine reserves room for them.
                0x0200 => {
                    let (first_row, last_row, first_column, last_column) = if data.len() == 10 {
                        (u16_at(0), u16_at(2), u16_at(4), u16_at(6))
                    } else {
                        (u32_at(0), u32_at(4), u16_at(8), u16_at(10))
                    };
                    let last = (last_row.max(first_row), last_column.max(first_column));
                    check_extent((first_row, first_column), last, last, file)?;
                }
                // MulRk: a row of numbers from one column to another.
                0x00BD => grow((u16_at(0), u16_at(2)), (u16_at(0), u16_at(data.len().saturating_sub(2))))?,
                // Number, Label, RString, BoolErr, Rk, LabelSst, Formula: one cell each.
                0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                    grow((u16_at(0), u16_at(2)), (u16_at(0), u16_at(2)))?;
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// A cell's row and column, 0-based.
type Position = (u32, u32);

/// The BIFF records of a workbook stream from `offset`: their type and data.
fn records(stream: &[u8], offset: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = offset;
    std::iter::from_fn(move || {
        let header = stream.get(at..at + 4)?;
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let data = stream.get(at + 4..at + 4 + length)?;
        at += 4 + length;
        Some((kind, data))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn an_opendocument_table_is_measured_with_its_repeats() {
        let content = |rows: &str| {
            format!(
                r#"<office:document-content><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
            )
        };
        let small = content(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="1048575"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        );
        assert!(check_ods(&zip_of(&[("content.xml", small.as_bytes())]), "w.ods").is_ok());
        let stray = content(
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell></table:table-row><table:table-row table:number-rows-repeated="100000"><table:table-cell table:number-columns-repeated="16383"/><table:table-cell office:value-type="float" office:value="1"/></table:table-row>"#,
        );
        let problem = check_ods(&zip_of(&[("content.xml", stray.as_bytes())]), "w.ods").unwrap_err();
        assert!(problem.message.contains("A1:XFD100001"), "{problem}");
    }

    #[test]
    fn a_shared_string_table_declaring_billions_is_refused() {
        let table = |count: &str| {
            format!(
                r#"<?xml version="1.0"?><sst xmlns="x" count="{count}" uniqueCount="{count}"><si><t>a</t></si></sst>"#
            )
        };
        let fine = zip_of(&[("xl/sharedStrings.xml", table("1").as_bytes())]);
        assert!(check_xlsx(&fine, "w.xlsx").is_ok());
        let huge = zip_of(&[("xl/sharedStrings.xml", table("1000000000000").as_bytes())]);
        let problem = check_xlsx(&huge, "w.xlsx").unwrap_err();
        assert!(problem.message.contains("declares 1000000000000 different texts"), "{problem}");
    }

    /// The test workbook with its first LabelSst cell moved to `(row, column)`.
    fn xls_with_cell_at(row: u16, column: u16) -> Vec<u8> {
        let mut bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/formats/scores.xls")).unwrap();
        let at = bytes.windows(4).position(|w| w == [0xFD, 0x00, 0x0A, 0x00]).unwrap();
        bytes[at + 4..at + 6].copy_from_slice(&row.to_le_bytes());
        bytes[at + 6..at + 8].copy_from_slice(&column.to_le_bytes());
        bytes
    }

    #[test]
    fn an_excel_97_sheet_is_measured_before_calamine_lays_it_out() {
        assert!(check_xls(&xls_with_cell_at(0, 0), "w.xls").is_ok());
        let problem = check_xls(&xls_with_cell_at(65_535, 65_535), "w.xls").unwrap_err();
        assert!(problem.message.contains(":CRXP65536 (65536 rows × "), "{problem}");
        assert!(problem.message.contains("the cell farthest out is CRXP65536"), "{problem}");
    }
}
