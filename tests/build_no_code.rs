//! The syntax set (tens of milliseconds to load) must not be loaded for a
//! dossier without code. This is its own test binary so that no other test
//! loads it in the same process first.

mod common;

use dossier::build::{BuildOptions, build};
use dossier::render::highlight::syntaxes_loaded;

fn write(root: &std::path::Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn syntax_set_is_loaded_only_for_code() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    common::copy_dir(&common::repo().join("themes"), &root.join("themes"));
    write(
        &root,
        "dossier.yaml",
        "title: Sans code\nbase_url: https://example.org/\n",
    );
    write(
        &root,
        "content/_index.md",
        "---\ntitle: Accueil\n---\n\nDu texte, et `du code en ligne`.\n",
    );
    write(
        &root,
        "content/articles/texte.md",
        "---\ntitle: Un texte\ndate: 2017-06\ntags: [essai]\n---\n\n## Titre\n\nDu texte « cité ».\n\n    un bloc indenté n’est pas du code surligné ?\n",
    );
    let mut opts = BuildOptions {
        root: root.clone(),
        output_dir: Some(tmp.path().join("out")),
        base_url: None,
        drafts: false,
    };
    // The indented block is a code block too: drop it for the first build.
    let article = root.join("content/articles/texte.md");
    let text = std::fs::read_to_string(&article).unwrap();
    let without_code = text.replace("    un bloc indenté n’est pas du code surligné ?\n", "");
    std::fs::write(&article, &without_code).unwrap();

    build(&opts).expect("the code-free site builds");
    assert!(tmp.path().join("out/highlight.css").is_file());
    assert!(
        !syntaxes_loaded(),
        "a site without code blocks loaded syntect's syntax set"
    );

    // With one code block, the same probe sees it loaded: the check above
    // can fail.
    std::fs::write(&article, &text).unwrap();
    opts.output_dir = Some(tmp.path().join("out2"));
    build(&opts).expect("the site with code builds");
    assert!(syntaxes_loaded());
}
