//! Questionnaire scoring keys as data.
//!
//! Every built-in instrument is a TOML file in `src/instruments/keys/`, embedded in the binary at
//! compile time. A programme may also point a measure at its own TOML file in the same format.

use serde::Deserialize;

use crate::config::limits::{
    MAX_BANDS, MAX_ENTRIES, MAX_ITEMS, MAX_LONG_TEXT, MAX_RESPONSE_SPAN, MAX_SCALES, MAX_TEXT, MAX_TRANSFORM_VALUES,
    RESPONSE_BOUND, SCORE_BOUND,
};
use crate::config::spans::{Step, line_column, long_texts, value_span};

mod builtin;

pub use builtin::{builtin, builtin_ids};

/// Which direction of a score is the good one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    /// Higher scores are better (e.g. self-compassion, wellbeing).
    Higher,
    /// Lower scores are better (e.g. self-criticism, depression).
    Lower,
}

impl Better {
    /// The word used in results.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Better::Higher => "higher",
            Better::Lower => "lower",
        }
    }
}

/// How a scale's items combine into its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The sum of the items (prorated when some are missing).
    Sum,
    /// The mean of the answered items.
    Mean,
    /// The mean of other scales' scores (the SCS total, by Neff's current guidance).
    MeanOfScales,
}

/// One questionnaire: its items, their range, reverse keys and scales.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Short lowercase id used in programme.toml (`scs-sf`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Abbreviation shown in tables (`SCS-SF`).
    pub short_name: String,
    /// The reference to cite for the scoring key.
    pub citation: String,
    /// DOI of the citation, where known.
    #[serde(default)]
    pub doi: Option<String>,
    /// Number of items on the official form.
    pub items: usize,
    /// Lowest response value.
    pub min: i32,
    /// Highest response value.
    pub max: i32,
    /// Items scored in reverse as `(min + max) - x`, by official position (1-based).
    #[serde(default)]
    pub reverse: Vec<usize>,
    /// The largest share of a scale's items that may be missing before it is left unscored;
    /// overrides the programme's `[analysis] max_missing` where the instrument's authors set a rule.
    #[serde(default)]
    pub max_missing: Option<f64>,
    /// Licence or terms of use, as published.
    #[serde(default)]
    pub license: Option<String>,
    /// A short note for the methods section.
    #[serde(default)]
    pub notes: Option<String>,
    /// Response labels: answers given as words with the number each stands for
    /// (`"Almost never" = 1`), for exports that write the words (Forms, Qualtrics choice text).
    #[serde(default)]
    pub labels: std::collections::BTreeMap<String, i32>,
    /// Scales (a total and/or subscales).
    pub scales: Vec<Scale>,
}

/// One scored scale of an instrument.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    /// Scale id within the instrument (`total`, `inadequate_self`).
    pub id: String,
    /// Label shown in reports (`Self-compassion`).
    pub label: String,
    /// Item positions (1-based) for `sum` and `mean`.
    #[serde(default)]
    pub items: Vec<usize>,
    /// For `mean_of_scales`: the ids of the scales averaged.
    #[serde(default)]
    pub of: Vec<String>,
    /// How the items combine.
    pub score: Method,
    /// Which direction is good.
    pub better: Better,
    /// Whether the scale is analysed when a measure names no scales (default true). Scales whose
    /// authors advise against reporting them alone (two-item subscales) set this to false.
    #[serde(default = "yes")]
    pub default: bool,
    /// Published internal consistency (Cronbach's alpha), used for reliable change.
    #[serde(default)]
    pub reliability: Option<f64>,
    /// Where the published reliability comes from.
    #[serde(default)]
    pub reliability_source: Option<String>,
    /// Interpretation bands (inclusive ranges), where published.
    #[serde(default)]
    pub bands: Vec<Band>,
    /// Published cut-offs (caseness thresholds).
    #[serde(default)]
    pub cutoffs: Vec<Cutoff>,
    /// Smallest change counted as reliable by the instrument's own published rule, in either
    /// direction (e.g. NHS Talking Therapies: PHQ-9 6, GAD-7 4). Separate from the Jacobson–Truax
    /// reliable change, which is computed from the reliability and the sample's SD.
    #[serde(default)]
    pub change_threshold: Option<f64>,
    /// A published raw-to-metric conversion applied after scoring (SWEMWBS).
    #[serde(default)]
    pub transform: Option<Transform>,
}

