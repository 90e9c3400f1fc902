//! Loading `content/`: articles, pages, glossary and timeline, into a [`Site`].
//!
//! Every file is parsed once, in parallel. Problems are collected rather
//! than returned at the first one, so `dossier check` can list them all.

pub mod glossary;
pub mod model;
pub mod reference;
pub mod source;
pub mod timeline;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

pub use model::{Article, Page, Site, Source, Tag};
pub use source::{decode_utf8, decode_utf8_owned, split_front_matter};

use crate::config::Config;
use crate::error::{Diagnostic, Diagnostics, Error, Result};
use crate::text::{is_valid_slug, slugify, word_count};
use model::{ArticleFrontMatter, PageFrontMatter};

pub const CONTENT_DIR: &str = "content";
pub const ARTICLES_DIR: &str = "articles";

/// What `load` should include.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub drafts: bool,
}

/// Loads the whole site under `root`.
pub fn load(root: &Path, config: Config, opts: LoadOptions) -> Result<Site> {
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        return Err(Error::user(
            Diagnostic::new(&content, "there is no content directory").hint(
                "a dossier keeps its articles in content/articles/; `dossier init DIR` makes one",
            ),
        ));
    }
    let files = markdown_files(&content)?;
    let mut diags = Diagnostics::default();

    let parsed: Vec<Result<Parsed>> = files
        .par_iter()
        .map(|path| parse_file(root, path, &content, &config))
        .collect();
    let mut articles = Vec::new();
    let mut pages = Vec::new();
    let mut index = None;
    for p in parsed {
        match diags.take(p)? {
            Some(Parsed::Article(a)) => articles.push(*a),
            Some(Parsed::Page(p)) if p.path.is_empty() => index = Some(*p),
            Some(Parsed::Page(p)) => pages.push(*p),
            None => {}
        }
    }
    if !opts.drafts {
        articles.retain(|a| !a.draft);
        pages.retain(|p| !p.draft);
    }
    sort_articles(&mut articles);
    pages.sort_by(|a, b| (a.menu, &a.path).cmp(&(b.menu, &b.path)));
    check_unique_urls(&articles, &pages, &mut diags);

    let slugs: Vec<&str> = articles.iter().map(|a| a.slug.as_str()).collect();
    let glossary = diags
        .take(glossary::load(root, &content))?
        .unwrap_or_default();
    let timeline = diags
        .take(timeline::load(root, &content, &slugs))?
        .unwrap_or_default();
    diags.into_result()?;

    Ok(Site {
        root: root.to_path_buf(),
        config,
        articles,
        pages,
        index,
        glossary,
        timeline,
    })
}

