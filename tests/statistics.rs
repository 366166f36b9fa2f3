//! Reference tests for `impact::stats` against R 4.2.2 (with MASS and psych).
//!
//! Every expected value was produced by the R command named beside it, printed with
//! `formatC(x, digits = 17, format = "g")`. Tolerances: 1e-9 relative, 1e-6 for Shapiro–Wilk.

// R's 17-digit output is pasted verbatim, so some literals carry more digits than f64 keeps.
#![allow(clippy::excessive_precision)]

use impact::stats::{
    PairedComparison, compare, cronbach_alpha, dz_interval, holm, mean, pearson_r, pnt, sd, shapiro_wilk, signed_rank,
};

/// Relative tolerance for everything except Shapiro–Wilk.
const TOL: f64 = 1e-9;
/// Shapiro–Wilk W and p (the algorithm's own polynomials are approximations).
const SW_TOL: f64 = 1e-6;

/// Assert `actual` is within `tol` of `expected`, relative (absolute when expected is 0).
/// Prints the error so `--nocapture` shows the largest one.
fn close(label: &str, actual: f64, expected: f64, tol: f64) {
    let err = if expected == 0.0 { actual.abs() } else { ((actual - expected) / expected).abs() };
    eprintln!("relerr {err:.3e} {label}");
    assert!(err <= tol, "{label}: got {actual:e}, expected {expected:e} (relative error {err:e})");
}

fn some(label: &str, actual: Option<f64>, expected: f64, tol: f64) {
    let Some(a) = actual else { panic!("{label}: got None, expected {expected:e}") };
    close(label, a, expected, tol);
}

fn interval(label: &str, actual: Option<(f64, f64)>, lo: f64, hi: f64) {
    let Some((a, b)) = actual else { panic!("{label}: got None, expected ({lo:e}, {hi:e})") };
    close(&format!("{label} lower"), a, lo, TOL);
    close(&format!("{label} upper"), b, hi, TOL);
}

/// Expected values for one paired comparison, all from R.
struct Expected {
    t: f64,
    df: f64,
    p: f64,
    ci: (f64, f64),
    from_mean: f64,
    from_sd: f64,
    to_mean: f64,
    to_sd: f64,
    r: f64,
    diff_mean: f64,
    diff_sd: f64,
    v: f64,
    wilcoxon_p: f64,
    exact: bool,
    sw_w: f64,
    sw_p: f64,
    dz: f64,
    dz_ci: (f64, f64),
    dav: f64,
    gav: f64,
}

fn check(name: &str, c: &PairedComparison, e: &Expected) {
    some(&format!("{name} t"), c.t, e.t, TOL);
    some(&format!("{name} df"), c.df, e.df, TOL);
    some(&format!("{name} p"), c.p, e.p, TOL);
    interval(&format!("{name} diff CI"), c.diff_ci, e.ci.0, e.ci.1);
    some(&format!("{name} from mean"), c.from_mean, e.from_mean, TOL);
    some(&format!("{name} from sd"), c.from_sd, e.from_sd, TOL);
    some(&format!("{name} to mean"), c.to_mean, e.to_mean, TOL);
    some(&format!("{name} to sd"), c.to_sd, e.to_sd, TOL);
    some(&format!("{name} r"), c.r, e.r, TOL);
    some(&format!("{name} diff mean"), c.diff_mean, e.diff_mean, TOL);
    some(&format!("{name} diff sd"), c.diff_sd, e.diff_sd, TOL);
    let w = c.wilcoxon.as_ref().expect("Wilcoxon computed");
    close(&format!("{name} V"), w.v, e.v, TOL);
    close(&format!("{name} Wilcoxon p"), w.p, e.wilcoxon_p, TOL);
    assert_eq!(w.exact, e.exact, "{name}: exact flag");
    let sw = c.shapiro.as_ref().expect("Shapiro-Wilk computed");
    close(&format!("{name} Shapiro W"), sw.w, e.sw_w, SW_TOL);
    close(&format!("{name} Shapiro p"), sw.p, e.sw_p, SW_TOL);
    some(&format!("{name} dz"), c.dz, e.dz, TOL);
    interval(&format!("{name} dz CI"), c.dz_ci, e.dz_ci.0, e.dz_ci.1);
    some(&format!("{name} dav"), c.dav, e.dav, TOL);
    some(&format!("{name} gav"), c.gav, e.gav, TOL);
}

