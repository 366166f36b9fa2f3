//! Ids numbered once each, in order of first appearance: one vector of them and a table of
//! numbers found by their hash (a number, not a copy of the id, is all a million ids cost it).
//! The id registers of the readers, the redactor's index of everyone, the people join and the
//! excerpts' keys all number ids this way.

use std::borrow::Cow;
use std::hash::BuildHasher;

// A fast hash: there is one entry per participant, and ids are not chosen by an attacker of this
// process (a slow lookup would only slow one report).
use foldhash::fast::RandomState;
use hashbrown::HashTable;

/// Ids numbered from 0 in order of first appearance, borrowed where they can be.
#[derive(Default)]
pub struct Numbered<'a> {
    ids: Vec<Cow<'a, str>>,
    index: HashTable<u32>,
    hasher: RandomState,
}

impl std::fmt::Debug for Numbered<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Numbered").field("ids", &self.ids.len()).finish()
    }
}

impl<'a> Numbered<'a> {
    /// Room for `capacity` ids.
    pub fn with_capacity(capacity: usize) -> Numbered<'a> {
        let mut numbered = Numbered::default();
        numbered.reserve(capacity);
        numbered
    }

    /// Room for `more` ids.
    pub fn reserve(&mut self, more: usize) {
        let Numbered { ids, index, hasher } = self;
        ids.reserve(more);
        index.reserve(more, |&n| hasher.hash_one(ids[n as usize].as_ref()));
    }

    /// The number of `id`, and whether it is new (numbered now).
    pub fn number(&mut self, id: &'a str) -> (u32, bool) {
        match self.find(id) {
            Some(found) => (found, false),
            None => (self.add_new(Cow::Borrowed(id)), true),
        }
    }

    /// Number `id`, which has no number yet.
    pub fn add_new(&mut self, id: Cow<'a, str>) -> u32 {
        let Numbered { ids, index, hasher } = self;
        let next = ids.len() as u32;
        index.insert_unique(hasher.hash_one(id.as_ref()), next, |&n| hasher.hash_one(ids[n as usize].as_ref()));
        ids.push(id);
        next
    }

    /// The number of `id`, if it has one.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.index.find(self.hasher.hash_one(id), |&n| self.ids[n as usize] == id).copied()
    }

    /// The id numbered `number`.
    pub fn get(&self, number: usize) -> &str {
        &self.ids[number]
    }

    /// Whether `id` is the one numbered `number`: a check without a lookup, for files that list
    /// the same people in the same order.
    pub fn is(&self, number: usize, id: &str) -> bool {
        self.ids.get(number).is_some_and(|known| known == id)
    }

    /// How many ids are numbered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The ids in order, as owned strings.
    pub fn into_ids(self) -> Vec<String> {
        self.ids.into_iter().map(Cow::into_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_numbered_once_in_order_of_first_appearance() {
        let mut numbered = Numbered::default();
        assert_eq!(numbered.number("p2"), (0, true));
        assert_eq!(numbered.number("p1"), (1, true));
        assert_eq!(numbered.number("p2"), (0, false));
        assert_eq!(numbered.add_new(Cow::Owned("p3".into())), 2);
        assert_eq!((numbered.find("p1"), numbered.find("p4"), numbered.len()), (Some(1), None, 3));
        assert!(numbered.is(1, "p1") && !numbered.is(0, "p1") && !numbered.is(3, "p1"));
        assert_eq!(numbered.get(2), "p3");
        assert_eq!(numbered.into_ids(), ["p2", "p1", "p3"]);
    }
}
