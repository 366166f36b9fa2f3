//! A portfolio: every programme of `portfolio.toml` made into a [`Member`] — a folder analysed
//! by the programme pipeline, a partner's results.json read, or summary figures typed in — then
//! the reach counted and each outcome pooled across programmes (DESIGN.md, "Portfolios").

mod partner;
mod pool;
mod reach;

use crate::analysis::economics::Economics;
use rayon::prelude::*;
use serde::Serialize;

use super::Analysed;
use crate::analysis::Tool;
use crate::analysis::quotes::Quote;
use crate::config::portfolio::{self, Entry, EntryKind, LoadedPortfolio, SummaryOutcome};
use crate::instruments::Better;
use crate::problem::Problems;
use crate::stats::pooling::Pooled;

pub use reach::{Reach, ReachCount};

/// A portfolio read and analysed: everything its report needs.
#[derive(Debug)]
pub struct PortfolioAnalysed {
    /// The portfolio folder's configuration.
    pub loaded: LoadedPortfolio,
    /// The programmes in the order listed.
    pub members: Vec<Member>,
    /// What results.json holds.
    pub results: PortfolioResults,
}

/// One programme of the portfolio, whatever it came from.
#[derive(Debug)]
pub struct Member {
    /// Its name: `name`, else the programme's title.
    pub name: String,
    /// Its folder under `report/programmes/`, and its id in results.json.
    pub slug: String,
    /// A folder, a results file or summary figures.
    pub kind: EntryKind,
    /// Its sector.
    pub sector: String,
    /// Its country.
    pub country: String,
    /// Who ran it and when, where known: `Eastbrook NHS Trust · 2024`.
    pub about: Option<String>,
    /// People reached, counted as the contract says.
    pub people: u64,
    /// Organisations reached.
    pub organisations: u64,
    /// The most pairs analysed for any outcome.
    pub analysed: Option<usize>,
    /// The source that corroborates it.
    pub source: Option<usize>,
    /// Each outcome's summary figures, one per measure and scale (baseline to the next time).
    pub outcomes: Vec<MemberOutcome>,
    /// Its most widely shared themes, with how many voiced each.
    pub themes: Vec<MemberTheme>,
    /// A quote of its most widely shared theme (programme folders only).
    pub quote: Option<Quote>,
    /// The programme analysed, for its own report (programme folders only).
    pub programme: Option<Box<Analysed>>,
    /// When it ran, as its programme.toml or results say.
    pub period: Option<String>,
    /// Its economic estimate, from its own `[economics]`.
    pub economics: Option<Economics>,
}

/// An outcome's summary figures, as pooling takes them.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberOutcome {
    /// Instrument id.
    pub measure: String,
    /// Scale.
    pub scale: String,
    /// `Self-compassion (SCS-SF)`.
    pub name: String,
    /// Earlier timepoint.
    pub from: String,
    /// Later timepoint.
    pub to: String,
    /// Which direction is good.
    pub better: Better,
    /// Analysed pairs.
    pub n: usize,
    /// Mean before.
    pub pre_mean: f64,
    /// SD before.
    pub pre_sd: f64,
    /// Mean after.
    pub post_mean: f64,
    /// SD after.
    pub post_sd: f64,
    /// The pre–post correlation.
    pub r: f64,
    /// Whether `r` was assumed rather than reported.
    pub r_assumed: bool,
}

/// A theme and how widely it was shared in one programme.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberTheme {
    /// The theme.
    pub theme: String,
    /// People who voiced it.
    pub participants: Option<usize>,
    /// Their share of everyone coded.
    pub share: Option<f64>,
}

/// results.json of a portfolio: the contract's `portfolio` with the keys every results.json
/// has, so that the same schema reads it.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioResults {
    /// The tool that wrote it.
    pub tool: Tool,
    /// The portfolio's title and template, where a programme's would be.
    pub programme: PortfolioInfo,
    /// A portfolio has no outcomes of its own: they are pooled under `portfolio.pooled`.
    pub outcomes: Vec<()>,
    /// The contract's `portfolio`.
    pub portfolio: PortfolioSection,
    /// The portfolio's own `[economics]` estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub economics: Option<Economics>,
    /// The REF case study's counts, with `template = "ref"` (set when the report is made).
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub case_study: Option<crate::config::case_study::Counts>,
    /// What the build noticed.
    pub warnings: Vec<String>,
}

