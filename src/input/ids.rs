//! Participant ids: normalised for matching across files (surrounding spaces, case, accents,
//! full-width forms and invisible characters do not count), and watched for personal data
//! (e-mail addresses, names), which is never printed.

use std::borrow::Cow;

use super::numbered::Numbered;
use crate::privacy::fold;
use crate::problem::quoted;

/// Most collapsed ids listed one by one in a warning.
const MAX_LISTED: usize = 3;

/// The id used for matching: in the folded form of [`crate::privacy::fold`] (lower case, without
/// accents, invisible characters or full-width forms), without surrounding spaces.
pub fn normalise(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim();
    if trimmed.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        return Cow::Borrowed(trimmed);
    }
    let mut key = String::new();
    normalise_into(trimmed, &mut key);
    Cow::Owned(key)
}

/// [`normalise`] into `out`, which is emptied first: a register reuses one buffer for every row.
fn normalise_into(raw: &str, out: &mut String) {
    out.clear();
    let trimmed = raw.trim();
    if trimmed.is_ascii() {
        out.extend(trimmed.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(fold(trimmed).trim());
    }
}

/// Whether normalising `raw` does more than change its case and trim it: it holds invisible
/// characters, full-width letters or accents (`P\u{200B}1`, `Ｐ1`, `P1` + U+0301).
fn is_odd_spelling(raw: &str) -> bool {
    let trimmed = raw.trim();
    !trimmed.is_ascii() && normalise(trimmed) != trimmed.to_lowercase()
}

/// Whether `text` is shaped like an e-mail address: `name@domain.tld`.
pub fn looks_like_email(text: &str) -> bool {
    text.trim().split_once('@').is_some_and(|(user, domain)| {
        !user.is_empty() && domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')
    })
}

/// What personal data an id looks like, if any: `"an e-mail address"` or `"a name"`.
pub fn looks_personal(raw: &str) -> Option<&'static str> {
    let id = raw.trim();
    if looks_like_email(id) {
        return Some("an e-mail address");
    }
    // "Alice", "Jane Smith", "O'Brien-Lee": words of letters, each starting with a capital and
    // holding small letters. Codes (P01, ABC, r_2yp…) never look like this.
    let words = id.split_whitespace();
    let is_name_word = |word: &str| {
        word.chars().next().is_some_and(char::is_uppercase)
            && word.chars().any(char::is_lowercase)
            && word.chars().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
    };
    let count = words.clone().count();
    ((1..=4).contains(&count) && words.clone().all(is_name_word)).then_some("a name")
}

/// How an id is quoted in a message: `'P1'`, or a placeholder when it looks personal.
pub fn shown(raw: &str) -> String {
    match looks_personal(raw) {
        Some(kind) => format!("(an id that looks like {kind}, not shown)"),
        None => quoted(raw.trim()),
    }
}

/// How an id was first written, next to its key: most ids differ from it in letter case only,
/// which a mask of the capitals records without a copy of the id.
#[derive(Debug, Clone)]
enum Spelling {
    /// As the key.
    Key,
    /// The key's ASCII letters with capitals where the mask's bits are set.
    Capitals(u64),
    /// Otherwise.
    Other(Box<str>),
}

impl Spelling {
    /// The capitals of `text` as a mask, if it is ASCII and short enough.
    fn capitals(text: &str) -> Option<u64> {
        (text.is_ascii() && text.len() <= 64).then(|| {
            text.bytes().enumerate().filter(|(_, b)| b.is_ascii_uppercase()).fold(0, |mask, (i, _)| mask | 1 << i)
        })
    }

    /// How `raw` is written, given its `key`.
    fn of(raw: &str, key: &str) -> Spelling {
        if raw == key {
            return Spelling::Key;
        }
        match Spelling::capitals(raw) {
            Some(mask) if raw.eq_ignore_ascii_case(key) => Spelling::Capitals(mask),
            _ => Spelling::Other(raw.into()),
        }
    }

    /// Whether `raw` is written this way (the id's key being `key`).
    fn is(&self, raw: &str, key: &str) -> bool {
        match self {
            Spelling::Key => raw == key,
            Spelling::Capitals(mask) => raw.eq_ignore_ascii_case(key) && Spelling::capitals(raw) == Some(*mask),
            Spelling::Other(first) => **first == *raw,
        }
    }

    /// Whether this spelling holds characters that do not count.
    fn is_odd(&self, key: &str) -> bool {
        match self {
            Spelling::Key | Spelling::Capitals(_) => is_odd_spelling(key),
            Spelling::Other(first) => is_odd_spelling(first),
        }
    }
}

