//! Item responses → scale scores per participant × timepoint.
//!
//! Reverse keys are applied as `(min + max) - x`; a scale with a few unanswered items is prorated
//! (see [`score_scale`]); a scale with too many is left unscored.

mod measures;

pub use measures::{Measure, Source, resolve};

use crate::input::Responses;
use crate::input::scores::MISSING;
use crate::instruments::{Better, Instrument, Method, Scale};

/// One scale's scores for everyone at every timepoint.
#[derive(Debug, Clone)]
pub struct ScaleScores {
    /// Index of the measure in the resolved list.
    pub measure: usize,
    /// The measure id (`scs-sf`).
    pub measure_id: String,
    /// The scale id (`total`); a scored column's is `score`.
    pub scale_id: String,
    /// Label shown in reports.
    pub label: String,
    /// Which direction is good.
    pub better: Better,
    /// Score of participant `p` at timepoint `t` at `p * timepoints + t`; NaN where unscored.
    pub values: Vec<f64>,
    /// Number of timepoints.
    pub timepoints: usize,
}

impl ScaleScores {
    /// The score of participant `p` at timepoint `t`, if scored.
    pub fn get(&self, participant: usize, timepoint: usize) -> Option<f64> {
        let v = self.values[participant * self.timepoints + timepoint];
        (!v.is_nan()).then_some(v)
    }

    /// Scores at one timepoint of everyone scored then.
    pub fn at(&self, timepoint: usize) -> Vec<f64> {
        self.values.iter().skip(timepoint).step_by(self.timepoints).copied().filter(|v| !v.is_nan()).collect()
    }
}

/// Score every reported scale of every measure. `max_missing` is the programme's default share of
/// a scale's items that may be missing; an instrument's own rule takes precedence.
pub fn score(responses: &Responses, measures: &[Measure], max_missing: f64) -> Vec<ScaleScores> {
    let mut out = Vec::new();
    let cells = responses.participants.len() * responses.timepoints.len();
    for (m, measure) in measures.iter().enumerate() {
        match &measure.source {
            Source::Column { index, worded, label, better, .. } => {
                let mut values = vec![f64::NAN; cells];
                for (cell, value) in values.iter_mut().enumerate() {
                    if let Some(row) = row_at(responses, cell) {
                        *value = if *worded {
                            responses.items[*index].value(row).unwrap_or(f64::NAN)
                        } else {
                            responses.scored[*index][row]
                        };
                    }
                }
                out.push(ScaleScores {
                    measure: m,
                    measure_id: measure.id.clone(),
                    scale_id: "score".into(),
                    label: label.clone(),
                    better: *better,
                    values,
                    timepoints: responses.timepoints.len(),
                });
            }
            Source::Items { instrument, columns, report } => {
                let allowed = instrument.max_missing.unwrap_or(max_missing);
                for &s in report {
                    let scale = &instrument.scales[s];
                    let mut values = vec![f64::NAN; cells];
                    for (cell, value) in values.iter_mut().enumerate() {
                        if let Some(row) = row_at(responses, cell) {
                            *value = score_scale(instrument, scale, allowed, &|item| {
                                keyed(responses, instrument, columns, item, row)
                            })
                            .unwrap_or(f64::NAN);
                        }
                    }
                    out.push(ScaleScores {
                        measure: m,
                        measure_id: measure.id.clone(),
                        scale_id: scale.id.clone(),
                        label: scale.label.clone(),
                        better: scale.better,
                        values,
                        timepoints: responses.timepoints.len(),
                    });
                }
            }
        }
    }
    out
}

fn row_at(responses: &Responses, cell: usize) -> Option<usize> {
    let t = responses.timepoints.len();
    responses.row(cell / t, cell % t)
}

/// The response to `item` on `row` after reverse keying, if answered.
fn keyed(
    responses: &Responses,
    instrument: &Instrument,
    columns: &[Option<usize>],
    item: usize,
    row: usize,
) -> Option<f64> {
    let value = responses.items[columns[item]?].value(row)?;
    Some(key(instrument, item, value))
}

/// An answer to `item` keyed: reversed if the item is.
fn key(instrument: &Instrument, item: usize, answer: f64) -> f64 {
    if instrument.is_reversed(item) { f64::from(instrument.min + instrument.max) - answer } else { answer }
}

/// Score one scale from its keyed item responses.
///
/// With `k` items of which `a` are answered, the scale is scored when `k - a <= max_missing * k`:
/// a sum scale as `mean(answered) * k` (prorated), a mean scale as `mean(answered)`. A
/// `mean_of_scales` scale is the mean of its component scales, each scored this way, and is
/// unscored when any component is. A published raw-to-metric table is applied last.
pub fn score_scale(
    instrument: &Instrument,
    scale: &Scale,
    max_missing: f64,
    response: &dyn Fn(usize) -> Option<f64>,
) -> Option<f64> {
    let raw = match scale.score {
        Method::MeanOfScales => {
            let mut total = 0.0;
            for id in &scale.of {
                total += score_scale(instrument, instrument.scale(id)?, max_missing, response)?;
            }
            total / scale.of.len() as f64
        }
        Method::Sum | Method::Mean => {
            let k = scale.items.len();
            let (mut sum, mut answered) = (0.0, 0usize);
            for &item in &scale.items {
                if let Some(v) = response(item) {
                    sum += v;
                    answered += 1;
                }
            }
            // A small tolerance so that 0.2 × 10 allows exactly 2 missing items.
            if answered == 0 || (k - answered) as f64 > max_missing * k as f64 + 1e-9 {
                return None;
            }
            let mean = sum / answered as f64;
            if scale.score == Method::Sum { if answered == k { sum } else { mean * k as f64 } } else { mean }
        }
    };
    match &scale.transform {
        None => Some(raw),
        Some(table) => {
            let index = raw.round() as i64 - i64::from(table.first_raw);
            usize::try_from(index).ok().and_then(|i| table.values.get(i).copied())
        }
    }
}

