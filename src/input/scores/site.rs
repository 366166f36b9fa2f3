//! The site column of a scores file: each participant's site, the same on every row.

use foldhash::HashMap;

use crate::input::ids::shown;
use crate::input::participants::{Characteristic, NOT_RECORDED};
use crate::problem::{Problem, Problems};

/// Sites as they are read: a code per participant into the names in order of appearance.
#[derive(Debug, Default)]
pub(super) struct SiteColumn {
    names: Vec<String>,
    index: HashMap<String, u32>,
    /// Per participant: the site's code and the line it was first given on.
    of: Vec<(u32, u32)>,
}

impl SiteColumn {
    /// Participant `participant` (shown as `id`) is at `cell`'s site on `line`; an empty cell
    /// says nothing, a different site from an earlier row is a problem.
    pub fn record(
        &mut self,
        file: &str,
        at: (usize, usize),
        participant: usize,
        id: &str,
        cell: &str,
        problems: &mut Problems,
    ) {
        let (line, column) = at;
        if self.of.len() <= participant {
            self.of.resize(participant + 1, (NOT_RECORDED, 0));
        }
        let name = cell.trim();
        if name.is_empty() {
            return;
        }
        let code = match self.index.get(name) {
            Some(&code) => code,
            None => {
                let code = self.names.len() as u32;
                self.names.push(name.to_string());
                self.index.insert(name.to_string(), code);
                code
            }
        };
        let (known, first) = self.of[participant];
        if known == NOT_RECORDED {
            self.of[participant] = (code, line as u32);
        } else if known != code {
            problems.push(
                Problem::at(
                    file,
                    line,
                    column + 1,
                    format!(
                        "participant {} is at site '{name}' here but at '{}' on line {first}",
                        shown(id),
                        self.names[known as usize]
                    ),
                )
                .help("a person belongs to one site: correct the site on one of the rows"),
            );
        }
    }

    /// The sites of `participants` people, under the column's header `name`.
    pub fn finish(mut self, name: &str, participants: usize) -> Characteristic {
        self.of.resize(participants, (NOT_RECORDED, 0));
        Characteristic {
            name: name.to_string(),
            groups: self.names,
            codes: self.of.into_iter().map(|(c, _)| c).collect(),
        }
    }
}
