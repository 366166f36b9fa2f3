//! Participant characteristics: how many of the people who consented are in each group of each
//! further column of participants.csv (`site`, `role`, demographics).
//!
//! Privacy: a group of fewer than `min_cell` people is withheld (`n` is `None`; the report says
//! "fewer than N"). When that leaves a single withheld group in a column, the next smallest group
//! is withheld too, so that no count can be worked out from the total. The names of groups below
//! `min_cell` are not shown either (a role held by one person names that person): they are merged
//! into one "Other" group. A column whose values differ for most people (names, exact ages) or
//! that holds e-mail addresses is not shown at all.

use serde::Serialize;

use super::people::People;
use crate::input::Participants;
use crate::input::ids::looks_like_email;
use crate::input::participants::NOT_RECORDED;

/// The label of the group of people whose cell is empty.
pub const NOT_RECORDED_LABEL: &str = "Not recorded";

/// The label of the groups below `min_cell`, merged.
pub const OTHER_LABEL: &str = "Other";

/// `characteristics` in results.json.
#[derive(Debug, Clone, Serialize)]
pub struct Characteristics {
    /// People described: everyone in participants.csv who consented.
    pub people: usize,
    /// Smallest group shown.
    pub min_cell: usize,
    /// One row per characteristic and group, in file order (empty cells last).
    pub rows: Vec<CharacteristicRow>,
}

/// One group of one characteristic.
#[derive(Debug, Clone, Serialize)]
pub struct CharacteristicRow {
    /// The column, as written in the header (`site`).
    pub characteristic: String,
    /// The group (`Northfield Primary`), or "Not recorded".
    pub group: String,
    /// People in the group; `None` when withheld.
    pub n: Option<usize>,
    /// `n / people`; `None` when withheld.
    pub share: Option<f64>,
    /// Why the count is withheld: "small" (fewer than `min_cell` people) or "complement" (the
    /// next smallest group, withheld so that a small one cannot be worked out); `None` when
    /// shown.
    pub withheld: Option<&'static str>,
}

/// Count the groups of every characteristic among the consented; warnings name columns left out.
pub fn characteristics(
    people: &People,
    participants: &Participants,
    min_cell: usize,
    file: &str,
    warnings: &mut Vec<String>,
) -> Option<Characteristics> {
    if participants.characteristics.is_empty() {
        return None;
    }
    let described: Vec<usize> = people.consented().filter_map(|p| p.listed).collect();
    let total = described.len();
    let mut rows = Vec::new();
    for column in &participants.characteristics {
        let mut counts = vec![0usize; column.groups.len()];
        let mut unrecorded = 0;
        for &i in &described {
            match column.codes.get(i) {
                Some(&code) if code != NOT_RECORDED => counts[code as usize] += 1,
                _ => unrecorded += 1,
            }
        }
        let present = counts.iter().filter(|&&n| n > 0).count();
        if column.groups.iter().any(|group| looks_like_email(group)) {
            warnings.push(format!(
                "{file}: column `{}` holds e-mail addresses, so it is not shown as a characteristic",
                column.name
            ));
            continue;
        }
        if present > 1 && present * 2 > total {
            warnings.push(format!(
                "{file}: column `{}` has a different value for most people, so it is not shown as a characteristic",
                column.name
            ));
            continue;
        }
        let mut groups: Vec<(String, usize)> = column
            .groups
            .iter()
            .zip(&counts)
            .filter(|(_, n)| **n >= min_cell)
            .map(|(group, &n)| (group.clone(), n))
            .collect();
        let small: usize = counts.iter().filter(|&&n| n > 0 && n < min_cell).sum();
        if small > 0 {
            groups.push((OTHER_LABEL.to_string(), small));
        }
        if unrecorded > 0 {
            groups.push((NOT_RECORDED_LABEL.to_string(), unrecorded));
        }
        let shown = suppress(&groups.iter().map(|(_, n)| *n).collect::<Vec<_>>(), min_cell);
        for ((group, n), shown) in groups.into_iter().zip(shown) {
            let withheld = match (shown, n < min_cell) {
                (true, _) => None,
                (false, true) => Some("small"),
                (false, false) => Some("complement"),
            };
            rows.push(CharacteristicRow {
                characteristic: column.name.clone(),
                group,
                n: shown.then_some(n),
                share: (shown && total > 0).then(|| n as f64 / total as f64),
                withheld,
            });
        }
    }
    Some(Characteristics { people: total, min_cell, rows })
}

/// Which counts may be shown: none below `min_cell`, and when exactly one is withheld, the next
/// smallest is withheld with it (a lone withheld cell is the total minus the others).
pub fn suppress(counts: &[usize], min_cell: usize) -> Vec<bool> {
    let mut shown: Vec<bool> = counts.iter().map(|&n| n >= min_cell).collect();
    if shown.iter().filter(|s| !**s).count() == 1 && counts.len() > 1 {
        let next = (0..counts.len()).filter(|&i| shown[i]).min_by_key(|&i| counts[i]);
        if let Some(i) = next {
            shown[i] = false;
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cells_and_their_complement_are_withheld() {
        assert_eq!(suppress(&[12, 6, 3], 5), vec![true, false, false]);
        assert_eq!(suppress(&[12, 3, 2], 5), vec![true, false, false]);
        assert_eq!(suppress(&[12, 8], 5), vec![true, true]);
        assert_eq!(suppress(&[3], 5), vec![false]);
        assert_eq!(suppress(&[], 5), Vec::<bool>::new());
    }
}
