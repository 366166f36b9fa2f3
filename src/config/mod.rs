//! `programme.toml`: the programme's description, its data files and the analysis options.
//!
//! Parsing is strict: an unknown key, a wrong type or a missing file is a [`Problem`] naming the
//! key and its line, so a typo never silently falls back to a default.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::files::{Folder, Kind, Refusal};
use crate::instruments::Better;
use crate::problem::{Problem, Problems};

mod bounds;
pub mod case_study;
mod check;
pub mod economics;
pub mod limits;
pub mod portfolio;
pub mod sites;
pub mod spans;

pub use sites::{Pool, Sites};

/// The file name of a programme's configuration.
pub const PROGRAMME_FILE: &str = "programme.toml";

/// A parsed and checked `programme.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    /// What the programme is and who ran it.
    pub programme: About,
    /// Where the data files are and how they are laid out.
    #[serde(default)]
    pub data: Data,
    /// The questionnaires and scores to analyse, in report order.
    #[serde(default)]
    pub measures: Vec<Spanned<Measure>>,
    /// Analysis options.
    #[serde(default)]
    pub analysis: Analysis,
    /// Participant flow figures not visible in the data.
    #[serde(default)]
    pub flow: Flow,
    /// Privacy options.
    #[serde(default)]
    pub privacy: Privacy,
    /// Site pages and pooling; absent: the programme is reported as one.
    #[serde(default)]
    pub sites: Option<Spanned<Sites>>,
    /// What the changes in turnover and sickness absence would be worth; absent: no section.
    #[serde(default)]
    pub economics: Option<Spanned<economics::Economics>>,
}

/// `[programme]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    /// Report title.
    pub title: String,
    /// `schools`, `nhs`, `workplace`, or a path to a template folder.
    pub template: String,
    /// Who ran the programme.
    #[serde(default)]
    pub organisation: Option<String>,
    /// Who paid for it.
    #[serde(default)]
    pub funder: Option<String>,
    /// Sessions offered.
    #[serde(default)]
    pub planned_sessions: Option<u32>,
    /// When it ran, as free text.
    #[serde(default)]
    pub period: Option<String>,
}

/// `[data]`: paths relative to the programme folder, and the layout of the scores file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Data {
    /// Questionnaire responses.
    pub scores: Option<Spanned<String>>,
    /// The participant id column of every file.
    #[serde(default = "default_id_column")]
    pub id_column: String,
    /// The timepoint column of the scores file.
    #[serde(default = "default_timepoint_column")]
    pub timepoint_column: String,
    /// Timepoints in order; the first is the baseline.
    #[serde(default = "default_timepoints_spanned")]
    pub timepoints: Spanned<Vec<String>>,
    /// Attendance per session.
    pub attendance: Option<Spanned<String>>,
    /// Participant details (pseudonym, site, consent).
    pub participants: Option<Spanned<String>>,
    /// Theme codebook.
    pub codebook: Option<Spanned<String>>,
    /// Coded quotes.
    pub excerpts: Option<Spanned<String>>,
    /// A REFI-QDA project (`.qdpx`) holding the codebook and coded quotes instead of the CSVs.
    pub qdpx: Option<Spanned<String>>,
    /// Which sheet of a spreadsheet scores file to read (default: the first). Other spreadsheet
    /// data files are read from their first sheet.
    pub sheet: Option<Spanned<String>>,
    /// How the scores file is laid out: a row per participant × timepoint, or per participant.
    #[serde(default)]
    pub layout: ScoresLayout,
    /// How wide columns are named: `{timepoint}_{column}` or `{column}_{timepoint}` (default:
    /// whichever the header uses).
    pub wide_pattern: Option<Spanned<String>>,
    /// Values of the timepoint column (REDCap event names) mapped onto timepoints; several may
    /// map onto one. With this table, rows of values it leaves unmapped are ignored.
    #[serde(default)]
    pub timepoint_names: BTreeMap<String, Spanned<String>>,
}

/// `[data] layout`: how the scores file is laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoresLayout {
    /// One row per participant × timepoint, with a timepoint column.
    #[default]
    Long,
    /// One row per participant, the timepoint in each column's name (`pre_scs_sf_1`).
    Wide,
}

impl Default for Data {
    fn default() -> Data {
        Data {
            scores: None,
            id_column: default_id_column(),
            timepoint_column: default_timepoint_column(),
            timepoints: default_timepoints_spanned(),
            attendance: None,
            participants: None,
            codebook: None,
            excerpts: None,
            qdpx: None,
            sheet: None,
            layout: ScoresLayout::Long,
            wide_pattern: None,
            timepoint_names: BTreeMap::new(),
        }
    }
}

