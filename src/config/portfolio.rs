//! `portfolio.toml`: many programmes, partners' results and published figures in one evidence
//! pack (DESIGN.md, "Portfolios").
//!
//! Parsing is as strict as programme.toml's: an unknown key, a wrong type, a path outside the
//! folder, a programme listed twice or a summary outcome without its correlation is a
//! [`Problem`] naming the key and its line.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{PROGRAMME_FILE, parse_problem_in, problem_in};
use crate::files::{Folder, Kind, Refusal};
use crate::instruments::Better;
use crate::problem::{Problem, Problems};
use crate::stats::pooling::{Effect, Model};

/// The file name of a portfolio's configuration.
pub const PORTFOLIO_FILE: &str = "portfolio.toml";

/// The portfolio templates built in.
pub const TEMPLATES: &[&str] = &["evidence", "ref"];

/// A parsed `portfolio.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// What the portfolio is and whose it is.
    pub portfolio: About,
    /// The programmes, in report order.
    #[serde(default)]
    pub programmes: Vec<Spanned<Entry>>,
    /// Reach that no data file holds.
    #[serde(default)]
    pub reach: Vec<Spanned<Reach>>,
    /// Corroborating sources, numbered from 1 in this order.
    #[serde(default)]
    pub sources: Vec<Spanned<Source>>,
    /// What the portfolio's changes in turnover and sickness absence would be worth.
    #[serde(default)]
    pub economics: Option<Spanned<super::economics::Economics>>,
    /// The REF case study's header and limits, for `template = "ref"`.
    #[serde(default, rename = "ref")]
    pub case_study: Option<super::case_study::CaseStudy>,
    /// The outputs of the underpinning research, for the REF case study's section 3.
    #[serde(default)]
    pub references: Vec<super::case_study::Reference>,
    /// Testimony from organisations that used the programmes, each with its source.
    #[serde(default)]
    pub quotes: Vec<Spanned<Testimony>>,
}

/// One `[[quotes]]`: what someone in an organisation said of a programme, on the record.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Testimony {
    /// The words quoted.
    pub text: String,
    /// Who said them, by role (`Chief Nurse, Kingsmere University Hospitals NHS Trust`).
    pub attribution: String,
    /// The `[[sources]]` entry that holds them.
    #[serde(default)]
    pub source: Option<Spanned<usize>>,
}

/// `[portfolio]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct About {
    /// Report title.
    pub title: String,
    /// Whose portfolio it is.
    #[serde(default)]
    pub organisation: Option<String>,
    /// `evidence` (default).
    #[serde(default = "default_template")]
    pub template: Spanned<String>,
    /// The years it covers, as free text.
    #[serde(default)]
    pub period: Option<String>,
    /// How each programme's change is standardised for pooling (default SMCR).
    #[serde(default = "default_effect")]
    pub effect: Effect,
    /// How programmes are pooled (default random effects).
    #[serde(default = "default_model")]
    pub pool: Model,
}

fn default_template() -> Spanned<String> {
    Spanned::new(0..0, "evidence".into())
}
fn default_effect() -> Effect {
    Effect::Smcr
}
fn default_model() -> Model {
    Model::Random
}

/// One `[[programmes]]` entry: a programme folder (`path`), a results.json from elsewhere
/// (`results`), or summary figures (`name` with `[[programmes.outcomes]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// A programme folder inside the portfolio folder.
    #[serde(default)]
    pub path: Option<Spanned<String>>,
    /// A results.json built by impact elsewhere, inside the portfolio folder.
    #[serde(default)]
    pub results: Option<Spanned<String>>,
    /// The programme's name: required for summary figures; for the others it replaces the title.
    #[serde(default)]
    pub name: Option<Spanned<String>>,
    /// `schools`, `nhs`, `workplace`, `public` or any other word.
    pub sector: String,
    /// Where it ran.
    pub country: String,
    /// People reached (summary figures; for the others it replaces the count from the data).
    #[serde(default)]
    pub people: Option<u64>,
    /// When it ran (default: as its programme.toml or results say).
    #[serde(default)]
    pub period: Option<String>,
    /// Organisations reached (default: the sites of a programme with sites, else 1).
    #[serde(default)]
    pub organisations: Option<u64>,
    /// The `[[sources]]` entry that corroborates it.
    #[serde(default)]
    pub source: Option<Spanned<usize>>,
    /// Summary figures of each outcome.
    #[serde(default)]
    pub outcomes: Vec<Spanned<SummaryOutcome>>,
}

/// What kind of entry a `[[programmes]]` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A programme folder, analysed in this build.
    Folder,
    /// A results.json from elsewhere.
    Results,
    /// Summary figures typed in.
    Summary,
}

