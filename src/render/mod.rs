//! Rendering: a pure function from the [`Site`] model to output files.
//!
//! Rendering happens in two passes. First every article body is turned into
//! HTML in parallel (the glossary page needs to know which articles use
//! which terms). Then each output is a [`Job`], rendered independently, in
//! parallel, into an [`Output`]. Nothing here touches the disk but the
//! theme's static files, which are read to be copied.

pub mod context;
pub mod embed;
pub mod feeds;
pub mod glossary_page;
pub mod highlight;
pub mod markdown;
pub mod pages;
pub mod print;
pub mod relink;
pub mod terms;
pub mod theme;
pub mod timeline_page;
pub mod urls;

use std::path::PathBuf;

use rayon::prelude::*;

use crate::content::{Article, Page, Site};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use markdown::{RenderOptions, Rendered};
use terms::TermLinker;
use theme::Theme;

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Path inside the output directory, with `/` separators.
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One unit of rendering work.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Job {
    Home,
    ArticleList,
    Article(usize),
    Page(usize),
    TagIndex,
    Tag(String),
    Timeline,
    Glossary,
    NotFound,
    Atom,
    Sitemap,
    Robots,
    TimelineJson,
    GlossaryJson,
    HighlightCss,
    /// `search/index.html`.
    SearchPage,
    /// One file of the search index (`search/manifest.js`, a shard…).
    SearchIndex(String),
    Static(String),
    /// `embed/timeline/`, `embed/glossary/`, `embed/articles/<slug>/`.
    EmbedTimeline,
    EmbedGlossary,
    EmbedArticle(usize),
    /// `print/`: the whole dossier on one page.
    Print,
}

impl Job {
    /// How long the job takes, roughly, for ordering: outputs that gather
    /// the whole site (the print view, the timeline, the lists of every
    /// article) take 0.1 to 0.4 s each at 10,000 articles, a hundred
    /// times an article page.
    fn weight(&self) -> u8 {
        match self {
            Job::Print => 3,
            Job::Home
            | Job::ArticleList
            | Job::Timeline
            | Job::TimelineJson
            | Job::EmbedTimeline => 2,
            Job::Atom | Job::Sitemap | Job::TagIndex => 1,
            _ => 0,
        }
    }
}

/// Room for what a page template adds around its content (head, header,
/// navigation, footer): an article page is its body and about 8 KB.
pub const PAGE_CHROME_BYTES: usize = 8 * 1024;

/// The most jobs one core renders before the rest of the list can be
/// shared again: a few milliseconds of work.
const JOBS_PER_TASK: usize = 16;

/// Options that change what is rendered.
#[derive(Debug, Clone, Default)]
pub struct RenderSettings {
    /// Whether the live-reload script is added (preview only).
    pub live_reload: bool,
    /// Rendering for a SCORM package: pages load the SCORM runtime, and
    /// the embed views are left out.
    pub scorm: bool,
}

/// A site ready to render: the model, the theme and the article bodies.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    pub linker: TermLinker,
    /// Rendered body of each article, same order as `site.articles`.
    pub bodies: Vec<Rendered>,
    /// Rendered body of each page, same order as `site.pages`.
    pub page_bodies: Vec<Rendered>,
    pub index_body: Option<Rendered>,
    /// Glossary terms used by each timeline event (for backlinks).
    pub event_terms: Vec<Vec<String>>,
    pub settings: RenderSettings,
    /// The search index files, built on first use (see `crate::search`).
    pub search_files: std::sync::OnceLock<crate::search::SearchFiles>,
    /// The articles' texts, moved out of `bodies`: only search reads them.
    pub search_texts: crate::search::Texts,
    /// Each article's [`context::ArticleCard`], in site order, built on
    /// first use.
    cards: std::sync::OnceLock<Vec<context::ArticleCard>>,
    /// Where each slug is in `site.articles`, built on first use.
    slugs: std::sync::OnceLock<std::collections::HashMap<String, usize>>,
    /// [`Site::tags`], built on first use.
    tags: std::sync::OnceLock<Vec<(crate::content::Tag, Vec<&'a Article>)>>,
}

