//! The command line end to end: init, check, build, instruments.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{impact, snapshot};

/// The examples with questionnaire scores (tests/themes.rs covers the qualitative ones too).
const EXAMPLES: &[&str] =
    &["compassion-in-schools", "nhs-staff-wellbeing", "workplace-wellbeing", "cft-module", "workplace-rollout"];

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// Every raw participant id in an example's data files: the first column of each CSV file and of
/// each spreadsheet's sheets.
fn raw_ids(name: &str) -> Vec<String> {
    use calamine::{Reader, open_workbook_auto};
    let mut ids = Vec::new();
    for entry in fs::read_dir(example(name).join("data")).unwrap() {
        let path = entry.unwrap().path();
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => {
                let text = fs::read_to_string(&path).unwrap();
                ids.extend(text.lines().skip(1).filter_map(|l| l.split(',').next()).map(String::from));
            }
            Some("xlsx") => {
                let mut workbook = open_workbook_auto(&path).unwrap();
                for sheet in workbook.sheet_names() {
                    let range = workbook.worksheet_range(&sheet).unwrap();
                    ids.extend(range.rows().skip(1).filter_map(|row| row.first()).map(|cell| cell.to_string()));
                }
            }
            _ => {}
        }
    }
    // Codebook codes and empty cells are not ids.
    ids.retain(|id| id.chars().any(|c| c.is_ascii_digit()));
    ids.sort();
    ids.dedup();
    ids
}

/// Build an example into a temporary folder (the committed example stays clean).
fn build_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    impact().arg("build").arg(example(name)).arg("--out").arg(&out).assert().success();
    (tmp, out)
}

#[test]
fn build_writes_the_report_folder() {
    let (_tmp, out) = build_example("compassion-in-schools");
    for file in ["index.html", "results.json", "tables/outcomes.csv", "figures/01-scs-sf-total-post.svg"] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("<html lang=\"en-GB\">"));
    assert!(html.contains("Self-compassion"));
    assert!(html.contains("<svg"));
}

/// The project's schema, and the shared design's beside it when that is here: the project's copy
/// may describe more keys, but every example must satisfy both.
fn schemas() -> Vec<(String, jsonschema::Validator)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let project = fs::read_to_string(root.join("schema/results.schema.json")).unwrap();
    assert_eq!(project, impact::schema::RESULTS_SCHEMA, "the binary embeds schema/results.schema.json");
    let mut texts = vec![("schema/results.schema.json".to_string(), project)];
    let shared = root.join("../shared/results.schema.json");
    match fs::read_to_string(&shared) {
        Ok(text) => texts.push(("../shared/results.schema.json".into(), text)),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "the shared schema is required under CI: {} is not here",
                shared.display()
            );
            eprintln!("skipped the check against ../shared/results.schema.json: {} is not here", shared.display())
        }
    }
    texts
        .into_iter()
        .map(|(name, text)| {
            let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
            let validator = jsonschema::validator_for(&schema).unwrap();
            (name, validator)
        })
        .collect()
}

/// The project's schema requires everything the shared one does, key by key, wherever both
/// describe an object.
#[test]
fn the_project_schema_requires_what_the_shared_one_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let Ok(shared) = fs::read_to_string(root.join("../shared/results.schema.json")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the shared schema is required under CI: ../shared/results.schema.json is not here"
        );
        eprintln!("skipped: ../shared/results.schema.json is not here");
        return;
    };
    let shared: serde_json::Value = serde_json::from_str(&shared).unwrap();
    let project: serde_json::Value = serde_json::from_str(impact::schema::RESULTS_SCHEMA).unwrap();
    let mut missing = Vec::new();
    covers(&shared, &project, "", &mut missing);
    assert!(missing.is_empty(), "the project's schema loosens the shared one at: {missing:#?}");
}

