//! Answers given as words (`Almost never`), as Microsoft Forms, Google Forms and Qualtrics's
//! "choice text" exports write them, mapped to the numbers they stand for.
//!
//! Words match without regard to case, surrounding spaces (including the no-break spaces
//! survey tools leave) and runs of spaces inside.

use std::collections::HashMap;

/// Words and the numbers they stand for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Labels {
    by_word: HashMap<String, i32>,
    /// As written, ordered by number then word: for messages.
    listed: Vec<(String, i32)>,
}

impl Labels {
    /// Labels from `(word, number)` pairs; a later pair overrides an earlier one whose word
    /// matches it. An empty word is an error.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, i32)>) -> Result<Labels, String> {
        let mut by_word: HashMap<String, i32> = HashMap::new();
        let mut written: HashMap<String, String> = HashMap::new();
        for (word, number) in pairs {
            let key = key(word);
            if key.is_empty() {
                return Err("a label is empty".into());
            }
            by_word.insert(key.clone(), number);
            written.insert(key, word.trim().to_string());
        }
        let mut listed: Vec<(String, i32)> = written.into_iter().map(|(key, word)| (word, by_word[&key])).collect();
        listed.sort_by(|a, b| (a.1, &a.0).cmp(&(b.1, &b.0)));
        Ok(Labels { by_word, listed })
    }

    /// The number `word` stands for, if it is a label.
    pub fn number(&self, word: &str) -> Option<i32> {
        self.by_word.get(&key(word)).copied()
    }

    /// Whether there are no labels.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// The labels as `'Almost never' = 1, 'Sometimes' = 3`, for messages.
    pub fn describe(&self) -> String {
        self.listed.iter().map(|(word, number)| format!("'{word}' = {number}")).collect::<Vec<_>>().join(", ")
    }
}

/// The form a word is matched in.
fn key(word: &str) -> String {
    word.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_match_without_regard_to_case_and_spaces() {
        let labels = Labels::new([("Almost never", 1), ("Sometimes", 3), ("Almost always", 5)]).unwrap();
        assert_eq!(labels.number("almost NEVER"), Some(1));
        assert_eq!(labels.number("\u{a0} Almost  always "), Some(5));
        assert_eq!(labels.number("Often"), None);
        assert_eq!(labels.describe(), "'Almost never' = 1, 'Sometimes' = 3, 'Almost always' = 5");
    }

    #[test]
    fn later_labels_override_earlier_ones() {
        let labels = Labels::new([("Never", 0), ("never ", 1)]).unwrap();
        assert_eq!(labels.number("NEVER"), Some(1));
        assert_eq!(labels.describe(), "'never' = 1");
        assert!(Labels::new([(" ", 1)]).is_err());
    }
}
