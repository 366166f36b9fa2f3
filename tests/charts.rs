//! The report's charts: accessible, escaped, deterministic SVG, whatever the data.

use impact::analysis::figures::{BandShift, ReliableChangeBars, ReliableChangeRow, Slope};
use impact::charts::{self, MAX_LINES};
use impact::instruments::Better;

const HOSTILE: &str = "<script>&\"";
const HOSTILE_ESCAPED: &str = "&lt;script&gt;&amp;&quot;";

fn slope(n: usize) -> Slope {
    // Deterministic, spread-out scores on a 1–5 scale with a grid of twelfths.
    let pairs: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let a = 1.0 + (i * 7 % 48) as f64 / 12.0;
            let b = (a + ((i * 5 % 13) as f64 - 4.0) / 12.0).clamp(1.0, 5.0);
            (a, b)
        })
        .collect();
    let mean = |v: Vec<f64>| {
        let m = v.iter().sum::<f64>() / v.len().max(1) as f64;
        (!v.is_empty()).then_some((m, Some((m - 0.2, m + 0.2))))
    };
    Slope {
        title: "Self-compassion (SCS-SF)".into(),
        axis: "SCS-SF score".into(),
        from: "pre".into(),
        to: "post".into(),
        from_mean: mean(pairs.iter().map(|p| p.0).collect()),
        to_mean: mean(pairs.iter().map(|p| p.1).collect()),
        pairs,
        range: (1.0, 5.0),
        confidence: 0.95,
    }
}

fn row(label: &str, improved: usize, no_change: usize, deteriorated: usize) -> ReliableChangeRow {
    ReliableChangeRow { label: label.into(), improved, no_change, deteriorated }
}

fn reliable(rows: Vec<ReliableChangeRow>) -> ReliableChangeBars {
    ReliableChangeBars { title: "Reliable change".into(), rows }
}

fn bands(from_counts: Vec<usize>, to_counts: Vec<usize>) -> BandShift {
    BandShift {
        title: "Depression (PHQ-9)".into(),
        bands: ["minimal", "mild", "moderate", "moderately severe", "severe"].map(String::from).to_vec(),
        better: Better::Lower,
        from: "pre".into(),
        to: "post".into(),
        from_counts,
        to_counts,
    }
}

/// Checks that hold for every chart: the root, its accessible name, fonts, balanced markup and
/// escaped text.
fn assert_valid(svg: &str, alt: &str) {
    assert!(svg.starts_with("<svg "), "{}", &svg[..svg.len().min(200)]);
    let root = &svg[..svg.find('>').unwrap()];
    assert!(root.contains("role=\"img\"") && root.contains("width=\"640\""), "{root}");
    let escaped = alt.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let title = format!("<title>{escaped}</title>");
    assert!(svg.contains(&title), "no {title}");
    assert!(svg.contains("fill=\"#FFFFFF\""), "white background");
    assert!(svg.contains("<text"), "charts have text");
    for text in svg.split("<text").skip(1) {
        assert!(text.contains("font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""), "{text}");
    }
    assert_well_formed(svg);
}

/// A small XML check: tags balance and every `&` starts an entity.
fn assert_well_formed(svg: &str) {
    let mut open: Vec<&str> = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        let text = &rest[..start];
        assert!(!text.contains('>'), "a bare > in {text}");
        check_entities(text);
        let end = rest[start..].find('>').expect("an unclosed tag") + start;
        let tag = &rest[start + 1..end];
        check_entities(tag);
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(open.pop(), Some(name), "mismatched </{name}>");
        } else if !tag.ends_with('/') {
            open.push(tag.split_whitespace().next().unwrap());
        }
        rest = &rest[end + 1..];
    }
    assert!(open.is_empty(), "unclosed {open:?}");
}

fn check_entities(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].iter().any(|e| entity.starts_with(e)),
            "a bare & in {text}"
        );
    }
}

#[test]
fn slope_charts_are_accessible_svg() {
    let s = slope(14);
    let svg = charts::slope(&s, "The mean rose from 2.5 to 2.8").unwrap();
    assert_valid(&svg, "The mean rose from 2.5 to 2.8");
    assert!(svg.contains("Mean with 95% CI"));
    assert!(svg.contains(">\nPre\n</text>") && svg.contains(">\nPost\n</text>"));
    assert!(!svg.contains("No change"));
}

