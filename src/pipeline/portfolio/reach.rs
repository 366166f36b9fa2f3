//! Reach: people, organisations, programmes and countries, in all and by sector and country,
//! counted as DESIGN.md's "Portfolios" says: each programme's people once, plus every
//! `[[reach]]` entry.

use std::collections::BTreeMap;

use serde::Serialize;
use toml::Spanned;

use super::Member;
use crate::config::portfolio;

/// `portfolio.reach` of results.json.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reach {
    /// People reached.
    pub people: u64,
    /// Organisations reached.
    pub organisations: u64,
    /// Distinct countries.
    pub countries: usize,
    /// Programmes.
    pub programmes: usize,
    /// By sector.
    pub by_sector: BTreeMap<String, ReachCount>,
    /// By country.
    pub by_country: BTreeMap<String, ReachCount>,
}

/// People and programmes of one sector or country.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReachCount {
    /// People reached.
    pub people: u64,
    /// Programmes.
    pub programmes: usize,
}

/// Count the reach of `members` and the `[[reach]]` entries.
pub(super) fn count(members: &[Member], extra: &[Spanned<portfolio::Reach>]) -> Reach {
    let mut reach = Reach { programmes: members.len(), ..Reach::default() };
    for member in members {
        reach.people += member.people;
        reach.organisations += member.organisations;
        for (map, key) in [(&mut reach.by_sector, &member.sector), (&mut reach.by_country, &member.country)] {
            let entry = map.entry(key.clone()).or_default();
            entry.people += member.people;
            entry.programmes += 1;
        }
    }
    for entry in extra.iter().map(Spanned::get_ref) {
        reach.people += entry.people;
        reach.organisations += entry.organisations.unwrap_or(0);
        reach.by_sector.entry(entry.sector.trim().to_lowercase()).or_default().people += entry.people;
        if let Some(country) = &entry.country {
            reach.by_country.entry(country.trim().to_string()).or_default().people += entry.people;
        }
    }
    reach.countries = reach.by_country.len();
    reach
}
