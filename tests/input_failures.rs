//! What goes wrong when reading files in other shapes: each failure exits 1 with a message naming
//! the file (and sheet), row and column, and a help line.

mod common;
mod formats_fixture;

use common::impact;
use formats_fixture::{Cell, LABELS, delimited, folder, long_grid, programme_toml, text, xlsx};

/// Check the programme `toml` with `data/{name}` = `bytes`: exit 1 and each of `expected` on stderr.
fn fails(toml: &str, name: &str, bytes: &[u8], expected: &[&str]) {
    let (_tmp, dir) = folder(toml, name, bytes);
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
}

#[test]
fn an_unmapped_label_is_named_with_the_labels_that_exist() {
    let mut grid = long_grid(true);
    grid[3][4] = text("Very often");
    let csv = delimited(&grid, ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "", LABELS),
        "scores.csv",
        csv.as_bytes(),
        &[
            "error: data/scores.csv:4:5: answer 'Very often' for item scs_sf_3 (SCS-SF item 3) is not one of its labels",
            "help: the labels are 'Almost never' = 1, 'Rarely' = 2, 'Sometimes' = 3, 'Often' = 4, 'Almost always' = 5; \
             add \"Very often\" = <number> to the measure's labels",
        ],
    );
}

#[test]
fn words_without_labels_ask_for_them() {
    let csv = delimited(&long_grid(true), ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "", ""),
        "scores.csv",
        csv.as_bytes(),
        &["error: data/scores.csv:2:3: value 'Rarely' is not a number for item scs_sf_1 (SCS-SF item 1)", "labels = {"],
    );
}

#[test]
fn a_label_outside_the_instrument_range_is_a_configuration_error() {
    let csv = delimited(&long_grid(true), ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "", "labels = { \"Never\" = 0 }"),
        "scores.csv",
        csv.as_bytes(),
        &["error: programme.toml:", "label 'Never' stands for 0, outside SCS-SF's answers (1 to 5)"],
    );
}

/// The cohort as a REDCap export with events `baseline_arm_1` and `week_12_arm_1`.
fn redcap_csv() -> String {
    let mut grid = long_grid(false);
    grid[0][0] = text("record_id");
    grid[0][1] = text("redcap_event_name");
    for row in grid.iter_mut().skip(1) {
        let event = if row[1] == text("pre") { "baseline_arm_1" } else { "week_12_arm_1" };
        row[1] = text(event);
    }
    delimited(&grid, ',', false, "\n")
}

#[test]
fn an_unknown_redcap_event_is_named_with_how_to_map_it() {
    let data = "id_column = \"record_id\"\ntimepoint_column = \"redcap_event_name\"";
    fails(
        &programme_toml("redcap.csv", data, ""),
        "redcap.csv",
        redcap_csv().as_bytes(),
        &[
            "error: data/redcap.csv:2:2: timepoint 'baseline_arm_1' is not one of the programme's timepoints",
            "help: timepoints are pre, post; map REDCap events onto them under [data.timepoint_names], e.g. \
             baseline_arm_1 = \"pre\"",
        ],
    );
}

#[test]
fn an_event_mapped_onto_no_timepoint_is_a_configuration_error() {
    let data = "id_column = \"record_id\"\ntimepoint_column = \"redcap_event_name\"\n[data.timepoint_names]\n\
                baseline_arm_1 = \"pre\"\nweek_12_arm_1 = \"followup\"";
    fails(
        &programme_toml("redcap.csv", data, ""),
        "redcap.csv",
        redcap_csv().as_bytes(),
        &[
            "error: programme.toml:11:17: [data.timepoint_names] maps 'week_12_arm_1' onto 'followup', which is not a timepoint",
        ],
    );
}

#[test]
fn a_missing_sheet_is_named_with_the_sheets_there_are() {
    let grid = long_grid(false);
    let bytes = xlsx(&[("Notes", &vec![vec![text("read me")]]), ("Responses", &grid)]);
    fails(
        &programme_toml("book.xlsx", "sheet = \"Response\"", ""),
        "book.xlsx",
        &bytes,
        &[
            "error: data/book.xlsx: the workbook has no sheet 'Response'",
            "help: did you mean sheet = \"Responses\"? Its sheets are 'Notes', 'Responses'",
        ],
    );
    fails(
        &programme_toml("book.xlsx", "sheet = \"Scores\"", ""),
        "book.xlsx",
        &bytes,
        &["help: set [data] sheet to one of its sheets: 'Notes', 'Responses'"],
    );
    // Without `sheet` the first is read; when the columns are not there, the others are named.
    fails(
        &programme_toml("book.xlsx", "", ""),
        "book.xlsx",
        &bytes,
        &[
            "error: data/book.xlsx[Notes]: only the first sheet, 'Notes', was read; the workbook also has 'Responses'",
            "help: if the responses are on another sheet, name it under [data]: sheet = \"Responses\"",
        ],
    );
}

#[test]
fn a_sheet_named_for_a_text_file_is_an_error() {
    let csv = delimited(&long_grid(false), ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "sheet = \"Responses\"", ""),
        "scores.csv",
        csv.as_bytes(),
        &["error: data/scores.csv: sheet = \"Responses\" is set, but this is a text file"],
    );
}

