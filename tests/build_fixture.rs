//! Builds the full valid fixture site `tests/fixtures/site/` with the real
//! binary and checks every feature it exercises: Markdown extensions,
//! highlighting, typography, dates at three precisions, tags, slugs, drafts,
//! the glossary and timeline, feeds, overrides, and reproducibility.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const BASE: &str = "https://example.org/dossier-essai/";
const CODE_ARTICLE: &str = "articles/chiffrement-et-metadonnees-un-article-d-essai/index.html";
const MONTH_ARTICLE: &str = "articles/note-de-mars/index.html";
const ENGLISH_ARTICLE: &str = "articles/an-english-test-article/index.html";

struct Built {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    stderr: String,
}

/// One default build of the fixture for the whole test binary.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let (tmp, root) = fixture_site();
        let out = tmp.path().join("out");
        let run = build_ok(&root, &out, &[]);
        Built {
            _tmp: tmp,
            root,
            out,
            stderr: run.stderr,
        }
    })
}

fn out() -> &'static Path {
    &built().out
}

fn page(rel: &str) -> scraper::Html {
    parse(&out().join(rel))
}

#[test]
fn every_link_resolves_and_no_warning() {
    let problems = link_problems(out(), Some(BASE));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        !built().stderr.contains("warning"),
        "base_url is set: {}",
        built().stderr
    );
}

#[test]
fn markdown_extensions() {
    let doc = page(CODE_ARTICLE);
    assert_eq!(doc.select(&sel(".body table tbody tr")).count(), 2);
    assert_eq!(text_of(&doc, ".body del"), "barré");
    let note = doc
        .select(&sel(".body .footnote-reference a"))
        .next()
        .expect("a footnote reference");
    let target = note.attr("href").unwrap().trim_start_matches('#');
    let def = doc
        .select(&sel(".footnote-definition"))
        .next()
        .expect("a footnote definition");
    assert_eq!(def.attr("id"), Some(target));
}

