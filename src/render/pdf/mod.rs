//! `report.pdf`: the report model typeset in-process by Typst, with the template's `report.typ`.
//!
//! The model goes to Typst as data (`/data.json`) and each chart as an SVG file, so no text from
//! the data ever becomes Typst markup. Fonts are embedded; the PDF is tagged and conforms to
//! PDF/UA-1, and carries no date, so the same inputs give the same bytes.

mod markdown;
mod world;

use serde_json::{Value, json};
use typst::WorldExt;
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::problem::Problem;
use crate::report::{Block, Report, Template};
use world::ReportWorld;

/// Typeset the report as PDF bytes.
pub fn pdf(report: &Report, template: &Template) -> Result<Vec<u8>, Problem> {
    paged(report, template).map(|(bytes, _)| bytes)
}

/// Typeset the report as PDF bytes, with its number of pages.
pub fn paged(report: &Report, template: &Template) -> Result<(Vec<u8>, usize), Problem> {
    let (layout_file, markup) = template.file("report.typ")?;
    let (data, figures) = data(report, template);
    let mut files = vec![("/data.json".to_string(), data.to_string().into_bytes())];
    files.extend(figures);
    let world = ReportWorld::new(markup, files).map_err(|e| Problem::in_file(&layout_file, e))?;
    let Warned { output, .. } = typst::compile(&world);
    // Typst memoises compilations for the life of the process; a long-running caller (benchmarks,
    // the tests) would otherwise keep every report it ever typeset.
    typst::comemo::evict(10);
    let document = output.map_err(|errors| typst_problem(&world, &layout_file, &errors))?;
    let failed = |message: String| Problem::in_file("report.pdf", message);
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| failed(format!("PDF standard: {e:?}")))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("impact:{}", report.title)),
        creator: Smart::Custom(Some(report.generator.clone())),
        standards,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options)
        .map_err(|errors| failed(format!("writing the PDF: {}", describe(&errors))))?;
    Ok((bytes, document.pages().len()))
}

/// The model as the template reads it, and the chart files.
fn data(report: &Report, template: &Template) -> (Value, Vec<(String, Vec<u8>)>) {
    let mut figures = Vec::new();
    let mut value = serde_json::to_value(report).unwrap_or(Value::Null);
    let sections = value.get_mut("sections").and_then(Value::as_array_mut).into_iter().flatten();
    for (section, source) in sections.zip(&report.sections) {
        let blocks = section.get_mut("blocks").and_then(Value::as_array_mut).into_iter().flatten();
        for (block, source) in blocks.zip(&source.blocks) {
            let Some(object) = block.as_object_mut() else { continue };
            match source {
                Block::Markdown { text } => {
                    object.insert("md".into(), serde_json::to_value(markdown::blocks(text)).unwrap_or(Value::Null));
                }
                Block::Figure(figure) => {
                    let file = format!("/figures/{}.svg", figure.id);
                    object.remove("svg");
                    object.insert("file".into(), Value::String(file.clone()));
                    // The layout sizes charts by their shape: tall ones are capped in height.
                    object.insert("size".into(), json!(svg_size(&figure.svg)));
                    figures.push((file, figure.svg.clone().into_bytes()));
                }
                _ => {}
            }
        }
    }
    let subtitle_short = report.subtitle.as_deref().and_then(|s| s.split(" · ").next()).unwrap_or("");
    let about: Vec<String> =
        [Some(format!("Template: {}", report.template)), Some(format!("Made with {}", report.generator))]
            .into_iter()
            .flatten()
            .collect();
    let mut data = json!({
        "report": value,
        "style": { "accent": template.settings.style.accent, "tint": template.settings.style.tint },
        "author": subtitle_short,
        "subtitle_short": subtitle_short,
        "about": about,
    });
    make_showable(&mut data);
    (data, figures)
}

/// The width and height in pixels an SVG's root element gives (640 × 400 when it gives none).
fn svg_size(svg: &str) -> [f64; 2] {
    let root = svg.split('>').next().unwrap_or("");
    let attribute = |name: &str| {
        let start = root.find(&format!(" {name}=\""))? + name.len() + 3;
        root[start..].split('"').next()?.parse::<f64>().ok().filter(|v| v.is_finite() && *v > 0.0)
    };
    [attribute("width").unwrap_or(640.0), attribute("height").unwrap_or(400.0)]
}

