//! REFI-QDA projects (`.qdpx`), as exported by NVivo, ATLAS.ti, MAXQDA, QualCoder and qc, read
//! into the same [`Coding`] as `codebook.csv` + `excerpts.csv`.
//!
//! - The code tree becomes themes and subthemes ([`tree`]).
//! - Each coded text selection becomes an excerpt, its words cut from the source text with the
//!   position convention that fits the file ([`positions`]).
//! - The participant comes from the selection's case or source ([`people`] documents the rule).
//!
//! Parsing is lenient: real exports break the schema in many ways. Whatever is dropped is counted
//! in [`Coding::warnings`], which never name a source or person (their names may be participant
//! ids). Only a file that is no REFI-QDA project at all is an error.

mod container;
mod people;
pub mod positions;
mod project;
mod tree;

use std::collections::{HashMap, HashSet};
use std::path::Path;

pub use container::{MAX_ENTRY_BYTES, MAX_TOTAL_BYTES};

use self::container::{Container, decode_text};
use self::people::People;
use self::positions::{Convention, Located, Probe, squash};
use self::project::Project;
use self::tree::Meaning;
use crate::input::coding::{Coding, Excerpt, Positions};
use crate::problem::{Problem, Problems};

/// How to read a project.
#[derive(Debug, Clone)]
pub struct Options {
    /// The case or source variable that holds participant ids (`[data] id_column`).
    pub id_variable: String,
}

/// Counts of what was dropped or could not be quoted, for the warnings.
#[derive(Debug, Default)]
struct Tally {
    uncoded: usize,
    unknown_codes: usize,
    past_end: usize,
    reversed: usize,
    empty: usize,
    no_text: usize,
    not_text: usize,
    unreadable_texts: Vec<String>,
}

/// Read the REFI-QDA project at `path` (shown in messages as `file`).
pub fn read_qdpx(path: &Path, file: &str, options: &Options) -> Result<Coding, Problems> {
    let mut container = Container::open(path, file)?;
    let project = project::parse(&container.project);
    if !project.found {
        let problem = Problem::in_file(file, "the project XML has no <Project> element: it is not a REFI-QDA project");
        let detail = project.broken.as_ref().map_or(String::new(), |b| format!(" (the XML breaks at {b})"));
        return Err(problem.help(format!("export the project again as REFI-QDA (.qdpx){detail}")).into());
    }
    let mut warnings = Vec::new();
    if let Some(note) = &container.decoding_note {
        warnings.push(format!("{file}: the project XML {note}"));
    }
    if let Some(broken) = &project.broken {
        warnings.push(format!("{file}: the project XML is not well-formed at {broken}; what came before was read"));
    }
    let (codebook, meaning) = tree::codebook(&project.codes);
    if codebook.is_empty() {
        warnings.push(format!("{file}: the project has no codes, so there are no themes"));
    }
    let people = People::new(&project, &options.id_variable);
    let mut tally = Tally::default();
    let texts = load_texts(&mut container, &project, &mut tally);
    let origin = project.origin.clone().filter(|o| !o.trim().is_empty());
    let preferred = Convention::of_origin(origin.as_deref().unwrap_or_default());
    let (convention, positions) = choose_convention(&project, &texts, preferred);
    let mut wanted: HashMap<usize, Vec<u64>> = HashMap::new();
    for selection in &project.selections {
        if let Some((start, end)) = selection.range {
            let positions = [start, end].into_iter().filter_map(|p| u64::try_from(p).ok());
            wanted.entry(selection.document).or_default().extend(positions);
        }
    }
    let located: HashMap<usize, Located> = (texts.docs.iter().zip(&texts.texts))
        .map(|(&d, text)| (d, Located::new(text, convention, wanted.remove(&d).unwrap_or_default())))
        .collect();

    let mut excerpts = Vec::new();
    let mut segments: HashMap<String, usize> = HashMap::new();
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut flagged: HashSet<usize> = HashSet::new();
    for selection in &project.selections {
        if selection.codes.is_empty() {
            tally.uncoded += 1;
            continue;
        }
        let key = match selection.range {
            Some((start, end)) => format!("{}:{start}:{end}", selection.document),
            None if selection.guid.is_empty() => format!("{}:whole", selection.document),
            None => selection.guid.clone(),
        };
        // NVivo repeats a range once per coding; a PDF selection and the text selection inside
        // its representation share a GUID. Either way it is one stretch of words.
        let next = segments.len();
        let segment = match segments.get(&selection.guid).filter(|_| !selection.guid.is_empty()) {
            Some(&s) => s,
            None => *segments.entry(key).or_insert(next),
        };
        if !selection.guid.is_empty() {
            segments.entry(selection.guid.clone()).or_insert(segment);
        }
        let mut codes = Vec::new();
        for code in &selection.codes {
            match meaning.get(code) {
                Some(Meaning::Entry(i)) => codes.push(*i),
                Some(Meaning::Exemplar) => {
                    flagged.insert(segment);
                }
                None if people.is_case(code) => {}
                None => tally.unknown_codes += 1,
            }
        }
        if codes.is_empty() {
            continue;
        }
        let Some(quote) = quote(selection, located.get(&selection.document), &mut tally) else { continue };
        let (participant, source, when) =
            (people.participant(selection), people.source_kind(selection), people.when(selection));
        let (participant, source): (std::sync::Arc<str>, std::sync::Arc<str>) = (participant.into(), source.into());
        for code in codes {
            if seen.insert((segment, code)) {
                excerpts.push(Excerpt {
                    participant: participant.clone(),
                    source: source.clone(),
                    when,
                    code,
                    quote: quote.clone(),
                    exemplar: false,
                    segment,
                    row: None,
                });
            }
        }
    }
    // An exemplar flag on any coding of a stretch applies to all of its codings.
    for excerpt in &mut excerpts {
        excerpt.exemplar |= flagged.contains(&excerpt.segment);
    }
    warnings.extend(tally_warnings(file, &tally, people.claimed_twice, positions.as_ref()));
    Ok(Coding {
        files: vec![file.to_string()],
        origin: origin.unwrap_or_else(|| "a REFI-QDA project".into()),
        codebook,
        excerpts,
        positions,
        warnings,
    })
}

