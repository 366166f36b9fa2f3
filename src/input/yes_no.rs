//! Yes/no cells as spreadsheets and survey tools write them: `1/0`, `yes/no`, `y/n`,
//! `true/false`, `present/absent`, in any case.

/// The accepted spellings, for help messages.
pub(crate) const ACCEPTED: &str = "1/0, yes/no, y/n, true/false or present/absent";

/// A yes/no cell: `Ok(None)` when empty (or R's `NA`), `Err(())` when it is neither.
pub(crate) fn parse(cell: &str) -> Result<Option<bool>, ()> {
    let cell = cell.trim();
    if cell.is_empty() || cell == "NA" {
        return Ok(None);
    }
    // Compared in place, without a lower-case copy: attendance files hold millions of cells.
    let is_one_of = |words: &[&str]| words.iter().any(|word| cell.eq_ignore_ascii_case(word));
    if is_one_of(&["1", "yes", "y", "true", "t", "present"]) {
        Ok(Some(true))
    } else if is_one_of(&["0", "no", "n", "false", "f", "absent"]) {
        Ok(Some(false))
    } else {
        Err(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_are_read() {
        for yes in ["1", "Yes", "y", "TRUE", "present"] {
            assert_eq!(parse(yes), Ok(Some(true)), "{yes}");
        }
        for no in ["0", "no", "N", "false", "Absent"] {
            assert_eq!(parse(no), Ok(Some(false)), "{no}");
        }
        assert_eq!(parse(" "), Ok(None));
        assert_eq!(parse("NA"), Ok(None));
        assert_eq!(parse("maybe"), Err(()));
        assert_eq!(parse("2"), Err(()));
    }
}
