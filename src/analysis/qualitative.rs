//! The coded data wired together for the pipeline: leave out people who declined consent, check
//! the excerpts' participants against the other files, name speakers (never by a pseudonym that
//! would show an id or other private text), then count themes, replace private text in quotes and
//! labels ([`crate::privacy`]); then, with the outcomes, the joint display.

use std::collections::HashSet;
use std::sync::Arc;

use super::Outcome;
use super::coded::Keys;
use super::joint::{self, JointRow};
use super::quotes::Speakers;
use super::themes::{self, CodingSummary, Shown, ThemeRow};
use crate::input::coding::Coding;
use crate::input::ids::normalise;
use crate::input::{Attendance, Participants, Responses};
use crate::privacy::{IdIndex, IdsAs, Kind, Redactor, Replacements};
use crate::scoring::ScaleScores;

/// Most "in no other file" warnings listed one by one.
const MAX_LISTED: usize = 5;

/// Everything the qualitative analysis reads.
pub struct QualitativeInputs<'a> {
    /// The coded data (handed over: excerpts are left out and relabelled in place).
    pub coding: Coding,
    /// The scores file, if any.
    pub responses: Option<&'a Responses>,
    /// participants.csv, if any (pseudonyms, consent).
    pub participants: Option<&'a Participants>,
    /// attendance.csv, if any.
    pub attendance: Option<&'a Attendance>,
    /// The other data files named in programme.toml, for messages.
    pub other_files: Vec<String>,
    /// `[privacy] redact`.
    pub redact: &'a [String],
}

/// The themes part of `results.json`, with the quotes the report shows.
#[derive(Debug, Clone)]
pub struct Qualitative {
    /// One row per theme and per subtheme.
    pub themes: Vec<ThemeRow>,
    /// What the coded data hold.
    pub summary: CodingSummary,
    /// What was dropped or is doubtful.
    pub warnings: Vec<String>,
    /// Each scores-file participant's number among the people of the coded data, if they are
    /// in it, and how many people those are: what the joint display needs of the coded data.
    coded_as: Vec<Option<u32>>,
    coded_people: usize,
}

impl Qualitative {
    /// The joint display of the themes against the outcomes (the scores file's `scales`, the
    /// `outcomes` in their order), groups under `min_cell` withheld. It is made apart from the
    /// themes so that the themes can be counted while the scores are analysed.
    pub fn joint(
        &self,
        responses: &Responses,
        scales: &[ScaleScores],
        outcomes: &[Outcome],
        min_cell: usize,
    ) -> Vec<JointRow> {
        let changes = joint::changes(responses, scales);
        joint::joint_display(&self.themes, &self.coded_as, self.coded_people, outcomes, &changes, min_cell)
    }
}

