//! The data templates receive: plain, presentation-ready values.
//! All logic (dates in French, relative links, citations) happens here, so
//! templates only lay things out.

use serde::Serialize;

use super::Renderer;
use super::markdown::TocEntry;
use super::urls::{absolute, page_href, root_for};
use crate::content::{Article, Site};
use crate::date::PartialDate;
use crate::typography;

/// Ids the base template uses; Markdown headings must not take them.
pub const RESERVED_IDS: &[&str] = &[
    "contenu", "main", "nav", "site-nav", "toc", "search", "citer", "footer",
];

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: Option<String>,
    pub license: Option<String>,
    pub authors: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub href: String,
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `2017-06-13`, `2017-06` or `2017`, for `<time datetime>`.
    pub iso: String,
    /// `13 juin 2017`.
    pub display: String,
    pub precision: crate::date::Precision,
}

impl DateView {
    pub fn new(d: &PartialDate, lang: &str) -> Self {
        DateView {
            iso: d.iso(),
            display: d.display(lang),
            precision: d.precision(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct LinkView {
    pub name: String,
    pub href: String,
}

/// An article as listed on the home page, a tag page, a timeline.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleSummary {
    pub title: String,
    pub href: String,
    pub date: Option<DateView>,
    pub source: Option<String>,
    pub summary_html: Option<String>,
    pub tags: Vec<LinkView>,
}

/// Everything every page has: site, navigation, the way back to the root.
#[derive(Debug, Clone, Serialize)]
pub struct PageCommon {
    pub site: SiteView,
    /// Relative prefix to the site root: `""`, `"../"`, `"../../"`.
    pub root: String,
    /// Site-relative path of this page (`articles/x/`).
    pub path: String,
    pub title: String,
    pub description: String,
    pub lang: String,
    pub canonical: Option<String>,
    pub nav: Vec<NavItem>,
    /// Extra scripts for this page, relative hrefs, loaded with `defer`.
    pub scripts: Vec<String>,
    pub live_reload: bool,
    /// Whether the page has highlighted code (and needs highlight.css).
    pub has_code: bool,
    /// The `<iframe>` snippet, on pages that have an embed view.
    pub embed: Option<super::embed::Snippet>,
}

/// The navigation: fixed sections, then pages that ask for a `menu:` place.
pub fn nav(site: &Site, root: &str, current: &str) -> Vec<NavItem> {
    let mut items = vec![
        ("Accueil".to_string(), String::new()),
        ("Articles".to_string(), "articles/".to_string()),
        ("Chronologie".to_string(), "timeline/".to_string()),
        ("Glossaire".to_string(), "glossary/".to_string()),
        ("Thèmes".to_string(), "tags/".to_string()),
    ];
    for p in site.pages.iter().filter(|p| p.menu.is_some()) {
        items.push((p.title.clone(), p.path.clone()));
    }
    items.push((
        "Recherche".to_string(),
        crate::search::PAGE_PATH.to_string(),
    ));
    items
        .into_iter()
        .map(|(title, path)| NavItem {
            current: is_current(&path, current),
            href: page_href(root, &path),
            title,
        })
        .collect()
}

/// A section is current on its own page and on the pages below it.
fn is_current(section: &str, page: &str) -> bool {
    section == page || (!section.is_empty() && page.starts_with(section))
}

impl PageCommon {
    pub fn new(r: &Renderer, path: &str, title: &str, description: &str) -> Self {
        let site = r.site;
        let root = root_for(path);
        PageCommon {
            site: site_view(site),
            nav: nav(site, &root, path),
            canonical: absolute(site.config.base_url.as_deref(), path),
            path: path.to_string(),
            title: typography::apply(title, &site.config.language),
            description: description.to_string(),
            lang: site.config.language.clone(),
            scripts: crate::export::scorm::runtime_scripts(&r.settings, &root),
            root,
            live_reload: r.settings.live_reload,
            has_code: false,
            embed: super::embed::snippet_for(r, path),
        }
    }
}

pub fn site_view(site: &Site) -> SiteView {
    let c = &site.config;
    SiteView {
        title: typography::apply(&c.title, &c.language),
        description: typography::apply(&c.description, &c.language),
        language: c.language.clone(),
        base_url: c.base_url.clone(),
        license: c.license.clone(),
        authors: c.authors.clone(),
    }
}

pub fn article_summary(a: &Article, root: &str) -> ArticleSummary {
    summary_from_card(a, &ArticleCard::of(a), root)
}

/// What every list shows of an article, whatever the page lists it: the
/// title with French typography, the summary rendered from Markdown, the
/// date in words, the source. The home page, the article list and each tag
/// page show every article, so [`Renderer::summary`] computes this once per
/// article and build.
#[derive(Debug, Clone)]
pub struct ArticleCard {
    title: String,
    date: Option<DateView>,
    source: Option<String>,
    summary_html: Option<String>,
}

impl ArticleCard {
    pub fn of(a: &Article) -> Self {
        ArticleCard {
            title: typography::apply(&a.title, &a.lang),
            date: a.date.as_ref().map(|d| DateView::new(d, &a.lang)),
            source: a.source_name(),
            summary_html: a
                .summary
                .as_deref()
                .map(|s| super::markdown::render_inline(s, &a.lang)),
        }
    }
}

/// An article's summary for a page at `root`: the card plus the links,
/// which depend on where the page is.
pub fn summary_from_card(a: &Article, card: &ArticleCard, root: &str) -> ArticleSummary {
    ArticleSummary {
        title: card.title.clone(),
        href: page_href(root, &a.path()),
        date: card.date.clone(),
        source: card.source.clone(),
        summary_html: card.summary_html.clone(),
        tags: a
            .tags
            .iter()
            .map(|t| LinkView {
                name: t.name.clone(),
                href: page_href(root, &format!("tags/{}/", t.slug)),
            })
            .collect(),
    }
}

/// The table of contents, only when it helps: two headings or more.
pub fn toc_if_useful(toc: &[TocEntry]) -> Vec<TocEntry> {
    if toc.len() >= 2 {
        toc.to_vec()
    } else {
        Vec::new()
    }
}

/// A cited source as templates show it: its date in the page's language
/// when it is written as a date (`2013-06-05` → `5 juin 2013`), as written
/// otherwise.
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceView {
    pub title: String,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub reference: Option<String>,
    pub date: Option<String>,
    /// ISO form for `<time datetime>`, when the date parses.
    pub date_iso: Option<String>,
}

impl ReferenceView {
    pub fn new(r: &crate::content::reference::Reference, lang: &str) -> Self {
        let parsed = r.date.as_deref().and_then(|d| PartialDate::parse(d).ok());
        ReferenceView {
            title: typography::apply(&r.title, lang),
            publisher: r.publisher.clone(),
            url: r.url.clone(),
            reference: r.reference.clone(),
            date: parsed.map(|d| d.display(lang)).or_else(|| r.date.clone()),
            date_iso: parsed.map(|d| d.iso()),
        }
    }

    pub fn list(refs: &[crate::content::reference::Reference], lang: &str) -> Vec<Self> {
        refs.iter().map(|r| Self::new(r, lang)).collect()
    }
}
