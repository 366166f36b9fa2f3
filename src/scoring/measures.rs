//! Resolve `[[measures]]` into instruments, scales and the columns they read.

use std::sync::Arc;

use toml::Spanned;

use crate::config::limits::MAX_OUTCOMES;
use crate::config::{Loaded, Measure as MeasureConfig};
use crate::files::{Folder, Kind};
use crate::input::labels::Labels;
use crate::input::{FormPosition, ItemSpec, ScoreColumns};
use crate::instruments::{Better, Instrument, builtin, builtin_ids};
use crate::problem::{Problems, nearest};

/// A measure ready to score: where its data is and which scales to report.
#[derive(Debug, Clone)]
pub struct Measure {
    /// The id used in results.json: an instrument id or a scored column's name.
    pub id: String,
    /// What it is: item-level responses to an instrument, or a scored column.
    pub source: Source,
}

/// Where a measure's scores come from.
#[derive(Debug, Clone)]
pub enum Source {
    /// Item-level responses, scored with a key.
    Items {
        /// The scoring key.
        instrument: Box<Instrument>,
        /// For item `i` (1-based), the index in [`ScoreColumns::items`] of its column.
        columns: Vec<Option<usize>>,
        /// Indices into `instrument.scales` of the scales to report.
        report: Vec<usize>,
    },
    /// A column that already holds scores.
    Column {
        /// Index in [`ScoreColumns::scored`], or in [`ScoreColumns::items`] when `worded`.
        index: usize,
        /// Whether the column is one question answered in words, read through the measure's
        /// `labels` as an item is (the same matching and the same error for an unknown word).
        worded: bool,
        /// Label shown in reports.
        label: String,
        /// Which direction is good.
        better: Better,
        /// Published reliability, for reliable change.
        reliability: Option<f64>,
    },
}

/// Load each measure's instrument and list the columns to read from the scores file.
pub fn resolve(loaded: &Loaded) -> Result<(Vec<Measure>, ScoreColumns), Problems> {
    let mut problems = Problems::default();
    let mut columns = ScoreColumns::default();
    let mut measures = Vec::new();
    for spanned in &loaded.programme.measures {
        let config = spanned.get_ref();
        let problem_here = |message: String| loaded.problem_at(spanned.span(), message);
        if let Some(column) = &config.column {
            let label = config.label.clone().unwrap_or_else(|| column.clone());
            let worded = config.labels.is_some();
            if worded {
                match worded_column(column, &label, config) {
                    Ok(spec) => columns.items.push(spec),
                    Err((message, help)) => {
                        problems.push(problem_here(message).help(help));
                        continue;
                    }
                }
            } else {
                columns.scored.push((column.clone(), format!("the scored column '{label}'")));
            }
            measures.push(Measure {
                id: column.clone(),
                source: Source::Column {
                    index: if worded { columns.items.len() - 1 } else { columns.scored.len() - 1 },
                    worded,
                    label,
                    better: config.better.unwrap_or(Better::Higher),
                    reliability: config.reliability,
                },
            });
            continue;
        }
        let Some(name) = &config.instrument else { continue };
        let instrument = match load_instrument(&loaded.folder, name) {
            Ok(instrument) => instrument,
            Err((message, help)) => {
                problems.push(problem_here(message).help(help));
                continue;
            }
        };
        let report = match reported_scales(&instrument, config) {
            Ok(report) => report,
            Err((message, help)) => {
                problems.push(problem_here(message).help(help));
                continue;
            }
        };
        let labels = match response_labels(&instrument, config) {
            Ok(labels) => labels,
            Err((message, help)) => {
                problems.push(problem_here(message).help(help));
                continue;
            }
        };
        let prefix = config.prefix.clone().unwrap_or_default();
        let mut item_columns = vec![None; instrument.items + 1];
        for item in instrument.scored_items() {
            columns.items.push(ItemSpec {
                column: format!("{prefix}{item}"),
                min: instrument.min,
                max: instrument.max,
                what: format!("{} item {item}", instrument.short_name),
                labels: labels.clone(),
                position: Some(FormPosition {
                    prefix: prefix.clone(),
                    item,
                    items: instrument.items,
                    instrument: instrument.short_name.clone(),
                }),
            });
            item_columns[item] = Some(columns.items.len() - 1);
        }
        if measures.iter().any(|m: &Measure| m.id == instrument.id) {
            problems.push(problem_here(format!("instrument '{}' is listed twice", instrument.id)));
        }
        measures.push(Measure {
            id: instrument.id.clone(),
            source: Source::Items { instrument: Box::new(instrument), columns: item_columns, report },
        });
    }
    let comparisons = loaded.programme.data.timepoints.get_ref().len().saturating_sub(1);
    let outcomes = measures.iter().map(Measure::scales_reported).sum::<usize>().saturating_mul(comparisons);
    if outcomes > MAX_OUTCOMES {
        let span = loaded.programme.measures.last().map_or(0..0, Spanned::span);
        problems.push(
            loaded
                .problem_at(
                    span,
                    format!(
                        "the measures' scales at {comparisons} later timepoints make {outcomes} outcomes, more than \
                         {MAX_OUTCOMES}"
                    ),
                )
                .help("name the scales to analyse on each measure (scales = [\"total\"]), or list fewer timepoints"),
        );
    }
    problems.into_result((measures, columns))
}

impl Measure {
    /// How many scales of the measure are analysed (one for a scored column).
    fn scales_reported(&self) -> usize {
        match &self.source {
            Source::Items { report, .. } => report.len(),
            Source::Column { .. } => 1,
        }
    }
}

