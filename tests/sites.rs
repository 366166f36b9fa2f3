//! Sites: the workplace-rollout example's pooling against R's metafor, each site page holding its
//! site alone, small sites named nowhere, and `[sites]` mistakes as errors at their line.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{impact, report_texts};
use serde_json::Value;

const EXAMPLE: &str = "workplace-rollout";
/// The example's organisation too small to show (4 employees, fewer than `min_cell` = 5 analysed).
const HIDDEN: &str = "Harrowgate Print Works";

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name)
}

/// The example's report, built once for this file's tests.
fn report() -> &'static Path {
    static REPORT: OnceLock<PathBuf> = OnceLock::new();
    REPORT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sites-report");
        impact().arg("build").arg(example(EXAMPLE)).arg("--out").arg(&out).assert().success();
        out
    })
}

fn results(report: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(report.join("results.json")).unwrap()).unwrap()
}

fn close(actual: f64, expected: f64, what: &str) {
    let scale = expected.abs().max(1e-12);
    assert!(((actual - expected) / scale).abs() < 1e-6, "{what}: {actual} but metafor gives {expected}");
}

/// metafor 3.8.1 on the example's per-site figures (results.json `sites[].outcomes[].paired`,
/// written to site_summ.csv with one row per site and measure):
///
/// ```r
/// es <- escalc("SMCR", m1i = m_post, m2i = m_pre, sd1i = sd_pre, ni = n, ri = r, data = x)
/// f <- rma(yi, vi, data = es, method = "REML", test = "knha"); pr <- predict(f)
/// c(f$beta, f$se, f$ci.lb, f$ci.ub, f$zval, f$pval, f$tau2, f$I2, f$QE, f$QEp, pr$pi.lb, pr$pi.ub)
/// ```
#[test]
fn the_example_pools_its_organisations_as_metafor_does() {
    let results = results(report());
    let expected: [(&str, [f64; 12]); 2] = [
        (
            "swemwbs",
            [
                0.5453358715,
                0.152984054,
                0.1709973767,
                0.9196743663,
                3.564658258,
                0.01186031923,
                0.1247761375,
                86.43273143,
                35.93983304,
                2.831851245e-06,
                -0.3965829999,
                1.487254743,
            ],
        ),
        (
            "pss-10",
            [
                -0.3906649377,
                0.1140035941,
                -0.6696216832,
                -0.1117081923,
                -3.426777382,
                0.01402653463,
                0.06245855284,
                67.93937733,
                19.17509899,
                0.003877914175,
                -1.062810611,
                0.2814807358,
            ],
        ),
    ];
    let pooled = results["pooled"].as_array().unwrap();
    assert_eq!(pooled.len(), 2);
    for (measure, r) in expected {
        let p = pooled.iter().find(|p| p["measure"] == measure).unwrap();
        assert_eq!((p["k"].as_u64(), p["df"].as_u64()), (Some(7), Some(6)), "{measure}");
        assert_eq!(
            (p["effect"].as_str(), p["method"].as_str(), p["test"].as_str()),
            (Some("smcr"), Some("REML"), Some("knha"))
        );
        let got = [
            &p["estimate"],
            &p["se"],
            &p["ci"][0],
            &p["ci"][1],
            &p["t"],
            &p["p"],
            &p["tau2"],
            &p["i2"],
            &p["q"],
            &p["q_p"],
            &p["pi"][0],
            &p["pi"][1],
        ];
        let names = ["estimate", "se", "ci.lb", "ci.ub", "t", "p", "tau2", "I2", "QE", "QEp", "pi.lb", "pi.ub"];
        for ((value, expected), name) in got.iter().zip(r).zip(names) {
            close(value.as_f64().unwrap(), expected, &format!("{measure} {name}"));
        }
        let studies = p["studies"].as_array().unwrap();
        let names: Vec<&str> = studies.iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert!(!names.contains(&HIDDEN), "{names:?}");
        let weights: f64 = studies.iter().map(|s| s["weight"].as_f64().unwrap()).sum();
        assert!((weights - 100.0).abs() < 1e-9, "weights add to {weights}");
    }
}

