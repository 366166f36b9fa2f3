//! Integer keys of the coded excerpts: each participant and each kind of source numbered once,
//! so that counting distinct people and sources is done on small integers, not on strings.

use std::hash::BuildHasher;

use foldhash::HashMap;
use hashbrown::HashTable;

use crate::input::coding::Coding;

/// The participants and sources of a coding's excerpts, numbered in order of first appearance.
#[derive(Debug, Default)]
pub struct Keys<'a> {
    /// Distinct participant ids (raw, never shown), in order of first appearance.
    pub people: Vec<&'a str>,
    /// Each participant's number in `people`, found by the hash of their id.
    index: HashTable<u32>,
    hasher: foldhash::fast::RandomState,
    /// Per excerpt: its participant's number in `people`.
    pub person: Vec<u32>,
    /// Distinct kinds of source, in order of first appearance.
    pub sources: Vec<&'a str>,
    /// Per excerpt: its source's number in `sources`.
    pub source: Vec<u32>,
}

impl<'a> Keys<'a> {
    /// Number the participants and sources of `coding`'s excerpts.
    pub fn new(coding: &'a Coding) -> Keys<'a> {
        let mut keys = Keys::default();
        let mut source_index: HashMap<&str, u32> = HashMap::default();
        keys.person.reserve_exact(coding.excerpts.len());
        keys.source.reserve_exact(coding.excerpts.len());
        for excerpt in &coding.excerpts {
            // A person's excerpts mostly come one after another: the last number serves again.
            let last = keys.person.last().copied();
            let person = match last {
                Some(last) if keys.people[last as usize] == &*excerpt.participant => last,
                _ => keys.number(&excerpt.participant),
            };
            keys.person.push(person);
            let next = keys.sources.len() as u32;
            let source = *source_index.entry(&*excerpt.source).or_insert(next);
            if source == next {
                keys.sources.push(&*excerpt.source);
            }
            keys.source.push(source);
        }
        keys
    }

    /// The number of the participant `id`, given them if new.
    fn number(&mut self, id: &'a str) -> u32 {
        let Keys { people, index, hasher, .. } = self;
        let hash = hasher.hash_one(id);
        if let Some(&found) = index.find(hash, |&n| people[n as usize] == id) {
            return found;
        }
        let next = people.len() as u32;
        index.insert_unique(hash, next, |&n| hasher.hash_one(people[n as usize]));
        people.push(id);
        next
    }

    /// The number in `people` of the participant `id` (as the excerpts write it), if any.
    pub fn position(&self, id: &str) -> Option<u32> {
        self.index.find(self.hasher.hash_one(id), |&n| self.people[n as usize] == id).copied()
    }
}

/// How many distinct values `values` holds (sorting it).
pub fn distinct<T: Ord>(values: &mut Vec<T>) -> usize {
    values.sort_unstable();
    values.dedup();
    values.len()
}
