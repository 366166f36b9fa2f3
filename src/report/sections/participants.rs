//! Who took part: headline cards, the participant flow, attendance (per session, sessions per
//! person, when people stopped coming) and the characteristics of the people who consented.

use super::chart_problem;
use super::flow::{self, people};
use crate::analysis::attendance::AttendanceSummary;
use crate::analysis::characteristics::Characteristics;
use crate::charts::{self, Column, ColumnChart};
use crate::problem::Problem;
use crate::report::Context;
use crate::report::format::number;
use crate::report::model::{Block, Card, Figure, Table};

/// Whether the data say more about who took part than the scores alone do: attendance,
/// participants.csv or `[flow] enrolled`.
pub(super) fn has_data(context: &Context) -> bool {
    let analysed = context.analysed;
    let data = &analysed.loaded.programme.data;
    data.attendance.is_some() || data.participants.is_some() || analysed.loaded.programme.flow.enrolled.is_some()
}

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    if !has_data(context) {
        return Ok(Vec::new());
    }
    let results = &context.analysed.results;
    let mut blocks = Vec::new();
    if let Some(cards) = cards(context) {
        blocks.push(cards);
    }
    blocks.extend(flow::blocks(context)?);
    if let Some(attendance) = &results.attendance {
        blocks.extend(attendance_blocks(context, attendance)?);
    }
    if let Some(characteristics) = &results.characteristics
        && !characteristics.rows.is_empty()
    {
        blocks.push(Block::Heading {
            text: format!("The {} who took part", context.template.settings.words.participants),
        });
        blocks.push(Block::Table(characteristics_table(context, characteristics)));
    }
    Ok(blocks)
}

fn cards(context: &Context) -> Option<Block> {
    let results = &context.analysed.results;
    let flow = results.flow.as_ref()?;
    let words = &context.template.settings.words;
    let mut cards = vec![Card {
        value: flow.enrolled.to_string(),
        label: format!("{} enrolled", words.participants),
        detail: None,
    }];
    if let Some(attendance) = &results.attendance {
        cards.push(Card {
            value: attendance.started.to_string(),
            label: "came to at least one session".into(),
            detail: Some(format!("of {} who consented", attendance.participants)),
        });
        if attendance.started > 0 {
            cards.push(Card {
                value: format!("{:.0}%", attendance.completers as f64 / attendance.started as f64 * 100.0),
                label: "completed the programme".into(),
                detail: Some(format!(
                    "{} of the {} who started came to at least {} of {} sessions",
                    attendance.completers,
                    attendance.started,
                    attendance.completion.sessions,
                    attendance.planned_sessions
                )),
            });
        }
        if let Some(mean) = attendance.mean_sessions {
            cards.push(Card {
                value: number(Some(mean), 1),
                label: format!("sessions attended on average, of {}", attendance.planned_sessions),
                detail: attendance
                    .median_sessions
                    .map(|m| format!("median {}", number(Some(m), 1).trim_end_matches(".0"))),
            });
        }
    } else if let Some(consented) = flow.consented {
        cards.push(Card { value: consented.to_string(), label: "consented to the evaluation".into(), detail: None });
    }
    Some(Block::Cards { cards })
}

fn attendance_blocks(context: &Context, a: &AttendanceSummary) -> Result<Vec<Block>, Problem> {
    let mut blocks = vec![Block::Heading { text: "Attendance".into() }];
    blocks.push(Block::Paragraph { text: attendance_sentence(context, a) });
    blocks.push(Block::Figure(per_session_figure(a)?));
    blocks.push(Block::Figure(distribution_figure(context, a)?));
    if let Some(text) = stopping_sentence(context, a) {
        blocks.push(Block::Paragraph { text });
    }
    Ok(blocks)
}

fn percent(rate: Option<f64>) -> String {
    rate.map_or("–".into(), |r| format!("{:.0}%", r * 100.0))
}

/// `On average, staff came to 5.9 of the 8 sessions (median 6). Attendance was highest at …`
fn attendance_sentence(context: &Context, a: &AttendanceSummary) -> String {
    let words = &context.template.settings.words;
    let mut text = match (a.mean_sessions, a.median_sessions) {
        (Some(mean), Some(median)) => format!(
            "On average, the {} {} who consented came to {} of the {} sessions (median {}).",
            a.participants,
            words.participants,
            number(Some(mean), 1),
            a.planned_sessions,
            number(Some(median), 1).trim_end_matches(".0")
        ),
        _ => format!("No {} are counted in the attendance.", words.participants),
    };
    let best = a.per_session.iter().max_by_key(|s| (s.attended, std::cmp::Reverse(s.session)));
    let worst = a.per_session.iter().min_by_key(|s| (s.attended, s.session));
    if let (Some(best), Some(worst)) = (best, worst)
        && best.attended > worst.attended
    {
        text.push_str(&format!(
            " Attendance was highest at session {} ({}) and lowest at session {} ({}).",
            best.session,
            percent(best.rate),
            worst.session,
            percent(worst.rate)
        ));
    }
    text
}

