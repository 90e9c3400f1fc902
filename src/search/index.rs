//! The search index: every article, glossary term and timeline event as a
//! document, and for every stem the documents that contain it.
//!
//! The index keeps postings and what the results list shows of each
//! document (title, link, date), not the documents' texts: the articles'
//! texts come from their rendering ([`super::Texts`]), the few others are
//! rebuilt from the site when the file that ships them is written
//! ([`doc_text`]).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::shards::DocTexts;
use super::tokenizer::{Analyzer, Token, Word, WordIter};
use crate::render::Renderer;
use crate::render::markdown::plain_text;
use crate::render::urls::page_href;

/// What a hit is: the results list says it (article / terme / événement).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Kind {
    #[serde(rename = "a")]
    Article,
    #[serde(rename = "t")]
    Term,
    #[serde(rename = "e")]
    Event,
}

/// One searchable thing, with what the results list shows of it. Its text
/// (the excerpt is cut from it) is not kept: see [`doc_text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: Kind,
    pub title: String,
    /// Site-relative link (`articles/x/index.html`, `glossary/index.html#id`).
    pub href: String,
    /// `2014-11-03`, for `<time datetime>`.
    pub date_iso: Option<String>,
    /// `3 novembre 2014`.
    pub date: Option<String>,
    /// Language code of the text (which rules indexed it).
    pub lang: String,
}

/// How often a stem occurs in one document, and whether in its title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    /// Occurrences in title, text and headings (headings count twice: they
    /// are in the text and say what it is about).
    pub tf: u32,
    /// In the title of an article or event, in a glossary term or alias.
    pub title: bool,
}

/// Everything known about one stem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StemEntry {
    /// The folded surface forms that produced the stem, as readers type them.
    pub forms: BTreeSet<String>,
    /// By document id, ascending.
    pub postings: Vec<Posting>,
}

/// The whole index, before it is cut into files.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    pub docs: Vec<Document>,
    pub stems: BTreeMap<String, StemEntry>,
    /// Folded stopwords of every language indexed (queries drop them).
    pub stopwords: Vec<String>,
    /// Folded elided words (queries drop them before an apostrophe).
    pub elisions: Vec<String>,
}

/// What one document's words are counted from: borrowed texts, each
/// marked whether it is the title (a term's aliases are titles too).
struct DocInput<'a> {
    /// Position of the document's language in the analyzers.
    lang: usize,
    fields: Vec<(&'a str, bool)>,
}

/// The slot of a word in per-language tables: the language, and whether
/// an apostrophe follows the word (then it may be elided, so its token
/// depends on more than its text).
fn slot(lang: usize, before_apostrophe: bool) -> usize {
    lang * 2 + usize::from(before_apostrophe)
}

/// The distinct words of a run of documents and how often each occurs in
/// each document, counted without analysing a word: a text repeats its
/// words (Zipf), so each distinct word is stemmed once, at the merge.
struct ChunkCounts<'a> {
    /// Distinct words: (slot, text).
    words: Vec<(usize, &'a str)>,
    /// Per document: (position in `words`, occurrences × 2 + in title).
    docs: Vec<Vec<(u32, u32)>>,
}

/// A word as a hash key, compared without a call to `memcmp`: words are
/// short, and a chunk looks up every word of its documents.
#[derive(Debug, Clone, Copy, Eq)]
struct WordKey<'a>(&'a str);

impl PartialEq for WordKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len() && same_bytes(a, b)
    }
}

impl std::hash::Hash for WordKey<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// Whether two slices of the same length are equal: up to 16 bytes by two
/// overlapping loads each side.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    let u64_at = |s: &[u8], i: usize| u64::from_ne_bytes(s[i..i + 8].try_into().expect("8 bytes"));
    let u32_at = |s: &[u8], i: usize| u32::from_ne_bytes(s[i..i + 4].try_into().expect("4 bytes"));
    match n {
        0..4 => a == b,
        4..8 => u32_at(a, 0) == u32_at(b, 0) && u32_at(a, n - 4) == u32_at(b, n - 4),
        8..=16 => u64_at(a, 0) == u64_at(b, 0) && u64_at(a, n - 8) == u64_at(b, n - 8),
        _ => a == b,
    }
}

