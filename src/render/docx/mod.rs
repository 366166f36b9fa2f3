//! `report.docx`: the report model as a Word document that programme leads can edit.
//!
//! The WordprocessingML is written directly (the parts are few and fixed) and zipped with fixed
//! timestamps in a fixed order, so the same inputs give the same bytes. Word's own styles carry
//! the look: Title, Heading 1–3 with outline levels (the navigation pane and an inserted table
//! of contents), Quote, caption; tables repeat their header row on every page; charts are PNG
//! images rasterised from the report's SVG, with their alt text. Every text from the data is
//! XML-escaped and becomes no field or link: only narrative markdown links to web and e-mail
//! addresses stay links.

mod blocks;
mod images;
mod markdown;
mod styles;
mod xml;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::problem::Problem;
use crate::report::{Report, Template};

/// The document as it is written: the body and what the body refers to.
struct Document {
    /// `w:body` content so far.
    body: String,
    /// Relationships beyond the fixed parts: (id, type, target, external).
    rels: Vec<(String, &'static str, String, bool)>,
    /// Images as (file name under `word/media/`, PNG).
    media: Vec<(String, Vec<u8>)>,
    /// The first number of each ordered list, numbered from `w:numId` 2.
    ordered_lists: Vec<u64>,
    /// The last drawing id given.
    drawings: u32,
}

impl Document {
    /// Add a relationship and return its id.
    fn relate(&mut self, relation: &'static str, target: String, external: bool) -> String {
        let id = format!("rId{}", self.rels.len() + 10);
        self.rels.push((id.clone(), relation, target, external));
        id
    }

    /// A new numbering for an ordered list starting at `start`; its `w:numId`.
    fn ordered_list(&mut self, start: u64) -> usize {
        self.ordered_lists.push(start);
        self.ordered_lists.len() + 1
    }
}

fn failed(message: String) -> Problem {
    Problem::in_file("report.docx", message)
}

/// Write the report as `.docx` bytes, drawing its charts on `threads` threads (one when the PDF
/// is typeset beside it, which then keeps a core of its own).
pub fn docx(report: &Report, template: &Template, threads: usize) -> Result<Vec<u8>, Problem> {
    let charts = blocks::rasterise(report, threads).map_err(failed)?;
    let accent = styles::accent_hex(&template.settings.style.accent);
    let mut document =
        Document { body: String::new(), rels: Vec::new(), media: Vec::new(), ordered_lists: Vec::new(), drawings: 0 };
    blocks::report(&mut document, report, charts).map_err(failed)?;
    let main = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {}><w:body>{}\
         <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>",
        styles::NAMESPACES,
        document.body
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), styles::content_types().into_bytes()),
        ("_rels/.rels".into(), styles::package_rels().into_bytes()),
        ("docProps/core.xml".into(), styles::core(&report.title, &report.lang, &report.generator).into_bytes()),
        ("docProps/app.xml".into(), styles::app().into_bytes()),
        ("word/document.xml".into(), main.into_bytes()),
        ("word/_rels/document.xml.rels".into(), styles::document_rels(&document.rels).into_bytes()),
        ("word/styles.xml".into(), styles::styles(&accent, &report.lang).into_bytes()),
        ("word/numbering.xml".into(), styles::numbering(&document.ordered_lists).into_bytes()),
        ("word/settings.xml".into(), styles::settings().into_bytes()),
        ("word/footer1.xml".into(), styles::footer().into_bytes()),
    ];
    parts.extend(document.media.into_iter().map(|(name, png)| (format!("word/media/{name}"), png)));
    zipped(&parts).map_err(|e| failed(format!("writing the Word file: {e}")))
}

/// The parts zipped in the order given, each dated 1980-01-01 (zip's earliest date).
fn zipped(parts: &[(String, Vec<u8>)]) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        // PNG is compressed already.
        let method = if name.ends_with(".png") { CompressionMethod::Stored } else { CompressionMethod::Deflated };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        zip.start_file(name.as_str(), options)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}
