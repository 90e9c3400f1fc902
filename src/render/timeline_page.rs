//! The timeline page: the data file's events and the dated articles, in
//! date order, grouped by year.

use std::collections::HashSet;

use serde::Serialize;
use tera::Context;

use super::context::{DateView, LinkView, PageCommon, ReferenceView};
use super::markdown::{RenderOptions, render_sharing_links};
use super::urls::page_href;
use super::{PAGE_CHROME_BYTES, Renderer};
use crate::content::Article;
use crate::date::PartialDate;
use crate::error::Result;
use crate::typography;

/// The anchor of an article on the timeline page.
pub fn article_anchor(a: &Article) -> String {
    format!("article-{}", a.slug)
}

/// One entry of the timeline, from the data file or from an article.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineItem {
    pub id: String,
    /// `event` for the data file's events, `article` for the dossier's articles.
    pub kind: &'static str,
    pub date: DateView,
    pub end: Option<DateView>,
    pub year: i32,
    pub title: String,
    pub text_html: String,
    pub tags: Vec<String>,
    pub sources: Vec<ReferenceView>,
    pub articles: Vec<LinkView>,
    /// For articles: the link to the article page.
    pub href: Option<String>,
    pub source_name: Option<String>,
}

/// A timeline entry before rendering: an event or an article, with the date
/// that orders it.
pub enum Entry<'a> {
    Event(&'a crate::content::timeline::Event),
    Article(&'a Article),
}

impl Entry<'_> {
    pub fn date(&self) -> PartialDate {
        match self {
            Entry::Event(e) => e.date,
            Entry::Article(a) => a.date.expect("only dated articles are on the timeline"),
        }
    }
}

/// Events and dated articles in date order (events first on equal dates).
pub fn entries<'a>(r: &Renderer<'a>) -> Vec<Entry<'a>> {
    let mut v: Vec<Entry> = r.site.timeline.events.iter().map(Entry::Event).collect();
    let mut dated: Vec<&Article> = r
        .site
        .articles
        .iter()
        .filter(|a| a.date.is_some())
        .collect();
    dated.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.slug.cmp(&b.slug)));
    v.extend(dated.into_iter().map(Entry::Article));
    v.sort_by_key(|e| e.date());
    v
}

/// Every entry as a presentation-ready item. Term links are shared across
/// the page: a term is linked at its first occurrence on the timeline.
pub fn items(r: &Renderer, root: &str) -> Vec<TimelineItem> {
    let lang = r.site.config.language.as_str();
    let mut linked = HashSet::new();
    entries(r)
        .into_iter()
        .map(|e| match e {
            Entry::Event(ev) => {
                let text = render_sharing_links(
                    &ev.text,
                    &RenderOptions {
                        lang,
                        linker: (!r.linker.is_empty()).then_some(&r.linker),
                        root,
                        reserved_ids: &[],
                    },
                    &mut linked,
                );
                TimelineItem {
                    id: ev.id.clone(),
                    kind: "event",
                    date: DateView::new(&ev.date, lang),
                    end: ev.end.as_ref().map(|d| DateView::new(d, lang)),
                    year: ev.date.year,
                    title: typography::apply(&ev.title, lang),
                    text_html: text.html,
                    tags: ev.tags.clone(),
                    sources: ReferenceView::list(&ev.sources, lang),
                    articles: ev
                        .articles
                        .iter()
                        .filter_map(|slug| r.site.article(slug))
                        .map(|a| LinkView {
                            name: typography::apply(&a.title, &a.lang),
                            href: page_href(root, &a.path()),
                        })
                        .collect(),
                    href: None,
                    source_name: None,
                }
            }
            Entry::Article(a) => {
                let d = a.date.expect("dated");
                TimelineItem {
                    id: article_anchor(a),
                    kind: "article",
                    date: DateView::new(&d, &a.lang),
                    end: None,
                    year: d.year,
                    title: typography::apply(&a.title, &a.lang),
                    text_html: a
                        .summary
                        .as_deref()
                        .map(|s| format!("<p>{}</p>", super::markdown::render_inline(s, &a.lang)))
                        .unwrap_or_default(),
                    tags: a.tags.iter().map(|t| t.name.clone()).collect(),
                    sources: Vec::new(),
                    articles: Vec::new(),
                    href: Some(page_href(root, &a.path())),
                    source_name: a.source_name(),
                }
            }
        })
        .collect()
}

/// The timeline's items grouped by year, and every tag they use in French
/// order (for the filter). Shared by the timeline page and its embed view.
pub fn by_year(r: &Renderer, root: &str) -> (Vec<YearGroup>, Vec<String>) {
    let mut years: Vec<YearGroup> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    for item in items(r, root) {
        for t in &item.tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }
        match years.last_mut() {
            Some(g) if g.year == item.year => g.items.push(item),
            _ => years.push(YearGroup {
                year: item.year,
                id: format!("annee-{}", item.year),
                items: vec![item],
            }),
        }
    }
    tags.sort_by(|a, b| crate::collate::french_cmp(a, b));
    (years, tags)
}

#[derive(Debug, Serialize)]
pub struct YearGroup {
    year: i32,
    id: String,
    items: Vec<TimelineItem>,
}

pub fn render(r: &Renderer) -> Result<Vec<u8>> {
    let mut common = PageCommon::new(
        r,
        "timeline/",
        "Chronologie",
        "Les événements du débat sur l’accès légal aux communications chiffrées, et les articles du dossier.",
    );
    common.scripts.push(format!("{}timeline.js", common.root));
    let (years, all_tags) = by_year(r, &common.root);
    let mut ctx = Context::new();
    ctx.insert("page", &common);
    ctx.insert("years", &years);
    ctx.insert("tags", &all_tags);
    ctx.insert("json_href", &format!("{}timeline.json", common.root));
    r.render_template_bytes("timeline.html", &ctx, PAGE_CHROME_BYTES)
}