// R: sleep$extra; group 1 (rows 1-10) = pre, group 2 (rows 11-20) = post, paired by ID.
const SLEEP_PRE: [f64; 10] = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_POST: [f64; 10] = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

// R: library(MASS); a <- anorexia[anorexia$Treat == "CBT", ]; a$Prewt; a$Postwt
const CBT_PRE: [f64; 29] = [
    80.5, 84.9, 81.5, 82.6, 79.9, 88.7, 94.9, 76.3, 81.0, 80.5, 85.0, 89.2, 81.3, 76.5, 70.0, 80.4, 83.3, 83.0, 87.7,
    84.2, 86.4, 76.5, 80.2, 87.8, 83.3, 79.7, 84.5, 80.8, 87.4,
];
const CBT_POST: [f64; 29] = [
    82.2, 85.6, 81.4, 81.9, 76.4, 103.6, 98.4, 93.4, 73.4, 82.1, 96.7, 95.3, 82.4, 72.5, 90.9, 71.3, 85.4, 81.6, 89.1,
    83.9, 82.7, 75.7, 82.6, 100.4, 85.2, 83.6, 84.6, 96.2, 86.7,
];
// R: a <- anorexia[anorexia$Treat == "Cont", ]
const CONT_PRE: [f64; 26] = [
    80.7, 89.4, 91.8, 74.0, 78.1, 88.3, 87.3, 75.1, 80.6, 78.4, 77.6, 88.7, 81.3, 78.1, 70.5, 77.3, 85.2, 86.0, 84.1,
    79.7, 85.5, 84.4, 79.6, 77.5, 72.3, 89.0,
];
const CONT_POST: [f64; 26] = [
    80.2, 80.1, 86.4, 86.3, 76.1, 78.1, 75.1, 86.7, 73.5, 84.6, 77.4, 79.5, 89.6, 81.4, 81.8, 77.3, 84.2, 75.4, 79.5,
    73.0, 88.3, 84.7, 81.4, 81.2, 88.2, 78.8,
];
// R: a <- anorexia[anorexia$Treat == "FT", ]
const FT_PRE: [f64; 17] =
    [83.8, 83.3, 86.0, 82.5, 86.7, 79.6, 76.9, 94.2, 73.4, 80.5, 81.6, 82.1, 77.6, 83.5, 89.9, 86.0, 87.3];
const FT_POST: [f64; 17] =
    [95.2, 94.3, 91.5, 91.9, 100.3, 76.7, 76.8, 101.6, 94.9, 75.2, 77.8, 95.5, 90.7, 92.5, 93.8, 91.7, 98.0];

// The R commands behind every `Expected` below, for pre/post vectors and d <- post - pre:
//   tt <- t.test(post, pre, paired = TRUE)          # t, df, p, ci
//   mean(pre); sd(pre); mean(post); sd(post); cor(pre, post); mean(d); sd(d)
//   w <- wilcox.test(round(d, 9))                   # V, p; equals wilcox.test(post, pre,
//                                                   # paired = TRUE) unless rounding creates ties
//   shapiro.test(d)                                 # W, p
//   mean(d) / sd(d)                                 # dz
//   r <- function(target) uniroot(function(ncp) pt(tt$statistic, n - 1, ncp) - target,
//                                 c(tt$statistic - 20, tt$statistic + 20), tol = 1e-14)$root
//   c(r(0.975), r(0.025)) / sqrt(n)                 # dz CI
//   dav <- mean(d) / ((sd(pre) + sd(post)) / 2); dav * (1 - 3 / (4 * (n - 1) - 1))  # dav, gav

