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
    /// One row per characteristic and group: groups in their natural order when every one holds
    /// a number (`Under 5`, `5 to 14`, `15 or more`), else in the order first met; "Other" and
    /// "Not recorded" last.
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
        let mut groups: Vec<(String, usize)> = natural_order(&column.groups)
            .into_iter()
            .filter(|&g| counts[g] >= min_cell)
            .map(|g| (column.groups[g].clone(), counts[g]))
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

/// The order to show `groups` in, as indices. When every group holds a number, ranges read in
/// their natural order: first those starting "Under", "Less than" or "Fewer than", then the
/// others, then those saying "or more", "or over", "and over", "over" or ending in "+", each by
/// its first number. Otherwise, and between equal keys, the order first met.
pub fn natural_order(groups: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len()).collect();
    let keys: Option<Vec<(u8, f64)>> = groups.iter().map(|g| range_key(g)).collect();
    if let Some(keys) = keys {
        order.sort_by(|&a, &b| keys[a].0.cmp(&keys[b].0).then(keys[a].1.total_cmp(&keys[b].1)));
    }
    order
}

/// Where a group holding a number stands: its end of the range (0 below, 1 within, 2 above)
/// and its first number; `None` without a number.
fn range_key(group: &str) -> Option<(u8, f64)> {
    let text = group.trim().to_lowercase();
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let digits: String = text[start..].chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let number: f64 = digits.trim_end_matches('.').parse().ok()?;
    let below = ["under", "less than", "fewer than", "below", "up to"].iter().any(|w| text.starts_with(w));
    let above = ["or more", "or over", "and over", "and above", "or older", "over"].iter().any(|w| text.contains(w))
        || text.ends_with('+');
    Some((
        if below {
            0
        } else if above {
            2
        } else {
            1
        },
        number,
    ))
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

    fn ordered(groups: &[&str]) -> Vec<String> {
        let groups: Vec<String> = groups.iter().map(|g| g.to_string()).collect();
        natural_order(&groups).into_iter().map(|i| groups[i].clone()).collect()
    }

    #[test]
    fn ranges_are_shown_in_their_natural_order() {
        assert_eq!(ordered(&["5 to 14", "15 or more", "Under 5"]), ["Under 5", "5 to 14", "15 or more"]);
        assert_eq!(
            ordered(&["Over 65", "25-34", "Less than 25", "45–64", "35-44"]),
            ["Less than 25", "25-34", "35-44", "45–64", "Over 65"]
        );
        assert_eq!(ordered(&["Year 10", "Year 7", "Year 8"]), ["Year 7", "Year 8", "Year 10"]);
        assert_eq!(ordered(&["60+", "1.5 days", "10 days"]), ["1.5 days", "10 days", "60+"]);
        // Without a number in every group, the order first met.
        assert_eq!(ordered(&["Teacher", "Year 7 lead", "Assistant"]), ["Teacher", "Year 7 lead", "Assistant"]);
        // Equal keys keep the order first met.
        assert_eq!(ordered(&["Band 5 nurse", "Band 5 HCA", "Band 4"]), ["Band 4", "Band 5 nurse", "Band 5 HCA"]);
    }

    #[test]
    fn small_cells_and_their_complement_are_withheld() {
        assert_eq!(suppress(&[12, 6, 3], 5), vec![true, false, false]);
        assert_eq!(suppress(&[12, 3, 2], 5), vec![true, false, false]);
        assert_eq!(suppress(&[12, 8], 5), vec![true, true]);
        assert_eq!(suppress(&[3], 5), vec![false]);
        assert_eq!(suppress(&[], 5), Vec::<bool>::new());
    }
}