/// Counts the words of consecutive documents (one parallel task).
fn count_chunk<'a>(inputs: &[DocInput<'a>], slots: usize) -> ChunkCounts<'a> {
    let mut ids: Vec<FxHashMap<WordKey<'a>, u32>> = vec![FxHashMap::default(); slots];
    let mut words = Vec::new();
    // Per word: occurrences × 2 + in title in the current document; 0 for
    // a word it does not have yet.
    let mut counts: Vec<u32> = Vec::new();
    let mut touched: Vec<u32> = Vec::new();
    let mut docs = Vec::with_capacity(inputs.len());
    for d in inputs {
        for &(text, in_title) in &d.fields {
            for w in WordIter::new(text) {
                let s = slot(d.lang, w.before_apostrophe);
                let id = *ids[s].entry(WordKey(w.text)).or_insert_with(|| {
                    words.push((s, w.text));
                    counts.push(0);
                    u32::try_from(words.len() - 1).expect("fewer than 4 billion words")
                });
                let c = &mut counts[id as usize];
                if *c == 0 {
                    touched.push(id);
                }
                *c = (*c + 2) | u32::from(in_title);
            }
        }
        let doc = touched
            .drain(..)
            .map(|id| (id, std::mem::take(&mut counts[id as usize])))
            .collect();
        docs.push(doc);
    }
    ChunkCounts { words, docs }
}

/// Counts a batch of documents, a chunk per parallel task.
fn count_batch<'a>(batch: &[DocInput<'a>], slots: usize) -> Vec<ChunkCounts<'a>> {
    batch
        .par_chunks(COUNT_CHUNK)
        .map(|c| count_chunk(c, slots))
        .collect()
}

/// Strings numbered in the order they are first seen.
#[derive(Default)]
struct Interner(FxHashMap<String, u32>);

impl Interner {
    fn intern(&mut self, s: String) -> u32 {
        let next = u32::try_from(self.0.len()).expect("fewer than 4 billion strings");
        *self.0.entry(s).or_insert(next)
    }

    /// The strings, by number.
    fn into_names(self) -> Vec<String> {
        let mut names = vec![String::new(); self.0.len()];
        for (s, id) in self.0 {
            names[id as usize] = s;
        }
        names
    }
}

/// The index while documents are merged into it, stems and forms numbered.
struct Merger<'x> {
    analyzers: &'x [Analyzer],
    /// Per slot: every word seen, and the stem it counts for (`None`: a
    /// stopword, an elided word, not a word).
    words: Vec<FxHashMap<String, Option<u32>>>,
    stems: Interner,
    /// Per stem: its forms, each once (a stem has few: a list is enough).
    stem_forms: Vec<Vec<String>>,
    postings: Vec<Vec<Posting>>,
    /// Per stem: occurrences × 2 + in title in the current document.
    acc: Vec<u32>,
    touched: Vec<u32>,
    next_doc: u32,
}

impl<'x> Merger<'x> {
    fn new(analyzers: &'x [Analyzer]) -> Self {
        Merger {
            analyzers,
            words: vec![FxHashMap::default(); analyzers.len() * 2],
            stems: Interner::default(),
            stem_forms: Vec::new(),
            postings: Vec::new(),
            acc: Vec::new(),
            touched: Vec::new(),
            next_doc: 0,
        }
    }

