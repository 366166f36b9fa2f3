//! The user guide (book/) includes snippets of the example programmes by line range. These tests
//! keep the ranges true when an example changes: every included file exists, every range lies
//! inside its file, and the ranges that show a particular part of a file still start there.

use std::fs;
use std::path::{Path, PathBuf};

/// Every markdown file under `dir`.
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(markdown_files(&path));
        } else if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// One `{{#include path[:start[:end]]}}`: the file it names and the lines it takes.
struct Include {
    page: PathBuf,
    file: PathBuf,
    start: Option<usize>,
    end: Option<usize>,
}

fn includes() -> Vec<Include> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/src");
    let mut found = Vec::new();
    for page in markdown_files(&src) {
        let text = fs::read_to_string(&page).unwrap();
        for piece in text.split("{{#include ").skip(1) {
            let target = piece.split("}}").next().unwrap().trim();
            let mut parts = target.split(':');
            let file = page.parent().unwrap().join(parts.next().unwrap());
            let number = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(|s| s.parse::<usize>().unwrap());
            let (start, end) = (number(parts.next()), number(parts.next()));
            found.push(Include { page: page.clone(), file, start, end });
        }
    }
    found
}

#[test]
fn every_included_file_and_line_range_exists() {
    let all = includes();
    assert!(all.len() >= 10, "the guide includes snippets from examples/");
    for include in &all {
        let Ok(text) = fs::read_to_string(&include.file) else {
            panic!("{} includes {}, which does not exist", include.page.display(), include.file.display());
        };
        let lines = text.lines().count();
        for line in [include.start, include.end].into_iter().flatten() {
            assert!(
                (1..=lines).contains(&line),
                "{} includes line {line} of {}, which has {lines} lines",
                include.page.display(),
                include.file.display()
            );
        }
    }
}

#[test]
fn line_ranges_still_show_what_the_guide_says() {
    // (file, first line of the range, what that line must start with)
    let expected = [
        ("examples/workplace-wellbeing/programme.toml", 10, "[data]"),
        ("examples/cft-module/programme.toml", 25, "# The FSCS has no built-in scoring key"),
        ("examples/compassion-in-schools/data/participants.csv", 22, "T21,"),
    ];
    let all = includes();
    for (file, line, start) in expected {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        assert!(
            all.iter().any(|i| i.file.ends_with(file) && i.start == Some(line)),
            "the guide no longer includes {file} from line {line}; update this test"
        );
        let text = fs::read_to_string(&path).unwrap();
        let actual = text.lines().nth(line - 1).unwrap_or_default();
        assert!(actual.starts_with(start), "{file}:{line} is now {actual:?}; update the guide's line range");
    }
}
