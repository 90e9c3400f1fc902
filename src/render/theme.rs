//! Themes: Tera templates and static files, with the site's own
//! `templates/` and `static/` overriding the theme's file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Diagnostics, Error, Result};

pub const THEMES_DIR: &str = "themes";

/// The templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "index.html",
    "article.html",
    "articles.html",
    "page.html",
    "tags.html",
    "tag.html",
    "timeline.html",
    "glossary.html",
    "404.html",
    "search.html",
    "print.html",
    "single.html",
    "embed/article.html",
    "embed/timeline.html",
    "embed/glossary.html",
];

/// A loaded theme.
pub struct Theme {
    pub tera: Tera,
    /// Template name → file it came from (relative to the site root), for
    /// error messages.
    pub template_files: BTreeMap<String, PathBuf>,
    /// Output path → source file, theme first, site overrides applied.
    pub static_files: BTreeMap<String, PathBuf>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("template_files", &self.template_files)
            .field("static_files", &self.static_files)
            .finish()
    }
}

/// Loads theme `name` from `root/themes/name`, with the site's overrides.
pub fn load(root: &Path, name: &str) -> Result<Theme> {
    let theme_dir = root.join(THEMES_DIR).join(name);
    if !theme_dir.is_dir() {
        return Err(Error::user(
            Diagnostic::new(
                root.join(crate::config::CONFIG_FILE),
                format!("the theme `{name}` is not in themes/{name}/"),
            )
            .hint(
                "set `theme:` to a folder of themes/, or remove the key to use the default theme",
            ),
        ));
    }
    let mut templates = BTreeMap::new();
    collect_files(root, &theme_dir.join("templates"), &mut templates)?;
    collect_files(root, &root.join("templates"), &mut templates)?;
    let mut static_files = BTreeMap::new();
    collect_files(root, &theme_dir.join("static"), &mut static_files)?;
    collect_files(root, &root.join("static"), &mut static_files)?;

    let mut diags = Diagnostics::default();
    for required in REQUIRED_TEMPLATES {
        if !templates.contains_key(*required) {
            diags.push(
                Diagnostic::new(
                    theme_dir
                        .join("templates")
                        .strip_prefix(root)
                        .unwrap_or(&theme_dir),
                    format!("the template `{required}` is missing"),
                )
                .hint(format!(
                    "every theme needs {}",
                    REQUIRED_TEMPLATES.join(", ")
                )),
            );
        }
    }
    diags.into_result()?;

    let mut sources = Vec::new();
    for (name, rel) in &templates {
        let path = root.join(rel);
        let bytes = std::fs::read(&path)
            .map_err(|e| Error::user(Diagnostic::new(rel, format!("cannot read: {e}"))))?;
        let text = crate::content::decode_utf8(&bytes, rel)?;
        sources.push((name.clone(), text));
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let mut tera_diags = Diagnostics::default();
    // Parse each template alone first, so every syntax error is reported
    // with its own file, not just the first one.
    for (name, text) in &sources {
        let mut single = Tera::new();
        if let Err(e) = single.add_raw_template(name, text)
            && matches!(e.kind(), tera::ErrorKind::SyntaxError(_))
        {
            tera_diags.push(template_diagnostic(&e, &templates));
        }
    }
    tera_diags.into_result()?;
    tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        .map_err(|e| Error::user(template_diagnostic(&e, &templates)))?;
    Ok(Theme {
        tera,
        template_files: templates,
        static_files,
    })
}

fn collect_files(root: &Path, dir: &Path, into: &mut BTreeMap<String, PathBuf>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry =
            entry.map_err(|e| Error::user(Diagnostic::new(dir, format!("cannot read: {e}"))))?;
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file()
            || name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
        {
            continue;
        }
        let rel_in_dir = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let key = rel_in_dir.to_string_lossy().replace('\\', "/");
        let rel_to_root = entry
            .path()
            .strip_prefix(root)
            .unwrap_or(entry.path())
            .to_path_buf();
        into.insert(key, rel_to_root);
    }
    Ok(())
}

/// A Tera error as a diagnostic on the template file, with line and column.
pub fn template_diagnostic(e: &tera::Error, files: &BTreeMap<String, PathBuf>) -> Diagnostic {
    let file_of = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let span = r.span();
            let kind = if matches!(e.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            Diagnostic::new(file_of(r.filename()), format!("{kind}: {}", r.message()))
                .at(span.start_line, span.start_col + 1)
                .hint("see the template syntax at https://keats.github.io/tera/")
        }
        tera::ErrorKind::MissingParent { current, parent } => Diagnostic::new(
            file_of(current),
            format!("extends `{parent}`, which does not exist"),
        )
        .at(1, 1),
        tera::ErrorKind::TemplateNotFound(name) => Diagnostic::new(
            PathBuf::from("templates"),
            format!("the template `{name}` is missing"),
        ),
        _ => {
            let mut msg = e.to_string();
            let mut src = std::error::Error::source(e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            Diagnostic::new(PathBuf::from("templates"), format!("template error: {msg}"))
        }
    }
}
