//! `dossier import`: raw text of a news page → an article file.
//!
//! The pipeline, one module per concern:
//! [`decode`] (bytes → text) → [`blocks`] (text → paragraphs and lines) →
//! [`lang`] (which stopword list) → [`classify`] (main text or clutter,
//! jusText-style, with [`cues`]) → [`extract`] (the story and its
//! metadata, with [`dates`] and [`names`]) → [`markdown`] (typography,
//! escaping, front matter, hash) → [`merge`] (never lose a person's edits)
//! → an atomic write.
//!
//! [`convert`] is the pure part (bytes in, Markdown out); [`import`] adds
//! the file system: finding inputs, finding the file an input was imported
//! to before, and writing.

pub mod blocks;
pub mod classify;
pub mod cues;
pub mod dates;
pub mod decode;
pub mod extract;
pub mod lang;
pub mod markdown;
pub mod merge;
pub mod names;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Result};
use extract::Metadata;
use markdown::Entry;
use merge::Existing;

/// What `dossier import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Where article files go (`content/articles` by default).
    pub out: PathBuf,
    /// Print the Markdown of the one input instead of writing it.
    pub stdout: bool,
    /// Replace a body someone edited since it was imported.
    pub force: bool,
    /// Say what would be written, write nothing.
    pub dry_run: bool,
}

/// An input turned into an article, before it meets the file system.
#[derive(Debug, Clone)]
pub struct Converted {
    pub meta: Metadata,
    /// The front matter entries, `imported_from` and `import_hash` included.
    pub entries: Vec<Entry>,
    /// The Markdown body, as written after the front matter.
    pub body: String,
    /// The whole file.
    pub markdown: String,
    pub warnings: Vec<String>,
}

/// Converts the bytes of one page. `imported_from` is recorded in the
/// front matter; `path` names the input in messages.
pub fn convert(bytes: &[u8], path: &Path, imported_from: &str) -> Result<Converted> {
    let decoded = decode::decode(bytes, path)?;
    let blocks = blocks::split(&decoded.text);
    let detected = lang::detect(&decoded.text);
    let stopwords = lang::stopwords(detected.lang);
    let judged = classify::classify(&blocks, stopwords);
    let Some(span) = classify::main_span(&blocks, &judged) else {
        return Err(Error::user(
            Diagnostic::new(
                path,
                "no article text found: every block looks like page clutter",
            )
            .at(1, 1)
            .hint("check that the file holds the article's text; nothing was written"),
        ));
    };
    let extracted = extract::extract(&blocks, &judged, span, detected.lang, detected.confident);
    let body = markdown::body(&extracted.body, detected.lang);
    let hash = markdown::hash(&body);
    let entries = markdown::entries(&extracted.meta, imported_from, &hash);
    let markdown = markdown::file(&entries, &body);
    Ok(Converted {
        meta: extracted.meta,
        entries,
        body,
        markdown,
        warnings: decoded.warning.into_iter().collect(),
    })
}

/// What happened to one input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Created(PathBuf),
    Updated(PathBuf),
    /// The file is already what this import would write.
    Unchanged(PathBuf),
    /// The body was edited since it was imported; left alone.
    SkippedEdited(PathBuf),
    /// `--stdout`: the Markdown was printed.
    Printed,
}

impl Outcome {
    fn describe(&self, dry_run: bool) -> String {
        let would = if dry_run { "would be " } else { "" };
        match self {
            Outcome::Created(p) => format!("{would}created {}", p.display()),
            Outcome::Updated(p) => format!("{would}updated {}", p.display()),
            Outcome::Unchanged(p) => format!("unchanged {}", p.display()),
            Outcome::SkippedEdited(p) => format!(
                "skipped {}: its body was edited since it was imported (it no longer matches \
                 import_hash); use --force to replace the body, front matter is kept",
                p.display()
            ),
            Outcome::Printed => "printed".to_string(),
        }
    }
}

/// One input's result.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub input: PathBuf,
    pub outcome: Outcome,
    pub review: Vec<String>,
    pub warnings: Vec<String>,
}

impl FileReport {
    /// The line printed for this input.
    pub fn message(&self, dry_run: bool) -> String {
        let mut m = format!(
            "{}: {}",
            self.input.display(),
            self.outcome.describe(dry_run)
        );
        if !self.review.is_empty() && !matches!(self.outcome, Outcome::SkippedEdited(_)) {
            m.push_str(&format!(" (review: {})", self.review.join(", ")));
        }
        m
    }
}

/// Every input's result, and the inputs that were refused.
#[derive(Debug, Default)]
pub struct ImportReport {
    pub files: Vec<FileReport>,
    pub problems: Vec<Diagnostic>,
}

/// Imports `paths` (files, or directories of `.txt` files). Refused inputs
/// are reported in `problems` and the others are still imported.
pub fn import(paths: &[PathBuf], opts: &ImportOptions) -> Result<ImportReport> {
    let inputs = collect_inputs(paths)?;
    if opts.stdout && inputs.len() != 1 {
        return Err(Error::user(
            Diagnostic::new(
                paths.first().cloned().unwrap_or_default(),
                format!(
                    "--stdout prints one article, but {} inputs were given",
                    inputs.len()
                ),
            )
            .hint("name a single .txt file with --stdout"),
        ));
    }
    let mut index = if opts.stdout {
        BTreeMap::new()
    } else {
        imported_index(&opts.out)?
    };
    let mut report = ImportReport::default();
    let mut planned: BTreeSet<PathBuf> = BTreeSet::new();
    for input in inputs {
        let bytes = std::fs::read(&input).map_err(|e| Error::io("cannot read", &input, e))?;
        let from = provenance(&input);
        let converted = match convert(&bytes, &input, &from) {
            Ok(c) => c,
            Err(Error::User(ds)) => {
                report.problems.extend(ds);
                continue;
            }
            Err(e) => return Err(e),
        };
        let (outcome, review) = if opts.stdout {
            print!("{}", converted.markdown);
            std::io::stdout().flush()?;
            (Outcome::Printed, converted.meta.review.clone())
        } else {
            let target = index
                .get(&from)
                .cloned()
                .unwrap_or_else(|| new_target(&opts.out, &converted.meta, &input, &planned));
            planned.insert(target.clone());
            let r = place(&converted, &target, opts)?;
            index.insert(from, target);
            r
        };
        report.files.push(FileReport {
            input,
            outcome,
            review,
            warnings: converted.warnings,
        });
    }
    Ok(report)
}

