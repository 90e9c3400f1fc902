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
/// per render. The documents' texts are read while the index is built and
/// its version digested, then dropped: each file is made when its job runs.
pub fn files<'r>(r: &'r Renderer) -> &'r SearchFiles {
    r.search_files.get_or_init(|| {
        let (index, texts) = index::build_with_texts(r);
        SearchFiles::new(index, shards::DEFAULT_MAX_SHARD_BYTES, texts.as_slice())
    })
}

/// Paths of the index files, for the render jobs.
pub fn file_paths(r: &Renderer) -> Vec<String> {
    files(r).paths()
}

/// One file of the index, as an output.
pub fn render_file(r: &Renderer, path: &str) -> Result<Output> {
    let bytes = files(r)
        .render(path, &index::SiteTexts(r))
        .ok_or_else(|| Error::Internal(format!("`{path}` is not a file of the search index")))?;
    Ok(Output {
        path: path.to_string(),
        bytes,
    })
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
    let version = &files(r).version;
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
