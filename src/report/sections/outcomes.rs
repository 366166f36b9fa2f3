//! What changed: the outcome table, a chart and a sentence per outcome, reliable change, band
//! shifts and, where the template asks for it, NHS Talking Therapies measures.

use super::chart_problem;
use crate::analysis::Outcome;
use crate::analysis::figures::{BandShift, ReliableChangeBars, ReliableChangeRow, Slope};
use crate::charts;
use crate::problem::Problem;
use crate::report::format::{interval, mean_sd, number, p_value};
use crate::report::model::{Block, Cell, CsvTable, Figure, Table, Tone};
use crate::report::words::{decimals, signed};
use crate::report::{Context, outcome_name};

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let analysed = context.analysed;
    let outcomes = &analysed.results.outcomes;
    if outcomes.is_empty() {
        return Ok(Vec::new());
    }
    let mut blocks = vec![Block::Table(outcome_table(context))];
    let several_comparisons = analysed.results.timepoints.len() > 2;
    for (i, (outcome, slope)) in outcomes.iter().zip(&analysed.slopes).enumerate() {
        let name = outcome_name(outcome);
        let heading = if several_comparisons { format!("{name}, {} to {}", outcome.from, outcome.to) } else { name };
        blocks.push(Block::Heading { text: heading });
        blocks.push(Block::Paragraph { text: context.voice(outcome).full() });
        blocks.push(Block::Figure(slope_figure(i, outcome, slope)?));
        if let Some(shift) = band_shift(outcome) {
            blocks.push(Block::Figure(band_figure(i, outcome, &shift)?));
        }
    }
    if let Some(figure) = reliable_change_figure(outcomes)? {
        blocks.push(Block::Heading { text: "Reliable change".into() });
        blocks.push(Block::Paragraph {
            text: "A person's change counts as reliable when it is larger than the questionnaire's measurement error \
                   could explain (Jacobson & Truax, 1991): the reliable change index exceeds 1.96."
                .into(),
        });
        blocks.push(Block::Figure(figure));
    }
    if context.template.settings.talking_therapies {
        blocks.extend(talking_therapies(context));
    }
    Ok(blocks)
}

fn outcome_table(context: &Context) -> Table {
    let results = &context.analysed.results;
    let confidence = format!("{:.0}%", context.voice(&results.outcomes[0]).confidence * 100.0);
    let adjusted = context.voice(&results.outcomes[0]).adjusted;
    // With one comparison per scale the time column says the same thing on every row.
    let with_time = results.timepoints.len() > 2;
    let mut columns = vec!["Outcome".to_string()];
    if with_time {
        columns.push("Time".into());
    }
    columns.extend(["n", "Baseline M (SD)", "Later M (SD)"].map(String::from));
    columns.extend([format!("Change [{confidence} CI]"), "t (df)".into(), "p".into()]);
    if adjusted {
        columns.push("p (Holm)".into());
    }
    columns.extend([format!("d_z [{confidence} CI]"), "g_av".into()]);
    let rows = results
        .outcomes
        .iter()
        .map(|o| {
            let d = decimals(o);
            let mut row = vec![outcome_name(o)];
            if with_time {
                row.push(format!("{} → {}", o.from, o.to));
            }
            row.extend([
                o.n_pairs.to_string(),
                mean_sd(o.paired.pre_mean, o.paired.pre_sd, d),
                mean_sd(o.paired.post_mean, o.paired.post_sd, d),
                format!("{} {}", signed(o.diff.mean, d), interval(o.diff.ci, d)),
                match (o.t, o.df) {
                    (Some(t), Some(df)) => format!("{} ({df})", number(Some(t), 2)),
                    _ => "–".into(),
                },
                p_value(o.p),
            ]);
            if adjusted {
                row.push(p_value(o.p_adjusted));
            }
            row.push(format!("{} {}", number(o.effect.dz, 2), interval(o.effect.dz_ci, 2)));
            row.push(number(o.effect.gav, 2));
            row
        })
        .collect();
    let mut notes = vec![
        "Means and SDs are of the people scored at both times; change is later minus baseline.".to_string(),
        "p from the paired t-test, two-sided. d_z: mean change / SD of changes, CI from the noncentral t. \
         g_av: mean change / average SD, corrected for small samples."
            .to_string(),
    ];
    if adjusted {
        notes.push(format!("p (Holm): adjusted across the {} outcomes by Holm's method.", results.outcomes.len()));
    }
    Table {
        id: "outcomes".into(),
        caption: "Change in each outcome".into(),
        columns,
        rows,
        notes,
        csv: Some(outcome_csv(context, with_time, adjusted)),
    }
}

