//! Search end to end: a fixture site and the shipped dossier are built, and
//! their index is queried the way the browser does.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::build::{self, BuildOptions};
use dossier::render::{RenderSettings, Renderer};
use dossier::search::index::{Kind, SearchIndex, StemEntry};
use dossier::search::query::{QueryWord, Searcher};
use dossier::search::{self as search, shards};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&dest).unwrap();
        } else {
            fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The fixture site in a temporary directory, with the default theme as
/// `dossier init` writes it.
fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures/search-site"), dir.path());
    for (rel, text) in dossier::init::DEFAULT_THEME {
        let path = dir.path().join("themes/dossier").join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

fn index_of(root: &Path) -> SearchIndex {
    let opts = BuildOptions {
        root: root.to_path_buf(),
        ..BuildOptions::default()
    };
    let (site, theme) = build::load(&opts).unwrap();
    let r = Renderer::new(&site, &theme, RenderSettings::default());
    search::index::build(&r).expect("search index")
}

/// Titles of the results of a query, best first, with their kind.
fn results(idx: &SearchIndex, q: &str) -> Vec<(Kind, String)> {
    Searcher::new(idx)
        .search(q)
        .iter()
        .map(|h| {
            let d = &idx.docs[h.doc as usize];
            (d.kind, d.title.clone())
        })
        .collect()
}

fn titles(idx: &SearchIndex, q: &str) -> Vec<String> {
    results(idx, q).into_iter().map(|(_, t)| t).collect()
}

const FRANCE: &str = "La France et le Royaume-Uni veulent avoir accès plus facilement aux données de communication cryptées des réseaux sociaux";
const GCHQ_ARTICLE: &str = "Le GCHQ britannique veut que Twitter et Facebook coopèrent plus";
const DECLARATION: &str =
    "Déclaration internationale sur le chiffrement de bout en bout et la sécurité publique";
const PLAN: &str = "Plan d’action franco-britannique contre le terrorisme en ligne";
const TRIBUNE: &str = "Tribune du directeur du GCHQ, Robert Hannigan, dans le Financial Times";
const STATEMENT: &str = "International statement on end-to-end encryption and public safety";

#[test]
fn word_forms_meet_and_titles_rank_first() {
    let site = fixture();
    let idx = index_of(site.path());
    // Term and event titles first (the term has more occurrences: its
    // aliases), then the body hits by frequency.
    assert_eq!(
        titles(&idx, "chiffrés"),
        ["Chiffrement", DECLARATION, FRANCE, PLAN]
    );
    let kinds: Vec<Kind> = results(&idx, "chiffrés").into_iter().map(|r| r.0).collect();
    assert_eq!(kinds, [Kind::Term, Kind::Event, Kind::Article, Kind::Event]);
    // Without accents; and a form no text contains, through its stem.
    assert_eq!(titles(&idx, "metadonnees"), ["Métadonnées", FRANCE]);
    assert_eq!(titles(&idx, "chiffrées"), titles(&idx, "chiffrés"));
    assert_eq!(titles(&idx, "GCHQ"), [GCHQ_ARTICLE, TRIBUNE, "GCHQ"]);
    assert!(results(&idx, "zzzyx").is_empty());
}

#[test]
fn prefixes_match_while_typing_only() {
    let site = fixture();
    let idx = index_of(site.path());
    assert_eq!(titles(&idx, "chiff"), titles(&idx, "chiffrés"));
    // A finished word (followed by a space) is a prefix only when nothing
    // else matches it: `crypt` is the stem of `crypté`, so `crypt ` no longer
    // reaches `cryptage`.
    let s = Searcher::new(&idx);
    let word = |w: &str, open| QueryWord {
        folded: w.into(),
        open,
    };
    let stems = |w, open| s.stems_for(&word(w, open)).into_iter().collect::<Vec<_>>();
    assert_eq!(stems("crypt", true), ["crypt", "cryptag"]);
    assert_eq!(stems("crypt", false), ["crypt"]);
    assert_eq!(stems("chiff", false), ["chiffr"]);
    // Two letters are too few to expand.
    assert!(titles(&idx, "ch").is_empty());
}

#[test]
fn more_words_matched_rank_above_fewer() {
    let site = fixture();
    let idx = index_of(site.path());
    // Both events have a title hit for one word; the plan also has
    // `chiffrés` in its text, so it matches both words.
    let t = titles(&idx, "terrorisme chiffrement");
    let plan = t.iter().position(|x| x == PLAN).unwrap();
    let france = t.iter().position(|x| x == FRANCE).unwrap();
    let declaration = t.iter().position(|x| x == DECLARATION).unwrap();
    assert!(plan < declaration, "{t:?}");
    // France matches both words in its text only: below the title hits.
    assert!(declaration < france, "{t:?}");
    // Elided articles and stopwords are dropped from queries.
    assert_eq!(titles(&idx, "l’accès"), titles(&idx, "acces"));
    assert_eq!(titles(&idx, "le GCHQ de"), titles(&idx, "GCHQ"));
}

#[test]
fn english_pages_are_stemmed_in_english() {
    let site = fixture();
    let idx = index_of(site.path());
    assert_eq!(titles(&idx, "encrypting"), [STATEMENT]);
    // `the` is an English stopword; `countries` stems to `countri`.
    assert_eq!(titles(&idx, "the country"), [STATEMENT]);
    assert!(titles(&idx, "the ").is_empty());
    let doc = idx.docs.iter().find(|d| d.title == STATEMENT).unwrap();
    assert_eq!(doc.lang, "en");
    assert_eq!(
        doc.href,
        "articles/international-statement-on-end-to-end-encryption-and-public-safety/index.html"
    );
}

#[test]
fn every_article_term_and_event_is_a_document() {
    let site = fixture();
    let idx = index_of(site.path());
    let count = |k| idx.docs.iter().filter(|d| d.kind == k).count();
    assert_eq!(count(Kind::Article), 3);
    assert_eq!(count(Kind::Term), 3);
    assert_eq!(count(Kind::Event), 3);
    let tribune = idx.docs.iter().find(|d| d.title == TRIBUNE).unwrap();
    assert_eq!(
        tribune.href,
        "timeline/index.html#tribune-hannigan-financial-times"
    );
    assert_eq!(tribune.date.as_deref(), Some("3 novembre 2014"));
    // The event's date is searchable.
    assert_eq!(titles(&idx, "novembre 2014"), [TRIBUNE]);
    let term = idx.docs.iter().find(|d| d.title == "GCHQ").unwrap();
    assert_eq!(term.href, "glossary/index.html#gchq");
    // Headings are indexed with the body.
    assert_eq!(titles(&idx, "forum"), [FRANCE]);
}

/// The stems of one shard file, as the browser sees them.
fn read_shard(js: &[u8]) -> SearchIndex {
    let text = std::str::from_utf8(js).unwrap();
    let json = &text[text.find('=').unwrap() + 1..text.rfind(';').unwrap()];
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut idx = SearchIndex::default();
    for (stem, entry) in v.as_object().unwrap() {
        let forms = entry[0]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        idx.stems.insert(
            stem.clone(),
            StemEntry {
                forms,
                postings: Vec::new(),
            },
        );
    }
    idx
}

/// Cut into two-letter shards, every query word finds in its own shard the
/// same stems as in the whole index: exact forms, prefixes, stem fallback.
#[test]
fn one_shard_answers_a_word() {
    let site = fixture();
    let idx = index_of(site.path());
    // Small shards: cut down to three letters where needed. The documents'
    // texts are not needed for the term shards.
    let no_texts = vec![String::new(); idx.docs.len()];
    let files = shards::SearchFiles::new(idx.clone(), 400, no_texts.as_slice());
    assert!(
        files.shards.iter().any(|k| k.len() == 1),
        "{:?}",
        files.shards
    );
    assert!(
        files.shards.iter().any(|k| k.len() == 3),
        "{:?}",
        files.shards
    );
    let whole = Searcher::new(&idx);
    let mut words: Vec<String> = idx
        .stems
        .values()
        .flat_map(|e| e.forms.iter().cloned())
        .collect();
    words.extend(["chiff", "chiffrees", "metadonnee", "encrypting", "gouv"].map(String::from));
    for w in words {
        let Some(key) = shards::shard_for(&w, &files.shards) else {
            panic!("no shard for `{w}`");
        };
        let path = format!("search/{}", shards::shard_file(key));
        let Some(js) = files.render(&path, no_texts.as_slice()) else {
            panic!("no shard {path} for `{w}`");
        };
        let part = read_shard(&js);
        let in_shard = Searcher::new(&part);
        for open in [false, true] {
            let q = QueryWord {
                folded: w.clone(),
                open,
            };
            assert_eq!(in_shard.stems_for(&q), whole.stems_for(&q), "`{w}`");
        }
    }
    // The stem is written with every form that produced it.
    let key = shards::shard_for("chiffr", &files.shards).unwrap();
    let shard = files
        .render(&format!("search/t-{key}.js"), no_texts.as_slice())
        .unwrap();
    let shard = std::str::from_utf8(&shard).unwrap();
    assert!(
        shard.starts_with(&format!("DOSSIER_SEARCH.t[\"{key}\"]={{")),
        "{shard}"
    );
    assert!(shard.contains("\"chiffr\":[[\"chiffre\",\"chiffrement\",\"chiffres\"],["));
}

#[test]
fn fixture_builds_a_search_page_that_needs_no_inline_script() {
    let site = fixture();
    let out = site.path().join("public");
    build::build(&BuildOptions {
        root: site.path().to_path_buf(),
        ..BuildOptions::default()
    })
    .unwrap();
    let page = fs::read_to_string(out.join("search/index.html")).unwrap();
    let manifest = fs::read_to_string(out.join("search/manifest.js")).unwrap();
    assert!(manifest.starts_with("window.DOSSIER_SEARCH={manifest:{\"version\":"));
    let version = &manifest[manifest.find("\"version\":\"").unwrap() + 11..][..8];
    assert!(page.contains(&format!(
        "<script src=\"manifest.js?v={version}\" defer></script>"
    )));
    assert!(page.contains("<script src=\"../search.js\" defer></script>"));
    assert_eq!(page.matches("<script").count(), 2, "no inline script");
    assert!(page.contains("role=\"status\""));
    assert!(page.contains("La recherche a besoin de JavaScript"));
    assert!(page.contains("href=\"../glossary/index.html\""));
    assert!(page.contains("href=\"../timeline/index.html\""));
    assert!(page.contains("href=\"../articles/index.html\""));
    // No header search box on the search page itself.
    assert!(!page.contains("header-search"));
    assert!(page.contains("<a href=\"../search/index.html\" aria-current=\"page\">Recherche</a>"));
    // Other pages: the header form submits to the search page, relatively.
    let article = fs::read_to_string(out.join(
        "articles/le-gchq-britannique-veut-que-twitter-et-facebook-cooperent-plus/index.html",
    ))
    .unwrap();
    assert!(article.contains(
        "<form class=\"header-search\" id=\"search\" action=\"../../search/index.html\" role=\"search\">"
    ));
    assert!(article.contains("<input type=\"search\" id=\"header-search-q\" name=\"q\""));
    assert!(
        !article.contains("search.js"),
        "the script is loaded on the search page only"
    );
    assert!(out.join("search.js").is_file());
    assert!(out.join("search/t.js").is_file());
    assert!(out.join("search/d-0.js").is_file());
}

/// The shipped dossier: every article, term and event is in the index, and
/// its own vocabulary finds its articles.
#[test]
fn shipped_dossier_index_has_every_entry() {
    let root = repo();
    let opts = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let (site, theme) = build::load(&opts).unwrap();
    let r = Renderer::new(&site, &theme, RenderSettings::default());
    let idx = search::index::build(&r).expect("search index");
    assert_eq!(
        idx.docs.len(),
        site.articles.len() + site.glossary.terms.len() + site.timeline.events.len()
    );
    for a in &site.articles {
        assert!(
            idx.docs
                .iter()
                .any(|d| d.kind == Kind::Article && d.title == a.title),
            "{}",
            a.title
        );
    }
    for t in &site.glossary.terms {
        let q = t.term.clone();
        assert!(
            results(&idx, &q)
                .iter()
                .any(|(k, title)| *k == Kind::Term && *title == t.term),
            "the term `{}` is not found by its name",
            t.term
        );
    }
    for e in &site.timeline.events {
        assert!(
            idx.docs
                .iter()
                .any(|d| d.kind == Kind::Event && d.title == e.title)
        );
    }
    let chiffr = titles(&idx, "chiffrés");
    assert!(chiffr.iter().any(|t| t == FRANCE), "{chiffr:?}");
    assert!(titles(&idx, "metadonnees").iter().any(|t| t == FRANCE));
    assert!(titles(&idx, "GCHQ").iter().any(|t| t == GCHQ_ARTICLE));
    // And the build writes the files the page loads.
    let out = tempfile::tempdir().unwrap();
    build::build(&BuildOptions {
        output_dir: Some(out.path().join("site")),
        ..opts
    })
    .unwrap();
    assert!(out.path().join("site/search/index.html").is_file());
    assert!(out.path().join("site/search/manifest.js").is_file());
}
