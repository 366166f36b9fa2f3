//! The report folder on disk. The files are written into a staging folder beside the target and
//! swapped into place at once, so there is no moment without a whole report; builds writing the
//! same folder take turns under a lock; what a build that was killed left behind is recovered or
//! removed by the next one.
//!
//! Names beside the report folder `NAME`: `.NAME.partial-PID` (the staging folder, and after an
//! exchange the earlier report on its way out) and `.NAME.old-PID` (the earlier report set aside
//! where an exchange is not possible).

use std::fmt;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::Files;

/// How long a build waits for another one writing the same report folder.
const LOCK_WAIT: Duration = Duration::from_secs(60);

/// A problem writing the report: not the inputs' fault (exit 2, not 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputError {
    /// What went wrong, naming the folder.
    pub message: String,
    /// What to do about it.
    pub help: String,
}

impl OutputError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> OutputError {
        OutputError { message: message.into(), help: help.into() }
    }
}

impl fmt::Display for OutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}; {}", self.message, self.help)
    }
}

/// The folder that holds the report folder, and the report folder's name.
fn parent_and_name(out: &Path) -> (PathBuf, String) {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = out.file_name().map_or_else(|| "report".into(), |n| n.to_string_lossy().into_owned());
    (parent, name)
}

/// The names a report folder holds: anything else in an existing `--out` folder means it is not
/// an earlier report, and replacing it would delete someone's files.
const REPORT_ENTRIES: &[(&str, Option<&str>)] = &[
    ("index.html", None),
    ("report.pdf", None),
    ("report.docx", None),
    ("results.json", None),
    ("tables", Some("csv")),
    ("figures", Some("svg")),
];

/// Refuse an output folder that exists and is not an earlier report (the programme folder, its
/// data folder, a home folder): the build replaces the whole folder.
pub fn check_out_folder(out: &Path) -> Result<(), OutputError> {
    let help = "give --out a new folder, or an earlier report folder (it is replaced as a whole)";
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        return Err(OutputError::new(format!("{} is a file, not a report folder", out.display()), help));
    }
    match stranger(out, Nesting::Top) {
        Ok(None) => Ok(()),
        Ok(Some(name)) => Err(OutputError::new(
            format!("{} is not a report folder (it holds {name}), so it will not be replaced", out.display()),
            help,
        )),
        Err(e) => Err(OutputError::new(format!("cannot read {}: {e}", out.display()), help)),
    }
}

/// Which report folder is looked at: what it may hold besides its own files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nesting {
    /// The report folder: `sites/` and, for a portfolio, `programmes/` of report folders.
    Top,
    /// A portfolio's programme report: `sites/` of report folders.
    Programme,
    /// A site's page: no folders of reports.
    Site,
}

/// The first entry of `folder` that a report folder does not hold, if any. `sites` holds a
/// report folder per site, which holds no sites of its own; a portfolio's `programmes` holds a
/// report folder per programme, which may have sites.
fn stranger(folder: &Path, nesting: Nesting) -> std::io::Result<Option<String>> {
    for entry in fs::read_dir(folder)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let expected = REPORT_ENTRIES.iter().find(|(n, _)| *n == name);
        let fits = match expected {
            Some((_, None)) => path.is_file(),
            Some((_, Some(extension))) => path.is_dir() && only_files_ending(&path, extension),
            None if path.is_dir()
                && ((name == "sites" && nesting != Nesting::Site)
                    || (name == "programmes" && nesting == Nesting::Top)) =>
            {
                let inner = if name == "sites" { Nesting::Site } else { Nesting::Programme };
                match fs::read_dir(&path)?.flatten().find_map(|report| {
                    let inside = report.path();
                    let fits = inside.is_dir() && matches!(stranger(&inside, inner), Ok(None));
                    (!fits).then(|| format!("{name}/{}", report.file_name().to_string_lossy()))
                }) {
                    Some(odd) => return Ok(Some(odd)),
                    None => true,
                }
            }
            None => false,
        };
        if !fits {
            return Ok(Some(name));
        }
    }
    Ok(None)
}

fn only_files_ending(folder: &Path, extension: &str) -> bool {
    fs::read_dir(folder).is_ok_and(|entries| {
        entries.flatten().all(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == extension))
    })
}

