//! Client-side search over articles, glossary terms and timeline events.
//!
//! Everything about language is decided here, at build time
//! ([`tokenizer`]: folding, elisions, Snowball stemming, stopwords by the
//! page's `lang`); [`index`] collects documents and postings; [`shards`]
//! writes them as JavaScript data files a page loads with `<script src>`,
//! which works from `file://` as well as from any host and sub-path;
//! [`query`] specifies the lookup and ranking that `search.js` performs.
//! The page itself is `search/index.html`, rendered by [`render_page`].

pub mod index;
pub mod query;
pub mod shards;
pub mod tokenizer;

use std::sync::{Arc, Mutex};

use serde::Serialize;
use tera::Context;

pub use index::SearchIndex;
pub use shards::SearchFiles;

use crate::error::{Error, Result};
use crate::render::context::PageCommon;
use crate::render::urls::page_href;
use crate::render::{Output, Renderer};

/// Site-relative path of the search page.
pub const PAGE_PATH: &str = "search/";

/// The index of a rendered site and how it is cut into files, built once
/// per render. The texts are read while the index is built and its
/// version digested; each file is made when its job runs.
pub fn files<'r>(r: &'r Renderer) -> Result<&'r SearchFiles> {
    if let Some(files) = r.search_files.get() {
        return Ok(files);
    }
    let texts = r.search_texts.get()?;
    Ok(r.search_files.get_or_init(|| {
        let (index, docs) = index::build_with_texts(r, &texts);
        SearchFiles::new(index, shards::DEFAULT_MAX_SHARD_BYTES, docs.as_slice())
    }))
}

/// Paths of the index files, for the render jobs.
pub fn file_paths(r: &Renderer) -> Result<Vec<String>> {
    Ok(files(r)?.paths())
}

/// One file of the index, as an output.
pub fn render_file(r: &Renderer, path: &str) -> Result<Output> {
    let texts = r.search_texts.get()?;
    let bytes = files(r)?
        .render(path, &index::SiteTexts(r, &texts))
        .ok_or_else(|| Error::Internal(format!("`{path}` is not a file of the search index")))?;
    Ok(Output {
        path: path.to_string(),
        bytes,
    })
}

/// The articles' plain texts, in site order ([`Rendered::text`]), which
/// only search reads. The search jobs share them as they run; a build lets
/// them go once those are done ([`Renderer::render_each`]): 75 MB at
/// 10,000 articles that the rest of the build does without.
///
/// [`Rendered::text`]: crate::render::markdown::Rendered::text
#[derive(Debug, Default)]
pub struct Texts(Mutex<Option<Arc<Vec<String>>>>);

impl Texts {
    pub fn new(texts: Vec<String>) -> Self {
        Texts(Mutex::new(Some(Arc::new(texts))))
    }

    /// The texts, unless they were let go.
    pub fn get(&self) -> Result<Arc<Vec<String>>> {
        self.lock().clone().ok_or_else(|| {
            Error::Internal("search needed the articles' texts after they were let go".into())
        })
    }

    /// Lets the texts go: they are freed when the last job using them ends.
    pub fn release(&self) {
        *self.lock() = None;
    }

    /// The texts back, to keep with the bodies (`serve`), unless they were
    /// let go.
    pub fn into_inner(self) -> Option<Vec<String>> {
        let texts = self.0.into_inner().unwrap_or_else(|e| e.into_inner())?;
        Some(Arc::try_unwrap(texts).unwrap_or_else(|shared| shared.as_ref().clone()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Vec<String>>>> {
        // Nothing is left half-done under this lock: a panic elsewhere
        // does not make its value wrong.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Links the page offers when JavaScript is off.
#[derive(Debug, Serialize)]
struct Fallback {
    articles_href: String,
    glossary_href: String,
    timeline_href: String,
}

/// `search/index.html`: the form, the results list the script fills, and
/// what to do without JavaScript.
pub fn render_page(r: &Renderer) -> Result<Output> {
    let mut common = PageCommon::new(
        r,
        PAGE_PATH,
        "Recherche",
        "Rechercher dans les articles, le glossaire et la chronologie du dossier.",
    );
    let version = &files(r)?.version;
    // The manifest first: `defer` scripts run in order.
    common.scripts.push(format!("manifest.js?v={version}"));
    common.scripts.push(format!("{}search.js", common.root));
    let fallback = Fallback {
        articles_href: page_href(&common.root, "articles/"),
        glossary_href: page_href(&common.root, "glossary/"),
        timeline_href: page_href(&common.root, "timeline/"),
    };
    let mut ctx = Context::new();
    ctx.insert("page", &common);
    ctx.insert("fallback", &fallback);
    ctx.insert("version", version);
    let html = r.render_template("search.html", &ctx)?;
    Ok(Output {
        path: format!("{PAGE_PATH}index.html"),
        bytes: html.into_bytes(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_shared_until_let_go() {
        let texts = Texts::new(vec!["un".into(), "deux".into()]);
        let held = texts.get().unwrap();
        texts.release();
        // A job that had them keeps them; none can get them afterwards.
        assert_eq!(held[1], "deux");
        let err = texts.get().unwrap_err();
        assert!(matches!(err, Error::Internal(_)), "{err:?}");
        assert_eq!(texts.into_inner(), None);
    }

    #[test]
    fn texts_come_back_whole_when_kept() {
        let texts = Texts::new(vec!["un".into()]);
        let shared = texts.get().unwrap();
        // Still shared: given back as a copy.
        assert_eq!(texts.into_inner(), Some(vec!["un".to_string()]));
        drop(shared);
    }
}
