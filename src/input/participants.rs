//! `participants.csv`: one row per person, with an optional `pseudonym`, `consented` and
//! `withdrawn` (yes/no), and any further columns (`site`, `role`, demographics) read as
//! categorical characteristics.

use std::collections::HashMap;
use std::path::Path;

use super::ids::{IdRegister, normalise, shown};
use super::table::{Table, TableInfo};
use super::{missing_column, yes_no};
use crate::problem::{Problem, Problems, quoted};

/// The columns with a meaning of their own; every other column is a characteristic.
const SPECIAL: &[&str] = &["pseudonym", "consented", "withdrawn"];

/// The code of a characteristic left empty.
pub const NOT_RECORDED: u32 = u32::MAX;

/// A categorical column: each person's group as a code into `groups`.
#[derive(Debug, Clone)]
pub struct Characteristic {
    /// The column's header (`site`).
    pub name: String,
    /// The distinct values in order of first appearance.
    pub groups: Vec<String>,
    /// Per participant, an index into `groups`, or [`NOT_RECORDED`].
    pub codes: Vec<u32>,
}

/// The participants file, read and checked.
#[derive(Debug, Clone)]
pub struct Participants {
    /// Participant ids (normalised: trimmed, lower case) in file order.
    pub ids: Vec<String>,
    /// Pseudonyms, when the file has the column and the cell is filled.
    pub pseudonyms: Vec<Option<String>>,
    /// The line each participant is listed on.
    pub lines: Vec<usize>,
    /// `false` only for people marked `consented = no`.
    pub consented: Vec<bool>,
    /// `true` for people marked `withdrawn = yes`.
    pub withdrawn: Vec<bool>,
    /// Further columns, in file order.
    pub characteristics: Vec<Characteristic>,
    index: HashMap<String, usize>,
    /// What the file was found to be.
    pub table: Option<TableInfo>,
    /// What only `check` shows (ids that look personal, an encoding other than UTF-8).
    pub notes: Vec<String>,
}

impl Participants {
    /// The position of participant `id` (matched in normalised form, see
    /// [`super::ids::normalise`]), if listed.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(normalise(id).as_ref()).copied()
    }

    /// The pseudonym of participant `id`, if listed with one.
    pub fn pseudonym(&self, id: &str) -> Option<&str> {
        self.position(id).and_then(|p| self.pseudonyms[p].as_deref())
    }
}

impl Characteristic {
    /// The groups of the people at positions `kept`, renumbered in their order of first appearance:
    /// a group none of them is in is not named.
    pub fn subset(&self, kept: &[usize]) -> Characteristic {
        let mut groups: Vec<String> = Vec::new();
        let mut renumbered = vec![NOT_RECORDED; self.groups.len()];
        let codes = kept
            .iter()
            .map(|&p| self.codes.get(p).copied().unwrap_or(NOT_RECORDED))
            .map(|code| match renumbered.get_mut(code as usize) {
                None => NOT_RECORDED,
                Some(new) => {
                    if *new == NOT_RECORDED {
                        *new = groups.len() as u32;
                        groups.push(self.groups[code as usize].clone());
                    }
                    *new
                }
            })
            .collect();
        Characteristic { name: self.name.clone(), groups, codes }
    }
}

impl Participants {
    /// The people at positions `kept` (ascending), as if the file listed only them; the
    /// characteristic named `without` (the site, the same for all of them) is left out.
    pub fn subset(&self, kept: &[usize], without: Option<&str>) -> Participants {
        fn pick<T: Clone>(values: &[T], kept: &[usize]) -> Vec<T> {
            kept.iter().filter_map(|&p| values.get(p).cloned()).collect()
        }
        let ids: Vec<String> = pick(&self.ids, kept);
        let index = ids.iter().enumerate().map(|(i, id)| (id.clone(), i)).collect();
        Participants {
            pseudonyms: pick(&self.pseudonyms, kept),
            lines: pick(&self.lines, kept),
            consented: pick(&self.consented, kept),
            withdrawn: pick(&self.withdrawn, kept),
            characteristics: self
                .characteristics
                .iter()
                .filter(|c| without.is_none_or(|name| !c.name.trim().eq_ignore_ascii_case(name)))
                .map(|c| c.subset(kept))
                .collect(),
            ids,
            index,
            table: self.table.clone(),
            notes: Vec::new(),
        }
    }
}

/// Read a participants file (CSV or spreadsheet). `file` is the path as shown in messages.
pub fn read_participants(path: &Path, file: &str, id_column: &str) -> Result<Participants, Problems> {
    let help = format!("give a header row: {id_column},pseudonym,site,role,consented,withdrawn");
    let (mut table, headers) = Table::open_with_header(path, file, None, &help)?;
    let name = table.info().name.clone();
    let file = name.as_str();
    let layout = Layout::find(file, &headers, id_column)?;
    let mut reading = Reading::new(&layout, &headers);
    let mut problems = Problems::default();
    table.for_each_row(&mut problems, |line, record, problems| reading.row(file, line, record, &layout, problems));
    if reading.participants.ids.is_empty() && problems.is_empty() {
        problems.push(Problem::in_file(file, "the file has a header but no participants"));
    }
    let mut participants = reading.participants;
    let table = table.into_info();
    participants.notes = table.notes.clone();
    participants.notes.extend(reading.ids.personal_note(file));
    participants.notes.extend(reading.ids.collapsed_warning(file));
    participants.table = Some(table);
    problems.into_result(participants)
}

