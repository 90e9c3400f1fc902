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
pub mod intern;
pub mod origin;
pub mod resolve;
pub mod scan;

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::render::Output;
use intern::{Interner, Strings};
use origin::Origins;
use resolve::Unusable;
pub use scan::Scanner;
use scan::{PageLinks, Pending, What};

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
/// HTML page, its ids and the links that can fail. Small enough to keep
/// for every file while the pages themselves are written and dropped (see
/// `build`); made by a [`Scanner`].
#[derive(Debug)]
pub struct ScannedFile {
    pub path: String,
    /// `None` for a file that is not an HTML page.
    pub links: Option<PageLinks>,
}

impl ScannedFile {
    /// Scans a whole output file at once.
    pub fn of(o: &Output, base_url: Option<&str>) -> Self {
        let mut scanner = Scanner::new(o.path.as_str(), base_url);
        scanner.feed(&o.bytes);
        scanner.finish()
    }
}

/// Checks every link of every HTML output against the outputs; messages
/// follow the order of `outputs`.
pub fn check_links(outputs: &[Output], base_url: Option<&str>) -> LinkReport {
    check_scanned(
        outputs
            .par_iter()
            .map(|o| ScannedFile::of(o, base_url))
            .collect(),
    )
}

/// Checks the links of the scanned pages against the scanned files;
/// messages follow the order of `scanned`.
pub fn check_scanned(scanned: Vec<ScannedFile>) -> LinkReport {
    let mut collected = Collected::default();
    for f in scanned {
        collected.add(f);
    }
    collected.report()
}

/// What the link check keeps of a whole site while its pages are written
/// one by one: each page's ids and the links that can fail, with every
/// URL, path and fragment stored once for the site (at 10,000 articles
/// half a million links, mostly the same few thousand strings).
#[derive(Debug, Default)]
pub struct Collected {
    strings: Interner,
    files: Vec<CollectedFile>,
    /// The problems of [`LinkKind::Unusable`] links.
    unusable: Vec<Unusable>,
}

#[derive(Debug)]
struct CollectedFile {
    path: u32,
    page: Option<CollectedPage>,
}

#[derive(Debug)]
struct CollectedPage {
    /// The page's ids, sorted: id `i` is the `i`-th.
    ids: Strings,
    links: Box<[Link]>,
    external: Box<[(u32, u8)]>,
    count: usize,
}

