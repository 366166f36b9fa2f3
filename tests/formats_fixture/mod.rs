//! One small cohort's scores, written in every shape users have them: the canonical long CSV,
//! other encodings and delimiters, spreadsheets (xlsx and ods written here; xls committed), wide
//! files and survey platforms' exports. Each loads to the same responses.
//!
//! Five people answer SCS-SF (12 items, 1–5) and an already-scored column `fscs` at pre and
//! post; P05 has no post, and P02 left one item blank at post.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use impact::pipeline::{self, Analysed};

/// (id, timepoint, 12 SCS-SF answers (0 = blank), fscs).
pub const ROWS: [(&str, &str, [u8; 12], f64); 9] = [
    ("P01", "pre", [2, 3, 2, 4, 3, 2, 3, 4, 4, 2, 4, 4], 1.5),
    ("P02", "pre", [3, 2, 3, 3, 2, 3, 2, 3, 3, 3, 3, 4], 2.25),
    ("P03", "pre", [4, 2, 2, 4, 3, 2, 2, 4, 4, 3, 4, 3], 3.0),
    ("P04", "pre", [3, 3, 3, 3, 3, 2, 3, 3, 4, 3, 3, 3], 1.75),
    ("P05", "pre", [1, 5, 1, 5, 1, 5, 1, 5, 1, 5, 1, 5], 2.5),
    ("P01", "post", [2, 4, 3, 3, 4, 3, 4, 3, 3, 3, 3, 3], 1.25),
    ("P02", "post", [2, 3, 3, 2, 3, 4, 0, 2, 2, 4, 2, 3], 2.0),
    ("P03", "post", [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], 2.5),
    ("P04", "post", [2, 4, 4, 2, 4, 4, 4, 2, 2, 4, 2, 2], 1.0),
];

/// SCS-SF answers as words, for exports that write them.
pub const WORDS: [&str; 5] = ["Almost never", "Rarely", "Sometimes", "Often", "Almost always"];

/// The `labels` table mapping [`WORDS`] onto 1–5.
pub const LABELS: &str =
    r#"labels = { "Almost never" = 1, "Rarely" = 2, "Sometimes" = 3, "Often" = 4, "Almost always" = 5 }"#;

/// One spreadsheet cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// Nothing.
    Empty,
    /// An error value such as `#DIV/0!`.
    Error(&'static str),
}

/// Text cell.
pub fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A table: rows of cells.
pub type Grid = Vec<Vec<Cell>>;

/// The SCS-SF item column names.
pub fn item_columns(prefix: &str) -> Vec<String> {
    (1..=12).map(|i| format!("{prefix}{i}")).collect()
}

/// An answer cell: a number, a word, or empty.
pub fn answer(value: u8, words: bool) -> Cell {
    match (value, words) {
        (0, _) => Cell::Empty,
        (v, true) => text(WORDS[usize::from(v) - 1]),
        (v, false) => Cell::Number(f64::from(v)),
    }
}

/// The canonical long table: `participant_id,timepoint,scs_sf_1…12,fscs,site`.
pub fn long_grid(words: bool) -> Grid {
    let mut header = vec![text("participant_id"), text("timepoint")];
    header.extend(item_columns("scs_sf_").into_iter().map(text));
    header.extend([text("fscs"), text("site")]);
    let mut grid = vec![header];
    for (id, timepoint, items, fscs) in ROWS {
        let mut row = vec![text(id), text(timepoint)];
        row.extend(items.iter().map(|&v| answer(v, words)));
        row.extend([Cell::Number(fscs), text("Café Nord")]);
        grid.push(row);
    }
    grid
}