/// Decides what to write at `target` and writes it (unless a dry run).
fn place(c: &Converted, target: &Path, opts: &ImportOptions) -> Result<(Outcome, Vec<String>)> {
    let existing = match std::fs::read(target) {
        Ok(bytes) => Some(
            crate::content::decode_utf8(&bytes, target)
                .ok()
                .and_then(|t| Existing::parse(&t))
                .ok_or_else(|| {
                    Error::user(
                        Diagnostic::new(target, "cannot read this article's front matter")
                            .hint("fix the file or move it away before importing over it"),
                    )
                })?,
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(Error::io("cannot read", target, e)),
    };
    let Some(existing) = existing else {
        if !opts.dry_run {
            write_atomic(target, &c.markdown)?;
        }
        return Ok((
            Outcome::Created(target.to_path_buf()),
            c.meta.review.clone(),
        ));
    };
    if existing.body_edited() && !opts.force {
        return Ok((
            Outcome::SkippedEdited(target.to_path_buf()),
            existing.review,
        ));
    }
    if !existing.body_edited() && existing.body == c.body {
        // Same body: the person's front matter stands as it is.
        return Ok((Outcome::Unchanged(target.to_path_buf()), existing.review));
    }
    let entries = merge::merge(&existing, &c.entries, &c.meta.review);
    let text = markdown::file(&entries, &c.body);
    let review = Existing::parse(&text).map(|e| e.review).unwrap_or_default();
    let current = std::fs::read(target).map_err(|e| Error::io("cannot read", target, e))?;
    if current == text.as_bytes() {
        return Ok((Outcome::Unchanged(target.to_path_buf()), review));
    }
    if !opts.dry_run {
        write_atomic(target, &text)?;
    }
    Ok((Outcome::Updated(target.to_path_buf()), review))
}

/// Files to import: each file named, and the `.txt` files under each
/// directory named, in name order, hidden ones skipped.
fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut inputs = Vec::new();
    for p in paths {
        if p.is_dir() {
            for entry in WalkDir::new(p).sort_by_file_name() {
                let entry = entry.map_err(|e| {
                    Error::user(Diagnostic::new(
                        p,
                        format!("cannot read the directory: {e}"),
                    ))
                })?;
                let name = entry.file_name().to_string_lossy();
                if entry.depth() > 0 && name.starts_with('.') {
                    continue;
                }
                if entry.file_type().is_file() && name.to_lowercase().ends_with(".txt") {
                    inputs.push(entry.into_path());
                }
            }
        } else if p.is_file() {
            inputs.push(p.clone());
        } else {
            return Err(Error::user(
                Diagnostic::new(p, "no such file or directory")
                    .hint("give .txt files or directories holding them"),
            ));
        }
    }
    Ok(inputs)
}

/// The input path as recorded in `imported_from`: as given, with `/`
/// separators and no leading `./`, so the same command finds the same file.
pub fn provenance(input: &Path) -> String {
    let s = input.to_string_lossy().replace('\\', "/");
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

/// Articles in `out` by the input they were imported from.
fn imported_index(out: &Path) -> Result<BTreeMap<String, PathBuf>> {
    let mut index = BTreeMap::new();
    let Ok(dir) = std::fs::read_dir(out) else {
        return Ok(index);
    };
    let mut files: Vec<PathBuf> = dir
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    for f in files {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let parsed = crate::content::decode_utf8(&bytes, &f)
            .ok()
            .and_then(|t| Existing::parse(&t));
        if let Some(from) = parsed.and_then(|e| e.imported_from) {
            index.entry(provenance(Path::new(&from))).or_insert(f);
        }
    }
    Ok(index)
}

/// Longest file name stem made from a title.
const MAX_STEM: usize = 60;

/// A new file name from the title's slug, cut at a word, made unique.
fn new_target(out: &Path, meta: &Metadata, input: &Path, planned: &BTreeSet<PathBuf>) -> PathBuf {
    let mut stem = crate::text::slugify(&meta.title);
    if stem.len() > MAX_STEM {
        stem.truncate(MAX_STEM);
        if let Some(i) = stem.rfind('-') {
            stem.truncate(i);
        }
    }
    if stem.is_empty() {
        stem = crate::text::slugify(&input.file_stem().unwrap_or_default().to_string_lossy());
    }
    if stem.is_empty() {
        stem = "article".into();
    }
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = out.join(name);
        if !path.exists() && !planned.contains(&path) {
            return path;
        }
        n += 1;
    }
}

/// Writes through a temporary file in the same directory, then renames it
/// over the target, so a crash never leaves half an article.
fn write_atomic(target: &Path, text: &str) -> Result<()> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, e))?;
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.import-{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, target));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io("cannot write", target, e));
    }
    Ok(())
}
