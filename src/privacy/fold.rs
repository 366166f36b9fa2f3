//! The form in which text is compared for privacy: participant ids across files, names listed
//! for redaction, ids inside quotes and labels. Spellings that look alike count as one:
//!
//! - compatibility forms are unfolded (Unicode NFKD): a full-width `Ｐ１` is `P1`, a ligature
//!   `ﬁ` is `fi`;
//! - combining accents are dropped, so `Zoë` typed with one character or as `e` + U+0308, and
//!   `Zoe` without the accent, all match (only the combining diacritical marks: the vowel signs
//!   of Indic scripts, for one, are letters of their words and stay);
//! - invisible characters are dropped (zero-width space and joiners, soft hyphen, byte-order
//!   mark, direction marks and overrides, variation selectors);
//! - letter case does not count.
//!
//! [`Folded`] keeps, for each byte of the folded text, where it came from, so that a match can be
//! replaced in the text as typed.

use std::ops::Range;

use unicode_normalization::char::decompose_compatible;

/// Whether `c` is shown as nothing, or only changes how the characters around it join or run.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// Whether `c` is a combining accent: the combining diacritical marks blocks.
pub fn is_combining_accent(c: char) -> bool {
    matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE20}'..='\u{FE2F}'
    )
}

/// Push the folded form of `c` (possibly nothing) to `out`.
fn fold_char(c: char, mut out: impl FnMut(char)) {
    if is_invisible(c) {
        return;
    }
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
        return;
    }
    decompose_compatible(c, |part| {
        // Lower case can bring an accent back (`İ` is `i` + U+0307).
        for lower in part.to_lowercase() {
            if !is_combining_accent(lower) && !is_invisible(lower) {
                out(lower);
            }
        }
    });
}

/// `text` in the folded form (see the module documentation).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |f| out.push(f));
    }
    out
}

/// A text in folded form, with the way back to the text as typed.
#[derive(Debug, Clone)]
pub struct Folded<'a> {
    /// The text as typed.
    pub original: &'a str,
    /// The folded text.
    pub text: String,
    /// For each byte of `text`, the bytes of `original` of the character it came from.
    origin: Vec<(u32, u32)>,
}

impl<'a> Folded<'a> {
    /// Fold `original`, keeping track of where each folded byte came from.
    pub fn new(original: &'a str) -> Folded<'a> {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (at, c) in original.char_indices() {
            let span = (at as u32, (at + c.len_utf8()) as u32);
            fold_char(c, |f| {
                text.push(f);
                origin.extend(std::iter::repeat_n(span, f.len_utf8()));
            });
        }
        Folded { original, text, origin }
    }

    /// The bytes of the original text that the folded bytes `range` came from, with the
    /// characters right after them that fold to nothing (an accent typed after the last
    /// letter, a zero-width space), as they belong to the match.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.origin.get(range.start).map_or(self.original.len(), |&(start, _)| start as usize);
            return at..at;
        }
        let start = self.origin[range.start].0 as usize;
        let mut end = self.origin[range.end - 1].1 as usize;
        // A match may end inside what one character unfolds to (`⒈` is `1.`): then that
        // character is the last one replaced.
        let next = self.origin.get(range.end).map_or(self.original.len(), |&(start, _)| start as usize).max(end);
        for c in self.original[end..next].chars() {
            let mut empty = true;
            fold_char(c, |_| empty = false);
            if !empty {
                break;
            }
            end += c.len_utf8();
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_spellings_fold_to_one() {
        assert_eq!(fold("P1"), "p1");
        assert_eq!(fold("P\u{200B}1"), "p1");
        assert_eq!(fold("\u{FF30}1"), "p1");
        assert_eq!(fold("P1\u{0301}"), "p1");
        assert_eq!(fold("Zoe\u{0308}"), "zoe");
        assert_eq!(fold("ZOË"), "zoe");
        assert_eq!(fold("\u{FEFF}Pri\u{00AD}ya\u{200D}"), "priya");
        assert_eq!(fold("İstanbul"), "istanbul");
        // Letters of other scripts keep their signs.
        assert_eq!(fold("मीरा"), "मीरा");
        assert_eq!(fold("Ｓｔｆ－１００１"), "stf-1001");
    }

    #[test]
    fn folded_ranges_lead_back_to_the_text_as_typed() {
        let text = "Hi Zoe\u{0308}\u{200B}, and \u{FF30}1!";
        let folded = Folded::new(text);
        assert_eq!(folded.text, "hi zoe, and p1!");
        let at = folded.text.find("zoe").unwrap();
        assert_eq!(&text[folded.original_range(at..at + 3)], "Zoe\u{0308}\u{200B}");
        let at = folded.text.find("p1").unwrap();
        assert_eq!(&text[folded.original_range(at..at + 2)], "\u{FF30}1");
        assert_eq!(folded.original_range(3..3), 3..3);
        let unfolded = Folded::new("a\u{FB01}b");
        assert_eq!(unfolded.text, "afib");
        assert_eq!(unfolded.original_range(0..2), 0..4);
        // A match ending inside what `⒈` unfolds to (`1.`) takes the whole character.
        let unfolded = Folded::new("a\u{2488}b");
        assert_eq!(unfolded.original_range(0..2), 0..4);
    }
}
