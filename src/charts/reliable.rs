//! Reliable change: one 100%-stacked bar per outcome.

use super::bars::{self, Row, Scale, Segment, Stacked};
use super::style::{DETERIORATED, Header, IMPROVED, LegendItem, NO_CHANGE, Swatch, WIDTH};
use crate::analysis::figures::ReliableChangeBars;

/// The reliable change chart of `bars` as SVG text, with `alt` as its accessible name.
///
/// One horizontal 100%-stacked bar per row: improved (bluish green), no reliable change (grey)
/// and deteriorated (vermillion), in that order from left to right and in the legend. Segments
/// carry their counts (and shares when there is room), so the chart reads without colour; the
/// row's number of people is at the end of its bar. Rows with nobody draw an empty outline.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn reliable_change(bars: &ReliableChangeBars, alt: &str) -> Result<String, String> {
    let legend = [(IMPROVED, "Improved"), (NO_CHANGE, "No reliable change"), (DETERIORATED, "Deteriorated")]
        .map(|(colour, label)| LegendItem { swatch: Swatch::Fill(colour), label: label.into() })
        .into_iter()
        .filter(|_| !bars.rows.is_empty())
        .collect();
    let subtitle = "Change larger than the measure's error, in people (share of each outcome's people)";
    let rows = bars
        .rows
        .iter()
        .map(|r| Row {
            label: r.label.clone(),
            segments: vec![
                Segment { count: r.improved, colour: IMPROVED },
                Segment { count: r.no_change, colour: NO_CHANGE },
                Segment { count: r.deteriorated, colour: DETERIORATED },
            ],
        })
        .collect();
    let chart = Stacked {
        header: Header::new(&bars.title, subtitle, legend, WIDTH),
        rows,
        scale: Scale::Percent,
        axis: "Share of people",
        empty: "No outcome has reliable change to show.",
    };
    bars::draw(&chart, alt, &bars.title)
}