#[test]
fn sleep_matches_r() {
    let c = compare(&SLEEP_PRE, &SLEEP_POST, 0.95);
    assert_eq!(c.n, 10);
    // Differences have ties and a zero, so wilcox.test uses the normal approximation.
    let e = Expected {
        t: 4.062127683382037,
        df: 9.0,
        p: 0.00283289019738427,
        ci: (0.7001142367230175, 2.4598857632769824),
        from_mean: 0.75,
        from_sd: 1.7890096577591625,
        to_mean: 2.3300000000000001,
        to_sd: 2.002248735796829,
        r: 0.79517020583357778,
        diff_mean: 1.5800000000000001,
        diff_sd: 1.2299954832798732,
        v: 45.0,
        wilcoxon_p: 0.0090906980159250559,
        exact: false,
        sw_w: 0.82987133192879448,
        sw_p: 0.033341608630307849,
        dz: 1.2845575625910546,
        dz_ci: (0.41462775638014371, 2.1180165139770675),
        dav: 0.83349634131270445,
        gav: 0.76205379777161542,
    };
    check("sleep", &c, &e);
}

#[test]
fn anorexia_cbt_matches_r() {
    let c = compare(&CBT_PRE, &CBT_POST, 0.95);
    assert_eq!(c.n, 29);
    // Rounding to 1e-9 makes two differences of 1.7 tie, so V is 304.5 here where R's unrounded
    // wilcox.test(post, pre, paired = TRUE) reports V = 303.5, p = 0.064465639344370579.
    let e = Expected {
        t: 2.215587843931166,
        df: 28.0,
        p: 0.03502259756218881,
        ci: (0.2268901583587766, 5.7869029450895004),
        from_mean: 82.689655172413794,
        from_sd: 4.8454945809473529,
        to_mean: 85.696551724137933,
        to_sd: 8.3519237629346161,
        r: 0.49196933112462504,
        diff_mean: 3.0068965517241382,
        diff_sd: 7.3085043923638713,
        v: 304.5,
        wilcoxon_p: 0.061374246014459233,
        exact: false,
        sw_w: 0.8961782483049876,
        sw_p: 0.0079451239024183207,
        dz: 0.41142433393976302,
        dz_ci: (0.028617357040829777, 0.78748485728991202),
        dav: 0.45567950842720217,
        gav: 0.4433638460372778,
    };
    check("CBT", &c, &e);
}

#[test]
fn anorexia_cont_matches_r() {
    let c = compare(&CONT_PRE, &CONT_POST, 0.95);
    assert_eq!(c.n, 26);
    let e = Expected {
        t: -0.28722539101502548,
        df: 25.0,
        p: 0.7763070622194167,
        ci: (-3.6767075882943057, 2.7767075882943071),
        from_mean: 81.557692307692307,
        from_sd: 5.7070604045811955,
        to_mean: 81.107692307692304,
        to_sd: 4.7442532037759602,
        r: -0.16141614602753199,
        diff_mean: -0.44999999999999901,
        diff_sd: 7.9887045257663658,
        v: 150.0,
        wilcoxon_p: 0.74677283016769547,
        exact: false,
        sw_w: 0.95188964669012188,
        sw_p: 0.25666470979723033,
        dz: -0.056329533599420487,
        dz_ci: (-0.44046438966139867, 0.32892422792116172),
        dav: -0.086113577079950362,
        gav: -0.083504074744194287,
    };
    check("Cont", &c, &e);
}

