//! `[economics]`: what changes in staff turnover and sickness absence would be worth, in
//! programme.toml and portfolio.toml (DESIGN.md, "Economic impact").
//!
//! Every input is checked where it is written: a rate outside 0–1, a negative count or cost, a
//! missing `staff` or an unknown currency is a [`Problem`] naming the key and its line.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::problem::{Problem, Problems};

/// `[economics]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Economics {
    /// ISO 4217 code (`GBP`, `EUR`, `SEK`).
    pub currency: Spanned<String>,
    /// What delivering the programme cost.
    #[serde(default)]
    pub programme_cost: Option<Spanned<f64>>,
    /// The share of each change credited to the programme (default 1).
    #[serde(default)]
    pub attribution: Option<Spanned<f64>>,
    /// Where the figures came from: free text, or a `[[sources]]` number in a portfolio.
    #[serde(default)]
    pub source: Option<Spanned<SourceRef>>,
    /// Staff turnover before and after.
    #[serde(default)]
    pub turnover: Option<Spanned<Turnover>>,
    /// Sickness absence before and after.
    #[serde(default)]
    pub absence: Option<Spanned<Absence>>,
}

/// Where a figure came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum SourceRef {
    /// A `[[sources]]` entry of a portfolio, numbered from 1.
    Number(usize),
    /// Free text (`HR report 2024`).
    Text(String),
}

/// `[economics.turnover]`. Every key is needed; they are optional here so that a missing one
/// is named in words rather than by the parser.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Turnover {
    /// Headcount in scope.
    pub staff: Option<Spanned<f64>>,
    /// The annual share of staff who left before the programme.
    pub rate_before: Option<Spanned<f64>>,
    /// … and after it.
    pub rate_after: Option<Spanned<f64>>,
    /// What replacing one leaver costs.
    pub cost_per_leaver: Option<Spanned<f64>>,
    /// Where these figures came from, when not the `[economics]` source.
    #[serde(default)]
    pub source: Option<Spanned<SourceRef>>,
}

/// `[economics.absence]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Absence {
    /// Headcount in scope.
    pub staff: Option<Spanned<f64>>,
    /// Sickness-absence days per person per year before the programme.
    pub days_before: Option<Spanned<f64>>,
    /// … and after it.
    pub days_after: Option<Spanned<f64>>,
    /// What one day's absence costs.
    pub cost_per_day: Option<Spanned<f64>>,
    /// Where these figures came from, when not the `[economics]` source.
    #[serde(default)]
    pub source: Option<Spanned<SourceRef>>,
}

/// A currency the report can write: its code, its symbol, and whether the symbol follows the
/// amount (`12,000 kr`) or leads it (`£12,000`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Currency {
    /// ISO 4217 code.
    pub code: &'static str,
    /// The currency's own symbol.
    pub symbol: &'static str,
    /// The symbol is written after the amount.
    pub after: bool,
}

/// The currencies known, by ISO 4217 code.
pub const CURRENCIES: &[Currency] = &[
    Currency { code: "GBP", symbol: "£", after: false },
    Currency { code: "EUR", symbol: "€", after: false },
    Currency { code: "USD", symbol: "$", after: false },
    Currency { code: "AUD", symbol: "A$", after: false },
    Currency { code: "CAD", symbol: "C$", after: false },
    Currency { code: "NZD", symbol: "NZ$", after: false },
    Currency { code: "CHF", symbol: "CHF ", after: false },
    Currency { code: "SEK", symbol: "kr", after: true },
    Currency { code: "NOK", symbol: "kr", after: true },
    Currency { code: "DKK", symbol: "kr", after: true },
    Currency { code: "ISK", symbol: "kr", after: true },
];

/// The currency of an ISO 4217 code, if known.
pub fn currency(code: &str) -> Option<Currency> {
    CURRENCIES.iter().copied().find(|c| c.code == code)
}

impl Economics {
    /// The share credited to the programme.
    pub fn attribution(&self) -> f64 {
        self.attribution.as_ref().map_or(1.0, |a| *a.get_ref())
    }
}

