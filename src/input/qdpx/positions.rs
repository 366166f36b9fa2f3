//! Text positions of REFI-QDA selections, and cutting the selected words out of a source text.
//!
//! The specification counts Unicode code points from 0, end exclusive. Real exports differ: NVivo
//! counts UTF-16 code units (so cuts drift after each emoji if read as code points) and counts CR
//! and LF separately; ATLAS.ti counts a CRLF line break as one position. A leading byte-order mark
//! is never counted. The reader tries each [`Convention`] on every selection of the project and
//! keeps the one whose cuts fall between words most often, preferring the exporter's own when
//! they tie (as they do on ASCII text with LF line ends).

use std::collections::HashMap;

/// How positions are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convention {
    /// UTF-16 code units (true) or Unicode code points (false).
    pub utf16: bool,
    /// A CRLF line break counts as one position (true) or two (false).
    pub crlf_as_one: bool,
}

impl Convention {
    /// Every convention, the specification's first.
    pub const ALL: [Convention; 4] = [
        Convention { utf16: false, crlf_as_one: false },
        Convention { utf16: true, crlf_as_one: false },
        Convention { utf16: false, crlf_as_one: true },
        Convention { utf16: true, crlf_as_one: true },
    ];

    /// The convention the exporting program is known to use, from the project's `origin`.
    pub fn of_origin(origin: &str) -> Convention {
        let origin = origin.to_lowercase();
        if origin.contains("nvivo") {
            Convention { utf16: true, crlf_as_one: false }
        } else if origin.contains("atlas") {
            Convention { utf16: false, crlf_as_one: true }
        } else {
            Convention { utf16: false, crlf_as_one: false }
        }
    }

    /// In words, for the methods section.
    pub fn describe(self) -> String {
        let units = if self.utf16 { "UTF-16 code units" } else { "Unicode code points" };
        let lines = if self.crlf_as_one { "a CRLF line break as one" } else { "CR and LF separately" };
        format!("{units}, counting {lines}")
    }
}

/// Positions of one text found for one convention: each asked-for position as a byte offset
/// into the text, in a single pass that keeps nothing per character.
pub struct Located<'t> {
    text: &'t str,
    /// Position → (byte offset, whether a character starts exactly there).
    at: HashMap<u64, (usize, bool)>,
    /// The text's length in positions.
    len: u64,
}

impl<'t> Located<'t> {
    /// Find `positions` in `text` (without its byte-order mark) counted by `convention`. A
    /// position inside a character (half a surrogate pair) rounds down to that character.
    pub fn new(text: &'t str, convention: Convention, positions: impl IntoIterator<Item = u64>) -> Located<'t> {
        let mut wanted: Vec<u64> = positions.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut wanted = wanted.into_iter().peekable();
        let mut at = HashMap::new();
        let mut units = 0u64;
        let mut chars = text.char_indices().peekable();
        while let Some((byte, c)) = chars.next() {
            let width = if convention.crlf_as_one && c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                0
            } else if convention.utf16 {
                c.len_utf16() as u64
            } else {
                1
            };
            // A zero-width CR shares its position with the LF after it; the LF is the one found.
            while width > 0
                && let Some(&p) = wanted.peek()
                && p < units + width
            {
                at.insert(p, (byte, p == units));
                wanted.next();
            }
            units += width;
        }
        for p in wanted.take_while(|&p| p == units) {
            at.insert(p, (text.len(), true));
        }
        Located { text, at, len: units }
    }

    /// The text's length in positions.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The text from `start` to `end` (half-open), or `None` if either was not asked for or the
    /// range is not inside the text.
    pub fn cut(&self, start: u64, end: u64) -> Option<&'t str> {
        let (&(from, _), &(to, _)) = (self.at.get(&start)?, self.at.get(&end)?);
        (start <= end && from <= to).then(|| &self.text[from..to])
    }

    /// Whether `position` falls between words: at either end of the text, or where the
    /// characters on both sides are not both letters or digits.
    pub fn between_words(&self, position: u64) -> bool {
        match self.at.get(&position) {
            None | Some((_, false)) => false,
            Some(&(byte, true)) => {
                let before = self.text[..byte].chars().next_back();
                let after = self.text[byte..].chars().next();
                !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
            }
        }
    }
}

/// A selection's range in one text, for choosing the convention.
pub struct Probe<'a> {
    /// Index into the texts.
    pub text: usize,
    /// Start and end as exported.
    pub range: (u64, u64),
    /// The selection's name when it may be the start of the selected text (ATLAS.ti).
    pub name: Option<&'a str>,
}

