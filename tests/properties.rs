//! Property tests for `impact::stats`.
//!
//! `tests/statistics.rs` pins individual values to R; these tests check laws that must hold for
//! every input: symmetry under swapping the timepoints, p-values that are probabilities,
//! intervals that contain their estimate, invariance under a change of origin or unit, the shape
//! of Holm's adjustment, and `None` rather than a panic or a NaN for degenerate data.
//!
//! Samples imitate evaluation data: 3 to 60 pairs of integer sum scores (many ties and zero
//! changes), percentages with two decimals, or continuous values. A failing case is saved to
//! `proptest-regressions/properties.txt` and replayed first on the next run; set
//! `PROPTEST_RNG_SEED` to repeat a whole run.

use impact::stats::{
    PairedComparison, compare, cronbach_alpha, dav, dz, dz_interval, gav, holm, mean, paired_t, sd, shapiro_wilk,
    signed_rank, spearman,
};
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, TestCaseError};

/// Relative tolerance (absolute below 1) for quantities that should not change at all.
const TOL: f64 = 1e-9;

/// Tolerance for the Shapiro–Wilk p-value. For n = 3, `p = 6/π·(asin √W − π/3)` has infinite
/// slope at W = 1, so the last-bit noise in a W of 1 on paper (three equally spaced differences)
/// moves p by up to about 1e-7.
const SW_TOL: f64 = 1e-6;

/// Confidence level used where the property does not depend on it.
const CONFIDENCE: f64 = 0.95;

fn config() -> ProptestConfig {
    // Cases come from the default: 256, or PROPTEST_CASES for a longer search.
    ProptestConfig {
        // The default puts the file beside the nearest lib.rs, which an integration test lacks
        // (it would fall back to `tests/properties.proptest-regressions`). Tests run in the
        // package root, so this path is the usual `proptest-regressions/` folder.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct("proptest-regressions/properties.txt"))),
        ..ProptestConfig::default()
    }
}

type Pairs = (Vec<f64>, Vec<f64>);

/// Sum scores of a short Likert scale (0–40) and a change of at most 6 points: many ties and
/// zero differences, so the Wilcoxon test takes its normal-approximation path.
fn integer_pairs() -> impl Strategy<Value = Pairs> {
    prop::collection::vec((0i32..=40, -6i32..=6), 3..=60)
        .prop_map(|v| v.into_iter().map(|(a, change)| (f64::from(a), f64::from(a + change))).unzip())
}

/// Percentage scores with two decimals, the second timepoint within 20 points of the first.
fn decimal_pairs() -> impl Strategy<Value = Pairs> {
    prop::collection::vec((0i32..=10_000, -2_000i32..=2_000), 3..=60).prop_map(|v| {
        v.into_iter()
            .map(|(a, change)| (f64::from(a) / 100.0, f64::from((a + change).clamp(0, 10_000)) / 100.0))
            .unzip()
    })
}

/// Continuous scores: no ties, so below 50 pairs the Wilcoxon p is exact.
fn continuous_pairs() -> impl Strategy<Value = Pairs> {
    prop::collection::vec((0.0..100.0f64, -20.0..20.0f64), 3..=60)
        .prop_map(|v| v.into_iter().map(|(a, change)| (a, a + change)).unzip())
}

/// Scores as typed into a questionnaire export: integers or two decimals in 0–100.
fn recorded_pairs() -> impl Strategy<Value = Pairs> {
    prop_oneof![integer_pairs(), decimal_pairs()]
}

fn any_pairs() -> impl Strategy<Value = Pairs> {
    prop_oneof![integer_pairs(), decimal_pairs(), continuous_pairs()]
}

/// Sessions attended (0–12, heavily tied) and an outcome score, or two continuous variables.
fn dose_and_outcome() -> impl Strategy<Value = Pairs> {
    prop_oneof![
        prop::collection::vec((0i32..=12, 0i32..=40), 2..=60)
            .prop_map(|v| v.into_iter().map(|(a, b)| (f64::from(a), f64::from(b))).unzip()),
        prop::collection::vec((0.0..100.0f64, 0.0..100.0f64), 2..=60).prop_map(|v| v.into_iter().unzip()),
    ]
}

