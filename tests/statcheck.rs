//! `impact statcheck` and the build's own check of reported statistics.
//!
//! Reference p-values come from SciPy 1.17 (`from scipy import stats`; `t2(t, df)` is
//! `2*stats.t.sf(abs(t), df)` and `r2(r, df)` is `t2(r*sqrt(df/(1-r*r)), df)`); the call that
//! made each is beside it.

mod common;

use std::fs;
use std::path::Path;

use impact::statcheck::{Checked, Comparison, Statistic, check_text};

/// What a case expects: the statistic, the reference p, consistent, decision error, one-sided.
struct Case {
    text: &'static str,
    statistic: Statistic,
    p: f64,
    consistent: bool,
    decision_error: bool,
    one_sided: bool,
}

const fn case(
    text: &'static str,
    statistic: Statistic,
    p: f64,
    (consistent, decision_error, one_sided): (bool, bool, bool),
) -> Case {
    Case { text, statistic, p, consistent, decision_error, one_sided }
}

/// consistent; inconsistent; inconsistent with a decision error; each also "and one-sided".
const OK: (bool, bool, bool) = (true, false, false);
const BAD: (bool, bool, bool) = (false, false, false);
const FLIP: (bool, bool, bool) = (false, true, false);
const BAD_1: (bool, bool, bool) = (false, false, true);
const FLIP_1: (bool, bool, bool) = (false, true, true);

use Statistic::{Chi2, F, R, T, Z};

