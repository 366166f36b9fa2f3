//! `[sites]`: each person's site, each site's share of every file, each site analysed on its own
//! (the same pipeline, on fewer people), and the outcomes pooled across the sites shown.

use foldhash::HashMap;
use rayon::prelude::*;
use toml::Spanned;
use unicode_normalization::UnicodeNormalization;

use super::{Analysed, Inputs, Scope, analyse_inputs};
use crate::analysis::Outcome;
use crate::analysis::participation::ParticipationFiles;
use crate::analysis::people::People;
use crate::analysis::sites::{self, PoolSettings, SiteCounts, SiteOutcomes, SiteResult};
use crate::config::{self, Loaded, Sites};
use crate::input::coding::Excerpt;
use crate::input::ids::normalise;
use crate::input::participants::{Characteristic, NOT_RECORDED};
use crate::problem::Problems;
use crate::scoring::Measure;

/// A site shown on a page of its own: the same report, for that site's people alone.
#[derive(Debug)]
pub struct SitePage {
    /// The site's name as the data give it.
    pub name: String,
    /// Its folder under `report/sites/`.
    pub slug: String,
    /// The site analysed alone.
    pub analysed: Box<Analysed>,
}

/// The programme's files divided by site, before any site is analysed.
#[derive(Debug)]
pub(super) struct Split {
    /// The column the sites come from, as `[sites] column` names it.
    column: String,
    /// Each site's name, in the order shown.
    names: Vec<String>,
    /// Each site's share of the files, in the order of `names`.
    inputs: Vec<Inputs>,
    /// Each site's people, across the files.
    people: Vec<usize>,
    /// People in some file with no site recorded.
    without_site: usize,
    settings: Sites,
}

/// Where each person's site is written.
enum Origin<'a> {
    /// A column of participants.csv.
    Listed(&'a Characteristic),
    /// The site column of the scores file.
    Scores(&'a Characteristic),
}

/// Find each person's site and divide the files by it. The site column leaves the programme's
/// own characteristics: the sites are reported in their own section, where small ones are not
/// named.
pub(super) fn split(loaded: &Loaded, settings: &Spanned<Sites>, inputs: &mut Inputs) -> Result<Split, Problems> {
    let column = settings.get_ref().column.get_ref().trim().to_string();
    let same_name = |c: &&Characteristic| c.name.trim().eq_ignore_ascii_case(&column);
    let listed = inputs.files.participants.as_ref().and_then(|p| p.characteristics.iter().find(same_name));
    let scores = inputs.responses.as_ref().and_then(|r| r.site.as_ref());
    let origins: Vec<Origin> = listed.map(Origin::Listed).into_iter().chain(scores.map(Origin::Scores)).collect();
    if origins.is_empty() {
        return Err(column_missing(loaded, settings, &column).into());
    }

    // Every site named in either file, by name, in their natural order.
    let mut named: Vec<String> = Vec::new();
    let mut code_of: HashMap<String, u32> = HashMap::default();
    for origin in &origins {
        let (Origin::Listed(c) | Origin::Scores(c)) = origin;
        for group in &c.groups {
            if !code_of.contains_key(group) {
                code_of.insert(group.clone(), named.len() as u32);
                named.push(group.clone());
            }
        }
    }
    let mut rank = vec![0u32; named.len()];
    let sorted = sort_names(&named);
    for (position, &code) in sorted.iter().enumerate() {
        rank[code] = position as u32;
    }
    let names: Vec<String> = sorted.iter().map(|&code| named[code].clone()).collect();
    let site_of = |c: &Characteristic, i: usize| -> u32 {
        match c.codes.get(i) {
            Some(&code) if code != NOT_RECORDED => rank[code_of[&c.groups[code as usize]] as usize],
            _ => NOT_RECORDED,
        }
    };

    // Each person's site: participants.csv first, then the scores file.
    let responses = inputs.responses.as_ref();
    let attendance = inputs.files.attendance.as_ref();
    let participants = inputs.files.participants.as_ref();
    let people = People::join(responses, attendance, participants);
    let mut scores_site = vec![NOT_RECORDED; responses.map_or(0, |r| r.participants.len())];
    let mut attendance_site = vec![NOT_RECORDED; attendance.map_or(0, |a| a.participants.len())];
    let mut listed_site = vec![NOT_RECORDED; participants.map_or(0, |p| p.ids.len())];
    let mut by_id: HashMap<&str, u32> = HashMap::default();
    let mut people_at = vec![0usize; names.len()];
    let mut without_site = 0;
    for person in &people.persons {
        let site = origins
            .iter()
            .find_map(|origin| {
                let site = match origin {
                    Origin::Listed(c) => person.listed.map(|i| site_of(c, i)),
                    Origin::Scores(c) => person.scores.map(|i| site_of(c, i)),
                }?;
                (site != NOT_RECORDED).then_some(site)
            })
            .unwrap_or(NOT_RECORDED);
        if site == NOT_RECORDED {
            without_site += 1;
            continue;
        }
        people_at[site as usize] += 1;
        if let Some(i) = person.scores {
            scores_site[i] = site;
            by_id.insert(responses.map(|r| r.participants[i].as_str()).unwrap_or_default(), site);
        }
        if let Some(i) = person.attendance {
            attendance_site[i] = site;
            by_id.insert(attendance.map(|a| a.participants[i].as_str()).unwrap_or_default(), site);
        }
        if let Some(i) = person.listed {
            listed_site[i] = site;
            by_id.insert(participants.map(|p| p.ids[i].as_str()).unwrap_or_default(), site);
        }
    }

    // The excerpts, divided once: a site's words are those of its people.
    let mut excerpts: Vec<Vec<Excerpt>> = vec![Vec::new(); names.len()];
    if let Some(coding) = &inputs.coding {
        for excerpt in &coding.excerpts {
            if let Some(&site) = by_id.get(normalise(&excerpt.participant).as_ref()) {
                excerpts[site as usize].push(excerpt.clone());
            }
        }
    }
    // Each file's rows by site, in one pass over each file.
    let by_site = |of: &[u32]| -> Vec<Vec<usize>> {
        let mut kept = vec![Vec::new(); names.len()];
        for (i, &site) in of.iter().enumerate().filter(|(_, site)| **site != NOT_RECORDED) {
            kept[site as usize].push(i);
        }
        kept
    };
    let (scores_at, attendance_at, listed_at) =
        (by_site(&scores_site), by_site(&attendance_site), by_site(&listed_site));
    let site_inputs: Vec<Inputs> = excerpts
        .into_iter()
        .enumerate()
        .map(|(site, excerpts)| {
            let files = ParticipationFiles {
                attendance: attendance.map(|a| a.subset(&attendance_at[site])),
                participants: participants.map(|p| p.subset(&listed_at[site], Some(&column))),
            };
            Inputs {
                responses: responses.map(|r| r.subset(&scores_at[site])),
                coding: inputs.coding.as_ref().map(|c| c.with_excerpts(excerpts)),
                files,
            }
        })
        .collect();

    if let Some(list) = inputs.files.participants.as_mut() {
        list.characteristics.retain(|c| !c.name.trim().eq_ignore_ascii_case(&column));
    }
    let settings = settings.get_ref().clone();
    Ok(Split { column, names, inputs: site_inputs, people: people_at, without_site, settings })
}

/// The codes of `named` in the order to show them: alphabetically ignoring case, with runs of
/// digits compared as numbers (`Site 2` before `Site 10`).
fn sort_names(named: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..named.len()).collect();
    order.sort_by_cached_key(|&i| (natural_key(&named[i]), i));
    order
}