fn yes() -> bool {
    true
}

/// An interpretation band: a score from `min` to `max` inclusive carries `label`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Band name (`low`, `moderate`, `high`).
    pub label: String,
    /// Lowest score in the band.
    pub min: f64,
    /// Highest score in the band.
    pub max: f64,
    /// Where the bands come from.
    #[serde(default)]
    pub basis: Option<String>,
}

/// A published threshold, such as a caseness cut-off.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    /// Name (`caseness`).
    pub name: String,
    /// Comparison: `>=`, `>`, `<=` or `<`.
    pub op: String,
    /// Threshold value.
    pub value: f64,
    /// Where the cut-off comes from.
    #[serde(default)]
    pub basis: Option<String>,
}

/// A lookup from raw total to a published metric score.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transform {
    /// The raw score the first value belongs to.
    pub first_raw: i32,
    /// Metric scores for raw scores `first_raw`, `first_raw + 1`, ….
    pub values: Vec<f64>,
    /// Where the table comes from.
    #[serde(default)]
    pub basis: Option<String>,
}

impl Instrument {
    /// Parse an instrument file and check it is internally consistent and within the bounds of
    /// [`crate::config::limits`]. A value found wrong is named with its line and column.
    pub fn from_toml(text: &str) -> Result<Instrument, String> {
        let instrument: Instrument = toml::from_str(text).map_err(|e| e.to_string())?;
        let texts = long_texts(text, |key| if LONG_TEXTS.contains(&key) { MAX_LONG_TEXT } else { MAX_TEXT });
        if let Some(long) = texts.first() {
            let what = if long.is_key { format!("a key of `{}`", long.key) } else { format!("`{}`", long.key) };
            let (line, column) = line_column(text, long.span.start);
            return Err(format!(
                "line {line}, column {column}: {what} has {} characters, more than {}",
                long.chars, long.limit
            ));
        }
        instrument.validate().map_err(|invalid| match value_span(text, &invalid.path) {
            Some(span) => {
                let (line, column) = line_column(text, span.start);
                format!("line {line}, column {column}: {}", invalid.message)
            }
            None => invalid.message,
        })?;
        Ok(instrument)
    }

    /// Look up a scale by id.
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// Whether item `item` (1-based) is reverse keyed.
    pub fn is_reversed(&self, item: usize) -> bool {
        self.reverse.contains(&item)
    }

    /// The items any scale uses, in order: the columns a programme must provide.
    pub fn scored_items(&self) -> Vec<usize> {
        let mut used: Vec<usize> = self.scales.iter().flat_map(|s| s.items.clone()).collect();
        used.sort_unstable();
        used.dedup();
        used
    }

