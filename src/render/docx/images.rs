//! Charts as PNG for Word: rasterised from the same SVG as the HTML and PDF, with the fonts the
//! PDF embeds, at print resolution, so every copy of Word shows them alike.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{self, fontdb};

/// Dots per inch at the chart's printed size.
const DPI: f64 = 200.0;
/// EMU (Word's drawing unit) per inch.
pub const EMU_PER_INCH: f64 = 914_400.0;
/// The widest a chart prints: the text width of an A4 page with 1-inch margins.
pub const TEXT_WIDTH_INCHES: f64 = 6.27;
/// The tallest, so a tall chart still fits a page with its caption.
const MAX_HEIGHT_INCHES: f64 = 8.0;
/// CSS pixels per inch, the SVG's unit.
const SVG_PX_PER_INCH: f64 = 96.0;

/// A chart as an image: PNG bytes and its printed size in EMU.
pub struct Image {
    /// The PNG.
    pub png: Vec<u8>,
    /// Printed width.
    pub cx: u64,
    /// Printed height.
    pub cy: u64,
}

/// The fonts, loaded once: DejaVu Sans (the charts' face) and the typst-assets faces, as the PDF.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            let sans =
                [dejavu::sans::regular(), dejavu::sans::bold(), dejavu::sans::oblique(), dejavu::sans::bold_oblique()];
            for data in sans.into_iter().chain(typst_assets::fonts()) {
                db.load_font_source(fontdb::Source::Binary(Arc::new(data)));
            }
            db.set_sans_serif_family("DejaVu Sans");
            Arc::new(db)
        })
        .clone()
}

/// The pixels as a PNG marked with its resolution. The fastest compression keeps encoding a
/// small part of the build (the images come out about three times larger than at the default).
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fastest);
    let per_metre = (DPI / 0.0254).round() as u32;
    encoder.set_pixel_dims(Some(png::PixelDimensions { xppu: per_metre, yppu: per_metre, unit: png::Unit::Meter }));
    let mut writer = encoder.write_header()?;
    writer.write_image_data(pixmap.data())?;
    writer.finish()?;
    Ok(out)
}

/// Rasterise `svg` at print resolution on a white ground.
pub fn png(svg: &str) -> Result<Image, String> {
    let options = usvg::Options { fontdb: fonts(), font_family: "DejaVu Sans".into(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("a chart could not be read: {e}"))?;
    let size = tree.size();
    let (width_px, height_px) = (f64::from(size.width()), f64::from(size.height()));
    if width_px <= 0.0 || height_px <= 0.0 {
        return Err("a chart has no size".into());
    }
    let mut width_in = (width_px / SVG_PX_PER_INCH).min(TEXT_WIDTH_INCHES);
    let mut height_in = width_in * height_px / width_px;
    if height_in > MAX_HEIGHT_INCHES {
        width_in *= MAX_HEIGHT_INCHES / height_in;
        height_in = MAX_HEIGHT_INCHES;
    }
    let scale = width_in * DPI / width_px;
    let (width, height) = ((width_px * scale).round() as u32, (height_px * scale).round() as u32);
    let mut pixmap = Pixmap::new(width.max(1), height.max(1)).ok_or("a chart is too large to draw")?;
    pixmap.fill(Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale as f32, scale as f32), &mut pixmap.as_mut());
    let png = encode(&pixmap).map_err(|e| format!("a chart could not be encoded: {e}"))?;
    Ok(Image { png, cx: (width_in * EMU_PER_INCH).round() as u64, cy: (height_in * EMU_PER_INCH).round() as u64 })
}
