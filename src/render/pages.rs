//! HTML pages: one function per page type, each building a context and
//! rendering its template.

use serde::Serialize;
use tera::Context;

use super::context::{ArticleSummary, DateView, LinkView, PageCommon, toc_if_useful};
use super::markdown::{TocEntry, render_inline};
use super::urls::{absolute, page_href, root_for};
use super::{Job, Output, PAGE_CHROME_BYTES, Renderer};
use crate::content::Article;
use crate::error::Result;
use crate::typography;

pub fn render_page(r: &Renderer, job: &Job) -> Result<Output> {
    let (path, html) = match job {
        Job::Home => ("".to_string(), home(r)?),
        Job::ArticleList => ("articles/".to_string(), article_list(r)?),
        Job::Article(i) => (r.site.articles[*i].path(), article(r, *i)?),
        Job::Page(i) => (r.site.pages[*i].path.clone(), page(r, *i)?),
        Job::TagIndex => ("tags/".to_string(), tag_index(r)?),
        Job::Tag(slug) => (format!("tags/{slug}/"), tag(r, slug)?),
        Job::Timeline => ("timeline/".to_string(), super::timeline_page::render(r)?),
        Job::Glossary => ("glossary/".to_string(), super::glossary_page::render(r)?),
        Job::NotFound => {
            return Ok(Output {
                path: "404.html".into(),
                bytes: not_found(r)?,
            });
        }
        other => unreachable!("not a page job: {other:?}"),
    };
    Ok(Output {
        path: format!("{path}index.html"),
        bytes: html,
    })
}

fn base_context(common: &PageCommon) -> Context {
    let mut ctx = Context::new();
    ctx.insert("page", common);
    ctx
}

fn summaries<'a>(
    r: &Renderer,
    articles: impl Iterator<Item = &'a Article>,
    root: &str,
) -> Vec<ArticleSummary> {
    articles.map(|a| r.summary(a, root)).collect()
}

fn home(r: &Renderer) -> Result<Vec<u8>> {
    let site = r.site;
    let title = site
        .index
        .as_ref()
        .map_or(site.config.title.as_str(), |p| p.title.as_str());
    let mut common = PageCommon::new(r, "", title, &site.config.description);
    common.has_code = r.index_body.as_ref().is_some_and(|b| b.has_code);
    let mut ctx = base_context(&common);
    ctx.insert(
        "intro_html",
        &r.index_body.as_ref().map(|b| b.html.as_str()).unwrap_or(""),
    );
    ctx.insert("articles", &summaries(r, site.articles.iter(), ""));
    ctx.insert("intro_has_title", &r.intro_has_title());
    ctx.insert("timeline_href", &page_href("", "timeline/"));
    ctx.insert("glossary_href", &page_href("", "glossary/"));
    ctx.insert("term_count", &site.glossary.terms.len());
    ctx.insert("event_count", &site.timeline.events.len());
    r.render_template_bytes("index.html", &ctx, PAGE_CHROME_BYTES)
}

fn article_list(r: &Renderer) -> Result<Vec<u8>> {
    let path = "articles/";
    let common = PageCommon::new(
        r,
        path,
        "Articles",
        "Tous les articles du dossier, du plus récent au plus ancien.",
    );
    let mut ctx = base_context(&common);
    ctx.insert(
        "articles",
        &summaries(r, r.site.articles.iter(), &common.root),
    );
    r.render_template_bytes("articles.html", &ctx, PAGE_CHROME_BYTES)
}

/// Everything the article template shows.
#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    title: String,
    date: Option<DateView>,
    source: Option<SourceView>,
    /// The name to show, the publication when it differs, and the link.
    source_name: Option<String>,
    source_publication: Option<String>,
    source_url: Option<String>,
    authors: Vec<String>,
    translators: Vec<String>,
    dateline: Option<String>,
    lang: String,
    tags: Vec<LinkView>,
    reading_minutes: usize,
    summary_html: Option<String>,
    /// Borrowed: the context copies it once more anyway.
    body_html: &'a str,
    toc: Vec<TocEntry>,
    citation: String,
    jsonld: String,
    og: Vec<MetaProperty>,
    timeline_href: Option<String>,
}

#[derive(Debug, Serialize)]
struct SourceView {
    name: Option<String>,
    publication: Option<String>,
    agency: Option<String>,
    url: Option<String>,
}

/// Words per minute for the reading-time estimate, a common figure for
/// reading French prose on screen.
const WORDS_PER_MINUTE: usize = 200;

