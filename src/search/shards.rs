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

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::ser::{CharEscape, CompactFormatter, Formatter};

use super::index::{Document, Kind, SearchIndex, StemEntry};
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

/// A string as JSON, escaped as `serde_json` does (a test checks it).
/// Documents' texts are most of the index's bytes and are written twice
/// per build (digest, then file): runs of bytes that need no escape are
/// found eight at a time and copied whole.
fn write_str(out: &mut Vec<u8>, s: &str) {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether any byte of `x` is zero (exact for existence).
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let needs_escape = |x: u64| {
        // A byte below 0x20 (control), a quote or a backslash.
        x.wrapping_sub(ONES * 0x20) & !x & HIGHS != 0
            || has_zero(x ^ (ONES * u64::from(b'"')))
            || has_zero(x ^ (ONES * u64::from(b'\\')))
    };
    let bytes = s.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut run = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(block) = bytes.get(i..i + 8) {
            let x = u64::from_ne_bytes(block.try_into().expect("eight bytes"));
            if !needs_escape(x) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        for (j, &b) in bytes.iter().enumerate().take(end).skip(i) {
            if let Some(escape) = json_escape(b) {
                out.extend_from_slice(&bytes[run..j]);
                CompactFormatter
                    .write_char_escape(out, escape)
                    .expect("writing to memory");
                run = j + 1;
            }
        }
        i = end;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// How `serde_json` escapes a byte of a string, if it does.
fn json_escape(b: u8) -> Option<CharEscape> {
    Some(match b {
        b'"' => CharEscape::Quote,
        b'\\' => CharEscape::ReverseSolidus,
        0x08 => CharEscape::Backspace,
        0x0c => CharEscape::FormFeed,
        b'\n' => CharEscape::LineFeed,
        b'\r' => CharEscape::CarriageReturn,
        b'\t' => CharEscape::Tab,
        0x00..0x20 => CharEscape::AsciiControl(b),
        _ => return None,
    })
}

fn write_u32(out: &mut Vec<u8>, n: u32) {
    serde_json::to_writer(&mut *out, &n).expect("writing to memory");
}

/// One stem as JSON: `[forms, postings]`.
fn write_stem_json(out: &mut Vec<u8>, entry: &StemEntry) {
    out.extend_from_slice(b"[[");
    for (i, f) in entry.forms.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_str(out, f);
    }
    out.extend_from_slice(b"],[");
    let mut prev = 0;
    for (i, p) in entry.postings.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_u32(out, p.doc - prev);
        out.push(b',');
        write_u32(out, p.tf * 2 + u32::from(p.title));
        prev = p.doc;
    }
    out.extend_from_slice(b"]]");
}

/// A word that routes a stem to a shard: the stem itself or one of its
/// forms (a stem is written to the shard of each, usually one and the same).
struct Route<'a> {
    word: &'a str,
    /// Position of the stem in name order.
    stem: u32,
}

/// Cuts routes into shards: one shard while it fits in `max` bytes, else
/// one per next letter (words that end at this key stay in it), down to
/// [`MAX_KEY_CHARS`] letters. Shards list their stems by position, which
/// is name order.
fn partition(
    key: String,
    depth: usize,
    routes: Vec<Route>,
    sizes: &[usize],
    max: usize,
    out: &mut BTreeMap<String, Vec<u32>>,
) {
    let sorted = |mut stems: Vec<u32>| {
        stems.sort_unstable();
        stems.dedup();
        stems
    };
    let stems = sorted(routes.iter().map(|r| r.stem).collect());
    let size: usize = stems.iter().map(|&s| sizes[s as usize]).sum();
    if size <= max || depth == MAX_KEY_CHARS {
        out.insert(key, stems);
        return;
    }
    let mut here = Vec::new();
    let mut by_letter: BTreeMap<char, Vec<Route>> = BTreeMap::new();
    for r in routes {
        match r.word.chars().nth(depth) {
            None => here.push(r.stem),
            Some(c) => by_letter.entry(c).or_default().push(r),
        }
    }
    if !here.is_empty() {
        out.insert(key.clone(), sorted(here));
    }
    for (c, group) in by_letter {
        let sub = format!("{key}{}", shard_key(&c.to_string(), 1));
        partition(sub, depth + 1, group, sizes, max, out);
    }
}

