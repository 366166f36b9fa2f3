//! A minimal in-memory Typst world: one main source, virtual files, embedded fonts, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Feature, Library, LibraryExt, World};

/// The fonts, parsed once per process: Libertinus and DejaVu Sans Mono from typst-assets (without
/// the large maths fonts) and DejaVu Sans, the report's face.
fn fonts() -> &'static (LazyHash<FontBook>, Vec<Font>) {
    static FONTS: OnceLock<(LazyHash<FontBook>, Vec<Font>)> = OnceLock::new();
    FONTS.get_or_init(|| {
        let sans =
            [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()];
        let fonts: Vec<Font> = sans
            .into_iter()
            .chain(typst_assets::fonts())
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .filter(|font| !is_math_font(font))
            .collect();
        (LazyHash::new(FontBook::from_fonts(&fonts)), fonts)
    })
}

/// Whether some embedded font can draw `c`. Typst's fallback picks among the same fonts.
pub fn can_show(c: char) -> bool {
    c.is_whitespace() || c.is_control() || fonts().1.iter().any(|font| font.info().coverage.contains(c as u32))
}

/// The maths fonts are a third of typst-assets' weight and the report sets no formulas.
fn is_math_font(font: &Font) -> bool {
    font.info().family.to_lowercase().contains("math")
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    // `a11y-extras` gives `pdf.header-cell`, which marks each table row's first cell as the
    // header of its row.
    LIBRARY.get_or_init(|| {
        LazyHash::new(Library::builder().with_features([Feature::A11yExtras].into_iter().collect()).build())
    })
}

/// The main file and every virtual file the template may read.
pub struct ReportWorld {
    main: Source,
    files: HashMap<FileId, Bytes>,
}

/// The id of a file at `path` (absolute, e.g. `/data.json`) in the project root.
pub fn file_id(path: &str) -> Result<FileId, String> {
    let vpath = VirtualPath::new(path).map_err(|e| format!("bad virtual path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl ReportWorld {
    /// A world whose main source is `markup`, with `files` as (absolute path, bytes).
    pub fn new(markup: String, files: Vec<(String, Vec<u8>)>) -> Result<ReportWorld, String> {
        let main = Source::new(file_id("/main.typ")?, markup);
        let mut map = HashMap::new();
        for (path, bytes) in files {
            map.insert(file_id(&path)?, Bytes::new(bytes));
        }
        Ok(ReportWorld { main, files: map })
    }

    /// The layout's source, for locating errors in it.
    pub fn main_source(&self) -> &Source {
        &self.main
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().0
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            return Ok(self.main.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
        Ok(Source::new(id, text.to_string()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            return Ok(Bytes::from_string(self.main.text().to_string()));
        }
        self.files.get(&id).cloned().ok_or_else(|| FileError::NotFound(id.vpath().get_without_slash().into()))
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().1.get(index).cloned()
    }

    /// No clock: the report carries no date unless the programme gives one.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}
