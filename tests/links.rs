//! The link check, end to end: `dossier check` fails on a broken link and
//! names the file to fix; `dossier build` warns and writes the site.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh dossier (from `dossier init`) with one article whose body says
/// `body`.
fn site_with_article(body: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let o = dossier(&["init", root.to_str().unwrap(), "--title", "Essai"]);
    assert!(o.status.success(), "init failed: {}", stderr(&o));
    std::fs::write(
        root.join("content/articles/essai.md"),
        format!("---\ntitle: Essai\ndate: 2017\n---\n\n{body}\n"),
    )
    .unwrap();
    (dir, root)
}

fn check(root: &Path) -> Output {
    dossier(&["check", "--root", root.to_str().unwrap()])
}

#[test]
fn shipped_dossier_has_no_broken_links() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = check(root);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn sound_links_pass() {
    let (_dir, root) = site_with_article(
        "Voir [les thèmes](../../tags/index.html), [le glossaire](../../glossary/index.html#top) \
         et [la suite](#suite).\n\n## Suite {#suite}\n\nFin.",
    );
    let o = check(&root);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn broken_links_in_content_fail_check_with_file_line_and_column() {
    let (_dir, root) = site_with_article(
        "Premier paragraphe.\n\nVoir [l’autre](../autre/index.html) et [la note](#note-absente).",
    );
    let o = check(&root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    // Front matter is 4 lines, then a blank line and the first paragraph.
    assert!(
        err.contains("content/articles/essai.md:8:16: error: broken link `../autre/index.html`"),
        "{err}"
    );
    assert!(
        err.contains("`articles/autre/index.html`, which does not exist"),
        "{err}"
    );
    assert!(
        err.contains("content/articles/essai.md:8:50: error: broken link `#note-absente`"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn links_that_only_work_at_a_domain_root_or_on_a_server_are_errors() {
    let (_dir, root) = site_with_article("[Racine](/tags/index.html) et [dossier](../../tags/).");
    let o = check(&root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("starts with `/`"), "{err}");
    assert!(err.contains("link to `tags/index.html`"), "{err}");
}

#[test]
fn a_broken_link_in_a_template_is_reported_against_the_template() {
    let (_dir, root) = site_with_article("Rien.");
    let base = root.join("themes/dossier/templates/base.html");
    let html = std::fs::read_to_string(&base).unwrap().replace(
        "glossary/index.html\">Glossaire",
        "glosaire/index.html\">Glossaire",
    );
    std::fs::write(&base, html).unwrap();
    let o = check(&root);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("themes/dossier/templates/base.html:")
            && err.contains("broken link `glosaire/index.html`"),
        "{err}"
    );
}

#[test]
fn build_warns_about_broken_links_and_writes_the_site() {
    let (dir, root) = site_with_article("Voir [l’autre](../autre/index.html).");
    let out = dir.path().join("out");
    let o = dossier(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("warning: content/articles/essai.md:6:16: broken link `../autre/index.html`"),
        "{err}"
    );
    assert!(out.join("articles/essai/index.html").is_file());
}

/// `build` scans pages as it writes them, `check` scans the rendered site
/// at once: both must find the same broken links, at the same places.
#[test]
fn build_and_check_report_the_same_broken_links() {
    let (dir, root) = site_with_article(
        "Voir [l’autre](../autre/index.html) et [la note](#note-absente).\n\n\
         <p id=\"ici\">x</p><a href='#ici'>ok</a> <a href=#pas-ici>ko</a>\n\
         <img src=\"../../absente.png\" srcset=\"a.png 2x, ../../b.png 640w\" alt=\"\">\n\
         <!-- <a href=\"../commentaire/index.html\"> -->\n\
         <script>var s = '<a href=\"../script/index.html\">';</script>\n\
         <a title='>' href=../../tags/>dossier</a> <a href=\"/racine.html\">racine</a>",
    );
    let check = stderr(&check(&root));
    let out = dir.path().join("out");
    let build = dossier(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    let build = stderr(&build);
    let from_check: Vec<String> = check
        .lines()
        .filter(|l| l.contains(": error: broken link"))
        .map(|l| l.replacen(": error: ", ": ", 1))
        .collect();
    let from_build: Vec<String> = build
        .lines()
        .filter_map(|l| l.strip_prefix("warning: "))
        .filter(|l| l.contains(": broken link"))
        .map(str::to_string)
        .collect();
    assert_eq!(from_check.len(), 12, "{check}");
    assert_eq!(from_build, from_check, "{build}\n{check}");
}
