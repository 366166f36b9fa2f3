//! Participant flow on a crafted programme with every kind of drop, and the nulls and errors
//! DESIGN.md asks for.
//!
//! Enrolled 12 ([flow] enrolled); P01–P11 appear in files, so one person is in none.
//!
//! | who     | consent | pre | sessions (of 4) | post          | in the flow                      |
//! |---------|---------|-----|-----------------|---------------|----------------------------------|
//! | P01–P05 | yes     | yes | 4, 4, 3, 4, 3   | yes           | all the way                      |
//! | P06     | no      | yes | 4               | yes           | declined (scores left out)       |
//! | P07     | yes     | no  | 4               | yes           | no baseline, not analysed        |
//! | P08     | yes     | yes | 0               | no            | never started                    |
//! | P09     | yes     | yes | 2               | no            | did not complete, withdrew       |
//! | P10     | yes     | yes | 1               | yes           | did not complete, analysed       |
//! | P11     | yes     | yes | 3               | empty score   | completed, not analysed          |

mod common;

use std::fs;
use std::path::Path;

use common::impact;
use serde_json::{Value, json};

const PROGRAMME: &str = r#"[programme]
title = "Flow test"
template = "schools"
planned_sessions = 4

[data]
scores = "data/scores.csv"
attendance = "data/attendance.csv"
participants = "data/participants.csv"

[[measures]]
label = "Wellbeing"
column = "wellbeing"
better = "higher"

[analysis]
completion = 0.75

[flow]
enrolled = 12
"#;

const SCORES: &str = "participant_id,timepoint,wellbeing
P01,pre,3.0
P02,pre,2.5
P03,pre,3.5
P04,pre,2.0
P05,pre,3.2
P06,pre,2.8
P08,pre,3.1
P09,pre,2.2
P10,pre,2.9
P11,pre,3.3
P01,post,3.6
P02,post,3.1
P03,post,3.4
P04,post,2.9
P05,post,3.5
P06,post,3.0
P07,post,3.2
P10,post,3.0
P11,post,
";

const PARTICIPANTS: &str = "participant_id,site,consented,withdrawn
P01,North,yes,no
P02,North,yes,no
P03,North,yes,no
P04,South,yes,no
P05,South,yes,no
P06,South,no,no
P07,North,yes,no
P08,South,yes,no
P09,North,yes,yes
P10,South,yes,no
P11,North,yes,no
";

/// Sessions attended by each person, as a long attendance file.
fn attendance() -> String {
    let came: &[(&str, &[u32])] = &[
        ("P01", &[1, 2, 3, 4]),
        ("P02", &[1, 2, 3, 4]),
        ("P03", &[1, 2, 4]),
        ("P04", &[1, 2, 3, 4]),
        ("P05", &[2, 3, 4]),
        ("P06", &[1, 2, 3, 4]),
        ("P07", &[1, 2, 3, 4]),
        ("P08", &[]),
        ("P09", &[1, 2]),
        ("P10", &[1]),
        ("P11", &[1, 3, 4]),
    ];
    let mut text = String::from("participant_id,session,attended\n");
    for (id, sessions) in came {
        for s in 1..=4 {
            text.push_str(&format!("{id},{s},{}\n", if sessions.contains(&s) { "yes" } else { "no" }));
        }
    }
    text
}

fn write(dir: &Path, programme: &str, files: &[(&str, &str)]) {
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), programme).unwrap();
    for (name, text) in files {
        fs::write(dir.join("data").join(name), text).unwrap();
    }
}

/// The programme with the standard scores, participants and attendance files.
fn write_standard(dir: &Path, programme: &str) {
    let attendance = attendance();
    write(
        dir,
        programme,
        &[("scores.csv", SCORES), ("participants.csv", PARTICIPANTS), ("attendance.csv", &attendance)],
    );
}

fn results(dir: &Path) -> Value {
    impact().arg("build").arg(dir).assert().success();
    serde_json::from_str(&fs::read_to_string(dir.join("report/results.json")).unwrap()).unwrap()
}