#[test]
fn counts_of_sites_agree_with_the_sentence_and_the_pages() {
    let report = report();
    let results = results(report);
    let counts = &results["site_counts"];
    assert_eq!(counts["column"], "organisation");
    assert_eq!([&counts["sites"], &counts["shown"], &counts["not_shown"], &counts["threshold"]], [8, 7, 1, 5]);
    assert_eq!(counts["without_site"], 2);
    let sites = results["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 7);
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("The programme ran at 8 organisations."), "the sentence's count");
    assert!(html.contains("1 organisation with fewer than 5 employees analysed is not shown separately"));
    assert!(html.contains("2 employees had no organisation recorded"));
    for site in sites {
        let page = site["page"].as_str().unwrap();
        assert_eq!(page, format!("sites/{}/index.html", site["slug"].as_str().unwrap()));
        assert!(html.contains(&format!("href=\"{page}\"")), "no link to {page}");
        assert!(report.join(page).is_file() && report.join(page).with_file_name("report.pdf").is_file(), "{page}");
        // Each site's outcomes are analysed on its people alone.
        assert!(site["outcomes"][0]["n_pairs"].as_u64().unwrap() >= 5);
    }
    let shown: u64 = sites.iter().map(|s| s["participants"].as_u64().unwrap()).sum();
    assert!(shown + 2 < results["participants"].as_u64().unwrap(), "the hidden site's people stay in the whole");
    // A forest plot per pooled outcome, with its numbers beside it.
    for n in 1..=2 {
        let svg = fs::read_to_string(report.join(format!("figures/forest-0{n}.svg"))).unwrap();
        assert!(svg.contains("Ashgrove Housing") && svg.contains("Better") && svg.contains("Prediction interval"));
    }
}

#[test]
fn each_site_page_holds_that_site_alone_and_a_small_site_is_named_nowhere() {
    let report = report();
    let results = results(report);
    let names: Vec<&str> = results["sites"].as_array().unwrap().iter().map(|s| s["site"].as_str().unwrap()).collect();
    let texts = report_texts(report);
    for (path, text) in &texts {
        assert!(!text.contains(HIDDEN) && !text.contains("Harrowgate"), "{} names the hidden site", path.display());
    }
    let mut pages = 0;
    for site in results["sites"].as_array().unwrap() {
        let (name, slug) = (site["site"].as_str().unwrap(), site["slug"].as_str().unwrap());
        for file in ["index.html", "report.pdf"] {
            let path = PathBuf::from(format!("sites/{slug}/{file}"));
            let (_, text) =
                texts.iter().find(|(p, _)| *p == path).unwrap_or_else(|| panic!("{} missing", path.display()));
            // pdftotext breaks long lines: compare with spaces and breaks folded.
            let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(folded.contains(&format!("This page covers {name} alone")), "{}", path.display());
            for other in names.iter().filter(|other| **other != name) {
                assert!(!folded.contains(other), "{} names {other}", path.display());
            }
            pages += 1;
        }
    }
    assert_eq!(pages, 14);
}

/// A copy of `example` with `extra` appended to its programme.toml.
fn with_toml(example_name: &str, extra: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(example_name);
    copy_folder(&example(example_name), &dir);
    let toml = fs::read_to_string(dir.join("programme.toml")).unwrap();
    fs::write(dir.join("programme.toml"), format!("{toml}\n{extra}")).unwrap();
    (tmp, dir)
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap();
        if path.is_dir() {
            if name != "report" {
                copy_folder(&path, &to.join(name));
            }
        } else {
            fs::copy(&path, to.join(name)).unwrap();
        }
    }
}

#[test]
fn a_site_page_quotes_only_its_own_people() {
    let (_tmp, dir) = with_toml("compassion-in-schools", "[sites]\n");
    let out = dir.join("report");
    impact().arg("build").arg(&dir).args(["--format", "html", "--format", "json"]).assert().success();
    let site_of: std::collections::HashMap<String, String> = fs::read_to_string(dir.join("data/participants.csv"))
        .unwrap()
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            (cells[0].to_string(), cells[2].to_string())
        })
        .collect();
    let mut reader = csv::Reader::from_path(dir.join("data/excerpts.csv")).unwrap();
    let excerpts: Vec<(String, String)> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[0].to_string(), r[4].chars().take(30).collect::<String>()))
        .filter(|(_, quote)| quote.chars().all(|c| c.is_alphanumeric() || c == ' '))
        .collect();
    let results = results(&out);
    let sites = results["sites"].as_array().unwrap();
    assert_eq!(sites.len(), 2);
    for site in sites {
        let name = site["site"].as_str().unwrap();
        let page = fs::read_to_string(out.join(site["page"].as_str().unwrap())).unwrap();
        let (own, others): (Vec<_>, Vec<_>) =
            excerpts.iter().partition(|(id, _)| site_of.get(id).map(String::as_str) == Some(name));
        assert!(own.iter().any(|(_, quote)| page.contains(quote.as_str())), "{name}: none of its own quotes");
        for (_, quote) in others {
            assert!(!page.contains(quote.as_str()), "{name} quotes another school: {quote}");
        }
    }
    // The main report does not break its characteristics down by the site column.
    let characteristics = &results["characteristics"]["rows"];
    assert!(!characteristics.to_string().contains("Hillcrest"), "{characteristics}");
}

