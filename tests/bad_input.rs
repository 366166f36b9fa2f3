//! Every kind of bad scores file and programme.toml: exit code 1, a message naming the file, row
//! and column, and no report written (an earlier report survives untouched).

mod common;

use std::fs;

use common::{PROGRAMME, impact, programme, snapshot, valid_scores};

/// Build a valid report, break the scores with `edit`, build again: it must fail with exit 1,
/// print `expected` on stderr, and leave the first report as it was.
fn fails_cleanly(edit: impl Fn(String) -> String, expected: &[&str]) {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).assert().success();
    let before = snapshot(&dir.join("report"));
    fs::write(dir.join("data/scores.csv"), edit(valid_scores())).unwrap();

    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(&dir.join("report")), before, "the earlier report changed");
    let leftovers: Vec<_> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 3, "only programme.toml, data and report remain: {leftovers:?}");

    // `check` reports the same problems with the same exit code.
    let check = impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&check.stderr), stderr);
}

#[test]
fn a_missing_id_column_is_named_with_a_suggestion() {
    fails_cleanly(
        |s| s.replacen("participant_id", "participant", 1),
        &["error: data/scores.csv:1: no column `participant_id` (participant id)", "help: did you mean `participant`?"],
    );
}

#[test]
fn a_missing_timepoint_column_is_named() {
    fails_cleanly(
        |s| s.replacen("timepoint", "wave", 1),
        &["error: data/scores.csv:1: no column `timepoint` (timepoint)"],
    );
}

#[test]
fn an_unknown_timepoint_is_located() {
    fails_cleanly(
        |s| s.replacen("P2,post", "P2,mid", 1),
        &[
            "error: data/scores.csv:5:2: timepoint 'mid' is not one of the programme's timepoints",
            "help: timepoints are pre, post",
        ],
    );
}

#[test]
fn a_participant_twice_at_one_timepoint_is_located() {
    fails_cleanly(
        |s| s.replacen("P2,post", "P1,post", 1),
        &["error: data/scores.csv:5:1: participant 'P1' appears twice at timepoint 'post' (first on line 3)"],
    );
}

#[test]
fn a_non_numeric_response_is_located() {
    fails_cleanly(
        |s| s.replacen("P3,pre,4,2,2", "P3,pre,4,2,often", 1),
        &["error: data/scores.csv:6:5: value 'often' is not a number for item scs_sf_3 (SCS-SF item 3)"],
    );
}

#[test]
fn an_out_of_range_response_is_located() {
    fails_cleanly(
        |s| s.replacen("P3,pre,4,2,2", "P3,pre,4,2,7", 1),
        &[
            "error: data/scores.csv:6:5: value 7 is outside 1–5 for item scs_sf_3 (SCS-SF item 3)",
            "help: SCS-SF item 3 answers run from 1–5",
        ],
    );
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    fails_cleanly(
        |s| s.replacen("P3,pre,4,2,2", "P3,pre,4,2,7", 1).replacen("P4,pre,3,3", "P4,pre,0,3", 1),
        &["data/scores.csv:6:5:", "data/scores.csv:8:3:", "2 problems found"],
    );
}

#[test]
fn a_missing_item_column_suggests_the_nearest_header() {
    fails_cleanly(
        |s| s.replacen("scs_sf_12", "scs_sf12", 1),
        &["error: data/scores.csv:1: no column `scs_sf_12` (SCS-SF item 12)", "help: did you mean `scs_sf12`?"],
    );
}

#[test]
fn an_empty_file_is_reported() {
    fails_cleanly(|_| String::new(), &["error: data/scores.csv: the file is empty"]);
}

#[test]
fn a_header_only_file_is_reported() {
    fails_cleanly(
        |s| s.lines().next().unwrap().to_string() + "\n",
        &["error: data/scores.csv: the file has a header but no responses"],
    );
}

#[test]
fn a_ragged_row_is_located() {
    fails_cleanly(
        |s| s.replacen("P2,pre,3,", "P2,pre,", 1),
        &["error: data/scores.csv:4: the row has 13 fields but the header has 14"],
    );
}

#[test]
fn a_byte_order_mark_and_stray_spaces_in_the_header_are_accepted() {
    let scores = valid_scores().replacen(
        "participant_id,timepoint,scs_sf_1",
        "\u{feff}participant_id , timepoint,  scs_sf_1",
        1,
    );
    let (_tmp, dir) = programme(PROGRAMME, &scores);
    impact().arg("build").arg(&dir).assert().success();
    assert!(dir.join("report/results.json").is_file());
}

/// A broken programme.toml: exit 1 naming programme.toml and the line, nothing written.
fn config_fails(toml: &str, expected: &[&str]) {
    let (_tmp, dir) = programme(toml, &valid_scores());
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
    assert!(!dir.join("report").exists());
}

#[test]
fn an_unknown_key_in_programme_toml_names_its_line() {
    config_fails(
        &PROGRAMME.replace("template = \"schools\"", "template = \"schools\"\ncolour = \"blue\""),
        &["error: programme.toml:4:1:", "colour"],
    );
}

#[test]
fn a_wrong_type_in_programme_toml_names_its_line() {
    config_fails(&PROGRAMME.replace("[data]", "[data]\ntimepoints = \"pre, post\""), &["error: programme.toml:6:"]);
}

#[test]
fn a_missing_data_file_names_the_key_and_line() {
    config_fails(
        &PROGRAMME.replace("data/scores.csv", "data/answers.csv"),
        &["error: programme.toml:6:10: `scores` names data/answers.csv, which does not exist"],
    );
}

#[test]
fn an_unknown_instrument_suggests_the_nearest() {
    config_fails(
        &PROGRAMME.replace("\"scs-sf\"", "\"scs-fs\""),
        &["error: programme.toml:8:1: 'scs-fs' is not a built-in instrument", "did you mean"],
    );
}

#[test]
fn a_usage_error_exits_with_2() {
    let output = impact().args(["build"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = impact().args(["frobnicate"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}
