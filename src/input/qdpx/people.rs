//! Who said it, where and when: the participant, kind of source and week of a REFI-QDA
//! selection.
//!
//! The participant id is, in order of preference:
//!
//! 1. the **case** the selection belongs to: a case listing the selection (`SelectionRef`), a
//!    case the selection is coded with (case coding), or a case listing the selection's source
//!    (`SourceRef`). The id is the case's variable named as `[data] id_column`
//!    (`participant_id` by default) if it has one, else the case's name;
//! 2. else the **source**: its variable named as `id_column`, else its `name` without a document
//!    extension (`Mabel.txt` → `Mabel`), else the file name of its text (`board_2017.txt` →
//!    `board_2017`), else "source N".
//!
//! The kind of source (`diary`, `focus group`, `interview`) is the source's (or its case's)
//! variable `source`, else a word in the source's name (diary or journal, focus group,
//! interview), else `document`. The week is the variable `when` or `week`.

use std::collections::HashMap;

use super::project::{Project, Selection};
use crate::input::coding::When;
use crate::input::excerpts::DEFAULT_SOURCE;

/// Document extensions dropped from a source's name to make a participant id.
const EXTENSIONS: &[&str] = &[".txt", ".docx", ".doc", ".rtf", ".odt", ".pdf", ".md"];

/// Looks up the people behind selections.
pub struct People<'p> {
    project: &'p Project,
    id_variable: String,
    case_by_guid: HashMap<&'p str, usize>,
    case_of_document: HashMap<&'p str, usize>,
    case_of_selection: HashMap<&'p str, usize>,
    /// The top-level source of each document.
    tops: Vec<usize>,
    /// Sources or selections claimed by more than one case (the first case wins).
    pub claimed_twice: usize,
}

impl<'p> People<'p> {
    /// Index the cases of `project`; `id_variable` names the variable holding participant ids.
    pub fn new(project: &'p Project, id_variable: &str) -> People<'p> {
        let mut people = People {
            project,
            id_variable: id_variable.to_lowercase(),
            case_by_guid: HashMap::new(),
            case_of_document: HashMap::new(),
            case_of_selection: HashMap::new(),
            tops: Vec::with_capacity(project.documents.len()),
            claimed_twice: 0,
        };
        // Parents come before their children, so each top is known when a child needs it.
        for (i, document) in project.documents.iter().enumerate() {
            let top = document.parent.filter(|&p| p < i).map_or(i, |p| people.tops[p]);
            people.tops.push(top);
        }
        for (i, case) in project.cases.iter().enumerate() {
            people.case_by_guid.entry(case.guid.as_str()).or_insert(i);
            for target in &case.sources {
                claim(&mut people.case_of_document, target, i, &mut people.claimed_twice);
            }
            for target in &case.selections {
                claim(&mut people.case_of_selection, target, i, &mut people.claimed_twice);
            }
        }
        people
    }

    /// Whether `guid` is a case (a coding that refers to it is case coding, not a theme).
    pub fn is_case(&self, guid: &str) -> bool {
        self.case_by_guid.contains_key(guid)
    }

    /// The top-level source a document belongs to.
    pub fn top(&self, document: usize) -> usize {
        self.tops[document]
    }

    fn case_of(&self, selection: &Selection) -> Option<usize> {
        let documents = &self.project.documents;
        self.case_of_selection
            .get(selection.guid.as_str())
            .or_else(|| selection.codes.iter().find_map(|code| self.case_by_guid.get(code.as_str())))
            .or_else(|| self.case_of_document.get(documents[selection.document].guid.as_str()))
            .or_else(|| self.case_of_document.get(documents[self.top(selection.document)].guid.as_str()))
            .copied()
    }

    /// The value of variable `name` (any case) among `values`.
    fn variable(&self, values: &[(String, String)], names: &[&str]) -> Option<String> {
        values.iter().find_map(|(variable, value)| {
            let name = self.project.variables.get(variable)?.trim().to_lowercase();
            (names.contains(&name.as_str()) && !value.trim().is_empty()).then(|| value.trim().to_string())
        })
    }

    /// The variable `names` of the selection's source, then of its case.
    fn lookup(&self, selection: &Selection, names: &[&str]) -> Option<String> {
        let top = &self.project.documents[self.top(selection.document)];
        self.variable(&top.values, names)
            .or_else(|| self.case_of(selection).and_then(|c| self.variable(&self.project.cases[c].values, names)))
    }

    /// The participant id of a selection (see the module documentation).
    pub fn participant(&self, selection: &Selection) -> String {
        let id = [self.id_variable.as_str()];
        if let Some(case) = self.case_of(selection).map(|c| &self.project.cases[c]) {
            let named = case.name.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(String::from);
            if let Some(participant) = self.variable(&case.values, &id).or(named) {
                return participant;
            }
        }
        let index = self.top(selection.document);
        let top = &self.project.documents[index];
        if let Some(participant) = self.variable(&top.values, &id) {
            return participant;
        }
        if let Some(name) = top.name.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
            return strip_extension(name).to_string();
        }
        if let Some(path) = top.text_path.as_deref() {
            let file = path.rsplit(['/', '\\']).next().unwrap_or(path);
            let file = file.rsplit("://").next().unwrap_or(file);
            let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
            if !stem.trim().is_empty() {
                return stem.trim().to_string();
            }
        }
        format!("source {}", index + 1)
    }

    /// The kind of source of a selection: `diary`, `focus group`, `interview` or `document`.
    pub fn source_kind(&self, selection: &Selection) -> String {
        if let Some(kind) = self.lookup(selection, &["source"]) {
            return kind.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        }
        let top = &self.project.documents[self.top(selection.document)];
        let name = top.name.as_deref().unwrap_or_default().to_lowercase().replace(['_', '-'], " ");
        let squashed = name.replace(' ', "");
        if name.contains("diary") || name.contains("journal") {
            "diary".into()
        } else if squashed.contains("focusgroup") {
            "focus group".into()
        } else if name.contains("interview") {
            "interview".into()
        } else {
            DEFAULT_SOURCE.into()
        }
    }

    /// The week or date of a selection, from the variable `when` or `week`.
    pub fn when(&self, selection: &Selection) -> Option<When> {
        self.lookup(selection, &["when", "week"]).and_then(|text| When::parse(&text))
    }
}

fn claim<'p>(map: &mut HashMap<&'p str, usize>, target: &'p str, case: usize, twice: &mut usize) {
    match map.get(target) {
        Some(&other) if other != case => *twice += 1,
        Some(_) => {}
        None => {
            map.insert(target, case);
        }
    }
}

fn strip_extension(name: &str) -> &str {
    EXTENSIONS
        .iter()
        .find_map(|ext| {
            let cut = name.len().checked_sub(ext.len()).filter(|&cut| cut > 0)?;
            name.get(cut..)?.eq_ignore_ascii_case(ext).then(|| name[..cut].trim_end())
        })
        .unwrap_or(name)
}
