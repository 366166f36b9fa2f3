//! Spearman's rho against R 4.2.2: `cor.test(x, y, method = "spearman", exact = FALSE)` for rho
//! and p, and `tanh(atanh(rho) + c(-1, 1) * qnorm((1 + conf) / 2) * sqrt(1.06 / (n - 3)))` for the
//! interval. The script is tests/data/spearman/reference.R; values printed with
//! `formatC(x, digits = 17, format = "g")`.

// R's 17-digit output is pasted verbatim.
#![allow(clippy::excessive_precision)]

use impact::stats::spearman;

const TOL: f64 = 1e-9;

fn close(label: &str, actual: f64, expected: f64) {
    let err = if expected == 0.0 { actual.abs() } else { ((actual - expected) / expected).abs() };
    assert!(err <= TOL, "{label}: got {actual:e}, expected {expected:e} (relative error {err:e})");
}

struct Case {
    name: &'static str,
    x: &'static [f64],
    y: &'static [f64],
    confidence: f64,
    rho: f64,
    p: f64,
    ci: (f64, f64),
    ties: bool,
}

const CASES: &[Case] = &[
    Case {
        name: "ties",
        x: &[8.0, 6.0, 7.0, 5.0, 8.0, 3.0, 4.0, 8.0, 6.0, 7.0, 5.0, 8.0],
        y: &[0.5, 0.2, 0.4, -0.1, 0.6, -0.3, 0.0, 0.45, 0.25, 0.3, 0.1, 0.55],
        confidence: 0.95,
        rho: 0.96627206464456605,
        p: 3.2480913916787056e-07,
        ci: (0.87642753876729418, 0.99110396803803336),
        ties: true,
    },
    Case {
        name: "noties",
        x: &[1.2, 3.4, 2.2, 5.1, 4.4, 0.3, 6.6, 7.7, 2.9, 5.5, 8.1, 9.0],
        y: &[2.1, 1.1, 3.3, 4.0, 2.5, 0.9, 5.2, 3.9, 1.8, 6.1, 7.2, 4.4],
        confidence: 0.95,
        rho: 0.81118881118881125,
        p: 0.0013633152527271946,
        ci: (0.42833854794097487, 0.94712930228957759),
        ties: false,
    },
    Case {
        name: "both",
        x: &[8.0, 8.0, 7.0, 7.0, 6.0, 6.0, 5.0, 5.0, 4.0, 3.0, 2.0, 1.0, 8.0, 7.0, 0.0],
        y: &[-4.0, -5.0, -2.0, -3.0, -1.0, -4.0, 0.0, 1.0, 2.0, 1.0, 3.0, 2.0, -6.0, -2.0, 4.0],
        confidence: 0.90,
        rho: -0.94033933454587515,
        p: 1.8741142315300807e-07,
        ci: (-0.97713228441589028, -0.84887339394218442),
        ties: true,
    },
    Case {
        name: "moderate",
        x: &[8.0, 6.0, 7.0, 5.0, 8.0, 3.0, 4.0, 8.0, 6.0, 7.0, 5.0, 8.0],
        y: &[0.1, 0.4, -0.2, 0.3, 0.5, 0.2, -0.1, 0.0, 0.6, 0.2, 0.3, -0.3],
        confidence: 0.95,
        rho: -0.21368619810456363,
        p: 0.50486037717857757,
        ci: (-0.71122883539463755, 0.42649518018930554),
        ties: true,
    },
];

#[test]
fn spearman_matches_r_cor_test() {
    for case in CASES {
        let s = spearman(case.x, case.y, case.confidence).unwrap_or_else(|| panic!("{}: no result", case.name));
        assert_eq!(s.n, case.x.len());
        assert_eq!(s.ties, case.ties, "{}", case.name);
        close(&format!("{} rho", case.name), s.rho, case.rho);
        close(&format!("{} p", case.name), s.p.unwrap(), case.p);
        let (lo, hi) = s.ci.unwrap();
        close(&format!("{} ci lower", case.name), lo, case.ci.0);
        close(&format!("{} ci upper", case.name), hi, case.ci.1);
    }
}

#[test]
fn swapping_the_variables_changes_nothing() {
    for case in CASES {
        let a = spearman(case.x, case.y, 0.95).unwrap();
        let b = spearman(case.y, case.x, 0.95).unwrap();
        close(case.name, a.rho, b.rho);
    }
}
