//! Some of the participants of a scores file, as if the file held only their rows: what a site's
//! page is analysed from.

use super::{ItemColumn, Responses};

impl Responses {
    /// The responses of the participants at positions `kept` (ascending), in the same order,
    /// with their rows copied into compact columns. Warnings and notes about the whole file stay
    /// with the whole file.
    pub fn subset(&self, kept: &[usize]) -> Responses {
        let timepoints = self.timepoints.len();
        let mut participants = Vec::new();
        let mut row_of = Vec::new();
        let mut items: Vec<ItemColumn> =
            self.items.iter().map(|column| ItemColumn { min: column.min, codes: Vec::new() }).collect();
        let mut scored: Vec<Vec<f64>> = vec![Vec::new(); self.scored.len()];
        let mut rows = 0u32;
        for &p in kept {
            participants.push(self.participants[p].clone());
            for t in 0..timepoints {
                let Some(row) = self.row(p, t) else {
                    row_of.push(u32::MAX);
                    continue;
                };
                row_of.push(rows);
                rows += 1;
                for (to, from) in items.iter_mut().zip(&self.items) {
                    to.codes.push(from.codes[row]);
                }
                for (to, from) in scored.iter_mut().zip(&self.scored) {
                    to.push(from[row]);
                }
            }
        }
        Responses {
            participants,
            timepoints: self.timepoints.clone(),
            row_of,
            items,
            scored,
            unused_columns: self.unused_columns.clone(),
            rows: rows as usize,
            table: self.table.clone(),
            layout: self.layout.clone(),
            warnings: Vec::new(),
            notes: Vec::new(),
            site: self.site.as_ref().map(|site| site.subset(kept)),
        }
    }
}
