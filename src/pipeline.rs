//! The stages wired together: config → input → scoring → analysis, then render.

use std::path::Path;

use crate::analysis::figures::{self, Slope};
use crate::analysis::{self, InstrumentInfo, Options, ProgrammeInfo, Results, Tool};
use crate::config::{self, Loaded};
use crate::input::{self, Responses, scores::Layout};
use crate::problem::Problems;
use crate::scoring::{self, Source};

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
}

/// Read, check, score and analyse the programme in `root`.
pub fn analyse(root: &Path) -> Result<Analysed, Problems> {
    let loaded = config::load(root)?;
    let (measures, columns) = scoring::resolve(&loaded)?;
    let programme = &loaded.programme;
    let data = &programme.data;
    let responses = match &data.scores {
        None => None,
        Some(file) => {
            let layout = Layout {
                id_column: &data.id_column,
                timepoint_column: &data.timepoint_column,
                timepoints: data.timepoints.get_ref(),
            };
            Some(input::read_scores(&loaded.path(file.get_ref()), file.get_ref(), &layout, &columns)?)
        }
    };
    let options = Options {
        confidence: *programme.analysis.confidence.get_ref(),
        reliability: programme.analysis.reliability,
        adjust: programme.analysis.adjust,
    };
    let (outcomes, warnings, slopes) = match &responses {
        None => (Vec::new(), Vec::new(), Vec::new()),
        Some(responses) => {
            let scales = scoring::score(responses, &measures, *programme.analysis.max_missing.get_ref());
            let (outcomes, warnings) = analysis::outcomes(responses, &measures, &scales, options);
            let slopes = figures::slopes(responses, &measures, &scales, options.confidence);
            (outcomes, warnings, slopes)
        }
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
    let results = Results {
        tool: Tool { name: "impact".into(), version: env!("CARGO_PKG_VERSION").into() },
        programme: ProgrammeInfo {
            title: about.title.clone(),
            template: about.template.clone(),
            organisation: about.organisation.clone(),
            funder: about.funder.clone(),
            period: about.period.clone(),
            planned_sessions: about.planned_sessions,
        },
        timepoints: data.timepoints.get_ref().clone(),
        participants: responses.as_ref().map_or(0, |r| r.participants.len()),
        outcomes,
        instruments,
        warnings,
    };
    Ok(Analysed { loaded, responses, results, slopes })
}
