//! Embed views, copy-paste snippets, the print view, CSP-friendliness and
//! relative links, on the built fixture and on the shipped dossier.

mod embed_fixture;

use embed_fixture::*;

const EMBED_PAGES: &[&str] = &[
    "embed/timeline/index.html",
    "embed/glossary/index.html",
    "embed/articles/premier/index.html",
    "embed/articles/second/index.html",
];

fn read(out: &std::path::Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Unescapes the few entities Tera writes, to read a snippet as pasted.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&amp;", "&")
}

/// The text of the snippet's `<code>` on a page.
fn snippet_code(html: &str) -> String {
    let start = html
        .find("<details class=\"export embed-snippet\">")
        .expect("the page has the embed snippet");
    let code = &html[start..];
    let from = code.find("<code>").unwrap() + "<code>".len();
    let to = code.find("</code>").unwrap();
    unescape(&code[from..to])
}

#[test]
fn embed_views_show_the_content_without_the_site_chrome() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", None);
    for page in EMBED_PAGES {
        let html = read(&out, page);
        let els = elements(&html);
        let has_class = |c: &str| {
            els.iter()
                .any(|e| e.get("class").is_some_and(|v| v.split(' ').any(|x| x == c)))
        };
        assert!(!has_class("site-header"), "{page} has the site header");
        assert!(!has_class("site-footer"), "{page} has the site footer");
        assert!(
            !els.iter().any(|e| e.get("id") == Some("site-nav")),
            "{page} has the navigation"
        );
        assert!(
            !html.contains("embed-snippet"),
            "{page} shows the snippet for itself"
        );
        assert!(html.contains("Ouvrir le dossier complet"), "{page}");
        // The embed script, from a file, reports the height.
        assert!(
            els.iter().any(
                |e| e.tag == "script" && e.get("src").is_some_and(|s| s.ends_with("/embed.js"))
            ),
            "{page} does not load embed.js"
        );
        assert!(
            els.iter()
                .any(|e| e.tag == "body" && e.get("data-embed-id").is_some())
        );
    }
    let timeline = read(&out, "embed/timeline/index.html");
    assert!(timeline.contains("Un événement d’essai"), "{timeline}");
    let glossary = read(&out, "embed/glossary/index.html");
    assert!(glossary.contains("<dfn>métadonnées</dfn>"), "{glossary}");
    let article = read(&out, "embed/articles/premier/index.html");
    assert!(article.contains("La note de bas de page."), "{article}");
    assert!(article.contains("data-embed-id=\"article:premier\""));
}

#[test]
fn embed_links_open_the_full_site_in_a_new_tab() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", None);
    for page in EMBED_PAGES {
        let html = read(&out, page);
        for a in elements(&html).into_iter().filter(|e| e.tag == "a") {
            let href = a.get("href").unwrap_or_default();
            if href.starts_with('#') {
                assert_eq!(a.get("target"), None, "{page}: in-page link {href}");
                continue;
            }
            assert_eq!(a.get("target"), Some("_blank"), "{page}: {href}");
            assert_eq!(a.get("rel"), Some("noopener"), "{page}: {href}");
            assert!(
                !href.contains("embed/"),
                "{page}: {href} leads to another embed view, not the full site"
            );
        }
    }
    // Term links reach the full glossary, from one level deeper.
    let article = read(&out, "embed/articles/premier/index.html");
    assert!(
        article.contains(
            "href=\"../../../glossary/index.html#chiffrement\" title=\"Transformer un message"
        ),
        "{article}"
    );
    let timeline = read(&out, "embed/timeline/index.html");
    assert!(
        timeline.contains("href=\"../../glossary/index.html#metadonnees\""),
        "{timeline}"
    );
    assert!(
        timeline.contains("href=\"../../articles/second/index.html\" target=\"_blank\""),
        "{timeline}"
    );
    // The image moved with the page.
    assert!(
        article.contains("src=\"../../../img/schema.png\""),
        "{article}"
    );
}

