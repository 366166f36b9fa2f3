//! Checking reported statistics, in the manner of statcheck (Nuijten et al., 2016): every
//! APA-style test result in a text (`t(28) = 2.20, p = .036`) is found, its p recomputed from the
//! statistic and df, and the two compared.
//!
//! `impact statcheck FILE…` checks any .txt, .md or .html file; `impact build` checks every
//! `narrative/*.md` (an inconsistency is the user's to fix) and its own HTML (an inconsistency is
//! a defect in impact).

pub mod parse;
pub mod recompute;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

pub use parse::{Comparison, Reported, Statistic};
pub use recompute::Verdict;

use crate::problem::{Problem, Problems, quoted};

/// One result found and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    /// The file as named.
    pub file: String,
    /// The result as written.
    pub reported: Reported,
    /// What recomputing it found.
    pub verdict: Verdict,
}

impl Checked {
    /// The contract's JSON object. `df` is a number for t, r and χ², `[df1, df2]` for F and
    /// null for z; `p_reported` is null for `ns`.
    pub fn to_json(&self) -> Value {
        let r = &self.reported;
        let df = match r.df.as_slice() {
            [] => Value::Null,
            [one] => whole(*one),
            many => Value::Array(many.iter().map(|&d| whole(d)).collect()),
        };
        json!({
            "file": self.file,
            "line": r.line,
            "text": r.text,
            "statistic": r.statistic.name(),
            "df": df,
            "value": r.value,
            "p_reported": r.p,
            "p_comparison": r.comparison.sign(),
            "p_computed": self.verdict.p,
            "consistent": self.verdict.consistent,
            "decision_error": self.verdict.decision_error,
            "one_sided_consistent": self.verdict.one_sided_consistent,
        })
    }

    /// `consistent`, `inconsistent (decision error)`, and so on.
    pub fn verdict_text(&self) -> String {
        let v = &self.verdict;
        if v.consistent {
            return "consistent".into();
        }
        let mut text = String::from("inconsistent");
        if v.p_zero {
            text.push_str(": a p-value is never 0, write p < .001");
        }
        if v.decision_error {
            text.push_str(" (decision error)");
        }
        if v.one_sided_consistent {
            text.push_str("; consistent if the test was one-sided");
        }
        if let Some(df) = v.df_that_fits {
            let _ = write!(text, "; consistent with df = {df} (is the df the number of people rather than n − 1?)");
        }
        text
    }

    /// The recomputed p, to a digit more than was reported (at least three).
    pub fn computed_text(&self) -> String {
        format_p(self.verdict.p, (self.reported.p_decimals + 1).max(3))
    }
}

/// A df as JSON: `10` when whole, `27.4` for a Welch df.
fn whole(df: f64) -> Value {
    if df.fract() == 0.0 && df < 1e15 { json!(df as i64) } else { json!(df) }
}

/// Every result in `text`, checked; `file` names it, and its extension says whether it is HTML
/// or markdown (whose tags and entities are read through) or plain text.
pub fn check_text(file: &str, text: &str) -> Vec<Checked> {
    let lower = file.to_ascii_lowercase();
    let markup = [".html", ".htm", ".md", ".markdown"].iter().any(|ext| lower.ends_with(ext));
    parse::find(text, markup)
        .into_iter()
        .map(|reported| {
            let verdict = recompute::check(&reported);
            Checked { file: file.to_string(), reported, verdict }
        })
        .collect()
}

/// `.036`, `< .001` (with `decimals` places), `1`.
pub fn format_p(p: f64, decimals: u32) -> String {
    if p.is_nan() {
        return "–".into();
    }
    let smallest = 10f64.powi(-(decimals as i32));
    if p < smallest {
        return format!("< {}", format!("{smallest:.*}", decimals as usize).trim_start_matches('0'));
    }
    let text = format!("{p:.*}", decimals as usize);
    if text.starts_with('1') { "1".into() } else { text.trim_start_matches('0').to_string() }
}

/// Most inconsistent statistics reported one by one for a narrative file; the rest are counted.
const MAX_SHOWN_PER_FILE: usize = 10;