#[test]
fn every_kind_of_drop_is_counted() {
    let tmp = tempfile::tempdir().unwrap();
    write_standard(tmp.path(), PROGRAMME);
    let r = results(tmp.path());
    assert_eq!(
        r["flow"],
        json!({"enrolled": 12, "consented": 10, "baseline": 9, "started": 9, "completed": 7, "followup": 8, "analysed": 6})
    );
    let step = |name: &str| r["flow_steps"].as_array().unwrap().iter().find(|s| s["step"] == name).unwrap().clone();
    assert_eq!(step("consented")["dropped"], 2);
    assert_eq!(step("consented")["declined"], 1);
    assert_eq!(step("consented")["not_in_files"], 1);
    assert_eq!((step("baseline")["from"].clone(), step("baseline")["dropped"].clone()), (json!("consented"), json!(1)));
    assert_eq!(step("started")["dropped"], 1);
    assert_eq!((step("completed")["from"].clone(), step("completed")["dropped"].clone()), (json!("started"), json!(2)));
    assert_eq!(step("completed")["withdrew"], 1);
    assert_eq!((step("followup")["dropped"].clone(), step("followup")["withdrew"].clone()), (json!(2), json!(1)));
    assert_eq!((step("analysed")["from"].clone(), step("analysed")["dropped"].clone()), (json!("followup"), json!(2)));
    let order: Vec<&str> = r["flow_steps"].as_array().unwrap().iter().map(|s| s["step"].as_str().unwrap()).collect();
    assert_eq!(order, ["enrolled", "consented", "baseline", "started", "completed", "followup", "analysed"]);

    // The person who declined is left out of the outcomes, with a warning.
    assert_eq!(r["outcomes"][0]["n_pairs"], 6);
    let warnings: Vec<&str> = r["warnings"].as_array().unwrap().iter().map(|w| w.as_str().unwrap()).collect();
    assert!(warnings.iter().any(|w| w.contains("1 person marked consented = no")), "{warnings:?}");

    // Attendance counts the consented, and its completers are the flow's.
    assert_eq!(r["attendance"]["participants"], 10);
    assert_eq!(r["attendance"]["completers"], 7);
    assert_eq!(r["attendance"]["per_session"][0], json!({"session": 1, "attended": 8, "rate": 0.8}));

    // The report shows the diagram with its counts and the losses beside it.
    let html = fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
    assert!(html.contains("id=\"participant-flow\""));
    assert!(html.contains("2 staff did not take part: 1 did not consent, 1 left no record in the data"), "consent");
    assert!(
        html.contains("2 staff did not complete the programme (came to fewer than 3 sessions); 1 of them withdrew")
    );
    assert!(html.contains("2 staff did not answer the questionnaires at post (of the 10 who consented)"));
    let svg = fs::read_to_string(tmp.path().join("report/figures/participant-flow.svg")).unwrap();
    assert!(svg.contains("role=\"img\"") && svg.contains("<title>Participant flow. Enrolled: 12."), "accessible");
    assert!(svg.contains("DejaVu Sans"));
}

#[test]
fn steps_without_their_file_are_null() {
    let tmp = tempfile::tempdir().unwrap();
    let programme = PROGRAMME
        .replace("attendance = \"data/attendance.csv\"\n", "")
        .replace("participants = \"data/participants.csv\"\n", "");
    write(tmp.path(), &programme.replace("[flow]\nenrolled = 12\n", ""), &[("scores.csv", SCORES)]);
    let r = results(tmp.path());
    // Without participants.csv everyone in the scores counts, P06 included.
    assert_eq!(
        r["flow"],
        json!({"enrolled": 11, "consented": null, "baseline": 10, "started": null, "completed": null, "followup": 9, "analysed": 7})
    );
    assert!(r["attendance"].is_null());
    assert_eq!(r["dose"], json!([]));
    // With only scores, the report has no participants section: the summary already says it all.
    let html = fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
    assert!(!html.contains("id=\"participants\""));
}

#[test]
fn without_participants_the_unrecorded_enrolled_drop_at_the_first_step() {
    let tmp = tempfile::tempdir().unwrap();
    let programme = PROGRAMME.replace("participants = \"data/participants.csv\"\n", "");
    let attendance = attendance();
    write(tmp.path(), &programme, &[("scores.csv", SCORES), ("attendance.csv", &attendance)]);
    let r = results(tmp.path());
    assert_eq!(r["flow"]["consented"], Value::Null);
    // 11 in files, 10 with a baseline; 12 enrolled: 2 lost on the way to baseline.
    let baseline = r["flow_steps"].as_array().unwrap().iter().find(|s| s["step"] == "baseline").unwrap().clone();
    assert_eq!(
        (baseline["from"].clone(), baseline["n"].clone(), baseline["dropped"].clone()),
        (json!("enrolled"), json!(10), json!(2))
    );
    assert_eq!(baseline["withdrew"], Value::Null);
}

