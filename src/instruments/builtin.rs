//! The instruments built into the binary.

use super::Instrument;

/// Every built-in key, as `(id, TOML text)`, in the order `impact instruments` lists them.
const KEYS: &[(&str, &str)] = &[
    ("scs-sf", include_str!("keys/scs-sf.toml")),
    ("scs", include_str!("keys/scs.toml")),
    ("fscrs", include_str!("keys/fscrs.toml")),
    ("fcs-for-others", include_str!("keys/fcs-for-others.toml")),
    ("fcs-from-others", include_str!("keys/fcs-from-others.toml")),
    ("fcs-for-self", include_str!("keys/fcs-for-self.toml")),
    ("ceas-self", include_str!("keys/ceas-self.toml")),
    ("ceas-to-others", include_str!("keys/ceas-to-others.toml")),
    ("ceas-from-others", include_str!("keys/ceas-from-others.toml")),
    ("wemwbs", include_str!("keys/wemwbs.toml")),
    ("swemwbs", include_str!("keys/swemwbs.toml")),
    ("pss-10", include_str!("keys/pss-10.toml")),
    ("phq-9", include_str!("keys/phq-9.toml")),
    ("gad-7", include_str!("keys/gad-7.toml")),
    ("proqol-5", include_str!("keys/proqol-5.toml")),
    ("core-10", include_str!("keys/core-10.toml")),
    ("k10", include_str!("keys/k10.toml")),
];

/// The ids of the built-in instruments.
pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|(id, _)| *id)
}

/// Load a built-in instrument by id. Ids match loosely: case, `-` and `_` are ignored, so
/// `SCS_SF`, `scssf` and `scs-sf` all name the SCS-SF.
pub fn builtin(id: &str) -> Option<Instrument> {
    let wanted = loose(id);
    let (_, text) = KEYS.iter().find(|(key, _)| loose(key) == wanted)?;
    // The keys are tested to parse; a failure here is a bug in a shipped file.
    Some(Instrument::from_toml(text).unwrap_or_else(|e| panic!("built-in instrument {id}: {e}")))
}

fn loose(id: &str) -> String {
    id.chars().filter(|c| *c != '-' && *c != '_').flat_map(char::to_lowercase).collect()
}
