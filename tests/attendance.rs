//! Attendance end to end: long and wide files, the completion rule, dose–response against R,
//! small-cell suppression, and every attendance problem (exit 1, located, nothing written) or
//! warning.

// R's 17-digit output is pasted verbatim.
#![allow(clippy::excessive_precision)]

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{impact, snapshot};
use serde_json::{Value, json};

const PROGRAMME: &str = r#"[programme]
title = "Attendance test"
template = "schools"
planned_sessions = 8

[data]
scores = "data/scores.csv"
attendance = "data/attendance.csv"

[[measures]]
label = "Wellbeing"
column = "wellbeing"
better = "higher"
"#;

/// Sessions attended and change per person: the "ties" case of tests/data/spearman/reference.R.
const SESSIONS: [usize; 12] = [8, 6, 7, 5, 8, 3, 4, 8, 6, 7, 5, 8];
const CHANGES: [f64; 12] = [0.5, 0.2, 0.4, -0.1, 0.6, -0.3, 0.0, 0.45, 0.25, 0.3, 0.1, 0.55];

fn id(i: usize) -> String {
    format!("Q{:02}", i + 1)
}

fn scores() -> String {
    let mut text = String::from("participant_id,timepoint,wellbeing\n");
    for (i, change) in CHANGES.iter().enumerate() {
        text.push_str(&format!("{},pre,3\n{},post,{}\n", id(i), id(i), 3.0 + change));
    }
    text
}

/// Person `i` came to the first `SESSIONS[i]` sessions, except that a person who came to fewer than
/// 8 missed session 1 and came to the last one (so stopping is not always at the end).
fn came(i: usize, session: usize) -> bool {
    let n = SESSIONS[i];
    if n == 8 { true } else { (2..=n + 1).contains(&session) }
}

fn long() -> String {
    let mut text = String::from("participant_id,session,attended\n");
    for i in 0..SESSIONS.len() {
        for s in 1..=8 {
            text.push_str(&format!("{},{s},{}\n", id(i), if came(i, s) { "yes" } else { "no" }));
        }
    }
    text
}

fn wide() -> String {
    let mut text = String::from("participant_id,s1,s2,s3,s4,s5,s6,s7,s8\n");
    for i in 0..SESSIONS.len() {
        let cells: Vec<&str> = (1..=8).map(|s| if came(i, s) { "1" } else { "0" }).collect();
        text.push_str(&format!("{},{}\n", id(i), cells.join(",")));
    }
    text
}

fn folder(programme: &str, attendance: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), programme).unwrap();
    fs::write(dir.join("data/scores.csv"), scores()).unwrap();
    fs::write(dir.join("data/attendance.csv"), attendance).unwrap();
    (tmp, dir)
}

fn results(dir: &Path) -> Value {
    impact().arg("build").arg(dir).assert().success();
    serde_json::from_str(&fs::read_to_string(dir.join("report/results.json")).unwrap()).unwrap()
}

fn close(label: &str, actual: &Value, expected: f64) {
    let actual = actual.as_f64().unwrap_or_else(|| panic!("{label}: {actual} is not a number"));
    let err = ((actual - expected) / expected).abs();
    assert!(err <= 1e-9, "{label}: got {actual:e}, expected {expected:e}");
}

#[test]
fn long_and_wide_attendance_give_the_same_results() {
    let (_a, long_dir) = folder(PROGRAMME, &long());
    let (_b, wide_dir) = folder(PROGRAMME, &wide());
    let (long, wide) = (results(&long_dir), results(&wide_dir));
    assert_eq!(long, wide);
    let a = &long["attendance"];
    assert_eq!(a["participants"], 12);
    assert_eq!(a["per_session"][0], json!({"session": 1, "attended": 4, "rate": 4.0 / 12.0}));
    assert_eq!(a["sessions_attended"][8], json!({"sessions": 8, "participants": 4}));
    // People who came to sessions 2..=n+1 stopped after session n + 1: 4, 5, 6, 6, 7, 7.
    let stopped: Vec<u64> =
        a["stopped_after"].as_array().unwrap().iter().map(|s| s["participants"].as_u64().unwrap()).collect();
    assert_eq!(stopped, [0, 0, 0, 1, 1, 2, 2]);
    assert_eq!(a["mean_sessions"], json!(75.0 / 12.0));
}

