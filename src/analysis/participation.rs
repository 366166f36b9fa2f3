//! Who took part, wired together for the pipeline: read attendance.csv and participants.csv, join
//! everyone across the files, then count attendance, participant flow, dose–response and
//! characteristics.

use super::Outcome;
use super::attendance::{self, AttendanceSummary, Completion};
use super::characteristics::{self, Characteristics};
use super::dose::{self, DoseInputs, DoseResponse};
use super::flow::{self, Flow, FlowInputs, FlowStep};
use super::people::People;
use crate::config::Loaded;
use crate::input::{self, Attendance, Participants, Responses};
use crate::problem::Problems;
use crate::scoring::ScaleScores;

/// Most "in no other file" warnings listed one by one.
const MAX_LISTED: usize = 5;

/// The files behind participation: attendance.csv and participants.csv, as named in
/// programme.toml.
#[derive(Debug, Clone, Default)]
pub struct ParticipationFiles {
    /// Attendance per session.
    pub attendance: Option<Attendance>,
    /// Participant details.
    pub participants: Option<Participants>,
}

/// Attendance, flow, dose–response and characteristics: the parts of `results.json` about who
/// took part.
#[derive(Debug, Clone, Default)]
pub struct Participation {
    /// `attendance`; `None` without attendance.csv.
    pub attendance: Option<AttendanceSummary>,
    /// `flow`.
    pub flow: Option<Flow>,
    /// The flow's steps with who dropped between them.
    pub flow_steps: Vec<FlowStep>,
    /// Dose–response per outcome; empty without attendance.
    pub dose: Vec<DoseResponse>,
    /// Characteristics; `None` without further columns in participants.csv.
    pub characteristics: Option<Characteristics>,
    /// Why some values are missing, and what the data left unclear.
    pub warnings: Vec<String>,
}

/// Read attendance.csv and participants.csv, collecting the problems of both.
pub fn read(loaded: &Loaded) -> Result<ParticipationFiles, Problems> {
    let data = &loaded.programme.data;
    let planned = loaded.programme.programme.planned_sessions;
    let mut problems = Problems::default();
    let attendance = data.attendance.as_ref().and_then(|file| {
        let file = file.get_ref();
        input::read_attendance(&loaded.path(file), file, &data.id_column, planned)
            .map_err(|p| problems.0.extend(p.0))
            .ok()
    });
    let participants = data.participants.as_ref().and_then(|file| {
        let file = file.get_ref();
        input::read_participants(&loaded.path(file), file, &data.id_column).map_err(|p| problems.0.extend(p.0)).ok()
    });
    problems.into_result(ParticipationFiles { attendance, participants })
}

/// Join everyone across the files, leave people who declined consent out of the scores, and
/// check the files against `[flow] enrolled` and `[analysis] completion`. Returns the people and
/// warnings.
pub fn join(
    loaded: &Loaded,
    responses: Option<&mut Responses>,
    files: &ParticipationFiles,
) -> Result<(People, Vec<String>), Problems> {
    let data = &loaded.programme.data;
    let mut warnings = Vec::new();
    let people = People::join(responses.as_deref(), files.attendance.as_ref(), files.participants.as_ref());
    if let Some(responses) = responses {
        let left_out = people.leave_out_declined(responses);
        if left_out > 0 {
            let (scores, list) = (file_name(&data.scores), file_name(&data.participants));
            warnings.push(format!(
                "{scores}: {left_out} {} marked consented = no in {list} {} left out of the analysis",
                if left_out == 1 { "person" } else { "people" },
                if left_out == 1 { "was" } else { "were" },
            ));
        }
    }
    let mut problems = Problems::default();
    let programme = &loaded.programme;
    if let Some(enrolled) = programme.flow.enrolled
        && (enrolled as usize) < people.persons.len()
    {
        let span = flow_enrolled_span(&loaded.text);
        problems.push(
            loaded
                .problem_at(
                    span,
                    format!(
                        "[flow] enrolled is {enrolled}, but {} people appear in the data files",
                        people.persons.len()
                    ),
                )
                .help("enrolled counts everyone enrolled, including people in no file; raise it or remove it"),
        );
    }
    let completion = *programme.analysis.completion.get_ref();
    if let (Some(attendance), true) = (&files.attendance, completion > 1.0)
        && completion > attendance.sessions as f64
    {
        problems.push(
            loaded
                .problem_at(
                    programme.analysis.completion.span(),
                    format!(
                        "`completion` asks for {completion} sessions, but there are {} sessions",
                        attendance.sessions
                    ),
                )
                .help("give a count of at most planned_sessions, or a share such as 0.75"),
        );
    }
    problems.into_result((people, warnings))
}