/// `programme` of a portfolio's results.json.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioInfo {
    /// Title.
    pub title: String,
    /// Template.
    pub template: String,
    /// Whose portfolio.
    pub organisation: Option<String>,
    /// The years it covers.
    pub period: Option<String>,
}

/// `portfolio` of results.json.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioSection {
    /// Each programme.
    pub programmes: Vec<ProgrammeEntry>,
    /// People, organisations, programmes and countries reached.
    pub reach: Reach,
    /// Each outcome pooled across programmes.
    pub pooled: Vec<Pooled>,
}

/// A `portfolio.programmes` entry.
#[derive(Debug, Clone, Serialize)]
pub struct ProgrammeEntry {
    /// Name.
    pub name: String,
    /// Slug.
    pub slug: String,
    /// `folder`, `results` or `summary`.
    pub kind: &'static str,
    /// Sector.
    pub sector: String,
    /// Country.
    pub country: String,
    /// People reached.
    pub people: u64,
    /// Organisations reached.
    pub organisations: u64,
    /// Most pairs analysed.
    pub analysed: Option<usize>,
    /// Source number.
    pub source: Option<usize>,
    /// Whether any of its outcomes rests on an assumed correlation.
    pub r_assumed: bool,
    /// Its own report, relative to the portfolio's report folder (programme folders only).
    pub report: Option<String>,
}

/// Read, check and analyse the portfolio in `root`.
pub fn analyse(root: &std::path::Path) -> Result<PortfolioAnalysed, Problems> {
    let loaded = portfolio::load(root)?;
    let entries = &loaded.portfolio.programmes;
    let made: Vec<Result<Member, Problems>> =
        entries.par_iter().map(|entry| member(&loaded, entry.get_ref())).collect();
    let mut problems = Problems::default();
    let mut members = Vec::new();
    for result in made {
        match result {
            Ok(member) => members.push(member),
            Err(found) => problems.0.extend(found.0),
        }
    }
    let mut members = problems.into_result(members)?;
    // A folder keeps its own folder name under report/programmes/; the others go by name.
    let bases: Vec<String> = entries
        .iter()
        .zip(&members)
        .map(|(entry, member)| match &entry.get_ref().path {
            Some(path) => path.get_ref().trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string(),
            None => member.name.clone(),
        })
        .collect();
    let slugs = super::sites::slugs(bases.iter().map(String::as_str), "programme");
    for (member, slug) in members.iter_mut().zip(slugs) {
        member.slug = slug;
    }
    let about = &loaded.portfolio.portfolio;
    let (pooled, warnings) = pool::pool(&members, about.effect, about.pool);
    let reach = reach::count(&members, &loaded.portfolio.reach);
    let programmes = members
        .iter()
        .map(|m| ProgrammeEntry {
            name: m.name.clone(),
            slug: m.slug.clone(),
            kind: m.kind.key(),
            sector: m.sector.clone(),
            country: m.country.clone(),
            people: m.people,
            organisations: m.organisations,
            analysed: m.analysed,
            source: m.source,
            r_assumed: m.outcomes.iter().any(|o| o.r_assumed),
            report: m.programme.as_ref().map(|_| format!("programmes/{}/index.html", m.slug)),
        })
        .collect();
    // The people the programmes reached (not `[[reach]]`): those a portfolio's cost was spent on.
    let people: u64 = members.iter().map(|m| m.people).sum();
    let economics = loaded
        .portfolio
        .economics
        .as_ref()
        .and_then(|e| crate::analysis::economics::estimate(e.get_ref(), Some(people as usize)));
    let results = PortfolioResults {
        tool: Tool { name: "impact".into(), version: env!("CARGO_PKG_VERSION").into() },
        programme: PortfolioInfo {
            title: about.title.clone(),
            template: about.template.get_ref().clone(),
            organisation: about.organisation.clone(),
            period: about.period.clone(),
        },
        outcomes: Vec::new(),
        portfolio: PortfolioSection { programmes, reach, pooled },
        economics,
        case_study: None,
        warnings,
    };
    Ok(PortfolioAnalysed { loaded, members, results })
}