/// Held while a build changes a report folder; released when dropped. On Unix it is a lock on
/// the folder that holds the report, so no lock file is left behind; elsewhere an empty
/// `.NAME.lock` file beside the report.
#[derive(Debug)]
pub struct ReportLock {
    _file: Option<File>,
}

impl ReportLock {
    /// Take the lock for the report folder `out`, creating the folder that holds it if needed.
    /// When another build holds it, `waiting` is called once and the lock is waited for up to a
    /// minute.
    pub fn take(out: &Path, waiting: impl FnOnce()) -> Result<ReportLock, OutputError> {
        let (parent, name) = parent_and_name(out);
        fs::create_dir_all(&parent).map_err(|e| {
            OutputError::new(
                format!("cannot create {}, the folder for {}: {e}", parent.display(), out.display()),
                "give --out a folder you can write to",
            )
        })?;
        let file = match lock_file(&parent, &name) {
            Ok(file) => file,
            // A file system without locks (some network shares): build without one.
            Err(_) => return Ok(ReportLock { _file: None }),
        };
        let deadline = Instant::now() + LOCK_WAIT;
        let mut waiting = Some(waiting);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(ReportLock { _file: Some(file) }),
                Err(fs::TryLockError::WouldBlock) => {
                    if let Some(waiting) = waiting.take() {
                        waiting();
                    }
                    if Instant::now() > deadline {
                        return Err(OutputError::new(
                            format!("another build is still writing {} after a minute", out.display()),
                            "wait for it to finish, or give --out another folder",
                        ));
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(fs::TryLockError::Error(_)) => return Ok(ReportLock { _file: None }),
            }
        }
    }
}

#[cfg(unix)]
fn lock_file(parent: &Path, _name: &str) -> std::io::Result<File> {
    File::open(parent)
}

#[cfg(not(unix))]
fn lock_file(parent: &Path, name: &str) -> std::io::Result<File> {
    fs::OpenOptions::new().create(true).truncate(false).write(true).open(parent.join(format!(".{name}.lock")))
}

/// What a build that was stopped left beside the report folder `out`, as (path, is an earlier
/// report set aside).
fn leftovers(out: &Path) -> Vec<(PathBuf, bool)> {
    let (parent, name) = parent_and_name(out);
    let partial = format!(".{name}.partial-");
    let old = format!(".{name}.old");
    let Ok(entries) = fs::read_dir(&parent) else { return Vec::new() };
    let mut found: Vec<(PathBuf, bool)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let numbered = |prefix: &str| {
                file_name
                    .strip_prefix(prefix)
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            };
            if numbered(&partial) {
                Some((e.path(), false))
            } else if file_name == old || numbered(&format!("{old}-")) {
                Some((e.path(), true))
            } else {
                None
            }
        })
        .collect();
    found.sort();
    found
}

/// Recover what a stopped build left (the lock held): an earlier report set aside while no
/// report is in place goes back; every other leftover is removed. Returns warnings for what
/// could not be removed.
pub fn recover(out: &Path, _lock: &ReportLock) -> Vec<String> {
    let mut warnings = Vec::new();
    for (path, set_aside) in leftovers(out) {
        if set_aside && fs::symlink_metadata(out).is_err() && fs::rename(&path, out).is_ok() {
            continue;
        }
        if let Err(e) = fs::remove_dir_all(&path) {
            warnings.push(format!("could not remove {}, left by a build that was stopped: {e}", path.display()));
        }
    }
    warnings
}

/// Write `files` as the folder `out`, replacing an earlier report only once all are written.
/// Takes the lock and recovers leftovers first. Returns warnings (leftovers that could not be
/// removed).
pub fn write_atomically(out: &Path, files: &Files) -> Result<Vec<String>, OutputError> {
    let lock = ReportLock::take(out, || {})?;
    write_locked(out, files, &lock)
}

/// [`write_atomically`] with the lock already held.
pub fn write_locked(out: &Path, files: &Files, lock: &ReportLock) -> Result<Vec<String>, OutputError> {
    let mut warnings = recover(out, lock);
    check_out_folder(out)?;
    check_replaceable(out)?;
    let (parent, name) = parent_and_name(out);
    let staging = parent.join(format!(".{name}.partial-{}", std::process::id()));
    let result = write_into(&staging, out, files).and_then(|()| swap_into_place(&staging, out, &name));
    match result {
        Ok(mut more) => {
            warnings.append(&mut more);
            Ok(warnings)
        }
        Err(error) => {
            let _ = fs::remove_dir_all(&staging);
            Err(error)
        }
    }
}