/// The problems of the narrative files (by section id, as `report::template::narrative` reads
/// them): one per inconsistent result, at its file and line.
pub fn narrative_problems(narrative: &BTreeMap<String, String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (id, text) in narrative {
        let file = format!("narrative/{id}.md");
        let wrong: Vec<Checked> = check_text(&file, text).into_iter().filter(|c| !c.verdict.consistent).collect();
        let more = wrong.len().saturating_sub(MAX_SHOWN_PER_FILE);
        for checked in wrong.into_iter().take(MAX_SHOWN_PER_FILE) {
            let r = &checked.reported;
            let computed = checked.computed_text();
            let message = if checked.verdict.p_zero {
                format!("{} reports p = 0, which no test gives", quoted(&r.text))
            } else {
                let decision = if checked.verdict.decision_error { ", on the other side of .05" } else { "" };
                format!("{} does not add up: the statistic gives p = {computed}{decision}", quoted(&r.text))
            };
            let help = if checked.verdict.p_zero {
                format!("write p < .001 (the statistic gives p = {computed})")
            } else if let Some(df) = checked.verdict.df_that_fits {
                format!(
                    "the statistic gives p = {computed} with the df written, and the p written with df = {df}: \
                     for n paired people a paired t-test has n − 1 degrees of freedom"
                )
            } else if checked.verdict.one_sided_consistent {
                format!(
                    "the statistic gives p = {computed} two-sided; the p written matches a one-sided test: \
                     say so, or give the two-sided p"
                )
            } else {
                format!("the statistic gives p = {computed}: check the statistic, its df and the p-value")
            };
            problems.push(Problem::at_row(file.clone(), r.line, message).help(help));
        }
        if more > 0 {
            problems.push(
                Problem::in_file(file.clone(), format!("{more} more statistics in this file do not add up"))
                    .help(format!("`impact statcheck {file}`, run in the programme folder, lists them all")),
            );
        }
    }
    problems
}

/// Check the report's own HTML: an inconsistent statistic there is a defect in impact.
pub fn check_generated(file: &str, html: &str) -> Result<(), Problems> {
    let problems: Vec<Problem> = check_text(file, html)
        .into_iter()
        .filter(|c| !c.verdict.consistent)
        .map(|c| {
            Problem::at_row(
                format!("report/{file}"),
                c.reported.line,
                format!(
                    "internal error: impact wrote {} but the statistic gives p = {}",
                    quoted(&c.reported.text),
                    c.computed_text()
                ),
            )
            .help(
                "this is a defect in impact (unless a narrative file builds this result from placeholders): \
                 please report it with this message",
            )
        })
        .collect();
    Problems(problems).into_result(())
}

/// `impact statcheck FILE… [--json]`: exit 0 when every result is consistent (or none was
/// found), 1 when any is not, 2 when a file cannot be read.
pub fn run(files: &[PathBuf], as_json: bool) -> ExitCode {
    let mut all = Vec::new();
    for path in files {
        match read(path) {
            Ok(text) => all.extend(check_text(&path.display().to_string(), &text)),
            Err(message) => {
                eprintln!("error: {}: {message}\nhelp: name .txt, .md or .html files", path.display());
                return ExitCode::from(2);
            }
        }
    }
    if as_json {
        let array: Vec<Value> = all.iter().map(Checked::to_json).collect();
        println!("{}", serde_json::to_string_pretty(&array).expect("results serialise"));
    } else {
        for c in &all {
            println!(
                "{}:{}: {} — computed p = {}, {}",
                c.file,
                c.reported.line,
                c.reported.text,
                c.computed_text(),
                c.verdict_text()
            );
        }
        println!("{}", summary(&all, files.len()));
    }
    if all.iter().all(|c| c.verdict.consistent) { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// `12 results in 2 files: 10 consistent, 2 inconsistent (1 decision error)`.
pub fn summary(all: &[Checked], files: usize) -> String {
    let files = if files == 1 { "1 file".to_string() } else { format!("{files} files") };
    if all.is_empty() {
        return format!("no test results found in {files}");
    }
    let consistent = all.iter().filter(|c| c.verdict.consistent).count();
    let decision = all.iter().filter(|c| c.verdict.decision_error).count();
    let one_sided = all.iter().filter(|c| c.verdict.one_sided_consistent).count();
    let results = if all.len() == 1 { "1 result".to_string() } else { format!("{} results", all.len()) };
    let mut line = format!("{results} in {files}: {consistent} consistent, {} inconsistent", all.len() - consistent);
    let mut notes = Vec::new();
    if decision > 0 {
        notes.push(if decision == 1 { "1 decision error".to_string() } else { format!("{decision} decision errors") });
    }
    if one_sided > 0 {
        notes.push(format!("{one_sided} consistent only one-sided"));
    }
    let other_df = all.iter().filter(|c| c.verdict.df_that_fits.is_some()).count();
    if other_df > 0 {
        notes.push(format!("{other_df} consistent only with another df"));
    }
    if !notes.is_empty() {
        line.push_str(&format!(" ({})", notes.join(", ")));
    }
    line
}

/// A named file's text: a regular file only (not a folder, device or pipe); bytes that are not
/// UTF-8 are replaced.
fn read(path: &Path) -> Result<String, String> {
    let metadata = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        _ => format!("cannot be read ({e})"),
    })?;
    if metadata.is_dir() {
        return Err("is a folder, not a file".into());
    }
    if !metadata.is_file() {
        return Err("is not a regular file".into());
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read ({e})"))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
