//! Relative URLs, so the site works under any sub-path and from `file://`.
//!
//! Every internal link is written relative to the page that holds it and
//! names `index.html` explicitly: a browser opening files from disk shows a
//! directory listing for `articles/x/`, not the page.

/// The relative path from a page at `path` (a site-relative directory such
/// as `articles/x/`, or `""` for the home page) back to the site root.
pub fn root_for(path: &str) -> String {
    let depth = path.split('/').filter(|s| !s.is_empty()).count();
    "../".repeat(depth)
}

/// The link from the page whose root prefix is `root` to the page at the
/// site-relative directory `target` (`""` for home).
pub fn page_href(root: &str, target: &str) -> String {
    format!("{root}{target}index.html")
}

/// An absolute URL for `target`, when the site has a base URL.
pub fn absolute(base_url: Option<&str>, target: &str) -> Option<String> {
    base_url.map(|b| format!("{b}{target}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_roots() {
        assert_eq!(root_for(""), "");
        assert_eq!(root_for("articles/x/"), "../../");
        assert_eq!(
            page_href("../../", "tags/gchq/"),
            "../../tags/gchq/index.html"
        );
        assert_eq!(page_href("", ""), "index.html");
    }
}
