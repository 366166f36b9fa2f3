//! The command line: `init`, `check`, `build`, `statcheck`, `instruments`.
//!
//! Exit codes: 0 success; 1 the inputs have problems (nothing written); 2 usage error, or the
//! report folder cannot be written.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::instruments::{builtin, builtin_ids};
use crate::pipeline::{self, Analysed};
use crate::problem::Problems;
use crate::render::{self, DEFAULT_FORMATS, Format};

/// Most problems printed at once; the rest are counted.
const MAX_SHOWN: usize = 100;

/// Turn a training programme's evaluation data into an impact report.
#[derive(Debug, Parser)]
#[command(name = "impact", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make a programme folder (or a portfolio) with sample data that builds at once.
    Init {
        /// The folder to create (absent or empty).
        dir: PathBuf,
        /// Which kind of intervention the report speaks to; `portfolio` makes a portfolio.
        #[arg(long, value_parser = ["schools", "nhs", "workplace", "portfolio"], default_value = "schools")]
        template: String,
    },
    /// Validate a programme or portfolio folder and print every problem.
    Check {
        /// The programme or portfolio folder.
        dir: PathBuf,
    },
    /// Build the report folder.
    Build {
        /// The programme or portfolio folder.
        dir: PathBuf,
        /// Where to write the report (default: DIR/report).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Formats to write, comma-separated (default: html,pdf,json,docx).
        #[arg(long, value_delimiter = ',')]
        format: Vec<Format>,
    },
    /// Check the test statistics written in text files (t, F, r, χ², z with their p).
    Statcheck {
        /// .txt, .md or .html files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the built-in instruments, or show one's scoring key.
    Instruments {
        /// An instrument id, e.g. scs-sf.
        id: Option<String>,
    },
}

/// Parse the arguments, run the command and return its exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Init { dir, template } => init(&dir, &template),
        Command::Check { dir } => check(&dir),
        Command::Build { dir, out, format } => build(&dir, out, &format),
        Command::Instruments { id } => instruments(id.as_deref()),
        Command::Statcheck { files, json } => crate::statcheck::run(&files, json),
    }
}