/// Where each column is.
struct Layout {
    id: usize,
    pseudonym: Option<usize>,
    consented: Option<usize>,
    withdrawn: Option<usize>,
    characteristics: Vec<usize>,
}

impl Layout {
    fn find(file: &str, headers: &[String], id_column: &str) -> Result<Layout, Problems> {
        let mut problems = Problems::default();
        for (i, header) in headers.iter().enumerate() {
            let first = headers[..i].iter().position(|h| !h.is_empty() && h.eq_ignore_ascii_case(header));
            if let Some(first) = first {
                problems.push(
                    Problem::at(file, 1, i + 1, format!("column `{header}` appears twice (also column {})", first + 1))
                        .help("rename or remove one of them"),
                );
            }
        }
        let special = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let id = headers.iter().position(|h| h == id_column);
        if id.is_none() {
            let spare: Vec<String> =
                headers.iter().filter(|h| !SPECIAL.contains(&h.to_lowercase().as_str())).cloned().collect();
            problems.push(missing_column(file, id_column, "participant id", &spare, headers));
        }
        let (pseudonym, consented, withdrawn) = (special("pseudonym"), special("consented"), special("withdrawn"));
        let characteristics = (0..headers.len())
            .filter(|&i| Some(i) != id && ![pseudonym, consented, withdrawn].contains(&Some(i)))
            .filter(|&i| !headers[i].is_empty())
            .collect();
        problems.into_result(Layout { id: id.unwrap_or(0), pseudonym, consented, withdrawn, characteristics })
    }
}

/// The participants as they are being read.
struct Reading {
    participants: Participants,
    /// Per characteristic: its groups' codes by text.
    codes: Vec<HashMap<String, u32>>,
    ids: IdRegister,
}

impl Reading {
    fn new(layout: &Layout, headers: &[String]) -> Reading {
        let characteristics = layout
            .characteristics
            .iter()
            .map(|&i| Characteristic { name: headers[i].clone(), groups: Vec::new(), codes: Vec::new() })
            .collect();
        Reading {
            participants: Participants {
                ids: Vec::new(),
                pseudonyms: Vec::new(),
                lines: Vec::new(),
                consented: Vec::new(),
                withdrawn: Vec::new(),
                characteristics,
                index: HashMap::new(),
                table: None,
                notes: Vec::new(),
            },
            codes: vec![HashMap::new(); layout.characteristics.len()],
            ids: IdRegister::default(),
        }
    }

    fn row(&mut self, file: &str, line: usize, record: &csv::StringRecord, layout: &Layout, problems: &mut Problems) {
        let id = record[layout.id].trim();
        if id.is_empty() {
            problems.push(Problem::at(file, line, layout.id + 1, "the participant id is empty"));
            return;
        }
        let (p, new) = self.ids.find_or_add(id, line);
        if !new {
            problems.push(
                Problem::at(
                    file,
                    line,
                    layout.id + 1,
                    format!("participant {} is listed twice (first on line {})", shown(id), self.ids.first_line(p)),
                )
                .help("keep one row per person (ids are matched without regard to case and surrounding spaces)"),
            );
            return;
        }
        let flag = |column: Option<usize>, name: &str, problems: &mut Problems| -> Option<bool> {
            let column = column?;
            let text = record[column].trim();
            match yes_no::parse(text) {
                Ok(value) => value,
                Err(()) => {
                    problems.push(
                        Problem::at(
                            file,
                            line,
                            column + 1,
                            format!("value {} is not a yes/no for {name}", quoted(text)),
                        )
                        .help(format!("write {}; leave the cell empty if not known", yes_no::ACCEPTED)),
                    );
                    None
                }
            }
        };
        let consented = flag(layout.consented, "consented", problems) != Some(false);
        let withdrawn = flag(layout.withdrawn, "withdrawn", problems) == Some(true);
        let p = &mut self.participants;
        let key = normalise(id).into_owned();
        p.index.insert(key.clone(), p.ids.len());
        p.ids.push(key);
        p.pseudonyms.push(layout.pseudonym.map(|c| super::one_line(&record[c])).filter(|s| !s.is_empty()));
        p.lines.push(line);
        p.consented.push(consented);
        p.withdrawn.push(withdrawn);
        for ((characteristic, &column), codes) in
            p.characteristics.iter_mut().zip(&layout.characteristics).zip(&mut self.codes)
        {
            let text = super::one_line(&record[column]);
            let code = if text.is_empty() || text == "NA" {
                NOT_RECORDED
            } else {
                *codes.entry(text.clone()).or_insert_with(|| {
                    characteristic.groups.push(text);
                    (characteristic.groups.len() - 1) as u32
                })
            };
            characteristic.codes.push(code);
        }
    }
}
