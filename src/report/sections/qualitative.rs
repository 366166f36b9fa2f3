//! What the coded themes add to the summary, the limitations and the methods, and the summary of
//! a qualitative-only report.

use super::themes::of_everyone;
use crate::analysis::quotes::{PER_ROW, REDACTED};
use crate::analysis::themes::CodingSummary;
use crate::report::Context;
use crate::report::model::{Block, Card};

fn summary<'a>(context: &'a Context) -> Option<&'a CodingSummary> {
    let results = &context.analysed.results;
    results.coding.as_ref().filter(|_| !results.themes.is_empty())
}

/// `diaries and a focus group`-like list of the kinds of source: `diary, focus group`.
fn sources(summary: &CodingSummary) -> String {
    let names: Vec<&str> = summary.sources.iter().map(|s| s.source.as_str()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// The summary of a report without questionnaire outcomes: people, themes and excerpts, and a
/// sentence per theme.
pub(super) fn glance_without_outcomes(context: &Context) -> Vec<Block> {
    let Some(summary) = summary(context) else { return Vec::new() };
    let words = &context.template.settings.words;
    let themes = &context.analysed.results.themes;
    let cards = vec![
        Card {
            value: summary.participants.to_string(),
            label: format!("{} in their own words", words.participants),
            detail: Some(format!("coded excerpts from {}", sources(summary))),
        },
        Card {
            value: summary.themes.to_string(),
            label: if summary.themes == 1 { "theme".into() } else { "themes".into() },
            detail: (summary.subthemes > 0).then(|| format!("with {} subthemes", summary.subthemes)),
        },
        Card { value: summary.excerpts.to_string(), label: "coded excerpts".into(), detail: None },
    ];
    let items = themes
        .iter()
        .filter(|r| r.subtheme.is_none())
        .map(|r| format!("{}. {}: voiced by {}.", r.number, r.theme, of_everyone(r, summary)))
        .collect();
    vec![Block::Cards { cards }, Block::List { items }]
}

/// A card for the themes beside the outcome cards.
pub(super) fn glance_card(context: &Context) -> Option<Card> {
    let summary = summary(context)?;
    let words = &context.template.settings.words;
    Some(Card {
        value: summary.themes.to_string(),
        label: if summary.themes == 1 { "theme in their own words".into() } else { "themes in their own words".into() },
        detail: Some(format!("from {} {} ({})", summary.participants, words.participants, sources(summary))),
    })
}

/// A sentence on the most widely shared theme, for the summary list.
pub(super) fn glance_sentence(context: &Context) -> Option<String> {
    let summary = summary(context)?;
    let top = context
        .analysed
        .results
        .themes
        .iter()
        .filter(|r| r.subtheme.is_none())
        .max_by_key(|r| (r.participants.unwrap_or(0), std::cmp::Reverse(r.number.clone())))?;
    Some(format!("The most widely shared theme, “{}”, was voiced by {}.", top.theme, of_everyone(top, summary)))
}

/// Limitations of the coded data.
pub(super) fn limitations(context: &Context) -> Vec<String> {
    let Some(summary) = summary(context) else { return Vec::new() };
    let words = &context.template.settings.words;
    let mut items = vec![
        format!(
            "The themes come from the {} {} whose words were coded. Those with less to say, or with worse \
             experiences, may be under-represented.",
            summary.participants, words.participants
        ),
        "A count of people who voiced a theme shows how widely it was shared, not how much it mattered: a theme \
         raised by one person can matter as much as one raised by many."
            .to_string(),
    ];
    if !context.analysed.results.joint_display.is_empty() {
        items.push(
            "Outcomes and themes are set side by side for small groups that chose what to say; differences \
             between them may be chance."
                .to_string(),
        );
    }
    items
}

/// How the coded data were read, counted and quoted.
pub(super) fn methods(context: &Context) -> Vec<Block> {
    let Some(summary) = summary(context) else { return Vec::new() };
    let analysed = context.analysed;
    let mut items = vec![match &summary.positions {
        Some(p) => format!(
            "Themes and quotes were read from a REFI-QDA project made by {} ({}). Text positions were counted in {}; \
             {:.0}% of the {} selections start and end between words.",
            summary.origin,
            summary.files.join(", "),
            p.convention,
            p.between_words * 100.0,
            p.selections
        ),
        None if summary.files.len() == 1 => {
            format!(
                "Themes and quotes were read from a REFI-QDA project made by {} ({}).",
                summary.origin, summary.files[0]
            )
        }
        None => format!("Themes and quotes were read from {}.", summary.files.join(" and ")),
    }];
    let tree = if summary.files.len() == 1 {
        "The top level of the code tree gives the themes and the next level their subthemes; deeper codes count \
         towards their subtheme."
    } else {
        "Each code belongs to the theme and subtheme the codebook gives it."
    };
    items.push(format!(
        "{tree} A person counts once per theme, however many excerpts they contributed; a stretch of words coded \
         twice within a theme counts once."
    ));
    items.push(format!(
        "Up to {PER_ROW} quotes per subtheme are shown: quotes flagged as exemplars first, then quotes of 8 to 90 \
         words from people not yet quoted, nearest 30 words in length; longer quotes are shortened (…)."
    ));
    let redacts =
        if analysed.loaded.programme.privacy.redact.is_empty() { "" } else { "names listed for redaction and " };
    items.push(format!(
        "People are named by pseudonym or as “Participant N”; {redacts}participant ids in their words are replaced by \
         {REDACTED}, and e-mail addresses and phone numbers by {} and {}.",
        crate::privacy::EMAIL,
        crate::privacy::PHONE
    ));
    if !analysed.results.joint_display.is_empty() {
        items.push(format!(
            "The joint display compares mean changes of people with coded words and scores at both times; groups \
             smaller than {} are not shown.",
            analysed.loaded.programme.analysis.min_cell
        ));
    }
    vec![Block::Heading { text: "Qualitative analysis".into() }, Block::List { items }]
}
