//! `dossier export`: the single-file dossier and the SCORM 1.2 package, on
//! the fixture dossier and the shipped one.

mod embed_fixture;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use dossier::build::BuildOptions;
use dossier::export::{ExportOptions, export};
use embed_fixture::*;

const IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
const ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

fn options(root: &Path, base_url: Option<&str>) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        output_dir: None,
        base_url: base_url.map(str::to_string),
        drafts: false,
    }
}

fn single_file(root: &Path, base_url: Option<&str>, to: &Path) -> String {
    export(&ExportOptions {
        build: options(root, base_url),
        single_file: Some(to.to_path_buf()),
        scorm: None,
    })
    .expect("export");
    std::fs::read_to_string(to).unwrap()
}

#[test]
fn the_single_file_stands_alone() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_fixture(&root, "");
    let html = single_file(&root, None, &dir.path().join("dossier.html"));
    let els = elements(&html);

    let styles: Vec<_> = els.iter().filter(|e| e.tag == "style").collect();
    assert_eq!(styles.len(), 1, "one <style> element");
    assert!(html.contains(".one-page"), "print.css is inlined");
    assert!(html.contains("--accent"), "style.css is inlined");
    assert!(!els.iter().any(|e| e.tag == "script"), "no script at all");
    assert!(
        !els.iter()
            .any(|e| e.tag == "link" && e.get("rel") == Some("stylesheet"))
    );
    assert!(
        !els.iter().any(|e| e.get("style").is_some()),
        "no style attribute"
    );

    // Images are data URIs, with the image's own bytes.
    let imgs: Vec<_> = els.iter().filter(|e| e.tag == "img").collect();
    assert!(!imgs.is_empty());
    for img in &imgs {
        assert!(
            img.get("src")
                .unwrap()
                .starts_with("data:image/png;base64,")
        );
    }
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD.encode(PNG);
    assert!(html.contains(&format!("data:image/png;base64,{b64}")));
    for e in &els {
        if let Some(src) = e.get("src") {
            assert!(src.starts_with("data:"), "<{}> src={src}", e.tag);
        }
    }

    // Every link is an anchor of the file or leaves for another site.
    let dups = duplicate_ids(&html);
    assert!(dups.is_empty(), "duplicate ids: {dups:?}");
    let ids: BTreeSet<String> = ids(&html).into_iter().collect();
    for e in els.iter().filter(|e| e.get("href").is_some()) {
        let href = e.get("href").unwrap();
        if let Some(id) = href.strip_prefix('#') {
            assert!(ids.contains(id), "no id for {href}");
        } else {
            assert!(
                href.starts_with("https://") || href.starts_with("http://"),
                "<{}> href={href} is neither an anchor nor another site",
                e.tag
            );
        }
    }
    for text in [
        "Premier article d’essai",
        "Second article d’essai",
        "Un événement d’essai",
        "<dfn>métadonnées</dfn>",
        "Lire d’abord",
    ] {
        assert!(html.contains(text), "missing {text}");
    }
    for href in [
        "#article-premier",
        "#article-second--contexte",
        "#glossaire-chiffrement",
        "#chronologie",
    ] {
        assert!(html.contains(&format!("href=\"{href}\"")), "no link {href}");
    }
    // Without a base URL, a link to a tag page (not in the file) keeps its
    // text and loses its href.
    assert!(html.contains("le thème et"), "{html}");
}

#[test]
fn the_single_file_links_to_the_published_site_with_base_url() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_fixture(&root, "");
    let html = single_file(
        &root,
        Some("https://ex.org/dossier/"),
        &dir.path().join("d.html"),
    );
    assert!(html.contains("href=\"https://ex.org/dossier/tags/gchq/index.html\""));
    assert!(html.contains("href=\"#article-second\""));
}

#[test]
fn the_shipped_dossier_exports_to_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let html = single_file(&root, None, &dir.path().join("dossier.html"));
    assert_eq!(
        elements(&html).iter().filter(|e| e.tag == "style").count(),
        1
    );
    assert!(duplicate_ids(&html).is_empty());
    assert!(html.contains("Le GCHQ britannique veut que Twitter et Facebook coopèrent plus"));
}

/// The zip's files, by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        files.insert(f.name().to_string(), buf);
    }
    files
}

fn scorm_package(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("dossier-scorm.zip");
    export(&ExportOptions {
        build: options(root, None),
        single_file: None,
        scorm: Some(to.clone()),
    })
    .expect("export");
    unzip(&std::fs::read(to).unwrap())
}

/// The IMS CP children of `n` named `name`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Vec<roxmltree::Node<'a, 'i>> {
    n.children()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .filter(|c| c.tag_name().namespace() == Some(IMSCP))
        .collect()
}

fn is_ncname(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_alphabetic() || f == '_')
        && c.all(|x| x.is_alphanumeric() || matches!(x, '-' | '_' | '.'))
}

