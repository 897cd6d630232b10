//! The borrowers of a log by name: every row looks its party up once, so
//! the lookup is a few word operations, not a hash of each byte.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The index of each borrower's id, as the bytes a log writes it in.
#[derive(Debug, Default)]
pub struct Names(HashMap<Box<[u8]>, usize, BuildHasherDefault<WordHasher>>);

impl Names {
    /// The names, indexed by their place in `ids`.
    pub fn new(ids: &[String]) -> Names {
        let map = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_bytes().into(), i))
            .collect();
        Names(map)
    }

    /// The index of the borrower `name`, when it is one.
    #[inline(always)]
    pub fn get(&self, name: &[u8]) -> Option<usize> {
        self.0.get(name).copied()
    }
}

/// Hashes a byte string by at most two word loads and one multiply: the
/// first and last eight bytes (or four, or the bytes one by one for a
/// string shorter than four) and its length. Names that share both ends
/// and their length fall in one bucket's probe sequence and are told apart
/// by comparing them whole, so the lookup stays exact; the ids of a log
/// are few and not crafted against the table.
#[derive(Default)]
pub struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        // The high and low halves of a full product mix every input bit
        // into both the bucket (low bits) and the tag (high bits).
        let product = u128::from(self.0) * 0x9e37_79b9_7f4a_7c15;
        (product as u64) ^ (product >> 64) as u64
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = self.0.rotate_left(29) ^ ends(bytes);
    }

    fn write_usize(&mut self, n: usize) {
        // The length a slice's hash writes before its bytes.
        self.0 = self.0.rotate_left(29) ^ n as u64;
    }
}

/// The first and last eight bytes of `b` as one word (the first and last
/// four, or every byte, for a shorter `b`).
#[inline(always)]
fn ends(b: &[u8]) -> u64 {
    let n = b.len();
    let word = |i: usize| u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
    let half = |i: usize| u64::from(u32::from_le_bytes(b[i..i + 4].try_into().expect("four")));
    match n {
        8.. => word(0) ^ word(n - 8).rotate_left(32),
        4.. => half(0) | half(n - 4) << 32,
        _ => b.iter().fold(0, |w, &c| w << 8 | u64::from(c)),
    }
}

#[cfg(test)]
mod tests {
    use super::Names;
    use proptest::prelude::*;

    proptest! {
        /// Every id is found at its index, and no other string is found,
        /// among ids that share their ends and length as well as not.
        #[test]
        fn names_find_exactly_their_ids(
            ids in prop::collection::btree_set("[ab]{0,3}|x[ab]{0,12}y|[ab]{9}", 0..40),
            probes in prop::collection::vec("[ab]{0,3}|x[ab]{0,12}y|[ab]{9}", 0..40),
        ) {
            let ids: Vec<String> = ids.into_iter().collect();
            let names = Names::new(&ids);
            for (i, id) in ids.iter().enumerate() {
                prop_assert_eq!(names.get(id.as_bytes()), Some(i));
            }
            for p in &probes {
                prop_assert_eq!(names.get(p.as_bytes()), ids.iter().position(|id| id == p));
            }
        }
    }
}