    /// The stem of every word of each chunk (`None`: not indexed), one
    /// lookup a word. Words no earlier chunk had are analysed here, in
    /// parallel (a large site has tens of thousands), and their stems and
    /// forms numbered.
    fn learn(&mut self, chunks: &[ChunkCounts]) -> Vec<Vec<Option<u32>>> {
        /// A word's stem, or its place among the words to analyse.
        #[derive(Clone, Copy)]
        enum Lookup {
            Known(Option<u32>),
            New(usize),
        }
        let mut new: Vec<(usize, &str)> = Vec::new();
        let mut queued: FxHashMap<(usize, &str), usize> = FxHashMap::default();
        let lookups: Vec<Vec<Lookup>> = chunks
            .iter()
            .map(|c| {
                c.words
                    .iter()
                    .map(|&(s, w)| match self.words[s].get(w) {
                        Some(&stem) => Lookup::Known(stem),
                        None => Lookup::New(*queued.entry((s, w)).or_insert_with(|| {
                            new.push((s, w));
                            new.len() - 1
                        })),
                    })
                    .collect()
            })
            .collect();
        let analyzers = self.analyzers;
        let tokens: Vec<_> = new
            .par_iter()
            .map(|&(s, text)| {
                analyzers[s / 2].token(&Word {
                    text,
                    start: 0,
                    end: text.len(),
                    before_apostrophe: s % 2 == 1,
                })
            })
            .collect();
        let mut new_stems = Vec::with_capacity(new.len());
        for (s, words) in self.words.iter_mut().enumerate() {
            words.reserve(new.iter().filter(|w| w.0 == s).count());
        }
        for ((s, text), token) in new.into_iter().zip(tokens) {
            let stem = token.map(|t| self.number(t));
            self.words[s].insert(text.to_string(), stem);
            new_stems.push(stem);
        }
        lookups
            .into_iter()
            .map(|chunk| {
                chunk
                    .into_iter()
                    .map(|l| match l {
                        Lookup::Known(stem) => stem,
                        Lookup::New(i) => new_stems[i],
                    })
                    .collect()
            })
            .collect()
    }

    /// The number of a token's stem; its form is recorded with the stem.
    fn number(&mut self, t: Token) -> u32 {
        let stem = self.stems.intern(t.stem);
        if stem as usize == self.stem_forms.len() {
            self.stem_forms.push(Vec::new());
            self.postings.push(Vec::new());
            self.acc.push(0);
        }
        let forms = &mut self.stem_forms[stem as usize];
        if !forms.contains(&t.form) {
            forms.push(t.form);
        }
        stem
    }

    /// Adds the documents of a chunk, which follow those merged before:
    /// postings stay sorted by document id. `stem_of`: the stem of each
    /// word of the chunk, from [`Merger::learn`].
    fn merge(&mut self, chunk: &ChunkCounts, stem_of: &[Option<u32>]) {
        for doc_words in &chunk.docs {
            for &(word, c) in doc_words {
                let Some(stem) = stem_of[word as usize] else {
                    continue;
                };
                let a = &mut self.acc[stem as usize];
                if *a == 0 {
                    self.touched.push(stem);
                }
                *a = (*a + (c & !1)) | (c & 1);
            }
            for stem in self.touched.drain(..) {
                let a = std::mem::take(&mut self.acc[stem as usize]);
                self.postings[stem as usize].push(Posting {
                    doc: self.next_doc,
                    tf: a >> 1,
                    title: a & 1 == 1,
                });
            }
            self.next_doc += 1;
        }
    }

    /// The stems by name, with their forms and postings.
    fn into_stems(self) -> BTreeMap<String, StemEntry> {
        self.stems
            .into_names()
            .into_iter()
            .zip(self.stem_forms.into_iter().zip(self.postings))
            .map(|(stem, (forms, mut postings))| {
                // Held until the build ends: no room to grow.
                postings.shrink_to_fit();
                let forms = forms.into_iter().collect();
                (stem, StemEntry { forms, postings })
            })
            .collect()
    }
}

/// Documents counted by one parallel task.
const COUNT_CHUNK: usize = 64;
/// Documents counted before their counts are merged: holding the counts of
/// every document at once was the memory peak of a build.
const MERGE_BATCH: usize = COUNT_CHUNK * 16;

