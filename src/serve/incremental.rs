//! Incremental rebuilds: keep the loaded model, the theme, the rendered
//! bodies and outputs between builds, and redo only what a change needs.
//!
//! A change to one article re-parses that file, re-renders its body, then
//! re-renders the outputs that depend on articles (its page, the lists,
//! its old and new tags, the timeline, the glossary's backlinks, feeds and
//! exports). A template change reloads the theme and re-renders the pages
//! without touching Markdown; glossary or timeline data re-link the bodies
//! and re-render the pages whose body changed plus the pages that list
//! them; a static file is copied again; the configuration, or anything
//! unclassifiable, rebuilds everything. Which outputs depend on what is
//! decided per [`Job`] in [`Delta::affects`], where a job this module does
//! not know is re-rendered on every change: a new kind of output is
//! correct by default, and at worst slower.
//!
//! Changes that fail (bad YAML, a template error) are kept pending and
//! tried again with the next ones, while the last good state stays as it
//! was: the preview keeps serving it.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::changes::{Change, Touch, classify};
use crate::build::{self, BuildOptions};
use crate::content::{self, Article, CONTENT_DIR, LoadOptions, Site, glossary, timeline};
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::render::markdown::Rendered;
use crate::render::terms::TermLinker;
use crate::render::theme::{self, Theme};
use crate::render::{Bodies, Job, Output, RenderSettings, Renderer};

/// A job's identity across builds. Article and page jobs are numbered by
/// their place in the sorted model, which moves when a date changes, so
/// they are known by their source file instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum JobKey {
    Article(PathBuf),
    EmbedArticle(PathBuf),
    Page(PathBuf),
    Other(Job),
}

fn job_key(site: &Site, job: &Job) -> JobKey {
    match job {
        Job::Article(i) => JobKey::Article(site.articles[*i].file.clone()),
        Job::EmbedArticle(i) => JobKey::EmbedArticle(site.articles[*i].file.clone()),
        Job::Page(i) => JobKey::Page(site.pages[*i].file.clone()),
        other => JobKey::Other(other.clone()),
    }
}

/// Rendered bodies by source file, so they survive reordering.
#[derive(Debug, Clone, Default)]
struct BodyCache {
    linker: TermLinker,
    articles: HashMap<PathBuf, Rendered>,
    pages: HashMap<PathBuf, Rendered>,
    index: Option<Rendered>,
    event_terms: Vec<Vec<String>>,
}

impl BodyCache {
    fn from_bodies(site: &Site, b: Bodies) -> Self {
        BodyCache {
            linker: b.linker,
            articles: site
                .articles
                .iter()
                .map(|a| a.file.clone())
                .zip(b.articles)
                .collect(),
            pages: site
                .pages
                .iter()
                .map(|p| p.file.clone())
                .zip(b.pages)
                .collect(),
            index: b.index,
            event_terms: b.event_terms,
        }
    }
}

/// The last good build.
struct State {
    site: Site,
    theme: Theme,
    bodies: BodyCache,
    outputs: HashMap<JobKey, Arc<Output>>,
}

/// Changes waiting to be applied (kept while they fail).
#[derive(Debug, Default)]
struct Pending {
    full: bool,
    markdown: BTreeSet<PathBuf>,
    glossary: bool,
    timeline: bool,
    templates: bool,
    statics: BTreeSet<String>,
}

impl Pending {
    fn add(&mut self, change: Change) {
        match change {
            Change::Config | Change::Unknown(_) => self.full = true,
            Change::Markdown(p) => {
                self.markdown.insert(p);
            }
            Change::Glossary => self.glossary = true,
            Change::Timeline => self.timeline = true,
            Change::Templates => self.templates = true,
            Change::Static(p) => {
                self.statics.insert(p);
            }
        }
    }

    fn is_empty(&self) -> bool {
        !self.full
            && self.markdown.is_empty()
            && !self.glossary
            && !self.timeline
            && !self.templates
            && self.statics.is_empty()
    }
}

