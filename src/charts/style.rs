//! The look shared by every chart: fonts, colours, sizes, the header (title, subtitle, legend),
//! text measuring and wrapping, axis ticks, and turning a drawing into accessible SVG text.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A named family first: Typst ignores generic families and would otherwise set chart text in the
/// document's serif; browsers fall back along the list.
pub(crate) const FONT: &str = "DejaVu Sans, Helvetica, Arial, sans-serif";

/// Chart width in pixels; heights depend on the content.
pub(crate) const WIDTH: u32 = 640;
/// Space around the drawing.
pub(crate) const MARGIN: i32 = 16;

/// Rendered font sizes in pixels (plotters writes `size / 1.24`, see [`font`]).
pub(crate) const TITLE_PX: f64 = 20.0;
/// Axis labels, row labels, legend entries.
pub(crate) const LABEL_PX: f64 = 14.0;
/// Subtitles, counts inside bars.
pub(crate) const SMALL_PX: f64 = 12.5;

/// Body text.
pub(crate) const INK: RGBColor = RGBColor(34, 34, 34);
/// Labels on mid-tone fills, where [`INK`] falls short of 4.5:1.
pub(crate) const BLACK: RGBColor = RGBColor(0, 0, 0);
/// Secondary text (subtitles, notes).
pub(crate) const MUTED: RGBColor = RGBColor(85, 85, 85);
/// Axis lines and tick marks.
pub(crate) const AXIS: RGBColor = RGBColor(120, 120, 120);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(228, 228, 228);
/// Okabe–Ito blue: means and the better end of sequential scales.
pub(crate) const BLUE: RGBColor = RGBColor(0, 114, 178);
/// Individual people in the slope chart: each line is drawn in [`PERSON_INK`] at
/// [`PERSON_OPACITY`], so that overlapping lines darken, and one line on white looks like
/// [`PERSON`] (3.5:1, above the 3:1 WCAG asks of lines needed to read a chart).
pub(crate) const PERSON_INK: RGBColor = RGBColor(0x33, 0x33, 0x33);
/// The opacity of one person's line and dots.
pub(crate) const PERSON_OPACITY: f64 = 0.58;
/// One person's line on white, as the legend shows it.
pub(crate) const PERSON: RGBColor = RGBColor(0x89, 0x89, 0x89);
/// Grey data marks standing alone on white (histogram bars, the columns of people who did not
/// complete): 3.2:1, above the 3:1 WCAG asks of graphics needed to read a chart.
pub(crate) const PLAIN_MARK: RGBColor = RGBColor(0x8F, 0x8F, 0x8F);
/// Okabe–Ito bluish green: reliable improvement.
pub(crate) const IMPROVED: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Neutral grey: no reliable change.
pub(crate) const NO_CHANGE: RGBColor = RGBColor(0xBB, 0xBB, 0xBB);
/// Okabe–Ito vermillion: reliable deterioration.
pub(crate) const DETERIORATED: RGBColor = RGBColor(0xD5, 0x5E, 0x00);

/// The drawing surface every chart draws on.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What drawing code returns; plotters' errors convert into it with `?`.
pub(crate) type DrawResult = Result<(), Box<dyn std::error::Error>>;

/// A font of `px` rendered pixels (plotters divides the size it is given by 1.24 in SVG).
/// The size is nudged by a few ulps so that the SVG says `13`, not `13.000000000000002`.
pub(crate) fn font(px: f64) -> FontDesc<'static> {
    let mut size = px * 1.24;
    for _ in 0..8 {
        let written = size / 1.24;
        if written == px {
            break;
        }
        size = if written < px { size.next_up() } else { size.next_down() };
    }
    (FONT, size).into_font()
}

/// A text style of `px` pixels in `colour`, anchored at `h`/`v` of the point it is drawn at.
pub(crate) fn text_style(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(px).color(&colour).pos(Pos::new(h, v))
}

/// Like [`text_style`] in bold.
pub(crate) fn bold_style(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    font(px).style(FontStyle::Bold).color(&colour).pos(Pos::new(h, v))
}

/// Draw a drawing into SVG text of `size` pixels on a white background, and make it accessible.
/// `what` names the chart in error messages.
pub(crate) fn render(
    size: (u32, u32),
    alt: &str,
    what: &str,
    draw: impl FnOnce(&Area<'_>) -> DrawResult,
) -> Result<String, String> {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        let drawn = root.fill(&WHITE).map_err(Into::into).and_then(|()| draw(&root));
        drawn.map_err(|e| format!("drawing the chart '{what}': {e}"))?;
        root.present().map_err(|e| format!("drawing the chart '{what}': {e}"))?;
    }
    Ok(with_title(&paint_opacity(&svg), alt))
}