impl EntryKind {
    /// The name results.json uses: `folder`, `results` or `summary`.
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Folder => "folder",
            EntryKind::Results => "results",
            EntryKind::Summary => "summary",
        }
    }
}

impl Entry {
    /// The kind of entry (checked to be exactly one when loaded).
    pub fn kind(&self) -> EntryKind {
        match (&self.path, &self.results) {
            (Some(_), _) => EntryKind::Folder,
            (None, Some(_)) => EntryKind::Results,
            (None, None) => EntryKind::Summary,
        }
    }
}

/// One `[[programmes.outcomes]]`: an outcome's summary figures, as a paper reports them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SummaryOutcome {
    /// Instrument id, so that outcomes pool across programmes.
    pub measure: String,
    /// Scale of the instrument (default `total`).
    #[serde(default = "default_scale")]
    pub scale: String,
    /// Analysed pairs.
    pub n: Spanned<usize>,
    /// Mean before.
    pub pre_mean: f64,
    /// SD before.
    pub pre_sd: f64,
    /// Mean after.
    pub post_mean: f64,
    /// SD after.
    pub post_sd: f64,
    /// The pre–post correlation.
    #[serde(default)]
    pub r: Option<Spanned<f64>>,
    /// A correlation assumed because none was reported; the report says the pooling rests on it.
    #[serde(default)]
    pub r_assumed: Option<Spanned<f64>>,
    /// The outcome's name, for a measure that is not built in.
    #[serde(default)]
    pub label: Option<String>,
    /// Which direction is good, for a measure that is not built in.
    #[serde(default)]
    pub better: Option<Better>,
}

fn default_scale() -> String {
    "total".into()
}

/// One `[[reach]]`: people reached that no data file holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reach {
    /// What the reach was.
    pub label: String,
    /// People reached.
    pub people: u64,
    /// Sector, as for programmes.
    pub sector: String,
    /// Where, if one country.
    #[serde(default)]
    pub country: Option<String>,
    /// Organisations reached.
    #[serde(default)]
    pub organisations: Option<u64>,
    /// The source that corroborates it.
    #[serde(default)]
    pub source: Option<Spanned<usize>>,
}

/// One `[[sources]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The source as cited.
    pub text: String,
    /// Where to find it.
    #[serde(default)]
    pub url: Option<String>,
}

/// A portfolio folder with its parsed configuration.
#[derive(Debug, Clone)]
pub struct LoadedPortfolio {
    /// The portfolio folder.
    pub root: PathBuf,
    /// The folder, links followed: every read goes through it.
    pub folder: Folder,
    /// The text of portfolio.toml, to turn spans into line numbers.
    pub text: String,
    /// The parsed configuration.
    pub portfolio: Portfolio,
}

impl LoadedPortfolio {
    /// A problem at the position of `span` in portfolio.toml.
    pub fn problem_at(&self, span: Range<usize>, message: impl Into<String>) -> Problem {
        problem_in(PORTFOLIO_FILE, &self.text, span, message)
    }
}

/// Whether `root` holds a portfolio rather than a programme.
pub fn is_portfolio(root: &Path) -> bool {
    root.join(PORTFOLIO_FILE).exists()
}

/// Read and check `DIR/portfolio.toml`.
pub fn load(root: &Path) -> Result<LoadedPortfolio, Problems> {
    let folder = Folder::open(root)
        .map_err(|e| Problem::in_file(PORTFOLIO_FILE, format!("cannot read {}: {e}", root.display())))?;
    if folder.has(PROGRAMME_FILE) {
        return Err(Problem::in_file(
            PORTFOLIO_FILE,
            "this folder holds both programme.toml and portfolio.toml, so it is unclear which to build",
        )
        .help("a portfolio lists its programme folders with `path = …`: move programme.toml and its data into one")
        .into());
    }
    let text = folder.read_text(PORTFOLIO_FILE, Kind::Settings).map_err(|refusal| refusal.problem(PORTFOLIO_FILE))?;
    let portfolio: Portfolio =
        toml::from_str(&text).map_err(|e| Problems::from(parse_problem_in(PORTFOLIO_FILE, &text, &e)))?;
    let loaded = LoadedPortfolio { root: root.to_path_buf(), folder, text, portfolio };
    check(&loaded).into_result(loaded)
}