/// What a successful rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Whether everything was loaded and rendered again.
    pub full: bool,
    /// Outputs rendered by this build, and outputs of the site.
    pub rendered: usize,
    pub total: usize,
    /// Paths whose bytes changed, or that are new, sorted.
    pub changed: Vec<String>,
    /// Paths that are gone, sorted.
    pub removed: Vec<String>,
    pub elapsed: Duration,
}

/// The site as it is served, path → output.
pub type Files = HashMap<String, Arc<Output>>;

/// A site being previewed: the model and outputs, kept up to date.
pub struct Preview {
    opts: BuildOptions,
    settings: RenderSettings,
    state: Option<State>,
    pending: Pending,
    /// Affected aggregates not rendered yet (see [`Preview::finish`]).
    deferred: HashSet<JobKey>,
}

impl Preview {
    /// A preview of the site `opts.root` (best given as an absolute,
    /// canonical path: watcher events are matched against it). Nothing is
    /// loaded until the first [`Preview::apply`].
    pub fn new(opts: BuildOptions, settings: RenderSettings) -> Self {
        Preview {
            opts,
            settings,
            state: None,
            pending: Pending {
                full: true,
                ..Pending::default()
            },
            deferred: HashSet::new(),
        }
    }

    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// The model of the last good build.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// Every output of the last good build, sorted by path.
    pub fn outputs(&self) -> Vec<Output> {
        let mut v: Vec<Output> = self
            .state
            .iter()
            .flat_map(|s| s.outputs.values())
            .map(|o| Output::clone(o))
            .collect();
        v.sort_by(|a, b| a.path.cmp(&b.path));
        v
    }

    /// The outputs of the last good build by path, to serve.
    pub fn files(&self) -> Files {
        self.state
            .iter()
            .flat_map(|s| s.outputs.values())
            .map(|o| (o.path.clone(), Arc::clone(o)))
            .collect()
    }

    /// What touched paths mean for this site (see [`classify`]).
    pub fn classify(&self, touched: &[(PathBuf, Touch)]) -> Vec<Change> {
        let set: BTreeSet<Change> = touched
            .iter()
            .filter_map(|(p, t)| classify(&self.opts.root, self.site(), p, *t))
            .collect();
        set.into_iter().collect()
    }

    /// Whether nothing is waiting to be applied.
    pub fn is_up_to_date(&self) -> bool {
        self.pending.is_empty()
    }

