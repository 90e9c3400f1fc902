//! What the link check keeps of one page: only the links that can still
//! fail, already resolved, and the ids, all in one compact block.
//!
//! A build scans every page as it is written and keeps the result until
//! the last page is done (a link's target may come later), so at 10,000
//! articles this is half a million links. Each link is resolved when it is
//! found: external URLs and links to the page itself are settled at once
//! (they cannot depend on another page), and what remains is a target path
//! and a fragment. Strings live in one buffer per page, each distinct
//! string once.

use std::borrow::Cow;
use std::collections::HashSet;

use super::ScannedFile;
use super::html::{self, LABELS, Slot, Tokenizer};
use super::intern::{Interner, Strings};
use super::resolve::{self, Resolved, Unusable};

/// A link that may not work, in document order. Strings are ids in the
/// page's [`Strings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Index in [`LABELS`]: `a href`, `img src`…
    pub label: u8,
    /// The URL as written (character references decoded).
    pub url: u32,
    pub what: What,
}

/// What is known of a link when its page is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// Another file of the site; `fragment` is `None` when any place on
    /// the page will do (no fragment, `#`, `#top`).
    Target { path: u32, fragment: Option<u32> },
    /// Broken whatever the other files are.
    Unusable(Unusable),
    /// A fragment this page does not have.
    MissingFragment(u32),
}

/// The ids and the links that can fail of one HTML page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageLinks {
    strings: Strings,
    /// Sorted by text, without duplicates.
    ids: Box<[u32]>,
    pending: Box<[Pending]>,
    /// `http(s)` URLs without their fragment, once each, with the label of
    /// their first use.
    external: Box<[(u32, u8)]>,
    /// Every URL the page holds.
    links: usize,
}

impl PageLinks {
    pub fn text(&self, id: u32) -> &str {
        self.strings.get(id)
    }

    /// The page's ids (and `<a name>`s), sorted.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> {
        self.ids.iter().map(|&id| self.strings.get(id))
    }

    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    /// `http(s)` URLs and the label (index in [`LABELS`]) of their first
    /// use.
    pub fn external(&self) -> impl Iterator<Item = (&str, u8)> {
        self.external
            .iter()
            .map(|(s, label)| (self.strings.get(*s), *label))
    }

    pub fn links(&self) -> usize {
        self.links
    }
}

/// `a href`, `img srcset`… for messages.
pub fn label_name(label: u8) -> &'static str {
    LABELS[usize::from(label)]
}

/// Reads one output file in chunks (split anywhere, even inside a tag or
/// a UTF-8 character) and keeps what the link check needs of it:
///
/// ```
/// # use dossier::check::scan::Scanner;
/// let mut s = Scanner::new("index.html", None);
/// s.feed(b"<h2 id=\"a\">A</h2><a hr");
/// s.feed(b"ef=\"#b\">B</a>");
/// let scanned = s.finish();
/// assert_eq!(scanned.links.unwrap().pending().len(), 1);
/// ```
#[derive(Debug)]
pub struct Scanner<'a> {
    page: Page<'a>,
    /// `None` for a file that is not an HTML page: its bytes are ignored.
    html: Option<(Tokenizer, Vec<u8>)>,
}

impl<'a> Scanner<'a> {
    /// A scanner for the output file at `path` (`articles/x/index.html`);
    /// `base_url` is the site's, whose URLs point inside the site.
    pub fn new(path: impl Into<String>, base_url: Option<&'a str>) -> Self {
        let path: String = path.into();
        let html = path.ends_with(".html");
        Scanner {
            html: html.then(|| (Tokenizer::default(), Vec::new())),
            page: Page::new(path, base_url, html),
        }
    }

    /// Reads the next bytes of the file.
    pub fn feed(&mut self, chunk: &[u8]) {
        let Some((tokenizer, held)) = &mut self.html else {
            return;
        };
        if held.is_empty() {
            let used = tokenizer.feed(chunk, false, &mut self.page);
            held.extend_from_slice(&chunk[used..]);
        } else {
            // The last chunk ended in the middle of a lookahead: read the
            // few bytes held back together with this chunk.
            held.extend_from_slice(chunk);
            let used = tokenizer.feed(held, false, &mut self.page);
            held.drain(..used);
        }
        debug_assert!(held.len() <= html::MAX_LOOKAHEAD);
    }

    /// What the check needs of the file.
    pub fn finish(mut self) -> ScannedFile {
        let Some((mut tokenizer, held)) = self.html.take() else {
            return ScannedFile {
                path: self.page.path,
                links: None,
            };
        };
        tokenizer.feed(&held, true, &mut self.page);
        self.page.finish()
    }
}

thread_local! {
    /// The strings of the page a thread is scanning, kept from one page to
    /// the next: allocating them for each page cost as much as a tenth of
    /// the scan.
    static SCRATCH: std::cell::RefCell<Interner> = std::cell::RefCell::default();
}