/// Indexes documents: counting words runs in parallel (it is most of the
/// work) while the previous batch is merged; merging in document order
/// keeps postings sorted by id. `langs` are the languages `inputs` point
/// to. The documents themselves are the caller's to add.
fn index_documents(inputs: &[DocInput], langs: &[String]) -> SearchIndex {
    let analyzers: Vec<Analyzer> = langs.iter().map(|l| Analyzer::new(l)).collect();
    let slots = analyzers.len() * 2;
    let count_batch = |batch| count_batch(batch, slots);
    let mut merger = Merger::new(&analyzers);
    let mut batches = inputs.chunks(MERGE_BATCH);
    let mut counted = batches.next().map(count_batch).unwrap_or_default();
    while !counted.is_empty() {
        let next = batches.next();
        let ((), following) = rayon::join(
            || {
                let stems = merger.learn(&counted);
                for (c, stem_of) in counted.iter().zip(&stems) {
                    merger.merge(c, stem_of);
                }
            },
            || next.map(count_batch).unwrap_or_default(),
        );
        counted = following;
    }
    let mut stop: BTreeSet<String> = BTreeSet::new();
    let mut elisions: BTreeSet<String> = BTreeSet::new();
    for a in &analyzers {
        stop.extend(a.stopwords());
        elisions.extend(a.elisions().iter().map(|s| s.to_string()));
    }
    SearchIndex {
        docs: Vec::new(),
        stems: merger.into_stems(),
        stopwords: stop.into_iter().collect(),
        elisions: elisions.into_iter().collect(),
    }
}

/// Where a document comes from in the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    Article(usize),
    Term(usize),
    Event(usize),
}

/// Documents are numbered: articles (newest first, as the site lists
/// them), then glossary terms, then timeline events.
fn source(r: &Renderer, doc: usize) -> Option<Source> {
    let site = r.site;
    let (articles, terms) = (site.articles.len(), site.glossary.terms.len());
    if doc < articles {
        Some(Source::Article(doc))
    } else if doc < articles + terms {
        Some(Source::Term(doc - articles))
    } else if doc < articles + terms + site.timeline.events.len() {
        Some(Source::Event(doc - articles - terms))
    } else {
        None
    }
}

fn doc_count(r: &Renderer) -> usize {
    let site = r.site;
    site.articles.len() + site.glossary.terms.len() + site.timeline.events.len()
}

/// The headings of article `i`, indexed with its text. The only place the
/// index reads rendered bodies.
fn headings<'r>(r: &'r Renderer, i: usize) -> impl Iterator<Item = &'r str> {
    r.bodies
        .get(i)
        .into_iter()
        .flat_map(|b| b.toc.iter().map(|h| h.title.as_str()))
}

/// What the results list shows of a document.
fn document(r: &Renderer, src: Source) -> Document {
    let site = r.site;
    let site_lang = site.config.language.as_str();
    match src {
        Source::Article(i) => {
            let a = &site.articles[i];
            Document {
                kind: Kind::Article,
                title: a.title.clone(),
                href: page_href("", &a.path()),
                date_iso: a.date.map(|d| d.iso()),
                date: a.date.map(|d| d.display(&a.lang)),
                lang: a.lang.clone(),
            }
        }
        Source::Term(i) => {
            let t = &site.glossary.terms[i];
            Document {
                kind: Kind::Term,
                title: t.term.clone(),
                href: format!("{}#{}", page_href("", "glossary/"), t.id),
                date_iso: None,
                date: None,
                lang: site_lang.to_string(),
            }
        }
        Source::Event(i) => {
            let e = &site.timeline.events[i];
            Document {
                kind: Kind::Event,
                title: e.title.clone(),
                href: format!("{}#{}", page_href("", "timeline/"), e.id),
                date_iso: Some(e.date.iso()),
                date: Some(e.date.display(site_lang)),
                lang: site_lang.to_string(),
            }
        }
    }
}

/// The plain text of a document, the excerpt is cut from: an article's
/// summary and body (from `texts`, the articles' texts: see
/// [`super::Texts`]), a term's aliases and definition, an event's text
/// (the last two made each time they are needed: there are few of them).
pub fn doc_text<'t>(r: &Renderer, texts: &'t [String], doc: usize) -> Cow<'t, str> {
    let site = r.site;
    match source(r, doc) {
        Some(Source::Article(i)) => Cow::Borrowed(&texts[i]),
        Some(Source::Term(i)) => {
            let t = &site.glossary.terms[i];
            let definition = plain_text(&t.definition);
            Cow::Owned(if t.aliases.is_empty() {
                definition
            } else {
                format!("{}{}{definition}", t.aliases.join(", "), ALIASES_END)
            })
        }
        Some(Source::Event(i)) => Cow::Owned(plain_text(&site.timeline.events[i].text)),
        None => Cow::Borrowed(""),
    }
}

