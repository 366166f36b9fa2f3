//! The checks of programme.toml that its types alone cannot express: ranges, measures that
//! name what they need, layouts that agree with the timepoints, and paths that exist and stay
//! inside the programme folder.

use std::path::{Component, Path};

use toml::Spanned;

use super::{Loaded, Measure, PROGRAMME_FILE, ScoresLayout};
use crate::files::Kind;
use crate::problem::{Problem, Problems};

/// Checks the types alone cannot express.
pub(super) fn check(loaded: &Loaded) -> Problems {
    let mut problems = Problems::default();
    let p = &loaded.programme;
    let timepoints = &p.data.timepoints;
    if timepoints.get_ref().len() < 2 {
        problems.push(
            loaded
                .problem_at(timepoints.span(), "`timepoints` needs at least two entries")
                .help("list them in order, baseline first: timepoints = [\"pre\", \"post\"]"),
        );
    }
    // Past their bound (a problem of its own) timepoints are not compared with each other.
    for (i, t) in timepoints.get_ref().iter().enumerate().take(super::limits::MAX_TIMEPOINTS) {
        if timepoints.get_ref()[..i].contains(t) {
            problems.push(loaded.problem_at(timepoints.span(), format!("timepoint '{t}' is listed twice")));
        }
    }
    super::bounds::check(loaded, &mut problems);
    if is_blank(&p.programme.title) {
        let span = loaded.text.find("title").map_or(0..0, |at| at..at + 1);
        problems.push(
            loaded
                .problem_at(span, "`title` is empty")
                .help("the title heads the report and names the PDF, e.g. title = \"Compassion in Schools 2025\""),
        );
    }
    for measure in &p.measures {
        check_measure(loaded, measure, &mut problems);
        if let Some(instrument) = &measure.get_ref().instrument
            && looks_like_path(instrument)
            && !stays_inside(instrument)
        {
            problems.push(outside(loaded, measure.span(), "instrument", instrument));
        }
    }
    if super::portfolio::TEMPLATES.contains(&p.programme.template.as_str()) {
        let span = loaded.text.find("template").map_or(0..0, |at| at..at + 1);
        problems.push(
            loaded
                .problem_at(span, format!("`template` = \"{}\" is a portfolio's template", p.programme.template))
                .help("a programme uses schools, nhs or workplace; a portfolio.toml folder uses the evidence or ref template"),
        );
    }
    if looks_like_path(&p.programme.template) && !stays_inside(&p.programme.template) {
        let span = loaded.text.find("template").map_or(0..0, |at| at..at + 1);
        problems.push(outside(loaded, span, "template", &p.programme.template));
    }
    check_layout(loaded, &mut problems);
    if let Some(economics) = &p.economics {
        let at = |span, message: String| loaded.problem_at(span, message);
        problems.0.extend(super::economics::check(economics, &at, None).0);
    }
    let files = [
        ("scores", &p.data.scores),
        ("attendance", &p.data.attendance),
        ("participants", &p.data.participants),
        ("codebook", &p.data.codebook),
        ("excerpts", &p.data.excerpts),
        ("qdpx", &p.data.qdpx),
    ];
    for (key, file) in files {
        let Some(file) = file else { continue };
        if !stays_inside(file.get_ref()) {
            problems.push(outside(loaded, file.span(), key, file.get_ref()));
        } else {
            let kind = if key == "qdpx" { Kind::Project } else { crate::input::table::kind_of(file.get_ref()) };
            if let Err(refusal) = loaded.folder.resolve(file.get_ref(), kind) {
                let problem =
                    loaded.problem_at(file.span(), format!("`{key}` names {}, which {refusal}", file.get_ref()));
                problems.push(match refusal.help() {
                    Some(help) => problem.help(help),
                    None => problem,
                });
            }
        }
    }
    if p.data.scores.is_none() && !p.measures.is_empty() {
        problems.push(
            Problem::in_file(PROGRAMME_FILE, "[[measures]] are listed but [data] names no `scores` file")
                .help("add scores = \"data/scores.csv\" under [data]"),
        );
    }
    problems
}

