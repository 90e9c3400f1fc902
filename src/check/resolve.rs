//! Where a URL found in a page points, inside the built site or outside it.
//!
//! Resolution follows what a browser does with a relative URL on a page
//! opened from `file://` or from any sub-path of a server: the page's
//! directory, then `.` and `..` segments, then percent-decoding. A URL under
//! the site's `base_url` (canonical links, the Atom feed) is resolved from
//! the site root.

use percent_encoding::percent_decode_str;

/// What a URL is, once resolved against the page that holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another site (`https:`), or a scheme the checker does not follow
    /// (`mailto:`, `tel:`, `data:`).
    External,
    /// A file of the site, with the fragment to find in it, if any.
    Internal {
        /// Path inside the output directory, `/`-separated, decoded.
        path: String,
        fragment: Option<String>,
    },
    /// A link that cannot work wherever the site is published.
    Unusable(Unusable),
}

/// Why an internal link cannot work, before looking at the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unusable {
    /// `/x/index.html`: right only when the site is served at a domain's
    /// root, wrong under a sub-path, from `file://` or in an embed.
    RootAbsolute,
    /// So many `..` that the link leaves the site.
    OutsideSite,
    /// `articles/x/` instead of `articles/x/index.html`: a browser reading
    /// files from disk shows a folder listing, not the page.
    Directory { index: String },
}

/// Resolves `url`, found in the page at `page` (an output path such as
/// `articles/x/index.html`).
pub fn resolve(page: &str, url: &str, base_url: Option<&str>) -> Resolved {
    if let Some(rest) = base_url.and_then(|b| url.strip_prefix(b)) {
        // Served by a web server, which maps a folder to its index.html.
        let (path, fragment) = split(rest);
        let mut path = normalize("", path).unwrap_or_default();
        if path.is_empty() || path.ends_with('/') {
            path.push_str("index.html");
        }
        return Resolved::Internal { path, fragment };
    }
    if url.starts_with("//") || has_scheme(url) {
        return Resolved::External;
    }
    if url.starts_with('/') {
        return Resolved::Unusable(Unusable::RootAbsolute);
    }
    let (path, fragment) = split(url);
    if path.is_empty() {
        // `#x` or `?q`: the page itself.
        return Resolved::Internal {
            path: page.to_string(),
            fragment,
        };
    }
    let Some(resolved) = normalize(directory_of(page), path) else {
        return Resolved::Unusable(Unusable::OutsideSite);
    };
    if resolved.is_empty() || resolved.ends_with('/') {
        return Resolved::Unusable(Unusable::Directory {
            index: format!("{resolved}index.html"),
        });
    }
    Resolved::Internal {
        path: resolved,
        fragment,
    }
}

/// Whether `url` starts with a scheme (`https:`, `mailto:`), as the URL
/// standard defines one: a letter, then letters, digits, `+`, `-` or `.`.
fn has_scheme(url: &str) -> bool {
    let Some(colon) = url.find(':') else {
        return false;
    };
    let scheme = &url[..colon];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Splits the path from the fragment, dropping the query (a static site
/// serves the same file whatever the query).
fn split(url: &str) -> (&str, Option<String>) {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(decode(f))),
        None => (url, None),
    };
    let path = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(p, _)| p);
    (path, fragment)
}

fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `articles/x/index.html` → `articles/x/`; `index.html` → ``.
fn directory_of(page: &str) -> &str {
    page.rfind('/').map_or("", |i| &page[..=i])
}

/// Joins `path` to `dir` and applies `.` and `..`, keeping a trailing `/`.
/// `None` when the path climbs above the site root.
fn normalize(dir: &str, path: &str) -> Option<String> {
    if path.contains('%') {
        return normalize_decoding(dir, path);
    }
    // Without percent-escapes no segment holds a `/`, so the joined string
    // is its own stack of segments: `..` cuts at the last `/`.
    let mut out = String::with_capacity(dir.len() + path.len());
    for_each_segment(dir, |seg| push_segment(&mut out, seg));
    let mut inside = true;
    for_each_segment(path, |seg| match seg {
        "." => {}
        ".." if out.is_empty() => inside = false,
        ".." => out.truncate(out.rfind('/').unwrap_or(0)),
        s => push_segment(&mut out, s),
    });
    if !inside {
        return None;
    }
    finish_normalized(out, path)
}

/// Calls `f` with each non-empty `/`-separated segment of `s`.
fn for_each_segment(s: &str, mut f: impl FnMut(&str)) {
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        if b == b'/' {
            if i > start {
                f(&s[start..i]);
            }
            start = i + 1;
        }
    }
    if s.len() > start {
        f(&s[start..]);
    }
}

