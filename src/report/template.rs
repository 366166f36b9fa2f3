//! Report templates: `template.toml` (sections, audience wording, colours) and markdown section
//! files with tera placeholders, on a shared base layout.
//!
//! A file is looked up first in the programme folder's `templates/`, then in the template itself
//! (built in, or a folder named by `[programme] template`), then in the shared base.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::problem::{Problem, Problems};

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
    /// The programme folder's `templates/`.
    overrides: PathBuf,
    /// A template folder given by path, if not built in.
    folder: Option<PathBuf>,
}

impl Template {
    /// Load the template named in programme.toml for the programme in `root`.
    pub fn load(root: &Path, name: &str) -> Result<Template, Problems> {
        let folder = if NAMES.contains(&name) { None } else { Some(root.join(name)) };
        if let Some(folder) = &folder
            && !folder.is_dir()
        {
            return Err(Problem::in_file(
                "programme.toml",
                format!("template '{name}' is neither built in nor a folder"),
            )
            .help(format!("use one of {}, or a path to a template folder", NAMES.join(", ")))
            .into());
        }
        let files = Files { name: name.to_string(), overrides: root.join("templates"), folder };
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
        let Ok((file, text)) = self.file(&format!("{id}.md")) else {
            return Ok(None);
        };
        render_markdown(&file, &text, context).map(Some)
    }
}

impl Files {
    fn get(&self, name: &str) -> Result<(String, String), Problem> {
        let own = self.overrides.join(name);
        if own.is_file() {
            return read(&own, format!("templates/{name}"));
        }
        if let Some(folder) = &self.folder {
            let path = folder.join(name);
            if path.is_file() {
                return read(&path, format!("{}/{name}", self.name));
            }
        } else if let Some(text) = built_in(&self.name, name) {
            return Ok((format!("built-in template {}/{name}", self.name), text.to_string()));
        }
        match built_in("base", name) {
            Some(text) => Ok((format!("built-in template base/{name}"), text.to_string())),
            None => {
                Err(Problem::in_file(format!("template {}", self.name), format!("the template has no file {name}")))
            }
        }
    }
}

/// Render markdown with tera placeholders (no HTML escaping: the markdown renderer escapes).
pub fn render_markdown(file: &str, text: &str, context: &tera::Context) -> Result<String, Problem> {
    let mut tera = tera::Tera::default();
    tera.add_raw_template(file, text).map_err(|e| template_problem(file, &e))?;
    tera.render(file, context).map_err(|e| template_problem(file, &e))
}

fn template_problem(file: &str, error: &tera::Error) -> Problem {
    // tera's message chain says where and why.
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    Problem::in_file(file, message).help("placeholders look like {{ programme.title }}; see the built-in templates")
}

fn built_in(template: &str, name: &str) -> Option<&'static str> {
    let (_, files) = BUILT_IN.iter().find(|(t, _)| *t == template)?;
    files.iter().find(|(n, _)| *n == name).map(|(_, text)| *text)
}

fn read(path: &Path, shown: String) -> Result<(String, String), Problem> {
    std::fs::read_to_string(path)
        .map(|text| (shown.clone(), text))
        .map_err(|e| Problem::in_file(shown, format!("cannot read the file: {e}")))
}

/// Markdown files in the programme's `narrative/` folder, by section id (file stem), in name order.
pub fn narrative(root: &Path) -> Result<BTreeMap<String, String>, Problems> {
    let folder = root.join("narrative");
    let mut out = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(&folder) else {
        return Ok(out);
    };
    let mut problems = Problems::default();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                out.insert(stem, text);
            }
            Err(e) => {
                problems.push(Problem::in_file(format!("narrative/{stem}.md"), format!("cannot read the file: {e}")))
            }
        }
    }
    problems.into_result(out)
}
