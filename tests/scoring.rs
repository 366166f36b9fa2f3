//! Scoring, prorating and Cronbach's alpha on item-level data, against values from R.
//!
//! Data: tests/data/scoring (a made-up five-item 0–4 scale, items 2 and 5 reversed, with one
//! prorated score at each timepoint and one score left unscored). Reference values come from
//! `Rscript tests/data/scoring/reference.R` (R 4.2.2, psych 2.2.9: `psych::alpha(...)$total$raw_alpha`).

// R prints 17 significant digits; they are pasted as printed.
#![allow(clippy::excessive_precision)]

use std::path::Path;

use impact::config;
use impact::input::{read_scores, scores::Layout};
use impact::scoring::{resolve, score};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/scoring");

fn close(actual: f64, expected: f64) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!((actual - expected).abs() <= tolerance, "{actual} vs R's {expected}");
}

#[test]
fn scores_match_r_including_prorated_and_unscored() {
    let loaded = config::load(Path::new(DIR)).unwrap();
    let (measures, columns) = resolve(&loaded).unwrap();
    let data = &loaded.programme.data;
    let layout = Layout::from_config(data);
    let responses = read_scores(&loaded.path("scores.csv"), "scores.csv", &layout, &columns).unwrap();
    let scales = score(&responses, &measures, 0.2);
    assert_eq!(scales.len(), 1);
    let total = &scales[0];
    // R: total per participant (pre, post); NA where two of five items are missing.
    let expected: [(Option<f64>, f64); 10] = [
        (Some(9.0), 14.0),
        (Some(10.0), 11.0),
        (Some(14.0), 15.0),
        (Some(9.0), 13.75),
        (Some(9.0), 14.0),
        (None, 15.0),
        (Some(15.0), 14.0),
        (Some(17.0), 18.0),
        (Some(11.0), 17.0),
        (Some(10.0), 12.0),
    ];
    for (p, (pre, post)) in expected.into_iter().enumerate() {
        assert_eq!(total.get(p, 0), pre, "participant {} pre", p + 1);
        assert_eq!(total.get(p, 1), Some(post), "participant {} post", p + 1);
    }
}

#[test]
fn descriptives_alpha_and_t_match_r() {
    let analysed = impact::pipeline::analyse(Path::new(DIR)).unwrap();
    let o = &analysed.results.outcomes[0];
    assert_eq!((o.pre.n, o.post.n, o.n_pairs), (9, 10, 9));
    close(o.pre.mean.unwrap(), 11.555555555555555);
    close(o.pre.sd.unwrap(), 3.0046260628866577);
    close(o.post.mean.unwrap(), 14.375);
    close(o.post.sd.unwrap(), 2.0724716859076482);
    let alpha = o.alpha.as_ref().unwrap();
    close(alpha["pre"].as_f64().unwrap(), 0.71492805755395683);
    close(alpha["post"].as_f64().unwrap(), 0.53052325581395343);
    close(o.t.unwrap(), 3.35064234494094);
    close(o.p.unwrap(), 0.010070688067726);
    let ci = o.diff.ci.unwrap();
    close(ci[0], 0.85737443183503081);
    close(ci[1], 4.64262556816496907);
}