fn push_segment(out: &mut String, seg: &str) {
    if !out.is_empty() {
        out.push('/');
    }
    out.push_str(seg);
}

/// [`normalize`] for a path with percent-escapes: each segment is decoded
/// (`a%2Fb` is one segment named `a/b`, `%2E%2E` is not `..`).
fn normalize_decoding(dir: &str, path: &str) -> Option<String> {
    let mut segments: Vec<String> = dir
        .split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(decode(s)),
        }
    }
    finish_normalized(segments.join("/"), path)
}

fn finish_normalized(mut out: String, path: &str) -> Option<String> {
    let trailing_slash = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if (trailing_slash || path == "." || path == "..") && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(path: &str, fragment: Option<&str>) -> Resolved {
        Resolved::Internal {
            path: path.into(),
            fragment: fragment.map(Into::into),
        }
    }

    #[test]
    fn relative_links_resolve_from_the_page_directory() {
        let page = "articles/x/index.html";
        assert_eq!(
            resolve(page, "../../tags/gchq/index.html", None),
            internal("tags/gchq/index.html", None)
        );
        assert_eq!(
            resolve(page, "../../glossary/index.html#chiffrement", None),
            internal("glossary/index.html", Some("chiffrement"))
        );
        assert_eq!(
            resolve(page, "./img/a%20b.png?v=2", None),
            internal("articles/x/img/a b.png", None)
        );
        assert_eq!(resolve(page, "#notes", None), internal(page, Some("notes")));
        assert_eq!(
            resolve("index.html", "style.css", None),
            internal("style.css", None)
        );
    }

    #[test]
    fn percent_escapes_are_decoded_per_segment() {
        let page = "articles/x/index.html";
        assert_eq!(
            resolve(page, "../a%2Fb/../c%20d.html", None),
            internal("articles/c d.html", None)
        );
        assert_eq!(
            resolve(page, "%2E%2E/y.html", None),
            internal("articles/x/../y.html", None)
        );
        assert_eq!(
            resolve(page, "../../../a%20b.html", None),
            Resolved::Unusable(Unusable::OutsideSite)
        );
        assert_eq!(
            resolve(page, "./../y/./z/..", None),
            Resolved::Unusable(Unusable::Directory {
                index: "articles/y/index.html".into()
            })
        );
    }

    #[test]
    fn the_fast_path_agrees_with_segment_by_segment_resolution() {
        let parts = ["a", "b.html", ".", "..", "", "x y", "é"];
        for dir in ["", "articles/", "articles/x/", "a/b/c/"] {
            for n in 0..parts.len().pow(4) {
                let path: Vec<&str> = (0..4)
                    .map(|k| parts[n / parts.len().pow(k) % parts.len()])
                    .collect();
                let path = path.join("/");
                assert_eq!(
                    normalize(dir, &path),
                    normalize_decoding(dir, &path),
                    "{dir} + {path}"
                );
            }
        }
    }

    #[test]
    fn other_schemes_are_external() {
        for url in [
            "https://example.org/",
            "http://example.org/a#b",
            "//cdn.example.org/x.js",
            "mailto:a@example.org",
            "data:image/png;base64,AAAA",
        ] {
            assert_eq!(
                resolve("index.html", url, None),
                Resolved::External,
                "{url}"
            );
        }
        // A colon after a slash is part of a path, not a scheme.
        assert_eq!(
            resolve("index.html", "a/b:c.html", None),
            internal("a/b:c.html", None)
        );
    }

    #[test]
    fn links_that_break_somewhere_are_unusable() {
        assert_eq!(
            resolve("index.html", "/style.css", None),
            Resolved::Unusable(Unusable::RootAbsolute)
        );
        assert_eq!(
            resolve("tags/index.html", "../../x.html", None),
            Resolved::Unusable(Unusable::OutsideSite)
        );
        assert_eq!(
            resolve("articles/x/index.html", "../../tags/", None),
            Resolved::Unusable(Unusable::Directory {
                index: "tags/index.html".into()
            })
        );
        assert_eq!(
            resolve("tags/index.html", "..", None),
            Resolved::Unusable(Unusable::Directory {
                index: "index.html".into()
            })
        );
    }

    #[test]
    fn base_url_links_resolve_from_the_root_like_a_server() {
        let base = Some("https://ex.org/d/");
        assert_eq!(
            resolve("index.html", "https://ex.org/d/articles/x/", base),
            internal("articles/x/index.html", None)
        );
        assert_eq!(
            resolve("index.html", "https://ex.org/d/atom.xml", base),
            internal("atom.xml", None)
        );
        assert_eq!(
            resolve("index.html", "https://ex.org/d/", base),
            internal("index.html", None)
        );
        assert_eq!(
            resolve("index.html", "https://ex.org/other", base),
            Resolved::External
        );
    }
}
