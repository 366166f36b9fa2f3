//! Theme prevalence: one 100%-stacked bar per theme or subtheme, split into the people who
//! voiced it and those who did not.

use plotters::prelude::RGBColor;

use super::bars::{self, Row, Scale, Segment, Stacked};
use super::style::{BLUE, Header, LegendItem, Swatch, WIDTH};

/// A light grey for the people who did not voice a theme (dark text stays readable on it).
const NOT_VOICED: RGBColor = RGBColor(0xDD, 0xDD, 0xDD);

/// One bar of the prevalence chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrevalenceBar {
    /// `1a. Soothing and stepping back`.
    pub label: String,
    /// People who voiced it.
    pub voiced: usize,
    /// People in the coded data who did not.
    pub not_voiced: usize,
}

/// The prevalence chart as SVG text, with `alt` as its accessible name.
///
/// Each bar is everyone in the coded data: blue for the people who voiced the theme, grey for
/// those who did not, each segment labelled with its count and share, so the chart reads without
/// colour. `subtitle` says who "everyone" is.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn prevalence(title: &str, subtitle: &str, bars: &[PrevalenceBar], alt: &str) -> Result<String, String> {
    let legend = if bars.is_empty() {
        Vec::new()
    } else {
        vec![
            LegendItem { swatch: Swatch::Fill(BLUE), label: "Voiced it".into() },
            LegendItem { swatch: Swatch::Fill(NOT_VOICED), label: "Did not".into() },
        ]
    };
    let rows = bars
        .iter()
        .map(|bar| Row {
            label: bar.label.clone(),
            segments: vec![
                Segment { count: bar.voiced, colour: BLUE },
                Segment { count: bar.not_voiced, colour: NOT_VOICED },
            ],
        })
        .collect();
    let chart = Stacked {
        header: Header::new(title, subtitle, legend, WIDTH),
        rows,
        scale: Scale::Percent,
        axis: "Share of people",
        empty: "No theme has coded excerpts to show.",
    };
    bars::draw(&chart, alt, title)
}