/// The Markdown bodies of a site, rendered. Building them is most of a
/// build's work, so `serve` keeps them between builds and re-renders only
/// the ones a change touches.
#[derive(Debug, Clone, Default)]
pub struct Bodies {
    pub linker: TermLinker,
    /// Same order as `site.articles`.
    pub articles: Vec<Rendered>,
    /// Same order as `site.pages`.
    pub pages: Vec<Rendered>,
    pub index: Option<Rendered>,
    /// Glossary terms used by each timeline event (for backlinks).
    pub event_terms: Vec<Vec<String>>,
}

impl Bodies {
    /// Renders every body of the site, in parallel.
    pub fn render(site: &Site) -> Self {
        let linker = TermLinker::new(&site.glossary);
        let articles = site
            .articles
            .par_iter()
            .map(|a| Self::article(a, &linker))
            .collect();
        Self::with_articles(site, linker, articles)
    }

    /// Renders every body of the site, in parallel, taking each article's
    /// Markdown source out of the site as it goes: a build needs the source
    /// no more once its body is rendered (its text is in
    /// [`Rendered::text`]), and not holding both at once is 95 MB less at
    /// 10,000 articles. `serve` keeps the sources, to re-render on change.
    pub fn render_taking(site: &mut Site) -> Self {
        let linker = TermLinker::new(&site.glossary);
        let articles = site
            .articles
            .par_iter_mut()
            .map(|a| {
                let md = std::mem::take(&mut a.body);
                Self::article_from(a, &md, &linker)
            })
            .collect();
        Self::with_articles(site, linker, articles)
    }

    /// The article bodies given, and the others rendered.
    fn with_articles(site: &Site, linker: TermLinker, articles: Vec<Rendered>) -> Self {
        let pages = site.pages.par_iter().map(|p| Self::page(site, p)).collect();
        let index = site.index.as_ref().map(|p| Self::index(site, p));
        let event_terms = Self::event_terms(site, &linker);
        Bodies {
            linker,
            articles,
            pages,
            index,
            event_terms,
        }
    }

    pub fn article(a: &Article, linker: &TermLinker) -> Rendered {
        Self::article_from(a, &a.body, linker)
    }

    /// Article `a` with body `md`. Its text, for search, is its summary's,
    /// then its body's.
    fn article_from(a: &Article, md: &str, linker: &TermLinker) -> Rendered {
        let mut r = render_body(md, &a.lang, &urls::root_for(&a.path()), Some(linker));
        if let Some(summary) = a.summary.as_deref().map(markdown::plain_text)
            && !summary.is_empty()
        {
            r.text = if r.text.is_empty() {
                summary
            } else {
                [summary.as_str(), r.text.as_str()].join("\n")
            };
        }
        r
    }

    /// Pages are not linked to the glossary.
    pub fn page(site: &Site, p: &Page) -> Rendered {
        render_body(
            &p.body,
            &site.config.language,
            &urls::root_for(&p.path),
            None,
        )
    }

    /// The home page introduction (`content/_index.md`), not linked either.
    pub fn index(site: &Site, p: &Page) -> Rendered {
        render_body(&p.body, &site.config.language, "", None)
    }

    pub fn event_terms(site: &Site, linker: &TermLinker) -> Vec<Vec<String>> {
        site.timeline
            .events
            .iter()
            .map(|e| render_body(&e.text, &site.config.language, "", Some(linker)).terms)
            .collect()
    }
}

impl<'a> Renderer<'a> {
    /// Renders every Markdown body, in parallel.
    pub fn new(site: &'a Site, theme: &'a Theme, settings: RenderSettings) -> Self {
        Self::with_bodies(site, theme, settings, Bodies::render(site))
    }

    /// A renderer over bodies rendered earlier (by `serve`, which keeps them
    /// between builds). They must match `site`, in its order.
    pub fn with_bodies(
        site: &'a Site,
        theme: &'a Theme,
        settings: RenderSettings,
        mut bodies: Bodies,
    ) -> Self {
        let texts = bodies
            .articles
            .iter_mut()
            .map(|b| std::mem::take(&mut b.text))
            .collect();
        Renderer {
            site,
            theme,
            search_texts: crate::search::Texts::new(texts),
            linker: bodies.linker,
            bodies: bodies.articles,
            page_bodies: bodies.pages,
            index_body: bodies.index,
            event_terms: bodies.event_terms,
            settings,
            search_files: std::sync::OnceLock::new(),
            cards: std::sync::OnceLock::new(),
            slugs: std::sync::OnceLock::new(),
            tags: std::sync::OnceLock::new(),
        }
    }