/// The table as delimited text; `decimal_comma` writes 2,5 for 2.5.
pub fn delimited(grid: &Grid, delimiter: char, decimal_comma: bool, line_end: &str) -> String {
    let mut out = String::new();
    for row in grid {
        let cells: Vec<String> = row
            .iter()
            .map(|cell| {
                let raw = match cell {
                    Cell::Text(s) => s.clone(),
                    Cell::Number(n) if decimal_comma => n.to_string().replace('.', ","),
                    Cell::Number(n) => n.to_string(),
                    Cell::Empty => String::new(),
                    Cell::Error(e) => e.to_string(),
                };
                if raw.contains([delimiter, '"', '\n', '\r']) {
                    format!("\"{}\"", raw.replace('"', "\"\""))
                } else {
                    raw
                }
            })
            .collect();
        out.push_str(&cells.join(&delimiter.to_string()));
        out.push_str(line_end);
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn column_letters(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap()
}

/// A minimal `.xlsx` workbook with the given sheets (inline strings, no styles).
pub fn xlsx(sheets: &[(&str, &Grid)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, body: String| {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    let overrides: String = (1..=sheets.len())
        .map(|i| format!(r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#))
        .collect();
    put(
        "[Content_Types].xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{overrides}</Types>"#
        ),
    );
    put("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.into());
    let listed: String = sheets
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!(r#"<sheet name="{}" sheetId="{}" r:id="rId{}"/>"#, escape(name), i + 1, i + 1))
        .collect();
    put(
        "xl/workbook.xml",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{listed}</sheets></workbook>"#
        ),
    );
    let rels: String = (1..=sheets.len())
        .map(|i| format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#))
        .collect();
    put(
        "xl/_rels/workbook.xml.rels",
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
        ),
    );
    for (i, (_, grid)) in sheets.iter().enumerate() {
        let mut data = String::new();
        for (r, row) in grid.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let at = format!("{}{}", column_letters(c), r + 1);
                match cell {
                    Cell::Text(s) => {
                        data.push_str(&format!(r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#, escape(s)))
                    }
                    Cell::Number(n) => data.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#)),
                    Cell::Error(e) => data.push_str(&format!(r#"<c r="{at}" t="e"><v>{}</v></c>"#, escape(e))),
                    Cell::Empty => {}
                }
            }
            data.push_str("</row>");
        }
        put(
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
            ),
        );
    }
    zip.finish().unwrap().into_inner()
}

/// A minimal OpenDocument spreadsheet (`.ods`) with one sheet.
pub fn ods(sheet: &str, grid: &Grid) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet").unwrap();
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("META-INF/manifest.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    let mut rows = String::new();
    for row in grid {
        rows.push_str("<table:table-row>");
        for cell in row {
            match cell {
                Cell::Text(s) => rows.push_str(&format!(r#"<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>"#, escape(s))),
                Cell::Number(n) => rows.push_str(&format!(r#"<table:table-cell office:value-type="float" office:value="{n}"><text:p>{n}</text:p></table:table-cell>"#)),
                Cell::Empty | Cell::Error(_) => rows.push_str("<table:table-cell/>"),
            }
        }
        rows.push_str("</table:table-row>");
    }
    zip.start_file("content.xml", options).unwrap();
    zip.write_all(format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="{}">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#, escape(sheet)).as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// `programme.toml` reading `data/{scores}`, with `data` lines under [data] and `measure` lines
/// under the SCS-SF measure.
pub fn programme_toml(scores: &str, data: &str, measure: &str) -> String {
    format!(
        "[programme]\ntitle = \"Formats\"\ntemplate = \"schools\"\n\n[data]\nscores = \"data/{scores}\"\n{data}\n\n\
         [[measures]]\ninstrument = \"scs-sf\"\nprefix = \"scs_sf_\"\n{measure}\n\n\
         [[measures]]\nlabel = \"Self-correction\"\ncolumn = \"fscs\"\nbetter = \"lower\"\n"
    )
}

/// A programme folder with `programme.toml` and `data/{name}` holding `bytes`.
pub fn folder(toml: &str, name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), toml).unwrap();
    fs::write(dir.join("data").join(name), bytes).unwrap();
    (tmp, dir)
}

/// What a programme's scores load to: per (participant, timepoint), the item answers and the
/// scored column; then the outcomes as results.json has them.
pub type Loaded = (BTreeMap<(String, String), Vec<Option<f64>>>, serde_json::Value);

/// Analyse the programme at `dir` and take what its scores loaded to.
pub fn load(dir: &Path) -> Loaded {
    let analysed = pipeline::analyse(dir).unwrap_or_else(|problems| panic!("{}: {problems}", dir.display()));
    loaded(&analysed)
}

/// What an analysed programme's scores loaded to.
pub fn loaded(analysed: &Analysed) -> Loaded {
    let responses = analysed.responses.as_ref().expect("scores were read");
    let mut data = BTreeMap::new();
    for (p, id) in responses.participants.iter().enumerate() {
        for (t, timepoint) in responses.timepoints.iter().enumerate() {
            let Some(row) = responses.row(p, t) else { continue };
            let mut values: Vec<Option<f64>> = responses.items.iter().map(|item| item.value(row)).collect();
            values.extend(responses.scored.iter().map(|column| Some(column[row]).filter(|v| !v.is_nan())));
            data.insert((id.clone(), timepoint.clone()), values);
        }
    }
    (data, serde_json::to_value(&analysed.results.outcomes).unwrap())
}

/// The canonical long CSV's programme and what it loads to.
pub fn canonical() -> Loaded {
    let csv = delimited(&long_grid(false), ',', false, "\n");
    let (_tmp, dir) = folder(&programme_toml("scores.csv", "", ""), "scores.csv", csv.as_bytes());
    load(&dir)
}
