//! Coded excerpts → themes: for each theme and subtheme, how many people voiced it and in how
//! many excerpts, by kind of source; the weeks it appears in dated sources; and its exemplar
//! quotes. Counts are of distinct people and distinct stretches of words.

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use serde::Serialize;

use super::coded::{Keys, distinct};
use super::quotes::{self, Candidate, Quote, Speakers};
use crate::input::coding::{Coding, Excerpt, Positions, When};
use crate::privacy::{IdsAs, Redactor, Replacements};

/// Participants and excerpts of one kind of source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceCount {
    /// Distinct people.
    pub participants: Option<usize>,
    /// Distinct excerpts.
    pub excerpts: usize,
}

/// One row of the theme table: a theme as a whole (`subtheme: None`) or one subtheme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeRow {
    /// The theme.
    pub theme: String,
    /// The subtheme; `None` for the theme as a whole.
    pub subtheme: Option<String>,
    /// Its number in the report: `1` for a theme, `1a` for a subtheme.
    pub number: String,
    /// The codebook's description (of the theme-level code, or the subtheme's first code).
    pub description: Option<String>,
    /// Distinct people who voiced it.
    pub participants: Option<usize>,
    /// `participants` as a share of everyone in the coded data.
    pub share: Option<f64>,
    /// Distinct excerpts.
    pub excerpts: usize,
    /// By kind of source (`diary`, `focus group`…).
    pub by_source: BTreeMap<String, SourceCount>,
    /// Weeks it appears in (dated excerpts only), in order.
    pub weeks: Vec<u32>,
    /// Exemplar quotes of this row's own excerpts (a theme row: its theme-level codes only).
    #[serde(skip)]
    pub quotes: Vec<Quote>,
    /// The theme's best quote over all its excerpts (theme rows only), for the joint display.
    #[serde(skip)]
    pub headline: Option<Quote>,
    /// The people who voiced it, by their number in [`Keys::people`], in order (never
    /// serialised).
    #[serde(skip)]
    pub voiced: Vec<u32>,
}

/// A kind of source in the coded data.
#[derive(Debug, Clone, Serialize)]
pub struct SourceSummary {
    /// `diary`, `focus group`, `interview`, `document`.
    pub source: String,
    /// Distinct people.
    pub participants: usize,
    /// Distinct excerpts.
    pub excerpts: usize,
}

/// What the coded data hold, for the report's text and methods.
#[derive(Debug, Clone, Serialize)]
pub struct CodingSummary {
    /// What made the coding (`NVivo for Windows 12.6`, or the CSV files).
    pub origin: String,
    /// The files, as named in programme.toml.
    pub files: Vec<String>,
    /// Distinct people with at least one excerpt.
    pub participants: usize,
    /// Distinct excerpts.
    pub excerpts: usize,
    /// Themes.
    pub themes: usize,
    /// Subthemes.
    pub subthemes: usize,
    /// Kinds of source in order of first appearance.
    pub sources: Vec<SourceSummary>,
    /// Whether any excerpt is dated (so weeks are shown).
    pub dated: bool,
    /// How REFI-QDA text positions were read.
    pub positions: Option<Positions>,
}

/// How quotes are made ready to show: who said them, what is redacted, and where replacements
/// are noted.
pub struct Shown<'a> {
    /// The report's names of participants.
    pub speakers: &'a Speakers<'a>,
    /// Names, ids, e-mail addresses and phone numbers to replace.
    pub redactor: &'a Redactor<'a>,
    /// Where ids, e-mail addresses and phone numbers were replaced.
    pub replaced: Replacements,
}

