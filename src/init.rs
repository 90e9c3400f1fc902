//! `dossier init DIR`: a new, empty dossier that builds at once.
//!
//! The default theme is compiled into the binary so a new dossier gets its
//! own editable copy under `themes/dossier/`, whatever directory the
//! binary runs from.

use std::fs;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};

/// The default theme's files, relative to `themes/dossier/`.
pub const DEFAULT_THEME: &[(&str, &str)] = &[
    (
        "static/dossier-embed.js",
        include_str!("../themes/dossier/static/dossier-embed.js"),
    ),
    (
        "static/embed.css",
        include_str!("../themes/dossier/static/embed.css"),
    ),
    (
        "static/embed.js",
        include_str!("../themes/dossier/static/embed.js"),
    ),
    (
        "static/print.css",
        include_str!("../themes/dossier/static/print.css"),
    ),
    (
        "static/scorm.js",
        include_str!("../themes/dossier/static/scorm.js"),
    ),
    (
        "static/search.js",
        include_str!("../themes/dossier/static/search.js"),
    ),
    (
        "static/style.css",
        include_str!("../themes/dossier/static/style.css"),
    ),
    (
        "static/timeline.js",
        include_str!("../themes/dossier/static/timeline.js"),
    ),
    (
        "templates/404.html",
        include_str!("../themes/dossier/templates/404.html"),
    ),
    (
        "templates/article.html",
        include_str!("../themes/dossier/templates/article.html"),
    ),
    (
        "templates/articles.html",
        include_str!("../themes/dossier/templates/articles.html"),
    ),
    (
        "templates/base.html",
        include_str!("../themes/dossier/templates/base.html"),
    ),
    (
        "templates/embed/article.html",
        include_str!("../themes/dossier/templates/embed/article.html"),
    ),
    (
        "templates/embed/base.html",
        include_str!("../themes/dossier/templates/embed/base.html"),
    ),
    (
        "templates/embed/glossary.html",
        include_str!("../themes/dossier/templates/embed/glossary.html"),
    ),
    (
        "templates/embed/snippet.html",
        include_str!("../themes/dossier/templates/embed/snippet.html"),
    ),
    (
        "templates/embed/timeline.html",
        include_str!("../themes/dossier/templates/embed/timeline.html"),
    ),
    (
        "templates/glossary.html",
        include_str!("../themes/dossier/templates/glossary.html"),
    ),
    (
        "templates/index.html",
        include_str!("../themes/dossier/templates/index.html"),
    ),
    (
        "templates/page.html",
        include_str!("../themes/dossier/templates/page.html"),
    ),
    (
        "templates/partials/article_list.html",
        include_str!("../themes/dossier/templates/partials/article_list.html"),
    ),
    (
        "templates/partials/article_source.html",
        include_str!("../themes/dossier/templates/partials/article_source.html"),
    ),
    (
        "templates/partials/byline.html",
        include_str!("../themes/dossier/templates/partials/byline.html"),
    ),
    (
        "templates/partials/glossary_body.html",
        include_str!("../themes/dossier/templates/partials/glossary_body.html"),
    ),
    (
        "templates/partials/reference.html",
        include_str!("../themes/dossier/templates/partials/reference.html"),
    ),
    (
        "templates/partials/timeline_body.html",
        include_str!("../themes/dossier/templates/partials/timeline_body.html"),
    ),
    (
        "templates/print.html",
        include_str!("../themes/dossier/templates/print.html"),
    ),
    (
        "templates/search.html",
        include_str!("../themes/dossier/templates/search.html"),
    ),
    (
        "templates/single.html",
        include_str!("../themes/dossier/templates/single.html"),
    ),
    (
        "templates/tag.html",
        include_str!("../themes/dossier/templates/tag.html"),
    ),
    (
        "templates/tags.html",
        include_str!("../themes/dossier/templates/tags.html"),
    ),
    (
        "templates/timeline.html",
        include_str!("../themes/dossier/templates/timeline.html"),
    ),
];

fn config_text(title: &str) -> String {
    format!(
        "# Configuration of the dossier; the README lists every key.\n\
         title: {}\n\
         description: \"\"\n\
         language: fr\n\
         # base_url: https://example.org/mon-dossier/\n\
         theme: dossier\n\
         output_dir: public\n\
         authors: []\n",
        serde_yaml::to_string(title)
            .unwrap_or_else(|_| format!("\"{title}\"\n"))
            .trim_end()
    )
}

const INDEX_MD: &str = "---\ntitle: Présentation\n---\n\nPrésentez ici le dossier : son sujet, ses sources et la façon de le lire.\n\nLes articles se placent dans `content/articles/`, la chronologie dans `content/timeline.yaml` et le glossaire dans `content/glossary.yaml`.\n";

/// Creates the dossier. Refuses a directory that exists and is not empty.
pub fn init(dir: &Path, title: &str) -> Result<()> {
    if dir.exists() {
        let mut entries = fs::read_dir(dir).map_err(|e| Error::io("cannot read", dir, e))?;
        if entries.next().is_some() {
            return Err(Error::user(
                Diagnostic::new(dir, "the directory exists and is not empty")
                    .hint("choose a new directory name; init never overwrites files"),
            ));
        }
    }
    let write = |rel: &str, text: &str| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::write(&path, text).map_err(|e| Error::io("cannot write", &path, e))
    };
    write(crate::config::CONFIG_FILE, &config_text(title))?;
    write("content/_index.md", INDEX_MD)?;
    write("content/articles/.gitkeep", "")?;
    write(".gitignore", "/public\n")?;
    for (rel, text) in DEFAULT_THEME {
        write(&format!("themes/dossier/{rel}"), text)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_theme_lists_every_theme_file() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/dossier");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(embedded, on_disk, "update DEFAULT_THEME in src/init.rs");
    }
}