/// The ids of one file as they are met: each distinct (normalised) id gets an index, in order
/// of first appearance.
#[derive(Debug, Default)]
pub struct IdRegister {
    /// The normalised ids (each stored once).
    keys: Numbered<'static>,
    /// The row's id in normalised form (one buffer for every row).
    key: String,
    /// The last id met as written, and its index: files list a person's rows together.
    last: (String, usize),
    /// The first raw spelling of each id where it differs from its key.
    first_spelling: Vec<Spelling>,
    first_line: Vec<usize>,
    /// Per id: whether a different spelling of it has been met.
    collapsed: Vec<bool>,
    /// (first line, later line) of the first few collapsed ids, and how many in all.
    collapsed_lines: Vec<(usize, usize)>,
    collapsed_count: usize,
    /// Rows whose id holds characters that do not count (see [`is_odd_spelling`]): the first
    /// such row with the line where its id was first met, and how many rows in all.
    odd: Option<(usize, usize)>,
    odd_count: usize,
    /// What the personal-looking ids look like, the line of the first, and how many.
    personal: Option<(&'static str, usize)>,
    personal_count: usize,
}

impl IdRegister {
    /// The index of `raw` (first met on `line` if new), and whether it is new.
    pub fn find_or_add(&mut self, raw: &str, line: usize) -> (usize, bool) {
        let raw = raw.trim();
        if !self.keys.is_empty() && self.last.0 == raw {
            return self.note_again(raw, self.last.1, line);
        }
        let mut key = std::mem::take(&mut self.key);
        normalise_into(raw, &mut key);
        let result = match self.position(&key) {
            Some(p) => self.note_again(raw, p, line),
            None => self.add(raw, &key, line),
        };
        self.key = key;
        self.last.0.clear();
        self.last.0.push_str(raw);
        self.last.1 = result.0;
        result
    }

    /// Where the normalised `key` is in `keys`, if met before.
    fn position(&self, key: &str) -> Option<usize> {
        self.keys.find(key).map(|p| p as usize)
    }

    /// Note another row (written `raw`, on `line`) of the id at `p`.
    fn note_again(&mut self, raw: &str, p: usize, line: usize) -> (usize, bool) {
        if is_odd_spelling(raw) {
            self.odd_count += 1;
            self.odd.get_or_insert((line, self.first_line[p]));
            return (p, false);
        }
        let first = &self.first_spelling[p];
        // Odd spellings have a warning of their own.
        let key = self.keys.get(p);
        if !first.is(raw, key) && !first.is_odd(key) && !self.collapsed[p] {
            self.collapsed[p] = true;
            self.collapsed_count += 1;
            if self.collapsed_lines.len() < MAX_LISTED {
                self.collapsed_lines.push((self.first_line[p], line));
            }
        }
        (p, false)
    }

    /// Add the id written `raw` (`key` normalised), first met on `line`.
    fn add(&mut self, raw: &str, key: &str, line: usize) -> (usize, bool) {
        let odd = is_odd_spelling(raw);
        let p = self.keys.len();
        if odd {
            self.odd_count += 1;
            self.odd.get_or_insert((line, line));
        }
        if let Some(kind) = looks_personal(raw) {
            self.personal_count += 1;
            self.personal.get_or_insert((kind, line));
        }
        self.first_spelling.push(Spelling::of(raw, key));
        self.keys.add_new(Cow::Owned(key.to_string()));
        self.first_line.push(line);
        self.collapsed.push(false);
        (p, true)
    }

    /// The index of an id already met.
    pub fn find(&self, raw: &str) -> Option<usize> {
        self.position(&normalise(raw))
    }

    /// How many distinct ids were met.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether no id was met.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The line where id `p` was first met.
    pub fn first_line(&self, p: usize) -> usize {
        self.first_line[p]
    }

    /// The warnings for ids written in more than one way, if any (they name lines, never ids):
    /// ids that differ only in case or surrounding spaces, and ids holding characters that do
    /// not count (invisible ones, full-width letters, accents).
    pub fn collapsed_warning(&self, file: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.collapsed_count > 0 {
            let pairs: Vec<String> =
                self.collapsed_lines.iter().map(|(first, later)| format!("lines {first} and {later}")).collect();
            let more = self.collapsed_count - self.collapsed_lines.len();
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            warnings.push(format!(
                "{file}: {} participant {} written differently (in case or surrounding spaces) on different rows \
                 and {} taken as one person each: {}{more}",
                self.collapsed_count,
                if self.collapsed_count == 1 { "id is" } else { "ids are" },
                if self.collapsed_count == 1 { "is" } else { "are" },
                pairs.join(", ")
            ));
        }
        warnings.extend(self.odd_spelling_warning(file));
        warnings
    }

    /// The warning for ids holding characters that do not count (invisible ones, full-width
    /// letters, accents), if any: it names the first line with one.
    pub fn odd_spelling_warning(&self, file: &str) -> Option<String> {
        let (line, first) = self.odd?;
        let same = if first == line { String::new() } else { format!(" (the same person as on line {first})") };
        let rows = match self.odd_count {
            1 => String::new(),
            n => format!("; {n} rows hold ids written so, the first on this line"),
        };
        Some(format!(
            "{file}:{line}: the participant id holds invisible characters, full-width letters or accents, which do \
             not count: it is matched with the same id written plainly{same}{rows}"
        ))
    }

