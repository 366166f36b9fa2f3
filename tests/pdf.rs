//! The PDF: typeset in-process, the same headline sentences as the HTML, hostile text shown
//! literally, and the same bytes on every build. Needs poppler-utils (pdftotext, pdfinfo).

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::impact;
use impact::render::pdf;
use impact::report::{Block, Report, Section, Template, Tone};

fn pdftotext(pdf: &Path) -> String {
    let output =
        Command::new("pdftotext").arg("-layout").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    assert!(output.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Whitespace folded to single spaces, so line breaks in the PDF don't matter.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_pdf_says_what_the_html_says() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compassion-in-schools");
    impact().arg("build").arg(&example).arg("--out").arg(&out).assert().success();
    let pdf_text = fold(&pdftotext(&out.join("report.pdf")));
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let html_text = html
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");

    // The headline sentences of the summary, as the HTML shows them.
    let analysed = impact::pipeline::analyse(&example).unwrap();
    let template = Template::load(&example, "schools").unwrap();
    let model = impact::report::build(&analysed, &template).unwrap();
    let Some(Block::List { items }) = model.sections[0].blocks.iter().find(|b| matches!(b, Block::List { .. })) else {
        panic!("the summary has its sentences")
    };
    for sentence in items {
        assert!(html_text.contains(sentence.as_str()), "HTML lacks: {sentence}");
        assert!(pdf_text.contains(&fold(sentence)), "PDF lacks: {sentence}\n\nPDF text:\n{pdf_text}");
    }
    assert!(pdf_text.contains(&model.title));

    let info = Command::new("pdfinfo").arg(out.join("report.pdf")).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Tagged:          yes"), "{info}");
    assert!(info.contains(&format!("Title:           {}", model.title)), "{info}");
}

#[test]
fn hostile_text_appears_literally() {
    let (_tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    let template = Template::load(&dir, "schools").unwrap();
    let hostile = r#"#set page(width: 1cm) $x$ <script>alert(1)</script> back\slash *not bold* _x_ @ref ]["#;
    let report = Report {
        title: "Hostile #title $".into(),
        subtitle: None,
        lang: "en-GB".into(),
        template: "schools".into(),
        generator: "impact test".into(),
        sections: vec![Section {
            id: "said".into(),
            title: "What was said".into(),
            blocks: vec![
                Block::Markdown { text: format!("Narrative: {hostile}") },
                Block::Quote {
                    text: format!("Quote: {hostile} ☺ 😀 café £5 – naïve 😤 end"),
                    attribution: "Participant 1".into(),
                    source: Some("diary".into()),
                },
                Block::Callout { tone: Tone::Caution, title: "Note".into(), text: hostile.into() },
            ],
        }],
    };
    let bytes = pdf::pdf(&report, &template).expect("the PDF builds");
    let file = dir.join("hostile.pdf");
    fs::write(&file, &bytes).unwrap();
    let text = fold(&pdftotext(&file));
    // Markdown keeps its own emphasis syntax (*not bold* becomes italic), everything else is literal.
    for expected in [
        "#set page(width: 1cm) $x$ <script>alert(1)</script> back\\slash",
        "_x_ @ref ][",
        "☺ 😀 café £5 – naïve \u{fffd} end",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in:\n{text}");
    }
    assert!(text.contains("Hostile #title $"));
    // A 1 cm wide page would have made hundreds of pages: here the cover (with the contents)
    // and one page for the section.
    let info = Command::new("pdfinfo").arg(&file).output().unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("Pages:           2"),
        "{}",
        String::from_utf8_lossy(&info.stdout)
    );
}

#[test]
fn two_builds_give_identical_pdfs() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compassion-in-schools");
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for out in [&a, &b] {
        impact().arg("build").arg(&example).args(["--format", "pdf"]).arg("--out").arg(out).assert().success();
    }
    let (a, b) = (fs::read(a.join("report.pdf")).unwrap(), fs::read(b.join("report.pdf")).unwrap());
    assert!(a.len() > 10_000);
    assert!(a == b, "the two PDFs differ");
}