/// One entry made into a member; its slug is set once all are known.
fn member(loaded: &LoadedPortfolio, entry: &Entry) -> Result<Member, Problems> {
    let base = |name: String, kind: EntryKind| Member {
        name: entry.name.as_ref().map_or(name, |n| n.get_ref().trim().to_string()),
        slug: String::new(),
        kind,
        sector: entry.sector.trim().to_lowercase(),
        country: entry.country.trim().to_string(),
        about: None,
        people: 0,
        organisations: entry.organisations.unwrap_or(1),
        analysed: None,
        source: entry.source.as_ref().map(|s| *s.get_ref()),
        outcomes: Vec::new(),
        themes: Vec::new(),
        quote: None,
        programme: None,
        period: entry.period.as_ref().map(|p| p.trim().to_string()),
        economics: None,
    };
    match entry.kind() {
        EntryKind::Folder => {
            let path = entry.path.as_ref().map(|p| p.get_ref().as_str()).unwrap_or_default();
            let analysed = super::analyse(&loaded.root.join(path))
                .map_err(|problems| problems.within(path.trim_end_matches('/')))?;
            let results = &analysed.results;
            let mut m = base(results.programme.title.clone(), EntryKind::Folder);
            m.about = about(results.programme.organisation.as_deref(), results.programme.period.as_deref());
            m.people = entry.people.unwrap_or(match &results.flow {
                Some(flow) => flow.enrolled as u64,
                None => results.participants as u64,
            });
            if entry.organisations.is_none() {
                m.organisations = results.site_counts.as_ref().map_or(1, |c| c.sites.max(1) as u64);
            }
            m.outcomes = folder_outcomes(&analysed);
            m.analysed = m.outcomes.iter().map(|o| o.n).max();
            let themes: Vec<_> = results.themes.iter().filter(|t| t.subtheme.is_none()).collect();
            m.themes = top_themes(themes.iter().map(|t| MemberTheme {
                theme: t.theme.clone(),
                participants: t.participants,
                share: t.share,
            }));
            m.quote = themes.iter().max_by_key(|t| t.participants.unwrap_or(0)).and_then(|t| t.headline.clone());
            m.economics = results.economics.clone();
            m.period = m.period.or_else(|| results.programme.period.clone());
            m.programme = Some(Box::new(analysed));
            Ok(m)
        }
        EntryKind::Results => {
            let file = entry.results.as_ref().map(|p| p.get_ref().as_str()).unwrap_or_default();
            let results = partner::read(&loaded.folder, file)?;
            let mut m = base(results.programme.title.clone(), EntryKind::Results);
            m.about = about(results.programme.organisation.as_deref(), results.programme.period.as_deref());
            let largest = results.outcomes.iter().map(|o| o.n_pairs as u64).max();
            m.people = entry.people.unwrap_or_else(|| {
                results.flow.as_ref().and_then(|f| f.enrolled).or(largest).or(results.participants).unwrap_or(0)
            });
            if entry.organisations.is_none() {
                m.organisations = results.site_counts.as_ref().map_or(1, |c| c.sites.max(1) as u64);
            }
            m.outcomes = partner_outcomes(&results);
            m.economics = results.economics.clone();
            m.period = m.period.or_else(|| results.programme.period.clone());
            m.analysed = results.outcomes.iter().map(|o| o.n_pairs).max();
            m.themes = top_themes(results.themes.iter().filter(|t| t.subtheme.is_none()).map(|t| MemberTheme {
                theme: t.theme.clone(),
                participants: t.participants,
                share: t.share,
            }));
            Ok(m)
        }
        EntryKind::Summary => {
            let mut m = base(String::new(), EntryKind::Summary);
            m.outcomes = entry.outcomes.iter().map(|o| summary_outcome(o.get_ref())).collect();
            m.analysed = m.outcomes.iter().map(|o| o.n).max();
            m.people = entry.people.unwrap_or_else(|| m.analysed.unwrap_or(0) as u64);
            Ok(m)
        }
    }
}

