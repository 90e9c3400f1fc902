//! Strings stored once, named by a number: the link check holds the URLs,
//! paths and ids of every page of a site until the last page is written,
//! and most of them repeat (every page links to `style.css` and the home
//! page), so each distinct string is kept once, in one buffer.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::BuildHasherDefault;

/// Distinct strings, each named by its index.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Strings {
    text: String,
    /// Start of each string in `text`; string `i` ends where `i + 1` starts.
    starts: Vec<u32>,
}

impl Strings {
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let end = self
            .starts
            .get(i + 1)
            .map_or(self.text.len(), |&e| e as usize);
        &self.text[self.starts[i] as usize..end]
    }

    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn push(&mut self, s: &str) -> u32 {
        let id = u32::try_from(self.starts.len()).expect("fewer than 4 billion strings");
        self.starts
            .push(u32::try_from(self.text.len()).expect("strings fit in 4 GB"));
        self.text.push_str(s);
        id
    }

    fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.starts.shrink_to_fit();
    }
}

/// Strings in the given order, repeats included.
impl<'a> FromIterator<&'a str> for Strings {
    fn from_iter<I: IntoIterator<Item = &'a str>>(iter: I) -> Self {
        let mut strings = Strings::default();
        for s in iter {
            strings.push(s);
        }
        strings.shrink_to_fit();
        strings
    }
}

/// [`Strings`] being filled: finds a string already stored.
#[derive(Debug, Default)]
pub struct Interner {
    strings: Strings,
    /// Hash of a string → its id.
    index: HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>,
    /// Strings whose hash an earlier string already had.
    collided: Vec<u32>,
}

impl Interner {
    /// The id of `s`, stored if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        match self.index.entry(hash(s)) {
            Entry::Vacant(e) => *e.insert(self.strings.push(s)),
            Entry::Occupied(e) => {
                let strings = &mut self.strings;
                if strings.get(*e.get()) == s {
                    return *e.get();
                }
                if let Some(&id) = self.collided.iter().find(|&&id| strings.get(id) == s) {
                    return id;
                }
                let id = strings.push(s);
                self.collided.push(id);
                id
            }
        }
    }

    pub fn get(&self, id: u32) -> &str {
        self.strings.get(id)
    }

    pub fn len(&self) -> usize {
        self.strings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// A copy of the strings, allocated to size.
    pub fn to_strings(&self) -> Strings {
        self.strings.clone()
    }

    /// Forgets every string, keeping the memory for the next ones.
    pub fn clear(&mut self) {
        self.strings.text.clear();
        self.strings.starts.clear();
        self.index.clear();
        self.collided.clear();
    }

    /// Room for this many strings without growing.
    pub fn capacity(&self) -> usize {
        self.index.capacity()
    }
}

/// A fast hash of a short string (the `FxHash` step, 8 bytes at a time,
/// then a final mix): a collision only costs a comparison, never a wrong
/// answer.
fn hash(s: &str) -> u64 {
    #[cfg(test)]
    if tests::ALL_HASHES_COLLIDE.get() {
        return 0;
    }
    let mut h = s.len() as u64;
    for chunk in s.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// The keys of the index are already hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    thread_local! {
        /// Makes every string hash alike, to test the collision paths.
        pub static ALL_HASHES_COLLIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    fn intern_all(words: &[&str]) -> (Vec<u32>, Strings) {
        let mut i = Interner::default();
        let ids = words.iter().map(|w| i.intern(w)).collect();
        (ids, i.to_strings())
    }

    #[test]
    fn each_distinct_string_is_stored_once() {
        let words = ["a", "", "bé", "a", "", "x/index.html", "bé"];
        let (ids, strings) = intern_all(&words);
        assert_eq!(ids, [0, 1, 2, 0, 1, 3, 2]);
        assert_eq!(strings.len(), 4);
        for (w, id) in words.iter().zip(ids) {
            assert_eq!(strings.get(id), *w);
        }
    }

    #[test]
    fn strings_with_the_same_hash_are_told_apart() {
        let words = ["a", "b", "a", "c", "b", ""];
        let normal = intern_all(&words);
        ALL_HASHES_COLLIDE.set(true);
        let colliding = intern_all(&words);
        ALL_HASHES_COLLIDE.set(false);
        assert_eq!(colliding, normal);
    }
}
