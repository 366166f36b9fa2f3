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
    // A 1 cm wide page would have made hundreds of pages.
    let info = Command::new("pdfinfo").arg(&file).output().unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("Pages:           3"),
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