/// Every constraint of `shared` is in `project` unchanged, except that `project` may add
/// properties (and their descriptions) to an object.
fn covers(shared: &serde_json::Value, project: &serde_json::Value, at: &str, missing: &mut Vec<String>) {
    match (shared, project) {
        (serde_json::Value::Object(s), serde_json::Value::Object(p)) => {
            for (key, value) in s {
                match p.get(key) {
                    Some(other) => covers(value, other, &format!("{at}/{key}"), missing),
                    None => missing.push(format!("{at}/{key}")),
                }
            }
        }
        (s, p) if s == p => {}
        _ => missing.push(at.to_string()),
    }
}

#[test]
fn every_example_results_json_follows_the_schema() {
    let validators = schemas();
    // Every folder in examples/, so that a new example is built and checked without being listed.
    let mut names: Vec<String> = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("programme.toml").is_file())
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 5, "{names:?}");
    for name in &names {
        let (_tmp, out) = build_example(name);
        let results: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
        for (schema, validator) in &validators {
            let errors: Vec<String> =
                validator.iter_errors(&results).map(|e| format!("{e} at {}", e.instance_path())).collect();
            assert!(errors.is_empty(), "{name} against {schema}: {errors:#?}");
        }
        let outcomes = !results["outcomes"].as_array().unwrap().is_empty();
        assert_eq!(outcomes, EXAMPLES.contains(&name.as_str()), "{name}: outcomes exactly when it has scores");
    }
}

#[test]
fn no_raw_participant_id_reaches_the_report() {
    for name in EXAMPLES {
        let (_tmp, out) = build_example(name);
        let ids = raw_ids(name);
        assert!(ids.len() >= 15, "{name}: {ids:?}");
        for (path, bytes) in snapshot(&out) {
            // A PDF is compressed: read its text, not its bytes.
            let text = if path.extension().is_some_and(|e| e == "pdf") {
                let output = std::process::Command::new("pdftotext").arg(out.join(&path)).arg("-").output();
                String::from_utf8_lossy(&output.expect("pdftotext (poppler-utils) runs").stdout).into_owned()
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            for id in &ids {
                assert!(!text.contains(id.as_str()), "{name}: {} contains the id {id}", path.display());
            }
        }
    }
}

#[test]
fn building_twice_gives_identical_files() {
    let (_a, first) = build_example("nhs-staff-wellbeing");
    let (_b, second) = build_example("nhs-staff-wellbeing");
    assert_eq!(snapshot(&first), snapshot(&second));
}

#[test]
fn check_prints_a_one_line_summary() {
    let output = impact().arg("check").arg(example("compassion-in-schools")).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stdout = String::from_utf8(output.stdout).unwrap();
    let first = stdout.lines().next().unwrap();
    assert!(
        first.starts_with("ok: Compassion in Schools: compassionate mind training for staff: 20 participants"),
        "{first}"
    );
}

#[test]
fn init_makes_a_programme_that_builds_for_every_template() {
    for template in ["schools", "nhs", "workplace"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(template);
        impact().args(["init"]).arg(&dir).args(["--template", template]).assert().success();
        impact().arg("build").arg(&dir).assert().success();
        let results: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(dir.join("report/results.json")).unwrap()).unwrap();
        assert_eq!(results["programme"]["template"], template);
    }
}

