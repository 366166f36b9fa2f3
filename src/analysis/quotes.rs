//! Quotes as the report shows them: attributed by pseudonym or "Participant N" (never by raw
//! id), with `[privacy] redact` words and participant ids replaced by "[name]", e-mail addresses
//! and phone numbers by "[email]" and "[phone]" (see [`crate::privacy`]), and chosen
//! deterministically.

use std::collections::HashSet;

use foldhash::HashMap;

use serde::Serialize;

use crate::privacy::{Directory, IdIndex, IdsAs, Redactor};

/// What replaces a redacted word.
pub const REDACTED: &str = crate::privacy::NAME;
/// Quotes shown per subtheme (or per theme without subthemes).
pub const PER_ROW: usize = 2;
/// Words of the ideal quote: long enough to carry a thought, short enough to read at a glance.
const IDEAL_WORDS: usize = 30;
/// A readable quote has at least this many words…
const MIN_WORDS: usize = 8;
/// …and at most this many; longer ones are shortened.
const MAX_WORDS: usize = 90;

/// A quote ready for the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quote {
    /// The words, redacted and shortened where needed.
    pub text: String,
    /// Pseudonym or "Participant N".
    pub attribution: String,
    /// `diary, week 3`, `focus group`; `None` for an unnamed kind of source.
    pub source: Option<String>,
}

/// How participants are named in the report: by pseudonym, else "Participant N" with N their
/// position among everyone in the data files (participants.csv, then scores, attendance and the
/// coded data, each in file order).
#[derive(Debug, Default)]
pub struct Speakers<'a> {
    /// Everyone's number (N - 1), by id.
    ids: IdIndex<'a>,
    /// The pseudonyms given, by number.
    pseudonyms: HashMap<u32, String>,
}

impl<'a> Speakers<'a> {
    /// Name everyone numbered in `ids`, using the pseudonyms given by number (blank ones are
    /// not used).
    pub fn new(ids: IdIndex<'a>, pseudonyms: impl IntoIterator<Item = (u32, String)>) -> Speakers<'a> {
        let pseudonyms = pseudonyms.into_iter().filter(|(_, p)| !p.trim().is_empty()).collect();
        Speakers { ids, pseudonyms }
    }

    /// The name of number `n`.
    fn numbered(&self, n: u32) -> String {
        self.pseudonyms.get(&n).cloned().unwrap_or_else(|| format!("Participant {}", n + 1))
    }

    /// The name of participant `id` ("Participant" for someone not numbered, which cannot
    /// happen when the numbering includes the coded data).
    pub fn name(&self, id: &str) -> String {
        self.ids.number(id).map_or_else(|| "Participant".to_string(), |n| self.numbered(n))
    }
}

/// The participants' ids, each replaced by the person's name.
impl Directory for Speakers<'_> {
    fn lengths(&self) -> &[usize] {
        self.ids.lengths()
    }

    fn name(&self, folded: &str) -> Option<String> {
        self.ids.number(folded).map(|n| self.numbered(n))
    }
}

/// Replace each of `words` (whole words, any case; a phrase matches as a whole) in `text` with
/// "[name]", and e-mail addresses and phone numbers with "[email]" and "[phone]". Words match in
/// folded form (see [`crate::privacy::fold`]: accents, full-width forms and invisible characters
/// do not count). Controls that reorder text are dropped too (see
/// [`crate::input::table::is_bidi_control`]), as quotes from a REFI-QDA project do not pass
/// through the table reader that drops them elsewhere.
pub fn redact(text: &str, words: &[String]) -> String {
    Redactor::new(words, None).redact(text, IdsAs::Placeholder).text
}

/// `text` cut to at most [`MAX_WORDS`] words, ending at a sentence end when one is near, with
/// "…" marking the cut.
pub fn shorten(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= MAX_WORDS {
        return words.join(" ");
    }
    let kept = &words[..MAX_WORDS];
    let sentence_end = kept.iter().rposition(|w| w.ends_with(['.', '!', '?'])).filter(|&i| i + 1 >= MAX_WORDS / 2);
    match sentence_end {
        Some(i) => format!("{} …", kept[..=i].join(" ")),
        None => format!("{} …", kept.join(" ").trim_end_matches([',', ';', ':'])),
    }
}

