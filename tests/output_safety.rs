//! Where `build` writes: only inside the chosen output folder, never over a folder that is not an
//! earlier report, never into the inputs, and the report folder replaced as a whole.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{PROGRAMME, impact, programme, snapshot, valid_scores};

/// Every path below `dir` (folders too), relative and sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            out.push(path.strip_prefix(dir).unwrap().to_path_buf());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    out.sort();
    out
}

/// `build DIR --out OUT` is refused with exit 2 and changes nothing under the temporary root.
fn refused(out: impl Fn(&Path) -> PathBuf, expected: &str) {
    let (tmp, dir) = programme(PROGRAMME, &valid_scores());
    let out = out(&dir);
    let before = snapshot(tmp.path());
    let output = impact().arg("build").arg(&dir).arg("--out").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    assert!(stderr.contains("help: give --out a new folder"), "{stderr}");
    assert_eq!(snapshot(tmp.path()), before, "something changed");
}

#[test]
fn the_programme_folder_itself_is_not_replaced() {
    refused(|dir| dir.to_path_buf(), "is not a report folder (it holds ");
}

#[test]
fn the_data_folder_is_not_replaced() {
    refused(|dir| dir.join("data"), "is not a report folder (it holds scores.csv)");
}

#[test]
fn a_folder_of_other_files_is_not_replaced() {
    refused(
        |dir| {
            let mine = dir.parent().unwrap().join("Documents");
            fs::create_dir_all(mine.join("figures")).unwrap();
            fs::write(mine.join("figures/holiday.jpg"), b"not a chart").unwrap();
            mine
        },
        "is not a report folder (it holds figures)",
    );
}

#[test]
fn a_file_is_not_replaced() {
    refused(
        |dir| {
            let file = dir.join("notes.txt");
            fs::write(&file, "my notes").unwrap();
            file
        },
        "is a file, not a report folder",
    );
}

#[test]
fn a_new_output_folder_is_the_only_thing_written() {
    let (tmp, dir) = programme(PROGRAMME, &valid_scores());
    let before = listing(tmp.path());
    let out = tmp.path().join("reports/2025/spring");
    impact().arg("build").arg(&dir).arg("--out").arg(&out).assert().success();
    let added: Vec<PathBuf> = listing(tmp.path()).into_iter().filter(|p| !before.contains(p)).collect();
    assert!(added.iter().all(|p| p.starts_with("reports")), "written outside the output folder: {added:?}");
    assert!(out.join("index.html").is_file() && out.join("results.json").is_file());
    assert!(!dir.join("report").exists(), "the default folder was not made");
}

#[test]
fn an_earlier_report_is_replaced_as_a_whole() {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    // A chart left from an earlier version of the programme does not linger.
    fs::write(dir.join("report/figures/old-chart.svg"), "<svg/>").unwrap();
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    assert!(!dir.join("report/figures/old-chart.svg").exists());
    assert!(dir.join("report/index.html").is_file());
    let names = listing(&dir);
    assert!(names.iter().all(|p| !p.to_string_lossy().contains("partial")), "staging left: {names:?}");
}

/// An instrument file whose ids try to climb out of the report folder: every file lands inside.
#[test]
fn names_from_an_instrument_file_stay_inside_the_report() {
    let instrument = r#"id = "../../../escape"
name = "Climbing instrument"
short_name = "../../x"
citation = "Invented for a test."
items = 3
min = 1
max = 5
reverse = []

[[scales]]
id = "../../total/../../up"
label = "../../label"
items = [1, 2, 3]
score = "sum"
better = "higher"
"#;
    let programme_toml = r#"[programme]
title = "Paths"
template = "workplace"

[data]
scores = "data/scores.csv"

[[measures]]
instrument = "instruments/climb.toml"
prefix = "c_"
"#;
    let scores = "participant_id,timepoint,c_1,c_2,c_3\nA1,pre,1,2,3\nA1,post,2,3,4\nA2,pre,2,2,2\nA2,post,3,3,4\n\
                  A3,pre,3,2,1\nA3,post,4,4,2\n";
    let (tmp, dir) = programme(programme_toml, scores);
    fs::create_dir_all(dir.join("instruments")).unwrap();
    fs::write(dir.join("instruments/climb.toml"), instrument).unwrap();
    let before = listing(tmp.path());
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let added: Vec<PathBuf> = listing(tmp.path()).into_iter().filter(|p| !before.contains(p)).collect();
    assert!(
        added.iter().all(|p| p.starts_with("programme/report")),
        "written outside the report folder: {added:?}\n{stderr}"
    );
    if output.status.success() {
        let figures = listing(&dir.join("report/figures"));
        assert!(figures.iter().all(|p| p.components().count() == 1), "{figures:?}");
    }
}