/// The most strings a scratch [`Interner`] may have room for and still be
/// kept for the next page.
const SCRATCH_CAPACITY: usize = 4096;

/// A scanner is where a streamed page is written on its way to disk.
impl std::io::Write for Scanner<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.feed(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A page being scanned.
#[derive(Debug)]
struct Page<'a> {
    path: String,
    base_url: Option<&'a str>,
    strings: Interner,
    ids: Vec<u32>,
    pending: Vec<Pending>,
    /// Fragments to find on this page, as indexes in `pending`.
    own_fragments: Vec<usize>,
    external: Vec<(u32, u8)>,
    external_seen: HashSet<u32>,
    links: usize,
}

impl<'a> Page<'a> {
    fn new(path: String, base_url: Option<&'a str>, html: bool) -> Self {
        Page {
            path,
            base_url,
            strings: if html {
                SCRATCH.take()
            } else {
                Interner::default()
            },
            ids: Vec::new(),
            pending: Vec::new(),
            own_fragments: Vec::new(),
            external: Vec::new(),
            external_seen: HashSet::new(),
            links: 0,
        }
    }

    fn id(&mut self, id: &str) {
        let id = self.strings.intern(id);
        self.ids.push(id);
    }

    fn link(&mut self, label: u8, url: &str) {
        self.links += 1;
        let what = match resolve::resolve(&self.path, url, self.base_url) {
            Resolved::External => {
                if is_http(url) {
                    let url = self
                        .strings
                        .intern(url.split('#').next().unwrap_or_default());
                    if self.external_seen.insert(url) {
                        self.external.push((url, label));
                    }
                }
                return;
            }
            Resolved::Unusable(u) => What::Unusable(u),
            Resolved::Internal { path, fragment } => {
                let fragment = fragment.filter(|f| !scrolls_to_top(f));
                if path == self.path {
                    let Some(fragment) = fragment else { return };
                    self.own_fragments.push(self.pending.len());
                    What::MissingFragment(self.strings.intern(&fragment))
                } else {
                    What::Target {
                        path: self.strings.intern(&path),
                        fragment: fragment.map(|f| self.strings.intern(&f)),
                    }
                }
            }
        };
        let url = self.strings.intern(url);
        self.pending.push(Pending { label, url, what });
    }

    fn finish(mut self) -> ScannedFile {
        let strings = self.strings.to_strings();
        // A big page (the print view) leaves a big index; clearing it would
        // cost each later page as much.
        if self.strings.capacity() <= SCRATCH_CAPACITY {
            self.strings.clear();
            SCRATCH.set(std::mem::take(&mut self.strings));
        }
        self.ids
            .sort_unstable_by(|a, b| strings.get(*a).cmp(strings.get(*b)));
        self.ids.dedup();
        let ids = self.ids.into_boxed_slice();
        let has_id = |id: &str| ids.binary_search_by(|s| strings.get(*s).cmp(id)).is_ok();
        let mut found = vec![false; self.pending.len()];
        for &k in &self.own_fragments {
            if let What::MissingFragment(f) = self.pending[k].what {
                found[k] = has_id(strings.get(f));
            }
        }
        let mut found = found.into_iter();
        self.pending.retain(|_| !found.next().unwrap_or(false));
        ScannedFile {
            path: self.path,
            links: Some(PageLinks {
                strings,
                ids,
                pending: self.pending.into_boxed_slice(),
                external: self.external.into_boxed_slice(),
                links: self.links,
            }),
        }
    }
}

impl html::Sink for Page<'_> {
    fn start_tag(&mut self, attributes: &[(Slot, &[u8])]) {
        found_in(attributes, |found| match found {
            Found::Id(id) => self.id(id),
            Found::Link(label, url) => self.link(label, url),
        });
    }
}

/// An id or a URL of a start tag.
#[derive(Debug)]
pub(crate) enum Found<'s> {
    Id(&'s str),
    /// A label (index in [`LABELS`]) and a URL.
    Link(u8, &'s str),
}

/// The ids and URLs of a start tag's reported attributes, in order, with
/// their character references decoded.
pub(crate) fn found_in(attributes: &[(Slot, &[u8])], mut f: impl FnMut(Found<'_>)) {
    for &(slot, raw) in attributes {
        let value = match std::str::from_utf8(raw) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) => String::from_utf8_lossy(raw),
        };
        let value = decode(&value);
        match slot {
            Slot::Id | Slot::AnchorName => f(Found::Id(&value)),
            Slot::Url(label) => f(Found::Link(label, value.trim())),
            Slot::Srcset(label) => {
                for url in srcset_urls(&value) {
                    f(Found::Link(label, url));
                }
            }
            Slot::FontPresentation | Slot::Encoding => {}
        }
    }
}

