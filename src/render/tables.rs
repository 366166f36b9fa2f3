//! Each table of the report as CSV, with the numbers as the report prints them.

use super::format::{number, p_value};
use crate::analysis::Results;

/// The outcome table.
pub fn outcomes_csv(results: &Results) -> Result<Vec<u8>, String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = [
        "measure",
        "scale",
        "label",
        "from",
        "to",
        "better",
        "n_pairs",
        "from_mean",
        "from_sd",
        "to_mean",
        "to_sd",
        "diff_mean",
        "diff_ci_low",
        "diff_ci_high",
        "t",
        "df",
        "p",
        "p_adjusted",
        "dz",
        "dz_ci_low",
        "dz_ci_high",
        "dav",
        "gav",
        "improved",
        "no_change",
        "deteriorated",
    ];
    writer.write_record(header).map_err(|e| e.to_string())?;
    for o in &results.outcomes {
        let plain = |x: Option<f64>, d: usize| number(x, d).replace('\u{2212}', "-").replace('–', "");
        let ci = |c: Option<[f64; 2]>, i: usize, d: usize| plain(c.map(|c| c[i]), d);
        let rc = o.reliable_change.as_ref();
        let count = |f: fn(&crate::analysis::ReliableChange) -> usize| rc.map_or(String::new(), |rc| f(rc).to_string());
        writer
            .write_record([
                o.measure.clone(),
                o.scale.clone(),
                o.label.clone(),
                o.from.clone(),
                o.to.clone(),
                o.better.to_string(),
                o.n_pairs.to_string(),
                plain(o.paired.pre_mean, 2),
                plain(o.paired.pre_sd, 2),
                plain(o.paired.post_mean, 2),
                plain(o.paired.post_sd, 2),
                plain(o.diff.mean, 2),
                ci(o.diff.ci, 0, 2),
                ci(o.diff.ci, 1, 2),
                plain(o.t, 2),
                plain(o.df, 0),
                p_value(o.p).replace('–', ""),
                p_value(o.p_adjusted).replace('–', ""),
                plain(o.effect.dz, 2),
                ci(o.effect.dz_ci, 0, 2),
                ci(o.effect.dz_ci, 1, 2),
                plain(o.effect.dav, 2),
                plain(o.effect.gav, 2),
                count(|r| r.improved),
                count(|r| r.no_change),
                count(|r| r.deteriorated),
            ])
            .map_err(|e| e.to_string())?;
    }
    writer.into_inner().map_err(|e| e.to_string())
}
