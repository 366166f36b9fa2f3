//! The participant flow diagram, CONSORT-style: a vertical chain of boxes with each step's count,
//! narrowing from enrolment to analysis; beside each arrow, who was lost on the way and the steps
//! that are not a subset of the box above (programme attendance), as CONSORT draws
//! "discontinued intervention" beside "lost to follow-up".

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
    /// Drawn beside the main column, at the arrow into the next main box, rather than in it.
    pub side: bool,
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
const STEP_FILL: RGBColor = RGBColor(247, 250, 253);

/// The diagram of `diagram` as SVG text, with `alt` as its accessible name.
///
/// Main boxes are laid out top to bottom; side boxes and losses stand beside the arrow into the
/// next main box (or below the last). Every count is printed, so the chart reads without colour.
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

/// A box beside the main column: a step of its own, or who was lost on the way.
enum Aside {
    Step { label: Vec<String>, count: String, lost: Option<Vec<String>> },
    Lost(Vec<String>),
}

impl Aside {
    fn height(&self) -> i32 {
        match self {
            Aside::Step { label, lost, .. } => {
                2 * PAD
                    + label.len() as i32 * SMALL_LINE
                    + COUNT_LINE
                    + lost.as_ref().map_or(0, |l| 4 + l.len() as i32 * SMALL_LINE)
            }
            Aside::Lost(lines) => 2 * 8 + lines.len() as i32 * SMALL_LINE,
        }
    }
}

/// One main box with what stands beside the arrow into it.
struct Stage {
    /// The boxes beside the arrow above, top to bottom.
    asides: Vec<Aside>,
    /// The main box (`None` for side boxes after the last main box).
    main: Option<(Vec<String>, String)>,
}

/// Wrapped text and heights of every box.
struct Layout {
    stages: Vec<Stage>,
}

const ASIDE_GAP: i32 = 10;

impl Layout {
    fn new(diagram: &FlowDiagram) -> Layout {
        let main_w = f64::from(MAIN_W - 2 * PAD);
        let side_w = f64::from(SIDE_W - 2 * PAD);
        let lost = |step: &FlowBox| step.lost.as_ref().map(|t| wrap(t, SMALL_PX, side_w, 4));
        let mut stages = Vec::new();
        let mut asides = Vec::new();
        for step in &diagram.steps {
            if step.side {
                asides.push(Aside::Step {
                    label: wrap(&step.label, SMALL_PX, side_w, 3),
                    count: format!("n = {}", step.n),
                    lost: lost(step),
                });
                continue;
            }
            asides.extend(lost(step).map(Aside::Lost));
            let main = (wrap(&step.label, LABEL_PX, main_w, 3), format!("n = {}", step.n));
            stages.push(Stage { asides: std::mem::take(&mut asides), main: Some(main) });
        }
        if !asides.is_empty() {
            stages.push(Stage { asides, main: None });
        }
        Layout { stages }
    }

    fn box_height(stage: &Stage) -> i32 {
        stage.main.as_ref().map_or(0, |(label, _)| 2 * PAD + label.len() as i32 * LINE + COUNT_LINE)
    }

    /// The gap above a stage's main box (none above the first box).
    fn gap(&self, i: usize) -> i32 {
        let stage = &self.stages[i];
        if i == 0 && stage.asides.is_empty() {
            return 0;
        }
        let asides: i32 = stage.asides.iter().map(|a| a.height() + ASIDE_GAP).sum();
        (asides + 2 * ASIDE_GAP).max(MIN_GAP)
    }

    fn height(&self) -> i32 {
        (0..self.stages.len()).map(|i| self.gap(i) + Self::box_height(&self.stages[i])).sum()
    }
}

