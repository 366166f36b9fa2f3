//! Pooling reproduces R's metafor 3.8-1 (R 4.2.2) to 1e-6 relative.
//!
//! The reference values were printed with `sprintf("%.17g", …)` by this helper, after
//! `library(metafor)`:
//!
//! ```r
//! show <- function(label, res) {
//!   p <- predict(res)
//!   cat(c(res$b), res$se, res$ci.lb, res$ci.ub, res$zval, res$pval)   # estimate, se, ci, t/z, p
//!   cat(res$tau2, res$I2, res$QE, res$QEp, res$k)
//!   cat(p$pi.lb, p$pi.ub)                                              # NULL under EE
//!   cat(weights(res))
//! }
//! ```

// The values are pasted from R exactly as printed (17 significant digits).
#![allow(clippy::excessive_precision)]

use impact::stats::pooling::{self, Effect, Model, NotPooled, OutcomeKey, Summary};
use proptest::prelude::*;

/// `a` equals `b` to 1e-6 relative (absolute below 1e-12, for values that are 0 in R).
fn close(what: &str, a: f64, b: f64) {
    let tolerance = 1e-6 * b.abs().max(1e-6);
    assert!((a - b).abs() <= tolerance, "{what}: {a} differs from metafor's {b}");
}

fn close_all(what: &str, a: &[f64], b: &[f64]) {
    assert_eq!(a.len(), b.len(), "{what}: lengths");
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        close(&format!("{what}[{i}]"), *x, *y);
    }
}

/// What metafor printed for one model.
struct Reference {
    estimate: f64,
    se: f64,
    ci: [f64; 2],
    statistic: f64,
    p: f64,
    tau2: f64,
    i2: f64,
    q: f64,
    q_p: f64,
    pi: Option<[f64; 2]>,
    weights: &'static [f64],
}

fn check(label: &str, model: Model, yi: &[f64], vi: &[f64], r: &Reference) {
    let fit = pooling::fit(model, yi, vi, 0.95).unwrap_or_else(|e| panic!("{label}: {e}"));
    let at = |what: &str| format!("{label}: {what}");
    close(&at("estimate"), fit.estimate, r.estimate);
    close(&at("se"), fit.se, r.se);
    close(&at("ci.lb"), fit.ci.0, r.ci[0]);
    close(&at("ci.ub"), fit.ci.1, r.ci[1]);
    close(&at("statistic"), fit.statistic.unwrap(), r.statistic);
    close(&at("p"), fit.p.unwrap(), r.p);
    assert_eq!(fit.k, yi.len());
    assert_eq!(fit.df, (model == Model::Random).then_some(yi.len() - 1), "{label}: df");
    assert_eq!(fit.q_df, yi.len() - 1);
    if r.tau2 == 0.0 {
        assert_eq!(fit.tau2, 0.0, "{label}: tau2");
    } else {
        close(&at("tau2"), fit.tau2, r.tau2);
    }
    if r.i2 == 0.0 {
        assert_eq!(fit.i2, 0.0, "{label}: I2");
    } else {
        close(&at("I2"), fit.i2, r.i2);
    }
    close(&at("QE"), fit.q, r.q);
    close(&at("QEp"), fit.q_p, r.q_p);
    match (fit.pi, r.pi) {
        (Some((lo, hi)), Some([a, b])) => {
            close(&at("pi.lb"), lo, a);
            close(&at("pi.ub"), hi, b);
        }
        (None, None) => {}
        (ours, theirs) => panic!("{label}: prediction interval {ours:?}, metafor {theirs:?}"),
    }
    close_all(&at("weights"), &fit.weights, r.weights);
}

