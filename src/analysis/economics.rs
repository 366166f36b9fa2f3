//! What the changes in staff turnover and sickness absence would be worth, as DESIGN.md's
//! "Economic impact" defines it: an estimate on stated assumptions, never a claim of cause.
//!
//! `leavers_avoided = staff × (rate_before − rate_after)`, `turnover.saving = leavers_avoided ×
//! cost_per_leaver × attribution`; the same for absence days; `net = total_saving −
//! programme_cost`, `roi = net / programme_cost`, `cost_per_person = programme_cost / people
//! who started`; and the sensitivity of each to the share credited.

use serde::{Deserialize, Serialize};

use crate::config::economics::{self as config, SourceRef};

/// The shares credited in the sensitivity table, besides the configured one.
pub const SENSITIVITY: [f64; 3] = [0.25, 0.5, 1.0];

/// The economic estimate, as results.json has it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Economics {
    /// ISO 4217 code.
    pub currency: String,
    /// The share of each change credited to the programme.
    pub attribution: f64,
    /// The turnover part, when configured.
    pub turnover: Option<TurnoverSaving>,
    /// The absence part, when configured.
    pub absence: Option<AbsenceSaving>,
    /// The parts' savings added (a rise in turnover or absence counts against).
    pub total_saving: f64,
    /// What the programme cost, when given.
    pub programme_cost: Option<f64>,
    /// `total_saving − programme_cost`.
    pub net: Option<f64>,
    /// `net / programme_cost`: what each unit of cost returned beyond itself.
    pub roi: Option<f64>,
    /// `programme_cost / people`.
    pub cost_per_person: Option<f64>,
    /// The people who started, that `cost_per_person` divides by.
    #[serde(default)]
    pub people: Option<usize>,
    /// The figures at other shares credited.
    pub sensitivity: Vec<Sensitivity>,
    /// The inputs, so a reader (or a portfolio reading this file) sees what was assumed.
    #[serde(default)]
    pub assumptions: Assumptions,
}

/// `turnover` in results.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnoverSaving {
    /// Leavers a year fewer (negative: more).
    pub leavers_avoided: f64,
    /// Their cost, times the share credited.
    pub saving: f64,
}

/// `absence` in results.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbsenceSaving {
    /// Sickness-absence days a year fewer (negative: more).
    pub days_avoided: f64,
    /// Their cost, times the share credited.
    pub saving: f64,
}

/// One row of the sensitivity table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    /// The share credited.
    pub attribution: f64,
    /// The total saving at that share.
    pub total_saving: f64,
    /// Less the programme cost.
    pub net: Option<f64>,
    /// Over the programme cost.
    pub roi: Option<f64>,
}

/// What the estimate rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assumptions {
    /// Where the figures came from (`[economics] source`).
    pub source: Option<Cited>,
    /// The turnover inputs.
    pub turnover: Option<TurnoverInputs>,
    /// The absence inputs.
    pub absence: Option<AbsenceInputs>,
}

/// A source: words, or a portfolio's `[[sources]]` number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cited {
    /// A `[[sources]]` number.
    Number(usize),
    /// Free text.
    Text(String),
}

/// `[economics.turnover]` as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TurnoverInputs {
    /// Headcount in scope.
    pub staff: f64,
    /// Annual share who left, before.
    pub rate_before: f64,
    /// … and after.
    pub rate_after: f64,
    /// Cost of replacing one leaver.
    pub cost_per_leaver: f64,
    /// Where these came from, when not the section's source.
    pub source: Option<Cited>,
}

/// `[economics.absence]` as given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AbsenceInputs {
    /// Headcount in scope.
    pub staff: f64,
    /// Days per person per year, before.
    pub days_before: f64,
    /// … and after.
    pub days_after: f64,
    /// Cost of one day's absence.
    pub cost_per_day: f64,
    /// Where these came from, when not the section's source.
    pub source: Option<Cited>,
}