/// The shards of the index: key → stems (positions in `stems`, which is
/// sorted by name), given each stem's size in bytes.
fn shards(
    stems: &[(String, StemEntry)],
    sizes: &[usize],
    max: usize,
) -> BTreeMap<String, Vec<u32>> {
    let mut routes = Vec::new();
    for (i, (stem, entry)) in stems.iter().enumerate() {
        let i = u32::try_from(i).expect("fewer than 4 billion stems");
        routes.push(Route {
            word: stem,
            stem: i,
        });
        routes.extend(
            entry
                .forms
                .iter()
                .filter(|f| *f != stem)
                .map(|f| Route { word: f, stem: i }),
        );
    }
    let mut out = BTreeMap::new();
    partition(String::new(), 0, routes, sizes, max, &mut out);
    out
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: &'a str,
    /// Keys of the shards that exist (see [`shard_for`]).
    shards: Vec<&'a str>,
    /// Id of the first document of each chunk.
    chunks: &'a [usize],
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

/// Where the texts of the documents come from when a file that ships them
/// is written: the index does not keep them (see `index::doc_text`).
pub trait DocTexts: Sync {
    fn text(&self, doc: usize) -> Cow<'_, str>;
}

/// Texts held in memory, by document id.
impl<S: AsRef<str> + Sync> DocTexts for [S] {
    fn text(&self, doc: usize) -> Cow<'_, str> {
        Cow::Borrowed(self[doc].as_ref())
    }
}

/// The index and how it is cut into files. A file's bytes are made when
/// it is asked for ([`SearchFiles::render`]) and belong to the caller:
/// at 10,000 articles the files weigh about 90 MB, and a build writes
/// each one as soon as it is made.
#[derive(Debug, Clone, Default)]
pub struct SearchFiles {
    docs: Vec<Document>,
    /// The index's stems, sorted by name: shards name them by position.
    stems: Vec<(String, StemEntry)>,
    stopwords: Vec<String>,
    elisions: Vec<String>,
    /// A digest of the data files, added to script URLs so that a browser
    /// never mixes files of two builds from its cache.
    pub version: String,
    /// Keys of the term shards.
    pub shards: BTreeSet<String>,
    /// Stems of each term shard (positions in `stems`), by key, in order.
    shard_stems: BTreeMap<String, Vec<u32>>,
    /// Id of the first document of each document chunk.
    chunks: Vec<usize>,
}

fn kind_code(k: Kind) -> &'static str {
    match k {
        Kind::Article => "a",
        Kind::Term => "t",
        Kind::Event => "e",
    }
}

/// Where each chunk of documents starts: chunks of about
/// [`DOC_CHUNK_BYTES`].
fn doc_chunk_starts<T: DocTexts + ?Sized>(docs: &[Document], texts: &T) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut size = 0;
    for (id, d) in docs.iter().enumerate() {
        let row_size = d.title.len() + d.href.len() + texts.text(id).len() + 40;
        if starts.is_empty() || size + row_size > DOC_CHUNK_BYTES {
            starts.push(id);
            size = 0;
        }
        size += row_size;
    }
    starts
}

/// FNV-1a: a stable digest for cache busting (not for security), fed
/// file after file so that no file needs to be held.
struct Fnv(u64);

impl Fnv {
    fn new() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn version(&self) -> String {
        format!("{:08x}", self.0 >> 32)
    }
}

/// Files made in parallel before they are digested in turn.
const DIGEST_BATCH: usize = 32;

impl SearchFiles {
    pub const MANIFEST: &'static str = "search/manifest.js";

