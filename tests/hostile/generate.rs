//! Files too big or too odd to keep in git, written by the catalogue's `generate` key: one arm
//! per generator.

use std::fs;
use std::path::Path;

use crate::qdpx_fixture;

/// Files too big or too odd to keep in git, written into the programme folder `dir`.
pub fn generate(generator: &str, dir: &Path) {
    let scores = dir.join("data/scores.csv");
    let base_scores = fs::read_to_string(&scores).unwrap_or_default();
    match generator {
        // A header of 10,000 columns nobody uses, and rows as wide.
        "ten_thousand_columns" => {
            let mut lines = base_scores.lines();
            let extra: String = (1..=10_000).map(|i| format!(",q{i}")).collect();
            let mut text = format!("{}{extra}\n", lines.next().unwrap());
            let blanks = ",".repeat(10_000);
            for line in lines {
                text.push_str(&format!("{line}{blanks}\n"));
            }
            fs::write(&scores, text).unwrap();
        }
        // One response cell of a megabyte.
        "megabyte_cell" => {
            let cell = "9".repeat(1 << 20);
            fs::write(&scores, base_scores.replacen("stf-1002,pre,3", &format!("stf-1002,pre,{cell}"), 1)).unwrap();
        }
        // One quote of a megabyte: kept, but shortened in the report.
        "megabyte_quote" => {
            let path = dir.join("data/excerpts.csv");
            let text = fs::read_to_string(&path).unwrap();
            let long = "I kept writing. ".repeat(1 << 16);
            fs::write(&path, text.replacen("The break room feels different now.", &long, 1)).unwrap();
        }
        // CRLF, LF and a lone CR (old Mac Excel) in one file.
        "mixed_line_endings" => {
            let ends = ["\r\n", "\n", "\r"];
            let text: String =
                base_scores.lines().enumerate().map(|(i, line)| format!("{line}{}", ends[i % 3])).collect();
            fs::write(&scores, text).unwrap();
        }
        // A workbook (a zip) saved under a .csv name.
        "spreadsheet_named_csv" => {
            fs::write(&scores, qdpx_fixture::zip(&[("xl/workbook.xml", b"<workbook/>".to_vec())])).unwrap();
        }
        // programme.toml with a Latin-1 byte in its title.
        "programme_not_utf8" => {
            let path = dir.join("programme.toml");
            let mut bytes = fs::read(&path).unwrap();
            let at = bytes.windows(5).position(|w| w == b"Staff").unwrap();
            bytes.insert(at, 0xE9);
            fs::write(path, bytes).unwrap();
        }
        // Every participant id an e-mail address, in every file.
        "email_ids" => {
            for file in ["scores.csv", "attendance.csv", "participants.csv", "excerpts.csv"] {
                let path = dir.join("data").join(file);
                let mut text = fs::read_to_string(&path).unwrap();
                for i in 1..=8 {
                    text = text.replace(&format!("stf-100{i}"), &format!("staff.member{i}@example.org"));
                }
                fs::write(path, text).unwrap();
            }
        }
        // NUL bytes inside a response.
        "nul_bytes" => {
            fs::write(&scores, base_scores.replacen("stf-1003,pre,2", "stf-1003,pre,\0\x002", 1)).unwrap();
        }
        // A byte that is not UTF-8 (Windows-1252 é) in a quote: read as Windows-1252, with a note.
        "invalid_utf8" => {
            let path = dir.join("data/excerpts.csv");
            let text = fs::read_to_string(&path).unwrap().replacen("feels different", "feels diff\u{1}rent", 1);
            let bytes: Vec<u8> = text.into_bytes().into_iter().map(|b| if b == 1 { 0xE9 } else { b }).collect();
            fs::write(&path, bytes).unwrap();
        }
        // A REFI-QDA archive cut off half way.
        "qdpx_truncated" => {
            let bytes = qdpx_fixture::qdpx(qdpx_fixture::SPEC);
            fs::write(dir.join("data/coding.qdpx"), &bytes[..bytes.len() / 2]).unwrap();
        }
        // A REFI-QDA archive whose sources point outside the archive.
        "qdpx_escaping_paths" => {
            let xml = qdpx_fixture::project_xml(qdpx_fixture::SPEC)
                .replace("plainTextPath=\"internal://", "plainTextPath=\"internal://../../../../../../etc/hostname#");
            let bytes = qdpx_fixture::zip(&[("project.qde", xml.into_bytes())]);
            fs::write(dir.join("data/coding.qdpx"), bytes).unwrap();
        }
        // A code tree 100,000 levels deep: folded into theme and subtheme, in linear time.
        "qdpx_deep_tree" => {
            let depth = 100_000;
            let nested: String = (0..depth).map(|i| format!("<Code guid=\"deep-{i}\" name=\"Level {i}\">")).collect();
            let xml = qdpx_fixture::project_xml(qdpx_fixture::SPEC).replacen(
                "<CodeBook><Codes>",
                &format!("<CodeBook><Codes>{nested}{}", "</Code>".repeat(depth)),
                1,
            );
            let bytes = qdpx_fixture::zip(&[("project.qde", xml.into_bytes())]);
            fs::write(dir.join("data/coding.qdpx"), bytes).unwrap();
        }
        // A REFI-QDA code named with a participant id and an e-mail address.
        "ids_in_qdpx_code_names" => {
            let xml = qdpx_fixture::project_xml(qdpx_fixture::SPEC).replacen(
                "name=\"Obstacles\"",
                "name=\"Obstacles for P1 (p1@example.org)\"",
                1,
            );
            let bytes = qdpx_fixture::zip(&[("project.qde", xml.into_bytes())]);
            fs::write(dir.join("data/coding.qdpx"), bytes).unwrap();
        }
        // A workbook whose sheet inflates to 300 MB from a few hundred kB: a zip bomb.
        "files_xlsx_bomb" => {
            let mut sheet = sheet_xml(&base_scores, "");
            let end = sheet.split_off(sheet.find("</sheetData>").unwrap());
            fs::write(dir.join("data/scores.xlsx"), workbook(&sheet, &end, 300 << 20)).unwrap();
        }
        // A workbook of the base scores with one stray entry at the last cell of a sheet.
        "files_xlsx_stray_cell" => {
            let stray = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
            let sheet = sheet_xml(&base_scores, stray);
            fs::write(dir.join("data/scores.xlsx"), workbook(&sheet, "", 0)).unwrap();
        }
        // An Excel 97 workbook with one cell moved to the last row and column a record can name:
        // laid out in full it would take 137 GB.
        "files_xls_stray_cell" => {
            let mut bytes = fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/formats/scores.xls")).unwrap();
            // The first LabelSst record (a text cell): its row and column.
            let at = bytes.windows(4).position(|w| w == [0xFD, 0x00, 0x0A, 0x00]).unwrap();
            bytes[at + 4..at + 8].copy_from_slice(&[0xFF; 4]);
            fs::write(dir.join("data/scores.xls"), bytes).unwrap();
        }
        // A workbook whose table of texts claims a trillion of them.
        "files_xlsx_shared_strings_count" => {
            let table = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1000000000000" uniqueCount="1000000000000"><si><t>x</t></si></sst>"#;
            let bytes = workbook_with(&sheet_xml(&base_scores, ""), "", 0, &[("xl/sharedStrings.xml", table)]);
            fs::write(dir.join("data/scores.xlsx"), bytes).unwrap();
        }
        // A narrative of 40 MB, and one just within the 250 kB allowed.
        "files_huge_narrative" => narrative(dir, 40_000_000),
        "files_narrative_at_its_cap" => narrative(dir, 245_000),
        // Ten thousand inconsistent statistics, the narrative just within its cap.
        "stat_narrative_many_results" => {
            fs::create_dir_all(dir.join("narrative")).unwrap();
            let line = "t(10) = 2.31, p = .40; ".repeat(10);
            fs::write(dir.join("narrative/programme.md"), format!("{line}\n").repeat(1000)).unwrap();
        }
        // A title of 250,000 characters.
        "values_long_title" => {
            let path = dir.join("programme.toml");
            let text = fs::read_to_string(&path).unwrap();
            let title = "Staff wellbeing pilot ".repeat(250_000 / 22 + 1);
            let title = &title[..250_000];
            fs::write(&path, text.replacen("Staff wellbeing pilot", title, 1)).unwrap();
        }
        // `timepoints` listing 1,000 (or 20, the most allowed) timepoints, pre and post first.
        "values_thousand_timepoints" | "values_twenty_timepoints" => {
            let count = if generator == "values_thousand_timepoints" { 1000 } else { 20 };
            let path = dir.join("programme.toml");
            let text = fs::read_to_string(&path).unwrap();
            let rest: String = (3..=count).map(|i| format!(", \"t{i}\"")).collect();
            let line = format!("[data]\ntimepoints = [\"pre\", \"post\"{rest}]\n");
            fs::write(&path, text.replacen("[data]\n", &line, 1)).unwrap();
        }
        // Every data file and programme.toml saved with CRLF line ends, as Excel on Windows does.
        "values_crlf" => {
            let mut paths = vec![dir.join("programme.toml")];
            for entry in fs::read_dir(dir.join("data")).unwrap() {
                paths.push(entry.unwrap().path());
            }
            for path in paths {
                let text = fs::read_to_string(&path).unwrap();
                fs::write(&path, text.replace("\r\n", "\n").replace('\n', "\r\n")).unwrap();
            }
        }
        // An instrument of 100 scales (pairs of the seven SWEMWBS items): 100 outcomes.
        "values_hundred_scales" => {
            let mut text = String::from(
                "id = \"many\"\nname = \"Many scales\"\nshort_name = \"MS\"\ncitation = \"Nobody (2000).\"\n\
                 items = 7\nmin = 1\nmax = 5\n",
            );
            for i in 0..100 {
                let (a, b) = (i % 7 + 1, (i + 1) % 7 + 1);
                text.push_str(&format!(
                    "\n[[scales]]\nid = \"s{i}\"\nlabel = \"Scale {i}\"\nitems = [{a}, {b}]\nscore = \"sum\"\nbetter = \"higher\"\nreliability = 0.8\n"
                ));
            }
            fs::create_dir_all(dir.join("instruments")).unwrap();
            fs::write(dir.join("instruments/many.toml"), text).unwrap();
        }
        // An instrument file whose broken line is 200 kB long.
        "files_instrument_long_line" => {
            fs::create_dir_all(dir.join("instruments")).unwrap();
            let text = format!("id = \"mine\"\nname = \"{}\n", "x".repeat(200_000));
            fs::write(dir.join("instruments/mine.toml"), text).unwrap();
        }
        // A build killed while writing: its staging folder is left beside the report.
        "killed_while_writing" => {
            let staging = dir.join(".report.partial-999999");
            fs::create_dir_all(staging.join("figures")).unwrap();
            fs::write(staging.join("index.html"), "<p>half a report</p>").unwrap();
        }
        // A build killed between setting the earlier report aside and moving the new one in: no
        // `report/`, only the earlier one under its hidden name.
        "killed_between_renames" => {
            fs::rename(dir.join("report"), dir.join(".report.old-999999")).unwrap();
        }
        other => panic!("no generator {other:?}"),
    }
}

