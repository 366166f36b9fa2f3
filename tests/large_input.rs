//! Large inputs: a big file with a few bad cells names every one of them, and the report does not
//! depend on how many threads build it.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::{PROGRAMME, impact};

/// People in the large scores file (two rows each: pre and post).
const PEOPLE: usize = 100_000;

#[test]
fn ten_bad_cells_in_a_large_file_are_each_named_by_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), PROGRAMME).unwrap();
    let header = (1..=12).map(|i| format!("scs_sf_{i}")).collect::<Vec<_>>().join(",");
    let mut text = format!("participant_id,timepoint,{header}\n");
    // (line, column) of the bad cells, spread from the first data row to the last.
    let rows = 2 * PEOPLE;
    let bad: Vec<(usize, usize)> = (0..10).map(|k| (2 + k * (rows - 1) / 9, 3 + (k * 5) % 12)).collect();
    for row in 0..rows {
        let line = row + 2;
        let timepoint = if row % 2 == 0 { "pre" } else { "post" };
        text.push_str(&format!("P{},{timepoint}", row / 2));
        for column in 3..15 {
            let value =
                if bad.contains(&(line, column)) { "x".to_string() } else { (1 + (row + column) % 5).to_string() };
            text.push(',');
            text.push_str(&value);
        }
        text.push('\n');
    }
    fs::write(dir.join("data/scores.csv"), text).unwrap();
    let output = impact().arg("check").arg(dir).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for (line, column) in &bad {
        let at = format!("data/scores.csv:{line}:{column}:");
        assert!(stderr.contains(&at), "expected {at} in:\n{stderr}");
    }
    assert_eq!(stderr.matches("error: data/scores.csv:").count(), 10, "{stderr}");
}

/// Every file under `dir`, by its path inside it, with its bytes.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                found.insert(name, fs::read(&path).unwrap());
            }
        }
    }
    found
}

/// Copy the example `name` into `to`, leaving out any report already built.
fn copy_example(name: &str, to: &Path) {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join(name);
    for (file, bytes) in files(&from) {
        if file.starts_with("report") {
            continue;
        }
        let target = to.join(&file);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(target, bytes).unwrap();
    }
}

#[test]
fn the_report_is_the_same_with_one_thread_and_with_two() {
    let tmp = tempfile::tempdir().unwrap();
    let reports: Vec<BTreeMap<String, Vec<u8>>> = ["1", "2"]
        .iter()
        .map(|threads| {
            let dir = tmp.path().join(format!("threads-{threads}"));
            copy_example("compassion-in-schools", &dir);
            let output = impact().env("RAYON_NUM_THREADS", threads).arg("build").arg(&dir).output().unwrap();
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            files(&dir.join("report"))
        })
        .collect();
    let (one, two) = (&reports[0], &reports[1]);
    assert!(one.contains_key("results.json"), "{:?}", one.keys());
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (file, bytes) in one {
        assert!(bytes == &two[file], "{file} differs between one thread and two");
    }
}
