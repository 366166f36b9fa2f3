//! Every read of a programme's own files goes through here, so that nothing outside the
//! programme folder gets in and nothing can grow without end.
//!
//! A path is taken relative to the programme folder and resolved after following links; a file
//! that then lies outside the folder (a link to `/etc/passwd`, a `data/` folder linked
//! elsewhere) is refused. Only regular files are read: a named pipe would hang a build, a device
//! such as `/dev/zero` never ends, so each is refused with its own message rather than read. And
//! each kind of file is read up to a size cap ([`Kind::cap`]), checked before reading and again
//! while reading, so a file that grows meanwhile cannot exhaust memory. A refused file's contents
//! never reach a message.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Component, Path, PathBuf};

use crate::problem::Problem;

/// What a file is for, which sets how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `programme.toml`, an instrument file or a template's `template.toml`.
    Settings,
    /// A template's layout, style sheet or section file, or a `templates/` override.
    Template,
    /// A markdown file of `narrative/`.
    Narrative,
    /// A delimited-text data file (CSV, TSV).
    Table,
    /// A spreadsheet, as stored (compressed); what it inflates to is capped in its reader.
    Workbook,
    /// A REFI-QDA project, as stored; its entries are capped in its reader.
    Project,
    /// A results.json that impact wrote elsewhere, read into a portfolio.
    Results,
}

impl Kind {
    /// The most bytes a file of this kind may hold.
    pub const fn cap(self) -> u64 {
        match self {
            Kind::Settings | Kind::Template => 1_000_000,
            // About 40,000 words: far more than a report's narrative, and what the PDF stage
            // typesets quickly.
            Kind::Narrative => 250_000,
            Kind::Table | Kind::Project => 256_000_000,
            Kind::Workbook => 128_000_000,
            // A programme with hundreds of sites writes a few megabytes.
            Kind::Results => 64_000_000,
        }
    }

    /// The kind in words, for messages: "a data file".
    pub const fn name(self) -> &'static str {
        match self {
            Kind::Settings => "a settings file",
            Kind::Template => "a template file",
            Kind::Narrative => "a narrative file",
            Kind::Table => "a data file",
            Kind::Workbook => "a spreadsheet",
            Kind::Project => "a REFI-QDA project",
            Kind::Results => "a results file",
        }
    }
}

/// Why a file was not read.
#[derive(Debug)]
pub enum Refusal {
    /// Nothing is there.
    Missing,
    /// A link whose target does not exist.
    Dangling,
    /// The path leads outside the programme folder, through a link or `..`.
    Outside,
    /// Something other than a regular file: "a folder", "a named pipe", "a device", "a socket".
    NotAFile(&'static str),
    /// Larger than its kind allows.
    TooLarge(Kind),
    /// Not a folder, where a folder is needed.
    NotAFolder,
    /// Not UTF-8 text, where text is needed.
    NotText,
    /// The system could not read it.
    Unreadable(io::Error),
}

impl fmt::Display for Refusal {
    /// What is wrong, as the end of a sentence about the file: "is a named pipe, not a file".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Missing => write!(f, "does not exist"),
            Refusal::Dangling => write!(f, "is a link to a file that does not exist"),
            Refusal::Outside => write!(f, "leads outside the programme folder (through a link or `..`)"),
            Refusal::NotAFile(what) => write!(f, "is {what}, not a file"),
            Refusal::TooLarge(kind) => write!(f, "is larger than the {} allowed for {}", size(kind.cap()), kind.name()),
            Refusal::NotAFolder => write!(f, "is not a folder"),
            Refusal::NotText => write!(f, "is not UTF-8 text"),
            Refusal::Unreadable(error) => write!(f, "cannot be read: {error}"),
        }
    }
}