/// The worksheet XML of a CSV text (each cell an inline string), `extra` rows after its own.
fn sheet_xml(csv: &str, extra: &str) -> String {
    let mut rows = String::new();
    for (r, line) in csv.lines().enumerate() {
        rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in line.split(',').enumerate() {
            let column = char::from(b'A' + c as u8);
            rows.push_str(&format!(r#"<c r="{column}{}" t="inlineStr"><is><t>{cell}</t></is></c>"#, r + 1));
        }
        rows.push_str("</row>");
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}{extra}</sheetData></worksheet>"#
    )
}

/// A one-sheet `.xlsx` whose sheet is `head`, then `padding` bytes of spaces (compressed at the
/// fastest level, so that a bomb is quick to make), then `tail`.
fn workbook(head: &str, tail: &str, padding: usize) -> Vec<u8> {
    workbook_with(head, tail, padding, &[])
}

/// [`workbook`] with `extra` parts.
fn workbook_with(head: &str, tail: &str, padding: usize, extra: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(padding > u32::MAX as usize);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Scores" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (name, body) in parts.iter().chain(extra) {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(head.as_bytes()).unwrap();
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..padding / spaces.len() {
        zip.write_all(&spaces).unwrap();
    }
    zip.write_all(tail.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

/// `narrative/programme.md` of about `bytes` bytes, in paragraphs.
fn narrative(dir: &Path, bytes: usize) {
    fs::create_dir_all(dir.join("narrative")).unwrap();
    let paragraph = "The programme ran in every team, and people came back for more. ".repeat(16);
    let text = format!("{paragraph}\n\n").repeat(bytes / (paragraph.len() + 2));
    fs::write(dir.join("narrative/programme.md"), text).unwrap();
}