/// plotters writes `opacity` on every element. An element's opacity makes a rasteriser or a PDF
/// draw it alone and blend it in (a layer per line: the slope chart has one per person); on an
/// element that only strokes or only fills, the paint's own opacity draws the same pixels
/// directly. `opacity="1"` says nothing and goes.
fn paint_opacity(svg: &str) -> String {
    const ATTRIBUTE: &str = " opacity=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(ATTRIBUTE) {
        let value_start = at + ATTRIBUTE.len();
        let Some(value_len) = rest[value_start..].find('"') else { break };
        let value = &rest[value_start..value_start + value_len];
        let tag_start = rest[..at].rfind('<').unwrap_or(0);
        let tag_end = rest[at..].find('>').map_or(rest.len(), |end| at + end);
        let tag = &rest[tag_start..tag_end];
        let paint = if value == "1" {
            Some("")
        } else if tag.contains(" fill=\"none\"") {
            Some(" stroke-opacity=\"")
        } else if tag.contains(" stroke=\"none\"") || !tag.contains(" stroke=\"") {
            Some(" fill-opacity=\"")
        } else {
            None
        };
        out.push_str(&rest[..at]);
        match paint {
            Some("") => {}
            Some(name) => {
                out.push_str(name);
                out.push_str(value);
                out.push('"');
            }
            None => out.push_str(&rest[at..value_start + value_len + 1]),
        }
        rest = &rest[value_start + value_len + 1..];
    }
    out.push_str(rest);
    out
}

/// Add an accessible name: `role="img"` on the root and a `<title>` that screen readers announce.
pub(crate) fn with_title(svg: &str, alt: &str) -> String {
    match svg.find('>') {
        Some(end) if svg.starts_with("<svg") => {
            let head = svg[..end].trim_end_matches('/');
            format!("{head} role=\"img\">\n<title>{}</title>{}", escape(alt), &svg[end + 1..])
        }
        _ => svg.to_string(),
    }
}

/// Escape text for XML content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// Estimated width in pixels of `text` set in DejaVu Sans at `px` (a wide face, so other fonts
/// come out narrower, never wider).
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    let em: f64 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' => 0.30,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '[' | ']' | '-' | 'I' => 0.40,
            'm' | 'w' | 'M' | 'W' | '%' | '—' => 0.92,
            '0'..='9' | '−' | '+' | '=' | '<' | '>' | '&' => 0.64,
            c if c.is_uppercase() => 0.72,
            c if c.is_ascii() => 0.60,
            _ => 0.75,
        })
        .sum();
    em * px
}

/// Break `text` into lines no wider than `max_px` at `px`, at spaces where possible, and within
/// words when a word alone is too wide. At most `max_lines` lines; an ellipsis marks a cut.
/// Lines break after commas when that takes no more lines than filling each line, so that
/// "Outcome (SCALE), pre → post" breaks at its comma.
pub(crate) fn wrap(text: &str, px: f64, max_px: f64, max_lines: usize) -> Vec<String> {
    let mut lines = fill(text, px, max_px);
    let phrases: Vec<&str> = text.split_inclusive(", ").map(str::trim).collect();
    if lines.len() > 1 && phrases.len() > 1 {
        let by_phrase: Vec<String> = phrases.iter().flat_map(|p| fill(p, px, max_px)).collect();
        if by_phrase.len() <= lines.len() && by_phrase.len() <= max_lines {
            lines = by_phrase;
        }
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && text_width(&format!("{last}…"), px) > max_px {
                last.pop();
            }
            last.push('…');
        }
    }
    lines
}

/// Fill lines greedily with whole words, splitting words wider than a line.
fn fill(text: &str, px: f64, max_px: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if text_width(&candidate, px) <= max_px {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than a line is split across lines.
        for c in word.chars() {
            line.push(c);
            if text_width(&line, px) > max_px && line.chars().count() > 1 {
                let last = line.pop().unwrap_or(c);
                lines.push(std::mem::take(&mut line));
                line.push(last);
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

/// `word` with its first letter in upper case (timepoint names are often `pre`, `post`).
pub(crate) fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// A round step (1, 2, 2.5 or 5 × 10ⁿ) no smaller than `raw`.
pub(crate) fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|&n| fraction <= n * (1.0 + 1e-9)).unwrap_or(10.0);
    nice * magnitude
}

/// About `target` round tick values within `lo..=hi`, and the decimals needed to print them.
pub(crate) fn ticks(lo: f64, hi: f64, target: usize) -> (Vec<f64>, usize) {
    let span = hi - lo;
    if !(lo.is_finite() && hi.is_finite() && span > 0.0) {
        return (if lo.is_finite() { vec![lo] } else { Vec::new() }, 0);
    }
    let step = nice_step(span / target.max(1) as f64);
    let first = (lo / step - 1e-9).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    let values = (first..=last).take(200).map(|k| k as f64 * step).collect();
    (values, decimals(step))
}

/// How many decimals print `step` exactly (at most 6).
pub(crate) fn decimals(step: f64) -> usize {
    (0..6)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0)
        })
        .unwrap_or(6)
}

