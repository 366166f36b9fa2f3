//! Charts of the report as SVG text, drawn with plotters' SVG backend (no fonts are needed to draw).
//!
//! Every chart is a `<svg role="img">` whose `<title>` holds the alt text, on a white background,
//! with text in a named font family first (Typst ignores generic families). Text from the data is
//! XML-escaped. The same input always gives the same bytes, and no input makes a chart panic:
//! degenerate data draws a chart with a note, and only inconsistent input is an `Err`.
//!
//! - [`slope()`]: each person's score at two timepoints and the mean with its CI; above
//!   [`MAX_LINES`] people, a histogram of the changes instead.
//! - [`reliable_change()`]: one 100%-stacked bar per outcome (improved, no reliable change,
//!   deteriorated).
//! - [`band_shift()`]: how many people were in each interpretation band at two timepoints.
//! - [`flow()`]: the participant flow diagram, a chain of boxes with who was lost beside each arrow.
//! - [`columns()`]: attendance per session, and how many sessions people came to.
//! - [`prevalence()`]: the share of people who voiced each theme or subtheme.

mod attendance;
mod bands;
mod bars;
mod change;
pub mod economics;
mod flow;
pub mod forest;
pub mod reach;
mod reliable;
mod slope;
mod style;
mod themes;

pub use attendance::{Column, ColumnChart, columns};
pub use bands::band_shift;
pub use flow::{FlowBox, FlowDiagram, flow};
pub use reliable::reliable_change;
pub use slope::{MAX_LINES, slope};
pub use themes::{PrevalenceBar, prevalence};
