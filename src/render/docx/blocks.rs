//! The report's blocks as WordprocessingML, in the order and with the words the HTML has.

use std::fmt::Write;

use super::images::{self, Image};
use super::xml::{Look, escape, paragraph, run, stat_runs, text_paragraph};
use super::{Document, markdown};
use crate::report::{Block, Figure, Report, Table};

/// Text width in twentieths of a point (A4 less 1-inch margins), shared by a table's columns.
const TEXT_WIDTH_TWIPS: usize = 9026;

/// The whole report: title, sections, the closing line; `images` are the charts in order.
pub fn report(doc: &mut Document, report: &Report, images: Vec<Image>) -> Result<(), String> {
    text_paragraph(&mut doc.body, Some("Title"), &report.title);
    if let Some(subtitle) = &report.subtitle {
        text_paragraph(&mut doc.body, Some("Subtitle"), subtitle);
    }
    let mut images = images.into_iter();
    for section in &report.sections {
        plain_paragraph(&mut doc.body, "Heading1", &section.title);
        for block in &section.blocks {
            match block {
                Block::Figure(figure) => {
                    let image = images.next().ok_or("a chart was not drawn")?;
                    self::figure(doc, figure, image);
                }
                other => self::block(doc, other),
            }
        }
    }
    let colophon = format!("Made with {}. Every number in this report is in results.json.", report.generator);
    plain_paragraph(&mut doc.body, "Colophon", &colophon);
    Ok(())
}

/// Every chart of the report as PNG, in order; with two `threads` or more, two share the work.
pub fn rasterise(report: &Report, threads: usize) -> Result<Vec<Image>, String> {
    let figures: Vec<&Figure> = report
        .sections
        .iter()
        .flat_map(|s| &s.blocks)
        .filter_map(|b| if let Block::Figure(f) = b { Some(f) } else { None })
        .collect();
    let half = figures.len().div_ceil(2);
    let (first, second) = figures.split_at(half);
    let draw = |part: &[&Figure]| part.iter().map(|f| images::png(&f.svg)).collect::<Result<Vec<_>, _>>();
    if threads < 2 {
        return draw(&figures);
    }
    let (mut a, b) = std::thread::scope(|scope| {
        let other = scope.spawn(|| draw(second));
        let a = draw(first);
        (a, other.join().unwrap_or_else(|_| Err("drawing a chart failed".into())))
    });
    if let Ok(a) = &mut a {
        a.extend(b?);
    }
    a
}

/// A paragraph whose text is shown exactly, without statistics names typeset (as the HTML shows
/// section titles, captions and quotes).
fn plain_paragraph(out: &mut String, style: &str, text: &str) {
    let mut runs = String::new();
    run(&mut runs, text, Look::default());
    paragraph(out, Some(style), &runs);
}

fn block(doc: &mut Document, block: &Block) {
    let out = &mut doc.body;
    match block {
        Block::Markdown { text } => markdown::render(doc, text),
        Block::Paragraph { text } => text_paragraph(out, None, text),
        Block::Heading { text } => text_paragraph(out, Some("Heading2"), text),
        Block::Cards { cards } => {
            for card in cards {
                plain_paragraph(out, "CardValue", &card.value);
                let mut runs = String::new();
                run(&mut runs, &card.label, Look { bold: true, ..Look::default() });
                if let Some(detail) = &card.detail {
                    runs.push_str("<w:r><w:br/></w:r>");
                    stat_runs(&mut runs, detail, Look::default());
                }
                paragraph(out, None, &runs);
            }
        }
        Block::List { items } => {
            for item in items {
                let mut runs = String::new();
                stat_runs(&mut runs, item, Look::default());
                list_item(out, 1, &runs);
            }
        }
        Block::Table(table) => self::table(out, table, true),
        Block::Figure(_) => {}
        Block::Quote { text, attribution, source } => {
            plain_paragraph(out, "Quote", text);
            let source = source.as_deref().map_or(String::new(), |s| format!(", {s}"));
            plain_paragraph(out, "QuoteAttribution", &format!("\u{2014} {attribution}{source}"));
        }
        // The site pages are HTML and PDF: in Word, what each link leads to is named.
        Block::Links { links } => {
            for link in links {
                let mut runs = String::new();
                run(&mut runs, &link.text, Look::default());
                list_item(out, 1, &runs);
            }
        }
        Block::Callout { title, text, .. } => {
            let mut runs = String::new();
            run(&mut runs, title, Look { bold: true, ..Look::default() });
            run(&mut runs, " ", Look::default());
            stat_runs(&mut runs, text, Look::default());
            paragraph(out, Some("Callout"), &runs);
        }
    }
}

/// A list item in numbering `num` (1: bullets).
pub fn list_item(out: &mut String, num: usize, runs: &str) {
    let _ = write!(
        out,
        "<w:p><w:pPr><w:pStyle w:val=\"ListParagraph\"/><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"{num}\"/></w:numPr></w:pPr>{runs}</w:p>"
    );
}

