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
    pub fn tags(&self) -> Vec<(Tag, Vec<&Article>)> {
        let mut map: std::collections::BTreeMap<String, (Tag, Vec<&Article>)> = Default::default();
        for a in &self.articles {
            for t in &a.tags {
                map.entry(t.slug.clone())
                    .or_insert_with(|| (t.clone(), Vec::new()))
                    .1
                    .push(a);
            }
        }
        let mut tags: Vec<_> = map.into_values().collect();
        tags.sort_by(|a, b| crate::collate::french_cmp(&a.0.name, &b.0.name));
        tags
    }

    pub fn article(&self, slug: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.slug == slug)
    }
}
