//! What a changed path means for the build.
//!
//! The watcher reports paths; this module turns each into a [`Change`]
//! that says which input of the build it touches, so the incremental
//! rebuild can redo only what that input feeds. Anything it cannot place
//! becomes [`Change::Unknown`], which means a full rebuild: being unsure
//! costs time, never correctness.

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::content::glossary::GLOSSARY_FILE;
use crate::content::timeline::TIMELINE_FILE;
use crate::content::{CONTENT_DIR, Site};
use crate::render::theme::THEMES_DIR;

/// How a path was touched, as far as the build cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Touch {
    /// Created, or moved in.
    Created,
    /// Deleted, or moved away.
    Removed,
    /// A rename, either side (editors save by renaming a temporary file).
    Renamed,
    /// Written to, or its metadata changed.
    Modified,
}

impl Touch {
    /// Whether the path appeared or disappeared (as opposed to being edited).
    fn is_structural(self) -> bool {
        !matches!(self, Touch::Modified)
    }
}

/// One input of the build that changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// `dossier.yaml`: everything depends on it.
    Config,
    /// A Markdown file of `content/` (article, page or home introduction),
    /// relative to the site root.
    Markdown(PathBuf),
    Glossary,
    Timeline,
    /// A template of the theme or of the site's own `templates/`.
    Templates,
    /// A static file or folder, by its path in the built site (`style.css`).
    Static(String),
    /// Something the incremental rebuild cannot place (a folder moved into
    /// `content/`, events lost by the operating system): rebuild everything.
    Unknown(PathBuf),
}

/// Whether a file name is an editor's scratch file, never an input: swap
/// files (`.foo.md.swp`), lock files (`.#foo.md`), backups (`foo.md~`) and
/// hidden files, which no loader reads. Vim's write test file (`4913`, all
/// digits) is matched only once it is gone, since a real file may have
/// such a name.
pub fn is_editor_artefact(path: &Path) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return false;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || (name.bytes().all(|b| b.is_ascii_digit()) && !path.exists())
}

/// What a touched path means for the site rooted at `root` (an absolute,
/// canonical path), whose current model is `site`. `None`: the build does
/// not read it.
pub fn classify(root: &Path, site: Option<&Site>, path: &Path, touch: Touch) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    if rel.as_os_str().is_empty() {
        return Some(Change::Unknown(PathBuf::new()));
    }
    if is_editor_artefact(path) {
        return None;
    }
    let parts: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_string_lossy().into_owned(),
            _ => String::new(),
        })
        .collect();
    let theme = site.map_or("dossier", |s| s.config.theme.as_str());
    match parts.first().map(String::as_str) {
        Some(CONFIG_FILE) if parts.len() == 1 => Some(Change::Config),
        Some(CONTENT_DIR) => classify_content(path, rel, &parts[1..], site, touch),
        Some("templates") => Some(Change::Templates),
        Some("static") => Some(Change::Static(parts[1..].join("/"))),
        Some(THEMES_DIR) => match parts.get(1) {
            None => Some(Change::Unknown(rel.to_path_buf())),
            Some(name) if name != theme => None,
            Some(_) => match parts.get(2).map(String::as_str) {
                None => Some(Change::Unknown(rel.to_path_buf())),
                Some("templates") => Some(Change::Templates),
                Some("static") => Some(Change::Static(parts[3..].join("/"))),
                Some(_) => None,
            },
        },
        _ => None,
    }
}

