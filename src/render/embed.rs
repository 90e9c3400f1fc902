//! Embed views for course websites: `embed/timeline/`, `embed/glossary/`
//! and `embed/articles/<slug>/` show a page's content without the site's
//! header, navigation and footer, to be put in an `<iframe>` of a Moodle or
//! Canvas page; and the copy-paste `<iframe>` snippet the full pages show.
//!
//! An embed page is rendered as if it stood at the full page's place (so it
//! uses the same data, links and term links as the full page), then moved
//! one level down into `embed/` by [`super::relink`]: every relative link is
//! rebased, and every link that leaves the page opens the full site in a
//! new tab, because following it inside a small iframe would trap the
//! reader in the course page's frame.
//!
//! Auto-height: every embed page loads `embed.js`, which posts its height
//! to the parent window (see the README for the message shape); the parent
//! page loads `dossier-embed.js`, which sizes the iframe. Without either
//! script the iframe keeps its fixed height and the page scrolls inside it.

use serde::Serialize;
use tera::Context;

use super::context::{DateView, LinkView, PageCommon, article_summary};
use super::relink::{LinkAction, Rules, Target, relative, resolve};
use super::urls::{absolute, page_href};
use super::{Job, Output, Renderer};
use crate::error::Result;
use crate::typography;

/// Where embed views live in the site.
pub const EMBED_DIR: &str = "embed/";
/// The script each embed page loads to report its height.
pub const CHILD_SCRIPT: &str = "embed.js";
/// The script a course page loads to size its dossier iframes.
pub const PARENT_SCRIPT: &str = "dossier-embed.js";
/// The iframe's height when the parent page cannot run the helper script.
pub const FALLBACK_HEIGHT: u32 = 600;

/// The embed jobs of the site: none when `embed: false` or when the site
/// is packaged for an LMS (a SCORM package has no use for iframes).
pub fn jobs(r: &Renderer) -> Vec<Job> {
    if !enabled(r) {
        return Vec::new();
    }
    let mut jobs = vec![Job::EmbedTimeline, Job::EmbedGlossary];
    jobs.extend((0..r.site.articles.len()).map(Job::EmbedArticle));
    jobs
}

fn enabled(r: &Renderer) -> bool {
    r.site.config.embed && !r.settings.scorm
}

/// The full page an embed job shows: its site directory and a title for
/// the iframe.
fn full_page(r: &Renderer, job: &Job) -> (String, String) {
    match job {
        Job::EmbedTimeline => ("timeline/".into(), "Chronologie".into()),
        Job::EmbedGlossary => ("glossary/".into(), "Glossaire".into()),
        Job::EmbedArticle(i) => {
            let a = &r.site.articles[*i];
            (a.path(), typography::apply(&a.title, &a.lang))
        }
        other => unreachable!("not an embed job: {other:?}"),
    }
}

/// The embed view's directory for a full page's directory.
pub fn embed_dir(full_dir: &str) -> String {
    format!("{EMBED_DIR}{full_dir}")
}

/// The `<iframe>` code a teacher pastes, shown on the full page.
#[derive(Debug, Clone, Serialize)]
pub struct Snippet {
    /// The iframe's `src`: absolute when `base_url` is set.
    pub src: String,
    /// Whether `src` is absolute; when not, the page says how to complete it.
    pub absolute: bool,
    /// The HTML to paste: the iframe and the helper script.
    pub code: String,
    /// The iframe alone, for platforms that strip scripts.
    pub iframe: String,
}

/// The snippet for the full page at `path`, when it has an embed view.
pub fn snippet_for(r: &Renderer, path: &str) -> Option<Snippet> {
    if !enabled(r) {
        return None;
    }
    let title = if path == "timeline/" {
        "Chronologie".to_string()
    } else if path == "glossary/" {
        "Glossaire".to_string()
    } else {
        let slug = path.strip_prefix("articles/")?.strip_suffix('/')?;
        let a = &r.site.articles[r.article_index(slug)?];
        typography::apply(&a.title, &a.lang)
    };
    let site = &r.site.config;
    let target = format!("{}index.html", embed_dir(path));
    let base = site.base_url.as_deref();
    let src = absolute(base, &target).unwrap_or(target);
    let helper = absolute(base, PARENT_SCRIPT).unwrap_or_else(|| PARENT_SCRIPT.to_string());
    let iframe_title = format!(
        "{title} — {}",
        typography::apply(&site.title, &site.language)
    );
    let iframe = format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"100%\" height=\"{FALLBACK_HEIGHT}\" loading=\"lazy\"></iframe>",
        crate::text::escape_html(&src),
        crate::text::escape_html(&iframe_title),
    );
    let code = format!(
        "{iframe}\n<script src=\"{}\" defer></script>",
        crate::text::escape_html(&helper)
    );
    Some(Snippet {
        absolute: base.is_some(),
        src,
        code,
        iframe,
    })
}

/// What every embed template gets besides `page`.
#[derive(Debug, Serialize)]
struct EmbedView {
    /// `timeline`, `glossary` or `article:<slug>`: sent in height messages
    /// so a parent page can tell its iframes apart.
    id: String,
    /// The full page this view shows (relative, rebased with the page).
    full_href: String,
    /// The full dossier's home page.
    home_href: String,
}