/// The number of words of `text`, as `split_whitespace` counts them; ASCII text (most quotes)
/// is counted byte by byte, which is several times faster.
pub fn word_count(text: &str) -> usize {
    if !text.is_ascii() {
        return text.split_whitespace().count();
    }
    // Unicode's White_Space among ASCII: tab, line feed, vertical tab, form feed, return, space.
    let space = |b: u8| matches!(b, b'\t'..=b'\r' | b' ');
    let mut words = 0;
    let mut in_word = false;
    for &b in text.as_bytes() {
        let word_byte = !space(b);
        words += usize::from(word_byte && !in_word);
        in_word = word_byte;
    }
    words
}

/// One candidate quote for [`choose`].
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The words as coded.
    pub text: &'a str,
    /// The speaker's raw id (used only to spread quotes across people).
    pub participant: &'a str,
    /// Flagged by the analyst.
    pub exemplar: bool,
    /// The stretch of words it is (so one stretch is never shown twice).
    pub segment: usize,
    /// Its number of words ([`word_count`] of `text`).
    pub words: usize,
}

/// Up to `count` of `candidates` (indices), chosen deterministically: flagged exemplars first,
/// then quotes of readable length (8 to 90 words), then people not yet quoted, then the length
/// nearest 30 words, then file order. Segments in `used` are skipped and the chosen ones added.
pub fn choose(candidates: &[Candidate], count: usize, used: &mut HashSet<usize>) -> Vec<usize> {
    let words: Vec<usize> = candidates.iter().map(|c| c.words).collect();
    let mut chosen: Vec<usize> = Vec::new();
    let mut quoted: HashSet<&str> = HashSet::new();
    while chosen.len() < count {
        let best = candidates
            .iter()
            .enumerate()
            // A text of only spaces has no words.
            .filter(|(i, c)| words[*i] > 0 && !used.contains(&c.segment))
            .min_by_key(|(i, c)| {
                let readable = (MIN_WORDS..=MAX_WORDS).contains(&words[*i]);
                (!c.exemplar, !readable, quoted.contains(c.participant), words[*i].abs_diff(IDEAL_WORDS), *i)
            });
        let Some((i, c)) = best else { break };
        used.insert(c.segment);
        quoted.insert(c.participant);
        chosen.push(i);
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in
            ["", "  ", "one", " two  words ", "a\tb\nc\x0bd\x0ce\rf", "x\u{1f}y", "Zoë  said\u{2003}so", "end. "]
        {
            assert_eq!(word_count(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    #[test]
    fn redaction_replaces_whole_words_in_any_case() {
        let words = vec!["Alex".to_string(), "Sam Lee".to_string()];
        assert_eq!(redact("alex said ALEX's idea to Sam Lee", &words), "[name] said [name]'s idea to [name]");
        assert_eq!(redact("Alexander and Samuel", &words), "Alexander and Samuel");
        assert_eq!(redact("Zoë met Zoë", &["ZOË".to_string()]), "[name] met [name]");
        assert_eq!(redact("nothing", &[]), "nothing");
        assert_eq!(redact("Zoe\u{0308} and Zo\u{200B}\u{eb}", &["Zoë".to_string()]), "[name] and [name]");
        assert_eq!(redact("a@b.org, 07700 900123", &[]), "[email], [phone]");
    }

    #[test]
    fn speakers_are_named_by_pseudonym_or_number() {
        let mut ids = IdIndex::default();
        let robin = ["p9", "p2", "p9", "p5"].map(|id| ids.add(id.into()))[3];
        let speakers = Speakers::new(ids, [(robin, "Robin".to_string())]);
        assert_eq!(speakers.name("p9"), "Participant 1");
        assert_eq!(speakers.name("p2"), "Participant 2");
        assert_eq!(speakers.name("p5"), "Robin");
    }

    #[test]
    fn long_quotes_are_shortened_at_a_sentence() {
        let long = format!("{} End here. {}", "word ".repeat(60), "more ".repeat(60));
        let short = shorten(&long);
        assert!(short.ends_with("End here. …"), "{short}");
        assert_eq!(shorten("  a  short\nquote "), "a short quote");
    }
}
