//! Markdown as data for the Typst template: blocks of styled text runs, built from pulldown-cmark
//! events. Text never becomes Typst markup, so nothing in it can run.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A block of markdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MdBlock {
    /// A paragraph.
    Paragraph {
        /// Its text runs.
        runs: Vec<Run>,
    },
    /// A heading inside a section (levels below the section's own).
    Heading {
        /// 1 for `#`, 2 for `##`, ….
        level: u8,
        /// Its text runs.
        runs: Vec<Run>,
    },
    /// A bulleted or numbered list; each item is its text runs.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Run>>,
    },
    /// A block quote.
    Quote {
        /// Its text runs.
        runs: Vec<Run>,
    },
    /// Preformatted text.
    Code {
        /// The text.
        text: String,
    },
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emph: bool,
    /// Monospaced.
    pub code: bool,
    /// A link target.
    pub link: Option<String>,
}

/// Parse markdown into blocks. Raw HTML is kept as plain text.
pub fn blocks(markdown: &str) -> Vec<MdBlock> {
    let mut builder = Builder::default();
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.out
}

#[derive(Default)]
struct Builder {
    out: Vec<MdBlock>,
    runs: Vec<Run>,
    strong: u32,
    emph: u32,
    link: Option<String>,
    /// Open lists: (ordered, items so far).
    lists: Vec<(bool, Vec<Vec<Run>>)>,
    quote: u32,
    code: Option<String>,
}

impl Builder {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Strong) => self.strong += 1,
            Event::End(TagEnd::Strong) => self.strong = self.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => self.emph += 1,
            Event::End(TagEnd::Emphasis) => self.emph = self.emph.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = crate::render::is_safe_link(&dest_url).then(|| dest_url.to_string())
            }
            Event::End(TagEnd::Link) => self.link = None,
            Event::Start(Tag::List(first)) => self.lists.push((first.is_some(), Vec::new())),
            Event::End(TagEnd::List(_)) => {
                if let Some((ordered, items)) = self.lists.pop() {
                    match self.lists.last_mut().and_then(|(_, items)| items.last_mut()) {
                        // A nested list folds into its parent item.
                        Some(parent) => parent.extend(items.into_iter().flatten()),
                        None => self.out.push(MdBlock::List { ordered, items }),
                    }
                }
            }
            Event::Start(Tag::Item) => {
                if let Some((_, items)) = self.lists.last_mut() {
                    items.push(Vec::new());
                }
            }
            Event::End(TagEnd::Item) => self.flush_item(),
            Event::Start(Tag::BlockQuote(_)) => self.quote += 1,
            Event::End(TagEnd::BlockQuote(_)) => self.quote = self.quote.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => self.code = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(text) = self.code.take() {
                    self.out.push(MdBlock::Code { text });
                }
            }
            Event::End(TagEnd::Paragraph) => {
                if self.lists.is_empty() {
                    let runs = std::mem::take(&mut self.runs);
                    if !runs.is_empty() {
                        self.out.push(if self.quote > 0 {
                            MdBlock::Quote { runs }
                        } else {
                            MdBlock::Paragraph { runs }
                        });
                    }
                } else {
                    self.flush_item();
                }
            }
            Event::End(TagEnd::Heading(level)) => {
                let runs = std::mem::take(&mut self.runs);
                self.out.push(MdBlock::Heading { level: heading_level(level), runs });
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => match &mut self.code {
                Some(code) => code.push_str(&text),
                None => self.push(&text, false),
            },
            Event::Code(text) => self.push(&text, true),
            Event::SoftBreak | Event::HardBreak => self.push(" ", false),
            _ => {}
        }
    }

    fn push(&mut self, text: &str, code: bool) {
        let run =
            Run { text: text.to_string(), strong: self.strong > 0, emph: self.emph > 0, code, link: self.link.clone() };
        match self.runs.last_mut() {
            Some(last)
                if (&last.strong, &last.emph, &last.code, &last.link)
                    == (&run.strong, &run.emph, &run.code, &run.link) =>
            {
                last.text.push_str(&run.text)
            }
            _ => self.runs.push(run),
        }
    }

    /// Move the collected runs into the open list item.
    fn flush_item(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        if let Some(item) = self.lists.last_mut().and_then(|(_, items)| items.last_mut()) {
            item.extend(runs);
        }
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Run {
        Run { text: text.into(), strong: false, emph: false, code: false, link: None }
    }

    #[test]
    fn styles_become_runs_and_markup_stays_text() {
        let blocks = blocks("Hello **bold** #set page(width: 1cm) <b>x</b>");
        let MdBlock::Paragraph { runs } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(runs[0], run("Hello "));
        assert!(runs[1].strong && runs[1].text == "bold");
        assert_eq!(runs[2].text, " #set page(width: 1cm) <b>x</b>");
    }

    #[test]
    fn lists_and_headings() {
        let blocks = blocks("## Aims\n\n- one\n- *two*\n");
        assert_eq!(blocks[0], MdBlock::Heading { level: 2, runs: vec![run("Aims")] });
        let MdBlock::List { ordered, items } = &blocks[1] else { panic!("{blocks:?}") };
        assert!(!ordered);
        assert_eq!(items.len(), 2);
        assert!(items[1][0].emph);
    }
}