#[test]
fn above_max_lines_the_slope_chart_becomes_a_histogram() {
    let lines = charts::slope(&slope(MAX_LINES), "alt").unwrap();
    assert!(!lines.contains("No change"));
    assert!(lines.contains("One person"));
    let histogram = charts::slope(&slope(MAX_LINES + 1), "alt").unwrap();
    assert_valid(&histogram, "alt");
    assert!(histogram.contains("No change"));
    assert!(histogram.contains("Mean change"));
    assert!(histogram.contains("201 people"));
    assert!(!histogram.contains("One person"));
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let mut s = slope(5);
    s.title = format!("Title {HOSTILE}");
    s.axis = format!("Axis {HOSTILE}");
    s.from = format!("from {HOSTILE}");
    let alt = format!("Alt {HOSTILE}");
    let big = Slope { pairs: slope(300).pairs, ..s.clone() };
    let mut shift = bands(vec![1, 2, 3, 4, 5], vec![5, 4, 3, 2, 1]);
    shift.title = format!("Bands {HOSTILE}");
    shift.bands[2] = format!("band {HOSTILE}");
    shift.to = format!("to {HOSTILE}");
    let svgs = [
        charts::slope(&s, &alt).unwrap(),
        charts::slope(&big, &alt).unwrap(),
        charts::reliable_change(
            &ReliableChangeBars { title: format!("RC {HOSTILE}"), rows: vec![row(&format!("Row {HOSTILE}"), 3, 4, 5)] },
            &alt,
        )
        .unwrap(),
        charts::band_shift(&shift, &alt).unwrap(),
    ];
    for svg in &svgs {
        assert_valid(svg, &alt);
        assert!(!svg.contains("<script"), "unescaped text");
        assert!(svg.contains(&format!("Alt {HOSTILE_ESCAPED}</title>")));
        assert!(svg.matches(HOSTILE_ESCAPED).count() >= 3, "{svg}");
        assert!(!svg.contains("&amp;lt;"), "escaped twice");
    }
}

#[test]
fn charts_are_deterministic() {
    let s = slope(40);
    assert_eq!(charts::slope(&s, "a"), charts::slope(&s, "a"));
    let big = slope(500);
    assert_eq!(charts::slope(&big, "a"), charts::slope(&big, "a"));
    let bars = reliable(vec![row("A", 1, 2, 3), row("B", 0, 5, 0)]);
    assert_eq!(charts::reliable_change(&bars, "a"), charts::reliable_change(&bars, "a"));
    let shift = bands(vec![1, 2, 3, 4, 5], vec![5, 4, 3, 2, 1]);
    assert_eq!(charts::band_shift(&shift, "a"), charts::band_shift(&shift, "a"));
}

#[test]
fn degenerate_slopes_still_draw() {
    // Nobody paired.
    let none = slope(0);
    assert!(none.from_mean.is_none());
    let svg = charts::slope(&none, "alt").unwrap();
    assert_valid(&svg, "alt");
    assert!(svg.contains("Nobody was scored at both times."));
    // One person, no confidence interval.
    let mut one = slope(1);
    one.from_mean = Some((one.pairs[0].0, None));
    one.to_mean = Some((one.pairs[0].1, None));
    assert_valid(&charts::slope(&one, "alt").unwrap(), "alt");
    // Everyone the same, on an empty range.
    let mut flat = slope(10);
    flat.pairs = vec![(3.0, 3.0); 10];
    flat.from_mean = Some((3.0, Some((3.0, 3.0))));
    flat.to_mean = Some((3.0, Some((3.0, 3.0))));
    flat.range = (3.0, 3.0);
    assert_valid(&charts::slope(&flat, "alt").unwrap(), "alt");
    // A reversed range, an infinite range, a range that misses the data.
    for range in [(5.0, 1.0), (f64::NEG_INFINITY, f64::INFINITY), (10.0, 20.0), (f64::NAN, 1.0)] {
        let mut s = slope(8);
        s.range = range;
        assert_valid(&charts::slope(&s, "alt").unwrap(), "alt");
    }
    // Large scores on a sum scale.
    let mut sums = slope(30);
    sums.pairs.iter_mut().for_each(|p| *p = (p.0 * 1000.0, p.1 * 1000.0));
    sums.range = (0.0, 5000.0);
    assert_valid(&charts::slope(&sums, "alt").unwrap(), "alt");
}