/// The span of `enrolled = …` under `[flow]` in programme.toml, for locating a problem.
fn flow_enrolled_span(text: &str) -> std::ops::Range<usize> {
    let Some(section) = text.find("[flow]") else { return 0..0 };
    match text[section..].find("enrolled") {
        Some(at) => section + at..section + at + "enrolled".len(),
        None => section..section + "[flow]".len(),
    }
}

fn file_name(file: &Option<toml::Spanned<String>>) -> String {
    file.as_ref().map_or_else(String::new, |f| f.get_ref().clone())
}

/// Everything the participation analysis reads.
pub struct Sources<'a> {
    /// The programme's configuration.
    pub loaded: &'a Loaded,
    /// Everyone in any file.
    pub people: &'a People,
    /// The scores file.
    pub responses: Option<&'a Responses>,
    /// attendance.csv and participants.csv.
    pub files: &'a ParticipationFiles,
    /// Scale scores, for dose–response.
    pub scales: &'a [ScaleScores],
    /// The outcomes, for dose–response and the analysed count.
    pub outcomes: &'a [Outcome],
}

/// Count attendance, flow, dose–response and characteristics.
pub fn analyse(sources: &Sources) -> Participation {
    let programme = &sources.loaded.programme;
    let data = &programme.data;
    let analysis = &programme.analysis;
    let min_cell = analysis.min_cell as usize;
    let mut warnings = Vec::new();
    let people = sources.people;
    let attendance = sources.files.attendance.as_ref();
    let completion = attendance.map(|a| Completion::new(*analysis.completion.get_ref(), a.sessions));
    let sessions = attendance.map(|a| attendance::sessions_per_person(people, a));
    if let Some(attendance) = attendance {
        warnings.extend(attendance_warnings(sources, attendance));
    }
    let (flow, flow_steps) = flow::flow(&FlowInputs {
        people,
        enrolled: programme.flow.enrolled.map(|e| e as usize),
        participants_file: sources.files.participants.is_some(),
        responses: sources.responses,
        sessions: sessions.as_deref(),
        completion: completion.as_ref().map_or(0, |c| c.sessions),
        analysed: sources.outcomes.iter().map(|o| o.n_pairs).min(),
    });
    let dose = match (&sessions, &completion, sources.responses) {
        (Some(sessions), Some(completion), Some(responses)) => dose::dose_response(
            &DoseInputs {
                people,
                sessions,
                completion,
                timepoints: &responses.timepoints,
                min_cell,
                confidence: *analysis.confidence.get_ref(),
            },
            sources.scales,
            sources.outcomes,
            &mut warnings,
        ),
        _ => Vec::new(),
    };
    let characteristics = sources.files.participants.as_ref().and_then(|list| {
        characteristics::characteristics(people, list, min_cell, &file_name(&data.participants), &mut warnings)
    });
    Participation {
        attendance: attendance.zip(completion.as_ref()).map(|(a, c)| attendance::summarise(people, a, c)),
        flow: Some(flow),
        flow_steps,
        dose,
        characteristics,
        warnings,
    }
}

/// Sessions taken from the file, people with attendance in no other file, and scored people
/// with no attendance record.
fn attendance_warnings(sources: &Sources, attendance: &Attendance) -> Vec<String> {
    let data = &sources.loaded.programme.data;
    let file = file_name(&data.attendance);
    let mut warnings = Vec::new();
    if attendance.sessions_from_file {
        warnings.push(format!(
            "[programme] planned_sessions is not set, so the programme is taken to have {} sessions, the highest in {file}",
            attendance.sessions
        ));
    }
    let others: Vec<String> =
        [&data.scores, &data.participants].into_iter().flatten().map(|f| f.get_ref().clone()).collect();
    if !others.is_empty() {
        let lines = sources.people.attendance_only_lines(attendance);
        for line in lines.iter().take(MAX_LISTED) {
            warnings.push(format!(
                "{file}:{line}: this participant is in no other file ({}); check the id for a typo",
                others.join(", ")
            ));
        }
        if lines.len() > MAX_LISTED {
            warnings.push(format!("{file}: {} more participants are in no other file", lines.len() - MAX_LISTED));
        }
    }
    let unrecorded = sources.people.consented().filter(|p| p.scores.is_some() && p.attendance.is_none()).count();
    if unrecorded > 0 && sources.responses.is_some() {
        warnings.push(format!(
            "{unrecorded} {} with questionnaire scores {} no record in {file}, so {} as attending no sessions",
            if unrecorded == 1 { "person" } else { "people" },
            if unrecorded == 1 { "has" } else { "have" },
            if unrecorded == 1 { "counts" } else { "count" },
        ));
    }
    warnings
}
