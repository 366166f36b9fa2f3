//! The `.qdpx` container: a zip holding the project XML (`project.qde`, `Project.qde` or
//! `<name>.qde`) and the source files (`sources/` or `Sources/`), read with bounded sizes so a
//! hostile archive cannot exhaust memory. A loose `.qde` XML file is accepted too.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use zip::ZipArchive;

use crate::files::{self, Kind};
use crate::problem::Problem;

/// The largest entry read from an archive (the project XML or one source text).
pub const MAX_ENTRY_BYTES: u64 = 256 * 1024 * 1024;
/// The most bytes read from one archive in all.
pub const MAX_TOTAL_BYTES: u64 = 512 * 1024 * 1024;

/// An opened project: its XML, and the archive for reading sources.
pub struct Container {
    /// The project XML as text.
    pub project: String,
    /// Why the XML text is not exactly as stored (not UTF-8), if so.
    pub decoding_note: Option<String>,
    archive: Option<ZipArchive<File>>,
    /// Lower-case file name → entry index, for every file in the archive.
    by_name: HashMap<String, usize>,
    /// Lower-case path (relative to the project's folder) → entry index.
    by_path: HashMap<String, usize>,
    /// Bytes read so far.
    read: u64,
}

impl Container {
    /// Open `path` (shown in messages as `file`).
    pub fn open(path: &Path, file: &str) -> Result<Container, Problem> {
        let not_readable = |e: std::io::Error| Problem::in_file(file, format!("cannot read the file: {e}"));
        let mut handle = files::open_at(path, file, Kind::Project)?;
        let mut magic = [0u8; 4];
        let got = handle.read(&mut magic).map_err(not_readable)?;
        handle.seek(SeekFrom::Start(0)).map_err(not_readable)?;
        if got >= 2 && magic[..2] == *b"PK" {
            return Self::open_zip(handle, file);
        }
        let bytes = read_bounded(handle, MAX_ENTRY_BYTES).map_err(|e| Problem::in_file(file, e))?;
        let (text, decoding_note) = decode_text(&bytes);
        if !text.trim_start().starts_with('<') {
            return Err(Problem::in_file(
                file,
                "the file is not a REFI-QDA project: it is neither a zip archive nor XML",
            )
            .help("export the project from your QDA program as a REFI-QDA project (.qdpx)"));
        }
        Ok(Container {
            project: text,
            decoding_note,
            archive: None,
            by_name: HashMap::new(),
            by_path: HashMap::new(),
            read: bytes.len() as u64,
        })
    }

    fn open_zip(handle: File, file: &str) -> Result<Container, Problem> {
        let archive = ZipArchive::new(handle).map_err(|e| {
            Problem::in_file(file, format!("the file is not a readable zip archive: {e}"))
                .help("a .qdpx file is a zip archive; export the project again from your QDA program")
        })?;
        let names: Vec<(usize, String)> = (0..archive.len())
            .filter_map(|i| archive.name_for_index(i).and_then(Result::ok).map(|n| (i, n.replace('\\', "/"))))
            .filter(|(_, n)| !n.ends_with('/'))
            .collect();
        // The project file: `project.qde` at the top, else any `.qde` at the top, else the
        // shallowest `.qde` anywhere (an archive made from a folder).
        let depth = |name: &str| name.matches('/').count();
        let project = names
            .iter()
            .filter(|(_, n)| n.to_lowercase().ends_with(".qde"))
            .min_by_key(|(_, n)| (depth(n), !n.to_lowercase().ends_with("project.qde"), n.clone()))
            .cloned();
        let Some((project_index, project_name)) = project else {
            return Err(Problem::in_file(file, "the archive has no project.qde")
                .help("a .qdpx holds project.qde and a sources folder; export the project again as REFI-QDA"));
        };
        let root = project_name.rfind('/').map_or(String::new(), |i| project_name[..=i].to_lowercase());
        let mut by_name = HashMap::new();
        let mut by_path = HashMap::new();
        for (i, name) in &names {
            let lower = name.to_lowercase();
            let base = lower.rsplit('/').next().unwrap_or(&lower).to_string();
            by_name.entry(base).or_insert(*i);
            if let Some(relative) = lower.strip_prefix(&root) {
                by_path.entry(relative.to_string()).or_insert(*i);
            }
        }
        let mut container = Container {
            project: String::new(),
            decoding_note: None,
            archive: Some(archive),
            by_name,
            by_path,
            read: 0,
        };
        let bytes =
            container.read_entry(project_index).map_err(|e| Problem::in_file(file, format!("{project_name}: {e}")))?;
        let (text, note) = decode_text(&bytes);
        container.project = text;
        container.decoding_note = note;
        Ok(container)
    }