// ---------------------------------------------------------------------------------------------
// (a) A data set of eight sites with summary figures.
//
// dat <- data.frame(
//   site = c("C1","C2","C3","C4","C5","C6","C7","C8"),
//   ni   = c(24, 12, 40, 9, 31, 18, 55, 15),
//   m2i  = c(2.71, 3.02, 2.55, 2.90, 2.64, 2.80, 2.77, 3.10),   # pre mean
//   sd1i = c(0.62, 0.71, 0.58, 0.80, 0.66, 0.59, 0.61, 0.74),   # pre SD
//   m1i  = c(3.18, 3.20, 2.98, 3.61, 2.79, 3.35, 3.04, 3.22),   # post mean
//   sd2i = c(0.66, 0.69, 0.63, 0.72, 0.70, 0.61, 0.65, 0.70),   # post SD
//   ri   = c(0.62, 0.55, 0.70, 0.48, 0.66, 0.58, 0.73, 0.51))
// ---------------------------------------------------------------------------------------------

const NI: [usize; 8] = [24, 12, 40, 9, 31, 18, 55, 15];
const PRE_MEAN: [f64; 8] = [2.71, 3.02, 2.55, 2.90, 2.64, 2.80, 2.77, 3.10];
const PRE_SD: [f64; 8] = [0.62, 0.71, 0.58, 0.80, 0.66, 0.59, 0.61, 0.74];
const POST_MEAN: [f64; 8] = [3.18, 3.20, 2.98, 3.61, 2.79, 3.35, 3.04, 3.22];
const POST_SD: [f64; 8] = [0.66, 0.69, 0.63, 0.72, 0.70, 0.61, 0.65, 0.70];
const RI: [f64; 8] = [0.62, 0.55, 0.70, 0.48, 0.66, 0.58, 0.73, 0.51];

fn sites() -> Vec<Summary> {
    (0..8)
        .map(|i| Summary {
            name: format!("C{}", i + 1),
            n: NI[i],
            pre_mean: PRE_MEAN[i],
            pre_sd: PRE_SD[i],
            post_mean: POST_MEAN[i],
            post_sd: POST_SD[i],
            r: RI[i],
        })
        .collect()
}

// smcr <- escalc("SMCR", m1i = m1i, m2i = m2i, sd1i = sd1i, ni = ni, ri = ri, data = dat)
const SMCR_YI: [f64; 8] = [
    0.73302725312965888,
    0.23576445886709899,
    0.72701452178025117,
    0.80114920863781369,
    0.22153508595781785,
    0.89035818319905846,
    0.43644200943625583,
    0.15328990204975318,
];
const SMCR_VI: [f64; 8] = [
    0.042861019871475274,
    0.077316036669370661,
    0.021606876435992094,
    0.15121333636116641,
    0.022727061198553833,
    0.068687158177486898,
    0.0115498329781887,
    0.06611659313568076,
];
// smcc <- escalc("SMCC", m1i = m1i, m2i = m2i, sd1i = sd1i, sd2i = sd2i, ni = ni, ri = ri, data = dat)
const SMCC_YI: [f64; 8] = [
    0.81287334245879861,
    0.2519792627277786,
    0.89546591133601372,
    0.823697674441627,
    0.26020036228454729,
    0.95477068963435574,
    0.57321987785887596,
    0.15895859361686254,
];
const SMCC_VI: [f64; 8] = [
    0.055432563976669569,
    0.085978897868534784,
    0.035023239979560472,
    0.14880432549336359,
    0.033350068202145318,
    0.080877418605135087,
    0.021168918439750405,
    0.067508927816155029,
];

#[test]
fn effect_sizes_match_escalc() {
    for (effect, yi, vi) in [(Effect::Smcr, SMCR_YI, SMCR_VI), (Effect::Smcc, SMCC_YI, SMCC_VI)] {
        for (i, s) in sites().iter().enumerate() {
            let e = pooling::effect_size(effect, s).unwrap();
            close(&format!("{effect:?} yi[{i}]"), e.yi, yi[i]);
            close(&format!("{effect:?} vi[{i}]"), e.vi, vi[i]);
        }
    }
}