/// Who stopped coming before the last session, and after which session most did.
fn stopping_sentence(context: &Context, a: &AttendanceSummary) -> Option<String> {
    let stopped: usize = a.stopped_after.iter().map(|s| s.participants).sum();
    if stopped == 0 || a.started == 0 {
        return None;
    }
    let most = a.stopped_after.iter().max_by_key(|s| (s.participants, std::cmp::Reverse(s.session)))?;
    Some(format!(
        "{} of the {} who came at least once did not come to the last session. The most common last session was \
         session {} ({}).",
        capitalise(&people(context, stopped)),
        a.started,
        most.session,
        people(context, most.participants)
    ))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn per_session_figure(a: &AttendanceSummary) -> Result<Figure, Problem> {
    let chart = ColumnChart {
        title: "Attendance at each session".into(),
        subtitle: format!("Share of the {} people who consented who came to each session", a.participants),
        x_axis: "Session".into(),
        y_axis: "People who came".into(),
        y_max: 1.0,
        percent: true,
        columns: a
            .per_session
            .iter()
            .map(|s| Column {
                label: s.session.to_string(),
                value: s.rate.unwrap_or(0.0),
                text: percent(s.rate),
                highlight: true,
            })
            .collect(),
        legend: None,
        threshold: None,
    };
    let alt = format!(
        "Attendance at each of the {} sessions, of {} people: {}.",
        a.planned_sessions,
        a.participants,
        a.per_session
            .iter()
            .map(|s| format!("session {} {} ({})", s.session, s.attended, percent(s.rate)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let svg = charts::columns(&chart, &alt).map_err(chart_problem)?;
    Ok(Figure {
        id: "attendance-per-session".into(),
        svg,
        alt,
        caption: "Attendance at each session: the share of people who came.".into(),
        data: Table {
            id: "attendance-per-session".into(),
            caption: "Attendance at each session".into(),
            columns: ["Session", "People who came", "Share"].map(String::from).to_vec(),
            rows: a
                .per_session
                .iter()
                .map(|s| vec![s.session.to_string(), s.attended.to_string(), percent(s.rate)])
                .collect(),
            notes: vec![format!("Shares are of the {} people who consented.", a.participants)],
            csv: None,
        },
    })
}

fn distribution_figure(context: &Context, a: &AttendanceSummary) -> Result<Figure, Problem> {
    let most = a.sessions_attended.iter().map(|c| c.participants).max().unwrap_or(0);
    let k = a.completion.sessions;
    let chart = ColumnChart {
        title: "Sessions attended".into(),
        subtitle: format!("How many of the {} sessions each person came to", a.planned_sessions),
        x_axis: "Sessions attended".into(),
        y_axis: "People".into(),
        y_max: (most.max(1) as f64 * 1.15).ceil(),
        percent: false,
        columns: a
            .sessions_attended
            .iter()
            .map(|c| Column {
                label: c.sessions.to_string(),
                value: c.participants as f64,
                text: c.participants.to_string(),
                highlight: c.sessions >= k,
            })
            .collect(),
        legend: Some(("Completed the programme".into(), "Did not complete".into())),
        threshold: (k <= a.planned_sessions).then(|| (k, format!("Completion: {k} or more"))),
    };
    let alt = format!(
        "Sessions attended, of {}: {}. {} completed the programme by coming to at least {k}.",
        a.planned_sessions,
        a.sessions_attended
            .iter()
            .filter(|c| c.participants > 0)
            .map(|c| format!("{} came to {}", c.participants, c.sessions))
            .collect::<Vec<_>>()
            .join(", "),
        people(context, a.completers)
    );
    let svg = charts::columns(&chart, &alt).map_err(chart_problem)?;
    Ok(Figure {
        id: "sessions-attended".into(),
        svg,
        alt,
        caption: format!("How many sessions people came to; blue columns are completers ({k} or more sessions)."),
        data: Table {
            id: "sessions-attended".into(),
            caption: "Sessions attended".into(),
            columns: ["Sessions attended", "People", "Completed the programme"].map(String::from).to_vec(),
            rows: a
                .sessions_attended
                .iter()
                .map(|c| {
                    let completed = if c.sessions >= k { "yes" } else { "no" };
                    vec![c.sessions.to_string(), c.participants.to_string(), completed.into()]
                })
                .collect(),
            notes: vec![match a.completion.rule {
                "share" => format!(
                    "A completer came to at least {:.0}% of the {} sessions, that is {k} or more.",
                    a.completion.value * 100.0,
                    a.planned_sessions
                ),
                _ => format!("A completer came to at least {k} of the {} sessions.", a.planned_sessions),
            }],
            csv: None,
        },
    })
}

fn characteristics_table(context: &Context, c: &Characteristics) -> Table {
    let hidden = format!("fewer than {}", c.min_cell);
    let rows = c
        .rows
        .iter()
        .map(|row| {
            let cell = match (row.n, row.share, row.withheld) {
                (Some(n), Some(share), _) => format!("{n} ({:.0}%)", share * 100.0),
                (Some(n), None, _) => n.to_string(),
                (None, _, Some("small")) => hidden.clone(),
                _ => "not shown".into(),
            };
            vec![heading(&row.characteristic), row.group.clone(), cell]
        })
        .collect();
    Table {
        id: "characteristics".into(),
        caption: format!(
            "Characteristics of the {} {} who consented",
            c.people, context.template.settings.words.participants
        ),
        columns: ["Characteristic", "Group", "n (%)"].map(String::from).to_vec(),
        rows,
        // With `min_cell = 1` every group is shown: the participants agreed to be described.
        notes: (c.min_cell > 1)
            .then(|| {
                format!(
                    "To protect privacy, groups of fewer than {0} people are merged into \"Other\" and their count \
                     shows as \"fewer than {0}\" when it is still that small. Where that would leave one hidden \
                     group, the next smallest group is not shown either, so that no count can be worked out from \
                     the total.",
                    c.min_cell
                )
            })
            .into_iter()
            .collect(),
        csv: None,
    }
}

/// A column name as a heading: `years_in_post` → `Years in post`.
fn heading(name: &str) -> String {
    capitalise(&name.replace(['_', '-'], " "))
}
