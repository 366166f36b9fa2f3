//! The stages wired together: config → input → scoring → analysis (then, with `[sites]`, the
//! same for each site and the pooling of sites), then render.

pub mod portfolio;
mod sites;

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::analysis::figures::{self, Slope};
use crate::analysis::participation::ParticipationFiles;
use crate::analysis::{self, InstrumentInfo, Options, ProgrammeInfo, Results, Tool, participation};
use crate::config::{self, Loaded};
use crate::files::Kind;
use crate::input::coding::Coding;
use crate::input::{self, Responses, scores::Layout};
use crate::problem::{Problem, Problems};
use crate::scoring::{self, Measure, Source};
use crate::understood::{self, Understood};

pub use sites::SitePage;

/// A programme read, scored and analysed: everything the renderers need.
#[derive(Debug)]
pub struct Analysed {
    /// The programme folder's configuration.
    pub loaded: Loaded,
    /// The scores file as read (absent for a qualitative-only programme).
    pub responses: Option<Responses>,
    /// Every number of the report.
    pub results: Results,
    /// Chart data, one per outcome.
    pub slopes: Vec<Slope>,
    /// Each input file (as named in programme.toml) with its SHA-256, for the methods section.
    pub inputs: Vec<(String, String)>,
    /// What was read, for `check`: formats, layouts, participants per timepoint, who is unmatched.
    pub understood: Understood,
    /// Each site shown on a page of its own, analysed alone (empty without `[sites]`).
    pub sites: Vec<SitePage>,
}

/// The programme's files as read, before anyone is joined across them.
#[derive(Debug, Clone)]
struct Inputs {
    responses: Option<Responses>,
    coding: Option<Coding>,
    files: ParticipationFiles,
}

/// Read, check, score and analyse the programme in `root`.
pub fn analyse(root: &Path) -> Result<Analysed, Problems> {
    let loaded = config::load(root)?;
    let (measures, columns) = scoring::resolve(&loaded)?;
    let (inputs, checksums) = read(&loaded, &columns);
    let mut inputs = inputs?;
    let split = match &loaded.programme.sites {
        Some(settings) => Some(sites::split(&loaded, settings, &mut inputs)?),
        None => None,
    };
    let checksums = checksums?;
    let mut analysed = analyse_inputs(loaded, &measures, inputs, checksums, Scope::Programme)?;
    if let Some(split) = split {
        sites::analyse(&mut analysed, &measures, split);
    }
    Ok(analysed)
}

/// Read every data file, each on its own and in parallel, and take their checksums; every file is
/// read even when another has problems, so that `check` shows every problem at once.
fn read(loaded: &Loaded, columns: &input::ScoreColumns) -> (Result<Inputs, Problems>, Result<Checksums, Problems>) {
    let data = &loaded.programme.data;
    let site_column = loaded.programme.sites.as_ref().map(|s| s.get_ref().column.get_ref().as_str());
    let read_scores = || match &data.scores {
        None => Ok(None),
        Some(file) => {
            let mut layout = Layout::from_config(data);
            layout.site_column = site_column;
            input::read_scores(&loaded.path(file.get_ref()), file.get_ref(), &layout, columns).map(Some)
        }
    };
    // Two pairs of about the same work, one for each core: the scores file (the largest) with the
    // checksums (which read the files again), the coded data with attendance and participants.
    let ((responses, checksums), (coding, participation_files)) = rayon::join(
        || rayon::join(read_scores, || input_checksums(loaded)),
        || rayon::join(|| input::coding::read_coding(loaded), || participation::read(loaded)),
    );
    let mut problems = Problems::default();
    let responses = responses.map_err(|p| problems.0.extend(p.0)).ok().flatten();
    let coding = coding.map_err(|p| problems.0.extend(p.0)).ok().flatten();
    let files = participation_files.map_err(|p| problems.0.extend(p.0)).unwrap_or_default();
    (problems.into_result(Inputs { responses, coding, files }), checksums)
}

/// What [`analyse_inputs`] analyses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// The whole programme.
    Programme,
    /// One site's share of it: what was read (for `check`) is the programme's, not described again.
    Site,
}