/// The source texts of the documents that have text selections, in document order.
#[derive(Default)]
struct Texts {
    /// Document indices.
    docs: Vec<usize>,
    /// Their texts, without a byte-order mark.
    texts: Vec<String>,
    /// Document index → position in `docs`.
    slot: HashMap<usize, usize>,
}

/// The text of every document that has text selections.
fn load_texts(container: &mut Container, project: &Project, tally: &mut Tally) -> Texts {
    let wanted: HashSet<usize> = project.selections.iter().filter(|s| s.range.is_some()).map(|s| s.document).collect();
    let mut texts = Texts::default();
    let mut order: Vec<usize> = wanted.into_iter().collect();
    order.sort_unstable();
    for d in order {
        let document = &project.documents[d];
        let text = match (&document.inline_text, &document.text_path) {
            (Some(inline), _) => Some(inline.clone()),
            (None, Some(path)) if container.is_archive() => match container.source(path) {
                Ok(Some(bytes)) => Some(decode_text(&bytes).0),
                Ok(None) => None,
                Err(e) => {
                    tally.unreadable_texts.push(e);
                    None
                }
            },
            _ => None,
        };
        if let Some(mut text) = text {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            texts.slot.insert(d, texts.docs.len());
            texts.docs.push(d);
            texts.texts.push(text);
        }
    }
    texts
}

/// The convention that fits the project's selections best, and how well, if any selection has
/// text to cut.
fn choose_convention(project: &Project, texts: &Texts, preferred: Convention) -> (Convention, Option<Positions>) {
    let probes: Vec<Probe> = project
        .selections
        .iter()
        .filter(|s| !s.codes.is_empty())
        .filter_map(|s| {
            let (start, end) = s.range?;
            let text = *texts.slot.get(&s.document)?;
            let range = (u64::try_from(start).ok()?, u64::try_from(end).ok()?);
            Some(Probe { text, range, name: s.name.as_deref().filter(|n| !n.trim().is_empty()) })
        })
        .collect();
    if probes.is_empty() {
        return (preferred, None);
    }
    let (convention, fit) = positions::choose(&texts.texts, &probes, preferred);
    let positions =
        Positions { convention: convention.describe(), between_words: fit.share(), selections: probes.len() };
    (convention, Some(positions))
}