const CASES: &[Case] = &[
    // t(28) = 2.2 may be 2.15 to 2.25: p from .032 (t2(2.25, 28)) to .040 (t2(2.15, 28)).
    case("t(28) = 2.2, p = .04", T, 0.0362255, OK),  // t2(2.2, 28)
    case("t(28) = 2.2, p = .01", T, 0.0362255, BAD), // both sides of .05 agree: no decision error
    case("t(28) = 2.20, p = .036", T, 0.0362255, OK),
    case("t(28) = 2.20, p = .04", T, 0.0362255, OK), // .036 at two places is .04
    case("t(28) = 2.20, p = .030", T, 0.0362255, BAD), // 2.195–2.205 gives .036–.037
    case("t(10) = 2.31, p = .04", T, 0.0435074, OK), // t2(2.31, 10)
    case("t(10)=2.31,p=.04", T, 0.0435074, OK),
    case("$t(10) = 2.31$, $p = .04$", T, 0.0435074, OK),
    case("*t*(10) = 2.31, *p* = .04", T, 0.0435074, OK),
    case("t(15) = \u{2212}2.45, p = .027", T, 0.0270414, OK), // t2(2.45, 15)
    case("t(15) = \u{2013}2.45, p = 0.027", T, 0.0270414, OK),
    case("t (15) = - 2.45, p=0.027", T, 0.0270414, OK),
    case("t(20) = 1.80, p = .04", T, 0.0869647, FLIP_1), // t2(1.80, 20); stats.t.sf(1.80, 20) = .0435
    case("t(20) = 1.80, p = .087", T, 0.0869647, OK),
    case("t(30) = 3.90, p < .001", T, 0.00050225, OK), // t2(3.90, 30)
    case("t(30) = 2.10, p < .001", T, 0.0442425, BAD), // t2(2.10, 30)
    case("t(30) = 1.50, p < .05", T, 0.144066, FLIP),  // t2(1.50, 30)
    case("t(30) = 1.50, ns", T, 0.144066, OK),
    case("t(30) = 1.50, n.s.", T, 0.144066, OK),
    case("t(30) = 2.50, ns", T, 0.0181156, FLIP), // t2(2.50, 30)
    case("t(30) = 1.50, p > .05", T, 0.144066, OK),
    case("t(30) = 2.50, p > .05", T, 0.0181156, FLIP),
    case("t(27.4) = 2.10, p = .045", T, 0.0450674, OK), // t2(2.10, 27.4): a Welch df
    case("t(40) = 5.20, p = .000", T, 6.24728e-06, BAD), // t2(5.20, 40): p is never 0
    case("t(40) = 5.20, p < .001", T, 6.24728e-06, OK),
    case("t(40) = 5.20, p = 6.2e-6", T, 6.24728e-06, OK), // 5.195–5.205: 6.3e-6 to 6.2e-6
    case("t(40) = 5.20, p = 1e-3", T, 6.24728e-06, BAD),
    case("Chi-squared(1) = 3.84, p = .05", Chi2, 0.0500435, OK),
    // The seed paper's pattern: one-sided p beside two-sided ones.
    case("$t(11) = -3.125$, $p = .01$", T, 0.00966343, OK), // t2(3.125, 11)
    case("$t(11) = 1.303$, $p = .11$", T, 0.21919, BAD_1),  // t2(1.303, 11); stats.t.sf: .1096
    case("$t(11) = -1.636$, $p = .07$", T, 0.130103, BAD_1), // t2(1.636, 11); stats.t.sf: .0651
    case("$t(11) = -2.040$, $p = .05$", T, 0.0661041, FLIP), // t2(2.040, 11); one-sided .033
    // F: the upper tail.
    case("F(2, 30) = 4.20, p = .025", F, 0.0246519, OK), // stats.f.sf(4.20, 2, 30)
    case("F(2,30)=4.20, p=.25", F, 0.0246519, FLIP),
    case("F(1, 48) = 3.10, p = .08", F, 0.0846624, OK), // stats.f.sf(3.10, 1, 48)
    // 3.095–3.105 gives .0849–.0844 (stats.f.sf(3.095, 1, 48)), but 3.05–3.15 gives .087–.082.
    case("F(1, 48) = 3.10, p = .09", F, 0.0846624, BAD),
    case("F(1, 48) = 3.1, p = .09", F, 0.0846624, OK),
    case("F(1, 48) = 3.10, p = .085", F, 0.0846624, OK),
    case("F(1, 48) = 3.10, p = .07", F, 0.0846624, BAD),
    case("F(3, 96) = 2.75, p = .047", F, 0.0469435, OK), // stats.f.sf(2.75, 3, 96)
    case("F(1, 20) = 6.00, p < .01", F, 0.0236428, BAD), // stats.f.sf(6.00, 1, 20)
    case("F (1, 20) = 6.00, p = .024", F, 0.0236428, OK),
    // r: as t with the same df, two-sided.
    case("r(48) = .35, p = .013", R, 0.0127154, OK), // r2(.35, 48)
    case("r(48) = 0.35, p = .13", R, 0.0127154, FLIP),
    case("r(48) = \u{2212}.35, p = .013", R, 0.0127154, OK),
    case("r(20) = .40, p = .03", R, 0.0651067, FLIP_1), // r2(.40, 20); halved .0326
    case("r(100) = .15, ns", R, 0.13238, OK),           // r2(.15, 100)
    // χ²: the upper tail, in every spelling.
    case("χ²(1, N = 90) = 10.51, p = .001", Chi2, 0.0011873, OK), // stats.chi2.sf(10.51, 1)
    case("χ2(2) = 7.40, p < .05", Chi2, 0.0247235, OK),           // stats.chi2.sf(7.40, 2)
    case("chi2(3) = 2.0, ns", Chi2, 0.572407, OK),                // stats.chi2.sf(2.0, 3)
    case("X2(2)=6.1,p<.01", Chi2, 0.0473589, BAD),                // stats.chi2.sf(6.1, 2)
    case("X²(4) = 9.49, p = .05", Chi2, 0.0499531, OK),           // stats.chi2.sf(9.49, 4)
    case("Chi-square(1) = 2.50, p = .01", Chi2, 0.113846, FLIP),  // stats.chi2.sf(2.50, 1)
    case("$\\chi^2(2) = 5.99$, $p = .05$", Chi2, 0.0500366, OK),  // stats.chi2.sf(5.99, 2)
    case("$\\chi^{2}(1, N = 1,204) = 3.84$, $p = .05$", Chi2, 0.0500435, OK), // stats.chi2.sf(3.84, 1)
    // z: two-sided.
    case("z = 2.10, p = .036", Z, 0.0357288, OK), // 2*stats.norm.sf(2.10)
    case("Z = 1.96, p = .05", Z, 0.0499958, OK),  // 2*stats.norm.sf(1.96)
    case("z = \u{2212}2.58, p = .01", Z, 0.00988003, OK), // 2*stats.norm.sf(2.58)
    case("z = 1.70, p = .045", Z, 0.0891309, FLIP_1), // 2*stats.norm.sf(1.70); stats.norm.sf: .0446
    case("z = 3.5, p = .000", Z, 0.000465258, BAD), // 2*stats.norm.sf(3.5)
    case("z=1.20,p=.23", Z, 0.230139, OK),        // 2*stats.norm.sf(1.20)
];

