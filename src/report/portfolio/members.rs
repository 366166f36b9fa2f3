//! A card per programme (what it was, who took part, its headline change, a link to its own
//! report where it has one) and what participants said across the programmes with themes.

use super::{Context, cite, sector_name};
use crate::config::portfolio::EntryKind;
use crate::pipeline::portfolio::Member;
use crate::problem::Problem;
use crate::report::format::{number, thousands};
use crate::report::model::{Block, Card, Link, Table};

pub(super) fn cards(context: &Context) -> Result<Vec<Block>, Problem> {
    let members = &context.analysed.members;
    if members.is_empty() {
        return Ok(Vec::new());
    }
    let cards = members
        .iter()
        .map(|m| Card {
            value: thousands(m.people),
            label: m.name.clone(),
            detail: Some(format!("{} reached. {}", if m.people == 1 { "person" } else { "people" }, detail(m))),
        })
        .collect();
    let mut blocks = vec![Block::Cards { cards }];
    let links: Vec<Link> = members
        .iter()
        .filter(|m| m.programme.is_some())
        .map(|m| Link { text: format!("{}: its own report", m.name), href: format!("programmes/{}", m.slug) })
        .collect();
    if !links.is_empty() {
        blocks.push(Block::Paragraph {
            text: "The programmes analysed from their data have reports of their own:".into(),
        });
        blocks.push(Block::Links { links });
    }
    Ok(blocks)
}

/// `Schools, United Kingdom; analysed from its data. Self-compassion (SCS-SF) 2.76 → 3.27
/// (n = 36).`
fn detail(m: &Member) -> String {
    let kind = match m.kind {
        EntryKind::Folder => "analysed from its data",
        EntryKind::Results => "a partner's results, shared without the data",
        EntryKind::Summary => "figures from an evaluation's report",
    };
    let mut text = format!("{}, {}; {kind}{}.", sector_name(&m.sector), m.country, cite(m.source));
    if let Some(about) = &m.about {
        text.push_str(&format!(" {about}."));
    }
    if let Some(o) = m.outcomes.first() {
        text.push_str(&format!(
            " {} {} → {} (n = {}{}).",
            o.name,
            number(Some(o.pre_mean), 2),
            number(Some(o.post_mean), 2),
            o.n,
            if o.r_assumed { "; r assumed" } else { "" }
        ));
    }
    text
}

/// The most widely shared themes of each programme that has them, and a quote from each
/// programme analysed from its data.
pub(super) fn voices(context: &Context) -> Result<Vec<Block>, Problem> {
    let with_themes: Vec<&Member> = context.analysed.members.iter().filter(|m| !m.themes.is_empty()).collect();
    if with_themes.is_empty() {
        return Ok(Vec::new());
    }
    let rows = with_themes
        .iter()
        .flat_map(|m| {
            m.themes.iter().map(|t| {
                let voiced = match (t.participants, t.share) {
                    (Some(n), Some(share)) => format!("{n} ({:.0}%)", share * 100.0),
                    (Some(n), None) => n.to_string(),
                    _ => "–".into(),
                };
                vec![m.name.clone(), t.theme.clone(), voiced]
            })
        })
        .collect();
    let mut blocks = vec![
        Block::Paragraph {
            text: format!(
                "{} of the {} programmes coded what participants said into themes. Their most widely shared themes:",
                with_themes.len(),
                context.analysed.members.len()
            ),
        },
        Block::Table(Table {
            id: "themes-across-programmes".into(),
            caption: "The most widely shared themes of each programme".into(),
            columns: vec!["Programme".into(), "Theme".into(), "Voiced by (share of those coded)".into()],
            rows,
            notes: Vec::new(),
            csv: None,
        }),
    ];
    for m in &context.analysed.members {
        if let Some(quote) = &m.quote {
            blocks.push(Block::Quote {
                text: quote.text.clone(),
                attribution: format!("{}, {}", quote.attribution, m.name),
                source: quote.source.clone(),
            });
        }
    }
    Ok(blocks)
}
