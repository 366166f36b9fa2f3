//! Where a key is in a TOML text, so that a check made after parsing can name its line.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// One step of a path to a value: a key of a table, or a position in a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A key of a table.
    Key(&'a str),
    /// A position in a list (from 0).
    Index(usize),
}

/// The span of the value at `path` in the TOML `text`; `None` where it is not written (a
/// default) or the text does not parse.
pub fn value_span(text: &str, path: &[Step]) -> Option<Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    in_table(root.get_ref(), path)
}

fn in_table(table: &DeTable, path: &[Step]) -> Option<Range<usize>> {
    let (Step::Key(key), rest) = path.split_first()? else { return None };
    let (_, value) = table.iter().find(|(k, _)| k.get_ref() == key)?;
    in_value(value, rest)
}

fn in_value(value: &Spanned<DeValue>, path: &[Step]) -> Option<Range<usize>> {
    match (path.first(), value.get_ref()) {
        (None, _) => Some(value.span()),
        (Some(Step::Key(_)), DeValue::Table(table)) => in_table(table, path),
        (Some(Step::Index(i)), DeValue::Array(items)) => in_value(items.get(*i)?, &path[1..]),
        _ => None,
    }
}

/// A text in a TOML file longer than its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongText {
    /// The key it is the value of (or, for a key itself, the table it is a key of).
    pub key: String,
    /// Whether it is a key rather than a value.
    pub is_key: bool,
    /// Where it is.
    pub span: Range<usize>,
    /// How many characters it has.
    pub chars: usize,
    /// The most it may have.
    pub limit: usize,
}

/// Every text of `text` (values and keys, at any depth) longer than `limit(key)` characters,
/// where `key` is the name of the key it is the value of.
pub fn long_texts(text: &str, limit: impl Fn(&str) -> usize) -> Vec<LongText> {
    let mut found = Vec::new();
    if let Ok(root) = DeTable::parse(text) {
        walk_table(root.get_ref(), "", &limit, &mut found);
    }
    found
}

fn walk_table(table: &DeTable, name: &str, limit: &impl Fn(&str) -> usize, found: &mut Vec<LongText>) {
    for (key, value) in table.iter() {
        let chars = key.get_ref().chars().count();
        let most = limit(name);
        if chars > most {
            found.push(LongText { key: name.to_string(), is_key: true, span: key.span(), chars, limit: most });
        }
        walk_value(value, key.get_ref(), limit, found);
    }
}

fn walk_value(value: &Spanned<DeValue>, name: &str, limit: &impl Fn(&str) -> usize, found: &mut Vec<LongText>) {
    match value.get_ref() {
        DeValue::String(text) => {
            let (chars, most) = (text.chars().count(), limit(name));
            if chars > most {
                found.push(LongText { key: name.to_string(), is_key: false, span: value.span(), chars, limit: most });
            }
        }
        DeValue::Array(items) => items.iter().for_each(|item| walk_value(item, name, limit, found)),
        DeValue::Table(table) => walk_table(table, name, limit, found),
        _ => {}
    }
}

/// The 1-based line and column (in characters) where byte `offset` of `text` lies.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |s| s.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "[programme]\ntitle = \"T\"\n\n[[measures]]\nprefix = \"a\"\n\n[[measures]]\nscales = [\"x\", \"yy\"]\n";

    #[test]
    fn values_are_found_by_their_path() {
        let line = |path: &[Step]| value_span(TEXT, path).map(|span| line_column(TEXT, span.start).0);
        assert_eq!(line(&[Step::Key("programme"), Step::Key("title")]), Some(2));
        assert_eq!(line(&[Step::Key("measures"), Step::Index(1), Step::Key("scales"), Step::Index(1)]), Some(8));
        assert_eq!(line(&[Step::Key("measures"), Step::Index(2)]), None);
        assert_eq!(line(&[Step::Key("analysis"), Step::Key("min_cell")]), None);
    }

    #[test]
    fn long_texts_are_found_with_their_key() {
        let found = long_texts(TEXT, |key| if key == "scales" { 1 } else { 10 });
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].key.as_str(), found[0].chars, line_column(TEXT, found[0].span.start).0), ("scales", 2, 8));
    }
}