#[test]
fn enrolled_below_the_people_in_the_files_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    write_standard(tmp.path(), &PROGRAMME.replace("enrolled = 12", "enrolled = 8"));
    let output = impact().arg("build").arg(tmp.path()).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: programme.toml:20:1: [flow] enrolled is 8, but 11 people appear in the data files"),
        "{stderr}"
    );
    assert!(stderr.contains("help: enrolled counts everyone enrolled"), "{stderr}");
    assert!(!tmp.path().join("report").exists());
}

/// The main column's counts, top to bottom, and every step's column is "main" or "side".
fn main_column(results: &Value) -> Vec<u64> {
    let steps = results["flow_steps"].as_array().unwrap();
    for step in steps {
        assert!(step["column"] == "main" || step["column"] == "side", "{step}");
    }
    steps.iter().filter(|s| s["column"] == "main").map(|s| s["n"].as_u64().unwrap()).collect()
}

fn narrows(counts: &[u64]) -> bool {
    counts.windows(2).all(|w| w[1] <= w[0])
}

#[test]
fn more_answering_at_follow_up_than_completing_keeps_the_main_column_a_funnel() {
    // P07 no longer answers at post and P08, who never came, does: 8 at follow-up, all with a
    // baseline, and 7 completers.
    let scores = SCORES.replace("P07,post,3.2\n", "P08,post,3.0\n");
    let tmp = tempfile::tempdir().unwrap();
    let attendance = attendance();
    write(
        tmp.path(),
        PROGRAMME,
        &[("scores.csv", &scores), ("participants.csv", PARTICIPANTS), ("attendance.csv", &attendance)],
    );
    let r = results(tmp.path());
    assert_eq!((r["flow"]["completed"].clone(), r["flow"]["followup"].clone()), (json!(7), json!(8)));
    let columns: Vec<(&str, &str)> = r["flow_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["step"].as_str().unwrap(), s["column"].as_str().unwrap()))
        .collect();
    assert_eq!(
        columns,
        [
            ("enrolled", "main"),
            ("consented", "main"),
            ("baseline", "main"),
            ("started", "side"),
            ("completed", "side"),
            ("followup", "main"),
            ("analysed", "main")
        ]
    );
    assert_eq!(main_column(&r), [12, 10, 9, 8, 7]);
    // The diagram and its table say where each step stands.
    let svg = fs::read_to_string(tmp.path().join("report/figures/participant-flow.svg")).unwrap();
    assert!(svg.contains("Completed the programme (3 or more of 4 sessions) (beside the main column): 7."), "alt");
    let html = fs::read_to_string(tmp.path().join("report/index.html")).unwrap();
    assert!(html.contains("<td>Beside</td>"), "the data table names the column");
}

#[test]
fn a_follow_up_answered_without_a_baseline_stands_beside_the_main_column() {
    // P07 answered at post without a baseline: the follow-up is no subset of the baseline.
    let tmp = tempfile::tempdir().unwrap();
    write_standard(tmp.path(), PROGRAMME);
    let r = results(tmp.path());
    let followup = r["flow_steps"].as_array().unwrap().iter().find(|s| s["step"] == "followup").unwrap().clone();
    assert_eq!(followup["column"], "side");
    assert_eq!(main_column(&r), [12, 10, 9, 6]);
}

#[test]
fn attendance_alone_is_a_funnel_of_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let programme = PROGRAMME
        .replace("scores = \"data/scores.csv\"\n", "")
        .replace("[[measures]]\nlabel = \"Wellbeing\"\ncolumn = \"wellbeing\"\nbetter = \"higher\"\n", "");
    let attendance = attendance();
    write(tmp.path(), &programme, &[("participants.csv", PARTICIPANTS), ("attendance.csv", &attendance)]);
    let r = results(tmp.path());
    assert!(r["flow_steps"].as_array().unwrap().iter().all(|s| s["column"] == "main"), "{}", r["flow_steps"]);
    assert_eq!(main_column(&r), [12, 10, 9, 7]);
}

#[test]
fn every_example_flow_diagram_narrows() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut built = 0;
    for entry in fs::read_dir(&examples).unwrap() {
        let dir = entry.unwrap().path();
        if !dir.join("programme.toml").is_file() {
            continue;
        }
        let out = tempfile::tempdir().unwrap();
        impact().arg("build").arg(&dir).arg("--out").arg(out.path()).args(["--format", "json"]).assert().success();
        let r: Value = serde_json::from_str(&fs::read_to_string(out.path().join("results.json")).unwrap()).unwrap();
        let counts = main_column(&r);
        assert!(narrows(&counts), "{}: {counts:?}", dir.display());
        built += 1;
    }
    assert!(built >= 5);
    assert!(!narrows(&[20, 12, 17]), "the check would catch the old diagram");
}
