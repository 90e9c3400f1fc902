//! Output safety, through the real binary: a failed build leaves the
//! previous site byte-identical, what a person put in the output survives a
//! rebuild, a directory dossier did not make is never touched, and `init`
//! makes a dossier that builds at once.

mod common;

use std::fs;
use std::path::Path;

use common::*;

fn build_in(root: &Path) -> Run {
    dossier(&["build", "--root", root.to_str().unwrap()])
}

/// Entries of `dir` left by an interrupted or failed swap.
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("dossier-new") || n.contains("dossier-old"))
        .collect()
}

#[test]
fn a_failed_build_leaves_the_previous_site_byte_identical() {
    let (_tmp, root) = fixture_site();
    let run = build_in(&root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = root.join("public");
    let before = read_tree(&public);
    assert!(before.contains_key("index.html"));

    // Break one article: a wrong type in its front matter.
    let article = root.join("content/articles/note-de-mars.md");
    let text = read(&article).replace("tags: [chiffrement, Éducation]", "tags: 5");
    fs::write(&article, text).unwrap();
    let run = build_in(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/articles/note-de-mars.md:6:7"),
        "{}",
        run.stderr
    );

    assert_same_tree(&before, &read_tree(&public));
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));

    // A broken template fails too, and also leaves the site as it was.
    fs::write(
        &article,
        read(&fixtures().join("site/content/articles/note-de-mars.md")),
    )
    .unwrap();
    fs::write(root.join("templates/404.html"), "{% if %}").unwrap();
    let run = build_in(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("templates/404.html:1:"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &read_tree(&public));

    // A template that parses but fails while rendering: by then pages are
    // being written, into a new directory that must be thrown away.
    fs::write(
        root.join("templates/404.html"),
        "{% extends \"base.html\" %}{% block content %}{{ no_such.value }}{% endblock content %}",
    )
    .unwrap();
    let run = build_in(&root);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("templates/404.html"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&public));
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

#[test]
fn what_a_person_put_in_public_survives_a_rebuild() {
    let (_tmp, root) = fixture_site();
    assert_eq!(build_in(&root).code, 0);
    let public = root.join("public");
    fs::create_dir_all(public.join(".git/refs")).unwrap();
    fs::write(public.join(".git/HEAD"), "ref: refs/heads/pages\n").unwrap();
    fs::write(public.join("CNAME"), "dossier.example.org\n").unwrap();
    // Also inside directories dossier writes to.
    fs::write(public.join("articles/lisez-moi.txt"), "mine\n").unwrap();
    fs::create_dir_all(public.join("tags/extra")).unwrap();
    fs::write(public.join("tags/extra/notes.txt"), "mine too\n").unwrap();

    // An article removed from the content disappears from the output.
    let gone = root.join("content/articles/english-article.md");
    fs::remove_file(gone).unwrap();
    let run = build_in(&root);
    assert_eq!(run.code, 0, "{}", run.stderr);

    assert_eq!(read(&public.join(".git/HEAD")), "ref: refs/heads/pages\n");
    assert!(public.join(".git/refs").is_dir());
    assert_eq!(read(&public.join("CNAME")), "dossier.example.org\n");
    assert_eq!(read(&public.join("articles/lisez-moi.txt")), "mine\n");
    assert_eq!(read(&public.join("tags/extra/notes.txt")), "mine too\n");
    assert!(!public.join("articles/an-english-test-article").exists());
    assert!(public.join("index.html").is_file());
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));

    // The marker lists what dossier wrote, not what the person added.
    let marker = read(&public.join(".dossier-build"));
    assert!(marker.lines().any(|l| l == "index.html"), "{marker}");
    assert!(
        !marker.contains("CNAME") && !marker.contains(".git"),
        "{marker}"
    );
}

#[test]
fn a_non_empty_directory_without_the_marker_is_refused_and_untouched() {
    let (tmp, root) = fixture_site();
    let out = tmp.path().join("my-files");
    fs::create_dir_all(out.join("sub")).unwrap();
    fs::write(out.join("thesis.txt"), "do not delete\n").unwrap();
    fs::write(out.join("sub/notes.md"), "mine\n").unwrap();
    let before = read_tree(&out);

    let run = dossier(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not made by dossier"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&out));
    assert!(leftovers(tmp.path()).is_empty());

    // An empty directory is fine to use.
    let empty = tmp.path().join("empty");
    fs::create_dir(&empty).unwrap();
    build_ok(&root, &empty, &[]);
    assert!(empty.join("index.html").is_file());
}

#[test]
fn init_makes_a_dossier_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("nouveau");
    let run = dossier(&[
        "init",
        dir.to_str().unwrap(),
        "--title",
        "Mon dossier d’essai",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    let run = dossier_in(&dir, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let home = parse(&dir.join("public/index.html"));
    assert!(text_of(&home, "title").contains("Mon dossier d’essai"));
    let problems = link_problems(&dir.join("public"), None);
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // A second init into the same, now non-empty, directory is refused.
    let before = read_tree(&dir);
    let run = dossier(&["init", dir.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert_same_tree(&before, &read_tree(&dir));
}
