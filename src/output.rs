//! Writing the built site: the only module that touches the output directory.
//!
//! The new site is written to a fresh directory beside the output, then
//! swapped in with renames, so a failed build (which fails before this
//! module runs) leaves the previous site byte-identical, and a reader never
//! sees half a site. A marker file records what dossier wrote; anything
//! else a person put in the output directory (a `.git` folder when
//! `public/` is its own repository, a `CNAME` file) is carried over. A
//! directory without the marker is never deleted.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};
use crate::render::Output;

/// Marker file listing, one per line, the paths dossier wrote.
pub const MARKER: &str = ".dossier-build";

/// Refuses output directories that would destroy something: `/`, `.`, the
/// site root, the content directory, the home directory, or any ancestor
/// of the site root.
pub fn check_output_dir(out: &Path, root: &Path) -> Result<()> {
    let abs = absolute(out);
    let root_abs = absolute(root);
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .map(|h| absolute(&h));
    let refuse = |why: &str| {
        Err(Error::user(
            Diagnostic::new(
                out,
                format!(
                    "refusing to use `{}` as the output directory: {why}",
                    out.display()
                ),
            )
            .hint("choose an empty or new directory such as public/"),
        ))
    };
    if abs.parent().is_none() {
        return refuse("it is the root of the file system");
    }
    if abs == absolute(Path::new(".")) {
        return refuse("it is the current directory");
    }
    if root_abs.starts_with(&abs) {
        return refuse("it contains the site itself");
    }
    if abs.starts_with(root_abs.join(crate::content::CONTENT_DIR))
        || abs.starts_with(root_abs.join(crate::render::theme::THEMES_DIR))
    {
        return refuse("it is inside the content or themes directory");
    }
    if home.as_deref() == Some(abs.as_path()) {
        return refuse("it is the home directory");
    }
    Ok(())
}

/// Makes a path absolute and lexically normal, without touching the disk
/// (the output directory may not exist yet).
fn absolute(p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(p)
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Where rendered files go, one at a time, from any rendering thread.
pub trait Sink: Sync {
    /// Writes one whole file.
    fn write(&self, o: Output) -> Result<()>;
    /// Writes one file whose bytes `fill` produces piece by piece, so a
    /// large page (the print view holds the whole dossier) is never held
    /// in memory whole.
    fn write_streamed(&self, path: &str, fill: &mut StreamFill) -> Result<()>;
}

/// Produces a file's bytes into a writer, in order.
pub type StreamFill<'f> = dyn FnMut(&mut dyn std::io::Write) -> Result<()> + 'f;

/// Writes `outputs` as the new content of `out`.
pub fn write_site(out: &Path, outputs: &[Output]) -> Result<()> {
    write_site_streaming(out, |sink| {
        for o in outputs {
            sink.write(o.clone())?;
        }
        Ok(outputs.iter().map(|o| o.path.clone()).collect())
    })
}

/// Writes a site whose files `render` produces one by one: `render` gets a
/// sink that writes each output into a fresh directory beside `out` at
/// once, and returns the paths it wrote. Only when it succeeds is the new
/// directory swapped in; when it fails, the new directory is removed and
/// `out` is left exactly as it was.
pub fn write_site_streaming<F>(out: &Path, render: F) -> Result<()>
where
    F: FnOnce(&dyn Sink) -> Result<Vec<String>>,
{
    let existing = ownership(out)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.dossier-new-{}", std::process::id()));
    let retired = parent.join(format!(".{name}.dossier-old-{}", std::process::id()));
    remove_if_exists(&staging)?;
    let result = fs::create_dir_all(&staging)
        .map_err(|e| Error::io("cannot create", &staging, e))
        .and_then(|()| render(&Staging { dir: &staging }))
        .and_then(|paths| write_marker(&staging, &paths))
        .and_then(|()| swap_in(out, &staging, &retired, existing));
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// The fresh directory a build writes into before it is swapped in.
struct Staging<'a> {
    dir: &'a Path,
}

impl Staging<'_> {
    /// Where `path` goes, its directory created.
    fn prepare(&self, path: &str) -> Result<PathBuf> {
        let p = self.dir.join(path);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        Ok(p)
    }
}

impl Sink for Staging<'_> {
    fn write(&self, o: Output) -> Result<()> {
        let p = self.prepare(&o.path)?;
        fs::write(&p, &o.bytes).map_err(|e| Error::io("cannot write", &p, e))
    }

    fn write_streamed(&self, path: &str, fill: &mut StreamFill) -> Result<()> {
        use std::io::Write;
        let p = self.prepare(path)?;
        let file = fs::File::create(&p).map_err(|e| Error::io("cannot write", &p, e))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 16, file);
        fill(&mut w)?;
        w.flush().map_err(|e| Error::io("cannot write", &p, e))
    }
}