    /// Cuts the index into files: no term shard exceeds `max_shard_bytes`
    /// unless a three-letter key alone does. `texts` are the documents'
    /// texts, read once more here for the version.
    pub fn new<T: DocTexts + ?Sized>(
        index: SearchIndex,
        max_shard_bytes: usize,
        texts: &T,
    ) -> Self {
        let stems: Vec<(String, StemEntry)> = index.stems.into_iter().collect();
        let mut json = Vec::new();
        // Key, quotes, colon and comma around each entry.
        let sizes: Vec<usize> = stems
            .iter()
            .map(|(s, e)| {
                json.clear();
                write_stem_json(&mut json, e);
                s.len() + json.len() + 4
            })
            .collect();
        let shard_stems = shards(&stems, &sizes, max_shard_bytes);
        let mut files = SearchFiles {
            chunks: doc_chunk_starts(&index.docs, texts),
            shards: shard_stems.keys().cloned().collect(),
            shard_stems,
            docs: index.docs,
            stems,
            stopwords: index.stopwords,
            elisions: index.elisions,
            version: String::new(),
        };
        files.version = files.digest(texts);
        files
    }

    /// Paths of the data files (everything but the manifest), sorted.
    fn data_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .shards
            .iter()
            .map(|k| format!("search/{}", shard_file(k)))
            .chain((0..self.chunks.len()).map(|n| format!("search/d-{n}.js")))
            .collect();
        paths.sort_unstable();
        paths
    }

    /// Paths of every file of the index, sorted.
    pub fn paths(&self) -> Vec<String> {
        let mut paths = self.data_paths();
        paths.push(Self::MANIFEST.to_string());
        paths.sort_unstable();
        paths
    }

    /// The version: a digest of every data file, path and bytes, in path
    /// order. Files are made in parallel a batch at a time while the
    /// previous batch is digested.
    fn digest<T: DocTexts + ?Sized>(&self, texts: &T) -> String {
        let paths = self.data_paths();
        let mut h = Fnv::new();
        let mut pending: Vec<(&str, Vec<u8>)> = Vec::new();
        for batch in paths.chunks(DIGEST_BATCH) {
            let ((), made) = rayon::join(
                || {
                    for (p, bytes) in pending.drain(..) {
                        h.write(p.as_bytes());
                        h.write(&bytes);
                    }
                },
                || {
                    batch
                        .par_iter()
                        .map(|p| {
                            let bytes = self.render_data(p, texts);
                            (p.as_str(), bytes.expect("a path of the index"))
                        })
                        .collect()
                },
            );
            pending = made;
        }
        for (p, bytes) in pending {
            h.write(p.as_bytes());
            h.write(&bytes);
        }
        h.version()
    }

    /// One file of the index, or `None` if `path` is not one.
    pub fn render<T: DocTexts + ?Sized>(&self, path: &str, texts: &T) -> Option<Vec<u8>> {
        if path == Self::MANIFEST {
            Some(self.manifest())
        } else {
            self.render_data(path, texts)
        }
    }

    fn render_data<T: DocTexts + ?Sized>(&self, path: &str, texts: &T) -> Option<Vec<u8>> {
        let name = path.strip_prefix("search/")?;
        if let Some(n) = name.strip_prefix("d-").and_then(|r| r.strip_suffix(".js")) {
            let n: usize = n.parse().ok()?;
            return (name == format!("d-{n}.js") && n < self.chunks.len())
                .then(|| self.doc_chunk(n, texts));
        }
        let key = match name {
            "t.js" => "",
            _ => name.strip_prefix("t-")?.strip_suffix(".js")?,
        };
        let stems = self.shard_stems.get(key)?;
        (name == shard_file(key)).then(|| self.term_shard(key, stems))
    }

    /// `search/t-<key>.js`: the stems of a shard with their forms and
    /// postings.
    fn term_shard(&self, key: &str, stems: &[u32]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(GLOBAL.as_bytes());
        out.extend_from_slice(b".t[");
        write_str(&mut out, key);
        out.extend_from_slice(b"]={");
        for (i, &stem) in stems.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            let (name, entry) = &self.stems[stem as usize];
            write_str(&mut out, name);
            out.push(b':');
            write_stem_json(&mut out, entry);
        }
        out.extend_from_slice(b"};\n");
        out
    }

    /// `search/d-<n>.js`: documents of chunk `n`, a row each (type, title,
    /// link, date, text for the excerpt).
    fn doc_chunk<T: DocTexts + ?Sized>(&self, n: usize, texts: &T) -> Vec<u8> {
        let start = self.chunks[n];
        let end = self.chunks.get(n + 1).copied().unwrap_or(self.docs.len());
        let mut out = Vec::with_capacity(DOC_CHUNK_BYTES + DOC_CHUNK_BYTES / 4);
        out.extend_from_slice(format!("{GLOBAL}.d[{n}]=[").as_bytes());
        for id in start..end {
            let d = &self.docs[id];
            if id > start {
                out.push(b',');
            }
            out.push(b'[');
            write_str(&mut out, kind_code(d.kind));
            out.push(b',');
            write_str(&mut out, &d.title);
            out.push(b',');
            write_str(&mut out, &d.href);
            for date in [&d.date_iso, &d.date] {
                out.push(b',');
                match date {
                    Some(s) => write_str(&mut out, s),
                    None => out.extend_from_slice(b"null"),
                }
            }
            out.push(b',');
            write_str(&mut out, &texts.text(id));
            out.push(b']');
        }
        out.extend_from_slice(b"];\n");
        out
    }

    /// `search/manifest.js`: how the index is cut, and what queries drop.
    fn manifest(&self) -> Vec<u8> {
        let manifest = Manifest {
            version: &self.version,
            shards: self.shards.iter().map(String::as_str).collect(),
            chunks: &self.chunks,
            docs: self.docs.len(),
            min_prefix: super::query::MIN_PREFIX,
            min_stem: MIN_STEM,
            max_key: MAX_KEY_CHARS,
            stopwords: &self.stopwords,
            elisions: &self.elisions,
        };
        let json = serde_json::to_string(&manifest).expect("manifest is plain JSON");
        format!("window.{GLOBAL}={{manifest:{json},t:{{}},d:{{}}}};\n").into_bytes()
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::Posting;

    /// An index of `n` documents with long texts (a few per chunk) and two
    /// stems, and the texts.
    fn sample(n: usize) -> (SearchIndex, Vec<String>) {
        let docs = (0..n)
            .map(|i| Document {
                kind: [Kind::Article, Kind::Term, Kind::Event][i % 3],
                title: format!("Titre « {i} »"),
                href: format!("articles/a-{i}/index.html"),
                date_iso: (i % 2 == 0).then(|| "2014-11-03".to_string()),
                date: (i % 2 == 0).then(|| "3 novembre 2014".to_string()),
                lang: "fr".into(),
            })
            .collect();
        let texts = (0..n)
            .map(|i| format!("Texte {i} \"cité\"\n{}", "chiffrement ".repeat(400)))
            .collect();
        let posting = |doc, tf| Posting {
            doc,
            tf,
            title: doc % 2 == 0,
        };
        let mut stems = BTreeMap::new();
        stems.insert(
            "chiffr".to_string(),
            StemEntry {
                forms: ["chiffrement".to_string()].into(),
                postings: (0..n as u32).map(|d| posting(d, 400)).collect(),
            },
        );
        stems.insert(
            "cit".to_string(),
            StemEntry {
                forms: ["cite".to_string()].into(),
                postings: vec![posting(1, 1), posting(5, 2)],
            },
        );
        let index = SearchIndex {
            docs,
            stems,
            stopwords: vec!["le".into()],
            elisions: vec!["l".into()],
        };
        (index, texts)
    }

    /// The digest of files held whole, the way it was first computed.
    fn digest_of(files: &BTreeMap<String, Vec<u8>>) -> String {
        let mut h = Fnv::new();
        for (path, bytes) in files {
            h.write(path.as_bytes());
            h.write(bytes);
        }
        h.version()
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut samples: Vec<String> = (0u8..128).map(|b| char::from(b).to_string()).collect();
        samples.extend(
            [
                "",
                "sans échappement, « guillemets » et l’apostrophe",
                "un \"mot\" cité\npuis\ta\\b\u{1}\u{1f}\u{7f}",
                "0123456\"",
                "01234567\n89abcdef\"",
                "é\u{8}ü\u{c}\r🙂",
            ]
            .map(String::from),
        );
        // Every byte at every position of a block, between safe bytes.
        for b in [b'"', b'\\', b'\n', 0x01, 0x1f, b'a'] {
            for pos in 0..17 {
                let mut t = "x".repeat(17);
                t.replace_range(pos..pos + 1, &char::from(b).to_string());
                samples.push(t);
            }
        }
        for s in samples {
            let mut out = Vec::new();
            write_str(&mut out, &s);
            assert_eq!(
                String::from_utf8(out).unwrap(),
                serde_json::to_string(&s).unwrap(),
                "{s:?}"
            );
        }
    }

    #[test]
    fn the_version_digests_every_data_file_in_path_order() {
        let (index, texts) = sample(150);
        let files = SearchFiles::new(index, 60, texts.as_slice());
        // More files than one digest batch, and `d-10` sorts before `d-2`.
        assert!(files.chunks.len() > DIGEST_BATCH, "{}", files.chunks.len());
        assert!(files.shards.len() > 1, "{:?}", files.shards);
        let all: BTreeMap<String, Vec<u8>> = files
            .paths()
            .into_iter()
            .filter(|p| p != SearchFiles::MANIFEST)
            .map(|p| {
                let bytes = files.render(&p, texts.as_slice()).unwrap();
                (p, bytes)
            })
            .collect();
        assert_eq!(files.version, digest_of(&all));
        let manifest = files.render(SearchFiles::MANIFEST, texts.as_slice());
        let manifest = String::from_utf8(manifest.unwrap()).unwrap();
        assert!(manifest.contains(&format!("\"version\":\"{}\"", files.version)));
    }

    #[test]
    fn the_version_changes_with_any_text_or_posting() {
        let (index, texts) = sample(20);
        let version = |index: &SearchIndex, texts: &[String]| {
            SearchFiles::new(index.clone(), DEFAULT_MAX_SHARD_BYTES, texts).version
        };
        let v = version(&index, &texts);
        assert_eq!(v, version(&index, &texts), "deterministic");
        let mut edited = texts.clone();
        edited[13].push('!');
        assert_ne!(v, version(&index, &edited));
        let mut reweighted = index.clone();
        reweighted.stems.get_mut("cit").unwrap().postings[1].tf = 3;
        assert_ne!(v, version(&reweighted, &texts));
        let mut retitled = index.clone();
        retitled.docs[0].title.push('!');
        assert_ne!(v, version(&retitled, &texts));
    }

    #[test]
    fn files_are_json_data_and_only_their_paths_answer() {
        let (index, texts) = sample(4);
        let files = SearchFiles::new(index, DEFAULT_MAX_SHARD_BYTES, texts.as_slice());
        assert_eq!(
            files.paths(),
            [
                "search/d-0.js",
                "search/d-1.js",
                "search/manifest.js",
                "search/t.js"
            ]
        );
        let chunk = files.render("search/d-0.js", texts.as_slice()).unwrap();
        let chunk = std::str::from_utf8(&chunk).unwrap();
        let json = chunk
            .strip_prefix("DOSSIER_SEARCH.d[0]=")
            .and_then(|c| c.strip_suffix(";\n"))
            .unwrap();
        let rows: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(rows.as_array().unwrap().len(), 3, "16 KB: three long texts");
        assert_eq!(
            rows[0],
            serde_json::json!([
                "a",
                "Titre « 0 »",
                "articles/a-0/index.html",
                "2014-11-03",
                "3 novembre 2014",
                texts[0]
            ])
        );
        let terms = files.render("search/t.js", texts.as_slice()).unwrap();
        assert_eq!(
            std::str::from_utf8(&terms).unwrap(),
            "DOSSIER_SEARCH.t[\"\"]={\"chiffr\":[[\"chiffrement\"],[0,801,1,800,1,801,1,800]],\
             \"cit\":[[\"cite\"],[1,2,4,4]]};\n"
        );
        for wrong in [
            "search/d-2.js",
            "search/d-00.js",
            "search/t-.js",
            "search/t-c.js",
            "search/x.js",
            "d-0.js",
        ] {
            assert!(files.render(wrong, texts.as_slice()).is_none(), "{wrong}");
        }
    }

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