#[test]
fn heading_ids_explicit_and_unique_with_toc() {
    let doc = page(CODE_ARTICLE);
    let ids: Vec<_> = doc
        .select(&sel(".body h2"))
        .map(|h| h.attr("id").unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["tableau-essai", "une-note", "une-note-1", "du-code"]);
    let toc: Vec<_> = doc
        .select(&sel(".toc a"))
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        toc,
        ["#tableau-essai", "#une-note", "#une-note-1", "#du-code"]
    );
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet() {
    let doc = page(CODE_ARTICLE);
    for lang in ["rust", "python"] {
        let code = doc
            .select(&sel(&format!("pre code.language-{lang}")))
            .next()
            .unwrap_or_else(|| panic!("a {lang} block"));
        assert!(
            code.select(&sel("span[class^=\"hl-\"]")).count() > 3,
            "{lang} has highlighting classes"
        );
    }
    // An unknown language is kept as plain, escaped text, untouched by
    // typography.
    let klingon: String = doc
        .select(&sel("pre code.language-klingon"))
        .next()
        .expect("the unknown-language block")
        .text()
        .collect();
    assert_eq!(klingon, "Qapla' \"tel quel\"\n");
    let rust: String = doc
        .select(&sel("pre code.language-rust"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(rust.contains("\\\"pas de typographie\\\" ici ; ni là ?"));
    assert!(!doc.html().contains("style=\""), "no inline styles");

    let links: Vec<_> = doc
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.attr("href"))
        .collect();
    assert!(links.contains(&"../../highlight.css"), "{links:?}");
    // A page without code does not load it.
    let month = page(MONTH_ARTICLE);
    assert!(
        !month.html().contains("highlight.css"),
        "highlight.css only where there is code"
    );

    let css = read(&out().join("highlight.css"));
    assert!(css.contains("@media (prefers-color-scheme: dark)"));
    assert!(css.contains(".hl-"), "classes are prefixed");
}

#[test]
fn french_typography_and_english_article() {
    let doc = page(CODE_ARTICLE);
    let prose = prose_text(&doc);
    let expected = "dit «\u{a0}bonjour\u{a0}»\u{a0}: il pose une question\u{202f}? \
                    Oui\u{202f}! Et il continue\u{202f}; c’est l’essai.";
    assert!(prose.contains(expected), "{prose}");
    let faults = french_typography_faults(&prose);
    assert!(faults.is_empty(), "{}", faults.join("\n"));

    // An English article gets English quotes and no French spaces; the
    // French checker must see that, or it proves nothing.
    let en = page(ENGLISH_ARTICLE);
    let article = en.select(&sel("article")).next().unwrap();
    assert_eq!(article.attr("lang"), Some("en"));
    let prose = prose_text(&en);
    assert!(
        prose.contains(
            "English: “quotes” stay English, and there is no space before the question mark?"
        ),
        "{prose}"
    );
    assert!(!french_typography_faults(&prose).is_empty());
    let cite = text_of(&en, ".citation");
    assert!(
        cite.contains("“An English test article”"),
        "English title in English quotes, no stray space: {cite}"
    );
}

#[test]
fn dates_at_three_precisions() {
    for (page_rel, datetime, text) in [
        (CODE_ARTICLE, "2017-06-01", "1er juin 2017"),
        (MONTH_ARTICLE, "2016-03", "mars 2016"),
        (ENGLISH_ARTICLE, "2015", "2015"),
    ] {
        let doc = page(page_rel);
        let t = doc
            .select(&sel(&format!(
                ".article-header time[datetime=\"{datetime}\"]"
            )))
            .next()
            .unwrap_or_else(|| panic!("{page_rel}: no <time datetime={datetime}>"));
        assert_eq!(t.text().collect::<String>(), text, "{page_rel}");
    }
}

#[test]
fn sources_slugs_and_menu() {
    let doc = page(CODE_ARTICLE);
    let source = doc.select(&sel(".article-header .source")).next().unwrap();
    let link = source.select(&sel("a")).next().expect("the source's url");
    assert_eq!(
        link.attr("href"),
        Some("https://example.org/gazette/chiffrement")
    );
    let source_text: String = source.text().collect();
    assert!(
        source_text.contains("La Gazette d’essai") && source_text.contains("Le Journal d’exemple")
    );

    // `source: Agence Exemple`, and the `slug:` override.
    let doc = page(MONTH_ARTICLE);
    assert_eq!(text_of(&doc, ".article-header .source"), "Agence Exemple");
    assert!(
        !out()
            .join("articles/une-depeche-au-titre-tres-long-remplace-par-un-slug-court")
            .exists()
    );

    // The page with `menu:` is in the navigation of every page, relatively.
    let home = page("index.html");
    let nav: Vec<(String, String)> = home
        .select(&sel("#site-nav a"))
        .map(|a| (a.attr("href").unwrap().to_string(), a.text().collect()))
        .collect();
    assert!(
        nav.contains(&("a-propos/index.html".to_string(), "À propos".to_string())),
        "{nav:?}"
    );
    let deep = page(CODE_ARTICLE);
    assert!(
        deep.select(&sel("#site-nav a[href=\"../../a-propos/index.html\"]"))
            .next()
            .is_some()
    );
}

#[test]
fn tag_pages_with_accents() {
    let index = page("tags/index.html");
    let hrefs: Vec<_> = index
        .select(&sel("main a"))
        .filter_map(|a| a.attr("href"))
        .collect();
    for slug in [
        "metadonnees",
        "chiffrement",
        "securite-publique",
        "education",
    ] {
        let href = format!("{slug}/index.html");
        assert!(
            hrefs.iter().any(|h| h.ends_with(&href)),
            "{slug}: {hrefs:?}"
        );
        assert!(out().join("tags").join(slug).join("index.html").is_file());
    }
    let tag = page("tags/metadonnees/index.html");
    assert!(text_of(&tag, "h1").contains("Métadonnées"));
    let listed: Vec<_> = tag
        .select(&sel("main .article-list a"))
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        listed,
        ["../../articles/chiffrement-et-metadonnees-un-article-d-essai/index.html"]
    );
    let tag = page("tags/chiffrement/index.html");
    assert_eq!(tag.select(&sel("main .article-list > li")).count(), 2);
}