impl CollectedPage {
    fn has_id(&self, id: &str) -> bool {
        let mut ids = 0..self.ids.len();
        while !ids.is_empty() {
            let mid = ids.start + ids.len() / 2;
            match self.ids.get(mid as u32).cmp(id) {
                std::cmp::Ordering::Less => ids.start = mid + 1,
                std::cmp::Ordering::Greater => ids.end = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// A link that can fail; strings are ids in [`Collected::strings`].
#[derive(Debug, Clone, Copy)]
struct Link {
    url: u32,
    /// The target path, or the index of an unusable link's problem.
    target: u32,
    /// [`NO_FRAGMENT`] when any place on the target will do.
    fragment: u32,
    label: u8,
    kind: LinkKind,
}

const NO_FRAGMENT: u32 = u32::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LinkKind {
    Target,
    Unusable,
    /// A fragment the page itself does not have.
    MissingFragment,
}

impl Collected {
    /// Adds one scanned file, keeping only the compact part.
    pub fn add(&mut self, file: ScannedFile) {
        let path = self.strings.intern(&file.path);
        let page = file.links.map(|page| CollectedPage {
            ids: page.ids().collect(),
            links: page.pending().iter().map(|l| self.link(&page, l)).collect(),
            external: page
                .external()
                .map(|(url, label)| (self.strings.intern(url), label))
                .collect(),
            count: page.links(),
        });
        self.files.push(CollectedFile { path, page });
    }

    fn link(&mut self, page: &PageLinks, link: &Pending) -> Link {
        let url = self.strings.intern(page.text(link.url));
        let (kind, target, fragment) = match &link.what {
            What::Target { path, fragment } => (
                LinkKind::Target,
                self.strings.intern(page.text(*path)),
                fragment.map_or(NO_FRAGMENT, |f| self.strings.intern(page.text(f))),
            ),
            What::Unusable(u) => {
                self.unusable.push(u.clone());
                (
                    LinkKind::Unusable,
                    (self.unusable.len() - 1) as u32,
                    NO_FRAGMENT,
                )
            }
            What::MissingFragment(f) => (
                LinkKind::MissingFragment,
                0,
                self.strings.intern(page.text(*f)),
            ),
        };
        Link {
            url,
            target,
            fragment,
            label: link.label,
            kind,
        }
    }

    /// Puts the files in path order, so messages come out the same way
    /// whatever order the pages were done in.
    pub fn sort_by_path(&mut self) {
        let strings = &self.strings;
        self.files
            .sort_by(|a, b| strings.get(a.path).cmp(strings.get(b.path)));
    }

    /// Checks the links against the files; messages follow the files'
    /// order.
    pub fn report(self) -> LinkReport {
        // What each string is, if it is the path of a file.
        let mut file_at: Vec<Option<&CollectedFile>> = vec![None; self.strings.len()];
        for f in &self.files {
            file_at[f.path as usize] = Some(f);
        }
        let mut report = LinkReport {
            pages: self.files.iter().filter(|f| f.page.is_some()).count(),
            ..LinkReport::default()
        };
        for f in &self.files {
            let Some(page) = &f.page else { continue };
            let path = self.strings.get(f.path);
            report.links += page.count;
            for &(url, label) in &page.external {
                let url = self.strings.get(url);
                if !report.external.contains_key(url) {
                    report.external.insert(
                        url.to_string(),
                        (path.to_string(), scan::label_name(label).to_string()),
                    );
                }
            }
            for link in &page.links {
                if let Some(problem) = self.problem(path, link, &file_at) {
                    report.broken.push(BrokenLink {
                        page: path.to_string(),
                        attribute: scan::label_name(link.label).to_string(),
                        url: self.strings.get(link.url).to_string(),
                        problem,
                    });
                }
            }
        }
        drop_echoes_in_derived_views(&mut report.broken);
        report
    }

    /// What is wrong with a link of the page at `path`, if anything.
    fn problem(
        &self,
        path: &str,
        link: &Link,
        file_at: &[Option<&CollectedFile>],
    ) -> Option<Problem> {
        let fragment = (link.fragment != NO_FRAGMENT).then(|| self.strings.get(link.fragment));
        match link.kind {
            LinkKind::Unusable => Some(Problem::Unusable(
                self.unusable[link.target as usize].clone(),
            )),
            LinkKind::MissingFragment => Some(Problem::MissingFragment {
                target: path.to_string(),
                fragment: fragment.unwrap_or_default().to_string(),
            }),
            LinkKind::Target => {
                let target = self.strings.get(link.target);
                let Some(file) = file_at[link.target as usize] else {
                    return Some(Problem::MissingFile {
                        target: target.to_string(),
                    });
                };
                let fragment = fragment?;
                // Fragments of files that are not pages are not checked.
                let page = file.page.as_ref()?;
                (!page.has_id(fragment)).then(|| Problem::MissingFragment {
                    target: target.to_string(),
                    fragment: fragment.to_string(),
                })
            }
        }
    }
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

    #[test]
    fn pages_scanned_in_chunks_report_what_whole_outputs_report() {
        let mut outputs = site();
        outputs.push(out(
            "tags/index.html",
            r##"<a href="../articles/b/index.html">b</a><a href="#self">self</a>
            <a href="../articles/a/index.html#nope">a</a><a href="../index.html#contenu">ok</a>
            <a href="../articles/a/">folder</a><img src="/logo.png" alt="">
            <a href="https://example.org/z">z</a><a href="../articles/b/index.html">again</a>"##,
        ));
        let whole = check_links(&outputs, None);
        assert_eq!(whole.broken.len(), 6);
        let scanned = outputs
            .iter()
            .map(|o| {
                let mut s = Scanner::new(o.path.as_str(), None);
                for chunk in o.bytes.chunks(7) {
                    s.feed(chunk);
                }
                s.finish()
            })
            .collect();
        let streamed = check_scanned(scanned);
        assert_eq!(streamed.broken, whole.broken);
        assert_eq!(streamed.external, whole.external);
        assert_eq!((streamed.pages, streamed.links), (whole.pages, whole.links));
    }

    #[test]
    fn pages_collected_in_any_order_report_in_path_order() {
        let mut outputs = site();
        outputs.push(out("b/index.html", r#"<a href="../nope.html">x</a>"#));
        outputs.push(out("a/index.html", r#"<a href="../index.html#nope">x</a>"#));
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        let sorted = check_links(&outputs, None);
        let mut collected = Collected::default();
        for o in outputs.iter().rev() {
            collected.add(ScannedFile::of(o, None));
        }
        collected.sort_by_path();
        let report = collected.report();
        assert_eq!(report.broken, sorted.broken);
        assert_eq!(
            report
                .broken
                .iter()
                .map(|b| b.page.as_str())
                .collect::<Vec<_>>(),
            ["a/index.html", "b/index.html"]
        );
    }
}
