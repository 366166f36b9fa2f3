//! Reach: the sentence, by sector and by country (a table each and a chart of programmes), and
//! every figure with its source.

use std::collections::BTreeMap;

use super::{Context, cite, programmes, sector_name};
use crate::charts::reach::{SectorBar, programmes_by_sector};
use crate::pipeline::portfolio::ReachCount;
use crate::problem::Problem;
use crate::report::format::thousands;
use crate::report::model::{Block, Figure, Table};
use crate::report::sections::chart_problem;

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let analysed = context.analysed;
    let reach = &analysed.results.portfolio.reach;
    let extra = &analysed.loaded.portfolio.reach;
    let mut sentence = format!(
        "The {} reached {} {} in {} {}, in {} {}.",
        programmes(reach.programmes),
        thousands(reach.people),
        if reach.people == 1 { "person" } else { "people" },
        thousands(reach.organisations),
        if reach.organisations == 1 { "organisation" } else { "organisations" },
        reach.countries,
        if reach.countries == 1 { "country" } else { "countries" },
    );
    if !extra.is_empty() {
        let parts: Vec<String> = extra
            .iter()
            .map(|r| {
                let r = r.get_ref();
                format!("{}: {}{}", r.label.trim(), thousands(r.people), cite(r.source.as_ref().map(|s| *s.get_ref())))
            })
            .collect();
        sentence.push_str(&format!(" The people include reach that no programme's data hold: {}.", parts.join("; ")));
    }
    let mut blocks = vec![Block::Paragraph { text: sentence }];
    blocks.push(Block::Table(count_table(context, "reach-by-sector", "Sector", &reach.by_sector, &sector_name)));
    blocks
        .push(Block::Table(count_table(context, "reach-by-country", "Country", &reach.by_country, &|c| c.to_string())));
    blocks.push(Block::Figure(chart(context)?));
    blocks.push(Block::Table(sources_table(context)));
    Ok(blocks)
}

/// People and programmes by sector or country, largest first, with the totals of the reach
/// sentence in the last row; reach given without a country has a row of its own.
fn count_table(
    context: &Context,
    id: &str,
    what: &str,
    map: &BTreeMap<String, ReachCount>,
    name: &dyn Fn(&str) -> String,
) -> Table {
    let reach = &context.analysed.results.portfolio.reach;
    let mut counts: Vec<(&String, &ReachCount)> = map.iter().collect();
    counts.sort_by(|a, b| b.1.people.cmp(&a.1.people).then(a.0.cmp(b.0)));
    let mut rows: Vec<Vec<String>> = counts
        .iter()
        .map(|(key, count)| vec![name(key), count.programmes.to_string(), thousands(count.people)])
        .collect();
    let (people, programmes): (u64, usize) =
        (map.values().map(|c| c.people).sum(), map.values().map(|c| c.programmes).sum());
    if people < reach.people || programmes < reach.programmes {
        rows.push(vec![
            format!("{what} not given"),
            (reach.programmes - programmes.min(reach.programmes)).to_string(),
            thousands(reach.people - people.min(reach.people)),
        ]);
    }
    rows.push(vec!["All".into(), reach.programmes.to_string(), thousands(reach.people)]);
    Table {
        id: id.into(),
        caption: format!("People and programmes by {}", what.to_lowercase()),
        columns: vec![what.into(), "Programmes".into(), "People".into()],
        rows,
        notes: Vec::new(),
        csv: None,
    }
}

/// Programmes by sector, divided by country.
fn chart(context: &Context) -> Result<Figure, Problem> {
    let members = &context.analysed.members;
    let mut countries: Vec<String> = Vec::new();
    let mut sectors: Vec<String> = Vec::new();
    for m in members {
        if !countries.contains(&m.country) {
            countries.push(m.country.clone());
        }
        if !sectors.contains(&m.sector) {
            sectors.push(m.sector.clone());
        }
    }
    let bars: Vec<SectorBar> = sectors
        .iter()
        .map(|sector| SectorBar {
            sector: sector_name(sector),
            programmes: countries
                .iter()
                .map(|c| members.iter().filter(|m| &m.sector == sector && &m.country == c).count())
                .collect(),
        })
        .collect();
    let title = "Programmes by sector and country";
    let alt = format!(
        "{title}: {}.",
        bars.iter()
            .map(|bar| {
                let by: Vec<String> = countries
                    .iter()
                    .zip(&bar.programmes)
                    .filter(|(_, n)| **n > 0)
                    .map(|(c, n)| format!("{n} in {c}"))
                    .collect();
                format!("{}, {}", bar.sector, by.join(" and "))
            })
            .collect::<Vec<_>>()
            .join("; ")
    );
    let svg = programmes_by_sector(title, &countries, &bars, &alt).map_err(chart_problem)?;
    let mut columns = vec!["Sector".to_string()];
    columns.extend(countries.iter().cloned());
    columns.push("All".into());
    let rows = bars
        .iter()
        .map(|bar| {
            let mut row = vec![bar.sector.clone()];
            row.extend(bar.programmes.iter().map(usize::to_string));
            row.push(bar.programmes.iter().sum::<usize>().to_string());
            row
        })
        .collect();
    Ok(Figure {
        id: "reach-programmes".into(),
        svg,
        alt,
        caption: "Programmes in each sector, coloured by country.".into(),
        data: Table {
            id: "reach-programmes".into(),
            caption: "Programmes by sector and country".into(),
            columns,
            rows,
            notes: Vec::new(),
            csv: None,
        },
    })
}

/// Every programme and every other reach, with its people and its source.
fn sources_table(context: &Context) -> Table {
    let analysed = context.analysed;
    let source = |s: Option<usize>| s.map_or_else(|| "–".to_string(), |s| format!("[{s}]"));
    let mut rows: Vec<Vec<String>> = analysed
        .members
        .iter()
        .map(|m| vec![m.name.clone(), sector_name(&m.sector), m.country.clone(), thousands(m.people), source(m.source)])
        .collect();
    rows.extend(analysed.loaded.portfolio.reach.iter().map(|r| {
        let r = r.get_ref();
        vec![
            r.label.trim().to_string(),
            sector_name(&r.sector.trim().to_lowercase()),
            r.country.clone().unwrap_or_else(|| "–".into()),
            thousands(r.people),
            source(r.source.as_ref().map(|s| *s.get_ref())),
        ]
    }));
    Table {
        id: "reach-sources".into(),
        caption: "Where each figure comes from".into(),
        columns: vec!["Reach".into(), "Sector".into(), "Country".into(), "People".into(), "Source".into()],
        rows,
        notes: vec!["Sources are listed at the end of the report.".into()],
        csv: None,
    }
}
