//! `project.qde`: the REFI-QDA project XML, read leniently into the parts the report needs:
//! codes (as a tree), sources with their selections and codings, cases and variables.
//!
//! Elements are matched by local name, whatever their namespace; the schema's element order is
//! not required; unknown elements are skipped. When the XML breaks, what came before is kept and
//! the break is reported.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// A code, in document order.
#[derive(Debug, Clone)]
pub struct Code {
    /// Normalised GUID (no braces, lower case).
    pub guid: String,
    /// As named in the QDA program.
    pub name: String,
    /// The enclosing code, if nested.
    pub parent: Option<usize>,
    /// Its description, whitespace squashed.
    pub description: Option<String>,
}

/// A source (text, PDF, picture, audio or video), or a text nested in one (a PDF's text
/// representation, a transcript).
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// Normalised GUID.
    pub guid: String,
    /// Its `name`.
    pub name: Option<String>,
    /// `plainTextPath`.
    pub text_path: Option<String>,
    /// `PlainTextContent`, exactly as written.
    pub inline_text: Option<String>,
    /// The source it belongs to, for nested texts.
    pub parent: Option<usize>,
    /// Variable values: (variable GUID, value).
    pub values: Vec<(String, String)>,
}

/// A coded (or uncoded) selection of a document, or a coding of a whole document.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Normalised GUID (empty for a whole-document coding).
    pub guid: String,
    /// Its `name` (ATLAS.ti puts the start of the text there).
    pub name: Option<String>,
    /// The document it selects from.
    pub document: usize,
    /// Start and end positions of a text selection, as written.
    pub range: Option<(i64, i64)>,
    /// The selected text given inline (a PDF selection's representation).
    pub inline_text: Option<String>,
    /// Normalised GUIDs of the codes (or cases) its codings refer to.
    pub codes: Vec<String>,
}

/// A case: a person (or other unit) with the sources and selections that belong to it.
#[derive(Debug, Clone, Default)]
pub struct Case {
    /// Normalised GUID.
    pub guid: String,
    /// Its `name`.
    pub name: Option<String>,
    /// GUIDs of sources (`SourceRef`).
    pub sources: Vec<String>,
    /// GUIDs of selections (`SelectionRef`).
    pub selections: Vec<String>,
    /// Variable values: (variable GUID, value).
    pub values: Vec<(String, String)>,
}

/// The parts of a project the report uses.
#[derive(Debug, Clone, Default)]
pub struct Project {
    /// Whether a `<Project>` element was found.
    pub found: bool,
    /// The exporting program (`origin`).
    pub origin: Option<String>,
    /// Codes in document order (parents before children).
    pub codes: Vec<Code>,
    /// Documents in document order.
    pub documents: Vec<Document>,
    /// Selections in document order.
    pub selections: Vec<Selection>,
    /// Cases in document order.
    pub cases: Vec<Case>,
    /// Variable GUID → name.
    pub variables: HashMap<String, String>,
    /// Where and why the XML broke, if it did.
    pub broken: Option<String>,
}

/// A GUID as used for joining: braces removed, lower case.
pub fn normalise_guid(guid: &str) -> String {
    guid.trim().trim_start_matches('{').trim_end_matches('}').to_lowercase()
}

/// What an open element is, for the elements inside it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Role {
    Code(usize),
    Document(usize),
    Selection(usize),
    /// A PDF selection's text representation.
    SelectionText(usize),
    Case(usize),
    Coding,
    VariableValue,
    /// An element whose text is kept (PlainTextContent, Description, a variable's value).
    Capture,
    Other,
}

struct Frame {
    name: String,
    role: Role,
    /// The nearest enclosing document or case, this element included: kept per frame so that
    /// deep nesting costs no search up the stack.
    owner: Option<Role>,
}

/// Reads events into a [`Project`].
#[derive(Default)]
struct Builder {
    project: Project,
    stack: Vec<Frame>,
    text: String,
    /// The variable value being read: (variable GUID, value).
    value: (String, String),
    /// Each document's whole-document coding, if any.
    whole: HashMap<usize, usize>,
}

/// Parse project XML.
pub fn parse(xml: &str) -> Project {
    let mut reader = Reader::from_str(xml);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    config.allow_dangling_amp = true;
    let mut builder = Builder::default();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => builder.start(&e),
            Ok(Event::Empty(e)) => {
                builder.start(&e);
                builder.end();
            }
            Ok(Event::End(_)) => builder.end(),
            Ok(Event::Text(t)) => builder.append(&t),
            Ok(Event::CData(t)) => builder.append(&t),
            Ok(Event::GeneralRef(r)) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => format!("&{other};"),
                    },
                };
                builder.append(&resolved);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                let line = xml[..(reader.error_position() as usize).min(xml.len())].matches('\n').count() + 1;
                builder.project.broken = Some(format!("line {line}: {e}"));
                break;
            }
        }
    }
    builder.project
}

impl Builder {
    fn parent(&self) -> Role {
        self.stack.last().map_or(Role::Other, |f| f.role)
    }

    fn append(&mut self, text: &str) {
        if self.parent() == Role::Capture {
            self.text.push_str(text);
        }
    }

