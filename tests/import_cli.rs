//! `dossier import` end to end: idempotency, the no-overwrite rule,
//! refused inputs, and that imported articles load and build.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn dossier(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run dossier")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new dossier with a copy of the seeds in `seeds/`.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = dossier(&["init", "site"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let to = dir.path().join("site/seeds");
    std::fs::create_dir_all(&to).unwrap();
    for e in std::fs::read_dir(seeds).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn root(d: &tempfile::TempDir) -> PathBuf {
    d.path().join("site")
}

fn articles(root: &Path) -> Vec<(PathBuf, String)> {
    let mut v: Vec<(PathBuf, String)> = std::fs::read_dir(root.join("content/articles"))
        .map(|rd| {
            rd.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "md"))
                .map(|p| {
                    let t = std::fs::read_to_string(&p).unwrap();
                    (p, t)
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn imported(root: &Path, seed: &str) -> (PathBuf, String) {
    articles(root)
        .into_iter()
        .find(|(_, t)| t.contains(&format!("imported_from: seeds/{seed}.txt")))
        .expect("imported article")
}

const S004: &str = "004_784deec8950b2fbc";

#[test]
fn import_then_check_and_build() {
    let d = site();
    let r = root(&d);
    let o = dossier(&["import", "seeds/"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("created content/articles/").count(), 2);
    let o = dossier(&["check"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = dossier(&["build"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        r.join("public/articles/le-gchq-britannique-veut-que-twitter-et-facebook-cooperent-plus/index.html")
            .is_file()
    );
}

#[test]
fn reimporting_an_unchanged_input_changes_nothing() {
    let d = site();
    let r = root(&d);
    assert!(dossier(&["import", "seeds"], &r).status.success());
    let before = articles(&r);
    let mtimes: Vec<_> = before
        .iter()
        .map(|(p, _)| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    let o = dossier(&["import", "./seeds/"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).matches(": unchanged ").count(),
        2,
        "{}",
        stderr(&o)
    );
    assert_eq!(articles(&r), before);
    let after: Vec<_> = before
        .iter()
        .map(|(p, _)| std::fs::metadata(p).unwrap().modified().unwrap())
        .collect();
    assert_eq!(mtimes, after);
}

#[test]
fn hand_completed_front_matter_is_kept() {
    let d = site();
    let r = root(&d);
    assert!(dossier(&["import", "seeds"], &r).status.success());
    let (path, text) = imported(&r, S004);
    let edited = text
        .replace(
            "lang: fr\n",
            "lang: fr\n# Date from facts.md (Reuters, 4 Nov 2014).\ndate: 2014-11-04\ntags: [GCHQ, terrorisme]\nslug: gchq\n",
        )
        .replace("review: [date]\n", "");
    std::fs::write(&path, &edited).unwrap();
    let o = dossier(&["import", "seeds"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);
    assert!(dossier(&["check"], &r).status.success());
}

#[test]
fn an_edited_body_is_not_overwritten_without_force() {
    let d = site();
    let r = root(&d);
    assert!(dossier(&["import", "seeds"], &r).status.success());
    let (path, text) = imported(&r, S004);
    let edited = text
        .replace("lang: fr\n", "lang: fr\ntags: [GCHQ]\n")
        .replace(
            "Aucun commentaire n’a pu être obtenu",
            "Aucun commentaire (note de l’éditeur)",
        );
    std::fs::write(&path, &edited).unwrap();

    let o = dossier(&["import", "seeds"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("skipped"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--force"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    let o = dossier(&["import", "--force", "seeds"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    let forced = std::fs::read_to_string(&path).unwrap();
    assert!(forced.contains("Aucun commentaire n’a pu être obtenu"));
    assert!(
        forced.contains("tags: [GCHQ]\n"),
        "front matter kept:\n{forced}"
    );
    assert_eq!(
        forced,
        text.replace("lang: fr\n", "lang: fr\ntags: [GCHQ]\n")
    );
    // And now it is an unedited import again.
    let o = dossier(&["import", "seeds"], &r);
    assert!(stderr(&o).contains(": unchanged "), "{}", stderr(&o));
}

#[test]
fn a_changed_input_updates_the_body_and_keeps_the_front_matter() {
    let d = site();
    let r = root(&d);
    assert!(dossier(&["import", "seeds"], &r).status.success());
    let (path, text) = imported(&r, S004);
    let with_tags = text.replace("lang: fr\n", "lang: fr\ntags: [GCHQ]\n");
    std::fs::write(&path, &with_tags).unwrap();
    let seed = r.join(format!("seeds/{S004}.txt"));
    let raw = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(&seed, raw.replace("78 demandes", "79 demandes")).unwrap();
    let o = dossier(&["import", "seeds"], &r);
    assert!(stderr(&o).contains("updated"), "{}", stderr(&o));
    let updated = std::fs::read_to_string(&path).unwrap();
    assert!(updated.contains("79 demandes") && updated.contains("tags: [GCHQ]\n"));
    assert_ne!(updated, with_tags);
}

#[test]
fn dry_run_and_stdout_write_nothing() {
    let d = site();
    let r = root(&d);
    let o = dossier(&["import", "--dry-run", "seeds"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o).matches("would be created").count(), 2);
    assert!(articles(&r).is_empty());
    let o = dossier(&["import", "--stdout", &format!("seeds/{S004}.txt")], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("---\ntitle: \"Le GCHQ britannique"));
    assert!(articles(&r).is_empty());
    let o = dossier(&["import", "--stdout", "seeds"], &r);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--stdout prints one article"));
}

#[test]
fn empty_whitespace_and_binary_inputs_are_refused() {
    let d = site();
    let r = root(&d);
    std::fs::create_dir_all(r.join("raw")).unwrap();
    std::fs::write(r.join("raw/empty.txt"), b"").unwrap();
    std::fs::write(r.join("raw/blank.txt"), b" \r\n\t\n\xC2\xA0\n").unwrap();
    std::fs::write(
        r.join("raw/image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let o = dossier(&["import", "raw"], &r);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("raw/empty.txt:1:1: error: the file is empty"),
        "{e}"
    );
    assert!(
        e.contains("raw/blank.txt:1:1: error: the file holds only whitespace"),
        "{e}"
    );
    assert!(
        e.contains("raw/image.txt:3:1: error: the file looks binary"),
        "{e}"
    );
    assert!(articles(&r).is_empty());
}

#[test]
fn windows_1252_is_imported_with_a_warning() {
    let d = site();
    let r = root(&d);
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/12-fr-windows-1252-crlf.txt");
    std::fs::copy(fixture, r.join("page.txt")).unwrap();
    let o = dossier(&["import", "page.txt"], &r);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("page.txt: warning: the file is not UTF-8"));
    let (_, text) = articles(&r).pop().unwrap();
    assert!(text.contains("title: \"Messageries cryptées\u{a0}: les enquêteurs démunis"));
    assert!(!text.contains('\r'));
}

#[test]
fn a_ten_megabyte_line_is_imported() {
    // One paragraph of 10 MB with URLs, quotes and ellipses: every stage
    // must be linear for this to finish (the benchmark in benches/ measures
    // the ratio against 1 MB).
    let sentence = "Les jihadistes utilisent des logiciels de cryptage, voir \
                    https://example.org/a_b?x=1 et www.exemple.fr, pour « échapper » à \
                    la surveillance des autorités (...) ; dit-il. ";
    let text = sentence.repeat(10 * 1024 * 1024 / sentence.len() + 1);
    let c = dossier::import::convert(text.as_bytes(), Path::new("big.txt"), "big.txt").unwrap();
    assert!(c.body.len() > 10 * 1024 * 1024);
    assert!(c.body.contains("https://example.org/a_b?x=1"));
    assert_eq!(c.meta.review.first().map(String::as_str), Some("title"));
}