/// Analyse the coded data.
pub fn analyse(inputs: QualitativeInputs) -> Qualitative {
    let mut coding = inputs.coding;
    let mut warnings = coding.warnings.clone();
    if let Some(list) = inputs.participants {
        let declined = |id: &str| list.position(id).is_some_and(|p| !list.consented[p]);
        let left_out: HashSet<usize> =
            coding.excerpts.iter().filter(|e| declined(&e.participant)).map(|e| e.segment).collect();
        if !left_out.is_empty() {
            warnings.push(format!(
                "{} {} from people marked consented = no {} left out",
                left_out.len(),
                if left_out.len() == 1 { "excerpt" } else { "excerpts" },
                if left_out.len() == 1 { "was" } else { "were" }
            ));
            coding.excerpts.retain(|e| !declined(&e.participant));
        }
    }
    // Everyone numbered once, in order of first appearance: the other files first (the files
    // list most people several times), so a number below `known` is someone they list.
    let lists = [
        inputs.participants.map(|p| p.ids.as_slice()),
        inputs.responses.map(|r| r.participants.as_slice()),
        inputs.attendance.map(|a| a.participants.as_slice()),
    ];
    let mut everyone = IdIndex::default();
    // Room for the longest list at once: most people are in every file.
    everyone.reserve(lists.iter().flatten().map(|ids| ids.len()).max().unwrap_or(0));
    for ids in lists.into_iter().flatten() {
        // The files mostly list people in the same order: the i-th is then the i-th numbered.
        for (i, id) in ids.iter().enumerate() {
            if !everyone.is(i, id) {
                everyone.add(id.as_str().into());
            }
        }
    }
    let known = everyone.len() as u32;
    // A person's excerpts mostly come one after another: each run is looked up once.
    let mut last = None;
    for excerpt in &coding.excerpts {
        if last.replace(&*excerpt.participant) == Some(&*excerpt.participant) {
            continue;
        }
        // Owned: the coded data are relabelled below, while everyone is still named.
        if everyone.number(&excerpt.participant).is_none() {
            everyone.add(excerpt.participant.to_string().into());
        }
    }
    let is_known = |id: &str| everyone.number(id).is_some_and(|n| n < known);
    warnings.extend(unknown_participants(&coding, is_known, &inputs.other_files));
    let (pseudonyms, withheld) = match inputs.participants {
        Some(list) => checked_pseudonyms(list, &everyone, inputs.redact),
        None => Default::default(),
    };
    let given: Vec<(u32, String)> = match inputs.participants {
        Some(list) => {
            let numbered = list.ids.iter().zip(pseudonyms).map(|(id, p)| Some((everyone.number(id)?, p?)));
            numbered.flatten().collect()
        }
        None => Vec::new(),
    };
    let speakers = Speakers::new(everyone, given);
    if let Some(list) = inputs.participants {
        warnings.extend(withheld_warnings(list, &withheld, &speakers));
    }
    let redactor = Redactor::new(inputs.redact, Some(&speakers));
    let mut shown = Shown { speakers: &speakers, redactor: &redactor, replaced: Replacements::default() };
    redact_sources(&mut coding, &mut shown);
    let keys = Keys::new(&coding);
    let mut rows = themes::theme_rows(&coding, &keys, &mut shown);
    themes::redact_labels(&mut rows, &coding, &mut shown);
    warnings.extend(shown.replaced.warnings());
    let summary = themes::summary(&coding, &keys, &rows);
    let ids = inputs.responses.iter().flat_map(|r| r.participants.iter());
    let coded_as = ids.map(|id| keys.people.find(id)).collect();
    let coded_people = keys.people.len();
    drop(keys);
    drop_aside(coding);
    Qualitative { themes: rows, summary, warnings, coded_as, coded_people }
}

/// Free `value` on a thread of its own: a million excerpts take a tenth of a second to free,
/// time the report need not wait for (where no thread can be had, it is freed here).
fn drop_aside<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// Why a pseudonym is not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Withheld {
    /// It is the person's own id.
    OwnId,
    /// It holds an id, a name listed for redaction, an e-mail address or a phone number.
    Holds(Kind),
}

/// The pseudonyms of `list` that may be shown (by position), and the positions of those that may
/// not: a pseudonym equal to a participant id (compared in normalised form) or holding one, a
/// redacted name, an e-mail address or a phone number would put it in the report.
fn checked_pseudonyms(
    list: &Participants,
    everyone: &IdIndex,
    redact: &[String],
) -> (Vec<Option<String>>, Vec<(usize, Withheld)>) {
    let finder = Redactor::new(redact, Some(everyone));
    let mut withheld = Vec::new();
    let pseudonyms = list
        .pseudonyms
        .iter()
        .enumerate()
        .map(|(p, pseudonym)| {
            let pseudonym = pseudonym.as_deref()?;
            let key = normalise(pseudonym);
            let reason = if key == list.ids[p] {
                Some(Withheld::OwnId)
            } else if everyone.number(&key).is_some() {
                Some(Withheld::Holds(Kind::Id))
            } else {
                finder.redact(pseudonym, IdsAs::Placeholder).kinds.first().map(|&kind| Withheld::Holds(kind))
            };
            match reason {
                Some(reason) => {
                    withheld.push((p, reason));
                    None
                }
                None => Some(pseudonym.to_string()),
            }
        })
        .collect();
    (pseudonyms, withheld)
}

