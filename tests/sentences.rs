//! The sentence forms of the report: p < .001, a non-significant result, a worsening, n < 10, a
//! CI crossing 0 and a statistic that could not be computed.

mod common;

use impact::analysis::{Describe, Diff, Effect, Outcome, Paired, ShapiroResult, WilcoxonResult};
use impact::report::words::Voice;

struct Case {
    n: usize,
    means: (f64, f64),
    better: &'static str,
    t: Option<f64>,
    p: Option<f64>,
    dz_ci: Option<[f64; 2]>,
    gav: Option<f64>,
}

fn outcome(c: &Case) -> Outcome {
    let diff = c.means.1 - c.means.0;
    Outcome {
        measure: "scs-sf".into(),
        scale: "total".into(),
        label: "Self-compassion".into(),
        instrument: Some("SCS-SF".into()),
        from: "pre".into(),
        to: "post".into(),
        better: c.better,
        range: Some(if c.means.0 < 10.0 { [1.0, 5.0] } else { [0.0, 36.0] }),
        n_pairs: c.n,
        pre: Describe { n: c.n, mean: Some(c.means.0), sd: Some(0.7) },
        post: Describe { n: c.n, mean: Some(c.means.1), sd: Some(0.8) },
        paired: Paired {
            pre_mean: Some(c.means.0),
            pre_sd: Some(0.7),
            post_mean: Some(c.means.1),
            post_sd: Some(0.8),
            r: Some(0.6),
        },
        diff: Diff { mean: Some(diff), sd: Some(0.4), ci: c.t.map(|_| [diff - 0.2, diff + 0.2]) },
        t: c.t,
        df: c.t.map(|_| (c.n - 1) as f64),
        p: c.p,
        p_adjusted: c.p,
        wilcoxon: WilcoxonResult { v: None, p: None, exact: None },
        shapiro: ShapiroResult { w: None, p: None },
        effect: Effect { dz: c.t.map(|_| diff / 0.4), dz_ci: c.dz_ci, dav: c.gav, gav: c.gav },
        alpha: None,
        reliable_change: None,
        bands: None,
    }
}

/// Sentences keep intervals on one line with a no-break space; compare with plain spaces.
fn plain(text: String) -> String {
    text.replace('\u{a0}', " ")
}

fn voice(o: &Outcome) -> Voice<'_> {
    Voice { outcome: o, name: "Self-compassion (SCS-SF)".into(), adjusted: false, confidence: 0.95 }
}

#[test]
fn a_very_small_p_reads_p_less_than_001() {
    let o = outcome(&Case {
        n: 24,
        means: (2.8, 3.5),
        better: "higher",
        t: Some(8.57),
        p: Some(0.00002),
        dz_ci: Some([1.1, 2.4]),
        gav: Some(0.93),
    });
    assert_eq!(
        plain(voice(&o).full()),
        "Self-compassion (SCS-SF) rose from 2.80 at pre to 3.50 at post (n = 24), an improvement. The mean change was \
         +0.70 (95% CI [0.50, 0.90]); it is statistically significant, t(23) = 8.57, p < .001; d_z = 1.75, 95% CI \
         [1.10, 2.40]. As g_av = 0.93, the effect is large by Cohen's (1988) conventions."
    );
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF) rose from 2.80 to 3.50 by post (n = 24, p < .001, a large effect)."
    );
}

#[test]
fn a_non_significant_result_says_so() {
    let o = outcome(&Case {
        n: 30,
        means: (3.0, 3.1),
        better: "higher",
        t: Some(1.2),
        p: Some(0.2397),
        dz_ci: Some([-0.14, 0.58]),
        gav: Some(0.13),
    });
    let full = plain(voice(&o).full());
    assert!(full.contains("it is not statistically significant, t(29) = 1.20, p = .240"), "{full}");
    assert!(full.contains("the effect is negligible"), "{full}");
    assert!(
        full.ends_with("The interval for d_z includes zero, so the data are also consistent with no change."),
        "{full}"
    );
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF): no statistically significant change (3.00 to 3.10 by post; n = 30, p = .240)."
    );
}

#[test]
fn a_worsening_is_named_as_such() {
    let o = outcome(&Case {
        n: 20,
        means: (3.4, 2.9),
        better: "higher",
        t: Some(-3.1),
        p: Some(0.006),
        dz_ci: Some([-1.2, -0.2]),
        gav: Some(-0.64),
    });
    let full = plain(voice(&o).full());
    assert!(full.starts_with("Self-compassion (SCS-SF) fell from 3.40 at pre to 2.90 at post (n = 20), a change in the unwanted direction."), "{full}");
    assert!(full.contains("the effect is medium"), "{full}");
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF) fell in the unwanted direction from 3.40 to 2.90 by post (n = 20, p = .006, a medium effect)."
    );
}