/// Between a term's aliases and its definition in its text.
const ALIASES_END: &str = " — ";

/// The texts of a site's documents: the articles' from the given texts,
/// the others rebuilt on demand.
pub struct SiteTexts<'r, 'a>(pub &'r Renderer<'a>, pub &'r [String]);

impl DocTexts for SiteTexts<'_, '_> {
    fn text(&self, doc: usize) -> Cow<'_, str> {
        doc_text(self.0, self.1, doc)
    }
}

/// What a document's words are counted from, borrowed from its text (as
/// [`doc_text`] made it) and the site.
fn doc_input<'a>(
    r: &'a Renderer,
    src: Source,
    doc: &'a Document,
    text: &'a str,
    lang: usize,
) -> DocInput<'a> {
    let mut fields = vec![(doc.title.as_str(), true)];
    match src {
        Source::Article(i) => {
            // Summary and body: joined by a line break, which separates
            // words as the end of a text does.
            fields.push((text, false));
            fields.extend(headings(r, i).map(|h| (h, false)));
        }
        Source::Term(i) => {
            let t = &r.site.glossary.terms[i];
            fields.extend(t.aliases.iter().map(|a| (a.as_str(), true)));
            // The definition: the text without the aliases before it.
            let aliases = if t.aliases.is_empty() {
                0
            } else {
                t.aliases.iter().map(String::len).sum::<usize>()
                    + ", ".len() * (t.aliases.len() - 1)
                    + ALIASES_END.len()
            };
            fields.push((&text[aliases..], false));
        }
        Source::Event(_) => {
            fields.push((text, false));
            // The date is searchable (`novembre 2014`).
            fields.extend(doc.date.as_deref().map(|d| (d, false)));
        }
    }
    DocInput { lang, fields }
}

/// Builds the index of a site: articles (newest first, as the site lists
/// them), then glossary terms, then timeline events.
pub fn build(r: &Renderer) -> crate::error::Result<SearchIndex> {
    Ok(build_with_texts(r, &r.search_texts.get()?).0)
}