fn article(r: &Renderer, i: usize) -> Result<Vec<u8>> {
    let a = &r.site.articles[i];
    let body = &r.bodies[i];
    let path = a.path();
    let summary_plain = a
        .summary
        .as_deref()
        .map(super::markdown::plain_text)
        .unwrap_or_default();
    let mut common = PageCommon::new(r, &path, &a.title, &summary_plain);
    common.lang = a.lang.clone();
    common.has_code = body.has_code;
    let root = common.root.clone();
    let on_timeline = a.date.is_some();
    let view = ArticleView {
        title: typography::apply(&a.title, &a.lang),
        date: a.date.as_ref().map(|d| DateView::new(d, &a.lang)),
        source: a.source.as_ref().map(|s| SourceView {
            name: s.name.clone(),
            publication: s.publication.clone(),
            agency: s.agency.clone(),
            url: s.url.clone(),
        }),
        source_name: a.source_name(),
        source_publication: a.source_publication(),
        source_url: a.source_url(),
        authors: a.authors.clone(),
        translators: a.translators.clone(),
        dateline: a.dateline.clone(),
        lang: a.lang.clone(),
        tags: a
            .tags
            .iter()
            .map(|t| LinkView {
                name: t.name.clone(),
                href: page_href(&root, &format!("tags/{}/", t.slug)),
            })
            .collect(),
        reading_minutes: a.word_count.div_ceil(WORDS_PER_MINUTE).max(1),
        summary_html: a.summary.as_deref().map(|s| render_inline(s, &a.lang)),
        body_html: &body.html,
        toc: toc_if_useful(&body.toc),
        citation: citation(r, a),
        jsonld: news_article_jsonld(r, a),
        og: open_graph(r, a, &summary_plain),
        timeline_href: on_timeline.then(|| {
            format!(
                "{}#{}",
                page_href(&root, "timeline/"),
                super::timeline_page::article_anchor(a)
            )
        }),
    };
    let mut ctx = base_context(&common);
    ctx.insert("article", &view);
    r.render_template_bytes("article.html", &ctx, body.html.len() + PAGE_CHROME_BYTES)
}

/// "Comment citer": author, « title », source (publication), date, then
/// where the dossier republishes it.
fn citation(r: &Renderer, a: &Article) -> String {
    let mut parts = Vec::new();
    if !a.authors.is_empty() {
        parts.push(a.authors.join(", "));
    }
    parts.push(typography::apply(&format!("« {} »", a.title), &a.lang));
    if let Some(s) = &a.source {
        let mut src = s.display_name().unwrap_or("").to_string();
        if let Some(p) = &s.publication
            && Some(p.as_str()) != s.display_name()
        {
            src = if src.is_empty() {
                p.clone()
            } else {
                format!("{src} ({p})")
            };
        }
        if !src.is_empty() {
            parts.push(src);
        }
    }
    if let Some(d) = &a.date {
        parts.push(d.display(&a.lang));
    }
    let mut s = parts.join(", ");
    s.push('.');
    let site = &r.site.config;
    s.push_str(&format!(
        " Repris dans {}",
        typography::apply(&format!("« {} »", site.title), &site.language)
    ));
    if let Some(url) = absolute(site.base_url.as_deref(), &a.path()) {
        s.push_str(&format!(", {url}"));
    }
    s.push('.');
    s
}

/// schema.org `NewsArticle`, as JSON-LD. `</` is escaped so the data can
/// never close its `<script>` element.
fn news_article_jsonld(r: &Renderer, a: &Article) -> String {
    let mut v = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "inLanguage": a.lang,
    });
    if let Some(d) = &a.date {
        v["datePublished"] = d.iso().into();
    }
    if !a.authors.is_empty() {
        v["author"] = a
            .authors
            .iter()
            .map(|n| serde_json::json!({"@type": "Person", "name": n}))
            .collect::<Vec<_>>()
            .into();
    }
    if let Some(s) = &a.source {
        if let Some(name) = s.publication.as_deref().or(s.display_name()) {
            v["publisher"] = serde_json::json!({"@type": "Organization", "name": name});
        }
        if let Some(agency) = &s.agency {
            v["sourceOrganization"] = serde_json::json!({"@type": "Organization", "name": agency});
        }
        if let Some(url) = &s.url {
            v["isBasedOn"] = url.clone().into();
        }
    }
    if let Some(summary) = &a.summary {
        v["description"] = super::markdown::plain_text(summary).into();
    }
    if let Some(url) = absolute(r.site.config.base_url.as_deref(), &a.path()) {
        v["url"] = url.into();
    }
    if !a.tags.is_empty() {
        v["keywords"] = a
            .tags
            .iter()
            .map(|t| t.name.clone())
            .collect::<Vec<_>>()
            .join(", ")
            .into();
    }
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace("</", "<\\/")
}