    fn validate(&self) -> Result<(), Invalid<'_>> {
        self.validate_range()?;
        let items = self.items;
        let check_items = |list: &[usize], path: &dyn Fn(usize) -> Vec<Step<'static>>, what: &str| {
            let mut seen = vec![false; items + 1];
            for (at, &i) in list.iter().enumerate() {
                if i == 0 || i > items {
                    return Err(invalid(path(at), format!("{what} names item {i}, but items run from 1 to {items}")));
                }
                if std::mem::replace(&mut seen[i], true) {
                    return Err(invalid(path(at), format!("{what} lists item {i} twice")));
                }
            }
            Ok(())
        };
        check_items(&self.reverse, &|at| vec![Step::Key("reverse"), Step::Index(at)], "reverse")?;
        if self.labels.len() > MAX_ENTRIES {
            return Err(invalid(vec![Step::Key("labels")], format!("`labels` has more than {MAX_ENTRIES} entries")));
        }
        for (label, &value) in &self.labels {
            if value < self.min || value > self.max {
                return Err(invalid(
                    vec![Step::Key("labels"), Step::Key(label.as_str())],
                    format!("label '{label}' stands for {value}, outside {} to {}", self.min, self.max),
                ));
            }
        }
        if let Some(m) = self.max_missing
            && !(0.0..=1.0).contains(&m)
        {
            return Err(invalid(vec![Step::Key("max_missing")], format!("max_missing {m} must lie between 0 and 1")));
        }
        if self.scales.is_empty() {
            return Err(invalid(Vec::new(), "an instrument needs at least one [[scales]] entry"));
        }
        if self.scales.len() > MAX_SCALES {
            let path = vec![Step::Key("scales"), Step::Index(MAX_SCALES)];
            return Err(invalid(path, format!("an instrument has at most {MAX_SCALES} scales")));
        }
        for (index, scale) in self.scales.iter().enumerate() {
            let at = |key: &'static str| vec![Step::Key("scales"), Step::Index(index), Step::Key(key)];
            let what = format!("scale '{}'", scale.id);
            if self.scales[..index].iter().any(|s| s.id == scale.id) {
                return Err(invalid(at("id"), format!("{what} is listed twice")));
            }
            match scale.score {
                Method::MeanOfScales => {
                    if scale.of.is_empty() {
                        return Err(invalid(
                            at("of"),
                            format!("{what} uses mean_of_scales but lists no scales in `of`"),
                        ));
                    }
                    for (i, other) in scale.of.iter().enumerate() {
                        let ok = self.scales.iter().any(|s| &s.id == other && s.score != Method::MeanOfScales);
                        if !ok || scale.of[..i].contains(other) {
                            let why = if ok { "twice" } else { "which is not an item-scored scale" };
                            let mut path = at("of");
                            path.push(Step::Index(i));
                            return Err(invalid(path, format!("{what} averages '{other}', {why}")));
                        }
                    }
                }
                Method::Sum | Method::Mean => {
                    if scale.items.is_empty() {
                        return Err(invalid(at("items"), format!("{what} lists no items")));
                    }
                    let path = |i: usize| {
                        let mut path = at("items");
                        path.push(Step::Index(i));
                        path
                    };
                    check_items(&scale.items, &path, &what)?;
                }
            }
            if let Some(r) = scale.reliability
                && !(0.0..1.0).contains(&r)
            {
                return Err(invalid(
                    at("reliability"),
                    format!("{what}: reliability {r} must be at least 0 and below 1"),
                ));
            }
            scale.validate_scores(index, &what)?;
        }
        Ok(())
    }

    /// `items`, `min` and `max` within their bounds, compared as 64-bit numbers so that no
    /// extreme value overflows.
    fn validate_range(&self) -> Result<(), Invalid<'static>> {
        let key = |key: &'static str| vec![Step::Key(key)];
        if self.items == 0 || self.items > MAX_ITEMS {
            return Err(invalid(
                key("items"),
                format!("`items` is {}; an instrument has 1 to {MAX_ITEMS} items", self.items),
            ));
        }
        let (min, max) = (i64::from(self.min), i64::from(self.max));
        for (name, value) in [("min", min), ("max", max)] {
            if value.abs() > RESPONSE_BOUND {
                return Err(invalid(
                    key(name),
                    format!("`{name}` is {value}; responses lie from -{RESPONSE_BOUND} to {RESPONSE_BOUND}"),
                ));
            }
        }
        if min >= max {
            return Err(invalid(key("max"), format!("min ({min}) must be below max ({max})")));
        }
        if max - min > MAX_RESPONSE_SPAN {
            return Err(invalid(key("max"), format!("responses may span at most {MAX_RESPONSE_SPAN} points")));
        }
        Ok(())
    }
}