#[test]
fn a_lower_is_better_fall_is_an_improvement() {
    let mut o = outcome(&Case {
        n: 17,
        means: (19.3, 13.1),
        better: "lower",
        t: Some(-4.0),
        p: Some(0.001),
        dz_ci: Some([-1.5, -0.4]),
        gav: Some(-0.9),
    });
    o.label = "Inadequate self".into();
    let v = Voice { outcome: &o, name: "Inadequate self (FSCRS)".into(), adjusted: false, confidence: 0.95 };
    assert!(
        v.full().starts_with("Inadequate self (FSCRS) fell from 19.3 at pre to 13.1 at post (n = 17), an improvement."),
        "{}",
        v.full()
    );
}

#[test]
fn fewer_than_ten_people_are_flagged() {
    let o = outcome(&Case {
        n: 8,
        means: (2.5, 3.2),
        better: "higher",
        t: Some(2.9),
        p: Some(0.023),
        dz_ci: Some([0.1, 1.9]),
        gav: Some(0.8),
    });
    assert!(voice(&o).full().ends_with("With only 8 people, this estimate is imprecise."), "{}", voice(&o).full());
}

#[test]
fn a_statistic_that_cannot_be_computed_is_explained() {
    let o = outcome(&Case { n: 1, means: (2.5, 3.0), better: "higher", t: None, p: None, dz_ci: None, gav: None });
    assert_eq!(
        voice(&o).full(),
        "Self-compassion (SCS-SF): only 1 person was scored at both pre and post, too few to test the change."
    );
    assert_eq!(voice(&o).short(), "Self-compassion (SCS-SF): too few paired scores to test (n = 1).");
    let o = outcome(&Case { n: 6, means: (2.5, 3.0), better: "higher", t: None, p: None, dz_ci: None, gav: Some(0.6) });
    assert_eq!(
        voice(&o).full(),
        "Self-compassion (SCS-SF) changed by the same amount (+0.50) for all 6 people scored at both pre and post, so no test statistic can be computed."
    );
}

#[test]
fn adjusted_p_values_are_named() {
    let o = outcome(&Case {
        n: 24,
        means: (2.8, 3.5),
        better: "higher",
        t: Some(3.0),
        p: Some(0.0064),
        dz_ci: Some([0.2, 1.0]),
        gav: Some(0.5),
    });
    let v = Voice { adjusted: true, ..voice(&o) };
    assert!(v.full().contains("p = .006 (Holm-adjusted p = .006)"), "{}", v.full());
    assert!(v.short().contains("adjusted p = .006"), "{}", v.short());
}

#[test]
fn a_change_that_is_not_significant_is_not_called_an_improvement() {
    let case =
        |means, better| Case { n: 30, means, better, t: Some(1.2), p: Some(0.2397), dz_ci: None, gav: Some(0.13) };
    let wanted = outcome(&case((3.0, 3.1), "higher"));
    let full = plain(voice(&wanted).full());
    assert!(
        full.starts_with(
            "Self-compassion (SCS-SF) rose from 3.00 at pre to 3.10 at post (n = 30), in the wanted direction. "
        ) && full.contains("it is not statistically significant"),
        "{full}"
    );
    assert!(!full.contains("improvement"), "{full}");
    let unwanted = outcome(&case((3.1, 3.0), "higher"));
    let full = plain(voice(&unwanted).full());
    assert!(full.contains("(n = 30), in the unwanted direction. ") && !full.contains("a change in"), "{full}");
}

