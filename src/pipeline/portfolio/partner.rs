//! A partner's results.json: read, checked to be impact's and of a version this build reads,
//! validated against the schema, and taken apart into what a portfolio needs. Only results
//! travel, so a partner's raw data never leave the partner.

use serde::Deserialize;
use serde_json::Value;

use crate::files::Kind;
use crate::problem::Problem;

/// What a portfolio reads of a programme's results.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerResults {
    /// The programme as its results describe it.
    pub programme: PartnerProgramme,
    /// People in its scores file.
    #[serde(default)]
    pub participants: Option<u64>,
    /// Its participant flow.
    #[serde(default)]
    pub flow: Option<PartnerFlow>,
    /// Its outcomes.
    pub outcomes: Vec<PartnerOutcome>,
    /// Its themes (theme rows and subtheme rows).
    #[serde(default)]
    pub themes: Vec<PartnerTheme>,
    /// Its sites, if it had any.
    #[serde(default)]
    pub site_counts: Option<PartnerSites>,
    /// What its changes in turnover and absence would be worth, if it says.
    #[serde(default)]
    pub economics: Option<crate::analysis::economics::Economics>,
}

/// `programme` of results.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerProgramme {
    /// Its title.
    pub title: String,
    /// Who ran it.
    #[serde(default)]
    pub organisation: Option<String>,
    /// When.
    #[serde(default)]
    pub period: Option<String>,
}

/// `flow` of results.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerFlow {
    /// Everyone enrolled.
    #[serde(default)]
    pub enrolled: Option<u64>,
}

/// An outcome of results.json, as far as pooling and the card need it.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerOutcome {
    /// Instrument id.
    pub measure: String,
    /// Scale.
    pub scale: String,
    /// Scale label.
    pub label: String,
    /// The instrument's short name.
    #[serde(default)]
    pub instrument: Option<String>,
    /// Earlier timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// `higher` or `lower`.
    pub better: String,
    /// Analysed pairs.
    pub n_pairs: usize,
    /// The pairs' summary figures.
    pub paired: PartnerPaired,
}

/// `paired` of an outcome.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerPaired {
    /// Mean before.
    pub pre_mean: Option<f64>,
    /// SD before.
    pub pre_sd: Option<f64>,
    /// Mean after.
    pub post_mean: Option<f64>,
    /// SD after.
    pub post_sd: Option<f64>,
    /// Pre–post correlation.
    pub r: Option<f64>,
}

/// A theme row of results.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerTheme {
    /// The theme.
    pub theme: String,
    /// `None` for a theme row.
    #[serde(default)]
    pub subtheme: Option<String>,
    /// People who voiced it.
    #[serde(default)]
    pub participants: Option<usize>,
    /// Their share of everyone coded.
    #[serde(default)]
    pub share: Option<f64>,
}

/// `site_counts` of results.json.
#[derive(Debug, Clone, Deserialize)]
pub struct PartnerSites {
    /// Distinct sites.
    pub sites: usize,
}

/// Read the results file `file` (relative to the portfolio folder).
pub fn read(folder: &crate::files::Folder, file: &str) -> Result<PartnerResults, Problem> {
    let bytes = folder.read(file, Kind::Results).map_err(|refusal| refusal.problem(file))?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| {
        Problem::at(file, e.line(), e.column(), format!("the file is not JSON: {e}"))
            .help("name the results.json that `impact build` wrote, as the partner sent it, unedited")
    })?;
    parse(file, &value)
}

/// Check and take apart a results.json already parsed.
pub fn parse(file: &str, value: &Value) -> Result<PartnerResults, Problem> {
    let not_ours = || {
        Problem::in_file(file, "this is not a results.json written by impact: `tool.name` is not \"impact\"")
            .help("a partner shares the report/results.json that `impact build` wrote for its programme")
    };
    let tool = value.get("tool").ok_or_else(not_ours)?;
    if tool.get("name").and_then(Value::as_str) != Some("impact") {
        return Err(not_ours());
    }
    let version = tool.get("version").and_then(Value::as_str).unwrap_or("");
    let theirs = major(version);
    let ours = major(env!("CARGO_PKG_VERSION"));
    if theirs.is_none_or(|theirs| Some(theirs) > ours) {
        return Err(Problem::in_file(
            file,
            format!(
                "`tool.version` = \"{version}\": written by a version of impact this one ({}) cannot read",
                env!("CARGO_PKG_VERSION")
            ),
        )
        .help("ask the partner for results from the same major version, or update impact"));
    }
    if value.get("portfolio").is_some() {
        return Err(Problem::in_file(file, "this is a portfolio's results.json, not a programme's")
            .help("list a portfolio's programmes in this portfolio instead of the portfolio itself"));
    }
    if let Some(error) = schema().and_then(|schema| schema.iter_errors(value).next()) {
        let key = error.instance_path().to_string();
        let key = if key.is_empty() {
            "the top level".to_string()
        } else {
            format!("`{}`", key.trim_start_matches('/').replace('/', "."))
        };
        return Err(Problem::in_file(file, format!("{key} does not follow the results schema: {error}"))
            .help("the file was changed after impact wrote it, or is not a results.json: ask for the file as built"));
    }
    PartnerResults::deserialize(value).map_err(|e| {
        Problem::in_file(file, format!("the results cannot be read: {e}"))
            .help("ask the partner for the results.json exactly as `impact build` wrote it")
    })
}

/// The validator of the embedded schema, compiled once (it is tested to compile).
fn schema() -> Option<&'static jsonschema::Validator> {
    static VALIDATOR: std::sync::OnceLock<Option<jsonschema::Validator>> = std::sync::OnceLock::new();
    VALIDATOR
        .get_or_init(|| {
            let schema: Value = serde_json::from_str(crate::schema::RESULTS_SCHEMA).ok()?;
            jsonschema::validator_for(&schema).ok()
        })
        .as_ref()
}

/// The major version of `1.2.3`.
fn major(version: &str) -> Option<u64> {
    version.split('.').next()?.trim_start_matches('v').parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_compiles() {
        assert!(schema().is_some());
    }

    #[test]
    fn versions_compare_by_their_major_number() {
        assert_eq!(major("0.1.0"), Some(0));
        assert_eq!(major("12.0"), Some(12));
        assert_eq!(major("soon"), None);
    }
}
