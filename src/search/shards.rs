//! The index as JavaScript files the search page loads with `<script src>`.
//!
//! `fetch` and WebAssembly are refused on `file://`, and a dossier opened
//! from a USB stick must still search; a script element is allowed
//! everywhere. Each file assigns its data to the global `DOSSIER_SEARCH`:
//!
//! - `search/manifest.js`: how the index is cut (shard prefix length, the
//!   shards that exist, where each document chunk starts), the stopwords and
//!   elided words to drop from queries. Loaded by the search page.
//! - `search/t-<key>.js` (`search/t.js` when the index is small enough to
//!   be one file): the stems whose key is `<key>` — the first letters of the
//!   stem or of one of its forms — each with its forms and postings:
//!   `"chiffr": [["chiffrement", "chiffres"], [0, 7, 3, 2]]`. Postings are
//!   pairs (document id as a gap from the previous one, `tf × 2 + 1` if the
//!   stem is in the title, `tf × 2` otherwise): small numbers, short text.
//!   A query word needs only the shard of its own first letters: its form,
//!   the forms it is a prefix of and the stems it starts with are all there.
//! - `search/d-<n>.js`: documents `n…` (type, title, link, date, text for
//!   the excerpt), cut in chunks of about [`DOC_CHUNK_BYTES`], loaded only
//!   for the results shown.
//!
//! Why stems with their forms rather than a stemmer in JavaScript: the
//! browser matches exactly what Rust decided (no second implementation of
//! Snowball to drift), typed prefixes (`chiff`) find forms through the
//! same table, and the forms tell the page which words of an excerpt to
//! mark.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::index::{Kind, SearchIndex, StemEntry};
use super::query::MIN_STEM;

/// The largest shard, in bytes, before the index is cut by longer prefixes.
pub const DEFAULT_MAX_SHARD_BYTES: usize = 256 * 1024;
/// The longest shard prefix: two letters give at most a few hundred files.
const MAX_PREFIX: usize = 2;
// A query word of `MIN_PREFIX` letters and a stem of `MIN_STEM` letters
// must fall in one shard: their keys take `MAX_PREFIX` letters at most.
const _: () = assert!(super::query::MIN_PREFIX >= MAX_PREFIX && MIN_STEM >= MAX_PREFIX);

/// Target size of a chunk of documents.
pub const DOC_CHUNK_BYTES: usize = 32 * 1024;

/// The global every data file assigns to.
pub const GLOBAL: &str = "DOSSIER_SEARCH";

/// The name of the shard a word belongs to: its first `prefix` characters,
/// with anything but `a-z0-9` written as `_<hex>_` so every name is a safe
/// file name. `search.js` computes the same.
pub fn shard_key(word: &str, prefix: usize) -> String {
    let mut key = String::new();
    for c in word.chars().take(prefix) {
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

/// The shards a stem is written to: its own key and its forms' keys (they
/// differ only for the rare stem that changed a word's first letters).
fn stem_keys(stem: &str, entry: &StemEntry, prefix: usize) -> Vec<String> {
    let mut keys: Vec<String> = std::iter::once(stem)
        .chain(entry.forms.iter().map(String::as_str))
        .map(|w| shard_key(w, prefix))
        .collect();
    keys.sort();
    keys.dedup();
    keys
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

/// The shards of the index for a prefix length: key → (stem → JSON).
fn shards(
    stems: &BTreeMap<String, (Value, usize)>,
    index: &SearchIndex,
    prefix: usize,
) -> BTreeMap<String, (BTreeMap<String, Value>, usize)> {
    let mut out: BTreeMap<String, (BTreeMap<String, Value>, usize)> = BTreeMap::new();
    for (stem, (json, size)) in stems {
        for key in stem_keys(stem, &index.stems[stem], prefix) {
            let shard = out.entry(key).or_default();
            shard.0.insert(stem.clone(), json.clone());
            shard.1 += size + stem.len() + 4;
        }
    }
    out
}

/// The shortest prefix whose largest shard fits in `max_bytes` (two
/// letters at most: past that, more files do not help much).
fn choose_prefix(
    stems: &BTreeMap<String, (Value, usize)>,
    index: &SearchIndex,
    max: usize,
) -> usize {
    (0..MAX_PREFIX)
        .find(|&p| {
            shards(stems, index, p)
                .values()
                .all(|(_, size)| *size <= max)
        })
        .unwrap_or(MAX_PREFIX)
}

/// The JavaScript and its data: a file that assigns one value.
fn assign(target: &str, value: &impl Serialize) -> Vec<u8> {
    let json = serde_json::to_string(value).expect("index data is plain JSON");
    format!("{GLOBAL}.{target}={json};\n").into_bytes()
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: &'a str,
    prefix: usize,
    shards: Vec<&'a str>,
    /// Id of the first document of each chunk.
    chunks: Vec<usize>,
    docs: usize,
    #[serde(rename = "minPrefix")]
    min_prefix: usize,
    #[serde(rename = "minStem")]
    min_stem: usize,
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
    pub prefix: usize,
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

/// Cuts the index into files.
pub fn files(index: &SearchIndex, max_shard_bytes: usize) -> SearchFiles {
    let stems: BTreeMap<String, (Value, usize)> = index
        .stems
        .iter()
        .map(|(s, e)| {
            let json = stem_json(e);
            let size = json.to_string().len();
            (s.clone(), (json, size))
        })
        .collect();
    let prefix = choose_prefix(&stems, index, max_shard_bytes);
    let mut out = BTreeMap::new();
    let shard_map = shards(&stems, index, prefix);
    for (key, (data, _)) in &shard_map {
        out.insert(
            format!("search/{}", shard_file(key)),
            assign(&format!("t[{}]", serde_json::json!(key)), data),
        );
    }
    let chunks = doc_chunks(index);
    for (n, (_, rows)) in chunks.iter().enumerate() {
        out.insert(format!("search/d-{n}.js"), assign(&format!("d[{n}]"), rows));
    }
    let version = digest(&out);
    let manifest = Manifest {
        version: &version,
        prefix,
        shards: shard_map.keys().map(String::as_str).collect(),
        chunks: chunks.iter().map(|(start, _)| *start).collect(),
        docs: index.docs.len(),
        min_prefix: super::query::MIN_PREFIX,
        min_stem: MIN_STEM,
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
        prefix,
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
}
