//! Finding APA-style test results in running text: `t(28) = 2.20, p = .036`.
//!
//! The text is first normalised (in HTML and markdown, tags dropped and entities decoded; `$…$` maths markup and
//! markdown emphasis removed, every kind of minus made `-`) keeping every line break, so a
//! match's line in the normalised text is its line in the file. One regular expression then finds
//! the results, much as statcheck's `R/regex.R` does.

use std::sync::LazyLock;

use regex::Regex;

/// Which test a result reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    /// Student's or Welch's t.
    T,
    /// F, with two degrees of freedom.
    F,
    /// Pearson's r, tested as t with the same df.
    R,
    /// χ².
    Chi2,
    /// The standard normal z.
    Z,
}

impl Statistic {
    /// The name used in JSON: `t`, `F`, `r`, `chi2`, `z`.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::T => "t",
            Statistic::F => "F",
            Statistic::R => "r",
            Statistic::Chi2 => "chi2",
            Statistic::Z => "z",
        }
    }

    /// Whether p is two-sided (t, z, r) rather than an upper tail (F, χ²).
    pub fn two_sided(self) -> bool {
        matches!(self, Statistic::T | Statistic::R | Statistic::Z)
    }
}

/// How the p-value was reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `p = .04`
    Equal,
    /// `p < .05`
    Less,
    /// `p > .05`
    Greater,
    /// `ns`: not significant, read as `p > .05`.
    NotSignificant,
}

impl Comparison {
    /// The sign as JSON shows it: `=`, `<`, `>`, `ns`.
    pub fn sign(self) -> &'static str {
        match self {
            Comparison::Equal => "=",
            Comparison::Less => "<",
            Comparison::Greater => ">",
            Comparison::NotSignificant => "ns",
        }
    }
}

/// One test result as written.
#[derive(Debug, Clone, PartialEq)]
pub struct Reported {
    /// 1-based line of the statistic.
    pub line: usize,
    /// The result as found, on one line (after normalisation).
    pub text: String,
    /// Which test.
    pub statistic: Statistic,
    /// Degrees of freedom: none for z, two for F, one otherwise.
    pub df: Vec<f64>,
    /// The statistic's value, sign kept.
    pub value: f64,
    /// Digits after the decimal point in the value.
    pub value_decimals: u32,
    /// The reported p; `None` for `ns`.
    pub p: Option<f64>,
    /// How p was compared.
    pub comparison: Comparison,
    /// Digits after the decimal point in the reported p.
    pub p_decimals: u32,
}

/// Every reported result in `text`; `markup` for HTML and markdown (tags dropped, entities
/// decoded).
pub fn find(text: &str, markup: bool) -> Vec<Reported> {
    let text = if markup { strip_html(text) } else { text.to_string() };
    let text = normalise(&text);
    // Lines are counted as the matches go, so many results cost one pass.
    let (mut counted_to, mut line) = (0, 1);
    let mut found = Vec::new();
    for caps in RESULT.captures_iter(&text) {
        let Some(stat) = caps.name("stat") else { continue };
        line += text[counted_to..stat.start()].matches('\n').count();
        counted_to = stat.start();
        found.extend(reported(&text, &caps, line));
    }
    found
}

/// A statistic name (not part of a longer word), its df in brackets, `= value`, then p or ns.
/// statcheck requires a comma before p; a semicolon or nothing is accepted here too.
static RESULT: LazyLock<Regex> = LazyLock::new(|| {
    let number = r"\d*\.?\d+";
    let chi = r"(?:χ|chi|Chi|CHI|X|x)\s*-?\s*(?:2|²|square|squared)";
    let pattern = format!(
        r"(?x)
        \b
        (?P<stat>
            (?P<t>t)\s*\(\s*(?P<t_df>{number})\s*\)
          | (?P<r>r)\s*\(\s*(?P<r_df>{number})\s*\)
          | (?P<f>F)\s*\(\s*(?P<f_df1>{number})\s*,\s*(?P<f_df2>{number})\s*\)
          | (?P<chi>{chi})\s*\(\s*(?P<chi_df>{number})\s*(?:,\s*[Nn]\s*=\s*[\d,]+\s*)?\)
          | (?P<z>[zZ])
        )
        \s*=\s*(?P<value>-?\s*(?:\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|{number}))
        \s*[,;]?\s*
        (?:
            (?P<ns>n\.?s\b\.?)
          | [pP]\s*(?P<cmp>[<>=])\s*(?P<p>\d*\.?\d+(?:[eE]-?\d+)?)
        )"
    );
    Regex::new(&pattern).expect("the result pattern is valid")
});