/// What the existing output directory is.
enum Existing {
    Missing,
    /// Made by dossier: the paths it wrote last time.
    Ours(BTreeSet<String>),
    /// Exists and is empty: safe to replace.
    Empty,
}

fn ownership(out: &Path) -> Result<Existing> {
    if !out.exists() {
        return Ok(Existing::Missing);
    }
    if !out.is_dir() {
        return Err(Error::user(
            Diagnostic::new(out, "the output path exists and is not a directory")
                .hint("remove it or choose another --output-dir"),
        ));
    }
    let marker = out.join(MARKER);
    if marker.is_file() {
        let text = fs::read_to_string(&marker).map_err(|e| Error::io("cannot read", &marker, e))?;
        return Ok(Existing::Ours(text.lines().map(str::to_string).collect()));
    }
    let mut entries = fs::read_dir(out).map_err(|e| Error::io("cannot read", out, e))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    Err(Error::user(
        Diagnostic::new(out, "the output directory was not made by dossier and is not empty")
            .hint("dossier never deletes a directory it did not create: empty it, or choose another --output-dir"),
    ))
}

/// The marker lists every path dossier wrote, sorted, one per line.
fn write_marker(dir: &Path, paths: &[String]) -> Result<()> {
    let mut manifest: Vec<&str> = paths.iter().map(String::as_str).collect();
    manifest.sort_unstable();
    let mut text = manifest.join("\n");
    text.push('\n');
    let marker = dir.join(MARKER);
    fs::write(&marker, text).map_err(|e| Error::io("cannot write", &marker, e))
}

/// Moves what a person added to the old output into the new one, then
/// replaces the old directory with the new one.
fn swap_in(out: &Path, staging: &Path, retired: &Path, existing: Existing) -> Result<()> {
    match existing {
        Existing::Missing => {}
        Existing::Empty => fs::remove_dir(out).map_err(|e| Error::io("cannot replace", out, e))?,
        Existing::Ours(ours) => {
            carry_over_foreign(out, staging, &ours)?;
            remove_if_exists(retired)?;
            fs::rename(out, retired).map_err(|e| Error::io("cannot move aside", out, e))?;
        }
    }
    fs::rename(staging, out).map_err(|e| Error::io("cannot move into place", out, e))?;
    remove_if_exists(retired)
}

/// Entries of the old output that dossier did not write (by the marker's
/// list) move into the new output, unless the new build has a file there.
/// This goes down into the directories dossier writes too, so a file a
/// person put in `articles/` survives like a top-level `CNAME`.
fn carry_over_foreign(out: &Path, staging: &Path, ours: &BTreeSet<String>) -> Result<()> {
    // Every directory that holds a file dossier wrote: `articles`, `articles/x`.
    let owned_dirs: BTreeSet<&str> = ours
        .iter()
        .flat_map(|p| p.match_indices('/').map(move |(i, _)| &p[..i]))
        .collect();
    carry_over_dir(out, staging, "", ours, &owned_dirs)
}

fn carry_over_dir(
    out: &Path,
    staging: &Path,
    rel_dir: &str,
    ours: &BTreeSet<String>,
    owned_dirs: &BTreeSet<&str>,
) -> Result<()> {
    let dir = out.join(rel_dir);
    for entry in fs::read_dir(&dir).map_err(|e| Error::io("cannot read", &dir, e))? {
        let entry = entry.map_err(|e| Error::io("cannot read", &dir, e))?;
        let name = entry.file_name().to_string_lossy().to_string();
        let rel = if rel_dir.is_empty() {
            name
        } else {
            format!("{rel_dir}/{name}")
        };
        if rel == MARKER || ours.contains(&rel) {
            continue;
        }
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && owned_dirs.contains(rel.as_str()) {
            carry_over_dir(out, staging, &rel, ours, owned_dirs)?;
            continue;
        }
        let target = staging.join(&rel);
        if target.exists() {
            continue;
        }
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io("cannot create", parent, e))?;
        }
        fs::rename(entry.path(), &target)
            .map_err(|e| Error::io("cannot keep", &entry.path(), e))?;
    }
    Ok(())
}

fn remove_if_exists(p: &Path) -> Result<()> {
    if p.exists() {
        fs::remove_dir_all(p).map_err(|e| Error::io("cannot remove", p, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let root = Path::new("/tmp/site");
        assert!(check_output_dir(Path::new("/"), root).is_err());
        assert!(check_output_dir(Path::new("/tmp/site"), root).is_err());
        assert!(check_output_dir(Path::new("/tmp"), root).is_err());
        assert!(check_output_dir(Path::new("/tmp/site/content"), root).is_err());
        assert!(check_output_dir(Path::new("/tmp/site/public"), root).is_ok());
        assert!(check_output_dir(Path::new("/tmp/site/public/../.."), root).is_err());
    }
}
