//! Everyone who appears in any data file, joined by participant id: where each person is in the
//! scores, attendance and participants files, and whether they consented or withdrew.

use crate::input::numbered::Numbered;
use crate::input::{Attendance, Participants, Responses};

/// One person across the data files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Person {
    /// Their index in the scores file, if they are in it.
    pub scores: Option<usize>,
    /// Their index in the attendance file, if they are in it.
    pub attendance: Option<usize>,
    /// Their index in the participants file, if they are in it.
    pub listed: Option<usize>,
    /// `false` only when participants.csv marks them `consented = no`.
    pub consented: bool,
    /// `true` when participants.csv marks them `withdrawn = yes`.
    pub withdrawn: bool,
}

/// Everyone in any file, in the order participants, scores, attendance.
#[derive(Debug, Clone, Default)]
pub struct People {
    /// One entry per distinct participant id.
    pub persons: Vec<Person>,
}

impl People {
    /// Join the files by participant id.
    pub fn join(
        responses: Option<&Responses>,
        attendance: Option<&Attendance>,
        participants: Option<&Participants>,
    ) -> People {
        let lists = [
            participants.map(|p| p.ids.as_slice()),
            responses.map(|r| r.participants.as_slice()),
            attendance.map(|a| a.participants.as_slice()),
        ];
        let longest = lists.iter().flatten().map(|ids| ids.len()).max().unwrap_or(0);
        let mut ids = Numbered::with_capacity(longest);
        let mut persons: Vec<Person> = Vec::with_capacity(longest);
        let blank = Person { scores: None, attendance: None, listed: None, consented: true, withdrawn: false };
        let [_, scored, attended] = lists;
        if let Some(list) = participants {
            for (i, id) in list.ids.iter().enumerate() {
                let s = slot(&mut ids, id, i, &mut persons, blank);
                persons[s] =
                    Person { listed: Some(i), consented: list.consented[i], withdrawn: list.withdrawn[i], ..blank };
            }
        }
        for (i, id) in scored.into_iter().flatten().enumerate() {
            let s = slot(&mut ids, id, i, &mut persons, blank);
            persons[s].scores = Some(i);
        }
        for (i, id) in attended.into_iter().flatten().enumerate() {
            let s = slot(&mut ids, id, i, &mut persons, blank);
            persons[s].attendance = Some(i);
        }
        People { persons }
    }

    /// The people who did not decline consent: the group every later flow step counts among.
    pub fn consented(&self) -> impl Iterator<Item = &Person> {
        self.persons.iter().filter(|p| p.consented)
    }

    /// Leave everyone marked `consented = no` out of the scores; how many had scores.
    pub fn leave_out_declined(&self, responses: &mut Responses) -> usize {
        let mut left_out = 0;
        for person in self.persons.iter().filter(|p| !p.consented) {
            if let Some(s) = person.scores {
                responses.leave_out(s);
                left_out += 1;
            }
        }
        left_out
    }

    /// People in the attendance file who are in no other file, by the line where each first
    /// appears (only meaningful when another file exists).
    pub fn attendance_only_lines(&self, attendance: &Attendance) -> Vec<usize> {
        let mut lines: Vec<usize> = self
            .persons
            .iter()
            .filter(|p| p.scores.is_none() && p.listed.is_none())
            .filter_map(|p| p.attendance.and_then(|a| attendance.first_lines.get(a).copied()))
            .collect();
        lines.sort_unstable();
        lines
    }
}

/// The person of `id`, the `at`-th id of its file, added to `persons` as `blank` if new. The files
/// mostly list people in the same order: then the `at`-th person is found without a lookup.
fn slot<'a>(ids: &mut Numbered<'a>, id: &'a str, at: usize, persons: &mut Vec<Person>, blank: Person) -> usize {
    if ids.is(at, id) {
        return at;
    }
    let (number, new) = ids.number(id);
    if new {
        persons.push(blank);
    }
    number as usize
}