#[test]
fn one_site_gives_no_pooling_and_no_error() {
    let (_tmp, dir) = with_toml("compassion-in-schools", "[sites]\n");
    let list = fs::read_to_string(dir.join("data/participants.csv")).unwrap();
    fs::write(dir.join("data/participants.csv"), list.replace("Northfield Primary", "Hillcrest Academy")).unwrap();
    let out = dir.join("report");
    impact().arg("build").arg(&dir).args(["--format", "html", "--format", "json"]).assert().success();
    let results = results(&out);
    assert!(results.get("pooled").is_none(), "{}", results["pooled"]);
    assert_eq!(results["site_counts"]["sites"], 1);
    assert_eq!(results["sites"][0]["page"], Value::Null);
    assert!(!out.join("sites").exists());
    let html = fs::read_to_string(out.join("index.html")).unwrap();
    assert!(html.contains("The programme ran at 1 school. It is shown separately."));
    assert!(html.contains("only one school had at least 5 staff scored at both times"), "the reason for no pooling");
}

#[test]
fn a_mistaken_sites_table_is_an_error_at_its_line() {
    let (_tmp, dir) = with_toml(EXAMPLE, "");
    let toml = fs::read_to_string(dir.join("programme.toml")).unwrap();
    let line = toml.lines().position(|l| l.starts_with("pool =")).unwrap() + 1;
    fs::write(dir.join("programme.toml"), toml.replace("pool = \"random\"", "pools = \"random\"")).unwrap();
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&format!("programme.toml:{line}:")) && stderr.contains("pools"), "{stderr}");
    assert!(!dir.join("report").exists());

    fs::write(dir.join("programme.toml"), toml.replace("pool = \"random\"", "pool = \"fixed\"")).unwrap();
    let output = impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(&format!("programme.toml:{line}:")) && stderr.contains("fixed"), "{stderr}");

    let line = toml.lines().position(|l| l.starts_with("column =")).unwrap() + 1;
    fs::write(dir.join("programme.toml"), toml.replace("column = \"organisation\"", "column = \"employer\"")).unwrap();
    let output = impact().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("programme.toml:{line}:"))
            && stderr.contains("`employer` is a column of neither data/participants.csv nor data/scores.csv"),
        "{stderr}"
    );
}

#[test]
fn the_site_may_come_from_the_scores_file() {
    let (_tmp, dir) = with_toml(EXAMPLE, "");
    // Move the organisation from participants.csv into every row of scores.csv.
    let list = fs::read_to_string(dir.join("data/participants.csv")).unwrap();
    let site_of: std::collections::HashMap<&str, &str> =
        list.lines().skip(1).map(|l| l.split(',').collect::<Vec<_>>()).map(|c| (c[0], c[1])).collect();
    let scores = fs::read_to_string(dir.join("data/scores.csv")).unwrap();
    let mut moved = String::new();
    for (i, line) in scores.lines().enumerate() {
        let id = line.split(',').next().unwrap();
        let site = if i == 0 { "Organisation" } else { site_of[id] };
        moved.push_str(&format!("{line},{site}\n"));
    }
    fs::write(dir.join("data/scores.csv"), moved).unwrap();
    fs::remove_file(dir.join("data/participants.csv")).unwrap();
    let toml = fs::read_to_string(dir.join("programme.toml")).unwrap();
    fs::write(dir.join("programme.toml"), toml.replace("participants = \"data/participants.csv\"\n", "")).unwrap();
    let out = dir.join("report");
    impact().arg("build").arg(&dir).args(["--format", "json"]).assert().success();
    let from_scores = results(&out);
    let from_list = results(report());
    assert_eq!(from_scores["pooled"], from_list["pooled"]);
    assert_eq!(from_scores["site_counts"]["shown"], 7);
}