#[test]
fn full_pages_show_a_snippet_with_a_relative_url_and_a_note_without_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", None);
    let html = read(&out, "timeline/index.html");
    let code = snippet_code(&html);
    let iframe = elements(&code)
        .into_iter()
        .find(|e| e.tag == "iframe")
        .expect("an iframe in the snippet");
    assert_eq!(iframe.get("src"), Some("embed/timeline/index.html"));
    assert!(
        iframe
            .get("title")
            .is_some_and(|t| t.starts_with("Chronologie"))
    );
    assert_eq!(iframe.get("height"), Some("600"));
    assert!(
        code.contains("<script src=\"dossier-embed.js\" defer></script>"),
        "{code}"
    );
    assert!(
        html.contains("class=\"embed-note\""),
        "no note about the relative URL"
    );
    assert!(html.contains("<code>base_url</code>"));
}

#[test]
fn snippets_use_absolute_urls_with_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", Some("https://cours.example.org/dossier"));
    for (page, embed) in [
        ("timeline/index.html", "embed/timeline/index.html"),
        ("glossary/index.html", "embed/glossary/index.html"),
        (
            "articles/premier/index.html",
            "embed/articles/premier/index.html",
        ),
    ] {
        let html = read(&out, page);
        let code = snippet_code(&html);
        let els = elements(&code);
        let iframe = els.iter().find(|e| e.tag == "iframe").unwrap();
        assert_eq!(
            iframe.get("src").unwrap(),
            format!("https://cours.example.org/dossier/{embed}"),
            "{page}"
        );
        assert!(iframe.get("title").is_some_and(|t| !t.is_empty()), "{page}");
        let script = els.iter().find(|e| e.tag == "script").unwrap();
        assert_eq!(
            script.get("src"),
            Some("https://cours.example.org/dossier/dossier-embed.js")
        );
        assert!(!html.contains("class=\"embed-note\""), "{page}");
        assert!(out.join(embed).is_file(), "{embed}");
    }
    // Pages without an embed view have no snippet.
    for page in ["index.html", "tags/index.html", "a-propos/index.html"] {
        assert!(!read(&out, page).contains("embed-snippet"), "{page}");
    }
}

#[test]
fn embed_false_builds_no_embed_views_and_shows_no_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "embed: false\n", None);
    assert!(!out.join("embed").exists());
    for (page, html) in html_files(&out) {
        assert!(!html.contains("embed-snippet"), "{page}");
    }
    // The print view does not depend on embeds.
    assert!(out.join("print/index.html").is_file());
}

