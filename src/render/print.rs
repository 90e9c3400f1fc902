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
//!
//! At 10,000 articles the page weighs 95 MB. [`render_to`] writes it as it
//! is rendered, never holding the whole page nor all moved bodies: see
//! [`write_one_page`].

use std::collections::HashMap;
use std::io::Write;

use rayon::prelude::*;
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
        inline: &'a (dyn Fn(&str) -> Option<String> + Sync),
    },
}

/// A section of the one page and the full-site page it comes from.
struct Section {
    id: String,
    /// Prefix of the ids inside the section.
    prefix: String,
}

/// Maps full-site links to the one page.
struct Mapper<'r, 'a> {
    r: &'r Renderer<'a>,
    placement: Placement<'r>,
    /// Page directory → its section on the one page.
    sections: HashMap<String, Section>,
}

impl<'r, 'a> Mapper<'r, 'a> {
    fn new(r: &'r Renderer<'a>, placement: Placement<'r>) -> Self {
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
        super::relink::rewrite(
            html,
            &Rules {
                href: &|h| self.href(origin, h),
                src: &|s| self.src(origin, s),
                id_prefix: Some(self.prefix(origin)),
                new_tab: false,
                demote,
            },
        )
    }

    /// The body of article `i`, moved to the one page.
    fn article_body(&self, i: usize) -> String {
        let a = &self.r.site.articles[i];
        self.html(&a.path(), &self.r.bodies[i].html, 1)
    }

