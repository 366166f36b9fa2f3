//! The economic section's blocks, shared by a programme's report and a portfolio's: what was
//! assumed and where each figure came from, the saving and the return in words that credit a
//! stated share of the change to the programme and never claim it caused the change, the
//! sensitivity to that share as a chart with its table.

use super::format::{amount, money, money_per_unit, percent};
use super::model::{Block, Card, Cell, CsvTable, Figure, Table, Tone};
use super::sections::chart_problem;
use super::words::and_list;
use crate::analysis::economics::{Cited, Economics};
use crate::charts::economics::{CostLine, MoneyBar, savings};
use crate::problem::Problem;

/// How a source is shown: in the assumptions table's source column, and as a mark after a
/// figure in a sentence (` [3]` in a portfolio; nothing where the table names it).
pub(crate) struct Citing<'a> {
    /// The text of the source column.
    pub cell: &'a dyn Fn(&Cited) -> String,
    /// The mark after a figure.
    pub mark: &'a dyn Fn(&Cited) -> String,
}

/// The section's blocks.
pub(crate) fn blocks(e: &Economics, citing: &Citing) -> Result<Vec<Block>, Problem> {
    let c = e.currency.as_str();
    let mut cards = vec![Card {
        value: money(e.total_saving, c),
        label: "estimated saving a year".into(),
        detail: Some(format!("with {} of the change credited to the programme", percent(e.attribution))),
    }];
    if let Some(net) = e.net {
        cards.push(Card {
            value: money(net, c),
            label: if net >= 0.0 { "net of the programme's cost" } else { "short of the programme's cost" }.into(),
            detail: e.programme_cost.map(|cost| format!("the programme cost {}", money(cost, c))),
        });
    }
    if let Some(roi) = e.roi {
        cards.push(Card {
            value: money_per_unit(roi, c),
            label: format!(
                "back for each {} spent, beyond the {} itself",
                money_per_unit(1.0, c),
                money_per_unit(1.0, c)
            ),
            detail: None,
        });
    }
    let mut blocks = vec![
        Block::Callout {
            tone: Tone::Caution,
            title: "An estimate, not a measured saving.".into(),
            text: "These figures say what the changes in staff turnover and sickness absence would be worth if a \
                   share of each change is credited to the programme. Turnover and absence move for many reasons, \
                   so the figures do not show that the programme caused the change; the chart gives them at other \
                   shares."
                .into(),
        },
        Block::Cards { cards },
        Block::Table(assumptions(e, citing)),
    ];
    let sentences: Vec<String> =
        [turnover_sentence(e, citing), absence_sentence(e, citing), total_sentence(e)].into_iter().flatten().collect();
    blocks.push(Block::Paragraph { text: sentences.join(" ") });
    blocks.push(Block::Figure(sensitivity(e)?));
    Ok(blocks)
}

/// Every input with its source.
fn assumptions(e: &Economics, citing: &Citing) -> Table {
    let c = e.currency.as_str();
    let general = e.assumptions.source.as_ref();
    let source = |own: Option<&Cited>| own.or(general).map_or_else(String::new, |s| (citing.cell)(s));
    let mut rows = Vec::new();
    if let Some(t) = &e.assumptions.turnover {
        let s = source(t.source.as_ref());
        rows.push(vec!["Staff in scope (turnover)".into(), amount(t.staff), s.clone()]);
        rows.push(vec!["Staff who left in a year, before".into(), percent(t.rate_before), s.clone()]);
        rows.push(vec!["Staff who left in a year, after".into(), percent(t.rate_after), s.clone()]);
        rows.push(vec!["Cost of replacing one leaver".into(), money(t.cost_per_leaver, c), s]);
    }
    if let Some(a) = &e.assumptions.absence {
        let s = source(a.source.as_ref());
        rows.push(vec!["Staff in scope (sickness absence)".into(), amount(a.staff), s.clone()]);
        rows.push(vec!["Sickness-absence days per person a year, before".into(), amount(a.days_before), s.clone()]);
        rows.push(vec!["Sickness-absence days per person a year, after".into(), amount(a.days_after), s.clone()]);
        rows.push(vec!["Cost of one day's absence".into(), money(a.cost_per_day, c), s]);
    }
    if let Some(cost) = e.programme_cost {
        rows.push(vec!["Cost of the programme".into(), money(cost, c), source(None)]);
    }
    if let (Some(cost), Some(people)) = (e.cost_per_person, e.people) {
        rows.push(vec![format!("Cost per person who started ({people})"), money(cost, c), String::new()]);
    }
    rows.push(vec!["Share of each change credited to the programme".into(), percent(e.attribution), "assumed".into()]);
    let mut notes = vec!["Turnover and absence figures are for a year; savings are a year's.".to_string()];
    let mut named: Vec<&String> = rows.iter().map(|r| &r[2]).filter(|s| !s.is_empty() && *s != "assumed").collect();
    named.dedup();
    let mut columns = vec!["Assumption".to_string(), "Value".into()];
    match named.as_slice() {
        // One source for every figure is said once, under the table.
        [one] => {
            notes.insert(0, format!("Source of the figures: {one}."));
            rows.iter_mut().for_each(|r| r.truncate(2));
        }
        [] => rows.iter_mut().for_each(|r| r.truncate(2)),
        _ => columns.push("Source".into()),
    }
    Table {
        id: "economics-assumptions".into(),
        caption: "What the estimate assumes, and where each figure came from".into(),
        columns,
        rows,
        notes,
        csv: None,
    }
}

