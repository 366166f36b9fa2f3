//! The same scores in every shape users have them load to the same responses and outcomes as
//! the canonical long CSV: other encodings and delimiters, spreadsheets, wide files, and the
//! exports of Qualtrics, Google Forms, Microsoft Forms and REDCap.

mod common;
mod formats_fixture;

use std::fs;

use common::impact;
use formats_fixture::{
    Cell, Grid, LABELS, ROWS, WORDS, answer, canonical, delimited, folder, item_columns, load, long_grid, ods,
    programme_toml, text, xlsx,
};

/// Load `bytes` saved as `data/{name}` with the canonical programme plus `data` lines, and
/// compare with the canonical long CSV.
fn same_as_canonical(name: &str, data: &str, measure: &str, bytes: &[u8]) {
    let (_tmp, dir) = folder(&programme_toml(name, data, measure), name, bytes);
    let loaded = load(&dir);
    let expected = canonical();
    assert_eq!(expected.0.len(), ROWS.len(), "the canonical file holds every response");
    assert_eq!(loaded.0, expected.0, "{name}: responses differ");
    assert_eq!(loaded.1, expected.1, "{name}: outcomes differ");
}

fn utf16le(text: &str, mark: bool) -> Vec<u8> {
    let mut bytes = if mark { vec![0xFF, 0xFE] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn every_text_encoding_and_delimiter_loads_the_same() {
    let grid = long_grid(false);
    let bom = format!("\u{feff}{}", delimited(&grid, ',', false, "\r\n"));
    same_as_canonical("bom.csv", "", "", bom.as_bytes());
    // Excel's "Unicode text": UTF-16 with a byte-order mark, tab-delimited, here with decimal commas.
    same_as_canonical("unicode.txt", "", "", &utf16le(&delimited(&grid, '\t', true, "\r\n"), true));
    same_as_canonical("no-mark.tsv", "", "", &utf16le(&delimited(&grid, '\t', false, "\n"), false));
    same_as_canonical("semicolons.csv", "", "", delimited(&grid, ';', true, "\n").as_bytes());
    // Older Excel's "CSV" in a European locale: Windows-1252 (é in "Café"), semicolons, decimal commas.
    let western: Vec<u8> = delimited(&grid, ';', true, "\r\n")
        .chars()
        .map(|c| if c == 'é' { 0xE9 } else { u8::try_from(c).expect("ASCII apart from é") })
        .collect();
    same_as_canonical("western.csv", "", "", &western);
}

#[test]
fn check_says_what_it_understood_of_a_text_file() {
    let grid = long_grid(false);
    let western: Vec<u8> =
        delimited(&grid, ';', true, "\n").chars().map(|c| if c == 'é' { 0xE9 } else { c as u8 }).collect();
    let (_tmp, dir) = folder(&programme_toml("western.csv", "", ""), "western.csv", &western);
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(0), "{stdout}");
    for expected in [
        "read data/western.csv: text (Windows-1252, semicolon-delimited; decimal commas accepted); long layout",
        "participants scored: 5 at pre, 4 at post; 4 at every timepoint",
        "note: data/western.csv is not UTF-8 and was read as Windows-1252; save it as CSV UTF-8",
    ] {
        assert!(stdout.contains(expected), "expected {expected:?} in:\n{stdout}");
    }
}

#[test]
fn spreadsheets_load_the_same() {
    let grid = long_grid(false);
    same_as_canonical("scores.xlsx", "", "", &xlsx(&[("Sheet1", &grid)]));
    let notes: Grid = vec![vec![text("Exported from the staff survey")]];
    let two_sheets = xlsx(&[("Notes", &notes), ("Responses", &grid)]);
    same_as_canonical("book.xlsx", "sheet = \"Responses\"", "", &two_sheets);
    same_as_canonical("scores.ods", "", "", &ods("Scores", &grid));
    let xls = fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/formats/scores.xls")).unwrap();
    same_as_canonical("scores.xls", "", "", &xls);
}

#[test]
fn check_names_the_sheet_read() {
    let grid = long_grid(false);
    let notes: Grid = vec![vec![text("Exported from the staff survey")]];
    let bytes = xlsx(&[("Notes", &notes), ("Responses", &grid)]);
    let (_tmp, dir) = folder(&programme_toml("book.xlsx", "sheet = \"Responses\"", ""), "book.xlsx", &bytes);
    let stdout = String::from_utf8(impact().arg("check").arg(&dir).output().unwrap().stdout).unwrap();
    assert!(stdout.contains("read data/book.xlsx[Responses]: spreadsheet (xlsx); long layout"), "{stdout}");
}

/// The cohort one row per participant, columns named by `name(timepoint, column)`.
fn wide_grid(name: impl Fn(&str, &str) -> String) -> Grid {
    let columns: Vec<String> = item_columns("scs_sf_").into_iter().chain(["fscs".to_string()]).collect();
    let mut header = vec![text("participant_id"), text("site")];
    for timepoint in ["pre", "post"] {
        header.extend(columns.iter().map(|c| text(name(timepoint, c))));
    }
    let mut grid = vec![header];
    for person in ["P01", "P02", "P03", "P04", "P05"] {
        let mut row = vec![text(person), text("Café Nord")];
        for timepoint in ["pre", "post"] {
            match ROWS.iter().find(|(id, t, _, _)| *id == person && *t == timepoint) {
                Some((_, _, items, fscs)) => {
                    row.extend(items.iter().map(|&v| answer(v, false)));
                    row.push(Cell::Number(*fscs));
                }
                None => row.extend(std::iter::repeat_n(Cell::Empty, columns.len())),
            }
        }
        grid.push(row);
    }
    grid
}

#[test]
fn wide_files_load_the_same() {
    let prefixed = wide_grid(|t, c| format!("{t}_{c}"));
    let data = "layout = \"wide\"\nwide_pattern = \"{timepoint}_{column}\"";
    same_as_canonical("wide.csv", data, "", delimited(&prefixed, ',', false, "\n").as_bytes());
    // Without wide_pattern, the header tells which way round the names are.
    let suffixed = wide_grid(|t, c| format!("{c}_{t}"));
    same_as_canonical("wide.xlsx", "layout = \"wide\"", "", &xlsx(&[("Sheet1", &suffixed)]));
}

#[test]
fn a_qualtrics_export_with_answers_as_words_loads_the_same() {
    let mut rows: Grid = vec![
        ["StartDate", "EndDate", "Status", "ResponseId", "ExternalReference", "wave"].map(text).to_vec(),
        ["Start Date", "End Date", "Response Type", "Response ID", "External Data Reference", "wave"]
            .map(text)
            .to_vec(),
        [
            r#"{"ImportId":"startDate","timeZone":"Europe/London"}"#,
            r#"{"ImportId":"endDate","timeZone":"Europe/London"}"#,
            r#"{"ImportId":"status"}"#,
            r#"{"ImportId":"_recordId"}"#,
            r#"{"ImportId":"externalDataReference"}"#,
            r#"{"ImportId":"wave"}"#,
        ]
        .map(text)
        .to_vec(),
    ];
    rows[0].extend(item_columns("Q5_").into_iter().map(text).chain([text("fscs")]));
    rows[1].extend((1..=12).map(|i| text(format!("How I treat myself - statement {i}"))).chain([text("fscs")]));
    rows[2].extend(
        (1..=12).map(|i| text(format!(r#"{{"ImportId":"QID5_{i}"}}"#))).chain([text(r#"{"ImportId":"fscs"}"#)]),
    );
    for (n, (id, timepoint, items, fscs)) in ROWS.iter().enumerate() {
        let mut row = ["2025-01-14 09:30:00", "2025-01-14 09:41:12", "IP Address"].map(text).to_vec();
        row.extend([text(format!("R_{n:015}")), text(*id), text(*timepoint)]);
        row.extend(items.iter().map(|&v| answer(v, true)));
        row.push(Cell::Number(*fscs));
        rows.push(row);
    }
    let toml =
        programme_toml("qualtrics.csv", "id_column = \"ExternalReference\"\ntimepoint_column = \"wave\"", LABELS)
            .replace("prefix = \"scs_sf_\"", "prefix = \"Q5_\"");
    let (_tmp, dir) = folder(&toml, "qualtrics.csv", delimited(&rows, ',', false, "\n").as_bytes());
    let expected = canonical();
    assert_eq!(load(&dir), expected);
    let stdout = String::from_utf8(impact().arg("check").arg(&dir).output().unwrap().stdout).unwrap();
    assert!(stdout.contains("Qualtrics export (rows 2–3 of labels and import ids skipped)"), "{stdout}");
}

/// An instrument file: SCS-SF's range with one scale of its 12 items and its answers' words.
const WORDED_SCALE: &str = r#"id = "worded"
name = "Twelve worded items"
short_name = "W12"
citation = "Test fixture."
items = 12
min = 1
max = 5
labels = { "Almost never" = 1, "Rarely" = 2, "Sometimes" = 3, "Often" = 4, "Almost always" = 5 }

[[scales]]
id = "total"
label = "Total"
items = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
score = "mean"
better = "higher"
"#;

#[test]
fn a_google_forms_export_headed_by_question_text_loads_the_same() {
    // A grid question: one column per statement, answers as words, labels in the instrument file.
    let mut header = ["Timestamp", "Your participant code", "Before or after the course?"].map(text).to_vec();
    header.extend((1..=12).map(|i| text(format!("How often do you do these? [Statement {i}]"))));
    header.push(text("fscs"));
    let mut rows = vec![header];
    for (n, (id, timepoint, items, fscs)) in ROWS.iter().enumerate() {
        let when = if *timepoint == "pre" { "Before the course" } else { "After the course" };
        let mut row =
            vec![text(format!("1/{}/2025 10:00:00", n + 1)), text(format!(" {} ", id.to_lowercase())), text(when)];
        row.extend(items.iter().map(|&v| answer(v, true)));
        row.push(Cell::Number(*fscs));
        rows.push(row);
    }
    // Someone who could not say when they answered: their row is left out with a warning.
    let mut unsure = vec![text("2/1/2025 10:00:00"), text("P09"), text("Not sure")];
    unsure.extend((0..12).map(|_| text(WORDS[2])).chain([Cell::Number(2.0)]));
    rows.push(unsure);
    let data = "id_column = \"Your participant code\"\ntimepoint_column = \"Before or after the course?\"\n\
                [data.timepoint_names]\n\"Before the course\" = \"pre\"\n\"After the course\" = \"post\"";
    let toml = programme_toml("forms.csv", data, "").replace(
        "instrument = \"scs-sf\"\nprefix = \"scs_sf_\"",
        "instrument = \"worded.toml\"\nprefix = \"How often do you do these? [\"",
    );
    let (_tmp, dir) = folder(&toml, "forms.csv", delimited(&rows, ',', false, "\r\n").as_bytes());
    fs::write(dir.join("worded.toml"), WORDED_SCALE).unwrap();
    let analysed = impact::pipeline::analyse(&dir).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(formats_fixture::loaded(&analysed).0, canonical().0);
    let warnings = analysed.results.warnings.join("\n");
    assert!(
        warnings.contains("1 row of timepoints not in [data.timepoint_names] was ignored: Not sure (1)"),
        "{warnings}"
    );
    assert!(
        analysed.understood.files[0].contains("W12 items in column order from the 12 columns starting"),
        "{:?}",
        analysed.understood
    );
}

#[test]
fn a_microsoft_forms_workbook_loads_the_same() {
    let mut header =
        ["ID", "Start time", "Completion time", "Email", "Name", "Participant code", "Timepoint"].map(text).to_vec();
    header.extend((1..=12).map(|i| text(format!("Statement {i} of 12"))));
    header.push(text("fscs"));
    let mut rows = vec![header];
    for (n, (id, timepoint, items, fscs)) in ROWS.iter().enumerate() {
        let mut row = vec![Cell::Number(n as f64 + 1.0), Cell::Number(45_671.4), Cell::Number(45_671.41)];
        row.extend([text("anonymous"), text(""), text(*id), text(timepoint.to_uppercase())]);
        row.extend(items.iter().map(|&v| answer(v, true)));
        row.push(Cell::Number(*fscs));
        rows.push(row);
    }
    let data = "id_column = \"Participant code\"\ntimepoint_column = \"Timepoint\"";
    let toml = programme_toml("forms.xlsx", data, LABELS).replace("prefix = \"scs_sf_\"", "prefix = \"Statement \"");
    let (_tmp, dir) = folder(&toml, "forms.xlsx", &xlsx(&[("Form1", &rows)]));
    assert_eq!(load(&dir), canonical());
}

#[test]
fn a_redcap_export_loads_the_same_with_its_events_mapped() {
    let mut header =
        ["record_id", "redcap_event_name", "redcap_repeat_instrument", "redcap_repeat_instance"].map(text).to_vec();
    header.extend(item_columns("scs_sf_").into_iter().map(text).chain(["fscs", "scs_complete"].map(text)));
    let mut rows = vec![header];
    for (id, timepoint, items, fscs) in ROWS {
        // P05 is in arm 2, whose baseline maps onto pre as arm 1's does.
        let arm = if id == "P05" { 2 } else { 1 };
        if timepoint == "pre" {
            let mut screening = vec![text(id), text(format!("screening_arm_{arm}")), Cell::Empty, Cell::Empty];
            screening.extend(std::iter::repeat_n(Cell::Empty, 13).chain([Cell::Number(0.0)]));
            rows.push(screening);
        }
        let event = if timepoint == "pre" { format!("baseline_arm_{arm}") } else { "week_12_arm_1".into() };
        let mut row = vec![text(id), text(event), Cell::Empty, Cell::Empty];
        row.extend(items.iter().map(|&v| answer(v, false)).chain([Cell::Number(fscs), Cell::Number(2.0)]));
        rows.push(row);
    }
    let mut repeat = vec![text("P01"), text("baseline_arm_1"), text("adverse_events"), Cell::Number(1.0)];
    repeat.extend(std::iter::repeat_n(Cell::Empty, 14));
    rows.push(repeat);
    let data = "id_column = \"record_id\"\ntimepoint_column = \"redcap_event_name\"\n[data.timepoint_names]\n\
                baseline_arm_1 = \"pre\"\nbaseline_arm_2 = \"pre\"\nweek_12_arm_1 = \"post\"";
    let (_tmp, dir) =
        folder(&programme_toml("redcap.csv", data, ""), "redcap.csv", delimited(&rows, ',', false, "\n").as_bytes());
    let analysed = impact::pipeline::analyse(&dir).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(formats_fixture::loaded(&analysed), canonical());
    let warnings = analysed.results.warnings.join("\n");
    for expected in [
        "data/redcap.csv: 5 rows of timepoints not in [data.timepoint_names] were ignored: screening_arm_1 (4), screening_arm_2 (1)",
        "data/redcap.csv: 1 row of REDCap repeating instruments was left out (adverse_events: 1)",
    ] {
        assert!(warnings.contains(expected), "expected {expected:?} in:\n{warnings}");
    }
}

#[test]
fn ids_match_without_regard_to_case_and_spaces_with_a_warning() {
    let mut grid = long_grid(false);
    for row in grid.iter_mut().skip(6) {
        if let Cell::Text(id) = &mut row[0] {
            *id = format!(" {} ", id.to_lowercase());
        }
    }
    let csv = delimited(&grid, ',', false, "\n");
    let (_tmp, dir) = folder(&programme_toml("scores.csv", "", ""), "scores.csv", csv.as_bytes());
    let analysed = impact::pipeline::analyse(&dir).unwrap_or_else(|p| panic!("{p}"));
    assert_eq!(formats_fixture::loaded(&analysed), canonical());
    let warnings = analysed.results.warnings.join("\n");
    assert!(
        warnings.contains("data/scores.csv: 4 participant ids are written differently (in case or surrounding spaces) on different rows and are taken as one person each: lines 2 and 7, lines 3 and 8, lines 4 and 9 and 1 more"),
        "{warnings}"
    );
}

#[test]
fn ids_that_look_like_names_are_never_printed() {
    let names = ["Alice Smith", "Bob Jones", "carol@example.org", "Dan Brown", "Eve Adams"];
    let mut grid = long_grid(false);
    for row in grid.iter_mut().skip(1) {
        if let Cell::Text(id) = &mut row[0] {
            let n: usize = id[1..].parse().unwrap();
            *id = names[n - 1].to_string();
        }
    }
    // Bob's post row says Alice: a duplicate, reported without either name.
    grid[7][0] = text("Alice Smith");
    let csv = delimited(&grid, ',', false, "\n");
    let (_tmp, dir) = folder(&programme_toml("scores.csv", "", ""), "scores.csv", csv.as_bytes());
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("data/scores.csv:8:1: participant (an id that looks like a name, not shown) appears twice"),
        "{stderr}"
    );
    grid[7][0] = text("Bob Jones");
    fs::write(dir.join("data/scores.csv"), delimited(&grid, ',', false, "\n")).unwrap();
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("note: data/scores.csv:2: 5 participant ids look like a name or other personal data (the first on this line); impact never prints participant ids"), "{stdout}");
    for name in names {
        assert!(!stdout.contains(name), "{name} printed:\n{stdout}");
    }
}

/// A copy of an example programme folder.
fn copy_example(name: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(name);
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::copy(from.join("programme.toml"), dir.join("programme.toml")).unwrap();
    for entry in fs::read_dir(from.join("data")).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join("data").join(path.file_name().unwrap())).unwrap();
    }
    (tmp, dir)
}