#[test]
fn glossary_and_timeline() {
    let glossary = page("glossary/index.html");
    for id in ["chiffrement", "metadonnees"] {
        assert!(
            glossary.select(&sel(&format!("#{id}"))).next().is_some(),
            "term {id}"
        );
    }
    // The first use of a term in an article links to its definition.
    let doc = page(CODE_ARTICLE);
    let term = doc
        .select(&sel(".body a.term"))
        .next()
        .expect("a glossary link");
    assert_eq!(
        term.attr("href"),
        Some("../../glossary/index.html#chiffrement")
    );

    let timeline = page("timeline/index.html");
    for id in ["essai-debut", "essai-depeche", "essai-article"] {
        assert!(
            timeline.select(&sel(&format!("#{id}"))).next().is_some(),
            "event {id}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&read(&out().join("timeline.json"))).expect("timeline.json");
    assert!(json.is_object(), "{json}");
    let json: serde_json::Value =
        serde_json::from_str(&read(&out().join("glossary.json"))).expect("glossary.json");
    assert!(json.to_string().contains("métadonnées"));
}

#[test]
fn feeds_sitemap_robots_and_404_use_absolute_urls() {
    let atom = read(&out().join("atom.xml"));
    assert!(atom.starts_with("<?xml"));
    let hrefs: Vec<&str> = atom
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert!(hrefs.len() >= 3);
    for h in &hrefs {
        assert!(h.starts_with("https://"), "atom link {h}");
    }
    assert!(atom.contains(&format!("<id>{BASE}articles/note-de-mars/</id>")));
    assert_eq!(
        atom.matches("<entry>").count(),
        3,
        "drafts are not in the feed"
    );

    let sitemap = read(&out().join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    assert!(locs.len() >= 8, "{locs:?}");
    for loc in &locs {
        let rest = loc.strip_prefix(BASE).unwrap_or_else(|| panic!("{loc}"));
        let file = if rest.is_empty() || rest.ends_with('/') {
            format!("{rest}index.html")
        } else {
            rest.to_string()
        };
        assert!(out().join(&file).is_file(), "sitemap names {loc}");
    }
    assert!(!sitemap.contains("brouillon") && !sitemap.contains("notes-internes"));

    let robots = read(&out().join("robots.txt"));
    assert!(
        robots.contains(&format!("Sitemap: {BASE}sitemap.xml")),
        "{robots}"
    );

    let not_found = page("404.html");
    assert!(
        not_found.select(&sel(".fixture-override")).next().is_some(),
        "the site's templates/404.html overrides the theme's"
    );
    assert_eq!(text_of(&not_found, "h1"), "Page introuvable");
}

#[test]
fn static_override_and_addition() {
    let site = &built().root;
    assert_eq!(
        std::fs::read(out().join("style.css")).unwrap(),
        std::fs::read(site.join("static/style.css")).unwrap(),
        "the site's static/style.css replaces the theme's"
    );
    assert_eq!(
        read(&out().join("files/note.txt")),
        "Fichier ajouté par le site d’essai.\n"
    );
    assert_eq!(
        std::fs::read(out().join("timeline.js")).unwrap(),
        std::fs::read(repo().join("themes/dossier/static/timeline.js")).unwrap(),
        "theme files not overridden are copied as they are"
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let draft_article = "articles/un-brouillon-d-essai/index.html";
    let draft_page = "notes-internes/index.html";
    assert!(!out().join(draft_article).exists());
    assert!(!out().join(draft_page).exists());
    assert!(!out().join("tags/brouillon").exists());

    let tmp = tempfile::tempdir().unwrap();
    let with = tmp.path().join("with-drafts");
    build_ok(&built().root, &with, &["--drafts"]);
    assert!(with.join(draft_article).is_file());
    assert!(with.join(draft_page).is_file());
    assert!(with.join("tags/brouillon/index.html").is_file());
    let problems = link_problems(&with, Some(BASE));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn two_builds_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let again = tmp.path().join("again");
    build_ok(&built().root, &again, &[]);
    let first = read_tree(out());
    let second = read_tree(&again);
    assert!(first.len() > 20);
    assert_same_tree(&first, &second);
}

#[test]
fn check_reports_success_and_writes_nothing() {
    let (_tmp, root) = fixture_site();
    let run = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join("public").exists(), "check writes nothing");
}

/// The link checker itself must catch what it claims to, or the tests
/// above prove nothing.
#[test]
fn the_link_checker_catches_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(out(), tmp.path());
    std::fs::write(
        tmp.path().join("articles/broken.html"),
        "<!DOCTYPE html><html lang=\"fr\"><body>\
         <a href=\"nope/index.html\">1</a>\
         <a href=\"../tags/\">2</a>\
         <a href=\"../index.html#nope\">3</a>\
         <a href=\"/index.html\">4</a>\
         <a href=\"../../../x.html\">5</a>\
         <img src=\"../missing.png\" alt=\"\">\
         <p id=\"a\"></p><p id=\"a\"></p>\
         <a href=\"../index.html#contenu\">ok</a>\
         <a href=\"https://example.com/x\">ok</a></body></html>",
    )
    .unwrap();
    let problems = link_problems(tmp.path(), Some(BASE));
    assert_eq!(problems.len(), 7, "{}", problems.join("\n"));
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("articles/broken.html"))
    );
}

/// `feed_limit` keeps the newest entries of the default feed, in order;
/// `0` keeps every article.
#[test]
fn feed_limit_keeps_the_newest_entries() {
    let ids = |atom: &str| -> Vec<String> {
        atom.split("<entry>")
            .skip(1)
            .map(|e| {
                e.split("<id>")
                    .nth(1)
                    .unwrap()
                    .split("</id>")
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let all = ids(&read(&out().join("atom.xml")));
    for (limit, expected) in [(2, &all[..2]), (0, &all[..])] {
        let (tmp, root) = fixture_site();
        let config = root.join("dossier.yaml");
        let yaml = read(&config) + &format!("feed_limit: {limit}\n");
        std::fs::write(&config, yaml).unwrap();
        let out = tmp.path().join("out");
        build_ok(&root, &out, &[]);
        assert_eq!(
            ids(&read(&out.join("atom.xml"))),
            expected,
            "feed_limit: {limit}"
        );
    }
}
