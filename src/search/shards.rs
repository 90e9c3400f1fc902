//! The index as JavaScript files the search page loads with `<script src>`.
//!
//! `fetch` and WebAssembly are refused on `file://`, and a dossier opened
//! from a USB stick must still search; a script element is allowed
//! everywhere. Each file assigns its data to the global `DOSSIER_SEARCH`:
//!
//! - `search/manifest.js`: how the index is cut (the keys of the term
//!   shards, where each document chunk starts), the stopwords and elided
//!   words to drop from queries. Loaded by the search page.
//! - `search/t.js`, `search/t-<key>.js`: the stems, each with its forms and
//!   postings: `"chiffr": [["chiffrement", "chiffres"], [0, 7, 3, 2]]`.
//!   Postings are pairs (document id as a gap from the previous one,
//!   `tf × 2 + 1` if the stem is in the title, `tf × 2` otherwise): small
//!   numbers, short text. A small index is the one file `t.js`; a shard
//!   bigger than [`DEFAULT_MAX_SHARD_BYTES`] is cut by the next letter of
//!   its words (`t-d.js`, then `t-de.js`, `t-dec.js`…, three letters at
//!   most), so common starts are cut finer than rare ones. A query word needs only the shard of its own first letters
//!   ([`shard_for`]): its form, the forms it is a prefix of and the stems
//!   close to it are all there.
//! - `search/d-<n>.js`: documents `n…` (type, title, link, date, text for
//!   the excerpt), cut in chunks of about [`DOC_CHUNK_BYTES`], loaded only
//!   for the results shown.
//!
//! Why stems with their forms rather than a stemmer in JavaScript: the
//! browser matches exactly what Rust decided (no second implementation of
//! Snowball to drift), typed prefixes (`chiff`) find forms through the
//! same table, and the forms tell the page which words of an excerpt to
//! mark.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::index::{Kind, SearchIndex, StemEntry};
use super::query::MIN_STEM;

/// The largest shard, in bytes, before it is cut by one more letter.
pub const DEFAULT_MAX_SHARD_BYTES: usize = 256 * 1024;
/// The longest shard key, in letters.
pub const MAX_KEY_CHARS: usize = 3;

// A query word of `MIN_PREFIX` letters and a stem of `MIN_STEM` letters
// must fall in one shard with every word that starts with them: their first
// `MAX_KEY_CHARS` letters decide it.
const _: () = assert!(super::query::MIN_PREFIX >= MAX_KEY_CHARS && MIN_STEM >= MAX_KEY_CHARS);

/// Target size of a chunk of documents.
pub const DOC_CHUNK_BYTES: usize = 16 * 1024;

/// The global every data file assigns to.
pub const GLOBAL: &str = "DOSSIER_SEARCH";

/// The key of a word's first `chars` characters, with anything but
/// `a-z0-9` written as `_<hex>_` so every key is a safe file name.
/// `search.js` computes the same.
pub fn shard_key(word: &str, chars: usize) -> String {
    let mut key = String::new();
    for c in word.chars().take(chars) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            key.push(c);
        } else {
            key.push_str(&format!("_{:x}_", u32::from(c)));
        }
    }
    key
}

/// The file of a shard, relative to `search/`.
pub fn shard_file(key: &str) -> String {
    if key.is_empty() {
        "t.js".into()
    } else {
        format!("t-{key}.js")
    }
}

/// The shard a word is in: the one with the longest key that starts the
/// word. A shard that grew too big was cut by the next letter and keeps
/// only the words that end there, so this finds the word's forms, the
/// forms it starts and the stems it is close to.
pub fn shard_for<'k>(word: &str, keys: &'k BTreeSet<String>) -> Option<&'k str> {
    let len = word.chars().count().min(MAX_KEY_CHARS);
    (0..=len)
        .rev()
        .find_map(|n| keys.get(&shard_key(word, n)).map(String::as_str))
}