#[test]
fn problems_in_a_spreadsheet_are_located_by_sheet_row_and_column() {
    let mut grid = long_grid(false);
    grid[2][4] = Cell::Error("#DIV/0!");
    grid[5][14] = text("n/a");
    let bytes = xlsx(&[("Responses", &grid)]);
    fails(
        &programme_toml("scores.xlsx", "", ""),
        "scores.xlsx",
        &bytes,
        &[
            "error: data/scores.xlsx[Responses]:3:5: value '#DIV/0!' is not a number for item scs_sf_3 (SCS-SF item 3)",
            "help: the spreadsheet cell shows the error #DIV/0!: correct its formula, or clear the cell",
            "error: data/scores.xlsx[Responses]:6:15: value 'n/a' is not a number for the scored column 'Self-correction'",
        ],
    );
}

#[test]
fn a_header_mixing_long_and_wide_layouts_is_named() {
    let mut grid = long_grid(false);
    // The FSCS score has a timepoint in its name, the items do not.
    grid[0][14] = text("pre_fscs");
    let csv = delimited(&grid, ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "", ""),
        "scores.csv",
        csv.as_bytes(),
        &[
            "error: data/scores.csv:1:3: the header mixes long and wide layouts: `scs_sf_1` has no timepoint in its \
             name, but `pre_fscs` has one",
            "help: use one layout",
        ],
    );
    let wide = "layout = \"wide\"";
    fails(
        &programme_toml("scores.csv", wide, ""),
        "scores.csv",
        csv.as_bytes(),
        &["the header mixes long and wide layouts: `scs_sf_1` has no timepoint in its name, but `pre_fscs` has one"],
    );
}

#[test]
fn a_wide_file_read_as_long_says_so_and_the_other_way_round() {
    let mut header = vec![text("participant_id")];
    for t in ["pre", "post"] {
        header.extend((1..=12).map(|i| text(format!("{t}_scs_sf_{i}"))).chain([text(format!("{t}_fscs"))]));
    }
    let mut row = vec![text("P01")];
    row.extend(std::iter::repeat_n(Cell::Number(3.0), 26));
    let csv = delimited(&vec![header, row], ',', false, "\n");
    fails(
        &programme_toml("wide.csv", "", ""),
        "wide.csv",
        csv.as_bytes(),
        &[
            "error: data/wide.csv:1: the file looks wide: columns such as `pre_scs_sf_1` name a timepoint, but the \
             layout is long",
            "help: add layout = \"wide\" and wide_pattern = \"{timepoint}_{column}\" under [data]",
        ],
    );
    let long = delimited(&long_grid(false), ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "layout = \"wide\"", ""),
        "scores.csv",
        long.as_bytes(),
        &["error: data/scores.csv:1: the file looks long: `scs_sf_1` has no timepoint in its name"],
    );
}

#[test]
fn a_bad_wide_pattern_is_a_configuration_error() {
    let long = delimited(&long_grid(false), ',', false, "\n");
    fails(
        &programme_toml("scores.csv", "layout = \"wide\"\nwide_pattern = \"{timepoint}\"", ""),
        "scores.csv",
        long.as_bytes(),
        &["error: programme.toml:8:16: wide_pattern \"{timepoint}\" needs {timepoint} and {column} once each"],
    );
    fails(
        &programme_toml("scores.csv", "wide_pattern = \"{timepoint}_{column}\"", ""),
        "scores.csv",
        long.as_bytes(),
        &["wide_pattern is set but the layout is long", "help: add layout = \"wide\""],
    );
}

#[test]
fn a_participant_with_two_wide_rows_is_located_once() {
    let mut header = vec![text("participant_id")];
    for t in ["pre", "post"] {
        header.extend((1..=12).map(|i| text(format!("{t}_scs_sf_{i}"))).chain([text(format!("{t}_fscs"))]));
    }
    let mut row = vec![text("P01")];
    row.extend(std::iter::repeat_n(Cell::Number(3.0), 26));
    let csv = delimited(&vec![header, row.clone(), row], ',', false, "\n");
    let (_tmp, dir) = folder(&programme_toml("wide.csv", "layout = \"wide\"", ""), "wide.csv", csv.as_bytes());
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("error: data/wide.csv:3:1: participant 'P01' has two rows (first on line 2)"), "{stderr}");
    assert!(stderr.contains("1 problem found"), "{stderr}");
}

#[test]
fn a_file_that_is_a_spreadsheet_under_another_name_is_named() {
    let bytes = xlsx(&[("Sheet1", &long_grid(false))]);
    fails(
        &programme_toml("scores.csv", "", ""),
        "scores.csv",
        &bytes,
        &["error: data/scores.csv: the file is a spreadsheet, but its name does not say so"],
    );
}

#[test]
fn an_unreadable_workbook_is_an_error_not_a_panic() {
    fails(
        &programme_toml("scores.xlsx", "", ""),
        "scores.xlsx",
        b"PK\x03\x04 not really a workbook",
        &["error: data/scores.xlsx: cannot read the spreadsheet:", "help: open it in Excel or LibreOffice"],
    );
}
