//! The summary says only counts the results hold: every count in the "At a glance" section of
//! each template's sample programme (`impact init`) and of every example is in results.json.
//!
//! A count is a whole number standing alone in the summary's text, its cards and its sentences:
//! not part of a decimal (`2.95`, `.001`), a percentage (`85%`), a name (`PHQ-9`, `g_av`) or a
//! confidence interval's level (`95% CI`). In results.json the counts are the whole numbers at
//! every key except those that number things rather than count people (`session`, `weeks`,
//! `from`, `to`, `min_cell`, `df`, `planned_sessions`).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::impact;
use impact::report::{self, Block, Template};
use serde_json::Value;

/// Whole numbers standing alone in `text`.
fn counts(text: &str) -> Vec<u64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        let before = start.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i).copied();
        let digit_after = |k: usize| chars.get(k).is_some_and(char::is_ascii_digit);
        let in_name = before.is_some_and(|c| c.is_alphabetic() || c == '_' || c == '-' || c == '.' || c == '−');
        let decimal = matches!(after, Some('.' | ',')) && digit_after(i + 1);
        let percent = after == Some('%')
            || (after == Some('–') && chars[i..].iter().take_while(|c| **c != ' ').any(|c| *c == '%'));
        if !in_name && !decimal && !percent && after.is_none_or(|c| !c.is_alphabetic()) {
            found.push(chars[start..i].iter().collect::<String>().parse().unwrap());
        }
    }
    found
}

/// Every count in results.json.
fn result_counts(value: &Value, key: &str, out: &mut BTreeSet<u64>) {
    const NOT_COUNTS: &[&str] = &["session", "sessions", "weeks", "from", "to", "min_cell", "df", "planned_sessions"];
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| result_counts(v, k, out)),
        Value::Array(items) => items.iter().for_each(|v| result_counts(v, key, out)),
        Value::Number(n) if !NOT_COUNTS.contains(&key) => out.extend(n.as_u64()),
        _ => {}
    }
}

/// The summary's texts: its markdown, every card and every sentence.
fn summary(dir: &Path, template: &str) -> (Vec<String>, Value) {
    let analysed = impact::pipeline::analyse(dir).unwrap_or_else(|p| panic!("{}: {p}", dir.display()));
    let template = Template::load(dir, template).unwrap();
    let report = report::build(&analysed, &template).unwrap();
    let glance = report.sections.iter().find(|s| s.id == "glance").expect("an At a glance section");
    let mut texts = Vec::new();
    for block in &glance.blocks {
        match block {
            Block::Markdown { text } | Block::Paragraph { text } => texts.push(text.clone()),
            Block::Cards { cards } => {
                for card in cards {
                    texts.push(format!("{} {} {}", card.value, card.label, card.detail.clone().unwrap_or_default()));
                }
            }
            Block::List { items } => texts.extend(items.iter().cloned()),
            _ => {}
        }
    }
    (texts, serde_json::to_value(&analysed.results).unwrap())
}

fn check(dir: &Path, template: &str) {
    let (texts, results) = summary(dir, template);
    let mut known = BTreeSet::new();
    result_counts(&results, "", &mut known);
    // Numbers the programme lead wrote (a title, a period) are theirs, not counts.
    let programme = results["programme"].to_string();
    for text in &texts {
        for n in counts(text) {
            if programme.contains(&n.to_string()) {
                continue;
            }
            assert!(known.contains(&n), "{}: {n} in {text:?} is no count in results.json", dir.display());
        }
    }
}

#[test]
fn counts_are_read_as_the_summary_writes_them() {
    assert_eq!(
        counts("16 to 17 of 20 (n = 17, p = .010), 2.40 → 3.07, g_av = 0.93, PHQ-9, 80–85%, 95% CI"),
        [16, 17, 20, 17]
    );
}

#[test]
fn every_count_in_each_summary_is_in_results_json() {
    for template in ["schools", "nhs", "workplace"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(template);
        impact().arg("init").arg(&dir).args(["--template", template]).assert().success();
        check(&dir, template);
    }
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("programme.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5);
    for dir in dirs {
        let toml: toml::Value = toml::from_str(&std::fs::read_to_string(dir.join("programme.toml")).unwrap()).unwrap();
        let template = toml["programme"]["template"].as_str().unwrap_or("schools").to_string();
        check(&dir, &template);
    }
}

#[test]
fn the_schools_summary_gives_the_range_of_people_scored_at_both_times() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("schools");
    impact().arg("init").arg(&dir).args(["--template", "schools"]).assert().success();
    let (texts, _) = summary(&dir, "schools");
    let all = texts.join("\n");
    assert!(all.contains("Depending on the questionnaire, 16 to 17 of them were scored before and after"), "{all}");
    assert!(all.contains("16 to 17 of 20 were scored at both pre and post, depending on the questionnaire"), "{all}");
}
