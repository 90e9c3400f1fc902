//! Query evaluation, the way `search.js` does it in the browser.
//!
//! The browser has no stemmer: it folds the words a reader types and looks
//! them up in what the index ships. This module is the specification of that
//! lookup and of the ranking, written in Rust so they are tested against real
//! sites with the tokenizer that built the index; `search.js` follows it
//! step by step (the browser tests check that both agree on a fixture).
//!
//! For each query word `w` (folded, lowercased):
//! 1. the stems of the surface form `w` (`chiffres` → `chiffr`);
//! 2. if `w` is the word being typed (the query does not end with a space)
//!    and has at least [`MIN_PREFIX`] letters, also the stems of every form
//!    that starts with `w` (`chiff` → `chiffr`);
//! 3. if that found nothing: the stem that shares the longest start with
//!    `w`, at least [`MIN_STEM`] letters and all of the stem but its last
//!    letter (`chiffrees`, a form no text has, → `chiffr`; `country` →
//!    `countri`);
//! 4. if still nothing and `w` has at least [`MIN_PREFIX`] letters: the
//!    forms that start with `w`, as in 2.
//!
//! Documents are ranked by, in order: the number of query words found in
//! their title (or glossary term and aliases), the number of query words
//! found at all, the sum of the words' frequencies, then the site's order
//! (articles newest first, then terms, then events).

use std::collections::{BTreeSet, HashMap};

use super::index::SearchIndex;
use super::tokenizer::{fold, is_apostrophe, is_word_char};

/// Letters a word needs before it is matched as a prefix.
pub const MIN_PREFIX: usize = 3;
/// Letters a stem needs to match a longer query word that starts with it.
/// At least the shard prefix length, so the stem is in the word's shard.
pub const MIN_STEM: usize = 4;

/// One word of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryWord {
    pub folded: String,
    /// The word the reader is still typing (prefix matching applies).
    pub open: bool,
}

/// The words of a query, folded, without elided words and stopwords (a
/// stopword still being typed is kept: it may be the start of a word).
pub fn query_words(query: &str, stopwords: &[String], elisions: &[String]) -> Vec<QueryWord> {
    let chars: Vec<char> = query.chars().collect();
    let ends_open = chars.last().is_some_and(|c| is_word_char(*c));
    let mut words: Vec<(String, bool)> = Vec::new();
    let mut current = String::new();
    for (i, c) in chars.iter().enumerate() {
        if is_word_char(*c) {
            current.push(*c);
        } else if !current.is_empty() {
            let elided = is_apostrophe(*c) && i + 1 < chars.len();
            words.push((std::mem::take(&mut current), elided));
        }
    }
    if !current.is_empty() {
        words.push((current, false));
    }
    let last = words.len().saturating_sub(1);
    words
        .into_iter()
        .enumerate()
        .filter_map(|(i, (w, before_apostrophe))| {
            let folded = fold(&w);
            let open = ends_open && i == last;
            let elided = before_apostrophe && elisions.contains(&folded);
            let stop = !open && stopwords.binary_search(&folded).is_ok();
            (!elided && !stop).then_some(QueryWord { folded, open })
        })
        .collect()
}

/// One result: a document and why it ranks where it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub doc: u32,
    pub title_words: u32,
    pub words: u32,
    pub tf: u32,
}

/// An index ready to answer queries.
pub struct Searcher<'a> {
    index: &'a SearchIndex,
    /// Surface form → the stems it produced.
    forms: HashMap<&'a str, Vec<&'a str>>,
    sorted_forms: Vec<&'a str>,
}

impl<'a> Searcher<'a> {
    pub fn new(index: &'a SearchIndex) -> Self {
        let mut forms: HashMap<&str, Vec<&str>> = HashMap::new();
        for (stem, e) in &index.stems {
            for f in &e.forms {
                forms.entry(f.as_str()).or_default().push(stem.as_str());
            }
        }
        let mut sorted_forms: Vec<&str> = forms.keys().copied().collect();
        sorted_forms.sort_unstable();
        Searcher {
            index,
            forms,
            sorted_forms,
        }
    }

