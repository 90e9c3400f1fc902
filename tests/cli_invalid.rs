//! One small site per bad input under `tests/fixtures/invalid/<case>/`,
//! each run through the real binary: `build` and `check` must both exit
//! with 1 and name the file, line and column with the key phrase, and
//! `build` must write nothing.

mod common;

use std::path::Path;

use common::*;

/// Runs `build` and `check` on the case and asserts the exit code, that
/// every expected piece is in the message, and that nothing was written.
fn assert_refused(case: &str, expected: &[&str]) {
    let (_tmp, root) = site_copy(&fixtures().join("invalid").join(case));
    let root_arg = root.to_str().unwrap();
    for command in ["build", "check"] {
        let run = dossier(&[command, "--root", root_arg]);
        assert_eq!(
            run.code, 1,
            "{case}: `{command}` exit code; stderr:\n{}",
            run.stderr
        );
        for piece in expected {
            assert!(
                run.stderr.contains(piece),
                "{case}: `{command}` should say `{piece}`; it said:\n{}",
                run.stderr
            );
        }
        assert!(run.stderr.contains("error:"), "{}", run.stderr);
        assert!(
            run.stderr.contains("hint:"),
            "{case}: a one-line hint\n{}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("internal error") && !run.stderr.contains("panicked"),
            "{}",
            run.stderr
        );
    }
    assert!(
        !root.join("public").exists(),
        "{case}: a failed build wrote public/"
    );
}

#[test]
fn malformed_yaml() {
    assert_refused(
        "malformed-yaml",
        &[
            "content/articles/cle-mal-formee.md:3:27: error:",
            "did not find expected key",
        ],
    );
}

#[test]
fn wrong_type() {
    assert_refused(
        "wrong-type",
        &[
            "content/articles/mauvais-type.md:4:7: error:",
            "tags: invalid type: integer `5`, expected a sequence",
        ],
    );
}

#[test]
fn bad_date() {
    assert_refused(
        "bad-date",
        &[
            "content/articles/mauvaise-date.md:3:7: error:",
            "invalid date `2017-13-01`",
            "month",
        ],
    );
}

#[test]
fn missing_title() {
    assert_refused(
        "missing-title",
        &[
            "content/articles/sans-titre.md:2:1: error:",
            "missing field `title`",
        ],
    );
}

#[test]
fn non_utf8_file() {
    let file = fixtures().join("invalid/non-utf8/content/articles/latin1.md");
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        bytes.contains(&0xe9),
        "the fixture must hold a Latin-1 byte"
    );
    // "title: Un caf" is 13 characters: the bad byte is at column 14.
    assert_refused(
        "non-utf8",
        &["content/articles/latin1.md:2:14: error:", "not valid UTF-8"],
    );
}

#[test]
fn empty_file() {
    assert_refused(
        "empty-file",
        &["content/articles/vide.md:1:1: error:", "the file is empty"],
    );
}

#[test]
fn duplicate_slug_names_both_files() {
    assert_refused(
        "duplicate-slug",
        &[
            "content/articles/premier.md",
            "content/articles/second.md",
            "articles/le-meme-titre/",
        ],
    );
}

#[test]
fn unknown_config_key_is_named() {
    assert_refused(
        "unknown-config-key",
        &["dossier.yaml:3:1: error:", "unknown field `colour`"],
    );
}

#[test]
fn tera_syntax_error_in_a_theme_template() {
    // Line 5 is `<p>{{ tag.name | }}</p>`: a filter is missing at column 18.
    assert_refused(
        "tera-syntax-error",
        &[
            "themes/dossier/templates/tag.html:5:18: error:",
            "template syntax error",
        ],
    );
}

#[test]
fn missing_template() {
    assert_refused(
        "missing-template",
        &[
            "themes/incomplet/templates",
            "the template `404.html` is missing",
        ],
    );
}

#[test]
fn output_dir_root_in_config() {
    assert_refused(
        "output-dir-root",
        &["refusing to use `/` as the output directory"],
    );
}

#[test]
fn bad_timeline_date() {
    assert_refused(
        "bad-timeline-date",
        &[
            "content/timeline.yaml:5:9: error:",
            "invalid date `2017-02-30`",
        ],
    );
}

#[test]
fn timeline_unknown_article() {
    assert_refused(
        "timeline-unknown-article",
        &[
            "content/timeline.yaml:4:26: error:",
            "the article `article-inconnu`, which does not exist",
        ],
    );
}

#[test]
fn timeline_duplicate_id() {
    assert_refused(
        "timeline-duplicate-id",
        &[
            "content/timeline.yaml:4:7: error:",
            "the event id `premier` is used twice (first at line 1)",
        ],
    );
}

#[test]
fn glossary_alias_claimed_twice() {
    assert_refused(
        "glossary-alias-twice",
        &[
            "content/glossary.yaml:5:13: error:",
            "`cryptage` is claimed by two terms: `chiffrement` and `cryptographie`",
        ],
    );
}

#[test]
fn glossary_see_also_to_no_term() {
    assert_refused(
        "glossary-see-also-missing",
        &[
            "content/glossary.yaml:3:14: error:",
            "`see_also: stéganographie`",
            "names no term",
        ],
    );
}

/// A file with a byte-order mark and CRLF line ends builds, and gives the
/// same site as the same file saved with LF and no BOM.
#[test]
fn bom_and_crlf_build_like_lf() {
    let case = fixtures().join("invalid/bom-crlf");
    let article = Path::new("content/articles/windows.md");
    let crlf = std::fs::read(case.join(article)).unwrap();
    assert!(
        crlf.starts_with(b"\xEF\xBB\xBF---\r\n"),
        "the fixture must keep its BOM and CRLF"
    );

    let (tmp, root_crlf) = site_copy(&case);
    let root_lf = tmp.path().join("site-lf");
    copy_dir(&root_crlf, &root_lf);
    let lf = String::from_utf8(crlf[3..].to_vec())
        .unwrap()
        .replace("\r\n", "\n");
    assert!(!lf.contains('\r'));
    std::fs::write(root_lf.join(article), lf).unwrap();

    let out_crlf = tmp.path().join("out-crlf");
    let out_lf = tmp.path().join("out-lf");
    build_ok(&root_crlf, &out_crlf, &[]);
    build_ok(&root_lf, &out_lf, &[]);
    let page = read(&out_crlf.join("articles/un-article-ecrit-sous-windows/index.html"));
    assert!(
        page.contains("<h1>Un article écrit sous Windows</h1>"),
        "{page}"
    );
    assert!(!page.contains('\r') && !page.contains('\u{feff}'));
    assert_same_tree(&read_tree(&out_crlf), &read_tree(&out_lf));
}

/// `/`, the site itself and its content directory are refused as output,
/// from the command line too, and nothing is touched.
#[test]
fn dangerous_output_dirs_are_refused() {
    let (_tmp, root) = fixture_site();
    let before = read_tree(&root);
    for out in ["/", ".", "content", "content/articles", ".."] {
        let run = dossier_in(&root, &["build", "--output-dir", out]);
        assert_eq!(run.code, 1, "--output-dir {out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to use"), "{}", run.stderr);
    }
    assert_same_tree(&before, &read_tree(&root));
}
