//! Coded themes from codebook.csv + excerpts.csv: prevalence counts, exemplar choice, the joint
//! display's suppression, redaction, every reader error, and the two example programmes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{impact, snapshot, valid_scores};
use impact::analysis::quotes::{Candidate, choose, redact, word_count};
use serde_json::Value;

const CODEBOOK: &str = "code,theme,subtheme,description\n\
a,Theme A,Sub 1,First subtheme\n\
b,Theme A,Sub 2,\n\
c,Theme B,,A theme without subthemes\n";

const EXCERPTS: &str = "participant_id,source,when,code,quote,exemplar\n\
P1,diary,1,a,I slowed my breathing before the meeting and it helped a great deal,n\n\
P1,diary,2,a,Second diary entry about breathing slowly and feeling calmer afterwards,n\n\
P2,Diary,week 1,b,I spoke to myself kindly for once when the lesson went wrong,n\n\
P2,focus group,,c,There was never enough time to practise during the busy weeks,n\n\
P3,focus group,,a,Breathing and kindness came together for me in the last session,n\n\
P3,focus group,,b,Breathing and kindness came together for me in the last session,n\n";

/// A programme with the test scores, `codebook` and `excerpts`, and `extra` programme.toml lines.
fn programme(codebook: &str, excerpts: &str, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let toml = format!(
        "[programme]\ntitle = \"Test programme\"\ntemplate = \"schools\"\n\n[data]\nscores = \"data/scores.csv\"\n\
         codebook = \"data/codebook.csv\"\nexcerpts = \"data/excerpts.csv\"\n\n[[measures]]\ninstrument = \"scs-sf\"\n\
         prefix = \"scs_sf_\"\n{extra}"
    );
    let (tmp, dir) = common::programme(&toml, &valid_scores());
    fs::write(dir.join("data/codebook.csv"), codebook).unwrap();
    fs::write(dir.join("data/excerpts.csv"), excerpts).unwrap();
    (tmp, dir)
}

fn results(dir: &Path) -> Value {
    let output = impact().arg("build").arg(dir).args(["--format", "html,json"]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_str(&fs::read_to_string(dir.join("report/results.json")).unwrap()).unwrap()
}

fn row<'a>(results: &'a Value, theme: &str, subtheme: Option<&str>) -> &'a Value {
    results["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["theme"] == theme && r["subtheme"].as_str() == subtheme)
        .unwrap_or_else(|| panic!("no row {theme} / {subtheme:?}"))
}

#[test]
fn prevalence_counts_distinct_people_and_stretches_of_words() {
    let (_tmp, dir) = programme(CODEBOOK, EXCERPTS, "");
    let results = results(&dir);
    let theme_a = row(&results, "Theme A", None);
    assert_eq!(theme_a["participants"], 3);
    assert_eq!(theme_a["share"], 1.0);
    // P3's stretch is coded under both subthemes: one excerpt of the theme.
    assert_eq!(theme_a["excerpts"], 4);
    assert_eq!(theme_a["by_source"]["diary"], serde_json::json!({"participants": 2, "excerpts": 3}));
    assert_eq!(theme_a["by_source"]["focus group"], serde_json::json!({"participants": 1, "excerpts": 1}));
    assert_eq!(theme_a["weeks"], serde_json::json!([1, 2]));
    let sub1 = row(&results, "Theme A", Some("Sub 1"));
    assert_eq!((sub1["participants"].as_u64(), sub1["excerpts"].as_u64()), (Some(2), Some(3)));
    let sub2 = row(&results, "Theme A", Some("Sub 2"));
    assert_eq!((sub2["participants"].as_u64(), sub2["excerpts"].as_u64()), (Some(2), Some(2)));
    let theme_b = row(&results, "Theme B", None);
    assert_eq!((theme_b["participants"].as_u64(), theme_b["excerpts"].as_u64()), (Some(1), Some(1)));
    assert_eq!(results["themes"].as_array().unwrap().len(), 4);
    assert_eq!(results["coding"]["participants"], 3);
    assert_eq!(results["coding"]["excerpts"], 5);
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("Themes and subthemes") && html.contains("1a. Sub 1"), "theme table");
    assert!(html.contains("Who voiced each theme"), "prevalence chart");
    assert!(fs::read_to_string(dir.join("report/tables/themes.csv")).unwrap().contains("1. Theme A,3 of 3 (100%),4"));
}

