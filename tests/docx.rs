//! The Word file: every example and every template's starting folder writes one; read back, it
//! has the HTML's headings in order, its tables and charts (each with alt text), the quotes, no
//! raw id, and the same bytes on every build. LibreOffice, when installed (always in CI), opens
//! each example's file and converts it to PDF without error.

mod common;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::impact;
use impact::report::{Block, Figure, Report, Section, Table, Template};
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// What a test needs from `word/document.xml`.
#[derive(Debug, Default)]
struct Docx {
    /// Title and Heading 1–3 paragraphs' text, in order.
    headings: Vec<String>,
    tables: usize,
    /// Each image's `wp:docPr descr`.
    alts: Vec<String>,
    /// Every paragraph's text.
    text: Vec<String>,
    /// Every part's raw text, to search for what must not be there.
    raw: String,
}

fn attribute(e: &BytesStart, key: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

fn read_docx(path: &Path) -> Docx {
    let bytes = fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("report.docx is a zip");
    let mut docx = Docx::default();
    let mut xml = String::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut text = String::new();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            file.read_to_string(&mut text).unwrap();
            if name == "word/document.xml" {
                xml = text.clone();
            }
            docx.raw.push_str(&text);
        }
    }
    assert!(!xml.is_empty(), "word/document.xml is there");
    let mut reader = Reader::from_str(&xml);
    let (mut style, mut paragraph, mut in_text) = (String::new(), String::new(), false);
    loop {
        match reader.read_event().expect("document.xml is well-formed") {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:pStyle" => {
                style = attribute(&e, "w:val").unwrap_or_default()
            }
            Event::Start(e) if e.name().as_ref() == "w:p" => {
                style.clear();
                paragraph.clear();
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Start(e) if e.name().as_ref() == "w:tbl" => docx.tables += 1,
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "wp:docPr" => {
                docx.alts.push(attribute(&e, "descr").unwrap_or_default())
            }
            Event::Text(t) if in_text => paragraph.push_str(&t),
            Event::GeneralRef(r) if in_text => paragraph.push_str(match &*r {
                "lt" => "<",
                "gt" => ">",
                "amp" => "&",
                "apos" => "'",
                "quot" => "\"",
                other => panic!("unexpected entity {other}"),
            }),
            Event::End(e) if e.name().as_ref() == "w:p" => {
                if ["Title", "Heading1", "Heading2", "Heading3"].contains(&style.as_str()) {
                    docx.headings.push(fold(&paragraph));
                }
                docx.text.push(std::mem::take(&mut paragraph));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    docx
}

/// Whitespace folded to single spaces.
fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

/// The h1–h3 headings of index.html, as text.
fn html_headings(html: &str) -> Vec<String> {
    let heading = regex::Regex::new(r"(?s)<h([1-3])[^>]*>(.*?)</h[1-3]>").unwrap();
    let tag = regex::Regex::new(r"<[^>]+>").unwrap();
    heading.captures_iter(html).map(|c| fold(&unescape_html(&tag.replace_all(&c[2], "")))).collect()
}

/// Build `dir` into a fresh folder, twice; check the Word file against the HTML and return it.
fn check(dir: &Path, tmp: &Path) -> PathBuf {
    let out = tmp.join("report");
    impact().arg("build").arg(dir).arg("--out").arg(&out).assert().success();
    let docx_path = out.join("report.docx");
    let first = fs::read(&docx_path).expect("the build writes report.docx");
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let docx = read_docx(&docx_path);
    let name = dir.display();

    assert!(docx.headings.len() > 3, "{name}: {:?}", docx.headings);
    assert_eq!(docx.headings, html_headings(&html), "{name}: headings differ from the HTML's");
    assert_eq!(docx.tables, html.matches("<table").count(), "{name}: tables");
    assert_eq!(docx.alts.len(), html.matches("<figure id=").count(), "{name}: charts");
    assert!(docx.alts.iter().all(|alt| !alt.trim().is_empty()), "{name}: a chart lacks alt text");

    let analysed = impact::pipeline::analyse(dir).unwrap();
    let config: toml::Table = toml::from_str(&fs::read_to_string(dir.join("programme.toml")).unwrap()).unwrap();
    let template_name = config["programme"]["template"].as_str().unwrap();
    let template = Template::load(dir, template_name).unwrap();
    let model = impact::report::build(&analysed, &template).unwrap();
    let all_text = docx.text.join("\n");
    for block in model.sections.iter().flat_map(|s| &s.blocks) {
        if let Block::Quote { text, attribution, .. } = block {
            assert!(docx.text.iter().any(|p| p == text), "{name}: quote missing: {text}");
            assert!(all_text.contains(attribution.as_str()), "{name}: attribution missing: {attribution}");
        }
    }
    for private in common::private_texts(dir) {
        assert!(!docx.raw.contains(&private) && !all_text.contains(&private), "{name}: {private} is in report.docx");
    }

    impact().arg("build").arg(dir).arg("--out").arg(&out).assert().success();
    assert!(fs::read(&docx_path).unwrap() == first, "{name}: report.docx differs on rebuild");
    docx_path
}

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut dirs: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("programme.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_example_writes_a_word_file_like_its_html() {
    for dir in examples() {
        let tmp = tempfile::tempdir().unwrap();
        check(&dir, tmp.path());
    }
}

#[test]
fn every_template_starting_folder_writes_a_word_file() {
    for template in ["schools", "nhs", "workplace"] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("programme");
        impact().arg("init").arg(&dir).args(["--template", template]).assert().success();
        check(&dir, tmp.path());
    }
}

#[test]
fn only_the_word_file_when_asked() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    let example = examples().remove(0);
    impact().arg("build").arg(&example).arg("--out").arg(&out).args(["--format", "docx"]).assert().success();
    let names: Vec<String> =
        fs::read_dir(&out).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect();
    assert_eq!(names, ["report.docx"]);
}

