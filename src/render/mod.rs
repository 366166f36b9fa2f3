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

/// Whether a markdown link may stay a link: web and e-mail addresses and anchors in the page.
/// Others (`javascript:`, `file:`, `data:`) are shown as their text alone.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "#"].iter().any(|scheme| url.starts_with(scheme))
}

/// The names a report folder holds: anything else in an existing `--out` folder means it is not
/// an earlier report, and replacing it would delete someone's files.
const REPORT_ENTRIES: &[(&str, Option<&str>)] = &[
    ("index.html", None),
    ("report.pdf", None),
    ("results.json", None),
    ("tables", Some("csv")),
    ("figures", Some("svg")),
];

/// Refuse an output folder that exists and is not an earlier report (the programme folder, its
/// data folder, a home folder): the build replaces the whole folder. Returns what is wrong and
/// a hint.
pub fn check_out_folder(out: &Path) -> Result<(), (String, String)> {
    let help = "give --out a new folder, or an earlier report folder (it is replaced as a whole)".to_string();
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err((format!("{} is a file, not a report folder", out.display()), help));
    }
    let entries = fs::read_dir(out).map_err(|e| (format!("cannot read {}: {e}", out.display()), help.clone()))?;
    for entry in entries {
        let entry = entry.map_err(|e| (format!("cannot read {}: {e}", out.display()), help.clone()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let expected = REPORT_ENTRIES.iter().find(|(n, _)| *n == name);
        let fits = match expected {
            Some((_, None)) => path.is_file(),
            Some((_, Some(extension))) => path.is_dir() && only_files_ending(&path, extension),
            None => false,
        };
        if !fits {
            return Err((
                format!("{} is not a report folder (it holds {name}), so it will not be replaced", out.display()),
                help,
            ));
        }
    }
    Ok(())
}

fn only_files_ending(folder: &Path, extension: &str) -> bool {
    fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().all(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == extension))
    })
}

/// Write `files` as the folder `out`, replacing an earlier report only once all are written.
pub fn write_atomically(out: &Path, files: &Files) -> Result<(), String> {
    check_out_folder(out).map_err(|(message, help)| format!("{message}; {help}"))?;
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
        // Names come from the report model; a name from data that climbs out is refused here.
        let plain = Path::new(relative).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || relative.starts_with('.') {
            return Err(format!("refusing to write {relative:?}: not a plain name inside the report folder"));
        }
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
