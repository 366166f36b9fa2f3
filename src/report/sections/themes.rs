//! What participants said: the theme table (like a paper's table of themes), the prevalence
//! chart, and each theme with its subthemes and quotes.

use super::chart_problem;
use crate::analysis::themes::{CodingSummary, ThemeRow};
use crate::charts::{self, PrevalenceBar};
use crate::problem::Problem;
use crate::report::Context;
use crate::report::model::{Block, Figure, Table};

/// Most bars in the prevalence chart; beyond this it shows themes instead of subthemes.
const MAX_BARS: usize = 30;

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let results = &context.analysed.results;
    let (Some(summary), false) = (&results.coding, results.themes.is_empty()) else {
        return Ok(Vec::new());
    };
    let rows = &results.themes;
    let mut blocks = vec![Block::Table(theme_table(summary, rows, &context.template.settings.words.participants))];
    if summary.participants > 0 {
        blocks.push(Block::Figure(prevalence_figure(summary, rows)?));
    }
    for row in rows {
        match &row.subtheme {
            None => {
                blocks.push(Block::Heading { text: format!("{}. {}", row.number, row.theme) });
                blocks.push(Block::Paragraph { text: row_sentence(row, summary, None) });
            }
            Some(subtheme) => {
                let lead = format!("{}. {subtheme}", row.number);
                blocks.push(Block::Paragraph { text: row_sentence(row, summary, Some(&lead)) });
            }
        }
        blocks.extend(row.quotes.iter().map(|q| Block::Quote {
            text: q.text.clone(),
            attribution: q.attribution.clone(),
            source: q.source.clone(),
        }));
    }
    Ok(blocks)
}

/// `diary` → `Diary`.
pub(crate) fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// `9 of 12 (75%)`.
pub(super) fn of_everyone(row: &ThemeRow, summary: &CodingSummary) -> String {
    let n = row.participants.unwrap_or(0);
    match row.share {
        Some(share) => format!("{n} of {} ({:.0}%)", summary.participants, share * 100.0),
        None => format!("{n} of {}", summary.participants),
    }
}

/// Weeks as ranges: `1–3, 5 and 7`.
pub(super) fn weeks(weeks: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &w in weeks {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == w => *end = w,
            _ => ranges.push((w, w)),
        }
    }
    let parts: Vec<String> =
        ranges.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn theme_table(summary: &CodingSummary, rows: &[ThemeRow], people: &str) -> Table {
    let several_sources = summary.sources.len() > 1;
    let mut columns = vec!["Theme".to_string(), capitalised(people), "Excerpts".into()];
    if several_sources {
        columns.extend(summary.sources.iter().map(|s| capitalised(&s.source)));
    }
    if summary.dated {
        columns.push("Weeks".into());
    }
    let table_rows = rows
        .iter()
        .map(|row| {
            let name = row.subtheme.as_ref().unwrap_or(&row.theme);
            let mut cells =
                vec![format!("{}. {name}", row.number), of_everyone(row, summary), row.excerpts.to_string()];
            if several_sources {
                cells.extend(summary.sources.iter().map(|s| match row.by_source.get(&s.source) {
                    Some(count) => format!("{} ({})", count.participants.unwrap_or(0), count.excerpts),
                    None => "–".into(),
                }));
            }
            if summary.dated {
                cells.push(if row.weeks.is_empty() { "–".into() } else { weeks(&row.weeks) });
            }
            cells
        })
        .collect();
    let mut notes = vec![format!(
        "{}: how many of the {} {people} with coded words voiced the theme, each counted once. Excerpts: coded \
         stretches of words; a stretch coded twice within a theme counts once.",
        capitalised(people),
        summary.participants
    )];
    if several_sources {
        notes.push(format!(
            "{}: {people} (excerpts) in each kind of source.",
            summary.sources.iter().map(|s| capitalised(&s.source)).collect::<Vec<_>>().join(", ")
        ));
    }
    if summary.dated {
        notes.push("Weeks: the weeks of the programme in which dated excerpts (such as diaries) raised it.".into());
    }
    Table { id: "themes".into(), caption: "Themes and subthemes".into(), columns, rows: table_rows, notes, csv: None }
}

