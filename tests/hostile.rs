//! The catalogue of hostile and broken inputs: one folder per case under `tests/hostile/cases/`.
//!
//! Every case starts from the valid programme in `tests/hostile/base/`, builds a report from it,
//! then changes one thing and builds again. `case.toml` says what the case is and what must
//! happen:
//!
//! ```toml
//! about = "one line for the catalogue"
//! expect = "error"            # error: exit 1, nothing written, the earlier report untouched
//!                             # report: exit 0, a report that is still right (often with a warning)
//! messages = ["data/scores.csv:4:3: …"]   # each must appear on standard error
//! remove = ["data/attendance.csv"]        # base files the case deletes
//! generate = "nul_bytes"                  # a file too big or too odd to keep in git (see below)
//! edits = [["data/scores.csv", "from", "to"]]   # text replaced in a base file
//! report_has = ["…"]          # report: text index.html must contain
//! report_lacks = ["…"]        # report: text no file of the report may contain
//! html_lacks = ["<script"]   # report: markup index.html and the SVG charts may not contain
//! pdf_has = ["…"]             # report: text report.pdf must show
//! json = { "/outcomes/0/n_pairs" = 7 }    # report: values in results.json
//! json_null = ["/outcomes/0/t"]           # report: values results.json leaves null
//! ```
//!
//! Files in the case folder replace the base's. For every case: nothing panics, standard error
//! stays short, the input files are not modified, `check` exits as `build` does, and — when a
//! report is written — no raw participant id, e-mail address or redacted name appears anywhere
//! in it.

mod common;
mod qdpx_fixture;

use std::fs;
use std::path::{Path, PathBuf};

use common::{impact, private_texts, report_texts, snapshot};
use serde_json::Value;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/hostile");

/// What a case's `case.toml` says.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    about: String,
    expect: Expect,
    #[serde(default)]
    messages: Vec<String>,
    #[serde(default)]
    remove: Vec<String>,
    generate: Option<String>,
    #[serde(default)]
    edits: Vec<[String; 3]>,
    #[serde(default)]
    report_has: Vec<String>,
    #[serde(default)]
    report_lacks: Vec<String>,
    #[serde(default)]
    html_lacks: Vec<String>,
    #[serde(default)]
    pdf_has: Vec<String>,
    #[serde(default)]
    json: toml::Table,
    #[serde(default)]
    json_null: Vec<String>,
}

#[derive(Debug, PartialEq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Expect {
    Error,
    Report,
}

/// Standard error stays readable whatever the input (a 1 MB cell is not echoed back).
const MAX_STDERR: usize = 8_000;

fn run(name: &str) {
    let folder = Path::new(ROOT).join("cases").join(name);
    let case: Case = toml::from_str(&fs::read_to_string(folder.join("case.toml")).expect("case.toml"))
        .unwrap_or_else(|e| panic!("{name}/case.toml: {e}"));
    assert!(!case.about.is_empty());

    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    copy_tree(&Path::new(ROOT).join("base"), &dir);
    let earlier = impact().arg("build").arg(&dir).args(["--format", "html,json"]).output().unwrap();
    assert!(earlier.status.success(), "the base builds: {}", String::from_utf8_lossy(&earlier.stderr));
    let earlier_report = snapshot(&dir.join("report"));

    for file in &case.remove {
        fs::remove_file(dir.join(file)).unwrap_or_else(|e| panic!("{name}: remove {file}: {e}"));
    }
    for [file, from, to] in &case.edits {
        let text = fs::read_to_string(dir.join(file)).unwrap();
        assert!(text.contains(from.as_str()), "{name}: {file} has no {from:?}");
        fs::write(dir.join(file), text.replacen(from.as_str(), to, 1)).unwrap();
    }
    copy_tree_except(&folder, &dir, "case.toml");
    if let Some(generator) = &case.generate {
        generate(generator, &dir);
    }
    let inputs = inputs(&dir);

    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Shown with `cargo test --test hostile -- --nocapture`: every case's messages.
    println!("── {name}: exit {:?}\n{stderr}", output.status.code());
    assert!(!stderr.contains("panicked") && output.status.code() != Some(101), "{name} panicked:\n{stderr}");
    assert!(stderr.len() <= MAX_STDERR, "{name}: {} bytes on standard error", stderr.len());
    for text in &case.messages {
        assert!(stderr.contains(text.as_str()), "{name}: expected {text:?} in:\n{stderr}");
    }
    assert_eq!(inputs, self::inputs(&dir), "{name}: an input file changed");
    let leftovers: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{name}: staging left behind: {leftovers:?}");

    match case.expect {
        Expect::Error => {
            assert_eq!(output.status.code(), Some(1), "{name}: expected exit 1:\n{stderr}");
            assert!(stderr.contains("error: "), "{name}:\n{stderr}");
            assert!(stderr.contains("nothing was written"), "{name}:\n{stderr}");
            assert_eq!(snapshot(&dir.join("report")), earlier_report, "{name}: the earlier report changed");
        }
        Expect::Report => {
            assert_eq!(output.status.code(), Some(0), "{name}: expected a report:\n{stderr}");
            check_report(name, &case, &dir);
        }
    }
    let check = impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(check.status.code(), output.status.code(), "{name}: `check` and `build` disagree");
}