/// The complete cases at `timepoint` on the items of a scale (for `mean_of_scales`, the items
/// of its components), as the input of Cronbach's alpha ([`crate::stats::cronbach_alpha_with`]).
pub fn complete_item_rows(responses: &Responses, measure: &Measure, scale_id: &str, timepoint: usize) -> ItemRows {
    let Source::Items { instrument, columns, .. } = &measure.source else { return ItemRows::default() };
    let Some(scale) = instrument.scale(scale_id) else { return ItemRows::default() };
    let mut items: Vec<usize> = match scale.score {
        Method::MeanOfScales => {
            scale.of.iter().filter_map(|id| instrument.scale(id)).flat_map(|s| s.items.clone()).collect()
        }
        _ => scale.items.clone(),
    };
    items.sort_unstable();
    items.dedup();
    // An item without a column has no answers: no row is complete.
    let Some(answered) =
        items.iter().map(|&item| columns[item].map(|c| &responses.items[c])).collect::<Option<Vec<_>>>()
    else {
        return ItemRows::default();
    };
    let mut codes = Vec::new();
    for row in (0..responses.participants.len()).filter_map(|p| responses.row(p, timepoint)) {
        if answered.iter().all(|column| column.codes[row] != MISSING) {
            codes.extend(answered.iter().map(|column| column.codes[row]));
        }
    }
    // Each item's answers keyed, by code: the numbers `keyed` gives, looked up.
    let keyed = items
        .iter()
        .zip(&answered)
        .map(|(&item, column)| std::array::from_fn(|code| key(instrument, item, column.answer(code as u8))))
        .collect();
    ItemRows { items: items.len(), codes, keyed }
}

/// The answers of the complete cases to a scale's items, as codes (a byte each, row after row),
/// with each item's keyed value of every code.
#[derive(Debug, Default)]
pub struct ItemRows {
    /// How many items each row holds.
    pub items: usize,
    /// The codes, `items` to a row.
    codes: Vec<u8>,
    /// By item, the keyed answer of each code.
    keyed: Vec<[f64; 256]>,
}

impl ItemRows {
    /// How many complete rows there are.
    pub fn rows(&self) -> usize {
        self.codes.len().checked_div(self.items).unwrap_or(0)
    }

    /// The keyed answer to item `item` (by its place in the scale) in row `row`.
    pub fn answer(&self, row: usize, item: usize) -> f64 {
        self.keyed[item][usize::from(self.codes[row * self.items + item])]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instruments::builtin;

    fn scale_of<'a>(instrument: &'a Instrument, id: &str) -> &'a Scale {
        instrument.scale(id).unwrap()
    }

    #[test]
    fn reverse_keys_and_mean_scoring() {
        // SCS-SF with every answer 4: reversed items (1, 4, 8, 9, 11, 12) score 6 - 4 = 2,
        // so the mean is (6 × 4 + 6 × 2) / 12 = 3.
        let scs = builtin("scs-sf").unwrap();
        let score = score_scale(&scs, scale_of(&scs, "total"), 0.2, &|item| {
            Some(if scs.is_reversed(item) { 2.0 } else { 4.0 })
        });
        assert_eq!(score, Some(3.0));
    }

    #[test]
    fn a_sum_scale_is_prorated_within_max_missing() {
        // FSCRS inadequate self, 9 items; answered: 8 items of 2, one missing.
        let fscrs = builtin("fscrs").unwrap();
        let scale = scale_of(&fscrs, "inadequate_self");
        let missing_first = |item: usize| (item != 1).then_some(2.0);
        assert_eq!(score_scale(&fscrs, scale, 0.2, &missing_first), Some(18.0));
        // Two of nine missing is 22% > 20%: unscored.
        let missing_two = |item: usize| (item != 1 && item != 2).then_some(2.0);
        assert_eq!(score_scale(&fscrs, scale, 0.2, &missing_two), None);
        // With max_missing 0, one missing item leaves the scale unscored.
        assert_eq!(score_scale(&fscrs, scale, 0.0, &missing_first), None);
    }

    #[test]
    fn prorating_uses_the_mean_of_answered_items() {
        // Items answered 0,1,2,3,4,0,1,2 (item 9 missing) on a 9-item sum scale: mean 13/8 × 9.
        let fscrs = builtin("fscrs").unwrap();
        let scale = scale_of(&fscrs, "inadequate_self");
        let answers = [0.0, 1.0, 2.0, 3.0, 4.0, 0.0, 1.0, 2.0];
        let response = |item: usize| scale.items.iter().position(|&i| i == item).and_then(|k| answers.get(k).copied());
        assert_eq!(score_scale(&fscrs, scale, 0.2, &response), Some(13.0 / 8.0 * 9.0));
    }

    #[test]
    fn swemwbs_raw_totals_convert_to_metric_scores() {
        let swemwbs = builtin("swemwbs").unwrap();
        let total = swemwbs.scales.iter().find(|s| s.transform.is_some()).expect("a converted scale");
        assert_eq!(score_scale(&swemwbs, total, 0.0, &|_| Some(1.0)), Some(7.0));
        assert_eq!(score_scale(&swemwbs, total, 0.0, &|_| Some(5.0)), Some(35.0));
        // Raw 21 (all 3s) is 19.25 on the metric scale (the published conversion table).
        assert_eq!(score_scale(&swemwbs, total, 0.0, &|_| Some(3.0)), Some(19.25));
    }
}
