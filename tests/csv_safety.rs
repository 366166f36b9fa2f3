//! The CSV tables are made to be opened in a spreadsheet: no cell from the data may run as a
//! formula there, and numbers are numbers a spreadsheet can use.

mod common;

use std::fs;
use std::path::Path;

use common::impact;

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cft-module");

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [&str; 6] = ["=", "+", "-", "@", "\t", "\r"];

/// A copy of the example with a site, a pseudonym, a theme name and a measure label that each
/// start with `start`.
fn hostile_copy(start: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    copy_tree(Path::new(EXAMPLE), dir);
    let participants = fs::read_to_string(dir.join("data/participants.csv")).unwrap();
    let mut lines = participants.lines();
    let mut text = format!("{},pseudonym,site\n", lines.next().unwrap());
    for (i, line) in lines.enumerate() {
        let site = if i < 8 { format!("{start}cmd|' /C calc'!A0") } else { "Riverside".into() };
        text.push_str(&format!("{line},\"{start}Pseudo{i}\",\"{site}\"\n"));
    }
    fs::write(dir.join("data/participants.csv"), text).unwrap();
    let codebook = fs::read_to_string(dir.join("data/codebook.csv")).unwrap();
    let codebook = codebook.replace(",Benefits in everyday life,", &format!(",\"{start}HYPERLINK theme\","));
    fs::write(dir.join("data/codebook.csv"), codebook).unwrap();
    let programme = fs::read_to_string(dir.join("programme.toml")).unwrap();
    let label = format!("label = \"{}SUM label\"", start.escape_default());
    fs::write(dir.join("programme.toml"), programme.replace("label = \"Self-correction (FSCS)\"", &label)).unwrap();
    tmp
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == "report" {
            continue;
        }
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Each table CSV of a built report, by file name, as rows of cells (the header first).
fn tables(report: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut out: Vec<(String, Vec<Vec<String>>)> = fs::read_dir(report.join("tables"))
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&path).unwrap();
            let rows = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
            (path.file_name().unwrap().to_string_lossy().into_owned(), rows)
        })
        .collect();
    out.sort();
    out
}

/// What a spreadsheet takes for a number: digits, a point, a sign, an exponent.
fn is_number(cell: &str) -> bool {
    cell.parse::<f64>().is_ok_and(f64::is_finite) && cell.chars().all(|c| c.is_ascii_digit() || ".-eE".contains(c))
}

fn build(dir: &Path) {
    let output = impact().arg("build").arg(dir).args(["--format", "html,json"]).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn text_from_the_data_reaches_every_table_as_inert_text() {
    for start in FORMULA_STARTS {
        let tmp = hostile_copy(start);
        build(tmp.path());
        let tables = tables(&tmp.path().join("report"));
        for (file, rows) in &tables {
            for cell in rows.iter().flatten() {
                let formula = FORMULA_STARTS.iter().any(|s| cell.trim_start_matches(' ').starts_with(s));
                assert!(!formula || is_number(cell), "{start:?}: {file} has the cell {cell:?}");
            }
        }
        let cells = |file: &str| -> Vec<String> {
            tables.iter().filter(|(f, _)| f.starts_with(file)).flat_map(|(_, rows)| rows.concat()).collect()
        };
        // Readers trim white space around a value, so a leading tab or return may be gone; the
        // check above has made sure that whatever starts a cell is inert.
        let shown = |file: &str, text: &str, exact: bool| {
            let cells = cells(file);
            let inert = format!("'{start}{text}");
            let found = if exact {
                cells.iter().any(|c| *c == inert || (start.trim().is_empty() && c == text))
            } else {
                cells.iter().any(|c| c.contains(text))
            };
            assert!(found, "{start:?}: no {inert:?} in {file}: {cells:?}");
        };
        shown("characteristics.csv", "cmd|' /C calc'!A0", true);
        shown("themes.csv", "HYPERLINK theme", false);
        shown("outcomes.csv", "SUM label", true);
        shown("joint-", "SUM label", true);
        let html = fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
        assert!(!html.contains("'HYPERLINK") && !html.contains("&#39;HYPERLINK"), "the HTML keeps the text as it is");
    }
}

/// The outcome and joint-display tables: every column but the names holds numbers (or nothing,
/// where a value is not shown).
#[test]
fn the_numbers_of_the_outcome_and_joint_tables_are_numbers() {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(Path::new(EXAMPLE), tmp.path());
    build(tmp.path());
    let tables = tables(&tmp.path().join("report"));
    let mut checked = 0;
    for (file, rows) in tables.iter().filter(|(f, _)| f == "outcomes.csv" || f.starts_with("joint-")) {
        let (header, rows) = rows.split_first().unwrap();
        assert!(!rows.is_empty(), "{file}");
        for (i, column) in header.iter().enumerate() {
            if ["Outcome", "From", "To"].contains(&column.as_str()) || column.ends_with("not shown") {
                continue;
            }
            for row in rows {
                let cell = &row[i];
                assert!(cell.is_empty() || is_number(cell), "{file}: {column}: {cell:?} is not a number");
                assert!(!cell.starts_with('+') && !cell.contains('\u{2212}'), "{file}: {column}: {cell:?}");
                checked += usize::from(!cell.is_empty());
            }
        }
    }
    assert!(checked > 50, "only {checked} numbers checked");
    let outcomes = &tables.iter().find(|(f, _)| f == "outcomes.csv").unwrap().1;
    let header = &outcomes[0];
    for column in ["n", "Change", "Change 95% CI low", "Change 95% CI high", "t", "df", "p", "d_z", "g_av"] {
        assert!(header.iter().any(|h| h == column), "outcomes.csv has no column {column}: {header:?}");
    }
    // A negative change is written with an ASCII minus.
    let change = header.iter().position(|h| h == "Change").unwrap();
    assert!(outcomes[1..].iter().any(|row| row[change].starts_with('-')), "{outcomes:?}");
}

/// In every example's tables, whatever starts with a formula character is a number.
#[test]
fn no_example_table_has_a_cell_a_spreadsheet_would_run() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for example in fs::read_dir(examples).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()) {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        let output = impact().arg("build").arg(&example).arg("--out").arg(&out).args(["--format", "html"]).output();
        let output = output.unwrap();
        assert!(output.status.success(), "{}: {}", example.display(), String::from_utf8_lossy(&output.stderr));
        for (file, rows) in tables(&out) {
            for cell in rows.iter().flatten() {
                let formula = FORMULA_STARTS.iter().any(|s| cell.trim_start_matches(' ').starts_with(s));
                assert!(!formula || is_number(cell), "{}: {file} has the cell {cell:?}", example.display());
                assert!(!cell.contains('\u{2212}') || !is_number(&cell.replace('\u{2212}', "-")), "{file}: {cell:?}");
            }
        }
    }
}
