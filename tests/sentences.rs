//! The sentence forms of the report: p < .001, a non-significant result, a worsening, n < 10, a
//! CI crossing 0 and a statistic that could not be computed.

use impact::analysis::{Describe, Diff, Effect, Outcome, Paired, ShapiroResult, WilcoxonResult};
use impact::report::words::Voice;

struct Case {
    n: usize,
    means: (f64, f64),
    better: &'static str,
    t: Option<f64>,
    p: Option<f64>,
    dz_ci: Option<[f64; 2]>,
    gav: Option<f64>,
}

fn outcome(c: &Case) -> Outcome {
    let diff = c.means.1 - c.means.0;
    Outcome {
        measure: "scs-sf".into(),
        scale: "total".into(),
        label: "Self-compassion".into(),
        instrument: Some("SCS-SF".into()),
        from: "pre".into(),
        to: "post".into(),
        better: c.better,
        range: Some(if c.means.0 < 10.0 { [1.0, 5.0] } else { [0.0, 36.0] }),
        n_pairs: c.n,
        pre: Describe { n: c.n, mean: Some(c.means.0), sd: Some(0.7) },
        post: Describe { n: c.n, mean: Some(c.means.1), sd: Some(0.8) },
        paired: Paired {
            pre_mean: Some(c.means.0),
            pre_sd: Some(0.7),
            post_mean: Some(c.means.1),
            post_sd: Some(0.8),
            r: Some(0.6),
        },
        diff: Diff { mean: Some(diff), sd: Some(0.4), ci: c.t.map(|_| [diff - 0.2, diff + 0.2]) },
        t: c.t,
        df: c.t.map(|_| (c.n - 1) as f64),
        p: c.p,
        p_adjusted: c.p,
        wilcoxon: WilcoxonResult { v: None, p: None, exact: None },
        shapiro: ShapiroResult { w: None, p: None },
        effect: Effect { dz: c.t.map(|_| diff / 0.4), dz_ci: c.dz_ci, dav: c.gav, gav: c.gav },
        alpha: None,
        reliable_change: None,
        bands: None,
    }
}

/// Sentences keep intervals on one line with a no-break space; compare with plain spaces.
fn plain(text: String) -> String {
    text.replace('\u{a0}', " ")
}

fn voice(o: &Outcome) -> Voice<'_> {
    Voice { outcome: o, name: "Self-compassion (SCS-SF)".into(), adjusted: false, confidence: 0.95 }
}

#[test]
fn a_very_small_p_reads_p_less_than_001() {
    let o = outcome(&Case {
        n: 24,
        means: (2.8, 3.5),
        better: "higher",
        t: Some(8.57),
        p: Some(0.00002),
        dz_ci: Some([1.1, 2.4]),
        gav: Some(0.93),
    });
    assert_eq!(
        plain(voice(&o).full()),
        "Self-compassion (SCS-SF) rose from 2.80 at pre to 3.50 at post (n = 24), an improvement. The mean change was \
         +0.70 (95% CI [0.50, 0.90]); it is statistically significant, t(23) = 8.57, p < .001; d_z = 1.75, 95% CI \
         [1.10, 2.40]. As g_av = 0.93, the effect is large by Cohen's (1988) conventions."
    );
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF) rose from 2.80 to 3.50 by post (n = 24, p < .001, a large effect)."
    );
}

#[test]
fn a_non_significant_result_says_so() {
    let o = outcome(&Case {
        n: 30,
        means: (3.0, 3.1),
        better: "higher",
        t: Some(1.2),
        p: Some(0.2397),
        dz_ci: Some([-0.14, 0.58]),
        gav: Some(0.13),
    });
    let full = plain(voice(&o).full());
    assert!(full.contains("it is not statistically significant, t(29) = 1.20, p = .240"), "{full}");
    assert!(full.contains("the effect is negligible"), "{full}");
    assert!(
        full.ends_with("The interval for d_z includes zero, so the data are also consistent with no change."),
        "{full}"
    );
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF): no statistically significant change (3.00 to 3.10 by post; n = 30, p = .240)."
    );
}

#[test]
fn a_worsening_is_named_as_such() {
    let o = outcome(&Case {
        n: 20,
        means: (3.4, 2.9),
        better: "higher",
        t: Some(-3.1),
        p: Some(0.006),
        dz_ci: Some([-1.2, -0.2]),
        gav: Some(-0.64),
    });
    let full = plain(voice(&o).full());
    assert!(full.starts_with("Self-compassion (SCS-SF) fell from 3.40 at pre to 2.90 at post (n = 20), a change in the unwanted direction."), "{full}");
    assert!(full.contains("the effect is medium"), "{full}");
    assert_eq!(
        voice(&o).short(),
        "Self-compassion (SCS-SF) fell in the unwanted direction from 3.40 to 2.90 by post (n = 20, p = .006, a medium effect)."
    );
}

#[test]
fn a_lower_is_better_fall_is_an_improvement() {
    let mut o = outcome(&Case {
        n: 17,
        means: (19.3, 13.1),
        better: "lower",
        t: Some(-4.0),
        p: Some(0.001),
        dz_ci: Some([-1.5, -0.4]),
        gav: Some(-0.9),
    });
    o.label = "Inadequate self".into();
    let v = Voice { outcome: &o, name: "Inadequate self (FSCRS)".into(), adjusted: false, confidence: 0.95 };
    assert!(
        v.full().starts_with("Inadequate self (FSCRS) fell from 19.3 at pre to 13.1 at post (n = 17), an improvement."),
        "{}",
        v.full()
    );
}

#[test]
fn fewer_than_ten_people_are_flagged() {
    let o = outcome(&Case {
        n: 8,
        means: (2.5, 3.2),
        better: "higher",
        t: Some(2.9),
        p: Some(0.023),
        dz_ci: Some([0.1, 1.9]),
        gav: Some(0.8),
    });
    assert!(voice(&o).full().ends_with("With only 8 people, this estimate is imprecise."), "{}", voice(&o).full());
}

#[test]
fn a_statistic_that_cannot_be_computed_is_explained() {
    let o = outcome(&Case { n: 1, means: (2.5, 3.0), better: "higher", t: None, p: None, dz_ci: None, gav: None });
    assert_eq!(
        voice(&o).full(),
        "Self-compassion (SCS-SF): only 1 person was scored at both pre and post, too few to test the change."
    );
    assert_eq!(voice(&o).short(), "Self-compassion (SCS-SF): too few paired scores to test (n = 1).");
    let o = outcome(&Case { n: 6, means: (2.5, 3.0), better: "higher", t: None, p: None, dz_ci: None, gav: Some(0.6) });
    assert_eq!(
        voice(&o).full(),
        "Self-compassion (SCS-SF) changed by the same amount (+0.50) for all 6 people scored at both pre and post, so no test statistic can be computed."
    );
}

#[test]
fn adjusted_p_values_are_named() {
    let o = outcome(&Case {
        n: 24,
        means: (2.8, 3.5),
        better: "higher",
        t: Some(3.0),
        p: Some(0.0064),
        dz_ci: Some([0.2, 1.0]),
        gav: Some(0.5),
    });
    let v = Voice { adjusted: true, ..voice(&o) };
    assert!(v.full().contains("p = .006 (Holm-adjusted p = .006)"), "{}", v.full());
    assert!(v.short().contains("adjusted p = .006"), "{}", v.short());
}