#[test]
fn every_href_and_src_resolves_to_a_file_of_the_output() {
    let dir = tempfile::tempdir().unwrap();
    for out in [
        build_fixture(&dir.path().join("fixture"), "", None),
        build_fixture(
            &dir.path().join("with-base"),
            "",
            Some("https://ex.org/a/b/"),
        ),
        build_shipped(&dir.path().join("shipped")),
    ] {
        let pages = html_files(&out);
        assert!(pages.contains_key("print/index.html"));
        assert!(pages.keys().any(|p| p.starts_with("embed/")));
        let broken = broken_links(&out);
        assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
        // Root-absolute links would break sub-path hosting.
        for (page, html) in &pages {
            for el in elements(html) {
                for attr in ["href", "src"] {
                    if let Some(v) = el.get(attr) {
                        assert!(
                            !v.starts_with('/') || v.starts_with("//"),
                            "{page}: {attr}=\"{v}\""
                        );
                        // file:// shows a directory listing for `dir/`.
                        if !is_external(v) && !v.starts_with('#') {
                            let path = v.split('#').next().unwrap();
                            assert!(
                                path.is_empty() || !path.ends_with('/'),
                                "{page}: {attr}=\"{v}\" names a directory"
                            );
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn the_whole_site_is_csp_friendly() {
    let dir = tempfile::tempdir().unwrap();
    for (out, own) in [
        (
            build_fixture(&dir.path().join("fixture"), "", Some("https://ex.org/")),
            Some("https://ex.org/"),
        ),
        (build_shipped(&dir.path().join("shipped")), None),
    ] {
        let problems = csp_problems(&html_files(&out), own);
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

#[test]
fn the_csp_check_catches_what_it_must() {
    let mut pages = std::collections::BTreeMap::new();
    pages.insert(
        "x.html".to_string(),
        r#"<script>alert(1)</script><p style="color:red" onclick="x()">a</p><img src="https://cdn.example.com/a.png"><script type="application/ld+json">{}</script>"#
            .to_string(),
    );
    let problems = csp_problems(&pages, None);
    assert_eq!(problems.len(), 4, "{problems:#?}");
}

#[test]
fn embed_scripts_are_shipped_and_the_scorm_runtime_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", None);
    let child = read(&out, "embed.js");
    assert!(child.contains("\"dossier:height\""));
    assert!(child.contains("postMessage"));
    assert!(child.contains("ResizeObserver"));
    let parent = read(&out, "dossier-embed.js");
    assert!(parent.contains("\"dossier:height\""));
    assert!(parent.contains("addEventListener(\"message\""));
    assert!(
        !out.join("scorm.js").exists(),
        "scorm.js is in the normal build"
    );
    for (page, html) in html_files(&out) {
        assert!(!html.contains("scorm"), "{page} mentions scorm");
    }
}

#[test]
fn the_print_view_has_the_whole_dossier_with_unique_ids() {
    let dir = tempfile::tempdir().unwrap();
    let out = build_fixture(dir.path(), "", None);
    let html = read(&out, "print/index.html");
    for text in [
        "Premier article d’essai",
        "Second article d’essai",
        "Un événement d’essai",
        "<dfn>métadonnées</dfn>",
        "La note de bas de page.",
        "Lire d’abord", // the home page's introduction
        "Méthode",      // the plain page
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    let dups = duplicate_ids(&html);
    assert!(dups.is_empty(), "duplicate ids: {dups:?}");
    let ids = ids(&html);
    for id in [
        "article-premier",
        "article-premier--contexte",
        "article-second--contexte",
        "chronologie",
        "chronologie-evenement-essai",
        "glossaire",
        "glossaire-metadonnees",
        "page-a-propos",
    ] {
        assert!(ids.iter().any(|i| i == id), "no id {id}: {ids:?}");
    }
    // Links between parts of the dossier are anchors on the page.
    for href in [
        "#article-second",
        "#article-second--contexte",
        "#article-premier--contexte",
        "#glossaire-metadonnees",
        "#glossaire-chiffrement",
        "#accueil",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "no link {href}");
    }
    // Other files of the site are still reachable; no navigation.
    assert!(html.contains("href=\"../tags/gchq/index.html\""));
    assert!(html.contains("src=\"../img/schema.png\""));
    assert!(!html.contains("site-nav") && !html.contains("site-header"));
    let print_css = read(&out, "print.css");
    assert!(print_css.contains("break-before: page"));
    assert!(print_css.contains("attr(href)"));
    assert!(html.contains("href=\"../print.css\""));
    // Article headings sit below the article's title.
    assert!(
        html.contains("<h3 id=\"article-premier--contexte\">"),
        "{html}"
    );
}

#[test]
fn the_embedded_theme_has_the_embed_and_print_templates() {
    let names: Vec<&str> = dossier::init::DEFAULT_THEME
        .iter()
        .map(|(p, _)| *p)
        .collect();
    for f in [
        "templates/embed/base.html",
        "templates/embed/snippet.html",
        "templates/print.html",
        "templates/single.html",
        "static/embed.js",
        "static/dossier-embed.js",
        "static/scorm.js",
        "static/print.css",
    ] {
        assert!(names.contains(&f), "{f}");
    }
}