impl Refusal {
    /// A likely fix.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            Refusal::Missing => Some("paths are relative to the programme folder"),
            Refusal::Dangling | Refusal::Outside => Some(
                "only files inside the programme folder are read: copy the file into the folder instead of linking to it",
            ),
            Refusal::NotAFile(_) => Some("name a regular file saved inside the programme folder"),
            Refusal::NotAFolder => Some("name a folder inside the programme folder"),
            Refusal::TooLarge(Kind::Narrative) => {
                Some("shorten the narrative, or split it over several files of narrative/")
            }
            Refusal::TooLarge(Kind::Settings | Kind::Template) => {
                Some("this file is much larger than any real one: check it is the file you meant")
            }
            Refusal::TooLarge(_) => Some("check it is the file you meant, or split the data over smaller files"),
            Refusal::NotText => Some("save the file as UTF-8 (in most editors: Save with encoding › UTF-8)"),
            Refusal::Unreadable(_) => None,
        }
    }

    /// The refusal as a problem with `file` (its path as shown to the user).
    pub fn problem(&self, file: &str) -> Problem {
        let problem = Problem::in_file(file, format!("the file {self}"));
        match self.help() {
            Some(help) => problem.help(help),
            None => problem,
        }
    }
}

impl From<io::Error> for Refusal {
    fn from(error: io::Error) -> Refusal {
        match error.kind() {
            io::ErrorKind::NotFound => Refusal::Missing,
            _ => Refusal::Unreadable(error),
        }
    }
}

/// A size in words: `1 MB`, `250 kB`.
pub fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 { format!("{} MB", bytes / 1_000_000) } else { format!("{} kB", bytes / 1_000) }
}

/// A programme folder, resolved, whose files may be read.
#[derive(Debug, Clone)]
pub struct Folder {
    root: PathBuf,
}

impl Folder {
    /// The folder at `root`, after following links.
    pub fn open(root: &Path) -> io::Result<Folder> {
        Ok(Folder { root: fs::canonicalize(root)? })
    }

    /// The folder's own path, links followed.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether anything is at `relative` (a file, a folder, a pipe, even a broken link), without
    /// following a link there: to tell a file that is absent from one that is refused.
    pub fn has(&self, relative: &str) -> bool {
        fs::symlink_metadata(self.root.join(relative)).is_ok()
    }

    /// The path of the regular file at `relative`, links followed, if it is inside the folder
    /// and within `kind`'s size.
    pub fn resolve(&self, relative: &str, kind: Kind) -> Result<PathBuf, Refusal> {
        let path = self.inside(relative)?;
        let meta = fs::metadata(&path)?;
        if let Some(what) = not_a_file(&meta.file_type()) {
            return Err(Refusal::NotAFile(what));
        }
        if meta.len() > kind.cap() {
            return Err(Refusal::TooLarge(kind));
        }
        Ok(path)
    }

    /// The folder at `relative`, links followed, if it is inside the programme folder.
    pub fn resolve_folder(&self, relative: &str) -> Result<PathBuf, Refusal> {
        let path = self.inside(relative)?;
        if fs::metadata(&path)?.is_dir() { Ok(path) } else { Err(Refusal::NotAFolder) }
    }