#[test]
fn the_completion_rule_takes_a_share_or_a_count() {
    let completers = |completion: &str| {
        let programme = format!("{PROGRAMME}\n[analysis]\ncompletion = {completion}\n");
        let (_tmp, dir) = folder(&programme, &long());
        let r = results(&dir);
        (r["attendance"]["completers"].as_u64().unwrap(), r["attendance"]["completion"].clone())
    };
    // The default share 0.75 of 8 is 6 sessions: 8, 6, 7, 8, 8, 6, 7, 8.
    let (n, rule) = completers("0.75");
    assert_eq!((n, rule), (8, json!({"rule": "share", "value": 0.75, "sessions": 6})));
    // A share that is not a whole number of sessions rounds up: 0.6 × 8 = 4.8 → 5.
    assert_eq!(completers("0.6").0, 10);
    // A count: at least 7 sessions.
    let (n, rule) = completers("7");
    assert_eq!((n, rule), (6, json!({"rule": "count", "value": 7.0, "sessions": 7})));
    // 1 is a share (every session), not a count of one.
    assert_eq!(completers("1").0, 4);
}

#[test]
fn a_completion_count_above_the_planned_sessions_is_an_error() {
    let (_tmp, dir) = folder(&format!("{PROGRAMME}\n[analysis]\ncompletion = 9\n"), &long());
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: programme.toml:16:14: `completion` asks for 9 sessions, but there are 8"),
        "{stderr}"
    );
}

#[test]
fn dose_response_matches_r_and_hides_small_groups() {
    let (_tmp, dir) = folder(PROGRAMME, &wide());
    let r = results(&dir);
    let dose = &r["dose"][0];
    assert_eq!(dose["n"], 12);
    // R: cor.test(x, y, method = "spearman", exact = FALSE) and the Fisher-z interval; see
    // tests/data/spearman/reference.R ("ties").
    close("rho", &dose["spearman"]["rho"], 0.96627206464456605);
    close("p", &dose["spearman"]["p"], 3.2480913916787056e-07);
    close("ci lower", &dose["spearman"]["ci"][0], 0.87642753876729418);
    close("ci upper", &dose["spearman"]["ci"][1], 0.99110396803803336);
    // 4 non-completers (5, 3, 4, 5 sessions) are fewer than min_cell = 5: both means withheld.
    assert_eq!(dose["groups_shown"], false);
    assert_eq!(dose["completers"], json!({"n": null, "mean": null, "sd": null}));
    assert_eq!(dose["non_completers"], json!({"n": null, "mean": null, "sd": null}));
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("<td>fewer than 5</td>"), "the groups show as fewer than 5");
    assert!(html.contains("people who came to more sessions improved more (ρ = 0.97"), "the sentence");

    // With min_cell = 4 both groups are shown.
    let (_tmp, dir) = folder(&format!("{PROGRAMME}\n[analysis]\nmin_cell = 4\n"), &wide());
    let r = results(&dir);
    let dose = &r["dose"][0];
    assert_eq!(dose["groups_shown"], true);
    assert_eq!((dose["completers"]["n"].clone(), dose["non_completers"]["n"].clone()), (json!(8), json!(4)));
    let completer_mean = (0.5 + 0.2 + 0.4 + 0.6 + 0.45 + 0.25 + 0.3 + 0.55) / 8.0;
    assert!((dose["completers"]["mean"].as_f64().unwrap() - completer_mean).abs() < 1e-12);
    assert!((dose["non_completers"]["mean"].as_f64().unwrap() - (-0.3 / 4.0)).abs() < 1e-12);
}

