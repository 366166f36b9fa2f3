//! Helpers shared by the integration tests: small programme folders made on the fly.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

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

/// Every file below `dir` with its bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}
