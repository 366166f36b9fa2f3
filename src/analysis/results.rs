//! The analysis result: every number the report shows, serialised as `results.json`.
//!
//! Field names and meanings follow the contract in DESIGN.md; a value that cannot be computed
//! is `None` (JSON `null`), never 0.

use serde::Serialize;

/// Everything the analysis found.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The software that made the results.
    pub tool: Tool,
    /// What was evaluated.
    pub programme: ProgrammeInfo,
    /// Timepoints in order; the first is the baseline.
    pub timepoints: Vec<String>,
    /// Number of people in the scores file.
    pub participants: usize,
    /// One entry per scale and later timepoint, compared with the baseline.
    pub outcomes: Vec<Outcome>,
    /// The instruments used, for the methods section.
    pub instruments: Vec<InstrumentInfo>,
    /// NHS Talking Therapies measures, one entry per later timepoint (when PHQ-9 or GAD-7 are
    /// measured).
    pub talking_therapies: Vec<super::talking_therapies::TalkingTherapies>,
    /// Attendance per session and completion; `None` without attendance.csv.
    pub attendance: Option<super::attendance::AttendanceSummary>,
    /// Participant flow: the count at each step (DESIGN.md defines them).
    pub flow: Option<super::flow::Flow>,
    /// The flow's steps in diagram order, with who dropped between them.
    pub flow_steps: Vec<super::flow::FlowStep>,
    /// Dose–response per outcome: attendance against change; empty without attendance.
    pub dose: Vec<super::dose::DoseResponse>,
    /// Characteristics of the people who consented, small groups withheld; `None` without
    /// further columns in participants.csv.
    pub characteristics: Option<super::characteristics::Characteristics>,
    /// One entry per theme (`subtheme: null`) and per subtheme: who voiced it and how often.
    pub themes: Vec<super::themes::ThemeRow>,
    /// What the coded data hold; `None` without codebook/excerpts or a REFI-QDA project.
    pub coding: Option<super::themes::CodingSummary>,
    /// Each theme × outcome: the change of people who voiced the theme and of those who did not.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub joint_display: Vec<super::joint::JointRow>,
    /// Each site shown separately, with its outcomes (`[sites]`); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<super::sites::SiteResult>,
    /// How many sites there are, how many are shown, and why the others are not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site_counts: Option<super::sites::SiteCounts>,
    /// One entry per outcome pooled across sites (k ≥ 2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pooled: Vec<crate::stats::pooling::Pooled>,
    /// What the changes in turnover and sickness absence would be worth, with `[economics]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economics: Option<super::economics::Economics>,
    /// Why some values are missing or how they were obtained.
    pub warnings: Vec<String>,
}

/// `tool`.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// Always "impact".
    pub name: String,
    /// The version that made the results.
    pub version: String,
}

/// `programme`.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeInfo {
    /// Report title.
    pub title: String,
    /// Template used.
    pub template: String,
    /// Who ran it.
    pub organisation: Option<String>,
    /// Who paid for it.
    pub funder: Option<String>,
    /// When it ran.
    pub period: Option<String>,
    /// Sessions offered.
    pub planned_sessions: Option<u32>,
    /// The site a site page covers; absent in the programme's own report.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<String>,
}

/// An instrument used, with its citation.
#[derive(Debug, Clone, Serialize)]
pub struct InstrumentInfo {
    /// Instrument id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Abbreviation.
    pub short_name: String,
    /// The reference.
    pub citation: String,
}

