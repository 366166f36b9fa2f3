//! Where each needed column is in the header, for either layout, and what to say when the
//! header does not fit the layout (a wide file read as long, or a mixture of both).

use std::collections::HashMap;

use super::{ItemSpec, Layout, ScoreColumns};
use crate::input::missing_column;
use crate::problem::{Problem, Problems};

/// The two ways wide columns are usually named.
const PATTERNS: [&str; 2] = ["{timepoint}_{column}", "{column}_{timepoint}"];

/// The columns of one timepoint's responses (in a long file, of every row).
#[derive(Debug, Clone)]
pub(super) struct Slot {
    /// Item columns, in the order of [`ScoreColumns::items`].
    pub items: Vec<usize>,
    /// Already-scored columns, in the order of [`ScoreColumns::scored`].
    pub scored: Vec<usize>,
}

/// Where everything is.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// The participant id column.
    pub id: usize,
    /// The timepoint column (long layout only).
    pub timepoint: Option<usize>,
    /// Long: one slot. Wide: one per timepoint, in order.
    pub slots: Vec<Slot>,
    /// REDCap's `redcap_repeat_instrument` column, whose filled rows are left out.
    pub repeat_instrument: Option<usize>,
    /// Number of header columns.
    pub width: usize,
    /// The column names.
    pub headers: Vec<String>,
    /// The layout in words, for `check`.
    pub description: String,
    /// The site column, when the layout names one and the header has it.
    pub site: Option<usize>,
}

impl Plan {
    /// Find the columns `layout` and `columns` need in `headers`; every problem if some are
    /// missing.
    pub fn new(file: &str, headers: &[String], layout: &Layout, columns: &ScoreColumns) -> Result<Plan, Problems> {
        let header = Header::new(file, headers, layout, columns);
        let mut plan = match layout.wide {
            None => header.long(layout, columns),
            Some(pattern) => header.wide(layout, columns, pattern),
        }?;
        plan.site =
            layout.site_column.and_then(|name| headers.iter().position(|h| h.trim().eq_ignore_ascii_case(name)));
        Ok(plan)
    }

    /// Whether column `i` is read.
    pub fn uses(&self, i: usize) -> bool {
        i == self.id
            || self.timepoint == Some(i)
            || self.site == Some(i)
            || self.slots.iter().any(|s| s.items.contains(&i) || s.scored.contains(&i))
    }
}

/// The header with a lookup by name.
struct Header<'a> {
    file: &'a str,
    headers: &'a [String],
    positions: HashMap<&'a str, Vec<usize>>,
    /// Headers no needed column is named: the candidates for a typo.
    spare: Vec<String>,
}