    /// Gives the bodies back, to keep them for the next build.
    pub fn into_bodies(self) -> Bodies {
        let mut articles = self.bodies;
        if let Some(texts) = self.search_texts.into_inner() {
            for (body, text) in articles.iter_mut().zip(texts) {
                body.text = text;
            }
        }
        Bodies {
            linker: self.linker,
            articles,
            pages: self.page_bodies,
            index: self.index_body,
            event_terms: self.event_terms,
        }
    }

    /// An article as lists show it, for a page at `root`.
    pub fn summary(&self, a: &Article, root: &str) -> context::ArticleSummary {
        let cards = self.cards.get_or_init(|| {
            self.site
                .articles
                .par_iter()
                .map(context::ArticleCard::of)
                .collect()
        });
        match self.article_index(&a.slug) {
            Some(i) => context::summary_from_card(a, &cards[i], root),
            None => context::article_summary(a, root),
        }
    }

    /// Where the article with this slug is in `site.articles`: what
    /// `Site::article` finds, without its linear search, which every
    /// article page and embed view makes (quadratic in the number of
    /// articles: 6 % of a build at 10,000).
    pub fn article_index(&self, slug: &str) -> Option<usize> {
        self.slugs
            .get_or_init(|| {
                let mut index = std::collections::HashMap::new();
                for (i, a) in self.site.articles.iter().enumerate() {
                    // The first of equal slugs, as `Site::article` finds it.
                    index.entry(a.slug.clone()).or_insert(i);
                }
                index
            })
            .get(slug)
            .copied()
    }

    /// Every tag with its articles, as [`Site::tags`] lists them: made once
    /// per render rather than by each tag page (quadratic: 2.5 % of a build
    /// at 10,000 articles).
    pub fn tags(&self) -> &[(crate::content::Tag, Vec<&'a Article>)] {
        self.tags.get_or_init(|| self.site.tags())
    }

    /// Whether the home introduction has its own `<h1>`; pages need exactly
    /// one, so templates print the dossier's title only when it has none.
    pub fn intro_has_title(&self) -> bool {
        self.index_body
            .as_ref()
            .is_some_and(|b| b.toc.iter().any(|h| h.level == 1))
    }

    /// Every output of the site.
    pub fn jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = self.jobs_but_search();
        jobs.extend(self.search_jobs()?);
        Ok(jobs)
    }

    /// Every output but the search page and index, which can only be
    /// listed once the index is built.
    fn jobs_but_search(&self) -> Vec<Job> {
        let mut jobs = vec![Job::Home, Job::ArticleList];
        jobs.extend((0..self.site.articles.len()).map(Job::Article));
        jobs.extend((0..self.site.pages.len()).map(Job::Page));
        jobs.push(Job::TagIndex);
        jobs.extend(self.tags().iter().map(|(t, _)| Job::Tag(t.slug.clone())));
        jobs.extend([
            Job::Timeline,
            Job::Glossary,
            Job::NotFound,
            Job::Robots,
            Job::TimelineJson,
            Job::GlossaryJson,
            Job::HighlightCss,
        ]);
        if self.site.config.base_url.is_some() {
            jobs.extend([Job::Atom, Job::Sitemap]);
        }
        jobs.extend(embed::jobs(self));
        jobs.push(Job::Print);
        jobs.extend(
            self.theme
                .static_files
                .keys()
                .filter(|p| self.settings.scorm || !crate::export::scorm::is_runtime(p))
                .cloned()
                .map(Job::Static),
        );
        jobs
    }

    /// The search page and the files of the index (builds the index).
    fn search_jobs(&self) -> Result<Vec<Job>> {
        let mut jobs = vec![Job::SearchPage];
        jobs.extend(
            crate::search::file_paths(self)?
                .into_iter()
                .map(Job::SearchIndex),
        );
        Ok(jobs)
    }