/// One part's change in words: how a measure of staff moved, what that is in leavers or days,
/// and what it is worth at the share credited.
struct Change<'a> {
    /// `Staff turnover`, `Sickness absence`.
    what: &'a str,
    /// `turnover`, `absence`: the word after "the fall in".
    short: &'a str,
    /// The figure before and after, as written (`16%`, `8.4`), and its unit (`a year`).
    before: String,
    after: String,
    unit: &'a str,
    /// Staff in scope.
    staff: f64,
    /// Leavers or days avoided (negative: more), and the word for one and for many.
    avoided: f64,
    one: &'a str,
    many: &'a str,
    /// `at £11,500 per leaver`.
    rate: String,
    /// The saving at the share credited.
    saving: f64,
    /// A source mark after the figures.
    mark: String,
}

/// `If the fall in turnover is credited to the programme at 50%, … it would be worth £89,125 a year.`
fn change_sentence(change: &Change, e: &Economics) -> String {
    let c = e.currency.as_str();
    let Change { what, short, before, after, unit, mark, .. } = change;
    let among = format!("among {} staff in scope{mark}", amount(change.staff));
    let share = percent(e.attribution);
    let count = amount(change.avoided.abs());
    let noun = if change.avoided.abs() == 1.0 { change.one } else { change.many };
    if change.avoided > 0.0 {
        format!(
            "{what} fell from {before} to {after} {unit} {among}: {count} fewer {noun} a year. If the fall in {short} \
             is credited to the programme at {share}, {} it would be worth {} a year.",
            change.rate,
            money(change.saving, c),
        )
    } else if change.avoided < 0.0 {
        format!(
            "{what} rose from {before} to {after} {unit} {among}: {count} more {noun} a year. If the rise is credited \
             to the programme at {share}, it counts against the estimate as {} a year.",
            money(-change.saving, c),
        )
    } else {
        format!("{what} was {before} {unit} before and after {among}, so it adds nothing to the estimate.")
    }
}

/// The source mark of a part: its own source, else the section's.
fn mark_of(own: Option<&Cited>, e: &Economics, citing: &Citing) -> String {
    own.or(e.assumptions.source.as_ref()).map_or_else(String::new, |s| (citing.mark)(s))
}

fn turnover_sentence(e: &Economics, citing: &Citing) -> Option<String> {
    let (t, saving) = (e.assumptions.turnover.as_ref()?, e.turnover.as_ref()?);
    let change = Change {
        what: "Staff turnover",
        short: "turnover",
        before: percent(t.rate_before),
        after: percent(t.rate_after),
        unit: "a year",
        staff: t.staff,
        avoided: saving.leavers_avoided,
        one: "leaver",
        many: "leavers",
        rate: format!("at {} per leaver", money(t.cost_per_leaver, &e.currency)),
        saving: saving.saving,
        mark: mark_of(t.source.as_ref(), e, citing),
    };
    Some(change_sentence(&change, e))
}

fn absence_sentence(e: &Economics, citing: &Citing) -> Option<String> {
    let (a, saving) = (e.assumptions.absence.as_ref()?, e.absence.as_ref()?);
    let change = Change {
        what: "Sickness absence",
        short: "absence",
        before: amount(a.days_before),
        after: amount(a.days_after),
        unit: "days per person a year",
        staff: a.staff,
        avoided: saving.days_avoided,
        one: "day",
        many: "days",
        rate: format!("at {} a day", money(a.cost_per_day, &e.currency)),
        saving: saving.saving,
        mark: mark_of(a.source.as_ref(), e, citing),
    };
    Some(change_sentence(&change, e))
}

