//! The whole dossier on one page: the print view (`print/`) and, with its
//! styles and images inlined, the single-file export.
//!
//! The page is built from the rendered model (article bodies, timeline
//! items, glossary entries), each piece rendered for its own page of the
//! full site and then moved here by [`super::relink`]: its ids get the
//! prefix of its section, so the heading ids of two articles never clash,
//! and links to a page of the dossier become links to that page's section:
//!
//! | full site | on the one page |
//! | --- | --- |
//! | home page | `#accueil` |
//! | `articles/<slug>/`, `#<id>` in it | `#article-<slug>`, `#article-<slug>--<id>` |
//! | `timeline/`, `#<id>` in it | `#chronologie`, `#chronologie-<id>` |
//! | `glossary/`, `#<term>` in it | `#glossaire`, `#glossaire-<term>` |
//! | a plain page, `#<id>` in it | `#page-<slug>`, `#page-<slug>--<id>` |
//!
//! Links to other files (tag pages, JSON exports) point to the built site
//! from the print page; the single file, which has no site beside it,
//! links to the published site when `base_url` is set, else keeps only the
//! link text.

use std::collections::HashMap;

use serde::Serialize;
use tera::Context;

use super::context::{DateView, PageCommon};
use super::glossary_page::TermView;
use super::relink::{LinkAction, Rules, Target, relative, resolve};
use super::timeline_page::TimelineItem;
use super::{Output, Renderer};
use crate::error::Result;
use crate::typography;

/// Where the print view lives.
pub const PRINT_DIR: &str = "print/";

/// Where the one page goes, which decides what links to other files become.
pub enum Placement<'a> {
    /// `print/index.html` in the built site.
    Print,
    /// A file of its own. `inline` turns a site file (`img/x.png`) into a
    /// `data:` URI, when the file exists.
    SingleFile {
        inline: &'a dyn Fn(&str) -> Option<String>,
    },
}

/// A section of the one page and the full-site page it comes from.
struct Section {
    id: String,
    /// Prefix of the ids inside the section.
    prefix: String,
}

/// Maps full-site links to the one page.
struct Mapper<'a> {
    r: &'a Renderer<'a>,
    placement: Placement<'a>,
    /// Page directory → its section on the one page.
    sections: HashMap<String, Section>,
}

impl<'a> Mapper<'a> {
    fn new(r: &'a Renderer<'a>, placement: Placement<'a>) -> Self {
        let mut sections = HashMap::new();
        let mut add = |dir: String, id: String, prefix: String| {
            sections.insert(dir, Section { id, prefix });
        };
        add("".into(), "accueil".into(), "accueil--".into());
        add("articles/".into(), "articles".into(), "articles--".into());
        add(
            "timeline/".into(),
            "chronologie".into(),
            "chronologie-".into(),
        );
        add("glossary/".into(), "glossaire".into(), "glossaire-".into());
        add(PRINT_DIR.into(), "accueil".into(), "accueil--".into());
        for a in &r.site.articles {
            let id = format!("article-{}", a.slug);
            add(a.path(), id.clone(), format!("{id}--"));
        }
        for p in &r.site.pages {
            let id = format!("page-{}", p.slug);
            add(p.path.clone(), id.clone(), format!("{id}--"));
        }
        Mapper {
            r,
            placement,
            sections,
        }
    }

    fn prefix(&self, dir: &str) -> &str {
        self.sections.get(dir).map_or("", |s| s.prefix.as_str())
    }

    /// The in-page anchor for page `dir` and a fragment in it.
    fn anchor(&self, dir: &str, fragment: Option<&str>) -> Option<String> {
        let s = self.sections.get(dir)?;
        // `#top` means the top of the page in HTML: the section's start.
        Some(match fragment.filter(|f| !f.is_empty() && *f != "top") {
            Some(f) => format!("#{}{f}", s.prefix),
            None => format!("#{}", s.id),
        })
    }

    /// A link found on page `origin`.
    fn href(&self, origin: &str, href: &str) -> LinkAction {
        let target = resolve(origin, href);
        match &target {
            Target::Fragment(f) => self
                .anchor(origin, Some(f))
                .map_or(LinkAction::Keep, LinkAction::Set),
            Target::Internal { file, fragment } => {
                if let Some(a) = target
                    .page_dir()
                    .and_then(|d| self.anchor(d, fragment.as_deref()))
                {
                    return LinkAction::Set(a);
                }
                match self.placement {
                    Placement::Print => {
                        LinkAction::Set(relative(PRINT_DIR, file, fragment.as_deref()))
                    }
                    Placement::SingleFile { .. } => {
                        let base = self.r.site.config.base_url.as_deref();
                        match super::urls::absolute(base, file) {
                            Some(mut url) => {
                                if let Some(f) = fragment {
                                    url.push('#');
                                    url.push_str(f);
                                }
                                LinkAction::Set(url)
                            }
                            None => LinkAction::Unwrap,
                        }
                    }
                }
            }
            Target::External => LinkAction::Keep,
        }
    }

