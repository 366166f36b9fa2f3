//! A measure that is one already-scored column answered in words ("How confident do you
//! feel?" — "Not at all" … "Very") is scored through its `labels`, matched as an item's are.

mod common;

use common::programme;

const PROGRAMME: &str = r#"[programme]
title = "One question"
template = "schools"

[data]
scores = "data/scores.csv"

[[measures]]
label = "Confidence"
column = "confidence"
better = "higher"
labels = { "Not at all" = 1, "A little" = 2, "Quite" = 3, "Very" = 4 }
"#;

const SCORES: &str = "participant_id,timepoint,confidence
P1,pre,Not at all
P2,pre,a little
P3,pre, Quite
P4,pre,A  little
P1,post,Quite
P2,post,VERY
P3,post,Very
P4,post,3
";

#[test]
fn word_answers_to_one_question_are_scored() {
    let (_tmp, dir) = programme(PROGRAMME, SCORES);
    let analysed = impact::pipeline::analyse(&dir).unwrap_or_else(|p| panic!("{p}"));
    let outcome = &analysed.results.outcomes[0];
    assert_eq!((outcome.measure.as_str(), outcome.label.as_str(), outcome.n_pairs), ("confidence", "Confidence", 4));
    // 1, 2, 3, 2 → 3, 4, 4, 3 (a number among the words is read as itself).
    assert_eq!(outcome.paired.pre_mean, Some(2.0));
    assert_eq!(outcome.paired.post_mean, Some(3.5));
}

#[test]
fn an_unmapped_word_is_named_with_the_labels_there_are() {
    let (_tmp, dir) = programme(PROGRAMME, &SCORES.replace("P3,post,Very", "P3,post,Extremely"));
    let problems = impact::pipeline::analyse(&dir).unwrap_err().to_string();
    assert!(
        problems.contains(
            "data/scores.csv:8:3: answer 'Extremely' for item confidence (Confidence) is not one of its labels"
        ) && problems.contains(
            "help: the labels are 'Not at all' = 1, 'A little' = 2, 'Quite' = 3, 'Very' = 4; add \"Extremely\" = \
             <number> to the measure's labels in programme.toml, or correct the answer"
        ),
        "{problems}"
    );
}

#[test]
fn prefix_and_scales_still_belong_to_instruments() {
    let (_tmp, dir) =
        programme(&PROGRAMME.replace("better = \"higher\"\n", "better = \"higher\"\nprefix = \"c_\"\n"), SCORES);
    let problems = impact::pipeline::analyse(&dir).unwrap_err().to_string();
    assert!(problems.contains("`prefix` and `scales` belong to instrument measures"), "{problems}");
}

#[test]
fn labels_far_apart_are_refused() {
    let (_tmp, dir) = programme(&PROGRAMME.replace("\"Very\" = 4", "\"Very\" = 400"), SCORES);
    let problems = impact::pipeline::analyse(&dir).unwrap_err().to_string();
    assert!(problems.contains("the labels of 'Confidence' run from 1 to 400, more than 254 apart"), "{problems}");
}
