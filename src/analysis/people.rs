//! Everyone who appears in any data file, joined by participant id: where each person is in the
//! scores, attendance and participants files, and whether they consented or withdrew.

use foldhash::HashMap;

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
        let mut index: HashMap<&str, usize> = HashMap::default();
        let mut persons: Vec<Person> = Vec::new();
        let blank = Person { scores: None, attendance: None, listed: None, consented: true, withdrawn: false };
        let mut slot = |id, persons: &mut Vec<Person>| {
            *index.entry(id).or_insert_with(|| {
                persons.push(blank);
                persons.len() - 1
            })
        };
        if let Some(list) = participants {
            for (i, id) in list.ids.iter().enumerate() {
                let s = slot(id.as_str(), &mut persons);
                persons[s] =
                    Person { listed: Some(i), consented: list.consented[i], withdrawn: list.withdrawn[i], ..blank };
            }
        }
        if let Some(responses) = responses {
            for (i, id) in responses.participants.iter().enumerate() {
                let s = slot(id.as_str(), &mut persons);
                persons[s].scores = Some(i);
            }
        }
        if let Some(attendance) = attendance {
            for (i, id) in attendance.participants.iter().enumerate() {
                let s = slot(id.as_str(), &mut persons);
                persons[s].attendance = Some(i);
            }
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