#[test]
fn degenerate_histograms_still_draw() {
    let mut same = slope(300);
    same.pairs.iter_mut().for_each(|p| p.1 = p.0);
    let svg = charts::slope(&same, "alt").unwrap();
    assert_valid(&svg, "alt");
    assert!(svg.contains("No change") && svg.contains("Mean change 0.00"));
    let mut shifted = slope(300);
    shifted.pairs.iter_mut().for_each(|p| p.1 = p.0 + 0.37);
    assert_valid(&charts::slope(&shifted, "alt").unwrap(), "alt");
    let mut outlier = slope(300);
    outlier.pairs[0].1 = 1e6;
    assert_valid(&charts::slope(&outlier, "alt").unwrap(), "alt");
}

#[test]
fn non_finite_scores_are_errors() {
    let mut s = slope(3);
    s.pairs[1].1 = f64::NAN;
    assert!(charts::slope(&s, "alt").unwrap_err().contains("finite"));
    let mut big = slope(300);
    big.pairs[1].0 = f64::INFINITY;
    assert!(charts::slope(&big, "alt").is_err());
}

#[test]
fn reliable_change_reads_left_to_right_with_counts() {
    let bars = reliable(vec![
        row("Self-compassion (SCS-SF), pre → post", 12, 20, 3),
        row("Self-criticism: inadequate self (FSCRS), pre → follow-up, a very long outcome label indeed", 8, 25, 1),
    ]);
    let svg = charts::reliable_change(&bars, "alt").unwrap();
    assert_valid(&svg, "alt");
    let at = |text: &str| svg.find(&format!(">\n{text}\n</text>")).unwrap_or_else(|| panic!("no {text}"));
    assert!(at("Improved") < at("No reliable change") && at("No reliable change") < at("Deteriorated"));
    assert!(svg.contains("12 (34%)") && svg.contains("20 (57%)"));
    assert!(svg.contains("n = 35") && svg.contains("n = 34"));
    assert!(svg.contains("#009E73") && svg.contains("#BBBBBB") && svg.contains("#D55E00"));
}

#[test]
fn reliable_change_handles_empty_and_zero_rows() {
    let empty = charts::reliable_change(&reliable(Vec::new()), "alt").unwrap();
    assert_valid(&empty, "alt");
    assert!(empty.contains("No outcome has reliable change to show."));
    let zero = charts::reliable_change(&reliable(vec![row("Nobody", 0, 0, 0), row("All same", 0, 9, 0)]), "alt");
    let zero = zero.unwrap();
    assert_valid(&zero, "alt");
    assert!(zero.contains("No one measured") && zero.contains("9 (100%)"));
    let many: Vec<ReliableChangeRow> = (0..40).map(|i| row(&format!("Outcome {i}"), i, 40 - i, i % 3)).collect();
    let svg = charts::reliable_change(&reliable(many), "alt").unwrap();
    assert_valid(&svg, "alt");
    let height: u32 = svg.split("height=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
    assert!(height > 1500, "rows set the height: {height}");
}

#[test]
fn band_shift_orders_bands_and_labels_counts() {
    let svg = charts::band_shift(&bands(vec![3, 8, 10, 6, 4], vec![10, 12, 6, 2, 1]), "alt").unwrap();
    assert_valid(&svg, "alt");
    let at = |text: &str| svg.find(&format!(">\n{text}\n</text>")).unwrap_or_else(|| panic!("no {text}"));
    assert!(at("Minimal") < at("Mild") && at("Mild") < at("Moderate") && at("Moderate") < at("Severe"));
    assert!(at("Pre") < at("Post"));
    assert!(svg.contains("lower scores are better"));
    assert!(svg.contains("10 (32%)") && svg.contains("n = 31"));
}

#[test]
fn band_shift_handles_degenerate_input() {
    let zero = charts::band_shift(&bands(vec![0; 5], vec![0; 5]), "alt").unwrap();
    assert_valid(&zero, "alt");
    assert!(zero.contains("No one measured"));
    let mut none = bands(Vec::new(), Vec::new());
    none.bands.clear();
    let svg = charts::band_shift(&none, "alt").unwrap();
    assert_valid(&svg, "alt");
    assert!(svg.contains("no bands"));
    let mut one = bands(vec![4], vec![4]);
    one.bands.truncate(1);
    assert_valid(&charts::band_shift(&one, "alt").unwrap(), "alt");
    let err = charts::band_shift(&bands(vec![1, 2], vec![1, 2, 3, 4, 5]), "alt").unwrap_err();
    assert!(err.contains("5 bands"), "{err}");
}