/// Checks the manifest against the SCORM 1.2 content packaging structure
/// and returns the items' launch pages.
fn check_manifest(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let text = std::str::from_utf8(&files["imsmanifest.xml"]).unwrap();
    let doc = roxmltree::Document::parse(text).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "manifest");
    assert_eq!(root.tag_name().namespace(), Some(IMSCP));
    assert_eq!(root.lookup_namespace_uri(Some("adlcp")), Some(ADLCP));
    assert!(root.attribute("identifier").is_some_and(is_ncname));

    let meta = child(root, "metadata");
    assert_eq!(meta.len(), 1);
    assert_eq!(child(meta[0], "schema")[0].text(), Some("ADL SCORM"));
    assert_eq!(child(meta[0], "schemaversion")[0].text(), Some("1.2"));

    let orgs = child(root, "organizations");
    assert_eq!(orgs.len(), 1);
    let org_list = child(orgs[0], "organization");
    assert_eq!(org_list.len(), 1, "one organization");
    let org = org_list[0];
    assert_eq!(orgs[0].attribute("default"), org.attribute("identifier"));
    assert!(!child(org, "title")[0].text().unwrap_or("").is_empty());

    let resources = child(root, "resources");
    assert_eq!(resources.len(), 1);
    let res: Vec<_> = child(resources[0], "resource");
    let by_id: BTreeMap<&str, roxmltree::Node> = res
        .iter()
        .map(|r| (r.attribute("identifier").unwrap(), *r))
        .collect();
    assert_eq!(by_id.len(), res.len(), "resource identifiers are unique");

    let mut listed = BTreeSet::new();
    for r in &res {
        assert!(is_ncname(r.attribute("identifier").unwrap()));
        assert_eq!(r.attribute("type"), Some("webcontent"));
        let kind = r.attribute((ADLCP, "scormtype")).expect("adlcp:scormtype");
        assert!(kind == "sco" || kind == "asset", "{kind}");
        if kind == "sco" {
            let href = percent_decode(r.attribute("href").expect("a SCO has an href"));
            assert!(
                files.contains_key(&href),
                "launch page {href} is in the zip"
            );
        }
        for f in child(*r, "file") {
            let href = percent_decode(f.attribute("href").unwrap());
            assert!(
                files.contains_key(&href),
                "{href} is listed but not in the zip"
            );
            listed.insert(href);
        }
        for d in child(*r, "dependency") {
            assert!(by_id.contains_key(d.attribute("identifierref").unwrap()));
        }
    }
    for name in files.keys().filter(|n| *n != "imsmanifest.xml") {
        assert!(listed.contains(name), "{name} is in the zip but not listed");
    }

    let mut launches = Vec::new();
    let mut item_ids = BTreeSet::new();
    for item in child(org, "item") {
        let id = item.attribute("identifier").unwrap();
        assert!(is_ncname(id) && item_ids.insert(id), "{id}");
        let r = by_id[item.attribute("identifierref").unwrap()];
        assert_eq!(r.attribute((ADLCP, "scormtype")), Some("sco"));
        let title = child(item, "title")[0].text().unwrap().to_string();
        launches.push((title, percent_decode(r.attribute("href").unwrap())));
    }
    launches
}

#[test]
fn the_scorm_package_has_a_valid_manifest_and_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_fixture(&root, "");
    let files = scorm_package(&root);
    assert!(
        files.contains_key("imsmanifest.xml"),
        "manifest at the root"
    );
    let launches = check_manifest(&files);
    let hrefs: Vec<&str> = launches.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "index.html",
            "articles/second/index.html",
            "articles/premier/index.html",
            "timeline/index.html",
            "glossary/index.html",
        ],
        "one item per article, plus home, timeline and glossary"
    );
    assert_eq!(launches[3].0, "Chronologie");
    assert!(files.contains_key("img/schema.png"));
    assert!(
        !files.keys().any(|f| f.starts_with("embed/")),
        "no embed views"
    );

    // Every page loads the runtime, with a path that resolves in the zip.
    assert!(files.contains_key("scorm.js"));
    for (name, bytes) in files.iter().filter(|(n, _)| n.ends_with(".html")) {
        let html = std::str::from_utf8(bytes).unwrap();
        let src = elements(html)
            .into_iter()
            .filter(|e| e.tag == "script")
            .filter_map(|e| e.get("src").map(str::to_string))
            .find(|s| s.ends_with("scorm.js"))
            .unwrap_or_else(|| panic!("{name} does not load scorm.js"));
        let (file, _) = resolve(name, &src).unwrap();
        assert_eq!(file, "scorm.js", "{name}: {src}");
        assert!(
            !html.contains("embed-snippet"),
            "{name} shows an embed snippet"
        );
    }
    let runtime = std::str::from_utf8(&files["scorm.js"]).unwrap();
    for call in [
        "LMSInitialize(\"\")",
        "cmi.core.lesson_status",
        "\"completed\"",
        "LMSCommit(\"\")",
        "LMSFinish(\"\")",
    ] {
        assert!(runtime.contains(call), "scorm.js lacks {call}");
    }
}

#[test]
fn the_shipped_dossier_packages_for_scorm() {
    let files = scorm_package(Path::new(env!("CARGO_MANIFEST_DIR")));
    let launches = check_manifest(&files);
    assert_eq!(launches.len(), 2 + 3);
}

#[test]
fn scorm_packages_are_reproducible() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(scorm_package(root), scorm_package(root));
}

fn dossier(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_export_command_writes_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_fixture(&root, "");
    let html = dir.path().join("dossier.html");
    let zip = dir.path().join("dossier-scorm.zip");
    let out = dossier(&[
        "export",
        "--root",
        root.to_str().unwrap(),
        "--single-file",
        html.to_str().unwrap(),
        "--scorm",
        zip.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    assert!(unzip(&std::fs::read(&zip).unwrap()).contains_key("imsmanifest.xml"));
    // No temporary file is left beside the exports.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
}

#[test]
fn the_export_command_explains_bad_targets() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    write_fixture(&root, "");
    let r = root.to_str().unwrap();
    let none = dossier(&["export", "--root", r]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("--single-file"));

    let to_dir = dossier(&["export", "--root", r, "--single-file", r]);
    assert_eq!(to_dir.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&to_dir.stderr).contains("is a directory"));

    let missing = dir.path().join("nope/d.zip");
    let no_folder = dossier(&["export", "--root", r, "--scorm", missing.to_str().unwrap()]);
    assert_eq!(no_folder.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_folder.stderr).contains("does not exist"));
}
