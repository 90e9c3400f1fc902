//! Incremental rebuilds give the same site as a full build, after every
//! kind of edit, and redo less work when they can.

use std::fs;
use std::path::{Path, PathBuf};

use dossier::build::BuildOptions;
use dossier::render::{Output, RenderSettings};
use dossier::serve::changes::Touch;
use dossier::serve::incremental::{Outcome, Preview};

mod serve_support;
use serve_support::{fixture_site, replace_in};

fn preview(root: &Path) -> Preview {
    Preview::new(
        BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        },
        RenderSettings {
            live_reload: true,
            ..RenderSettings::default()
        },
    )
}

/// A full build of the site as it is on disk now.
fn full_build(root: &Path) -> Vec<Output> {
    let mut p = preview(root);
    p.apply([]).expect("the full build succeeds");
    p.outputs()
}

fn assert_same_as_full_build(p: &Preview, step: &str) {
    let incremental = p.outputs();
    let full = full_build(p.root());
    let paths = |v: &[Output]| v.iter().map(|o| o.path.clone()).collect::<Vec<_>>();
    assert_eq!(
        paths(&incremental),
        paths(&full),
        "after {step}: paths differ"
    );
    let differing: Vec<&str> = incremental
        .iter()
        .zip(&full)
        .filter(|(a, b)| a.bytes != b.bytes)
        .map(|(a, _)| a.path.as_str())
        .collect();
    assert!(
        differing.is_empty(),
        "after {step}: these outputs differ from a full build: {differing:?}"
    );
}

/// Applies what the watcher would report for `touched`.
fn touch(p: &mut Preview, touched: &[(&Path, Touch)]) -> dossier::Result<Outcome> {
    let touched: Vec<(PathBuf, Touch)> =
        touched.iter().map(|(p, t)| (p.to_path_buf(), *t)).collect();
    let changes = p.classify(&touched);
    let o = p.apply(changes)?;
    // The second wave (print page, feed, exports) completes the site.
    p.finish()?;
    assert!(!p.has_deferred());
    Ok(o)
}

fn edit(p: &mut Preview, path: &Path, text: &str) -> dossier::Result<Outcome> {
    fs::write(path, text).unwrap();
    touch(p, &[(path, Touch::Modified)])
}