/// A chart, its caption, and its numbers as a table (the HTML's "numbers behind").
fn figure(doc: &mut Document, figure: &Figure, image: Image) {
    doc.drawings += 1;
    let n = doc.drawings;
    let name = format!("chart{n}.png");
    let rel = doc.relate("image", format!("media/{name}"), false);
    doc.media.push((name.clone(), image.png));
    let (cx, cy) = (image.cx, image.cy);
    let alt = escape(&figure.alt);
    let _ = write!(
        doc.body,
        "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
         <wp:docPr id=\"{n}\" name=\"Chart {n}\" descr=\"{alt}\"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>\
         <pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"{name}\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
         </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    );
    text_paragraph(&mut doc.body, Some("FigureCaption"), &figure.caption);
    table(&mut doc.body, &figure.data, false);
}

/// A table with its caption above and notes below. `stat`: column headings and notes have
/// statistics names typeset, as the HTML's report tables do (its chart tables do not).
fn table(out: &mut String, table: &Table, stat: bool) {
    plain_paragraph(out, "Caption", &table.caption);
    let cell = |text: &str, stat: bool| {
        let mut runs = String::new();
        if stat {
            stat_runs(&mut runs, text, Look::default())
        } else {
            run(&mut runs, text, Look::default())
        }
        runs
    };
    let header: Vec<String> = table.columns.iter().map(|c| cell(c, stat)).collect();
    let rows: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| cell(c, false)).collect()).collect();
    grid(out, &header, &rows, &widths(table));
    for note in &table.notes {
        if stat { text_paragraph(out, Some("TableNote"), note) } else { plain_paragraph(out, "TableNote", note) }
    }
}

/// Room for one character of table text (9 pt, in the widest face it may fall back to: DejaVu
/// Sans), and a cell's side margins (the table's), in twips.
const CHAR_TWIPS: usize = 120;
const CELL_MARGINS_TWIPS: usize = 2 * 57;

/// Each column's width in twips, by its text: first every column gets room for its longest word,
/// then what is left goes to the columns whose cells would otherwise wrap, in proportion.
fn widths(table: &Table) -> Vec<usize> {
    let chars = |text: &str| text.chars().count();
    let longest_word = |text: &str| text.split_whitespace().map(chars).max().unwrap_or(0);
    let cells = |i: usize| table.rows.iter().filter_map(move |r| r.get(i)).map(String::as_str);
    let twips = |chars: usize| chars * CHAR_TWIPS + CELL_MARGINS_TWIPS;
    let (least, wanted): (Vec<usize>, Vec<usize>) = (0..table.columns.len())
        .map(|i| {
            let word = cells(i).chain([table.columns[i].as_str()]).map(longest_word).max().unwrap_or(0);
            let line = cells(i).chain([table.columns[i].as_str()]).map(chars).max().unwrap_or(0).min(30);
            (twips(word.max(1)), twips(line.max(word).max(1)))
        })
        .unzip();
    let least_total: usize = least.iter().sum();
    if least_total >= TEXT_WIDTH_TWIPS {
        return least.iter().map(|w| w * TEXT_WIDTH_TWIPS / least_total.max(1)).collect();
    }
    let spare = TEXT_WIDTH_TWIPS - least_total;
    let extra: Vec<usize> = least.iter().zip(&wanted).map(|(l, w)| w - l).collect();
    let extra_total: usize = extra.iter().sum();
    let shares: Vec<usize> = match extra_total {
        0 => vec![spare / least.len().max(1); least.len()],
        total => extra.iter().map(|e| (e * spare / total).min(*e)).collect(),
    };
    // Whatever the wrapping columns do not need is shared out evenly.
    let left = (spare - shares.iter().sum::<usize>()) / least.len().max(1);
    least.iter().zip(&shares).map(|(l, s)| l + s + left).collect()
}

/// A table of cells given as runs, in the APA look: rules above and below the header and at the
/// bottom, no vertical lines; the header row repeats on every page. Columns have the `widths`
/// given (twips), or share the width equally.
pub fn grid(out: &mut String, header: &[String], rows: &[Vec<String>], widths: &[usize]) {
    let columns = rows.iter().map(Vec::len).chain([header.len(), 1]).max().unwrap_or(1);
    let widths: Vec<usize> =
        if widths.len() == columns { widths.to_vec() } else { vec![TEXT_WIDTH_TWIPS / columns; columns] };
    out.push_str(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>\
         <w:tblLook w:val=\"0020\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for width in &widths {
        let _ = write!(out, "<w:gridCol w:w=\"{width}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let rule = |side: &str, size: u32| {
        format!("<w:{side} w:val=\"single\" w:sz=\"{size}\" w:space=\"0\" w:color=\"000000\"/>")
    };
    let header_borders = format!("{}{}", rule("top", 8), rule("bottom", 4));
    let row = |out: &mut String, cells: &[String], header: bool, borders: &str| {
        out.push_str(if header {
            "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
        } else {
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        });
        let style = if header { "TableHeading" } else { "TableText" };
        for (i, width) in widths.iter().enumerate() {
            let runs = cells.get(i).map_or("", String::as_str);
            let _ = write!(
                out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:tcBorders>{borders}</w:tcBorders></w:tcPr>\
                 <w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{runs}</w:p></w:tc>"
            );
        }
        out.push_str("</w:tr>");
    };
    row(out, header, true, &header_borders);
    let bottom = rule("bottom", 8);
    for (i, cells) in rows.iter().enumerate() {
        row(out, cells, false, if i + 1 == rows.len() { &bottom } else { "" });
    }
    out.push_str("</w:tbl>");
}
