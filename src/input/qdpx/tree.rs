//! The code tree → themes and subthemes: a top-level code is a theme, its children are
//! subthemes, and deeper codes are folded into their subtheme. ATLAS.ti's flat `Parent::child`
//! names are split the same way. A top-level code named `exemplar` marks quotes to show first.

use std::collections::HashMap;

use super::project::Code;
use crate::input::coding::CodeEntry;

/// The name of the code that flags selections as exemplars rather than being a theme.
pub const EXEMPLAR_CODE: &str = "exemplar";

/// What a code GUID stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Meaning {
    /// An entry of the codebook.
    Entry(usize),
    /// The exemplar flag.
    Exemplar,
}

/// The codebook entries (one per code, in tree order) and what each code GUID means.
pub fn codebook(codes: &[Code]) -> (Vec<CodeEntry>, HashMap<String, Meaning>) {
    let heads = heads(codes);
    let mut entries = Vec::with_capacity(codes.len());
    let mut meaning = HashMap::new();
    for (code, head) in codes.iter().zip(heads) {
        if head.len() == 1 && head[0].eq_ignore_ascii_case(EXEMPLAR_CODE) {
            meaning.insert(code.guid.clone(), Meaning::Exemplar);
            continue;
        }
        let mut head = head.into_iter();
        let theme = head.next().unwrap_or_default();
        let subtheme = head.next();
        meaning.entry(code.guid.clone()).or_insert(Meaning::Entry(entries.len()));
        let description = code.description.clone();
        entries.push(CodeEntry { code: code.guid.clone(), theme, subtheme, description, line: None });
    }
    (entries, meaning)
}

/// For each code, the first three names on the way from its top-level code down to it, with
/// `Parent::child` names split; three tell a top-level code (one) from a subtheme and deeper
/// codes. Parents come before their children, so each head extends its parent's: a tree a
/// hundred thousand codes deep takes as long as a flat one.
fn heads(codes: &[Code]) -> Vec<Vec<String>> {
    const KEPT: usize = 3;
    let mut heads: Vec<Vec<String>> = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let mut head = code.parent.filter(|&p| p < i).map_or_else(Vec::new, |p| heads[p].clone());
        if head.len() < KEPT {
            let name = code.name.trim();
            let name = if name.is_empty() { "Unnamed code" } else { name };
            let parts = name.split("::").map(crate::input::one_line).filter(|part| !part.is_empty());
            head.extend(parts.take(KEPT - head.len()));
        }
        heads.push(head);
    }
    heads
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(guid: &str, name: &str, parent: Option<usize>) -> Code {
        Code { guid: guid.into(), name: name.into(), parent, description: None }
    }

    #[test]
    fn two_levels_are_kept_and_deeper_ones_folded() {
        let codes = [
            code("a", "Benefits", None),
            code("b", "Soothing", Some(0)),
            code("c", "Breathing", Some(1)),
            code("d", "Coke::diet Coke", None),
            code("e", "Exemplar", None),
        ];
        let (entries, meaning) = codebook(&codes);
        let pairs: Vec<(&str, Option<&str>)> =
            entries.iter().map(|e| (e.theme.as_str(), e.subtheme.as_deref())).collect();
        assert_eq!(
            pairs,
            [
                ("Benefits", None),
                ("Benefits", Some("Soothing")),
                ("Benefits", Some("Soothing")),
                ("Coke", Some("diet Coke"))
            ]
        );
        assert_eq!(meaning["e"], Meaning::Exemplar);
        assert_eq!(meaning["c"], Meaning::Entry(2));
    }

    #[test]
    fn a_very_deep_tree_is_folded_in_linear_time() {
        let codes: Vec<Code> =
            (0..200_000usize).map(|i| code(&format!("g{i}"), &format!("level {i}"), i.checked_sub(1))).collect();
        let (entries, _) = codebook(&codes);
        let last = entries.last().expect("entries");
        assert_eq!((last.theme.as_str(), last.subtheme.as_deref()), ("level 0", Some("level 1")));
    }
}
