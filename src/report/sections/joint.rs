//! Numbers and words side by side: for each theme, what the numbers show (each outcome's mean
//! change for the people who voiced the theme and for those who did not) and what people said
//! (the theme's headline quote).

use crate::analysis::joint::{GroupChange, JointRow};
use crate::report::Context;
use crate::report::format::number;
use crate::report::model::{Block, Cell, CsvTable, Table};
use crate::report::words::signed;

pub(super) fn blocks(context: &Context) -> Vec<Block> {
    let results = &context.analysed.results;
    if results.joint_display.is_empty() {
        return Vec::new();
    }
    let min_cell = context.analysed.loaded.programme.analysis.min_cell as usize;
    let people = &context.template.settings.words.participants;
    let mut blocks = Vec::new();
    let themes = results.themes.iter().filter(|r| r.subtheme.is_none());
    let mut tables = 0;
    for theme in themes {
        let entries: Vec<&JointRow> = results.joint_display.iter().filter(|e| e.theme == theme.theme).collect();
        if entries.is_empty() {
            continue;
        }
        blocks.push(Block::Heading { text: format!("{}. {}", theme.number, theme.theme) });
        if entries.iter().all(|e| e.voiced.suppressed || e.not_voiced.suppressed) {
            let most = entries.iter().any(|e| e.not_voiced.suppressed);
            blocks.push(Block::Paragraph {
                text: format!(
                    "{} of the {people} with scores voiced this theme, so comparing those who did with those who \
                     did not would reveal individuals: groups of fewer than {min_cell} are not shown.",
                    if most { "Almost all" } else { "Very few" }
                ),
            });
        } else {
            tables += 1;
            blocks.push(Block::Table(theme_table(theme.number.as_str(), &theme.theme, &entries, results, min_cell)));
        }
        if let Some(quote) = &theme.headline {
            blocks.push(Block::Quote {
                text: quote.text.clone(),
                attribution: quote.attribution.clone(),
                source: quote.source.clone(),
            });
        }
    }
    if tables > 0 {
        blocks.push(Block::List {
            items: vec![
                format!(
                    "Changes are later minus baseline scores, among {people} with both coded words and scores at both \
                     times; whether a rise is good depends on the outcome."
                ),
                format!(
                    "Groups of fewer than {min_cell} people are not shown; the other group's mean is then withheld \
                     too, since it could reveal the small group's."
                ),
                "The groups chose what to say and were not randomised: a difference is a lead to explore, not \
                 evidence that the theme caused the change."
                    .into(),
            ],
        });
    }
    blocks
}

/// One theme's numbers: each outcome's change for those who voiced it and those who did not.
fn theme_table(
    number: &str,
    theme: &str,
    entries: &[&JointRow],
    results: &crate::analysis::Results,
    min_cell: usize,
) -> Table {
    let several_times = results.timepoints.len() > 2;
    let mut rows = Vec::new();
    let mut csv_rows = Vec::new();
    for entry in entries {
        let name = outcome_name(entry, results);
        let mut outcome = name.clone();
        if several_times {
            outcome.push_str(&format!(", {} → {}", entry.from, entry.to));
        }
        let d = decimals(entry, results);
        rows.push(vec![
            outcome,
            cell(&entry.voiced, &entry.not_voiced, min_cell, d),
            cell(&entry.not_voiced, &entry.voiced, min_cell, d),
        ]);
        let mut csv_row = vec![Cell::Text(name)];
        if several_times {
            csv_row.extend([Cell::text(entry.from.clone()), Cell::text(entry.to.clone())]);
        }
        csv_row.extend(csv_cells(&entry.voiced, &entry.not_voiced, min_cell, d));
        csv_row.extend(csv_cells(&entry.not_voiced, &entry.voiced, min_cell, d));
        csv_rows.push(csv_row);
    }
    let mut csv_columns = vec!["Outcome".to_string()];
    if several_times {
        csv_columns.extend(["From".into(), "To".into()]);
    }
    for group in ["Voiced it", "Did not"] {
        csv_columns.extend([format!("{group}: mean change"), format!("{group}: n"), format!("{group}: not shown")]);
    }
    Table {
        id: format!("joint-{number}"),
        caption: format!("{number}. {theme}: mean change of those who voiced it and those who did not"),
        columns: ["Outcome", "Voiced it: change (n)", "Did not: change (n)"].map(String::from).to_vec(),
        rows,
        notes: Vec::new(),
        csv: Some(CsvTable { columns: csv_columns, rows: csv_rows }),
    }
}

/// `Self-compassion (SCS-SF)`, from the outcome the row belongs to.
fn outcome_name(entry: &JointRow, results: &crate::analysis::Results) -> String {
    results
        .outcomes
        .iter()
        .find(|o| o.measure == entry.measure && o.scale == entry.scale && o.to == entry.to)
        .map_or_else(|| entry.label.clone(), crate::report::outcome_name)
}

fn decimals(entry: &JointRow, results: &crate::analysis::Results) -> usize {
    results
        .outcomes
        .iter()
        .find(|o| o.measure == entry.measure && o.scale == entry.scale && o.to == entry.to)
        .map_or(2, crate::report::words::decimals)
}

/// `+0.62 (n = 7)`, `fewer than 5`, or `withheld (n = 7)` when the other group is small.
fn cell(group: &GroupChange, other: &GroupChange, min_cell: usize, decimals: usize) -> String {
    match (group.n, group.mean_change) {
        (None, _) => format!("fewer than {min_cell}"),
        (Some(n), Some(mean)) => format!("{} (n = {n})", signed(Some(mean), decimals)),
        (Some(n), None) if other.suppressed => format!("withheld (n = {n})"),
        (Some(n), None) => format!("{} (n = {n})", number(None, decimals)),
    }
}

/// A group's mean change, n and why a value is not shown, as numbers in their own CSV columns.
fn csv_cells(group: &GroupChange, other: &GroupChange, min_cell: usize, decimals: usize) -> [Cell; 3] {
    let why = match (group.n, group.mean_change) {
        (None, _) => format!("fewer than {min_cell}"),
        (Some(_), None) if other.suppressed => "withheld".into(),
        _ => String::new(),
    };
    [Cell::Number(group.mean_change, decimals), Cell::Count(group.n), Cell::Text(why)]
}