/// The checks the types cannot express.
fn check(loaded: &LoadedPortfolio) -> Problems {
    let mut problems = Problems::default();
    let p = &loaded.portfolio;
    if p.portfolio.title.trim().is_empty() {
        let span = loaded.text.find("title").map_or(0..0, |at| at..at + 1);
        problems.push(loaded.problem_at(span, "`title` is empty").help("the title heads the report"));
    }
    let template = &p.portfolio.template;
    if !TEMPLATES.contains(&template.get_ref().as_str()) {
        problems.push(
            loaded
                .problem_at(
                    template.span(),
                    format!("`template` = \"{}\" is not a portfolio template", template.get_ref()),
                )
                .help(format!("use one of: {}", TEMPLATES.join(", "))),
        );
    }
    if template.get_ref() == "ref" && p.case_study.is_none() {
        problems.push(
            loaded
                .problem_at(template.span(), "`template` = \"ref\" needs a [ref] table: the case study's header")
                .help("add [ref] with unit = \"…\" (the unit of assessment) and research_period = \"2012–2020\""),
        );
    }
    if p.programmes.is_empty() {
        problems.push(
            Problem::in_file(PORTFOLIO_FILE, "the portfolio lists no programmes")
                .help("add a [[programmes]] entry with `path`, `results`, or `name` and summary figures"),
        );
    }
    let mut seen: Vec<(String, Range<usize>)> = Vec::new();
    for entry in &p.programmes {
        check_entry(loaded, entry, &mut seen, &mut problems);
    }
    let sources = p.sources.len();
    if let Some(economics) = &p.economics {
        let at = |span, message: String| loaded.problem_at(span, message);
        problems.0.extend(super::economics::check(economics, &at, Some(sources)).0);
    }
    let cited = p
        .programmes
        .iter()
        .filter_map(|e| e.get_ref().source.as_ref())
        .chain(p.reach.iter().filter_map(|r| r.get_ref().source.as_ref()))
        .chain(p.quotes.iter().filter_map(|q| q.get_ref().source.as_ref()));
    for source in cited {
        if !(1..=sources).contains(source.get_ref()) {
            problems.push(
                loaded
                    .problem_at(source.span(), format!("`source` = {} names no [[sources]] entry", source.get_ref()))
                    .help(format!("sources are numbered 1 to {sources} in the order of [[sources]]")),
            );
        }
    }
    problems
}

fn check_entry(
    loaded: &LoadedPortfolio,
    entry: &Spanned<Entry>,
    seen: &mut Vec<(String, Range<usize>)>,
    problems: &mut Problems,
) {
    let e = entry.get_ref();
    let line = |span: &Range<usize>| {
        let before = &loaded.text[..span.start.min(loaded.text.len())];
        before.matches('\n').count() + 1
    };
    if e.path.is_some() && e.results.is_some() {
        problems.push(
            loaded
                .problem_at(entry.span(), "a [[programmes]] entry has both `path` and `results`")
                .help("give `path` for a programme folder, or `results` for a results.json, not both"),
        );
        return;
    }
    for (key, value) in [("path", &e.path), ("results", &e.results)] {
        let Some(value) = value else { continue };
        if !stays_inside(value.get_ref()) {
            problems.push(
                loaded
                    .problem_at(
                        value.span(),
                        format!("`{key}` = \"{}\" is outside the portfolio folder", value.get_ref()),
                    )
                    .help("copy the programme folder or results file into the portfolio folder and name it relatively"),
            );
            continue;
        }
        let refused = match key {
            "path" => loaded.folder.resolve_folder(value.get_ref()).err(),
            _ => loaded.folder.resolve(value.get_ref(), Kind::Results).err(),
        };
        if let Some(refusal) = refused {
            let help = match (&refusal, key) {
                (Refusal::Missing, _) => Some("paths are relative to the portfolio folder"),
                (Refusal::Outside | Refusal::Dangling, _) => {
                    Some("only what is inside the portfolio folder is read: copy it in instead of linking to it")
                }
                _ => refusal.help(),
            };
            let problem = loaded.problem_at(value.span(), format!("`{key}` = \"{}\" {refusal}", value.get_ref()));
            problems.push(match help {
                Some(help) => problem.help(help),
                None => problem,
            });
            continue;
        }
        if key == "path" && !loaded.root.join(value.get_ref()).join(PROGRAMME_FILE).is_file() {
            problems.push(
                loaded
                    .problem_at(value.span(), format!("`path` = \"{}\" holds no programme.toml", value.get_ref()))
                    .help("name a programme folder: one that `impact build` builds on its own"),
            );
        }
        let normalised = normalise(value.get_ref());
        let identity = format!("{key}:{normalised}");
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == identity) {
            problems.push(
                loaded
                    .problem_at(
                        value.span(),
                        format!("`{key}` = \"{}\" is listed twice (first on line {})", value.get_ref(), line(first)),
                    )
                    .help("list each programme once"),
            );
        } else {
            seen.push((identity, value.span()));
        }
    }
    match e.kind() {
        EntryKind::Summary => {
            let Some(name) = &e.name else {
                problems.push(
                    loaded
                        .problem_at(entry.span(), "a [[programmes]] entry has none of `path`, `results` or `name`")
                        .help("name a programme folder (`path`), a results.json (`results`), or give `name` with its figures"),
                );
                return;
            };
            let identity = format!("name:{}", name.get_ref().trim().to_lowercase());
            if let Some((_, first)) = seen.iter().find(|(id, _)| *id == identity) {
                problems.push(
                    loaded
                        .problem_at(
                            name.span(),
                            format!("programme '{}' is listed twice (first on line {})", name.get_ref(), line(first)),
                        )
                        .help("list each programme once"),
                );
            } else {
                seen.push((identity, name.span()));
            }
            for outcome in &e.outcomes {
                check_summary_outcome(loaded, outcome, problems);
            }
            if e.outcomes.is_empty() && e.people.is_none() {
                problems.push(
                    loaded
                        .problem_at(
                            name.span(),
                            format!("programme '{}' gives neither `people` nor outcomes", name.get_ref()),
                        )
                        .help("give the people it reached (`people = 240`) and/or [[programmes.outcomes]] figures"),
                );
            }
        }
        EntryKind::Folder | EntryKind::Results => {
            if let Some(outcome) = e.outcomes.first() {
                problems.push(
                    loaded
                        .problem_at(
                            outcome.span(),
                            "summary figures ([[programmes.outcomes]]) belong to an entry with `name` only",
                        )
                        .help("a programme folder or results file brings its own outcomes"),
                );
            }
        }
    }
}