/// The rows the chart shows: subthemes (themes without subthemes as themselves), or themes when
/// there are too many subthemes; at most [`MAX_BARS`].
fn chart_rows(rows: &[ThemeRow]) -> Vec<&ThemeRow> {
    let has_subthemes = |theme: &str| rows.iter().any(|r| r.theme == theme && r.subtheme.is_some());
    let detailed: Vec<&ThemeRow> = rows.iter().filter(|r| r.subtheme.is_some() || !has_subthemes(&r.theme)).collect();
    let chosen =
        if detailed.len() <= MAX_BARS { detailed } else { rows.iter().filter(|r| r.subtheme.is_none()).collect() };
    chosen.into_iter().take(MAX_BARS).collect()
}

fn prevalence_figure(summary: &CodingSummary, rows: &[ThemeRow]) -> Result<Figure, Problem> {
    let shown = chart_rows(rows);
    let everyone = summary.participants;
    let bars: Vec<PrevalenceBar> = shown
        .iter()
        .map(|r| {
            let voiced = r.participants.unwrap_or(0);
            PrevalenceBar {
                label: format!("{}. {}", r.number, r.subtheme.as_ref().unwrap_or(&r.theme)),
                voiced,
                not_voiced: everyone.saturating_sub(voiced),
            }
        })
        .collect();
    let sources = summary.sources.iter().map(|s| s.source.clone()).collect::<Vec<_>>().join(", ");
    let title = "Who voiced each theme";
    let subtitle = format!("Share of the {everyone} people with coded words ({sources}) who raised each one");
    let alt = format!(
        "Bar chart of how many of the {everyone} people with coded words voiced each theme: {}.",
        bars.iter().map(|b| format!("{}: {} of {everyone}", b.label, b.voiced)).collect::<Vec<_>>().join("; ")
    );
    let svg = charts::prevalence(title, &subtitle, &bars, &alt).map_err(chart_problem)?;
    let mut notes = Vec::new();
    if shown.len() < rows.iter().filter(|r| r.subtheme.is_some()).count() {
        notes.push("The chart shows themes as a whole; the theme table lists every subtheme.".to_string());
    }
    Ok(Figure {
        id: "theme-prevalence".into(),
        svg,
        caption: format!(
            "How many of the {everyone} people with coded words voiced each theme: blue voiced it, grey did not."
        ),
        alt,
        data: Table {
            id: "theme-prevalence".into(),
            caption: "People who voiced each theme".into(),
            columns: ["Theme", "Voiced it", "Did not", "Share"].map(String::from).to_vec(),
            rows: bars
                .iter()
                .map(|b| {
                    let share = if everyone > 0 { b.voiced as f64 / everyone as f64 * 100.0 } else { 0.0 };
                    vec![b.label.clone(), b.voiced.to_string(), b.not_voiced.to_string(), format!("{share:.0}%")]
                })
                .collect(),
            notes,
            csv: None,
        },
    })
}

/// The sentence that introduces a theme or (with `lead`) a subtheme.
fn row_sentence(row: &ThemeRow, summary: &CodingSummary, lead: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(lead) = lead {
        text.push_str(lead);
        text.push_str(". ");
    }
    if let Some(description) = &row.description {
        text.push_str(description.trim_end_matches('.'));
        text.push_str(". ");
    }
    let n = row.participants.unwrap_or(0);
    if n == 0 {
        text.push_str("No one's coded words raised it.");
        return text;
    }
    text.push_str(&format!(
        "Voiced by {} in {}",
        of_everyone(row, summary),
        plural(row.excerpts, "excerpt", "excerpts")
    ));
    if summary.sources.len() > 1 {
        let parts: Vec<String> = row
            .by_source
            .iter()
            .map(|(source, c)| format!("{source}: {}", plural(c.participants.unwrap_or(0), "person", "people")))
            .collect();
        text.push_str(&format!(" ({})", parts.join("; ")));
    }
    if !row.weeks.is_empty() {
        let w = if row.weeks.len() == 1 { "week" } else { "weeks" };
        text.push_str(&format!(", in {w} {}", weeks(&row.weeks)));
    }
    text.push('.');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_read_as_ranges() {
        assert_eq!(weeks(&[1, 2, 3, 5, 7, 8]), "1–3, 5 and 7–8");
        assert_eq!(weeks(&[4]), "4");
        assert_eq!(weeks(&[]), "");
    }
}