/// A change of unit as done in practice: a factor with two decimals, or 100 over the range of a
/// scale (percent of maximum possible). An arbitrary real factor could place two differences that
/// tie on paper either side of a rounding boundary of the Wilcoxon's 1e-9 grid and split the tie.
fn unit_factor() -> impl Strategy<Value = f64> {
    prop_oneof![(1i32..=10_000).prop_map(|c| f64::from(c) / 100.0), (1i32..=1_000).prop_map(|m| 100.0 / f64::from(m))]
}

/// `a` and `b` agree to `tol`, relative for large values and absolute near zero (where a value
/// that is 0 on paper carries rounding noise of either sign).
fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * a.abs().max(b.abs()).max(1.0)
}

/// Both `None`, or both present and within `tol`.
fn agree_to(label: &str, a: Option<f64>, b: Option<f64>, tol: f64) -> Result<(), TestCaseError> {
    match (a, b) {
        (None, None) => Ok(()),
        (Some(x), Some(y)) if close(x, y, tol) => Ok(()),
        _ => Err(TestCaseError::fail(format!("{label}: {a:?} vs {b:?}"))),
    }
}

/// Both `None`, or both present and within `TOL`.
fn agree(label: &str, a: Option<f64>, b: Option<f64>) -> Result<(), TestCaseError> {
    agree_to(label, a, b, TOL)
}

