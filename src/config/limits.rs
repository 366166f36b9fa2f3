//! Bounds on every number and text a user types into programme.toml or an instrument file.
//!
//! Each lies far beyond any real programme or questionnaire; they exist so that a typo (or a
//! hostile file) is an error naming its key instead of an allocation of gigabytes, an overflow
//! or a report of a hundred megabytes. The user guide lists them (`programme-toml.md`,
//! `instruments.md`).

/// The most sessions a programme may plan (`planned_sessions`, and the highest session an
/// attendance file may hold without it).
pub const MAX_SESSIONS: u32 = 500;
/// The most timepoints (`timepoints`).
pub const MAX_TIMEPOINTS: usize = 20;
/// The most `[[measures]]`.
pub const MAX_MEASURES: usize = 50;
/// The most entries of any other list or table in programme.toml (`redact`, `labels`,
/// `scales`, `timepoint_names`).
pub const MAX_ENTRIES: usize = 1000;
/// The most characters of any text in programme.toml (a title, a path, a column name, a label),
/// and of a name or label in an instrument file.
pub const MAX_TEXT: usize = 300;
/// The most characters of an instrument file's citation, notes, licence and sources.
pub const MAX_LONG_TEXT: usize = 2000;
/// The lowest and highest confidence level (`confidence`).
pub const CONFIDENCE: (f64, f64) = (0.5, 0.999);
/// The largest smallest-group size (`min_cell`).
pub const MAX_MIN_CELL: u32 = 1000;
/// The most people enrolled (`[flow] enrolled`).
pub const MAX_ENROLLED: u32 = 1_000_000;

/// The most outcomes a report may have: the scales analysed times the timepoints after the
/// baseline.
pub const MAX_OUTCOMES: usize = 100;

/// The most items an instrument may have (`items`).
pub const MAX_ITEMS: usize = 1000;
/// The lowest `min` and highest `max` of an instrument's responses.
pub const RESPONSE_BOUND: i64 = 1000;
/// The widest range of responses (`max - min`).
pub const MAX_RESPONSE_SPAN: i64 = 250;
/// The most scales of an instrument.
pub const MAX_SCALES: usize = 100;
/// The most bands or cut-offs of a scale.
pub const MAX_BANDS: usize = 100;
/// The largest magnitude of a score named in an instrument file (bands, cut-offs, thresholds,
/// a conversion table's values and first raw score): beyond any sum of 1000 items of ±1000.
pub const SCORE_BOUND: f64 = 1e7;
/// The most values of a raw-to-metric conversion table.
pub const MAX_TRANSFORM_VALUES: usize = 250_001;
