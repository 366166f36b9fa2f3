//! `index.html`: one self-contained page (inline CSS and SVG), rendered with tera.
//!
//! Every text from the data passes through tera's HTML autoescaping; only the SVG charts, which
//! escape their own text, are inserted as they are.

use serde::Serialize;
use tera::{Context, Tera};

use super::format::{interval, mean_sd, number, p_value};
use crate::analysis::{Outcome, Results};

const TEMPLATE: &str = include_str!("../../templates/base/report.html");
const STYLE: &str = include_str!("../../templates/base/report.css");

/// A chart ready for the page.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// The SVG text.
    pub svg: String,
    /// Its alt text, also shown as the caption.
    pub alt: String,
}

/// One row of the outcome table, every cell already formatted.
#[derive(Debug, Serialize)]
struct Row {
    outcome: String,
    comparison: String,
    n: usize,
    from: String,
    to: String,
    diff: String,
    ci: String,
    t: String,
    p: String,
    p_adjusted: String,
    dz: String,
    dz_ci: String,
    reliable_change: String,
}

/// Render the page.
pub fn page(results: &Results, figures: &[Figure]) -> Result<String, String> {
    let mut tera = Tera::default();
    tera.add_raw_template("report.html", TEMPLATE).map_err(|e| format!("report template: {e}"))?;
    tera.autoescape_on(vec![".html"]);
    let rows: Vec<Row> = results.outcomes.iter().map(row).collect();
    let mut context = Context::new();
    context.insert("results", results);
    context.insert("rows", &rows);
    context.insert("figures", figures);
    context.insert("style", STYLE);
    tera.render("report.html", &context).map_err(|e| format!("rendering the report: {e}"))
}

fn row(o: &Outcome) -> Row {
    let decimals = if o.pre.mean.is_some_and(|m| m.abs() < 10.0) { 2 } else { 1 };
    Row {
        outcome: o.label.clone(),
        comparison: format!("{} → {}", o.from, o.to),
        n: o.n_pairs,
        from: mean_sd(o.paired.pre_mean, o.paired.pre_sd, decimals),
        to: mean_sd(o.paired.post_mean, o.paired.post_sd, decimals),
        diff: number(o.diff.mean, decimals),
        ci: interval(o.diff.ci, decimals),
        t: match (o.t, o.df) {
            (Some(t), Some(df)) => format!("t({df}) = {}", number(Some(t), 2)),
            _ => "–".into(),
        },
        p: p_value(o.p),
        p_adjusted: p_value(o.p_adjusted),
        dz: number(o.effect.dz, 2),
        dz_ci: interval(o.effect.dz_ci, 2),
        reliable_change: o.reliable_change.as_ref().map_or("–".into(), |rc| {
            format!("{} improved, {} no change, {} deteriorated", rc.improved, rc.no_change, rc.deteriorated)
        }),
    }
}