fn agree_interval(label: &str, a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Result<(), TestCaseError> {
    agree(&format!("{label} lower"), a.map(|i| i.0), b.map(|i| i.0))?;
    agree(&format!("{label} upper"), a.map(|i| i.1), b.map(|i| i.1))
}

fn wilcoxon_p(c: &PairedComparison) -> Option<f64> {
    c.wilcoxon.as_ref().map(|w| w.p)
}

fn shapiro_p(c: &PairedComparison) -> Option<f64> {
    c.shapiro.as_ref().map(|s| s.p)
}

/// Whether the differences, read to two decimals, are all equal. Such data has no spread on
/// paper, but `b − a` leaves rounding noise whose size depends on the magnitude of the scores, so
/// whether the t-test sees it as "essentially constant" (and what Shapiro–Wilk makes of the
/// noise) is not invariant under a shift. R's `t.test` and `shapiro.test` behave the same way.
fn constant_on_paper(from: &[f64], to: &[f64]) -> bool {
    let cents = |v: f64| (v * 100.0).round() as i64;
    let d: Vec<i64> = from.iter().zip(to).map(|(a, b)| cents(*b) - cents(*a)).collect();
    d.windows(2).all(|w| w[0] == w[1])
}

/// Test statistics, p-values and effect sizes agree between two analyses of the same data.
fn same_inference(a: &PairedComparison, b: &PairedComparison) -> Result<(), TestCaseError> {
    agree("t", a.t, b.t)?;
    agree("p", a.p, b.p)?;
    prop_assert_eq!(a.df, b.df);
    agree("wilcoxon V", a.wilcoxon.as_ref().map(|w| w.v), b.wilcoxon.as_ref().map(|w| w.v))?;
    agree("wilcoxon p", wilcoxon_p(a), wilcoxon_p(b))?;
    prop_assert_eq!(a.wilcoxon.as_ref().map(|w| w.exact), b.wilcoxon.as_ref().map(|w| w.exact));
    agree("shapiro W", a.shapiro.as_ref().map(|s| s.w), b.shapiro.as_ref().map(|s| s.w))?;
    agree_to("shapiro p", shapiro_p(a), shapiro_p(b), SW_TOL)?;
    agree("r", a.r, b.r)?;
    agree("d_z", a.dz, b.dz)?;
    agree_interval("d_z interval", a.dz_ci, b.dz_ci)?;
    agree("d_av", a.dav, b.dav)?;
    agree("g_av", a.gav, b.gav)
}

/// Every `Some` float in a comparison, with its name.
fn fields(c: &PairedComparison) -> Vec<(&'static str, f64)> {
    let mut out = Vec::new();
    let mut push = |name, v: Option<f64>| out.extend(v.map(|x| (name, x)));
    push("from_mean", c.from_mean);
    push("from_sd", c.from_sd);
    push("to_mean", c.to_mean);
    push("to_sd", c.to_sd);
    push("r", c.r);
    push("diff_mean", c.diff_mean);
    push("diff_sd", c.diff_sd);
    push("diff_ci lower", c.diff_ci.map(|i| i.0));
    push("diff_ci upper", c.diff_ci.map(|i| i.1));
    push("t", c.t);
    push("df", c.df);
    push("p", c.p);
    push("wilcoxon V", c.wilcoxon.as_ref().map(|w| w.v));
    push("wilcoxon p", wilcoxon_p(c));
    push("shapiro W", c.shapiro.as_ref().map(|s| s.w));
    push("shapiro p", shapiro_p(c));
    push("dz", c.dz);
    push("dz_ci lower", c.dz_ci.map(|i| i.0));
    push("dz_ci upper", c.dz_ci.map(|i| i.1));
    push("dav", c.dav);
    push("gav", c.gav);
    out
}

fn probability(label: &str, p: Option<f64>) -> Result<(), TestCaseError> {
    if let Some(p) = p {
        prop_assert!((0.0..=1.0).contains(&p), "{label} = {p}");
    }
    Ok(())
}

/// Floats a caller might pass by mistake: missing values, infinities, extremes, subnormals.
fn awkward_float() -> impl Strategy<Value = f64> {
    prop_oneof![
        3 => -100.0..100.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(f64::MAX),
        1 => Just(-f64::MAX),
        1 => Just(f64::MIN_POSITIVE),
        2 => any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(config())]

    /// Swapping pre and post negates the differences: t, d_z, d_av, g_av, the mean change and
    /// both intervals change sign, while the two-sided t and Wilcoxon p-values stay the same.
    #[test]
    fn swapping_timepoints_flips_signs((from, to) in any_pairs()) {
        let forward = compare(&from, &to, CONFIDENCE);
        let back = compare(&to, &from, CONFIDENCE);
        let neg = |v: Option<f64>| v.map(|x| -x);
        let mirror = |i: Option<(f64, f64)>| i.map(|(lo, hi)| (-hi, -lo));
        agree("t", back.t, neg(forward.t))?;
        agree("d_z", back.dz, neg(forward.dz))?;
        agree("d_av", back.dav, neg(forward.dav))?;
        agree("g_av", back.gav, neg(forward.gav))?;
        agree("mean change", back.diff_mean, neg(forward.diff_mean))?;
        agree_interval("mean change interval", back.diff_ci, mirror(forward.diff_ci))?;
        agree_interval("d_z interval", back.dz_ci, mirror(forward.dz_ci))?;
        agree("p", back.p, forward.p)?;
        agree("wilcoxon p", wilcoxon_p(&back), wilcoxon_p(&forward))?;
    }

    /// The p-values of a paired comparison (t-test, Wilcoxon, Shapiro–Wilk) lie in [0, 1].
    #[test]
    fn comparison_p_values_are_probabilities((from, to) in any_pairs()) {
        let c = compare(&from, &to, CONFIDENCE);
        probability("t-test p", c.p)?;
        probability("wilcoxon p", wilcoxon_p(&c))?;
        probability("shapiro p", shapiro_p(&c))?;
    }

    /// The exact Wilcoxon p (distinct non-zero |d|, fewer than 50) lies in [0, 1].
    #[test]
    fn exact_wilcoxon_p_is_a_probability(
        (magnitudes, signs) in (1usize..50).prop_flat_map(|n| {
            (prop::sample::subsequence((1..=500).collect::<Vec<i32>>(), n), prop::collection::vec(any::<bool>(), n))
        }),
        unit in 0.01..10.0f64,
    ) {
        let d: Vec<f64> =
            magnitudes.iter().zip(&signs).map(|(m, &neg)| f64::from(*m) * unit * if neg { -1.0 } else { 1.0 }).collect();
        let w = signed_rank(&d).expect("non-zero differences");
        prop_assert!(w.exact, "distinct magnitudes below 50 take the exact path");
        probability("exact wilcoxon p", Some(w.p))?;
    }

    /// The normal-approximation Wilcoxon p (ties or zeros present) lies in [0, 1].
    #[test]
    fn approximate_wilcoxon_p_is_a_probability(mut d in prop::collection::vec(-5i32..=5, 1..=80)) {
        // Repeating the first difference guarantees a tie or a zero.
        d.push(d[0]);
        let d: Vec<f64> = d.into_iter().map(f64::from).collect();
        if let Some(w) = signed_rank(&d) {
            prop_assert!(!w.exact, "ties and zeros take the normal approximation");
            probability("approximate wilcoxon p", Some(w.p))?;
        }
    }

    /// Spearman's p lies in [0, 1] and rho in [−1, 1], for tied (dose counts) and continuous data.
    #[test]
    fn spearman_p_is_a_probability(
        (x, y) in dose_and_outcome(),
    ) {
        if let Some(s) = spearman(&x, &y, CONFIDENCE) {
            prop_assert!((-1.0..=1.0).contains(&s.rho), "rho = {}", s.rho);
            probability("spearman p", s.p)?;
        }
    }

    /// Holm-adjusted p-values of probabilities are probabilities.
    #[test]
    fn holm_p_values_are_probabilities(p in prop::collection::vec(prop::option::of(0.0..=1.0f64), 0..30)) {
        for (i, adjusted) in holm(&p).into_iter().enumerate() {
            probability(&format!("holm p[{i}]"), adjusted)?;
        }
    }

    /// The interval of the mean change contains the mean change, the d_z interval contains d_z,
    /// and each lower bound is at most its upper bound, at any usual confidence level.
    #[test]
    fn intervals_contain_their_estimate((from, to) in any_pairs(), confidence in 0.5..0.999f64) {
        let c = compare(&from, &to, confidence);
        if let (Some((lo, hi)), Some(m)) = (c.diff_ci, c.diff_mean) {
            prop_assert!(lo <= m && m <= hi, "mean change {m} outside ({lo}, {hi})");
        }
        if let (Some((lo, hi)), Some(d)) = (c.dz_ci, c.dz) {
            prop_assert!(lo <= d && d <= hi, "d_z {d} outside ({lo}, {hi})");
        }
        // An interval is present exactly when its estimate can be tested.
        prop_assert_eq!(c.diff_ci.is_some(), c.t.is_some());
        prop_assert_eq!(c.dz_ci.is_some(), c.dz.is_some());
    }

    /// Adding the same constant to every score (a change of origin, e.g. a rescored scale) shifts
    /// the means and changes no test statistic, p-value or effect size.
    #[test]
    fn shifting_all_scores_changes_no_inference((from, to) in recorded_pairs(), shift in -1000.0..1000.0f64) {
        prop_assume!(!constant_on_paper(&from, &to));
        let moved = |x: &[f64]| x.iter().map(|v| v + shift).collect::<Vec<_>>();
        let base = compare(&from, &to, CONFIDENCE);
        let shifted = compare(&moved(&from), &moved(&to), CONFIDENCE);
        same_inference(&base, &shifted)?;
        agree("from mean", shifted.from_mean, base.from_mean.map(|m| m + shift))?;
        agree("mean change", shifted.diff_mean, base.diff_mean)?;
        agree("sd of change", shifted.diff_sd, base.diff_sd)?;
        agree_interval("mean change interval", shifted.diff_ci, base.diff_ci)?;
    }

    /// Multiplying every score by a positive constant (a change of unit, e.g. sum score to
    /// percentage) scales the mean change and leaves t, the p-values and the d's unchanged.
    #[test]
    fn rescaling_all_scores_changes_no_inference((from, to) in recorded_pairs(), factor in unit_factor()) {
        prop_assume!(!constant_on_paper(&from, &to));
        let scaled = |x: &[f64]| x.iter().map(|v| v * factor).collect::<Vec<_>>();
        let base = compare(&from, &to, CONFIDENCE);
        let rescaled = compare(&scaled(&from), &scaled(&to), CONFIDENCE);
        same_inference(&base, &rescaled)?;
        agree("mean change", rescaled.diff_mean.map(|m| m / factor), base.diff_mean)?;
    }

    /// Holm never lowers a p-value, never exceeds 1, keeps the order of the raw p-values (ties
    /// stay tied), and leaves missing values (None, NaN) missing.
    #[test]
    fn holm_is_monotone_and_bounded(
        p in prop::collection::vec(
            prop_oneof![
                6 => (0.0..=1.0f64).prop_map(Some),
                // Repeated values, as from several outcomes with p reported as 1 or rounded.
                2 => prop::sample::select(vec![0.0, 0.01, 0.05, 1.0]).prop_map(Some),
                1 => Just(None),
                1 => Just(Some(f64::NAN)),
            ],
            0..30,
        ),
    ) {
        let adjusted = holm(&p);
        prop_assert_eq!(adjusted.len(), p.len());
        let present: Vec<(f64, f64)> = p
            .iter()
            .zip(&adjusted)
            .filter_map(|(raw, adj)| match (raw.filter(|v| !v.is_nan()), adj) {
                (Some(r), Some(a)) => Some((r, *a)),
                (None, None) => None,
                _ => Some((f64::NAN, f64::NAN)),
            })
            .collect();
        for &(raw, adj) in &present {
            prop_assert!(!raw.is_nan(), "a missing value was adjusted, or a present one dropped: {p:?} → {adjusted:?}");
            prop_assert!(raw <= adj && adj <= 1.0, "raw {raw}, adjusted {adj}");
        }
        for &(raw_a, adj_a) in &present {
            for &(raw_b, adj_b) in &present {
                if raw_a < raw_b {
                    prop_assert!(adj_a <= adj_b, "order broken: {raw_a} → {adj_a}, {raw_b} → {adj_b}");
                }
                if raw_a == raw_b {
                    prop_assert_eq!(adj_a, adj_b);
                }
            }
        }
    }

    /// `compare` never panics and never returns NaN, whatever the floats and lengths (0 to 12
    /// scores per timepoint, missing and infinite values, extremes); with fewer than two complete
    /// pairs the t-test, the intervals and the effect sizes are None.
    #[test]
    fn compare_survives_awkward_input(
        from in prop::collection::vec(awkward_float(), 0..=12),
        to in prop::collection::vec(awkward_float(), 0..=12),
    ) {
        let c = compare(&from, &to, CONFIDENCE);
        for (name, v) in fields(&c) {
            prop_assert!(!v.is_nan(), "{name} is NaN");
        }
        prop_assert!(c.n <= from.len().min(to.len()));
        if c.n < 2 {
            prop_assert!(c.t.is_none() && c.p.is_none() && c.df.is_none() && c.diff_ci.is_none());
            prop_assert!(c.dz.is_none() && c.dz_ci.is_none() && c.dav.is_none() && c.gav.is_none());
        }
    }

    /// Degenerate but well-formed data (n = 0, 1 or 2; nobody changed; everybody changed by the
    /// same integer amount; every score identical) gives None for what cannot be computed and
    /// finite values for the rest.
    #[test]
    fn degenerate_samples_give_none_not_nan(
        scores in prop::collection::vec(0i32..=40, 0..=60),
        change in -5i32..=5,
        identical in any::<bool>(),
    ) {
        let first = scores.first().copied().unwrap_or_default();
        let from: Vec<f64> = scores.iter().map(|&s| f64::from(if identical { first } else { s })).collect();
        let to: Vec<f64> = from.iter().map(|v| v + f64::from(change)).collect();
        let c = compare(&from, &to, CONFIDENCE);
        for (name, v) in fields(&c) {
            prop_assert!(v.is_finite(), "{name} = {v}");
        }
        // Constant differences: no spread, so no t, d_z or normality test.
        prop_assert!(c.t.is_none() && c.p.is_none() && c.diff_ci.is_none());
        prop_assert!(c.dz.is_none() && c.dz_ci.is_none() && c.shapiro.is_none());
        prop_assert_eq!(c.diff_mean, (!from.is_empty()).then(|| f64::from(change)));
        prop_assert_eq!(c.wilcoxon.is_some(), change != 0 && !from.is_empty());
        if identical && from.len() >= 2 {
            prop_assert_eq!(c.from_sd, Some(0.0));
            prop_assert!(c.dav.is_none() && c.gav.is_none() && c.r.is_none());
        }
    }

    /// Each statistic on its own accepts any slice (empty, short, NaN, infinite, extreme) without
    /// panicking, and returns None instead of NaN.
    #[test]
    fn statistics_survive_awkward_input(
        x in prop::collection::vec(awkward_float(), 0..=8),
        y in prop::collection::vec(awkward_float(), 0..=8),
        scalar in awkward_float(),
        n in 0usize..100,
        confidence in prop_oneof![0.0..=1.0f64, awkward_float()],
    ) {
        let not_nan = |label: &str, v: Option<f64>| -> Result<(), TestCaseError> {
            prop_assert!(!v.is_some_and(f64::is_nan), "{} is NaN", label);
            Ok(())
        };
        not_nan("mean", mean(&x))?;
        not_nan("sd", sd(&x))?;
        not_nan("dz", dz(&x))?;
        not_nan("dav", dav(scalar, x.first().copied().unwrap_or(1.0), y.first().copied().unwrap_or(1.0)))?;
        not_nan("gav", gav(scalar, n))?;
        if let Some((lo, hi)) = dz_interval(scalar, n, confidence) {
            prop_assert!(lo <= hi, "d_z interval ({lo}, {hi})");
        }
        if let Some(t) = paired_t(&x, confidence) {
            prop_assert!(t.t.is_finite() && (0.0..=1.0).contains(&t.p), "{t:?}");
            if let Some((lo, hi)) = t.ci {
                prop_assert!(!lo.is_nan() && !hi.is_nan() && lo <= hi, "{t:?}");
            }
        }
        if let Some(w) = signed_rank(&x) {
            prop_assert!(!w.v.is_nan() && (0.0..=1.0).contains(&w.p), "{w:?}");
        }
        if let Some(s) = shapiro_wilk(&x) {
            prop_assert!((0.0..=1.0).contains(&s.w) && (0.0..=1.0).contains(&s.p), "{s:?}");
        }
        if let Some(s) = spearman(&x, &y, confidence) {
            prop_assert!(!s.rho.is_nan(), "{s:?}");
            probability("spearman p", s.p)?;
            if let Some((lo, hi)) = s.ci {
                prop_assert!(!lo.is_nan() && !hi.is_nan(), "{s:?}");
            }
        }
        let p: Vec<Option<f64>> = x.iter().map(|&v| Some(v)).chain(std::iter::once(None)).collect();
        for adjusted in holm(&p).into_iter().flatten() {
            prop_assert!(!adjusted.is_nan());
        }
        // Rows of up to 4 items taken from x, so some rows are short or hold NaN.
        let k = n % 5;
        let rows: Vec<Vec<f64>> = x.chunks(k.max(1)).map(<[f64]>::to_vec).collect();
        not_nan("cronbach alpha", cronbach_alpha(&rows))?;
    }
}