#[test]
fn anorexia_ft_matches_r() {
    let c = compare(&FT_PRE, &FT_POST, 0.95);
    assert_eq!(c.n, 17);
    // No ties or zeros among the 17 differences: the exact signed-rank distribution.
    let e = Expected {
        t: 4.1849081352900326,
        df: 16.0,
        p: 0.00070025310560053935,
        ci: (3.58469953587755, 10.944712228828333),
        from_mean: 83.229411764705887,
        from_sd: 5.0166927235333985,
        to_mean: 90.494117647058829,
        to_sd: 8.4750715770012288,
        r: 0.53820296270951484,
        diff_mean: 7.264705882352942,
        diff_sd: 7.1574210767977204,
        v: 142.0,
        wilcoxon_p: 0.00083923339843750022,
        exact: true,
        sw_w: 0.95358457279114761,
        sw_p: 0.51561176425609323,
        dz: 1.0149893103122027,
        dz_ci: (0.41513751544178074, 1.5942593524912576),
        dav: 1.0769096940220146,
        gav: 1.0256282800209662,
    };
    check("FT", &c, &e);
}

#[test]
fn wilcoxon_exact_small_sample() {
    // R: pre <- c(12.1, 14.3, 9.8, 11.0, 13.5, 10.2, 15.6, 12.9, 11.7, 13.0)
    //    post <- c(13.4, 15.0, 9.0, 12.8, 16.0, 12.5, 15.2, 14.9, 13.1, 13.3)
    //    wilcox.test(post, pre, paired = TRUE)  # exact: V = 49, p = 0.02734375
    let pre = [12.1, 14.3, 9.8, 11.0, 13.5, 10.2, 15.6, 12.9, 11.7, 13.0];
    let post = [13.4, 15.0, 9.0, 12.8, 16.0, 12.5, 15.2, 14.9, 13.1, 13.3];
    let d: Vec<f64> = pre.iter().zip(&post).map(|(a, b)| b - a).collect();
    let w = signed_rank(&d).expect("non-zero differences");
    assert!(w.exact);
    close("exact10 V", w.v, 49.0, TOL);
    close("exact10 p", w.p, 0.02734375, TOL);

    // R: d30 <- (1:30) * c(1, 1, -1, 1, 1, 1, -1, 1, 1, 1); wilcox.test(d30)
    //    exact: V = 375, p = 0.0025600902736186994
    let pattern = [1.0, 1.0, -1.0, 1.0, 1.0, 1.0, -1.0, 1.0, 1.0, 1.0];
    let d30: Vec<f64> = (1..=30).map(|i| i as f64 * pattern[(i - 1) % 10]).collect();
    let w = signed_rank(&d30).expect("non-zero differences");
    assert!(w.exact);
    close("d30 V", w.v, 375.0, TOL);
    close("d30 p", w.p, 0.0025600902736186994, TOL);

    // R: wilcox.test(c(1, -2, 3, -4, 5.5))  # V = 9, p = 0.8125
    let w = signed_rank(&[1.0, -2.0, 3.0, -4.0, 5.5]).expect("non-zero differences");
    assert!(w.exact);
    close("d5 V", w.v, 9.0, TOL);
    close("d5 p", w.p, 0.8125, TOL);
}

#[test]
fn wilcoxon_large_sample_uses_normal_approximation() {
    // R: d60 <- ((1:60 * 37) %% 61 - 25) / 8 + 0.01; wilcox.test(d60)
    //    (no ties, no zeros, n = 60): V = 1230, p = 0.020600668592917874
    let d60: Vec<f64> = (1..=60).map(|i| ((i * 37 % 61) as f64 - 25.0) / 8.0 + 0.01).collect();
    let w = signed_rank(&d60).expect("non-zero differences");
    assert!(!w.exact);
    close("d60 V", w.v, 1230.0, TOL);
    close("d60 p", w.p, 0.020600668592917874, TOL);

    // R: d55 <- c(rep(c(1, 2, 2, -1, 3, 0.5), 9), 4); wilcox.test(d55)
    //    (heavy ties): V = 1373.5, p = 3.3742253484144041e-07
    let mut d55: Vec<f64> = [1.0, 2.0, 2.0, -1.0, 3.0, 0.5].repeat(9);
    d55.push(4.0);
    let w = signed_rank(&d55).expect("non-zero differences");
    assert!(!w.exact);
    close("d55 V", w.v, 1373.5, TOL);
    close("d55 p", w.p, 3.3742253484144041e-07, TOL);
}