/// A warning per withheld pseudonym (the first few), naming the line and the name shown instead.
fn withheld_warnings(list: &Participants, withheld: &[(usize, Withheld)], speakers: &Speakers) -> Vec<String> {
    let file = list.table.as_ref().map_or("participants file", |t| t.name.as_str());
    let mut warnings: Vec<String> = withheld
        .iter()
        .take(MAX_LISTED)
        .map(|&(p, reason)| {
            let reason = match reason {
                Withheld::OwnId => "is the participant id".to_string(),
                Withheld::Holds(kind) => format!("holds {}", kind.described()),
            };
            format!(
                "{file}:{}: the pseudonym {reason}, so it is not shown: this person is named “{}” instead; give a \
                 made-up name, or leave the cell empty",
                list.lines[p],
                speakers.name(&list.ids[p])
            )
        })
        .collect();
    if withheld.len() > MAX_LISTED {
        warnings.push(format!(
            "{file}: {} more pseudonyms hold participant ids or other private text and are not shown",
            withheld.len() - MAX_LISTED
        ));
    }
    warnings
}

/// Replace names, ids, e-mail addresses and phone numbers in the excerpts' source labels
/// (`diary`, `interview with …`), noting the rows.
fn redact_sources(coding: &mut Coding, shown: &mut Shown) {
    let file = coding.files.last().cloned().unwrap_or_default();
    // Most excerpts share a handful of labels: each is redacted once, and kept only if it
    // changed.
    let mut done: foldhash::HashMap<Arc<str>, Option<(Arc<str>, crate::privacy::Redacted)>> =
        foldhash::HashMap::default();
    for excerpt in &mut coding.excerpts {
        let changed = done.entry(excerpt.source.clone()).or_insert_with(|| {
            let redacted = shown.redactor.redact(&excerpt.source, IdsAs::Names);
            (*redacted.text != *excerpt.source).then(|| (Arc::from(redacted.text.as_str()), redacted))
        });
        if let Some((text, redacted)) = changed {
            shown.replaced.note(&file, excerpt.row, "source label", &redacted.kinds, IdsAs::Names);
            excerpt.source = text.clone();
        }
    }
    let origin = shown.redactor.redact(&coding.origin, IdsAs::Names);
    shown.replaced.note(&file, None, "project's origin", &origin.kinds, IdsAs::Names);
    coding.origin = origin.text;
}

/// Warnings for excerpts whose participant is in none of the other data files (only when there
/// are other files). They name rows or count people, never ids.
fn unknown_participants(coding: &Coding, is_known: impl Fn(&str) -> bool, other_files: &[String]) -> Vec<String> {
    if other_files.is_empty() {
        return Vec::new();
    }
    let unknown: Vec<&crate::input::coding::Excerpt> =
        coding.excerpts.iter().filter(|e| !is_known(&e.participant)).collect();
    let file = coding.files.last().cloned().unwrap_or_default();
    let others = other_files.join(", ");
    let mut warnings = Vec::new();
    let mut seen = HashSet::new();
    let first_rows: Vec<(usize, &str)> = unknown
        .iter()
        .filter(|e| seen.insert(&*e.participant))
        .filter_map(|e| e.row.map(|row| (row, &*e.participant)))
        .collect();
    if first_rows.is_empty() && !seen.is_empty() {
        let n = seen.len();
        warnings.push(format!(
            "{file}: {n} {} (case or source names) {} in no other file ({others}); name each case or source by its \
             participant id, or give it a participant_id variable",
            if n == 1 { "participant" } else { "participants" },
            if n == 1 { "is" } else { "are" },
        ));
    }
    for (row, _) in first_rows.iter().take(MAX_LISTED) {
        warnings
            .push(format!("{file}:{row}: this participant is in no other file ({others}); check the id for a typo"));
    }
    if first_rows.len() > MAX_LISTED {
        warnings.push(format!("{file}: {} more participants are in no other file", first_rows.len() - MAX_LISTED));
    }
    warnings
}
