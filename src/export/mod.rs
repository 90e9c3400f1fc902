//! `dossier export`: the dossier for places a website cannot go as it is.
//!
//! - [`single`]: one self-contained HTML file (styles and images inlined),
//!   to upload as a course file or open from disk without a server;
//! - [`scorm`]: a SCORM 1.2 package, the site plus `imsmanifest.xml`, that
//!   a learning platform (Moodle, Canvas…) imports as an activity.
//!
//! Both start from the same load and render as `dossier build`, so an
//! export never shows what a build would refuse.

pub mod scorm;
pub mod single;

use std::path::{Path, PathBuf};

use crate::build::BuildOptions;
use crate::error::{Diagnostic, Error, Result};
use crate::render::{RenderSettings, Renderer};

/// What to export, and where.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    pub build: BuildOptions,
    /// Write the single-file dossier here.
    pub single_file: Option<PathBuf>,
    /// Write the SCORM package here.
    pub scorm: Option<PathBuf>,
}

/// One file an export wrote.
#[derive(Debug, Clone)]
pub struct Written {
    pub path: PathBuf,
    pub bytes: usize,
    /// `single file` or `SCORM 1.2 package`.
    pub kind: &'static str,
}

/// Runs the exports asked for, after checking every output path.
pub fn export(opts: &ExportOptions) -> Result<Vec<Written>> {
    if opts.single_file.is_none() && opts.scorm.is_none() {
        return Err(Error::user(
            Diagnostic::new("dossier export", "nothing to export")
                .hint("pass --single-file FILE.html, --scorm FILE.zip, or both"),
        ));
    }
    for p in opts.single_file.iter().chain(&opts.scorm) {
        check_target(p)?;
    }
    let (site, theme) = crate::build::load(&opts.build)?;
    let mut written = Vec::new();
    if let Some(path) = &opts.single_file {
        let r = Renderer::new(&site, &theme, RenderSettings::default());
        let outputs = r.render_all()?;
        let html = single::render(&r, &outputs)?;
        write_file(path, html.as_bytes())?;
        written.push(Written {
            path: path.clone(),
            bytes: html.len(),
            kind: "single file",
        });
    }
    if let Some(path) = &opts.scorm {
        let settings = RenderSettings {
            scorm: true,
            ..RenderSettings::default()
        };
        let r = Renderer::new(&site, &theme, settings);
        let outputs = r.render_all()?;
        let zip = scorm::package(&r, &outputs)?;
        write_file(path, &zip)?;
        written.push(Written {
            path: path.clone(),
            bytes: zip.len(),
            kind: "SCORM 1.2 package",
        });
    }
    Ok(written)
}

/// An export goes to a file: refuse a directory, or a folder that does
/// not exist, before spending time on rendering.
fn check_target(path: &Path) -> Result<()> {
    if path.is_dir() {
        return Err(Error::user(
            Diagnostic::new(path, "is a directory; the export is a single file")
                .hint("name a file, such as dossier.html or dossier-scorm.zip"),
        ));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Error::user(
            Diagnostic::new(
                path,
                format!("the folder `{}` does not exist", parent.display()),
            )
            .hint("create it first, or write the export elsewhere"),
        ));
    }
    Ok(())
}

/// Writes beside the target, then renames, so a reader (or an upload in
/// progress) never sees half a file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let tmp = path.with_file_name(format!(".{name}.dossier-tmp"));
    std::fs::write(&tmp, bytes).map_err(|e| Error::io("cannot write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io("cannot write", path, e)
    })
}