#[test]
fn shapiro_wilk_matches_r() {
    // R: shapiro.test(x) for each x; (x, W, p)
    let cases: [(&[f64], f64, f64); 5] = [
        // shapiro.test(c(1, 2, 4)): n = 3 uses the exact distribution
        (&[1.0, 2.0, 4.0], 0.96428571428571419, 0.6368868450289632),
        // shapiro.test(c(2.1, 3.4, 1.9, 5.6, 2.2))
        (&[2.1, 3.4, 1.9, 5.6, 2.2], 0.80329700611012111, 0.086182840497376775),
        // shapiro.test(c(0, 0, 0, 0, 0, 1))
        (&[0.0, 0.0, 0.0, 0.0, 0.0, 1.0], 0.49609440331162946, 2.0729244384981626e-05),
        // shapiro.test(c(3.1, 2.7, 4.4, 5.0, 3.3, 2.2, 3.9))
        (&[3.1, 2.7, 4.4, 5.0, 3.3, 2.2, 3.9], 0.97935157412158313, 0.95633161089226426),
        // shapiro.test(c(1, 2, 3))
        (&[1.0, 2.0, 3.0], 1.0, 0.99999999999999334),
    ];
    for (x, w, p) in cases {
        let s = shapiro_wilk(x).expect("3 <= n <= 5000");
        close(&format!("SW W n={}", x.len()), s.w, w, SW_TOL);
        close(&format!("SW p n={}", x.len()), s.p, p, SW_TOL);
    }
    // R: shapiro.test(qnorm((1:100 - 0.5) / 100)^3)
    let heavy: Vec<f64> = (1..=100)
        .map(|i| {
            let q = qnorm((i as f64 - 0.5) / 100.0);
            q * q * q
        })
        .collect();
    let s = shapiro_wilk(&heavy).expect("n = 100");
    close("SW W n=100", s.w, 0.68207825294457503, SW_TOL);
    close("SW p n=100", s.p, 2.1022775942498412e-13, SW_TOL);
    // R: shapiro.test(sin(1:1000))
    let sines: Vec<f64> = (1..=1000).map(|i| (i as f64).sin()).collect();
    let s = shapiro_wilk(&sines).expect("n = 1000");
    close("SW W n=1000", s.w, 0.89927439142206744, SW_TOL);
    close("SW p n=1000", s.p, 4.3028664796244799e-25, SW_TOL);
}

/// Standard normal quantile (R's `qnorm`), to build the n = 100 sample.
fn qnorm(p: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::new(0.0, 1.0).expect("valid").inverse_cdf(p)
}

#[test]
fn shapiro_wilk_refuses_out_of_range() {
    assert_eq!(shapiro_wilk(&[]), None);
    assert_eq!(shapiro_wilk(&[1.0, 2.0]), None);
    assert_eq!(shapiro_wilk(&[2.0, 2.0, 2.0, 2.0]), None);
    assert_eq!(shapiro_wilk(&[1.0, f64::INFINITY, 3.0]), None);
    assert_eq!(shapiro_wilk(&vec![0.5; 5001]), None);
    let big: Vec<f64> = (0..5001).map(|i| i as f64).collect();
    assert_eq!(shapiro_wilk(&big), None);
    // NaN is missing, as complete.cases: three values remain.
    // R: shapiro.test(c(1, NaN, 2, 4))  # W = 0.96428571428571419, p = 0.6368868450289632
    let s = shapiro_wilk(&[1.0, f64::NAN, 2.0, 4.0]).expect("three values remain");
    close("SW with NaN W", s.w, 0.96428571428571419, SW_TOL);
    close("SW with NaN p", s.p, 0.6368868450289632, SW_TOL);
}