fn reported(text: &str, caps: &regex::Captures, line: usize) -> Option<Reported> {
    let stat = caps.name("stat")?;
    let number = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<f64>().ok());
    let (statistic, df) = if caps.name("t").is_some() {
        (Statistic::T, vec![number("t_df")?])
    } else if caps.name("r").is_some() {
        (Statistic::R, vec![number("r_df")?])
    } else if caps.name("f").is_some() {
        (Statistic::F, vec![number("f_df1")?, number("f_df2")?])
    } else if caps.name("chi").is_some() {
        (Statistic::Chi2, vec![number("chi_df")?])
    } else {
        (Statistic::Z, vec![])
    };
    let value_text: String = caps["value"].chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
    let value: f64 = value_text.parse().ok()?;
    // Impossible values, as statcheck drops them: F and χ² are never negative, |r| < 1.
    let possible = match statistic {
        Statistic::F | Statistic::Chi2 => value >= 0.0,
        Statistic::R => value.abs() < 1.0,
        _ => true,
    };
    if !possible || df.iter().any(|&d| d <= 0.0) {
        return None;
    }
    let (p, comparison, p_decimals) = match caps.name("cmp") {
        Some(cmp) => {
            let p_text = &caps["p"];
            let comparison = match cmp.as_str() {
                "<" => Comparison::Less,
                ">" => Comparison::Greater,
                _ => Comparison::Equal,
            };
            (Some(p_text.parse::<f64>().ok()?), comparison, decimals(p_text))
        }
        None => (None, Comparison::NotSignificant, 0),
    };
    if p.is_some_and(|p| p > 1.0) {
        return None;
    }
    let end = caps.get(0)?.end();
    let found = text[stat.start()..end].split_whitespace().collect::<Vec<_>>().join(" ");
    Some(Reported {
        line,
        text: found,
        statistic,
        df,
        value,
        value_decimals: decimals(&value_text),
        p,
        comparison,
        p_decimals,
    })
}

/// Digits after the decimal point: `.035` → 3, `2` → 0, `1.2e-5` → 6.
fn decimals(number: &str) -> u32 {
    let (mantissa, exponent) = number.split_once(['e', 'E']).unwrap_or((number, "0"));
    let shown = mantissa.split_once('.').map_or(0, |(_, after)| after.len() as i64);
    (shown - exponent.parse::<i64>().unwrap_or(0)).clamp(0, 300) as u32
}

/// Minus signs, spaces and maths markup made plain; line breaks kept.
fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut maths = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '$' => maths = !maths,
            // Unicode minus, en dash, figure dash, small and full-width hyphen-minus.
            '\u{2212}' | '\u{2013}' | '\u{2012}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
            // Markdown emphasis and code around a statistic's letter: *t*(28), `p`.
            '*' | '_' | '`' => {}
            '\\' if maths => {
                let mut command = String::new();
                while let Some(&next) = chars.peek().filter(|c| c.is_ascii_alphabetic()) {
                    command.push(next);
                    chars.next();
                }
                match command.as_str() {
                    "chi" => out.push('χ'),
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    // `\,` `\;` `\!` and other spacing; `\mathit{t}` and the like keep their text.
                    "" => {
                        chars.next_if(|c| !c.is_alphanumeric() && *c != '\n');
                        out.push(' ');
                    }
                    _ => {}
                }
            }
            '^' | '{' | '}' if maths => {}
            '~' if maths => out.push(' '),
            c if c != '\n' && c.is_whitespace() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// HTML without its tags (and without script and style content), entities decoded, each line
/// break kept where it was.
fn strip_html(html: &str) -> String {
    // ASCII lowercasing keeps every byte offset, so closing tags are found in one pass.
    let lower = html.to_ascii_lowercase();
    let mut out = String::with_capacity(html.len());
    let mut at = 0;
    while let Some(found) = html[at..].find(['<', '&']) {
        let start = at + found;
        out.push_str(&html[at..start]);
        if html[start..].starts_with('&') {
            let (decoded, used) = entity(&html[start..]);
            out.push_str(&decoded);
            at = start + used;
            continue;
        }
        let tag = &lower[start..];
        // `p < .05` and `p<.05` are text: a tag starts with a name, `/`, `!` or `?`.
        if !tag[1..].starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '/' | '!' | '?')) {
            out.push('<');
            at = start + 1;
            continue;
        }
        let closing = if tag.starts_with("<script") {
            "</script>"
        } else if tag.starts_with("<style") {
            "</style>"
        } else if tag.starts_with("<!--") {
            "-->"
        } else {
            ">"
        };
        let end = tag.find(closing).map_or(html.len(), |i| start + i + closing.len());
        // Keep the line count; a block tag also ends a word.
        out.extend(html[start..end].chars().filter(|&c| c == '\n'));
        if is_block_tag(tag) {
            out.push(' ');
        }
        at = end;
    }
    out.push_str(&html[at..]);
    out
}

/// Tags that separate words (inline ones like `<sup>`, `<em>` do not: χ<sup>2</sup>).
fn is_block_tag(tag_start: &str) -> bool {
    let name: String =
        tag_start.trim_start_matches(['<', '/']).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
    matches!(
        name.as_str(),
        "p" | "br"
            | "div"
            | "li"
            | "ul"
            | "ol"
            | "td"
            | "th"
            | "tr"
            | "table"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "figure"
            | "figcaption"
            | "blockquote"
            | "dd"
            | "dt"
            | "script"
            | "style"
    )
}

/// The text of the entity at the start of `text` and the bytes it used; an unknown one is kept.
fn entity(text: &str) -> (String, usize) {
    let Some(end) = text[1..].find(';').map(|i| i + 1).filter(|&i| i <= 12) else {
        return ("&".into(), 1);
    };
    let name = &text[1..end];
    let decoded = if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => number.parse().ok(),
        };
        code.and_then(char::from_u32)
    } else {
        match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" | "thinsp" | "ensp" | "emsp" | "hairsp" | "numsp" | "puncsp" => Some(' '),
            "minus" => Some('\u{2212}'),
            "ndash" => Some('\u{2013}'),
            "chi" => Some('χ'),
            "sup2" => Some('²'),
            _ => None,
        }
    };
    match decoded {
        Some(c) => (c.to_string(), end + 1),
        None => ("&".into(), 1),
    }
}