#[test]
fn dose_response_needs_ten_pairs() {
    let scores: String = scores()
        .lines()
        .filter(|l| !l.starts_with("Q1") || l.starts_with("participant"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_tmp, dir) = folder(PROGRAMME, &long());
    fs::write(dir.join("data/scores.csv"), scores).unwrap();
    let r = results(&dir);
    assert_eq!(r["dose"][0]["n"], 9);
    assert_eq!(r["dose"][0]["spearman"], Value::Null);
    let warnings = r["warnings"].to_string();
    assert!(
        warnings.contains(
            "9 people were scored at both times; the correlation of attendance with change needs at least 10"
        ),
        "{warnings}"
    );
}

#[test]
fn small_characteristic_groups_show_as_fewer_than_n() {
    let participants = "participant_id,pseudonym,site,role,email,consented\n\
        Q01,Ann,A,Teacher,a@x,yes\nQ02,Bo,A,Teacher,b@x,yes\nQ03,Cy,A,Teacher,c@x,yes\nQ04,Di,A,Teacher,d@x,yes\n\
        Q05,Ed,A,Teacher,e@x,yes\nQ06,Flo,A,Teacher,f@x,yes\nQ07,Gus,B,Teacher,g@x,yes\nQ08,Hal,B,Assistant,h@x,yes\n\
        Q09,Ida,B,Assistant,i@x,yes\nQ10,Jo,C,Assistant,j@x,yes\nQ11,Kit,C,Assistant,k@x,yes\nQ12,Lu,,Teacher,l@x,yes\n\
        Q13,Mo,C,Assistant,m@x,no\n";
    let programme = PROGRAMME.replace("[[measures]]", "participants = \"data/participants.csv\"\n\n[[measures]]");
    let (_tmp, dir) = folder(&programme, &long());
    fs::write(dir.join("data/participants.csv"), participants).unwrap();
    let r = results(&dir);
    let c = &r["characteristics"];
    assert_eq!(c["people"], 12, "the person who did not consent is not described");
    let row = |characteristic: &str, group: &str| {
        c["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["characteristic"] == characteristic && r["group"] == group)
            .cloned()
    };
    assert_eq!(row("site", "A").unwrap()["n"], 6);
    // B (3) and C (2) are too small to be named: they are "Other" (5), which is then hidden
    // because "Not recorded" (1) alone would be.
    assert!(row("site", "B").is_none() && row("site", "C").is_none());
    assert_eq!(row("site", "Other").unwrap()["withheld"], "complement");
    assert_eq!(row("site", "Not recorded").unwrap()["withheld"], "small");
    // Assistant (4) alone would be hidden, so Teacher (8) is hidden with it.
    assert!(row("role", "Assistant").is_none());
    assert_eq!(row("role", "Other").unwrap()["withheld"], "small");
    assert_eq!(row("role", "Teacher").unwrap()["withheld"], "complement");
    // A column with a different value for everyone is not shown at all.
    assert!(row("email", "a@x").is_none());
    assert!(r["warnings"].to_string().contains("column `email` has a different value for most people"));
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("<td>fewer than 5</td>") && html.contains("<td>not shown</td>"));
    assert!(!html.contains("a@x"));
}

#[test]
fn attendance_for_someone_in_no_other_file_is_a_warning() {
    let attendance = long() + "Z99,1,yes\n";
    let (_tmp, dir) = folder(PROGRAMME, &attendance);
    let r = results(&dir);
    let warning =
        "data/attendance.csv:98: this participant is in no other file (data/scores.csv); check the id for a typo";
    assert!(r["warnings"].as_array().unwrap().iter().any(|w| w == warning), "{}", r["warnings"]);
    let check = impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(check.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&check.stdout).contains(&format!("warning: {warning}")));
    assert!(!fs::read_to_string(dir.join("report/index.html")).unwrap().contains("Z99"), "no raw id in the report");
}

#[test]
fn without_planned_sessions_the_highest_session_is_used_with_a_warning() {
    let (_tmp, dir) = folder(&PROGRAMME.replace("planned_sessions = 8\n", ""), &long());
    let r = results(&dir);
    assert_eq!(r["attendance"]["planned_sessions"], 8);
    assert!(
        r["warnings"].to_string().contains("planned_sessions is not set, so the programme is taken to have 8 sessions")
    );
}