fn init(dir: &std::path::Path, template: &str) -> ExitCode {
    match crate::init::init(dir, template) {
        Ok(files) => {
            println!("created {} ({} template): {}", dir.display(), template, files.join(", "));
            println!("next: impact build {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message, None),
    }
}

fn check(dir: &std::path::Path) -> ExitCode {
    if crate::config::portfolio::is_portfolio(dir) {
        return check_portfolio(dir);
    }
    // Building the report in memory also checks the template and narrative files.
    let analysed =
        pipeline::analyse(dir).and_then(|analysed| render::files(&analysed, DEFAULT_FORMATS).map(|_| analysed));
    match analysed {
        Ok(analysed) => {
            println!("{}", summary(&analysed));
            print!("{}", analysed.understood);
            if let Some(sites) = &analysed.results.site_counts {
                let pages = if analysed.sites.is_empty() { "" } else { ", each with a page" };
                println!(
                    "sites from `{}`: {} in the data, {} shown{pages}, {} not shown (fewer than {} analysed), {} people \
                     without a site",
                    sites.column, sites.sites, sites.shown, sites.not_shown, sites.threshold, sites.without_site
                );
            }
            if let Some(responses) = &analysed.responses
                && !responses.unused_columns.is_empty()
            {
                let unused = &responses.unused_columns;
                let shown = unused.iter().take(12).cloned().collect::<Vec<_>>().join(", ");
                let more = unused.len().saturating_sub(12);
                let more = if more > 0 { format!(" and {more} more") } else { String::new() };
                println!("note: columns no measure uses: {shown}{more}");
            }
            for warning in &analysed.results.warnings {
                println!("warning: {warning}");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report_problems(&problems),
    }
}

fn build(dir: &std::path::Path, out: Option<PathBuf>, formats: &[Format]) -> ExitCode {
    let formats = if formats.is_empty() { DEFAULT_FORMATS } else { formats };
    let out = out.unwrap_or_else(|| dir.join("report"));
    // What a stopped build left goes first, so a build that then fails on its inputs still
    // leaves the earlier report in place.
    if out.parent().is_none_or(|p| p.as_os_str().is_empty() || p.is_dir()) {
        match take_lock(&out) {
            Ok(lock) => warn_all(&render::recover(&out, &lock)),
            Err(error) => return output_failed(&error),
        }
    }
    if let Err(error) = render::check_out_folder(&out) {
        return output_failed(&error);
    }
    let made = if crate::config::portfolio::is_portfolio(dir) {
        pipeline::portfolio::analyse(dir).and_then(|portfolio| {
            let (files, warnings) = render::portfolio_files(&portfolio, formats)?;
            let summary = portfolio_summary(&portfolio, warnings.len());
            Ok((files, warnings, summary))
        })
    } else {
        pipeline::analyse(dir).and_then(|analysed| {
            let files = render::files(&analysed, formats)?;
            Ok((files, analysed.results.warnings.clone(), summary(&analysed)))
        })
    };
    let (files, build_warnings, summary) = match made {
        Ok(made) => made,
        Err(problems) => return report_problems(&problems),
    };
    let written = take_lock(&out).and_then(|lock| render::write_locked(&out, &files, &lock));
    match written {
        Ok(warnings) => {
            warn_all(&warnings);
            warn_all(&build_warnings);
            println!("{summary}");
            println!("wrote {} files to {}", files.len(), out.display());
            ExitCode::SUCCESS
        }
        Err(error) => output_failed(&error),
    }
}

/// The lock on the report folder, saying so when another build holds it.
fn take_lock(out: &std::path::Path) -> Result<render::ReportLock, render::OutputError> {
    render::ReportLock::take(out, || eprintln!("waiting for another build writing {} to finish…", out.display()))
}

fn warn_all(warnings: &[String]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// The report could not be written: a problem with the output folder, not the inputs (exit 2).
fn output_failed(error: &render::OutputError) -> ExitCode {
    eprintln!("error: {}\nhelp: {}\nnothing was written", error.message, error.help);
    ExitCode::from(2)
}

fn instruments(id: Option<&str>) -> ExitCode {
    let mut out = std::io::stdout().lock();
    let result = match id {
        None => (|| {
            for id in builtin_ids() {
                let i = builtin(id).expect("built-in ids load");
                writeln!(out, "{:<18} {:<10} {}", i.id, i.short_name, i.name)?;
            }
            writeln!(out, "\nshow one with `impact instruments ID`")
        })(),
        Some(id) => match builtin(id) {
            Some(instrument) => super::instruments::describe(&instrument, &mut out),
            None => {
                return fail(&format!("'{id}' is not a built-in instrument"), Some("`impact instruments` lists them"));
            }
        },
    };
    // A closed pipe (`impact instruments | head`) is not an error worth reporting.
    let _ = result;
    ExitCode::SUCCESS
}

/// `impact check` of a portfolio: everything analysed and rendered in memory.
fn check_portfolio(dir: &std::path::Path) -> ExitCode {
    let made = pipeline::portfolio::analyse(dir)
        .and_then(|portfolio| render::portfolio_files(&portfolio, DEFAULT_FORMATS).map(|(_, w)| (portfolio, w)));
    match made {
        Ok((portfolio, warnings)) => {
            println!("{}", portfolio_summary(&portfolio, warnings.len()));
            for entry in &portfolio.results.portfolio.programmes {
                let analysed = entry.analysed.map_or(String::new(), |n| format!(", {n} analysed"));
                println!("  {} ({}): {} people, {}{analysed}", entry.name, entry.kind, entry.people, entry.country);
            }
            for warning in &warnings {
                println!("warning: {warning}");
            }
            ExitCode::SUCCESS
        }
        Err(problems) => report_problems(&problems),
    }
}

fn portfolio_summary(portfolio: &pipeline::portfolio::PortfolioAnalysed, warnings: usize) -> String {
    let r = &portfolio.results;
    let reach = &r.portfolio.reach;
    format!(
        "ok: {}: {}, {} reached in {}, {} pooled, {}",
        r.programme.title,
        count(reach.programmes, "programme"),
        count(reach.people as usize, "person").replace("persons", "people"),
        count(reach.countries, "country").replace("countrys", "countries"),
        count(r.portfolio.pooled.len(), "outcome"),
        count(warnings, "warning")
    )
}

fn summary(analysed: &Analysed) -> String {
    let r = &analysed.results;
    let scales = r.outcomes.iter().filter(|o| o.to == r.timepoints.get(1).cloned().unwrap_or_default()).count();
    if let (None, Some(coding)) = (&analysed.responses, &r.coding) {
        return format!(
            "ok: {}: {} with coded words, {}, {}, {}, {}",
            r.programme.title,
            count(coding.participants, "participant"),
            count(coding.themes, "theme"),
            count(coding.subthemes, "subtheme"),
            count(coding.excerpts, "excerpt"),
            count(r.warnings.len(), "warning")
        );
    }
    let themes = r.coding.as_ref().map_or(String::new(), |c| format!(", {}", count(c.themes, "theme")));
    format!(
        "ok: {}: {}, {} ({}), {}, {}{themes}, {}",
        r.programme.title,
        count(r.participants, "participant"),
        count(r.timepoints.len(), "timepoint"),
        r.timepoints.join(", "),
        count(scales, "scale"),
        count(r.outcomes.len(), "outcome"),
        count(r.warnings.len(), "warning")
    )
}

/// `1 warning`, `3 warnings`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

fn report_problems(problems: &Problems) -> ExitCode {
    let mut err = std::io::stderr().lock();
    for problem in problems.0.iter().take(MAX_SHOWN) {
        let _ = writeln!(err, "{problem}");
    }
    if problems.len() > MAX_SHOWN {
        let _ = writeln!(err, "… and {} more problems", problems.len() - MAX_SHOWN);
    }
    let s = if problems.len() == 1 { "" } else { "s" };
    let _ = writeln!(err, "{} problem{s} found; nothing was written", problems.len());
    ExitCode::from(1)
}

fn fail(message: &str, help: Option<&str>) -> ExitCode {
    eprintln!("error: {message}");
    if let Some(help) = help {
        eprintln!("help: {help}");
    }
    ExitCode::from(1)
}
