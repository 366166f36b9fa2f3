//! REFI-QDA projects: a fixture written here imports to the same theme table as its CSV twin in
//! every vendor's counting convention; broken and hostile files are clear errors or warnings,
//! never panics; and every real export in ../shared/realdata/refi-qda imports, with quotes cut
//! where the vendor meant.

mod common;
mod qdpx_fixture;

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use common::impact;
use impact::input::coding::When;
use impact::input::qdpx::{Options, read_qdpx};
use qdpx_fixture::{self as fixture, Counting};

const HEADER: &str = "[programme]\ntitle = \"Coded themes\"\ntemplate = \"schools\"\n\n[data]\n";

/// A programme folder holding `files` under `data/`, with `data` lines under [data].
fn programme(files: &[(&str, &[u8])], data: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("programme");
    fs::create_dir_all(dir.join("data")).unwrap();
    fs::write(dir.join("programme.toml"), format!("{HEADER}{data}")).unwrap();
    for (name, bytes) in files {
        fs::write(dir.join("data").join(name), bytes).unwrap();
    }
    (tmp, dir)
}

/// The theme table and quotes of a programme: one line per row.
fn theme_table(dir: &Path) -> Vec<String> {
    let analysed = impact::pipeline::analyse(dir).unwrap_or_else(|p| panic!("{p}"));
    analysed
        .results
        .themes
        .iter()
        .map(|r| {
            let quotes: Vec<String> = r.quotes.iter().map(|q| format!("{} ({})", q.text, q.attribution)).collect();
            format!(
                "{} {} / {:?}: {:?} people, {} excerpts, {:?}, weeks {:?}, {:?}, quotes {quotes:?}",
                r.number, r.theme, r.subtheme, r.participants, r.excerpts, r.by_source, r.weeks, r.description
            )
        })
        .collect()
}

fn csv_twin() -> Vec<String> {
    let (_tmp, dir) = programme(
        &[("codebook.csv", fixture::CODEBOOK_CSV.as_bytes()), ("excerpts.csv", fixture::EXCERPTS_CSV.as_bytes())],
        "codebook = \"data/codebook.csv\"\nexcerpts = \"data/excerpts.csv\"\n",
    );
    theme_table(&dir)
}

fn qdpx_table(counting: Counting) -> Vec<String> {
    let (_tmp, dir) = programme(&[("coding.qdpx", &fixture::qdpx(counting))], "qdpx = \"data/coding.qdpx\"\n");
    theme_table(&dir)
}

#[test]
fn the_fixture_imports_to_the_same_theme_table_as_its_csv_twin() {
    let twin = csv_twin();
    assert_eq!(twin.len(), 5, "two themes, three subthemes: {twin:#?}");
    assert!(twin[1].contains("Breathing") && twin[1].contains("Some(2) people, 3 excerpts"), "{twin:#?}");
    assert_eq!(qdpx_table(fixture::SPEC), twin);
}

#[test]
fn every_vendor_counting_gives_the_same_quotes() {
    let twin = csv_twin();
    let vendors = [
        Counting { utf16: true, crlf_as_one: false, origin: "NVivo for Windows 12.6" },
        Counting { utf16: false, crlf_as_one: true, origin: "ATLAS.ti for Windows 23.2.3.27778" },
        // The counting is recognised from the text even when the origin says nothing of it.
        Counting { utf16: true, crlf_as_one: false, origin: "MAXQDA 2022" },
    ];
    for counting in vendors {
        assert_eq!(qdpx_table(counting), twin, "{counting:?}");
    }
}

fn read(bytes: &[u8]) -> Result<impact::input::coding::Coding, impact::problem::Problems> {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("coding.qdpx");
    fs::write(&path, bytes).unwrap();
    read_qdpx(&path, "data/coding.qdpx", &Options { id_variable: "participant_id".into() })
}

#[test]
fn participants_sources_and_weeks_follow_the_mapping() {
    let coding = read(&fixture::qdpx(fixture::SPEC)).unwrap();
    let seen: BTreeSet<(String, String, Option<When>)> =
        coding.excerpts.iter().map(|e| (e.participant.to_string(), e.source.to_string(), e.when)).collect();
    let expected: BTreeSet<(String, String, Option<When>)> = [
        ("P1".to_string(), "diary".to_string(), Some(When::Week(2))),
        ("P2".to_string(), "focus group".to_string(), None),
    ]
    .into_iter()
    .collect();
    assert_eq!(seen, expected);
    // The stretch coded twice is one segment with two codes.
    let twice: Vec<_> =
        coding.excerpts.iter().filter(|e| e.quote.as_deref() == Some("My inner critic was quieter")).collect();
    assert_eq!(twice.len(), 2);
    assert_eq!(twice[0].segment, twice[1].segment);
    assert!(coding.warnings.is_empty(), "{:?}", coding.warnings);
    let positions = coding.positions.unwrap();
    assert!(positions.convention.starts_with("Unicode code points"), "{positions:?}");
}

