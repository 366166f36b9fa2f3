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
//! symlinks = [["narrative/programme.md", "{outside}/secret.txt"]]   # links made in the folder
//! fifos = ["data/attendance.csv"]         # named pipes made in the folder
//! max_rss_mb = 300                        # the build's peak memory (default 300 MB)
//! max_cpu_seconds = 5                     # the build's CPU time (default 5 s)
//! ```
//!
//! `{outside}` is a folder beside the programme, outside it, holding `secret.txt` (the text
//! `OUTSIDE-SECRET`), a copy of the base's `data/` and the files of the case's own `outside/`
//! folder: nothing of it may reach standard error or a report.
//!
//! Files in the case folder replace the base's. For every case: nothing panics, standard error
//! stays short, the input files are not modified, `check` exits as `build` does, and — when a
//! report is written — no raw participant id, e-mail address or redacted name appears anywhere
//! in it.

mod common;
#[path = "hostile/generate.rs"]
mod generate;
mod qdpx_fixture;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{impact, private_texts, report_texts, snapshot};
use generate::generate;
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
    #[serde(default)]
    symlinks: Vec<[String; 2]>,
    #[serde(default)]
    fifos: Vec<String>,
    #[serde(default = "default_rss_mb")]
    max_rss_mb: u64,
    #[serde(default = "default_cpu_seconds")]
    max_cpu_seconds: f64,
}

fn default_rss_mb() -> u64 {
    300
}

fn default_cpu_seconds() -> f64 {
    5.0
}

