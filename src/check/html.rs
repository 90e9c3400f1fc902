//! What the link checker needs from one HTML page: the ids it defines and
//! the URLs it points to.
//!
//! Pages are parsed with `scraper` (html5ever, the HTML5 parser of Servo),
//! so attribute values arrive with their character references decoded
//! (`&amp;` → `&`) and text inside `<script>` or comments is never mistaken
//! for markup, exactly as a browser sees it.

use std::collections::HashSet;

use scraper::Html;

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
    let doc = Html::parse_document(html);
    let mut page = PageLinks::default();
    for el in doc.root_element().descendent_elements() {
        let v = el.value();
        let name = v.name();
        if let Some(id) = v.id() {
            page.ids.insert(id.to_string());
        }
        if name == "a"
            && let Some(anchor) = v.attr("name")
        {
            page.ids.insert(anchor.to_string());
        }
        for (_, attribute) in URL_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
            if let Some(url) = v.attr(attribute) {
                page.links.push(Link {
                    attribute: format!("{name} {attribute}"),
                    url: url.trim().to_string(),
                });
            }
        }
        for (_, attribute) in SRCSET_ATTRIBUTES.iter().filter(|(e, _)| *e == name) {
            if let Some(set) = v.attr(attribute) {
                page.links.extend(srcset_urls(set).map(|url| Link {
                    attribute: format!("{name} {attribute}"),
                    url,
                }));
            }
        }
    }
    page
}

/// The URLs of a `srcset`: each candidate is a URL, then an optional
/// descriptor, separated by commas.
fn srcset_urls(set: &str) -> impl Iterator<Item = String> + '_ {
    set.split(',').filter_map(|candidate| {
        candidate
            .split_whitespace()
            .next()
            .map(std::string::ToString::to_string)
    })
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
}
