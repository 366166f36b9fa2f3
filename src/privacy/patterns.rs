//! E-mail addresses and phone numbers found by their shape, in folded text
//! ([`super::fold`]: digits are ASCII, letters lower case).
//!
//! Phone numbers are matched conservatively, so that the numbers people write about their
//! programme (years, dates, scores, ranges, percentages) stay: an international number
//! (`+44 20 7946 0958`, `0044 …`), a UK number starting with 0 (`07700 900123`, `(020) 7946
//! 0958`, `0161 496 0000`), or a North American one (`202-555-0142`, `(202) 555 0142`), in groups
//! of digits separated by single spaces, dashes, dots or brackets.

use std::ops::Range;

/// Most groups of digits in one phone number (`+44 (0) 20 7946 0958` has five).
const MAX_GROUPS: usize = 6;

/// The byte ranges of e-mail addresses in `text`.
pub fn emails(text: &str) -> Vec<Range<usize>> {
    let in_user = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let in_domain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-');
    let mut found: Vec<Range<usize>> = Vec::new();
    for (at, _) in text.match_indices('@') {
        if found.last().is_some_and(|last| last.end > at) {
            continue;
        }
        let user_len: usize = text[..at].chars().rev().take_while(|&c| in_user(c)).map(char::len_utf8).sum();
        let mut start = at - user_len;
        while text[start..at].starts_with('.') {
            start += 1;
        }
        let domain_len: usize = text[at + 1..].chars().take_while(|&c| in_domain(c)).map(char::len_utf8).sum();
        let domain = text[at + 1..at + 1 + domain_len].trim_end_matches(['.', '-']);
        let labels: Vec<&str> = domain.split('.').collect();
        let top = labels.last().copied().unwrap_or_default();
        let shaped = start < at
            && labels.len() >= 2
            && labels.iter().all(|label| !label.is_empty())
            && top.chars().count() >= 2
            && top.chars().all(char::is_alphabetic);
        if shaped {
            found.push(start..at + 1 + domain.len());
        }
    }
    found
}

/// A run of ASCII digits.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
}

/// The byte ranges of phone numbers in `text`.
pub fn phones(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut groups: Vec<Group> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            groups.push(Group { start, end: i });
        } else {
            i += 1;
        }
    }
    let mut found = Vec::new();
    let mut first = 0;
    while first < groups.len() {
        match phone_from(text, &groups, first) {
            Some((range, last)) => {
                found.push(range);
                first = last + 1;
            }
            None => first += 1,
        }
    }
    found
}

/// The longest phone number starting at group `first`, with the index of its last group.
fn phone_from(text: &str, groups: &[Group], first: usize) -> Option<(Range<usize>, usize)> {
    let mut start = groups[first].start;
    if text[..start].ends_with('(') {
        start -= 1;
    }
    let plus = text[..start].ends_with('+');
    if plus {
        start -= 1;
    }
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| c.is_alphanumeric() || "-./_+@#£$€%&*=~^\\".contains(c)) {
        return None;
    }
    let mut chain = first;
    while chain + 1 < groups.len()
        && chain + 1 - first < MAX_GROUPS
        && is_separator(&text[groups[chain].end..groups[chain + 1].start])
    {
        chain += 1;
    }
    for last in (first..=chain).rev() {
        let end = groups[last].end;
        if last == chain {
            let after = text[end..].chars().next();
            if after.is_some_and(|c| c.is_alphanumeric() || matches!(c, '%' | '_' | '@')) {
                continue;
            }
        }
        let lengths: Vec<usize> = groups[first..=last].iter().map(|g| g.end - g.start).collect();
        let digits: String = groups[first..=last].iter().map(|g| &text[g.start..g.end]).collect();
        if is_phone(&digits, &lengths, plus) {
            // `(07700 900123)`: the closing bracket goes with the number.
            let span = &text[start..end];
            let unclosed = span.matches('(').count() > span.matches(')').count();
            let end = if unclosed && text[end..].starts_with(')') { end + 1 } else { end };
            return Some((start..end, last));
        }
    }
    None
}

/// Whether the text between two groups of digits may join them into one number: a space, a
/// dash or a dot, with brackets around a group (`) `, ` (`, ` - `).
fn is_separator(gap: &str) -> bool {
    let marks = gap.chars().filter(|&c| c == '-' || c == '.').count();
    let spaces = gap.chars().filter(|&c| c == ' ').count();
    !gap.is_empty() && gap.len() <= 3 && gap.chars().all(|c| " -.()".contains(c)) && marks <= 1 && spaces <= 2
}