/// Count every theme and subtheme of `coding` (excerpts of people left out already removed),
/// choosing quotes redacted and attributed as `shown` says. `keys` number the excerpts' people
/// and sources.
pub fn theme_rows(coding: &Coding, keys: &Keys, shown: &mut Shown) -> Vec<ThemeRow> {
    let first_date = coding.excerpts.iter().filter_map(|e| match e.when {
        Some(When::Date(d)) => Some(d),
        _ => None,
    });
    let first_date = first_date.min();
    let week = |when: When| match when {
        When::Week(w) => w,
        When::Date(d) => ((d - first_date.unwrap_or(d)) / 7 + 1).clamp(1, i64::from(u32::MAX)) as u32,
    };
    let themes = ordered_themes(coding);
    // Each quote's words are counted once: a quote is a candidate in its theme and its subtheme.
    let words: Vec<usize> =
        coding.excerpts.par_iter().map(|e| e.quote.as_deref().map_or(0, quotes::word_count)).collect();
    // Each code's theme by number, so that excerpts are sorted into themes without comparing text.
    let theme_of: Vec<usize> =
        coding.codebook.iter().map(|entry| themes.iter().position(|t| *t == entry.theme).unwrap_or(0)).collect();
    let mut in_theme: Vec<Vec<usize>> = vec![Vec::new(); themes.len()];
    for (i, excerpt) in coding.excerpts.iter().enumerate() {
        in_theme[theme_of[excerpt.code]].push(i);
    }
    let everyone = keys.people.len();
    let mut rows: Vec<ThemeRow> = Vec::new();
    for (theme_number, (theme, all)) in themes.iter().zip(&in_theme).enumerate() {
        let code = |i: &usize| &coding.codebook[coding.excerpts[*i].code];
        let subthemes = ordered_subthemes(coding, theme);
        let own: Vec<usize> = all.iter().copied().filter(|i| code(i).subtheme.is_none()).collect();
        // Quotes are not shown twice within a theme.
        let mut used = HashSet::new();
        let per_row = if subthemes.is_empty() { quotes::PER_ROW + 1 } else { quotes::PER_ROW };
        let mut row = count(coding, keys, all, everyone, &week);
        row.theme = theme.clone();
        row.number = (theme_number + 1).to_string();
        row.description = describe(coding, theme, None);
        row.quotes = pick(coding, &words, &own, per_row, &mut used, shown, &week);
        row.headline = pick(coding, &words, all, 1, &mut HashSet::new(), shown, &week).into_iter().next();
        rows.push(row);
        for (i, subtheme) in subthemes.iter().enumerate() {
            let mine: Vec<usize> =
                all.iter().copied().filter(|i| code(i).subtheme.as_ref() == Some(subtheme)).collect();
            let mut row = count(coding, keys, &mine, everyone, &week);
            row.theme = theme.clone();
            row.subtheme = Some(subtheme.clone());
            row.number = format!("{}{}", theme_number + 1, letter(i));
            row.description = describe(coding, theme, Some(subtheme));
            row.quotes = pick(coding, &words, &mine, quotes::PER_ROW, &mut used, shown, &week);
            rows.push(row);
        }
    }
    rows
}

/// Replace names, ids, e-mail addresses and phone numbers in the theme and subtheme names and
/// descriptions of `rows` (after counting, so that two themes never merge into one), noting
/// where in the codebook each was.
pub fn redact_labels(rows: &mut [ThemeRow], coding: &Coding, shown: &mut Shown) {
    let file = coding.files.first().map_or("", String::as_str);
    let mut redact = |text: &str, what: &'static str, line: Option<usize>| {
        let redacted = shown.redactor.redact(text, IdsAs::Names);
        shown.replaced.note(file, line, what, &redacted.kinds, IdsAs::Names);
        redacted.text
    };
    let csv = coding.codebook.iter().any(|e| e.line.is_some());
    let (theme_name, subtheme_name) = if csv { ("theme name", "subtheme name") } else { ("code name", "code name") };
    for row in rows {
        let theme_line = coding.codebook.iter().find(|e| e.theme == row.theme).and_then(|e| e.line);
        let own_codes =
            coding.codebook.iter().filter(|e| e.theme == row.theme && e.subtheme.as_ref() == row.subtheme.as_ref());
        let own_line = own_codes.clone().next().and_then(|e| e.line);
        let description_line = own_codes.filter(|e| e.description.is_some()).find_map(|e| e.line);
        row.theme = redact(&row.theme, theme_name, theme_line);
        row.subtheme = row.subtheme.as_deref().map(|subtheme| redact(subtheme, subtheme_name, own_line));
        row.description =
            row.description.as_deref().map(|description| redact(description, "code description", description_line));
    }
}

/// Summarise the coded data (`keys` number its people and sources).
pub fn summary(coding: &Coding, keys: &Keys, rows: &[ThemeRow]) -> CodingSummary {
    let mut people = vec![Vec::new(); keys.sources.len()];
    let mut segments = vec![Vec::new(); keys.sources.len()];
    for (i, excerpt) in coding.excerpts.iter().enumerate() {
        people[keys.source[i] as usize].push(keys.person[i]);
        segments[keys.source[i] as usize].push(excerpt.segment);
    }
    let sources = keys
        .sources
        .iter()
        .zip(people.iter_mut().zip(&mut segments))
        .map(|(source, (people, segments))| SourceSummary {
            source: source.to_string(),
            participants: distinct(people),
            excerpts: distinct(segments),
        })
        .collect();
    CodingSummary {
        origin: coding.origin.clone(),
        files: coding.files.clone(),
        participants: keys.people.len(),
        excerpts: distinct(&mut coding.excerpts.iter().map(|e| e.segment).collect()),
        themes: rows.iter().filter(|r| r.subtheme.is_none()).count(),
        subthemes: rows.iter().filter(|r| r.subtheme.is_some()).count(),
        sources,
        dated: coding.excerpts.iter().any(|e| e.when.is_some()),
        positions: coding.positions.clone(),
    }
}

