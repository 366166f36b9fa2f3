//! Helpers shared by the integration tests: small programme folders made on the fly.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// Every example programme in `examples/`, in alphabetical order.
pub const EXAMPLES: [&str; 6] = [
    "cft-module",
    "compassion-in-schools",
    "nhs-staff-wellbeing",
    "therapist-interviews",
    "workplace-rollout",
    "workplace-wellbeing",
];

/// The `impact` binary.
pub fn impact() -> Command {
    Command::cargo_bin("impact").expect("the binary is built")
}

/// The SCS-SF programme used by the tests, with the given scores CSV.
pub const PROGRAMME: &str = r#"[programme]
title = "Test programme"
template = "schools"

[data]
scores = "data/scores.csv"

[[measures]]
instrument = "scs-sf"
prefix = "scs_sf_"
"#;

/// A valid SCS-SF scores file: four people at pre and post.
pub fn valid_scores() -> String {
    let header = (1..=12).map(|i| format!("scs_sf_{i}")).collect::<Vec<_>>().join(",");
    let mut text = format!("participant_id,timepoint,{header}\n");
    let rows = [
        ("P1", "pre", "2,3,2,4,3,2,3,4,4,2,4,4"),
        ("P1", "post", "2,4,3,3,4,3,4,3,3,3,3,3"),
        ("P2", "pre", "3,2,3,3,2,3,2,3,3,3,3,4"),
        ("P2", "post", "2,3,3,2,3,4,3,2,2,4,2,3"),
        ("P3", "pre", "4,2,2,4,3,2,2,4,4,3,4,3"),
        ("P3", "post", "3,3,3,3,3,3,3,3,3,3,3,3"),
        ("P4", "pre", "3,3,3,3,3,2,3,3,4,3,3,3"),
        ("P4", "post", "2,4,4,2,4,4,4,2,2,4,2,2"),
    ];
    for (id, t, items) in rows {
        text.push_str(&format!("{id},{t},{items}\n"));
    }
    text
}

/// Write a programme folder with `programme` and `scores` into a fresh temporary folder.
pub fn programme(programme: &str, scores: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), programme).unwrap();
    fs::write(dir.join("data/scores.csv"), scores).unwrap();
    (tmp, dir)
}

/// Every regular file below `dir` with its bytes, sorted by path. Links below `dir` are not
/// followed and named pipes or devices are not read (hostile cases make them).
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Every file of a report folder as text: PDFs through `pdftotext` (poppler-utils), Word files
/// unzipped (see [`docx_text`]), the rest as they are.
pub fn report_texts(report: &Path) -> Vec<(PathBuf, String)> {
    snapshot(report)
        .into_iter()
        .map(|(path, bytes)| {
            let text = if path.extension().is_some_and(|e| e == "pdf") {
                let output = std::process::Command::new("pdftotext")
                    .args(["-enc", "UTF-8"])
                    .arg(report.join(&path))
                    .arg("-")
                    .output()
                    .expect("pdftotext runs (apt-get install poppler-utils)");
                assert!(output.status.success(), "pdftotext {}", path.display());
                String::from_utf8_lossy(&output.stdout).into_owned()
            } else if path.extension().is_some_and(|e| e == "docx") {
                docx_text(&bytes)
            } else {
                String::from_utf8_lossy(&bytes).into_owned()
            };
            (path, text)
        })
        .collect()
}

/// A Word file's words: each part's text with the markup taken out (runs joined, a line per
/// paragraph), then each part's XML as it is (attributes such as alt text), entities resolved.
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("report.docx is a zip");
    let tag = regex::Regex::new(r"<[^>]*>").unwrap();
    let (mut text, mut xml) = (String::new(), String::new());
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let mut content = String::new();
        if part.read_to_string(&mut content).is_ok() {
            text.push_str(&tag.replace_all(&content.replace("</w:p>", "\n"), ""));
            xml.push_str(&content);
        }
    }
    format!("{text}\n{xml}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// What must never reach a report of the programme in `dir`: every raw participant id in its CSV
/// files (those long enough to search for), every e-mail address and phone number in them, and
/// every name listed under `[privacy] redact`.
pub fn private_texts(dir: &Path) -> Vec<String> {
    let mut private = Vec::new();
    let config: toml::Table = fs::read_to_string(dir.join("programme.toml"))
        .ok()
        .and_then(|text| toml::from_str(&text).ok())
        .unwrap_or_default();
    let redact = config.get("privacy").and_then(|p| p.get("redact")).and_then(|r| r.as_array());
    private.extend(redact.into_iter().flatten().filter_map(|v| v.as_str()).map(String::from));
    let id_column = config
        .get("data")
        .and_then(|d| d.get("id_column"))
        .and_then(|c| c.as_str())
        .unwrap_or("participant_id")
        .to_string();
    for (path, bytes) in snapshot(&dir.join("data")) {
        let tables = match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => vec![csv_rows(&bytes)],
            Some("xlsx") => workbook_sheets(&dir.join("data").join(&path)),
            _ => continue,
        };
        for rows in &tables {
            let Some((header, records)) = rows.split_first() else { continue };
            let id_at = header.iter().position(|h| h.trim_start_matches('\u{feff}') == id_column);
            for record in records {
                if let Some(id) = id_at.and_then(|i| record.get(i)) {
                    // Short or numeric ids ("7", "P1") also occur as ordinary text; they are checked
                    // through fixtures whose ids are distinctive.
                    if id.len() >= 3 && id.chars().any(char::is_alphabetic) && id.chars().any(|c| c.is_ascii_digit()) {
                        private.push(id.to_string());
                    }
                }
                for cell in record {
                    private.extend(cell.split_whitespace().filter(|w| is_email(w)).map(String::from));
                    private.extend(phone_numbers(cell));
                }
            }
        }
    }
    private.sort();
    private.dedup();
    private
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    reader.records().flatten().map(|r| r.iter().map(String::from).collect()).collect()
}

fn workbook_sheets(path: &Path) -> Vec<Vec<Vec<String>>> {
    use calamine::Reader;
    let Ok(mut workbook) = calamine::open_workbook_auto(path) else { return Vec::new() };
    workbook
        .worksheets()
        .into_iter()
        .map(|(_, range)| range.rows().map(|row| row.iter().map(|cell| cell.to_string()).collect()).collect())
        .collect()
}

/// The phone numbers in `cell` as typed, found by the report's own pattern: a report must show
/// none of them (a check that every path from data to report goes through redaction).
fn phone_numbers(cell: &str) -> Vec<String> {
    let folded = impact::privacy::Folded::new(cell);
    impact::privacy::patterns::phones(&folded.text)
        .into_iter()
        .map(|range| cell[folded.original_range(range)].to_string())
        .collect()
}

fn is_email(word: &str) -> bool {
    word.split_once('@').is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'))
}
