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
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

use super::ScannedFile;
use super::html::{self, LABELS, Slot, Tokenizer};
use super::resolve::{self, Resolved, Unusable};

/// A string in a page's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    len: u32,
}

/// A link that may not work, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Index in [`LABELS`]: `a href`, `img src`…
    pub label: u8,
    /// The URL as written (character references decoded).
    pub url: Span,
    pub what: What,
}

/// What is known of a link when its page is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// Another file of the site; `fragment` is `None` when any place on
    /// the page will do (no fragment, `#`, `#top`).
    Target { path: Span, fragment: Option<Span> },
    /// Broken whatever the other files are.
    Unusable(Unusable),
    /// A fragment this page does not have.
    MissingFragment(Span),
}

/// The ids and the links that can fail of one HTML page.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct PageLinks {
    text: Box<str>,
    /// Sorted by text, without duplicates.
    ids: Box<[Span]>,
    pending: Box<[Pending]>,
    /// `http(s)` URLs without their fragment, once each, with the label of
    /// their first use.
    external: Box<[(Span, u8)]>,
    /// Every URL the page holds.
    links: usize,
}

impl PageLinks {
    pub fn text(&self, span: Span) -> &str {
        let start = span.start as usize;
        &self.text[start..start + span.len as usize]
    }

    /// Whether the page has an element with this id (or `<a name>`).
    pub fn has_id(&self, id: &str) -> bool {
        self.ids.binary_search_by(|s| self.text(*s).cmp(id)).is_ok()
    }

    pub fn pending(&self) -> &[Pending] {
        &self.pending
    }

    pub fn external(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.external
            .iter()
            .map(|(s, label)| (self.text(*s), label_name(*label)))
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
        let path = path.into();
        Scanner {
            html: path
                .ends_with(".html")
                .then(|| (Tokenizer::default(), Vec::new())),
            page: Page::new(path, base_url),
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

/// A page being scanned.
#[derive(Debug)]
struct Page<'a> {
    path: String,
    base_url: Option<&'a str>,
    text: String,
    /// Hash of a string → its span, to store each string once.
    strings: HashMap<u64, Span, NoHash>,
    ids: Vec<Span>,
    pending: Vec<Pending>,
    /// Fragments to find on this page, as indexes in `pending`.
    own_fragments: Vec<usize>,
    external: Vec<(Span, u8)>,
    external_seen: HashMap<u64, Span, NoHash>,
    /// External URLs whose hash another one already had.
    external_collisions: Vec<Span>,
    links: usize,
}

fn text_of(text: &str, span: Span) -> &str {
    &text[span.start as usize..][..span.len as usize]
}

/// Appends `s` to a page's strings.
fn push(text: &mut String, s: &str) -> Span {
    let span = Span {
        start: u32::try_from(text.len()).expect("a page's strings fit in 4 GB"),
        len: u32::try_from(s.len()).expect("a URL fits in 4 GB"),
    };
    text.push_str(s);
    span
}

/// The keys are already hashes.
type NoHash = BuildHasherDefault<IdentityHasher>;

#[derive(Default)]
struct IdentityHasher(u64);

impl std::hash::Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, _: &[u8]) {
        unreachable!("only u64 keys are hashed")
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A fast hash of a short string (the `FxHash` step, 8 bytes at a time):
/// collisions only cost a comparison, never a wrong answer.
fn hash(s: &str) -> u64 {
    #[cfg(test)]
    if tests::ALL_HASHES_COLLIDE.get() {
        return 0;
    }
    let mut h = s.len() as u64;
    for chunk in s.as_bytes().chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    h
}

impl<'a> Page<'a> {
    fn new(path: String, base_url: Option<&'a str>) -> Self {
        Page {
            path,
            base_url,
            text: String::with_capacity(1024),
            strings: HashMap::with_capacity_and_hasher(64, NoHash::default()),
            ids: Vec::new(),
            pending: Vec::new(),
            own_fragments: Vec::new(),
            external: Vec::new(),
            external_seen: HashMap::default(),
            external_collisions: Vec::new(),
            links: 0,
        }
    }

    fn text(&self, span: Span) -> &str {
        text_of(&self.text, span)
    }

