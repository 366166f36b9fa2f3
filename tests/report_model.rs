//! Snapshots of the report model of each template's sample programme (`impact init`), as a
//! plain-text outline. Review changes with `cargo insta review` (or compare the .snap files).

mod common;

use common::impact;
use impact::render::html;
use impact::report::{self, Template};

fn model_outline(template: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join(template);
    impact().arg("init").arg(&dir).args(["--template", template]).assert().success();
    let analysed = impact::pipeline::analyse(&dir).unwrap();
    let template = Template::load(&dir, template).unwrap();
    report::build(&analysed, &template).unwrap().outline()
}

#[test]
fn schools_report_model() {
    insta::assert_snapshot!("schools", model_outline("schools"));
}

#[test]
fn nhs_report_model() {
    let outline = model_outline("nhs");
    assert!(outline.contains("NHS Talking Therapies"), "the NHS template speaks of Talking Therapies:\n{outline}");
    insta::assert_snapshot!("nhs", outline);
}

#[test]
fn workplace_report_model() {
    insta::assert_snapshot!("workplace", model_outline("workplace"));
}

#[test]
fn markdown_html_in_narrative_is_shown_as_text() {
    assert!(html::markdown("<img src=x onerror=alert(1)>").contains("&lt;img"));
}
