//! The search index: every article, glossary term and timeline event as a
//! document, and for every stem the documents that contain it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rayon::prelude::*;
use serde::Serialize;

use super::tokenizer::{Analyzer, TokenCache, words};
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

/// One searchable thing, with what the results list shows of it.
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
    /// Plain text the excerpt is cut from.
    pub text: String,
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

/// The fields of a document to index, by weight.
struct Fields {
    title: Vec<String>,
    body: Vec<String>,
    headings: Vec<String>,
}

/// Occurrences of each stem in one document: (tf, in title, forms seen).
type Counts = BTreeMap<String, (u32, bool, BTreeSet<String>)>;

/// Counts the stems of one document's fields with its language's rules.
fn count_stems(analyzer: &Analyzer, fields: &Fields, cache: &mut TokenCache) -> Counts {
    let mut counts = Counts::new();
    let weighted = fields
        .title
        .iter()
        .map(|t| (t, true))
        .chain(fields.body.iter().map(|t| (t, false)))
        .chain(fields.headings.iter().map(|t| (t, false)));
    for (text, in_title) in weighted {
        for w in words(text) {
            let Some(t) = analyzer.token_cached(&w, cache) else {
                continue;
            };
            if !counts.contains_key(&t.stem) {
                counts.insert(t.stem.clone(), Default::default());
            }
            let e = counts.get_mut(&t.stem).expect("inserted above");
            e.0 += 1;
            e.1 |= in_title;
            if !e.2.contains(&t.form) {
                e.2.insert(t.form.clone());
            }
        }
    }
    counts
}

/// Documents counted in parallel before their counts are merged.
const COUNT_CHUNK: usize = 256;

/// Indexes documents: tokenizing runs in parallel (it is most of the
/// work), merging into postings in document order keeps them sorted by id.
fn index_documents(docs: Vec<(Document, Fields)>) -> SearchIndex {
    let analyzers: HashMap<String, Analyzer> = docs
        .iter()
        .map(|(d, _)| d.lang.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .map(|l| {
            let a = Analyzer::new(&l);
            (l, a)
        })
        .collect();
    // Documents are counted a chunk at a time and merged before the next
    // chunk: holding the counts of every document at once was the memory
    // peak of a build (37 MB at 1,000 articles). One token cache per worker
    // and language: pure memoization, so the index does not depend on how
    // rayon splits the work.
    let mut index = SearchIndex::default();
    for (chunk_no, chunk) in docs.chunks(COUNT_CHUNK).enumerate() {
        let counts: Vec<Counts> = chunk
            .par_iter()
            .map_init(HashMap::<String, TokenCache>::new, |caches, (d, f)| {
                let cache = caches.entry(d.lang.clone()).or_default();
                count_stems(&analyzers[&d.lang], f, cache)
            })
            .collect();
        for (i, c) in counts.into_iter().enumerate() {
            let id = chunk_no * COUNT_CHUNK + i;
            let doc = u32::try_from(id).expect("fewer than 4 billion documents");
            for (stem, (tf, title, forms)) in c {
                let entry = index.stems.entry(stem).or_default();
                entry.forms.extend(forms);
                entry.postings.push(Posting { doc, tf, title });
            }
        }
    }
    index.docs = docs.into_iter().map(|(d, _)| d).collect();
    let mut stop: BTreeSet<String> = BTreeSet::new();
    let mut elisions: BTreeSet<String> = BTreeSet::new();
    for a in analyzers.values() {
        stop.extend(a.stopwords());
        elisions.extend(a.elisions().iter().map(|s| s.to_string()));
    }
    index.stopwords = stop.into_iter().collect();
    index.elisions = elisions.into_iter().collect();
    index
}

/// Builds the index of a site: articles (newest first, as the site lists
/// them), then glossary terms, then timeline events.
pub fn build(r: &Renderer) -> SearchIndex {
    let site = r.site;
    let site_lang = site.config.language.as_str();
    let mut docs = Vec::new();
    for (a, body) in site.articles.iter().zip(&r.bodies) {
        let summary = a.summary.as_deref().map(plain_text).unwrap_or_default();
        let body_text = plain_text(&a.body);
        let text = join_nonempty(&[&summary, &body_text]);
        let doc = Document {
            kind: Kind::Article,
            title: a.title.clone(),
            href: page_href("", &a.path()),
            date_iso: a.date.map(|d| d.iso()),
            date: a.date.map(|d| d.display(&a.lang)),
            text,
            lang: a.lang.clone(),
        };
        let fields = Fields {
            title: vec![a.title.clone()],
            body: vec![summary, body_text],
            headings: body.toc.iter().map(|h| h.title.clone()).collect(),
        };
        docs.push((doc, fields));
    }
    for t in &site.glossary.terms {
        let definition = plain_text(&t.definition);
        let mut title = vec![t.term.clone()];
        title.extend(t.aliases.iter().cloned());
        let text = if t.aliases.is_empty() {
            definition.clone()
        } else {
            format!("{} — {}", t.aliases.join(", "), definition)
        };
        let doc = Document {
            kind: Kind::Term,
            title: t.term.clone(),
            href: format!("{}#{}", page_href("", "glossary/"), t.id),
            date_iso: None,
            date: None,
            text,
            lang: site_lang.to_string(),
        };
        docs.push((
            doc,
            Fields {
                title,
                body: vec![definition],
                headings: Vec::new(),
            },
        ));
    }
    for e in &site.timeline.events {
        let text = plain_text(&e.text);
        let date = e.date.display(site_lang);
        let doc = Document {
            kind: Kind::Event,
            title: e.title.clone(),
            href: format!("{}#{}", page_href("", "timeline/"), e.id),
            date_iso: Some(e.date.iso()),
            date: Some(date.clone()),
            text: text.clone(),
            lang: site_lang.to_string(),
        };
        docs.push((
            doc,
            Fields {
                title: vec![e.title.clone()],
                body: vec![text, date],
                headings: Vec::new(),
            },
        ));
    }
    index_documents(docs)
}

fn join_nonempty(parts: &[&str]) -> String {
    parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(kind: Kind, title: &str, text: &str, lang: &str) -> (Document, Fields) {
        (
            Document {
                kind,
                title: title.to_string(),
                href: "x/index.html".into(),
                date_iso: None,
                date: None,
                text: text.to_string(),
                lang: lang.to_string(),
            },
            Fields {
                title: vec![title.to_string()],
                body: vec![text.to_string()],
                headings: Vec::new(),
            },
        )
    }

    #[test]
    fn postings_count_title_and_body() {
        let idx = index_documents(vec![
            doc(
                Kind::Article,
                "Le chiffrement",
                "Des messages chiffrés, chiffrés.",
                "fr",
            ),
            doc(Kind::Article, "Encryption", "Encrypted messages.", "en"),
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
}
