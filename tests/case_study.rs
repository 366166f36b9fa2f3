//! The `ref` template: the example case study's five sections in order within five A4 pages,
//! results.json's word counts equal to a count of the rendered sections, a section past its
//! limit written and warned about by `build` and `check`, and `[ref]` required. Needs
//! poppler-utils (pdftotext, pdfinfo).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::impact;
use serde_json::Value;

const SECTIONS: [&str; 5] = [
    "1. Summary of the impact",
    "2. Underpinning research",
    "3. References to the research",
    "4. Details of the impact",
    "5. Sources to corroborate the impact",
];

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/ref-case-study")
}

/// The example's report, built once for this file's tests.
fn report() -> &'static Path {
    static REPORT: OnceLock<PathBuf> = OnceLock::new();
    REPORT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ref-case-study-report");
        let output = impact().arg("build").arg(example()).arg("--out").arg(&out).output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(!String::from_utf8_lossy(&output.stderr).contains("warning"), "the example is within its limits");
        out
    })
}

fn results(report: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(report.join("results.json")).unwrap()).unwrap()
}

/// A copy of the example whose portfolio.toml `edit` changes.
fn edited(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("case");
    for sub in ["results", "narrative"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in fs::read_dir(example().join(sub)).unwrap() {
            let entry = entry.unwrap();
            fs::copy(entry.path(), dir.join(sub).join(entry.file_name())).unwrap();
        }
    }
    let text = fs::read_to_string(example().join("portfolio.toml")).unwrap();
    fs::write(dir.join("portfolio.toml"), edit(&text)).unwrap();
    (tmp, dir)
}

