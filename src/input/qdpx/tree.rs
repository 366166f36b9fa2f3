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
    let mut entries = Vec::with_capacity(codes.len());
    let mut meaning = HashMap::new();
    for (i, code) in codes.iter().enumerate() {
        let path = path(codes, i);
        if path.len() == 1 && path[0].trim().eq_ignore_ascii_case(EXEMPLAR_CODE) {
            meaning.insert(code.guid.clone(), Meaning::Exemplar);
            continue;
        }
        let theme = path.first().cloned().unwrap_or_default();
        let subtheme = path.get(1).cloned();
        meaning.entry(code.guid.clone()).or_insert(Meaning::Entry(entries.len()));
        entries.push(CodeEntry { code: code.guid.clone(), theme, subtheme, description: code.description.clone() });
    }
    (entries, meaning)
}

/// The names from the top-level code down to code `index`, with `Parent::child` names split.
/// Unnamed codes are called "Unnamed code".
fn path(codes: &[Code], index: usize) -> Vec<String> {
    let mut chain = Vec::new();
    let mut at = Some(index);
    // A hostile file cannot make a cycle (parents come first), but stay bounded anyway.
    while let Some(i) = at {
        if chain.len() > codes.len() {
            break;
        }
        chain.push(i);
        at = codes[i].parent.filter(|&p| p < i);
    }
    chain
        .iter()
        .rev()
        .flat_map(|&i| {
            let name = codes[i].name.trim();
            let name = if name.is_empty() { "Unnamed code" } else { name };
            name.split("::").map(|part| part.trim().to_string()).filter(|part| !part.is_empty()).collect::<Vec<_>>()
        })
        .collect()
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
}