/// The outcome table for a spreadsheet: every number in a column of its own.
fn outcome_csv(context: &Context, with_time: bool, adjusted: bool) -> CsvTable {
    let results = &context.analysed.results;
    let level = format!("{:.0}%", context.voice(&results.outcomes[0]).confidence * 100.0);
    let mut columns = vec!["Outcome".to_string()];
    if with_time {
        columns.extend(["From".into(), "To".into()]);
    }
    columns.extend(["n", "Baseline mean", "Baseline SD", "Later mean", "Later SD", "Change"].map(String::from));
    columns.extend([format!("Change {level} CI low"), format!("Change {level} CI high")]);
    columns.extend(["t", "df", "p"].map(String::from));
    if adjusted {
        columns.push("p (Holm)".into());
    }
    columns.extend(["d_z".into(), format!("d_z {level} CI low"), format!("d_z {level} CI high"), "g_av".into()]);
    let rows = results
        .outcomes
        .iter()
        .map(|o| {
            let d = decimals(o);
            let mut row = vec![Cell::Text(outcome_name(o))];
            if with_time {
                row.extend([Cell::text(o.from.clone()), Cell::text(o.to.clone())]);
            }
            let ci = |ci: Option<[f64; 2]>, i: usize, d: usize| Cell::Number(ci.map(|c| c[i]), d);
            row.extend([
                Cell::Count(Some(o.n_pairs)),
                Cell::Number(o.paired.pre_mean, d),
                Cell::Number(o.paired.pre_sd, d),
                Cell::Number(o.paired.post_mean, d),
                Cell::Number(o.paired.post_sd, d),
                Cell::Number(o.diff.mean, d),
                ci(o.diff.ci, 0, d),
                ci(o.diff.ci, 1, d),
                Cell::Number(o.t, 2),
                Cell::Number(o.df, 0),
                Cell::p_value(o.p),
            ]);
            if adjusted {
                row.push(Cell::p_value(o.p_adjusted));
            }
            row.extend([
                Cell::Number(o.effect.dz, 2),
                ci(o.effect.dz_ci, 0, 2),
                ci(o.effect.dz_ci, 1, 2),
                Cell::Number(o.effect.gav, 2),
            ]);
            row
        })
        .collect();
    CsvTable { columns, rows }
}

fn slope_figure(index: usize, outcome: &Outcome, slope: &Slope) -> Result<Figure, Problem> {
    let alt = slope_alt(slope);
    let svg = charts::slope(slope, &alt).map_err(chart_problem)?;
    let d = decimals(outcome);
    let row = |name: &str, mean: Option<(f64, Option<(f64, f64)>)>| {
        vec![
            name.to_string(),
            slope.pairs.len().to_string(),
            number(mean.map(|m| m.0), d),
            interval(mean.and_then(|m| m.1).map(|(lo, hi)| [lo, hi]), d),
        ]
    };
    Ok(Figure {
        id: format!("{:02}-{}", index + 1, slug(&format!("{}-{}-{}", outcome.measure, outcome.scale, outcome.to))),
        svg,
        caption: if slope.pairs.len() > charts::MAX_LINES {
            format!("{}: the distribution of changes from {} to {}.", slope.title, slope.from, slope.to)
        } else {
            format!(
                "{}: each grey line is one person; blue shows the mean with its {:.0}% CI.",
                slope.title,
                slope.confidence * 100.0
            )
        },
        alt,
        data: Table {
            id: format!("figure-{:02}", index + 1),
            // Names the chart and its timepoints: a report can chart one outcome at several.
            caption: format!("{}, {} to {}, among people scored at both times", slope.title, slope.from, slope.to),
            columns: vec!["Time".into(), "n".into(), "Mean".into(), format!("{:.0}% CI", slope.confidence * 100.0)],
            rows: vec![row(&slope.from, slope.from_mean), row(&slope.to, slope.to_mean)],
            notes: Vec::new(),
            csv: None,
        },
    })
}

