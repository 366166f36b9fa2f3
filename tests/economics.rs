//! `[economics]`: the example's figures as DESIGN.md defines them, the same figures in the HTML
//! and the PDF, no section without the table, and each bad input an error naming its key with
//! nothing written. Needs poppler-utils (pdftotext).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::impact;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/portfolio/programmes/workplace-2024")
}

/// A copy of the example programme whose programme.toml `edit` changes.
fn edited(edit: impl Fn(&str) -> String) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    for entry in fs::read_dir(example().join("data")).unwrap() {
        let entry = entry.unwrap();
        fs::copy(entry.path(), dir.join("data").join(entry.file_name())).unwrap();
    }
    let text = fs::read_to_string(example().join("programme.toml")).unwrap();
    fs::write(dir.join("programme.toml"), edit(&text)).unwrap();
    (tmp, dir)
}

fn pdftotext(pdf: &Path) -> String {
    let output = Command::new("pdftotext").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    String::from_utf8_lossy(&output.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The example, by hand: 620 × (0.16 − 0.135) = 15.5 leavers × £11,500 × 0.5 = £89,125;
/// 620 × (8.4 − 7.9) = 310 days × £165 × 0.5 = £25,575; total £114,700; less £18,000 is
/// £96,700; 96,700 / 18,000 = 5.372…; £18,000 / 60 who started = £300.
#[test]
fn the_example_estimate_follows_the_definitions_and_both_formats_show_it() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report");
    impact().arg("build").arg(example()).arg("--out").arg(&out).args(["--format", "html,pdf,json"]).assert().success();
    let results: Value = serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    let e = &results["economics"];
    assert_eq!(e["currency"], "GBP");
    assert_eq!(e["attribution"], 0.5);
    assert_eq!(e["turnover"]["leavers_avoided"], 15.5);
    assert_eq!(e["turnover"]["saving"], 89125.0);
    assert_eq!(e["absence"]["days_avoided"], 310.0);
    assert_eq!(e["absence"]["saving"], 25575.0);
    assert_eq!(e["total_saving"], 114700.0);
    assert_eq!(e["programme_cost"], 18000.0);
    assert_eq!(e["net"], 96700.0);
    assert_eq!(e["roi"], 5.37);
    assert_eq!(e["cost_per_person"], 300.0);
    let shares: Vec<f64> =
        e["sensitivity"].as_array().unwrap().iter().map(|s| s["attribution"].as_f64().unwrap()).collect();
    assert_eq!(shares, [0.25, 0.5, 1.0]);
    assert_eq!(e["sensitivity"][2]["total_saving"], 229400.0);
    assert_eq!(e["sensitivity"][2]["roi"], 11.74, "(229,400 − 18,000) / 18,000 = 11.744…");

    let html = fs::read_to_string(out.join("index.html")).unwrap();
    let section = &html[html.find("<section id=\"economics\"").expect("an economics section")..];
    let section = &section[..section.find("</section>").unwrap()];
    let pdf = pdftotext(&out.join("report.pdf"));
    let figures =
        ["£114,700", "£96,700", "£89,125", "£25,575", "£57,350", "£229,400", "£5.37", "£11.74", "£11,500", "£300"];
    for figure in figures {
        assert!(section.contains(figure), "the HTML section lacks {figure}");
        assert!(pdf.contains(figure), "the PDF lacks {figure}");
    }
    for sentence in [
        "If the fall in turnover is credited to the programme at 50%, at £11,500 per leaver it would be worth £89,125 a year.",
        "cost of £18,000, that leaves a net saving of £96,700",
    ] {
        assert!(section.contains(sentence), "HTML: {sentence}");
        assert!(pdf.contains(sentence), "PDF: {sentence}");
    }
    assert!(!section.contains("caused") || section.contains("do not show that the programme caused"));
}

#[test]
fn without_economics_there_is_no_section() {
    let (_tmp, dir) = edited(|text| text[..text.find("\n# What the changes").unwrap()].to_string() + "\n");
    let out = dir.join("report");
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.contains("id=\"economics\""));
    let results: Value = serde_json::from_str(&fs::read_to_string(out.join("results.json")).unwrap()).unwrap();
    assert!(results.get("economics").is_none());
}

#[test]
fn a_currency_of_its_own_symbol_after_the_amount() {
    let (_tmp, dir) = edited(|text| text.replace("currency = \"GBP\"", "currency = \"SEK\""));
    impact().arg("build").arg(&dir).args(["--format", "html"]).assert().success();
    let html = fs::read_to_string(dir.join("report/index.html")).unwrap();
    assert!(html.contains("114,700\u{a0}kr"), "Swedish kronor follow the amount");
    assert!(!html.contains("£114,700"));
}

#[test]
fn each_bad_input_is_an_error_naming_its_key_and_nothing_is_written() {
    let cases: [(&str, &str, &str); 6] = [
        ("rate_before = 0.16", "rate_before = 16", "`rate_before` = 16 is not a rate between 0 and 1"),
        ("programme_cost = 18000", "programme_cost = -18000", "`programme_cost` = -18000 is negative"),
        ("cost_per_day = 165", "cost_per_day = -165", "`cost_per_day` = -165 is negative"),
        (
            "staff = 620                      # headcount of the three employers\n",
            "",
            "[economics.turnover] needs `staff`",
        ),
        ("currency = \"GBP\"", "currency = \"GPB\"", "`currency` = \"GPB\" is not a currency impact knows"),
        ("days_after = 7.9", "days_after = -2", "`days_after` = -2 is not a number of days in a year"),
    ];
    for (from, to, message) in cases {
        let (_tmp, dir) = edited(|text| {
            assert!(text.contains(from), "{from}");
            text.replacen(from, to, 1)
        });
        let output = impact().arg("build").arg(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{to}: {stderr}");
        assert!(stderr.contains(message), "{to}: {stderr}");
        assert!(stderr.contains("programme.toml:"), "{to}: the error has its line: {stderr}");
        assert!(!dir.join("report").exists(), "{to}: nothing written");
        let check = impact().arg("check").arg(&dir).output().unwrap();
        assert_eq!(check.status.code(), Some(1), "{to}");
        assert!(String::from_utf8_lossy(&check.stderr).contains(message), "check says the same: {to}");
    }
}
