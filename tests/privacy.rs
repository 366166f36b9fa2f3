//! Privacy of every example's report and of the hostile-input base programme: no raw participant
//! id, e-mail address or redacted name anywhere in the report folder (HTML, PDF text, JSON, CSV,
//! SVG); no breakdown that shows a group smaller than `min_cell`; no per-person records.

mod common;

use std::fs;
use std::path::Path;

use common::{impact, private_texts, report_texts};
use serde_json::Value;

/// Build `dir` into a temporary folder and check its report.
fn check_programme(dir: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let output = impact().arg("build").arg(dir).arg("--out").arg(&out).output().unwrap();
    assert!(output.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&output.stderr));
    let name = dir.file_name().unwrap().to_string_lossy();

    let private = private_texts(dir);
    assert!(!private.is_empty(), "{name}: no ids found to look for");
    for (file, text) in report_texts(&out) {
        for secret in &private {
            assert!(!text.contains(secret.as_str()), "{name}: {secret:?} appears in {}", file.display());
        }
        if file.extension().is_some_and(|e| e == "csv") {
            let header = text.lines().next().unwrap_or_default().to_lowercase();
            for column in ["participant", "pseudonym", "email"] {
                assert!(!header.contains(column), "{name}: {} has a per-person column: {header}", file.display());
            }
        }
    }

    let results: Value = serde_json::from_slice(&fs::read(out.join("results.json")).unwrap()).unwrap();
    let min_cell = min_cell(dir);
    small_groups_are_withheld(&name, &results, min_cell, "");
    no_per_person_records(&name, &results, "");
}

/// `[analysis] min_cell` of the programme (5 when not set).
fn min_cell(dir: &Path) -> u64 {
    let config: toml::Table = toml::from_str(&fs::read_to_string(dir.join("programme.toml")).unwrap()).unwrap();
    config.get("analysis").and_then(|a| a.get("min_cell")).and_then(|m| m.as_integer()).map_or(5, |m| m as u64)
}

/// Wherever results.json gives a group's size `n` with a statistic of the group, a group smaller
/// than `min_cell` has no statistic; a characteristics row shows no `n` below `min_cell`.
fn small_groups_are_withheld(name: &str, value: &Value, min_cell: u64, path: &str) {
    match value {
        Value::Object(map) => {
            if let Some(n) = map.get("n").and_then(Value::as_u64).filter(|&n| n > 0 && n < min_cell) {
                for key in ["mean", "mean_change", "share", "sd"] {
                    let shown = map.get(key).is_some_and(|v| !v.is_null());
                    assert!(!shown, "{name}: {path} shows {key} for a group of {n} (min_cell {min_cell})");
                }
                assert!(!path.contains("/characteristics/rows"), "{name}: {path} shows n = {n}");
            }
            for (key, item) in map {
                small_groups_are_withheld(name, item, min_cell, &format!("{path}/{key}"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                small_groups_are_withheld(name, item, min_cell, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

/// No object in results.json is a record about one named or numbered person.
fn no_per_person_records(name: &str, value: &Value, path: &str) {
    match value {
        Value::Object(map) => {
            for key in ["participant", "participant_id", "pseudonym", "email", "scores"] {
                assert!(!map.contains_key(key), "{name}: {path} has a per-person key `{key}`");
            }
            for (key, item) in map {
                no_per_person_records(name, item, &format!("{path}/{key}"));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                no_per_person_records(name, item, &format!("{path}/{i}"));
            }
        }
        _ => {}
    }
}

#[test]
fn every_example_keeps_people_private() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in fs::read_dir(examples).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("programme.toml").is_file() {
            check_programme(&dir);
            checked += 1;
        }
    }
    assert!(checked >= 5, "only {checked} examples found");
}

#[test]
fn the_hostile_base_keeps_people_private() {
    check_programme(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile/base"));
}

/// The checks can fail: a results.json with a small group's mean, or a participant record, is
/// caught.
#[test]
fn the_checks_catch_a_leak() {
    let small = serde_json::json!({"groups": [{"n": 3, "mean": 1.5}]});
    assert!(std::panic::catch_unwind(|| small_groups_are_withheld("t", &small, 5, "")).is_err());
    let person = serde_json::json!({"rows": [{"participant_id": "x"}]});
    assert!(std::panic::catch_unwind(|| no_per_person_records("t", &person, "")).is_err());
}

/// Ways a name or id can be typed that look the same on the page: in capitals, with a
/// decomposed accent, a full-width letter, or an invisible character at any point inside.
fn look_alikes(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    let mut spellings = vec![word.to_string(), word.to_uppercase(), word.replace('ë', "e\u{0308}")];
    for i in 1..chars.len() {
        for invisible in ['\u{200B}', '\u{200C}', '\u{200D}', '\u{00AD}', '\u{FEFF}', '\u{200E}', '\u{2060}'] {
            let mut spelled: String = chars[..i].iter().collect();
            spelled.push(invisible);
            spelled.extend(&chars[i..]);
            spellings.push(spelled);
        }
    }
    for i in 0..chars.len() {
        let c = chars[i];
        if c.is_ascii_alphanumeric() {
            let wide = char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap();
            spellings.push(chars.iter().enumerate().map(|(j, &d)| if i == j { wide } else { d }).collect());
        }
    }
    spellings.push(format!("{word}\u{0301}"));
    spellings
}

/// Every look-alike spelling of a redacted name or a participant id inside a quote is replaced,
/// and the words around it are kept as typed.
#[test]
fn names_and_ids_are_redacted_in_every_look_alike_spelling() {
    use impact::privacy::{IdsAs, Named, Redactor, fold};
    let ids = Named::new([("stf-1003", "Morgan".to_string())]);
    let redactor = Redactor::new(&["Zoë".to_string(), "Priya".to_string()], Some(&ids));
    for word in ["Zoë", "Priya", "stf-1003"] {
        for spelled in look_alikes(word) {
            let quote = format!("I told {spelled}, then left.");
            let redacted = redactor.redact(&quote, IdsAs::Placeholder).text;
            assert_eq!(redacted, "I told [name], then left.", "{spelled:?}");
            assert!(!fold(&redacted).contains(&fold(word)), "{spelled:?}");
        }
    }
    assert_eq!(redactor.redact("Priyanka and stf-10031", IdsAs::Placeholder).text, "Priyanka and stf-10031");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, ..Default::default() })]

    /// Redaction never panics, whatever the text (characters that unfold to several, accents and
    /// invisible characters anywhere, digits and address signs), and never leaves a listed name.
    #[test]
    fn redaction_holds_for_any_text(
        text in "[a-zA-Z0-9 @.+()\\-_%'ëéZoPriyaz\u{0301}\u{0308}\u{200B}\u{00AD}\u{FEFF}\u{202E}\u{FB01}\u{2488}\u{FF10}\u{FF30}\u{2460}½İ]{0,60}"
    ) {
        use impact::privacy::{IdsAs, Named, Redactor, fold};
        let ids = Named::new([("p1", "Participant 1".to_string())]);
        let redactor = Redactor::new(&["Zoë".to_string(), "Priya".to_string()], Some(&ids));
        for ids_as in [IdsAs::Placeholder, IdsAs::Names] {
            let redacted = redactor.redact(&text, ids_as).text;
            let words: Vec<String> = fold(&redacted)
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .map(String::from)
                .collect();
            proptest::prop_assert!(!words.iter().any(|w| w == "zoe" || w == "priya" || w == "p1"), "{text:?} → {redacted:?}");
        }
    }
}