#[test]
fn selections_past_the_end_and_uncoded_ones_are_dropped_with_warnings() {
    let xml = fixture::project_xml(fixture::SPEC);
    let (start, end) = fixture::span(fixture::FOCUS_GROUP, "breathing helps", fixture::SPEC);
    let broken = xml
        .replace(
            &format!("startPosition=\"{start}\" endPosition=\"{end}\""),
            "startPosition=\"70\" endPosition=\"9999\"",
        )
        .replace("<Coding guid=\"d2-c0\"><CodeRef targetGUID=\"6F1D3C2A-0000-4000-8000-000000000003\"/></Coding>", "");
    assert_ne!(broken, xml);
    let coding = read(&fixture::zip(&[("project.qde", broken.into_bytes())])).unwrap();
    let warnings = coding.warnings.join("\n");
    assert!(warnings.contains("1 selection points past the end of the source text: dropped"), "{warnings}");
    assert!(warnings.contains("1 selection has no coding"), "{warnings}");
    // The diary's text is not in this archive: its selections count but are not quoted.
    assert!(warnings.contains("2 coded selections are in sources whose text is not in the file"), "{warnings}");
    assert!(!coding.excerpts.iter().any(|e| e.quote.as_deref() == Some("breathing helps")));
    // No warning names a participant.
    assert!(!warnings.contains("P1") && !warnings.contains("P2"), "{warnings}");
}

#[test]
fn an_exemplar_code_flags_its_stretch_instead_of_being_a_theme() {
    // NVivo style: the flag is a separate selection of the same range, coded only "Exemplar".
    let xml = fixture::project_xml(fixture::SPEC);
    let (start, end) = fixture::span(fixture::DIARY, "My inner critic was quieter", fixture::SPEC);
    let flag = format!(
        "<PlainTextSelection guid=\"d9\" startPosition=\"{start}\" endPosition=\"{end}\"><Coding guid=\"d9-c\">\
         <CodeRef targetGUID=\"e0000000-0000-4000-8000-00000000000e\"/></Coding></PlainTextSelection>"
    );
    let flagged = xml
        .replace(
            "</Codes>",
            "<Code guid=\"e0000000-0000-4000-8000-00000000000e\" name=\"Exemplar\" isCodable=\"true\"/></Codes>",
        )
        .replacen("</TextSource>", &format!("{flag}</TextSource>"), 1);
    let diary = format!("\u{feff}{}", fixture::DIARY);
    let bytes = fixture::zip(&[
        ("project.qde", flagged.into_bytes()),
        ("Sources/A0000000-0000-4000-8000-00000000000A.TXT", diary.into_bytes()),
    ]);
    let coding = read(&bytes).unwrap();
    assert_eq!(coding.codebook.len(), 6, "the exemplar code is no theme");
    let flagged: Vec<_> = coding.excerpts.iter().filter(|e| e.exemplar).map(|e| e.quote.clone().unwrap()).collect();
    assert_eq!(flagged, ["My inner critic was quieter", "My inner critic was quieter"], "both codings of the stretch");
}

