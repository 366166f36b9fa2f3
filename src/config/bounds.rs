//! The bounds of every number and text in programme.toml (see [`super::limits`]): each value
//! outside them is a problem at its key's line, with the range it may take.

use toml::Spanned;

use super::Loaded;
use super::limits::{
    CONFIDENCE, MAX_ENROLLED, MAX_ENTRIES, MAX_MEASURES, MAX_MIN_CELL, MAX_SESSIONS, MAX_TEXT, MAX_TIMEPOINTS,
};
use super::spans::{Step, long_texts, value_span};
use crate::problem::Problems;

/// Push a problem for every value of programme.toml outside its bounds.
pub(super) fn check(loaded: &Loaded, problems: &mut Problems) {
    texts(loaded, problems);
    let p = &loaded.programme;
    let at = |path: &[Step], message: String| {
        let span = value_span(&loaded.text, path).unwrap_or(0..0);
        loaded.problem_at(span, message)
    };
    if let Some(planned) = p.programme.planned_sessions {
        let path = [Step::Key("programme"), Step::Key("planned_sessions")];
        let help = "give the number of sessions offered, e.g. planned_sessions = 8 (or leave the key out)";
        if planned == 0 {
            problems.push(at(&path, "`planned_sessions` is 0: a programme has at least one session".into()).help(help));
        } else if planned > MAX_SESSIONS {
            let message = format!("`planned_sessions` is {planned}, more than the {MAX_SESSIONS} a programme may have");
            problems.push(at(&path, message).help(help));
        }
    }
    let timepoints = p.data.timepoints.get_ref().len();
    if timepoints > MAX_TIMEPOINTS {
        problems.push(
            loaded
                .problem_at(
                    p.data.timepoints.span(),
                    format!("`timepoints` lists {timepoints} timepoints, more than {MAX_TIMEPOINTS}"),
                )
                .help("list the timepoints questionnaires were given at, baseline first: timepoints = [\"pre\", \"post\"]"),
        );
    }
    if p.measures.len() > MAX_MEASURES {
        let span = p.measures.get(MAX_MEASURES).map_or(0..0, Spanned::span);
        problems.push(
            loaded
                .problem_at(
                    span,
                    format!("programme.toml lists {} measures, more than {MAX_MEASURES}", p.measures.len()),
                )
                .help("keep the [[measures]] the report is about"),
        );
    }
    entries(loaded, problems);
    shares(loaded, problems);
    completion(loaded, problems);
    let min_cell = p.analysis.min_cell;
    if min_cell == 0 || min_cell > MAX_MIN_CELL {
        let path = [Step::Key("analysis"), Step::Key("min_cell")];
        let message = if min_cell == 0 {
            "`min_cell` is 0, so groups of any size would be shown: it is at least 1".to_string()
        } else {
            format!("`min_cell` is {min_cell}, more than {MAX_MIN_CELL}")
        };
        problems.push(
            at(&path, message)
                .help("min_cell = 5 withholds every group of fewer than 5 people; min_cell = 1 shows every group"),
        );
    }
    if let Some(enrolled) = p.flow.enrolled
        && enrolled > MAX_ENROLLED
    {
        problems.push(
            at(
                &[Step::Key("flow"), Step::Key("enrolled")],
                format!("`enrolled` is {enrolled}, more than {MAX_ENROLLED}"),
            )
            .help("give the number of people enrolled in the programme, e.g. enrolled = 40"),
        );
    }
}

/// Texts: none longer than [`MAX_TEXT`] characters.
fn texts(loaded: &Loaded, problems: &mut Problems) {
    for long in long_texts(&loaded.text, |_| MAX_TEXT) {
        let what = if long.is_key { format!("a key of `{}`", long.key) } else { format!("`{}`", long.key) };
        problems.push(
            loaded
                .problem_at(long.span, format!("{what} is {} characters long, more than {}", long.chars, long.limit))
                .help(format!(
                    "shorten it: a title, name, path or label in programme.toml has at most {MAX_TEXT} characters"
                )),
        );
    }
}

/// Lists and tables: no more than [`MAX_ENTRIES`] entries.
fn entries(loaded: &Loaded, problems: &mut Problems) {
    let p = &loaded.programme;
    let mut lists: Vec<(Vec<Step>, &str, usize)> = vec![
        (vec![Step::Key("privacy"), Step::Key("redact")], "redact", p.privacy.redact.len()),
        (vec![Step::Key("data"), Step::Key("timepoint_names")], "timepoint_names", p.data.timepoint_names.len()),
    ];
    for (i, measure) in p.measures.iter().enumerate().take(MAX_MEASURES) {
        let m = measure.get_ref();
        let path = |key| vec![Step::Key("measures"), Step::Index(i), Step::Key(key)];
        lists.push((path("scales"), "scales", m.scales.as_ref().map_or(0, Vec::len)));
        lists.push((path("labels"), "labels", m.labels.as_ref().map_or(0, |l| l.len())));
    }
    for (path, key, len) in lists {
        if len > MAX_ENTRIES {
            let span = value_span(&loaded.text, &path).unwrap_or(0..0);
            problems.push(
                loaded
                    .problem_at(span, format!("`{key}` has {len} entries, more than {MAX_ENTRIES}"))
                    .help("keep the entries the programme uses"),
            );
        }
    }
}

/// `confidence` and `max_missing`: shares within their ranges (never NaN).
fn shares(loaded: &Loaded, problems: &mut Problems) {
    let analysis = &loaded.programme.analysis;
    let confidence = *analysis.confidence.get_ref();
    if !(CONFIDENCE.0..=CONFIDENCE.1).contains(&confidence) {
        problems.push(
            loaded
                .problem_at(analysis.confidence.span(), format!("`confidence` is {confidence}, outside its range"))
                .help(format!(
                    "`confidence` is a share between 0 and 1, e.g. 0.95 (from {} to {})",
                    CONFIDENCE.0, CONFIDENCE.1
                )),
        );
    }
    let max_missing = *analysis.max_missing.get_ref();
    if !(0.0..=1.0).contains(&max_missing) {
        problems.push(
            loaded
                .problem_at(analysis.max_missing.span(), format!("`max_missing` is {max_missing}, outside its range"))
                .help("`max_missing` is a share from 0 to 1, e.g. 0.2"),
        );
    }
}

/// `completion`: a share of sessions above 0 and at most 1, or a whole number of sessions.
fn completion(loaded: &Loaded, problems: &mut Problems) {
    let completion = &loaded.programme.analysis.completion;
    let value = *completion.get_ref();
    let help = "e.g. completion = 0.75 (three quarters of the sessions) or completion = 6 (six sessions)";
    let message = if !value.is_finite() || value <= 0.0 || (value > 1.0 && value.fract() != 0.0) {
        format!("`completion` is {value}: give a share of sessions (0 to 1) or a whole number of sessions")
    } else if value > f64::from(MAX_SESSIONS) {
        format!("`completion` asks for {value} sessions, more than the {MAX_SESSIONS} a programme may have")
    } else {
        return;
    };
    problems.push(loaded.problem_at(completion.span(), message).help(help));
}