/// Alt text written from the data.
fn slope_alt(slope: &Slope) -> String {
    let n = slope.pairs.len();
    let (Some((a, _)), Some((b, _))) = (slope.from_mean, slope.to_mean) else {
        return format!(
            "{}: too few people were scored at both {} and {} to chart.",
            slope.title, slope.from, slope.to
        );
    };
    let verb = if b > a {
        "rose"
    } else if b < a {
        "fell"
    } else {
        "stayed the same"
    };
    let view = if n > charts::MAX_LINES { "Histogram of each person's change. " } else { "" };
    format!(
        "{view}{}: the mean {verb} from {} at {} to {} at {} in {n} {} scored at both times.",
        slope.title,
        number(Some(a), 2),
        slope.from,
        number(Some(b), 2),
        slope.to,
        if n == 1 { "person" } else { "people" }
    )
}

fn band_shift(outcome: &Outcome) -> Option<BandShift> {
    let bands = outcome.bands.as_ref()?;
    if outcome.n_pairs == 0 {
        return None;
    }
    Some(BandShift {
        title: format!("{}: bands before and after", outcome_name(outcome)),
        bands: bands.labels.clone(),
        better: if outcome.better == "higher" {
            crate::instruments::Better::Higher
        } else {
            crate::instruments::Better::Lower
        },
        from: outcome.from.clone(),
        to: outcome.to.clone(),
        from_counts: bands.from.clone(),
        to_counts: bands.to.clone(),
    })
}

fn band_figure(index: usize, outcome: &Outcome, shift: &BandShift) -> Result<Figure, Problem> {
    let describe = |counts: &[usize]| {
        shift.bands.iter().zip(counts).map(|(band, n)| format!("{n} {band}")).collect::<Vec<_>>().join(", ")
    };
    let alt = format!(
        "{}: at {}, {}; at {}, {}.",
        shift.title,
        shift.from,
        describe(&shift.from_counts),
        shift.to,
        describe(&shift.to_counts)
    );
    let svg = charts::band_shift(shift, &alt).map_err(chart_problem)?;
    let rows = shift
        .bands
        .iter()
        .enumerate()
        .map(|(i, band)| vec![band.clone(), shift.from_counts[i].to_string(), shift.to_counts[i].to_string()])
        .collect();
    Ok(Figure {
        id: format!(
            "{:02}-{}-bands",
            index + 1,
            slug(&format!("{}-{}-{}", outcome.measure, outcome.scale, outcome.to))
        ),
        svg,
        caption: format!(
            "People in each band of {} at {} and {} (those scored at both times).",
            outcome_name(outcome),
            shift.from,
            shift.to
        ),
        alt,
        data: Table {
            id: format!("figure-{:02}-bands", index + 1),
            caption: format!("{}: bands at {} and {}", outcome_name(outcome), shift.from, shift.to),
            columns: vec!["Band".into(), shift.from.clone(), shift.to.clone()],
            rows,
            notes: Vec::new(),
            csv: None,
        },
    })
}