    fn start(&mut self, e: &BytesStart) {
        let name = e.local_name().as_ref().to_string();
        let attr = |key: &str| attribute(e, key);
        let guid = || attr("guid").map(|g| normalise_guid(&g)).unwrap_or_default();
        let parent = self.parent();
        let p = &mut self.project;
        let role = match name.as_str() {
            "Project" => {
                p.found = true;
                p.origin = attr("origin");
                Role::Other
            }
            "Code" => {
                let parent = match parent {
                    Role::Code(i) => Some(i),
                    _ => None,
                };
                let name = attr("name").unwrap_or_default();
                p.codes.push(Code { guid: guid(), name, parent, description: None });
                Role::Code(p.codes.len() - 1)
            }
            "TextSource" | "PDFSource" | "PictureSource" | "AudioSource" | "VideoSource" => {
                p.documents.push(document(e, None));
                Role::Document(p.documents.len() - 1)
            }
            "Representation" | "Transcript" => match parent {
                Role::Selection(i) => Role::SelectionText(i),
                Role::Document(owner) => {
                    p.documents.push(document(e, Some(owner)));
                    Role::Document(p.documents.len() - 1)
                }
                _ => Role::Other,
            },
            "PlainTextSelection"
            | "PDFSelection"
            | "PictureSelection"
            | "AudioSelection"
            | "VideoSelection"
            | "TranscriptSelection" => match parent {
                Role::Document(document) => {
                    let position = |key: &str| attr(key).and_then(|v| v.trim().parse::<i64>().ok());
                    let range = match (position("startPosition"), position("endPosition")) {
                        (Some(start), Some(end)) if name == "PlainTextSelection" => Some((start, end)),
                        _ => None,
                    };
                    p.selections.push(Selection {
                        guid: guid(),
                        name: attr("name"),
                        document,
                        range,
                        ..Selection::default()
                    });
                    Role::Selection(p.selections.len() - 1)
                }
                _ => Role::Other,
            },
            "Coding" => Role::Coding,
            "CodeRef" if parent == Role::Coding => {
                let target = attr("targetGUID").map(|g| normalise_guid(&g)).unwrap_or_default();
                match self.stack.iter().rev().nth(1).map(|f| f.role) {
                    Some(Role::Selection(i)) => p.selections[i].codes.push(target),
                    Some(Role::Document(d)) => {
                        let index = *self.whole.entry(d).or_insert_with(|| {
                            p.selections.push(Selection { document: d, ..Selection::default() });
                            p.selections.len() - 1
                        });
                        p.selections[index].codes.push(target);
                    }
                    _ => {}
                }
                Role::Other
            }
            "Case" => {
                p.cases.push(Case { guid: guid(), name: attr("name"), ..Case::default() });
                Role::Case(p.cases.len() - 1)
            }
            "SourceRef" | "SelectionRef" => {
                if let Role::Case(i) = parent {
                    let target = attr("targetGUID").map(|g| normalise_guid(&g)).unwrap_or_default();
                    let refs = if name == "SourceRef" { &mut p.cases[i].sources } else { &mut p.cases[i].selections };
                    refs.push(target);
                }
                Role::Other
            }
            "Variable" => {
                if let Some(variable) = attr("name") {
                    p.variables.insert(guid(), variable);
                }
                Role::Other
            }
            "VariableValue" => {
                self.value = Default::default();
                Role::VariableValue
            }
            "VariableRef" if parent == Role::VariableValue => {
                self.value.0 = attr("targetGUID").map(|g| normalise_guid(&g)).unwrap_or_default();
                Role::Other
            }
            "TextValue" | "BooleanValue" | "IntegerValue" | "FloatValue" | "DateValue" | "DateTimeValue"
                if parent == Role::VariableValue =>
            {
                self.text.clear();
                Role::Capture
            }
            "PlainTextContent" | "Description" => {
                self.text.clear();
                Role::Capture
            }
            _ => Role::Other,
        };
        let owner = match role {
            Role::Document(_) | Role::Case(_) => Some(role),
            _ => self.stack.last().and_then(|f| f.owner),
        };
        self.stack.push(Frame { name, role, owner });
    }

    fn end(&mut self) {
        let Some(frame) = self.stack.pop() else { return };
        let parent = self.parent();
        let owner = self.stack.last().and_then(|f| f.owner);
        let p = &mut self.project;
        match (frame.role, frame.name.as_str(), parent) {
            (Role::Capture, "PlainTextContent", Role::Document(d)) => {
                p.documents[d].inline_text = Some(std::mem::take(&mut self.text));
            }
            (Role::Capture, "PlainTextContent", Role::SelectionText(s)) => {
                p.selections[s].inline_text = Some(std::mem::take(&mut self.text));
            }
            (Role::Capture, "Description", Role::Code(c)) => {
                let text = super::positions::squash(&self.text);
                p.codes[c].description = (!text.is_empty()).then_some(text);
            }
            (Role::Capture, _, Role::VariableValue) => self.value.1 = self.text.trim().to_string(),
            (Role::VariableValue, _, _) => {
                let value = std::mem::take(&mut self.value);
                if value.0.is_empty() {
                    return;
                }
                match owner {
                    Some(Role::Document(d)) => p.documents[d].values.push(value),
                    Some(Role::Case(c)) => p.cases[c].values.push(value),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn document(e: &BytesStart, parent: Option<usize>) -> Document {
    Document {
        guid: attribute(e, "guid").map(|g| normalise_guid(&g)).unwrap_or_default(),
        name: attribute(e, "name"),
        text_path: attribute(e, "plainTextPath"),
        parent,
        ..Document::default()
    }
}

/// An attribute's value by local name, entities resolved; `None` if absent or unreadable.
fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}