    /// The note for ids that look like e-mail addresses or names, if any.
    pub fn personal_note(&self, file: &str) -> Option<String> {
        let (kind, line) = self.personal?;
        let n = self.personal_count;
        Some(format!(
            "{file}:{line}: {n} participant {} like {kind} or other personal data (the first on this line); impact \
             never prints participant ids, but replacing them with codes (P01, P02, …) keeps people's names out of \
             the data files",
            if n == 1 { "id looks" } else { "ids look" }
        ))
    }

    /// The normalised ids in order of first appearance, and the lines where each was first met.
    pub fn finish(self) -> (Vec<String>, Vec<usize>) {
        (self.keys.into_ids(), self.first_line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn e_mail_addresses_are_recognised() {
        assert!(looks_like_email("m.hale@example.org"));
        assert!(!looks_like_email("Ward @ North"));
        assert!(!looks_like_email("@example.org"));
    }

    #[test]
    fn ids_match_without_regard_to_case_and_spaces() {
        assert_eq!(normalise(" P01 "), "p01");
        assert_eq!(normalise("p01"), "p01");
        assert_eq!(normalise("Zoë"), "zoe");
        assert_eq!(normalise(" P\u{200B}1\u{0301} "), "p1");
        assert_eq!(normalise("\u{FF30}1"), "p1");
        let mut ids = IdRegister::default();
        assert_eq!(ids.find_or_add("P01", 2), (0, true));
        assert_eq!(ids.find_or_add("P01", 3), (0, false));
        assert!(ids.collapsed_warning("f.csv").is_empty());
        assert_eq!(ids.find_or_add(" p01", 4), (0, false));
        assert_eq!(ids.find_or_add("P02", 5), (1, true));
        let warning = ids.collapsed_warning("f.csv").join("\n");
        assert!(warning.contains("lines 2 and 4"), "{warning}");
        assert!(!warning.contains("p01") && !warning.contains("P01"), "{warning}");
    }

    #[test]
    fn ids_with_invisible_characters_full_width_letters_or_accents_are_one_person() {
        let mut ids = IdRegister::default();
        assert_eq!(ids.find_or_add("P1", 2), (0, true));
        assert_eq!(ids.find_or_add("P\u{200B}1", 3), (0, false));
        assert_eq!(ids.find_or_add("\u{FF30}1", 4), (0, false));
        assert_eq!(ids.find_or_add("P1\u{0301}", 5), (0, false));
        assert_eq!(ids.len(), 1);
        let warnings = ids.collapsed_warning("data/scores.csv");
        assert_eq!(
            warnings,
            ["data/scores.csv:3: the participant id holds invisible characters, full-width letters or accents, which \
              do not count: it is matched with the same id written plainly (the same person as on line 2); 3 rows \
              hold ids written so, the first on this line"]
        );
        let mut alone = IdRegister::default();
        alone.find_or_add("Q\u{200B}7", 9);
        assert_eq!(alone.collapsed_warning("a.csv").len(), 1);
        assert!(alone.collapsed_warning("a.csv")[0].starts_with("a.csv:9: "));
    }

    #[test]
    fn personal_looking_ids_are_recognised() {
        assert_eq!(looks_personal("jane.smith@example.org"), Some("an e-mail address"));
        assert_eq!(looks_personal("Jane Smith"), Some("a name"));
        assert_eq!(looks_personal("O'Brien"), Some("a name"));
        for code in ["P01", "ABC", "r_2YPOQ602ER1jkf1", "806-1", "1001", "participant 7", "@home"] {
            assert_eq!(looks_personal(code), None, "{code}");
        }
        assert_eq!(shown("P01"), "'P01'");
        assert!(!shown("Jane Smith").contains("Jane"));
    }

    #[test]
    fn rows_of_one_person_together_are_still_checked_for_spelling() {
        let mut ids = IdRegister::default();
        let rows = ["P1", "P1", "p1", "P2", "P\u{200B}2", "P\u{200B}2", "P1"];
        let found: Vec<(usize, bool)> = rows.iter().enumerate().map(|(i, id)| ids.find_or_add(id, i + 2)).collect();
        assert_eq!(found, [(0, true), (0, false), (0, false), (1, true), (1, false), (1, false), (0, false)]);
        let warnings = ids.collapsed_warning("data/scores.csv");
        assert!(
            warnings[0].contains("1 participant id is written differently") && warnings[0].contains("lines 2 and 4")
        );
        assert!(warnings[1].contains("data/scores.csv:6:") && warnings[1].contains("2 rows hold ids written so"));
    }
}
