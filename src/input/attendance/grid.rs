//! The attendance grid as it is filled: a byte per participant × session, grown as higher
//! sessions appear when `planned_sessions` does not fix its width.

use super::{ABSENT, Attendance, AttendanceLayout, MAX_SESSIONS, NOT_RECORDED, PRESENT};
use crate::input::ids::IdRegister;
use crate::input::table::TableInfo;

/// The grid as it is being filled.
pub(super) struct Register {
    /// Participant ids in order of first appearance.
    pub(super) ids: IdRegister,
    /// Fixed by `planned_sessions`, else grown as higher sessions appear.
    planned: Option<usize>,
    width: usize,
    highest: usize,
    cells: Vec<u8>,
}

impl Register {
    /// An empty grid, `planned` sessions wide when known.
    pub(super) fn new(planned: Option<usize>) -> Register {
        Register {
            ids: IdRegister::default(),
            planned,
            width: planned.unwrap_or(8).max(1),
            highest: 0,
            cells: Vec::new(),
        }
    }

    /// The index of participant `id`, added (first seen on `line`) if new.
    pub(super) fn participant(&mut self, id: &str, line: usize) -> usize {
        let (p, new) = self.ids.find_or_add(id, line);
        if new {
            self.cells.extend(std::iter::repeat_n(NOT_RECORDED, self.width));
        }
        p
    }

    /// Record `present` at `session`; the earlier value when it differs.
    pub(super) fn set(&mut self, participant: usize, session: usize, present: bool) -> Result<(), bool> {
        if session > self.width {
            self.widen(session);
        }
        self.highest = self.highest.max(session);
        let code = if present { PRESENT } else { ABSENT };
        let cell = &mut self.cells[participant * self.width + session - 1];
        match *cell {
            NOT_RECORDED => {
                *cell = code;
                Ok(())
            }
            earlier if earlier == code => Ok(()),
            earlier => Err(earlier == PRESENT),
        }
    }

    /// Make room for `session` (only without planned sessions, which fix the width).
    fn widen(&mut self, session: usize) {
        let width = session.max(self.width * 2).min(MAX_SESSIONS);
        self.cells = relayout(&self.cells, self.width, width);
        self.width = width;
    }

    /// The finished attendance: as wide as the planned sessions, or the highest one seen.
    pub(super) fn finish(self, layout: AttendanceLayout, table: TableInfo) -> Attendance {
        let sessions = self.planned.unwrap_or(self.highest);
        let cells = if sessions == self.width { self.cells } else { relayout(&self.cells, self.width, sessions) };
        let warnings = self.ids.collapsed_warning(&table.name).into_iter().collect();
        let mut notes = table.notes.clone();
        notes.extend(self.ids.personal_note(&table.name));
        let (participants, first_lines) = self.ids.finish();
        Attendance {
            participants,
            first_lines,
            sessions,
            sessions_from_file: self.planned.is_none(),
            layout,
            cells,
            table,
            warnings,
            notes,
        }
    }
}

/// Copy rows of `from` cells into rows of `to` cells (cut or padded with "not recorded").
fn relayout(cells: &[u8], from: usize, to: usize) -> Vec<u8> {
    if from == 0 {
        return Vec::new();
    }
    let rows = cells.len() / from;
    let mut out = vec![NOT_RECORDED; rows * to];
    for (row, chunk) in cells.chunks(from).enumerate() {
        let keep = from.min(to);
        out[row * to..row * to + keep].copy_from_slice(&chunk[..keep]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grid_grows_without_planned_sessions() {
        let mut register = Register::new(None);
        let a = register.participant("A", 2);
        register.set(a, 2, true).unwrap();
        let b = register.participant("B", 3);
        register.set(b, 20, true).unwrap();
        assert_eq!(register.set(a, 2, false), Err(true));
        let table = TableInfo {
            name: "attendance.csv".into(),
            format: crate::input::table::Format::Text {
                encoding: crate::input::table::Encoding::Utf8,
                delimiter: b',',
            },
            export: None,
            notes: Vec::new(),
        };
        let attendance = register.finish(AttendanceLayout::Long, table);
        assert_eq!(attendance.sessions, 20);
        assert_eq!(attendance.attended(0, 2), Some(true));
        assert_eq!(attendance.attended(0, 1), None);
        assert_eq!(attendance.sessions_attended(1).collect::<Vec<_>>(), vec![20]);
        assert_eq!(attendance.attended(1, 21), None);
    }
}