    /// Stores `s` once; its span.
    fn store(&mut self, s: &str) -> Span {
        use std::collections::hash_map::Entry;
        match self.strings.entry(hash(s)) {
            Entry::Occupied(e) => {
                let span = *e.get();
                if text_of(&self.text, span) == s {
                    return span;
                }
                // A hash collision: the first string keeps the entry, the
                // other is stored again each time, only a little waste.
                push(&mut self.text, s)
            }
            Entry::Vacant(e) => *e.insert(push(&mut self.text, s)),
        }
    }

    fn id(&mut self, id: &str) {
        let span = push(&mut self.text, id);
        self.ids.push(span);
    }

    fn link(&mut self, label: u8, url: &str) {
        self.links += 1;
        let what = match resolve::resolve(&self.path, url, self.base_url) {
            Resolved::External => {
                if is_http(url) {
                    self.external(label, url.split('#').next().unwrap_or_default());
                }
                return;
            }
            Resolved::Unusable(u) => What::Unusable(u),
            Resolved::Internal { path, fragment } => {
                let fragment = fragment.filter(|f| !scrolls_to_top(f));
                if path == self.path {
                    let Some(fragment) = fragment else { return };
                    self.own_fragments.push(self.pending.len());
                    What::MissingFragment(self.store(&fragment))
                } else {
                    What::Target {
                        path: self.store(&path),
                        fragment: fragment.map(|f| self.store(&f)),
                    }
                }
            }
        };
        let url = self.store(url);
        self.pending.push(Pending { label, url, what });
    }

    /// Keeps the first use of each external URL.
    fn external(&mut self, label: u8, url: &str) {
        let key = hash(url);
        let known = self.external_seen.get(&key).copied();
        if known.is_some_and(|s| self.text(s) == url)
            || self
                .external_collisions
                .iter()
                .any(|s| self.text(*s) == url)
        {
            return;
        }
        let span = self.store(url);
        if known.is_some() {
            self.external_collisions.push(span);
        } else {
            self.external_seen.insert(key, span);
        }
        self.external.push((span, label));
    }

    fn finish(mut self) -> ScannedFile {
        let text = std::mem::take(&mut self.text);
        let by_text = |s: &Span| &text[s.start as usize..][..s.len as usize];
        self.ids.sort_unstable_by(|a, b| by_text(a).cmp(by_text(b)));
        self.ids.dedup_by(|a, b| by_text(a) == by_text(b));
        let ids = self.ids.into_boxed_slice();
        let has_id = |id: &str| ids.binary_search_by(|s| by_text(s).cmp(id)).is_ok();
        let mut found = vec![false; self.pending.len()];
        for &k in &self.own_fragments {
            if let What::MissingFragment(f) = self.pending[k].what {
                found[k] = has_id(by_text(&f));
            }
        }
        let mut found = found.into_iter();
        self.pending.retain(|_| !found.next().unwrap_or(false));
        ScannedFile {
            path: self.path,
            links: Some(PageLinks {
                text: text.into_boxed_str(),
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

    thread_local! {
        /// Makes every string hash alike, to test the collision paths.
        pub static ALL_HASHES_COLLIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    #[test]
    fn strings_whose_hashes_collide_are_still_told_apart() {
        let html = r##"<a href="https://a.org/">a</a><a href="https://b.org/">b</a>
            <a href="https://a.org/#x">a</a><a href="x/index.html">x</a><a href="y/index.html">y</a>
            <a href="x/index.html">x</a><a href="https://b.org/">b</a>"##;
        let normal = scan("index.html", html);
        ALL_HASHES_COLLIDE.set(true);
        let colliding = scan("index.html", html);
        ALL_HASHES_COLLIDE.set(false);
        assert_eq!(pending(&colliding), pending(&normal));
        assert_eq!(
            colliding.external().collect::<Vec<_>>(),
            [("https://a.org/", "a href"), ("https://b.org/", "a href")]
        );
        assert_eq!(normal.external().count(), 2);
    }

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
            [("https://other.org/p", "a href")]
        );
        assert!(page.has_id("notes") && page.has_id("late") && !page.has_id("nope"));
    }

    #[test]
    fn repeated_strings_are_stored_once() {
        let once = scan("index.html", r#"<a href="a/index.html">a</a>"#);
        let twice = scan(
            "index.html",
            r#"<a href="a/index.html">a</a><a href="a/index.html">again</a>"#,
        );
        assert_eq!(twice.pending().len(), 2);
        assert_eq!(twice.text, once.text);
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