/// An earlier report whose folders cannot be changed would be swapped out and then stay behind:
/// refuse before writing anything.
fn check_replaceable(out: &Path) -> Result<(), OutputError> {
    if !out.is_dir() {
        return Ok(());
    }
    let folders = std::iter::once(out.to_path_buf())
        .chain(fs::read_dir(out).into_iter().flatten().flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    for folder in folders {
        if !writable(&folder) {
            return Err(OutputError::new(
                format!("cannot replace {}: {} is read-only", out.display(), folder.display()),
                "make the earlier report writable (chmod -R u+w), or give --out another folder",
            ));
        }
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn writable(folder: &Path) -> bool {
    use rustix::fs::{Access, access};
    access(folder, Access::WRITE_OK | Access::EXEC_OK).is_ok()
}

#[cfg(not(target_os = "linux"))]
fn writable(folder: &Path) -> bool {
    fs::metadata(folder).is_ok_and(|m| !m.permissions().readonly())
}

fn write_into(dir: &Path, out: &Path, files: &Files) -> Result<(), OutputError> {
    let failed = |what: &str, path: &Path, e: std::io::Error| {
        OutputError::new(
            format!("cannot write the report {}: {what} {}: {e}", out.display(), path.display()),
            "check that the folder is writable and the disk is not full, or give --out another folder",
        )
    };
    if fs::symlink_metadata(dir).is_ok() {
        fs::remove_dir_all(dir).map_err(|e| failed("clearing", dir, e))?;
    }
    fs::create_dir(dir).map_err(|e| failed("creating", dir, e))?;
    // Names come from the report model; a name from data that climbs out is refused here.
    for (relative, _) in files {
        let plain = Path::new(relative).components().all(|c| matches!(c, std::path::Component::Normal(_)));
        if !plain || relative.starts_with('.') {
            return Err(OutputError::new(
                format!(
                    "refusing to write {relative:?} into {}: not a plain name inside the report folder",
                    out.display()
                ),
                "this is a bug in impact; please report it",
            ));
        }
    }
    let folders: std::collections::BTreeSet<PathBuf> =
        files.iter().filter_map(|(relative, _)| dir.join(relative).parent().map(Path::to_path_buf)).collect();
    for folder in &folders {
        fs::create_dir_all(folder).map_err(|e| failed("creating", folder, e))?;
    }
    // Creating a file waits on the file system more than on the processor: a report with site
    // pages has hundreds, written on every core. The first failure in file order is reported.
    let written: Vec<Result<(), OutputError>> = files
        .par_iter()
        .map(|(relative, bytes)| {
            let path = dir.join(relative);
            fs::write(&path, bytes).map_err(|e| failed("writing", &path, e))
        })
        .collect();
    written.into_iter().collect()
}

/// Put the finished folder at `out`. An earlier report is exchanged with it in one step where
/// the system can (Linux), else set aside and moved back should the second rename fail; it is
/// removed last. Returns a warning when the earlier report could not be removed.
fn swap_into_place(staging: &Path, out: &Path, name: &str) -> Result<Vec<String>, OutputError> {
    let cannot = |e: std::io::Error| {
        OutputError::new(
            format!("cannot move the new report into place at {}: {e}", out.display()),
            "check that the folder is writable, or give --out another folder",
        )
    };
    if fs::symlink_metadata(out).is_err() {
        fs::rename(staging, out).map_err(cannot)?;
        return Ok(Vec::new());
    }
    let earlier = match exchange(staging, out) {
        Ok(true) => staging.to_path_buf(),
        Ok(false) => {
            let aside = staging.with_file_name(format!(".{name}.old-{}", std::process::id()));
            fs::rename(out, &aside).map_err(cannot)?;
            if let Err(e) = fs::rename(staging, out) {
                let _ = fs::rename(&aside, out);
                return Err(cannot(e));
            }
            aside
        }
        Err(e) => return Err(cannot(e)),
    };
    Ok(match fs::remove_dir_all(&earlier) {
        Ok(()) => Vec::new(),
        Err(e) => vec![format!("could not remove the earlier report, now at {}: {e}", earlier.display())],
    })
}

/// Exchange two folders in one step. `Ok(false)` when the system or file system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}