    /// The names of the entries of the folder at `relative`, sorted; an absent folder has none.
    pub fn list(&self, relative: &str) -> Result<Vec<String>, Refusal> {
        if !self.has(relative) {
            return Ok(Vec::new());
        }
        let folder = self.resolve_folder(relative)?;
        let mut names: Vec<String> = fs::read_dir(folder)?
            .filter_map(|entry| entry.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect();
        names.sort();
        Ok(names)
    }

    /// The bytes of the file at `relative`.
    pub fn read(&self, relative: &str, kind: Kind) -> Result<Vec<u8>, Refusal> {
        read_capped(&self.resolve(relative, kind)?, kind)
    }

    /// The text of the file at `relative`, which must be UTF-8.
    pub fn read_text(&self, relative: &str, kind: Kind) -> Result<String, Refusal> {
        String::from_utf8(self.read(relative, kind)?).map_err(|_| Refusal::NotText)
    }

    /// The file at `relative`, opened for reading (for readers that seek, such as zip archives).
    pub fn open_file(&self, relative: &str, kind: Kind) -> Result<File, Refusal> {
        let file = open_regular(&self.resolve(relative, kind)?)?;
        if file.metadata()?.len() > kind.cap() {
            return Err(Refusal::TooLarge(kind));
        }
        Ok(file)
    }

    /// `relative` resolved, links followed; refused unless it stays inside the folder.
    fn inside(&self, relative: &str) -> Result<PathBuf, Refusal> {
        let joined = self.root.join(relative);
        let linked = fs::symlink_metadata(&joined)?.file_type().is_symlink();
        let path = fs::canonicalize(&joined).map_err(|e| match Refusal::from(e) {
            Refusal::Missing if linked => Refusal::Dangling,
            other => other,
        })?;
        if path.starts_with(&self.root) { Ok(path) } else { Err(Refusal::Outside) }
    }
}

/// For a reader given `path`, which the configuration makes as the programme folder joined with
/// `file`: that folder, and `file` within it. A `path` that does not end in `file` (a reader
/// used on its own) is taken within its own folder.
pub fn split(path: &Path, file: &str) -> Option<(Folder, String)> {
    let relative: PathBuf = Path::new(file).components().filter(|c| !matches!(c, Component::CurDir)).collect();
    let (root, relative) = if relative.is_relative() && !relative.as_os_str().is_empty() && path.ends_with(&relative) {
        let mut root = path.to_path_buf();
        for _ in relative.components() {
            root.pop();
        }
        (root, relative.to_string_lossy().into_owned())
    } else {
        (path.parent()?.to_path_buf(), path.file_name()?.to_string_lossy().into_owned())
    };
    let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
    Folder::open(&root).ok().map(|folder| (folder, relative))
}

/// The bytes of `file` (shown in messages) at `path`, which is `file` inside the programme
/// folder: the folder's guard for readers handed a path.
pub fn read_at(path: &Path, file: &str, kind: Kind) -> Result<Vec<u8>, Problem> {
    let (folder, relative) = split(path, file).ok_or_else(|| Refusal::Missing.problem(file))?;
    folder.read(&relative, kind).map_err(|refusal| refusal.problem(file))
}

/// [`read_at`], opened for seeking instead of read.
pub fn open_at(path: &Path, file: &str, kind: Kind) -> Result<File, Problem> {
    let (folder, relative) = split(path, file).ok_or_else(|| Refusal::Missing.problem(file))?;
    folder.open_file(&relative, kind).map_err(|refusal| refusal.problem(file))
}

/// What a file type is if not a regular file.
fn not_a_file(kind: &fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a named pipe");
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Open a path already resolved, without blocking on a pipe swapped in meanwhile, and check
/// again that it is a regular file.
fn open_regular(path: &Path) -> Result<File, Refusal> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path)?;
    if let Some(what) = not_a_file(&file.metadata()?.file_type()) {
        return Err(Refusal::NotAFile(what));
    }
    Ok(file)
}