// rma(yi, vi, data = smcr, method = "REML", test = "knha")
const SMCR_REML: Reference = Reference {
    estimate: 0.50336535107804625,
    se: 0.096659158573982856,
    ci: [0.27480276057545377, 0.73192794158063879],
    statistic: 5.2076322461753142,
    p: 0.0012425495731350504,
    tau2: 0.031716936719185213,
    i2: 47.317376607569464,
    q: 12.921714135970758,
    q_p: 0.074038940419420177,
    pi: Some([0.024215629755944212, 0.98251507240014835]),
    weights: &[
        12.362732839838248,
        8.4560415479613233,
        17.290349255187738,
        5.0401026442813519,
        16.934600476336183,
        9.182766440155909,
        21.309364196129259,
        9.4240426001099937,
    ],
};

// rma(yi, vi, data = smcc, method = "REML", test = "knha")
const SMCC_REML: Reference = Reference {
    estimate: 0.58075577919943466,
    se: 0.11104440197821101,
    ci: [0.31817749327813916, 0.84333406512073017],
    statistic: 5.2299419768444499,
    p: 0.0012125259303720894,
    tau2: 0.043982003630217086,
    i2: 46.950495844383134,
    q: 12.900353939222953,
    q_p: 0.074573790237705259,
    pi: Some([0.019622607904130174, 1.1418889504947392]),
    weights: &[
        12.440411090107006,
        9.5163858907733356,
        15.654126648650015,
        6.415175261634416,
        15.992822383653497,
        9.9052043268604439,
        18.982971385220221,
        11.092903013101063,
    ],
};

// (b) rma(yi, vi, data = smcr, method = "EE")
const SMCR_EE: Reference = Reference {
    estimate: 0.48877840823858432,
    se: 0.063318386885184486,
    ci: [0.36467665038444946, 0.61288016609271923],
    statistic: 7.7193755602916481,
    p: 1.1690098645277307e-14,
    tau2: 0.0,
    i2: 45.827620652017174,
    q: 12.921714135970758,
    q_p: 0.074038940419420177,
    pi: None,
    weights: &[
        9.3539960779377171,
        5.1854935799240023,
        18.555287848378981,
        2.6513654246514751,
        17.640723904932404,
        5.8369253061571209,
        34.712347142275711,
        6.0638607157425835,
    ],
};

// rma(yi, vi, data = smcc, method = "EE")
const SMCC_EE: Reference = Reference {
    estimate: 0.57715639334776958,
    se: 0.076844756881479209,
    ci: [0.42654343745933387, 0.72776934923620529],
    statistic: 7.5106801917265651,
    p: 5.8820929424650324e-14,
    tau2: 0.0,
    i2: 45.73792290522502,
    q: 12.900353939222953,
    q_p: 0.074573790237705259,
    pi: None,
    weights: &[
        10.652793658721954,
        6.8680999716963207,
        16.860566479914098,
        3.96837702169955,
        17.706460521702279,
        7.3013169337216173,
        27.895221368915962,
        8.7471640436282261,
    ],
};

#[test]
fn eight_sites_match_rma_reml_knha() {
    check("SMCR REML", Model::Random, &SMCR_YI, &SMCR_VI, &SMCR_REML);
    check("SMCC REML", Model::Random, &SMCC_YI, &SMCC_VI, &SMCC_REML);
}

#[test]
fn eight_sites_match_rma_ee() {
    check("SMCR EE", Model::Common, &SMCR_YI, &SMCR_VI, &SMCR_EE);
    check("SMCC EE", Model::Common, &SMCC_YI, &SMCC_VI, &SMCC_EE);
}

