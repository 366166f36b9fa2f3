//! One builder per kind of section. Each returns its blocks, or nothing when its data is absent.

mod dose;
mod economics;
mod flow;
mod glance;
mod joint;
mod limitations;
mod methods;
mod outcomes;
mod participants;
mod qualitative;
mod sites;
mod themes;

pub(crate) use themes::capitalised;

use super::model::{Block, Section};
use super::{Context, template};
use crate::problem::Problem;

/// Build section `id`: its text (from `narrative/ID.md` if present, else the template's
/// `ID.md`), then the blocks computed from the data. `None` when there is nothing to show.
pub(super) fn build(
    id: &str,
    title: &str,
    context: &Context,
    narrative: Option<&String>,
) -> Result<Option<Section>, Problem> {
    let computed = match id {
        "glance" => glance::blocks(context),
        "outcomes" => outcomes::blocks(context)?,
        "participants" => participants::blocks(context)?,
        "dose" => dose::blocks(context),
        "economics" => economics::blocks(context)?,
        "limitations" => limitations::blocks(context),
        "methods" => methods::blocks(context),
        "themes" => themes::blocks(context)?,
        "joint" => joint::blocks(context),
        "sites" => sites::blocks(context)?,
        _ => Vec::new(),
    };
    // Data sections without data are left out, whatever their template text says.
    let needs_data = matches!(
        id,
        "glance" | "outcomes" | "limitations" | "themes" | "joint" | "participants" | "dose" | "sites" | "economics"
    );
    if needs_data && computed.is_empty() && narrative.is_none() {
        return Ok(None);
    }
    let text = match narrative {
        Some(text) => Some(template::render_markdown(&format!("narrative/{id}.md"), text, &context.tera)?),
        None => context.template.section_markdown(id, &context.tera)?,
    };
    let mut blocks: Vec<Block> =
        text.filter(|t| !t.trim().is_empty()).map(|text| Block::Markdown { text }).into_iter().collect();
    blocks.extend(computed);
    if blocks.is_empty() {
        return Ok(None);
    }
    Ok(Some(Section { id: id.to_string(), title: title.to_string(), blocks }))
}

/// What a site's page says at its top: which site it covers, and the link to the whole
/// programme.
pub(super) fn site_notice(context: &Context, site: &str) -> Vec<Block> {
    sites::site_notice(context, site)
}

/// Turn a chart's drawing error (a bug, not bad input) into a problem.
pub(crate) fn chart_problem(error: String) -> Problem {
    Problem::in_file("report", format!("could not draw a chart: {error}"))
}