fn draw_chain(root: &Area<'_>, layout: &Layout, top: i32) -> DrawResult {
    let centre = MAIN_X + MAIN_W / 2;
    let mut y = top;
    for (i, stage) in layout.stages.iter().enumerate() {
        let gap = layout.gap(i);
        // Side boxes stand centred in the gap, each joined to the line down the main column.
        let mut aside_y = y + (gap - asides_height(stage)) / 2;
        let mut lowest = y;
        for aside in &stage.asides {
            draw_aside(root, aside, centre, aside_y)?;
            lowest = aside_y + aside.height() / 2;
            aside_y += aside.height() + ASIDE_GAP;
        }
        if i > 0 {
            match stage.main {
                Some(_) => draw_arrow_down(root, centre, y, y + gap)?,
                // Side boxes after the last main box hang from a line without an arrowhead.
                None => root.draw(&PathElement::new([(centre, y), (centre, lowest)], AXIS.stroke_width(2)))?,
            }
        }
        y += gap;
        let Some((label, count)) = &stage.main else { continue };
        let h = Layout::box_height(stage);
        root.draw(&Rectangle::new([(MAIN_X, y), (MAIN_X + MAIN_W, y + h)], MAIN_FILL.filled()))?;
        root.draw(&Rectangle::new([(MAIN_X, y), (MAIN_X + MAIN_W, y + h)], BLUE.stroke_width(1)))?;
        let mut line_y = y + PAD;
        for line in label {
            root.draw(&Text::new(line.as_str(), (centre, line_y), text_style(LABEL_PX, INK, HPos::Center, VPos::Top)))?;
            line_y += LINE;
        }
        let style = bold_style(LABEL_PX + 2.0, INK, HPos::Center, VPos::Top);
        root.draw(&Text::new(count.as_str(), (centre, line_y + 1), style))?;
        y += h;
    }
    Ok(())
}

/// The height of a stage's side boxes with the gaps between them.
fn asides_height(stage: &Stage) -> i32 {
    let n = stage.asides.len() as i32;
    stage.asides.iter().map(Aside::height).sum::<i32>() + (n - 1).max(0) * ASIDE_GAP
}

/// A vertical arrow from `y0` down to `y1` at `x`.
fn draw_arrow_down(root: &Area<'_>, x: i32, y0: i32, y1: i32) -> DrawResult {
    root.draw(&PathElement::new([(x, y0), (x, y1 - 7)], AXIS.stroke_width(2)))?;
    root.draw(&Polygon::new(vec![(x - 6, y1 - 9), (x + 6, y1 - 9), (x, y1)], AXIS.filled()))?;
    Ok(())
}

/// A box beside the arrow with its top at `y0`, joined to the arrow at `x`.
fn draw_aside(root: &Area<'_>, aside: &Aside, x: i32, y0: i32) -> DrawResult {
    let h = aside.height();
    let (y1, mid) = (y0 + h, y0 + h / 2);
    root.draw(&PathElement::new([(x, mid), (SIDE_X - 7, mid)], AXIS.stroke_width(2)))?;
    root.draw(&Polygon::new(vec![(SIDE_X - 9, mid - 6), (SIDE_X - 9, mid + 6), (SIDE_X, mid)], AXIS.filled()))?;
    let small = |line: &str, y: i32| {
        Text::new(line.to_string(), (SIDE_X + PAD, y), text_style(SMALL_PX, INK, HPos::Left, VPos::Top))
    };
    match aside {
        Aside::Lost(lines) => {
            root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], SIDE_FILL.filled()))?;
            root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], SIDE_LINE.stroke_width(1)))?;
            let mut y = y0 + 8;
            for line in lines {
                root.draw(&small(line, y))?;
                y += SMALL_LINE;
            }
        }
        Aside::Step { label, count, lost } => {
            root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], STEP_FILL.filled()))?;
            root.draw(&Rectangle::new([(SIDE_X, y0), (SIDE_X + SIDE_W, y1)], BLUE.stroke_width(1)))?;
            let mut y = y0 + PAD;
            for line in label {
                root.draw(&small(line, y))?;
                y += SMALL_LINE;
            }
            let style = bold_style(LABEL_PX, INK, HPos::Left, VPos::Top);
            root.draw(&Text::new(count.as_str(), (SIDE_X + PAD, y + 1), style))?;
            y += COUNT_LINE + 4;
            for line in lost.iter().flatten() {
                root.draw(&small(line, y))?;
                y += SMALL_LINE;
            }
        }
    }
    Ok(())
}
