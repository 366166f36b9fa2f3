//! The fuzz targets' bodies, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/`) and by
//! `tests/fuzz.rs`.
//!
//! Each body takes arbitrary bytes and panics only when a property is broken. A clean
//! `Err(Problems)` from the library is a fine outcome: it is how bad input is reported.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use impact::analysis::Outcome;
use impact::input::qdpx::{Options, read_qdpx};
use impact::input::table::Table;
use impact::pipeline::{self, Analysed};
use impact::render::{self, Format};
use impact::report::{self, Block, Card, Figure, Report, Section, Template, Tone};

/// The programme every scores file is read with: one SCS-SF measure.
pub const PROGRAMME: &str = r#"[programme]
title = "Fuzz programme"
template = "schools"

[data]
scores = "data/scores.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"
"#;

/// A qualitative-only programme around `data/coding.qdpx`.
const QDPX_PROGRAMME: &str = r#"[programme]
title = "Fuzz interviews"
template = "nhs"

[data]
qdpx = "data/coding.qdpx"

[analysis]
min_cell = 1
"#;

/// The data files next to a fuzzed programme.toml: an invented programme with every kind of
/// file, so that a fuzzed configuration can name any of them.
const CONFIG_FILES: &[(&str, &[u8])] = &[
    ("data/scores.csv", include_bytes!("../examples/cft-module/data/scores.csv")),
    ("data/attendance.csv", include_bytes!("../examples/cft-module/data/attendance.csv")),
    ("data/participants.csv", include_bytes!("../examples/cft-module/data/participants.csv")),
    ("data/codebook.csv", include_bytes!("../examples/cft-module/data/codebook.csv")),
    ("data/excerpts.csv", include_bytes!("../examples/cft-module/data/excerpts.csv")),
    ("data/coding.qdpx", include_bytes!("seeds/qdpx/fixture-zip.qdpx")),
    ("data/coding.qde", include_bytes!("seeds/qdpx/fixture-plain.qde")),
];

/// The longest text the escaping target places in a report (typesetting is slow).
const MAX_TEXT: usize = 2048;

/// The folder `target` works in: one per process, as fuzzers may run several at once.
pub fn folder(target: &str) -> PathBuf {
    std::env::temp_dir().join(format!("impact-fuzz-{target}-{}", std::process::id()))
}

/// Make the folder of `target` with `files` (relative path, bytes) in it.
fn make_folder(target: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let root = folder(target);
    fs::create_dir_all(root.join("data")).expect("a temporary folder");
    for (name, bytes) in files {
        fs::write(root.join(name), bytes).expect("a file in the temporary folder");
    }
    root
}

/// Scores file: the table layer, the scores reader, scoring and statistics, then the report's
/// HTML and JSON (charts included).
pub fn csv_reader(data: &[u8]) {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| make_folder("csv_reader", &[("programme.toml", PROGRAMME.as_bytes())]));
    let path = root.join("data/scores.csv");
    fs::write(&path, data).expect("the scores file is written");
    if let Ok(mut table) = Table::open(&path, "data/scores.csv", None) {
        let _ = table.read_all();
    }
    if let Ok(analysed) = pipeline::analyse(root) {
        check_analysed(&analysed);
        check_repeatable(root, &analysed);
        let _ = render::files(&analysed, &[Format::Html, Format::Json]);
    }
}

/// The same files give the same results, whatever order hash maps visit their keys in.
fn check_repeatable(root: &Path, analysed: &Analysed) {
    let again = pipeline::analyse(root).expect("the same files are analysed again");
    let json = render::json::results_json;
    assert_eq!(json(&analysed.results), json(&again.results), "the same files gave different results");
}

