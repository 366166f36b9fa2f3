//! Multiple-comparison adjustment of p-values.

/// Holm's step-down adjustment, as R's `p.adjust(p, method = "holm")`.
///
/// Only the present values count towards the number of tests (R's `p.adjust` does the same with
/// `NA`): `None` (and a NaN p-value, which R also treats as missing) stays `None`. The output has
/// the same length and order as the input.
pub fn holm(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut present: Vec<(usize, f64)> =
        p.iter().enumerate().filter_map(|(i, v)| v.filter(|x| !x.is_nan()).map(|x| (i, x))).collect();
    // Stable sort keeps R's `order()` tie handling; ties end up equal after the running maximum.
    present.sort_by(|a, b| a.1.total_cmp(&b.1));
    let m = present.len();
    let mut out = vec![None; p.len()];
    let mut running_max = f64::NEG_INFINITY;
    for (rank, (idx, value)) in present.into_iter().enumerate() {
        running_max = running_max.max((m - rank) as f64 * value);
        out[idx] = Some(running_max.min(1.0));
    }
    out
}
