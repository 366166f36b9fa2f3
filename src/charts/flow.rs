//! The participant flow diagram, CONSORT-style: a vertical chain of boxes with each step's count,
//! and beside each arrow a box saying who was lost on the way.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{
    AXIS, Area, BLUE, DrawResult, Header, INK, LABEL_PX, MARGIN, SMALL_PX, WIDTH, bold_style, draw_note, render,
    text_style, wrap,
};

/// A flow diagram in words: built by the report, drawn here.
#[derive(Debug, Clone)]
pub struct FlowDiagram {
    /// Chart title.
    pub title: String,
    /// A line under the title.
    pub subtitle: String,
    /// The steps from first to last.
    pub steps: Vec<FlowBox>,
}

/// One step of the chain.
#[derive(Debug, Clone)]
pub struct FlowBox {
    /// What the step is (`Consented to the evaluation`).
    pub label: String,
    /// People at this step.
    pub n: usize,
    /// Who was lost on the way into this step (`1 did not consent`), drawn beside the arrow.
    pub lost: Option<String>,
}

const MAIN_X: i32 = MARGIN + 8;
const MAIN_W: i32 = 270;
const SIDE_X: i32 = MAIN_X + MAIN_W + 40;
const SIDE_W: i32 = WIDTH as i32 - MARGIN - SIDE_X;
const LINE: i32 = 18;
const SMALL_LINE: i32 = 17;
const COUNT_LINE: i32 = 22;
const PAD: i32 = 10;
const MIN_GAP: i32 = 40;
const MAIN_FILL: RGBColor = RGBColor(236, 244, 251);
const SIDE_FILL: RGBColor = RGBColor(246, 246, 246);
const SIDE_LINE: RGBColor = RGBColor(190, 190, 190);

/// The diagram of `diagram` as SVG text, with `alt` as its accessible name.
///
/// Boxes are laid out top to bottom; every count is printed, so the chart reads without colour.
/// A diagram without steps draws a note.
///
/// # Errors
///
/// When plotters fails to draw.
pub fn flow(diagram: &FlowDiagram, alt: &str) -> Result<String, String> {
    let header = Header::new(&diagram.title, &diagram.subtitle, Vec::new(), WIDTH);
    let top = header.height();
    if diagram.steps.is_empty() {
        return render((WIDTH, (top + 70) as u32), alt, &diagram.title, |root| {
            header.draw(root)?;
            draw_note(root, "No participant flow to show.", (WIDTH as i32 / 2, top + 24))
        });
    }
    let layout = Layout::new(diagram);
    let height = top + layout.height() + MARGIN;
    render((WIDTH, height as u32), alt, &diagram.title, |root| {
        header.draw(root)?;
        draw_chain(root, &layout, top)
    })
}

/// Wrapped text and heights of every box.
struct Layout {
    labels: Vec<Vec<String>>,
    counts: Vec<String>,
    lost: Vec<Option<Vec<String>>>,
}

impl Layout {
    fn new(diagram: &FlowDiagram) -> Layout {
        let text_w = f64::from(MAIN_W - 2 * PAD);
        Layout {
            labels: diagram.steps.iter().map(|s| wrap(&s.label, LABEL_PX, text_w, 3)).collect(),
            counts: diagram.steps.iter().map(|s| format!("n = {}", s.n)).collect(),
            lost: diagram
                .steps
                .iter()
                .map(|s| s.lost.as_ref().map(|t| wrap(t, SMALL_PX, f64::from(SIDE_W - 2 * PAD), 4)))
                .collect(),
        }
    }

    fn box_height(&self, i: usize) -> i32 {
        2 * PAD + self.labels[i].len() as i32 * LINE + COUNT_LINE
    }

    fn side_height(lines: &[String]) -> i32 {
        2 * 8 + lines.len() as i32 * SMALL_LINE
    }

    /// The gap above box `i` (none above the first).
    fn gap(&self, i: usize) -> i32 {
        if i == 0 {
            return 0;
        }
        self.lost[i].as_ref().map_or(MIN_GAP, |lines| (Self::side_height(lines) + 20).max(MIN_GAP))
    }

    fn height(&self) -> i32 {
        (0..self.labels.len()).map(|i| self.gap(i) + self.box_height(i)).sum()
    }
}

fn draw_chain(root: &Area<'_>, layout: &Layout, top: i32) -> DrawResult {
    let centre = MAIN_X + MAIN_W / 2;
    let mut y = top;
    for i in 0..layout.labels.len() {
        let gap = layout.gap(i);
        if i > 0 {
            draw_arrow_down(root, centre, y, y + gap)?;
            if let Some(lines) = &layout.lost[i] {
                draw_side(root, lines, centre, y + gap / 2)?;
            }
        }
        y += gap;
        let h = layout.box_height(i);
        root.draw(&Rectangle::new([(MAIN_X, y), (MAIN_X + MAIN_W, y + h)], MAIN_FILL.filled()))?;
        root.draw(&Rectangle::new([(MAIN_X, y), (MAIN_X + MAIN_W, y + h)], BLUE.stroke_width(1)))?;
        let mut line_y = y + PAD;
        for line in &layout.labels[i] {
            root.draw(&Text::new(line.as_str(), (centre, line_y), text_style(LABEL_PX, INK, HPos::Center, VPos::Top)))?;
            line_y += LINE;
        }
        let style = bold_style(LABEL_PX + 2.0, INK, HPos::Center, VPos::Top);
        root.draw(&Text::new(layout.counts[i].as_str(), (centre, line_y + 1), style))?;
        y += h;
    }
    Ok(())
}

/// A vertical arrow from `y0` down to `y1` at `x`.
fn draw_arrow_down(root: &Area<'_>, x: i32, y0: i32, y1: i32) -> DrawResult {
    root.draw(&PathElement::new([(x, y0), (x, y1 - 7)], AXIS.stroke_width(2)))?;
    root.draw(&Polygon::new(vec![(x - 6, y1 - 9), (x + 6, y1 - 9), (x, y1)], AXIS.filled()))?;
    Ok(())
}

/// A box of `lines` beside the arrow, centred on `mid`, joined to the arrow at `x`.
fn draw_side(root: &Area<'_>, lines: &[String], x: i32, mid: i32) -> DrawResult {
    let h = Layout::side_height(lines);
    let (y0, y1) = (mid - h / 2, mid + h / 2);
    root.draw(&PathElement::new([(x, mid), (SIDE_X - 7, mid)], AXIS.stroke_width(2)))?;
    root.draw(&Polygon::new(vec![(SIDE_X - 9, mid - 6), (SIDE_X - 9, mid + 6), (SIDE_X, mid)], AXIS.filled()))?;
    root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], SIDE_FILL.filled()))?;
    root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], SIDE_LINE.stroke_width(1)))?;
    let mut y = y0 + 8;
    for line in lines {
        root.draw(&Text::new(line.as_str(), (SIDE_X + PAD, y), text_style(SMALL_PX, INK, HPos::Left, VPos::Top)))?;
        y += SMALL_LINE;
    }
    Ok(())
}