/// The text of the files outside the programme folder; it must reach no output.
const OUTSIDE_SECRET: &str = "OUTSIDE-SECRET";

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
    copy_tree_except(&folder, &dir, &["case.toml", "outside"]);
    let outside = tmp.path().join("outside");
    copy_tree(&Path::new(ROOT).join("base/data"), &outside.join("data"));
    if folder.join("outside").is_dir() {
        copy_tree(&folder.join("outside"), &outside);
    }
    fs::write(outside.join("secret.txt"), format!("{OUTSIDE_SECRET}\n")).unwrap();
    fs::write(outside.join("data/secret.txt"), format!("{OUTSIDE_SECRET}\n")).unwrap();
    if let Some(generator) = &case.generate {
        generate(generator, &dir);
    }
    for [link, target] in &case.symlinks {
        let target = target.replace("{outside}", &outside.to_string_lossy());
        let link = dir.join(link);
        remove_any(&link);
        fs::create_dir_all(link.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap_or_else(|e| panic!("{name}: symlink {target}: {e}"));
    }
    for fifo in &case.fifos {
        let path = dir.join(fifo);
        remove_any(&path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        make_fifo(&path);
    }
    let inputs = inputs(&dir);

    let (output, usage) = measured(&["build".as_ref(), dir.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // Shown with `cargo test --test hostile -- --nocapture`: every case's messages and costs.
    println!(
        "── {name}: exit {:?}, {:.0} MB peak, {:.2} s CPU, {:.2} s elapsed\n{stderr}",
        output.status.code(),
        usage.max_rss_mb,
        usage.cpu_seconds,
        usage.wall_seconds
    );
    assert!(!stderr.contains("panicked") && output.status.code() != Some(101), "{name} panicked:\n{stderr}");
    // GNU time passes the exit code on, and 128 + N for a build ended by signal N (an abort).
    assert!(matches!(output.status.code(), Some(0..=2)), "{name}: ended with {:?}:\n{stderr}", output.status);
    assert!(stderr.len() <= MAX_STDERR, "{name}: {} bytes on standard error", stderr.len());
    assert!(!stderr.contains(OUTSIDE_SECRET), "{name}: a file outside the folder reached standard error");
    assert!(
        usage.max_rss_mb <= case.max_rss_mb as f64,
        "{name}: peak memory {:.0} MB, more than {} MB",
        usage.max_rss_mb,
        case.max_rss_mb
    );
    assert!(
        usage.cpu_seconds <= case.max_cpu_seconds,
        "{name}: {:.2} s of CPU, more than {} s",
        usage.cpu_seconds,
        case.max_cpu_seconds
    );
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
    let (check, _) = measured(&["check".as_ref(), dir.as_os_str()]);
    assert_eq!(check.status.code(), output.status.code(), "{name}: `check` and `build` disagree");
    assert!(!String::from_utf8_lossy(&check.stderr).contains(OUTSIDE_SECRET), "{name}: `check` echoed a file outside");
}

/// What one run of the binary cost.
struct Usage {
    max_rss_mb: f64,
    cpu_seconds: f64,
    /// Elapsed time: shown, not checked, since tests run side by side on shared cores.
    wall_seconds: f64,
}

/// GNU time, which measures the build as a process of its own: a child's peak memory as the
/// kernel reports it to its parent includes the parent's memory at the moment of spawning (the
/// test process, large when tests run side by side), while `time` forks from a small process.
const GNU_TIME: &str = "/usr/bin/time";

/// Run `impact ARGS…` to its end (killed after a minute: a build that hangs on a pipe fails the
/// case) and measure its peak memory and CPU time.
fn measured(args: &[&std::ffi::OsStr]) -> (std::process::Output, Usage) {
    use std::os::unix::process::CommandExt;
    use std::process::Stdio;
    assert!(Path::new(GNU_TIME).exists(), "{GNU_TIME} is needed to measure builds (apt-get install time)");
    let report = tempfile::NamedTempFile::new().unwrap();
    let mut child = std::process::Command::new(GNU_TIME)
        .args(["-q", "-f", "%M %U %S %e", "-o"])
        .arg(report.path())
        .arg(env!("CARGO_BIN_EXE_impact"))
        .args(args)
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().unwrap()));
    let stderr = drain(Box::new(child.stderr.take().unwrap()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            // SAFETY: kill(2) on our own process group; no memory is touched.
            unsafe { libc::kill(-(child.id() as libc::pid_t), libc::SIGKILL) };
            let _ = child.wait();
            panic!("the build did not end within a minute: impact {args:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let figures: Vec<f64> =
        fs::read_to_string(report.path()).unwrap().split_whitespace().map(|figure| figure.parse().unwrap()).collect();
    let output = std::process::Output { status, stdout: stdout.join().unwrap(), stderr: stderr.join().unwrap() };
    let usage =
        Usage { max_rss_mb: figures[0] / 1024.0, cpu_seconds: figures[1] + figures[2], wall_seconds: figures[3] };
    (output, usage)
}

/// Remove a file, link, pipe or folder, if there is one.
fn remove_any(path: &Path) {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => fs::remove_dir_all(path).unwrap(),
        Ok(_) => fs::remove_file(path).unwrap(),
        Err(_) => {}
    }
}

fn make_fifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path.
    let made = unsafe { libc::mkfifo(name.as_ptr(), 0o644) };
    assert_eq!(made, 0, "mkfifo {}", path.display());
}

/// The report is complete, keeps private things out, and shows what the case asks for.
fn check_report(name: &str, case: &Case, dir: &Path) {
    let report = dir.join("report");
    for file in ["index.html", "report.pdf", "results.json"] {
        assert!(report.join(file).is_file(), "{name}: no {file}");
    }
    let mut private = private_texts(dir);
    private.push(OUTSIDE_SECRET.to_string());
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

/// Every file of the programme folder except the report, with its bytes; links as their
/// targets and named pipes as such, never followed or read.
fn inputs(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    // The report and what a killed build left beside it (`.report.partial-…`, `.report.old-…`)
    // are outputs, not inputs.
    let output = |path: &Path| path.starts_with("report") || path.to_string_lossy().starts_with(".report.");
    let mut files: Vec<(PathBuf, Vec<u8>)> = snapshot(dir).into_iter().filter(|(path, _)| !output(path)).collect();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if output(&relative) {
                continue;
            }
            if kind.is_symlink() {
                let target = fs::read_link(&path).unwrap();
                files.push((relative, format!("link to {}", target.display()).into_bytes()));
            } else if kind.is_dir() {
                stack.push(path);
            } else if !kind.is_file() {
                files.push((relative, b"special file".to_vec()));
            }
        }
    }
    files.sort();
    files
}

fn copy_tree(from: &Path, to: &Path) {
    copy_tree_except(from, to, &[]);
}

fn copy_tree_except(from: &Path, to: &Path, skip: &[&str]) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if skip.iter().any(|s| entry.file_name() == *s) {
            continue;
        }
        if entry.path().is_dir() {
            copy_tree_except(&entry.path(), &target, &[]);
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
    files_data_fifo,
    files_data_folder_link_outside,
    files_data_link_outside,
    files_huge_narrative,
    files_instrument_link_outside,
    files_instrument_long_line,
    files_narrative_at_its_cap,
    files_narrative_dev_zero,
    files_narrative_fifo,
    files_narrative_link_to_passwd,
    files_programme_toml_dev_zero,
    files_scores_is_a_folder,
    files_template_link_to_passwd,
    files_xls_stray_cell,
    files_xlsx_bomb,
    files_xlsx_shared_strings_count,
    files_xlsx_stray_cell,
    fractional_response,
    header_only_scores,
    hostile_pseudonym,
    hostile_quotes,
    hostile_theme_names,
    identical_change,
    ids_decomposed_name_redacted,
    ids_email_and_phone_in_quotes,
    ids_in_qdpx_code_names,
    ids_in_theme_names,
    ids_name_with_invisible_characters,
    ids_odd_spellings,
    ids_pseudonym_is_the_id,
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
    out_formula_names,
    out_formula_site,
    out_include_itself,
    out_killed_between_renames,
    out_killed_between_renames_then_bad_input,
    out_killed_while_writing,
    out_of_range_response,
    out_ordinary_override,
    out_runaway_data_loops,
    out_runaway_loops,
    out_runaway_memory,
    out_runaway_output,
    out_typst_error,
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
    stat_narrative_inconsistent,
    stat_narrative_many_results,
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
    values_completion_infinite,
    values_completion_nan,
    values_crlf_attendance,
    values_crlf_codebook,
    values_crlf_excerpts,
    values_crlf_participants,
    values_crlf_scores,
    values_crlf_scores_duplicate,
    values_items_four_billion,
    values_items_u64_max,
    values_long_title,
    values_min_cell_zero,
    values_most_outcomes,
    values_most_sessions,
    values_most_timepoints,
    values_planned_sessions_100000,
    values_response_range_i32_extremes,
    values_session_spellings,
    values_thousand_timepoints,
    values_too_many_outcomes,
    values_week_header,
    wrong_type,
    zero_variance,
}
