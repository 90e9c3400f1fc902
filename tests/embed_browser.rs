//! The browser test of the embed views: builds the fixture dossier and its
//! SCORM package, then runs tests/browser/embed.mjs in headless
//! Chromium (Debian's `chromium`, driven by playwright-core). It serves the
//! site under a sub-path with `Content-Security-Policy: default-src 'self'`
//! and checks: the iframe of a course page takes the height the embed view
//! posts; without the helper script the iframe keeps its height and
//! scrolls; every page loads without console errors or CSP violations; the
//! SCORM runtime reports a read page to a (fake) platform.
//!
//! Shares the Node harness of tests/browser/ (playwright-core): needs node,
//! /usr/bin/chromium and `npm ci --prefix tests/browser --ignore-scripts`,
//! which `bash .ci/run` does; without them the test fails and says so.

mod embed_fixture;

use std::io::Read;
use std::path::Path;
use std::process::Command;

const CHROMIUM: &str = "/usr/bin/chromium";

fn harness_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser")
}

fn ensure_node_modules(dir: &Path) {
    assert!(
        dir.join("node_modules/playwright-core").is_dir(),
        "the embed browser test needs the harness's packages: run bash .ci/run, or \
         npm ci --prefix tests/browser --ignore-scripts"
    );
}

fn unzip_into(zip_file: &Path, dir: &Path) {
    let bytes = std::fs::read(zip_file).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let path = dir.join(f.enclosed_name().expect("a safe name"));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut buf = Vec::new();
        f.read_to_end(&mut buf).unwrap();
        std::fs::write(path, buf).unwrap();
    }
}

#[test]
fn embeds_csp_and_scorm_in_headless_chromium() {
    assert!(
        Path::new(CHROMIUM).is_file(),
        "the browser test needs Debian's chromium: apt-get update && apt-get install -y chromium"
    );
    let harness = harness_dir();
    ensure_node_modules(&harness);

    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let site = embed_fixture::build_fixture(&root, "", None);
    let zip = dir.path().join("scorm.zip");
    dossier::export::export(&dossier::export::ExportOptions {
        build: dossier::build::BuildOptions {
            root: root.clone(),
            ..Default::default()
        },
        single_file: None,
        scorm: Some(zip.clone()),
    })
    .expect("SCORM export");
    let scorm = dir.path().join("scorm");
    unzip_into(&zip, &scorm);

    let out = Command::new("node")
        .arg(harness.join("embed.mjs"))
        .arg(&site)
        .arg(&scorm)
        .current_dir(&harness)
        .output()
        .expect("node is needed for the browser test");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{report}");
    assert!(report.contains(" 0 failed"), "{report}");
}
