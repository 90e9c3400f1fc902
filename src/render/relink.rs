//! Moving rendered HTML to another place: the embed views (one level
//! deeper than the page they show), the print page and the single-file
//! export (every page on one page) reuse HTML rendered for the full site,
//! so its relative links, image sources and ids must be rewritten.
//!
//! Rewriting is done on parsed HTML, never with regular expressions:
//! attributes are found where the HTML parser finds them, whatever their
//! quoting or order. `lol_html` defines the result. Most HTML dossier
//! renders is a small regular subset that `relink::fast` scans several times
//! faster, to the same bytes; everything else goes to `lol_html`.

mod fast;

use lol_html::html_content::Element;
use lol_html::{RewriteStrSettings, element, rewrite_str};

/// Where a link in a page leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#id`: somewhere on the same page.
    Fragment(String),
    /// A file of the site: its site-relative path (`articles/x/index.html`,
    /// `style.css`) and the fragment, if any.
    Internal {
        file: String,
        fragment: Option<String>,
    },
    /// Another site, `mailto:`, `data:`, or a root-absolute path: left alone.
    External,
}

impl Target {
    /// The page directory of an internal file (`articles/x/` for
    /// `articles/x/index.html`), or `None` for files that are not pages.
    pub fn page_dir(&self) -> Option<&str> {
        match self {
            Target::Internal { file, .. } => file.strip_suffix("index.html"),
            _ => None,
        }
    }
}

/// Classifies `href`, found on the page in site directory `page_dir`
/// (`""` for the home page, `articles/x/`).
pub fn resolve(page_dir: &str, href: &str) -> Target {
    let href = href.trim();
    if let Some(f) = href.strip_prefix('#') {
        return Target::Fragment(f.to_string());
    }
    if href.is_empty() || href.starts_with('/') || has_scheme(href) {
        return Target::External;
    }
    let (rest, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = rest.split_once('?').map_or(rest, |(p, _)| p);
    let mut parts: Vec<&str> = page_dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    // Above the site root: not a file of the site.
                    return Target::External;
                }
            }
            s => parts.push(s),
        }
    }
    let mut file = parts.join("/");
    // `articles/x/` and `articles/x` (from `..` or `.`) name a directory:
    // the page is its index.html.
    if path.is_empty() || path.ends_with('/') || path.ends_with("..") || path.ends_with('.') {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    Target::Internal { file, fragment }
}

fn has_scheme(href: &str) -> bool {
    let Some((scheme, _)) = href.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The relative link from a page in directory `from_dir` to the site file
/// `file`, with its fragment.
pub fn relative(from_dir: &str, file: &str, fragment: Option<&str>) -> String {
    let mut s = format!("{}{}", super::urls::root_for(from_dir), file);
    if let Some(f) = fragment {
        s.push('#');
        s.push_str(f);
    }
    s
}

/// What to do with a link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkAction {
    Keep,
    Set(String),
    /// Remove the `<a>` and keep its text: the target is not reachable
    /// from where the HTML goes (a tag page in the single-file export).
    Unwrap,
}

/// The rewriting rules for one piece of HTML.
pub struct Rules<'a> {
    /// For every `<a href>` (and `<area href>`): what to do with the href.
    pub href: &'a dyn Fn(&str) -> LinkAction,
    /// For every `src` and `<link href>`: the new value, `None` to keep it.
    pub src: &'a dyn Fn(&str) -> Option<String>,
    /// Prepended to every `id` (and to `aria-labelledby`/`for` references),
    /// so ids of several pages put on one page never clash.
    pub id_prefix: Option<&'a str>,
    /// Open every link that leaves the page in a new tab (embeds).
    pub new_tab: bool,
    /// Headings go down this many levels (`<h2>` → `<h3>`, at most
    /// `<h6>`), to sit under the heading of the page they are moved into.
    pub demote: u8,
}

/// The attributes that hold ids or id references, prefixed together.
const ID_ATTRIBUTES: [&str; 4] = ["id", "aria-labelledby", "aria-describedby", "for"];

/// `a b` → `p-a p-b`.
fn prefix_ids(ids: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(ids.len() + prefix.len());
    for id in ids.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(prefix);
        out.push_str(id);
    }
    out
}

/// Applies `rules` to `html` (a whole page or a fragment).
pub fn rewrite(html: &str, rules: &Rules) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8 + 64);
    if fast::rewrite(html, rules, &mut out).is_ok() {
        debug_assert_eq!(
            out,
            with_lol_html(html, rules),
            "the fast relinking differs from lol_html's on {html:?}"
        );
        return out;
    }
    with_lol_html(html, rules)
}

/// [`rewrite`] by `lol_html`, which defines the result.
fn with_lol_html(html: &str, rules: &Rules) -> String {
    let moved = move_with_lol_html(html, rules);
    match rules.demote {
        0 => moved,
        by => demote_headings(&moved, by),
    }
}

