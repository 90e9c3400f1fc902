//! Builds the shipped dossier (the repository itself) into a temporary
//! directory with the real binary, and checks the HTML a reader gets.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;

const GCHQ: &str =
    "articles/le-gchq-britannique-veut-que-twitter-et-facebook-cooperent-plus/index.html";
const GCHQ_TITLE: &str = "Le GCHQ britannique veut que Twitter et Facebook coopèrent plus";
const FRANCE_UK: &str = "articles/france-royaume-uni-acces-contenus-cryptes/index.html";

struct Built {
    out: PathBuf,
    stderr: String,
}

/// One build of the shipped dossier for the whole test binary, into
/// Cargo's scratch directory for integration tests.
fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build_shipped");
        let _ = std::fs::remove_dir_all(&out);
        let run = build_ok(&repo(), &out, &[]);
        Built {
            out,
            stderr: run.stderr,
        }
    })
}

fn page(rel: &str) -> scraper::Html {
    parse(&built().out.join(rel))
}

#[test]
fn every_page_is_french_and_every_link_resolves() {
    let out = &built().out;
    let pages = html_pages(out);
    assert!(pages.len() >= 10, "too few pages: {pages:?}");
    for p in &pages {
        let doc = page(p);
        let html = doc.select(&sel("html")).next().unwrap();
        assert_eq!(html.attr("lang"), Some("fr"), "{p}");
    }
    let problems = link_problems(out, None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn article_titles_and_french_dates() {
    let doc = page(GCHQ);
    assert_eq!(text_of(&doc, "h1"), GCHQ_TITLE);
    assert!(text_of(&doc, "title").starts_with(GCHQ_TITLE));
    let time = doc.select(&sel("time[datetime=\"2014-11-04\"]")).next();
    assert_eq!(
        time.map(|t| t.text().collect::<String>()),
        Some("4 novembre 2014".to_string())
    );

    let doc = page(FRANCE_UK);
    let time = doc.select(&sel("time[datetime=\"2017-06\"]")).next();
    assert_eq!(
        time.map(|t| t.text().collect::<String>()),
        Some("juin 2017".to_string()),
        "a date known to the month is shown as the month"
    );

    // The home page's list of articles has both, newest first.
    let home = page("index.html");
    let listed: Vec<String> = home
        .select(&sel(".article-list a"))
        .filter_map(|a| a.attr("href"))
        .map(str::to_string)
        .collect();
    let pos = |slug: &str| listed.iter().position(|h| h.contains(slug));
    let (a, b) = (
        pos("france-royaume-uni-acces-contenus-cryptes"),
        pos("le-gchq-britannique"),
    );
    assert!(
        a.is_some() && b.is_some() && a < b,
        "home page order: {listed:?}"
    );
}

#[test]
fn citation_block() {
    let doc = page(GCHQ);
    let cite = text_of(&doc, ".citation");
    assert!(cite.contains("Comment citer"), "{cite}");
    assert!(
        cite.contains(&format!("«\u{a0}{GCHQ_TITLE}\u{a0}»")),
        "the title in guillemets with no-break spaces: {cite}"
    );
    assert!(cite.contains("Guy Faulconbridge") && cite.contains("4 novembre 2014"));
    assert!(cite.contains("Reuters"), "{cite}");
}

#[test]
fn news_article_json_ld_and_open_graph() {
    let doc = page(GCHQ);
    let scripts: Vec<String> = doc
        .select(&sel("script[type=\"application/ld+json\"]"))
        .map(|s| s.text().collect())
        .collect();
    assert_eq!(scripts.len(), 1);
    let ld: serde_json::Value = serde_json::from_str(&scripts[0]).expect("JSON-LD parses");
    assert_eq!(ld["@context"], "https://schema.org");
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], GCHQ_TITLE);
    assert_eq!(ld["datePublished"], "2014-11-04");
    assert_eq!(ld["inLanguage"], "fr");

    let og = |prop: &str| {
        doc.select(&sel(&format!("meta[property=\"{prop}\"]")))
            .next()
            .and_then(|m| m.attr("content"))
            .map(str::to_string)
    };
    assert_eq!(og("og:type").as_deref(), Some("article"));
    assert_eq!(og("og:title").as_deref(), Some(GCHQ_TITLE));
    assert_eq!(og("og:locale").as_deref(), Some("fr_FR"));
    assert!(og("og:site_name").is_some() && og("og:description").is_some());
}

#[test]
fn french_typography_in_the_body() {
    let doc = page(GCHQ);
    let prose = prose_text(&doc);
    // The source writes "le défi…" and l'utilisation with straight marks.
    assert!(prose.contains("«\u{a0}le défi posé"), "{prose}");
    assert!(prose.contains("l’utilisation"), "{prose}");
    assert!(prose.contains("(…)"), "ellipsis character: {prose}");
    assert!(prose.contains("poursuivant\u{a0}:"), "{prose}");
    for p in html_pages(&built().out) {
        let doc = page(&p);
        let faults = french_typography_faults(&prose_text(&doc));
        assert!(faults.is_empty(), "{p}: {}", faults.join("\n"));
    }
}

#[test]
fn without_base_url_feeds_are_skipped_with_one_warning() {
    let b = built();
    assert!(!b.out.join("atom.xml").exists());
    assert!(!b.out.join("sitemap.xml").exists());
    assert!(b.out.join("robots.txt").is_file());
    assert_eq!(
        b.stderr.matches("base_url is not set").count(),
        1,
        "{}",
        b.stderr
    );
    let robots = read(&b.out.join("robots.txt"));
    assert!(!robots.contains("Sitemap:"), "{robots}");
}