fn only(file: &str, text: &str) -> Checked {
    let found = check_text(file, text);
    assert_eq!(found.len(), 1, "one result in {text:?}, found {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn every_case_recomputes_and_judges_as_statcheck_does() {
    assert!(CASES.len() >= 40);
    for c in CASES {
        let found = only("text.md", c.text);
        let v = found.verdict;
        assert_eq!(found.reported.statistic, c.statistic, "{}", c.text);
        assert!((v.p - c.p).abs() <= 1e-6 + 1e-4 * c.p, "{}: p = {} not {}", c.text, v.p, c.p);
        assert_eq!(v.consistent, c.consistent, "consistent: {}", c.text);
        assert_eq!(v.decision_error, c.decision_error, "decision error: {}", c.text);
        assert_eq!(v.one_sided_consistent, c.one_sided, "one-sided: {}", c.text);
    }
}

#[test]
fn the_parts_are_read_as_written() {
    let f = only("a.md", "as F(2, 30) = 4.20, p = .025 showed").reported;
    assert_eq!((f.df.clone(), f.value, f.value_decimals), (vec![2.0, 30.0], 4.2, 2));
    assert_eq!((f.p, f.comparison, f.p_decimals), (Some(0.025), Comparison::Equal, 3));
    assert_eq!(f.text, "F(2, 30) = 4.20, p = .025");
    let t = only("a.md", "t(15) = \u{2212}2.45, p < .05").reported;
    assert_eq!((t.value, t.comparison, t.p), (-2.45, Comparison::Less, Some(0.05)));
    let several = check_text("a.md", "t(30) = 1.5, ns t(30) = 1.5, n.s. z = 1.1, ns; χ²(1) = 3.84, p = .05");
    assert_eq!(several.len(), 4);
    assert!(check_text("a.md", "t(30) = 1.5, nsx").is_empty());
    let ns = only("a.md", "t(30) = 1.5, ns.").reported;
    assert_eq!((ns.p, ns.comparison), (None, Comparison::NotSignificant));
    let chi = only("a.md", "χ²(1, N = 90) = 10.51, p = .001").reported;
    assert_eq!(chi.df, vec![1.0]);
    let z = only("a.md", "z = 2.10, p > .01").reported;
    assert_eq!((z.df.len(), z.comparison), (0, Comparison::Greater));
}

#[test]
fn each_result_keeps_the_line_of_its_statistic() {
    let text = "# Results\n\nFirst t(28) = 2.20, p = .036.\nThen, over a break, F(2, 30) =\n4.20,\np = .025, and\n\nz = 2.10, p = .036.";
    let lines: Vec<usize> = check_text("a.md", text).iter().map(|c| c.reported.line).collect();
    assert_eq!(lines, vec![3, 4, 8]);
}

#[test]
fn html_tags_and_entities_are_read_through() {
    let html = "<html><head><style>p{}</style><script>var t = \"t(1) = 9, p = .9\";</script></head>\n\
        <body><p>We found &chi;<sup>2</sup>(2) = 7.40, <em>p</em> &lt; .05 and\n\
        <i>t</i>(20) = &minus;2.50, <i>p</i> = .021; <i>F</i>(1,&nbsp;20) = 6.00, <i>p</i>&#x202F;=&#x202F;.024.\n\
        <!-- z = 9, p = .9 --> r(48)&nbsp;=&nbsp;.35, p&nbsp;=&nbsp;0.013</p></body></html>";
    let found = check_text("report.html", html);
    let seen: Vec<(&str, usize, bool)> =
        found.iter().map(|c| (c.reported.statistic.name(), c.reported.line, c.verdict.consistent)).collect();
    // 2*stats.t.sf(2.50, 20) = .0212; stats.f.sf(6.00, 1, 20) = .0236
    assert_eq!(seen, vec![("chi2", 2, true), ("t", 3, true), ("F", 3, true), ("r", 4, true)]);
    assert!((found[1].verdict.p - 0.0212335).abs() < 1e-6);
    // Markdown may hold the same markup; plain text keeps it as it is, and finds less.
    assert_eq!(check_text("report.md", html).len(), 4);
    assert!(check_text("report.txt", html).len() < 4);
    // A `<` that opens no tag is text.
    assert_eq!(check_text("a.html", "t(30) = 3.90, p<.001 and t(30) = 3.90, p < .001").len(), 2);
}

#[test]
fn what_is_not_a_reported_test_is_not_found() {
    for text in [
        "the test(10) = 2.31, p = .04",
        "at(10) = 2.31, p = .04",
        "r(48) = 1.20, p = .01",
        "F(2, 30) = -4.20, p = .02",
        "p = .04 on its own",
        "t(10) = 2.31 and then later p = .04 in another sentence, with t(10) alone",
        "Mz = 2.1, p = .04",
        "t(10) = 2.31, p = 1.4",
    ] {
        assert!(check_text("a.md", text).is_empty(), "found something in {text:?}");
    }
}

#[test]
fn json_has_the_contract_keys_and_df_shapes() {
    let text = "t(10) = 2.31, p = .04; F(2, 30) = 4.20, p = .025; z = 2.10, ns; t(27.4) = 2.10, p = .045";
    let found: Vec<_> = check_text("a.txt", text).iter().map(Checked::to_json).collect();
    let keys: Vec<&str> = found[0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "file",
            "line",
            "text",
            "statistic",
            "df",
            "value",
            "p_reported",
            "p_comparison",
            "p_computed",
            "consistent",
            "decision_error",
            "one_sided_consistent"
        ]
    );
    assert_eq!(found[0]["df"], serde_json::json!(10));
    assert_eq!(found[1]["df"], serde_json::json!([2, 30]));
    assert_eq!(found[2]["df"], serde_json::Value::Null);
    assert_eq!(found[2]["p_reported"], serde_json::Value::Null);
    assert_eq!(found[2]["p_comparison"], "ns");
    assert_eq!(found[3]["df"], serde_json::json!(27.4));
}