/// A selection's words: `Some(Some(text))` to quote, `Some(None)` to count without quoting,
/// `None` to drop (counted in `tally`).
fn quote(selection: &project::Selection, text: Option<&Located>, tally: &mut Tally) -> Option<Option<String>> {
    match (selection.range, text) {
        (Some((start, end)), _) if start < 0 || end < start => {
            tally.reversed += 1;
            None
        }
        (Some((start, end)), Some(text)) => match text.cut(start as u64, end as u64) {
            None => {
                tally.past_end += 1;
                None
            }
            Some(cut) if squash(cut).is_empty() => {
                tally.empty += 1;
                None
            }
            Some(cut) => Some(Some(squash(cut))),
        },
        (Some((start, end)), None) => {
            // ATLAS.ti names a quotation by its text; untruncated, the name is the whole text.
            let name = selection.name.as_deref().unwrap_or_default();
            let whole = name.chars().count() as i64 == end - start && !name.trim().is_empty();
            if !whole {
                tally.no_text += 1;
            }
            Some(whole.then(|| squash(name)))
        }
        (None, _) => match selection.inline_text.as_deref().map(squash).filter(|t| !t.is_empty()) {
            Some(inline) => Some(Some(inline)),
            None => {
                tally.not_text += 1;
                Some(None)
            }
        },
    }
}

fn tally_warnings(file: &str, tally: &Tally, claimed_twice: usize, positions: Option<&Positions>) -> Vec<String> {
    let plural = |n: usize, one: &str, many: &str| if n == 1 { format!("1 {one}") } else { format!("{n} {many}") };
    let mut warnings = Vec::new();
    let mut say = |n: usize, text: String| {
        if n > 0 {
            warnings.push(format!("{file}: {text}"));
        }
    };
    say(
        tally.past_end,
        format!(
            "{} past the end of the source text: dropped",
            plural(tally.past_end, "selection points", "selections point")
        ),
    );
    say(
        tally.reversed,
        format!(
            "{} a start after the end (or before 0): dropped",
            plural(tally.reversed, "selection has", "selections have")
        ),
    );
    say(tally.empty, format!("{} no words: dropped", plural(tally.empty, "selection selects", "selections select")));
    say(
        tally.uncoded,
        format!(
            "{} no coding (comments or annotations): skipped",
            plural(tally.uncoded, "selection has", "selections have")
        ),
    );
    say(
        tally.unknown_codes,
        format!(
            "{} to codes missing from the code tree: dropped",
            plural(tally.unknown_codes, "coding refers", "codings refer")
        ),
    );
    say(
        tally.no_text,
        format!(
            "{} in sources whose text is not in the file: counted, but not quoted",
            plural(tally.no_text, "coded selection is", "coded selections are")
        ),
    );
    say(
        tally.not_text,
        format!(
            "{} of pictures, PDF areas, audio or video, or whole sources: counted, but not quoted",
            plural(tally.not_text, "coding is", "codings are")
        ),
    );
    say(
        claimed_twice,
        format!(
            "{} to more than one case; the first case was used",
            plural(claimed_twice, "source or selection belongs", "sources or selections belong")
        ),
    );
    for error in &tally.unreadable_texts {
        warnings.push(format!(
            "{file}: a source text could not be read ({error}); its selections are counted, but not quoted"
        ));
    }
    if let Some(p) = positions
        && p.selections >= 10
        && p.between_words < 0.8
    {
        warnings.push(format!(
            "{file}: only {:.0}% of selections start and end between words with positions counted in {}: some quotes may be cut in the wrong places",
            p.between_words * 100.0,
            p.convention
        ));
    }
    warnings
}