/// Newest first, then by title, so the order is the same on every build.
pub fn sort_articles(articles: &mut [Article]) {
    articles.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| crate::collate::french_cmp(&a.title, &b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
}

/// Every `.md` file under `content/`, sorted, skipping hidden files and
/// editors' temporary files.
fn markdown_files(content: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in WalkDir::new(content).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(content).to_path_buf();
            Error::user(Diagnostic::new(
                &path,
                format!("cannot read the content directory: {e}"),
            ))
        })?;
        let name = entry.file_name().to_string_lossy();
        if !is_content_file_name(&name) {
            continue;
        }
        if entry.file_type().is_file() && name.ends_with(".md") {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether a file name is one the loader reads: hidden files and editors'
/// backups (`.foo.md.swp`, `foo.md~`) are not.
pub fn is_content_file_name(name: &str) -> bool {
    !name.starts_with('.') && !name.ends_with('~')
}

/// Re-reads some Markdown files of `content/` into `site`, exactly as
/// [`load`] would have read them, for `serve`'s incremental rebuilds: each
/// file's article or page is replaced, added when new, removed when the file
/// is gone (or has become a draft). `files` are relative to the site root.
/// Orders, unique URLs and the timeline's links to articles are checked
/// again; on error `site` may hold the new state, and the caller keeps its
/// previous copy.
pub fn reload_files(site: &mut Site, files: &[PathBuf], opts: LoadOptions) -> Result<()> {
    let content = site.root.join(CONTENT_DIR);
    let slugs_before: Vec<String> = site.articles.iter().map(|a| a.slug.clone()).collect();
    let mut diags = Diagnostics::default();
    for rel in files {
        site.articles.retain(|a| &a.file != rel);
        site.pages.retain(|p| &p.file != rel);
        if site.index.as_ref().is_some_and(|p| &p.file == rel) {
            site.index = None;
        }
        let path = site.root.join(rel);
        let readable = rel.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            is_content_file_name(&n) && n.ends_with(".md")
        });
        // Not `is_file`, which follows symbolic links: `load` skips them.
        let is_file = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
        if !readable || !is_file || !path.starts_with(&content) {
            continue;
        }
        match diags.take(parse_file(&site.root, &path, &content, &site.config))? {
            Some(Parsed::Article(a)) if opts.drafts || !a.draft => site.articles.push(*a),
            Some(Parsed::Page(p)) if p.path.is_empty() => site.index = Some(*p),
            Some(Parsed::Page(p)) if opts.drafts || !p.draft => site.pages.push(*p),
            _ => {}
        }
    }
    sort_articles(&mut site.articles);
    site.pages
        .sort_by(|a, b| (a.menu, &a.path).cmp(&(b.menu, &b.path)));
    check_unique_urls(&site.articles, &site.pages, &mut diags);
    let slugs: Vec<&str> = site.articles.iter().map(|a| a.slug.as_str()).collect();
    if slugs != slugs_before {
        // The timeline links to articles by slug: check its links again.
        if let Some(t) = diags.take(timeline::load(&site.root, &content, &slugs))? {
            site.timeline = t;
        }
    }
    diags.into_result()
}

enum Parsed {
    Article(Box<Article>),
    Page(Box<Page>),
}

fn parse_file(root: &Path, path: &Path, content: &Path, config: &Config) -> Result<Parsed> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path)
        .map_err(|e| Error::user(Diagnostic::new(&rel, format!("cannot read: {e}"))))?;
    let (head, body) = head_and_body(decode_utf8_owned(bytes, &rel)?, &rel)?;
    let yaml = &head.text[head.yaml.clone()];
    let body_line = head.yaml_line + yaml.lines().count() + 1;
    let in_content = path.strip_prefix(content).unwrap_or(path);
    let is_article = in_content.parent() == Some(Path::new(ARTICLES_DIR));
    if is_article {
        let fm: ArticleFrontMatter = crate::yaml::parse(yaml, &rel, head.yaml_line)?;
        article_from(fm, yaml, head.yaml_line, rel, body, body_line, config)
            .map(|a| Parsed::Article(Box::new(a)))
    } else {
        let fm: PageFrontMatter = crate::yaml::parse(yaml, &rel, head.yaml_line)?;
        page_from(fm, yaml, head.yaml_line, rel, in_content, body, body_line)
            .map(|p| Parsed::Page(Box::new(p)))
    }
}

/// The front matter part of a file: `yaml` is a range of `text`.
struct Head {
    text: String,
    yaml: std::ops::Range<usize>,
    yaml_line: usize,
}

/// Splits a file's text into its front matter and its body; the body keeps
/// the file's buffer (moved down over the front matter), not a copy.
fn head_and_body(mut text: String, rel: &Path) -> Result<(Head, String)> {
    let split = split_front_matter(&text, rel)?;
    let offset = |part: &str| part.as_ptr() as usize - text.as_ptr() as usize;
    let yaml_start = offset(split.yaml);
    let yaml = yaml_start..yaml_start + split.yaml.len();
    let yaml_line = split.yaml_line;
    let body_start = offset(split.body);
    let head = text[..body_start].to_string();
    text.replace_range(..body_start, "");
    // Bodies live as long as the site: hand back the front matter's bytes
    // (the allocator shrinks the block where it is).
    text.shrink_to_fit();
    Ok((
        Head {
            text: head,
            yaml,
            yaml_line,
        },
        text,
    ))
}