/// A results section shaped like the seed paper's: 11 pairs reported as t(11), and p-values
/// that match one-sided tests beside two-sided ones. (That t(11) should be t(10) for 11 pairs is
/// not something the text's own numbers can show.)
const SEED_LIKE: &str = "## Results\n\n\
Eleven participants completed both questionnaires. Self-compassion rose ($M = 2.9$, $SD = 0.7$\n\
versus $M = 3.4$, $SD = 0.5$; $t(11) = -2.870$, $p = .02$). Self-criticism did not change\n\
significantly ($t(11) = 1.412$, $p = .09$). Reassurance rose ($t(11) = -1.953$, $p = .04$).\n";

#[test]
fn the_command_reports_one_sided_and_decision_errors_with_exit_1() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("results.md");
    fs::write(&file, SEED_LIKE).unwrap();
    let out = common::impact().arg("statcheck").arg(&file).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // 2*stats.t.sf(2.870, 11) = .0152; 2*stats.t.sf(1.412, 11) = .1856 (one-sided .0928);
    // 2*stats.t.sf(1.953, 11) = .0767 (one-sided .0383).
    assert!(stdout.contains("results.md:4: t(11) = -2.870, p = .02 — computed p = .015, consistent"), "{stdout}");
    assert!(
        stdout
            .contains("t(11) = 1.412, p = .09 — computed p = .186, inconsistent; consistent if the test was one-sided"),
        "{stdout}"
    );
    assert!(stdout.contains("t(11) = -1.953, p = .04 — computed p = .077, inconsistent (decision error); consistent if the test was one-sided"), "{stdout}");
    assert!(
        stdout.contains(
            "3 results in 1 file: 1 consistent, 2 inconsistent (1 decision error, 2 consistent only one-sided)"
        ),
        "{stdout}"
    );

    let json = common::impact().args(["statcheck", "--json"]).arg(&file).output().unwrap();
    assert_eq!(json.status.code(), Some(1));
    let array: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 3);
    assert_eq!(array[1]["one_sided_consistent"], true);
    assert_eq!(array[2]["decision_error"], true);
    assert_eq!(array[0]["line"], 4);
}

