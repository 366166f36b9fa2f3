//! `index.html`: the report model laid out as one self-contained page (inline CSS and SVG), with
//! the template's `layout.html` and `report.css`.
//!
//! Every text from the data is HTML-escaped: tera escapes plain values, the `stat` filter escapes
//! before it typesets statistics names, and markdown is rendered with raw HTML shown as text.
//! Only the SVG charts, which escape their own text, go in as they are.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd, html};
use serde_json::Value;
use tera::{Context, Kwargs, State, Tera};

use super::is_safe_link;
use crate::problem::Problem;
use crate::report::template::{render_bounded, template_problem};
use crate::report::{Block, Report, Template};

/// Most the page may come to: the report with its charts inline.
const MAX_PAGE_BYTES: usize = 16 << 20;

/// Render the page.
pub fn page(report: &Report, template: &Template) -> Result<String, Problem> {
    let (layout_file, layout) = template.file("layout.html")?;
    let (_, style) = template.file("report.css")?;
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.register_filter("stat", |text: &str, _: Kwargs, _: &State| tera::Value::safe_string(&stat(text)));
    // The name must end in .html for autoescaping, whatever the override is called.
    tera.add_raw_template("layout.html", &layout).map_err(|e| template_problem(&layout_file, &layout, &e))?;
    let mut context = Context::new();
    context.insert("report", &with_markdown_as_html(report));
    context.insert("style", &style);
    context.insert("accent", &template.settings.style.accent);
    context.insert("tint", &template.settings.style.tint);
    render_bounded(tera, "layout.html", &layout_file, &layout, &context, MAX_PAGE_BYTES)
}

/// The model as JSON, with each markdown block given its HTML.
fn with_markdown_as_html(report: &Report) -> Value {
    let mut value = serde_json::to_value(report).unwrap_or(Value::Null);
    let sections = value.get_mut("sections").and_then(Value::as_array_mut).into_iter().flatten();
    for (section, source) in sections.zip(&report.sections) {
        let blocks = section.get_mut("blocks").and_then(Value::as_array_mut).into_iter().flatten();
        for (block, source) in blocks.zip(&source.blocks) {
            if let (Block::Markdown { text }, Some(object)) = (source, block.as_object_mut()) {
                object.insert("html".into(), Value::String(markdown(text)));
            }
        }
    }
    value
}

/// Markdown to HTML, with any raw HTML in it shown as text rather than run.
pub fn markdown(text: &str) -> String {
    // Links go only to web and e-mail addresses; images would load from outside the page, so
    // they show as their text. Links cannot nest, so one flag tracks a dropped link's end.
    let mut dropped = false;
    let parser =
        Parser::new_ext(text, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH).filter_map(|event| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
            Event::Start(Tag::Link { ref dest_url, .. }) if !is_safe_link(dest_url) => {
                dropped = true;
                None
            }
            Event::Start(Tag::Image { .. }) => {
                dropped = true;
                None
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped => {
                dropped = false;
                None
            }
            other => Some(other),
        });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    stat_names(&out)
}

/// Escape `text` for HTML, then typeset statistics names (`d_z` as italic d with subscript z).
fn stat(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    stat_names(&escaped)
}

fn stat_names(html: &str) -> String {
    html.replace("d_z", "<i>d</i><sub>z</sub>")
        .replace("d_av", "<i>d</i><sub>av</sub>")
        .replace("g_av", "<i>g</i><sub>av</sub>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_in_markdown_is_shown_as_text() {
        let html = markdown("Hello <script>alert(1)</script> **world**");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("<strong>world</strong>"));
    }

    #[test]
    fn only_web_and_mail_links_stay_links() {
        let html =
            markdown("[a](javascript:alert(1)) [b](https://example.org) ![c](http://x/y.png) [d](mailto:x@y.org)");
        assert!(!html.contains("javascript") && !html.contains("<img"), "{html}");
        assert!(html.contains("<a href=\"https://example.org\">b</a>") && html.contains(">d</a>"), "{html}");
        assert!(html.starts_with("<p>a ") && html.contains(" c "), "{html}");
    }

    #[test]
    fn statistics_names_are_typeset_after_escaping() {
        assert_eq!(stat("d_z <b>"), "<i>d</i><sub>z</sub> &lt;b&gt;");
    }
}