/// programme.toml: the configuration's checks, then the whole pipeline over the data it names.
pub fn config(data: &[u8]) {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| make_folder("config", CONFIG_FILES));
    let Ok(text) = std::str::from_utf8(data) else { return };
    fs::write(root.join("programme.toml"), text).expect("programme.toml is written");
    let Ok(loaded) = impact::config::load(root) else { return };
    // The configuration may name any file on the machine (`/dev/zero`); only files in the folder
    // are of interest here.
    let p = &loaded.programme;
    let d = &p.data;
    let files = [&d.scores, &d.attendance, &d.participants, &d.codebook, &d.excerpts, &d.qdpx];
    let named = files.into_iter().flatten().map(|f| f.get_ref().as_str());
    let instruments = p.measures.iter().filter_map(|m| m.get_ref().instrument.as_deref());
    if !named.chain(instruments).chain([p.programme.template.as_str()]).all(inside) {
        return;
    }
    if let Ok(analysed) = pipeline::analyse(root) {
        check_analysed(&analysed);
        check_repeatable(root, &analysed);
        let _ = render::files(&analysed, &[Format::Html, Format::Json]);
    }
}

/// Whether a path from programme.toml stays inside the programme folder.
fn inside(path: &str) -> bool {
    let path = Path::new(path);
    !path.has_root()
        && !path.to_string_lossy().contains(':')
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
}

/// REFI-QDA project (zip or plain XML): the reader, then the qualitative analysis and report.
pub fn qdpx(data: &[u8]) {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    let root = ROOT.get_or_init(|| make_folder("qdpx", &[("programme.toml", QDPX_PROGRAMME.as_bytes())]));
    let path = root.join("data/coding.qdpx");
    fs::write(&path, data).expect("the project is written");
    let options = Options { id_variable: "participant_id".into() };
    let Ok(coding) = read_qdpx(&path, "data/coding.qdpx", &options) else { return };
    for excerpt in &coding.excerpts {
        assert!(excerpt.code < coding.codebook.len(), "excerpt of code {} past the codebook", excerpt.code);
    }
    if let Some(positions) = &coding.positions {
        assert!((0.0..=1.0).contains(&positions.between_words), "share {}", positions.between_words);
    }
    let again = read_qdpx(&path, "data/coding.qdpx", &options).expect("the same project is read again");
    assert_eq!(format!("{coding:?}"), format!("{again:?}"), "the same project was read differently");
    if let Ok(analysed) = pipeline::analyse(root) {
        check_analysed(&analysed);
        check_repeatable(root, &analysed);
        let _ = render::files(&analysed, &[Format::Html, Format::Json]);
    }
}

/// Properties of every analysis: counts agree, probabilities are probabilities, intervals are
/// ordered, and scores stay within the scale's range.
fn check_analysed(analysed: &Analysed) {
    for outcome in &analysed.results.outcomes {
        check_outcome(outcome);
    }
    for theme in &analysed.results.themes {
        if let Some(share) = theme.share {
            assert!((0.0..=1.0 + 1e-9).contains(&share), "theme share {share}");
        }
    }
}