/// Whether LibreOffice is here; outside CI its absence skips the test, in CI it fails it.
fn soffice() -> Option<&'static str> {
    let found = Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have LibreOffice (apt-get install libreoffice-writer-nogui)"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed; apt-get install libreoffice-writer-nogui");
        return None;
    }
    Some("soffice")
}

#[test]
fn libreoffice_converts_every_example_to_pdf() {
    let Some(soffice) = soffice() else { return };
    for dir in examples() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("report");
        impact().arg("build").arg(&dir).arg("--out").arg(&out).args(["--format", "docx"]).assert().success();
        let profile = tmp.path().join("profile");
        let pdf_dir = tmp.path().join("pdf");
        let output = Command::new(soffice)
            .arg(format!("-env:UserInstallation=file://{}", profile.display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&pdf_dir)
            .arg(out.join("report.docx"))
            .output()
            .expect("soffice runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{}: soffice failed: {stderr}", dir.display());
        let pdf = fs::read(pdf_dir.join("report.pdf")).unwrap_or_default();
        assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000, "{}: no PDF from LibreOffice: {stderr}", dir.display());
        assert!(!stderr.to_lowercase().contains("error"), "{}: {stderr}", dir.display());
    }
}

#[test]
fn hostile_text_stays_text() {
    let (tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    let template = Template::load(&dir, "schools").unwrap();
    let hostile = "<w:t>x</w:t> & { PAGE } \u{1}\u{b} ]]> \"quoted\" 'single'";
    let table = |id: &str| Table {
        id: id.into(),
        caption: format!("Caption {hostile}"),
        columns: vec!["Column <b>".into(), "d_z".into()],
        rows: vec![vec![format!("Cell {hostile}"), "0.5".into()]],
        notes: vec![format!("Note {hostile}")],
        csv: None,
    };
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"><rect width="300" height="150" fill="teal"/><text x="10" y="40" font-family="DejaVu Sans">Chart &lt;text&gt;</text></svg>"#;
    let report = Report {
        title: format!("Title {hostile}"),
        subtitle: None,
        lang: "en-GB".into(),
        template: "schools".into(),
        generator: "impact test".into(),
        sections: vec![Section {
            id: "said".into(),
            title: format!("Section {hostile}"),
            blocks: vec![
                Block::Markdown {
                    text: format!(
                        "Narrative {hostile} [bad](javascript:alert(1)) [file](file:///etc/passwd) [page](#top) \
                         [good](https://example.org/?a=1&b=2) [mail](mailto:a@example.org) <script>x</script>\n\n\
                         1. one\n2. two\n\n| a | b |\n|---|---|\n| c | d |\n"
                    ),
                },
                Block::Quote { text: format!("Quote {hostile}"), attribution: "Participant 1".into(), source: None },
                Block::Table(table("t")),
                Block::Figure(Figure {
                    id: "f".into(),
                    svg: svg.into(),
                    alt: format!("Alt {hostile}"),
                    caption: "A chart".into(),
                    data: table("f-data"),
                }),
            ],
        }],
    };
    let bytes = impact::render::docx::docx(&report, &template, 2).unwrap();
    let path = tmp.path().join("hostile.docx");
    fs::write(&path, &bytes).unwrap();
    let mut docx = read_docx(&path);
    // The control characters are dropped (XML cannot hold them); whitespace is folded here.
    docx.text = docx.text.iter().map(|p| fold(p)).collect();
    let shown = "<w:t>x</w:t> & { PAGE } ]]> \"quoted\" 'single'";
    assert_eq!(docx.headings, [format!("Title {shown}"), format!("Section {shown}")]);
    assert!(docx.text.contains(&format!("Quote {shown}")), "{:?}", docx.text);
    assert!(
        docx.text
            .iter()
            .any(|p| p.starts_with(&format!("Narrative {shown} bad file page good mail <script>x</script>")))
    );
    assert_eq!(docx.alts.iter().map(|a| fold(a)).collect::<Vec<_>>(), [format!("Alt {shown}")]);
    assert_eq!(docx.tables, 3);
    // The only fields are the footer's page numbers; the only links the web and mail ones.
    let document = docx.raw.split("<w:document").nth(1).unwrap().split("</w:document>").next().unwrap();
    assert!(!document.contains("w:fldChar") && !document.contains("w:instrText") && !document.contains("fldSimple"));
    assert!(!docx.raw.contains("javascript") && !docx.raw.contains("file:///"), "{}", docx.raw);
    assert_eq!(docx.raw.matches("TargetMode=\"External\"").count(), 2);
    assert!(docx.raw.contains("Target=\"https://example.org/?a=1&amp;b=2\""));
}
