//! One cell of the scores file as a response: a number, a word with a label, or missing.
//!
//! The common case, a small whole number, is read without a float parse or an allocation; a
//! message is only built for a cell that is wrong.

use super::{ItemSpec, MISSING};
use crate::problem::quoted;

/// What is wrong with a cell: the message and a likely fix.
pub(super) struct Wrong {
    pub message: String,
    pub help: String,
}

/// Values that mean "not answered" besides an empty cell: R writes NA.
fn is_missing(cell: &str) -> bool {
    cell.is_empty() || cell == "NA"
}

/// A whole number of up to nine digits with an optional minus sign.
fn small_whole_number(cell: &str) -> Option<i64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value = digits.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    Some(if digits.len() < cell.len() { -value } else { value })
}

/// A number, with a decimal comma (`2,5`) where the file's delimiter allows one.
pub(super) fn number(cell: &str, decimal_comma: bool) -> Option<f64> {
    if let Some(value) = small_whole_number(cell) {
        return Some(value as f64);
    }
    let parsed = if decimal_comma && cell.contains(',') && !cell.contains('.') {
        cell.replacen(',', ".", 1).parse::<f64>()
    } else {
        cell.parse::<f64>()
    };
    parsed.ok().filter(|v| v.is_finite())
}

/// Whether a cell could be an answer given in words, worth suggesting as a label.
fn could_be_label(cell: &str) -> bool {
    cell.chars().count() <= 40 && !cell.contains(|c: char| c.is_control() || c == '"') && cell.parse::<f64>().is_err()
}

/// The help for a cell that is no number: a spreadsheet error, a decimal comma, or a word.
fn not_a_number_help(cell: &str, expected: &str) -> String {
    if cell.starts_with('#') {
        return format!("the spreadsheet cell shows the error {cell}: correct its formula, or clear the cell");
    }
    if cell.contains(',') && cell.replacen(',', ".", 1).parse::<f64>().is_ok() {
        return "a decimal comma is read in files delimited by ; or tab; in a comma-delimited file write 2.5".into();
    }
    expected.to_string()
}

/// The stored code of an item response (`value - min`), or what is wrong with it; `column` is
/// the name of the column it is in.
pub(super) fn item_code(cell: &str, spec: &ItemSpec, column: &str, decimal_comma: bool) -> Result<u8, Wrong> {
    // Most cells are one digit in range: a hundred million of them in a large cohort.
    if let &[digit @ b'0'..=b'9'] = cell.as_bytes()
        && let value = i32::from(digit - b'0')
        && (spec.min..=spec.max).contains(&value)
    {
        return Ok((value - spec.min) as u8);
    }
    let cell = cell.trim();
    if is_missing(cell) {
        return Ok(MISSING);
    }
    let value = match number(cell, decimal_comma) {
        Some(value) => value,
        None => match spec.labels.as_deref().map(|labels| (labels.number(cell), labels)) {
            Some((Some(value), _)) => f64::from(value),
            Some((None, labels)) => {
                return Err(Wrong {
                    message: format!(
                        "answer {} for item {} ({}) is not one of its labels",
                        quoted(cell),
                        column,
                        spec.what
                    ),
                    help: not_a_number_help(
                        cell,
                        &if could_be_label(cell) {
                            format!(
                                "the labels are {}; add \"{cell}\" = <number> to the measure's labels in \
                                 programme.toml, or correct the answer",
                                labels.describe()
                            )
                        } else {
                            format!("the labels are {}; correct the answer", labels.describe())
                        },
                    ),
                });
            }
            None => {
                let range = format!("{}–{}", spec.min, spec.max);
                return Err(Wrong {
                    message: format!("value {} is not a number for item {} ({})", quoted(cell), column, spec.what),
                    help: not_a_number_help(
                        cell,
                        &if could_be_label(cell) {
                            format!(
                                "answers are numbers from {range}; for answers given as words, map them with labels = \
                                 {{ \"{cell}\" = <number>, … }} on the measure in programme.toml; leave the cell \
                                 empty when the item was not answered"
                            )
                        } else {
                            format!(
                                "answers are numbers from {range}; leave the cell empty when the item was not answered"
                            )
                        },
                    ),
                });
            }
        },
    };
    let in_range = value >= f64::from(spec.min) && value <= f64::from(spec.max);
    if in_range && value.fract() == 0.0 {
        return Ok((value as i32 - spec.min) as u8);
    }
    let range = format!("{}–{}", spec.min, spec.max);
    Err(if in_range {
        Wrong {
            message: format!("value {cell} is not a whole number for item {} ({})", column, spec.what),
            help: format!(
                "item responses are whole numbers from {range}; is this a scored column rather than an item?"
            ),
        }
    } else {
        Wrong {
            message: format!("value {cell} is outside {range} for item {} ({})", column, spec.what),
            help: format!(
                "{} answers run from {range}; check how the export codes them (some platforms start at 0, others at 1)",
                spec.what
            ),
        }
    })
}

/// An already-scored value (NaN when missing), or what is wrong with it.
pub(super) fn scored_value(cell: &str, what: &str, decimal_comma: bool) -> Result<f64, Wrong> {
    let cell = cell.trim();
    if is_missing(cell) {
        return Ok(f64::NAN);
    }
    number(cell, decimal_comma).ok_or_else(|| Wrong {
        message: format!("value {} is not a number for {what}", quoted(cell)),
        help: not_a_number_help(cell, "leave the cell empty when there is no score"),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::input::labels::Labels;

    fn spec(labels: Option<Labels>) -> ItemSpec {
        ItemSpec {
            column: "q_1".into(),
            min: 1,
            max: 5,
            what: "Q item 1".into(),
            labels: labels.map(Arc::new),
            position: None,
        }
    }

    #[test]
    fn numbers_words_and_missing_cells_become_codes() {
        let plain = spec(None);
        assert_eq!(item_code(" 3 ", &plain, "q_1", false).ok(), Some(2));
        assert_eq!(item_code("NA", &plain, "q_1", false).ok(), Some(MISSING));
        assert_eq!(item_code("5.0", &plain, "q_1", false).ok(), Some(4));
        assert!(item_code("7", &plain, "q_1", false).unwrap_err().message.contains("outside 1–5"));
        assert!(item_code("often", &plain, "q_1", false).unwrap_err().help.contains("labels"));
        assert!(item_code("#N/A", &plain, "q_1", false).unwrap_err().help.contains("error #N/A"));
        let worded = spec(Some(Labels::new([("Never", 1), ("Always", 5)]).unwrap()));
        assert_eq!(item_code(" always", &worded, "q_1", false).ok(), Some(4));
        let wrong = item_code("Sometimes", &worded, "q_1", false).unwrap_err();
        assert!(wrong.message.contains("answer 'Sometimes'"), "{}", wrong.message);
        assert!(wrong.help.contains("'Never' = 1, 'Always' = 5"), "{}", wrong.help);
    }

    #[test]
    fn decimal_commas_only_where_the_delimiter_allows() {
        assert_eq!(number("2,5", true), Some(2.5));
        assert_eq!(number("2,5", false), None);
        assert_eq!(number("-12", false), Some(-12.0));
        assert_eq!(number("inf", false), None);
        assert!(scored_value("1,5", "x", false).unwrap_err().help.contains("decimal comma"));
    }
}