    fn link(&self, origin: &str, href: &str) -> Option<String> {
        match self.href(origin, href) {
            LinkAction::Keep => Some(href.to_string()),
            LinkAction::Set(v) => Some(v),
            LinkAction::Unwrap => None,
        }
    }
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

/// How article bodies reach the template.
#[derive(Clone, Copy)]
enum Bodies<'s> {
    /// Moved and in the context: the whole dossier in memory at once.
    InContext,
    /// A marker each, replaced by the moved body as the page is written.
    Marked(&'s Sentinel),
}

/// The one page's data.
fn one_page(r: &Renderer, m: &Mapper, bodies: Bodies) -> OnePage {
    OnePage {
        intro_has_title: r.intro_has_title(),
        intro_html: r
            .index_body
            .as_ref()
            .map(|b| m.html("", &b.html, 0))
            .unwrap_or_default(),
        articles: articles(r, m, bodies),
        years: years(r, m),
        letters: letters(r, m),
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

fn articles(r: &Renderer, m: &Mapper, bodies: Bodies) -> Vec<tera::Value> {
    (0..r.site.articles.len())
        .into_par_iter()
        .map(|i| {
            let body_html = match bodies {
                Bodies::InContext => m.article_body(i),
                Bodies::Marked(s) if has_body(r, i) => s.marker(i),
                // An empty body stays empty, so a template that tests it
                // decides as it would with the body itself.
                Bodies::Marked(_) => String::new(),
            };
            article_value(r, i, body_html)
        })
        .collect()
}

fn has_body(r: &Renderer, i: usize) -> bool {
    !r.bodies[i].html.is_empty()
}

/// Article `i` as a template value, with its body already moved (or its
/// marker).
fn article_value(r: &Renderer, i: usize, body_html: String) -> tera::Value {
    let a = &r.site.articles[i];
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
        body_html,
    };
    tera::Value::from_serializable(&one)
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
fn context(r: &Renderer, m: &Mapper, bodies: Bodies) -> (PageCommon, Context) {
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
    ctx.insert_value("one", one_page_value(one_page(r, m, bodies)));
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

/// `print/index.html`, in memory (`serve`, the exports). A build writes
/// it to its file with [`render_to`].
pub fn render(r: &Renderer) -> Result<Output> {
    // Room for every body and some markup around each, so the page's
    // buffer is not doubled past its size as it grows.
    let bodies: usize = r
        .bodies
        .iter()
        .chain(&r.page_bodies)
        .map(|b| b.html.len())
        .sum();
    let mut bytes = Vec::with_capacity(bodies + bodies / 8 + (1 << 16));
    render_to(r, &mut bytes)?;
    Ok(Output {
        path: format!("{PRINT_DIR}index.html"),
        bytes,
    })
}

/// Writes `print/index.html` to `out` as it is rendered, never holding
/// the whole page nor every moved article body (95 MB each at 10,000
/// articles): see [`write_one_page`].
pub fn render_to(r: &Renderer, out: &mut dyn Write) -> Result<()> {
    write_one_page(r, Placement::Print, "print.html", &|_, _| {}, out)
}

/// How many article bodies are moved at once, in parallel, while the page
/// is written: enough to keep the cores busy, few enough to stay small.
const BODIES_AT_ONCE: usize = 32;

/// Renders the one page with `template` (`extend` adds to its context)
/// and writes it to `out`.
///
/// The template is rendered once with a marker in place of each article
/// body, a comment no content can hold (it carries a random key drawn for
/// this rendering); then the text between markers and each body, moved
/// to the one page a few dozen at a time in parallel, are written in turn.
/// Bodies never go through the template, so a body that looks like a
/// marker cannot break the page. A template must print each article's
/// `body_html` as it is (`| safe`), once, in order, as `print.html`
/// does; when the rendered markers do not show exactly that (a theme that
/// escapes, filters or skips bodies), the page is rendered again with the
/// bodies in the context, in one piece, so the output is the same either way.
pub fn write_one_page(
    r: &Renderer,
    placement: Placement,
    template: &str,
    extend: &dyn Fn(&PageCommon, &mut Context),
    out: &mut dyn Write,
) -> Result<()> {
    let m = Mapper::new(r, placement);
    write_with_markers(r, &m, template, extend, &Sentinel::new(), out)
}

fn write_with_markers(
    r: &Renderer,
    m: &Mapper,
    template: &str,
    extend: &dyn Fn(&PageCommon, &mut Context),
    sentinel: &Sentinel,
    out: &mut dyn Write,
) -> Result<()> {
    let skeleton = render_page(r, m, template, extend, Bodies::Marked(sentinel))?;
    let expected: Vec<usize> = (0..r.site.articles.len())
        .filter(|&i| has_body(r, i))
        .collect();
    let Some(pieces) = sentinel.split(&skeleton, &expected) else {
        drop(skeleton);
        let page = render_page(r, m, template, extend, Bodies::InContext)?;
        return out.write_all(&page).map_err(write_error);
    };
    out.write_all(pieces[0]).map_err(write_error)?;
    for (chunk, after) in expected
        .chunks(BODIES_AT_ONCE)
        .zip(pieces[1..].chunks(BODIES_AT_ONCE))
    {
        let bodies: Vec<String> = chunk.par_iter().map(|&i| m.article_body(i)).collect();
        for (body, text) in bodies.iter().zip(after) {
            out.write_all(body.as_bytes()).map_err(write_error)?;
            out.write_all(text).map_err(write_error)?;
        }
    }
    Ok(())
}

fn render_page(
    r: &Renderer,
    m: &Mapper,
    template: &str,
    extend: &dyn Fn(&PageCommon, &mut Context),
    bodies: Bodies,
) -> Result<Vec<u8>> {
    let (common, mut ctx) = context(r, m, bodies);
    extend(&common, &mut ctx);
    let mut page = Vec::new();
    r.theme
        .tera
        .render_to(template, &ctx, &mut page)
        .map_err(|e| {
            crate::error::Error::user(super::theme::template_diagnostic(
                &e,
                &r.theme.template_files,
            ))
        })?;
    Ok(page)
}

fn write_error(source: std::io::Error) -> crate::error::Error {
    crate::error::Error::Io {
        context: "cannot write the one-page dossier".into(),
        source,
    }
}

/// The markers that stand for article bodies in the rendered template.
struct Sentinel {
    /// `\n<!--dossier-body-<key>-`: the article's index and `-->\n` follow.
    /// The newlines and `<` make a template that trims or escapes the body
    /// lose the marker, which sends the page to the slow path.
    prefix: String,
}

impl Sentinel {
    const SUFFIX: &'static [u8] = b"-->\n";

    fn new() -> Self {
        Self::with_key(&random_key())
    }

    fn with_key(key: &str) -> Self {
        Sentinel {
            prefix: format!("\n<!--dossier-body-{key}-"),
        }
    }

    fn marker(&self, i: usize) -> String {
        format!("{}{i}-->\n", self.prefix)
    }

    /// The text around the markers of `page`, when it holds exactly the
    /// markers of `expected`, each once, in order: `expected.len() + 1`
    /// pieces.
    fn split<'p>(&self, page: &'p [u8], expected: &[usize]) -> Option<Vec<&'p [u8]>> {
        let mut pieces = Vec::with_capacity(expected.len() + 1);
        let mut want = expected.iter();
        let mut from = 0;
        for at in memchr::memmem::find_iter(page, self.prefix.as_bytes()) {
            if at < from {
                return None;
            }
            let digits = at + self.prefix.len();
            let len = page[digits..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let index: usize = std::str::from_utf8(&page[digits..digits + len])
                .ok()?
                .parse()
                .ok()?;
            if want.next() != Some(&index) || !page[digits + len..].starts_with(Self::SUFFIX) {
                return None;
            }
            pieces.push(&page[from..at]);
            from = digits + len + Self::SUFFIX.len();
        }
        if want.next().is_some() {
            return None;
        }
        pieces.push(&page[from..]);
        Some(pieces)
    }
}

/// 128 random bits, as hex: std's hasher keys come from the system's
/// random source.
fn random_key() -> String {
    use std::hash::{BuildHasher, Hasher};
    let state = std::collections::hash_map::RandomState::new();
    let half = |n: u64| {
        let mut h = state.build_hasher();
        h.write_u64(n);
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::BuildOptions;
    use crate::render::RenderSettings;

    #[test]
    fn markers_split_the_page_in_order() {
        let s = Sentinel::with_key("k");
        let page = format!("a{}b{}c", s.marker(0), s.marker(2));
        let pieces = s.split(page.as_bytes(), &[0, 2]).expect("two markers");
        assert_eq!(pieces, [&b"a"[..], b"b", b"c"]);
        assert_eq!(
            s.split(b"no marker", &[]).expect("none expected"),
            [&b"no marker"[..]]
        );
    }

    #[test]
    fn markers_out_of_place_are_refused() {
        let s = Sentinel::with_key("k");
        let (m0, m1) = (s.marker(0), s.marker(1));
        // Missing, repeated, out of order, one too many.
        assert!(s.split(format!("a{m0}b").as_bytes(), &[0, 1]).is_none());
        assert!(s.split(format!("{m0}{m0}").as_bytes(), &[0, 1]).is_none());
        assert!(s.split(format!("{m1}{m0}").as_bytes(), &[0, 1]).is_none());
        assert!(s.split(format!("{m0}{m1}").as_bytes(), &[0]).is_none());
        // Trimmed or escaped by a template.
        assert!(s.split(m0.trim().as_bytes(), &[0]).is_none());
        let escaped = m0.replace('<', "&lt;");
        assert!(s.split(escaped.as_bytes(), &[0]).is_none());
        // A marker of another key is text.
        let other = Sentinel::with_key("j").marker(0);
        assert!(s.split(other.as_bytes(), &[0]).is_none());
        assert!(s.split(other.as_bytes(), &[]).is_some());
    }

    fn shipped(base_url: Option<&str>) -> (crate::content::Site, super::super::theme::Theme) {
        crate::build::load(&BuildOptions {
            root: env!("CARGO_MANIFEST_DIR").into(),
            output_dir: None,
            base_url: base_url.map(str::to_string),
            drafts: false,
        })
        .expect("the shipped dossier loads")
    }

    /// The page with every body in the context, the way it was rendered
    /// before streaming: what the streamed page must equal.
    fn in_one_piece(r: &Renderer, placement: Placement, template: &str) -> Vec<u8> {
        let m = Mapper::new(r, placement);
        render_page(r, &m, template, &|_, _| {}, Bodies::InContext).expect("renders")
    }

    fn streamed(r: &Renderer, sentinel: &Sentinel, template: &str) -> Vec<u8> {
        let m = Mapper::new(r, Placement::Print);
        let mut out = Vec::new();
        write_with_markers(r, &m, template, &|_, _| {}, sentinel, &mut out).expect("renders");
        out
    }

    #[test]
    fn the_streamed_page_is_the_page_in_one_piece() {
        for base_url in [None, Some("https://example.org/dossier/")] {
            let (site, theme) = shipped(base_url);
            let r = Renderer::new(&site, &theme, RenderSettings::default());
            assert!(r.bodies.len() > 1);
            let mut out = Vec::new();
            render_to(&r, &mut out).expect("renders");
            assert_eq!(out, in_one_piece(&r, Placement::Print, "print.html"));
            let inline = |f: &str| Some(format!("data:,{f}"));
            let mut single = Vec::new();
            write_one_page(
                &r,
                Placement::SingleFile { inline: &inline },
                "print.html",
                &|_, _| {},
                &mut single,
            )
            .expect("renders");
            assert_eq!(
                single,
                in_one_piece(&r, Placement::SingleFile { inline: &inline }, "print.html")
            );
        }
    }

    #[test]
    fn a_body_that_holds_a_marker_is_written_as_it_is() {
        let (site, theme) = shipped(None);
        let mut r = Renderer::new(&site, &theme, RenderSettings::default());
        let sentinel = Sentinel::with_key("0");
        // The very markers of this rendering, in a body, and a body that
        // is nothing but a marker.
        let fake = format!("<p>x</p>{}{}", sentinel.marker(1), sentinel.marker(0));
        r.bodies[0].html.push_str(&fake);
        r.bodies[1].html = sentinel.marker(1);
        let page = streamed(&r, &sentinel, "print.html");
        assert_eq!(page, in_one_piece(&r, Placement::Print, "print.html"));
        let text = String::from_utf8(page).expect("UTF-8");
        assert!(text.contains("<p>x</p>\n<!--dossier-body-0-1-->"), "{text}");
    }

    #[test]
    fn a_template_that_changes_bodies_gets_them_in_its_context() {
        let (site, mut theme) = shipped(None);
        let templates = [
            (
                "escaped.html",
                "{% for a in one.articles %}[{{ a.body_html }}]{% endfor %}",
            ),
            (
                "trimmed.html",
                "{% for a in one.articles %}[{{ a.body_html | trim | safe }}]{% endfor %}",
            ),
            (
                "sized.html",
                "{% for a in one.articles %}{{ a.body_html | length }} {% endfor %}",
            ),
            (
                "twice.html",
                "{% for a in one.articles %}{{ a.body_html | safe }}{{ a.body_html | safe }}{% endfor %}",
            ),
            ("none.html", "{{ one.articles | length }}"),
        ];
        for (name, text) in templates {
            theme
                .tera
                .add_raw_template(name, text)
                .expect("a valid template");
        }
        let r = Renderer::new(&site, &theme, RenderSettings::default());
        for (name, _) in templates {
            let page = streamed(&r, &Sentinel::new(), name);
            assert_eq!(page, in_one_piece(&r, Placement::Print, name), "{name}");
            assert!(!String::from_utf8_lossy(&page).contains("dossier-body-"));
        }
    }
}
