//! Portfolios: eight cohorts given by summary figures, pooled by `impact build` and read back from
//! `report/results.json`, match R's metafor 3.8-1 (R 4.2.2) to 1e-6 relative: SMCR and SMCC
//! effect sizes, the REML random-effects model with the Knapp-Hartung test, the common-effect
//! (EE) model, and a cohort whose pre-post correlation is assumed rather than reported.
//!
//! The reference values were printed with `sprintf("%.17g", …)` by this helper, after
//! `library(metafor)` and the `dat` data frame given beside `COHORTS`; the call beside each
//! constant made it. With r = 0.5 for Cohort C instead of 0.70 the pooled estimate moves from
//! 0.4443 to 0.4372, so the assumed correlation is seen to be used.
//!
//! ```r
//! f <- function(x) paste(sprintf("%.17g", x), collapse = ", ")
//! show <- function(es, res) {
//!   cat(f(es$yi), f(es$vi))                                            # studies' yi, vi
//!   cat(f(c(res$b)), f(res$se), f(c(res$ci.lb, res$ci.ub)), f(res$zval), f(res$pval))
//!   cat(f(res$tau2), f(res$I2), f(res$QE), f(res$QEp))
//!   if (res$method != "EE") { p <- predict(res); cat(f(c(p$pi.lb, p$pi.ub))) }
//!   cat(f(weights(res)))                                               # percent
//! }
//! ```

// The values are pasted from R exactly as printed (17 significant digits).
#![allow(clippy::excessive_precision)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// One programme of the portfolio, given by its summary figures for SCS-SF total.
#[derive(Clone, Copy)]
struct Cohort {
    name: &'static str,
    people: Option<u32>,
    n: u64,
    pre_mean: f64,
    pre_sd: f64,
    post_mean: f64,
    post_sd: f64,
    r: f64,
    /// Written as `r_assumed = r` instead of `r = r`.
    r_assumed: bool,
}

const fn cohort(name: &'static str, people: Option<u32>, n: u64, pre: (f64, f64), post: (f64, f64), r: f64) -> Cohort {
    Cohort { name, people, n, pre_mean: pre.0, pre_sd: pre.1, post_mean: post.0, post_sd: post.1, r, r_assumed: false }
}

// dat <- data.frame(
//   name = c("Cohort A", "Cohort B", "Cohort C", "Cohort D", "Cohort E", "Cohort F", "Cohort G", "Cohort H"),
//   ni   = c(24, 12, 40, 118, 31, 18, 75, 15),
//   m2i  = c(2.71, 2.94, 2.55, 2.83, 2.64, 2.80, 2.77, 2.98),   # pre mean
//   sd1i = c(0.62, 0.71, 0.58, 0.54, 0.66, 0.59, 0.61, 0.74),   # pre SD
//   m1i  = c(3.18, 3.20, 2.98, 3.05, 2.66, 3.27, 3.04, 3.12),   # post mean
//   sd2i = c(0.66, 0.69, 0.63, 0.57, 0.70, 0.61, 0.65, 0.70),   # post SD
//   ri   = c(0.62, 0.55, 0.70, 0.74, 0.66, 0.48, 0.79, 0.41))
const COHORTS: [Cohort; 8] = [
    cohort("Cohort A", Some(40), 24, (2.71, 0.62), (3.18, 0.66), 0.62),
    cohort("Cohort B", Some(15), 12, (2.94, 0.71), (3.20, 0.69), 0.55),
    cohort("Cohort C", Some(52), 40, (2.55, 0.58), (2.98, 0.63), 0.70),
    cohort("Cohort D", Some(160), 118, (2.83, 0.54), (3.05, 0.57), 0.74),
    cohort("Cohort E", None, 31, (2.64, 0.66), (2.66, 0.70), 0.66),
    cohort("Cohort F", Some(25), 18, (2.80, 0.59), (3.27, 0.61), 0.48),
    cohort("Cohort G", None, 75, (2.77, 0.61), (3.04, 0.65), 0.79),
    cohort("Cohort H", Some(20), 15, (2.98, 0.74), (3.12, 0.70), 0.41),
];

/// What metafor printed for one model.
struct Reference {
    yi: [f64; 8],
    vi: [f64; 8],
    estimate: f64,
    se: f64,
    ci: [f64; 2],
    /// t under Knapp-Hartung, z under the common-effect model.
    statistic: f64,
    p: f64,
    tau2: f64,
    i2: f64,
    q: f64,
    q_p: f64,
    pi: Option<[f64; 2]>,
    weights: [f64; 8],
}

