//! Sentences written from the results: direction-aware, with n always given, significance and
//! size in words, and the rule set for sizes named.

use super::format::{interval, number, p_value};
use crate::analysis::Outcome;

/// Conventions used to name effect sizes, as cited in the report.
pub const SIZE_RULES: &str = "Cohen's (1988) conventions";

/// Below this many pairs a result is flagged as imprecise.
const FEW: usize = 10;

/// How one outcome is talked about.
#[derive(Debug, Clone)]
pub struct Voice<'a> {
    /// The outcome.
    pub outcome: &'a Outcome,
    /// Its name in sentences (`Self-compassion (SCS-SF)`).
    pub name: String,
    /// Whether p-values were adjusted across outcomes (and the adjusted one decides).
    pub adjusted: bool,
    /// Confidence level of intervals; 1 − confidence is the significance level.
    pub confidence: f64,
}

/// The size of a standardised effect in words, by Cohen's (1988) benchmarks.
pub fn size_word(effect: f64) -> &'static str {
    match effect.abs() {
        e if e < 0.2 => "negligible",
        e if e < 0.5 => "small",
        e if e < 0.8 => "medium",
        _ => "large",
    }
}

/// Decimals for a scale's means: two for scales spanning at most 10 points (item means, short
/// sums), one for longer sums. Scored columns without a range go by their typical value.
pub fn decimals(outcome: &Outcome) -> usize {
    let span = match outcome.range {
        Some([lo, hi]) => hi - lo,
        None => outcome.pre.mean.or(outcome.post.mean).unwrap_or(0.0).abs(),
    };
    if span <= 10.0 { 2 } else { 1 }
}

