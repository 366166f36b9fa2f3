//! Attendance: the rate at each session, how many sessions each person came to, who completed
//! the programme and after which session people stopped coming.
//!
//! Everyone counts who consented (every person in any file when there is no participants.csv);
//! someone missing from the attendance file attended no sessions.

use serde::Serialize;

use super::people::People;
use crate::input::Attendance;

/// The completion rule: `[analysis] completion` as a share (≤ 1) or a count (> 1) of sessions.
#[derive(Debug, Clone, Serialize)]
pub struct Completion {
    /// "share" or "count".
    pub rule: &'static str,
    /// The configured value.
    pub value: f64,
    /// Sessions a completer attended at least.
    pub sessions: usize,
}

impl Completion {
    /// The rule for `completion` with `planned` sessions. A share needs `⌈share × planned⌉`
    /// sessions (at least one); a count needs that many.
    pub fn new(completion: f64, planned: usize) -> Completion {
        if completion <= 1.0 {
            // A small tolerance so that 0.75 × 8 needs exactly 6 sessions.
            let sessions = (completion * planned as f64 - 1e-9).ceil().max(1.0) as usize;
            Completion { rule: "share", value: completion, sessions }
        } else {
            Completion { rule: "count", value: completion, sessions: completion.round() as usize }
        }
    }

    /// Whether someone who attended `attended` sessions completed the programme.
    pub fn completed(&self, attended: usize) -> bool {
        attended >= self.sessions
    }
}

/// `attendance` in results.json.
#[derive(Debug, Clone, Serialize)]
pub struct AttendanceSummary {
    /// Sessions offered.
    pub planned_sessions: usize,
    /// People counted: everyone who consented.
    pub participants: usize,
    /// People who attended at least `completion.sessions` sessions.
    pub completers: usize,
    /// The completion rule.
    pub completion: Completion,
    /// People who attended at least one session.
    pub started: usize,
    /// Attendance at each session.
    pub per_session: Vec<SessionAttendance>,
    /// How many people attended each number of sessions, from 0 to all of them.
    pub sessions_attended: Vec<AttendedCount>,
    /// Mean number of sessions attended.
    pub mean_sessions: Option<f64>,
    /// Median number of sessions attended.
    pub median_sessions: Option<f64>,
    /// Among people who came at least once but not to the last session: how many came last to
    /// each session.
    pub stopped_after: Vec<StoppedAfter>,
}

/// One session's attendance.
#[derive(Debug, Clone, Serialize)]
pub struct SessionAttendance {
    /// Session number, from 1.
    pub session: usize,
    /// People who came.
    pub attended: usize,
    /// `attended / participants`.
    pub rate: Option<f64>,
}

/// People who attended a number of sessions.
#[derive(Debug, Clone, Serialize)]
pub struct AttendedCount {
    /// Number of sessions attended.
    pub sessions: usize,
    /// People who attended that many.
    pub participants: usize,
}

/// People whose last session was `session`, before the programme's end.
#[derive(Debug, Clone, Serialize)]
pub struct StoppedAfter {
    /// The last session they came to.
    pub session: usize,
    /// How many people.
    pub participants: usize,
}

/// Sessions attended by each person of `people` (0 for anyone absent from the file).
pub fn sessions_per_person(people: &People, attendance: &Attendance) -> Vec<usize> {
    people.persons.iter().map(|p| p.attendance.map_or(0, |a| attendance.sessions_attended(a).count())).collect()
}

/// Summarise the attendance of the people who consented.
pub fn summarise(people: &People, attendance: &Attendance, completion: &Completion) -> AttendanceSummary {
    let planned = attendance.sessions;
    let mut per_session = vec![0usize; planned];
    let mut distribution = vec![0usize; planned + 1];
    let mut last = vec![0usize; planned + 1];
    let mut counts = Vec::new();
    for person in people.consented() {
        let attended: Vec<usize> =
            person.attendance.map(|a| attendance.sessions_attended(a).collect()).unwrap_or_default();
        for &s in &attended {
            per_session[s - 1] += 1;
        }
        distribution[attended.len()] += 1;
        last[attended.last().copied().unwrap_or(0)] += 1;
        counts.push(attended.len() as f64);
    }
    let participants = counts.len();
    let rate = |n: usize| (participants > 0).then(|| n as f64 / participants as f64);
    AttendanceSummary {
        planned_sessions: planned,
        participants,
        completers: distribution.iter().enumerate().filter(|(k, _)| completion.completed(*k)).map(|(_, n)| n).sum(),
        completion: completion.clone(),
        started: participants - distribution[0],
        per_session: per_session
            .iter()
            .enumerate()
            .map(|(i, &n)| SessionAttendance { session: i + 1, attended: n, rate: rate(n) })
            .collect(),
        sessions_attended: distribution
            .iter()
            .enumerate()
            .map(|(k, &n)| AttendedCount { sessions: k, participants: n })
            .collect(),
        mean_sessions: crate::stats::mean(&counts),
        median_sessions: median(&mut counts),
        stopped_after: (1..planned).map(|s| StoppedAfter { session: s, participants: last[s] }).collect(),
    }
}

fn median(values: &mut [f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) { (values[mid - 1] + values[mid]) / 2.0 } else { values[mid] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_by_share_and_by_count() {
        let share = Completion::new(0.75, 8);
        assert_eq!((share.rule, share.sessions), ("share", 6));
        assert!(share.completed(6) && !share.completed(5));
        assert_eq!(Completion::new(1.0, 8).sessions, 8);
        assert_eq!(Completion::new(0.7, 10).sessions, 7);
        assert_eq!(Completion::new(0.01, 8).sessions, 1);
        let count = Completion::new(5.0, 8);
        assert_eq!((count.rule, count.sessions), ("count", 5));
    }

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