    /// Whether [`Preview::apply`] left aggregates for [`Preview::finish`].
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty()
    }

    /// Renders the aggregates the last change affected (the print page,
    /// the feed, the sitemap, the JSON exports): they read the whole site
    /// and take long on a big one, so [`Preview::apply`] leaves them for
    /// after the pages are served and announced. On error they stay
    /// deferred, and are tried again with the next change.
    pub fn finish(&mut self) -> Result<Outcome> {
        let start = Instant::now();
        let Some(state) = self.state.as_mut().filter(|_| !self.deferred.is_empty()) else {
            return Ok(Outcome::default());
        };
        let site = &state.site;
        let cache = &state.bodies;
        let bodies = Bodies {
            linker: cache.linker.clone(),
            articles: site
                .articles
                .iter()
                .map(|a| cache.articles[&a.file].clone())
                .collect(),
            pages: site
                .pages
                .iter()
                .map(|p| cache.pages[&p.file].clone())
                .collect(),
            index: cache.index.clone(),
            event_terms: cache.event_terms.clone(),
        };
        let renderer = Renderer::with_bodies(site, &state.theme, self.settings.clone(), bodies);
        let jobs: Vec<Job> = renderer
            .jobs()?
            .into_iter()
            .filter(|j| self.deferred.contains(&job_key(site, j)))
            .collect();
        let rendered = renderer.render_jobs(&jobs)?;
        let mut outputs = state.outputs.clone();
        for (job, o) in jobs.iter().zip(rendered) {
            outputs.insert(job_key(site, job), Arc::new(o));
        }
        let (changed, removed) = diff(&state.outputs, &outputs);
        state.outputs = outputs;
        self.deferred.clear();
        Ok(Outcome {
            full: false,
            rendered: jobs.len(),
            total: state.outputs.len(),
            changed,
            removed,
            elapsed: start.elapsed(),
        })
    }

    /// Applies changes (with any earlier ones that failed), rebuilding as
    /// little as they need. On error the last good build stays, and the
    /// changes are tried again next time.
    pub fn apply(&mut self, changes: impl IntoIterator<Item = Change>) -> Result<Outcome> {
        for c in changes {
            self.pending.add(c);
        }
        if self.pending.is_empty() {
            return Ok(Outcome {
                total: self.state.as_ref().map_or(0, |s| s.outputs.len()),
                ..Outcome::default()
            });
        }
        let start = Instant::now();
        let old_outputs;
        let (next, full, rendered) = match self.state.as_ref().filter(|_| !self.pending.full) {
            Some(state) => {
                let mut update = self.rebuild_some(state)?;
                self.deferred = std::mem::take(&mut update.deferred);
                let old = self.state.take().expect("borrowed just above");
                old_outputs = old.outputs;
                let next = State {
                    site: update.site,
                    theme: update.theme.unwrap_or(old.theme),
                    bodies: update.bodies,
                    outputs: update.outputs,
                };
                (next, false, update.rendered)
            }
            None => {
                let next = self.rebuild_all()?;
                self.deferred.clear();
                old_outputs = self.state.take().map(|s| s.outputs).unwrap_or_default();
                let n = next.outputs.len();
                (next, true, n)
            }
        };
        let (changed, removed) = diff(&old_outputs, &next.outputs);
        let total = next.outputs.len();
        self.state = Some(next);
        self.pending = Pending::default();
        Ok(Outcome {
            full,
            rendered,
            total,
            changed,
            removed,
            elapsed: start.elapsed(),
        })
    }

    /// Loads and renders everything, as `dossier build` does.
    fn rebuild_all(&self) -> Result<State> {
        let (site, theme) = build::load(&self.opts)?;
        let renderer = Renderer::new(&site, &theme, self.settings.clone());
        let jobs = renderer.jobs()?;
        let outputs = renderer.render_all()?;
        if outputs.len() != jobs.len() {
            return Err(Error::Internal("rendered outputs do not match jobs".into()));
        }
        let outputs = jobs
            .iter()
            .map(|j| job_key(&site, j))
            .zip(outputs.into_iter().map(Arc::new))
            .collect();
        let bodies = BodyCache::from_bodies(&site, renderer.into_bodies());
        Ok(State {
            site,
            theme,
            bodies,
            outputs,
        })
    }

    /// Applies the pending changes to a copy of the last good state.
    fn rebuild_some(&self, state: &State) -> Result<Update> {
        let p = &self.pending;
        let mut site = state.site.clone();
        let mut diags = Diagnostics::default();
        let markdown: Vec<PathBuf> = p.markdown.iter().cloned().collect();
        if !markdown.is_empty() {
            let opts = LoadOptions {
                drafts: self.opts.drafts,
            };
            diags.take(content::reload_files(&mut site, &markdown, opts))?;
        }
        let content_dir = site.root.join(CONTENT_DIR);
        if p.glossary
            && let Some(g) = diags.take(glossary::load(&site.root, &content_dir))?
        {
            site.glossary = g;
        }
        if p.timeline {
            let slugs: Vec<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
            if let Some(t) = diags.take(timeline::load(&site.root, &content_dir, &slugs))? {
                site.timeline = t;
            }
        }
        let new_theme = if p.templates || !p.statics.is_empty() {
            diags.take(theme::load(&site.root, &site.config.theme))?
        } else {
            None
        };
        diags.into_result()?;
        let theme = new_theme.as_ref().unwrap_or(&state.theme);

        let (bodies, delta) = self.bodies_and_delta(state, &site);
        let renderer = Renderer::with_bodies(&site, theme, self.settings.clone(), bodies);
        let jobs = renderer.jobs()?;
        let keys: Vec<JobKey> = jobs.iter().map(|j| job_key(&site, j)).collect();
        // Jobs to render: those the change affects, those still deferred
        // from the last change, and new ones. Whole-site aggregates that
        // exist already wait for the second wave.
        let mut now = Vec::new();
        let mut deferred = HashSet::new();
        for (job, key) in jobs.iter().zip(&keys) {
            let exists = state.outputs.contains_key(key);
            if exists && !delta.affects(job, &site) && !self.deferred.contains(key) {
                continue;
            }
            if exists && is_aggregate(job) {
                deferred.insert(key.clone());
            } else {
                now.push(job.clone());
            }
        }
        let todo = now;
        let rendered = renderer.render_jobs(&todo)?;
        let mut fresh: HashMap<JobKey, Arc<Output>> = todo
            .iter()
            .map(|j| job_key(&site, j))
            .zip(rendered.into_iter().map(Arc::new))
            .collect();
        let outputs: HashMap<JobKey, Arc<Output>> = keys
            .into_iter()
            .map(|k| {
                let o = fresh
                    .remove(&k)
                    .unwrap_or_else(|| Arc::clone(&state.outputs[&k]));
                (k, o)
            })
            .collect();
        check_unique_paths(&outputs)?;
        let bodies = BodyCache::from_bodies(&site, renderer.into_bodies());
        let rendered = todo.len();
        Ok(Update {
            site,
            theme: new_theme,
            bodies,
            outputs,
            rendered,
            deferred,
        })
    }
}