/// Whether digits in groups of `lengths` (after a `+` when `plus`) make a phone number.
fn is_phone(digits: &str, lengths: &[usize], plus: bool) -> bool {
    let n = digits.len();
    let second = digits.as_bytes().get(1).copied().unwrap_or(b'0');
    if plus {
        (8..=15).contains(&n)
    } else if digits.starts_with("00") {
        (10..=15).contains(&n)
    } else if digits.starts_with('0') {
        // A UK number: an area or mobile code of at least three digits (`020`, `0161`, `07700`)
        // unless written as one run; `01.02.2024` has a first group of two.
        (lengths.len() == 1 || lengths[0] >= 3) && (10..=11).contains(&n) && b"1235789".contains(&second)
    } else {
        let north_american = |lengths: &[usize], digits: &str| {
            lengths == [3, 3, 4] && digits.as_bytes()[0] >= b'2' && digits.as_bytes()[3] >= b'2'
        };
        north_american(lengths, digits)
            || (lengths.len() == 4 && digits.starts_with('1') && north_american(&lengths[1..], &digits[1..]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str, find: fn(&str) -> Vec<Range<usize>>) -> Vec<&str> {
        find(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn e_mail_addresses_are_found() {
        assert_eq!(found("mail jo.bloggs@example.com.", emails), ["jo.bloggs@example.com"]);
        assert_eq!(found("(m.hale+ward@nhs.net) or a_b@x.co.uk", emails), ["m.hale+ward@nhs.net", "a_b@x.co.uk"]);
        assert_eq!(found("zoë@exämple.org", emails), ["zoë@exämple.org"]);
        for text in ["@home", "meet @ 5", "name@localhost", "a@b.c", "x@.org", "ward@3.14", "me@ home.org"] {
            assert!(emails(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn phone_numbers_are_found() {
        let positives = [
            ("text me on 07700 900123 please", "07700 900123"),
            ("07700900123", "07700900123"),
            ("call 07700-900-123.", "07700-900-123"),
            ("on 020 7946 0958 or", "020 7946 0958"),
            ("(020) 7946 0958", "(020) 7946 0958"),
            ("ring 0161 496 0000", "0161 496 0000"),
            ("01632 960001", "01632 960001"),
            ("0800.123.4567", "0800.123.4567"),
            ("+44 7700 900123", "+44 7700 900123"),
            ("+44 (0)20 7946 0958", "+44 (0)20 7946 0958"),
            ("+447700900123", "+447700900123"),
            ("0044 20 7946 0958", "0044 20 7946 0958"),
            ("+1 (202) 555-0142", "+1 (202) 555-0142"),
            ("202-555-0142", "202-555-0142"),
            ("(202) 555 0142", "(202) 555 0142"),
            ("1-800-555-0199", "1-800-555-0199"),
            ("(07700 900123)", "(07700 900123)"),
        ];
        for (text, phone) in positives {
            assert_eq!(found(text, phones), [phone], "{text}");
        }
        assert_eq!(found("07700 900123 2019", phones), ["07700 900123"]);
        assert_eq!(found("07700 900123 or 07700 900124", phones), ["07700 900123", "07700 900124"]);
    }

    #[test]
    fn years_dates_scores_and_percentages_are_not_phone_numbers() {
        let negatives = [
            "in 2019 I started",
            "2019–2024",
            "2019-2024",
            "2019 2020 2021",
            "01.02.2024",
            "01/02/2024",
            "2024-03-12 07:30",
            "12.03.2024",
            "I scored 3 of 5",
            "from 12 to 15 points",
            "45%",
            "a 12.5% rise",
            "0.5 and 0.75",
            "week 1 2 3 4 5 6 7 8 9 10",
            "555-0142",
            "£1,200,000",
            "1,234,567",
            "P07700900123",
            "ref-07700 900123",
            "100 200 3000",
            "+44",
            "+12 34",
            "0123456",
            "0044 20",
            "version 1.2.3.4",
        ];
        for text in negatives {
            assert!(phones(text).is_empty(), "{text}: {:?}", found(text, phones));
        }
    }
}
