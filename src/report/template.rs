//! Report templates: `template.toml` (sections, audience wording, colours) and markdown section
//! files with tera placeholders, on a shared base layout.
//!
//! A file is looked up first in the programme folder's `templates/`, then in the template itself
//! (built in, or a folder named by `[programme] template`), then in the shared base.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::files::{Folder, Kind, Refusal};
use crate::problem::{Problem, Problems};

mod bounded;

pub use bounded::{MAX_SECTION_BYTES, render_bounded, template_problem};

/// The built-in templates' files, by template then file name.
const BUILT_IN: &[(&str, &[(&str, &str)])] = &[
    (
        "base",
        &[
            ("layout.html", include_str!("../../templates/base/layout.html")),
            ("report.css", include_str!("../../templates/base/report.css")),
            ("report.typ", include_str!("../../templates/base/report.typ")),
            ("glance.md", include_str!("../../templates/base/glance.md")),
            ("programme.md", include_str!("../../templates/base/programme.md")),
            ("participants.md", include_str!("../../templates/base/participants.md")),
            ("outcomes.md", include_str!("../../templates/base/outcomes.md")),
            ("dose.md", include_str!("../../templates/base/dose.md")),
            ("limitations.md", include_str!("../../templates/base/limitations.md")),
            ("methods.md", include_str!("../../templates/base/methods.md")),
            ("themes.md", include_str!("../../templates/base/themes.md")),
            ("joint.md", include_str!("../../templates/base/joint.md")),
        ],
    ),
    (
        "schools",
        &[
            ("template.toml", include_str!("../../templates/schools/template.toml")),
            ("glance.md", include_str!("../../templates/schools/glance.md")),
            ("programme.md", include_str!("../../templates/schools/programme.md")),
        ],
    ),
    (
        "nhs",
        &[
            ("template.toml", include_str!("../../templates/nhs/template.toml")),
            ("glance.md", include_str!("../../templates/nhs/glance.md")),
            ("programme.md", include_str!("../../templates/nhs/programme.md")),
        ],
    ),
    (
        "workplace",
        &[
            ("template.toml", include_str!("../../templates/workplace/template.toml")),
            ("glance.md", include_str!("../../templates/workplace/glance.md")),
            ("programme.md", include_str!("../../templates/workplace/programme.md")),
        ],
    ),
    (
        "evidence",
        &[
            ("template.toml", include_str!("../../templates/evidence/template.toml")),
            ("glance.md", include_str!("../../templates/evidence/glance.md")),
            ("methods.md", include_str!("../../templates/evidence/methods.md")),
        ],
    ),
    (
        "ref",
        &[
            ("template.toml", include_str!("../../templates/ref/template.toml")),
            ("report.typ", include_str!("../../templates/ref/report.typ")),
        ],
    ),
];

/// The names of the built-in templates.
pub const NAMES: &[&str] = &["schools", "nhs", "workplace"];

/// `template.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Shown in the methods section.
    pub description: String,
    /// Sections in order.
    pub sections: Vec<SectionSettings>,
    /// Words for the audience.
    pub words: Words,
    /// Colours.
    pub style: Style,
    /// Speak of caseness, reliable improvement and recovery when PHQ-9 or GAD-7 are measured.
    #[serde(default)]
    pub talking_therapies: bool,
}

/// One section of `template.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSettings {
    /// Section id: `glance`, `programme`, `outcomes`, `limitations`, `methods`.
    pub id: String,
    /// Heading.
    pub title: String,
}

/// Audience wording used in sentences and placeholders.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// Who took part, plural (`staff`, `employees`).
    pub participants: String,
    /// One of them (`member of staff`).
    pub participant: String,
    /// Where it ran (`school`, `service`, `organisation`).
    pub setting: String,
    /// Who benefits beyond the participants (`pupils`, `patients`, `colleagues`).
    pub beneficiaries: String,
    /// Who reads the report (`school leaders and governors`).
    pub readers: String,
}

/// The template's colours.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Main colour: headings, rules, cards.
    pub accent: String,
    /// A pale tint for backgrounds.
    pub tint: String,
}

/// A template with its files resolved.
#[derive(Debug, Clone)]
pub struct Template {
    /// The name given in programme.toml.
    pub name: String,
    /// Its settings.
    pub settings: Settings,
    files: Files,
}

/// Where a template's files are looked up.
#[derive(Debug, Clone)]
struct Files {
    name: String,
    /// The programme folder, whose `templates/` holds overrides.
    programme: Folder,
    /// A template folder given by path (relative to the programme folder), if not built in.
    folder: Option<String>,
}

impl Template {
    /// Load the template named in programme.toml for the programme in `root`.
    pub fn load(root: &Path, name: &str) -> Result<Template, Problems> {
        let programme = Folder::open(root).map_err(|e| {
            Problem::in_file("programme.toml", format!("cannot read the programme folder {}: {e}", root.display()))
        })?;
        let built_in = NAMES.contains(&name) || crate::config::portfolio::TEMPLATES.contains(&name);
        let folder = if built_in { None } else { Some(name.to_string()) };
        if let Some(folder) = &folder {
            match programme.resolve_folder(folder) {
                Ok(_) => {}
                Err(Refusal::Missing | Refusal::NotAFolder) => {
                    return Err(Problem::in_file(
                        "programme.toml",
                        format!("template '{name}' is neither built in nor a folder"),
                    )
                    .help(format!("use one of {}, or a path to a template folder", NAMES.join(", ")))
                    .into());
                }
                Err(refused) => {
                    let problem = Problem::in_file(folder.as_str(), format!("the template folder {refused}"));
                    let problem = match refused.help() {
                        Some(help) => problem.help(help),
                        None => problem,
                    };
                    return Err(problem.into());
                }
            }
        }
        let files = Files { name: name.to_string(), programme, folder };
        let (file, text) = files.get("template.toml")?;
        let settings = toml::from_str(&text).map_err(|e| {
            Problem::in_file(file, e.message().trim_end().to_string())
                .help("see the built-in templates' template.toml for the keys")
        })?;
        Ok(Template { name: name.to_string(), settings, files })
    }