/// A built-in instrument, or one from a TOML file relative to the programme folder.
fn load_instrument(folder: &Folder, name: &str) -> Result<Instrument, (String, String)> {
    if let Some(instrument) = builtin(name) {
        return Ok(instrument);
    }
    if name.ends_with(".toml") {
        let text = folder.read_text(name, Kind::Settings).map_err(|refusal| {
            let help = refusal.help().unwrap_or("paths are relative to the programme folder");
            (format!("instrument file {name} {refusal}"), help.to_string())
        })?;
        return Instrument::from_toml(&text).map_err(|e| {
            (
                format!("instrument file {name}: {}", shorten_lines(&e)),
                "see `impact instruments scs-sf` for an example of the format".to_string(),
            )
        });
    }
    let help = match nearest(name, builtin_ids()) {
        Some(close) => format!("did you mean '{close}'? `impact instruments` lists the built-in ones"),
        None => "`impact instruments` lists the built-in ones; a path ending in .toml loads your own key".to_string(),
    };
    Err((format!("'{name}' is not a built-in instrument"), help))
}

/// A parse error with any line of the file it quotes cut short, as the data readers cut long
/// values: an instrument file with a 200 kB line must not fill the terminal.
fn shorten_lines(message: &str) -> String {
    const LONGEST: usize = 100;
    const KEPT: usize = 40;
    let lines = message.lines().map(|line| {
        if line.chars().count() > LONGEST {
            let kept: String = line.chars().take(KEPT).collect();
            format!("{kept}…")
        } else {
            line.to_string()
        }
    });
    lines.collect::<Vec<_>>().join("\n")
}

/// The words answers may be given as: the instrument file's `labels`, then the measure's (which
/// override them). `None` when neither has any.
fn response_labels(instrument: &Instrument, config: &MeasureConfig) -> Result<Option<Arc<Labels>>, (String, String)> {
    let range = format!("{} to {}", instrument.min, instrument.max);
    let mut pairs: Vec<(&str, i32)> = instrument.labels.iter().map(|(word, &n)| (word.as_str(), n)).collect();
    for (word, &number) in config.labels.iter().flatten() {
        let number =
            i32::try_from(number).ok().filter(|n| (instrument.min..=instrument.max).contains(n)).ok_or_else(|| {
                (
                    format!(
                        "label '{word}' stands for {number}, outside {}'s answers ({range})",
                        instrument.short_name
                    ),
                    format!("{} answers run from {range}", instrument.short_name),
                )
            })?;
        pairs.push((word.as_str(), number));
    }
    if pairs.is_empty() {
        return Ok(None);
    }
    let labels = Labels::new(pairs)
        .map_err(|e| (e, "give each label a word: labels = { \"Almost never\" = 1, … }".to_string()))?;
    Ok(Some(Arc::new(labels)))
}

/// Answers to the single question a `column` measure scores through its `labels`, read as an
/// item whose answers run from the smallest label's number to the largest's.
fn worded_column(column: &str, label: &str, config: &MeasureConfig) -> Result<ItemSpec, (String, String)> {
    let help = "give each label a whole number: labels = { \"Not at all\" = 1, \"Very\" = 5 }".to_string();
    let mut pairs = Vec::new();
    for (word, &number) in config.labels.iter().flatten() {
        let number = i32::try_from(number).map_err(|_| {
            (format!("label '{word}' of '{label}' stands for {number}, too large a number"), help.clone())
        })?;
        pairs.push((word.as_str(), number));
    }
    let (Some(min), Some(max)) = (pairs.iter().map(|p| p.1).min(), pairs.iter().map(|p| p.1).max()) else {
        return Err((format!("the `labels` of '{label}' are empty"), help));
    };
    // Answers are stored as small codes from the lowest number.
    if i64::from(max) - i64::from(min) >= i64::from(crate::input::scores::MISSING) {
        return Err((
            format!("the labels of '{label}' run from {min} to {max}, more than 254 apart"),
            "labels stand for the answers of one question, e.g. 1 to 5".to_string(),
        ));
    }
    let labels = Labels::new(pairs).map_err(|e| (e, help))?;
    Ok(ItemSpec {
        column: column.to_string(),
        min,
        max,
        what: label.to_string(),
        labels: Some(Arc::new(labels)),
        position: None,
    })
}

/// The scales to analyse: those named in `scales`, else the instrument's defaults.
fn reported_scales(instrument: &Instrument, config: &MeasureConfig) -> Result<Vec<usize>, (String, String)> {
    let Some(names) = &config.scales else {
        return Ok((0..instrument.scales.len()).filter(|&i| instrument.scales[i].default).collect());
    };
    let ids = || instrument.scales.iter().map(|s| s.id.as_str());
    names
        .iter()
        .enumerate()
        .map(|(at, name)| {
            if names[..at].contains(name) {
                let help = "list each scale once".to_string();
                return Err((format!("`scales` lists '{name}' twice"), help));
            }
            instrument.scales.iter().position(|s| &s.id == name).ok_or_else(|| {
                let all = ids().collect::<Vec<_>>().join(", ");
                let help = match nearest(name, ids()) {
                    Some(close) => format!("did you mean '{close}'? {} has: {all}", instrument.short_name),
                    None => format!("{} has: {all}", instrument.short_name),
                };
                (format!("{} has no scale '{name}'", instrument.short_name), help)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_quoted_line_is_cut_and_short_lines_kept() {
        let message = format!("TOML parse error at line 2, column 9\n2 | name = \"{}\n  |        ^", "x".repeat(5000));
        let shortened = shorten_lines(&message);
        assert!(shortened.len() < 200, "{shortened}");
        assert!(shortened.starts_with("TOML parse error at line 2, column 9\n2 | name = \"xxx"));
        assert!(shortened.contains('…'));
    }
}