/// Check `[economics]`; `at` turns a span of the settings file into a located problem, and
/// `sources` is the number of `[[sources]]` (`None` in a programme, which has none).
pub fn check(
    economics: &Spanned<Economics>,
    at: &dyn Fn(Range<usize>, String) -> Problem,
    sources: Option<usize>,
) -> Problems {
    let mut problems = Problems::default();
    let e = economics.get_ref();
    let code = e.currency.get_ref();
    if currency(code).is_none() {
        let known: Vec<&str> = CURRENCIES.iter().map(|c| c.code).collect();
        problems.push(
            at(e.currency.span(), format!("`currency` = \"{code}\" is not a currency impact knows"))
                .help(format!("give an ISO 4217 code, one of: {}", known.join(", "))),
        );
    }
    if let Some(attribution) = &e.attribution {
        let a = *attribution.get_ref();
        if !(a > 0.0 && a <= 1.0) {
            problems.push(
                at(attribution.span(), format!("`attribution` = {a} is not a share above 0 and at most 1"))
                    .help("the share of the change credited to the programme, e.g. attribution = 0.5 for half"),
            );
        }
    }
    if let Some(cost) = &e.programme_cost {
        not_negative(at, "programme_cost", cost, &mut problems);
    }
    let mut check_source = |source: &Option<Spanned<SourceRef>>| {
        let Some(source) = source else { return };
        match (source.get_ref(), sources) {
            (SourceRef::Number(_), None) => problems.push(
                at(source.span(), "`source` is a number, but only a portfolio numbers its sources".into())
                    .help("name the source in words: source = \"HR report 2024\""),
            ),
            (SourceRef::Number(n), Some(count)) if !(1..=count).contains(n) => problems.push(
                at(source.span(), format!("`source` = {n} names no [[sources]] entry"))
                    .help(format!("sources are numbered 1 to {count} in the order of [[sources]]")),
            ),
            _ => {}
        }
    };
    check_source(&e.source);
    if let Some(turnover) = &e.turnover {
        check_source(&turnover.get_ref().source);
    }
    if let Some(absence) = &e.absence {
        check_source(&absence.get_ref().source);
    }
    match (&e.turnover, &e.absence) {
        (None, None) => problems.push(
            at(economics.span(), "[economics] has neither [economics.turnover] nor [economics.absence]".into())
                .help("give the turnover or the sickness absence before and after, or leave [economics] out"),
        ),
        (turnover, absence) => {
            if let Some(t) = turnover {
                let table = "[economics.turnover]";
                let s = t.get_ref();
                staff(at, table, t.span(), &s.staff, &mut problems);
                for (key, rate) in [("rate_before", &s.rate_before), ("rate_after", &s.rate_after)] {
                    match required(at, table, t.span(), key, rate, &mut problems) {
                        Some(r) if !(0.0..=1.0).contains(r.get_ref()) => problems.push(
                            at(r.span(), format!("`{key}` = {} is not a rate between 0 and 1", r.get_ref()))
                                .help("give the annual share of staff who left: 0.14 for 14%"),
                        ),
                        _ => {}
                    }
                }
                if let Some(cost) = required(at, table, t.span(), "cost_per_leaver", &s.cost_per_leaver, &mut problems)
                {
                    not_negative(at, "cost_per_leaver", cost, &mut problems);
                }
            }
            if let Some(a) = absence {
                let table = "[economics.absence]";
                let s = a.get_ref();
                staff(at, table, a.span(), &s.staff, &mut problems);
                for (key, days) in [("days_before", &s.days_before), ("days_after", &s.days_after)] {
                    match required(at, table, a.span(), key, days, &mut problems) {
                        Some(d) if !(0.0..=366.0).contains(d.get_ref()) => problems.push(
                            at(d.span(), format!("`{key}` = {} is not a number of days in a year", d.get_ref()))
                                .help("give the sickness-absence days per person per year, e.g. 9.2"),
                        ),
                        _ => {}
                    }
                }
                if let Some(cost) = required(at, table, a.span(), "cost_per_day", &s.cost_per_day, &mut problems) {
                    not_negative(at, "cost_per_day", cost, &mut problems);
                }
            }
        }
    }
    problems
}

