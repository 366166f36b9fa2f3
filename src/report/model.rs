//! The report model: what the report says, in order, independent of HTML or PDF.
//!
//! Sections hold blocks; every number is already text (see [`super::format`]), every chart is SVG
//! with alt text, and renderers only lay the model out.

use serde::Serialize;

/// A whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Title (the programme's).
    pub title: String,
    /// A line under the title: organisation, period, funder.
    pub subtitle: Option<String>,
    /// Language tag of the text.
    pub lang: String,
    /// Template name (`schools`, `nhs`, `workplace`, or a folder's name).
    pub template: String,
    /// Sections in order.
    pub sections: Vec<Section>,
    /// The software line for the footer.
    pub generator: String,
}

/// One section, with a heading.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Stable id (`glance`, `outcomes`), used for anchors and overrides.
    pub id: String,
    /// Heading.
    pub title: String,
    /// Content in order.
    pub blocks: Vec<Block>,
}

/// A piece of content.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Markdown from a template or the programme's narrative.
    Markdown {
        /// The markdown source.
        text: String,
    },
    /// A plain paragraph written from the data (no markup).
    Paragraph {
        /// The text.
        text: String,
    },
    /// A sub-heading within a section.
    Heading {
        /// The text.
        text: String,
    },
    /// Headline figures.
    Cards {
        /// The cards in order.
        cards: Vec<Card>,
    },
    /// A bulleted list of plain sentences.
    List {
        /// The items.
        items: Vec<String>,
    },
    /// A table.
    Table(Table),
    /// A chart with its alt text and its numbers as a table.
    Figure(Figure),
    /// A participant's words, attributed by pseudonym or "Participant N", never by raw id.
    Quote {
        /// The quoted words (already redacted).
        text: String,
        /// Who said it.
        attribution: String,
        /// Where it comes from (`diary, week 3`, `focus group`), if known.
        source: Option<String>,
    },
    /// Links to other pages of the report: a site's page, or back to the whole programme.
    Links {
        /// The links in order.
        links: Vec<Link>,
    },
    /// A highlighted note.
    Callout {
        /// Informational or a caution.
        tone: Tone,
        /// Short title.
        title: String,
        /// The text.
        text: String,
    },
}

/// A link to another page of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// What the link says.
    pub text: String,
    /// The folder of the page, relative to this one (`sites/hillcrest-academy`, `../..`): each
    /// format links to its own file there (`index.html`, `report.pdf`).
    pub href: String,
}

/// A headline figure: a big value and what it means.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// The value (`17`, `85%`, `d_z 0.94`).
    pub value: String,
    /// What it is (`people completed`).
    pub label: String,
    /// A short explanation.
    pub detail: Option<String>,
}

/// A table with a caption; every cell is text.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// Stable id, used for the CSV file name.
    pub id: String,
    /// Caption shown above the table.
    pub caption: String,
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of cells; the first cell of a row is its heading.
    pub rows: Vec<Vec<String>>,
    /// Notes shown under the table.
    pub notes: Vec<String>,
    /// The table as `tables/ID.csv` has it when that differs from the cells shown: each number
    /// in a column of its own, so a spreadsheet reads it as a number. `None`: the cells shown.
    #[serde(skip)]
    pub csv: Option<CsvTable>,
}

/// A table laid out for a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvTable {
    /// Column headings.
    pub columns: Vec<String>,
    /// Rows of typed cells.
    pub rows: Vec<Vec<Cell>>,
}

/// A CSV cell: text, or a number written as a spreadsheet reads one (`-0.25`, never `+0.25`
/// or a typographic minus).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text; one that a spreadsheet would run as a formula is made inert.
    Text(String),
    /// A number to so many decimal places; empty when absent or not finite.
    Number(Option<f64>, usize),
    /// A count; empty when absent.
    Count(Option<usize>),
}

impl Cell {
    /// A text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell::Text(text.into())
    }

    /// A p-value to four significant digits (at least three decimals), so small values keep
    /// their size rather than print as `0.000`.
    pub fn p_value(p: Option<f64>) -> Cell {
        let decimals = match p {
            Some(p) if p > 0.0 && p.is_finite() => (3 - p.log10().floor() as i64).clamp(3, 20) as usize,
            _ => 3,
        };
        Cell::Number(p, decimals)
    }
}

/// A chart.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// Stable id, used for the SVG file name.
    pub id: String,
    /// The SVG text.
    pub svg: String,
    /// Alt text written from the data.
    pub alt: String,
    /// Caption.
    pub caption: String,
    /// The chart's numbers.
    pub data: Table,
}

/// The tone of a callout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    /// Background information.
    Info,
    /// Read the results with this in mind.
    Caution,
}

impl Report {
    /// A plain-text outline of the whole report (charts by their alt text), for review and
    /// snapshot tests.
    pub fn outline(&self) -> String {
        let mut out = format!("# {}\n", self.title);
        if let Some(subtitle) = &self.subtitle {
            out.push_str(&format!("{subtitle}\n"));
        }
        for section in &self.sections {
            out.push_str(&format!("\n## {} [{}]\n", section.title, section.id));
            for block in &section.blocks {
                block.outline(&mut out);
            }
        }
        out
    }
}

impl Block {
    fn outline(&self, out: &mut String) {
        match self {
            Block::Markdown { text } => out.push_str(&format!("{}\n", text.trim())),
            Block::Paragraph { text } => out.push_str(&format!("{text}\n")),
            Block::Heading { text } => out.push_str(&format!("### {text}\n")),
            Block::Cards { cards } => {
                for card in cards {
                    let detail = card.detail.as_deref().map_or(String::new(), |d| format!(" ({d})"));
                    out.push_str(&format!("[card] {}: {}{detail}\n", card.value, card.label));
                }
            }
            Block::List { items } => {
                for item in items {
                    out.push_str(&format!("- {item}\n"));
                }
            }
            Block::Table(table) => table.outline(out),
            Block::Figure(figure) => {
                out.push_str(&format!("[figure {}] {}\n", figure.id, figure.alt));
                figure.data.outline(out);
            }
            Block::Quote { text, attribution, source } => {
                let source = source.as_deref().map_or(String::new(), |s| format!(", {s}"));
                out.push_str(&format!("> \"{text}\" ({attribution}{source})\n"));
            }
            Block::Links { links } => {
                for link in links {
                    out.push_str(&format!("- [{}]({})\n", link.text, link.href));
                }
            }
            Block::Callout { tone, title, text } => out.push_str(&format!("[{tone:?}] {title}: {text}\n")),
        }
    }
}

impl Table {
    fn outline(&self, out: &mut String) {
        out.push_str(&format!("[table {}] {}\n| {} |\n", self.id, self.caption, self.columns.join(" | ")));
        for row in &self.rows {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
        for note in &self.notes {
            out.push_str(&format!("note: {note}\n"));
        }
    }
}
