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

/// The names beside the report folder that start with a dot: a build's staging or lock.
fn hidden_beside(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

#[test]
fn a_report_set_aside_by_a_stopped_build_comes_back_even_when_the_next_build_fails() {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    let earlier = snapshot(&dir.join("report"));
    // Killed between setting the earlier report aside and moving the new one in, while writing.
    fs::rename(dir.join("report"), dir.join(".report.old")).unwrap();
    fs::create_dir_all(dir.join(".report.partial-4242/tables")).unwrap();
    fs::write(dir.join(".report.partial-4242/tables/outcomes.csv"), "half").unwrap();
    fs::write(dir.join("data/scores.csv"), "participant_id,timepoint\n").unwrap();
    let output = impact().arg("build").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(snapshot(&dir.join("report")), earlier, "the earlier report is back as it was");
    assert_eq!(hidden_beside(&dir), Vec::<String>::new());
}

#[test]
fn leftovers_beside_a_whole_report_are_removed() {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    for leftover in [".report.old", ".report.old-77", ".report.partial-4242"] {
        fs::create_dir_all(dir.join(leftover).join("figures")).unwrap();
        fs::write(dir.join(leftover).join("index.html"), "stale").unwrap();
    }
    // Not ours: another name, and a file.
    fs::create_dir_all(dir.join(".report.partial-mine")).unwrap();
    fs::write(dir.join(".report.old-9"), "a file").unwrap();
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    let mut left = hidden_beside(&dir);
    left.sort();
    assert_eq!(left, [".report.old-9", ".report.partial-mine"]);
    assert!(fs::read_to_string(dir.join("report/index.html")).unwrap().contains("<html"));
}

#[test]
fn two_builds_at_once_each_end_well_and_leave_one_whole_report() {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    let start = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_impact"))
            .arg("build")
            .arg(&dir)
            .args(["--format", "html,json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    for _ in 0..3 {
        let builds = [start(), start(), start()];
        let outputs: Vec<_> = builds.into_iter().map(|b| b.wait_with_output().unwrap()).collect();
        let codes: Vec<Option<i32>> = outputs.iter().map(|o| o.status.code()).collect();
        let stderr: String = outputs.iter().map(|o| String::from_utf8_lossy(&o.stderr).into_owned()).collect();
        assert!(codes.iter().all(|c| matches!(c, Some(0 | 2))), "{codes:?}\n{stderr}");
        assert!(codes.contains(&Some(0)), "{codes:?}\n{stderr}");
        assert!(!stderr.contains("problem"), "an input problem from a busy output folder:\n{stderr}");
        assert!(dir.join("report/index.html").is_file() && dir.join("report/results.json").is_file());
        assert_eq!(hidden_beside(&dir), Vec::<String>::new());
    }
}

#[test]
fn an_output_folder_that_cannot_be_made_is_an_output_error() {
    let (tmp, dir) = programme(PROGRAMME, &valid_scores());
    // Not even root can make a folder inside a file.
    fs::write(tmp.path().join("notes.txt"), "my notes").unwrap();
    let out = tmp.path().join("notes.txt/report");
    let output = impact().arg("build").arg(&dir).arg("--out").arg(&out).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("notes.txt") && stderr.contains("nothing was written"), "{stderr}");
    assert!(!stderr.contains("problem"), "{stderr}");
}

/// Makes a folder unchangeable even for root (`chattr +i`), and changeable again when dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(folder: &Path) -> Option<Immutable> {
        let done = std::process::Command::new("chattr").arg("+i").arg(folder).output();
        done.is_ok_and(|o| o.status.success()).then(|| Immutable(folder.to_path_buf()))
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr").arg("-i").arg(&self.0).output();
    }
}

#[test]
fn a_read_only_report_folder_is_an_output_error_and_stays_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    let tables = dir.join("report/tables");
    fs::set_permissions(&tables, fs::Permissions::from_mode(0o555)).unwrap();
    let mut _immutable = None;
    if fs::write(tables.join("probe.csv"), "x").is_ok() {
        // Root writes into a read-only folder regardless; an immutable one stops root too.
        fs::remove_file(tables.join("probe.csv")).unwrap();
        _immutable = Immutable::set(&tables);
        if _immutable.is_none() {
            eprintln!("skipped: running as root without chattr, a read-only folder is writable anyway");
            fs::set_permissions(&tables, fs::Permissions::from_mode(0o755)).unwrap();
            return;
        }
    }
    let earlier = snapshot(&dir.join("report"));
    let output = impact().arg("build").arg(&dir).args(["--format", "html,json"]).output().unwrap();
    drop(_immutable.take());
    fs::set_permissions(&tables, fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is read-only") && stderr.contains("report/tables"), "{stderr}");
    assert_eq!(snapshot(&dir.join("report")), earlier);
    assert_eq!(hidden_beside(&dir), Vec::<String>::new());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
}

#[test]
fn a_build_killed_at_any_moment_leaves_a_whole_report_and_the_next_cleans_up() {
    let (_tmp, dir) = programme(PROGRAMME, &valid_scores());
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    let whole = |dir: &Path| {
        let page = fs::read_to_string(dir.join("report/index.html")).unwrap_or_default();
        page.trim_end().ends_with("</html>") && dir.join("report/results.json").is_file()
    };
    for step in 0..16u64 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_impact"))
            .arg("build")
            .arg(&dir)
            .args(["--format", "html,json"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(step * 5));
        let _ = child.kill();
        let _ = child.wait();
        assert!(whole(&dir), "killed after {} ms: no whole report", step * 5);
    }
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    assert!(whole(&dir));
    assert_eq!(hidden_beside(&dir), Vec::<String>::new());
}
