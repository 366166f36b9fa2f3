//! Text into WordprocessingML: every text from the data is XML-escaped, characters XML cannot hold
//! are dropped, and statistics names are set as Word would (`d_z` as italic d, subscript z).

use std::fmt::Write;

/// `text` escaped for XML text or an attribute value, without the characters XML 1.0 forbids
/// (control characters, unpaired surrogates cannot occur in `str`, U+FFFE and U+FFFF).
pub fn escape(text: &str) -> String {
    let held: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => None,
            c => Some(c),
        })
        .collect();
    quick_xml::escape::escape(held).into_owned()
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Look {
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// Monospaced.
    pub code: bool,
    /// Struck through.
    pub strike: bool,
    /// Subscript.
    pub sub: bool,
    /// A link's text.
    pub link: bool,
}

/// One run: `<w:r>` with its properties and the escaped text.
pub fn run(out: &mut String, text: &str, look: Look) {
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    if look != Look::default() {
        out.push_str("<w:rPr>");
        if look.code {
            out.push_str("<w:rStyle w:val=\"CodeChar\"/>");
        } else if look.link {
            out.push_str("<w:rStyle w:val=\"Hyperlink\"/>");
        }
        if look.bold {
            out.push_str("<w:b/>");
        }
        if look.italic {
            out.push_str("<w:i/>");
        }
        if look.strike {
            out.push_str("<w:strike/>");
        }
        if look.sub {
            out.push_str("<w:vertAlign w:val=\"subscript\"/>");
        }
        out.push_str("</w:rPr>");
    }
    let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(text));
}

/// Statistics names as the HTML typesets them.
const STAT_NAMES: [(&str, &str, &str); 3] = [("d_z", "d", "z"), ("d_av", "d", "av"), ("g_av", "g", "av")];

/// Runs for `text`, with statistics names typeset (as the HTML's `stat` filter does).
pub fn stat_runs(out: &mut String, text: &str, look: Look) {
    let mut rest = text;
    loop {
        let next =
            STAT_NAMES.iter().filter_map(|name| rest.find(name.0).map(|at| (at, name))).min_by_key(|(at, _)| *at);
        let Some((at, (name, letter, sub))) = next else { break };
        run(out, &rest[..at], look);
        run(out, letter, Look { italic: true, ..look });
        run(out, sub, Look { sub: true, ..look });
        rest = &rest[at + name.len()..];
    }
    run(out, rest, look);
}

/// A paragraph in `style` (a style id) holding `runs`, already made.
pub fn paragraph(out: &mut String, style: Option<&str>, runs: &str) {
    out.push_str("<w:p>");
    if let Some(style) = style {
        let _ = write!(out, "<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
    }
    out.push_str(runs);
    out.push_str("</w:p>");
}

/// A paragraph in `style` with `text` as runs, statistics names typeset.
pub fn text_paragraph(out: &mut String, style: Option<&str>, text: &str) {
    let mut runs = String::new();
    stat_runs(&mut runs, text, Look::default());
    paragraph(out, style, &runs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_stay_out() {
        assert_eq!(escape("<w:t>&\"x'\u{1}\u{ffff}\n"), "&lt;w:t&gt;&amp;&quot;x&apos; ");
    }

    #[test]
    fn statistics_names_become_italic_and_subscript() {
        let mut out = String::new();
        stat_runs(&mut out, "d_z = 0.5 <b>", Look::default());
        assert!(out.contains("<w:i/></w:rPr><w:t xml:space=\"preserve\">d</w:t>"), "{out}");
        assert!(out.contains("subscript\"/></w:rPr><w:t xml:space=\"preserve\">z</w:t>"), "{out}");
        assert!(out.ends_with("= 0.5 &lt;b&gt;</w:t></w:r>"), "{out}");
    }
}
