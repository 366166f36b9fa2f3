//! The analysed programme → the report folder. Renderers lay out numbers; they never compute
//! statistics.
//!
//! Every file is made in memory first, written into a fresh temporary folder beside the target,
//! and renamed into place only when all succeeded: on any error no partial report exists and an
//! earlier report is left untouched.

pub mod csv;
pub mod html;
pub mod json;
pub mod pdf;

use std::fs;
use std::path::{Path, PathBuf};

use crate::pipeline::Analysed;
use crate::problem::{Problem, Problems};
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
        let page = html::page(&model, &template).map_err(|e| Problems::from(Problem::in_file("report", e)))?;
        files.push(("index.html".into(), page.into_bytes()));
    }
    if formats.contains(&Format::Pdf) {
        let pdf = pdf::pdf(&model, &template).map_err(|e| Problems::from(Problem::in_file("report", e)))?;
        files.push(("report.pdf".into(), pdf));
    }
    Ok(files)
}

/// Write `files` as the folder `out`, replacing an earlier report only once all are written.
pub fn write_atomically(out: &Path, files: &Files) -> Result<(), String> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let result = write_into(&staging, files).and_then(|()| swap_into_place(&staging, out));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

fn write_into(dir: &Path, files: &Files) -> Result<(), String> {
    if dir.exists() {
        fs::remove_dir_all(dir).map_err(|e| format!("cannot clear {}: {e}", dir.display()))?;
    }
    for (relative, bytes) in files {
        let path = dir.join(relative);
        if let Some(folder) = path.parent() {
            fs::create_dir_all(folder).map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Move the finished folder to `out`; an earlier report is set aside first and removed last.
fn swap_into_place(staging: &Path, out: &Path) -> Result<(), String> {
    let old = staging.with_extension("old");
    let had_report = out.exists();
    if had_report {
        let _ = fs::remove_dir_all(&old);
        fs::rename(out, &old).map_err(|e| format!("cannot move the earlier report aside ({}): {e}", out.display()))?;
    }
    if let Err(e) = fs::rename(staging, out) {
        if had_report {
            let _ = fs::rename(&old, out);
        }
        return Err(format!("cannot move the report into place ({}): {e}", out.display()));
    }
    if had_report {
        let _ = fs::remove_dir_all(&old);
    }
    Ok(())
}
