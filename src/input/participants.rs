//! `participants.csv`: one row per person, with an optional `pseudonym`, `consented` and
//! `withdrawn` (yes/no), and any further columns (`site`, `role`, demographics) read as
//! categorical characteristics.

use std::collections::HashMap;
use std::path::Path;

use super::scores::csv_problem;
use super::{clean_header, missing_column, yes_no};
use crate::problem::{Problem, Problems};

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
    /// Participant ids in file order.
    pub ids: Vec<String>,
    /// Pseudonyms, when the file has the column and the cell is filled.
    pub pseudonyms: Vec<Option<String>>,
    /// `false` only for people marked `consented = no`.
    pub consented: Vec<bool>,
    /// `true` for people marked `withdrawn = yes`.
    pub withdrawn: Vec<bool>,
    /// Further columns, in file order.
    pub characteristics: Vec<Characteristic>,
    index: HashMap<String, usize>,
}

impl Participants {
    /// The position of participant `id`, if listed.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// The pseudonym of participant `id`, if listed with one.
    pub fn pseudonym(&self, id: &str) -> Option<&str> {
        self.position(id).and_then(|p| self.pseudonyms[p].as_deref())
    }
}

/// Read a participants CSV. `file` is the path as shown in messages.
pub fn read_participants(path: &Path, file: &str, id_column: &str) -> Result<Participants, Problems> {
    let bytes = std::fs::read(path).map_err(|e| Problem::in_file(file, format!("cannot read the file: {e}")))?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes.as_slice());
    let mut records = reader.records();
    let header = match records.next() {
        None => {
            return Err(Problem::in_file(file, "the file is empty")
                .help(format!("give a header row: {id_column},pseudonym,site,role,consented,withdrawn"))
                .into());
        }
        Some(Err(e)) => return Err(csv_problem(file, &e).into()),
        Some(Ok(record)) => record,
    };
    let headers: Vec<String> = header.iter().map(clean_header).collect();
    let layout = Layout::find(file, &headers, id_column)?;
    let mut reading = Reading::new(&layout, &headers);
    let mut problems = Problems::default();
    for record in records {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                if record.iter().all(|cell| cell.trim().is_empty()) {
                    continue;
                }
                if record.len() != headers.len() {
                    problems.push(
                        Problem::at_row(
                            file,
                            line,
                            format!("the row has {} fields but the header has {}", record.len(), headers.len()),
                        )
                        .help("a comma inside a value needs the value in double quotes"),
                    );
                    continue;
                }
                reading.row(file, line, &record, &layout, &mut problems);
            }
            Err(e) => problems.push(csv_problem(file, &e)),
        }
    }
    if reading.participants.ids.is_empty() && problems.is_empty() {
        problems.push(Problem::in_file(file, "the file has a header but no participants"));
    }
    problems.into_result(reading.participants)
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
    lines: Vec<usize>,
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
                consented: Vec::new(),
                withdrawn: Vec::new(),
                characteristics,
                index: HashMap::new(),
            },
            codes: vec![HashMap::new(); layout.characteristics.len()],
            lines: Vec::new(),
        }
    }

    fn row(&mut self, file: &str, line: usize, record: &csv::StringRecord, layout: &Layout, problems: &mut Problems) {
        let id = record[layout.id].trim();
        if id.is_empty() {
            problems.push(Problem::at(file, line, layout.id + 1, "the participant id is empty"));
            return;
        }
        if let Some(&first) = self.participants.index.get(id) {
            problems.push(
                Problem::at(
                    file,
                    line,
                    layout.id + 1,
                    format!("participant '{id}' is listed twice (first on line {})", self.lines[first]),
                )
                .help("keep one row per person"),
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
                        Problem::at(file, line, column + 1, format!("value '{text}' is not a yes/no for {name}"))
                            .help(format!("write {}; leave the cell empty if not known", yes_no::ACCEPTED)),
                    );
                    None
                }
            }
        };
        let consented = flag(layout.consented, "consented", problems) != Some(false);
        let withdrawn = flag(layout.withdrawn, "withdrawn", problems) == Some(true);
        let p = &mut self.participants;
        p.index.insert(id.to_string(), p.ids.len());
        p.ids.push(id.to_string());
        self.lines.push(line);
        p.pseudonyms.push(layout.pseudonym.map(|c| record[c].trim()).filter(|s| !s.is_empty()).map(String::from));
        p.consented.push(consented);
        p.withdrawn.push(withdrawn);
        for ((characteristic, &column), codes) in
            p.characteristics.iter_mut().zip(&layout.characteristics).zip(&mut self.codes)
        {
            let text = record[column].trim();
            let code = if text.is_empty() || text == "NA" {
                NOT_RECORDED
            } else {
                *codes.entry(text.to_string()).or_insert_with(|| {
                    characteristic.groups.push(text.to_string());
                    (characteristic.groups.len() - 1) as u32
                })
            };
            characteristic.codes.push(code);
        }
    }
}