#[test]
fn exemplars_come_first_then_readable_quotes_spread_across_people() {
    let long = "word ".repeat(120);
    let candidates = [
        Candidate { text: "Too short.", participant: "p1", exemplar: false, segment: 0, words: 0 },
        Candidate { text: &long, participant: "p2", exemplar: false, segment: 1, words: 0 },
        Candidate {
            text: "A readable quote of about a dozen words from the first person here.",
            participant: "p1",
            exemplar: false,
            segment: 2,
            words: 0,
        },
        Candidate {
            text: "Another readable quote of about a dozen words, from the first person.",
            participant: "p1",
            exemplar: false,
            segment: 3,
            words: 0,
        },
        Candidate {
            text: "A readable quote of a dozen or so words from the third person.",
            participant: "p3",
            exemplar: false,
            segment: 4,
            words: 0,
        },
        Candidate { text: "Flagged by the analyst.", participant: "p2", exemplar: true, segment: 5, words: 0 },
    ];
    // Each candidate's words, as the theme table counts them.
    let candidates = candidates.map(|c| Candidate { words: word_count(c.text), ..c });
    let mut used = Default::default();
    let chosen = choose(&candidates, 3, &mut used);
    // The flagged one, then one readable quote per person before a second from anyone.
    assert_eq!(chosen, vec![5, 2, 4]);
    // The same input always gives the same choice, and a used stretch is never chosen again.
    assert_eq!(choose(&candidates, 3, &mut Default::default()), chosen);
    assert_eq!(choose(&candidates, 1, &mut used), vec![3]);

    let flagged = EXCERPTS.replace("slowly and feeling calmer afterwards,n", "slowly and feeling calmer afterwards,y");
    let (_tmp, dir) = programme(CODEBOOK, &flagged, "");
    results(&dir);
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    let flagged_at = html.find("Second diary entry").unwrap();
    let other_at = html.find("I slowed my breathing").unwrap_or(usize::MAX);
    assert!(flagged_at < other_at, "the flagged quote is shown first");
}

#[test]
fn the_joint_display_suppresses_small_groups_and_their_complements() {
    // Theme B is voiced by P2 alone; P1 and P3 did not voice it (P4 has no coded words).
    let (_tmp, dir) = programme(CODEBOOK, EXCERPTS, "\n[analysis]\nmin_cell = 1\n");
    let results_one = results(&dir);
    let entry = |r: &Value| -> Value {
        r["joint_display"].as_array().unwrap().iter().find(|e| e["theme"] == "Theme B").unwrap().clone()
    };
    let open = entry(&results_one);
    assert_eq!(open["voiced"]["n"], 1);
    assert_eq!(open["not_voiced"]["n"], 2);
    assert!(open["voiced"]["mean_change"].is_number() && open["not_voiced"]["mean_change"].is_number());

    let (_tmp, dir) = programme(CODEBOOK, EXCERPTS, "\n[analysis]\nmin_cell = 2\n");
    let closed = entry(&results(&dir));
    assert_eq!(closed["voiced"], serde_json::json!({"n": null, "mean_change": null, "suppressed": true}));
    // The other group's n shows, but its mean would give the small group's away.
    assert_eq!(closed["not_voiced"], serde_json::json!({"n": 2, "mean_change": null, "suppressed": false}));
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(
        html.contains("Very few of the staff with scores voiced this theme")
            && html.contains("groups of fewer than 2 are not shown"),
        "a theme whose groups are too small is described, not tabulated"
    );
}

