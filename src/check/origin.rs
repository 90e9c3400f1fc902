//! Which file a broken link comes from, so the message names what to fix.
//!
//! A page is made of its content file (an article, a plain page, the
//! glossary or timeline data) poured into templates. The link is looked up
//! as written, first in the page's content file, then in the templates
//! (where links start with `{{ page.root }}`, so the part after the leading
//! `../` is searched). When neither holds it, the link was computed by
//! dossier and the page itself is named.

use std::collections::HashMap;
use std::path::PathBuf;

use crate::content::Site;
use crate::render::theme::Theme;

/// Where a broken link was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Relative to the site root (a content file or a template), or the
    /// output page when the link was generated.
    pub file: PathBuf,
    /// 1-based line and column, when the link was found as written.
    pub position: Option<(usize, usize)>,
}

/// The source files behind each page of a site.
#[derive(Debug, Default)]
pub struct Origins {
    root: PathBuf,
    /// Output path → content file (relative to the root).
    content: HashMap<String, PathBuf>,
    /// Template files (relative to the root), in name order.
    templates: Vec<PathBuf>,
}

impl Origins {
    pub fn new(site: &Site, theme: &Theme) -> Self {
        let mut content = HashMap::new();
        for a in &site.articles {
            content.insert(format!("{}index.html", a.path()), a.file.clone());
        }
        for p in site.pages.iter().chain(&site.index) {
            content.insert(format!("{}index.html", p.path), p.file.clone());
        }
        if let Some(f) = &site.glossary.file {
            content.insert("glossary/index.html".into(), f.clone());
        }
        if let Some(f) = &site.timeline.file {
            content.insert("timeline/index.html".into(), f.clone());
        }
        Origins {
            root: site.root.clone(),
            content,
            templates: theme.template_files.values().cloned().collect(),
        }
    }

    /// The file where `url`, found on the output page `page`, was written.
    pub fn locate(&self, page: &str, url: &str) -> Located {
        if let Some(file) = self.content.get(page)
            && let Some(position) = self.find(file, url)
        {
            return Located {
                file: file.clone(),
                position: Some(position),
            };
        }
        let tail = strip_parent_dirs(url);
        if !tail.is_empty() {
            for file in &self.templates {
                if let Some(position) = self.find(file, tail) {
                    return Located {
                        file: file.clone(),
                        position: Some(position),
                    };
                }
            }
        }
        Located {
            file: PathBuf::from(page),
            position: None,
        }
    }

    /// Line and column of the first occurrence of `needle` in `file`.
    fn find(&self, file: &PathBuf, needle: &str) -> Option<(usize, usize)> {
        let text = std::fs::read_to_string(self.root.join(file)).ok()?;
        text.find(needle).map(|at| line_column(&text, at))
    }
}

/// `../../glossary/index.html#x` → `glossary/index.html#x`: what a
/// template writes after `{{ page.root }}`.
fn strip_parent_dirs(url: &str) -> &str {
    let mut rest = url;
    while let Some(r) = rest.strip_prefix("../").or_else(|| rest.strip_prefix("./")) {
        rest = r;
    }
    rest
}

/// 1-based line and column (in characters) of byte offset `at`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origins(dir: &std::path::Path) -> Origins {
        std::fs::create_dir_all(dir.join("content/articles")).unwrap();
        std::fs::create_dir_all(dir.join("themes/t/templates")).unwrap();
        std::fs::write(
            dir.join("content/articles/a.md"),
            "---\ntitle: A\n---\n\nVoir [l’autre](../b/index.html#fin).\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("themes/t/templates/base.html"),
            "<p>\n  <a href=\"{{ page.root }}glosary/index.html\">G</a></p>\n",
        )
        .unwrap();
        let mut content = HashMap::new();
        content.insert(
            "articles/a/index.html".to_string(),
            PathBuf::from("content/articles/a.md"),
        );
        Origins {
            root: dir.to_path_buf(),
            content,
            templates: vec![PathBuf::from("themes/t/templates/base.html")],
        }
    }

    #[test]
    fn a_link_is_traced_to_content_then_template_then_page() {
        let dir = tempfile::tempdir().unwrap();
        let o = origins(dir.path());
        assert_eq!(
            o.locate("articles/a/index.html", "../b/index.html#fin"),
            Located {
                file: "content/articles/a.md".into(),
                position: Some((5, 16)),
            }
        );
        assert_eq!(
            o.locate("articles/a/index.html", "../../glosary/index.html"),
            Located {
                file: "themes/t/templates/base.html".into(),
                position: Some((2, 27)),
            }
        );
        assert_eq!(
            o.locate("tags/index.html", "#generated"),
            Located {
                file: "tags/index.html".into(),
                position: None,
            }
        );
    }
}