#[test]
fn incremental_output_equals_a_full_build_after_each_edit() {
    let (_dir, root) = fixture_site();
    let articles = root.join("content/articles");
    let mut p = preview(&root);
    let first = p.apply([]).unwrap();
    assert!(first.full);
    assert_same_as_full_build(&p, "the first build");

    // Edit an article's body: its page and its embed view first, then the
    // aggregates that carry bodies (print page, feed); no list page.
    let alpha = articles.join("alpha.md");
    fs::write(
        &alpha,
        replace_in(&alpha, "Et une autre phrase.", "Et une phrase nouvelle."),
    )
    .unwrap();
    let o = p
        .apply(p.classify(&[(alpha.clone(), Touch::Modified)]))
        .unwrap();
    assert!(!o.full, "{o:?}");
    assert_eq!(o.rendered, 2, "{o:?}");
    assert!(p.has_deferred());
    let second = p.finish().unwrap();
    assert_eq!(
        second.changed,
        [
            "atom.xml",
            "print/index.html",
            "search/d-0.js",
            "search/index.html",
            "search/manifest.js",
            "search/t.js"
        ],
        "{second:?}"
    );
    assert!(
        o.changed
            .contains(&"articles/article-alpha/index.html".to_string()),
        "{o:?}"
    );
    assert!(
        !o.changed
            .contains(&"articles/article-beta/index.html".to_string()),
        "{o:?}"
    );
    assert!(
        !o.changed.contains(&"a-propos/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "an article edit");

    // A body edit that starts using a glossary term: the term's backlinks.
    let beta_file = articles.join("beta.md");
    let o = edit(
        &mut p,
        &beta_file,
        &replace_in(
            &beta_file,
            "sans terme du glossaire",
            "avec un terme-repère",
        ),
    )
    .unwrap();
    assert!(
        o.changed.contains(&"glossary/index.html".to_string()),
        "{o:?}"
    );
    assert!(!o.changed.contains(&"index.html".to_string()), "{o:?}");
    assert_same_as_full_build(&p, "a body edit using a glossary term");

    // Add an article with a new tag.
    let delta = articles.join("delta.md");
    fs::write(
        &delta,
        "---\ntitle: Article delta\ndate: 2019\ntags: [delta, essai]\n---\n\nNouveau texte avec un mot-témoin.\n",
    )
    .unwrap();
    let o = touch(&mut p, &[(&delta, Touch::Created)]).unwrap();
    assert!(!o.full);
    assert!(
        o.changed.contains(&"tags/delta/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "adding an article");

    // An editor's save: write a temporary file, then rename it over beta.
    let beta = articles.join("beta.md");
    let tmp = articles.join("beta.md.tmp.4242");
    fs::write(
        &tmp,
        replace_in(&beta, "Le deuxième article", "Le second article"),
    )
    .unwrap();
    fs::rename(&tmp, &beta).unwrap();
    let o = touch(
        &mut p,
        &[
            (&tmp, Touch::Created),
            (&tmp, Touch::Renamed),
            (&beta, Touch::Renamed),
        ],
    )
    .unwrap();
    assert!(!o.full, "{o:?}");
    assert_same_as_full_build(&p, "a rename-save");

    // Rename an article's file (same slug), then change its title (new slug).
    let gamma = articles.join("gamma.md");
    let gamma2 = articles.join("gamma-renomme.md");
    fs::rename(&gamma, &gamma2).unwrap();
    touch(
        &mut p,
        &[(&gamma, Touch::Renamed), (&gamma2, Touch::Renamed)],
    )
    .unwrap();
    assert_same_as_full_build(&p, "renaming an article file");
    let o = edit(
        &mut p,
        &gamma2,
        &replace_in(&gamma2, "Article gamma", "Article gamma bis"),
    )
    .unwrap();
    assert!(
        o.removed
            .contains(&"articles/article-gamma/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a title (slug) change");

    // A new date moves an article in every list; then delete it.
    edit(
        &mut p,
        &delta,
        &replace_in(&delta, "date: 2019", "date: 2022-02-02"),
    )
    .unwrap();
    assert_same_as_full_build(&p, "a date change");
    fs::remove_file(&delta).unwrap();
    let o = touch(&mut p, &[(&delta, Touch::Removed)]).unwrap();
    assert!(
        o.removed.contains(&"tags/delta/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "deleting an article");

    // An article that becomes a draft leaves the site.
    let o = edit(
        &mut p,
        &beta,
        &replace_in(&beta, "tags: [essai]", "tags: [essai]\ndraft: true"),
    )
    .unwrap();
    assert!(
        o.removed
            .contains(&"articles/article-beta/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a draft");

    // A template edit re-renders pages, without re-reading static files.
    let base = root.join("themes/dossier/templates/base.html");
    let o = edit(
        &mut p,
        &base,
        &replace_in(&base, "<main", "<!-- édité -->\n<main"),
    )
    .unwrap();
    assert!(
        !o.full && o.changed.contains(&"index.html".to_string()),
        "{o:?}"
    );
    assert!(!o.changed.contains(&"style.css".to_string()));
    assert_same_as_full_build(&p, "a template edit");

    // Glossary: a new term found in article bodies re-links them.
    let glossary = root.join("content/glossary.yaml");
    let text = fs::read_to_string(&glossary).unwrap()
        + "- term: texte\n  definition: \"Un terme de test ajouté.\"\n";
    let o = edit(&mut p, &glossary, &text).unwrap();
    assert!(
        !o.full
            && o.changed
                .contains(&"articles/article-alpha/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a glossary edit");
    // A term no page uses changes the glossary and the home page's counts.
    let text = fs::read_to_string(&glossary).unwrap()
        + "- term: zzz-inutilisé\n  definition: \"Un terme que rien ne cite.\"\n";
    let o = edit(&mut p, &glossary, &text).unwrap();
    assert!(
        !o.changed
            .contains(&"articles/article-alpha/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "an unused glossary term");

    // Timeline: a new event linking an article.
    let timeline = root.join("content/timeline.yaml");
    let text = fs::read_to_string(&timeline).unwrap()
        + "- id: fin\n  date: 2022-05-01\n  title: \"Troisième événement d’essai\"\n  text: \"Il cite un terme-repère.\"\n  articles: [article-gamma-bis]\n";
    let o = edit(&mut p, &timeline, &text).unwrap();
    assert!(
        !o.full && o.changed.contains(&"timeline/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a timeline edit");

    // A static file is copied again, and only it changes.
    let css = root.join("themes/dossier/static/style.css");
    let text = fs::read_to_string(&css).unwrap() + "\n/* édité */\n";
    let o = edit(&mut p, &css, &text).unwrap();
    assert_eq!(o.changed, ["style.css"], "{o:?}");
    assert!(o.rendered <= 1, "{o:?}");
    assert_same_as_full_build(&p, "a static edit");
    let added = root.join("static/ajout.txt");
    fs::write(&added, "ajout").unwrap();
    let o = touch(&mut p, &[(&added, Touch::Created)]).unwrap();
    assert_eq!(o.changed, ["ajout.txt"], "{o:?}");
    assert_same_as_full_build(&p, "a new static file");

    // A page is in the navigation of every page.
    let about = root.join("content/a-propos.md");
    edit(
        &mut p,
        &about,
        &replace_in(&about, "title: À propos", "title: Qui sommes-nous"),
    )
    .unwrap();
    assert_same_as_full_build(&p, "a page edit");
    let index = root.join("content/_index.md");
    edit(
        &mut p,
        &index,
        &replace_in(&index, "sert aux tests", "sert aux essais"),
    )
    .unwrap();
    assert_same_as_full_build(&p, "the home introduction");

    // A folder of pages moved in, then away.
    let guides = root.join("content/guides");
    let outside = root.parent().unwrap().join("guides");
    fs::create_dir(&outside).unwrap();
    fs::write(
        outside.join("lire.md"),
        "---\ntitle: Lire le dossier\n---\n\nTexte.\n",
    )
    .unwrap();
    fs::rename(&outside, &guides).unwrap();
    let o = touch(&mut p, &[(&guides, Touch::Created)]).unwrap();
    assert!(
        o.changed
            .contains(&"guides/lire-le-dossier/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a folder moved in");
    fs::rename(&guides, &outside).unwrap();
    let o = touch(&mut p, &[(&guides, Touch::Removed)]).unwrap();
    assert!(
        o.removed
            .contains(&"guides/lire-le-dossier/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "a folder moved away");

    // A symbolic link is not read, by the full build or the incremental one.
    let link = articles.join("lien.md");
    std::os::unix::fs::symlink(&alpha, &link).unwrap();
    touch(&mut p, &[(&link, Touch::Created)]).unwrap();
    assert_same_as_full_build(&p, "a symbolic link to an article");

    // The configuration rebuilds everything.
    let config = root.join("dossier.yaml");
    let o = edit(
        &mut p,
        &config,
        &replace_in(&config, "Dossier d’essai", "Dossier d’essai bis"),
    )
    .unwrap();
    assert!(o.full);
    assert_same_as_full_build(&p, "a configuration edit");
}

#[test]
fn a_failed_rebuild_keeps_the_last_good_site_and_retries_its_changes() {
    let (_dir, root) = fixture_site();
    let alpha = root.join("content/articles/alpha.md");
    let beta = root.join("content/articles/beta.md");
    let mut p = preview(&root);
    p.apply([]).unwrap();
    let good = p.outputs();

    // Bad YAML: the error names the file and the line.
    let broken = replace_in(&alpha, "title: \"Article alpha\"", "title: [unclosed");
    let e = edit(&mut p, &alpha, &broken).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(d.file.ends_with("content/articles/alpha.md"), "{d}");
    assert!(d.line.is_some(), "{d}");
    assert_eq!(p.outputs(), good, "the last good site is kept");
    assert!(!p.is_up_to_date());

    // Another edit while it is broken: still an error, nothing lost.
    edit(
        &mut p,
        &beta,
        &replace_in(&beta, "sans terme", "toujours sans terme"),
    )
    .unwrap_err();
    assert_eq!(p.outputs(), good);

    // The fix applies both changes.
    let fixed = broken
        .replace("title: [unclosed", "title: \"Article alpha\"")
        .replace("Et une autre phrase.", "Et une phrase corrigée.");
    let o = edit(&mut p, &alpha, &fixed).unwrap();
    assert!(!o.full);
    assert!(p.is_up_to_date());
    assert!(
        o.changed
            .contains(&"articles/article-beta/index.html".to_string()),
        "{o:?}"
    );
    assert_same_as_full_build(&p, "fixing the article");

    // A template error has a line too; fixing it recovers.
    let tpl = root.join("themes/dossier/templates/article.html");
    let original = fs::read_to_string(&tpl).unwrap();
    let e = edit(&mut p, &tpl, &format!("{original}\n{{% if %}}\n")).unwrap_err();
    let d = &e.diagnostics()[0];
    assert!(d.file.ends_with("article.html") && d.line.is_some(), "{d}");
    edit(&mut p, &tpl, &original).unwrap();
    assert_same_as_full_build(&p, "fixing the template");
}

#[test]
fn a_content_error_at_start_is_reported_and_recovered_from() {
    let (_dir, root) = fixture_site();
    let glossary = root.join("content/glossary.yaml");
    let good = fs::read_to_string(&glossary).unwrap();
    fs::write(&glossary, "- term: [\n").unwrap();
    let mut p = preview(&root);
    let e = p.apply([]).unwrap_err();
    assert!(e.diagnostics()[0].file.ends_with("glossary.yaml"));
    assert!(p.outputs().is_empty());
    let o = edit(&mut p, &glossary, &good).unwrap();
    assert!(o.full);
    assert_same_as_full_build(&p, "the fix");
}

#[test]
fn editor_artefacts_change_nothing() {
    let (_dir, root) = fixture_site();
    let mut p = preview(&root);
    p.apply([]).unwrap();
    let dir = root.join("content/articles");
    let names = [".alpha.md.swp", "alpha.md~", ".#alpha.md", "4913"];
    let touched: Vec<(PathBuf, Touch)> = names
        .iter()
        .map(|n| (dir.join(n), Touch::Created))
        .collect();
    assert!(p.classify(&touched).is_empty());
}
