//! `[ref]` and `[[references]]` in portfolio.toml: the header of a REF impact case study, its
//! references to the research, and the limits of its sections (DESIGN.md, "REF impact case
//! study"; the defaults are REF 2021's).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// `[ref]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseStudy {
    /// The submitting institution (default: the portfolio's organisation).
    #[serde(default)]
    pub institution: Option<String>,
    /// The unit of assessment (`4 Psychology, Psychiatry and Neuroscience`).
    pub unit: String,
    /// When the underpinning research was undertaken (`2012–2020`).
    pub research_period: String,
    /// When the claimed impact occurred (default: the portfolio's period).
    #[serde(default)]
    pub impact_period: Option<String>,
    /// The staff who did the underpinning research.
    #[serde(default)]
    pub researchers: Vec<Researcher>,
    /// Section 1's limit, in words (default 100).
    #[serde(default = "summary_words")]
    pub summary_words: usize,
    /// Section 2's limit, in words (default 500).
    #[serde(default = "underpinning_words")]
    pub underpinning_words: usize,
    /// Section 3's limit, in references (default 6).
    #[serde(default = "references")]
    pub references: usize,
    /// Section 4's limit, in words (default 750).
    #[serde(default = "details_words")]
    pub details_words: usize,
    /// Section 5's limit, in sources (default 10).
    #[serde(default = "sources")]
    pub sources: usize,
    /// The whole PDF's limit, in A4 pages (default 5).
    #[serde(default = "pages")]
    pub pages: usize,
}

impl CaseStudy {
    /// The limits as configured.
    pub fn limits(&self) -> Limits {
        Limits {
            summary_words: self.summary_words,
            underpinning_words: self.underpinning_words,
            references: self.references,
            details_words: self.details_words,
            sources: self.sources,
            pages: self.pages,
        }
    }
}

/// One member of staff who did the underpinning research.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Researcher {
    /// Name as cited.
    pub name: String,
    /// Role (job title).
    #[serde(default)]
    pub role: Option<String>,
    /// Period employed by the institution.
    #[serde(default)]
    pub period: Option<String>,
}

/// How long each section may be, and how many pages the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    /// Section 1, in words.
    pub summary_words: usize,
    /// Section 2, in words.
    pub underpinning_words: usize,
    /// Section 3, in references.
    pub references: usize,
    /// Section 4, in words.
    pub details_words: usize,
    /// Section 5, in sources.
    pub sources: usize,
    /// The whole PDF, in A4 pages.
    pub pages: usize,
}

fn summary_words() -> usize {
    100
}
fn underpinning_words() -> usize {
    500
}
fn references() -> usize {
    6
}
fn details_words() -> usize {
    750
}
fn sources() -> usize {
    10
}
fn pages() -> usize {
    5
}

/// One `[[references]]`: an output of the underpinning research.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The reference as cited.
    pub text: String,
    /// A DOI or web address.
    #[serde(default)]
    pub url: Option<String>,
}

/// `ref` in results.json: the counts the limits are about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Counts {
    /// Words of sections 1, 2 and 4 (`summary`, `underpinning`, `details`).
    pub words: BTreeMap<String, usize>,
    /// References in section 3.
    pub references: usize,
    /// Sources in section 5.
    pub sources: usize,
    /// A4 pages of the PDF; `None` when none was typeset.
    pub pages: Option<usize>,
    /// The limits counted against.
    pub limits: Limits,
}
