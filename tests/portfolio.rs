//! Portfolios: the example's evidence pack (reach by sector and country, a forest plot with a row
//! per programme, a card per programme linking to its report), a partner's results.json pooling
//! exactly as the folder it was built from, and each portfolio.toml mistake as an error at its
//! line with nothing written.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::impact;
use impact::report::format::thousands;
use serde_json::Value;

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/portfolio")
}

/// The example's report, built once for this file's tests.
fn report() -> &'static Path {
    static REPORT: OnceLock<PathBuf> = OnceLock::new();
    REPORT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("portfolio-report");
        impact().arg("build").arg(example()).arg("--out").arg(&out).assert().success();
        out
    })
}

fn results(report: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(report.join("results.json")).unwrap()).unwrap()
}

/// A copy of a folder, so that a test can change it.
fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "report" {
            continue;
        }
        if entry.path().is_dir() {
            copy(&entry.path(), &to.join(&name));
        } else {
            fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

#[test]
fn the_example_counts_reach_as_the_contract_says() {
    let results = results(report());
    let portfolio = &results["portfolio"];
    let programmes = portfolio["programmes"].as_array().unwrap();
    assert_eq!(programmes.len(), 7);
    let kinds: Vec<&str> = programmes.iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["folder", "folder", "folder", "results", "summary", "summary", "summary"]);
    // People: each programme once, plus the [[reach]] entry.
    let people: u64 = programmes.iter().map(|p| p["people"].as_u64().unwrap()).sum::<u64>() + 400_000;
    let reach = &portfolio["reach"];
    assert_eq!(reach["people"].as_u64(), Some(people));
    assert_eq!(reach["programmes"], 7);
    assert_eq!(reach["countries"], 3);
    let by_sector: u64 = reach["by_sector"].as_object().unwrap().values().map(|c| c["people"].as_u64().unwrap()).sum();
    assert_eq!(by_sector, people, "every person is in one sector");
    assert_eq!(reach["by_sector"]["public"]["people"], 400_000);
    assert_eq!(reach["by_sector"]["public"]["programmes"], 0);
    // A folder counts everyone enrolled, a results file its flow.enrolled.
    let partner: Value =
        serde_json::from_str(&fs::read_to_string(example().join("partners/lisbon.json")).unwrap()).unwrap();
    assert_eq!(programmes[3]["people"], partner["flow"]["enrolled"]);
    assert_eq!(programmes[5]["r_assumed"], true);
    assert_eq!(programmes[0]["report"], "programmes/schools-2023/index.html");
}

#[test]
fn the_example_report_shows_reach_the_forest_plot_and_a_card_per_programme() {
    let report = report();
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    let results = results(report);
    let reach = &results["portfolio"]["reach"];
    // The sentence's counts are the table's.
    let people = reach["people"].as_u64().unwrap();
    let shown = format!("reached {} people", thousands(people));
    assert!(html.contains(&shown), "no '{shown}' in the report");
    assert!(html.contains("People and programmes by sector") && html.contains("People and programmes by country"));
    assert!(html.contains("Portugal") && html.contains("Denmark"));
    assert!(report.join("figures/reach-programmes.svg").is_file());
    // One forest plot row per programme with the outcome.
    let pooled = &results["portfolio"]["pooled"][0];
    assert_eq!(pooled["k"], 7);
    let studies = pooled["studies"].as_array().unwrap();
    assert_eq!(studies.len(), 7);
    assert!(report.join("figures/forest-01.svg").is_file());
    for study in studies {
        let name = study["name"].as_str().unwrap();
        let row = |prefix: &str| format!("<th scope=\"row\">{prefix}{name}");
        assert!(html.contains(&row("")) || html.contains(&row("† ")), "no row for {name} in the plot's table");
    }
    assert!(html.contains("† Danish workplace roll-out"), "the assumed r is marked in the plot's table");
    assert!(html.contains("rests on an assumed correlation"));
    // A card per programme, and a link to each folder's own report, which exists.
    for programme in results["portfolio"]["programmes"].as_array().unwrap() {
        let name = programme["name"].as_str().unwrap();
        assert!(html.contains(&format!("<span class=\"label\">{name}</span>")), "no card for {name}");
        if let Some(page) = programme["report"].as_str() {
            assert!(report.join(page).is_file(), "{page} is not there");
            assert!(report.join(page).with_file_name("report.pdf").is_file());
            let folder = page.strip_suffix("/index.html").unwrap();
            assert!(html.contains(&format!("href=\"{folder}/index.html\"")), "no link to {folder}");
        }
    }
    assert!(report.join("report.pdf").is_file() && report.join("report.docx").is_file());
    // Every source is listed with its number.
    for n in 1..=5 {
        assert!(html.contains(&format!("[{n}]")), "source {n} is not cited");
    }
}