#[test]
fn pnt_matches_r() {
    // R: pt(t, df, ncp) for each row (t, df, ncp, value)
    let cases = [
        (2.0, 10.0, 1.0, 0.80761156253031108),
        (-1.5, 5.0, 0.5, 0.03926767466204073),
        (-0.3, 20.0, -2.0, 0.95560644866802491),
        (4.06, 9.0, 3.2, 0.70363887193809482),
        (25.0, 40.0, 30.0, 0.043492463994757667),
        (-2.0, 15.0, -1.2, 0.23558761869676315),
        (3.0, 200.0, 2.5, 0.68819768384981694),
        (0.0, 7.0, 1.3, 0.096800484585610344),
        (10.0, 4.0, 12.0, 0.22641223343967895),
        (2.5, 2.0, -0.5, 0.97156184427150283),
        (1.0, 1.0, 1.0, 0.42202003039261193),
        // ncp beyond 37.62: R's normal approximation (Abramowitz & Stegun 26.7.10)
        (45.0, 30.0, 40.0, 0.78364853330645401),
        (-45.0, 30.0, -39.0, 0.16998803267386683),
        // df > 4e5: normal approximation too
        (0.5, 1e6, 0.2, 0.61791136736445662),
    ];
    for (t, df, ncp, expected) in cases {
        close(&format!("pt({t}, {df}, {ncp})"), pnt(t, df, ncp), expected, TOL);
    }
    // R: pt(1, 3, 8) = 5.642697200735042e-11 — the series stops at an absolute error bound of
    // 1e-12, so only absolute agreement is meaningful this far in the tail.
    assert!((pnt(1.0, 3.0, 8.0) - 5.642697200735042e-11).abs() < 1e-12);
    // R: pt(-1, 12, 41) = 0 (left tail cut off for ncp > 40)
    assert_eq!(pnt(-1.0, 12.0, 41.0), 0.0);
    assert!(pnt(1.0, 0.0, 1.0).is_nan());
    assert!(pnt(f64::NAN, 5.0, 1.0).is_nan());
    assert_eq!(pnt(f64::INFINITY, 5.0, 1.0), 1.0);
    assert_eq!(pnt(f64::NEG_INFINITY, 5.0, 1.0), 0.0);
}

#[test]
fn dz_interval_matches_r() {
    // R: r <- function(t, df, target) uniroot(function(ncp) pt(t, df, ncp) - target,
    //                                         c(t - 10, t + 10), tol = 1e-14)$root
    //    c(r(t, n - 1, (1 + conf) / 2), r(t, n - 1, (1 - conf) / 2)) / sqrt(n)
    let cases = [
        (-2.3, 12, 0.9, -1.1783874795523042, -0.1231398294905261),
        (0.4, 5, 0.99, -0.9940541747710202, 1.3312038728434743),
        (8.0, 30, 0.95, 0.93671864664772608, 1.9721026590478499),
    ];
    for (t, n, conf, lo, hi) in cases {
        interval(&format!("dz CI t={t} n={n} conf={conf}"), dz_interval(t, n, conf), lo, hi);
    }
    assert_eq!(dz_interval(2.0, 1, 0.95), None);
    assert_eq!(dz_interval(f64::NAN, 10, 0.95), None);
    assert_eq!(dz_interval(2.0, 10, 1.0), None);
    assert_eq!(dz_interval(2.0, 10, 0.0), None);
}