/// A name as alternating runs of text (in lower case) and numbers, for [`sort_names`].
fn natural_key(name: &str) -> Vec<(String, u128)> {
    let mut key: Vec<(String, u128)> = Vec::new();
    let mut text = String::new();
    let mut chars = name.trim().chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(digit) = c.to_digit(10) {
            let mut number = u128::from(digit);
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                number = number.saturating_mul(10).saturating_add(u128::from(d));
                chars.next();
            }
            key.push((std::mem::take(&mut text), number));
        } else {
            text.extend(c.to_lowercase());
        }
    }
    key.push((text, 0));
    key
}

/// The error for a site column that is in no file.
fn column_missing(loaded: &Loaded, settings: &Spanned<Sites>, column: &str) -> crate::problem::Problem {
    let data = &loaded.programme.data;
    let files: Vec<&str> =
        [&data.participants, &data.scores].into_iter().flatten().map(|f| f.get_ref().as_str()).collect();
    let span = settings.get_ref().column.span();
    let span = if span.is_empty() { settings.span() } else { span };
    let message = match files.as_slice() {
        [] => format!("[sites] needs a `{column}` column, but [data] names neither participants nor scores"),
        [one] => format!("[sites] column `{column}` is not a column of {one}"),
        [first, second] => format!("[sites] column `{column}` is a column of neither {first} nor {second}"),
        many => format!("[sites] column `{column}` is a column of none of {}", many.join(", ")),
    };
    loaded
        .problem_at(span, message)
        .help("name the column that holds each person's site with `column = \"…\"`, or remove [sites]")
}

