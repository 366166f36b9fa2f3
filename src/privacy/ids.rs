//! Participant ids as the redactor looks for them: numbered once, in order of first appearance,
//! and found by their folded form ([`fold`]), so that a million ids cost one map.

use std::borrow::Cow;

use super::fold;
use crate::input::numbered::Numbered;

/// Participant ids to find in text, with the name each is shown by.
pub trait Directory: Sync {
    /// The lengths in bytes of the folded ids, shortest first.
    fn lengths(&self) -> &[usize];
    /// The name shown for the participant whose folded id is `folded`, if it is someone's id.
    fn name(&self, folded: &str) -> Option<String>;
}

/// Participant ids numbered from 0 in order of first appearance (an id met again keeps its
/// number), keyed by their folded form.
#[derive(Default)]
pub struct IdIndex<'a> {
    /// The folded ids.
    ids: Numbered<'a>,
    lengths: Vec<usize>,
}

impl std::fmt::Debug for IdIndex<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdIndex").field("ids", &self.ids).field("lengths", &self.lengths).finish()
    }
}

/// Whether `id` is already in folded form, as the ids of the data files are (they are read in
/// normalised form): plain ASCII without capitals or spaces.
fn is_folded(id: &str) -> bool {
    id.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase() && !b.is_ascii_whitespace())
}

/// The folded form of `id`.
fn folded(id: &str) -> Cow<'_, str> {
    if is_folded(id) { Cow::Borrowed(id) } else { Cow::Owned(fold(id.trim())) }
}

impl<'a> IdIndex<'a> {
    /// The number of `id`, given it if new.
    pub fn add(&mut self, id: Cow<'a, str>) -> u32 {
        let key = match id {
            Cow::Borrowed(id) => folded(id),
            Cow::Owned(id) if is_folded(&id) => Cow::Owned(id),
            Cow::Owned(id) => Cow::Owned(fold(id.trim())),
        };
        if let Some(number) = self.ids.find(&key) {
            return number;
        }
        let length = key.len();
        let next = self.ids.add_new(key);
        if !self.lengths.contains(&length) {
            let at = self.lengths.partition_point(|&l| l < length);
            self.lengths.insert(at, length);
        }
        next
    }

    /// Room for `more` ids.
    pub fn reserve(&mut self, more: usize) {
        self.ids.reserve(more);
    }

    /// Whether `id` is, as written, the id numbered `number`: what [`IdIndex::add`] would find,
    /// checked without a lookup.
    pub fn is(&self, number: usize, id: &str) -> bool {
        is_folded(id) && self.ids.is(number, id)
    }

    /// The number of `id` (as written, or folded), if it was added.
    pub fn number(&self, id: &str) -> Option<u32> {
        self.ids.find(folded(id).as_ref())
    }

    /// How many distinct ids there are.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there is no id.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// Finding ids only (each is named by an empty name): what a redactor needs to tell whether a
/// text holds someone's id.
impl Directory for IdIndex<'_> {
    fn lengths(&self) -> &[usize] {
        &self.lengths
    }

    fn name(&self, folded: &str) -> Option<String> {
        self.ids.find(folded).map(|_| String::new())
    }
}

/// Participant ids, each with the name it is shown by: a directory made from pairs (the first
/// name of an id written twice is kept).
#[derive(Debug, Default)]
pub struct Named {
    ids: IdIndex<'static>,
    /// The names, by the ids' numbers.
    names: Vec<String>,
}

impl Named {
    /// The directory of `pairs` of an id and its name.
    pub fn new<'a>(pairs: impl IntoIterator<Item = (&'a str, String)>) -> Named {
        let mut named = Named::default();
        for (id, name) in pairs {
            if named.ids.add(Cow::Owned(id.to_string())) as usize == named.names.len() {
                named.names.push(name);
            }
        }
        named
    }
}

impl Directory for Named {
    fn lengths(&self) -> &[usize] {
        self.ids.lengths()
    }

    fn name(&self, folded: &str) -> Option<String> {
        self.ids.number(folded).map(|n| self.names[n as usize].clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_once_and_found_in_any_spelling() {
        let mut index = IdIndex::default();
        assert_eq!(index.add("p2".into()), 0);
        assert_eq!(index.add("stf-1003".into()), 1);
        assert_eq!(index.add(Cow::Owned("P2".to_string())), 0);
        assert_eq!(index.number("ＳＴＦ-1003"), Some(1));
        assert_eq!(index.number("p3"), None);
        assert_eq!((index.len(), index.lengths()), (2, &[2, 8][..]));
        assert_eq!(index.name("stf-1003"), Some(String::new()));
        assert!(index.is(1, "stf-1003"));
        // Only as written: another spelling is looked up.
        assert!(!index.is(1, "STF-1003") && !index.is(0, "stf-1003") && !index.is(2, "p2"));
    }
}
