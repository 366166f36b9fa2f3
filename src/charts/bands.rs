//! Interpretation bands at two timepoints: two stacked bars of people per band.

use plotters::prelude::RGBColor;

use super::bars::{self, Row, Scale, Segment, Stacked};
use super::style::{Header, LegendItem, Swatch, WIDTH, capitalise};
use crate::analysis::figures::BandShift;
use crate::instruments::Better;

/// The band chart of `shift` as SVG text, with `alt` as its accessible name.
///
/// Two horizontal stacked bars, baseline above the later timepoint, with a segment per band from
/// the lowest scores on the left to the highest on the right. Colours run on a sequential scale
/// from a light warm orange at the worse end through rose and violet to a dark blue at the better end (`shift.better` says
/// which end that is); segments carry their counts, and the legend lists the bands in the same
/// order.
///
/// # Errors
///
/// When the counts don't have one entry per band, or plotters fails to draw.
pub fn band_shift(shift: &BandShift, alt: &str) -> Result<String, String> {
    let n = shift.bands.len();
    if shift.from_counts.len() != n || shift.to_counts.len() != n {
        return Err(format!(
            "the chart '{}' has {n} bands but {} counts at {} and {} at {}",
            shift.title,
            shift.from_counts.len(),
            shift.from,
            shift.to_counts.len(),
            shift.to
        ));
    }
    let colours = palette(n, shift.better);
    let legend = shift
        .bands
        .iter()
        .zip(&colours)
        .map(|(band, &colour)| LegendItem { swatch: Swatch::Fill(colour), label: capitalise(band) })
        .collect();
    let row = |time: &str, counts: &[usize]| Row {
        label: capitalise(time),
        segments: counts.iter().zip(&colours).map(|(&count, &colour)| Segment { count, colour }).collect(),
    };
    let rows =
        if n == 0 { Vec::new() } else { vec![row(&shift.from, &shift.from_counts), row(&shift.to, &shift.to_counts)] };
    let better = match shift.better {
        Better::Higher => "higher",
        Better::Lower => "lower",
    };
    let subtitle = format!("People in each band, from the lowest scores to the highest; {better} scores are better");
    let chart = Stacked {
        header: Header::new(&shift.title, &subtitle, legend, WIDTH),
        rows,
        scale: Scale::Count,
        axis: "Number of people",
        empty: "This measure has no bands to show.",
    };
    bars::draw(&chart, alt, &shift.title)
}

/// `n` colours for bands from the lowest score to the highest, running from warm (worse) to blue
/// (better) with falling lightness, so that the order also reads in grey.
pub(crate) fn palette(n: usize, better: Better) -> Vec<RGBColor> {
    (0..n)
        .map(|i| {
            let t = if n < 2 { 0.5 } else { i as f64 / (n - 1) as f64 };
            let goodness = match better {
                Better::Higher => t,
                Better::Lower => 1.0 - t,
            };
            sequential(goodness)
        })
        .collect()
}

/// A colour at `t` (0 worse … 1 better) on an OKLCh path from a light warm orange through rose
/// and violet to a dark blue (like the reversed "plasma" scale), with lightness falling evenly.
fn sequential(t: f64) -> RGBColor {
    let (l0, c0, h0) = (0.82, 0.14, 70.0);
    let (l1, c1, h1) = (0.42, 0.13, 252.0 - 360.0);
    let l = l0 + (l1 - l0) * t;
    let c = c0 + (c1 - c0) * t;
    let h = (h0 + (h1 - h0) * t).to_radians();
    oklab_to_srgb(l, c * h.cos(), c * h.sin())
}

/// OKLab (Björn Ottosson) to 8-bit sRGB, clipped to the gamut.
fn oklab_to_srgb(l: f64, a: f64, b: f64) -> RGBColor {
    let l_ = (l + 0.396_337_777_4 * a + 0.215_803_757_3 * b).powi(3);
    let m_ = (l - 0.105_561_345_8 * a - 0.063_854_172_8 * b).powi(3);
    let s_ = (l - 0.089_484_177_5 * a - 1.291_485_548_0 * b).powi(3);
    let r = 4.076_741_662_1 * l_ - 3.307_711_591_3 * m_ + 0.230_969_929_2 * s_;
    let g = -1.268_438_004_6 * l_ + 2.609_757_401_1 * m_ - 0.341_319_396_5 * s_;
    let bl = -0.004_196_086_3 * l_ - 0.703_418_614_7 * m_ + 1.707_614_701_0 * s_;
    let encode = |c: f64| {
        let c = c.clamp(0.0, 1.0);
        let c = if c <= 0.003_130_8 { 12.92 * c } else { 1.055 * c.powf(1.0 / 2.4) - 0.055 };
        (c * 255.0).round() as u8
    };
    RGBColor(encode(r), encode(g), encode(bl))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_warm_to_blue_towards_the_better_end() {
        let higher = palette(3, Better::Higher);
        let RGBColor(r, _, b) = higher[0];
        assert!(r > b, "the worse end is warm: {:?}", higher[0]);
        let RGBColor(r, _, b) = higher[2];
        assert!(b > r, "the better end is blue: {:?}", higher[2]);
        let lower = palette(3, Better::Lower);
        assert_eq!(lower.iter().rev().collect::<Vec<_>>(), higher.iter().collect::<Vec<_>>());
        assert_eq!(palette(0, Better::Higher), Vec::new());
        assert_eq!(palette(1, Better::Higher).len(), 1);
    }

    #[test]
    fn okabe_ito_blue_round_trips_closely() {
        // #0072B2 is about OKLab (0.5319, −0.0575, −0.1181).
        let RGBColor(r, g, b) = oklab_to_srgb(0.5319, -0.0575, -0.1181);
        assert!(r < 3 && g.abs_diff(114) < 2 && b.abs_diff(178) < 2, "{r} {g} {b}");
    }
}