fn move_with_lol_html(html: &str, rules: &Rules) -> String {
    let prefix_ids = |el: &mut Element, attr: &str, prefix: &str| {
        if let Some(v) = el.get_attribute(attr) {
            set(el, attr, &prefix_ids(&v, prefix));
        }
    };
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element!("a[href], area[href]", |el| {
            let href = el.get_attribute("href").unwrap_or_default();
            match (rules.href)(&href) {
                LinkAction::Keep => {}
                LinkAction::Set(v) => set(el, "href", &v),
                LinkAction::Unwrap => {
                    el.remove_and_keep_content();
                    return Ok(());
                }
            }
            let leaves_page = !el
                .get_attribute("href")
                .unwrap_or_default()
                .starts_with('#');
            if rules.new_tab && leaves_page {
                set(el, "target", "_blank");
                set(el, "rel", "noopener");
            }
            Ok(())
        }))
        .append_element_content_handler(element!("[src], link[href]", |el| {
            let attr = if el.tag_name() == "link" {
                "href"
            } else {
                "src"
            };
            if let Some(v) = el.get_attribute(attr).and_then(|v| (rules.src)(&v)) {
                set(el, attr, &v);
            }
            Ok(())
        }))
        .append_element_content_handler(element!(
            "[id], [aria-labelledby], [aria-describedby], label[for]",
            |el| {
                if let Some(p) = rules.id_prefix {
                    for attr in ID_ATTRIBUTES {
                        prefix_ids(el, attr, p);
                    }
                }
                Ok(())
            }
        ));
    // The input is HTML that dossier rendered itself; lol_html only fails
    // on memory limits, which these sizes never reach.
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

fn set(el: &mut Element, attr: &str, value: &str) {
    // Attribute names here are constants, always valid.
    let _ = el.set_attribute(attr, value);
}

/// `<h2>` → `<h3>` and so on, at most `<h6>`.
fn demote_headings(html: &str, by: u8) -> String {
    let settings = RewriteStrSettings::new().append_element_content_handler(element!(
        "h1, h2, h3, h4, h5, h6",
        |el| {
            let level: u8 = el.tag_name()[1..].parse().unwrap_or(6);
            let _ = el.set_tag_name(&format!("h{}", (level + by).min(6)));
            Ok(())
        }
    ));
    rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(file: &str, fragment: Option<&str>) -> Target {
        Target::Internal {
            file: file.into(),
            fragment: fragment.map(str::to_string),
        }
    }

    #[test]
    fn resolves_relative_links_against_the_page() {
        assert_eq!(
            resolve("articles/x/", "../../glossary/index.html#chiffrement"),
            internal("glossary/index.html", Some("chiffrement"))
        );
        assert_eq!(resolve("", "style.css"), internal("style.css", None));
        assert_eq!(
            resolve("articles/x/", "../y/"),
            internal("articles/y/index.html", None)
        );
        assert_eq!(
            resolve("articles/x/", ".."),
            internal("articles/index.html", None)
        );
        assert_eq!(
            resolve("timeline/", "#annee-2014"),
            Target::Fragment("annee-2014".into())
        );
        assert_eq!(resolve("", "https://example.org/"), Target::External);
        assert_eq!(resolve("", "mailto:a@b.c"), Target::External);
        assert_eq!(resolve("", "/abs"), Target::External);
        assert_eq!(resolve("", "../outside"), Target::External);
        assert_eq!(
            resolve("timeline/", "../articles/x/index.html").page_dir(),
            Some("articles/x/")
        );
    }

    #[test]
    fn relative_links_go_through_the_root() {
        assert_eq!(
            relative("embed/articles/x/", "glossary/index.html", Some("t")),
            "../../../glossary/index.html#t"
        );
        assert_eq!(relative("", "index.html", None), "index.html");
    }

    #[test]
    fn rewrites_links_sources_and_ids() {
        let html = r##"<h2 id="a">T</h2><a href="#a">in</a> <a href="../x/index.html">out</a> <a href="tags/">tag</a><img src="i.png" alt=""><label for="f">L</label>"##;
        let out = rewrite(
            html,
            &Rules {
                href: &|h| match h {
                    "#a" => LinkAction::Set("#p-a".into()),
                    "tags/" => LinkAction::Unwrap,
                    _ => LinkAction::Keep,
                },
                src: &|s| Some(format!("../{s}")),
                id_prefix: Some("p-"),
                new_tab: true,
                demote: 0,
            },
        );
        assert!(out.contains(r#"<h2 id="p-a">"#), "{out}");
        assert!(out.contains(r##"<a href="#p-a">in</a>"##), "{out}");
        assert!(
            out.contains(r#"<a href="../x/index.html" target="_blank" rel="noopener">out</a>"#),
            "{out}"
        );
        assert!(out.contains(" tag<img"), "{out}");
        assert!(out.contains(r#"src="../i.png""#), "{out}");
        assert!(out.contains(r#"for="p-f""#), "{out}");
    }
}