/// Analyse each site on its own, decide which are shown, and pool them: fills `analysed`'s
/// `sites`, `site_counts`, `pooled` and site pages.
pub(super) fn analyse(analysed: &mut Analysed, measures: &[Measure], split: Split) {
    let Split { column, names, inputs, people, without_site, settings } = split;
    let total = names.len();
    let programme = &analysed.loaded.programme;
    let threshold = config::sites::threshold(programme.analysis.min_cell);
    let mut loaded = analysed.loaded.clone();
    // A site's page counts only the people in its files: enrolment is a programme-wide figure.
    loaded.programme.flow.enrolled = None;
    loaded.programme.sites = None;
    // The turnover and absence figures are the whole programme's: no site's page repeats them.
    loaded.programme.economics = None;
    let checksums = analysed.inputs.clone();
    // A site that cannot be analysed alone (no one at it could be scored) is not shown.
    let mut each: Vec<(String, usize, Analysed)> = names
        .into_par_iter()
        .zip(inputs)
        .zip(people)
        .filter_map(|((name, inputs), people)| {
            let mut site = analyse_inputs(loaded.clone(), measures, inputs, checksums.clone(), Scope::Site).ok()?;
            site.results.programme.site = Some(name.clone());
            Some((name, people, site))
        })
        .collect();
    each.retain(|(_, people, site)| shown(&site.results.outcomes, *people, threshold));
    let shown_count = each.len();

    let confidence = *programme.analysis.confidence.get_ref();
    if let Some(model) = settings.pool.model() {
        let outcomes: Vec<SiteOutcomes> =
            each.iter().map(|(name, _, site)| SiteOutcomes { name, outcomes: &site.results.outcomes }).collect();
        let pool_settings = PoolSettings { effect: settings.effect, model, confidence, threshold };
        let (pooled, warnings) = sites::pool(&analysed.results.outcomes, &outcomes, pool_settings);
        analysed.results.pooled = pooled;
        analysed.results.warnings.extend(warnings);
    }

    let pages = settings.reports && shown_count >= 2;
    let slugs = slugs(each.iter().map(|(name, _, _)| name.as_str()), "site");
    analysed.results.sites = each
        .iter()
        .zip(&slugs)
        .map(|((name, people, site), slug)| SiteResult {
            site: name.clone(),
            slug: slug.clone(),
            participants: site.responses.as_ref().map_or(*people, |r| r.participants.len()),
            page: pages.then(|| format!("sites/{slug}/index.html")),
            outcomes: site.results.outcomes.clone(),
        })
        .collect();
    analysed.results.site_counts = Some(SiteCounts {
        column,
        sites: total,
        shown: shown_count,
        not_shown: total - shown_count,
        threshold,
        without_site,
    });
    if pages {
        analysed.sites = each
            .into_iter()
            .zip(slugs)
            .map(|((name, _, site), slug)| SitePage { name, slug, analysed: Box::new(site) })
            .collect();
    }
}

/// Whether a site is shown: at least `threshold` of its people analysed for some outcome (or,
/// without outcomes, at least `threshold` people).
fn shown(outcomes: &[Outcome], people: usize, threshold: usize) -> bool {
    match outcomes.iter().map(|o| o.n_pairs).max() {
        Some(most) => most >= threshold,
        None => people >= threshold,
    }
}

/// A folder name for each site (or a portfolio's programme): lower-case ASCII letters and digits
/// joined by hyphens, accents dropped, `fallback` for a name with none; names that come out the
/// same are numbered.
pub(super) fn slugs<'a>(names: impl Iterator<Item = &'a str>, fallback: &str) -> Vec<String> {
    let mut taken: foldhash::HashSet<String> = foldhash::HashSet::default();
    names
        .map(|name| {
            let mut base = String::new();
            for c in name.nfkd().filter(char::is_ascii) {
                if c.is_ascii_alphanumeric() {
                    base.push(c.to_ascii_lowercase());
                } else if !base.is_empty() && !base.ends_with('-') {
                    base.push('-');
                }
            }
            let base = match base.trim_end_matches('-') {
                "" => fallback.to_string(),
                trimmed => trimmed.to_string(),
            };
            let mut slug = base.clone();
            let mut n = 2;
            while !taken.insert(slug.clone()) {
                slug = format!("{base}-{n}");
                n += 1;
            }
            slug
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_distinct() {
        let names = [
            "Hillcrest Academy",
            "Ysgol Gymraeg Caerdydd",
            "St. Mary's (North)",
            "Zoë & Co",
            "hillcrest academy",
            "北京",
        ];
        assert_eq!(
            slugs(names.into_iter(), "site"),
            ["hillcrest-academy", "ysgol-gymraeg-caerdydd", "st-mary-s-north", "zoe-co", "hillcrest-academy-2", "site"]
        );
    }

    #[test]
    fn sites_sort_with_their_numbers_as_numbers() {
        let named: Vec<String> = ["Site 10", "site 2", "Site 1", "Beech Ward", "ash ward"].map(String::from).into();
        let sorted: Vec<&str> = sort_names(&named).into_iter().map(|i| named[i].as_str()).collect();
        assert_eq!(sorted, ["ash ward", "Beech Ward", "Site 1", "site 2", "Site 10"]);
    }

    #[test]
    fn a_site_is_shown_from_the_threshold() {
        assert!(!shown(&[], 2, 3));
        assert!(shown(&[], 3, 3));
    }
}
