//! Time of `impact build` on the example programme, in process: reading, scoring, statistics,
//! charts and the report files (written to a temporary folder), with and without the PDF.
//!
//! Run with `cargo bench --bench build`.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use impact::render::{self, DEFAULT_FORMATS, Format};

fn build(c: &mut Criterion, name: &str, formats: &[Format]) {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compassion-in-schools");
    let out = tempfile::tempdir().expect("a temporary folder");
    c.bench_function(name, |b| {
        b.iter(|| {
            let analysed = impact::pipeline::analyse(&example).expect("the example is valid");
            let files = render::files(&analysed, formats).expect("renders");
            render::write_atomically(&out.path().join("report"), &files).expect("writes");
        })
    });
}

fn html_and_json(c: &mut Criterion) {
    build(c, "build compassion-in-schools (html + json)", &[Format::Html, Format::Json]);
}

fn all_formats(c: &mut Criterion) {
    build(c, "build compassion-in-schools (html + pdf + json)", DEFAULT_FORMATS);
}

criterion_group!(benches, html_and_json, all_formats);
criterion_main!(benches);
