//! `results.json`: every number of the report, for other programs.

use crate::analysis::Results;

/// The results as pretty-printed JSON with a final newline.
pub fn results_json(results: &Results) -> String {
    to_json(results)
}

/// Any results (a programme's or a portfolio's) as pretty-printed JSON with a final newline.
pub fn to_json(results: &impl serde::Serialize) -> String {
    // Serialising plain structs of numbers and strings cannot fail.
    let mut text = serde_json::to_string_pretty(results).expect("results serialise");
    text.push('\n');
    text
}