/// Read a resolved file, at most `kind`'s cap (one byte more tells it is larger).
fn read_capped(path: &Path, kind: Kind) -> Result<Vec<u8>, Refusal> {
    let file = open_regular(path)?;
    let length = file.metadata()?.len();
    if length > kind.cap() {
        return Err(Refusal::TooLarge(kind));
    }
    let mut bytes = Vec::with_capacity(length as usize);
    file.take(kind.cap() + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > kind.cap() {
        return Err(Refusal::TooLarge(kind));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn programme() -> (tempfile::TempDir, Folder) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("programme");
        fs::create_dir_all(root.join("data")).unwrap();
        fs::write(root.join("data/scores.csv"), "participant_id\n").unwrap();
        fs::write(tmp.path().join("secret.txt"), "OUTSIDE").unwrap();
        let folder = Folder::open(&root).unwrap();
        (tmp, folder)
    }

    #[test]
    fn a_file_inside_is_read() {
        let (_tmp, folder) = programme();
        assert_eq!(folder.read_text("data/scores.csv", Kind::Table).unwrap(), "participant_id\n");
        assert_eq!(folder.read_text("./data/../data/scores.csv", Kind::Table).unwrap(), "participant_id\n");
    }

    #[test]
    fn a_missing_file_is_missing() {
        let (_tmp, folder) = programme();
        assert!(matches!(folder.read("data/none.csv", Kind::Table), Err(Refusal::Missing)));
        assert!(!folder.has("data/none.csv"));
    }

    #[test]
    fn a_path_climbing_out_is_refused() {
        let (_tmp, folder) = programme();
        assert!(matches!(folder.read("../secret.txt", Kind::Table), Err(Refusal::Outside)));
    }

    #[cfg(unix)]
    #[test]
    fn links_outside_are_refused_and_links_inside_followed() {
        use std::os::unix::fs::symlink;
        let (tmp, folder) = programme();
        let root = folder.root().to_path_buf();
        symlink(tmp.path().join("secret.txt"), root.join("data/link.csv")).unwrap();
        symlink("/etc/passwd", root.join("passwd.md")).unwrap();
        symlink(tmp.path(), root.join("linked")).unwrap();
        symlink("scores.csv", root.join("data/alias.csv")).unwrap();
        symlink(tmp.path().join("nothing"), root.join("data/broken.csv")).unwrap();
        for path in ["data/link.csv", "passwd.md", "linked/secret.txt"] {
            let refusal = folder.read(path, Kind::Table).unwrap_err();
            assert!(matches!(refusal, Refusal::Outside), "{path}: {refusal:?}");
            let problem = refusal.problem(path);
            assert!(!problem.to_string().contains("OUTSIDE"), "{problem}");
        }
        assert!(matches!(folder.read("data/broken.csv", Kind::Table), Err(Refusal::Dangling)));
        assert!(folder.has("data/broken.csv"));
        assert_eq!(folder.read("data/alias.csv", Kind::Table).unwrap(), b"participant_id\n");
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_without_reading() {
        let (_tmp, folder) = programme();
        let root = folder.root().to_path_buf();
        let pipe = std::ffi::CString::new(root.join("pipe.md").to_string_lossy().as_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(pipe.as_ptr(), 0o644) }, 0);
        let refusal = folder.read("pipe.md", Kind::Narrative).unwrap_err();
        assert_eq!(refusal.to_string(), "is a named pipe, not a file");
        assert_eq!(folder.read("data", Kind::Table).unwrap_err().to_string(), "is a folder, not a file");
        // Opening a pipe does not wait for a writer either.
        assert!(matches!(open_regular(&root.join("pipe.md")), Err(Refusal::NotAFile("a named pipe"))));
        assert!(matches!(read_capped(Path::new("/dev/zero"), Kind::Settings), Err(Refusal::NotAFile("a device"))));
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_from_outside_is_not_listed() {
        let (tmp, folder) = programme();
        std::os::unix::fs::symlink(tmp.path(), folder.root().join("narrative")).unwrap();
        assert!(matches!(folder.list("narrative"), Err(Refusal::Outside)));
        assert_eq!(folder.list("data").unwrap(), ["scores.csv"]);
        assert!(folder.list("absent").unwrap().is_empty());
        assert!(matches!(folder.list("data/scores.csv"), Err(Refusal::NotAFolder)));
    }

    #[test]
    fn a_file_past_its_cap_is_refused() {
        let (_tmp, folder) = programme();
        fs::write(folder.root().join("long.md"), vec![b'a'; Kind::Narrative.cap() as usize + 1]).unwrap();
        let refusal = folder.read("long.md", Kind::Narrative).unwrap_err();
        assert_eq!(refusal.to_string(), "is larger than the 250 kB allowed for a narrative file");
        assert!(folder.read("long.md", Kind::Template).is_ok());
        assert!(matches!(folder.open_file("long.md", Kind::Narrative), Err(Refusal::TooLarge(Kind::Narrative))));
    }

    #[test]
    fn a_reader_given_a_path_is_guarded_too() {
        let (tmp, folder) = programme();
        let path = folder.root().join("data/scores.csv");
        assert_eq!(read_at(&path, "data/scores.csv", Kind::Table).unwrap(), b"participant_id\n");
        assert_eq!(
            split(&folder.root().join("./data/scores.csv"), "./data/scores.csv").unwrap().0.root(),
            folder.root()
        );
        let outside = tmp.path().join("programme/../secret.txt");
        let problem = read_at(&outside, "../secret.txt", Kind::Table).unwrap_err();
        assert!(problem.message.contains("outside the programme folder"), "{problem}");
    }
}
