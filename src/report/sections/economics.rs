//! What the change is worth: the programme's `[economics]`, with each input's source named in
//! the assumptions table.

use crate::analysis::economics::Cited;
use crate::problem::Problem;
use crate::report::Context;
use crate::report::economics::{self, Citing};
use crate::report::model::Block;

pub(super) fn blocks(context: &Context) -> Result<Vec<Block>, Problem> {
    let Some(figures) = &context.analysed.results.economics else { return Ok(Vec::new()) };
    let cell = |source: &Cited| match source {
        Cited::Text(text) => text.clone(),
        Cited::Number(n) => format!("source {n}"),
    };
    let mark = |_: &Cited| String::new();
    economics::blocks(figures, &Citing { cell: &cell, mark: &mark })
}