/// A key the table needs: its value, or a problem saying it is missing.
fn required<'v>(
    at: &dyn Fn(Range<usize>, String) -> Problem,
    table: &str,
    span: Range<usize>,
    key: &str,
    value: &'v Option<Spanned<f64>>,
    problems: &mut Problems,
) -> Option<&'v Spanned<f64>> {
    if value.is_none() {
        problems.push(at(span, format!("{table} needs `{key}`")).help(format!("add {key} = … under {table}")));
    }
    value.as_ref()
}

/// `staff`: present, and a whole number of people above zero.
fn staff(
    at: &dyn Fn(Range<usize>, String) -> Problem,
    table: &str,
    span: Range<usize>,
    value: &Option<Spanned<f64>>,
    problems: &mut Problems,
) {
    let Some(staff) = value else {
        problems.push(
            at(span, format!("{table} needs `staff`, the headcount in scope"))
                .help(format!("add staff = 450 (say) under {table}: the savings are per member of staff")),
        );
        return;
    };
    let n = *staff.get_ref();
    if !(n >= 1.0 && n.fract() == 0.0 && n.is_finite()) {
        problems.push(
            at(staff.span(), format!("`staff` = {n} is not a whole number of people above 0"))
                .help("give the headcount in scope, e.g. staff = 450"),
        );
    }
}

fn not_negative(
    at: &dyn Fn(Range<usize>, String) -> Problem,
    key: &str,
    value: &Spanned<f64>,
    problems: &mut Problems,
) {
    let v = *value.get_ref();
    if !(v >= 0.0 && v.is_finite()) {
        problems.push(
            at(value.span(), format!("`{key}` = {v} is negative"))
                .help("give the cost as a positive amount in the currency, without its symbol"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct File {
        economics: Spanned<Economics>,
    }

    fn problems(text: &str, sources: Option<usize>) -> Vec<String> {
        let file: File = toml::from_str(text).expect("parses");
        let at = |span: Range<usize>, message: String| crate::config::problem_in("programme.toml", text, span, message);
        check(&file.economics, &at, sources).0.into_iter().map(|p| p.to_string()).collect()
    }

    const GOOD: &str = "[economics]\ncurrency = \"GBP\"\nprogramme_cost = 24000\nattribution = 0.5\n\
                        [economics.turnover]\nstaff = 450\nrate_before = 0.14\nrate_after = 0.11\n\
                        cost_per_leaver = 12000\n";

    #[test]
    fn the_contract_example_passes() {
        assert!(problems(GOOD, None).is_empty());
    }

    #[test]
    fn each_bad_input_names_its_key_and_line() {
        let cases = [
            ("rate_before = 0.14", "rate_before = 14", "`rate_before` = 14 is not a rate between 0 and 1", 7),
            ("programme_cost = 24000", "programme_cost = -5", "`programme_cost` = -5 is negative", 3),
            ("staff = 450\n", "", "[economics.turnover] needs `staff`", 5),
            ("\"GBP\"", "\"XYZ\"", "`currency` = \"XYZ\" is not a currency impact knows", 2),
            ("cost_per_leaver = 12000", "cost_per_leaver = -1", "`cost_per_leaver` = -1 is negative", 9),
            ("attribution = 0.5", "attribution = 1.5", "`attribution` = 1.5 is not a share", 4),
        ];
        for (from, to, message, line) in cases {
            let text = GOOD.replace(from, to);
            let found = problems(&text, None);
            assert_eq!(found.len(), 1, "{to}: {found:?}");
            assert!(found[0].contains(message), "{to}: {}", found[0]);
            assert!(found[0].contains(&format!("programme.toml:{line}:")), "{to}: {}", found[0]);
        }
    }

    #[test]
    fn a_numbered_source_needs_a_portfolio_entry() {
        let text = GOOD.replace("attribution = 0.5", "source = 2");
        assert!(problems(&text, None)[0].contains("only a portfolio numbers its sources"));
        assert!(problems(&text, Some(1))[0].contains("`source` = 2 names no [[sources]] entry"));
        assert!(problems(&text, Some(2)).is_empty());
    }

    #[test]
    fn economics_needs_a_part() {
        let text = "[economics]\ncurrency = \"EUR\"\n";
        assert!(problems(text, None)[0].contains("neither [economics.turnover] nor [economics.absence]"));
    }
}