/// The words of one rendered section of index.html: its text without tags and its heading,
/// counted as words that hold a letter or a digit.
fn html_words(html: &str, id: &str) -> usize {
    let start = html.find(&format!("<section id=\"{id}\"")).unwrap_or_else(|| panic!("no section {id}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    let body = &section[section.find("</h2>").unwrap() + 5..];
    // Tags go; a block's tag parts words, an inline one (a link, emphasis) does not.
    let inline = ["a", "strong", "em", "i", "sub", "code", "span"];
    let mut text = String::new();
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let close = open + rest[open..].find('>').unwrap();
        let name: String =
            rest[open + 1..close].trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        if !inline.contains(&name.as_str()) {
            text.push(' ');
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    let text = text.replace("&amp;", "&").replace("&#39;", "'").replace("&quot;", "\"");
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

#[test]
fn the_pdf_holds_the_five_sections_in_order_within_five_pages() {
    let pdf = report().join("report.pdf");
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext runs").stdout;
    let text = String::from_utf8_lossy(&text).split_whitespace().collect::<Vec<_>>().join(" ");
    let mut at = 0;
    for title in SECTIONS {
        let found = text[at..].find(title).unwrap_or_else(|| panic!("{title} missing or out of order"));
        at += found + title.len();
    }
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo runs").stdout;
    let info = String::from_utf8_lossy(&info);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    assert!((1..=5).contains(&pages), "{pages} pages");
    assert!(info.contains("A4"), "A4 paper: {info}");
    assert_eq!(results(report())["ref"]["pages"], pages, "results.json counts the pages of the PDF");
    // Every figure of section 4 is followed by its source number.
    assert!(text.contains("12,000 employees in 40 employers in Denmark, 2021–2024"), "who, where and when");
    assert!(text.contains("[6]"));
}

#[test]
fn the_word_counts_are_those_of_the_rendered_sections() {
    let results = results(report());
    let html = fs::read_to_string(report().join("index.html")).unwrap();
    let words = &results["ref"]["words"];
    for id in ["summary", "underpinning", "details"] {
        let counted = words[id].as_u64().unwrap() as usize;
        assert!(counted > 20, "{id}: {counted}");
        assert_eq!(counted, html_words(&html, id), "{id}");
    }
    assert_eq!(results["ref"]["references"], 4);
    assert_eq!(results["ref"]["sources"], 7);
    assert_eq!(results["ref"]["limits"]["details_words"], 750);
}

#[test]
fn the_economic_figures_and_the_reach_reach_section_four() {
    let html = fs::read_to_string(report().join("index.html")).unwrap();
    let details = &html[html.find("<section id=\"details\"").unwrap()..];
    let details = &details[..details.find("</section>").unwrap()];
    assert!(details.contains("£114,700 a year"), "the workplace programme's estimate");
    assert!(details.contains("400,000 people in the United Kingdom [7]"));
    assert!(details.contains("Chief Nurse, Kingsmere University Hospitals NHS Trust [5]"));
}

#[test]
fn a_section_past_its_limit_is_written_and_warned_about() {
    let (_tmp, dir) = edited(|text| text.replace("[ref]\n", "[ref]\nunderpinning_words = 120\nsources = 5\n"));
    let output = impact().arg("build").arg(&dir).arg("--out").arg(dir.join("report")).output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let words = results(&dir.join("report"))["ref"]["words"]["underpinning"].as_u64().unwrap();
    let expected = format!("section 2, Underpinning research has {words} words, over the limit of 120");
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(
        stderr.contains("section 5, Sources to corroborate the impact has 7 sources, over the limit of 5"),
        "{stderr}"
    );
    assert!(dir.join("report/report.pdf").is_file(), "the report is written all the same");
    let warnings = results(&dir.join("report"))["warnings"].to_string();
    assert!(warnings.contains("over the limit of 120"), "results.json keeps the warning");
    let check = impact().arg("check").arg(&dir).output().unwrap();
    assert!(check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains(&expected), "check says the same");
}

#[test]
fn the_ref_template_needs_its_header() {
    let (_tmp, dir) = edited(|text| {
        let start = text.find("[ref]").unwrap();
        let end = text.find("# Section 3").unwrap();
        format!("{}{}", &text[..start], &text[end..])
    });
    let output = impact().arg("build").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("portfolio.toml:6:") && stderr.contains("needs a [ref] table"), "{stderr}");
    assert!(!dir.join("report").exists());
}

#[test]
fn results_json_follows_the_schema() {
    let schema: Value = serde_json::from_str(impact::schema::RESULTS_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let results = results(report());
    let errors: Vec<String> =
        validator.iter_errors(&results).map(|e| format!("{e} at {}", e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// `[economics]` of the portfolio itself: its figures cite their `[[sources]]` number, in the
/// case study and in the evidence pack, and a source number past the list is an error.
#[test]
fn a_portfolio_estimate_cites_its_source() {
    let economics = "\n[economics]\ncurrency = \"EUR\"\nprogramme_cost = 40000\nattribution = 0.25\nsource = 6\n\
                     [economics.absence]\nstaff = 12000\ndays_before = 7.5\ndays_after = 7.1\ncost_per_day = 210\n";
    let (_tmp, dir) = edited(|text| format!("{text}{economics}"));
    let out = dir.join("report");
    impact().arg("build").arg(&dir).arg("--out").arg(&out).args(["--format", "html,json"]).assert().success();
    let e = &results(&out)["economics"];
    // 12,000 × (7.5 − 7.1) = 4,800 days × €210 × 0.25 = €252,000; net €212,000; 5.3 per €1;
    // €40,000 over the 12,425 people the programmes reached (not the app's reach) = €3.2.
    assert_eq!(e["absence"]["days_avoided"], 4800.0);
    assert_eq!(e["total_saving"], 252000.0);
    assert_eq!(e["roi"], 5.3);
    assert_eq!(e["cost_per_person"], 3.2);
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("they would be worth an estimated €252,000 a year [6]"), "section 4 cites it");

    let (_tmp, dir) =
        edited(|text| format!("{}{economics}", text.replace("template = \"ref\"", "template = \"evidence\"")));
    impact().arg("build").arg(&dir).args(["--format", "html"]).assert().success();
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    let section = &html[html.find("<section id=\"economics\"").expect("the evidence pack's section")..];
    assert!(section.contains("[6] Nordlys Arbejdsliv (2024)"), "the assumptions name their source");
    assert!(section.contains("among 12,000 staff in scope [6]"), "the sentence marks it");
    assert!(section.contains("Estimates of single programmes"), "the workplace programme's own estimate follows");

    let (_tmp, dir) = edited(|text| format!("{text}{}", economics.replace("source = 6", "source = 9")));
    let output = impact().arg("build").arg(&dir).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("`source` = 9 names no [[sources]] entry"));
}
