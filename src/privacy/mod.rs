//! Keeping private text out of the report: names listed under `[privacy] redact`, participant
//! ids, e-mail addresses and phone numbers are replaced wherever data text reaches the report
//! (quotes, theme names, source labels).
//!
//! Matching is done in folded form ([`fold`]), so a name typed with a decomposed accent, a
//! full-width letter or a zero-width space inside it is still found; the replacement keeps the
//! rest of the text as typed.

pub mod fold;
mod ids;
pub mod patterns;
mod replacements;

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

pub use fold::{Folded, fold};
pub use ids::{Directory, IdIndex, Named};
pub use replacements::Replacements;

use crate::input::table::is_bidi_control;

/// What replaces a redacted name (and a participant id in a quote).
pub const NAME: &str = "[name]";
/// What replaces an e-mail address.
pub const EMAIL: &str = "[email]";
/// What replaces a phone number.
pub const PHONE: &str = "[phone]";

/// What a replaced stretch of text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A name listed under `[privacy] redact`.
    Name,
    /// A participant id.
    Id,
    /// An e-mail address.
    Email,
    /// A phone number.
    Phone,
}

impl Kind {
    /// The kind in words, for warnings: `a participant id`.
    pub fn described(self) -> &'static str {
        match self {
            Kind::Name => "a name listed for redaction",
            Kind::Id => "a participant id",
            Kind::Email => "an e-mail address",
            Kind::Phone => "a phone number",
        }
    }
}

/// How participant ids are replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdsAs {
    /// By "[name]", as in the words of a quote.
    Placeholder,
    /// By the person's name in the report (pseudonym or "Participant N"), as in a theme name.
    Names,
}

/// One name or phrase to find.
#[derive(Debug, Clone)]
struct Target {
    /// Whether the target starts and ends with a letter or digit (and so must not continue a
    /// word of the text there).
    word_start: bool,
    word_end: bool,
}

/// A text with the private parts replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Redacted {
    /// The text, with the private parts replaced and direction controls dropped.
    pub text: String,
    /// What was replaced (each kind once, in the order of [`Kind`]).
    pub kinds: Vec<Kind>,
}

/// Finds and replaces names, participant ids, e-mail addresses and phone numbers.
///
/// Names (a handful) are found by one Aho–Corasick automaton. Ids (one per participant, a
/// million in a large cohort) are looked up instead: every stretch of the folded text as long
/// as some id is looked for in the [`Directory`], so that a redactor costs nothing per id and
/// only the few texts a report shows are searched.
#[derive(Clone, Default)]
pub struct Redactor<'a> {
    matcher: Option<AhoCorasick>,
    targets: Vec<Target>,
    /// The names in folded form (a name listed for redaction is a name, even if it is an id).
    patterns: Vec<String>,
    ids: Option<&'a dyn Directory>,
}

impl std::fmt::Debug for Redactor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor").field("names", &self.patterns).field("ids", &self.ids.is_some()).finish()
    }
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether an id can be told apart from ordinary text: at least two characters with a letter
/// (`P1`, `stf-1003`). A bare number (`7`, `1001`) cannot: it is a count or a year as well.
pub fn id_is_searchable(id: &str) -> bool {
    id.chars().count() >= 2 && id.chars().any(char::is_alphabetic)
}

