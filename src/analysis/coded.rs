//! Integer keys of the coded excerpts: each participant and each kind of source numbered once,
//! so that counting distinct people and sources is done on small integers, not on strings.

use foldhash::HashMap;

use crate::input::coding::Coding;
use crate::input::numbered::Numbered;

/// The participants and sources of a coding's excerpts, numbered in order of first appearance.
#[derive(Debug, Default)]
pub struct Keys<'a> {
    /// Distinct participant ids (raw, never shown), numbered in order of first appearance.
    pub people: Numbered<'a>,
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
            let person = match keys.person.last() {
                Some(&last) if keys.people.is(last as usize, &excerpt.participant) => last,
                _ => keys.people.number(&excerpt.participant).0,
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
}

/// How many distinct values `values` holds (sorting it).
pub fn distinct<T: Ord>(values: &mut Vec<T>) -> usize {
    values.sort_unstable();
    values.dedup();
    values.len()
}