/// A partner sending its results.json instead of its folder changes no pooled number.
#[test]
fn a_partners_results_pool_as_the_folder_they_were_built_from() {
    let tmp = tempfile::tempdir().unwrap();
    let with_folders = tmp.path().join("folders");
    copy(&example(), &with_folders);
    // The same portfolio, the NHS folder replaced by the results.json built from it.
    let with_results = tmp.path().join("results");
    copy(&example(), &with_results);
    let built = tmp.path().join("nhs-report");
    impact()
        .arg("build")
        .arg(example().join("programmes/nhs-wards-2024"))
        .args(["--format", "json", "--out"])
        .arg(&built)
        .assert()
        .success();
    fs::copy(built.join("results.json"), with_results.join("partners/nhs.json")).unwrap();
    let toml = fs::read_to_string(with_results.join("portfolio.toml")).unwrap();
    let toml = toml.replace("path = \"programmes/nhs-wards-2024\"", "results = \"partners/nhs.json\"");
    fs::write(with_results.join("portfolio.toml"), toml).unwrap();
    for dir in [&with_folders, &with_results] {
        impact().arg("build").arg(dir).args(["--format", "json"]).assert().success();
    }
    let a = results(&with_folders.join("report"));
    let b = results(&with_results.join("report"));
    assert_eq!(a["portfolio"]["programmes"][1]["kind"], "folder");
    assert_eq!(b["portfolio"]["programmes"][1]["kind"], "results");
    assert_eq!(a["portfolio"]["pooled"], b["portfolio"]["pooled"], "the pooled numbers differ");
    assert_eq!(a["portfolio"]["reach"], b["portfolio"]["reach"]);
}

/// A portfolio whose portfolio.toml is `toml`, with the example's folders and partner file.
fn portfolio_with(toml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy(&example(), tmp.path());
    fs::write(tmp.path().join("portfolio.toml"), toml).unwrap();
    tmp
}

const HEAD: &str = "[portfolio]\ntitle = \"T\"\n\n";