/// The seed paper's other slip: t(11) printed for eleven pairs, with the p of t(10).
#[test]
fn a_p_that_fits_the_df_of_n_minus_1_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("results.md");
    // 2*stats.t.sf(2.50, 10) = .0314; 2*stats.t.sf(2.495, 11) = .0298, 2*stats.t.sf(2.505, 11) = .0292.
    fs::write(&file, "Eleven staff took part. Compassion rose ($t(11) = 2.50$, $p = .031$).\n").unwrap();
    let out = common::impact().arg("statcheck").arg(&file).output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "t(11) = 2.50, p = .031 — computed p = .0295, inconsistent; consistent with df = 10 (is the df the \
             number of people rather than n − 1?)"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("1 result in 1 file: 0 consistent, 1 inconsistent (1 consistent only with another df)"));
    // A narrative with the same slip stops the build, with the same hint.
    let (_tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    fs::create_dir_all(dir.join("narrative")).unwrap();
    fs::write(dir.join("narrative/programme.md"), "Compassion rose ($t(11) = 2.50$, $p = .031$).\n").unwrap();
    let out = common::impact().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("narrative/programme.md:1:"), "{stderr}");
    assert!(
        stderr.contains("with df = 10: for n paired people a paired t-test has n − 1 degrees of freedom"),
        "{stderr}"
    );
}

#[test]
fn the_command_exits_0_when_consistent_or_empty_and_2_on_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.txt");
    fs::write(&good, "t(28) = 2.20, p = .036\n").unwrap();
    let none = tmp.path().join("none.html");
    fs::write(&none, "<p>No tests here.</p>").unwrap();
    let out = common::impact().arg("statcheck").arg(&good).arg(&none).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 result in 2 files: 1 consistent, 0 inconsistent"));
    let out = common::impact().arg("statcheck").arg(&none).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no test results found in 1 file"));
    let json = common::impact().args(["statcheck", "--json"]).arg(&none).output().unwrap();
    assert_eq!((json.status.code(), String::from_utf8_lossy(&json.stdout).trim()), (Some(0), "[]"));

    let missing = tmp.path().join("missing.md");
    let out = common::impact().arg("statcheck").arg(&good).arg(&missing).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("missing.md: no such file") && stderr.contains("help:"), "{stderr}");
    let out = common::impact().arg("statcheck").arg(tmp.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is a folder"));
    assert_eq!(common::impact().arg("statcheck").output().unwrap().status.code(), Some(2));
}

fn narrative_programme(narrative: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = common::programme(common::PROGRAMME, &common::valid_scores());
    fs::create_dir_all(dir.join("narrative")).unwrap();
    fs::write(dir.join("narrative/findings.md"), narrative).unwrap();
    (tmp, dir)
}

#[test]
fn a_narrative_with_an_inconsistent_statistic_stops_the_build_at_its_line() {
    let text = "# Findings\n\nAn earlier cohort improved,\n*t*(28) = 2.20, *p* = .01.\n";
    let (tmp, dir) = narrative_programme(text);
    let out_dir = tmp.path().join("report");
    let out =
        common::impact().arg("build").arg(&dir).arg("--out").arg(&out_dir).args(["--format", "html"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: narrative/findings.md:4: 't(28) = 2.20, p = .01' does not add up"), "{stderr}");
    assert!(stderr.contains("help: the statistic gives p = .036"), "{stderr}");
    assert!(!out_dir.exists());
    let check = common::impact().arg("check").arg(&dir).output().unwrap();
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains("narrative/findings.md:4:"));

    // p = .000 is refused with its own hint.
    fs::write(dir.join("narrative/findings.md"), "z = 3.50, p = .000\n").unwrap();
    let out = common::impact().arg("check").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("narrative/findings.md:1:") && stderr.contains("help: write p < .001"), "{stderr}");
}

#[test]
fn a_narrative_with_consistent_statistics_builds() {
    let (tmp, dir) = narrative_programme("# Findings\n\nAn earlier cohort improved, $t(28) = 2.20$, $p = .036$.\n");
    let out_dir = tmp.path().join("report");
    let out =
        common::impact().arg("build").arg(&dir).arg("--out").arg(&out_dir).args(["--format", "html"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "report") {
                copy_dir(&path, &target);
            }
        } else {
            fs::copy(&path, &target).unwrap();
        }
    }
}