/// Themes in codebook order.
fn ordered_themes(coding: &Coding) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for entry in &coding.codebook {
        if !themes.contains(&entry.theme) {
            themes.push(entry.theme.clone());
        }
    }
    themes
}

/// A theme's subthemes in codebook order.
fn ordered_subthemes(coding: &Coding, theme: &str) -> Vec<String> {
    let mut subthemes: Vec<String> = Vec::new();
    for entry in coding.codebook.iter().filter(|e| e.theme == theme) {
        if let Some(subtheme) = &entry.subtheme
            && !subthemes.contains(subtheme)
        {
            subthemes.push(subtheme.clone());
        }
    }
    subthemes
}

/// The first description among the codes of a theme (its theme-level codes) or subtheme.
fn describe(coding: &Coding, theme: &str, subtheme: Option<&String>) -> Option<String> {
    coding
        .codebook
        .iter()
        .filter(|e| e.theme == theme && e.subtheme.as_ref() == subtheme)
        .find_map(|e| e.description.clone())
}

/// `a`, `b`, … `z`, `aa`, `ab` …
fn letter(i: usize) -> String {
    let letters = |k: usize| char::from(b'a' + (k % 26) as u8);
    if i < 26 { letters(i).to_string() } else { format!("{}{}", letters(i / 26 - 1), letters(i)) }
}

/// The counts of one row, over the excerpts numbered `excerpts` (names and quotes are filled in
/// by the caller).
fn count(coding: &Coding, keys: &Keys, excerpts: &[usize], everyone: usize, week: &impl Fn(When) -> u32) -> ThemeRow {
    let mut voiced: Vec<u32> = excerpts.iter().map(|&i| keys.person[i]).collect();
    let voiced_count = distinct(&mut voiced);
    // People and segments per source, by the source's number.
    let mut of_source: BTreeMap<u32, (Vec<u32>, Vec<usize>)> = BTreeMap::new();
    for &i in excerpts {
        let (people, segments) = of_source.entry(keys.source[i]).or_default();
        people.push(keys.person[i]);
        segments.push(coding.excerpts[i].segment);
    }
    let by_source = of_source
        .into_iter()
        .map(|(source, (mut people, mut segments))| {
            let count = SourceCount { participants: Some(distinct(&mut people)), excerpts: distinct(&mut segments) };
            (keys.sources[source as usize].to_string(), count)
        })
        .collect();
    let mut weeks: Vec<u32> = excerpts.iter().filter_map(|&i| coding.excerpts[i].when.map(week)).collect();
    weeks.sort_unstable();
    weeks.dedup();
    ThemeRow {
        theme: String::new(),
        subtheme: None,
        number: String::new(),
        description: None,
        participants: Some(voiced_count),
        share: (everyone > 0).then(|| voiced_count as f64 / everyone as f64),
        excerpts: distinct(&mut excerpts.iter().map(|&i| coding.excerpts[i].segment).collect()),
        by_source,
        weeks,
        quotes: Vec::new(),
        headline: None,
        voiced,
    }
}

/// Choose up to `count` quotes among `excerpts` of `coding` (whose quotes have `words` words)
/// and make them ready to show.
fn pick(
    coding: &Coding,
    words: &[usize],
    excerpts: &[usize],
    count: usize,
    used: &mut HashSet<usize>,
    shown: &mut Shown,
    week: &impl Fn(When) -> u32,
) -> Vec<Quote> {
    let file = coding.files.last().map_or("", String::as_str);
    let quotable: Vec<(&Excerpt, usize)> =
        excerpts.iter().map(|&i| (&coding.excerpts[i], words[i])).filter(|(e, _)| e.quote.is_some()).collect();
    let candidates: Vec<Candidate> = quotable
        .iter()
        .map(|&(e, words)| Candidate {
            text: e.quote.as_deref().unwrap_or_default(),
            participant: &e.participant,
            exemplar: e.exemplar,
            segment: e.segment,
            words,
        })
        .collect();
    quotes::choose(&candidates, count, used)
        .into_iter()
        .map(|i| {
            let e = quotable[i].0;
            let source = match (&*e.source, e.when) {
                (crate::input::excerpts::DEFAULT_SOURCE, None) => None,
                (crate::input::excerpts::DEFAULT_SOURCE, Some(when)) => Some(format!("week {}", week(when))),
                (source, Some(when)) => Some(format!("{source}, week {}", week(when))),
                (source, None) => Some(source.to_string()),
            };
            let redacted = shown.redactor.redact(candidates[i].text, IdsAs::Placeholder);
            shown.replaced.note(file, e.row, "quote", &redacted.kinds, IdsAs::Placeholder);
            Quote { text: quotes::shorten(&redacted.text), attribution: shown.speakers.name(&e.participant), source }
        })
        .collect()
}