/// Build `dir`, expect failure with `message` on stderr and no report written.
fn fails_with(dir: &Path, message: &str) {
    let output = impact().arg("build").arg(dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(message), "expected '{message}' in:\n{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!dir.join("report").exists(), "a report was written");
}

#[test]
fn a_summary_outcome_needs_r_or_r_assumed() {
    let toml = format!(
        "{HEAD}[[programmes]]\nname = \"A\"\nsector = \"nhs\"\ncountry = \"UK\"\n[[programmes.outcomes]]\nmeasure = \
         \"scs-sf\"\nn = 20\npre_mean = 2.5\npre_sd = 0.6\npost_mean = 2.9\npost_sd = 0.6\n"
    );
    let dir = portfolio_with(&toml);
    fails_with(dir.path(), "portfolio.toml:8:1: the scs-sf outcome gives neither `r` nor `r_assumed`");
}

#[test]
fn a_results_file_must_be_impacts_json_of_a_known_version() {
    let entry =
        |file: &str| format!("{HEAD}[[programmes]]\nresults = \"{file}\"\nsector = \"schools\"\ncountry = \"PT\"\n");
    let dir = portfolio_with(&entry("partners/broken.json"));
    fs::write(dir.path().join("partners/broken.json"), "{\"tool\": {\"name\": \"impact\",\n \"version\": }").unwrap();
    fails_with(dir.path(), "error: partners/broken.json:2:13: the file is not JSON");

    let dir = portfolio_with(&entry("partners/other.json"));
    fs::write(dir.path().join("partners/other.json"), "{\"tool\": {\"name\": \"jasp\"}}").unwrap();
    fails_with(dir.path(), "partners/other.json: this is not a results.json written by impact: `tool.name`");

    let lisbon = fs::read_to_string(example().join("partners/lisbon.json")).unwrap();
    let mut newer: Value = serde_json::from_str(&lisbon).unwrap();
    newer["tool"]["version"] = "99.0.0".into();
    let dir = portfolio_with(&entry("partners/lisbon.json"));
    fs::write(dir.path().join("partners/lisbon.json"), newer.to_string()).unwrap();
    fails_with(dir.path(), "`tool.version` = \"99.0.0\": written by a version of impact this one");

    let mut edited: Value = serde_json::from_str(&lisbon).unwrap();
    edited["outcomes"][0]["n_pairs"] = "many".into();
    let dir = portfolio_with(&entry("partners/lisbon.json"));
    fs::write(dir.path().join("partners/lisbon.json"), edited.to_string()).unwrap();
    fails_with(dir.path(), "`outcomes.0.n_pairs` does not follow the results schema");
}

#[test]
fn a_path_outside_the_portfolio_folder_is_refused() {
    let toml = format!("{HEAD}[[programmes]]\npath = \"../elsewhere\"\nsector = \"nhs\"\ncountry = \"UK\"\n");
    let dir = portfolio_with(&toml);
    fails_with(dir.path(), "portfolio.toml:5:8: `path` = \"../elsewhere\" is outside the portfolio folder");
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        copy(&example().join("programmes/nhs-wards-2024"), outside.path());
        let toml = format!("{HEAD}[[programmes]]\npath = \"linked\"\nsector = \"nhs\"\ncountry = \"UK\"\n");
        let dir = portfolio_with(&toml);
        std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
        fails_with(dir.path(), "portfolio.toml:5:8: `path` = \"linked\" leads outside");
    }
}

#[test]
fn a_folder_with_both_settings_files_is_refused() {
    let dir = portfolio_with(&format!(
        "{HEAD}[[programmes]]\npath = \"programmes/nhs-wards-2024\"\nsector = \"nhs\"\ncountry = \"UK\"\n"
    ));
    fs::copy(example().join("programmes/nhs-wards-2024/programme.toml"), dir.path().join("programme.toml")).unwrap();
    fails_with(dir.path(), "this folder holds both programme.toml and portfolio.toml");
}

#[test]
fn a_programme_listed_twice_is_refused() {
    let entry = "[[programmes]]\npath = \"programmes/nhs-wards-2024\"\nsector = \"nhs\"\ncountry = \"UK\"\n";
    let again = entry.replace("\"programmes/nhs-wards-2024\"", "\"./programmes/nhs-wards-2024/\"");
    let dir = portfolio_with(&format!("{HEAD}{entry}\n{again}"));
    fails_with(
        dir.path(),
        "portfolio.toml:10:8: `path` = \"./programmes/nhs-wards-2024/\" is listed twice (first on line 5)",
    );

    let named = "[[programmes]]\nname = \"Ward nurses\"\nsector = \"nhs\"\ncountry = \"UK\"\npeople = 40\n";
    let dir = portfolio_with(&format!("{HEAD}{named}\n{named}"));
    fails_with(dir.path(), "portfolio.toml:11:8: programme 'Ward nurses' is listed twice (first on line 5)");
}

#[test]
fn a_problem_inside_a_programme_folder_names_its_file_from_the_portfolio() {
    let dir = portfolio_with(&format!(
        "{HEAD}[[programmes]]\npath = \"programmes/nhs-wards-2024\"\nsector = \"nhs\"\ncountry = \"UK\"\n"
    ));
    fs::write(dir.path().join("programmes/nhs-wards-2024/data/scores.csv"), "").unwrap();
    fails_with(dir.path(), "error: programmes/nhs-wards-2024/data/scores.csv: the file is empty");
}

#[test]
fn init_makes_a_portfolio_that_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("pack");
    impact().args(["init"]).arg(&dir).args(["--template", "portfolio"]).assert().success();
    assert!(dir.join("portfolio.toml").is_file() && dir.join("partners/lisbon.json").is_file());
    impact().arg("check").arg(&dir).assert().success();
    impact().arg("build").arg(&dir).args(["--format", "html,json"]).assert().success();
    assert!(dir.join("report/programmes/schools-2023/index.html").is_file());
}
