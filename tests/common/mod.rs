//! Helpers shared by the end-to-end tests: copying sites to temporary
//! directories, running the real `dossier` binary, reading built trees and
//! checking every link of a built site with an HTML parser.
//!
//! Each test binary uses only some of these, hence the `dead_code` allowance.
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::{Html, Selector};

/// The repository: the shipped dossier and the default theme live here.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    repo().join("tests").join("fixtures")
}

/// Copies the directory `src` into `dst` (created), files and folders alike.
pub fn copy_dir(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.expect("walk the source tree");
        let rel = entry.path().strip_prefix(src).unwrap();
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| {
                panic!(
                    "copy {} to {}: {e}",
                    entry.path().display(),
                    target.display()
                )
            });
        }
    }
}

/// A copy of `site` in a fresh temporary directory, with the repository's
/// `themes/` added first (fixture sites use the default theme but do not
/// duplicate it in git), then the site's own files on top, so a fixture
/// can replace one theme file. Returns the temp dir and the site root in it.
pub fn site_copy(site: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    copy_dir(&repo().join("themes"), &root.join("themes"));
    copy_dir(site, &root);
    (tmp, root)
}

/// A copy of the full valid fixture site `tests/fixtures/site/`.
pub fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    site_copy(&fixtures().join("site"))
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real `dossier` binary with `args`, in the directory `cwd`.
pub fn dossier_in(cwd: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run the dossier binary");
    Run {
        code: out.status.code().expect("dossier was killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `dossier` from the repository directory.
pub fn dossier(args: &[&str]) -> Run {
    dossier_in(&repo(), args)
}

/// `dossier build --root ROOT --output-dir OUT [extra…]`, which must succeed.
pub fn build_ok(root: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = dossier(&args);
    assert_eq!(run.code, 0, "build failed: {}", run.stderr);
    run
}

/// Every file under `dir` (hidden ones included) with its bytes, keyed by
/// its path relative to `dir` with `/` separators.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            let key = rel.to_string_lossy().replace('\\', "/");
            files.insert(key, fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Asserts two trees hold the same files with the same bytes, naming the
/// first difference.
pub fn assert_same_tree(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    let ka: BTreeSet<_> = a.keys().collect();
    let kb: BTreeSet<_> = b.keys().collect();
    assert_eq!(ka, kb, "the two trees hold different files");
    for (k, v) in a {
        assert!(&b[k] == v, "{k} differs between the two trees");
    }
}

pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub fn parse(path: &Path) -> Html {
    Html::parse_document(&read(path))
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|e| panic!("selector {s}: {e:?}"))
}

/// Text of the first element matching `selector`, or a panic naming it.
pub fn text_of(doc: &Html, selector: &str) -> String {
    doc.select(&sel(selector))
        .next()
        .unwrap_or_else(|| panic!("no element matches `{selector}`"))
        .text()
        .collect()
}

/// Every `.html` file of a built site, relative to `out`.
pub fn html_pages(out: &Path) -> Vec<String> {
    read_tree(out)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect()
}

/// One parsed page: its links and the ids it defines.
struct PageLinks {
    links: Vec<String>,
    ids: Vec<String>,
}

fn page_links(doc: &Html) -> PageLinks {
    let mut links = Vec::new();
    let mut ids = Vec::new();
    for el in doc.select(&sel("*")) {
        for attr in ["href", "src"] {
            if let Some(v) = el.attr(attr) {
                links.push(v.to_string());
            }
        }
        if let Some(id) = el.attr("id") {
            ids.push(id.to_string());
        }
    }
    PageLinks { links, ids }
}

/// Resolves `target` (a path relative to the page `page`, both relative
/// to the site root) lexically; `None` when it climbs above the root.
fn resolve(page: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the page's own file name
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Checks every `href` and `src` of every page of the built site in `out`:
/// a relative link must name a file that exists in the output, and its
/// `#fragment` an `id` of the target page. Absolute links are allowed only
/// to other sites, or under `base_url` (which are then checked the same
/// way). Also checks that no page defines one id twice. Returns every
/// problem found, one line each.
pub fn link_problems(out: &Path, base_url: Option<&str>) -> Vec<String> {
    let pages: BTreeMap<String, PageLinks> = html_pages(out)
        .into_iter()
        .map(|p| {
            let links = page_links(&parse(&out.join(&p)));
            (p, links)
        })
        .collect();
    let mut problems = Vec::new();
    for (page, pl) in &pages {
        let mut seen = HashSet::new();
        for id in &pl.ids {
            if !seen.insert(id) {
                problems.push(format!("{page}: the id `{id}` is defined twice"));
            }
        }
        for link in &pl.links {
            let (target, from) = match base_url.and_then(|b| link.strip_prefix(b)) {
                // An absolute URL of the site itself (canonical, og:url, the
                // 404 page): a server maps a directory to its index.html.
                Some(rest) => {
                    let (path, frag) = rest.split_once('#').unwrap_or((rest, ""));
                    let mut path = path.to_string();
                    if path.is_empty() || path.ends_with('/') {
                        path.push_str("index.html");
                    }
                    let target = if frag.is_empty() {
                        path
                    } else {
                        format!("{path}#{frag}")
                    };
                    (target, "index.html".to_string())
                }
                None if link.contains("://")
                    || link.starts_with("mailto:")
                    || link.starts_with("//") =>
                {
                    continue;
                }
                None => (link.clone(), page.clone()),
            };
            if target.starts_with('/') {
                problems.push(format!("{page}: `{link}` is root-absolute, not relative"));
                continue;
            }
            let (path_part, fragment) = match target.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (target.clone(), None),
            };
            let path_part = path_part.split('?').next().unwrap_or("").to_string();
            let file = if path_part.is_empty() {
                Some(from.clone())
            } else {
                resolve(&from, &path_part)
            };
            let Some(file) = file else {
                problems.push(format!("{page}: `{link}` climbs above the site root"));
                continue;
            };
            if !out.join(&file).is_file() {
                // A link to a directory breaks from file://: pages name
                // index.html explicitly.
                problems.push(format!(
                    "{page}: `{link}` names {file}, which is not a file"
                ));
                continue;
            }
            if let Some(frag) = fragment.filter(|f| !f.is_empty()) {
                match pages.get(&file) {
                    Some(t) if t.ids.contains(&frag) => {}
                    Some(_) => problems.push(format!(
                        "{page}: `{link}`: {file} has no element with id `{frag}`"
                    )),
                    None => problems.push(format!(
                        "{page}: `{link}`: a fragment on {file}, which is not a page"
                    )),
                }
            }
        }
    }
    problems
}

/// The prose of a page: the text of its `.body` (the Markdown), outside
/// `pre` and `code`, where French typography must hold.
pub fn prose_text(doc: &Html) -> String {
    let mut s = String::new();
    for body in doc.select(&sel(".body")) {
        for node in body.descendants() {
            if let scraper::Node::Text(t) = node.value() {
                let in_code = node.ancestors().any(|a| {
                    a.value()
                        .as_element()
                        .is_some_and(|e| e.name() == "code" || e.name() == "pre")
                });
                if !in_code {
                    s.push_str(t);
                }
            }
        }
        s.push('\n');
    }
    s
}

/// Typography faults in French prose: straight quotes and apostrophes, an
/// ordinary space (or none) before `;` `!` `?` or before `:`.
pub fn french_typography_faults(prose: &str) -> Vec<String> {
    let chars: Vec<char> = prose.chars().collect();
    let mut faults = Vec::new();
    let context = |i: usize| -> String {
        chars[i.saturating_sub(20)..(i + 5).min(chars.len())]
            .iter()
            .collect()
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { Some(chars[i - 1]) } else { None };
        match c {
            '"' | '\'' => faults.push(format!("straight quote in `{}`", context(i))),
            ';' | '!' | '?'
                if prev.is_some_and(|p| p.is_alphanumeric() || p == ' ' || p == '\u{a0}') =>
            {
                faults.push(format!("no U+202F before `{c}` in `{}`", context(i)))
            }
            ':' if prev.is_some_and(|p| p == ' ' || p.is_alphabetic())
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace()) =>
            {
                faults.push(format!("no U+00A0 before `:` in `{}`", context(i)))
            }
            '«' if chars.get(i + 1) != Some(&'\u{a0}') => {
                faults.push(format!("no U+00A0 after « in `{}`", context(i)))
            }
            '»' if prev != Some('\u{a0}') => {
                faults.push(format!("no U+00A0 before » in `{}`", context(i)))
            }
            _ => {}
        }
    }
    faults
}
