//! Every number a user types, pushed to its extremes, and every reader fed one bad file saved
//! with LF, CRLF and CR line ends.
//!
//! - Each numeric key of programme.toml and of an instrument file gets 0, -1, u64::MAX,
//!   4000000000, i32::MIN, i32::MAX, NaN, ±inf and 1e308: the run ends with exit 1 and errors
//!   that each name a line, or with a valid report; never a panic, an abort or a signal.
//! - The same bad data file gives the same messages, with the same lines, whatever its line ends
//!   (Excel on Windows saves CRLF; the csv crate's own line count is wrong for it).

mod common;

use std::fs;
use std::path::Path;
use std::process::Output;

use common::impact;

const BASE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile/base");

const EXTREMES: [&str; 11] = [
    "0",
    "-1",
    "18446744073709551615",
    "4000000000",
    "-2147483648",
    "2147483647",
    "nan",
    "inf",
    "-inf",
    "1e308",
    "-1e308",
];

/// A copy of the hostile catalogue's valid programme.
fn base() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::copy(Path::new(BASE).join("programme.toml"), dir.join("programme.toml")).unwrap();
    for entry in fs::read_dir(Path::new(BASE).join("data")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join("data").join(entry.file_name())).unwrap();
    }
    (tmp, dir)
}

