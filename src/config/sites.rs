//! `[sites]`: a page per site and the pooling of sites, as DESIGN.md's "Sites and pooling".

use serde::Deserialize;
use toml::Spanned;

use crate::stats::pooling::{Effect, Model};

/// `[sites]`: which column names each person's site, and what is made of the sites.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sites {
    /// The column holding the site: participants.csv first, then the scores file.
    #[serde(default = "default_column")]
    pub column: Spanned<String>,
    /// Whether each site shown gets a page of its own (default: yes, with two or more sites).
    #[serde(default = "default_reports")]
    pub reports: bool,
    /// How the sites are pooled per outcome.
    #[serde(default)]
    pub pool: Pool,
    /// How each site's change is standardised for pooling.
    #[serde(default = "default_effect")]
    pub effect: Effect,
}

/// `[sites] pool`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pool {
    /// Random effects: τ² by REML with the Knapp–Hartung test.
    #[default]
    Random,
    /// The common-effect model.
    Common,
    /// No pooling: the site pages only.
    None,
}

impl Pool {
    /// The pooling model, or `None` for no pooling.
    pub fn model(self) -> Option<Model> {
        match self {
            Pool::Random => Some(Model::Random),
            Pool::Common => Some(Model::Common),
            Pool::None => None,
        }
    }
}

fn default_column() -> Spanned<String> {
    Spanned::new(0..0, "site".into())
}
fn default_reports() -> bool {
    true
}
fn default_effect() -> Effect {
    Effect::Smcr
}

/// The smallest number of a site's people analysed for it to be shown and pooled.
pub fn threshold(min_cell: u32) -> usize {
    (min_cell as usize).max(3)
}
