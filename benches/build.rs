//! Time of `impact build` on the example programme, in process: reading, scoring, statistics,
//! charts and the HTML + JSON files (written to a temporary folder).
//!
//! Run with `cargo bench --bench build`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use impact::render::{self, DEFAULT_FORMATS};

fn build_example(c: &mut Criterion) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/school-staff");
    let out = tempfile::tempdir().expect("a temporary folder");
    c.bench_function("build school-staff (html + json)", |b| {
        b.iter(|| {
            let analysed = impact::pipeline::analyse(&example).expect("the example is valid");
            let files = render::files(&analysed, DEFAULT_FORMATS).expect("renders");
            render::write_atomically(&out.path().join("report"), &files).expect("writes");
        })
    });
}

criterion_group!(benches, build_example);
criterion_main!(benches);