// smcr <- escalc("SMCR", m1i = m1i, m2i = m2i, sd1i = sd1i, ni = ni, ri = ri, data = dat)
const SMCR_YI: [f64; 8] = [
    0.73302725312965888,
    0.34054866280803192,
    0.72701452178025117,
    0.4047892932767812,
    0.029538011461042422,
    0.76085153837010444,
    0.43811914955686121,
    0.17883821905804539,
];
const SMCR_VI: [f64; 8] = [
    0.042861019871475274,
    0.079832224655847439,
    0.021606876435992094,
    0.0051010778472521858,
    0.021949556356791494,
    0.073858196206670959,
    0.0068796559280561815,
    0.079732770286528462,
];

// res <- rma(yi, vi, data = smcr, method = "REML", test = "knha"); predict(res); weights(res)
const SMCR_REML: Reference = Reference {
    yi: SMCR_YI,
    vi: SMCR_VI,
    estimate: 0.44431123066859268,
    se: 0.091235313025741213,
    ci: [0.22857399688626595, 0.66004846445091947],
    statistic: 4.8699480051461466,
    p: 0.0018143635451333903,
    tau2: 0.036162679919214326,
    i2: 65.300238046651714,
    q: 16.037240773791908,
    q_p: 0.024778292968241918,
    pi: Some([-0.054431481527509984, 0.94305394286469535]),
    weights: [
        10.460052052978543,
        7.1261062393879957,
        14.308436231483487,
        20.031913184147822,
        14.224061337162091,
        7.5130469992238629,
        19.204162528785723,
        7.1322214268304718,
    ],
};

// smcc <- escalc("SMCC", m1i = m1i, m2i = m2i, sd1i = sd1i, sd2i = sd2i, ni = ni, ri = ri, data = dat)
// res <- rma(yi, vi, data = smcc, method = "REML", test = "knha"); predict(res); weights(res)
const SMCC_REML: Reference = Reference {
    yi: [
        0.81287334245879861,
        0.36397004616234691,
        0.89546591133601372,
        0.5448402598029467,
        0.034693381637939689,
        0.73335187424108028,
        0.65177765065776794,
        0.16905129583204676,
    ],
    vi: [
        0.055432563976669569,
        0.088853091437642528,
        0.035023239979560472,
        0.0097324191046700946,
        0.03227747791499154,
        0.07049458254035848,
        0.016165427372646396,
        0.06761927802074981,
    ],
    estimate: 0.53511029647154795,
    se: 0.10736471640621692,
    ci: [0.2812330842920257, 0.78898750865107026],
    statistic: 4.9840423780094163,
    p: 0.0015936952490263529,
    tau2: 0.052119556551508406,
    i2: 62.31708559059166,
    q: 16.535294306017342,
    q_p: 0.020651363065197981,
    pi: Some([-0.061444329150075694, 1.1316649220931716]),
    weights: [
        10.682863254242546,
        8.1502661168339596,
        13.184848800401985,
        18.576037129245133,
        13.613802944253935,
        9.3705718183568738,
        16.826021334097561,
        9.5955886025680126,
    ],
};

// res <- rma(yi, vi, data = smcr, method = "EE"); weights(res)
const SMCR_EE: Reference = Reference {
    yi: SMCR_YI,
    vi: SMCR_VI,
    estimate: 0.42801805031742357,
    se: 0.0449388268976776,
    ci: [0.33993956809049564, 0.51609653254435151],
    statistic: 9.5244598015873709,
    p: 1.6590250344373062e-21,
    tau2: 0.0,
    i2: 56.351593776409374,
    q: 16.037240773791908,
    q_p: 0.024778292968241918,
    pi: None,
    weights: [
        4.71173613925935,
        2.5296779234768705,
        9.3465530240891805,
        39.589636218300051,
        9.2006331704949069,
        2.7342912048494199,
        29.354639011867455,
        2.5328333076627634,
    ],
};

// assumed <- dat; assumed$ri[3] <- 0.5
// smcr_assumed <- escalc("SMCR", m1i = m1i, m2i = m2i, sd1i = sd1i, ni = ni, ri = ri, data = assumed)
// res <- rma(yi, vi, data = smcr_assumed, method = "REML", test = "knha"); predict(res); weights(res)
// (SMCR's yi does not depend on ri; only Cohort C's vi changes.)
const SMCR_REML_ASSUMED: Reference = Reference {
    yi: SMCR_YI,
    vi: [
        0.042861019871475274,
        0.079832224655847439,
        0.031606876435992096,
        0.0051010778472521858,
        0.021949556356791494,
        0.073858196206670959,
        0.0068796559280561815,
        0.079732770286528462,
    ],
    estimate: 0.43723760040470439,
    se: 0.090299894068237394,
    ci: [0.22371228097469081, 0.65076291983471801],
    statistic: 4.8420610557338497,
    p: 0.0018733163838687114,
    tau2: 0.03259419605134959,
    i2: 61.838836996975587,
    q: 14.688293697089554,
    q_p: 0.040209193432856484,
    pi: Some([-0.040090179544541193, 0.91456538035394996]),
    weights: [
        10.500188704116599,
        7.0472225382232185,
        12.340821970781539,
        21.018391006542412,
        14.525843399459045,
        7.4427073839651543,
        20.071362843253272,
        7.0534621536587601,
    ],
};

