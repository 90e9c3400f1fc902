//! The search page in headless Chromium, from `file://` and over HTTP under
//! a sub-path: runs tests/browser/search.spec.mjs (node's test runner,
//! playwright-core, Debian's chromium) against the fixture dossier built by
//! this crate's binary.
//!
//! Needs node, /usr/bin/chromium and `npm ci --prefix tests/browser
//! --ignore-scripts` (done by `bash .ci/run`); without them the test fails
//! and says what to install.

use std::path::Path;
use std::process::Command;

#[test]
fn search_works_from_file_and_http_in_headless_chromium() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = repo.join("tests/browser");
    assert!(
        harness.join("node_modules/playwright-core").is_dir(),
        "the search browser test needs the harness's packages: run bash .ci/run, or \
         npm ci --prefix tests/browser --ignore-scripts"
    );
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the search browser test needs Debian's chromium: apt-get update && apt-get install -y chromium"
    );
    let out = Command::new("node")
        .arg("--test")
        .arg(harness.join("search.spec.mjs"))
        .env("DOSSIER_BIN", env!("CARGO_BIN_EXE_dossier"))
        .current_dir(repo)
        .output()
        .expect("node is needed for the browser tests (apt-get install -y nodejs)");
    assert!(
        out.status.success(),
        "search.spec.mjs failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
