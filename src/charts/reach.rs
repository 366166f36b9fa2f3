//! A portfolio's reach: one bar per sector, as long as its number of programmes, divided by
//! country. People are in the table beside it: one `[[reach]]` of 400,000 would flatten any
//! bar of people next to a school's 40.

use super::bars::{self, Row, Scale, Segment, Stacked};
use super::style::{Header, LegendItem, Swatch, WIDTH};
use plotters::style::RGBColor;

/// Okabe and Ito's colours for colour-blind readers (2008), without yellow (too light for a
/// white count on it) and black (the text colour).
const COUNTRY_COLOURS: [RGBColor; 6] = [
    RGBColor(0x00, 0x72, 0xB2),
    RGBColor(0xD5, 0x5E, 0x00),
    RGBColor(0x00, 0x9E, 0x73),
    RGBColor(0xCC, 0x79, 0xA7),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0xE6, 0x9F, 0x00),
];
/// Countries past the palette share this grey, named "Other countries" in the legend.
const OTHER: RGBColor = RGBColor(0x99, 0x99, 0x99);

/// One sector's programmes by country, in the order of `countries`.
#[derive(Debug, Clone)]
pub struct SectorBar {
    /// The sector as shown.
    pub sector: String,
    /// Programmes in each country of the chart's list.
    pub programmes: Vec<usize>,
}

/// The chart as SVG text with `alt` as its accessible name.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn programmes_by_sector(
    title: &str,
    countries: &[String],
    sectors: &[SectorBar],
    alt: &str,
) -> Result<String, String> {
    let colour = |i: usize| COUNTRY_COLOURS.get(i).copied().unwrap_or(OTHER);
    let mut legend: Vec<LegendItem> = countries
        .iter()
        .take(COUNTRY_COLOURS.len())
        .enumerate()
        .map(|(i, country)| LegendItem { swatch: Swatch::Fill(colour(i)), label: country.clone() })
        .collect();
    if countries.len() > COUNTRY_COLOURS.len() {
        legend.push(LegendItem { swatch: Swatch::Fill(OTHER), label: "Other countries".into() });
    }
    let rows = sectors
        .iter()
        .map(|bar| Row {
            label: bar.sector.clone(),
            segments: bar
                .programmes
                .iter()
                .enumerate()
                .map(|(i, &count)| Segment { count, colour: colour(i) })
                .collect(),
        })
        .collect();
    let chart = Stacked {
        header: Header::new(title, "Programmes in each sector, by country", legend, WIDTH),
        rows,
        scale: Scale::Count,
        axis: "Programmes",
        empty: "No programme to show.",
    };
    bars::draw(&chart, alt, title)
}
