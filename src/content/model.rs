//! The content model: what the renderer receives, immutable once loaded.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::date::PartialDate;

/// Where an article comes from. Front matter may give a plain name
/// (`source: Reuters`) or the details.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The name readers cite: a newspaper, a site, an agency.
    #[serde(default)]
    pub name: Option<String>,
    /// The publication that carried the text, when it differs from the name
    /// (an agency dispatch republished by a magazine).
    #[serde(default)]
    pub publication: Option<String>,
    /// The news agency that wrote the dispatch.
    #[serde(default)]
    pub agency: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

impl Source {
    /// The one name to show: the name, else the agency, else the publication.
    pub fn display_name(&self) -> Option<&str> {
        self.name
            .as_deref()
            .or(self.agency.as_deref())
            .or(self.publication.as_deref())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum SourceField {
    Name(String),
    Detailed(Source),
}

impl From<SourceField> for Source {
    fn from(f: SourceField) -> Source {
        match f {
            SourceField::Name(name) => Source {
                name: Some(name),
                ..Source::default()
            },
            SourceField::Detailed(s) => s,
        }
    }
}

/// Article front matter as written in `content/articles/*.md`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ArticleFrontMatter {
    pub title: String,
    #[serde(default)]
    pub date: Option<PartialDate>,
    #[serde(default)]
    pub source: Option<SourceField>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub translators: Vec<String>,
    #[serde(default)]
    pub dateline: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub slug: Option<String>,
    /// Fields the importer was unsure of, for the editor to check.
    #[serde(default)]
    pub review: Vec<String>,
    /// Import provenance: accepted here, used by `dossier import`.
    #[serde(default)]
    #[allow(dead_code)]
    pub imported_from: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    pub import_hash: Option<String>,
}

/// Plain page front matter (`content/*.md`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PageFrontMatter {
    pub title: String,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    /// Position in the navigation; pages without it are not listed there.
    #[serde(default)]
    pub menu: Option<i32>,
}

/// A tag as used on the site: its display name and its slug.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Tag {
    pub name: String,
    pub slug: String,
}

/// A press article of the dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Path of the source file, relative to the site root.
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    pub date: Option<PartialDate>,
    pub source: Option<Source>,
    pub authors: Vec<String>,
    pub translators: Vec<String>,
    pub dateline: Option<String>,
    pub lang: String,
    pub tags: Vec<Tag>,
    pub summary: Option<String>,
    pub draft: bool,
    pub review: Vec<String>,
    /// The Markdown body.
    pub body: String,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
    pub word_count: usize,
}

impl Article {
    /// The one source name to show (see [`Source::display_name`]).
    pub fn source_name(&self) -> Option<String> {
        self.source
            .as_ref()
            .and_then(|s| s.display_name())
            .map(str::to_string)
    }

    /// The publication that carried the text, when it is not already the
    /// name shown: `Reuters (L’Usine Nouvelle)`.
    pub fn source_publication(&self) -> Option<String> {
        let s = self.source.as_ref()?;
        s.publication
            .clone()
            .filter(|p| s.display_name() != Some(p.as_str()))
    }

    pub fn source_url(&self) -> Option<String> {
        self.source.as_ref().and_then(|s| s.url.clone())
    }

    /// Site-relative URL path, always a directory: `articles/<slug>/`.
    pub fn path(&self) -> String {
        format!("articles/{}/", self.slug)
    }
}

/// A plain page (`content/a-propos.md`) or the home introduction
/// (`content/_index.md`).
#[derive(Debug, Clone)]
pub struct Page {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    pub description: Option<String>,
    pub draft: bool,
    pub menu: Option<i32>,
    pub body: String,
    pub body_line: usize,
    /// Site-relative URL path, `""` for the home page.
    pub path: String,
}

/// Everything the renderer needs, loaded once.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// Newest first; undated articles last, by title.
    pub articles: Vec<Article>,
    pub pages: Vec<Page>,
    /// The home page introduction, from `content/_index.md`.
    pub index: Option<Page>,
    pub glossary: crate::content::glossary::Glossary,
    pub timeline: crate::content::timeline::Timeline,
}

impl Site {
    /// Every tag in use, sorted in French order, with its articles.
    ///
    /// Tag pages call this once each, so it groups with a fast hash map on
    /// the slugs it already has and computes each tag's sort key once. A tag
    /// keeps the name of its first article, and two names never tie:
    /// equal names have equal slugs.
    pub fn tags(&self) -> Vec<(Tag, Vec<&Article>)> {
        let mut position: rustc_hash::FxHashMap<&str, usize> = Default::default();
        let mut tags: Vec<(Tag, Vec<&Article>)> = Vec::new();
        for a in &self.articles {
            for t in &a.tags {
                match position.get(t.slug.as_str()) {
                    Some(&i) => tags[i].1.push(a),
                    None => {
                        position.insert(&t.slug, tags.len());
                        tags.push((t.clone(), vec![a]));
                    }
                }
            }
        }
        tags.sort_by_cached_key(|(t, _)| (crate::collate::sort_key(&t.name), t.name.clone()));
        tags
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.slug == slug)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(slug: &str, tags: &[&str]) -> Article {
        Article {
            file: PathBuf::from(format!("content/articles/{slug}.md")),
            slug: slug.into(),
            title: slug.into(),
            date: None,
            source: None,
            authors: Vec::new(),
            translators: Vec::new(),
            dateline: None,
            lang: "fr".into(),
            tags: tags
                .iter()
                .map(|n| Tag {
                    name: n.to_string(),
                    slug: crate::text::slugify(n),
                })
                .collect(),
            summary: None,
            draft: false,
            review: Vec::new(),
            body: String::new(),
            body_line: 1,
            word_count: 0,
        }
    }

    #[test]
    fn tags_in_french_order_with_their_articles() {
        let site = Site {
            root: "/nonexistent".into(),
            config: serde_yaml::from_str("title: t").unwrap(),
            articles: vec![
                article("a", &["sommet", "Écoute", "métadonnées"]),
                article("b", &["Sommet", "messagerie", "NSA"]),
                article("c", &["écoute", "Five Eyes", "sommet"]),
            ],
            pages: Vec::new(),
            index: None,
            glossary: Default::default(),
            timeline: Default::default(),
        };
        let tags = site.tags();
        let summary: Vec<(&str, &str, Vec<&str>)> = tags
            .iter()
            .map(|(t, arts)| {
                let slugs = arts.iter().map(|a| a.slug.as_str()).collect();
                (t.name.as_str(), t.slug.as_str(), slugs)
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Écoute", "ecoute", vec!["a", "c"]),
                ("Five Eyes", "five-eyes", vec!["c"]),
                ("messagerie", "messagerie", vec!["b"]),
                ("métadonnées", "metadonnees", vec!["a"]),
                ("NSA", "nsa", vec!["b"]),
                ("sommet", "sommet", vec!["a", "b", "c"]),
            ]
        );
    }
}
