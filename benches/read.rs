//! Time of reading, scoring and analysing a large long-layout scores CSV in process (no report
//! files): 100,000 invented participants × 48 items × 2 timepoints, the cohort
//! `benches/make_cohort.py` writes.
//!
//! Run with `cargo bench --bench read`.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};

/// People in the cohort.
const PEOPLE: usize = 100_000;
/// (instrument, prefix, items, lowest answer, highest answer).
const MEASURES: [(&str, &str, usize, u32, u32); 3] =
    [("scs-sf", "scs_sf_", 12, 1, 5), ("fscrs", "fscrs_", 22, 0, 4), ("wemwbs", "wemwbs_", 14, 1, 5)];

/// Write the cohort's programme folder into `dir`.
fn write_cohort(dir: &Path) {
    fs::create_dir_all(dir.join("data")).expect("a data folder");
    let mut toml = String::from(
        "[programme]\ntitle = \"Benchmark cohort\"\ntemplate = \"workplace\"\n\n[data]\nscores = \"data/scores.csv\"\n",
    );
    let mut csv = String::from("participant_id,timepoint");
    for (instrument, prefix, items, _, _) in MEASURES {
        write!(toml, "\n[[measures]]\ninstrument = \"{instrument}\"\nprefix = \"{prefix}\"\n").unwrap();
        (1..=items).for_each(|i| write!(csv, ",{prefix}{i}").unwrap());
    }
    csv.push('\n');
    // A fixed linear congruential sequence: the same cohort every run, no dependency.
    let mut state: u64 = 1;
    let mut next = move |range: u32| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) % u64::from(range)) as u32
    };
    for timepoint in ["pre", "post"] {
        for person in 1..=PEOPLE {
            write!(csv, "P{person:07},{timepoint}").unwrap();
            for (_, _, items, low, high) in MEASURES {
                (0..items).for_each(|_| write!(csv, ",{}", low + next(high - low + 1)).unwrap());
            }
            csv.push('\n');
        }
    }
    fs::write(dir.join("programme.toml"), toml).expect("programme.toml");
    fs::write(dir.join("data/scores.csv"), csv).expect("scores.csv");
}

fn analyse_large_cohort(c: &mut Criterion) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    write_cohort(tmp.path());
    let mut group = c.benchmark_group("large cohort");
    group.sample_size(10);
    group.bench_function("read, score and analyse 100,000 × 48 items × 2 (long CSV)", |b| {
        b.iter(|| impact::pipeline::analyse(tmp.path()).expect("the cohort is valid"))
    });
    group.finish();
}

criterion_group!(benches, analyse_large_cohort);
criterion_main!(benches);