/// The report is complete, keeps private things out, and shows what the case asks for.
fn check_report(name: &str, case: &Case, dir: &Path) {
    let report = dir.join("report");
    for file in ["index.html", "report.pdf", "results.json"] {
        assert!(report.join(file).is_file(), "{name}: no {file}");
    }
    let private = private_texts(dir);
    for (file, text) in report_texts(&report) {
        for secret in private.iter().chain(&case.report_lacks) {
            assert!(!text.contains(secret.as_str()), "{name}: {secret:?} appears in {}", file.display());
        }
        let markup = file.extension().is_some_and(|e| e == "html" || e == "svg");
        for tag in case.html_lacks.iter().filter(|_| markup) {
            assert!(!text.contains(tag.as_str()), "{name}: {tag:?} appears in {}", file.display());
        }
        if file.as_os_str() == "report.pdf" {
            for shown in &case.pdf_has {
                assert!(text.contains(shown.as_str()), "{name}: report.pdf lacks {shown:?}:\n{text}");
            }
        }
    }
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    for text in &case.report_has {
        assert!(html.contains(text.as_str()), "{name}: index.html lacks {text:?}");
    }
    let results: Value = serde_json::from_slice(&fs::read(report.join("results.json")).unwrap()).unwrap();
    for (pointer, expected) in &case.json {
        let found = results.pointer(pointer).unwrap_or_else(|| panic!("{name}: results.json has no {pointer}"));
        let expected: Value = serde_json::to_value(expected).unwrap();
        assert_eq!(found, &expected, "{name}: results.json {pointer}");
    }
    for pointer in &case.json_null {
        assert_eq!(results.pointer(pointer), Some(&Value::Null), "{name}: results.json {pointer} is not null");
    }
}

/// Files too big or too odd to keep in git, written into the programme folder `dir`.
fn generate(generator: &str, dir: &Path) {
    let scores = dir.join("data/scores.csv");
    let base_scores = fs::read_to_string(&scores).unwrap_or_default();
    match generator {
        // A header of 10,000 columns nobody uses, and rows as wide.
        "ten_thousand_columns" => {
            let mut lines = base_scores.lines();
            let extra: String = (1..=10_000).map(|i| format!(",q{i}")).collect();
            let mut text = format!("{}{extra}\n", lines.next().unwrap());
            let blanks = ",".repeat(10_000);
            for line in lines {
                text.push_str(&format!("{line}{blanks}\n"));
            }
            fs::write(&scores, text).unwrap();
        }
        // One response cell of a megabyte.
        "megabyte_cell" => {
            let cell = "9".repeat(1 << 20);
            fs::write(&scores, base_scores.replacen("stf-1002,pre,3", &format!("stf-1002,pre,{cell}"), 1)).unwrap();
        }
        // One quote of a megabyte: kept, but shortened in the report.
        "megabyte_quote" => {
            let path = dir.join("data/excerpts.csv");
            let text = fs::read_to_string(&path).unwrap();
            let long = "I kept writing. ".repeat(1 << 16);
            fs::write(&path, text.replacen("The break room feels different now.", &long, 1)).unwrap();
        }
        // CRLF, LF and a lone CR (old Mac Excel) in one file.
        "mixed_line_endings" => {
            let ends = ["\r\n", "\n", "\r"];
            let text: String =
                base_scores.lines().enumerate().map(|(i, line)| format!("{line}{}", ends[i % 3])).collect();
            fs::write(&scores, text).unwrap();
        }
        // A workbook (a zip) saved under a .csv name.
        "spreadsheet_named_csv" => {
            fs::write(&scores, qdpx_fixture::zip(&[("xl/workbook.xml", b"<workbook/>".to_vec())])).unwrap();
        }
        // programme.toml with a Latin-1 byte in its title.
        "programme_not_utf8" => {
            let path = dir.join("programme.toml");
            let mut bytes = fs::read(&path).unwrap();
            let at = bytes.windows(5).position(|w| w == b"Staff").unwrap();
            bytes.insert(at, 0xE9);
            fs::write(path, bytes).unwrap();
        }
        // Every participant id an e-mail address, in every file.
        "email_ids" => {
            for file in ["scores.csv", "attendance.csv", "participants.csv", "excerpts.csv"] {
                let path = dir.join("data").join(file);
                let mut text = fs::read_to_string(&path).unwrap();
                for i in 1..=8 {
                    text = text.replace(&format!("stf-100{i}"), &format!("staff.member{i}@example.org"));
                }
                fs::write(path, text).unwrap();
            }
        }
        // NUL bytes inside a response.
        "nul_bytes" => {
            fs::write(&scores, base_scores.replacen("stf-1003,pre,2", "stf-1003,pre,\0\x002", 1)).unwrap();
        }
        // A byte that is not UTF-8 (Windows-1252 é) in a quote: read as Windows-1252, with a note.
        "invalid_utf8" => {
            let path = dir.join("data/excerpts.csv");
            let text = fs::read_to_string(&path).unwrap().replacen("feels different", "feels diff\u{1}rent", 1);
            let bytes: Vec<u8> = text.into_bytes().into_iter().map(|b| if b == 1 { 0xE9 } else { b }).collect();
            fs::write(&path, bytes).unwrap();
        }
        // A REFI-QDA archive cut off half way.
        "qdpx_truncated" => {
            let bytes = qdpx_fixture::qdpx(qdpx_fixture::SPEC);
            fs::write(dir.join("data/coding.qdpx"), &bytes[..bytes.len() / 2]).unwrap();
        }
        // A REFI-QDA archive whose sources point outside the archive.
        "qdpx_escaping_paths" => {
            let xml = qdpx_fixture::project_xml(qdpx_fixture::SPEC)
                .replace("plainTextPath=\"internal://", "plainTextPath=\"internal://../../../../../../etc/hostname#");
            let bytes = qdpx_fixture::zip(&[("project.qde", xml.into_bytes())]);
            fs::write(dir.join("data/coding.qdpx"), bytes).unwrap();
        }
        // A code tree 100,000 levels deep: folded into theme and subtheme, in linear time.
        "qdpx_deep_tree" => {
            let depth = 100_000;
            let nested: String = (0..depth).map(|i| format!("<Code guid=\"deep-{i}\" name=\"Level {i}\">")).collect();
            let xml = qdpx_fixture::project_xml(qdpx_fixture::SPEC).replacen(
                "<CodeBook><Codes>",
                &format!("<CodeBook><Codes>{nested}{}", "</Code>".repeat(depth)),
                1,
            );
            let bytes = qdpx_fixture::zip(&[("project.qde", xml.into_bytes())]);
            fs::write(dir.join("data/coding.qdpx"), bytes).unwrap();
        }
        other => panic!("no generator {other:?}"),
    }
}