pub fn render(r: &Renderer, job: &Job) -> Result<Output> {
    let (full_dir, title) = full_page(r, job);
    let mut common = PageCommon::new(r, &full_dir, &title, &r.site.config.description);
    common.embed = None;
    common
        .scripts
        .push(format!("{}{CHILD_SCRIPT}", common.root));
    let id = match job {
        Job::EmbedArticle(i) => format!("article:{}", r.site.articles[*i].slug),
        _ => full_dir.trim_end_matches('/').to_string(),
    };
    let view = EmbedView {
        id,
        full_href: page_href(&common.root, &full_dir),
        home_href: page_href(&common.root, ""),
    };
    let (template, ctx) = match job {
        Job::EmbedTimeline => ("embed/timeline.html", timeline_context(r, &mut common)),
        Job::EmbedGlossary => ("embed/glossary.html", glossary_context(r, &common)),
        Job::EmbedArticle(i) => ("embed/article.html", article_context(r, *i, &mut common)),
        other => unreachable!("not an embed job: {other:?}"),
    };
    let mut ctx = ctx;
    ctx.insert("page", &common);
    ctx.insert("embed", &view);
    let html = r.render_template(template, &ctx)?;
    let dir = embed_dir(&full_dir);
    Ok(Output {
        path: format!("{dir}index.html"),
        bytes: move_page(&html, &full_dir, &dir).into_bytes(),
    })
}

/// Moves a page rendered for `from_dir` to `to_dir`: relative links and
/// sources are rebased, and links leaving the page open in a new tab.
pub fn move_page(html: &str, from_dir: &str, to_dir: &str) -> String {
    let rebase = |url: &str| match resolve(from_dir, url) {
        Target::Internal { file, fragment } => Some(relative(to_dir, &file, fragment.as_deref())),
        _ => None,
    };
    super::relink::rewrite(
        html,
        &Rules {
            href: &|h| rebase(h).map_or(LinkAction::Keep, LinkAction::Set),
            src: &rebase,
            id_prefix: None,
            new_tab: true,
            demote: 0,
        },
    )
}

fn timeline_context(r: &Renderer, common: &mut PageCommon) -> Context {
    common.scripts.push(format!("{}timeline.js", common.root));
    let (years, tags) = super::timeline_page::by_year(r, &common.root);
    let mut ctx = Context::new();
    ctx.insert("years", &years);
    ctx.insert("tags", &tags);
    ctx
}

fn glossary_context(r: &Renderer, common: &PageCommon) -> Context {
    let letters =
        super::glossary_page::by_letter(super::glossary_page::term_views(r, &common.root));
    let mut ctx = Context::new();
    ctx.insert("letters", &letters);
    ctx
}

/// An article as its embed view shows it.
#[derive(Debug, Serialize)]
struct EmbedArticle<'a> {
    title: String,
    lang: String,
    date: Option<DateView>,
    source_name: Option<String>,
    source_url: Option<String>,
    /// The publication, when it is not the name already shown.
    source_publication: Option<String>,
    authors: Vec<String>,
    translators: Vec<String>,
    dateline: Option<String>,
    tags: Vec<LinkView>,
    summary_html: Option<String>,
    /// Borrowed: the context copies it once more anyway.
    body_html: &'a str,
}

fn article_context(r: &Renderer, i: usize, common: &mut PageCommon) -> Context {
    let a = &r.site.articles[i];
    let body = &r.bodies[i];
    common.lang = a.lang.clone();
    common.has_code = body.has_code;
    let summary = article_summary(a, &common.root);
    let view = EmbedArticle {
        title: summary.title,
        lang: a.lang.clone(),
        date: summary.date,
        source_publication: a.source_publication(),
        source_name: summary.source,
        source_url: a.source_url(),
        authors: a.authors.clone(),
        translators: a.translators.clone(),
        dateline: a.dateline.clone(),
        tags: summary.tags,
        summary_html: summary.summary_html,
        body_html: &body.html,
    };
    let mut ctx = Context::new();
    ctx.insert("article", &view);
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_a_page_rebases_links_and_opens_them_in_a_new_tab() {
        let html = r##"<link rel="stylesheet" href="../../style.css"><a href="#x">in</a><a href="../../glossary/index.html#t">t</a><a href="https://ex.org/">ext</a><script src="../../embed.js" defer></script>"##;
        let out = move_page(html, "articles/a/", "embed/articles/a/");
        assert!(out.contains(r#"href="../../../style.css""#), "{out}");
        assert!(out.contains(r##"<a href="#x">in</a>"##), "{out}");
        assert!(
            out.contains(
                r#"<a href="../../../glossary/index.html#t" target="_blank" rel="noopener">t</a>"#
            ),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="https://ex.org/" target="_blank" rel="noopener">ext</a>"#),
            "{out}"
        );
        assert!(out.contains(r#"src="../../../embed.js""#), "{out}");
    }
}