impl Preview {
    /// The bodies for the new model (cached ones where their source did not
    /// change), and what changed, to choose the jobs to render.
    fn bodies_and_delta(&self, state: &State, site: &Site) -> (Bodies, Delta) {
        let p = &self.pending;
        let cache = &state.bodies;
        let relink = p.glossary;
        let linker = if relink {
            TermLinker::new(&site.glossary)
        } else {
            cache.linker.clone()
        };
        let reparsed: HashSet<&PathBuf> = p.markdown.iter().collect();
        let stale = |file: &PathBuf| relink || reparsed.contains(file);
        let articles: Vec<Rendered> = site
            .articles
            .par_iter()
            .map(|a| match cache.articles.get(&a.file) {
                Some(b) if !stale(&a.file) => b.clone(),
                _ => Bodies::article(a, &linker),
            })
            .collect();
        let pages: Vec<Rendered> = site
            .pages
            .par_iter()
            .map(|pg| match cache.pages.get(&pg.file) {
                Some(b) if !stale(&pg.file) => b.clone(),
                _ => Bodies::page(site, pg),
            })
            .collect();
        let index = site.index.as_ref().map(|pg| match &cache.index {
            Some(b) if !stale(&pg.file) => b.clone(),
            _ => Bodies::index(site, pg),
        });
        let event_terms = if relink || p.timeline {
            Bodies::event_terms(site, &linker)
        } else {
            cache.event_terms.clone()
        };

        let mut delta = Delta {
            all: p.templates,
            glossary: p.glossary,
            timeline: p.timeline,
            statics: p.statics.iter().cloned().collect(),
            ..Delta::default()
        };
        // Articles re-read: an edit of the body alone concerns the article's
        // page and what reads bodies; any other edit (or an article added or
        // removed) concerns every list, and its tags before and after.
        let old_articles: HashMap<&PathBuf, &Article> = state
            .site
            .articles
            .iter()
            .filter(|a| reparsed.contains(&a.file))
            .map(|a| (&a.file, a))
            .collect();
        let mut seen = HashSet::new();
        for (a, body) in site.articles.iter().zip(&articles) {
            if reparsed.contains(&a.file) {
                seen.insert(&a.file);
                delta.articles.insert(a.file.clone());
                delta.bodies = true;
                match old_articles.get(&a.file) {
                    Some(old) if same_but_body(old, a) => {
                        let old_terms = cache.articles.get(&a.file).map(|b| &b.terms);
                        delta.terms |= old_terms != Some(&body.terms);
                    }
                    old => {
                        delta.lists = true;
                        let old_tags = old.into_iter().flat_map(|o| &o.tags);
                        delta
                            .tags
                            .extend(old_tags.chain(&a.tags).map(|t| t.slug.clone()));
                    }
                }
            } else if relink && cache.articles.get(&a.file) != Some(body) {
                // Re-linked to the glossary: the body changed, nothing else.
                delta.articles.insert(a.file.clone());
                delta.bodies = true;
                delta.terms = true;
            }
        }
        for (file, old) in &old_articles {
            if !seen.contains(file) {
                delta.lists = true;
                delta.tags.extend(old.tags.iter().map(|t| t.slug.clone()));
            }
        }
        // Pages are in every page's navigation.
        let page_files = state
            .site
            .pages
            .iter()
            .chain(&site.pages)
            .chain(&state.site.index)
            .chain(&site.index)
            .map(|pg| &pg.file);
        if page_files.into_iter().any(|f| reparsed.contains(f)) {
            delta.all = true;
        }
        for (pg, body) in site.pages.iter().zip(&pages) {
            if cache.pages.get(&pg.file) != Some(body) {
                delta.pages.insert(pg.file.clone());
            }
        }
        delta.index = index != cache.index;
        let bodies = Bodies {
            linker,
            articles,
            pages,
            index,
            event_terms,
        };
        (bodies, delta)
    }
}