fn article_from(
    fm: ArticleFrontMatter,
    yaml: &str,
    yaml_line: usize,
    file: PathBuf,
    body: String,
    body_line: usize,
    config: &Config,
) -> Result<Article> {
    let title = required_text(&fm.title, "title", yaml, yaml_line, &file)?;
    let slug = slug_for(fm.slug.as_deref(), &title, yaml, yaml_line, &file)?;
    let tags = fm
        .tags
        .iter()
        .map(|name| Tag {
            name: name.trim().to_string(),
            slug: slugify(name),
        })
        .filter(|t| !t.slug.is_empty())
        .collect();
    Ok(Article {
        slug,
        title,
        date: fm.date,
        source: fm.source.map(Source::from),
        authors: fm.authors,
        translators: fm.translators,
        dateline: fm.dateline,
        lang: fm.lang.unwrap_or_else(|| config.language.clone()),
        tags,
        summary: fm.summary.filter(|s| !s.trim().is_empty()),
        draft: fm.draft,
        review: fm.review,
        word_count: word_count(&body),
        body,
        body_line,
        file,
    })
}

fn page_from(
    fm: PageFrontMatter,
    yaml: &str,
    yaml_line: usize,
    file: PathBuf,
    in_content: &Path,
    body: String,
    body_line: usize,
) -> Result<Page> {
    let title = required_text(&fm.title, "title", yaml, yaml_line, &file)?;
    let is_index = in_content == Path::new("_index.md");
    let (slug, path) = if is_index {
        (String::new(), String::new())
    } else {
        let slug = slug_for(fm.slug.as_deref(), &title, yaml, yaml_line, &file)?;
        let parent: Vec<String> = in_content
            .parent()
            .into_iter()
            .flat_map(|p| p.components())
            .map(|c| slugify(&c.as_os_str().to_string_lossy()))
            .collect();
        let mut path = String::new();
        for seg in parent.iter().filter(|s| !s.is_empty()) {
            path.push_str(seg);
            path.push('/');
        }
        path.push_str(&slug);
        path.push('/');
        (slug, path)
    };
    Ok(Page {
        file,
        slug,
        title,
        description: fm.description,
        draft: fm.draft,
        menu: fm.menu,
        body,
        body_line,
        path,
    })
}

fn required_text(
    value: &str,
    key: &str,
    yaml: &str,
    yaml_line: usize,
    file: &Path,
) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        let (line, col) = crate::yaml::locate_key(yaml, key, yaml_line);
        return Err(Error::user(
            Diagnostic::new(file, format!("`{key}` is empty"))
                .at(line, col)
                .hint(format!("give the page a {key}")),
        ));
    }
    Ok(v.to_string())
}

fn slug_for(
    explicit: Option<&str>,
    title: &str,
    yaml: &str,
    yaml_line: usize,
    file: &Path,
) -> Result<String> {
    let slug = match explicit {
        Some(s) => s.trim().to_string(),
        None => slugify(title),
    };
    if !is_valid_slug(&slug) {
        let (line, col) = crate::yaml::locate_key(
            yaml,
            if explicit.is_some() { "slug" } else { "title" },
            yaml_line,
        );
        return Err(Error::user(
            Diagnostic::new(file, format!("`{slug}` cannot be used as a URL slug"))
                .at(line, col)
                .hint(
                    "a slug is lowercase letters, digits and hyphens, such as le-gchq-et-twitter",
                ),
        ));
    }
    Ok(slug)
}

/// Two sources that would write the same URL are an error naming both.
fn check_unique_urls(articles: &[Article], pages: &[Page], diags: &mut Diagnostics) {
    let mut seen: HashMap<String, &Path> = HashMap::new();
    let all = articles
        .iter()
        .map(|a| (a.path(), a.file.as_path()))
        .chain(pages.iter().map(|p| (p.path.clone(), p.file.as_path())));
    for (url, file) in all {
        if let Some(first) = seen.get(&url) {
            diags.push(
                Diagnostic::new(
                    file,
                    format!(
                        "this page has the URL `{url}`, as {} already does",
                        first.display()
                    ),
                )
                .at(1, 1)
                .hint("give one of them another title or a `slug:` in its front matter"),
            );
        } else {
            seen.insert(url, file);
        }
    }
}