/// `impact check` on a programme whose qdpx holds `bytes`: the exit code and stderr.
fn check(bytes: &[u8]) -> (Option<i32>, String) {
    let (_tmp, dir) = programme(&[("coding.qdpx", bytes)], "qdpx = \"data/coding.qdpx\"\n");
    let output = impact().arg("check").arg(&dir).output().unwrap();
    (output.status.code(), String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn a_file_that_is_not_a_project_is_a_clear_error() {
    let cases: [(&str, Vec<u8>); 5] = [
        ("neither a zip archive nor XML", b"hello, I am a text file".to_vec()),
        ("not a readable zip archive", b"PK\x03\x04 and then nonsense".to_vec()),
        ("the archive has no project.qde", fixture::zip(&[("sources/a.txt", b"text".to_vec())])),
        ("not a REFI-QDA project", fixture::zip(&[("project.qde", b"<html><body/></html>".to_vec())])),
        ("not a REFI-QDA project", b"<?xml version=\"1.0\"?><Nonsense".to_vec()),
    ];
    for (expected, bytes) in cases {
        let (code, stderr) = check(&bytes);
        assert_eq!(code, Some(1), "{stderr}");
        assert!(stderr.contains("error: data/coding.qdpx: ") && stderr.contains(expected), "{expected}: {stderr}");
    }
    // A cut-off archive is an error too.
    let whole = fixture::qdpx(fixture::SPEC);
    let (code, stderr) = check(&whole[..whole.len() / 2]);
    assert_eq!(code, Some(1), "{stderr}");
}

#[test]
fn xml_that_breaks_halfway_keeps_what_came_before() {
    let xml = fixture::project_xml(fixture::SPEC);
    let cut = xml.find("<Cases>").unwrap();
    let broken = format!("{}<Cases><Case guid=\"x\" name=\"<<<", &xml[..cut]);
    let coding = read(&fixture::zip(&[("Project.qde", broken.into_bytes())])).unwrap();
    assert_eq!(coding.codebook.len(), 6);
    assert!(coding.warnings.iter().any(|w| w.contains("not well-formed")), "{:?}", coding.warnings);
}

#[test]
fn an_oversized_entry_is_refused_without_reading_it() {
    // 257 MiB of zeros compress to a few hundred kilobytes: a zip bomb in miniature.
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    writer.start_file("project.qde", options).unwrap();
    let block = vec![0u8; 1 << 20];
    for _ in 0..257 {
        std::io::Write::write_all(&mut writer, &block).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    let problems = read(&bytes).unwrap_err().to_string();
    assert!(problems.contains("MB allowed"), "{problems}");
}

fn realdata() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realdata/refi-qda");
    if root.is_dir() {
        Some(root)
    } else {
        assert!(
            std::env::var_os("CI").is_none(),
            "the REFI-QDA exports are required under CI: {} is not here",
            root.display()
        );
        eprintln!("skipped: {} is not here", root.display());
        None
    }
}

fn read_real(path: &Path) -> impact::input::coding::Coding {
    read_qdpx(path, &path.display().to_string(), &Options { id_variable: "participant_id".into() })
        .unwrap_or_else(|p| panic!("{}: {p}", path.display()))
}

fn copy_folder(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() { copy_folder(&path, &target) } else { fs::copy(&path, target).map(|_| ()).unwrap() }
    }
}

#[test]
fn every_real_export_imports_and_builds_a_report() {
    let Some(root) = realdata() else { return };
    let mut files: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap()
        .flat_map(|folder| fs::read_dir(folder.unwrap().path()).into_iter().flatten())
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "qdpx" || e == "qde"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 10, "{files:#?}");
    for path in &files {
        let coding = read_real(path);
        // The whole report builds too (a qualitative-only programme pointing at the file).
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("programme");
        fs::create_dir_all(&dir).unwrap();
        // Paths stay inside the programme folder, and links out of it are refused: the export's
        // folder is copied in (a .qde finds its sources beside it).
        copy_folder(path.parent().unwrap(), &dir.join("export"));
        let linked = format!("export/{}", path.file_name().unwrap().to_string_lossy());
        fs::write(dir.join("programme.toml"), format!("{HEADER}qdpx = {linked:?}\n")).unwrap();
        let output = impact().arg("build").arg(&dir).args(["--format", "html,json"]).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}: {}", path.display(), String::from_utf8_lossy(&output.stderr));
        let name = path.file_name().unwrap().to_string_lossy();
        let codes = match name.as_ref() {
            "oltas.qdpx" => 60,
            "oltas0517.qdpx" | "OltasSzkepticizmus_17June.qdpx" => 152,
            "nvivo_project.qdpx" | "demo.qdpx" => 262,
            "Project.qde" | "TestProject.qdpx" | "standard-layout.qdpx" => 14,
            "blank-atlas-project.qdpx" => 0,
            "target-atlas-project.qdpx" => 3,
            other => panic!("unexpected file {other}"),
        };
        assert_eq!(coding.codebook.len(), codes, "{name}");
    }
}

/// Whitespace runs as single spaces.
fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The plain texts of an archive's sources, BOM removed.
fn source_texts(path: &Path) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> =
        archive.file_names().filter_map(Result::ok).map(String::from).filter(|n| n.ends_with(".txt")).collect();
    names
        .iter()
        .map(|name| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            text.trim_start_matches('\u{feff}').to_string()
        })
        .collect()
}