/// `ours` equals metafor's `theirs` to 1e-6 relative (to 1e-12 absolute, for values that are 0 in R).
fn close(what: &str, ours: f64, theirs: f64) {
    let tolerance = (1e-6 * theirs.abs()).max(1e-12);
    assert!((ours - theirs).abs() <= tolerance, "{what}: {ours} differs from metafor's {theirs}");
}

/// The number at `value`, or a failure naming `what`.
fn number(what: &str, value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("{what}: {value} is not a number"))
}

/// `portfolio.toml` for `cohorts`, with `extra` lines added to `[portfolio]`.
fn portfolio_toml(cohorts: &[Cohort], extra: &str) -> String {
    let mut toml = format!("[portfolio]\ntitle = \"Eight cohorts\"\norganisation = \"Example University\"\n{extra}\n");
    for c in cohorts {
        toml.push_str(&format!(
            "\n[[programmes]]\nname = \"{}\"\nsector = \"schools\"\ncountry = \"United Kingdom\"\n",
            c.name
        ));
        if let Some(people) = c.people {
            toml.push_str(&format!("people = {people}\n"));
        }
        let r_key = if c.r_assumed { "r_assumed" } else { "r" };
        // `{:?}` keeps the decimal point, so every figure is a TOML float.
        toml.push_str(&format!(
            "[[programmes.outcomes]]\nmeasure = \"scs-sf\"\nscale = \"total\"\nn = {}\n\
             pre_mean = {:?}\npre_sd = {:?}\npost_mean = {:?}\npost_sd = {:?}\n{r_key} = {:?}\n",
            c.n, c.pre_mean, c.pre_sd, c.post_mean, c.post_sd, c.r
        ));
    }
    toml
}

/// Build a portfolio of `cohorts` (with `extra` `[portfolio]` lines) and return its results.json.
fn build(cohorts: &[Cohort], extra: &str) -> Value {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("portfolio");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("portfolio.toml"), portfolio_toml(cohorts, extra)).unwrap();
    Command::cargo_bin("impact").unwrap().arg("build").arg(&dir).args(["--format", "json"]).assert().success();
    results(&dir)
}