/// The structure tree's rows (`TR`) with the kinds of their cells in order (`TH`, `TD`), from
/// `pdfinfo -struct`, which prints one element a line, indented by depth.
fn table_rows(pdf: &Path) -> Vec<Vec<String>> {
    let output = Command::new("pdfinfo").arg("-struct").arg(pdf).output().expect("pdfinfo (poppler-utils) runs");
    assert!(output.status.success(), "pdfinfo failed: {}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<(usize, &str)> = text.lines().map(|l| (l.len() - l.trim_start().len(), l.trim())).collect();
    let mut rows = Vec::new();
    for (i, &(indent, line)) in lines.iter().enumerate() {
        if line != "TR" {
            continue;
        }
        let children = lines[i + 1..].iter().take_while(|(depth, _)| *depth > indent);
        let child_depth = children.clone().map(|(depth, _)| *depth).min().unwrap_or(0);
        let cells = children
            .filter(|(depth, _)| *depth == child_depth)
            .map(|(_, line)| line.split([' ', ':']).next().unwrap_or("").to_string())
            .collect();
        rows.push(cells);
    }
    rows
}

#[test]
fn every_table_row_of_every_example_starts_with_its_header() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let tmp = tempfile::tempdir().unwrap();
    let mut body_rows = 0;
    for example in common::EXAMPLES {
        let out = tmp.path().join(example);
        impact()
            .arg("build")
            .arg(examples.join(example))
            .args(["--format", "pdf"])
            .arg("--out")
            .arg(&out)
            .assert()
            .success();
        let pdf = out.join("report.pdf");
        let rows = table_rows(&pdf);
        // Body rows hold data cells; the column headers' row holds none.
        for cells in rows.iter().filter(|cells| cells.iter().any(|c| c == "TD")) {
            assert_eq!(cells.first().map(String::as_str), Some("TH"), "{example}: a row starts with {cells:?}");
            body_rows += 1;
        }
        assert!(
            rows.iter().any(|cells| !cells.is_empty() && cells.iter().all(|c| c == "TH")),
            "{example}: no header row"
        );
    }
    assert!(body_rows > 100, "only {body_rows} table rows");
}

/// How far down its text area each page's content reaches (0 to 1), from a grey render.
fn page_fills(pdf: &Path) -> Vec<f64> {
    let tmp = tempfile::tempdir().unwrap();
    let status = Command::new("pdftoppm").args(["-r", "20", "-gray"]).arg(pdf).arg(tmp.path().join("p")).status();
    assert!(status.expect("pdftoppm (poppler-utils) runs").success());
    let mut files: Vec<_> = fs::read_dir(tmp.path()).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|file| {
            // Binary PGM: "P5 width height 255" and one byte a pixel.
            let bytes = fs::read(file).unwrap();
            let head: Vec<usize> = String::from_utf8_lossy(&bytes[..20])
                .split_whitespace()
                .skip(1)
                .take(2)
                .map(|v| v.parse().unwrap())
                .collect();
            let (width, height) = (head[0], head[1]);
            let pixels = &bytes[bytes.len() - width * height..];
            // The text area: 24 mm from the top to 22 mm from the bottom of 297 mm.
            let (top, bottom) = (height * 24 / 297 + 1, height * 275 / 297);
            let last = (top..bottom).rev().find(|&y| pixels[y * width..(y + 1) * width].iter().any(|&p| p < 200));
            last.map_or(0.0, |y| (y - top) as f64 / (bottom - top) as f64)
        })
        .collect()
}

/// Every page but the cover and the last is at least half full, unless the next page starts a
/// top-level section.
fn no_page_is_left_half_empty(pdf: &Path, pages: usize, example: &Path) {
    let analysed = impact::pipeline::analyse(example).unwrap();
    let template = Template::load(example, &analysed.loaded.programme.programme.template).unwrap();
    let model = impact::report::build(&analysed, &template).unwrap();
    let fills = page_fills(pdf);
    assert_eq!(fills.len(), pages);
    for page in 2..pages {
        if fills[page - 1] >= 0.5 {
            continue;
        }
        let number = (page + 1).to_string();
        let next = Command::new("pdftotext").args(["-f", &number, "-l", &number]).arg(pdf).arg("-").output().unwrap();
        let next = String::from_utf8_lossy(&next.stdout);
        // The running header (title, organisation) comes first.
        let opening: Vec<&str> = next.lines().map(str::trim).filter(|l| !l.is_empty()).take(4).collect();
        assert!(
            opening.iter().any(|line| model.sections.iter().any(|s| s.title == *line)),
            "page {page} is {:.0}% full and page {} goes on with {opening:?}",
            fills[page - 1] * 100.0,
            page + 1
        );
    }
}

#[test]
fn the_schools_pdf_takes_at_most_sixteen_pages_none_left_half_empty() {
    // Charts and their numbers take the room they need: the 20-person programme's report ran to
    // 22 pages when every chart took the full width above its table.
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/compassion-in-schools");
    let tmp = tempfile::tempdir().unwrap();
    impact().arg("build").arg(&example).args(["--format", "pdf"]).arg("--out").arg(tmp.path()).assert().success();
    let pdf = tmp.path().join("report.pdf");
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the page count");
    assert!(pages <= 16, "{pages} pages");
    no_page_is_left_half_empty(&pdf, pages, &example);
}