#[test]
fn cronbach_alpha_matches_r() {
    // R: items <- rbind(c(4,5,4,3), c(2,3,3,2), c(5,5,4,5), c(3,4,2,3), c(1,2,2,1),
    //                   c(4,3,5,4), c(2,2,3,3), c(5,4,4,5))
    //    psych::alpha(items)$total$raw_alpha  # 0.9048843187660669 (same as the formula)
    let mut items = vec![
        vec![4.0, 5.0, 4.0, 3.0],
        vec![2.0, 3.0, 3.0, 2.0],
        vec![5.0, 5.0, 4.0, 5.0],
        vec![3.0, 4.0, 2.0, 3.0],
        vec![1.0, 2.0, 2.0, 1.0],
        vec![4.0, 3.0, 5.0, 4.0],
        vec![2.0, 2.0, 3.0, 3.0],
        vec![5.0, 4.0, 4.0, 5.0],
    ];
    let a = cronbach_alpha(&items);
    some("alpha", a, 0.9048843187660669, TOL);
    // A respondent with a missing answer is dropped, leaving the same complete cases.
    items.push(vec![1.0, f64::NAN, 5.0, 5.0]);
    some("alpha with NaN row", cronbach_alpha(&items), 0.9048843187660669, TOL);

    assert_eq!(cronbach_alpha(&[]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0]]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0], vec![2.0]]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0], vec![1.0]]), None);
    assert_eq!(cronbach_alpha(&[vec![1.0, 2.0], vec![2.0, 1.0], vec![3.0, 0.0]]), None, "zero variance of totals");
}

#[test]
fn holm_matches_r() {
    // R: p.adjust(c(0.01, NA, 0.04, 0.03, 0.005, 0.5, 0.04), "holm")
    //    0.05 NA 0.12 0.12 0.03 0.5 0.12
    let p = [Some(0.01), None, Some(0.04), Some(0.03), Some(0.005), Some(0.5), Some(0.04)];
    let expected = [
        Some(0.050000000000000003),
        None,
        Some(0.119999999999999996),
        Some(0.119999999999999996),
        Some(0.029999999999999999),
        Some(0.5),
        Some(0.119999999999999996),
    ];
    let adjusted = holm(&p);
    assert_eq!(adjusted.len(), p.len());
    for (i, (a, e)) in adjusted.iter().zip(&expected).enumerate() {
        match (a, e) {
            (Some(a), Some(e)) => close(&format!("holm[{i}]"), *a, *e, TOL),
            (None, None) => {}
            _ => panic!("holm[{i}]: got {a:?}, expected {e:?}"),
        }
    }
    assert!(holm(&[]).is_empty());
    assert_eq!(holm(&[None, Some(f64::NAN)]), vec![None, None]);
    assert_eq!(holm(&[Some(0.9), Some(0.8)]), vec![Some(1.0), Some(1.0)]);
}