    /// Whether the project came in an archive (and so may have source files).
    pub fn is_archive(&self) -> bool {
        self.archive.is_some()
    }

    /// The bytes of a source file named by a REFI-QDA path (`internal://x.txt`, or a bare name as
    /// qc writes), looked up case-insensitively in `sources/` and then anywhere in the archive.
    /// `Ok(None)` when the path points outside the archive or the file is not in it.
    pub fn source(&mut self, reference: &str) -> Result<Option<Vec<u8>>, String> {
        let lower = reference.trim().to_lowercase();
        if lower.starts_with("relative://") || lower.starts_with("absolute://") || lower.starts_with("file:") {
            return Ok(None);
        }
        let name = lower.strip_prefix("internal://").unwrap_or(&lower).trim_start_matches('/');
        let base = name.rsplit('/').next().unwrap_or(name);
        let index = self.by_path.get(&format!("sources/{name}")).or_else(|| self.by_name.get(base)).copied();
        match index {
            None => Ok(None),
            Some(index) => self.read_entry(index).map(Some),
        }
    }

    /// Read one entry, refusing entries larger than [`MAX_ENTRY_BYTES`] (whatever their header
    /// claims) and archives whose entries add up to more than [`MAX_TOTAL_BYTES`].
    fn read_entry(&mut self, index: usize) -> Result<Vec<u8>, String> {
        let Some(archive) = self.archive.as_mut() else {
            return Err("not an archive".into());
        };
        let entry = archive.by_index(index).map_err(|e| format!("cannot read the archive entry: {e}"))?;
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(format!(
                "the entry is {} MB uncompressed, more than the {} MB allowed",
                entry.size() / 1_000_000,
                MAX_ENTRY_BYTES / 1_000_000
            ));
        }
        let limit = MAX_ENTRY_BYTES.min(MAX_TOTAL_BYTES.saturating_sub(self.read));
        let bytes = read_bounded(entry, limit)?;
        self.read += bytes.len() as u64;
        Ok(bytes)
    }
}

/// Read at most `limit` bytes; more is an error.
fn read_bounded(reader: impl Read, limit: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the archive entry: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!("the content is larger than the {} MB allowed", limit / 1_000_000));
    }
    Ok(bytes)
}

/// Bytes as text: UTF-8 (a byte-order mark is kept for the caller to see), or UTF-16 with a
/// byte-order mark. Invalid UTF-8 is replaced, with a note saying so.
pub fn decode_text(bytes: &[u8]) -> (String, Option<String>) {
    let utf16 = |chunks: Vec<u16>| String::from_utf16_lossy(&chunks);
    match bytes {
        [0xFF, 0xFE, rest @ ..] => {
            let units = rest.chunks_exact(2).map(|p| u16::from_le_bytes([p[0], p[1]])).collect();
            (format!("\u{feff}{}", utf16(units)), None)
        }
        [0xFE, 0xFF, rest @ ..] => {
            let units = rest.chunks_exact(2).map(|p| u16::from_be_bytes([p[0], p[1]])).collect();
            (format!("\u{feff}{}", utf16(units)), None)
        }
        _ => match std::str::from_utf8(bytes) {
            Ok(text) => (text.to_string(), None),
            Err(_) => (
                String::from_utf8_lossy(bytes).into_owned(),
                Some("is not valid UTF-8; unreadable bytes were replaced".to_string()),
            ),
        },
    }
}
