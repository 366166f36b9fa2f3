//! The analysed programme → the report folder. Renderers lay out numbers; they never compute
//! statistics.
//!
//! Every file is made in memory first, written into a fresh staging folder beside the target,
//! and swapped into place only when all succeeded (`output.rs`): on any error no partial
//! report exists and an earlier report is left untouched.

pub mod csv;
pub mod docx;
pub mod html;
pub mod json;
mod output;
pub mod pdf;

pub use output::{OutputError, ReportLock, check_out_folder, recover, write_atomically, write_locked};

use crate::pipeline::Analysed;
use crate::pipeline::portfolio::PortfolioAnalysed;
use crate::problem::{Problem, Problems};
use crate::report::{self, Block, Report, Template};

/// An output format of `impact build --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// report/index.html (with tables/*.csv and figures/*.svg).
    Html,
    /// report/report.pdf.
    Pdf,
    /// report/results.json.
    Json,
    /// report/report.docx, for editing in Word.
    Docx,
}

/// The formats written when none are named.
pub const DEFAULT_FORMATS: &[Format] = &[Format::Html, Format::Pdf, Format::Json, Format::Docx];

/// A report folder's files as (relative path, contents).
pub type Files = Vec<(String, Vec<u8>)>;

/// Make every file of the report in memory: the report model through the template, then each
/// requested format; then each site's page (its HTML and PDF) under `sites/<slug>/`.
pub fn files(analysed: &Analysed, formats: &[Format]) -> Result<Files, Problems> {
    let loaded = &analysed.loaded;
    let template = Template::load(&loaded.root, &loaded.programme.programme.template)?;
    let mut files = report_files(analysed, &template, formats, "")?;
    let page_formats: Vec<Format> =
        formats.iter().copied().filter(|f| matches!(f, Format::Html | Format::Pdf)).collect();
    if !page_formats.is_empty() {
        for site in site_files(analysed, &template, &page_formats) {
            files.extend(site?);
        }
    }
    Ok(files)
}

/// Make every file of a portfolio's report in memory: its own report with its template, then
/// each programme folder's whole report under `programmes/<slug>/`; with the build's warnings.
/// A REF case study is typeset first whatever the formats: its page count goes into
/// results.json, and past a limit into a warning.
pub fn portfolio_files(analysed: &PortfolioAnalysed, formats: &[Format]) -> Result<(Files, Vec<String>), Problems> {
    let loaded = &analysed.loaded;
    let template = Template::load(&loaded.root, loaded.portfolio.portfolio.template.get_ref())?;
    let model = report::portfolio::build(analysed, &template)?;
    let mut results = analysed.results.clone();
    let mut typeset = None;
    if let Some(case) = &loaded.portfolio.case_study
        && loaded.portfolio.portfolio.template.get_ref() == "ref"
    {
        let (bytes, pages) = pdf::paged(&model, &template)?;
        let counts = report::portfolio::case_study::counts(&model.sections, case, Some(pages));
        results.warnings.extend(report::portfolio::case_study::limit_warnings(&counts));
        results.case_study = Some(counts);
        typeset = formats.contains(&Format::Pdf).then_some(bytes);
    }
    let json = formats.contains(&Format::Json).then(|| json::to_json(&results));
    let rest: Vec<Format> = formats.iter().copied().filter(|f| typeset.is_none() || *f != Format::Pdf).collect();
    let mut made = model_files(&model, json, &template, &rest, "")?;
    if let Some(bytes) = typeset {
        made.push(("report.pdf".into(), bytes));
    }
    for member in &analysed.members {
        let Some(programme) = &member.programme else { continue };
        let prefix = format!("programmes/{}/", member.slug);
        let theirs =
            files(programme, formats).map_err(|problems| problems.within(&format!("programmes/{}", member.slug)))?;
        made.extend(theirs.into_iter().map(|(path, bytes)| (format!("{prefix}{path}"), bytes)));
    }
    Ok((made, results.warnings))
}

/// One report's files, their paths under `prefix` (empty, or `sites/<slug>/`).
fn report_files(analysed: &Analysed, template: &Template, formats: &[Format], prefix: &str) -> Result<Files, Problems> {
    let model = report::build(analysed, template)?;
    let results = formats.contains(&Format::Json).then(|| json::results_json(&analysed.results));
    model_files(&model, results, template, formats, prefix)
}