fn reliable_change_figure(outcomes: &[Outcome]) -> Result<Option<Figure>, Problem> {
    let rows: Vec<ReliableChangeRow> = outcomes
        .iter()
        .filter_map(|o| {
            let rc = o.reliable_change.as_ref()?;
            Some(ReliableChangeRow {
                label: format!("{}, {} → {}", outcome_name(o), o.from, o.to),
                improved: rc.improved,
                no_change: rc.no_change,
                deteriorated: rc.deteriorated,
            })
        })
        .collect();
    if rows.is_empty() {
        return Ok(None);
    }
    let bars = ReliableChangeBars { title: "Reliable change".into(), rows };
    let alt = format!(
        "Reliable change by outcome: {}.",
        bars.rows
            .iter()
            .map(|r| format!(
                "{}: {} improved, {} no reliable change, {} deteriorated",
                r.label, r.improved, r.no_change, r.deteriorated
            ))
            .collect::<Vec<_>>()
            .join("; ")
    );
    let svg = charts::reliable_change(&bars, &alt).map_err(chart_problem)?;
    let table_rows = outcomes
        .iter()
        .filter_map(|o| {
            let rc = o.reliable_change.as_ref()?;
            Some(vec![
                format!("{}, {} → {}", outcome_name(o), o.from, o.to),
                rc.improved.to_string(),
                rc.no_change.to_string(),
                rc.deteriorated.to_string(),
                format!("{} ({})", number(Some(rc.reliability), 2), rc.reliability_source),
                number(Some(rc.threshold), 2),
            ])
        })
        .collect();
    Ok(Some(Figure {
        id: "reliable-change".into(),
        svg,
        caption: "Reliable change: green improved, grey no reliable change, red deteriorated.".into(),
        alt,
        data: Table {
            id: "reliable-change".into(),
            caption: "Reliable change (Jacobson & Truax, 1991)".into(),
            columns: [
                "Outcome",
                "Improved",
                "No reliable change",
                "Deteriorated",
                "Reliability",
                "Smallest reliable change",
            ]
            .map(String::from)
            .to_vec(),
            rows: table_rows,
            notes: vec![
                "Reliable when |RCI| > 1.96, RCI = change / (√2 · SD at baseline · √(1 − reliability)).".into(),
            ],
            csv: None,
        },
    }))
}

fn talking_therapies(context: &Context) -> Vec<Block> {
    let entries = &context.analysed.results.talking_therapies;
    if entries.is_empty() {
        return Vec::new();
    }
    let rows = entries
        .iter()
        .map(|t| {
            let rate = t.recovery_rate.map_or("–".to_string(), |r| format!("{:.0}%", r * 100.0));
            vec![
                format!("{} → {}", t.from, t.to),
                t.n.to_string(),
                t.caseness_at_start.to_string(),
                t.reliable_improvement.to_string(),
                t.reliable_deterioration.to_string(),
                t.recovery.to_string(),
                rate,
                t.reliable_recovery.to_string(),
            ]
        })
        .collect();
    let measures = entries[0].measures.iter().map(|m| m.to_uppercase()).collect::<Vec<_>>().join(" and ");
    vec![
        Block::Heading { text: "NHS Talking Therapies measures".into() },
        Block::Callout {
            tone: Tone::Info,
            title: "How these are counted".into(),
            text: format!(
                "Using {measures} as NHS Talking Therapies does: a person is a case at the start when a score is at or above \
                 its clinical cut-off (PHQ-9 10, GAD-7 8); reliable improvement is a fall at least as large as the measure's \
                 reliable change (PHQ-9 6, GAD-7 4 points) with no reliable rise; recovery is a case who ends below every \
                 cut-off; reliable recovery is both."
            ),
        },
        Block::Table(Table {
            id: "talking-therapies".into(),
            caption: "NHS Talking Therapies outcomes".into(),
            columns: [
                "Time",
                "n",
                "Cases at start",
                "Reliable improvement",
                "Reliable deterioration",
                "Recovered",
                "Recovery rate",
                "Reliable recovery",
            ]
            .map(String::from)
            .to_vec(),
            rows,
            notes: vec!["Recovery rate: recovered / cases at start.".into()],
            csv: None,
        }),
    ]
}

fn slug(text: &str) -> String {
    text.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect()
}