fn default_id_column() -> String {
    "participant_id".into()
}
fn default_timepoint_column() -> String {
    "timepoint".into()
}
fn default_timepoints_spanned() -> Spanned<Vec<String>> {
    Spanned::new(0..0, vec!["pre".into(), "post".into()])
}

/// One `[[measures]]` entry: either a questionnaire scored from its items
/// (`instrument` + `prefix`) or an already-scored column (`label` + `column` + `better`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// A built-in instrument id, or a path to an instrument TOML file.
    pub instrument: Option<String>,
    /// Item columns are `prefix` + item number.
    pub prefix: Option<String>,
    /// Which of the instrument's scales to analyse (default: its default scales).
    pub scales: Option<Vec<String>>,
    /// An already-scored column.
    pub column: Option<String>,
    /// The label of an already-scored column.
    pub label: Option<String>,
    /// Which direction is good, for an already-scored column.
    pub better: Option<Better>,
    /// Published reliability of an already-scored column, for reliable change.
    pub reliability: Option<f64>,
    /// Answers given as words, with the number each stands for (`"Almost never" = 1`); they add
    /// to (and override) the instrument file's own `labels`. On a `column` measure they score a
    /// single question answered in words.
    pub labels: Option<BTreeMap<String, i64>>,
}

/// `[analysis]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Analysis {
    /// Confidence level of every interval.
    #[serde(default = "default_confidence")]
    pub confidence: Spanned<f64>,
    /// Largest share of a scale's items that may be missing for it still to be scored.
    #[serde(default = "default_max_missing")]
    pub max_missing: Spanned<f64>,
    /// Which reliability reliable change uses.
    #[serde(default)]
    pub reliability: ReliabilitySource,
    /// p-value adjustment across outcomes.
    #[serde(default)]
    pub adjust: Adjust,
    /// Smallest group size shown in any breakdown.
    #[serde(default = "default_min_cell")]
    pub min_cell: u32,
    /// A completer attended this share (≤ 1) or count (> 1) of sessions.
    #[serde(default = "default_completion")]
    pub completion: Spanned<f64>,
}

impl Default for Analysis {
    fn default() -> Analysis {
        Analysis {
            confidence: default_confidence(),
            max_missing: default_max_missing(),
            reliability: ReliabilitySource::default(),
            adjust: Adjust::default(),
            min_cell: default_min_cell(),
            completion: default_completion(),
        }
    }
}

fn default_confidence() -> Spanned<f64> {
    Spanned::new(0..0, 0.95)
}
fn default_max_missing() -> Spanned<f64> {
    Spanned::new(0..0, 0.2)
}
fn default_min_cell() -> u32 {
    5
}
fn default_completion() -> Spanned<f64> {
    Spanned::new(0..0, 0.75)
}

/// Where the reliability used for reliable change comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReliabilitySource {
    /// The instrument's published alpha (falling back to the sample's, with a warning).
    #[default]
    Published,
    /// Cronbach's alpha of this sample at baseline.
    Sample,
}

/// p-value adjustment across the report's outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Adjust {
    /// No adjustment.
    None,
    /// Holm's step-down method.
    #[default]
    Holm,
}

/// `[flow]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    /// Everyone enrolled, including people who appear in no file.
    pub enrolled: Option<u32>,
}

/// `[privacy]`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Privacy {
    /// Words replaced by "[name]" in every quote.
    #[serde(default)]
    pub redact: Vec<String>,
}

/// A programme folder with its parsed configuration.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The programme folder.
    pub root: PathBuf,
    /// The programme folder, links followed: every read of its files goes through it.
    pub folder: Folder,
    /// The text of programme.toml, kept to turn spans into line numbers.
    pub text: String,
    /// The parsed configuration.
    pub programme: Programme,
}

impl Loaded {
    /// A problem at the position of `span` in programme.toml.
    pub fn problem_at(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        problem_at(&self.text, span, message)
    }