#[test]
fn redaction_replaces_names_and_ids_inside_quotes() {
    assert_eq!(
        redact("Alex, alex's and ALEX but not Alexander", &["Alex".into()]),
        "[name], [name]'s and [name] but not Alexander"
    );
    let excerpts = EXCERPTS.replace(
        "I spoke to myself kindly for once when the lesson went wrong",
        "I told Alex and then P1 that I spoke to myself kindly for once when the lesson went wrong <script>x</script>",
    );
    let (_tmp, dir) = programme(CODEBOOK, &excerpts, "\n[privacy]\nredact = [\"alex\"]\n");
    results(&dir);
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("I told [name] and then [name] that I spoke"), "names and ids are redacted");
    assert!(!html.contains("<script>x") && html.contains("&lt;script&gt;x"), "quotes are escaped");
    for (path, bytes) in snapshot(&dir.join("report")) {
        let text = String::from_utf8_lossy(&bytes);
        for id in ["P1", "P2", "P3", "P4"] {
            assert!(!text.contains(id), "{} contains {id}", path.display());
        }
    }
}

/// `impact check`: exit code, stdout and stderr.
fn check(dir: &Path) -> (Option<i32>, String, String) {
    let output = impact().arg("check").arg(dir).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (output.status.code(), text(&output.stdout), text(&output.stderr))
}

#[test]
fn reader_errors_are_located_with_help() {
    let cases = [
        (
            EXCERPTS.replace("P2,focus group,,c,", "P2,focus group,,zz,"),
            "error: data/excerpts.csv:5:4: code 'zz' is not in the codebook",
        ),
        (EXCERPTS.replace("P2,focus group,,c,", "P2,focus group,,A,"), "help: did you mean 'a'?"),
        (
            EXCERPTS.replace(
                "P2,Diary,week 1,b,I spoke to myself kindly for once when the lesson went wrong",
                "P2,Diary,week 1,b,  ",
            ),
            "error: data/excerpts.csv:4:5: the quote is empty",
        ),
        (
            EXCERPTS.replace("P1,diary,2,a,", "P1,diary,someday,a,"),
            "error: data/excerpts.csv:3:3: 'someday' is neither a week nor a date",
        ),
        (
            EXCERPTS.replace("calmer afterwards,n", "calmer afterwards,maybe"),
            "error: data/excerpts.csv:3:6: exemplar 'maybe' is not y or n",
        ),
        (EXCERPTS.replacen("code,quote", "kode,quote", 1), "error: data/excerpts.csv:1: no column `code`"),
    ];
    for (excerpts, expected) in cases {
        let (_tmp, dir) = programme(CODEBOOK, &excerpts, "");
        let (code, _, stderr) = check(&dir);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains(expected), "expected {expected:?} in:\n{stderr}");
    }
    let duplicate = format!("{CODEBOOK}a,Theme C,,\n");
    let (_tmp, dir) = programme(&duplicate, EXCERPTS, "");
    let (_, _, stderr) = check(&dir);
    assert!(stderr.contains("error: data/codebook.csv:5:1: code 'a' is listed twice (first on line 2)"), "{stderr}");
}

#[test]
fn scores_and_excerpt_problems_are_reported_together() {
    let (_tmp, dir) = programme(CODEBOOK, &EXCERPTS.replace(",c,", ",zz,"), "");
    fs::write(dir.join("data/scores.csv"), valid_scores().replacen("P2,post", "P2,mid", 1)).unwrap();
    let (code, _, stderr) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("data/scores.csv:5:2") && stderr.contains("data/excerpts.csv:5:4"), "{stderr}");
}

#[test]
fn a_participant_in_no_other_file_is_a_warning_by_row() {
    let (_tmp, dir) = programme(CODEBOOK, &EXCERPTS.replace("P3,focus group,,a,", "P9,focus group,,a,"), "");
    let (code, stdout, stderr) = check(&dir);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stdout.contains("warning: data/excerpts.csv:6: this participant is in no other file (data/scores.csv)"),
        "{stdout}"
    );
    assert!(!stdout.contains("P9"), "warnings never name participants: {stdout}");
}