/// `value` with `decimals` decimals and a true minus sign; never `-0`.
pub(crate) fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        Some(rest) => format!("−{rest}"),
        None => text,
    }
}

/// Like [`number`] with a plus sign on positive values (changes).
pub(crate) fn signed(value: f64, decimals: usize) -> String {
    let text = number(value, decimals);
    if value > 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') { format!("+{text}") } else { text }
}

/// WCAG's contrast for normal text (AA).
pub(crate) const TEXT_CONTRAST: f64 = 4.5;

/// The text colour for a label on `fill`: the body ink or white, whichever reads better, when
/// that reaches [`TEXT_CONTRAST`]; on mid tones where neither does (the rose band, vermillion),
/// black or white, one of which always reaches 4.58:1.
pub(crate) fn ink_on(fill: RGBColor) -> RGBColor {
    let better = |a: RGBColor, b: RGBColor| if contrast(a, fill) >= contrast(b, fill) { a } else { b };
    let usual = better(INK, WHITE);
    if contrast(usual, fill) >= TEXT_CONTRAST { usual } else { better(BLACK, WHITE) }
}

/// The WCAG contrast ratio of two colours, from 1 to 21.
pub(crate) fn contrast(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// WCAG relative luminance.
fn luminance(RGBColor(r, g, b): RGBColor) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// A linear f64 axis over `lo..hi` with ticks exactly at `ticks` and no light grid lines.
/// (plotters' `with_key_points` loses its f64 formatter, and its own tick search asserts on NaN.)
pub(crate) struct Axis {
    lo: f64,
    hi: f64,
    ticks: Vec<f64>,
}

impl Axis {
    /// An axis over `lo..hi` (widened when empty) ticked at `ticks`.
    pub(crate) fn new(lo: f64, hi: f64, ticks: Vec<f64>) -> Axis {
        let (lo, hi) = if lo.is_finite() && hi.is_finite() && hi > lo { (lo, hi) } else { (0.0, 1.0) };
        Axis { lo, hi, ticks: ticks.into_iter().filter(|t| (lo..=hi).contains(t)).collect() }
    }
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, (from, to): (i32, i32)) -> i32 {
        let share = (value - self.lo) / (self.hi - self.lo);
        let share = if share.is_finite() { share.clamp(-10.0, 10.0) } else { 0.0 };
        from + (f64::from(to - from) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { Vec::new() } else { self.ticks.clone() }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

/// What a legend entry shows before its label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Swatch {
    /// A filled square (bar segments).
    Fill(RGBColor),
    /// A thin grey line with a dot at each end (one person in the slope chart).
    Person,
    /// A thick line with a confidence bar (the mean in the slope chart).
    MeanCi(RGBColor),
    /// A dashed upright line (a threshold to read bars against).
    Dashed(RGBColor),
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

const SWATCH_W: i32 = 26;
const LEGEND_GAP: i32 = 22;
const LEGEND_ROW: i32 = 24;
const TITLE_LINE: i32 = 26;
const SUBTITLE_LINE: i32 = 19;

/// The top of a chart: a left-aligned title, an optional subtitle and a legend that reads left to
/// right in the order of the items (wrapping onto more rows when needed).
pub(crate) struct Header {
    title: Vec<String>,
    subtitle: Vec<String>,
    legend: Vec<Vec<(i32, LegendItem)>>,
}

impl Header {
    /// Lay out a header for a chart `width` pixels wide.
    pub(crate) fn new(title: &str, subtitle: &str, legend: Vec<LegendItem>, width: u32) -> Header {
        let max = f64::from(width as i32 - 2 * MARGIN);
        // Bold DejaVu Sans is about an eighth wider than the regular face measured by `text_width`.
        let title = wrap(title, TITLE_PX, max / 1.13, 3);
        let subtitle = if subtitle.trim().is_empty() { Vec::new() } else { wrap(subtitle, SMALL_PX, max, 3) };
        let mut rows: Vec<Vec<(i32, LegendItem)>> = Vec::new();
        let mut x = 0;
        for mut item in legend {
            item.label = wrap(&item.label, LABEL_PX, max - f64::from(SWATCH_W + 6), 1).remove(0);
            let w = SWATCH_W + 6 + text_width(&item.label, LABEL_PX).ceil() as i32;
            match rows.last_mut() {
                Some(row) if f64::from(x + w) <= max => row.push((x, item)),
                _ => {
                    x = 0;
                    rows.push(vec![(0, item)]);
                }
            }
            x += w + LEGEND_GAP;
        }
        Header { title, subtitle, legend: rows }
    }

    /// Pixels from the top of the chart to where the plot may start.
    pub(crate) fn height(&self) -> i32 {
        let legend = if self.legend.is_empty() { 0 } else { 8 + LEGEND_ROW * self.legend.len() as i32 };
        MARGIN + TITLE_LINE * self.title.len() as i32 + 4 + SUBTITLE_LINE * self.subtitle.len() as i32 + legend + 10
    }

    /// Draw the header at the top of `root`.
    pub(crate) fn draw(&self, root: &Area<'_>) -> DrawResult {
        let mut y = MARGIN;
        for line in &self.title {
            root.draw(&Text::new(line.as_str(), (MARGIN, y), bold_style(TITLE_PX, INK, HPos::Left, VPos::Top)))?;
            y += TITLE_LINE;
        }
        y += 4;
        for line in &self.subtitle {
            root.draw(&Text::new(line.as_str(), (MARGIN, y), text_style(SMALL_PX, MUTED, HPos::Left, VPos::Top)))?;
            y += SUBTITLE_LINE;
        }
        if !self.legend.is_empty() {
            y += 8;
        }
        for row in &self.legend {
            let mid = y + LEGEND_ROW / 2 - 2;
            for (x, item) in row {
                let x = MARGIN + x;
                draw_swatch(root, item.swatch, x, mid)?;
                let style = text_style(LABEL_PX, INK, HPos::Left, VPos::Center);
                root.draw(&Text::new(item.label.as_str(), (x + SWATCH_W + 6, mid), style))?;
            }
            y += LEGEND_ROW;
        }
        Ok(())
    }
}

/// Draw a legend swatch `SWATCH_W` wide starting at `x`, centred on `mid`.
fn draw_swatch(root: &Area<'_>, swatch: Swatch, x: i32, mid: i32) -> DrawResult {
    match swatch {
        Swatch::Fill(colour) => {
            root.draw(&Rectangle::new([(x + 5, mid - 8), (x + 21, mid + 8)], colour.filled()))?;
        }
        Swatch::Person => {
            let style = PERSON.stroke_width(1);
            root.draw(&PathElement::new([(x + 3, mid + 4), (x + SWATCH_W - 3, mid - 4)], style))?;
            root.draw(&Circle::new((x + 3, mid + 4), 3, PERSON.filled()))?;
            root.draw(&Circle::new((x + SWATCH_W - 3, mid - 4), 3, PERSON.filled()))?;
        }
        Swatch::MeanCi(colour) => {
            root.draw(&PathElement::new([(x, mid), (x + SWATCH_W, mid)], colour.stroke_width(4)))?;
            let c = x + SWATCH_W / 2;
            root.draw(&PathElement::new([(c, mid - 8), (c, mid + 8)], colour.stroke_width(2)))?;
            root.draw(&PathElement::new([(c - 5, mid - 8), (c + 5, mid - 8)], colour.stroke_width(2)))?;
            root.draw(&PathElement::new([(c - 5, mid + 8), (c + 5, mid + 8)], colour.stroke_width(2)))?;
            root.draw(&Circle::new((c, mid), 4, colour.filled()))?;
        }
        Swatch::Dashed(colour) => {
            let c = x + SWATCH_W / 2;
            for y in [mid - 9, mid - 1, mid + 7] {
                root.draw(&PathElement::new([(c, y), (c, y + 4)], colour.stroke_width(2)))?;
            }
        }
    }
    Ok(())
}

/// A centred note in place of a plot when there is nothing to draw.
pub(crate) fn draw_note(root: &Area<'_>, note: &str, centre: (i32, i32)) -> DrawResult {
    root.draw(&Text::new(note, centre, text_style(LABEL_PX, MUTED, HPos::Center, VPos::Center)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opacity_moves_to_the_paint_that_is_drawn() {
        let svg = concat!(
            r##"<rect x="0" opacity="1" fill="#FFFFFF" stroke="none"/>"##,
            r##"<polyline fill="none" opacity="0.58" stroke="#333333" points="1,2 3,4 "/>"##,
            r##"<circle cx="1" opacity="0.58" fill="#333333" stroke="none"/>"##,
            r##"<circle cx="2" opacity="0.5" fill="#333333" stroke="#000000"/>"##,
        );
        assert_eq!(
            paint_opacity(svg),
            concat!(
                r##"<rect x="0" fill="#FFFFFF" stroke="none"/>"##,
                r##"<polyline fill="none" stroke-opacity="0.58" stroke="#333333" points="1,2 3,4 "/>"##,
                r##"<circle cx="1" fill-opacity="0.58" fill="#333333" stroke="none"/>"##,
                r##"<circle cx="2" opacity="0.5" fill="#333333" stroke="#000000"/>"##,
            )
        );
    }

    #[test]
    fn steps_and_ticks_are_round() {
        assert_eq!(nice_step(0.8), 1.0);
        assert_eq!(nice_step(11.0), 20.0);
        assert_eq!(nice_step(0.21), 0.25);
        let (values, d) = ticks(1.0, 5.0, 5);
        assert_eq!(values, vec![1.0, 2.0, 3.0, 4.0, 5.0]);
        assert_eq!(d, 0);
        let (values, d) = ticks(0.0, 1.0, 4);
        assert_eq!(values, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(d, 2);
        assert_eq!(ticks(2.0, 2.0, 5).0, vec![2.0]);
    }

    #[test]
    fn numbers_have_true_minus_signs_and_no_negative_zero() {
        assert_eq!(number(-0.0001, 2), "0.00");
        assert_eq!(number(-1.5, 1), "−1.5");
        assert_eq!(signed(0.42, 2), "+0.42");
        assert_eq!(signed(0.0, 2), "0.00");
    }

    #[test]
    fn wrapping_keeps_lines_narrow_and_marks_cuts() {
        let lines = wrap("Self-compassion (SCS-SF), pre → post", LABEL_PX, 150.0, 3);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| text_width(l, LABEL_PX) <= 150.0));
        let cut = wrap(&"word ".repeat(50), LABEL_PX, 100.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'));
        assert_eq!(wrap("", LABEL_PX, 100.0, 2), vec![String::new()]);
        assert!(wrap("Supercalifragilisticexpialidocious", LABEL_PX, 60.0, 9).len() > 2);
        assert_eq!(
            wrap("Self-compassion (SCS-SF), pre → post", LABEL_PX, 250.0, 3),
            vec!["Self-compassion (SCS-SF),", "pre → post"]
        );
    }

    #[test]
    fn the_title_is_escaped_and_the_root_gets_a_role() {
        let svg = with_title("<svg width=\"1\">\n</svg>", "a <b> & \"c\"");
        assert!(svg.starts_with("<svg width=\"1\" role=\"img\">\n<title>a &lt;b&gt; &amp; &quot;c&quot;</title>"));
    }

    #[test]
    fn font_sizes_print_as_whole_pixels() {
        for px in [TITLE_PX, LABEL_PX, SMALL_PX] {
            assert_eq!(font(px).get_size() / 1.24, px);
        }
    }

    #[test]
    fn text_on_fills_has_the_better_contrast() {
        assert_eq!(ink_on(NO_CHANGE), INK);
        assert_eq!(ink_on(RGBColor(8, 48, 107)), WHITE);
        // Neither the body ink (4.06:1) nor white reaches 4.5:1 on the rose band.
        assert_eq!(ink_on(RGBColor(0xBB, 0x62, 0x9E)), BLACK);
        assert_eq!(ink_on(DETERIORATED), BLACK);
        for v in (0..=255u8).step_by(5) {
            for fill in [RGBColor(v, v, v), RGBColor(v, 255 - v, 128), RGBColor(255, v, 0), RGBColor(0, v / 2, v)] {
                assert!(contrast(ink_on(fill), fill) >= TEXT_CONTRAST, "{fill:?}");
            }
        }
    }

    #[test]
    fn contrast_matches_wcag() {
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(WHITE, WHITE) - 1.0).abs() < 1e-9);
        assert!((contrast(INK, RGBColor(0xBB, 0x62, 0x9E)) - 4.06).abs() < 0.01);
    }

    #[test]
    fn one_persons_line_reaches_three_to_one_on_white() {
        let RGBColor(ink, _, _) = PERSON_INK;
        let shown = (255.0 - PERSON_OPACITY * (255.0 - f64::from(ink))).round() as u8;
        assert_eq!(RGBColor(shown, shown, shown), PERSON);
        assert!(contrast(PERSON, WHITE) >= 3.0, "{}", contrast(PERSON, WHITE));
        assert!(contrast(PLAIN_MARK, WHITE) >= 3.0, "{}", contrast(PLAIN_MARK, WHITE));
    }
}