fn about(organisation: Option<&str>, period: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [organisation, period].into_iter().flatten().collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The three most widely shared themes.
fn top_themes(themes: impl Iterator<Item = MemberTheme>) -> Vec<MemberTheme> {
    let mut themes: Vec<MemberTheme> = themes.collect();
    themes.sort_by_key(|t| std::cmp::Reverse(t.participants.unwrap_or(0)));
    themes.truncate(3);
    themes
}

/// An outcome as a programme's results report it: what pooling and the card take from it.
struct Reported<'a> {
    measure: &'a str,
    scale: &'a str,
    name: String,
    from: &'a str,
    to: &'a str,
    better: &'a str,
    n: usize,
    /// Pre mean, pre SD, post mean, post SD and r of the pairs.
    figures: [Option<f64>; 5],
}

/// A programme folder's outcomes, from the baseline (its first timepoint).
fn folder_outcomes(analysed: &Analysed) -> Vec<MemberOutcome> {
    let reported = analysed.results.outcomes.iter().map(|o| {
        let p = &o.paired;
        Reported {
            measure: &o.measure,
            scale: &o.scale,
            name: o.name(),
            from: &o.from,
            to: &o.to,
            better: o.better,
            n: o.n_pairs,
            figures: [p.pre_mean, p.pre_sd, p.post_mean, p.post_sd, p.r],
        }
    });
    first_comparisons(analysed.results.timepoints.first().map(String::as_str), reported)
}

/// A partner's outcomes, from the baseline (the first outcome's earlier timepoint).
fn partner_outcomes(results: &partner::PartnerResults) -> Vec<MemberOutcome> {
    let reported = results.outcomes.iter().map(|o| {
        let p = &o.paired;
        Reported {
            measure: &o.measure,
            scale: &o.scale,
            name: match &o.instrument {
                Some(short) => format!("{} ({short})", o.label),
                None => o.label.clone(),
            },
            from: &o.from,
            to: &o.to,
            better: &o.better,
            n: o.n_pairs,
            figures: [p.pre_mean, p.pre_sd, p.post_mean, p.post_sd, p.r],
        }
    });
    first_comparisons(results.outcomes.first().map(|o| o.from.as_str()), reported)
}

/// Each measure and scale once: its first comparison from `baseline` with every figure known.
fn first_comparisons<'a>(baseline: Option<&str>, reported: impl Iterator<Item = Reported<'a>>) -> Vec<MemberOutcome> {
    let mut out: Vec<MemberOutcome> = Vec::new();
    for o in reported.filter(|o| Some(o.from) == baseline) {
        if out.iter().any(|m| m.measure == o.measure && m.scale == o.scale) {
            continue;
        }
        let [Some(pre_mean), Some(pre_sd), Some(post_mean), Some(post_sd), Some(r)] = o.figures else { continue };
        out.push(MemberOutcome {
            measure: o.measure.to_string(),
            scale: o.scale.to_string(),
            name: o.name,
            from: o.from.to_string(),
            to: o.to.to_string(),
            better: if o.better == "lower" { Better::Lower } else { Better::Higher },
            n: o.n,
            pre_mean,
            pre_sd,
            post_mean,
            post_sd,
            r,
            r_assumed: false,
        });
    }
    out
}

fn summary_outcome(o: &SummaryOutcome) -> MemberOutcome {
    let instrument = crate::instruments::builtin(&o.measure);
    let scale = instrument.as_ref().and_then(|i| i.scales.iter().find(|s| s.id == o.scale));
    let name = match (&o.label, &instrument, scale) {
        (Some(label), _, _) => label.clone(),
        (None, Some(instrument), Some(scale)) => format!("{} ({})", scale.label, instrument.short_name),
        (None, Some(instrument), None) => instrument.short_name.clone(),
        (None, None, _) => o.measure.clone(),
    };
    let better = o.better.or(scale.map(|s| s.better)).unwrap_or(Better::Higher);
    let (r, r_assumed) = match (&o.r, &o.r_assumed) {
        (Some(r), _) => (*r.get_ref(), false),
        (None, Some(r)) => (*r.get_ref(), true),
        (None, None) => (f64::NAN, false),
    };
    MemberOutcome {
        measure: instrument.as_ref().map_or_else(|| o.measure.clone(), |i| i.id.clone()),
        scale: o.scale.clone(),
        name,
        from: "pre".into(),
        to: "post".into(),
        better,
        n: *o.n.get_ref(),
        pre_mean: o.pre_mean,
        pre_sd: o.pre_sd,
        post_mean: o.post_mean,
        post_sd: o.post_sd,
        r,
        r_assumed,
    }
}