impl<'a> Header<'a> {
    fn new(file: &'a str, headers: &'a [String], layout: &Layout, columns: &ScoreColumns) -> Header<'a> {
        let mut positions: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, h) in headers.iter().enumerate() {
            positions.entry(h.as_str()).or_default().push(i);
        }
        let needed: Vec<&str> = [layout.id_column, layout.timepoint_column]
            .into_iter()
            .chain(columns.items.iter().map(|spec| spec.column.as_str()))
            .chain(columns.scored.iter().map(|(column, _)| column.as_str()))
            .collect();
        let spare = headers.iter().filter(|h| !needed.contains(&h.as_str())).cloned().collect();
        Header { file, headers, positions, spare }
    }

    /// The column named `name`: `Ok(None)` when absent, a problem when it appears twice.
    fn find(&self, name: &str) -> Result<Option<usize>, Problem> {
        match self.positions.get(name).map(Vec::as_slice) {
            None | Some([]) => Ok(None),
            Some([one]) => Ok(Some(*one)),
            Some([first, second, ..]) => Err(Problem::at(
                self.file,
                1,
                second + 1,
                format!("column `{name}` appears twice (also column {})", first + 1),
            )
            .help("rename or remove one of them")),
        }
    }

    /// The column named `name`, recording a problem when it is missing or doubled.
    fn require(&self, name: &str, what: &str, problems: &mut Problems) -> Option<usize> {
        match self.find(name) {
            Ok(Some(i)) => Some(i),
            Ok(None) => {
                problems.push(missing_column(self.file, name, what, &self.spare, self.headers));
                None
            }
            Err(problem) => {
                problems.push(problem);
                None
            }
        }
    }

    /// Whether a column named `name` exists (once or more).
    fn has(&self, name: &str) -> bool {
        self.positions.contains_key(name)
    }

    fn long(&self, layout: &Layout, columns: &ScoreColumns) -> Result<Plan, Problems> {
        let mut problems = Problems::default();
        let id = self.require(layout.id_column, "participant id", &mut problems);
        let mut lookup = |name: &str| match self.find(name) {
            Ok(at) => at,
            Err(problem) => {
                problems.push(problem);
                None
            }
        };
        let timepoint = lookup(layout.timepoint_column);
        let mut items: Vec<Option<usize>> = columns.items.iter().map(|spec| lookup(&spec.column)).collect();
        let scored: Vec<Option<usize>> = columns.scored.iter().map(|(column, _)| lookup(column)).collect();
        let mut notes = self.by_position(&columns.items, &mut items, &[id, timepoint]);
        let names = needed_names(columns);
        let found: Vec<bool> = items.iter().chain(&scored).map(Option::is_some).collect();
        // Missing columns found with a timepoint in their name: the file is wide, or partly so.
        let wide = names.iter().zip(&found).filter(|(_, found)| !**found).find_map(|(name, _)| {
            PATTERNS.iter().find_map(|pattern| {
                let named = layout.timepoints.iter().map(|t| expand(pattern, t, name)).find(|n| self.has(n));
                named.map(|named| (named, *pattern))
            })
        });
        if let Some((wide, pattern)) = wide {
            let bare = names.iter().zip(&found).find(|(_, found)| **found).map(|(name, _)| *name);
            problems.push(match bare {
                Some(bare) => self.mixed(bare, &wide, pattern),
                None => Problem::at_row(
                    self.file,
                    1,
                    format!("the file looks wide: columns such as `{wide}` name a timepoint, but the layout is long"),
                )
                .help(format!("add layout = \"wide\" and wide_pattern = \"{pattern}\" under [data]")),
            });
            return Err(problems);
        }
        if timepoint.is_none() {
            problems.push(missing_column(self.file, layout.timepoint_column, "timepoint", &self.spare, self.headers));
        }
        let mut slot = Slot { items: Vec::new(), scored: Vec::new() };
        for (spec, at) in columns.items.iter().zip(&items) {
            match at {
                Some(at) => slot.items.push(*at),
                None => problems.push(self.missing_item(spec)),
            }
        }
        for ((column, what), at) in columns.scored.iter().zip(&scored) {
            match at {
                Some(at) => slot.scored.push(*at),
                None => problems.push(missing_column(self.file, column, what, &self.spare, self.headers)),
            }
        }
        let through = if layout.timepoint_names.is_empty() { "" } else { " through [data.timepoint_names]" };
        notes.insert(
            0,
            format!("long layout (a row per participant and timepoint, from `{}`{through})", layout.timepoint_column),
        );
        problems.into_result(Plan {
            id: id.unwrap_or(0),
            timepoint,
            slots: vec![slot],
            repeat_instrument: self.find("redcap_repeat_instrument").ok().flatten(),
            width: self.headers.len(),
            headers: self.headers.to_vec(),
            description: notes.join("; "),
            site: None,
        })
    }

    fn wide(&self, layout: &Layout, columns: &ScoreColumns, pattern: Option<&str>) -> Result<Plan, Problems> {
        let mut problems = Problems::default();
        let id = self.require(layout.id_column, "participant id", &mut problems);
        let names = needed_names(columns);
        let named = |pattern: &str, name: &str| {
            layout.timepoints.iter().map(|t| expand(pattern, t, name)).find(|n| self.has(n))
        };
        let pattern = pattern.unwrap_or_else(|| {
            let count = |pattern: &str| names.iter().filter(|n| named(pattern, n).is_some()).count();
            if count(PATTERNS[1]) > count(PATTERNS[0]) { PATTERNS[1] } else { PATTERNS[0] }
        });
        let wide = names.iter().find_map(|n| named(pattern, n));
        let bare_only = names.iter().find(|n| self.has(n) && named(pattern, n).is_none());
        match (bare_only, wide) {
            (Some(bare), None) => {
                let example = expand(pattern, &layout.timepoints[0], bare);
                return Err(Problem::at_row(
                    self.file,
                    1,
                    format!("the file looks long: `{bare}` has no timepoint in its name, and no column is named like `{example}`"),
                )
                .help("remove layout = \"wide\" to read a row per participant and timepoint, or correct wide_pattern")
                .into());
            }
            (Some(bare), Some(wide)) => return Err(self.mixed(bare, &wide, pattern).into()),
            _ => {}
        }
        let mut slots = Vec::new();
        for timepoint in layout.timepoints {
            let mut slot = Slot { items: Vec::new(), scored: Vec::new() };
            for spec in &columns.items {
                let what = format!("{} at {timepoint}", spec.what);
                slot.items.extend(self.require(&expand(pattern, timepoint, &spec.column), &what, &mut problems));
            }
            for (column, what) in &columns.scored {
                let what = format!("{what} at {timepoint}");
                slot.scored.extend(self.require(&expand(pattern, timepoint, column), &what, &mut problems));
            }
            slots.push(slot);
        }
        problems.into_result(Plan {
            id: id.unwrap_or(0),
            timepoint: None,
            slots,
            repeat_instrument: None,
            width: self.headers.len(),
            headers: self.headers.to_vec(),
            description: format!("wide layout (a row per participant, columns named {pattern})"),
            site: None,
        })
    }

    /// The problem of a header holding both layouts.
    fn mixed(&self, bare: &str, wide: &str, pattern: &str) -> Problem {
        let column = self.positions.get(bare).and_then(|p| p.first()).map_or(1, |i| i + 1);
        Problem::at(
            self.file,
            1,
            column,
            format!(
                "the header mixes long and wide layouts: `{bare}` has no timepoint in its name, but `{wide}` has one"
            ),
        )
        .help(format!(
            "use one layout: a row per participant and timepoint with a timepoint column (layout = \"long\"), or a row \
             per participant with every column named by timepoint (layout = \"wide\", wide_pattern = \"{pattern}\")"
        ))
    }

    /// Fill in items of questionnaires none of whose `prefix` + number columns exist from the
    /// columns starting with the prefix, in order, when there are exactly as many as items.
    /// Returns a note per questionnaire read this way.
    fn by_position(&self, specs: &[ItemSpec], found: &mut [Option<usize>], taken: &[Option<usize>]) -> Vec<String> {
        let mut notes = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for spec in specs {
            let Some(position) = &spec.position else { continue };
            let prefix = position.prefix.trim();
            if prefix.is_empty() || done.contains(&prefix) {
                continue;
            }
            done.push(prefix);
            let group: Vec<usize> = (0..specs.len())
                .filter(|&i| specs[i].position.as_ref().is_some_and(|p| p.prefix.trim() == prefix))
                .collect();
            if group.iter().any(|&i| found[i].is_some()) {
                continue;
            }
            let candidates: Vec<usize> = (0..self.headers.len())
                .filter(|i| self.headers[*i].starts_with(prefix) && !taken.contains(&Some(*i)))
                .collect();
            if candidates.len() != position.items {
                continue;
            }
            for &i in &group {
                found[i] = specs[i].position.as_ref().map(|p| candidates[p.item - 1]);
            }
            notes.push(format!(
                "{} items in column order from the {} columns starting '{prefix}'",
                position.instrument, position.items
            ));
        }
        notes
    }

    /// The problem of a missing item column, saying how many columns share its prefix when
    /// that is why the items could not be taken in order.
    fn missing_item(&self, spec: &ItemSpec) -> Problem {
        let problem = missing_column(self.file, &spec.column, &spec.what, &self.spare, self.headers);
        let Some(position) = &spec.position else { return problem };
        let prefix = position.prefix.trim();
        let sharing = self.headers.iter().filter(|h| !prefix.is_empty() && h.starts_with(prefix)).count();
        if sharing == 0
            || self.has(&spec.column)
            || problem.help.as_deref().is_some_and(|h| h.starts_with("did you mean"))
        {
            return problem;
        }
        problem.help(format!(
            "{sharing} columns start with '{prefix}', but {} has {} items: name them {prefix}1 … {prefix}{}, or give \
             the prefix that only its item columns share",
            position.instrument, position.items, position.items
        ))
    }
}

/// Every needed column's name: items, then already-scored columns.
fn needed_names(columns: &ScoreColumns) -> Vec<&str> {
    columns.items.iter().map(|s| s.column.as_str()).chain(columns.scored.iter().map(|(c, _)| c.as_str())).collect()
}

/// A wide column name: `pattern` with the timepoint and column filled in.
pub(super) fn expand(pattern: &str, timepoint: &str, column: &str) -> String {
    pattern.replace("{timepoint}", timepoint).replace("{column}", column)
}