fn classify_content(
    path: &Path,
    rel: &Path,
    in_content: &[String],
    site: Option<&Site>,
    touch: Touch,
) -> Option<Change> {
    match in_content {
        [] => return Some(Change::Unknown(rel.to_path_buf())),
        [name] if name == GLOSSARY_FILE => return Some(Change::Glossary),
        [name] if name == TIMELINE_FILE => return Some(Change::Timeline),
        _ => {}
    }
    if rel.extension().is_some_and(|e| e == "md") && !path.is_dir() {
        return Some(Change::Markdown(rel.to_path_buf()));
    }
    if path.is_dir() {
        // A folder moved in may hold Markdown files no event named.
        return touch
            .is_structural()
            .then(|| Change::Unknown(rel.to_path_buf()));
    }
    if !path.exists() && site.is_none_or(|s| holds_sources(s, rel)) {
        // A folder moved away took its files without an event for each.
        return Some(Change::Unknown(rel.to_path_buf()));
    }
    // Other files of content/ (a temporary file of a save) are not read.
    None
}

/// Whether a source of the model lies under `dir`.
fn holds_sources(site: &Site, dir: &Path) -> bool {
    site.articles
        .iter()
        .map(|a| &a.file)
        .chain(site.pages.iter().map(|p| &p.file))
        .chain(site.index.iter().map(|p| &p.file))
        .any(|f| f.starts_with(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(rel: &str, touch: Touch) -> Option<Change> {
        let root = Path::new("/nonexistent-site");
        classify(root, None, &root.join(rel), touch)
    }

    #[test]
    fn inputs_are_classified_by_where_they_live() {
        assert_eq!(at("dossier.yaml", Touch::Modified), Some(Change::Config));
        assert_eq!(
            at("content/articles/a.md", Touch::Modified),
            Some(Change::Markdown("content/articles/a.md".into()))
        );
        assert_eq!(
            at("content/a-propos.md", Touch::Created),
            Some(Change::Markdown("content/a-propos.md".into()))
        );
        assert_eq!(
            at("content/glossary.yaml", Touch::Modified),
            Some(Change::Glossary)
        );
        assert_eq!(
            at("content/timeline.yaml", Touch::Renamed),
            Some(Change::Timeline)
        );
        assert_eq!(
            at("themes/dossier/templates/base.html", Touch::Modified),
            Some(Change::Templates)
        );
        assert_eq!(
            at("templates/article.html", Touch::Created),
            Some(Change::Templates)
        );
        assert_eq!(
            at("themes/dossier/static/css/style.css", Touch::Modified),
            Some(Change::Static("css/style.css".into()))
        );
        assert_eq!(
            at("static/logo.svg", Touch::Removed),
            Some(Change::Static("logo.svg".into()))
        );
    }

    #[test]
    fn what_the_build_does_not_read_is_ignored() {
        assert_eq!(
            at("themes/other/templates/base.html", Touch::Modified),
            None
        );
        assert_eq!(at("themes/dossier/README.md", Touch::Modified), None);
        assert_eq!(at("public/index.html", Touch::Modified), None);
        assert_eq!(at("notes.txt", Touch::Created), None);
        assert_eq!(at("/elsewhere/x.md", Touch::Created), None);
    }

    #[test]
    fn editor_artefacts_are_ignored() {
        for name in [
            "content/articles/.a.md.swp",
            "content/articles/.#a.md",
            "content/articles/a.md~",
            "content/articles/4913",
            "themes/dossier/templates/.base.html.swx",
        ] {
            assert_eq!(at(name, Touch::Created), None, "{name}");
        }
    }

    #[test]
    fn a_vanished_folder_is_a_full_rebuild_but_a_vanished_temp_file_is_not() {
        // Without a model, a vanished path might have held sources.
        assert_eq!(
            at("content/articles/old", Touch::Removed),
            Some(Change::Unknown("content/articles/old".into()))
        );
        let site = crate::content::Site {
            root: "/nonexistent-site".into(),
            config: serde_yaml::from_str("title: t").unwrap(),
            articles: Vec::new(),
            pages: Vec::new(),
            index: None,
            glossary: Default::default(),
            timeline: Default::default(),
        };
        let root = Path::new("/nonexistent-site");
        let tmp = root.join("content/articles/a.md.tmp.1234");
        assert_eq!(classify(root, Some(&site), &tmp, Touch::Renamed), None);
    }
}