/// The result of an incremental rebuild, to replace the last good state.
struct Update {
    site: Site,
    /// The reloaded theme, if it was.
    theme: Option<Theme>,
    bodies: BodyCache,
    outputs: HashMap<JobKey, Arc<Output>>,
    rendered: usize,
    /// Aggregates left for [`Preview::finish`].
    deferred: HashSet<JobKey>,
}

/// What changed in the model, to decide which jobs to render again.
#[derive(Debug, Default)]
struct Delta {
    /// Every page depends on it (templates, navigation).
    all: bool,
    /// Articles whose page must be rendered again, by source file.
    articles: HashSet<PathBuf>,
    /// An article was added or removed, or changed other than its body:
    /// lists, feeds, exports.
    lists: bool,
    /// Article bodies changed (the feed carries them).
    bodies: bool,
    /// The glossary terms an article uses changed (the glossary's backlinks).
    terms: bool,
    /// Tags of the changed articles, before and after.
    tags: HashSet<String>,
    /// Pages whose body changed (re-linked to the glossary).
    pages: HashSet<PathBuf>,
    index: bool,
    glossary: bool,
    timeline: bool,
    /// Static files or folders, by path in the site.
    statics: Vec<String>,
}

impl Delta {
    /// Whether `job`'s output may differ after this change.
    fn affects(&self, job: &Job, site: &Site) -> bool {
        #[allow(unreachable_patterns)]
        match job {
            Job::Static(path) => self
                .statics
                .iter()
                .any(|s| s.is_empty() || path == s || path.starts_with(&format!("{s}/"))),
            _ if self.all => true,
            Job::Article(i) | Job::EmbedArticle(i) => {
                self.articles.contains(&site.articles[*i].file)
            }
            Job::Page(i) => self.pages.contains(&site.pages[*i].file),
            Job::Home => self.lists || self.index || self.glossary || self.timeline,
            Job::ArticleList | Job::TagIndex | Job::Sitemap => self.lists,
            Job::Atom => self.lists || self.bodies,
            Job::Tag(slug) => self.tags.contains(slug),
            Job::Timeline | Job::TimelineJson | Job::EmbedTimeline => {
                self.lists || self.glossary || self.timeline
            }
            Job::Glossary | Job::GlossaryJson | Job::EmbedGlossary => {
                self.lists || self.terms || self.glossary || self.timeline
            }
            // The whole dossier on one page: every body, page and list.
            Job::Print => {
                self.lists
                    || self.bodies
                    || self.index
                    || !self.pages.is_empty()
                    || self.glossary
                    || self.timeline
            }
            // The search index holds every article, term and event; the
            // search page names the index's version.
            Job::SearchPage | Job::SearchIndex(_) => {
                self.lists || self.bodies || self.glossary || self.timeline
            }
            Job::NotFound | Job::Robots | Job::HighlightCss => false,
            // A kind of output added since this was written: assume it
            // depends on everything, so it is never stale.
            _ => true,
        }
    }
}