/// Every file of the programme folder except the report, with its bytes.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    snapshot(dir).into_iter().filter(|(path, _)| !path.starts_with("report")).collect()
}

fn copy_tree(from: &Path, to: &Path) {
    copy_tree_except(from, to, "");
}

fn copy_tree_except(from: &Path, to: &Path, skip: &str) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_name() == skip {
            continue;
        }
        if entry.path().is_dir() {
            copy_tree_except(&entry.path(), &target, skip);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// One test per case folder; `every_case_is_listed` keeps this list and the folders in step.
macro_rules! catalogue {
    ($($case:ident),* $(,)?) => {
        const LISTED: &[&str] = &[$(stringify!($case)),*];
        $(#[test] fn $case() { run(stringify!($case)); })*
    };
}

#[test]
fn every_case_is_listed() {
    let mut folders: Vec<String> = fs::read_dir(Path::new(ROOT).join("cases"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    let mut listed: Vec<String> = LISTED.iter().map(|s| s.to_string()).collect();
    listed.sort();
    assert_eq!(folders, listed, "tests/hostile/cases and the catalogue! list differ");
    assert!(listed.len() >= 40, "the catalogue holds at least 40 cases");
}

catalogue! {
    absolute_path,
    attendance_bad_value,
    attendance_empty,
    attendance_unknown_person,
    blank_measure_label,
    blank_title,
    codebook_duplicate_code,
    codebook_theme_as_its_own_subtheme,
    confidence_out_of_range,
    control_characters_in_quotes,
    duplicate_column,
    duplicate_participant_timepoint,
    email_addresses_as_ids,
    empty_programme_toml,
    empty_scores,
    every_item_missing,
    excerpt_unknown_code,
    excerpt_unknown_participant,
    fractional_response,
    header_only_scores,
    hostile_pseudonym,
    hostile_quotes,
    hostile_theme_names,
    identical_change,
    invalid_utf8,
    line_breaks_in_theme_names,
    megabyte_cell,
    megabyte_quote,
    missing_file,
    missing_id_column,
    missing_item_column,
    mixed_line_endings,
    nan_and_infinity,
    narrative_hostile_markup,
    narrative_template_error,
    negative_min_cell,
    non_numeric_response,
    nul_bytes,
    one_participant,
    out_of_range_response,
    overflowing_number,
    participants_duplicate_id,
    path_outside_folder,
    programme_toml_not_utf8,
    qdpx_broken_xml,
    qdpx_code_cycle,
    qdpx_deep_tree,
    qdpx_escaping_paths,
    qdpx_not_a_project,
    qdpx_selection_past_end,
    qdpx_truncated,
    ragged_row,
    row_with_all_items_missing,
    single_timepoint,
    spreadsheet_named_csv,
    template_override_include,
    template_path_outside_folder,
    ten_thousand_columns,
    toml_syntax_error,
    unclosed_quote,
    unknown_instrument,
    unknown_key,
    unknown_template,
    unknown_timepoint,
    unshowable_organisation,
    wrong_type,
    zero_variance,
}