/// `#` and `#top` scroll to the top of any page (HTML standard, "scroll to
/// the fragment"), so they only need the page.
fn scrolls_to_top(fragment: &str) -> bool {
    fragment.is_empty() || fragment.eq_ignore_ascii_case("top")
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// An attribute value with its character references decoded: named ones
/// (`&amp;`, `&quot;`, `&nbsp;`…) and numeric ones (`&#38;`, `&#x26;`).
/// References without their `;` are left as written: in an attribute,
/// browsers do not decode them either when a letter, digit or `=` follows
/// (`?a=1&copy=2`), the usual case in URLs.
fn decode(value: &str) -> Cow<'_, str> {
    html_escape::decode_html_entities(value)
}

/// The URLs of a `srcset`: each candidate is a URL, then an optional
/// descriptor, separated by commas.
fn srcset_urls(set: &str) -> impl Iterator<Item = &str> {
    set.split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(path: &str, html: &str) -> PageLinks {
        let mut s = Scanner::new(path, Some("https://ex.org/d/"));
        s.feed(html.as_bytes());
        s.finish().links.expect("an HTML page")
    }

    /// (label, URL, what) of the links that can fail, in order.
    fn pending(page: &PageLinks) -> Vec<(&str, &str, String)> {
        page.pending()
            .iter()
            .map(|p| {
                let what = match &p.what {
                    What::Target { path, fragment } => format!(
                        "{}#{}",
                        page.text(*path),
                        fragment.map_or("-", |f| page.text(f))
                    ),
                    What::Unusable(u) => format!("{u:?}"),
                    What::MissingFragment(f) => format!("missing #{}", page.text(*f)),
                };
                (label_name(p.label), page.text(p.url), what)
            })
            .collect()
    }

    #[test]
    fn only_links_that_can_fail_are_kept_resolved() {
        let page = scan(
            "articles/a/index.html",
            r##"<h2 id="notes">N</h2><a href="#notes">ok</a><a href="#nope">no</a>
            <a href="#top">top</a><a href="index.html">self</a><a href="?q=1">self</a>
            <a href="../b/index.html#x%20y">b</a><a href="../b/index.html#top">b</a>
            <a href="/x.html">root</a><a href="https://ex.org/d/tags/">base</a>
            <a href="https://other.org/p#f">ext</a><img src="https://other.org/p">
            <a href="mailto:a@b.c">mail</a><a href="#late">late</a><p id="late">"##,
        );
        assert_eq!(
            pending(&page),
            [
                ("a href", "#nope", "missing #nope".to_string()),
                (
                    "a href",
                    "../b/index.html#x%20y",
                    "articles/b/index.html#x y".into()
                ),
                (
                    "a href",
                    "../b/index.html#top",
                    "articles/b/index.html#-".into()
                ),
                ("a href", "/x.html", "RootAbsolute".into()),
                (
                    "a href",
                    "https://ex.org/d/tags/",
                    "tags/index.html#-".into()
                ),
            ]
        );
        assert_eq!(page.links(), 13);
        assert_eq!(
            page.external().collect::<Vec<_>>(),
            [("https://other.org/p", 0)]
        );
        assert_eq!(page.ids().collect::<Vec<_>>(), ["late", "notes"]);
    }

    #[test]
    fn repeated_strings_are_stored_once() {
        let once = scan("index.html", r#"<a href="a/index.html" id="x">a</a>"#);
        let twice = scan(
            "index.html",
            r#"<a href="a/index.html" id="x">a</a><a href="a/index.html" name="x">again</a>"#,
        );
        assert_eq!(twice.pending().len(), 2);
        assert_eq!(twice.pending()[0], twice.pending()[1]);
        assert_eq!(twice.strings, once.strings);
        assert_eq!(twice.ids().count(), 1);
    }

    #[test]
    fn files_that_are_not_pages_are_not_read() {
        let mut s = Scanner::new("data.json", None);
        s.feed(br#"{"a": "<a href='x.html'>"}"#);
        let scanned = s.finish();
        assert_eq!(scanned.path, "data.json");
        assert!(scanned.links.is_none());
    }

    #[test]
    fn a_page_fed_in_pieces_scans_as_a_whole() {
        let html = r##"<p id="é">é</p><a href="../b/index.html#é">b</a><!-- <a href="c"> -->
            <script>if (a<b) x('</p>')</script><a href='#é'>é</a><a href=#missing>"##;
        let whole = scan("articles/a/index.html", html);
        assert_eq!(whole.pending().len(), 2);
        let bytes = html.as_bytes();
        for size in 1..=bytes.len() {
            let mut s = Scanner::new("articles/a/index.html", Some("https://ex.org/d/"));
            for chunk in bytes.chunks(size) {
                s.feed(chunk);
            }
            assert_eq!(s.finish().links.as_ref(), Some(&whole), "chunks of {size}");
        }
    }
}