/// Outputs that gather the whole site and nobody reads while editing a
/// page: rendered in a second wave, after the pages (see
/// [`Preview::finish`]). Kinds of output added since this was written are
/// re-rendered on every change (see [`Delta::affects`]), so they wait for
/// the second wave too, off the edit's critical path.
fn is_aggregate(job: &Job) -> bool {
    #[allow(unreachable_patterns)]
    match job {
        Job::Print
        | Job::Atom
        | Job::Sitemap
        | Job::TimelineJson
        | Job::GlossaryJson
        | Job::SearchPage
        | Job::SearchIndex(_) => true,
        Job::Home
        | Job::ArticleList
        | Job::Article(_)
        | Job::Page(_)
        | Job::TagIndex
        | Job::Tag(_)
        | Job::Timeline
        | Job::Glossary
        | Job::NotFound
        | Job::Robots
        | Job::HighlightCss
        | Job::Static(_)
        | Job::EmbedTimeline
        | Job::EmbedGlossary
        | Job::EmbedArticle(_) => false,
        _ => true,
    }
}

/// Whether two versions of an article differ in their body only (and what
/// is derived from it). Of the pages, only the article's own reads the
/// body; of the other outputs, the feed reads bodies and the glossary the
/// terms they use. Every other field is compared, so a field added to
/// `Article` later counts as metadata, which is safe.
fn same_but_body(old: &Article, new: &Article) -> bool {
    let mask = |a: &Article| Article {
        body: String::new(),
        body_line: 0,
        word_count: 0,
        ..a.clone()
    };
    mask(old) == mask(new)
}

/// Two outputs with one path: a page whose slug takes a generated page's
/// URL. `dossier build` refuses it; so does the preview.
fn check_unique_paths(outputs: &HashMap<JobKey, Arc<Output>>) -> Result<()> {
    let mut seen: HashMap<&str, &JobKey> = HashMap::new();
    let mut diags = Diagnostics::default();
    for (key, o) in outputs {
        if let Some(other) = seen.insert(o.path.as_str(), key) {
            let file = [key, other]
                .into_iter()
                .find_map(|k| match k {
                    JobKey::Page(f) | JobKey::Article(f) | JobKey::EmbedArticle(f) => {
                        Some(f.clone())
                    }
                    JobKey::Other(_) => None,
                })
                .unwrap_or_else(|| PathBuf::from(&o.path));
            diags.push(
                Diagnostic::new(file, format!("two outputs would be written to `{}`", o.path))
                    .hint("this URL is used by a page that dossier generates; give the page another `slug:`"),
            );
        }
    }
    diags.into_result()
}

/// Paths that changed or appeared, and paths that are gone.
fn diff(
    old: &HashMap<JobKey, Arc<Output>>,
    new: &HashMap<JobKey, Arc<Output>>,
) -> (Vec<String>, Vec<String>) {
    let old_files: HashMap<&str, &Arc<Output>> =
        old.values().map(|o| (o.path.as_str(), o)).collect();
    let new_paths: HashSet<&str> = new.values().map(|o| o.path.as_str()).collect();
    let mut changed: Vec<String> = new
        .values()
        .filter(|o| {
            old_files
                .get(o.path.as_str())
                .is_none_or(|prev| !Arc::ptr_eq(prev, o) && prev.bytes != o.bytes)
        })
        .map(|o| o.path.clone())
        .collect();
    let mut removed: Vec<String> = old_files
        .keys()
        .filter(|p| !new_paths.contains(*p))
        .map(|p| p.to_string())
        .collect();
    changed.sort();
    removed.sort();
    (changed, removed)
}
