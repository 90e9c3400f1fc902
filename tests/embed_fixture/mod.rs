//! Shared by the embed and export tests: a small dossier that has every
//! kind of link the embed views, the print view and the exports must move
//! (term links, links between articles, heading ids that two articles
//! share, footnotes, an image, tag links, external links), the shipped
//! dossier, and an HTML walker built on lol_html.

#![allow(dead_code)] // each test binary uses its own part of this module

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use dossier::build::{BuildOptions, build};

/// A 1×1 PNG, to check that images are rebased and inlined.
pub const PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0,
    0, 0, 144, 119, 83, 222, 0, 0, 0, 12, 73, 68, 65, 84, 120, 156, 99, 248, 207, 192, 0, 0, 3, 1,
    1, 0, 201, 254, 146, 239, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130,
];

pub const FIRST: &str = r#"---
title: Premier article d’essai
slug: premier
date: 2014-11-04
source: { name: Agence d’essai, publication: Journal d’essai, url: "https://example.org/premier" }
authors: [Autrice Essai]
tags: [GCHQ, essai]
summary: Le résumé du premier article.
---

Un texte sur le chiffrement, avec une note[^1] et un [lien vers le second](../second/index.html)
et un [lien vers une section du second](../second/index.html#contexte), une
[référence externe](https://example.org/ailleurs), le [thème](../../tags/gchq/index.html) et le
[glossaire](../../glossary/index.html#metadonnees).

![Un schéma](../../img/schema.png)

## Contexte

Le [retour au contexte](#contexte) d’ici.

[^1]: La note de bas de page.
"#;

pub const SECOND: &str = r#"---
title: Second article d’essai
slug: second
date: 2017-06
source: Journal d’essai
tags: [essai]
---

Le second texte parle aussi de chiffrement et de métadonnées.

## Contexte

Même titre de section que dans le premier article.
"#;

pub const GLOSSARY: &str = r#"- term: chiffrement
  aliases: [chiffré]
  definition: Transformer un message pour qu’il ne soit lisible que par ses destinataires.
- term: métadonnées
  definition: Les données sur une communication (qui, quand, où), sans son contenu. Voir [le premier article](../articles/premier/index.html).
  see_also: [chiffrement]
  sources:
    - title: Une source d’essai
      url: https://example.org/source
"#;

pub const TIMELINE: &str = r#"- id: evenement-essai
  date: 2017-06
  title: Un événement d’essai
  text: Il y est question de métadonnées.
  articles: [second]
  sources:
    - title: Une source d’essai
      url: https://example.org/evenement
"#;

/// Writes the fixture dossier in `dir`, with the default theme.
pub fn write_fixture(dir: &Path, extra_config: &str) {
    dossier::init::init(dir, "Dossier d’essai").expect("init");
    let w = |rel: &str, text: &[u8]| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "dossier.yaml",
        format!("title: Dossier d’essai\ndescription: Un dossier pour les tests.\n{extra_config}")
            .as_bytes(),
    );
    w(
        "content/_index.md",
        "---\ntitle: Présentation\n---\n\nLire d'abord [le premier article](articles/premier/index.html).\n\n## Lire\n\nPuis la [chronologie](timeline/index.html).\n"
            .as_bytes(),
    );
    w(
        "content/a-propos.md",
        "---\ntitle: À propos\nmenu: 1\n---\n\n## Méthode\n\nRetour à l'[accueil](../index.html).\n"
            .as_bytes(),
    );
    w("content/articles/premier.md", FIRST.as_bytes());
    w("content/articles/second.md", SECOND.as_bytes());
    w("content/glossary.yaml", GLOSSARY.as_bytes());
    w("content/timeline.yaml", TIMELINE.as_bytes());
    w("static/img/schema.png", PNG);
}

/// Builds the fixture into `dir/public`, and returns the output directory.
pub fn build_fixture(dir: &Path, extra_config: &str, base_url: Option<&str>) -> PathBuf {
    write_fixture(dir, extra_config);
    let out = dir.join("public");
    build(&BuildOptions {
        root: dir.to_path_buf(),
        output_dir: Some(out.clone()),
        base_url: base_url.map(str::to_string),
        drafts: false,
    })
    .expect("the fixture builds");
    out
}

/// Builds the shipped dossier (the repository's own content) into `out`.
pub fn build_shipped(out: &Path) -> PathBuf {
    build(&BuildOptions {
        root: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
        output_dir: Some(out.to_path_buf()),
        base_url: None,
        drafts: false,
    })
    .expect("the shipped dossier builds");
    out.to_path_buf()
}

/// One element of a page: its tag name and attributes.
#[derive(Debug, Clone)]
pub struct El {
    pub tag: String,
    pub attrs: BTreeMap<String, String>,
}

impl El {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.attrs.get(name).map(String::as_str)
    }
}

/// Every element of `html`, in document order, as the HTML parser sees it.
pub fn elements(html: &str) -> Vec<El> {
    let found = std::cell::RefCell::new(Vec::new());
    lol_html::rewrite_str(
        html,
        lol_html::RewriteStrSettings::new().append_element_content_handler(lol_html::element!(
            "*",
            |el| {
                found.borrow_mut().push(El {
                    tag: el.tag_name(),
                    attrs: el
                        .attributes()
                        .iter()
                        .map(|a| (a.name(), a.value()))
                        .collect(),
                });
                Ok(())
            }
        )),
    )
    .expect("parses");
    found.into_inner()
}

/// The HTML files of an output directory, by site-relative path.
pub fn html_files(out: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(out)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The ids of a page.
pub fn ids(html: &str) -> Vec<String> {
    elements(html)
        .into_iter()
        .filter_map(|e| e.get("id").map(str::to_string))
        .collect()
}

/// Ids that appear more than once.
pub fn duplicate_ids(html: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    ids(html)
        .into_iter()
        .filter(|id| !seen.insert(id.clone()))
        .collect()
}

/// Whether a URL leaves the site (another origin, mail, data).
pub fn is_external(url: &str) -> bool {
    url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
        || url.starts_with("//")
}

/// Resolves a relative `url` found in the file `page` (site-relative) to a
/// site-relative file and fragment. `None` when it climbs above the root
/// or is root-absolute (which breaks sub-path hosting).
pub fn resolve(page: &str, url: &str) -> Option<(String, Option<String>)> {
    if url.starts_with('/') {
        return None;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap();
    if path.is_empty() {
        return Some((page.to_string(), fragment));
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the file name
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some((parts.join("/"), fragment))
}

/// Percent-decodes a URL path (`%C3%A9` → `é`).
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("utf-8")
}

/// Every broken link of an output directory: `href`/`src` values of every
/// page that do not resolve to a file (or, with a fragment, to an id of
/// that file). External URLs are not followed.
pub fn broken_links(out: &Path) -> Vec<String> {
    let pages = html_files(out);
    let page_ids: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(p, h)| (p.as_str(), ids(h).into_iter().collect()))
        .collect();
    let mut broken = Vec::new();
    for (page, html) in &pages {
        for el in elements(html) {
            for attr in ["href", "src"] {
                let Some(url) = el.get(attr) else { continue };
                if is_external(url) {
                    continue;
                }
                let Some((file, fragment)) = resolve(page, url) else {
                    broken.push(format!("{page}: {attr}=\"{url}\" leaves the site"));
                    continue;
                };
                let file = percent_decode(&file);
                if !out.join(&file).is_file() {
                    broken.push(format!("{page}: {attr}=\"{url}\" → {file} does not exist"));
                    continue;
                }
                if let Some(f) = fragment
                    && !f.is_empty()
                    && page_ids
                        .get(file.as_str())
                        .is_some_and(|ids| !ids.contains(&f))
                {
                    broken.push(format!("{page}: {attr}=\"{url}\" → no id `{f}` in {file}"));
                }
            }
        }
    }
    broken
}

/// Problems with the Content-Security-Policy `default-src 'self'` and the
/// no-third-party rule, in every page of `out`: inline scripts (JSON-LD data
/// blocks aside), event-handler attributes, `style` attributes and elements,
/// `javascript:` URLs, and resources loaded from other sites. URLs under
/// `own` (the site's base URL) are the site's own.
pub fn csp_problems(pages: &BTreeMap<String, String>, own: Option<&str>) -> Vec<String> {
    let mut problems = Vec::new();
    for (page, html) in pages {
        for el in elements(html) {
            let at = |what: String| format!("{page}: <{}> {what}", el.tag);
            if el.tag == "script"
                && el.get("src").is_none()
                && el.get("type") != Some("application/ld+json")
            {
                problems.push(at("inline script".into()));
            }
            if el.tag == "style" {
                problems.push(at("inline style element".into()));
            }
            for (name, value) in &el.attrs {
                if name == "style" {
                    problems.push(at(format!("style=\"{value}\"")));
                }
                if name.starts_with("on") {
                    problems.push(at(format!("event handler {name}")));
                }
                if value
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
                {
                    problems.push(at(format!("{name}=\"{value}\"")));
                }
            }
            let loads = match el.tag.as_str() {
                "script" | "img" | "iframe" | "audio" | "video" | "source" | "embed" => {
                    el.get("src")
                }
                "link"
                    if el
                        .get("rel")
                        .is_some_and(|r| r != "canonical" && r != "alternate") =>
                {
                    el.get("href")
                }
                "object" => el.get("data"),
                _ => None,
            };
            if let Some(url) = loads
                && is_external(url)
                && !url.starts_with("data:")
                && !own.is_some_and(|o| url.starts_with(o))
            {
                problems.push(at(format!("loads a third-party resource {url}")));
            }
        }
    }
    problems
}