/// Of the quotes found after the first emoji of a text, how many, and the share that start and
/// end between words.
fn cuts_after_first_emoji(quotes: &[String], text: &str) -> (usize, f64) {
    let text = squash(text);
    let Some(emoji) = text.char_indices().find(|(_, c)| c.len_utf16() == 2).map(|(i, _)| i) else {
        return (0, 0.0);
    };
    let between = |i: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i..].chars().next();
        !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
    };
    let (mut found, mut clean) = (0, 0);
    for quote in quotes.iter().filter(|q| q.chars().count() > 3) {
        let starts: Vec<usize> = text.match_indices(quote.as_str()).map(|(i, _)| i).filter(|&i| i > emoji).collect();
        if starts.is_empty() {
            continue;
        }
        found += 1;
        clean += usize::from(starts.iter().any(|&i| between(i) && between(i + quote.len())));
    }
    (found, clean as f64 / found.max(1) as f64)
}

#[test]
fn nvivo_positions_are_utf16_units_so_cuts_after_an_emoji_fall_between_words() {
    let Some(root) = realdata() else { return };
    for file in ["nvivo-win12-oltas/oltas.qdpx", "nvivo-mac12-oltas17june/OltasSzkepticizmus_17June.qdpx"] {
        let path = root.join(file);
        let coding = read_real(&path);
        let positions = coding.positions.clone().unwrap();
        assert!(positions.convention.starts_with("UTF-16 code units"), "{file}: {positions:?}");
        assert!(positions.between_words > 0.97, "{file}: {positions:?}");
        let quotes: Vec<String> = coding.excerpts.iter().filter_map(|e| e.quote.clone()).collect();
        let texts = source_texts(&path);
        let (found, share) =
            texts.iter().map(|t| cuts_after_first_emoji(&quotes, t)).max_by_key(|(found, _)| *found).unwrap();
        assert!(found > 50, "{file}: only {found} quotes after the first emoji");
        assert!(share > 0.95, "{file}: {share}");
    }
}

#[test]
fn the_windows_and_mac_exports_of_one_project_cut_the_same_quotes() {
    let Some(root) = realdata() else { return };
    // Windows: BOM and CRLF, CRs counted; Mac: LF only. Same human selections, a day apart.
    let windows = read_real(&root.join("nvivo-win12-oltas0517/oltas0517.qdpx"));
    let mac = read_real(&root.join("nvivo-mac12-oltas17june/OltasSzkepticizmus_17June.qdpx"));
    let set = |c: &impact::input::coding::Coding| -> BTreeSet<String> {
        c.excerpts.iter().filter_map(|e| e.quote.clone()).collect()
    };
    let (windows, mac) = (set(&windows), set(&mac));
    let shared = mac.intersection(&windows).count();
    assert!(shared as f64 > 0.9 * mac.len() as f64, "{shared} of {} quotes agree", mac.len());
}

#[test]
fn qc_selections_are_whole_lines() {
    let Some(root) = realdata() else { return };
    let path = root.join("qc-demo/demo.qdpx");
    let coding = read_real(&path);
    assert!(coding.origin.starts_with("qc"), "{}", coding.origin);
    let lines: Vec<String> =
        source_texts(&path).iter().flat_map(|t| t.lines().map(squash).collect::<Vec<_>>()).collect();
    let quotes: Vec<&String> = coding.excerpts.iter().filter_map(|e| e.quote.as_ref()).collect();
    assert!(!quotes.is_empty());
    for quote in quotes {
        assert!(lines.iter().any(|l| !l.is_empty() && quote.starts_with(l.as_str())), "{quote:?} starts mid-line");
    }
}

#[test]
fn atlas_quotations_without_source_texts_are_counted_and_quoted_from_their_names() {
    let Some(root) = realdata() else { return };
    let coding = read_real(&root.join("atlasti-mac8-standard-project/TestProject.qdpx"));
    assert!(coding.origin.starts_with("ATLAS.ti 8"), "{}", coding.origin);
    assert!(coding.codebook.iter().any(|e| e.theme == "Coke" && e.subtheme.as_deref() == Some("diet Coke")));
    let quotes: Vec<&str> = coding.excerpts.iter().filter_map(|e| e.quote.as_deref()).collect();
    assert!(quotes.contains(&"granola"), "{quotes:?}");
    assert!(coding.excerpts.iter().any(|e| e.quote.is_none()), "a quotation whose name is cut is counted, not quoted");
    assert!(coding.warnings.iter().any(|w| w.contains("no coding")), "{:?}", coding.warnings);
}
