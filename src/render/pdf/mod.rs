//! `report.pdf`: the report model typeset in-process by Typst, with the template's `report.typ`.
//!
//! The model goes to Typst as data (`/data.json`) and each chart as an SVG file, so no text from
//! the data ever becomes Typst markup. Fonts are embedded; the PDF is tagged and conforms to
//! PDF/UA-1, and carries no date, so the same inputs give the same bytes.

mod markdown;
mod world;

use serde_json::{Value, json};
use typst::diag::{SourceDiagnostic, Warned};
use typst::foundations::Smart;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards};

use crate::report::{Block, Report, Template};
use world::ReportWorld;

/// Typeset the report as PDF bytes.
pub fn pdf(report: &Report, template: &Template) -> Result<Vec<u8>, String> {
    let (layout_file, markup) = template.file("report.typ").map_err(|p| p.to_string())?;
    let (data, figures) = data(report, template);
    let mut files = vec![("/data.json".to_string(), data.to_string().into_bytes())];
    files.extend(figures);
    let world = ReportWorld::new(markup, files)?;
    let Warned { output, .. } = typst::compile(&world);
    let document = output.map_err(|errors| format!("{layout_file}: {}", describe(&errors)))?;
    let standards = PdfStandards::new(&[PdfStandard::Ua_1]).map_err(|e| format!("PDF standard: {e:?}"))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("impact:{}", report.title)),
        creator: Smart::Custom(Some(report.generator.clone())),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&document, &options).map_err(|errors| format!("writing the PDF: {}", describe(&errors)))
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
    replace_unshowable(&mut value);
    let data = json!({
        "report": value,
        "style": { "accent": template.settings.style.accent, "tint": template.settings.style.tint },
        "author": subtitle_short,
        "subtitle_short": subtitle_short,
        "about": about,
    });
    (data, figures)
}

/// Characters no embedded font can draw (many emoji) become U+FFFD: a tagged, accessible PDF may
/// not show a glyph it cannot name. The HTML keeps them.
fn replace_unshowable(value: &mut Value) {
    match value {
        Value::String(text) if !text.chars().all(world::can_show) => {
            *text = text.chars().map(|c| if world::can_show(c) { c } else { '\u{fffd}' }).collect();
        }
        Value::Array(items) => items.iter_mut().for_each(replace_unshowable),
        Value::Object(map) => map.values_mut().for_each(replace_unshowable),
        _ => {}
    }
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
