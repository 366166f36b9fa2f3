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

/// The WCAG relative luminance of an sRGB colour with channels in 0..=1.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let channel = |c: f64| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

fn contrast(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(colour: &str) -> Option<[f64; 3]> {
    let digits = colour.strip_prefix('#').filter(|d| d.len() == 6)?;
    let channel = |i: usize| u8::from_str_radix(&digits[i..i + 2], 16).ok().map(|v| f64::from(v) / 255.0);
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// `top` at `opacity` over `under`.
fn over(top: [f64; 3], opacity: f64, under: [f64; 3]) -> [f64; 3] {
    [0, 1, 2].map(|i| top[i] * opacity + under[i] * (1.0 - opacity))
}

/// A filled shape of a chart, in drawing order.
enum Shape {
    Rect { x: f64, y: f64, w: f64, h: f64 },
    Circle { cx: f64, cy: f64, r: f64 },
    Polygon(Vec<(f64, f64)>),
}

impl Shape {
    fn contains(&self, (px, py): (f64, f64)) -> bool {
        match *self {
            Shape::Rect { x, y, w, h } => px >= x && px <= x + w && py >= y && py <= y + h,
            Shape::Circle { cx, cy, r } => (px - cx).powi(2) + (py - cy).powi(2) <= r * r,
            Shape::Polygon(ref points) => {
                // Even–odd ray casting.
                let mut inside = false;
                for (i, &(x1, y1)) in points.iter().enumerate() {
                    let (x2, y2) = points[(i + 1) % points.len()];
                    if (y1 > py) != (y2 > py) && px < x1 + (py - y1) * (x2 - x1) / (y2 - y1) {
                        inside = !inside;
                    }
                }
                inside
            }
        }
    }
}

/// One text of a chart: what it says, its colour drawn over what lies beneath it, and the
/// lowest contrast between the two over the points the text covers.
#[derive(Debug)]
struct Label {
    text: String,
    colour: [f64; 3],
    background: [f64; 3],
    contrast: f64,
}

/// A `<text>` element being read: its anchor point, size, anchoring, text and colour.
struct OpenText {
    x: f64,
    y: f64,
    size: f64,
    anchor: String,
    dy: String,
    text: String,
    colour: [f64; 3],
    /// Rotated text (the y axis title) is checked at its anchor only.
    rotated: bool,
}

/// Every text of `svg` with the contrast it has against the fills drawn before it (plotters
/// draws in order, so what is drawn earlier lies beneath). The text's box is estimated from its
/// anchor, size and length; the background is sampled over the middle of that box.
fn labels(svg: &str) -> Vec<Label> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut fills: Vec<(Shape, [f64; 3], f64)> = Vec::new();
    let mut labels = Vec::new();
    let mut open_text: Option<OpenText> = None;
    loop {
        match reader.read_event().expect("the chart is XML") {
            Event::Eof => break,
            Event::Start(tag) | Event::Empty(tag) => {
                let attrs: std::collections::HashMap<String, String> = tag
                    .attributes()
                    .map(|a| {
                        let a = a.unwrap();
                        let value = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned();
                        (a.key.as_ref().to_string(), value)
                    })
                    .collect();
                let number = |name: &str| attrs.get(name).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
                let opacity = attrs.get("opacity").and_then(|v| v.parse().ok()).unwrap_or(1.0);
                let fill = attrs.get("fill").and_then(|f| hex(f));
                match tag.name().as_ref() {
                    "text" => {
                        let colour = over(fill.expect("text has a fill"), opacity, [1.0; 3]);
                        open_text = Some(OpenText {
                            x: number("x"),
                            y: number("y"),
                            size: number("font-size"),
                            anchor: attrs.get("text-anchor").cloned().unwrap_or_default(),
                            dy: attrs.get("dy").cloned().unwrap_or_default(),
                            text: String::new(),
                            colour,
                            rotated: attrs.contains_key("transform"),
                        });
                    }
                    name => {
                        let shape = match name {
                            "rect" => {
                                Shape::Rect { x: number("x"), y: number("y"), w: number("width"), h: number("height") }
                            }
                            "circle" => Shape::Circle { cx: number("cx"), cy: number("cy"), r: number("r") },
                            "polygon" => Shape::Polygon(
                                attrs["points"]
                                    .split_whitespace()
                                    .filter_map(|p| p.split_once(','))
                                    .map(|(x, y)| (x.parse().unwrap(), y.parse().unwrap()))
                                    .collect(),
                            ),
                            _ => continue,
                        };
                        if let Some(fill) = fill {
                            fills.push((shape, fill, opacity));
                        }
                    }
                }
            }
            Event::Text(text) => {
                if let Some(open) = open_text.as_mut() {
                    open.text.push_str(text.xml10_content().trim());
                }
            }
            // An entity (`&amp;`) is one character of the text.
            Event::GeneralRef(_) => {
                if let Some(open) = open_text.as_mut() {
                    open.text.push('&');
                }
            }
            Event::End(tag) if tag.name().as_ref() == "text" => {
                let Some(OpenText { x, y, size, anchor, dy, text, colour, rotated }) = open_text.take() else {
                    continue;
                };
                let width = text.chars().count() as f64 * size * 0.6;
                let left = match anchor.as_str() {
                    "middle" => x - width / 2.0,
                    "end" => x - width,
                    _ => x,
                };
                let top = match dy.as_str() {
                    "0.76em" => y,
                    "0.5ex" => y - size / 2.0,
                    _ => y - size,
                };
                let points: Vec<(f64, f64)> = if rotated {
                    vec![(x, y)]
                } else {
                    [0.2, 0.5, 0.8]
                        .iter()
                        .flat_map(|fx| [0.3, 0.5, 0.7].map(|fy| (left + width * fx, top + size * fy)))
                        .collect()
                };
                let background_at = |point| {
                    fills
                        .iter()
                        .filter(|(shape, _, _)| shape.contains(point))
                        .fold([1.0; 3], |under, (_, fill, opacity)| over(*fill, *opacity, under))
                };
                let (contrast, background) = points
                    .into_iter()
                    .map(|p| {
                        let background = background_at(p);
                        (contrast(colour, background), background)
                    })
                    .fold((f64::INFINITY, [1.0; 3]), |a, b| if b.0 < a.0 { b } else { a });
                labels.push(Label { text, colour, background, contrast });
            }
            _ => {}
        }
    }
    labels
}

/// Texts of `svg` below WCAG's 4.5:1 for normal text, described for a failure message.
fn low_contrast(name: &str, svg: &str) -> Vec<String> {
    let rgb = |c: [f64; 3]| {
        let [r, g, b] = c.map(|v| (v * 255.0).round() as u8);
        format!("#{r:02X}{g:02X}{b:02X}")
    };
    labels(svg)
        .into_iter()
        .filter(|label| label.contrast < 4.5)
        .map(|l| format!("{name}: {:?} {} on {} is {:.2}:1", l.text, rgb(l.colour), rgb(l.background), l.contrast))
        .collect()
}

#[test]
fn every_label_of_every_example_reaches_four_and_a_half_to_one() {
    let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&examples).unwrap().map(|e| e.unwrap().path()).collect();
    dirs.sort();
    for dir in dirs.into_iter().filter(|d| d.join("programme.toml").is_file()) {
        let analysed = impact::pipeline::analyse(&dir).unwrap_or_else(|e| panic!("{}: {e:?}", dir.display()));
        let files = impact::render::files(&analysed, &[impact::render::Format::Html]).unwrap();
        for (name, bytes) in files.iter().filter(|(name, _)| name.ends_with(".svg")) {
            let svg = std::str::from_utf8(bytes).unwrap();
            checked += labels(svg).len();
            failures.extend(low_contrast(&format!("{}/{name}", dir.file_name().unwrap().to_string_lossy()), svg));
        }
    }
    assert!(checked > 500, "only {checked} labels");
    assert!(failures.is_empty(), "labels below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn labels_on_every_band_and_segment_colour_reach_four_and_a_half_to_one() {
    let mut failures = Vec::new();
    for n in 1..=7 {
        for better in [Better::Higher, Better::Lower] {
            let mut shift = bands(vec![40; n], vec![40; n]);
            shift.bands = (0..n).map(|i| format!("band {i}")).collect();
            shift.better = better;
            let svg = charts::band_shift(&shift, "alt").unwrap();
            // Every segment is wide enough for its label.
            assert!(labels(&svg).iter().filter(|l| l.text.contains("40")).count() >= 2 * n, "{n} bands");
            failures.extend(low_contrast(&format!("{n} bands"), &svg));
        }
    }
    let svg = charts::reliable_change(&reliable(vec![row("A", 10, 10, 10)]), "alt").unwrap();
    assert_eq!(labels(&svg).iter().filter(|l| l.text == "10 (33%)").count(), 3);
    failures.extend(low_contrast("reliable change", &svg));
    let bars = [charts::PrevalenceBar { label: "Theme".into(), voiced: 5, not_voiced: 5 }];
    failures.extend(low_contrast("prevalence", &charts::prevalence("Themes", "All", &bars, "alt").unwrap()));
    let histogram = charts::slope(&slope(500), "alt").unwrap();
    failures.extend(low_contrast("histogram", &histogram));
    assert!(failures.is_empty(), "labels below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn the_contrast_check_finds_dark_text_on_the_rose_band() {
    let svg = r##"<svg width="640" height="100" xmlns="http://www.w3.org/2000/svg">
<rect x="0" y="0" width="640" height="100" opacity="1" fill="#FFFFFF" stroke="none"/>
<rect x="100" y="20" width="200" height="28" opacity="1" fill="#BB629E" stroke="none"/>
<text x="200" y="34" dy="0.5ex" text-anchor="middle" font-size="12.5" opacity="1" fill="#222222">
12 (34%)
</text>
<text x="400" y="34" dy="0.5ex" text-anchor="middle" font-size="12.5" opacity="1" fill="#222222">
n = 35
</text>
</svg>"##;
    let found = labels(svg);
    assert_eq!(found.len(), 2);
    assert!((found[0].contrast - 4.06).abs() < 0.01, "{found:?}");
    assert!(found[1].contrast > 15.0, "{found:?}");
    assert_eq!(low_contrast("control", svg).len(), 1);
}

/// Strokes and dots of the slope chart other than grid lines and the white edge of the mean.
#[test]
fn each_persons_line_reaches_three_to_one_on_white() {
    use quick_xml::events::Event;
    for n in [1, 20, 200] {
        let svg = charts::slope(&slope(n), "alt").unwrap();
        let mut reader = quick_xml::Reader::from_str(&svg);
        let mut marks = 0;
        loop {
            match reader.read_event().unwrap() {
                Event::Eof => break,
                Event::Start(tag) | Event::Empty(tag) if matches!(tag.name().as_ref(), "polyline" | "circle") => {
                    let attr = |name: &str| {
                        tag.try_get_attribute(name).unwrap().map(|a| a.value.into_owned()).unwrap_or_default()
                    };
                    let colour = if attr("fill") == "none" { attr("stroke") } else { attr("fill") };
                    if matches!(colour.as_str(), "#E4E4E4" | "#FFFFFF") {
                        continue;
                    }
                    let opacity: f64 = attr("opacity").parse().unwrap_or(1.0);
                    let shown = over(hex(&colour).unwrap(), opacity, [1.0; 3]);
                    assert!(contrast(shown, [1.0; 3]) >= 3.0, "{n} people: {colour} at {opacity}");
                    marks += 1;
                }
                _ => {}
            }
        }
        assert!(marks >= 3 * n, "{n} people: {marks} marks");
    }
}