    /// An image or other source found on page `origin`.
    fn src(&self, origin: &str, src: &str) -> Option<String> {
        let Target::Internal { file, .. } = resolve(origin, src) else {
            return None;
        };
        match &self.placement {
            Placement::Print => Some(relative(PRINT_DIR, &file, None)),
            Placement::SingleFile { inline } => inline(&file)
                .or_else(|| super::urls::absolute(self.r.site.config.base_url.as_deref(), &file)),
        }
    }

    /// HTML rendered for page `origin`, moved to the one page. Headings go
    /// down `demote` levels, under the section's own heading.
    fn html(&self, origin: &str, html: &str, demote: u8) -> String {
        let moved = super::relink::rewrite(
            html,
            &Rules {
                href: &|h| self.href(origin, h),
                src: &|s| self.src(origin, s),
                id_prefix: Some(self.prefix(origin)),
                new_tab: false,
            },
        );
        demote_headings(&moved, demote)
    }

    fn link(&self, origin: &str, href: &str) -> Option<String> {
        match self.href(origin, href) {
            LinkAction::Keep => Some(href.to_string()),
            LinkAction::Set(v) => Some(v),
            LinkAction::Unwrap => None,
        }
    }
}

/// `<h2>` → `<h3>` and so on, at most `<h6>`.
fn demote_headings(html: &str, by: u8) -> String {
    if by == 0 {
        return html.to_string();
    }
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(
        lol_html::element!("h1, h2, h3, h4, h5, h6", |el| {
            let level: u8 = el.tag_name()[1..].parse().unwrap_or(6);
            let _ = el.set_tag_name(&format!("h{}", (level + by).min(6)));
            Ok(())
        }),
    );
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

/// A link that may have been dropped (its target is not in the file).
#[derive(Debug, Serialize)]
struct MaybeLink {
    name: String,
    href: Option<String>,
}

#[derive(Debug, Serialize)]
struct OneArticle {
    id: String,
    title: String,
    lang: String,
    date: Option<DateView>,
    source: Option<String>,
    publication: Option<String>,
    source_url: Option<String>,
    authors: Vec<String>,
    translators: Vec<String>,
    dateline: Option<String>,
    tags: Vec<String>,
    summary_html: Option<String>,
    body_html: String,
}

#[derive(Debug, Serialize)]
struct OneYear {
    year: i32,
    id: String,
    items: Vec<OneItem>,
}

#[derive(Debug, Serialize)]
struct OneItem {
    #[serde(flatten)]
    item: TimelineItem,
    /// The item's `articles`, with links that may have been dropped.
    article_links: Vec<MaybeLink>,
}

#[derive(Debug, Serialize)]
struct OneLetter {
    letter: char,
    id: String,
    terms: Vec<OneTerm>,
}

#[derive(Debug, Serialize)]
struct OneTerm {
    #[serde(flatten)]
    term: TermView,
    /// The term's `see_also` and `backlinks`, with links that may have
    /// been dropped.
    see_also_links: Vec<MaybeLink>,
    backlink_links: Vec<MaybeLink>,
}

#[derive(Debug, Serialize)]
struct OnePageSection {
    id: String,
    title: String,
    body_html: String,
}

/// Everything the one page shows.
#[derive(Debug, Serialize)]
pub struct OnePage {
    intro_html: String,
    /// Whether the introduction has its own `<h1>`.
    intro_has_title: bool,
    /// Each [`OneArticle`] already converted to a template value, one at a
    /// time: the articles hold the whole dossier (95 MB of HTML at 10,000
    /// articles), and a second full copy of them, in Rust structs then in
    /// template values, was the memory peak of a build.
    #[serde(skip)]
    articles: Vec<tera::Value>,
    years: Vec<OneYear>,
    letters: Vec<OneLetter>,
    pages: Vec<OnePageSection>,
    /// Where the dossier is published, printed on the cover.
    site_url: Option<String>,
}

/// The one page's data, for `placement`.
pub fn one_page(r: &Renderer, placement: Placement) -> OnePage {
    let m = Mapper::new(r, placement);
    OnePage {
        intro_has_title: r.intro_has_title(),
        intro_html: r
            .index_body
            .as_ref()
            .map(|b| m.html("", &b.html, 0))
            .unwrap_or_default(),
        articles: articles(r, &m),
        years: years(r, &m),
        letters: letters(r, &m),
        pages: r
            .site
            .pages
            .iter()
            .zip(&r.page_bodies)
            .map(|(p, b)| OnePageSection {
                id: format!("page-{}", p.slug),
                title: typography::apply(&p.title, &r.site.config.language),
                body_html: m.html(&p.path, &b.html, 1),
            })
            .collect(),
        site_url: r.site.config.base_url.clone(),
    }
}

fn articles(r: &Renderer, m: &Mapper) -> Vec<tera::Value> {
    r.site
        .articles
        .iter()
        .zip(&r.bodies)
        .map(|(a, body)| {
            let path = a.path();
            let one = OneArticle {
                id: format!("article-{}", a.slug),
                title: typography::apply(&a.title, &a.lang),
                lang: a.lang.clone(),
                date: a.date.as_ref().map(|d| DateView::new(d, &a.lang)),
                source: a.source_name(),
                publication: a.source_publication(),
                source_url: a.source_url(),
                authors: a.authors.clone(),
                translators: a.translators.clone(),
                dateline: a.dateline.clone(),
                tags: a.tags.iter().map(|t| t.name.clone()).collect(),
                summary_html: a
                    .summary
                    .as_deref()
                    .map(|s| super::markdown::render_inline(s, &a.lang)),
                body_html: m.html(&path, &body.html, 1),
            };
            tera::Value::from_serializable(&one)
        })
        .collect()
}

fn years(r: &Renderer, m: &Mapper) -> Vec<OneYear> {
    let origin = "timeline/";
    let root = super::urls::root_for(origin);
    let mut years: Vec<OneYear> = Vec::new();
    for mut item in super::timeline_page::items(r, &root) {
        item.id = format!("{}{}", m.prefix(origin), item.id);
        item.text_html = m.html(origin, &item.text_html, 0);
        item.href = item.href.as_deref().and_then(|h| m.link(origin, h));
        let articles = std::mem::take(&mut item.articles)
            .into_iter()
            .map(|l| MaybeLink {
                href: m.link(origin, &l.href),
                name: l.name,
            })
            .collect();
        let year = item.year;
        let one = OneItem {
            item,
            article_links: articles,
        };
        match years.last_mut() {
            Some(g) if g.year == year => g.items.push(one),
            _ => years.push(OneYear {
                year,
                id: format!("{}annee-{year}", m.prefix(origin)),
                items: vec![one],
            }),
        }
    }
    years
}

fn letters(r: &Renderer, m: &Mapper) -> Vec<OneLetter> {
    let origin = "glossary/";
    let root = super::urls::root_for(origin);
    let mut letters: Vec<OneLetter> = Vec::new();
    for mut t in super::glossary_page::term_views(r, &root) {
        t.definition_html = m.html(origin, &t.definition_html, 0);
        let links = |v: Vec<super::context::LinkView>| -> Vec<MaybeLink> {
            v.into_iter()
                .map(|l| MaybeLink {
                    href: m.link(origin, &l.href),
                    name: l.name,
                })
                .collect()
        };
        let see_also = links(std::mem::take(&mut t.see_also));
        let backlinks = links(std::mem::take(&mut t.backlinks));
        t.id = format!("{}{}", m.prefix(origin), t.id);
        let letter = crate::collate::index_letter(&t.term);
        let one = OneTerm {
            term: t,
            see_also_links: see_also,
            backlink_links: backlinks,
        };
        match letters.last_mut() {
            Some(g) if g.letter == letter => g.terms.push(one),
            _ => letters.push(OneLetter {
                letter,
                id: format!("{}lettre-{}", m.prefix(origin), letter.to_ascii_lowercase()),
                terms: vec![one],
            }),
        }
    }
    letters
}

/// The context of `print.html` (and of `single.html`, which extends it).
pub fn context(r: &Renderer, placement: Placement) -> (PageCommon, Context) {
    let mut common = PageCommon::new(
        r,
        PRINT_DIR,
        "Version imprimable",
        &r.site.config.description,
    );
    common.embed = None;
    common.has_code = r.bodies.iter().chain(&r.page_bodies).any(|b| b.has_code)
        || r.index_body.as_ref().is_some_and(|b| b.has_code);
    let mut ctx = Context::new();
    ctx.insert("page", &common);
    ctx.insert_value("one", one_page_value(one_page(r, placement)));
    (common, ctx)
}

/// The template value of the one page. Template values share their
/// contents (`Arc`), so the converted articles move in without a copy.
fn one_page_value(mut one: OnePage) -> tera::Value {
    let articles = std::mem::take(&mut one.articles);
    let mut map = tera::Value::from_serializable(&one)
        .into_map()
        .expect("a struct is a map");
    map.insert("articles".into(), tera::Value::from(articles));
    tera::Value::from(map)
}

/// `print/index.html`.
pub fn render(r: &Renderer) -> Result<Output> {
    let (_, ctx) = context(r, Placement::Print);
    // Room for every body and some markup around each, so the page's
    // buffer is not doubled past its size as it grows.
    let bodies: usize = r
        .bodies
        .iter()
        .chain(&r.page_bodies)
        .map(|b| b.html.len())
        .sum();
    let mut bytes = Vec::with_capacity(bodies + bodies / 8 + (1 << 16));
    r.theme
        .tera
        .render_to("print.html", &ctx, &mut bytes)
        .map_err(|e| {
            crate::error::Error::user(super::theme::template_diagnostic(
                &e,
                &r.theme.template_files,
            ))
        })?;
    Ok(Output {
        path: format!("{PRINT_DIR}index.html"),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_go_down_and_stop_at_h6() {
        assert_eq!(
            demote_headings("<h2 id=\"a\">A</h2><h6>B</h6>", 1),
            "<h3 id=\"a\">A</h3><h6>B</h6>"
        );
    }
}