#[test]
fn init_refuses_a_folder_with_files() {
    let tmp = tempfile::tempdir().unwrap();
    fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let output = impact().arg("init").arg(tmp.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(fs::read_to_string(tmp.path().join("notes.txt")).unwrap(), "mine");
}

#[test]
fn instruments_lists_and_shows_keys() {
    let output = impact().arg("instruments").output().unwrap();
    let list = String::from_utf8(output.stdout).unwrap();
    for id in ["scs-sf", "fscrs", "wemwbs", "swemwbs", "phq-9", "gad-7", "core-10", "k10", "proqol-5"] {
        assert!(list.lines().any(|l| l.starts_with(id)), "{id} missing from:\n{list}");
    }
    let output = impact().args(["instruments", "scs-sf"]).output().unwrap();
    let shown = String::from_utf8(output.stdout).unwrap();
    assert!(shown.contains("reverse:   1, 4, 8, 9, 11, 12 (scored as 6 − x)"), "{shown}");
    assert!(shown.contains("Raes"));
    let missing = impact().args(["instruments", "nope"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn data_text_is_escaped_in_html() {
    let programme = common::PROGRAMME.replace("Test programme", "<script>alert(1)</script>");
    let (_tmp, dir) = common::programme(&programme, &common::valid_scores());
    impact().arg("build").arg(&dir).assert().success();
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn uncomputable_values_are_null_with_a_warning() {
    // Only P1 has a post questionnaire: one pair, so no test and no effect size.
    let scores: String = common::valid_scores()
        .lines()
        .filter(|l| !l.contains("post") || l.starts_with("P1"))
        .map(|l| format!("{l}\n"))
        .collect();
    let (_tmp, dir) = common::programme(common::PROGRAMME, &scores);
    impact().arg("build").arg(&dir).assert().success();
    let results: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join("report/results.json")).unwrap()).unwrap();
    let outcome = &results["outcomes"][0];
    assert_eq!(outcome["n_pairs"], 1);
    for pointer in ["/t", "/p", "/p_adjusted", "/diff/ci", "/effect/dz", "/effect/dz_ci", "/shapiro/w", "/paired/r"] {
        assert!(outcome.pointer(pointer).unwrap().is_null(), "{pointer} should be null");
    }
    let warnings = results["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w.as_str().unwrap().contains("1 person was scored at both timepoints")),
        "{warnings:?}"
    );
}

#[test]
fn narrative_and_template_overrides_apply_and_are_escaped() {
    let (_tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    fs::create_dir_all(dir.join("narrative")).unwrap();
    fs::create_dir_all(dir.join("templates")).unwrap();
    // Replaces the programme section's text; raw HTML in it is shown as text.
    fs::write(dir.join("narrative/programme.md"), "Six *weekly* sessions. <script>alert(1)</script>\n").unwrap();
    // A section of its own, placed after the programme.
    fs::write(dir.join("narrative/partners.md"), "# Our partners\n\nThree schools in {{ programme.title }}.\n")
        .unwrap();
    // A built-in template file overridden by name.
    fs::write(dir.join("templates/limitations.md"), "Read with care, {{ words.readers }}.\n").unwrap();
    impact().arg("build").arg(&dir).assert().success();
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("Six <em>weekly</em> sessions. &lt;script&gt;alert(1)&lt;/script&gt;"), "narrative missing");
    assert!(!html.contains("<script>"));
    assert!(html.contains("Our partners") && html.contains("Three schools in Test programme."));
    let programme = html.find("id=\"programme\"").unwrap();
    assert!(html.find("id=\"partners\"").unwrap() > programme, "the new section follows the programme");
    assert!(html.contains("Read with care, school leaders, governors and funders."));
}

#[test]
fn a_broken_template_override_is_a_problem_not_a_panic() {
    let (_tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    fs::create_dir_all(dir.join("templates")).unwrap();
    fs::write(dir.join("templates/glance.md"), "{{ programme.title ").unwrap();
    let output = impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("error: templates/glance.md"));
    let output = impact().arg("build").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.join("report").exists());
}

#[test]
fn ordered_categories_are_shown_in_their_natural_order() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schools");
    impact().arg("init").arg(&dir).args(["--template", "schools"]).assert().success();
    let analysed = impact::pipeline::analyse(&dir).unwrap();
    let rows = &analysed.results.characteristics.as_ref().unwrap().rows;
    let years: Vec<&str> =
        rows.iter().filter(|r| r.characteristic == "years_in_teaching").map(|r| r.group.as_str()).collect();
    assert_eq!(years, ["Under 5", "5 to 14", "15 or more"]);
    // Groups without numbers keep the order first met.
    let sites: Vec<&str> = rows.iter().filter(|r| r.characteristic == "site").map(|r| r.group.as_str()).collect();
    assert_eq!(sites, ["Hillcrest Academy", "Northfield Primary"]);
}