    fn prefixed(&self, w: &str, into: &mut BTreeSet<&'a str>) {
        let from = self.sorted_forms.partition_point(|f| *f < w);
        for f in self.sorted_forms[from..]
            .iter()
            .take_while(|f| f.starts_with(w))
        {
            into.extend(self.forms[f].iter().copied());
        }
    }

    /// The stem a word that no text contains most likely has: the one that
    /// shares the longest start with it, of at least [`MIN_STEM`] letters and
    /// all of the stem but its last letter (`country` → `countri`,
    /// `chiffrees` → `chiffr`). Ties go to the shorter stem.
    fn nearest_stem(&self, w: &str) -> Option<&'a str> {
        let w: Vec<char> = w.chars().collect();
        let mut best: Option<(usize, usize, &str)> = None;
        for s in self.index.stems.keys() {
            let len = s.chars().count();
            let common = s.chars().zip(&w).take_while(|(a, b)| a == *b).count();
            if common < MIN_STEM || common + 1 < len {
                continue;
            }
            if best.is_none_or(|(c, l, _)| common > c || (common == c && len < l)) {
                best = Some((common, len, s));
            }
        }
        best.map(|(_, _, s)| s)
    }

    /// The stems a query word stands for (see the module doc).
    pub fn stems_for(&self, w: &QueryWord) -> BTreeSet<&'a str> {
        let mut out = BTreeSet::new();
        if let Some(s) = self.forms.get(w.folded.as_str()) {
            out.extend(s.iter().copied());
        }
        let long_enough = w.folded.chars().count() >= MIN_PREFIX;
        if w.open && long_enough {
            self.prefixed(&w.folded, &mut out);
        }
        if out.is_empty() {
            out.extend(self.nearest_stem(&w.folded));
        }
        if out.is_empty() && long_enough {
            self.prefixed(&w.folded, &mut out);
        }
        out
    }

    /// Every matching document, best first.
    pub fn search(&self, query: &str) -> Vec<Hit> {
        let words = query_words(query, &self.index.stopwords, &self.index.elisions);
        let mut hits: HashMap<u32, Hit> = HashMap::new();
        for w in &words {
            // Per document: found in a title, found at all, frequency.
            let mut per_doc: HashMap<u32, (bool, u32)> = HashMap::new();
            for stem in self.stems_for(w) {
                for p in &self.index.stems[stem].postings {
                    let e = per_doc.entry(p.doc).or_default();
                    e.0 |= p.title;
                    e.1 += p.tf;
                }
            }
            for (doc, (title, tf)) in per_doc {
                let h = hits.entry(doc).or_insert(Hit {
                    doc,
                    title_words: 0,
                    words: 0,
                    tf: 0,
                });
                h.title_words += u32::from(title);
                h.words += 1;
                h.tf += tf;
            }
        }
        let mut v: Vec<Hit> = hits.into_values().collect();
        v.sort_by(|a, b| {
            b.title_words
                .cmp(&a.title_words)
                .then(b.words.cmp(&a.words))
                .then(b.tf.cmp(&a.tf))
                .then(a.doc.cmp(&b.doc))
        });
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn query_words_fold_and_drop() {
        let stop = strings(&["d", "l", "la", "le"]);
        let eli = strings(&["d", "l", "qu"]);
        let w = query_words("l’accès aux Métadonnées de la", &stop, &eli);
        let f: Vec<(&str, bool)> = w.iter().map(|w| (w.folded.as_str(), w.open)).collect();
        // `aux` and `de` are not in this small list; `la` is kept: still typed.
        assert_eq!(
            f,
            [
                ("acces", false),
                ("aux", false),
                ("metadonnees", false),
                ("de", false),
                ("la", true)
            ]
        );
        let w = query_words("la ", &stop, &eli);
        assert!(w.is_empty());
        // An apostrophe at the very end elides nothing.
        let w = query_words("qu'", &stop, &eli);
        assert_eq!(w[0].folded, "qu");
    }
}