/// How well a convention fits: selection ends between words, and names matching the cut text.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Fit {
    /// Selection ends (two per selection) that fall between words.
    pub between_words: usize,
    /// All selection ends examined.
    pub ends: usize,
    /// Selections whose name matches the start of the cut text.
    pub names_matched: usize,
}

impl Fit {
    /// A single score: names that match weigh as much as two well-placed ends.
    fn score(self) -> f64 {
        let total = self.ends + 2 * self.names_matched.max(1);
        (self.between_words + 2 * self.names_matched) as f64 / total as f64
    }

    /// The share of selection ends between words (1 when there are none).
    pub fn share(self) -> f64 {
        if self.ends == 0 { 1.0 } else { self.between_words as f64 / self.ends as f64 }
    }
}

/// How well `convention` fits the `probes` on `texts` (BOM removed).
pub fn fit(texts: &[String], probes: &[Probe], convention: Convention) -> Fit {
    let indexed: Vec<Located> = texts
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let positions = probes.iter().filter(|p| p.text == i).flat_map(|p| [p.range.0, p.range.1]);
            Located::new(text, convention, positions)
        })
        .collect();
    let mut fit = Fit::default();
    for probe in probes {
        let text = &indexed[probe.text];
        let (start, end) = probe.range;
        fit.ends += 2;
        fit.between_words += usize::from(text.between_words(start)) + usize::from(text.between_words(end));
        if let (Some(name), Some(cut)) = (probe.name, text.cut(start, end))
            && name_matches(name, cut)
        {
            fit.names_matched += 1;
        }
    }
    fit
}

/// The convention that fits best, `preferred` when others fit no better, with its fit.
pub fn choose(texts: &[String], probes: &[Probe], preferred: Convention) -> (Convention, Fit) {
    let best_fit = fit(texts, probes, preferred);
    let mut best = (preferred, best_fit);
    for convention in Convention::ALL.into_iter().filter(|c| *c != preferred) {
        let candidate = fit(texts, probes, convention);
        if candidate.score() > best.1.score() + 1e-9 {
            best = (convention, candidate);
        }
    }
    best
}

/// Whether a selection name is the start of its text: ATLAS.ti names a quotation by its first
/// hundred or so characters, sometimes ending in "…".
pub fn name_matches(name: &str, cut: &str) -> bool {
    let name = squash(name.trim_end_matches('…'));
    name.chars().count() >= 3 && squash(cut).starts_with(&name)
}

/// Whitespace runs as single spaces, ends trimmed.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> String {
        text.to_string()
    }

    #[test]
    fn utf16_positions_count_an_emoji_twice() {
        let text = "I 😀 like tea";
        let cp = Located::new(text, Convention { utf16: false, crlf_as_one: false }, [4, 5, 8]);
        let u16 = Located::new(text, Convention { utf16: true, crlf_as_one: false }, [3, 5, 9]);
        assert_eq!(cp.cut(4, 8), Some("like"));
        assert_eq!(u16.cut(5, 9), Some("like"));
        assert!(u16.between_words(5) && !cp.between_words(5));
        // Inside the surrogate pair: not a clean position.
        assert!(!u16.between_words(3));
    }

    #[test]
    fn crlf_counts_once_or_twice() {
        let text = "ab\r\ncd";
        let two = Located::new(text, Convention { utf16: false, crlf_as_one: false }, [4, 6, 7]);
        let one = Located::new(text, Convention { utf16: false, crlf_as_one: true }, [2, 3, 5]);
        assert_eq!(two.cut(4, 6), Some("cd"));
        assert_eq!(one.cut(3, 5), Some("cd"));
        assert_eq!(one.len(), 5);
        assert_eq!(one.cut(2, 5), Some("\ncd"), "a break counted once is found at its LF");
        assert_eq!(two.cut(4, 7), None, "past the end");
    }

    #[test]
    fn the_fitting_convention_wins_and_ties_keep_the_preferred() {
        let texts = vec![chars("😀😀 one two three four")];
        let probes = [Probe { text: 0, range: (5, 8), name: None }, Probe { text: 0, range: (13, 18), name: None }];
        let spec = Convention { utf16: false, crlf_as_one: false };
        let (chosen, fit) = choose(&texts, &probes, spec);
        assert!(chosen.utf16, "{fit:?}");
        let ascii = vec![chars("one two three")];
        let probes = [Probe { text: 0, range: (4, 7), name: None }];
        let nvivo = Convention { utf16: true, crlf_as_one: false };
        assert_eq!(choose(&ascii, &probes, nvivo).0, nvivo);
    }

    #[test]
    fn atlas_names_match_the_start_of_the_text() {
        assert!(name_matches("For some reason babies…", "For some  reason babies aren't"));
        assert!(!name_matches("damage done by fatty foods", "Something else"));
    }
}