/// One stem as JSON: `[forms, postings]`.
fn stem_json(entry: &StemEntry) -> Value {
    let mut flat = Vec::with_capacity(entry.postings.len() * 2);
    let mut prev = 0;
    for p in &entry.postings {
        flat.push(p.doc - prev);
        flat.push(p.tf * 2 + u32::from(p.title));
        prev = p.doc;
    }
    serde_json::json!([entry.forms, flat])
}

/// A word that routes a stem to a shard: the stem itself or one of its
/// forms (a stem is written to the shard of each, usually one and the same).
struct Route<'a> {
    word: Vec<char>,
    stem: &'a str,
}

/// Cuts routes into shards: one shard while it fits in `max` bytes, else
/// one per next letter (words that end at this key stay in it), down to
/// [`MAX_KEY_CHARS`] letters.
fn partition<'a>(
    key: String,
    depth: usize,
    routes: Vec<Route<'a>>,
    sizes: &BTreeMap<&str, usize>,
    max: usize,
    out: &mut BTreeMap<String, BTreeSet<&'a str>>,
) {
    let stems: BTreeSet<&str> = routes.iter().map(|r| r.stem).collect();
    let size: usize = stems.iter().map(|s| sizes[s]).sum();
    if size <= max || depth == MAX_KEY_CHARS {
        out.insert(key, stems);
        return;
    }
    let mut here = BTreeSet::new();
    let mut by_letter: BTreeMap<char, Vec<Route>> = BTreeMap::new();
    for r in routes {
        match r.word.get(depth) {
            None => {
                here.insert(r.stem);
            }
            Some(c) => by_letter.entry(*c).or_default().push(r),
        }
    }
    if !here.is_empty() {
        out.insert(key.clone(), here);
    }
    for (c, group) in by_letter {
        let sub = format!("{key}{}", shard_key(&c.to_string(), 1));
        partition(sub, depth + 1, group, sizes, max, out);
    }
}

/// The shards of the index: key → stems.
fn shards<'a>(
    index: &'a SearchIndex,
    sizes: &BTreeMap<&str, usize>,
    max: usize,
) -> BTreeMap<String, BTreeSet<&'a str>> {
    let mut routes = Vec::new();
    for (stem, entry) in &index.stems {
        let words: BTreeSet<&str> = std::iter::once(stem.as_str())
            .chain(entry.forms.iter().map(String::as_str))
            .collect();
        routes.extend(words.into_iter().map(|w| Route {
            word: w.chars().collect(),
            stem,
        }));
    }
    let mut out = BTreeMap::new();
    partition(String::new(), 0, routes, sizes, max, &mut out);
    out
}

/// The JavaScript and its data: a file that assigns one value.
fn assign(target: &str, value: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(value).expect("index data is plain JSON");
    format!("{GLOBAL}.{target}={json};\n").into_bytes()
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: &'a str,
    /// Keys of the shards that exist (see [`shard_for`]).
    shards: Vec<&'a str>,
    /// Id of the first document of each chunk.
    chunks: Vec<usize>,
    docs: usize,
    #[serde(rename = "minPrefix")]
    min_prefix: usize,
    #[serde(rename = "minStem")]
    min_stem: usize,
    #[serde(rename = "maxKey")]
    max_key: usize,
    stopwords: &'a [String],
    elisions: &'a [String],
}

/// The index's files, keyed by path inside the site.
#[derive(Debug, Clone, Default)]
pub struct SearchFiles {
    pub files: BTreeMap<String, Vec<u8>>,
    /// A digest of the data, added to script URLs so that a browser never
    /// mixes files of two builds from its cache.
    pub version: String,
    /// Keys of the term shards.
    pub shards: BTreeSet<String>,
}

impl SearchFiles {
    pub const MANIFEST: &'static str = "search/manifest.js";
}

fn kind_code(k: Kind) -> &'static str {
    match k {
        Kind::Article => "a",
        Kind::Term => "t",
        Kind::Event => "e",
    }
}

