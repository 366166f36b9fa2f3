//! `impact init`: a working programme folder with sample data, one per template.

use std::fs;
use std::path::Path;

/// The built-in templates, each with the sample programme `init` writes for it.
pub const TEMPLATES: &[(&str, &[(&str, &str)])] = &[
    (
        "schools",
        &[
            ("programme.toml", include_str!("../examples/school-staff/programme.toml")),
            ("data/scores.csv", include_str!("../examples/school-staff/data/scores.csv")),
            ("data/attendance.csv", include_str!("../examples/school-staff/data/attendance.csv")),
            ("data/participants.csv", include_str!("../examples/school-staff/data/participants.csv")),
        ],
    ),
    (
        "nhs",
        &[
            ("programme.toml", include_str!("../examples/nhs-staff-wellbeing/programme.toml")),
            ("data/scores.csv", include_str!("../examples/nhs-staff-wellbeing/data/scores.csv")),
        ],
    ),
    (
        "workplace",
        &[
            ("programme.toml", include_str!("../examples/workplace-resilience/programme.toml")),
            ("data/scores.csv", include_str!("../examples/workplace-resilience/data/scores.csv")),
        ],
    ),
];

/// Write the sample programme of `template` into `dir`, which must be absent or empty.
pub fn init(dir: &Path, template: &str) -> Result<Vec<String>, String> {
    let (_, files) = TEMPLATES
        .iter()
        .find(|(name, _)| *name == template)
        .ok_or_else(|| format!("there is no template '{template}'"))?;
    if dir.exists() {
        let empty = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?.next().is_none();
        if !empty {
            return Err(format!("{} already exists and is not empty; choose a new folder", dir.display()));
        }
    }
    let mut written = Vec::new();
    for (relative, text) in *files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(relative.to_string());
    }
    Ok(written)
}
