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

/// An amount of money as the report writes it: the currency's own symbol (`£125,550`,
/// `€1,200`, `12,000 kr`), whole units (no false precision: pence of an estimate mean nothing),
/// and from a million on, to the nearest thousand (`£1,256,000`). A loss has a true minus
/// (`−£1,200`). An unknown code is written before the amount (`XYZ 120`).
pub fn money(amount: f64, code: &str) -> String {
    if !amount.is_finite() {
        return MISSING.to_string();
    }
    let whole = amount.abs().round();
    let whole = if whole >= 1e6 { (whole / 1000.0).round() * 1000.0 } else { whole };
    let digits = thousands(whole as u64);
    with_symbol(amount < 0.0 && whole > 0.0, &digits, code)
}

/// A small amount to the penny, for what one unit returned: `£4.23`, `£1`, `4.23 kr`.
pub fn money_per_unit(amount: f64, code: &str) -> String {
    let text = number(Some(amount.abs()), 2);
    let text = text.strip_suffix(".00").unwrap_or(&text);
    with_symbol(amount < 0.0 && text != "0", text, code)
}

/// `digits` with the currency's symbol on its side, and a true minus when `negative`.
fn with_symbol(negative: bool, digits: &str, code: &str) -> String {
    let sign = if negative { "\u{2212}" } else { "" };
    match crate::config::economics::currency(code) {
        Some(c) if c.after => format!("{sign}{digits}\u{a0}{}", c.symbol),
        Some(c) => format!("{sign}{}{digits}", c.symbol),
        None => format!("{sign}{code}\u{a0}{digits}"),
    }
}

/// A share as a percentage, to one place where it has one: `14%`, `11.5%`.
pub fn percent(share: f64) -> String {
    let text = number(Some(share * 100.0), 1);
    format!("{}%", text.strip_suffix(".0").unwrap_or(&text))
}

/// A count that may have a fraction (`13.5`, `495`): as many places as it needs, up to two.
pub fn amount(x: f64) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let hundredths = (x.abs() * 100.0).round() as u64;
    let fraction = match hundredths % 100 {
        0 => String::new(),
        f => format!(".{f:02}").trim_end_matches('0').to_string(),
    };
    let sign = if x < 0.0 && hundredths > 0 { "\u{2212}" } else { "" };
    format!("{sign}{}{fraction}", thousands(hundredths / 100))
}

#[cfg(test)]
mod money_tests {
    use super::{amount, money, money_per_unit, percent};

    #[test]
    fn money_takes_its_currency_symbol_and_whole_units() {
        assert_eq!(money(125550.0, "GBP"), "£125,550");
        assert_eq!(money(81000.4, "GBP"), "£81,000");
        assert_eq!(money(1263.157, "EUR"), "€1,263");
        assert_eq!(money(12000.0, "SEK"), "12,000\u{a0}kr");
        assert_eq!(money(-1200.0, "GBP"), "\u{2212}£1,200");
        assert_eq!(money(-1200.0, "NOK"), "\u{2212}1,200\u{a0}kr");
        assert_eq!(money(-0.3, "GBP"), "£0", "a rounded zero has no sign");
        assert_eq!(money(1_255_550.0, "GBP"), "£1,256,000", "a large sum to the nearest thousand");
        assert_eq!(money(999_999.0, "USD"), "$999,999");
        assert_eq!(money(120.0, "XYZ"), "XYZ\u{a0}120");
        assert_eq!(money(f64::NAN, "GBP"), "–");
        assert_eq!(money_per_unit(4.23125, "GBP"), "£4.23");
        assert_eq!(money_per_unit(1.0, "EUR"), "€1");
        assert_eq!(money_per_unit(-17.2, "DKK"), "\u{2212}17.20\u{a0}kr");
    }

    #[test]
    fn shares_and_amounts_keep_only_the_places_they_need() {
        assert_eq!(percent(0.14), "14%");
        assert_eq!(percent(0.115), "11.5%");
        assert_eq!(percent(0.5), "50%");
        assert_eq!(amount(13.5), "13.5");
        assert_eq!(amount(495.0), "495");
        assert_eq!(amount(12345.25), "12,345.25");
        assert_eq!(amount(-13.5), "\u{2212}13.5");
    }
}