/// Every example under every template: the report's own statistics all check out (the build
/// itself refuses otherwise; this also shows the check sees them).
#[test]
fn every_example_and_template_writes_only_consistent_statistics() {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut names: Vec<_> =
        // Programme folders: a portfolio's report is checked as it is built (tests/portfolio.rs).
        fs::read_dir(&examples).unwrap().map(|e| e.unwrap().path()).filter(|p| p.join("programme.toml").is_file()).collect();
    names.sort();
    let mut checked = 0;
    for example in &names {
        for template in ["schools", "nhs", "workplace"] {
            let tmp = tempfile::tempdir().unwrap();
            let dir = tmp.path().join("programme");
            copy_dir(example, &dir);
            let toml = fs::read_to_string(dir.join("programme.toml")).unwrap();
            let toml: String = toml
                .lines()
                .map(
                    |l| if l.starts_with("template = ") { format!("template = \"{template}\"") } else { l.to_string() },
                )
                .collect::<Vec<_>>()
                .join("\n");
            fs::write(dir.join("programme.toml"), toml).unwrap();
            let out_dir = tmp.path().join("report");
            let out = common::impact()
                .arg("build")
                .arg(&dir)
                .arg("--out")
                .arg(&out_dir)
                .args(["--format", "html"])
                .output()
                .unwrap();
            let shown = format!("{} with {template}", example.display());
            assert_eq!(out.status.code(), Some(0), "{shown}: {}", String::from_utf8_lossy(&out.stderr));
            let html = fs::read_to_string(out_dir.join("index.html")).unwrap();
            let found = check_text("index.html", &html);
            assert!(found.iter().all(|c| c.verdict.consistent), "{shown}: {found:?}");
            checked += found.len();
        }
    }
    assert!(checked > 0, "the reports' own t-tests are found");
}

#[test]
fn an_inconsistency_in_the_report_s_own_text_is_an_internal_error() {
    let problems =
        impact::statcheck::check_generated("index.html", "<p>\nIt rose, t(10) = 2.31, p = .40.</p>").unwrap_err();
    let shown = problems.to_string();
    assert!(shown.starts_with("error: report/index.html:2: internal error: impact wrote"), "{shown}");
    assert!(shown.contains("gives p = .044") && shown.contains("help: this is a defect in impact"), "{shown}");
    assert!(impact::statcheck::check_generated("index.html", "<p>t(10) = 2.31, p = .044</p>").is_ok());
}

mod properties {
    use impact::statcheck::{check_text, format_p, recompute};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any text, read as any kind of file, is scanned without a panic.
        #[test]
        fn any_text_is_scanned(text in "[tFrzpnsχ²X2chi$&#;<>/=()., \\-\u{2212}\u{2013}0-9a-z\n]{0,200}") {
            for file in ["a.txt", "a.md", "a.html"] {
                let _ = check_text(file, &text);
            }
        }

        /// Any of the five statistics and its p, each rounded as a report would print them, are
        /// consistent.
        #[test]
        fn rounded_statistics_with_their_own_p_are_consistent(
            kind in 0usize..5, x in 0.0f64..1.0, negative: bool, df1 in 1u32..10, df2 in 2u32..200,
            decimals in 1usize..4, p_decimals in 2u32..5
        ) {
            use impact::statcheck::Statistic::{Chi2, F, R, T, Z};
            let sign = if negative { -1.0 } else { 1.0 };
            let (statistic, value, name) = match kind {
                0 => (T, sign * 8.0 * x, format!("t({df2})")),
                1 => (F, 20.0 * x, format!("F({df1}, {df2})")),
                2 => (R, sign * 0.9 * x, format!("r({df2})")),
                3 => (Chi2, 30.0 * x, format!("χ²({df1})")),
                _ => (Z, sign * 5.0 * x, "z".to_string()),
            };
            let shown: f64 = format!("{value:.decimals$}").parse().unwrap();
            let df = match statistic {
                F => vec![f64::from(df1), f64::from(df2)],
                Chi2 => vec![f64::from(df1)],
                Z => vec![],
                _ => vec![f64::from(df2)],
            };
            let p = recompute::p_value(statistic, shown.abs(), &df, statistic.two_sided());
            let p_text = format_p(p, p_decimals);
            let comparison = if p_text.starts_with('<') { "p " } else { "p = " };
            let text = format!("{name} = {value:.decimals$}, {comparison}{p_text}");
            let found = check_text("a.txt", &text);
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert!(found[0].verdict.consistent, "{} computed {}", text, found[0].verdict.p);
        }
    }
}
