//! Survey platforms' exports, recognised by their header rows.
//!
//! Qualtrics writes extra header rows under the column names, and they must never be taken for
//! responses. Three layouts exist:
//!
//! - legacy (before about 2017): `V1`…`V10` then export tags; row 2 holds labels (`ResponseID`,
//!   …, question text). The `V` columns are renamed after their labels, so `ResponseID` names the
//!   respondent id as in the later layouts;
//! - early "Insights": row 2 question text, row 3 `{'ImportId': 'QID4-1-1'}` (single quotes);
//! - current: row 2 display labels (in the exporting account's language), row 3 JSON
//!   `{"ImportId":"QID1"}`.
//!
//! REDCap, Google Forms, Microsoft Forms and SurveyGizmo write one header row; they are named
//! for `check` only.

use std::fmt;

use csv::StringRecord;

/// A survey platform's export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// Qualtrics, in one of its header layouts.
    Qualtrics(QualtricsLayout),
    /// A REDCap records export (`redcap_event_name`, `redcap_repeat_instrument`, …).
    Redcap,
    /// Google Forms responses (a `Timestamp` column, then questions).
    GoogleForms,
    /// Microsoft Forms responses (`ID`, `Start time`, `Completion time`, …).
    MicrosoftForms,
    /// SurveyGizmo (Alchemer) responses (`Time Started`, `Date Submitted`, `Status`, …).
    SurveyGizmo,
}

/// Which of Qualtrics's header layouts an export has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QualtricsLayout {
    /// `V1`…`V10` and a row of labels: two header rows.
    Legacy,
    /// Question text and `{'ImportId': …}` rows: three header rows.
    EarlyInsights,
    /// Display labels and `{"ImportId": …}` rows: three header rows.
    Current,
}

impl Export {
    /// How many rows under the column names are header rows too.
    pub fn extra_header_rows(self) -> usize {
        match self {
            Export::Qualtrics(QualtricsLayout::Legacy) => 1,
            Export::Qualtrics(_) => 2,
            _ => 0,
        }
    }
}

impl fmt::Display for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Export::Qualtrics(QualtricsLayout::Legacy) => "Qualtrics export (legacy layout; row 2 of labels skipped)",
            Export::Qualtrics(QualtricsLayout::EarlyInsights) => {
                "Qualtrics export (early Insights layout; rows 2–3 of question text and import ids skipped)"
            }
            Export::Qualtrics(QualtricsLayout::Current) => {
                "Qualtrics export (rows 2–3 of labels and import ids skipped)"
            }
            Export::Redcap => "REDCap export",
            Export::GoogleForms => "Google Forms export",
            Export::MicrosoftForms => "Microsoft Forms export",
            Export::SurveyGizmo => "SurveyGizmo export",
        })
    }
}

/// Recognise an export from its (cleaned) header and the rows right under it. A legacy
/// Qualtrics header gets its `V1`…`V10` columns renamed after the labels on row 2.
pub(super) fn recognise(header: &mut [String], next: &[StringRecord]) -> Option<Export> {
    let import_ids = |row: &StringRecord| {
        row.iter().map(str::trim).find(|cell| cell.starts_with('{') && cell.contains("ImportId")).map(|cell| {
            if cell.contains("'ImportId'") { QualtricsLayout::EarlyInsights } else { QualtricsLayout::Current }
        })
    };
    if let Some(layout) = next.get(1).and_then(import_ids) {
        return Some(Export::Qualtrics(layout));
    }
    let starts = |names: &[&str]| header.len() >= names.len() && names.iter().zip(header.iter()).all(|(n, h)| n == h);
    if starts(&["V1", "V2", "V3"])
        && let Some(labels) = next.first()
        && labels.get(0).map(str::trim) == Some("ResponseID")
    {
        for (name, label) in header.iter_mut().zip(labels.iter()).take(10) {
            let numbered = name.strip_prefix('V').is_some_and(|n| n.parse::<u8>().is_ok());
            if numbered && !label.trim().is_empty() {
                *name = label.trim().to_string();
            }
        }
        return Some(Export::Qualtrics(QualtricsLayout::Legacy));
    }
    if header.iter().any(|h| h.starts_with("redcap_")) {
        Some(Export::Redcap)
    } else if starts(&["ID", "Start time", "Completion time"]) {
        Some(Export::MicrosoftForms)
    } else if starts(&["Time Started", "Date Submitted"]) {
        Some(Export::SurveyGizmo)
    } else if starts(&["Timestamp"]) {
        Some(Export::GoogleForms)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &str) -> Vec<String> {
        names.split(',').map(String::from).collect()
    }

    fn rows(rows: &[&[&str]]) -> Vec<StringRecord> {
        rows.iter().map(|r| StringRecord::from(r.to_vec())).collect()
    }

    #[test]
    fn qualtrics_layouts_are_told_apart() {
        let mut current = header("StartDate,ResponseId,Q1");
        let next = rows(&[&["Start Date", "Response ID", "How?"], &["{\"ImportId\":\"startDate\"}", "x", "y"]]);
        assert_eq!(recognise(&mut current, &next), Some(Export::Qualtrics(QualtricsLayout::Current)));
        let mut early = header("ResponseID,Q1");
        let next = rows(&[&["ResponseID", "How?"], &["{'ImportId': 'responseId'}", "{'ImportId': 'QID1'}"]]);
        assert_eq!(recognise(&mut early, &next), Some(Export::Qualtrics(QualtricsLayout::EarlyInsights)));
        let mut legacy = header("V1,V2,V3,Q1");
        let next = rows(&[&["ResponseID", "ResponseSet", "Name", "How?"], &["R_1", "Default", "Anonymous", "2"]]);
        assert_eq!(recognise(&mut legacy, &next), Some(Export::Qualtrics(QualtricsLayout::Legacy)));
        assert_eq!(legacy, header("ResponseID,ResponseSet,Name,Q1"));
    }

    #[test]
    fn other_platforms_are_named_and_plain_files_are_not() {
        let none: Vec<StringRecord> = Vec::new();
        assert_eq!(recognise(&mut header("record_id,redcap_event_name,q1"), &none), Some(Export::Redcap));
        assert_eq!(recognise(&mut header("Timestamp,How often?"), &none), Some(Export::GoogleForms));
        assert_eq!(recognise(&mut header("participant_id,timepoint,q1"), &none), None);
    }
}