/// The estimate from a checked `[economics]`, with `people` who started (for the cost per
/// person). `None` when a required input is missing (the checks have said so already).
pub fn estimate(economics: &config::Economics, people: Option<usize>) -> Option<Economics> {
    let value = |v: &Option<toml::Spanned<f64>>| v.as_ref().map(|v| *v.get_ref());
    let turnover = match &economics.turnover {
        Some(t) => {
            let t = t.get_ref();
            Some(TurnoverInputs {
                staff: value(&t.staff)?,
                rate_before: value(&t.rate_before)?,
                rate_after: value(&t.rate_after)?,
                cost_per_leaver: value(&t.cost_per_leaver)?,
                source: cited(&t.source),
            })
        }
        None => None,
    };
    let absence = match &economics.absence {
        Some(a) => {
            let a = a.get_ref();
            Some(AbsenceInputs {
                staff: value(&a.staff)?,
                days_before: value(&a.days_before)?,
                days_after: value(&a.days_after)?,
                cost_per_day: value(&a.cost_per_day)?,
                source: cited(&a.source),
            })
        }
        None => None,
    };
    let assumptions = Assumptions { source: cited(&economics.source), turnover, absence };
    Some(compute(
        economics.currency.get_ref(),
        economics.attribution(),
        value(&economics.programme_cost),
        people,
        assumptions,
    ))
}

/// The estimate from its inputs.
pub fn compute(
    currency: &str,
    attribution: f64,
    programme_cost: Option<f64>,
    people: Option<usize>,
    assumptions: Assumptions,
) -> Economics {
    let leavers = assumptions.turnover.as_ref().map(|t| t.staff * (t.rate_before - t.rate_after));
    let days = assumptions.absence.as_ref().map(|a| a.staff * (a.days_before - a.days_after));
    // The saving of each part at a share credited, before rounding.
    let parts = |share: f64| {
        let turnover = leavers.zip(assumptions.turnover.as_ref()).map(|(n, t)| n * t.cost_per_leaver * share);
        let absence = days.zip(assumptions.absence.as_ref()).map(|(n, a)| n * a.cost_per_day * share);
        (turnover, absence)
    };
    let at = |share: f64| {
        let (turnover, absence) = parts(share);
        let total = money(turnover.unwrap_or(0.0) + absence.unwrap_or(0.0));
        let cost = programme_cost.filter(|c| *c > 0.0);
        let net = programme_cost.map(|c| money(total - c));
        let roi = net.zip(cost).map(|(net, cost)| round(net / cost, 2));
        (total, net, roi)
    };
    let mut shares: Vec<f64> = SENSITIVITY.into_iter().chain([attribution]).collect();
    shares.sort_by(f64::total_cmp);
    shares.dedup();
    let sensitivity = shares
        .into_iter()
        .map(|share| {
            let (total_saving, net, roi) = at(share);
            Sensitivity { attribution: share, total_saving, net, roi }
        })
        .collect();
    let (turnover, absence) = parts(attribution);
    let (total_saving, net, roi) = at(attribution);
    Economics {
        currency: currency.to_string(),
        attribution,
        turnover: leavers.zip(turnover).map(|(n, s)| TurnoverSaving { leavers_avoided: round(n, 4), saving: money(s) }),
        absence: days.zip(absence).map(|(n, s)| AbsenceSaving { days_avoided: round(n, 4), saving: money(s) }),
        total_saving,
        programme_cost,
        net,
        roi,
        cost_per_person: programme_cost.zip(people.filter(|&p| p > 0)).map(|(c, p)| round(c / p as f64, 1)),
        people,
        sensitivity,
        assumptions,
    }
}

fn cited(source: &Option<toml::Spanned<SourceRef>>) -> Option<Cited> {
    source.as_ref().map(|s| match s.get_ref() {
        SourceRef::Number(n) => Cited::Number(*n),
        SourceRef::Text(t) => Cited::Text(t.trim().to_string()),
    })
}

/// An amount to the smallest unit (two places): `13.5 × 12000 × 0.5` is 81000, not
/// 81000.00000000001.
fn money(x: f64) -> f64 {
    round(x, 2)
}