/// Every string made typesettable in a tagged PDF. Characters no embedded font can draw (many
/// emoji, CJK) and private-use characters become U+FFFD: PDF/UA may not show a glyph it cannot
/// name. Control characters other than line breaks, byte-order marks and noncharacters are
/// dropped: they draw nothing; a tab becomes a space. The HTML keeps the text as it came.
fn make_showable(value: &mut Value) {
    match value {
        Value::String(text) if !text.chars().all(is_plainly_showable) => *text = showable(text),
        Value::Array(items) => items.iter_mut().for_each(make_showable),
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                make_showable(value);
                // A line break inside a table cell or caption makes every row as tall as the
                // longest cell; in a table the break carries no meaning.
                if matches!(key.as_str(), "columns" | "rows" | "caption") {
                    flatten_lines(value);
                }
            }
        }
        _ => {}
    }
}

fn is_plainly_showable(c: char) -> bool {
    c.is_ascii_graphic()
        || c == ' '
        || (!c.is_control() && !is_invisible(c) && !is_private_use(c) && world::can_show(c))
}

fn showable(text: &str) -> String {
    text.chars()
        .filter(|&c| (!c.is_control() || matches!(c, '\n' | '\t' | '\r')) && !is_invisible(c))
        .map(|c| match c {
            // Typst shapes a tab in some places as a glyph, which no font has.
            '\t' => ' ',
            c if is_private_use(c) || !world::can_show(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A byte-order mark inside text, or a noncharacter (U+FFFE, U+FDD0…): nothing to draw.
fn is_invisible(c: char) -> bool {
    let code = c as u32;
    c == '\u{feff}' || (0xFDD0..=0xFDEF).contains(&code) || code & 0xFFFE == 0xFFFE
}

fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF_0000..=0xF_FFFD | 0x10_0000..=0x10_FFFD)
}

/// Line breaks of every kind become spaces, in every string of `value`.
fn flatten_lines(value: &mut Value) {
    match value {
        Value::String(text) if text.contains(is_line_break) => {
            *text = text.replace("\r\n", " ").replace(is_line_break, " ")
        }
        Value::Array(items) => items.iter_mut().for_each(flatten_lines),
        Value::Object(map) => map.values_mut().for_each(flatten_lines),
        _ => {}
    }
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Typst's errors as a problem at the first line of the layout file they point to (an error
/// raised inside a function points to the call in the layout).
fn typst_problem(world: &ReportWorld, file: &str, errors: &[SourceDiagnostic]) -> Problem {
    let main = world.main_source();
    let in_layout = errors
        .iter()
        .flat_map(|e| std::iter::once(e.span).chain(e.trace.iter().map(|t| t.span.into())))
        .filter(|span| span.id() == Some(main.id()))
        .find_map(|span| world.range(span));
    let place = in_layout.and_then(|range| main.lines().byte_to_line_column(range.start));
    let message = describe(errors);
    let problem = match place {
        Some((line, column)) => Problem::at(file, line + 1, column + 1, message),
        None => Problem::in_file(file, message),
    };
    problem.help("the layout reads the report from /data.json; see the built-in templates' report.typ")
}

fn describe(errors: &[SourceDiagnostic]) -> String {
    errors
        .iter()
        .map(|e| {
            let hints: String = e.hints.iter().map(|h| format!(" (hint: {})", h.v)).collect();
            format!("{}{hints}", e.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_sizes_come_from_the_svg_root() {
        assert_eq!(svg_size("<svg width=\"640\" height=\"988\" viewBox=\"0 0 640 988\">"), [640.0, 988.0]);
        assert_eq!(svg_size("<svg>"), [640.0, 400.0]);
    }

    #[test]
    fn text_is_made_showable_and_table_cells_kept_on_one_line() {
        let mut data = json!({
            "text": "calm\u{7}er\u{1b}[0m\u{feff} day\u{e000}\nnext\tcolumn",
            "caption": "two\r\nlines",
            "rows": [["a\u{2028}b", "plain"]],
            "organisation": "北京",
        });
        make_showable(&mut data);
        assert_eq!(data["text"], "calmer[0m day\u{fffd}\nnext column");
        assert_eq!(data["caption"], "two lines");
        assert_eq!(data["rows"][0][0], "a b");
        assert_eq!(data["rows"][0][1], "plain");
        assert_eq!(data["organisation"], "\u{fffd}\u{fffd}");
    }
}
