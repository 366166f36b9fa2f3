//! Ids numbered once each, in order of first appearance: one vector of them and a table of
//! numbers found by their hash (a number, not a copy of the id, is all a million ids cost it).

use std::hash::BuildHasher;

use hashbrown::HashTable;

/// Ids numbered from 0 in order of first appearance.
#[derive(Debug, Default)]
pub struct Numbered<'a> {
    ids: Vec<&'a str>,
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
}

impl<'a> Numbered<'a> {
    /// Room for `capacity` ids.
    pub fn with_capacity(capacity: usize) -> Numbered<'a> {
        Numbered { ids: Vec::with_capacity(capacity), index: HashTable::with_capacity(capacity), ..Default::default() }
    }

    /// The number of `id`, and whether it is new (numbered now).
    pub fn number(&mut self, id: &'a str) -> (u32, bool) {
        let Numbered { ids, index, hasher } = self;
        let hash = hasher.hash_one(id);
        if let Some(&found) = index.find(hash, |&n| ids[n as usize] == id) {
            return (found, false);
        }
        let next = ids.len() as u32;
        index.insert_unique(hash, next, |&n| hasher.hash_one(ids[n as usize]));
        ids.push(id);
        (next, true)
    }

    /// The number of `id`, if it has one.
    pub fn find(&self, id: &str) -> Option<u32> {
        self.index.find(self.hasher.hash_one(id), |&n| self.ids[n as usize] == id).copied()
    }

    /// Whether `id` is the one numbered `number`: a check without a lookup, for files that list
    /// the same people in the same order.
    pub fn is(&self, number: usize, id: &str) -> bool {
        self.ids.get(number).is_some_and(|&known| known == id)
    }

    /// How many ids are numbered.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
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
        assert_eq!((numbered.find("p1"), numbered.find("p3"), numbered.len()), (Some(1), None, 2));
        assert!(numbered.is(1, "p1") && !numbered.is(0, "p1") && !numbered.is(2, "p1"));
    }
}
