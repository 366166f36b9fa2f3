//! The analysed programme → the report folder. Renderers lay out numbers; they never compute
//! statistics.
//!
//! Every file is made in memory first, written into a fresh staging folder beside the target,
//! and swapped into place only when all succeeded (`output.rs`): on any error no partial
//! report exists and an earlier report is left untouched.

pub mod csv;
pub mod html;
pub mod json;
mod output;
pub mod pdf;

pub use output::{OutputError, ReportLock, check_out_folder, recover, write_atomically, write_locked};

use crate::pipeline::Analysed;
use crate::problem::Problems;
use crate::report::{self, Block, Template};

/// An output format of `impact build --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// report/index.html (with tables/*.csv and figures/*.svg).
    Html,
    /// report/report.pdf.
    Pdf,
    /// report/results.json.
    Json,
}

/// The formats written when none are named.
pub const DEFAULT_FORMATS: &[Format] = &[Format::Html, Format::Pdf, Format::Json];

/// A report folder's files as (relative path, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// Make every file of the report in memory: the report model through the template, then each
/// requested format.
pub fn files(analysed: &Analysed, formats: &[Format]) -> Result<Files, Problems> {
    let loaded = &analysed.loaded;
    let template = Template::load(&loaded.root, &loaded.programme.programme.template)?;
    let model = report::build(analysed, &template)?;
    let mut files: Files = Vec::new();
    if formats.contains(&Format::Json) {
        files.push(("results.json".into(), json::results_json(&analysed.results).into_bytes()));
    }
    if formats.contains(&Format::Html) {
        for block in model.sections.iter().flat_map(|s| &s.blocks) {
            match block {
                Block::Figure(figure) => {
                    files.push((format!("figures/{}.svg", figure.id), figure.svg.clone().into_bytes()))
                }
                Block::Table(table) => files.push((format!("tables/{}.csv", table.id), csv::table(table))),
                _ => {}
            }
        }
        let page = html::page(&model, &template)?;
        crate::statcheck::check_generated("index.html", &page)?;
        files.push(("index.html".into(), page.into_bytes()));
    }
    if formats.contains(&Format::Pdf) {
        let pdf = pdf::pdf(&model, &template)?;
        files.push(("report.pdf".into(), pdf));
    }
    Ok(files)
}

/// Whether a markdown link may stay a link: web and e-mail addresses and anchors in the page.
/// Others (`javascript:`, `file:`, `data:`) are shown as their text alone.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "#"].iter().any(|scheme| url.starts_with(scheme))
}