/// Join, score and analyse the files read: the whole programme, or one site's share of it.
fn analyse_inputs(
    loaded: Loaded,
    measures: &[Measure],
    inputs: Inputs,
    checksums: Vec<(String, String)>,
    scope: Scope,
) -> Result<Analysed, Problems> {
    let Inputs { mut responses, coding, files } = inputs;
    let programme = &loaded.programme;
    let data = &programme.data;
    let (people, joined_warnings) = participation::join(&loaded, responses.as_mut(), &files)?;
    let understood = match scope {
        Scope::Programme => {
            let coding_files = [&data.codebook, &data.excerpts, &data.qdpx].into_iter().flatten();
            let read = understood::Read {
                responses: responses.as_ref(),
                attendance: files.attendance.as_ref(),
                participants: files.participants.as_ref(),
                coding: coding_files.map(|f| (loaded.path(f.get_ref()), f.get_ref().clone())).collect(),
            };
            Understood::new(&read, &people)
        }
        Scope::Site => Understood::default(),
    };
    // What reading left out or merged (unmapped timepoints, ids written two ways).
    let reading_warnings: Vec<String> = responses
        .iter()
        .flat_map(|r| r.warnings.iter())
        .chain(files.attendance.iter().flat_map(|a| a.warnings.iter()))
        .cloned()
        .collect();
    let options = Options {
        confidence: *programme.analysis.confidence.get_ref(),
        reliability: programme.analysis.reliability,
        adjust: programme.analysis.adjust,
    };
    let analyse_scores = || -> Result<_, Problems> {
        let Some(responses) = &responses else { return Ok(Default::default()) };
        let scales = scoring::score(responses, measures, *programme.analysis.max_missing.get_ref());
        if !scales.is_empty() && scales.iter().all(|s| s.values.iter().all(|v| v.is_nan())) {
            let file = data.scores.as_ref().map_or("data/scores.csv", |f| f.get_ref().as_str());
            let problem = Problem::in_file(file, "no one could be scored: every measure's items are empty")
                .help("check that the item columns hold the answers, and that `max_missing` allows the gaps");
            return Err(problem.into());
        }
        let (outcomes, warnings) = analysis::outcomes(responses, measures, &scales, options);
        let slopes = figures::slopes(responses, measures, &scales, options.confidence);
        let talking_therapies = analysis::talking_therapies::talking_therapies(
            measures,
            &scales,
            &responses.timepoints,
            responses.participants.len(),
        );
        Ok((outcomes, warnings, slopes, talking_therapies, scales))
    };
    let count_themes = || {
        coding.map(|coding| {
            analysis::qualitative::analyse(analysis::qualitative::QualitativeInputs {
                coding,
                responses: responses.as_ref(),
                participants: files.participants.as_ref(),
                attendance: files.attendance.as_ref(),
                other_files: [&data.scores, &data.attendance, &data.participants]
                    .into_iter()
                    .flatten()
                    .map(|f| f.get_ref().clone())
                    .collect(),
                redact: &programme.privacy.redact,
            })
        })
    };
    // The themes do not depend on the scores (only the joint display does): both at once.
    let (scored, qualitative) = rayon::join(analyse_scores, count_themes);
    let (outcomes, warnings, slopes, talking_therapies, scales) = scored?;
    let participation = participation::analyse(&participation::Sources {
        loaded: &loaded,
        people: &people,
        responses: responses.as_ref(),
        files: &files,
        scales: &scales,
        outcomes: &outcomes,
    });
    let (themes, coding_summary, joint_display, qualitative_warnings) = match qualitative {
        Some(q) => {
            let min_cell = programme.analysis.min_cell as usize;
            let joint = responses.as_ref().map(|r| q.joint(r, &scales, &outcomes, min_cell)).unwrap_or_default();
            (q.themes, Some(q.summary), joint, q.warnings)
        }
        None => Default::default(),
    };
    let instruments = measures
        .iter()
        .filter_map(|m| match &m.source {
            Source::Items { instrument, .. } => Some(InstrumentInfo {
                id: instrument.id.clone(),
                name: instrument.name.clone(),
                short_name: instrument.short_name.clone(),
                citation: instrument.citation.clone(),
            }),
            Source::Column { .. } => None,
        })
        .collect();
    let about = &programme.programme;
    // Who started: attended a session, else scored at baseline, else enrolled.
    let started = participation.flow.as_ref().map(|f| f.started.or(f.baseline).unwrap_or(f.enrolled));
    let economics = programme.economics.as_ref().and_then(|e| analysis::economics::estimate(e.get_ref(), started));
    let results = Results {
        tool: Tool { name: "impact".into(), version: env!("CARGO_PKG_VERSION").into() },
        programme: ProgrammeInfo {
            title: about.title.clone(),
            template: about.template.clone(),
            organisation: about.organisation.clone(),
            funder: about.funder.clone(),
            period: about.period.clone(),
            planned_sessions: about.planned_sessions,
            site: None,
        },
        timepoints: data.timepoints.get_ref().clone(),
        participants: responses.as_ref().map_or(0, |r| r.participants.len()),
        outcomes,
        instruments,
        talking_therapies,
        attendance: participation.attendance,
        flow: participation.flow,
        flow_steps: participation.flow_steps,
        dose: participation.dose,
        characteristics: participation.characteristics,
        themes,
        coding: coding_summary,
        joint_display,
        sites: Vec::new(),
        site_counts: None,
        pooled: Vec::new(),
        economics,
        warnings: reading_warnings
            .into_iter()
            .chain(warnings)
            .chain(joined_warnings)
            .chain(participation.warnings)
            .chain(qualitative_warnings)
            .collect(),
    };
    Ok(Analysed { loaded, responses, results, slopes, inputs: checksums, understood, sites: Vec::new() })
}

/// Each input file (as named in programme.toml) with its SHA-256 checksum.
type Checksums = Vec<(String, String)>;

/// programme.toml and every data file it names, with their SHA-256 checksums.
fn input_checksums(loaded: &Loaded) -> Result<Checksums, Problems> {
    let data = &loaded.programme.data;
    let named = [&data.scores, &data.attendance, &data.participants, &data.codebook, &data.excerpts, &data.qdpx];
    let files = std::iter::once(config::PROGRAMME_FILE.to_string())
        .chain(named.into_iter().flatten().map(|f| f.get_ref().clone()));
    files
        .map(|file| {
            let kind = match file.as_str() {
                config::PROGRAMME_FILE => Kind::Settings,
                _ if data.qdpx.as_ref().is_some_and(|q| q.get_ref() == &file) => Kind::Project,
                _ => crate::input::table::kind_of(&file),
            };
            // Streamed through the hash: a large file is never held twice.
            let refused = |refusal: crate::files::Refusal| Problems::from(refusal.problem(&file));
            let opened = loaded.folder.open_file(&file, kind).map_err(refused)?;
            // A file that grows while it is read is cut at its cap, as the readers cut it.
            let mut opened = std::io::Read::take(opened, kind.cap() + 1);
            let (mut hasher, mut buffer) = (Sha256::new(), vec![0; 1 << 18]);
            loop {
                match std::io::Read::read(&mut opened, &mut buffer) {
                    Ok(0) => break,
                    Ok(n) => hasher.update(&buffer[..n]),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(refused(e.into())),
                }
            }
            let hash = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
            Ok((file, hash))
        })
        .collect()
}
