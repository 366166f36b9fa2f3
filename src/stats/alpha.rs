//! Internal consistency of a scale.

use super::variance;

/// Cronbach's alpha of an item matrix, on complete cases.
///
/// `rows` holds one row per respondent with the same k items in each (reverse keying already
/// applied). A row with a NaN (a missing answer) is dropped here, so callers can pass every
/// respondent. `alpha = k/(k − 1) · (1 − Σ var(item) / var(row sum))`, sample variances.
///
/// `None` when rows differ in length, there are fewer than two items, fewer than two complete
/// rows, or the variance of the totals is zero.
pub fn cronbach_alpha(rows: &[Vec<f64>]) -> Option<f64> {
    let k = rows.first()?.len();
    if rows.iter().any(|r| r.len() != k) {
        return None;
    }
    let complete: Vec<f64> = rows.iter().filter(|r| r.iter().all(|v| !v.is_nan())).flatten().copied().collect();
    cronbach_alpha_of(k, &complete)
}

/// Cronbach's alpha of `values`, complete rows of `items` answers each laid end to end (one
/// allocation for a whole cohort rather than one per respondent); as [`cronbach_alpha`].
pub fn cronbach_alpha_of(items: usize, values: &[f64]) -> Option<f64> {
    if items == 0 || !values.len().is_multiple_of(items) {
        return None;
    }
    cronbach_alpha_with(items, values.len() / items, |row, item| values[row * items + item])
}

/// Cronbach's alpha of `rows` complete rows of `items` answers, answer `item` of row `row` being
/// `answer(row, item)`: the item matrix read where it is kept rather than copied out as numbers.
/// The same arithmetic as [`cronbach_alpha_of`], in the same order.
pub fn cronbach_alpha_with(items: usize, rows: usize, answer: impl Fn(usize, usize) -> f64) -> Option<f64> {
    if items < 2 || rows < 2 {
        return None;
    }
    let totals: Vec<f64> = (0..rows).map(|r| (0..items).map(|j| answer(r, j)).sum()).collect();
    let var_total = variance(&totals)?;
    if var_total.is_nan() || var_total <= 0.0 {
        return None;
    }
    let mut item = totals;
    let mut sum_item_var = 0.0;
    for j in 0..items {
        item.clear();
        item.extend((0..rows).map(|r| answer(r, j)));
        sum_item_var += variance(&item)?;
    }
    let kf = items as f64;
    let a = kf / (kf - 1.0) * (1.0 - sum_item_var / var_total);
    a.is_finite().then_some(a)
}
