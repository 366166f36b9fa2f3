//! The example reports in real headless Chromium: they load with no console errors and no failed
//! requests, and screenshots are written (target/screenshots/); axe-core finds no accessibility
//! violation at four widths with every chart's numbers opened, and no page scrolls sideways on a
//! phone. Without Chromium (or Node and axe-core for the audit) a test says so and passes, except
//! under CI, where it must run.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::{EXAMPLES, impact};

/// Every example's report, built once for the tests of this file (into target/tmp, where the
/// screenshots go too, so that nothing is left in the system's temporary folder).
fn reports() -> &'static Path {
    static REPORTS: OnceLock<PathBuf> = OnceLock::new();
    REPORTS.get_or_init(|| {
        let reports = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-reports");
        for example in EXAMPLES {
            let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example);
            impact().arg("build").arg(&dir).arg("--out").arg(reports.join(example)).assert().success();
        }
        reports
    })
}

/// Skip a test whose `tool` is missing, except under CI.
fn missing(tool: &str, install: &str) {
    assert!(std::env::var_os("CI").is_none(), "{tool} is required under CI ({install})");
    eprintln!("skipped: {tool} is not installed ({install})");
}

fn chromium() -> Option<PathBuf> {
    let candidates = ["chromium", "chromium-browser", "google-chrome"];
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| candidates.map(|c| dir.join(c))).find(|p| p.is_file())
}

/// Load `page` in headless Chromium, take a screenshot at `width`, and return what it logged.
fn load(browser: &Path, page: &Path, screenshot: &Path, width: u32) -> String {
    let profile = tempfile::tempdir().unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=1",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},2400"))
        .arg(format!("--screenshot={}", screenshot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(output.status.success(), "chromium failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Console messages, and requests for anything but the page itself, in Chromium's verbose log.
fn complaints<'a>(log: &'a str, page: &Path) -> Vec<&'a str> {
    let page_url = format!("file://{}", page.display());
    log.lines()
        .filter(|line| {
            let request = line.contains("URLLoader::Start:") && !line.trim_end().ends_with(&page_url);
            line.contains(":CONSOLE") || request
        })
        .collect()
}

#[test]
fn the_example_report_loads_cleanly_in_chromium() {
    let Some(browser) = chromium() else {
        return missing("Chromium", "apt-get install chromium");
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots");
    fs::create_dir_all(&shots).unwrap();
    let tmp = tempfile::tempdir().unwrap();

    // The check can fail: a page with a console error and a missing file is caught.
    let bad = tmp.path().join("bad.html");
    fs::write(&bad, "<!DOCTYPE html><title>x</title><img src=\"missing.png\"><script>console.error('boom')</script>")
        .unwrap();
    let log = load(&browser, &bad, &tmp.path().join("bad.png"), 400);
    assert!(complaints(&log, &bad).len() >= 2, "the control page's errors were not seen:\n{log}");

    for example in EXAMPLES {
        let page = reports().join(example).join("index.html");
        for (width, name) in [(1280, "desktop"), (390, "phone")] {
            let screenshot = shots.join(format!("{example}-{name}.png"));
            let log = load(&browser, &page, &screenshot, width);
            assert_eq!(complaints(&log, &page), Vec::<&str>::new(), "{example} at {width}px");
            assert!(fs::metadata(&screenshot).unwrap().len() > 10_000, "{} is empty", screenshot.display());
        }
    }
}

/// axe-core's script: `IMPACT_AXE_CORE`, or where .ci/run installs it
/// (`npm install --prefix target/axe axe-core@4`).
fn axe_core() -> Option<PathBuf> {
    let path = std::env::var_os("IMPACT_AXE_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/axe/node_modules/axe-core/axe.min.js"));
    path.is_file().then_some(path)
}

fn node() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join("node")).find(|p| p.is_file())
}

/// One page at one width, as tests/browser/axe.mjs reports it.
struct Audit {
    page: String,
    width: u64,
    inner_width: u64,
    scroll_width: u64,
    /// Elements sticking out of the viewport, outside any scrolling box.
    wide: Vec<String>,
    /// `rule (impact): help — first element`.
    violations: Vec<String>,
}