    /// Renders one job.
    pub fn render(&self, job: &Job) -> Result<Output> {
        match job {
            Job::Static(path) => {
                let src = self.site.root.join(&self.theme.static_files[path]);
                let bytes = std::fs::read(&src).map_err(|e| {
                    Error::user(Diagnostic::new(
                        &self.theme.static_files[path],
                        format!("cannot read: {e}"),
                    ))
                })?;
                Ok(Output {
                    path: path.clone(),
                    bytes,
                })
            }
            Job::HighlightCss => Ok(Output {
                path: "highlight.css".into(),
                bytes: highlight::stylesheet().into_bytes(),
            }),
            Job::Atom => feeds::atom(self),
            Job::Sitemap => feeds::sitemap(self),
            Job::Robots => Ok(feeds::robots(self.site)),
            Job::TimelineJson => feeds::timeline_json(self),
            Job::GlossaryJson => feeds::glossary_json(self),
            Job::SearchPage => crate::search::render_page(self),
            Job::SearchIndex(path) => crate::search::render_file(self, path),
            Job::EmbedTimeline | Job::EmbedGlossary | Job::EmbedArticle(_) => {
                embed::render(self, job)
            }
            Job::Print => print::render(self),
            _ => pages::render_page(self, job),
        }
    }

    /// Renders every job in parallel, collecting every error.
    pub fn render_all(&self) -> Result<Vec<Output>> {
        let outputs = self.render_jobs(&self.jobs()?)?;
        let paths: Vec<String> = outputs.iter().map(|o| o.path.clone()).collect();
        check_unique_paths(&paths, self)?;
        Ok(outputs)
    }

    /// Renders the given jobs in parallel, in their order, collecting every
    /// error (`serve` renders only the jobs a change affects).
    pub fn render_jobs(&self, jobs: &[Job]) -> Result<Vec<Output>> {
        let results: Vec<Result<Output>> = jobs.par_iter().map(|j| self.render(j)).collect();
        let mut diags = Diagnostics::default();
        let mut outputs = Vec::with_capacity(results.len());
        for r in results {
            if let Some(o) = diags.take(r)? {
                outputs.push(o);
            }
        }
        diags.into_result()?;
        Ok(outputs)
    }

    /// Renders every job in parallel and hands each output to `sink` as
    /// soon as it is ready, so a build never holds the whole site in memory
    /// (at 10,000 articles the pages weigh hundreds of megabytes). Collects
    /// every error; returns the paths written, sorted. The renderer is
    /// used up: the articles' texts are let go as soon as the search files
    /// are written, before the last pages are.
    pub fn render_each(self, sink: &dyn crate::output::Sink) -> Result<Vec<String>> {
        // Heaviest first: started last, a job that gathers the whole site
        // would leave the other core idle at the end of the build.
        let mut page_jobs = self.jobs_but_search();
        page_jobs.sort_by_key(|j| std::cmp::Reverse(j.weight()));
        // The search index is built alongside the pages rather than before
        // them: building it has serial steps, which the other core fills
        // with pages.
        let (pages, search) = rayon::join(
            || self.render_into(&page_jobs, sink),
            || {
                let done = match self.search_jobs() {
                    Ok(jobs) => self.render_into(&jobs, sink),
                    Err(e) => vec![Err(e)],
                };
                self.search_texts.release();
                done
            },
        );
        let mut diags = Diagnostics::default();
        let mut paths = Vec::new();
        for r in pages.into_iter().chain(search) {
            if let Some(p) = diags.take(r)? {
                paths.push(p);
            }
        }
        diags.into_result()?;
        check_unique_paths(&paths, &self)?;
        paths.sort_unstable();
        Ok(paths)
    }