impl Scale {
    /// Bands, cut-offs, the change threshold and the conversion table: finite numbers within
    /// [`SCORE_BOUND`], lists within their bounds.
    fn validate_scores(&self, index: usize, what: &str) -> Result<(), Invalid<'static>> {
        let at = |key: &'static str, i: Option<usize>, field: Option<&'static str>| {
            let mut path = vec![Step::Key("scales"), Step::Index(index), Step::Key(key)];
            path.extend(i.map(Step::Index));
            path.extend(field.map(Step::Key));
            path
        };
        let score = |value: f64| value.is_finite() && value.abs() <= SCORE_BOUND;
        let out_of_bounds =
            |name: &str, value: f64| format!("{what}: {name} {value} is not a score within ±{SCORE_BOUND:e}");
        for (key, len) in [("bands", self.bands.len()), ("cutoffs", self.cutoffs.len())] {
            if len > MAX_BANDS {
                let message = format!("{what} has more than {MAX_BANDS} {key}");
                return Err(invalid(at(key, Some(MAX_BANDS), None), message));
            }
        }
        for (i, band) in self.bands.iter().enumerate() {
            for (field, value) in [("min", band.min), ("max", band.max)] {
                if !score(value) {
                    return Err(invalid(at("bands", Some(i), Some(field)), out_of_bounds("band bound", value)));
                }
            }
            if band.min > band.max {
                let message = format!("{what}: band '{}' runs from {} down to {}", band.label, band.min, band.max);
                return Err(invalid(at("bands", Some(i), Some("max")), message));
            }
        }
        for (i, cutoff) in self.cutoffs.iter().enumerate() {
            if !score(cutoff.value) {
                return Err(invalid(at("cutoffs", Some(i), Some("value")), out_of_bounds("cut-off", cutoff.value)));
            }
            if !matches!(cutoff.op.as_str(), ">=" | ">" | "<=" | "<") {
                let message = format!("{what}: cut-off op '{}' is not >=, >, <= or <", cutoff.op);
                return Err(invalid(at("cutoffs", Some(i), Some("op")), message));
            }
        }
        if let Some(points) = self.change_threshold
            && !(score(points) && points > 0.0)
        {
            let message = format!("{what}: change_threshold {points} is not a number of points above 0");
            return Err(invalid(at("change_threshold", None, None), message));
        }
        if let Some(transform) = &self.transform {
            let path = |field: &'static str, i: Option<usize>| {
                let mut path = at("transform", None, Some(field));
                path.extend(i.map(Step::Index));
                path
            };
            if !score(f64::from(transform.first_raw)) {
                let message = out_of_bounds("transform first_raw", f64::from(transform.first_raw));
                return Err(invalid(path("first_raw", None), message));
            }
            if transform.values.is_empty() || transform.values.len() > MAX_TRANSFORM_VALUES {
                let message = format!("{what}: a transform has 1 to {MAX_TRANSFORM_VALUES} values");
                return Err(invalid(path("values", None), message));
            }
            if let Some(i) = transform.values.iter().position(|&v| !score(v)) {
                return Err(invalid(path("values", Some(i)), out_of_bounds("transform value", transform.values[i])));
            }
        }
        Ok(())
    }
}

/// Keys of an instrument file that may hold [`MAX_LONG_TEXT`] characters; the rest hold
/// [`MAX_TEXT`].
const LONG_TEXTS: [&str; 6] = ["citation", "notes", "license", "reliability_source", "basis", "doi"];

/// What is wrong with an instrument file, and the path of the value that is.
struct Invalid<'a> {
    message: String,
    path: Vec<Step<'a>>,
}

fn invalid<'a>(path: Vec<Step<'a>>, message: impl Into<String>) -> Invalid<'a> {
    Invalid { message: message.into(), path }
}

