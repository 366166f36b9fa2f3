//! NHS Talking Therapies outcomes (caseness, reliable improvement and deterioration, recovery,
//! reliable recovery) on small programmes whose expected counts are worked out by hand.

use std::fs;
use std::path::Path;

use impact::analysis::talking_therapies::{TalkingTherapies, talking_therapies};
use impact::config;
use impact::input::{read_scores, scores::Layout};
use impact::scoring::{resolve, score};

/// Score the programme at `dir` and compute its Talking Therapies outcomes.
fn outcomes(dir: &Path) -> Vec<TalkingTherapies> {
    let loaded = config::load(dir).unwrap();
    let (measures, columns) = resolve(&loaded).unwrap();
    let data = &loaded.programme.data;
    let layout = Layout::from_config(data);
    let responses = read_scores(&loaded.path("data/scores.csv"), "scores.csv", &layout, &columns).unwrap();
    let scales = score(&responses, &measures, 0.2);
    talking_therapies(&measures, &scales, &responses.timepoints, responses.participants.len())
}

/// A programme folder in a fresh temporary folder.
fn programme(toml: &str, scores: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), toml).unwrap();
    fs::write(dir.join("data/scores.csv"), scores).unwrap();
    (tmp, dir)
}

fn toml(timepoints: &str, measures: &[(&str, &str)]) -> String {
    let mut text = format!(
        "[programme]\ntitle = \"Talking Therapies test\"\ntemplate = \"nhs\"\n\n\
         [data]\nscores = \"data/scores.csv\"\ntimepoints = {timepoints}\n"
    );
    for (instrument, prefix) in measures {
        text.push_str(&format!("\n[[measures]]\ninstrument = \"{instrument}\"\nprefix = \"{prefix}\"\n"));
    }
    text
}

/// `k` item answers (0–3) adding up to `total`, or `k` empty cells.
fn items(total: Option<u32>, k: u32) -> Vec<String> {
    let Some(mut left) = total else { return vec![String::new(); k as usize] };
    assert!(left <= 3 * k);
    (0..k)
        .map(|_| {
            let answer = left.min(3);
            left -= answer;
            answer.to_string()
        })
        .collect()
}

/// A scores file with PHQ-9 and GAD-7 item columns; rows are (id, timepoint, PHQ-9 total, GAD-7 total).
fn scores(rows: &[(&str, &str, Option<u32>, Option<u32>)]) -> String {
    let mut header = vec!["participant_id".to_string(), "timepoint".to_string()];
    header.extend((1..=9).map(|i| format!("phq9_{i}")));
    header.extend((1..=7).map(|i| format!("gad7_{i}")));
    let mut text = header.join(",") + "\n";
    for &(id, t, phq, gad) in rows {
        let mut row = vec![id.to_string(), t.to_string()];
        row.extend(items(phq, 9));
        row.extend(items(gad, 7));
        text.push_str(&(row.join(",") + "\n"));
    }
    text
}

/// Cut-offs: PHQ-9 caseness >= 10, GAD-7 >= 8; reliable change: PHQ-9 6, GAD-7 4.
const PEOPLE: &[(&str, &str, Option<u32>, Option<u32>)] = &[
    // A case who recovers reliably: both fall well past their thresholds and below caseness.
    ("P1", "pre", Some(15), Some(12)),
    ("P1", "post", Some(4), Some(3)),
    // A case who improves reliably (PHQ-9 falls 8) but stays a case (PHQ-9 12 >= 10).
    ("P2", "pre", Some(20), Some(10)),
    ("P2", "post", Some(12), Some(9)),
    // Not a case; small falls.
    ("P3", "pre", Some(5), Some(4)),
    ("P3", "post", Some(3), Some(2)),
    // Not a case at the start; deteriorates reliably (PHQ-9 rises 7, GAD-7 1).
    ("P4", "pre", Some(8), Some(6)),
    ("P4", "post", Some(15), Some(7)),
    // A case who is missing at post: left out of every count.
    ("P5", "pre", Some(18), Some(15)),
    // A case (GAD-7 exactly 8) who recovers without reliable improvement (falls 3 and 2).
    ("P6", "pre", Some(11), Some(8)),
    ("P6", "post", Some(8), Some(6)),
    // Mixed: PHQ-9 falls 7 (reliably) while GAD-7 rises 4 (reliably): neither improvement nor
    // deterioration; GAD-7 9 at post is still a case, so no recovery.
    ("P7", "pre", Some(14), Some(5)),
    ("P7", "post", Some(7), Some(9)),
    // A case on GAD-7 only, falling exactly its threshold (11 to 7) to below caseness:
    // reliable recovery.
    ("P8", "pre", Some(6), Some(11)),
    ("P8", "post", Some(6), Some(7)),
    // GAD-7 unanswered at post: not scored on every measure, so left out (PHQ-9 alone counts it).
    ("P9", "pre", Some(12), Some(9)),
    ("P9", "post", Some(5), None),
];