/// [`build`], and the documents' texts, which the caller may use before it
/// drops them (to digest the files, see `shards::SearchFiles::new`).
pub fn build_with_texts<'t>(r: &Renderer, texts: &'t [String]) -> (SearchIndex, Vec<Cow<'t, str>>) {
    let n = doc_count(r);
    let sources: Vec<Source> = (0..n).filter_map(|i| source(r, i)).collect();
    let (docs, texts): (Vec<Document>, Vec<Cow<str>>) = sources
        .par_iter()
        .enumerate()
        .map(|(i, &s)| (document(r, s), doc_text(r, texts, i)))
        .unzip();
    let mut langs: Vec<String> = Vec::new();
    let inputs: Vec<DocInput> = docs
        .iter()
        .zip(&texts)
        .zip(&sources)
        .map(|((d, text), &src)| {
            let lang = match langs.iter().position(|l| *l == d.lang) {
                Some(p) => p,
                None => {
                    langs.push(d.lang.clone());
                    langs.len() - 1
                }
            };
            doc_input(r, src, d, text, lang)
        })
        .collect();
    let mut index = index_documents(&inputs, &langs);
    drop(inputs);
    index.docs = docs;
    (index, texts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Documents of one title and one text each, and the index of them.
    fn index(docs: &[(&str, &str, &str)]) -> SearchIndex {
        let mut langs: Vec<String> = Vec::new();
        let inputs: Vec<DocInput> = docs
            .iter()
            .map(|&(title, text, lang)| {
                if !langs.iter().any(|l| l == lang) {
                    langs.push(lang.to_string());
                }
                DocInput {
                    lang: langs.iter().position(|l| l == lang).unwrap(),
                    fields: vec![(title, true), (text, false)],
                }
            })
            .collect();
        index_documents(&inputs, &langs)
    }

    #[test]
    fn word_keys_compare_every_byte() {
        let words = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "abcdefg",
            "bbcdefg",
            "abcdefh",
            "abcdefgh",
            "abcdefgi",
            "xbcdefgh",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "bbcdefghijklmnop",
            "abcdefghXjklmnop",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
        ];
        for a in words {
            for b in words {
                assert_eq!(WordKey(a) == WordKey(b), a == b, "{a} {b}");
            }
        }
        // A change at each position of each length.
        for n in 1..20 {
            let a = "e".repeat(n);
            for i in 0..n {
                let mut b = a.clone();
                b.replace_range(i..=i, "f");
                assert!(WordKey(&a) != WordKey(&b), "{a} {b}");
            }
        }
    }

    #[test]
    fn postings_count_title_and_body() {
        let idx = index(&[
            ("Le chiffrement", "Des messages chiffrés, chiffrés.", "fr"),
            ("Encryption", "Encrypted messages.", "en"),
        ]);
        let chiffr = &idx.stems["chiffr"];
        assert_eq!(
            chiffr.postings,
            [Posting {
                doc: 0,
                tf: 3,
                title: true
            }]
        );
        assert_eq!(
            chiffr.forms.iter().collect::<Vec<_>>(),
            ["chiffrement", "chiffres"]
        );
        assert_eq!(idx.stems["encrypt"].postings.len(), 1);
        // French and English messages stem alike here: both documents.
        let ids: Vec<u32> = idx.stems["messag"].postings.iter().map(|p| p.doc).collect();
        assert_eq!(ids, [0, 1]);
        assert!(idx.stopwords.contains(&"the".to_string()));
        assert!(idx.stopwords.contains(&"le".to_string()));
        assert_eq!(
            idx.elisions.len(),
            super::super::tokenizer::FRENCH_ELISIONS.len()
        );
    }

    /// The index as the straightforward way computes it: every token of
    /// every field, counted per document.
    fn reference(docs: &[(&str, &str, &str)]) -> BTreeMap<String, StemEntry> {
        let mut stems: BTreeMap<String, StemEntry> = BTreeMap::new();
        for (id, &(title, text, lang)) in docs.iter().enumerate() {
            let a = Analyzer::new(lang);
            let mut counts: BTreeMap<String, (u32, bool)> = BTreeMap::new();
            for (field, in_title) in [(title, true), (text, false)] {
                for t in a.tokens(field) {
                    let e = counts.entry(t.stem.clone()).or_default();
                    e.0 += 1;
                    e.1 |= in_title;
                    stems.entry(t.stem).or_default().forms.insert(t.form);
                }
            }
            for (stem, (tf, title)) in counts {
                stems.get_mut(&stem).unwrap().postings.push(Posting {
                    doc: id as u32,
                    tf,
                    title,
                });
            }
        }
        stems
    }

    /// Numbered stems and forms, chunks counted apart and merged in turn:
    /// the same postings as counting each document alone, sorted by
    /// document id, across chunk and batch boundaries and languages.
    #[test]
    fn interned_counts_match_the_plain_count() {
        let vocab = [
            "chiffrement",
            "chiffrés",
            "Chiffrés",
            "l’État",
            "d'accès",
            "messages",
            "le",
            "G7",
            "métadonnées",
            "me\u{301}tadonne\u{301}es",
            "encrypted",
        ];
        let texts: Vec<(String, String, &str)> = (0..MERGE_BATCH * 2 + 37)
            .map(|i| {
                let pick = |k: usize| vocab[(i * 7 + k * 3 + i / 5) % vocab.len()];
                let title = format!("{} {}", pick(1), pick(i % 4));
                let text: Vec<&str> = (0..i % 13).map(pick).collect();
                let lang = if i % 9 == 0 { "en" } else { "fr" };
                (title, text.join(" "), lang)
            })
            .collect();
        let docs: Vec<(&str, &str, &str)> = texts
            .iter()
            .map(|(t, x, l)| (t.as_str(), x.as_str(), *l))
            .collect();
        let idx = index(&docs);
        assert_eq!(idx.stems, reference(&docs));
        for e in idx.stems.values() {
            assert!(e.postings.windows(2).all(|w| w[0].doc < w[1].doc));
        }
        assert!(idx.stems["chiffr"].postings.len() > MERGE_BATCH);
    }
}