/// Audit `pages` with axe-core at `widths`: Node drives Chromium over the DevTools protocol
/// through a pipe (see tests/browser/axe.mjs).
fn audit(node: &Path, browser: &Path, axe: &Path, widths: &[u32], pages: &[PathBuf]) -> Vec<Audit> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/axe.mjs");
    let widths: Vec<String> = widths.iter().map(u32::to_string).collect();
    let output = Command::new(node)
        .arg(script)
        .arg(browser)
        .arg(axe)
        .arg(widths.join(","))
        .args(pages)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "the audit failed: {}", String::from_utf8_lossy(&output.stderr));
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the audit prints JSON");
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    results
        .as_array()
        .expect("an array of audits")
        .iter()
        .map(|r| Audit {
            page: text(&r["page"]),
            width: r["width"].as_u64().unwrap(),
            inner_width: r["innerWidth"].as_u64().unwrap(),
            scroll_width: r["scrollWidth"].as_u64().unwrap(),
            wide: r["wide"].as_array().unwrap().iter().map(text).collect(),
            violations: r["violations"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| {
                    let node = &v["nodes"][0];
                    format!(
                        "{} ({}): {} [{} element(s)] at {}: {}",
                        text(&v["id"]),
                        text(&v["impact"]),
                        text(&v["help"]),
                        v["nodes"].as_array().map_or(0, Vec::len),
                        text(&node["target"]),
                        text(&node["html"])
                    )
                })
                .collect(),
        })
        .collect()
}

#[test]
fn axe_finds_no_violation_and_no_page_scrolls_sideways() {
    let Some(browser) = chromium() else {
        return missing("Chromium", "apt-get install chromium");
    };
    let Some(node) = node() else {
        return missing("Node", "apt-get install nodejs npm");
    };
    let Some(axe) = axe_core() else {
        return missing("axe-core", "npm install --no-save --prefix target/axe axe-core@4");
    };
    let tmp = tempfile::tempdir().unwrap();

    // The checks can fail: a page with an unnamed image and a box wider than a phone.
    let bad = tmp.path().join("bad.html");
    fs::write(
        &bad,
        "<!DOCTYPE html><html lang=\"en\"><title>x</title><meta name=\"viewport\" \
         content=\"width=device-width\"><main><img src=\"data:,\"><div style=\"width: 600px\">wide</div></main>",
    )
    .unwrap();
    let control = audit(&node, &browser, &axe, &[390], std::slice::from_ref(&bad));
    assert!(control[0].violations.iter().any(|v| v.starts_with("image-alt")), "{:?}", control[0].violations);
    assert!(control[0].scroll_width > control[0].inner_width, "the control page does not scroll sideways");

    // Every example's report, and a site's page.
    let site_page = reports().join("workplace-rollout/sites/ashgrove-housing-association/index.html");
    let pages: Vec<PathBuf> =
        EXAMPLES.iter().map(|e| reports().join(e).join("index.html")).chain([site_page]).collect();
    let audits = audit(&node, &browser, &axe, &[1280, 640, 390, 320], &pages);
    assert_eq!(audits.len(), pages.len() * 4);
    let mut failures = Vec::new();
    for a in &audits {
        let page = a.page.strip_prefix(&*reports().to_string_lossy()).unwrap_or(&a.page);
        failures.extend(a.violations.iter().map(|v| format!("{page} at {} px: {v}", a.width)));
        if a.inner_width != a.width {
            failures.push(format!("{page} at {} px: the viewport is {} px", a.width, a.inner_width));
        }
        if a.scroll_width > a.inner_width {
            failures.push(format!(
                "{page} at {} px scrolls sideways to {} px: {}",
                a.width,
                a.scroll_width,
                a.wide.join(", ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Needs no browser: a figure ends with its caption (HTML allows a `<figcaption>` only first or
/// last), and the numbers behind each chart follow it, their summary naming the chart.
#[test]
fn charts_numbers_follow_their_figure_and_name_it() {
    for example in EXAMPLES {
        let html = fs::read_to_string(reports().join(example).join("index.html")).unwrap();
        let mut charts = 0;
        for figure in html.split("<figure").skip(1) {
            let inside = &figure[..figure.find("</figure>").expect("figures close")];
            assert!(!inside.contains("<details"), "{example}: details inside a figure");
            assert!(inside.trim_end().ends_with("</figcaption>"), "{example}: a figure does not end with its caption");
            let after = &figure[figure.find("</figure>").unwrap() + "</figure>".len()..];
            let Some(details) = after.trim_start().strip_prefix("<details class=\"chart-data\"><summary>") else {
                continue;
            };
            let summary = &details[..details.find("</summary>").unwrap()];
            let caption = details.split("<caption>").nth(1).and_then(|c| c.split("</caption>").next()).unwrap();
            assert_eq!(summary, format!("The numbers behind: {caption}"), "{example}");
            charts += 1;
        }
        assert!(charts > 0 || example == "therapist-interviews", "{example}: no chart has its numbers");
    }
}