#[derive(Debug, Serialize)]
struct MetaProperty {
    property: String,
    content: String,
}

fn open_graph(r: &Renderer, a: &Article, description: &str) -> Vec<MetaProperty> {
    let mut og = vec![
        ("og:type".to_string(), "article".to_string()),
        ("og:title".to_string(), a.title.clone()),
        ("og:site_name".to_string(), r.site.config.title.clone()),
        ("og:locale".to_string(), locale(&a.lang)),
    ];
    if !description.is_empty() {
        og.push(("og:description".into(), description.to_string()));
    }
    if let Some(url) = absolute(r.site.config.base_url.as_deref(), &a.path()) {
        og.push(("og:url".into(), url));
    }
    if let Some(d) = &a.date {
        og.push(("article:published_time".into(), d.iso()));
    }
    for t in &a.tags {
        og.push(("article:tag".into(), t.name.clone()));
    }
    og.into_iter()
        .map(|(property, content)| MetaProperty { property, content })
        .collect()
}

fn locale(lang: &str) -> String {
    match lang {
        "fr" => "fr_FR".into(),
        "en" => "en_GB".into(),
        l => l.replace('-', "_"),
    }
}

fn page(r: &Renderer, i: usize) -> Result<Vec<u8>> {
    let p = &r.site.pages[i];
    let body = &r.page_bodies[i];
    let mut common = PageCommon::new(r, &p.path, &p.title, p.description.as_deref().unwrap_or(""));
    common.has_code = body.has_code;
    let mut ctx = base_context(&common);
    ctx.insert("body_html", &body.html);
    ctx.insert("toc", &toc_if_useful(&body.toc));
    r.render_template_bytes("page.html", &ctx, PAGE_CHROME_BYTES)
}

#[derive(Debug, Serialize)]
struct TagView {
    name: String,
    href: String,
    count: usize,
}

fn tag_index(r: &Renderer) -> Result<Vec<u8>> {
    let common = PageCommon::new(
        r,
        "tags/",
        "Thèmes",
        "Les thèmes du dossier et leurs articles.",
    );
    let tags: Vec<TagView> = r
        .tags()
        .iter()
        .map(|(t, arts)| TagView {
            href: page_href(&common.root, &format!("tags/{}/", t.slug)),
            name: t.name.clone(),
            count: arts.len(),
        })
        .collect();
    let mut ctx = base_context(&common);
    ctx.insert("tags", &tags);
    r.render_template_bytes("tags.html", &ctx, PAGE_CHROME_BYTES)
}

fn tag(r: &Renderer, slug: &str) -> Result<Vec<u8>> {
    let path = format!("tags/{slug}/");
    let root = root_for(&path);
    let (tag, articles) = r
        .tags()
        .iter()
        .find(|(t, _)| t.slug == slug)
        .map(|(t, a)| (t.clone(), a.clone()))
        .unwrap_or_else(|| {
            (
                crate::content::Tag {
                    name: slug.to_string(),
                    slug: slug.to_string(),
                },
                Vec::new(),
            )
        });
    let common = PageCommon::new(
        r,
        &path,
        &format!("Thème : {}", tag.name),
        &format!("Les articles du dossier sur le thème « {} ».", tag.name),
    );
    let mut ctx = base_context(&common);
    ctx.insert("tag", &tag);
    ctx.insert("tags_href", &page_href(&root, "tags/"));
    ctx.insert("articles", &summaries(r, articles.into_iter(), &root));
    r.render_template_bytes("tag.html", &ctx, PAGE_CHROME_BYTES)
}

fn not_found(r: &Renderer) -> Result<Vec<u8>> {
    // The 404 page is served at any URL, so relative links only work from
    // the root; with a base URL, links are absolute and work everywhere.
    let mut common = PageCommon::new(r, "", "Page introuvable", "Cette page n’existe pas.");
    if let Some(base) = &r.site.config.base_url {
        common.root = base.clone();
        common.nav = super::context::nav(r.site, base, "404");
    }
    common.canonical = None;
    let mut ctx = base_context(&common);
    ctx.insert("home_href", &page_href(&common.root, ""));
    r.render_template_bytes("404.html", &ctx, PAGE_CHROME_BYTES)
}