#[test]
fn half_a_coding_configuration_is_an_error() {
    let toml = common::PROGRAMME.replace("[data]\n", "[data]\ncodebook = \"data/codebook.csv\"\n");
    let (_tmp, dir) = common::programme(&toml, &valid_scores());
    fs::write(dir.join("data/codebook.csv"), CODEBOOK).unwrap();
    let (code, _, stderr) = check(&dir);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("`codebook` is given without `excerpts`"), "{stderr}");
}

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// Build an example (all formats) into a temporary folder.
fn build_example(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let output = impact().arg("build").arg(example(name)).arg("--out").arg(&out).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{name}: {}", String::from_utf8_lossy(&output.stderr));
    (tmp, out)
}

/// Every raw participant id in an example's data files.
fn raw_ids(name: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for file in ["scores.csv", "excerpts.csv", "participants.csv"] {
        if let Ok(text) = fs::read_to_string(example(name).join("data").join(file)) {
            ids.extend(text.lines().skip(1).filter_map(|l| l.split(',').next()).map(String::from));
        }
    }
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn the_example_programmes_build_validate_and_name_no_one() {
    let schema: Value = serde_json::from_str(impact::schema::RESULTS_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for name in ["cft-module", "therapist-interviews"] {
        let (_tmp, out) = build_example(name);
        let results: Value = serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&results).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        let ids = raw_ids(name);
        assert!(ids.len() >= 5, "{name}: {ids:?}");
        for (path, bytes) in snapshot(&out) {
            let text = String::from_utf8_lossy(&bytes);
            for id in &ids {
                assert!(!text.contains(id.as_str()), "{name}: {} contains the id {id}", path.display());
            }
        }
        assert!(out.join("index.html").is_file() && out.join("tables/themes.csv").is_file());
    }
}

#[test]
fn the_cft_module_sets_themes_beside_its_outcomes() {
    let (_tmp, out) = build_example("cft-module");
    let results: Value = serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    assert_eq!(results["outcomes"].as_array().unwrap().len(), 6);
    assert_eq!(results["coding"]["sources"].as_array().unwrap().len(), 2, "diary and focus group");
    assert_eq!(results["joint_display"].as_array().unwrap().len(), 18, "3 themes × 6 outcomes");
    // Shaped like the study it mirrors: 16 enrolled, 15 consented, 11 pairs.
    let flow = &results["flow"];
    assert_eq!([&flow["enrolled"], &flow["consented"], &flow["analysed"]], [16, 15, 11]);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("Priya"));
    assert!(html.contains("Participant 1, diary, week 2"), "attributed by number, with source and week");
    assert!(out.join("figures/theme-prevalence.svg").is_file());
    let (_again, second) = build_example("cft-module");
    assert_eq!(snapshot(&out), snapshot(&second), "two builds give identical files");
}

#[test]
fn the_therapist_interviews_are_a_qualitative_only_report_by_pseudonym() {
    let (code, stdout, stderr) = check(&example("therapist-interviews"));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.starts_with("ok: Compassion at work: an interview study with therapists: 5 participants with coded words, 2 themes, 4 subthemes"), "{stdout}");
    let analysed = impact::pipeline::analyse(&example("therapist-interviews")).unwrap();
    let template = impact::report::Template::load(&example("therapist-interviews"), "nhs").unwrap();
    let mut report = impact::report::build(&analysed, &template).unwrap();
    let ids: Vec<&str> = report.sections.iter().map(|s| s.id.as_str()).collect();
    assert!(ids.contains(&"themes") && !ids.contains(&"outcomes") && !ids.contains(&"joint"), "{ids:?}");
    // The sections this feature writes (others have snapshots of their own).
    report.sections.retain(|s| ["glance", "themes", "limitations"].contains(&s.id.as_str()));
    let outline = report.outline();
    assert!(!outline.contains("Participant "), "everyone has a pseudonym:\n{outline}");
    assert!(outline.contains("Dr [name] left"), "redacted:\n{outline}");
    insta::assert_snapshot!("therapist_interviews", outline);
}
