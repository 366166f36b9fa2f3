//! The example report in real headless Chromium: it loads with no console errors and no failed
//! requests, and screenshots are written (target/screenshots/). Without Chromium the test says so
//! and passes, except under CI, where it must run.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::impact;

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
        assert!(std::env::var_os("CI").is_none(), "Chromium is required under CI (apt-get install chromium)");
        eprintln!("skipped: Chromium is not installed (apt-get install chromium)");
        return;
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

    for example in
        ["cft-module", "compassion-in-schools", "nhs-staff-wellbeing", "therapist-interviews", "workplace-wellbeing"]
    {
        let out = tmp.path().join(example);
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(example);
        impact().arg("build").arg(&dir).arg("--out").arg(&out).assert().success();
        for (width, name) in [(1280, "desktop"), (390, "phone")] {
            let screenshot = shots.join(format!("{example}-{name}.png"));
            let log = load(&browser, &out.join("index.html"), &screenshot, width);
            let page = out.join("index.html");
            assert_eq!(complaints(&log, &page), Vec::<&str>::new(), "{example} at {width}px");
            assert!(fs::metadata(&screenshot).unwrap().len() > 10_000, "{} is empty", screenshot.display());
        }
    }
}