impl Voice<'_> {
    fn decimals(&self) -> usize {
        decimals(self.outcome)
    }

    fn deciding_p(&self) -> Option<f64> {
        if self.adjusted { self.outcome.p_adjusted } else { self.outcome.p }
    }

    /// Whether the change is statistically significant at 1 − confidence.
    pub fn significant(&self) -> bool {
        self.deciding_p().is_some_and(|p| p < 1.0 - self.confidence)
    }

    /// Whether the mean moved in the better direction.
    pub fn improved(&self) -> Option<bool> {
        let d = self.outcome.diff.mean?;
        if d == 0.0 {
            return None;
        }
        Some((d > 0.0) == (self.outcome.better == "higher"))
    }

    fn verb(&self) -> &'static str {
        match self.outcome.diff.mean {
            Some(d) if d > 0.0 => "rose",
            Some(d) if d < 0.0 => "fell",
            _ => "did not change",
        }
    }

    /// `from 2.95 at pre to 3.29 at post`.
    fn means_phrase(&self) -> String {
        let o = self.outcome;
        let d = self.decimals();
        format!("from {} at {} to {} at {}", number(o.paired.pre_mean, d), o.from, number(o.paired.post_mean, d), o.to)
    }

    /// `t(16) = 3.89, p = .001 (Holm-adjusted p = .005)`.
    pub fn test_statistic(&self) -> Option<String> {
        let o = self.outcome;
        let (t, df) = (o.t?, o.df?);
        let p = apa_p(o.p);
        let adjusted = if self.adjusted { format!(" (Holm-adjusted {})", apa_p(o.p_adjusted)) } else { String::new() };
        Some(format!("t({df}) = {}, {p}{adjusted}", number(Some(t), 2)))
    }

    /// `d_z = 0.94, 95% CI [0.36, 1.51]`.
    pub fn effect_statistic(&self) -> Option<String> {
        let e = &self.outcome.effect;
        let dz = e.dz?;
        let ci = match e.dz_ci {
            Some(_) => format!(", {:.0}% CI {}", self.confidence * 100.0, interval(e.dz_ci, 2)),
            None => String::new(),
        };
        Some(format!("d_z = {}{ci}", number(Some(dz), 2)))
    }

    /// The sentence for the results section.
    pub fn full(&self) -> String {
        let o = self.outcome;
        let n = o.n_pairs;
        let Some(test) = self.test_statistic() else {
            return self.untestable();
        };
        let mut s = format!("{} {} {} (n = {n})", self.name, self.verb(), self.means_phrase());
        // Only a significant change in the wanted direction is called an improvement; otherwise
        // the sentence gives the direction, and the next says it is not significant.
        match (self.improved(), self.significant()) {
            (Some(true), true) => s.push_str(", an improvement. "),
            (Some(true), false) => s.push_str(", in the wanted direction. "),
            (Some(false), true) => s.push_str(", a change in the unwanted direction. "),
            (Some(false), false) => s.push_str(", in the unwanted direction. "),
            (None, _) => s.push_str(". "),
        }
        let mean_change = format!(
            "The mean change was {} ({:.0}% CI {})",
            signed(o.diff.mean, self.decimals()),
            self.confidence * 100.0,
            interval(o.diff.ci, self.decimals())
        );
        let verdict = if self.significant() { "statistically significant" } else { "not statistically significant" };
        s.push_str(&format!("{mean_change}; it is {verdict}, {test}"));
        if let Some(effect) = self.effect_statistic() {
            s.push_str(&format!("; {effect}"));
        }
        s.push('.');
        if let Some(gav) = o.effect.gav {
            s.push_str(&format!(
                " As g_av = {}, the effect is {} by {SIZE_RULES}.",
                number(Some(gav), 2),
                size_word(gav)
            ));
        }
        if o.effect.dz_ci.is_some_and(|[lo, hi]| lo <= 0.0 && hi >= 0.0) {
            s.push_str(" The interval for d_z includes zero, so the data are also consistent with no change.");
        }
        if n < FEW {
            s.push_str(&format!(" With only {n} people, this estimate is imprecise."));
        }
        s
    }

    /// The short sentence for the summary.
    pub fn short(&self) -> String {
        let o = self.outcome;
        let n = o.n_pairs;
        if o.t.is_none() {
            return format!("{}: too few paired scores to test (n = {n}).", self.name);
        }
        let p = if self.adjusted { format!("adjusted {}", apa_p(self.deciding_p())) } else { apa_p(self.deciding_p()) };
        let d = self.decimals();
        let means = format!("{} to {} by {}", number(o.paired.pre_mean, d), number(o.paired.post_mean, d), o.to);
        if !self.significant() {
            return format!("{}: no statistically significant change ({means}; n = {n}, {p}).", self.name);
        }
        let size = o.effect.gav.map_or(String::new(), |g| format!(", a {} effect", size_word(g)));
        let how = if self.improved() == Some(false) { " in the unwanted direction" } else { "" };
        format!("{} {}{how} from {means} (n = {n}, {p}{size}).", self.name, self.verb())
    }

    fn untestable(&self) -> String {
        let o = self.outcome;
        let n = o.n_pairs;
        if n < 2 {
            let people = if n == 1 { "person was" } else { "people were" };
            return format!(
                "{}: only {n} {people} scored at both {} and {}, too few to test the change.",
                self.name, o.from, o.to
            );
        }
        format!(
            "{} changed by the same amount ({}) for all {n} people scored at both {} and {}, so no test statistic can be computed.",
            self.name,
            signed(o.diff.mean, self.decimals()),
            o.from,
            o.to
        )
    }
}

/// `16 to 17`, or `17` when both ends are the same: a count that differs between outcomes.
pub fn count_range(fewest: usize, most: usize) -> String {
    if fewest == most { fewest.to_string() } else { format!("{fewest} to {most}") }
}

/// `p = .011` or `p < .001`.
pub fn apa_p(p: Option<f64>) -> String {
    let text = p_value(p);
    if text.starts_with('<') { format!("p {text}") } else { format!("p = {text}") }
}

/// A change with its sign: `+0.35`, `−1.20`.
pub fn signed(x: Option<f64>, decimals: usize) -> String {
    match x {
        Some(v) if v > 0.0 && number(Some(v), decimals) != number(Some(0.0), decimals) => {
            format!("+{}", number(Some(v), decimals))
        }
        _ => number(x, decimals),
    }
}

/// `A`, `A and B`, `A, B and C`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
