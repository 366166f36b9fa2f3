//! Narrative markdown as Word paragraphs: headings, lists, quotes, code, tables and styled runs.
//! Raw HTML stays text; only links to web and e-mail addresses become links; images show as
//! their text, as in the HTML.

use std::fmt::Write;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Document;
use super::blocks::{grid, list_item};
use super::xml::{Look, paragraph, run, stat_runs};

/// What the open paragraph is.
#[derive(Clone, Copy)]
enum Kind {
    Plain,
    Heading(&'static str),
    Quote,
    Item(usize),
    Code,
}

/// A markdown table's cells as runs: the header, the rows, the row being read.
type Cells = (Vec<String>, Vec<Vec<String>>, Vec<String>);

struct Builder<'d> {
    doc: &'d mut Document,
    runs: String,
    kind: Kind,
    look: Look,
    /// Open lists: their `w:numId`.
    lists: Vec<usize>,
    quote: u32,
    /// A table being read.
    table: Option<Cells>,
    in_link: bool,
    /// Preformatted text being read.
    code: String,
}

/// Render `text` into the document body.
pub fn render(doc: &mut Document, text: &str) {
    let mut builder = Builder {
        doc,
        runs: String::new(),
        kind: Kind::Plain,
        look: Look::default(),
        lists: Vec::new(),
        quote: 0,
        table: None,
        in_link: false,
        code: String::new(),
    };
    for event in Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        builder.event(event);
    }
    builder.flush();
}

impl Builder<'_> {
    fn event(&mut self, event: Event) {
        match event {
            Event::Start(Tag::Strong) => self.look.bold = true,
            Event::End(TagEnd::Strong) => self.look.bold = false,
            Event::Start(Tag::Emphasis) => self.look.italic = true,
            Event::End(TagEnd::Emphasis) => self.look.italic = false,
            Event::Start(Tag::Strikethrough) => self.look.strike = true,
            Event::End(TagEnd::Strikethrough) => self.look.strike = false,
            Event::Start(Tag::Link { dest_url, .. }) => {
                let url = dest_url.trim();
                let web = ["https://", "http://", "mailto:"].iter().any(|s| url.to_ascii_lowercase().starts_with(s));
                if web && crate::render::is_safe_link(url) && !self.in_link {
                    let id = self.doc.relate("hyperlink", url.to_string(), true);
                    let _ = write!(self.runs, "<w:hyperlink r:id=\"{id}\">");
                    self.in_link = true;
                    self.look.link = true;
                }
            }
            Event::End(TagEnd::Link) => self.close_link(),
            Event::Start(Tag::Heading { level, .. }) => {
                self.flush();
                let style = if level <= HeadingLevel::H3 { "Heading3" } else { "Heading4" };
                self.kind = Kind::Heading(style);
            }
            // A list item's first paragraph is the item itself.
            Event::Start(Tag::Paragraph) if !matches!(self.kind, Kind::Item(_)) || !self.runs.is_empty() => {
                self.flush();
                if self.quote > 0 {
                    self.kind = Kind::Quote;
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock) => self.flush(),
            Event::Start(Tag::List(first)) => {
                self.flush();
                let num = match first {
                    Some(start) => self.doc.ordered_list(start),
                    None => 1,
                };
                self.lists.push(num);
            }
            Event::End(TagEnd::List(_)) => {
                self.flush();
                self.lists.pop();
            }
            Event::Start(Tag::Item) => {
                self.flush();
                self.kind = Kind::Item(self.lists.last().copied().unwrap_or(1));
            }
            Event::Start(Tag::BlockQuote(_)) => {
                self.flush();
                self.quote += 1;
                self.kind = Kind::Quote;
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                self.flush();
                self.quote = self.quote.saturating_sub(1);
            }
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush();
                self.kind = Kind::Code;
            }
            Event::Start(Tag::Table(_)) => {
                self.flush();
                self.table = Some((Vec::new(), Vec::new(), Vec::new()));
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((header, _, row)) = &mut self.table {
                    *header = std::mem::take(row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some((_, rows, row)) = &mut self.table {
                    rows.push(std::mem::take(row));
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.close_link();
                let runs = std::mem::take(&mut self.runs);
                if let Some((_, _, row)) = &mut self.table {
                    row.push(runs);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some((header, rows, _)) = self.table.take() {
                    grid(&mut self.doc.body, &header, &rows, &[]);
                    // Word joins tables that touch.
                    paragraph(&mut self.doc.body, Some("TableNote"), "");
                }
            }
            Event::Text(text) | Event::Html(text) | Event::InlineHtml(text) => {
                if matches!(self.kind, Kind::Code) {
                    self.code.push_str(&text);
                } else {
                    stat_runs(&mut self.runs, &text, self.look);
                }
            }
            Event::Code(text) => stat_runs(&mut self.runs, &text, Look { code: true, ..self.look }),
            Event::SoftBreak => run(&mut self.runs, " ", self.look),
            Event::HardBreak => self.runs.push_str("<w:r><w:br/></w:r>"),
            _ => {}
        }
    }

    /// Preformatted text keeps its lines.
    fn code_runs(&mut self) {
        let code = std::mem::take(&mut self.code);
        for (i, line) in code.trim_end_matches('\n').split('\n').enumerate() {
            if i > 0 {
                self.runs.push_str("<w:r><w:br/></w:r>");
            }
            run(&mut self.runs, line, Look::default());
        }
    }

    fn close_link(&mut self) {
        if self.in_link {
            self.runs.push_str("</w:hyperlink>");
            self.in_link = false;
            self.look.link = false;
        }
    }

    /// End the open paragraph, if it has text.
    fn flush(&mut self) {
        if self.table.is_some() {
            return;
        }
        self.close_link();
        if matches!(self.kind, Kind::Code) {
            self.code_runs();
        }
        let runs = std::mem::take(&mut self.runs);
        let kind = std::mem::replace(&mut self.kind, if self.quote > 0 { Kind::Quote } else { Kind::Plain });
        if runs.is_empty() {
            return;
        }
        let out = &mut self.doc.body;
        match kind {
            Kind::Plain => paragraph(out, None, &runs),
            Kind::Heading(style) => paragraph(out, Some(style), &runs),
            Kind::Quote => paragraph(out, Some("Quote"), &runs),
            Kind::Item(num) => list_item(out, num, &runs),
            Kind::Code => paragraph(out, Some("Code"), &runs),
        }
    }
}