fn check_outcome(o: &Outcome) {
    let what = format!("{} {} {}→{}", o.measure, o.scale, o.from, o.to);
    assert!(o.n_pairs <= o.pre.n && o.n_pairs <= o.post.n, "{what}: {} pairs of {}/{}", o.n_pairs, o.pre.n, o.post.n);
    let numbers = [
        ("pre mean", o.pre.mean),
        ("pre sd", o.pre.sd),
        ("post mean", o.post.mean),
        ("post sd", o.post.sd),
        ("paired pre mean", o.paired.pre_mean),
        ("paired post mean", o.paired.post_mean),
        ("paired pre sd", o.paired.pre_sd),
        ("paired post sd", o.paired.post_sd),
        ("r", o.paired.r),
        ("diff mean", o.diff.mean),
        ("diff sd", o.diff.sd),
        ("t", o.t),
        ("df", o.df),
        ("p", o.p),
        ("p adjusted", o.p_adjusted),
        ("wilcoxon v", o.wilcoxon.v),
        ("wilcoxon p", o.wilcoxon.p),
        ("shapiro w", o.shapiro.w),
        ("shapiro p", o.shapiro.p),
        ("d_z", o.effect.dz),
        ("d_av", o.effect.dav),
        ("g_av", o.effect.gav),
    ];
    for (name, value) in numbers {
        if let Some(x) = value {
            assert!(x.is_finite(), "{what}: {name} is {x}; a value that cannot be computed is None");
        }
    }
    for (name, value) in
        [("p", o.p), ("p adjusted", o.p_adjusted), ("wilcoxon p", o.wilcoxon.p), ("shapiro p", o.shapiro.p)]
    {
        if let Some(p) = value {
            assert!((0.0..=1.0).contains(&p), "{what}: {name} = {p}");
        }
    }
    if let Some(w) = o.shapiro.w {
        assert!((0.0..=1.0 + 1e-9).contains(&w), "{what}: W = {w}");
    }
    if let Some(r) = o.paired.r {
        assert!((-1.0 - 1e-9..=1.0 + 1e-9).contains(&r), "{what}: r = {r}");
    }
    for (name, sd) in [("pre sd", o.pre.sd), ("post sd", o.post.sd), ("diff sd", o.diff.sd)] {
        if let Some(sd) = sd {
            assert!(sd >= 0.0, "{what}: {name} = {sd}");
        }
    }
    for (name, ci) in [("diff ci", o.diff.ci), ("d_z ci", o.effect.dz_ci)] {
        if let Some([low, high]) = ci {
            assert!(low.is_finite() && high.is_finite() && low <= high, "{what}: {name} = [{low}, {high}]");
        }
    }
    if let Some([low, high]) = o.range {
        let slack = 1e-9 * (1.0 + high.abs());
        for (name, mean) in [
            ("pre mean", o.pre.mean),
            ("post mean", o.post.mean),
            ("paired pre mean", o.paired.pre_mean),
            ("paired post mean", o.paired.post_mean),
        ] {
            if let Some(m) = mean {
                assert!(m >= low - slack && m <= high + slack, "{what}: {name} {m} outside [{low}, {high}]");
            }
        }
    }
    if let Some(rc) = &o.reliable_change {
        assert_eq!(rc.improved + rc.no_change + rc.deteriorated, o.n_pairs, "{what}: reliable change counts");
    }
    if let Some(bands) = &o.bands {
        assert_eq!(bands.from.iter().sum::<usize>(), o.n_pairs, "{what}: baseline band counts");
        assert_eq!(bands.to.iter().sum::<usize>(), o.n_pairs, "{what}: later band counts");
    }
}

/// Text from the data in every place a report shows it: the HTML adds no markup for it and the
/// PDF typesets it as text, in a few pages. Narrative markdown's raw HTML comes out as text.
pub fn escaping(data: &[u8]) {
    static TEMPLATE: OnceLock<(Template, [usize; 2], usize)> = OnceLock::new();
    let (template, baseline_tags, baseline_pages) = TEMPLATE.get_or_init(|| {
        let root = make_folder("escaping", &[]);
        let template = Template::load(&root, "schools").expect("the built-in template loads");
        // An empty text leaves optional parts out (a card without detail), so it has its own
        // baseline.
        let page = |text: &str| render::html::page(&report_with(text), &template).expect("the page renders");
        let tags = [tags(&page("")), tags(&page("harmless"))];
        let pdf = render::pdf::pdf(&report_with("harmless"), &template).expect("the PDF typesets");
        (template, tags, page_count(&pdf))
    });
    let text = String::from_utf8_lossy(&data[..data.len().min(MAX_TEXT)]);

    // The HTML renderer typesets `d_z` on purpose.
    let html_text = without(&text, &["d_z", "d_av", "g_av"]);
    let page = render::html::page(&report_with(&html_text), template).expect("the page renders");
    let baseline = baseline_tags[usize::from(!html_text.is_empty())];
    assert_eq!(tags(&page), baseline, "the text added markup to the HTML:\n{page}");

    check_markdown(&render::html::markdown(&text));

    let text = pdf_text(&text);
    let pdf = render::pdf::pdf(&report_with(&text), template).expect("the PDF typesets");
    // Typst memoises every compilation for the life of the process; a fuzzer compiles
    // thousands of reports, so results unused in the last two compilations are dropped.
    typst::comemo::evict(2);
    let pages = page_count(&pdf);
    // Generous: every character of every placement on a line of its own, 40 lines a page.
    let lines = text.chars().count() + 1;
    let allowed = baseline_pages + PLACEMENTS * (lines / 40 + 1);
    assert!(pages <= allowed, "{pages} pages for {} characters (at most {allowed})", lines - 1);
}

/// The markup of an HTML page, counted as its `<`.
fn tags(html: &str) -> usize {
    html.matches('<').count()
}

