//! How a pooled outcome is told: the sentence (the pooled change with its interval, how much the
//! studies differed, what a new one might see) and the forest plot with its table. Sites of a
//! programme and programmes of a portfolio are told alike; only the word for a study differs.

use super::format::{interval, number};
use super::model::{Figure, Table};
use super::words::apa_p;
use crate::charts::forest::{self, ForestLabels};
use crate::instruments::Better;
use crate::problem::Problem;
use crate::stats::pooling::{Model, Pooled};

/// I² from which studies are said to differ moderately, substantially and considerably: the
/// Cochrane Handbook's overlapping guide (section 10.10.2) read at its band edges.
const I2_BANDS: [(f64, &str); 3] = [(75.0, "considerably"), (50.0, "substantially"), (30.0, "moderately")];

/// How the studies pooled are spoken of.
#[derive(Debug, Clone)]
pub struct PoolWords {
    /// One study: `school`, `organisation`, `programme`.
    pub unit: String,
    /// The confidence level of the intervals.
    pub confidence: f64,
}

/// The pooled estimate, how much the studies differed, and what a new one might see.
pub fn sentence(words: &PoolWords, better: Better, pooled: &Pooled) -> String {
    let one = &words.unit;
    let many = plural(one);
    let percent = format!("{:.0}%", words.confidence * 100.0);
    let effect = pooled.effect.key().to_uppercase();
    let test = match (pooled.model, pooled.t, pooled.df) {
        (Model::Random, Some(t), Some(df)) => format!(", t({df}) = {}, {}", number(Some(t), 2), apa_p(pooled.p)),
        (Model::Common, Some(z), _) => format!(", z = {}, {}", number(Some(z), 2), apa_p(pooled.p)),
        _ => String::new(),
    };
    let mut s = format!(
        "Across the {} {many}, the pooled standardised mean change ({effect}) was {} ({percent} CI {}){test}",
        pooled.k,
        number(Some(pooled.estimate), 2),
        interval(Some(pooled.ci), 2),
    );
    let better = if better == Better::Lower { -1.0 } else { 1.0 };
    let excludes_zero = pooled.ci[0] > 0.0 || pooled.ci[1] < 0.0;
    s.push_str(match (excludes_zero, pooled.estimate * better > 0.0) {
        (true, true) => ": on average, an improvement.",
        (true, false) => ": on average, a change in the unwanted direction.",
        (false, _) => ": the interval includes zero, so on average the data are consistent with no change.",
    });
    match pooled.model {
        Model::Random => {
            let how_much = I2_BANDS.iter().find(|(from, _)| pooled.i2 >= *from).map_or("little", |(_, word)| word);
            s.push_str(&format!(
                " The {many} differed {how_much}: τ² = {}, and I² = {:.0}%, the share of the spread between their \
                 estimates that is more than chance would give (Q({}) = {}, {}).",
                number(Some(pooled.tau2), 3),
                pooled.i2,
                pooled.q_df,
                number(Some(pooled.q), 2),
                apa_p(Some(pooled.q_p)),
            ));
            if let Some(pi) = pooled.pi {
                let where_new = if pi[0] * better > 0.0 && pi[1] * better > 0.0 {
                    format!("so a new {one} would be expected to see an improvement too")
                } else if pi[0] * better < 0.0 && pi[1] * better < 0.0 {
                    format!("so a new {one} would be expected to see a change in the unwanted direction")
                } else if one == "programme" {
                    "a range that includes zero: a new programme like these might bring no change".to_string()
                } else {
                    format!("a range that includes zero: at a new {one} the programme might bring no change")
                };
                s.push_str(&format!(
                    " A new {one} like these would be expected to see a change between {} and {} ({percent} prediction \
                     interval), {where_new}.",
                    number(Some(pi[0]), 2),
                    number(Some(pi[1]), 2),
                ));
            }
            if pooled.tau2_very_uncertain() {
                s.push_str(&format!(" With only two {many}, how much they differ is very uncertain."));
            }
        }
        Model::Common => s.push_str(&format!(
            " A common-effect model assumes every {one} has the same true change; the test of whether they differ gives \
             Q({}) = {}, {}.",
            pooled.q_df,
            number(Some(pooled.q), 2),
            apa_p(Some(pooled.q_p)),
        )),
    }
    s
}

/// The forest plot of `pooled` as a figure with id `id`, its numbers in a table beside it.
pub fn forest_figure(
    words: &PoolWords,
    better: Better,
    pooled: &Pooled,
    heading: &str,
    id: String,
) -> Result<Figure, Problem> {
    let unit = &words.unit;
    let drawn = forest::forest(pooled, &ForestLabels { outcome: heading, unit, better, confidence: words.confidence })
        .map_err(super::sections::chart_problem)?;
    let percent = format!("{:.0}%", words.confidence * 100.0);
    let rows = drawn
        .rows
        .iter()
        .map(|row| {
            vec![
                row.label.clone(),
                row.n.map_or_else(String::new, |n| n.to_string()),
                number(row.estimate, 2),
                interval(Some([row.interval.0, row.interval.1]), 2),
                row.weight.map_or_else(String::new, |w| format!("{w:.1}%")),
            ]
        })
        .collect();
    Ok(Figure {
        id: id.clone(),
        svg: drawn.svg,
        alt: drawn.alt,
        caption: format!(
            "{heading}: each {unit}'s standardised mean change with its {percent} CI; the diamond is the pooled estimate."
        ),
        data: Table {
            id,
            caption: format!("{heading}: change at each {unit} and pooled"),
            columns: vec![
                super::sections::capitalised(unit),
                "n".into(),
                pooled.effect.key().to_uppercase(),
                format!("{percent} CI"),
                "Weight".into(),
            ],
            rows,
            notes: Vec::new(),
            csv: None,
        },
    })
}

/// A noun's plural by the common English rules: `school` → `schools`, `community` →
/// `communities`, `branch` → `branches`.
pub fn plural(noun: &str) -> String {
    let consonant_y = noun.ends_with('y') && !["ay", "ey", "oy", "uy"].iter().any(|end| noun.ends_with(end));
    if consonant_y {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| noun.ends_with(end)) {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plurals_follow_the_common_rules() {
        assert_eq!(plural("school"), "schools");
        assert_eq!(plural("community"), "communities");
        assert_eq!(plural("day"), "days");
        assert_eq!(plural("branch"), "branches");
        assert_eq!(plural("programme"), "programmes");
    }
}