/// The files of one report model: `results` is its results.json when JSON is asked for.
fn model_files(
    model: &Report,
    results: Option<String>,
    template: &Template,
    formats: &[Format],
    prefix: &str,
) -> Result<Files, Problems> {
    // Typesetting the PDF is the largest part: it runs on a second thread beside the rest.
    // Results are taken in the same order as one after another, so the same error comes first.
    let (pdf, others) = std::thread::scope(|scope| {
        let pdf = formats.contains(&Format::Pdf).then(|| {
            std::thread::Builder::new()
                .name("pdf".into())
                // Typst recurses as deep as the markup nests: the main thread's stack, not 2 MiB.
                .stack_size(PDF_STACK_BYTES)
                .spawn_scoped(scope, || pdf::pdf(model, template))
        });
        let others = other_files(results, model, template, formats, prefix);
        let pdf = match pdf {
            Some(Ok(handle)) => Some(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))),
            // No thread to be had: typeset here.
            Some(Err(_)) => Some(pdf::pdf(model, template)),
            None => None,
        };
        (pdf, others)
    });
    let (mut files, docx) = others?;
    if let Some(pdf) = pdf {
        files.push((format!("{prefix}report.pdf"), pdf?));
    }
    if let Some(docx) = docx {
        files.push((format!("{prefix}report.docx"), docx?));
    }
    Ok(files)
}

/// Each site page's files, made on as many threads as there are cores (typesetting a PDF is
/// most of a page's cost), in the order of the sites.
fn site_files(analysed: &Analysed, template: &Template, formats: &[Format]) -> Vec<Result<Files, Problems>> {
    let sites = &analysed.sites;
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(sites.len());
    let mut made: Vec<(usize, Result<Files, Problems>)> = std::thread::scope(|scope| {
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(site) = sites.get(i) else { break mine };
                let prefix = format!("sites/{}/", site.slug);
                mine.push((i, report_files(&site.analysed, template, formats, &prefix)));
            }
        };
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                std::thread::Builder::new().name("site".into()).stack_size(PDF_STACK_BYTES).spawn_scoped(scope, work)
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => Vec::new(),
            })
            .collect()
    });
    // A site no thread could take is made here.
    let done: Vec<usize> = made.iter().map(|(i, _)| *i).collect();
    for (i, site) in sites.iter().enumerate().filter(|(i, _)| !done.contains(i)) {
        made.push((i, report_files(&site.analysed, template, formats, &format!("sites/{}/", site.slug))));
    }
    made.sort_by_key(|(i, _)| *i);
    made.into_iter().map(|(_, files)| files).collect()
}

/// The stack of the thread that typesets the PDF.
const PDF_STACK_BYTES: usize = 8 << 20;

/// One file made, or why not.
type Made = Result<Vec<u8>, Problem>;

/// The report's files other than the PDF, and the Word file apart (it comes after the PDF).
fn other_files(
    results: Option<String>,
    model: &Report,
    template: &Template,
    formats: &[Format],
    prefix: &str,
) -> Result<(Files, Option<Made>), Problems> {
    let mut files: Files = Vec::new();
    if let Some(results) = results {
        files.push((format!("{prefix}results.json"), results.into_bytes()));
    }
    if formats.contains(&Format::Html) {
        for block in model.sections.iter().flat_map(|s| &s.blocks) {
            match block {
                Block::Figure(figure) => {
                    files.push((format!("{prefix}figures/{}.svg", figure.id), figure.svg.clone().into_bytes()))
                }
                Block::Table(table) => files.push((format!("{prefix}tables/{}.csv", table.id), csv::table(table))),
                _ => {}
            }
        }
        let page = html::page(model, template)?;
        let name = format!("{prefix}index.html");
        crate::statcheck::check_generated(&name, &page)?;
        files.push((name, page.into_bytes()));
    }
    // Beside a PDF on its own thread, one thread draws the charts: two would slow the PDF down.
    let threads = if formats.contains(&Format::Pdf) { 1 } else { 2 };
    let docx = formats.contains(&Format::Docx).then(|| docx::docx(model, template, threads));
    Ok((files, docx))
}

/// Whether a markdown link may stay a link: web and e-mail addresses and anchors in the page.
/// Others (`javascript:`, `file:`, `data:`) are shown as their text alone.
pub fn is_safe_link(url: &str) -> bool {
    let url = url.trim().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "#"].iter().any(|scheme| url.starts_with(scheme))
}
