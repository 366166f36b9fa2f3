//! Where private text was replaced, for warnings that name the file and line (never the text).

use std::collections::BTreeSet;

use super::{EMAIL, IdsAs, Kind, NAME, PHONE};

/// Most places listed one by one per file, kind and field; the rest are counted.
const MAX_LISTED: usize = 5;

/// One replacement: file, kind, what the text was (`quote`, `theme name`), line, and whether
/// ids were replaced by the person's name.
type Place = (String, Kind, &'static str, Option<usize>, bool);

/// The places where participant ids, e-mail addresses and phone numbers were replaced (names
/// listed for redaction are replaced as asked, without a warning).
#[derive(Debug, Clone, Default)]
pub struct Replacements {
    places: BTreeSet<Place>,
}

impl Replacements {
    /// Note that `kinds` were replaced in the `what` (`quote`, `theme name`) on `line` of `file`.
    pub fn note(&mut self, file: &str, line: Option<usize>, what: &'static str, kinds: &[Kind], ids_as: IdsAs) {
        for &kind in kinds.iter().filter(|&&k| k != Kind::Name) {
            self.places.insert((file.to_string(), kind, what, line, ids_as == IdsAs::Names));
        }
    }

    /// One warning per place, the first few of each kind and field, then a count.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        let places: Vec<&Place> = self.places.iter().collect();
        for group in places.chunk_by(|a, b| (&a.0, a.1, a.2, a.4) == (&b.0, b.1, b.2, b.4)) {
            let (file, kind, what, _, names) = group[0];
            let shown = match kind {
                Kind::Id if *names => "the person's name in the report",
                Kind::Name | Kind::Id => NAME,
                Kind::Email => EMAIL,
                Kind::Phone => PHONE,
            };
            let described = kind.described();
            for (_, _, _, line, _) in group.iter().take(MAX_LISTED) {
                warnings.push(match line {
                    Some(line) => format!("{file}:{line}: {described} in the {what} is shown as {shown}"),
                    None => format!("{file}: {described} in a {what} is shown as {shown}"),
                });
            }
            if group.len() > MAX_LISTED {
                let more = group.len() - MAX_LISTED;
                warnings.push(format!("{file}: {more} more {what}s held {described}, shown as {shown} too"));
            }
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_name_places_and_count_the_rest() {
        let mut replaced = Replacements::default();
        for line in 2..=9 {
            replaced.note("data/excerpts.csv", Some(line), "quote", &[Kind::Phone, Kind::Name], IdsAs::Placeholder);
        }
        replaced.note("data/excerpts.csv", Some(2), "quote", &[Kind::Phone], IdsAs::Placeholder);
        replaced.note("data/codebook.csv", Some(4), "theme name", &[Kind::Id], IdsAs::Names);
        replaced.note("project.qdpx", None, "code name", &[Kind::Email], IdsAs::Names);
        let warnings = replaced.warnings();
        assert_eq!(
            warnings[0],
            "data/codebook.csv:4: a participant id in the theme name is shown as the person's name in the report"
        );
        assert_eq!(warnings[1], "data/excerpts.csv:2: a phone number in the quote is shown as [phone]");
        assert_eq!(warnings[6], "data/excerpts.csv: 3 more quotes held a phone number, shown as [phone] too");
        assert_eq!(warnings[7], "project.qdpx: an e-mail address in a code name is shown as [email]");
        assert_eq!(warnings.len(), 8);
    }
}