/// Documents in chunks of about [`DOC_CHUNK_BYTES`]: (first id, JSON rows).
fn doc_chunks(index: &SearchIndex) -> Vec<(usize, Vec<Value>)> {
    let mut chunks: Vec<(usize, Vec<Value>)> = Vec::new();
    let mut size = 0;
    for (id, d) in index.docs.iter().enumerate() {
        let row = serde_json::json!([
            kind_code(d.kind),
            d.title,
            d.href,
            d.date_iso,
            d.date,
            d.text
        ]);
        let row_size = d.title.len() + d.href.len() + d.text.len() + 40;
        if chunks.is_empty() || size + row_size > DOC_CHUNK_BYTES {
            chunks.push((id, Vec::new()));
            size = 0;
        }
        size += row_size;
        chunks.last_mut().expect("pushed above").1.push(row);
    }
    chunks
}

/// FNV-1a: a stable digest for cache busting (not for security).
fn digest(parts: &BTreeMap<String, Vec<u8>>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, v) in parts {
        for b in k.bytes().chain(v.iter().copied()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", h >> 32)
}

/// Cuts the index into files; no term shard exceeds `max_shard_bytes`
/// unless a three-letter key alone does.
pub fn files(index: &SearchIndex, max_shard_bytes: usize) -> SearchFiles {
    let json: BTreeMap<&str, String> = index
        .stems
        .iter()
        .map(|(s, e)| (s.as_str(), stem_json(e).to_string()))
        .collect();
    // Key, quotes, colon and comma around each entry.
    let sizes: BTreeMap<&str, usize> = json
        .iter()
        .map(|(s, j)| (*s, s.len() + j.len() + 4))
        .collect();
    let shard_map = shards(index, &sizes, max_shard_bytes);
    let mut out = BTreeMap::new();
    for (key, stems) in &shard_map {
        let mut body = String::from("{");
        for (i, stem) in stems.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(&serde_json::to_string(stem).expect("a string"));
            body.push(':');
            body.push_str(&json[stem]);
        }
        body.push('}');
        out.insert(
            format!("search/{}", shard_file(key)),
            format!("{GLOBAL}.t[{}]={body};\n", serde_json::json!(key)).into_bytes(),
        );
    }
    let chunks = doc_chunks(index);
    for (n, (_, rows)) in chunks.iter().enumerate() {
        out.insert(format!("search/d-{n}.js"), assign(&format!("d[{n}]"), rows));
    }
    let version = digest(&out);
    let manifest = Manifest {
        version: &version,
        shards: shard_map.keys().map(String::as_str).collect(),
        chunks: chunks.iter().map(|(start, _)| *start).collect(),
        docs: index.docs.len(),
        min_prefix: super::query::MIN_PREFIX,
        min_stem: MIN_STEM,
        max_key: MAX_KEY_CHARS,
        stopwords: &index.stopwords,
        elisions: &index.elisions,
    };
    let json = serde_json::to_string(&manifest).expect("manifest is plain JSON");
    out.insert(
        SearchFiles::MANIFEST.to_string(),
        format!("window.{GLOBAL}={{manifest:{json},t:{{}},d:{{}}}};\n").into_bytes(),
    );
    SearchFiles {
        files: out,
        version,
        shards: shard_map.into_keys().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_keys_are_safe_file_names() {
        assert_eq!(shard_key("chiffr", 2), "ch");
        assert_eq!(shard_key("g7", 2), "g7");
        assert_eq!(shard_key("x", 2), "x");
        assert_eq!(shard_key("αβγ", 1), "_3b1_");
        assert_eq!(shard_key("chiffr", 0), "");
        assert_eq!(shard_file(""), "t.js");
        assert_eq!(shard_file("ch"), "t-ch.js");
    }

    #[test]
    fn a_word_goes_to_the_longest_key_that_starts_it() {
        let keys: BTreeSet<String> = ["", "c", "ch", "chi", "d"].map(String::from).into();
        assert_eq!(shard_for("chiffr", &keys), Some("chi"));
        assert_eq!(shard_for("cha", &keys), Some("ch"));
        assert_eq!(shard_for("c", &keys), Some("c"));
        assert_eq!(shard_for("x", &keys), Some(""));
        let keys: BTreeSet<String> = ["ch"].map(String::from).into();
        assert_eq!(shard_for("de", &keys), None);
    }
}