/// Build a valid report, break the attendance file with `edit`, build again: exit 1, `expected`
/// on stderr, the earlier report untouched; `check` says the same.
fn fails_cleanly(attendance: &str, edit: impl Fn(String) -> String, expected: &[&str]) {
    let (_tmp, dir) = folder(PROGRAMME, attendance);
    impact().arg("build").arg(&dir).assert().success();
    let before = snapshot(&dir.join("report"));
    fs::write(dir.join("data/attendance.csv"), edit(attendance.to_string())).unwrap();
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    for text in expected {
        assert!(stderr.contains(text), "expected {text:?} in:\n{stderr}");
    }
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(snapshot(&dir.join("report")), before, "the earlier report changed");
    let check = impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&check.stderr), stderr);
}

#[test]
fn a_session_beyond_the_planned_sessions_is_located() {
    fails_cleanly(
        &long(),
        |s| s.replacen("Q01,2,yes", "Q01,9,yes", 1),
        &[
            "error: data/attendance.csv:3:2: session 9 is beyond the 8 planned sessions",
            "help: fix the session number, or set [programme] planned_sessions",
        ],
    );
    fails_cleanly(
        &wide(),
        |s| s.replacen("s8\n", "s8,s9\n", 1).replace('\n', ",0\n").replacen("s9,0\n", "s9\n", 1),
        &["error: data/attendance.csv:1:10: session 9 is beyond the 8 planned sessions"],
    );
}

#[test]
fn the_same_session_twice_with_different_values_is_located() {
    fails_cleanly(
        &long(),
        |s| s + "Q01,2,no\n",
        &[
            "error: data/attendance.csv:98:3: participant 'Q01' has session 2 twice with different values (did not \
             attend here, attended on an earlier row)",
            "help: keep one record per person and session",
        ],
    );
}

#[test]
fn a_value_that_is_not_yes_or_no_is_located() {
    fails_cleanly(
        &long(),
        |s| s.replacen("Q01,2,yes", "Q01,2,maybe", 1),
        &[
            "error: data/attendance.csv:3:3: value 'maybe' is not a yes/no for session 2",
            "help: write whether the person came as 1/0, yes/no",
        ],
    );
    fails_cleanly(
        &wide(),
        |s| s.replacen("Q01,1,1", "Q01,1,x", 1),
        &["error: data/attendance.csv:2:3: value 'x' is not a yes/no for session 2"],
    );
}

#[test]
fn a_file_with_no_sessions_or_a_missing_column_is_explained() {
    fails_cleanly(
        &long(),
        |s| s.replacen("attended", "present", 1),
        &["error: data/attendance.csv:1: no column `attended`"],
    );
    fails_cleanly(
        &wide(),
        |s| s.replacen("s1,s2,s3,s4,s5,s6,s7,s8", "a,b,c,d,e,f,g,h", 1),
        &["the header names no sessions"],
    );
}

#[test]
fn a_consent_that_is_not_yes_or_no_is_located() {
    let programme = PROGRAMME.replace("[[measures]]", "participants = \"data/participants.csv\"\n\n[[measures]]");
    let (_tmp, dir) = folder(&programme, &long());
    fs::write(dir.join("data/participants.csv"), "participant_id,consented\nQ01,yes\nQ02,perhaps\n").unwrap();
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: data/participants.csv:3:2: value 'perhaps' is not a yes/no for consented"),
        "{stderr}"
    );
    assert!(!dir.join("report").exists());
}

#[test]
fn the_example_shows_no_raw_id_from_any_file() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compassion-in-schools");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    impact().arg("build").arg(&example).arg("--out").arg(&out).assert().success();
    let mut ids = Vec::new();
    for file in ["participants.csv", "attendance.csv"] {
        let text = fs::read_to_string(example.join("data").join(file)).unwrap();
        ids.extend(text.lines().skip(1).filter_map(|l| l.split(',').next().map(String::from)));
    }
    assert!(ids.len() > 20);
    // The PDF's compressed streams hold arbitrary bytes ("T02" turns up by chance), so only the
    // text files are searched.
    for (path, bytes) in snapshot(&out).into_iter().filter(|(p, _)| p.extension().is_none_or(|e| e != "pdf")) {
        let text = String::from_utf8_lossy(&bytes);
        for id in &ids {
            assert!(!text.contains(id.as_str()), "{} contains the id {id}", path.display());
        }
    }
}