    /// A file's text, with the name of where it came from (for messages).
    pub fn file(&self, name: &str) -> Result<(String, String), Problem> {
        self.files.get(name)
    }

    /// A markdown section file rendered with tera, if the template has one.
    pub fn section_markdown(&self, id: &str, context: &tera::Context) -> Result<Option<String>, Problem> {
        let Some((file, text)) = self.files.find(&format!("{id}.md"))? else {
            return Ok(None);
        };
        render_markdown(&file, &text, context).map(Some)
    }
}

impl Files {
    fn get(&self, name: &str) -> Result<(String, String), Problem> {
        self.find(name)?.ok_or_else(|| {
            Problem::in_file(format!("template {}", self.name), format!("the template has no file {name}"))
        })
    }

    /// A file's text and name, `None` when no template has it; a file that is there but
    /// refused is an error.
    fn find(&self, name: &str) -> Result<Option<(String, String)>, Problem> {
        // Anything at an override's place is read or refused, never passed over: a pipe or a
        // link out of the folder is an error, not a reason to use the built-in file.
        let own = format!("templates/{name}");
        if self.programme.has(&own) {
            return read(&self.programme, &own, own.clone()).map(Some);
        }
        if let Some(folder) = &self.folder {
            let path = format!("{folder}/{name}");
            if self.programme.has(&path) {
                return read(&self.programme, &path, format!("{}/{name}", self.name)).map(Some);
            }
        } else if let Some(text) = built_in(&self.name, name) {
            return Ok(Some((format!("built-in template {}/{name}", self.name), text.to_string())));
        }
        Ok(built_in("base", name).map(|text| (format!("built-in template base/{name}"), text.to_string())))
    }
}

/// Render markdown with tera placeholders (no HTML escaping: the markdown renderer escapes).
pub fn render_markdown(file: &str, text: &str, context: &tera::Context) -> Result<String, Problem> {
    let mut tera = tera::Tera::default();
    tera.add_raw_template(file, text).map_err(|e| template_problem(file, text, &e))?;
    render_bounded(tera, file, file, text, context, MAX_SECTION_BYTES)
}

fn built_in(template: &str, name: &str) -> Option<&'static str> {
    let (_, files) = BUILT_IN.iter().find(|(t, _)| *t == template)?;
    files.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

/// A template file of the programme folder, with the name it is shown by.
fn read(programme: &Folder, relative: &str, shown: String) -> Result<(String, String), Problem> {
    let kind = if relative.ends_with(".toml") { Kind::Settings } else { Kind::Template };
    match programme.read_text(relative, kind) {
        Ok(text) => Ok((shown, text)),
        Err(refusal) => Err(refusal.problem(&shown)),
    }
}

/// The most markdown `narrative/` may hold in all: what the PDF stage typesets in well under a
/// second.
pub const MAX_NARRATIVE_BYTES: u64 = crate::files::Kind::Narrative.cap();

/// Markdown files in the programme's `narrative/` folder, by section id (file stem), in name order.
pub fn narrative(root: &Path) -> Result<BTreeMap<String, String>, Problems> {
    let mut out = BTreeMap::new();
    let Ok(programme) = Folder::open(root) else {
        return Ok(out);
    };
    let names = programme.list("narrative").map_err(|refusal| Problems::from(refusal.problem("narrative")))?;
    let mut problems = Problems::default();
    let mut total = 0u64;
    for name in names {
        let Some(stem) = name.strip_suffix(".md").filter(|stem| !stem.is_empty()) else { continue };
        let file = format!("narrative/{name}");
        match programme.read_text(&file, Kind::Narrative) {
            Ok(text) => {
                total += text.len() as u64;
                out.insert(stem.to_string(), text);
            }
            Err(refusal) => problems.push(refusal.problem(&file)),
        }
    }
    if total > MAX_NARRATIVE_BYTES {
        problems.push(
            Problem::in_file(
                "narrative",
                format!(
                    "the narrative files hold more than the {} of markdown allowed in all",
                    crate::files::size(MAX_NARRATIVE_BYTES)
                ),
            )
            .help("shorten the narrative: the report's own sections carry the results"),
        );
    }
    problems.into_result(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_narrative_is_read_within_its_cap_in_all() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("narrative")).unwrap();
        let part = "word ".repeat(30_000);
        std::fs::write(tmp.path().join("narrative/programme.md"), &part).unwrap();
        std::fs::write(tmp.path().join("narrative/notes.txt"), "not markdown").unwrap();
        let read = narrative(tmp.path()).unwrap();
        assert_eq!(read.keys().collect::<Vec<_>>(), ["programme"]);
        std::fs::write(tmp.path().join("narrative/more.md"), &part).unwrap();
        let problems = narrative(tmp.path()).unwrap_err();
        assert!(problems.to_string().contains("more than the 250 kB of markdown allowed in all"), "{problems}");
    }
}
