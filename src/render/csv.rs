//! Each table of the report as CSV, for a spreadsheet.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as
//! a formula, and names, sites and themes come from the data: such a text cell gets a leading
//! `'` (as OWASP advises for CSV injection), which spreadsheets show as text. Numbers are written
//! as numbers: tables whose cells join several numbers (`+0.29 (n = 7)`) have their own CSV
//! layout with a column per number ([`CsvTable`]); elsewhere a cell that is one number as the
//! report prints it (`−0.25`, `+0.29`) is written plainly (`-0.25`, `0.29`).

use crate::report::Table;
use crate::report::model::{Cell, CsvTable};

/// A table as CSV bytes: a header row, then the rows.
pub fn table(table: &Table) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    match &table.csv {
        Some(CsvTable { columns, rows }) => {
            let _ = writer.write_record(columns.iter().map(|c| inert(c)));
            for row in rows {
                let _ = writer.write_record(row.iter().map(cell));
            }
        }
        None => {
            let _ = writer.write_record(table.columns.iter().map(|c| inert(c)));
            for row in &table.rows {
                let _ = writer.write_record(row.iter().map(|c| shown_cell(c)));
            }
        }
    }
    writer.into_inner().unwrap_or_default()
}

fn cell(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => inert(text),
        Cell::Number(Some(x), decimals) if x.is_finite() => plain_number(*x, *decimals),
        Cell::Number(..) | Cell::Count(None) => String::new(),
        Cell::Count(Some(n)) => n.to_string(),
    }
}

/// `x` to `decimals` places with an ASCII minus, and no sign on a value that rounds to zero.
fn plain_number(x: f64, decimals: usize) -> String {
    let text = format!("{x:.decimals$}");
    if text.trim_start_matches('-').bytes().all(|b| b == b'0' || b == b'.') {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}

/// A cell as the report shows it: a lone number made plain, other text made inert.
fn shown_cell(text: &str) -> String {
    let ascii = text.replacen('\u{2212}', "-", 1);
    let unsigned = ascii.strip_prefix('+').unwrap_or(&ascii);
    if is_plain_number(unsigned) {
        return unsigned.to_string();
    }
    inert(text)
}

/// `12`, `-0.25`, `3.5`: digits with at most one point and a leading minus.
pub fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// Text a spreadsheet will not run: one starting (after any white space) with a formula
/// character, or with a tab or carriage return, gets a leading `'`. Plain numbers stay numbers.
pub fn inert(text: &str) -> String {
    let starts_badly = text.starts_with(['\t', '\r'])
        || text.trim_start().starts_with(['=', '+', '-', '@', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}']);
    if starts_badly && !is_plain_number(text) { format!("'{text}") } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_text_is_made_inert_and_numbers_stay_numbers() {
        for bad in ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\r=1", "  =1", "-inf", "＝1"] {
            assert_eq!(inert(bad), format!("'{bad}"), "{bad:?}");
        }
        for fine in ["North ward", "-0.25", "12", "'quoted", "a=b", "3.5"] {
            assert_eq!(inert(fine), fine);
        }
        assert_eq!(shown_cell("\u{2212}0.25"), "-0.25");
        assert_eq!(shown_cell("+0.29"), "0.29");
        assert_eq!(shown_cell("+0.29 (n = 7)"), "'+0.29 (n = 7)");
        assert_eq!(shown_cell("\u{2212}0.20 [x]"), "\u{2212}0.20 [x]");
    }

    #[test]
    fn typed_cells_are_plain() {
        assert_eq!(cell(&Cell::Number(Some(-0.001), 2)), "0.00");
        assert_eq!(cell(&Cell::Number(Some(-1.234), 2)), "-1.23");
        assert_eq!(cell(&Cell::Number(None, 2)), "");
        assert_eq!(cell(&Cell::Number(Some(f64::NAN), 2)), "");
        assert_eq!(cell(&Cell::Count(Some(7))), "7");
        assert_eq!(cell(&Cell::text("-x")), "'-x");
        assert_eq!(cell(&Cell::p_value(Some(0.0000123))), "0.00001230");
        assert_eq!(cell(&Cell::p_value(Some(0.5))), "0.5000");
    }
}
