//! Questionnaire scoring keys as data.
//!
//! Every built-in instrument is a TOML file in `src/instruments/keys/`, embedded in the binary at
//! compile time. A programme may also point a measure at its own TOML file in the same format.

use serde::Deserialize;

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
    /// Parse an instrument file and check it is internally consistent.
    pub fn from_toml(text: &str) -> Result<Instrument, String> {
        let instrument: Instrument = toml::from_str(text).map_err(|e| e.to_string())?;
        instrument.validate()?;
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

    fn validate(&self) -> Result<(), String> {
        if self.min >= self.max {
            return Err(format!("min ({}) must be below max ({})", self.min, self.max));
        }
        if self.max - self.min > 250 {
            return Err("responses may span at most 250 points".into());
        }
        let check_item = |i: usize, what: &str| {
            if i == 0 || i > self.items {
                Err(format!("{what} names item {i}, but items run from 1 to {}", self.items))
            } else {
                Ok(())
            }
        };
        for &i in &self.reverse {
            check_item(i, "reverse")?;
        }
        for (label, &value) in &self.labels {
            if value < self.min || value > self.max {
                return Err(format!("label '{label}' stands for {value}, outside {} to {}", self.min, self.max));
            }
        }
        if self.scales.is_empty() {
            return Err("an instrument needs at least one [[scales]] entry".into());
        }
        for scale in &self.scales {
            let what = format!("scale '{}'", scale.id);
            match scale.score {
                Method::MeanOfScales => {
                    if scale.of.is_empty() {
                        return Err(format!("{what} uses mean_of_scales but lists no scales in `of`"));
                    }
                    for other in &scale.of {
                        let ok = self.scales.iter().any(|s| &s.id == other && s.score != Method::MeanOfScales);
                        if !ok {
                            return Err(format!("{what} averages '{other}', which is not an item-scored scale"));
                        }
                    }
                }
                Method::Sum | Method::Mean => {
                    if scale.items.is_empty() {
                        return Err(format!("{what} lists no items"));
                    }
                    for &i in &scale.items {
                        check_item(i, &what)?;
                    }
                }
            }
            if let Some(r) = scale.reliability
                && !(0.0..1.0).contains(&r)
            {
                return Err(format!("{what}: reliability {r} must be at least 0 and below 1"));
            }
            if let Some(m) = self.max_missing
                && !(0.0..=1.0).contains(&m)
            {
                return Err(format!("max_missing {m} must lie between 0 and 1"));
            }
        }
        Ok(())
    }
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
    }
}