/// Replace the first `from` in the file at `path` by `to`.
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Whether every `error:` line of `stderr` names a file and a line: `error: FILE:LINE…: …`.
fn every_error_located(stderr: &str) -> bool {
    let errors: Vec<&str> = stderr.lines().filter_map(|l| l.strip_prefix("error: ")).collect();
    !errors.is_empty()
        && errors.iter().all(|error| {
            let location = error.split(": ").next().unwrap_or("");
            let mut parts = location.split(':').skip(1);
            parts.next().is_some_and(|row| !row.is_empty() && row.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Run `check`, and `build` when it passes: a panic, an abort or a signal fails; exit 1 must
/// come with located errors, exit 0 with a report.
fn assert_sane(dir: &Path, what: &str) -> Output {
    let check = impact().arg("check").arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    let code = check.status.code();
    assert!(code.is_some(), "{what}: ended by a signal ({:?}):\n{stderr}", check.status);
    assert!(!stderr.contains("panicked") && code != Some(101), "{what}: panicked:\n{stderr}");
    match code {
        Some(1) => assert!(every_error_located(&stderr), "{what}: an error without a line:\n{stderr}"),
        Some(0) => {
            let build = impact().arg("build").arg(dir).output().unwrap();
            let built = String::from_utf8_lossy(&build.stderr);
            assert_eq!(build.status.code(), Some(0), "{what}: `check` passed but `build` did not:\n{built}");
            for file in ["index.html", "report.pdf", "results.json"] {
                assert!(dir.join("report").join(file).is_file(), "{what}: no report/{file}");
            }
        }
        other => panic!("{what}: exit {other:?}:\n{stderr}"),
    }
    check
}

/// Where each numeric key of programme.toml goes in the base programme: the text replaced and
/// what replaces it, `{}` standing for the value.
const PROGRAMME_KEYS: [(&str, &str, &str); 8] = [
    ("planned_sessions", "planned_sessions = 6", "planned_sessions = {}"),
    ("confidence", "[privacy]", "[analysis]\nconfidence = {}\n\n[privacy]"),
    ("max_missing", "[privacy]", "[analysis]\nmax_missing = {}\n\n[privacy]"),
    ("min_cell", "[privacy]", "[analysis]\nmin_cell = {}\n\n[privacy]"),
    ("completion", "[privacy]", "[analysis]\ncompletion = {}\n\n[privacy]"),
    ("enrolled", "[privacy]", "[flow]\nenrolled = {}\n\n[privacy]"),
    ("labels", "prefix = \"swemwbs_\"", "prefix = \"swemwbs_\"\nlabels = { \"Often\" = {} }"),
    (
        "reliability",
        "[privacy]",
        "[[measures]]\nlabel = \"Item one\"\ncolumn = \"swemwbs_1\"\nbetter = \"higher\"\nreliability = {}\n\n[privacy]",
    ),
];

#[test]
fn extreme_values_in_programme_toml_are_refused_or_harmless() {
    let mut reports = 0;
    for (key, from, to) in PROGRAMME_KEYS {
        for value in EXTREMES {
            let (_tmp, dir) = base();
            edit(&dir.join("programme.toml"), from, &to.replace("{}", value));
            reports += usize::from(assert_sane(&dir, &format!("programme.toml {key} = {value}")).status.success());
        }
    }
    // `max_missing = 0` and `reliability = 0` are allowed: the reports were built and checked.
    assert_eq!(reports, 2, "reports built");
}

/// A custom instrument shaped like the SWEMWBS (seven items answered 1–5), with a band, a
/// cut-off, a change threshold and a conversion table, so every numeric key is present.
const INSTRUMENT: &str = r#"id = "custom"
name = "Custom wellbeing"
short_name = "CW"
citation = "Nobody (2000)."
items = 7
min = 1
max = 5
reverse = [2]
max_missing = 0.2
labels = { "Often" = 4 }

[[scales]]
id = "total"
label = "Custom wellbeing"
items = [1, 2, 3, 4, 5, 6, 7]
score = "sum"
better = "higher"
reliability = 0.8
change_threshold = 3
bands = [{ label = "low", min = 7, max = 20 }]
cutoffs = [{ name = "caseness", op = "<", value = 18 }]

[scales.transform]
first_raw = 7
values = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35]
"#;

/// Each numeric key of the instrument file: the text replaced (`{}` standing for the value).
const INSTRUMENT_KEYS: [(&str, &str); 14] = [
    ("items = 7", "items = {}"),
    ("min = 1\n", "min = {}\n"),
    ("max = 5\n", "max = {}\n"),
    ("reverse = [2]", "reverse = [{}]"),
    ("max_missing = 0.2", "max_missing = {}"),
    ("\"Often\" = 4", "\"Often\" = {}"),
    ("items = [1, 2,", "items = [{}, 2,"),
    ("reliability = 0.8", "reliability = {}"),
    ("change_threshold = 3", "change_threshold = {}"),
    ("min = 7,", "min = {},"),
    ("max = 20", "max = {}"),
    ("value = 18", "value = {}"),
    ("first_raw = 7", "first_raw = {}"),
    ("values = [7,", "values = [{},"),
];

#[test]
fn extreme_values_in_an_instrument_file_are_refused_or_harmless() {
    let (_tmp, dir) = base();
    edit(&dir.join("programme.toml"), "instrument = \"swemwbs\"", "instrument = \"custom.toml\"");
    fs::write(dir.join("custom.toml"), INSTRUMENT).unwrap();
    assert_eq!(assert_sane(&dir, "the custom instrument").status.code(), Some(0), "the base instrument is valid");
    let mut reports = 0;
    for (from, to) in INSTRUMENT_KEYS {
        for value in EXTREMES {
            let text = INSTRUMENT.replacen(from, &to.replace("{}", value), 1);
            assert_ne!(text, INSTRUMENT, "{from:?} is not in the instrument");
            fs::write(dir.join("custom.toml"), text).unwrap();
            reports +=
                usize::from(assert_sane(&dir, &format!("instrument {}", to.replace("{}", value))).status.success());
        }
    }
    assert!(reports >= 5, "only {reports} of the extreme values made a report");
}

#[test]
fn the_most_an_instrument_may_ask_for_is_refused_just_beyond() {
    let (_tmp, dir) = base();
    edit(&dir.join("programme.toml"), "instrument = \"swemwbs\"", "instrument = \"custom.toml\"");
    let cases = [
        ("items = 7", "items = 1001", "line 5, column 9: `items` is 1001; an instrument has 1 to 1000 items"),
        ("min = 1\n", "min = -1001\n", "line 6, column 7: `min` is -1001; responses lie from -1000 to 1000"),
        ("max = 5\n", "max = 252\n", "line 7, column 7: responses may span at most 250 points"),
        ("reverse = [2]", "reverse = [2, 2]", "line 8, column 15: reverse lists item 2 twice"),
        ("items = [1, 2,", "items = [1, 1, 2,", "line 15, column 13: scale 'total' lists item 1 twice"),
    ];
    for (from, to, message) in cases {
        fs::write(dir.join("custom.toml"), INSTRUMENT.replacen(from, to, 1)).unwrap();
        let output = assert_sane(&dir, to);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(message), "{to}: expected {message:?} in:\n{stderr}");
    }
}

/// One bad edit per reader, and what its message must say (with the line it names).
const BAD_FILES: [(&str, &str, &str, &str); 6] = [
    ("scores.csv", "stf-1004,pre,4", "stf-1004,pre,often", "error: data/scores.csv:8:3: value 'often'"),
    ("scores.csv", "stf-1008,pre", "stf-1007,pre", "(first on line 14)"),
    ("attendance.csv", "stf-1002,1,1,0", "stf-1002,1,1,maybe", "error: data/attendance.csv:3:4: value 'maybe'"),
    (
        "participants.csv",
        "stf-1008,Noor",
        "stf-1007,Noor",
        "error: data/participants.csv:9:1: participant 'stf-1007' is listed twice (first on line 8)",
    ),
    (
        "codebook.csv",
        "team,Closer as a team,,Looking out for colleagues",
        "team,Closer as a team,,Looking out for colleagues\npause,Another theme,,",
        "error: data/codebook.csv:5:1: code 'pause' is listed twice (first on line 2)",
    ),
    (
        "excerpts.csv",
        "stf-1004,diary,4,pause",
        "stf-1004,diary,4,paws",
        "error: data/excerpts.csv:5:4: code 'paws' is not in the codebook",
    ),
];

#[test]
fn every_reader_names_the_same_line_whatever_the_line_ends() {
    for (file, from, to, message) in BAD_FILES {
        let mut seen: Vec<(&str, String)> = Vec::new();
        for (ends, end) in [("LF", "\n"), ("CRLF", "\r\n"), ("CR", "\r")] {
            let (_tmp, dir) = base();
            edit(&dir.join("data").join(file), from, to);
            for entry in fs::read_dir(dir.join("data")).unwrap() {
                let path = entry.unwrap().path();
                let text = fs::read_to_string(&path).unwrap();
                fs::write(&path, text.replace('\n', end)).unwrap();
            }
            let output = impact().arg("check").arg(&dir).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert_eq!(output.status.code(), Some(1), "{file} ({ends}):\n{stderr}");
            assert!(stderr.contains(message), "{file} ({ends}): expected {message:?} in:\n{stderr}");
            seen.push((ends, stderr));
        }
        for (ends, stderr) in &seen[1..] {
            assert_eq!(stderr, &seen[0].1, "{file}: {ends} and LF give different messages");
        }
    }
}

#[test]
fn a_blank_line_does_not_shift_the_lines_after_it() {
    for end in ["\n", "\r\n"] {
        let (_tmp, dir) = base();
        let path = dir.join("data/attendance.csv");
        let text = fs::read_to_string(&path).unwrap().replacen("stf-1002,1,1,0", "stf-1002,1,1,maybe", 1);
        let text = text.replacen('\n', "\n\n", 1).replace('\n', end);
        fs::write(&path, text).unwrap();
        let output = impact().arg("check").arg(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("error: data/attendance.csv:4:4: value 'maybe'"), "{end:?}:\n{stderr}");
    }
}

#[test]
fn the_most_programme_toml_may_ask_for_is_allowed_and_one_more_is_not() {
    let title = |n: usize| format!("title = \"{}\"", "t".repeat(n));
    let timepoints = |n: usize| {
        let rest: String = (3..=n).map(|i| format!(", \"t{i}\"")).collect();
        format!("[data]\ntimepoints = [\"pre\", \"post\"{rest}]")
    };
    let cases = [
        ("planned_sessions = 6", "planned_sessions = 500".to_string(), "planned_sessions = 501".to_string()),
        ("title = \"Staff wellbeing pilot\"", title(300), title(301)),
        ("[data]", timepoints(20), timepoints(21)),
        ("[privacy]", "[analysis]\nmin_cell = 1000\n[privacy]".into(), "[analysis]\nmin_cell = 1001\n[privacy]".into()),
        (
            "[privacy]",
            "[analysis]\nconfidence = 0.999\n[privacy]".into(),
            "[analysis]\nconfidence = 0.9991\n[privacy]".into(),
        ),
        ("[privacy]", "[analysis]\nmin_cell = 1\n[privacy]".into(), "[analysis]\nmin_cell = 0\n[privacy]".into()),
        ("[privacy]", "[flow]\nenrolled = 1000000\n[privacy]".into(), "[flow]\nenrolled = 1000001\n[privacy]".into()),
    ];
    for (from, most, beyond) in cases {
        for (to, code) in [(&most, 0), (&beyond, 1)] {
            let (_tmp, dir) = base();
            edit(&dir.join("programme.toml"), from, to);
            let output = impact().arg("check").arg(&dir).output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(code), "{to}:\n{stderr}");
            assert!(code == 0 || every_error_located(&stderr), "{to}: an error without a line:\n{stderr}");
        }
    }
}