fn results(dir: &Path) -> Value {
    let text = fs::read_to_string(dir.join("report/results.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The portfolio's one pooled outcome, SCS-SF total from pre to post.
fn pooled(results: &Value) -> &Value {
    let pooled = results["portfolio"]["pooled"].as_array().unwrap_or_else(|| panic!("no portfolio.pooled"));
    assert_eq!(pooled.len(), 1, "one pooled outcome expected: {pooled:?}");
    let p = &pooled[0];
    let key = [&p["measure"], &p["scale"], &p["from"], &p["to"]];
    assert_eq!(key, ["scs-sf", "total", "pre", "post"], "the pooled outcome");
    p
}

/// Every number of `pooled` against metafor's `r`; `effect` and `model` as results.json names them.
fn check(label: &str, pooled: &Value, effect: &str, model: &str, r: &Reference, cohorts: &[Cohort]) {
    let at = |what: &str| format!("{label}: {what}");
    let (method, test) = if model == "random" { ("REML", "knha") } else { ("EE", "z") };
    let names = [&pooled["effect"], &pooled["model"], &pooled["method"], &pooled["test"]];
    assert_eq!(names, [effect, model, method, test], "{label}: effect, model, method and test");
    let k = cohorts.len() as u64;
    assert_eq!(pooled["k"].as_u64(), Some(k), "{label}: k");
    assert_eq!(pooled["q_df"].as_u64(), Some(k - 1), "{label}: q_df");
    if model == "random" {
        assert_eq!(pooled["df"].as_u64(), Some(k - 1), "{label}: df");
    } else {
        assert!(pooled["df"].is_null(), "{label}: df is {} under the common-effect model", pooled["df"]);
    }
    let numbers = [
        ("estimate", &pooled["estimate"], r.estimate),
        ("se", &pooled["se"], r.se),
        ("ci.lb", &pooled["ci"][0], r.ci[0]),
        ("ci.ub", &pooled["ci"][1], r.ci[1]),
        ("t", &pooled["t"], r.statistic),
        ("p", &pooled["p"], r.p),
        ("tau2", &pooled["tau2"], r.tau2),
        ("I2", &pooled["i2"], r.i2),
        ("QE", &pooled["q"], r.q),
        ("QEp", &pooled["q_p"], r.q_p),
    ];
    for (what, ours, theirs) in numbers {
        close(&at(what), number(&at(what), ours), theirs);
    }
    match r.pi {
        Some([lb, ub]) => {
            close(&at("pi.lb"), number(&at("pi.lb"), &pooled["pi"][0]), lb);
            close(&at("pi.ub"), number(&at("pi.ub"), &pooled["pi"][1]), ub);
        }
        None => assert!(pooled["pi"].is_null(), "{label}: pi is {}, metafor gives none", pooled["pi"]),
    }
    let studies = pooled["studies"].as_array().unwrap_or_else(|| panic!("{label}: no studies"));
    assert_eq!(studies.len(), cohorts.len(), "{label}: studies");
    for (i, (study, c)) in studies.iter().zip(cohorts).enumerate() {
        assert_eq!(study["name"], c.name, "{label}: study {i}'s name");
        assert_eq!(study["n"].as_u64(), Some(c.n), "{label}: {}'s n", c.name);
        for (key, theirs) in [("yi", r.yi[i]), ("vi", r.vi[i]), ("weight", r.weights[i])] {
            let what = at(&format!("{} {key}", c.name));
            close(&what, number(&what, &study[key]), theirs);
        }
    }
}

/// The programmes listed in results.json, in the order of `[[programmes]]`.
fn check_programmes(results: &Value, cohorts: &[Cohort]) {
    let programmes = results["portfolio"]["programmes"].as_array().unwrap_or_else(|| panic!("no programmes"));
    assert_eq!(programmes.len(), cohorts.len(), "programmes");
    for (p, c) in programmes.iter().zip(cohorts) {
        assert_eq!(p["name"], c.name, "programme order");
        assert_eq!(p["slug"], c.name.to_lowercase().replace(' ', "-"), "{}'s slug", c.name);
        assert_eq!(p["kind"], "summary", "{}'s kind", c.name);
        assert_eq!(p["analysed"].as_u64(), Some(c.n), "{}'s analysed", c.name);
        assert_eq!(p["r_assumed"].as_bool(), Some(c.r_assumed), "{}'s r_assumed", c.name);
    }
}

#[test]
fn eight_cohorts_match_metafor_smcr_reml() {
    let results = build(&COHORTS, "");
    check_programmes(&results, &COHORTS);
    check("SMCR REML", pooled(&results), "smcr", "random", &SMCR_REML, &COHORTS);
}

#[test]
fn eight_cohorts_match_metafor_smcc() {
    let results = build(&COHORTS, "effect = \"smcc\"");
    check("SMCC REML", pooled(&results), "smcc", "random", &SMCC_REML, &COHORTS);
}

#[test]
fn the_common_effect_model_matches_rma_ee() {
    let results = build(&COHORTS, "pool = \"common\"");
    check("SMCR EE", pooled(&results), "smcr", "common", &SMCR_EE, &COHORTS);
}

#[test]
fn an_assumed_correlation_is_used_and_marked() {
    let mut cohorts = COHORTS;
    cohorts[2] = Cohort { r: 0.5, r_assumed: true, ..COHORTS[2] };
    let results = build(&cohorts, "");
    let pooled = pooled(&results);
    let c = &pooled["studies"][2];
    assert_eq!(c["name"], "Cohort C");
    close("Cohort C yi", number("Cohort C yi", &c["yi"]), SMCR_REML_ASSUMED.yi[2]);
    close("Cohort C vi", number("Cohort C vi", &c["vi"]), SMCR_REML_ASSUMED.vi[2]);
    close("estimate", number("estimate", &pooled["estimate"]), SMCR_REML_ASSUMED.estimate);
    check("SMCR REML, r assumed", pooled, "smcr", "random", &SMCR_REML_ASSUMED, &cohorts);
    let programmes = &results["portfolio"]["programmes"];
    assert_eq!(programmes[2]["r_assumed"].as_bool(), Some(true), "Cohort C's r is assumed");
    for i in [0, 1, 3, 4, 5, 6, 7] {
        assert_eq!(programmes[i]["r_assumed"].as_bool(), Some(false), "{}'s r is reported", programmes[i]["name"]);
    }
    check_programmes(&results, &cohorts);
}