/// How many places [`report_with`] puts the text in.
const PLACEMENTS: usize = 26;

/// `text` with every `sequence` removed, also those that removing makes (`dd_zz`).
fn without(text: &str, sequences: &[&str]) -> String {
    let mut text = text.to_string();
    loop {
        let cleaned = sequences.iter().fold(text.clone(), |t, s| t.replace(s, ""));
        if cleaned == text {
            return text;
        }
        text = cleaned;
    }
}

/// The text for the PDF, without `/Type`, which would confuse [`page_count`].
fn pdf_text(text: &str) -> String {
    without(text, &["/Type"])
}

/// A report with `text` in every kind of block.
fn report_with(text: &str) -> Report {
    let t = || text.to_string();
    let table = report::Table {
        id: "fuzz".into(),
        caption: t(),
        columns: vec![t(), "Value".into()],
        rows: vec![vec![t(), t()], vec!["Row".into(), "1".into()]],
        notes: vec![t()],
        csv: None,
    };
    let figure = Figure {
        id: "fuzz-figure".into(),
        svg: r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20"><rect width="40" height="20" fill="grey"/></svg>"#.into(),
        // Alt text is written from the data (`Slope chart of …`), never empty.
        alt: format!("Chart of {text}"),
        caption: t(),
        data: table.clone(),
    };
    let blocks = vec![
        Block::Paragraph { text: t() },
        // Headings from the data are numbered themes (`1. Settling`), never empty.
        Block::Heading { text: format!("1. {text}") },
        Block::List { items: vec![t(), "second".into()] },
        Block::Quote { text: t(), attribution: t(), source: Some(t()) },
        Block::Callout { tone: Tone::Caution, title: t(), text: t() },
        Block::Cards { cards: vec![Card { value: t(), label: t(), detail: Some(t()) }] },
        Block::Table(table),
        Block::Figure(figure),
    ];
    Report {
        // The title comes from programme.toml.
        title: format!("Report {text}"),
        // The subtitle comes from programme.toml (organisation, period, funder), not the data.
        subtitle: Some("Organisation · 2025".into()),
        lang: "en-GB".into(),
        template: "schools".into(),
        sections: vec![Section { id: "fuzz".into(), title: format!("1. {text}"), blocks }],
        generator: "impact fuzz".into(),
    }
}

/// Pages of a PDF: its page objects (`/Type/Page`, not `/Type/Pages`).
fn page_count(pdf: &[u8]) -> usize {
    let needle = b"/Type/Page";
    pdf.windows(needle.len() + 1).filter(|w| w.starts_with(needle) && !w[needle.len()].is_ascii_alphabetic()).count()
}

/// Rendered markdown holds no script, frame or event handler: raw HTML became text.
fn check_markdown(html: &str) {
    let lower = html.to_ascii_lowercase();
    for banned in ["<script", "<iframe", "<object", "<embed", "<style", "<svg", "<math"] {
        assert!(!lower.contains(banned), "{banned} in rendered markdown:\n{html}");
    }
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(start) = lower[i..].find('<').map(|s| s + i) {
        let end = tag_end(bytes, start);
        for name in attribute_names(&lower[start..end]) {
            assert!(!name.starts_with("on"), "event attribute {name} in rendered markdown:\n{html}");
        }
        i = end.max(start + 1);
    }
}

/// Where the tag opened at `start` ends (after its `>`), with quoted values skipped.
fn tag_end(bytes: &[u8], start: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    bytes.len()
}

/// The attribute names of one tag (`<a href="x" title='y'>`).
fn attribute_names(tag: &str) -> Vec<&str> {
    let body = tag.trim_start_matches('<').trim_end_matches('>').trim_end_matches('/');
    let mut names = Vec::new();
    // Skip the element name.
    let mut rest = body.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return names;
        }
        let len = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        names.push(&rest[..len]);
        rest = rest[len..].trim_start();
        if let Some(value) = rest.strip_prefix('=') {
            let value = value.trim_start();
            rest = match value.chars().next() {
                Some(q @ ('"' | '\'')) => value[1..].find(q).map_or("", |e| &value[e + 2..]),
                _ => value.find(char::is_whitespace).map_or("", |e| &value[e..]),
            };
        }
    }
}
