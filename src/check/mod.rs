//! Reader-quality checks on the rendered site, before anything is written.
//!
//! The link check works on the in-memory outputs of a render: every URL
//! that an HTML page holds must name a file of the site, and every
//! `#fragment` an id on its target page. A broken link is reported against
//! the file a person can fix: the content file that wrote it, else the
//! template, else the page itself ([`origin`]). `dossier check` fails on
//! them; `dossier build` warns and writes the site anyway.

pub mod external;
pub mod html;
pub mod origin;
pub mod resolve;

use std::collections::{BTreeMap, HashMap, HashSet};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::render::Output;
use html::PageLinks;
use origin::Origins;
use resolve::{Resolved, Unusable};

/// One link that does not work, with the page that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// Output path of the page holding the link.
    pub page: String,
    /// `a href`, `img src`…
    pub attribute: String,
    pub url: String,
    pub problem: Problem,
}

/// Why a link does not work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Unusable(Unusable),
    /// No output file at the resolved path.
    MissingFile {
        target: String,
    },
    /// The target page has no element with this id.
    MissingFragment {
        target: String,
        fragment: String,
    },
}

/// The outcome of a link check.
#[derive(Debug, Default)]
pub struct LinkReport {
    pub pages: usize,
    pub links: usize,
    pub broken: Vec<BrokenLink>,
    /// External `http(s)` URLs (fragment removed) → the first page and
    /// attribute that use them, for `--external`.
    pub external: BTreeMap<String, (String, String)>,
}

/// What the link check needs of one output file: its path and, for an
/// HTML page, its ids and links. Small enough to keep for every file while
/// the pages themselves are written and dropped (see `build`).
#[derive(Debug)]
pub struct ScannedFile {
    pub path: String,
    /// `None` for a file that is not an HTML page.
    pub links: Option<PageLinks>,
}

impl ScannedFile {
    pub fn of(o: &Output) -> Self {
        ScannedFile {
            path: o.path.clone(),
            links: is_html(&o.path).then(|| html::scan(&String::from_utf8_lossy(&o.bytes))),
        }
    }
}

/// Checks every link of every HTML output against the outputs.
pub fn check_links(outputs: &[Output], base_url: Option<&str>) -> LinkReport {
    check_scanned(outputs.par_iter().map(ScannedFile::of).collect(), base_url)
}

/// Checks every link of the scanned pages against the scanned files;
/// messages follow the order of `scanned`.
pub fn check_scanned(scanned: Vec<ScannedFile>, base_url: Option<&str>) -> LinkReport {
    let files: HashSet<&str> = scanned.iter().map(|f| f.path.as_str()).collect();
    let pages: HashMap<&str, &PageLinks> = scanned
        .iter()
        .filter_map(|f| f.links.as_ref().map(|l| (f.path.as_str(), l)))
        .collect();
    let mut report = LinkReport {
        pages: pages.len(),
        ..LinkReport::default()
    };
    for f in &scanned {
        let Some(page) = &f.links else { continue };
        for link in &page.links {
            report.links += 1;
            let problem = match resolve::resolve(&f.path, &link.url, base_url) {
                Resolved::External => {
                    if is_http(&link.url) {
                        let url = link.url.split('#').next().unwrap_or_default().to_string();
                        report
                            .external
                            .entry(url)
                            .or_insert_with(|| (f.path.clone(), link.attribute.clone()));
                    }
                    None
                }
                Resolved::Unusable(u) => Some(Problem::Unusable(u)),
                Resolved::Internal { path, fragment } => {
                    target_problem(&files, &pages, path, fragment)
                }
            };
            if let Some(problem) = problem {
                report.broken.push(BrokenLink {
                    page: f.path.clone(),
                    attribute: link.attribute.clone(),
                    url: link.url.clone(),
                    problem,
                });
            }
        }
    }
    drop_echoes_in_derived_views(&mut report.broken);
    report
}

/// Output folders whose pages are re-renderings of other pages (embed
/// views, the print view): a link broken in an article is broken in its
/// embed view and in the print view too, and one report is enough, the
/// one on the page that names the content file.
const DERIVED_VIEWS: &[&str] = &["embed/", "print/"];

fn is_derived(page: &str) -> bool {
    DERIVED_VIEWS.iter().any(|d| page.starts_with(d))
}

/// Removes broken links of derived views that repeat a broken link of an
/// ordinary page: same missing file, or the same missing fragment (derived
/// views prefix ids, `article-x--note` for `note`).
fn drop_echoes_in_derived_views(broken: &mut Vec<BrokenLink>) {
    let canonical: Vec<Problem> = broken
        .iter()
        .filter(|b| !is_derived(&b.page))
        .map(|b| b.problem.clone())
        .collect();
    let echoes = |p: &Problem| {
        canonical.iter().any(|c| match (c, p) {
            (Problem::MissingFile { target: a }, Problem::MissingFile { target: b }) => a == b,
            (
                Problem::MissingFragment { fragment: a, .. },
                Problem::MissingFragment { fragment: b, .. },
            ) => b == a || b.ends_with(&format!("-{a}")),
            (Problem::Unusable(a), Problem::Unusable(b)) => a == b,
            _ => false,
        })
    };
    broken.retain(|b| !is_derived(&b.page) || !echoes(&b.problem));
}