    /// Renders jobs in parallel into `sink`, returning each job's path or
    /// error, in the jobs' order.
    fn render_into(&self, jobs: &[Job], sink: &dyn crate::output::Sink) -> Vec<Result<String>> {
        jobs.par_iter()
            // Left to itself, rayon cuts the list into a few long runs that
            // each core works through alone; the last one kept one core
            // busy and the other idle for 0.7 s at 10,000 articles.
            .with_max_len(JOBS_PER_TASK)
            .map(|j| {
                if let Some(path) = streamed_path(j) {
                    sink.write_streamed(&path, &mut |w| self.render_to(j, w))?;
                    return Ok(path);
                }
                let o = self.render(j)?;
                let path = o.path.clone();
                sink.write(o)?;
                Ok(path)
            })
            .collect()
    }

    /// Renders a job whose output [`streamed_path`] names, piece by piece.
    fn render_to(&self, job: &Job, w: &mut dyn std::io::Write) -> Result<()> {
        match job {
            Job::Print => print::render_to(self, w),
            _ => {
                let o = self.render(job)?;
                w.write_all(&o.bytes)
                    .map_err(|e| Error::io("cannot write", std::path::Path::new(&o.path), e))
            }
        }
    }

    /// Renders a template with a context, mapping errors to the template file.
    pub fn render_template(&self, name: &str, ctx: &tera::Context) -> Result<String> {
        self.theme
            .tera
            .render(name, ctx)
            .map_err(|e| self.template_error(&e))
    }

    /// [`Self::render_template`] as the bytes of an output file, in a buffer
    /// made for `size_hint` bytes. Tera's `render` checks that the whole
    /// page is UTF-8 (what a template makes of strings is), 3.5 % of a
    /// build at 10,000 articles, and grows its buffer from 2 KB.
    pub fn render_template_bytes(
        &self,
        name: &str,
        ctx: &tera::Context,
        size_hint: usize,
    ) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(size_hint);
        self.theme
            .tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| self.template_error(&e))?;
        Ok(out)
    }

    fn template_error(&self, e: &tera::Error) -> Error {
        Error::user(theme::template_diagnostic(e, &self.theme.template_files))
    }
}

/// Where a job's output goes when it is large enough to be written piece
/// by piece rather than held whole: the print view, the whole dossier on
/// one page (95 MB at 10,000 articles).
fn streamed_path(job: &Job) -> Option<String> {
    matches!(job, Job::Print).then(|| format!("{}index.html", print::PRINT_DIR))
}

/// Renders one Markdown body. Glossary terms are linked in article bodies
/// and timeline texts only (`linker`), as the dossier's readers expect:
/// the home page and plain pages speak about the dossier, not the subject.
fn render_body(md: &str, lang: &str, root: &str, linker: Option<&TermLinker>) -> Rendered {
    markdown::render(
        md,
        &RenderOptions {
            lang,
            linker: linker.filter(|l| !l.is_empty()),
            root,
            reserved_ids: context::RESERVED_IDS,
        },
    )
}

/// A page whose URL is taken by a generated page (a page titled
/// "Glossaire" with `slug: glossary`) would be silently overwritten.
fn check_unique_paths(paths: &[String], r: &Renderer) -> Result<()> {
    let mut seen = std::collections::HashSet::new();
    let mut diags = Diagnostics::default();
    for path in paths {
        if !seen.insert(path.as_str()) {
            let file = r
                .site
                .pages
                .iter()
                .find(|p| format!("{}index.html", p.path) == *path)
                .map(|p| p.file.clone())
                .unwrap_or_else(|| PathBuf::from(path));
            diags.push(
                Diagnostic::new(file, format!("two outputs would be written to `{path}`"))
                    .hint("this URL is used by a page that dossier generates; give the page another `slug:`"),
            );
        }
    }
    diags.into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_index_finds_what_site_article_finds() {
        let (site, theme) = crate::build::load(&crate::build::BuildOptions {
            root: env!("CARGO_MANIFEST_DIR").into(),
            ..Default::default()
        })
        .expect("the shipped dossier loads");
        assert!(site.articles.len() > 1);
        let r = Renderer::new(&site, &theme, RenderSettings::default());
        for a in &site.articles {
            let i = r.article_index(&a.slug).expect("every slug is found");
            assert!(std::ptr::eq(
                &site.articles[i],
                site.article(&a.slug).unwrap()
            ));
        }
        assert_eq!(r.article_index("no-such-article"), None);
    }
}
