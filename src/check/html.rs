//! What the link checker needs from one HTML page: the ids it defines and
//! the URLs it points to.
//!
//! Pages are read with `lol_html`'s streaming HTML tokenizer, which follows
//! the HTML5 tokenization rules (text inside `<script>`, `<style>` or comments
//! is never mistaken for markup) without building a document tree: the print
//! page holds the whole dossier, and its tree was the memory peak of a build.
//! `lol_html` hands attribute values as written, so their character
//! references are decoded here (`&amp;` → `&`, `&#x2F;` → `/`) with
//! `html-escape`, as a browser would before following the URL.

use std::borrow::Cow;
use std::collections::HashSet;

use lol_html::html_content::Element;
use lol_html::{HtmlRewriter, Settings, element};

/// Attributes that hold one URL, by element.
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("track", "src"),
    ("audio", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("object", "data"),
    ("form", "action"),
    ("blockquote", "cite"),
    ("q", "cite"),
];

/// Attributes that hold a list of image candidates (`url 2x, url 640w`).
const SRCSET_ATTRIBUTES: &[(&str, &str)] = &[("img", "srcset"), ("source", "srcset")];

/// One URL found in a page, as written (character references decoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// `a href`, `img src`… for messages.
    pub attribute: String,
    pub url: String,
}

/// The ids a page defines and the links it holds.
#[derive(Debug, Default)]
pub struct PageLinks {
    /// Every `id`, and the `name` of `<a>` elements (the old way to make a
    /// fragment target, which browsers still follow).
    pub ids: HashSet<String>,
    pub links: Vec<Link>,
}

/// Parses a page and collects its ids and links, in document order.
pub fn scan(html: &str) -> PageLinks {
    let mut page = PageLinks::default();
    let mut rewriter = HtmlRewriter::new(
        Settings::new().append_element_content_handler(element!("*", |el| {
            collect(el, &mut page);
            Ok(())
        })),
        // Only the handlers' findings matter: the rewritten page is dropped.
        |_: &[u8]| {},
    );
    // Without handlers that fail or limits, the tokenizer accepts any text
    // (it recovers from bad markup as a browser does); an error would only
    // leave the rest of the page unscanned.
    match rewriter.write(html.as_bytes()) {
        Ok(()) => {
            let _ = rewriter.end();
        }
        Err(_) => drop(rewriter),
    }
    page
}

/// The ids and links of one element.
fn collect(el: &Element, page: &mut PageLinks) {
    let name = el.tag_name();
    if let Some(id) = el.get_attribute("id") {
        page.ids.insert(decode(&id).into_owned());
    }
    if name == "a"
        && let Some(anchor) = el.get_attribute("name")
    {
        page.ids.insert(decode(&anchor).into_owned());
    }
    for (_, attribute) in URL_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
        if let Some(url) = el.get_attribute(attribute) {
            page.links.push(Link {
                attribute: format!("{name} {attribute}"),
                url: decode(&url).trim().to_string(),
            });
        }
    }
    for (_, attribute) in SRCSET_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
        if let Some(set) = el.get_attribute(attribute) {
            page.links
                .extend(srcset_urls(&decode(&set)).into_iter().map(|url| Link {
                    attribute: format!("{name} {attribute}"),
                    url,
                }));
        }
    }
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
fn srcset_urls(set: &str) -> Vec<String> {
    set.split(',')
        .filter_map(|candidate| {
            candidate
                .split_whitespace()
                .next()
                .map(std::string::ToString::to_string)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collects_ids_and_links_with_references_decoded() {
        let page = scan(
            r##"<!DOCTYPE html><html><head><link rel="stylesheet" href="style.css">
            <script src="a.js" defer></script></head><body>
            <h2 id="x">X</h2><a name="old"></a>
            <a href="p/index.html?a=1&amp;b=2#x">p</a>
            <img src="i.png" alt="" srcset="i-2x.png 2x, i-640.png 640w">
            <script>var s = '<a href="not-a-link.html">';</script>
            <!-- <a href="commented.html"> -->
            </body></html>"##,
        );
        assert!(page.ids.contains("x"));
        assert!(page.ids.contains("old"));
        let urls: Vec<&str> = page.links.iter().map(|l| l.url.as_str()).collect();
        assert!(urls.contains(&"style.css"));
        assert!(urls.contains(&"a.js"));
        assert!(urls.contains(&"p/index.html?a=1&b=2#x"));
        assert!(urls.contains(&"i.png"));
        assert!(urls.contains(&"i-2x.png"));
        assert!(urls.contains(&"i-640.png"));
        assert!(!urls.iter().any(|u| u.contains("not-a-link")));
        assert!(!urls.iter().any(|u| u.contains("commented")));
    }

    #[test]
    fn decodes_named_and_numeric_references_in_attributes() {
        let page = scan(
            r#"<p id="a&amp;b"></p><a name="n&#233;"></a>
            <a href="x.html?q=&quot;a&lt;b&gt;&apos;&#x2F;&#47;&nbsp;z">x</a>
            <a href="y.html?a=1&copy=2">y</a>
            <img srcset="i.png?a=1&amp;b=2 2x">
            <style>a[href="not-a-link.html"] {}</style>
            <textarea><a href="in-textarea.html"></a></textarea>
            <A HREF="upper.html">u</A>"#,
        );
        assert!(page.ids.contains("a&b"));
        assert!(page.ids.contains("né"));
        let urls: Vec<&str> = page.links.iter().map(|l| l.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "x.html?q=\"a<b>'//\u{a0}z",
                "y.html?a=1&copy=2",
                "i.png?a=1&b=2",
                "upper.html"
            ]
        );
        assert_eq!(page.links[3].attribute, "a href");
    }
}