/// A schools programme losing `k` people at every step of the flow: `k` enrolled in no file,
/// `k` declining, `k` never coming, `k` not completing, `k` without a baseline (nor any later
/// score), `k` not answering at post (withdrawn), `k` skipping the score at post; and five who do
/// everything.
fn losing(k: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let groups = ["declined", "never came", "did not complete", "no scores", "no post", "post empty", "all"];
    let mut people = Vec::new();
    for group in groups {
        for _ in 0..if group == "all" { 5 } else { k } {
            people.push((format!("P{:02}", people.len() + 1), group));
        }
    }
    let mut participants = String::from("participant_id,consented,withdrawn\n");
    let mut scores = String::from("participant_id,timepoint,wellbeing\n");
    let mut attendance = String::from("participant_id,session,attended\n");
    for (i, (id, group)) in people.iter().enumerate() {
        let consented = if *group == "declined" { "no" } else { "yes" };
        let withdrawn = if *group == "no post" { "yes" } else { "no" };
        participants.push_str(&format!("{id},{consented},{withdrawn}\n"));
        let came = match *group {
            "never came" => 0,
            "did not complete" => 1,
            _ => 4,
        };
        for s in 1..=4 {
            attendance.push_str(&format!("{id},{s},{}\n", if s <= came { "yes" } else { "no" }));
        }
        if *group != "no scores" {
            scores.push_str(&format!("{id},pre,{}\n", 2.0 + (i % 3) as f64 * 0.4));
            match *group {
                "no post" => {}
                "post empty" => scores.push_str(&format!("{id},post,\n")),
                _ => scores.push_str(&format!("{id},post,{}\n", 2.6 + (i % 4) as f64 * 0.3)),
            }
        }
    }
    let programme = format!(
        "[programme]\ntitle = \"Agreement\"\ntemplate = \"schools\"\nplanned_sessions = 4\n\n[data]\nscores = \
         \"data/scores.csv\"\nattendance = \"data/attendance.csv\"\nparticipants = \"data/participants.csv\"\n\n\
         [[measures]]\nlabel = \"Wellbeing\"\ncolumn = \"wellbeing\"\nbetter = \"higher\"\n\n[analysis]\ncompletion \
         = 0.75\n\n[flow]\nenrolled = {}\n",
        people.len() + k
    );
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    std::fs::create_dir_all(dir.join("data")).unwrap();
    std::fs::write(dir.join("programme.toml"), programme).unwrap();
    for (name, text) in [("participants.csv", participants), ("scores.csv", scores), ("attendance.csv", attendance)] {
        std::fs::write(dir.join("data").join(name), text).unwrap();
    }
    (tmp, dir)
}

/// The report's visible text and the diagram's accessible name, tags dropped, one space apart.
fn report_text(dir: &std::path::Path) -> String {
    let html = std::fs::read_to_string(dir.join("report/index.html")).unwrap();
    let svg = std::fs::read_to_string(dir.join("report/figures/participant-flow.svg")).unwrap();
    let html = match (html.find("<style"), html.find("</style>")) {
        (Some(start), Some(end)) => format!("{}{}", &html[..start], &html[end..]),
        _ => html,
    };
    let mut text = String::new();
    let mut in_tag = false;
    for c in format!("{html} {svg}").chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&nbsp;", " ").replace('\u{a0}', " ").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every place a count meets a noun or verb that disagrees with it: `1 staff`, `1 member of
/// staff were`, `2 member of staff`, `2 staff was`.
fn disagreements(text: &str) -> Vec<String> {
    let words: Vec<&str> = text.split(' ').map(|w| w.trim_matches(|c: char| !c.is_alphanumeric())).collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let Ok(n) = word.parse::<usize>() else { continue };
        let next = |k: usize| words.get(i + k).copied().unwrap_or("");
        let (noun_len, singular) = match (next(1), next(2), next(3)) {
            ("member", "of", "staff") | ("members", "of", "staff") => (3, next(1) == "member"),
            ("person", ..) | ("participant", ..) => (1, true),
            ("staff", ..) | ("people", ..) | ("participants", ..) => (1, false),
            _ => (0, n == 1),
        };
        let verb = next(noun_len + 1);
        let plural_verb = matches!(verb, "were" | "are" | "have");
        let singular_verb = matches!(verb, "was" | "is" | "has");
        let noun_wrong = noun_len > 0 && singular != (n == 1);
        let verb_wrong = (n == 1 && plural_verb) || (n != 1 && singular_verb);
        if noun_wrong || verb_wrong {
            found.push(words[i..(i + noun_len + 2).min(words.len())].join(" "));
        }
    }
    found
}

#[test]
fn counted_nouns_and_verbs_agree_with_1_and_with_2() {
    assert_eq!(
        disagreements("1 member of staff were not analysed; 2 staff was; 1 staff did"),
        ["1 member of staff were", "2 staff was", "1 staff did"]
    );
    for k in [1, 2] {
        let (_tmp, dir) = losing(k);
        impact::pipeline::analyse(&dir).unwrap_or_else(|p| panic!("{p}"));
        common::impact().arg("build").arg(&dir).args(["--format", "html"]).assert().success();
        let text = report_text(&dir);
        assert_eq!(disagreements(&text), Vec::<String>::new(), "with {k}");
        let (who, were) = if k == 1 { ("1 member of staff", "was") } else { ("2 staff", "were") };
        // Those without any scores are lost at pre and again at post, with those who left.
        let twice = 2 * k;
        for sentence in [
            format!("{who} {were} not analysed"),
            format!("{who} never came to a session"),
            format!("{who} did not complete the programme"),
            format!("{who} did not answer the questionnaires at pre"),
            format!("{twice} staff did not take part: {k} did not consent, {k} left no record in the data"),
            format!("{twice} staff did not answer the questionnaires at post"),
            format!("{k} of them withdrew"),
        ] {
            assert!(text.contains(&sentence), "with {k}: {sentence:?} missing from\n{text}");
        }
    }
}