    /// The absolute path of a data file named in programme.toml.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

/// Read and check `DIR/programme.toml`.
pub fn load(root: &Path) -> Result<Loaded, Problems> {
    let not_a_programme = |e: &dyn std::fmt::Display| {
        Problem::in_file(PROGRAMME_FILE, format!("cannot read {}: {e}", root.join(PROGRAMME_FILE).display()))
            .help(format!("is {} a programme folder? `impact init {}` makes one", root.display(), root.display()))
    };
    let folder = Folder::open(root).map_err(|e| not_a_programme(&e))?;
    let bytes = folder.read(PROGRAMME_FILE, Kind::Settings).map_err(|refusal| match refusal {
        Refusal::Missing => not_a_programme(&"the file does not exist"),
        refused => refused.problem(PROGRAMME_FILE),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        problem_at(&valid, valid.len()..valid.len() + 1, "the file is not UTF-8 text (this character is not)")
            .help("save programme.toml as UTF-8 (in most editors: Save with encoding › UTF-8)")
    })?;
    let programme: Programme = toml::from_str(&text).map_err(|e| Problems::from(parse_problem(&text, &e)))?;
    let loaded = Loaded { root: root.to_path_buf(), folder, text, programme };
    check::check(&loaded).into_result(loaded)
}

/// A TOML or type error, in words a programme lead knows, with a hint where there is one.
fn parse_problem(text: &str, error: &toml::de::Error) -> Problem {
    parse_problem_in(PROGRAMME_FILE, text, error)
}

/// [`parse_problem`] for any settings file.
pub(crate) fn parse_problem_in(file: &str, text: &str, error: &toml::de::Error) -> Problem {
    let message = error.message().trim_end();
    let plain = message
        .replace("expected u32", "expected a whole number")
        .replace("expected u8", "expected a whole number")
        .replace("expected f64", "expected a number")
        .replace("expected a sequence", "expected a list in [ ]");
    let problem = problem_in(file, text, error.span().unwrap_or(0..0), plain);
    let help = if message.contains("unknown field") && file == PROGRAMME_FILE {
        "check the key's spelling against the guide's programme.toml; unknown keys are not ignored"
    } else if message.contains("unknown field") {
        "check the key's spelling against the guide's portfolio.toml; unknown keys are not ignored"
    } else if message.contains("missing field") && file == PROGRAMME_FILE {
        "programme.toml needs [programme] with title and template; `impact init DIR` writes a complete one"
    } else if message.contains("missing field") {
        "portfolio.toml needs [portfolio] with a title; `impact init DIR --template portfolio` writes one"
    } else if message.contains("invalid value") || message.contains("too large") {
        "give a whole number in the key's range (the guide's programme.toml page lists each range)"
    } else if message.contains("invalid type") {
        "write numbers without quotes (planned_sessions = 8), and text in quotes (title = \"…\")"
    } else {
        return problem;
    };
    problem.help(help)
}

/// A problem located at the line and column where `span` starts in programme.toml.
fn problem_at(text: &str, span: Range<usize>, message: impl Into<String>) -> Problem {
    problem_in(PROGRAMME_FILE, text, span, message)
}

/// A problem located at the line and column where `span` starts in `file`, whose text is `text`.
pub(crate) fn problem_in(file: &str, text: &str, span: Range<usize>, message: impl Into<String>) -> Problem {
    if span == (0..0) {
        return Problem::in_file(file, message);
    }
    let start = span.start.min(text.len());
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    Problem::at(file, line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Programme, Problem> {
        toml::from_str(text).map_err(|e| problem_at(text, e.span().unwrap_or(0..0), e.message()))
    }

    #[test]
    fn an_unknown_key_names_its_line() {
        let text = "[programme]\ntitle = \"T\"\ntemplate = \"schools\"\ncolour = \"red\"\n";
        let problem = parse(text).unwrap_err();
        assert_eq!(problem.location.row, Some(4));
        assert!(problem.message.contains("colour"), "{}", problem.message);
    }

    #[test]
    fn a_wrong_type_names_its_line() {
        let text = "[programme]\ntitle = \"T\"\ntemplate = \"schools\"\nplanned_sessions = \"eight\"\n";
        let problem = parse(text).unwrap_err();
        assert_eq!(problem.location.row, Some(4));
    }

    #[test]
    fn defaults_follow_the_contract() {
        let p = parse("[programme]\ntitle = \"T\"\ntemplate = \"nhs\"\n").unwrap();
        assert_eq!(p.data.id_column, "participant_id");
        assert_eq!(p.data.timepoint_column, "timepoint");
        assert_eq!(p.data.timepoints.get_ref(), &["pre", "post"]);
        assert_eq!(*p.analysis.confidence.get_ref(), 0.95);
        assert_eq!(*p.analysis.max_missing.get_ref(), 0.2);
        assert_eq!(p.analysis.adjust, Adjust::Holm);
        assert_eq!(p.analysis.reliability, ReliabilitySource::Published);
        assert_eq!(p.analysis.min_cell, 5);
    }
}