/// One scale compared between the baseline (`from`) and a later timepoint (`to`).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Instrument id, or the scored column's name.
    pub measure: String,
    /// Scale id within the measure.
    pub scale: String,
    /// Label shown in reports.
    pub label: String,
    /// The instrument's short name (`SCS-SF`); `None` for scored columns.
    pub instrument: Option<String>,
    /// Baseline timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// Which direction is good: "higher" or "lower".
    pub better: &'static str,
    /// The lowest and highest possible scores; `None` for scored columns.
    pub range: Option<[f64; 2]>,
    /// People scored at both timepoints.
    pub n_pairs: usize,
    /// Everyone scored at `from`.
    pub pre: Describe,
    /// Everyone scored at `to`.
    pub post: Describe,
    /// The pairs only.
    pub paired: Paired,
    /// Differences `to − from` of the pairs.
    pub diff: Diff,
    /// Paired t statistic.
    pub t: Option<f64>,
    /// Its degrees of freedom.
    pub df: Option<f64>,
    /// Two-sided p.
    pub p: Option<f64>,
    /// p after adjustment across the report's outcomes (equal to `p` without adjustment).
    pub p_adjusted: Option<f64>,
    /// Wilcoxon signed-rank test.
    pub wilcoxon: WilcoxonResult,
    /// Shapiro–Wilk test of the differences.
    pub shapiro: ShapiroResult,
    /// Standardised effect sizes.
    pub effect: Effect,
    /// Cronbach's alpha at each of the two timepoints; `None` for scored columns.
    pub alpha: Option<serde_json::Map<String, serde_json::Value>>,
    /// Jacobson–Truax reliable change counts; `None` without a usable reliability.
    pub reliable_change: Option<ReliableChange>,
    /// People in each published interpretation band at both timepoints (the pairs only); `None`
    /// when the scale has no bands.
    pub bands: Option<super::bands::BandCounts>,
}

impl Outcome {
    /// `Self-compassion (SCS-SF)`, or a scored column's label.
    pub fn name(&self) -> String {
        match &self.instrument {
            Some(short) => format!("{} ({short})", self.label),
            None => self.label.clone(),
        }
    }
}

/// n, mean and SD of one group of scores.
#[derive(Debug, Clone, Serialize)]
pub struct Describe {
    /// Number of scores.
    pub n: usize,
    /// Mean.
    pub mean: Option<f64>,
    /// Sample standard deviation.
    pub sd: Option<f64>,
}

/// Descriptives of the pairs.
#[derive(Debug, Clone, Serialize)]
pub struct Paired {
    /// Mean at `from`.
    pub pre_mean: Option<f64>,
    /// SD at `from`.
    pub pre_sd: Option<f64>,
    /// Mean at `to`.
    pub post_mean: Option<f64>,
    /// SD at `to`.
    pub post_sd: Option<f64>,
    /// Pearson correlation between `from` and `to`.
    pub r: Option<f64>,
}

/// The mean difference with its confidence interval.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// Mean of `to − from`.
    pub mean: Option<f64>,
    /// SD of the differences.
    pub sd: Option<f64>,
    /// Confidence interval of the mean difference.
    pub ci: Option<[f64; 2]>,
}

/// Wilcoxon signed-rank test as R's `wilcox.test(paired = TRUE)`.
#[derive(Debug, Clone, Serialize)]
pub struct WilcoxonResult {
    /// Sum of the ranks of positive differences.
    pub v: Option<f64>,
    /// Two-sided p.
    pub p: Option<f64>,
    /// Whether p is exact (else the normal approximation).
    pub exact: Option<bool>,
}

/// Shapiro–Wilk normality test.
#[derive(Debug, Clone, Serialize)]
pub struct ShapiroResult {
    /// W statistic.
    pub w: Option<f64>,
    /// p-value.
    pub p: Option<f64>,
}

/// Effect sizes.
#[derive(Debug, Clone, Serialize)]
pub struct Effect {
    /// Cohen's d_z: mean difference over SD of differences.
    pub dz: Option<f64>,
    /// Confidence interval of d_z from the noncentral t.
    pub dz_ci: Option<[f64; 2]>,
    /// d_av: mean difference over the average of the two SDs.
    pub dav: Option<f64>,
    /// Hedges' g_av: d_av corrected for small-sample bias.
    pub gav: Option<f64>,
}

/// Reliable change counts among the pairs.
#[derive(Debug, Clone, Serialize)]
pub struct ReliableChange {
    /// Changed reliably in the better direction.
    pub improved: usize,
    /// No reliable change.
    pub no_change: usize,
    /// Changed reliably in the worse direction.
    pub deteriorated: usize,
    /// Reliability used.
    pub reliability: f64,
    /// Where the reliability came from: "published" or "sample".
    pub reliability_source: &'static str,
    /// Smallest change that counts as reliable: 1.96 · √2 · SD_from · √(1 − r).
    pub threshold: f64,
}
