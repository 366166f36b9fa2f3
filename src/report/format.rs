//! Numbers as the report prints them: the one place where a value becomes text.
//!
//! APA 7 style: p without a leading zero (`.011`, `< .001`), a true minus sign, and a dash for a
//! value that could not be computed.

/// Shown where a value could not be computed.
pub const MISSING: &str = "–";

/// `x` to `decimals` places, with a true minus sign; a dash when absent.
pub fn number(x: Option<f64>, decimals: usize) -> String {
    match x {
        None => MISSING.to_string(),
        Some(x) if !x.is_finite() => MISSING.to_string(),
        Some(x) => {
            let text = format!("{x:.decimals$}");
            // "-0.00" reads as a negative number; a rounded zero has no sign.
            let text = if text.trim_start_matches('-').chars().all(|c| c == '0' || c == '.') {
                text.trim_start_matches('-').to_string()
            } else {
                text
            };
            text.replacen('-', "\u{2212}", 1)
        }
    }
}

/// A p-value in APA style, without "p =": `.011`, `< .001`, `.50`.
pub fn p_value(p: Option<f64>) -> String {
    match p {
        None => MISSING.to_string(),
        Some(p) if p < 0.001 => "< .001".to_string(),
        Some(p) => {
            let text = format!("{p:.3}");
            let text = text.strip_prefix('0').unwrap_or(&text);
            if text == "1.000" { "1".to_string() } else { text.to_string() }
        }
    }
}

/// A confidence interval in brackets: `[0.22, 1.63]`.
pub fn interval(ci: Option<[f64; 2]>, decimals: usize) -> String {
    match ci {
        None => MISSING.to_string(),
        // A no-break space keeps an interval on one line in narrow table cells.
        Some([lo, hi]) => format!("[{},\u{a0}{}]", number(Some(lo), decimals), number(Some(hi), decimals)),
    }
}

/// Mean and SD as `2.81 (0.62)`.
pub fn mean_sd(mean: Option<f64>, sd: Option<f64>, decimals: usize) -> String {
    match mean {
        None => MISSING.to_string(),
        Some(_) => format!("{}\u{a0}({})", number(mean, decimals), number(sd, decimals)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn p_values_follow_apa() {
        assert_eq!(p_value(Some(0.0108)), ".011");
        assert_eq!(p_value(Some(0.0004)), "< .001");
        assert_eq!(p_value(Some(0.5)), ".500");
        assert_eq!(p_value(Some(1.0)), "1");
        assert_eq!(p_value(None), "–");
    }

    #[test]
    fn numbers_use_a_true_minus_and_no_negative_zero() {
        assert_eq!(number(Some(-1.234), 2), "−1.23");
        assert_eq!(number(Some(-0.001), 2), "0.00");
        assert_eq!(number(None, 2), "–");
        assert_eq!(interval(Some([-0.2, 1.63]), 2), "[−0.20,\u{a0}1.63]");
    }
}

/// A whole number with thousands separated by commas: `412,580`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod thousands_tests {
    use super::thousands;

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(412_580), "412,580");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