fn check_measure(loaded: &Loaded, measure: &Spanned<Measure>, problems: &mut Problems) {
    let m = measure.get_ref();
    let span = measure.span();
    if m.label.as_deref().is_some_and(is_blank) {
        problems.push(
            loaded
                .problem_at(span.clone(), "a measure's `label` is empty")
                .help("the label names the outcome in tables and charts, e.g. label = \"Wellbeing (SWEMWBS)\""),
        );
    }
    match (&m.instrument, &m.column) {
        (Some(_), Some(_)) => problems.push(
            loaded
                .problem_at(span.clone(), "a measure has both `instrument` and `column`")
                .help("use instrument + prefix for item-level data, or label + column + better for a scored column"),
        ),
        (None, None) => problems.push(
            loaded
                .problem_at(
                    span.clone(),
                    "a measure needs `instrument` (with `prefix`) or `column` (with `label` and `better`)",
                )
                .help("see `impact instruments` for the built-in instruments"),
        ),
        (Some(_), None) => {
            if m.prefix.is_none() {
                problems.push(
                    loaded
                        .problem_at(span.clone(), "an instrument measure needs `prefix`, the start of its item columns")
                        .help("e.g. prefix = \"scs_sf_\" for columns scs_sf_1 … scs_sf_12"),
                );
            }
            for (key, present) in [("better", m.better.is_some()), ("reliability", m.reliability.is_some())] {
                if present {
                    problems.push(loaded.problem_at(
                        span.clone(),
                        format!("`{key}` belongs to already-scored columns; an instrument's key sets it"),
                    ));
                }
            }
        }
        (None, Some(_)) => {
            for (key, present) in [("label", m.label.is_some()), ("better", m.better.is_some())] {
                if !present {
                    problems.push(
                        loaded
                            .problem_at(span.clone(), format!("an already-scored column needs `{key}`"))
                            .help("e.g. label = \"Self-correction (FSCS)\", better = \"lower\""),
                    );
                }
            }
            // `labels` is allowed: a single question answered in words, scored through them.
            if m.prefix.is_some() || m.scales.is_some() {
                problems.push(
                    loaded
                        .problem_at(span.clone(), "`prefix` and `scales` belong to instrument measures")
                        .help("an already-scored column is one score; `labels` maps its answers given as words"),
                );
            }
            if let Some(r) = m.reliability
                && !(0.0..1.0).contains(&r)
            {
                problems
                    .push(loaded.problem_at(span.clone(), format!("reliability {r} must be at least 0 and below 1")));
            }
        }
    }
}

/// `layout`, `wide_pattern` and `timepoint_names` agree with each other and the timepoints.
fn check_layout(loaded: &Loaded, problems: &mut Problems) {
    let data = &loaded.programme.data;
    if let Some(pattern) = &data.wide_pattern {
        let text = pattern.get_ref();
        let once = |token: &str| text.matches(token).count() == 1;
        let stray = text.replace("{timepoint}", "").replace("{column}", "").contains(['{', '}']);
        if !once("{timepoint}") || !once("{column}") || stray {
            problems.push(
                loaded
                    .problem_at(pattern.span(), format!("wide_pattern \"{text}\" needs {{timepoint}} and {{column}} once each"))
                    .help("e.g. wide_pattern = \"{timepoint}_{column}\" for pre_scs_sf_1, or \"{column}_{timepoint}\" for scs_sf_1_pre"),
            );
        }
        if data.layout != ScoresLayout::Wide {
            problems.push(
                loaded
                    .problem_at(pattern.span(), "wide_pattern is set but the layout is long")
                    .help("add layout = \"wide\" under [data], or remove wide_pattern"),
            );
        }
    }
    let timepoints = data.timepoints.get_ref();
    for (name, timepoint) in &data.timepoint_names {
        if !timepoints.iter().any(|t| t.eq_ignore_ascii_case(timepoint.get_ref().trim())) {
            problems.push(
                loaded
                    .problem_at(
                        timepoint.span(),
                        format!(
                            "[data.timepoint_names] maps '{name}' onto '{}', which is not a timepoint",
                            timepoint.get_ref()
                        ),
                    )
                    .help(format!("map it onto one of the timepoints: {}", timepoints.join(", "))),
            );
        }
    }
}

/// Text that shows nothing: empty, spaces, or control characters only.
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| c.is_whitespace() || c.is_control())
}

/// Whether `path`, taken relative to the programme folder, stays inside it: not absolute, and
/// never climbing above the folder with `..`. Files elsewhere are refused so that a copied
/// programme folder is complete and a report never names someone's home folder.
fn stays_inside(path: &str) -> bool {
    let mut depth = 0usize;
    for component in Path::new(path).components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    // `C:\data` or `\\server\share` are absolute on Windows even when read elsewhere.
    !(path.starts_with('\\') || path.as_bytes().get(1) == Some(&b':'))
}

/// A template or instrument given as a path rather than a built-in name.
fn looks_like_path(name: &str) -> bool {
    name.contains(['/', '\\']) || name.starts_with('.') || name.ends_with(".toml")
}

fn outside(loaded: &Loaded, span: std::ops::Range<usize>, key: &str, path: &str) -> Problem {
    loaded.problem_at(span, format!("`{key}` = \"{path}\" is outside the programme folder")).help(
        "paths are relative to the programme folder and stay inside it: copy the file into the folder (e.g. data/)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_the_programme_folder() {
        for inside in ["data/scores.csv", "./data/x.csv", "data/../data/x.csv", "templates/brand"] {
            assert!(stays_inside(inside), "{inside}");
        }
        for outside in ["../x.csv", "data/../../x.csv", "/etc/passwd", "C:\\data\\x.csv", "\\\\server\\x"] {
            assert!(!stays_inside(outside), "{outside}");
        }
    }
}
