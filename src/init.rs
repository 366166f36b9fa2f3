//! `impact init`: a working programme folder with sample data, one per template, or with
//! `--template portfolio` a portfolio of programme folders, a partner's results and published
//! figures.

use std::fs;
use std::path::Path;

/// A sample programme's files: each path in the programme folder with the file's bytes.
pub type Files = &'static [(&'static str, &'static [u8])];

/// The built-in templates, each with the sample programme `init` writes for it: the files of
/// one of the examples in `examples/`.
pub const TEMPLATES: &[(&str, Files)] = &[
    (
        "schools",
        &[
            ("programme.toml", include_bytes!("../examples/compassion-in-schools/programme.toml")),
            ("data/scores.csv", include_bytes!("../examples/compassion-in-schools/data/scores.csv")),
            ("data/attendance.csv", include_bytes!("../examples/compassion-in-schools/data/attendance.csv")),
            ("data/participants.csv", include_bytes!("../examples/compassion-in-schools/data/participants.csv")),
            ("data/codebook.csv", include_bytes!("../examples/compassion-in-schools/data/codebook.csv")),
            ("data/excerpts.csv", include_bytes!("../examples/compassion-in-schools/data/excerpts.csv")),
            ("narrative/programme.md", include_bytes!("../examples/compassion-in-schools/narrative/programme.md")),
        ],
    ),
    (
        "nhs",
        &[
            ("programme.toml", include_bytes!("../examples/nhs-staff-wellbeing/programme.toml")),
            ("data/scores.csv", include_bytes!("../examples/nhs-staff-wellbeing/data/scores.csv")),
        ],
    ),
    (
        "workplace",
        &[
            ("programme.toml", include_bytes!("../examples/workplace-wellbeing/programme.toml")),
            ("data/responses.xlsx", include_bytes!("../examples/workplace-wellbeing/data/responses.xlsx")),
            ("narrative/programme.md", include_bytes!("../examples/workplace-wellbeing/narrative/programme.md")),
        ],
    ),
    (
        "portfolio",
        &[
            ("portfolio.toml", include_bytes!("../examples/portfolio/portfolio.toml")),
            ("partners/lisbon.json", include_bytes!("../examples/portfolio/partners/lisbon.json")),
            (
                "programmes/nhs-wards-2024/data/attendance.csv",
                include_bytes!("../examples/portfolio/programmes/nhs-wards-2024/data/attendance.csv"),
            ),
            (
                "programmes/nhs-wards-2024/data/participants.csv",
                include_bytes!("../examples/portfolio/programmes/nhs-wards-2024/data/participants.csv"),
            ),
            (
                "programmes/nhs-wards-2024/data/scores.csv",
                include_bytes!("../examples/portfolio/programmes/nhs-wards-2024/data/scores.csv"),
            ),
            (
                "programmes/nhs-wards-2024/narrative/programme.md",
                include_bytes!("../examples/portfolio/programmes/nhs-wards-2024/narrative/programme.md"),
            ),
            (
                "programmes/nhs-wards-2024/programme.toml",
                include_bytes!("../examples/portfolio/programmes/nhs-wards-2024/programme.toml"),
            ),
            (
                "programmes/schools-2023/data/attendance.csv",
                include_bytes!("../examples/portfolio/programmes/schools-2023/data/attendance.csv"),
            ),
            (
                "programmes/schools-2023/data/codebook.csv",
                include_bytes!("../examples/portfolio/programmes/schools-2023/data/codebook.csv"),
            ),
            (
                "programmes/schools-2023/data/excerpts.csv",
                include_bytes!("../examples/portfolio/programmes/schools-2023/data/excerpts.csv"),
            ),
            (
                "programmes/schools-2023/data/participants.csv",
                include_bytes!("../examples/portfolio/programmes/schools-2023/data/participants.csv"),
            ),
            (
                "programmes/schools-2023/data/scores.csv",
                include_bytes!("../examples/portfolio/programmes/schools-2023/data/scores.csv"),
            ),
            (
                "programmes/schools-2023/narrative/programme.md",
                include_bytes!("../examples/portfolio/programmes/schools-2023/narrative/programme.md"),
            ),
            (
                "programmes/schools-2023/programme.toml",
                include_bytes!("../examples/portfolio/programmes/schools-2023/programme.toml"),
            ),
            (
                "programmes/workplace-2024/data/attendance.csv",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/data/attendance.csv"),
            ),
            (
                "programmes/workplace-2024/data/codebook.csv",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/data/codebook.csv"),
            ),
            (
                "programmes/workplace-2024/data/excerpts.csv",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/data/excerpts.csv"),
            ),
            (
                "programmes/workplace-2024/data/participants.csv",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/data/participants.csv"),
            ),
            (
                "programmes/workplace-2024/data/scores.csv",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/data/scores.csv"),
            ),
            (
                "programmes/workplace-2024/narrative/programme.md",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/narrative/programme.md"),
            ),
            (
                "programmes/workplace-2024/programme.toml",
                include_bytes!("../examples/portfolio/programmes/workplace-2024/programme.toml"),
            ),
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
    for (relative, bytes) in *files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        written.push(relative.to_string());
    }
    Ok(written)
}