/// Whether the file exists and, for an HTML page, holds the fragment.
fn target_problem(
    files: &HashSet<&str>,
    pages: &HashMap<&str, &PageLinks>,
    path: String,
    fragment: Option<String>,
) -> Option<Problem> {
    if !files.contains(path.as_str()) {
        return Some(Problem::MissingFile { target: path });
    }
    let fragment = fragment?;
    // `#` and `#top` scroll to the top of any page (HTML standard,
    // "scroll to the fragment").
    if fragment.is_empty() || fragment.eq_ignore_ascii_case("top") {
        return None;
    }
    let target = pages.get(path.as_str())?;
    (!target.ids.contains(&fragment)).then_some(Problem::MissingFragment {
        target: path,
        fragment,
    })
}

fn is_html(path: &str) -> bool {
    path.ends_with(".html")
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

impl BrokenLink {
    /// What is wrong, in the reader's terms.
    pub fn message(&self) -> String {
        let what = match &self.problem {
            Problem::Unusable(Unusable::RootAbsolute) => {
                "starts with `/`, so it breaks under a sub-path, from file:// and in embeds"
                    .to_string()
            }
            Problem::Unusable(Unusable::OutsideSite) => "points outside the site".to_string(),
            Problem::Unusable(Unusable::Directory { .. }) => {
                "points to a folder, which a browser shows as a file listing from file://"
                    .to_string()
            }
            Problem::MissingFile { target } => {
                format!("points to `{target}`, which does not exist")
            }
            Problem::MissingFragment { target, fragment } => {
                format!("points to `#{fragment}`, which is not an id on `{target}`")
            }
        };
        format!(
            "broken link `{}` ({}) on page `{}`: {what}",
            self.url, self.attribute, self.page
        )
    }

    /// How to fix it.
    pub fn hint(&self) -> String {
        match &self.problem {
            Problem::Unusable(Unusable::RootAbsolute) | Problem::Unusable(Unusable::OutsideSite) => {
                "write the link relative to the page (`../other/index.html`)".to_string()
            }
            Problem::Unusable(Unusable::Directory { index }) => {
                format!("name the file: link to `{index}` (relative to the site root)")
            }
            Problem::MissingFile { .. } => {
                "check the spelling and the number of `../`; the file must be in content/ or static/"
                    .to_string()
            }
            Problem::MissingFragment { .. } => {
                "use an id the target page has (a heading, a glossary term, a timeline event)"
                    .to_string()
            }
        }
    }
}

/// The broken links as diagnostics, each against the file to fix.
pub fn diagnostics(broken: &[BrokenLink], origins: &Origins) -> Vec<Diagnostic> {
    broken
        .iter()
        .map(|b| {
            let at = origins.locate(&b.page, &b.url);
            let mut d = Diagnostic::new(at.file, b.message()).hint(b.hint());
            if let Some((line, column)) = at.position {
                d = d.at(line, column);
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(path: &str, html: &str) -> Output {
        Output {
            path: path.into(),
            bytes: html.as_bytes().to_vec(),
        }
    }

    fn site() -> Vec<Output> {
        vec![
            out(
                "index.html",
                r##"<link rel="stylesheet" href="style.css"><main id="contenu"><a href="#contenu">skip</a>
                <a href="articles/a/index.html#notes">a</a>
                <a href="https://example.org/x#y">ext</a><a href="https://example.org/x">again</a>
                <a href="mailto:x@example.org">mail</a></main>"##,
            ),
            out("style.css", "body{}"),
            out(
                "articles/a/index.html",
                r##"<h2 id="notes">Notes</h2><a href="../../index.html">home</a><a href="#top">top</a>"##,
            ),
        ]
    }

    #[test]
    fn a_sound_site_has_no_broken_links() {
        let report = check_links(&site(), None);
        assert_eq!(report.broken, vec![]);
        assert_eq!(report.pages, 2);
        assert_eq!(report.links, 8);
        assert_eq!(
            report.external.keys().collect::<Vec<_>>(),
            vec!["https://example.org/x"]
        );
    }

    #[test]
    fn missing_files_fragments_and_folder_links_are_reported() {
        let mut outputs = site();
        outputs.push(out(
            "tags/index.html",
            r##"<a href="../articles/b/index.html">b</a>
            <a href="../articles/a/index.html#nope">a</a>
            <a href="../articles/a/">folder</a>
            <img src="/logo.png" alt="">"##,
        ));
        let report = check_links(&outputs, None);
        let problems: Vec<&Problem> = report.broken.iter().map(|b| &b.problem).collect();
        assert_eq!(
            problems,
            vec![
                &Problem::MissingFile {
                    target: "articles/b/index.html".into()
                },
                &Problem::MissingFragment {
                    target: "articles/a/index.html".into(),
                    fragment: "nope".into()
                },
                &Problem::Unusable(Unusable::Directory {
                    index: "articles/a/index.html".into()
                }),
                &Problem::Unusable(Unusable::RootAbsolute),
            ]
        );
        assert!(report.broken.iter().all(|b| b.page == "tags/index.html"));
        assert!(report.broken[1].message().contains("`#nope`"));
    }

    #[test]
    fn fragments_on_files_that_are_not_pages_are_not_checked() {
        let outputs = vec![
            out("index.html", r#"<a href="data.json#x">data</a>"#),
            out("data.json", "{}"),
        ];
        assert_eq!(check_links(&outputs, None).broken, vec![]);
    }
}