fn assert_counts(
    o: &TalkingTherapies,
    n: usize,
    case: usize,
    improved: usize,
    deteriorated: usize,
    recovered: usize,
    reliably_recovered: usize,
) {
    assert_eq!(
        (o.n, o.caseness_at_start, o.reliable_improvement, o.reliable_deterioration, o.recovery, o.reliable_recovery),
        (n, case, improved, deteriorated, recovered, reliably_recovered),
        "(n, case, improvement, deterioration, recovery, reliable recovery) from {} to {}",
        o.from,
        o.to
    );
}

#[test]
fn phq9_and_gad7_together() {
    let (_tmp, dir) =
        programme(&toml("[\"pre\", \"post\"]", &[("phq-9", "phq9_"), ("gad-7", "gad7_")]), &scores(PEOPLE));
    let all = outcomes(&dir);
    assert_eq!(all.len(), 1);
    let o = &all[0];
    assert_eq!((o.from.as_str(), o.to.as_str()), ("pre", "post"));
    assert_eq!(o.measures, ["phq-9", "gad-7"]);
    // n: P1, P2, P3, P4, P6, P7, P8. Cases: P1, P2, P6, P7, P8. Improvement: P1, P2, P8.
    // Deterioration: P4. Recovery: P1, P6, P8. Reliable recovery: P1, P8.
    assert_counts(o, 7, 5, 3, 1, 3, 2);
    assert_eq!(o.recovery_rate, Some(3.0 / 5.0));
}

#[test]
fn phq9_alone() {
    let (_tmp, dir) = programme(&toml("[\"pre\", \"post\"]", &[("phq-9", "phq9_")]), &scores(PEOPLE));
    let all = outcomes(&dir);
    assert_eq!(all.len(), 1);
    let o = &all[0];
    assert_eq!(o.measures, ["phq-9"]);
    // PHQ-9 only (case >= 10, reliable change 6): P9 now counts; P7 (14 to 7) improves and
    // recovers reliably; P8 (6 to 6) is not a case.
    // n: P1, P2, P3, P4, P6, P7, P8, P9. Cases: P1, P2, P6, P7, P9. Improvement: P1, P2, P7, P9.
    // Deterioration: P4. Recovery: P1, P6, P7, P9. Reliable recovery: P1, P7, P9.
    assert_counts(o, 8, 5, 4, 1, 4, 3);
    assert_eq!(o.recovery_rate, Some(4.0 / 5.0));
}

#[test]
fn one_entry_per_later_timepoint() {
    let rows = [
        ("A", "pre", Some(16), Some(12)),
        ("A", "mid", Some(12), Some(8)),
        ("A", "end", Some(4), Some(3)),
        ("B", "pre", Some(9), Some(5)),
        ("B", "mid", Some(9), Some(5)),
    ];
    let (_tmp, dir) =
        programme(&toml("[\"pre\", \"mid\", \"end\"]", &[("gad-7", "gad7_"), ("phq-9", "phq9_")]), &scores(&rows));
    let all = outcomes(&dir);
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].measures, ["gad-7", "phq-9"], "the programme's order");
    assert_eq!((all[0].from.as_str(), all[0].to.as_str()), ("pre", "mid"));
    // A at mid: a case; falls 4 on each (reliably on GAD-7 only), still a case on both. B: no change.
    assert_counts(&all[0], 2, 1, 1, 0, 0, 0);
    assert_eq!(all[0].recovery_rate, Some(0.0));
    assert_eq!((all[1].from.as_str(), all[1].to.as_str()), ("pre", "end"));
    // Only A is scored at the end: reliable recovery.
    assert_counts(&all[1], 1, 1, 1, 0, 1, 1);
    assert_eq!(all[1].recovery_rate, Some(1.0));
}

#[test]
fn no_case_at_the_start_leaves_the_recovery_rate_undefined() {
    let rows = [("A", "pre", Some(3), Some(2)), ("A", "post", Some(2), Some(2))];
    let (_tmp, dir) =
        programme(&toml("[\"pre\", \"post\"]", &[("phq-9", "phq9_"), ("gad-7", "gad7_")]), &scores(&rows));
    let all = outcomes(&dir);
    assert_counts(&all[0], 1, 0, 0, 0, 0, 0);
    assert_eq!(all[0].recovery_rate, None);
}

#[test]
fn nothing_without_phq9_or_gad7() {
    let toml = "[programme]\ntitle = \"No TT\"\ntemplate = \"workplace\"\n\n[data]\nscores = \"data/scores.csv\"\n\n\
                [[measures]]\ncolumn = \"wellbeing\"\nlabel = \"Wellbeing\"\nbetter = \"higher\"\n";
    let scores = "participant_id,timepoint,wellbeing\nA,pre,20\nA,post,25\n";
    let (_tmp, dir) = programme(toml, scores);
    assert!(outcomes(&dir).is_empty());
}