#[test]
fn descriptives() {
    assert_eq!(mean(&[]), None);
    assert_eq!(sd(&[1.0]), None);
    assert_eq!(mean(&[f64::NAN]), None);
    // R: sd(c(2, 4, 4, 4, 5, 5, 7, 9))  # 2.1380899352993952
    some("sd", sd(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]), 2.1380899352993952, TOL);
    assert_eq!(pearson_r(&[1.0, 2.0], &[3.0]), None);
    assert_eq!(pearson_r(&[1.0], &[3.0]), None);
    assert_eq!(pearson_r(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
    some("r = 1", pearson_r(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), 1.0, TOL);
}

#[test]
fn empty_and_single_pairs_give_none() {
    let c = compare(&[], &[], 0.95);
    assert_eq!(c.n, 0);
    assert_eq!(c.from_mean, None);
    assert_eq!(c.diff_mean, None);
    assert_eq!(c.t, None);
    assert_eq!(c.df, None);
    assert_eq!(c.p, None);
    assert_eq!(c.diff_ci, None);
    assert_eq!(c.wilcoxon, None);
    assert_eq!(c.shapiro, None);
    assert_eq!((c.dz, c.dz_ci, c.dav, c.gav), (None, None, None, None));

    let c = compare(&[3.0], &[5.0], 0.95);
    assert_eq!(c.n, 1);
    assert_eq!(c.diff_mean, Some(2.0));
    assert_eq!((c.from_sd, c.to_sd, c.diff_sd, c.r), (None, None, None, None));
    assert_eq!((c.t, c.df, c.p, c.diff_ci), (None, None, None, None));
    assert_eq!((c.dz, c.dz_ci, c.dav, c.gav), (None, None, None, None));
    assert_eq!(c.shapiro, None);
    // R: wilcox.test(2) gives V = 1, p = 1 (exact); one difference is still a test.
    let w = c.wilcoxon.expect("one non-zero difference");
    assert_eq!((w.v, w.p, w.exact), (1.0, 1.0, true));
}

#[test]
fn constant_differences_give_none_for_t_and_dz() {
    let from = [1.0, 2.0, 3.0, 4.0, 6.0];
    let to = [2.5, 3.5, 4.5, 5.5, 7.5];
    let c = compare(&from, &to, 0.95);
    assert_eq!(c.n, 5);
    some("constant diff mean", c.diff_mean, 1.5, TOL);
    assert_eq!(c.df, Some(4.0));
    assert_eq!((c.t, c.p, c.diff_ci), (None, None, None));
    assert_eq!((c.dz, c.dz_ci), (None, None));
    assert_eq!(c.shapiro, None, "range of differences is 0");
    // Equal SDs at both timepoints, so dav is still defined.
    assert!(c.dav.is_some() && c.gav.is_some());
    // All five differences tie: normal approximation.
    // R: wilcox.test(rep(1.5, 5))  # V = 15, p = 0.036888425707049893
    let w = c.wilcoxon.expect("non-zero differences");
    assert!(!w.exact);
    close("constant V", w.v, 15.0, TOL);
    close("constant Wilcoxon p", w.p, 0.036888425707049893, TOL);
}

#[test]
fn all_equal_scores_and_zero_differences() {
    // Nobody changed and nobody differs: only the means survive.
    let c = compare(&[3.0; 4], &[3.0; 4], 0.95);
    assert_eq!(c.diff_mean, Some(0.0));
    assert_eq!(c.from_sd, Some(0.0));
    assert_eq!((c.t, c.p, c.dz, c.dz_ci, c.dav, c.gav), (None, None, None, None, None, None));
    assert_eq!(c.r, None);
    assert_eq!(c.wilcoxon, None, "every difference is zero");
}

#[test]
fn incomplete_pairs_are_dropped() {
    let from = [1.0, f64::NAN, 3.0, 4.0, 2.0];
    let to = [2.0, 5.0, f64::INFINITY, 6.5, 2.5, 9.0];
    let c = compare(&from, &to, 0.95);
    // Pairs 2 (NaN) and 3 (infinite) are dropped; the unpartnered 9.0 is ignored.
    assert_eq!(c.n, 3);
    some("diff mean", c.diff_mean, (1.0 + 2.5 + 0.5) / 3.0, TOL);
}

#[test]
fn strange_confidence_levels_do_not_panic() {
    for conf in [0.0, 1.0, -1.0, 2.0, f64::NAN] {
        let c = compare(&SLEEP_PRE, &SLEEP_POST, conf);
        assert!(c.t.is_some());
        assert_eq!((c.diff_ci, c.dz_ci), (None, None));
    }
}

#[test]
fn wilcoxon_edge_cases() {
    assert_eq!(signed_rank(&[]), None);
    assert_eq!(signed_rank(&[0.0, 0.0]), None);
    assert_eq!(signed_rank(&[f64::NAN]), None);
    // 1.7 computed two ways ties after rounding to 1e-9.
    // R: wilcox.test(round(c(82.2 - 80.5, 81.4 - 79.7, -0.5), 9))  # V = 5, p = 0.41421617824252505
    let w = signed_rank(&[82.2 - 80.5, 81.4 - 79.7, -0.5]).expect("non-zero");
    assert!(!w.exact);
    close("rounded tie V", w.v, 5.0, TOL);
    close("rounded tie p", w.p, 0.41421617824252505, TOL);
    // Huge values must not overflow the rounding.
    assert!(signed_rank(&[1e300, -1e299, f64::MAX]).is_some());
}