fn round(x: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    let rounded = (x * scale).round() / scale;
    if rounded == 0.0 { 0.0 } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn turnover() -> TurnoverInputs {
        TurnoverInputs { staff: 450.0, rate_before: 0.14, rate_after: 0.11, cost_per_leaver: 12000.0, source: None }
    }
    fn absence() -> AbsenceInputs {
        AbsenceInputs { staff: 450.0, days_before: 9.2, days_after: 8.1, cost_per_day: 180.0, source: None }
    }
    fn assumptions(t: bool, a: bool) -> Assumptions {
        Assumptions { source: None, turnover: t.then(turnover), absence: a.then(absence) }
    }

    /// The contract's example: every figure of its results.json.
    #[test]
    fn both_parts_give_the_contract_figures() {
        let e = compute("GBP", 0.5, Some(24000.0), Some(19), assumptions(true, true));
        assert_eq!(e.turnover, Some(TurnoverSaving { leavers_avoided: 13.5, saving: 81000.0 }));
        assert_eq!(e.absence, Some(AbsenceSaving { days_avoided: 495.0, saving: 44550.0 }));
        assert_eq!(e.total_saving, 125550.0);
        assert_eq!(e.net, Some(101550.0));
        assert_eq!(e.roi, Some(4.23));
        assert_eq!(e.cost_per_person, Some(1263.2));
        let first = &e.sensitivity[0];
        assert_eq!(
            (first.attribution, first.total_saving, first.net, first.roi),
            (0.25, 62775.0, Some(38775.0), Some(1.62))
        );
        let shares: Vec<f64> = e.sensitivity.iter().map(|s| s.attribution).collect();
        assert_eq!(shares, [0.25, 0.5, 1.0], "the configured 0.5 is one of the three, listed once");
    }

    #[test]
    fn turnover_alone() {
        let e = compute("GBP", 0.5, Some(24000.0), Some(19), assumptions(true, false));
        assert_eq!(e.absence, None);
        assert_eq!(e.total_saving, 81000.0);
        assert_eq!(e.net, Some(57000.0));
        assert_eq!(e.roi, Some(2.38), "57000 / 24000 = 2.375, to two places");
    }

    #[test]
    fn absence_alone_without_a_cost() {
        let e = compute("EUR", 0.5, None, Some(19), assumptions(false, true));
        assert_eq!(e.turnover, None);
        assert_eq!(e.total_saving, 44550.0);
        assert_eq!((e.net, e.roi, e.cost_per_person), (None, None, None));
        assert!(e.sensitivity.iter().all(|s| s.net.is_none() && s.roi.is_none()));
    }

    #[test]
    fn the_default_attribution_credits_all_of_the_change() {
        let config: config::Economics = toml::from_str(
            "currency = \"SEK\"\nprogramme_cost = 100000\n[turnover]\nstaff = 200\nrate_before = 0.2\nrate_after = 0.15\n\
             cost_per_leaver = 50000\n",
        )
        .unwrap();
        let e = estimate(&config, Some(40)).unwrap();
        assert_eq!(e.attribution, 1.0);
        assert_eq!(e.turnover.as_ref().unwrap().leavers_avoided, 10.0);
        assert_eq!(e.total_saving, 500000.0);
        assert_eq!((e.net, e.roi, e.cost_per_person), (Some(400000.0), Some(4.0), Some(2500.0)));
        let shares: Vec<f64> = e.sensitivity.iter().map(|s| s.attribution).collect();
        assert_eq!(shares, [0.25, 0.5, 1.0]);
    }

    #[test]
    fn a_configured_share_joins_the_sensitivity_table_in_order() {
        let e = compute("GBP", 0.3, Some(24000.0), None, assumptions(true, false));
        let shares: Vec<f64> = e.sensitivity.iter().map(|s| s.attribution).collect();
        assert_eq!(shares, [0.25, 0.3, 0.5, 1.0]);
        assert_eq!(e.total_saving, 48600.0, "13.5 × 12000 × 0.3");
        assert_eq!(e.cost_per_person, None, "no count of people who started");
    }

    #[test]
    fn a_rise_counts_against_the_saving() {
        let mut a = assumptions(true, false);
        if let Some(t) = &mut a.turnover {
            (t.rate_before, t.rate_after) = (0.11, 0.14);
        }
        let e = compute("GBP", 1.0, Some(10000.0), Some(10), a);
        assert_eq!(e.turnover.as_ref().unwrap().leavers_avoided, -13.5);
        assert_eq!(e.total_saving, -162000.0);
        assert_eq!((e.net, e.roi), (Some(-172000.0), Some(-17.2)));
    }
}