impl<'a> Redactor<'a> {
    /// A redactor of `names` (whole words or phrases) and of the participant ids in `ids` (each
    /// replaced by the name the directory gives in [`IdsAs::Names`]); ids that cannot be told from
    /// ordinary text are left alone (see [`id_is_searchable`]).
    pub fn new(names: &[String], ids: Option<&'a dyn Directory>) -> Redactor<'a> {
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Target> = Vec::new();
        for name in names {
            let folded = fold(name.trim());
            if folded.is_empty() || patterns.contains(&folded) {
                continue;
            }
            let word_start = folded.chars().next().is_some_and(is_word);
            let word_end = folded.chars().next_back().is_some_and(is_word);
            patterns.push(folded);
            targets.push(Target { word_start, word_end });
        }
        // The patterns are short words: building cannot fail on them.
        let matcher = (!patterns.is_empty())
            .then(|| AhoCorasick::builder().match_kind(MatchKind::Standard).build(&patterns).ok())
            .flatten();
        Redactor { matcher, targets, patterns, ids }
    }

    /// `text` with names, ids, e-mail addresses and phone numbers replaced, ids as `ids_as`
    /// says.
    pub fn redact(&self, text: &str, ids_as: IdsAs) -> Redacted {
        // A character can unfold to several (`½` to `1⁄2`), and a match may take its first part:
        // replacing the whole character then leaves what followed it a word of its own. The
        // result is searched again until nothing changes (a few passes at most).
        const MAX_PASSES: usize = 4;
        let mut redacted = self.redact_once(text, ids_as);
        for _ in 1..MAX_PASSES {
            if redacted.kinds.is_empty() {
                break;
            }
            let again = self.redact_once(&redacted.text, ids_as);
            if again.text == redacted.text {
                break;
            }
            redacted.text = again.text;
            redacted.kinds.extend(again.kinds);
            redacted.kinds.sort_unstable();
            redacted.kinds.dedup();
        }
        redacted
    }

    /// One pass of [`Redactor::redact`].
    fn redact_once(&self, text: &str, ids_as: IdsAs) -> Redacted {
        let folded = Folded::new(text);
        let mut hits: Vec<(Range<usize>, Kind, Option<String>)> = Vec::new();
        let searched = folded.text.as_str();
        // Whether a match at `range` would cut a word of the text (where the match itself
        // starts or ends with a letter or digit).
        let cuts_word = |range: &Range<usize>, word_start: bool, word_end: bool| {
            (word_start && searched[..range.start].chars().next_back().is_some_and(is_word))
                || (word_end && searched[range.end..].chars().next().is_some_and(is_word))
        };
        if let Some(matcher) = &self.matcher {
            for found in matcher.find_overlapping_iter(searched) {
                let target = &self.targets[found.pattern().as_usize()];
                if !cuts_word(&found.range(), target.word_start, target.word_end) {
                    hits.push((found.range(), Kind::Name, None));
                }
            }
        }
        if let Some(ids) = self.ids {
            for (start, _) in searched.char_indices() {
                for &length in ids.lengths() {
                    let end = start + length;
                    if end > searched.len() {
                        break;
                    }
                    let Some(stretch) = searched.get(start..end) else { continue };
                    if !id_is_searchable(stretch) || self.patterns.iter().any(|p| p == stretch) {
                        continue;
                    }
                    let Some(name) = ids.name(stretch) else { continue };
                    let word_start = stretch.chars().next().is_some_and(is_word);
                    let word_end = stretch.chars().next_back().is_some_and(is_word);
                    if !cuts_word(&(start..end), word_start, word_end) {
                        hits.push((start..end, Kind::Id, (ids_as == IdsAs::Names).then_some(name)));
                    }
                }
            }
        }
        if folded.text.contains('@') {
            hits.extend(patterns::emails(&folded.text).into_iter().map(|r| (r, Kind::Email, None)));
        }
        hits.extend(patterns::phones(&folded.text).into_iter().map(|r| (r, Kind::Phone, None)));
        // The first match wins, and of matches starting together the longest.
        hits.sort_by_key(|(range, kind, _)| (range.start, std::cmp::Reverse(range.end), *kind));
        let mut out = String::with_capacity(text.len());
        let mut kinds: Vec<Kind> = Vec::new();
        let mut copied = 0;
        for (range, kind, name) in hits {
            let range = folded.original_range(range);
            if range.start < copied || range.is_empty() {
                continue;
            }
            out.extend(text[copied..range.start].chars().filter(|&c| !is_bidi_control(c)));
            out.push_str(match kind {
                Kind::Name | Kind::Id => name.as_deref().unwrap_or(NAME),
                Kind::Email => EMAIL,
                Kind::Phone => PHONE,
            });
            copied = range.end;
            kinds.push(kind);
        }
        out.extend(text[copied..].chars().filter(|&c| !is_bidi_control(c)));
        kinds.sort_unstable();
        kinds.dedup();
        Redacted { text: out, kinds }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn redactor() -> Redactor<'static> {
        static PEOPLE: std::sync::LazyLock<Named> = std::sync::LazyLock::new(|| {
            Named::new([("stf-1003", "Morgan".to_string()), ("p1", "Participant 1".to_string())])
        });
        let names = vec!["Zoë".to_string(), "Priya".to_string(), "Sam Lee".to_string()];
        Redactor::new(&names, Some(&*PEOPLE))
    }

    fn quote(text: &str) -> String {
        redactor().redact(text, IdsAs::Placeholder).text
    }

    #[test]
    fn a_match_inside_an_unfolded_character_leaves_no_id_behind() {
        // `½` unfolds to `1⁄2`: the first `p1` takes it, and the second then stands alone.
        let redacted = quote("Ｐ½P⒈");
        assert!(!fold(&redacted).split(|c: char| !c.is_alphanumeric()).any(|w| w == "p1"), "{redacted}");
    }

    #[test]
    fn names_match_in_any_spelling_and_the_rest_stays_as_typed() {
        assert_eq!(quote("Zoe\u{0308} said"), "[name] said");
        assert_eq!(quote("ask ZOË, zoe or Zoë\u{200B}!"), "ask [name], [name] or [name]!");
        assert_eq!(quote("Pri\u{200B}ya and \u{FF30}riya"), "[name] and [name]");
        assert_eq!(quote("Priya's idea, not Priyanka's"), "[name]'s idea, not Priyanka's");
        assert_eq!(quote("Sam  Lee"), "Sam  Lee");
        assert_eq!(quote("sam lee came"), "[name] came");
        assert_eq!(quote("caf\u{e9} \u{200B}x\u{202E}"), "caf\u{e9} \u{200B}x");
    }

    #[test]
    fn ids_are_replaced_as_whole_tokens() {
        assert_eq!(quote("stf-1003 is me; stf-10031 is not"), "[name] is me; stf-10031 is not");
        assert_eq!(quote("\u{FF33}TF-1003, P\u{200B}1 and P1\u{0301}."), "[name], [name] and [name].");
        let label = redactor().redact("What stf-1003 noticed", IdsAs::Names);
        assert_eq!(label, Redacted { text: "What Morgan noticed".into(), kinds: vec![Kind::Id] });
        let numbers = Named::new([("1001", "Participant 1".to_string()), ("7", "x".to_string())]);
        let bare = Redactor::new(&[], Some(&numbers));
        assert_eq!(bare.redact("1001 nights, 7 days", IdsAs::Names).text, "1001 nights, 7 days");
    }

    #[test]
    fn e_mail_addresses_and_phone_numbers_are_replaced() {
        let redacted = redactor().redact("Mail jo.bloggs@example.com or ring 07700 900123 in 2019–2024.", IdsAs::Names);
        assert_eq!(redacted.text, "Mail [email] or ring [phone] in 2019–2024.");
        assert_eq!(redacted.kinds, [Kind::Email, Kind::Phone]);
        assert_eq!(quote("priya@example.org"), "[email]");
        assert_eq!(quote("\u{FF10}\u{FF17}700 900123"), "[phone]");
        assert_eq!(Redactor::default().redact("3 of 5, 45%", IdsAs::Names).kinds, []);
    }
}