fn check_summary_outcome(loaded: &LoadedPortfolio, outcome: &Spanned<SummaryOutcome>, problems: &mut Problems) {
    let o = outcome.get_ref();
    match (&o.r, &o.r_assumed) {
        (None, None) => problems.push(
            loaded
                .problem_at(outcome.span(), format!("the {} outcome gives neither `r` nor `r_assumed`", o.measure))
                .help("give the pre–post correlation (`r = 0.62`), or when it is unknown `r_assumed = 0.5`"),
        ),
        (Some(_), Some(assumed)) => problems.push(
            loaded
                .problem_at(assumed.span(), "an outcome gives both `r` and `r_assumed`")
                .help("keep `r` when the correlation is known; `r_assumed` is for when it is not"),
        ),
        (Some(r), None) | (None, Some(r)) if !(-1.0 < *r.get_ref() && *r.get_ref() < 1.0) => problems.push(
            loaded
                .problem_at(r.span(), format!("the correlation {} is not between −1 and 1", r.get_ref()))
                .help("a pre–post correlation is strictly between −1 and 1, usually 0.3 to 0.8"),
        ),
        _ => {}
    }
    if *o.n.get_ref() < 3 {
        problems.push(
            loaded
                .problem_at(o.n.span(), format!("`n` = {} is too few pairs to standardise a change", o.n.get_ref()))
                .help("give the number of people scored both before and after (at least 3)"),
        );
    }
    let figures = [("pre_mean", o.pre_mean), ("pre_sd", o.pre_sd), ("post_mean", o.post_mean), ("post_sd", o.post_sd)];
    for (key, value) in figures {
        if !value.is_finite() || (key.ends_with("_sd") && value <= 0.0) {
            problems.push(
                loaded
                    .problem_at(outcome.span(), format!("`{key}` = {value} is not a usable figure"))
                    .help("means are finite numbers and SDs are above 0"),
            );
        }
    }
    if crate::instruments::builtin(&o.measure).is_none() && (o.label.is_none() || o.better.is_none()) {
        problems.push(
            loaded
                .problem_at(
                    outcome.span(),
                    format!("measure '{}' is not built in, so it needs `label` and `better`", o.measure),
                )
                .help(
                    "use a built-in id (`impact instruments` lists them), or add label = \"…\" and better = \"higher\"",
                ),
        );
    }
}

/// Whether a relative path stays inside the folder it is relative to.
fn stays_inside(path: &str) -> bool {
    let path = Path::new(path);
    !path.is_absolute()
        && path
            .components()
            .try_fold(0usize, |depth, c| match c {
                std::path::Component::ParentDir => depth.checked_sub(1),
                std::path::Component::Normal(_) => Some(depth + 1),
                std::path::Component::CurDir => Some(depth),
                _ => None,
            })
            .is_some()
}

/// A path written two ways (`./a/b/`, `a//b`) as one.
fn normalise(path: &str) -> String {
    Path::new(path)
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_written_two_ways_are_one() {
        assert_eq!(normalise("./programmes/a/"), normalise("programmes//a"));
        assert!(stays_inside("programmes/a"));
        assert!(!stays_inside("../elsewhere"));
        assert!(!stays_inside("/etc"));
        assert!(stays_inside("a/../b"));
    }
}