/// Print an instrument's scoring key (never item wording) for `impact instruments ID`.
pub fn describe(i: &Instrument, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "{} ({})", i.name, i.short_name)?;
    writeln!(out, "id:        {}", i.id)?;
    writeln!(out, "citation:  {}", i.citation)?;
    if let Some(doi) = &i.doi {
        writeln!(out, "doi:       {doi}")?;
    }
    writeln!(out, "items:     {} answered {} to {}", i.items, i.min, i.max)?;
    if i.reverse.is_empty() {
        writeln!(out, "reverse:   none")?;
    } else {
        writeln!(out, "reverse:   {} (scored as {} − x)", join(&i.reverse), i.min + i.max)?;
    }
    if let Some(m) = i.max_missing {
        writeln!(out, "missing:   at most {:.0}% of a scale's items", m * 100.0)?;
    }
    if let Some(license) = &i.license {
        writeln!(out, "licence:   {license}")?;
    }
    for s in &i.scales {
        writeln!(out)?;
        let how = match s.score {
            Method::Sum => format!("sum of items {}", join(&s.items)),
            Method::Mean => format!("mean of items {}", join(&s.items)),
            Method::MeanOfScales => format!("mean of scales {}", s.of.join(", ")),
        };
        let default = if s.default { "" } else { " (only when named in `scales`)" };
        writeln!(out, "scale {}: {}{default}", s.id, s.label)?;
        writeln!(out, "  score:   {how}; {} is better", s.better.as_str())?;
        if let Some(r) = s.reliability {
            writeln!(
                out,
                "  alpha:   {r}{}",
                s.reliability_source.as_ref().map_or(String::new(), |src| format!(" ({src})"))
            )?;
        }
        for b in &s.bands {
            writeln!(out, "  band:    {} to {}: {}", b.min, b.max, b.label)?;
        }
        if let Some(points) = s.change_threshold {
            writeln!(out, "  reliable change: {points} points (the instrument's own rule)")?;
        }
        for c in &s.cutoffs {
            writeln!(out, "  cut-off: {} {} {}", c.name, c.op, c.value)?;
        }
        if s.transform.is_some() {
            writeln!(out, "  converted to a metric score by the published table")?;
        }
    }
    if let Some(notes) = &i.notes {
        writeln!(out, "\nnote: {notes}")?;
    }
    Ok(())
}

fn join(items: &[usize]) -> String {
    items.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_instrument_parses_and_is_consistent() {
        for id in builtin_ids() {
            let instrument = builtin(id).expect("listed id loads");
            assert_eq!(instrument.id, id);
            assert!(!instrument.scales.is_empty());
        }
    }

    #[test]
    fn an_item_beyond_the_form_is_rejected() {
        let text = r#"
            id = "x"
            name = "X"
            short_name = "X"
            citation = "Nobody (2000)."
            items = 3
            min = 1
            max = 5
            [[scales]]
            id = "total"
            label = "X"
            items = [1, 2, 4]
            score = "sum"
            better = "higher"
        "#;
        let err = Instrument::from_toml(text).unwrap_err();
        assert!(err.contains("item 4"), "{err}");
        assert!(err.starts_with("line 12, column 28: "), "{err}");
    }

    #[test]
    fn extreme_numbers_are_refused_at_their_line_without_overflow() {
        let key = |items: &str, min: &str, max: &str| {
            format!(
                "id = \"x\"\nname = \"X\"\nshort_name = \"X\"\ncitation = \"N.\"\nitems = {items}\nmin = {min}\nmax = {max}\n\
                 [[scales]]\nid = \"total\"\nlabel = \"X\"\nitems = [1, 2]\nscore = \"sum\"\nbetter = \"higher\"\n"
            )
        };
        let cases = [
            (key("18446744073709551615", "1", "5"), "line 5, column 9: `items` is 18446744073709551615"),
            (key("4000000000", "1", "5"), "line 5, column 9: `items` is 4000000000"),
            (key("0", "1", "5"), "line 5, column 9: `items` is 0"),
            (key("2", "-2147483648", "2147483647"), "line 6, column 7: `min` is -2147483648"),
            (key("2", "-1000", "1000"), "line 7, column 7: responses may span at most 250 points"),
            (key("2", "5", "5"), "line 7, column 7: min (5) must be below max (5)"),
        ];
        for (text, expected) in cases {
            let err = Instrument::from_toml(&text).unwrap_err();
            assert!(err.starts_with(expected), "{err}");
        }
        assert!(Instrument::from_toml(&key("1000", "-1000", "-750")).is_ok());
    }
}