#[test]
fn pooling_summaries_gives_the_results_entry() {
    let outcome = OutcomeKey { measure: "scs-sf".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
    let pooled = pooling::pool(&outcome, &sites(), Effect::Smcr, Model::Random, 0.95).unwrap();
    close("estimate", pooled.estimate, SMCR_REML.estimate);
    assert_eq!(pooled.studies[0].name, "C1");
    assert_eq!(pooled.studies[0].n, 24);
    close("studies[0].yi", pooled.studies[0].yi, SMCR_YI[0]);
    close("studies[0].weight", pooled.studies[0].weight, SMCR_REML.weights[0]);
    assert!(!pooled.tau2_very_uncertain());

    let json = serde_json::to_value(&pooled).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    let contract = [
        "measure", "scale", "from", "to", "effect", "model", "method", "test", "k", "estimate", "se", "ci", "t", "df",
        "p", "tau2", "i2", "q", "q_df", "q_p", "pi", "studies",
    ];
    assert_eq!(keys, contract);
    assert_eq!(json["effect"], "smcr");
    assert_eq!(json["model"], "random");
    assert_eq!(json["method"], "REML");
    assert_eq!(json["test"], "knha");
    assert_eq!(json["df"], 7);
    assert_eq!(json["q_df"], 7);
    let study: Vec<&str> = json["studies"][0].as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(study, ["name", "n", "yi", "vi", "weight"]);
    let back: pooling::Pooled = serde_json::from_value(json).unwrap();
    assert_eq!(back, pooled);

    let common = pooling::pool(&outcome, &sites(), Effect::Smcc, Model::Common, 0.95).unwrap();
    let json = serde_json::to_value(&common).unwrap();
    assert_eq!((json["method"].as_str(), json["test"].as_str()), (Some("EE"), Some("z")));
    assert!(json["pi"].is_null() && json["df"].is_null());
}

// ---------------------------------------------------------------------------------------------
// (c) Published per-study figures.
// ---------------------------------------------------------------------------------------------

// bcg <- escalc("RR", ai = tpos, bi = tneg, ci = cpos, di = cneg, data = dat.bcg)
const BCG_YI: [f64; 13] = [
    -0.88931133392020545,
    -1.5853886572014306,
    -1.3480731482996933,
    -1.4415511900213054,
    -0.21754732221129558,
    -0.78611558581886398,
    -1.6208982235983918,
    0.011952333523840508,
    -0.4694176487381494,
    -1.3713448034727844,
    -0.33935882833839059,
    0.44591340057137874,
    -0.017313948216879815,
];
const BCG_VI: [f64; 13] = [
    0.32558476500396133,
    0.19458112139814385,
    0.41536796536796539,
    0.020010031902247573,
    0.051210172169630863,
    0.0069056184559087574,
    0.22301724757231517,
    0.0039615792978177295,
    0.056434210463248966,
    0.07302479361302891,
    0.01241221397155972,
    0.53250584520015276,
    0.071404659683986293,
];

#[test]
fn bcg_matches_rma() {
    // rma(yi, vi, data = bcg, method = "REML", test = "knha")
    let reml = Reference {
        estimate: -0.71453234836510149,
        se: 0.18079174551910041,
        ci: [-1.1084437230000501, -0.3206209737301528],
        statistic: -3.9522398896779949,
        p: 0.0019200150851339394,
        tau2: 0.31324332598089488,
        i2: 92.221386074965551,
        q: 152.23300808237329,
        q_p: 1.9967645908459738e-26,
        pi: Some([-1.9960169670222911, 0.56695227029208806]),
        weights: &[
            5.0594830793155134,
            6.3646796321265953,
            4.4360277630967389,
            9.6987467356973589,
            8.8684562868275201,
            10.095738165294264,
            6.0271817029424133,
            10.18943863459295,
            8.7431331316980607,
            8.3676072473368954,
            9.9250266628389028,
            3.8216294228415091,
            8.4028515353912834,
        ],
    };
    check("BCG REML", Model::Random, &BCG_YI, &BCG_VI, &reml);
    // rma(yi, vi, data = bcg, method = "EE")
    let ee = Reference {
        estimate: -0.43028516365409092,
        se: 0.040498751710863812,
        ci: [-0.5096612584262139, -0.35090906888196793],
        statistic: -10.624652501046512,
        p: 2.2886293069732448e-26,
        tau2: 0.0,
        i2: 92.117346854562058,
        q: 152.23300808237329,
        q_p: 1.9967645908459738e-26,
        pi: None,
        weights: &[
            0.50375480256830796,
            0.84291265172749719,
            0.39486648631779353,
            8.1966330596103116,
            3.2027794882338854,
            23.750934121400952,
            0.73543589475354942,
            41.401389870996276,
            2.9063025364841262,
            2.2460164678172583,
            13.21399142728518,
            0.30800580029721786,
            2.2969773925076571,
        ],
    };
    check("BCG EE", Model::Common, &BCG_YI, &BCG_VI, &ee);
}

#[test]
fn normand_1999_matches_rma() {
    // nor <- escalc("MD", m1i = m1i, sd1i = sd1i, n1i = n1i, m2i = m2i, sd2i = sd2i, n2i = n2i,
    //               data = dat.normand1999)
    let yi = [-20.0, -2.0, -55.0, -71.0, -4.0, 1.0, 11.0, -10.0, 7.0];
    let vi = [
        40.50802315963606,
        2.0806451612903225,
        15.698403755868545,
        150.22222222222223,
        17.307692307692307,
        1.1673414304993253,
        94.589126559714799,
        6.3108792846497765,
        19.842307692307692,
    ];
    // rma(yi, vi, data = nor, method = "REML", test = "knha")
    let reml = Reference {
        estimate: -15.106027474390494,
        se: 9.1989087469793454,
        ci: [-36.318749084290644, 6.1066941355096525],
        statistic: -1.6421542913284009,
        p: 0.13918403725251288,
        tau2: 684.64615288184689,
        i2: 98.971274348806588,
        q: 238.91581086200961,
        q_p: 3.8418092854003323e-47,
        pi: Some([-79.064542507247012, 48.852487558466024]),
        weights: &[
            11.037764170048472,
            11.655407659756014,
            11.428775602252838,
            9.5872367678006327,
            11.402574167693986,
            11.670929266414133,
            10.271712527964366,
            11.58404996179704,
            11.361549876272518,
        ],
    };
    check("Normand REML", Model::Random, &yi, &vi, &reml);
}

// ---------------------------------------------------------------------------------------------
// (d) Two studies, and τ² = 0.
// ---------------------------------------------------------------------------------------------

#[test]
fn two_studies_pool_with_a_flag() {
    // two_b <- smcr[c(3, 8), ]; rma(yi, vi, data = two_b, method = "REML", test = "knha")
    let reml = Reference {
        estimate: 0.47894235196563889,
        se: 0.28422756702346469,
        ci: [-3.132511306299322, 4.0903960102305996],
        statistic: 1.6850665013999129,
        p: 0.34096604561770227,
        tau2: 0.12071823485661584,
        i2: 73.349287351841511,
        q: 3.7522448769080023,
        q_p: 0.052736639180864263,
        pi: Some([-5.2247644693224906, 6.1826491732537683]),
        weights: &[56.761107806190722, 43.238892193809278],
    };
    check("k = 2, C3 and C8", Model::Random, &[SMCR_YI[2], SMCR_YI[7]], &[SMCR_VI[2], SMCR_VI[7]], &reml);

    // two <- smcr[c(1, 3), ]; rma(yi, vi, data = two, method = "REML", test = "knha")
    let flat = Reference {
        estimate: 0.72902973168705265,
        se: 0.0028382820180157808,
        ci: [0.69296593926714101, 0.7650935241069643],
        statistic: 256.85598790380641,
        p: 0.0024784960674751355,
        tau2: 0.0,
        i2: 0.0,
        q: 0.00056078979384910897,
        q_p: 0.98110706100663014,
        pi: Some([0.69296593926714101, 0.7650935241069643]),
        weights: &[33.515715066832961, 66.484284933167032],
    };
    check("k = 2, C1 and C3", Model::Random, &[SMCR_YI[0], SMCR_YI[2]], &[SMCR_VI[0], SMCR_VI[2]], &flat);

    let outcome = OutcomeKey { measure: "m".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
    let two = pooling::pool(&outcome, &sites()[..2], Effect::Smcr, Model::Random, 0.95).unwrap();
    assert!(two.tau2_very_uncertain());
    let common = pooling::pool(&outcome, &sites()[..2], Effect::Smcr, Model::Common, 0.95).unwrap();
    assert!(!common.tau2_very_uncertain());
}

#[test]
fn a_flat_likelihood_that_fisher_scoring_crawls_down_is_solved() {
    // Fisher scoring from Hedges' estimate (0.18) creeps towards 0 by ~0.001 a step here, and
    // metafor stops after 100 iterations: "Fisher scoring algorithm did not converge". The score
    // is negative at 0, so the REML estimate is 0. metafor agrees given room:
    // rma(yi, vi, method = "REML", test = "knha", control = list(maxiter = 100000, threshold = 1e-12))
    // prints τ² = 3.6e-13 and I² = 2.3e-10 (what the threshold leaves over); both 0 below.
    let yi = [-0.39884887840972655, -1.9047336023754595, -0.6087098722327886, 0.3238617336627726];
    let vi = [0.0759056043241291, 0.4325421505707039, 0.07824967837310978, 0.4072740817418274];
    let reference = Reference {
        estimate: -0.54171177570742157,
        se: 0.26477070166725736,
        ci: [-1.3843303169757599, 0.30090676556091678],
        statistic: -2.0459657065387908,
        p: 0.13327972992994144,
        tau2: 0.0,
        i2: 0.0,
        q: 6.460977505485344,
        q_p: 0.091214223855850637,
        pi: Some([-1.3843303169779428, 0.30090676556309959]),
        weights: &[42.883382737892425, 7.5254841127059393, 41.598753501097036, 7.9923796483045946],
    };
    check("flat likelihood", Model::Random, &yi, &vi, &reference);
}

#[test]
fn homogeneous_studies_give_zero_tau2() {
    // homo <- data.frame(yi = c(0.40, 0.45, 0.38, 0.50, 0.42), vi = c(0.04, 0.05, 0.03, 0.06, 0.045))
    let yi = [0.40, 0.45, 0.38, 0.50, 0.42];
    let vi = [0.04, 0.05, 0.03, 0.06, 0.045];
    let weights = &[21.327014218009477, 17.061611374407583, 28.436018957345972, 14.218009478672986, 18.957345971563981];
    // rma(yi, vi, data = homo, method = "REML", test = "knha"): the Knapp–Hartung factor is below
    // 1 here and metafor keeps it, so the interval is narrower than the common-effect one.
    let reml = Reference {
        estimate: 0.42085308056872017,
        se: 0.020019139109472114,
        ci: [0.36527103977795261, 0.47643512135948773],
        statistic: 21.022536397161669,
        p: 3.0261316177614523e-05,
        tau2: 0.0,
        i2: 0.0,
        q: 0.18791469194312799,
        q_p: 0.99585299090046797,
        pi: Some([0.36527103977795261, 0.47643512135948773]),
        weights,
    };
    check("tau2 = 0, REML", Model::Random, &yi, &vi, &reml);
    // rma(yi, vi, data = homo, method = "EE")
    let ee = Reference {
        estimate: 0.42085308056872017,
        se: 0.092362360771061858,
        ci: [0.2398261799303438, 0.60187998120709651],
        statistic: 4.5565431313723854,
        p: 5.2002364671416222e-06,
        tau2: 0.0,
        i2: 0.0,
        q: 0.18791469194312799,
        q_p: 0.99585299090046797,
        pi: None,
        weights,
    };
    check("tau2 = 0, EE", Model::Common, &yi, &vi, &ee);
}

// ---------------------------------------------------------------------------------------------
// Degenerate input: errors, never NaN or a panic.
// ---------------------------------------------------------------------------------------------

#[test]
fn one_study_is_not_pooled() {
    let outcome = OutcomeKey { measure: "m".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
    let one = pooling::pool(&outcome, &sites()[..1], Effect::Smcr, Model::Random, 0.95);
    assert_eq!(one, Err(NotPooled::OneStudy));
    assert_eq!(pooling::pool(&outcome, &[], Effect::Smcr, Model::Random, 0.95), Err(NotPooled::NoStudies));
    assert_eq!(pooling::fit(Model::Random, &[0.3], &[0.01], 0.95), Err(NotPooled::OneStudy));
}

#[test]
fn degenerate_input_is_an_error() {
    let outcome = OutcomeKey { measure: "m".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
    let mut bad = sites();
    bad[3].pre_sd = 0.0;
    match pooling::pool(&outcome, &bad, Effect::Smcr, Model::Random, 0.95) {
        Err(NotPooled::Degenerate { study, .. }) => assert_eq!(study, "C4"),
        other => panic!("{other:?}"),
    }
    bad[3].pre_sd = 0.8;
    bad[5].r = 1.0;
    assert!(matches!(
        pooling::pool(&outcome, &bad, Effect::Smcc, Model::Random, 0.95),
        Err(NotPooled::Degenerate { .. })
    ));
    bad[5].r = 0.5;
    bad[6].n = 1;
    assert!(matches!(
        pooling::pool(&outcome, &bad, Effect::Smcr, Model::Common, 0.95),
        Err(NotPooled::Degenerate { .. })
    ));

    for vi in [[0.01, 0.0], [0.01, -0.2], [0.01, f64::NAN], [0.01, f64::INFINITY]] {
        let fitted = pooling::fit(Model::Random, &[0.2, 0.4], &vi, 0.95);
        assert_eq!(fitted, Err(NotPooled::BadVariance { index: 1 }), "{vi:?}");
    }
    assert_eq!(
        pooling::fit(Model::Random, &[0.2, f64::NAN], &[0.01, 0.01], 0.95),
        Err(NotPooled::BadVariance { index: 1 })
    );
    assert_eq!(pooling::fit(Model::Random, &[0.2, 0.3], &[0.01], 0.95), Err(NotPooled::LengthMismatch));
    assert_eq!(pooling::fit(Model::Common, &[0.2, 0.3], &[0.01, 0.02], 1.0), Err(NotPooled::Level(1.0)));
}

#[test]
fn identical_studies_have_no_t_but_no_nan() {
    // Every yi the same: the Knapp–Hartung residual sum is 0, so metafor's se is 0 and t infinite.
    let fit = pooling::fit(Model::Random, &[0.5, 0.5, 0.5], &[0.02, 0.03, 0.04], 0.95).unwrap();
    assert_eq!(fit.estimate, 0.5);
    assert_eq!(fit.se, 0.0);
    assert_eq!((fit.statistic, fit.p), (None, None));
    assert_eq!(fit.ci, (0.5, 0.5));
    assert_eq!(fit.tau2, 0.0);
    assert_eq!(fit.q, 0.0);
}

#[test]
fn extreme_figures_never_give_nan() {
    let cases: [(&[f64], &[f64]); 4] = [
        (&[1e150, -1e150], &[1e-300, 1e-300]),
        (&[0.0, 0.0], &[1e300, 1e300]),
        (&[1e-300, 2e-300], &[1e-300, 1e-300]),
        (&[0.1, 0.9, 0.5], &[1e-12, 1e12, 1.0]),
    ];
    for (yi, vi) in cases {
        for model in [Model::Random, Model::Common] {
            if let Ok(fit) = pooling::fit(model, yi, vi, 0.95) {
                let values = [fit.estimate, fit.se, fit.ci.0, fit.ci.1, fit.tau2, fit.i2, fit.q, fit.q_p];
                assert!(values.iter().all(|v| v.is_finite()), "{yi:?} {vi:?} {model:?}: {fit:?}");
                assert!(fit.p.is_none_or(|p| (0.0..=1.0).contains(&p)));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------------

fn studies() -> impl Strategy<Value = Vec<(f64, f64)>> {
    prop::collection::vec((-2.0..2.0f64, 0.005..0.5f64), 2..12)
}

proptest! {
    #[test]
    fn the_order_of_studies_changes_nothing(studies in studies(), seed in any::<u64>()) {
        let mut shuffled = studies.clone();
        // A deterministic shuffle driven by the seed.
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for model in [Model::Random, Model::Common] {
            let (yi, vi): (Vec<f64>, Vec<f64>) = studies.iter().copied().unzip();
            let (ys, vs): (Vec<f64>, Vec<f64>) = shuffled.iter().copied().unzip();
            let a = pooling::fit(model, &yi, &vi, 0.95).unwrap();
            let b = pooling::fit(model, &ys, &vs, 0.95).unwrap();
            let near = |x: f64, y: f64| (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1e-9);
            prop_assert!(near(a.estimate, b.estimate), "{} vs {}", a.estimate, b.estimate);
            prop_assert!(near(a.se, b.se));
            prop_assert!(near(a.tau2, b.tau2) || (a.tau2 - b.tau2).abs() < 1e-12);
            prop_assert!(near(a.q, b.q));
            let mut wa = a.weights.clone();
            let mut wb = b.weights.clone();
            wa.sort_by(f64::total_cmp);
            wb.sort_by(f64::total_cmp);
            prop_assert!(wa.iter().zip(&wb).all(|(x, y)| near(*x, *y)));
            prop_assert!((a.weights.iter().sum::<f64>() - 100.0).abs() < 1e-9);
        }
    }

    #[test]
    fn scaling_every_variance_keeps_the_common_estimate(studies in studies(), scale in 0.01..100.0f64) {
        let (yi, vi): (Vec<f64>, Vec<f64>) = studies.iter().copied().unzip();
        let scaled: Vec<f64> = vi.iter().map(|v| v * scale).collect();
        let a = pooling::fit(Model::Common, &yi, &vi, 0.95).unwrap();
        let b = pooling::fit(Model::Common, &yi, &scaled, 0.95).unwrap();
        prop_assert!((a.estimate - b.estimate).abs() <= 1e-9 * a.estimate.abs().max(1e-9));
        prop_assert!((b.se - a.se * scale.sqrt()).abs() <= 1e-9 * b.se);
        // Q scales inversely, and I² is unchanged only when Q stays on the same side of k − 1;
        // the weights in percent never change.
        prop_assert!((b.q * scale - a.q).abs() <= 1e-9 * a.q.max(1e-9));
        prop_assert!(a.weights.iter().zip(&b.weights).all(|(x, y)| (x - y).abs() < 1e-9));
    }

    #[test]
    fn the_prediction_interval_holds_the_confidence_interval(studies in studies()) {
        let (yi, vi): (Vec<f64>, Vec<f64>) = studies.iter().copied().unzip();
        let fit = pooling::fit(Model::Random, &yi, &vi, 0.95).unwrap();
        let (lo, hi) = fit.pi.unwrap();
        prop_assert!(lo <= fit.ci.0 + 1e-12 && hi >= fit.ci.1 - 1e-12);
        prop_assert!(fit.tau2 >= 0.0 && (0.0..100.0).contains(&fit.i2));
    }
}

#[test]
fn pooled_entries_follow_the_project_schema() {
    let schema: serde_json::Value = serde_json::from_str(impact::schema::RESULTS_SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let outcome = OutcomeKey { measure: "scs-sf".into(), scale: "total".into(), from: "pre".into(), to: "post".into() };
    let mut entries = Vec::new();
    for (effect, model) in [(Effect::Smcr, Model::Random), (Effect::Smcc, Model::Common)] {
        entries.push(serde_json::to_value(pooling::pool(&outcome, &sites(), effect, model, 0.95).unwrap()).unwrap());
    }
    let flat = pooling::fit(Model::Random, &[0.5, 0.5], &[0.02, 0.03], 0.95).unwrap();
    assert!(flat.statistic.is_none());
    let mut document = serde_json::json!({
        "tool": {"name": "impact", "version": "0.1.0"},
        "programme": {"title": "T", "template": "schools"},
        "outcomes": [],
        "pooled": entries,
    });
    let errors: Vec<String> =
        validator.iter_errors(&document).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // The schema does hold the entry to its shape.
    document["pooled"][0]["effect"] = "cohen".into();
    document["pooled"][1].as_object_mut().unwrap().remove("q_p");
    assert_eq!(validator.iter_errors(&document).count(), 2);
}