/// The total, the net and the return, and the cost per person.
fn total_sentence(e: &Economics) -> Option<String> {
    let c = e.currency.as_str();
    let both = e.turnover.is_some() && e.absence.is_some();
    let mut s = if both {
        format!("Together, the estimated saving is {} a year.", money(e.total_saving, c))
    } else {
        String::new()
    };
    if let (Some(cost), Some(net)) = (e.programme_cost, e.net) {
        let against = format!("Against the programme's cost of {}", money(cost, c));
        let text = if net >= 0.0 {
            let roi = e.roi.map_or_else(String::new, |roi| {
                format!(
                    ": {} for each {} it cost, beyond the {} itself",
                    money_per_unit(roi, c),
                    money_per_unit(1.0, c),
                    money_per_unit(1.0, c)
                )
            });
            format!("{against}, that leaves a net saving of {}{roi}.", money(net, c))
        } else {
            format!("{against}, the estimated saving falls {} short at this share.", money(-net, c))
        };
        s = [s, text].into_iter().filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
    }
    if let (Some(per), Some(people)) = (e.cost_per_person, e.people) {
        s.push_str(&format!(
            " The programme cost {} for each of the {people} {} who started.",
            money(per, c),
            if people == 1 { "person" } else { "people" }
        ));
    }
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// The chart of the saving at each share, with its numbers.
fn sensitivity(e: &Economics) -> Result<Figure, Problem> {
    let c = e.currency.as_str();
    let label = |share: f64| {
        let assumed = if share == e.attribution { " (assumed)" } else { "" };
        format!("{} credited{assumed}", percent(share))
    };
    let bars: Vec<MoneyBar> = e
        .sensitivity
        .iter()
        .map(|s| MoneyBar { label: label(s.attribution), value: s.total_saving, text: money(s.total_saving, c) })
        .collect();
    let cost =
        e.programme_cost.map(|cost| CostLine { value: cost, text: format!("Programme cost {}", money(cost, c)) });
    let with_cost = e.programme_cost.is_some();
    let mut columns = vec!["Share credited".to_string(), "Saving a year".into()];
    if with_cost {
        columns.extend(["Net of the cost".to_string(), format!("Return on each {}", money_per_unit(1.0, c))]);
    }
    let rows = e
        .sensitivity
        .iter()
        .map(|s| {
            let mut row = vec![label(s.attribution), money(s.total_saving, c)];
            if with_cost {
                row.push(s.net.map_or_else(|| super::format::MISSING.into(), |n| money(n, c)));
                row.push(s.roi.map_or_else(|| super::format::MISSING.into(), |r| money_per_unit(r, c)));
            }
            row
        })
        .collect();
    let csv_rows = e
        .sensitivity
        .iter()
        .map(|s| {
            let mut row = vec![Cell::Number(Some(s.attribution), 2), Cell::Number(Some(s.total_saving), 2)];
            if with_cost {
                row.extend([Cell::Number(s.net, 2), Cell::Number(s.roi, 2)]);
            }
            row
        })
        .collect();
    let mut csv_columns = vec!["attribution".to_string(), format!("total_saving_{c}")];
    if with_cost {
        csv_columns.extend([format!("net_{c}"), "roi".into()]);
    }
    let values: Vec<String> = e.sensitivity.iter().map(|s| money(s.total_saving, c)).collect();
    let shares: Vec<String> = e.sensitivity.iter().map(|s| percent(s.attribution)).collect();
    let mut alt = format!(
        "Bar chart of the estimated saving a year at {} of the change credited to the programme: {}.",
        and_list(&shares),
        and_list(&values)
    );
    if let Some(cost) = e.programme_cost {
        alt.push_str(&format!(" A dashed line marks the programme's cost, {}.", money(cost, c)));
    }
    let title = "What the change would be worth";
    let svg = savings(title, &bars, cost.as_ref(), &alt).map_err(chart_problem)?;
    Ok(Figure {
        id: "economics-sensitivity".into(),
        svg,
        alt,
        caption: "The estimated saving at other shares of the change credited to the programme.".into(),
        data: Table {
            id: "economics-sensitivity".into(),
            caption: "The estimate at each share credited".into(),
            columns,
            rows,
            notes: if with_cost {
                vec![format!(
                    "Return on each {}: the net saving divided by the programme's cost.",
                    money_per_unit(1.0, c)
                )]
            } else {
                Vec::new()
            },
            csv: Some(CsvTable { columns: csv_columns, rows: csv_rows }),
        },
    })
}