/// A CSV file's cells, numbers as numbers.
fn grid_of(path: &std::path::Path) -> Grid {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.parse::<f64>().map_or_else(|_| text(c), Cell::Number)).collect())
        .collect()
}

#[test]
fn every_data_file_may_be_a_spreadsheet_or_in_another_encoding() {
    let (_a, original) = copy_example("compassion-in-schools");
    let (_b, dir) = copy_example("compassion-in-schools");
    let data = dir.join("data");
    fs::write(data.join("attendance.xlsx"), xlsx(&[("Register", &grid_of(&data.join("attendance.csv")))])).unwrap();
    let participants = delimited(&grid_of(&data.join("participants.csv")), '\t', false, "\r\n");
    fs::write(data.join("participants.txt"), utf16le(&participants, true)).unwrap();
    fs::write(data.join("codebook.ods"), ods("Codes", &grid_of(&data.join("codebook.csv")))).unwrap();
    let excerpts = delimited(&grid_of(&data.join("excerpts.csv")), ';', false, "\n");
    fs::write(data.join("excerpts.csv"), format!("\u{feff}{excerpts}")).unwrap();
    let toml = fs::read_to_string(dir.join("programme.toml"))
        .unwrap()
        .replace("data/attendance.csv", "data/attendance.xlsx")
        .replace("data/participants.csv", "data/participants.txt")
        .replace("data/codebook.csv", "data/codebook.ods");
    fs::write(dir.join("programme.toml"), toml).unwrap();
    let results = |dir: &std::path::Path| {
        let analysed = impact::pipeline::analyse(dir).unwrap_or_else(|p| panic!("{p}"));
        let mut json = serde_json::to_value(&analysed.results).unwrap();
        // Only the file names differ.
        json.as_object_mut().unwrap().remove("warnings");
        json["coding"]["files"] = serde_json::Value::Null;
        json
    };
    let (converted, expected) = (results(&dir), results(&original));
    for (key, value) in expected.as_object().unwrap() {
        assert!(converted[key] == *value, "{key} differs: {} vs {value}", converted[key]);
    }
    let stdout = String::from_utf8(impact().arg("check").arg(&dir).output().unwrap().stdout).unwrap();
    for expected in [
        "read data/attendance.xlsx[Register]: spreadsheet (xlsx); wide layout (a column per session)",
        "read data/participants.txt: text (UTF-16 (little-endian), tab-delimited; decimal commas accepted)",
        "read data/codebook.ods[Codes]: spreadsheet (ods)",
        "read data/excerpts.csv: text (UTF-8 with byte-order mark, semicolon-delimited; decimal commas accepted)",
        "unmatched participants:",
    ] {
        assert!(stdout.contains(expected), "expected {expected:?} in:\n{stdout}");
    }
}
