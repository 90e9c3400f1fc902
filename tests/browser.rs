//! What a reader gets, checked by the tools the web trusts: the Nu HTML
//! Checker (vnu) and axe-core in headless Chromium, over the shipped dossier
//! and a new `dossier init` dossier with the sample content of
//! `tests/browser/sample/` (a plain page, a glossary and a timeline, no
//! article: the empty list states), built into temporary folders.
//!
//! The checks themselves live in `tests/browser/` (Node: `run.mjs`,
//! `vnu.mjs`); this file builds the sites and runs them, so `cargo test` is
//! the one test command. They need node, java, /usr/bin/chromium and
//! `tests/browser/node_modules`: when one is missing the tests FAIL and say
//! how to install it (`bash .ci/run` or `npm ci --prefix tests/browser`),
//! they never skip.

use std::path::{Path, PathBuf};
use std::process::Command;

use dossier::build::{BuildOptions, build};

/// The URL the sites are built for: with a base URL every output exists
/// (Atom, sitemap, canonical links), as when a dossier is published.
const BASE_URL: &str = "https://example.org/dossier/";

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn harness() -> PathBuf {
    repo().join("tests/browser")
}

const INSTALL: &str = "run `bash .ci/run`, or install them by hand: apt-get install chromium \
     default-jre-headless nodejs npm, then npm ci --prefix tests/browser --ignore-scripts";

/// Fails with an install hint when a tool the checks need is missing.
fn require_tools(java: bool, chromium: bool) {
    let mut missing = Vec::new();
    if !runs("node", &["--version"]) {
        missing.push("node".to_string());
    }
    if java && !runs("java", &["-version"]) {
        missing.push("java".to_string());
    }
    let chromium_path =
        std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".to_string());
    if chromium && !Path::new(&chromium_path).exists() {
        missing.push(chromium_path);
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        let dir = harness().join("node_modules").join(package);
        if !dir.is_dir() {
            missing.push(dir.display().to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "the browser checks need {}: {INSTALL}",
        missing.join(", ")
    );
}

fn runs(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Copies the files of `from` into `to`, folders included.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The sites every check runs on: (name, built folder).
///
/// To check another dossier (the full fixture site), add it to `roots`.
fn built_sites(tmp: &Path) -> Vec<(String, PathBuf)> {
    let sample = tmp.join("sample-src");
    dossier::init::init(&sample, "Dossier d’exemple").expect("init creates a dossier");
    copy_tree(&harness().join("sample"), &sample);
    let roots = [("shipped", repo().to_path_buf()), ("sample", sample)];
    roots
        .into_iter()
        .map(|(name, root)| {
            let out = tmp.join(name);
            let opts = BuildOptions {
                root,
                output_dir: Some(out.clone()),
                base_url: Some(BASE_URL.to_string()),
                ..BuildOptions::default()
            };
            if let Err(e) = build(&opts) {
                panic!("building the {name} site failed:\n{e}");
            }
            (name.to_string(), out)
        })
        .collect()
}

/// Runs a Node script of the harness; panics with its output on failure.
fn node(script: &str, args: &[String]) -> String {
    let o = Command::new("node")
        .arg(harness().join(script))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        o.status.success(),
        "{script} failed (exit {:?}):\n{stdout}\n{stderr}",
        o.status.code()
    );
    stdout
}

/// Runs a Node script that must fail; returns everything it printed.
fn node_expecting_failure(script: &str, args: &[String]) -> String {
    let o = Command::new("node")
        .arg(harness().join(script))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("node runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{script} should report the faults (exit 1):\n{all}"
    );
    all
}

#[test]
fn every_page_is_valid_html_for_the_nu_checker() {
    require_tools(true, false);
    let tmp = tempfile::tempdir().unwrap();
    let dirs: Vec<String> = built_sites(tmp.path())
        .into_iter()
        .map(|(_, d)| d.display().to_string())
        .collect();
    let out = node("vnu.mjs", &dirs);
    println!("{out}");
}

#[test]
fn every_page_passes_axe_keyboard_budget_and_browser_checks() {
    require_tools(false, true);
    let tmp = tempfile::tempdir().unwrap();
    let mut args = vec![
        "--base-url".to_string(),
        BASE_URL.to_string(),
        "--screenshots".to_string(),
        repo().join("target/screenshots").display().to_string(),
    ];
    args.extend(
        built_sites(tmp.path())
            .into_iter()
            .map(|(name, d)| format!("{name}={}", d.display())),
    );
    let out = node("run.mjs", &args);
    println!("{out}");
}

/// The harness is only worth something if it can fail: `bad-site/` holds
/// one page with faults of every kind, each of which must be reported.
#[test]
fn the_checks_report_every_kind_of_fault() {
    require_tools(true, true);
    let bad = harness().join("bad-site").display().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let report = node_expecting_failure(
        "run.mjs",
        &[
            "--screenshots".to_string(),
            tmp.path().display().to_string(),
            format!("bad={bad}"),
        ],
    );
    for expected in [
        "[axe html-has-lang, light]",
        "[axe color-contrast, light]",
        "[axe color-contrast, dark]",
        "[axe image-alt, light]",
        "[axe landmark-one-main, light]",
        "[axe heading-order, light]",
        "[lang] <html> has no lang attribute",
        "[landmarks] 0 <main> landmarks",
        "[alt] <img src=\"missing.png\"> has no alt attribute",
        "[no-inline] 1 inline <script>",
        "[no-inline] style=\"\" on <p>",
        "[render-blocking] <script src=\"blocking.js\">",
        "console error: an error in the console",
        "request failed: file://",
        "is not a skip link to <main>",
        "\"Article\" has no focus outline",
        "[layout, 375px light] the page scrolls sideways",
        "bad/articles/a/index.html [keyboard] Tab focuses nothing",
    ] {
        assert!(
            report.contains(expected),
            "the browser checks did not report `{expected}`:\n{report}"
        );
    }
    let vnu = node_expecting_failure("vnu.mjs", &[bad]);
    for expected in [
        "Element “div” not allowed as child of element “span”",
        "An “img” element must have an “alt” attribute",
    ] {
        assert!(
            vnu.contains(expected),
            "vnu did not report `{expected}`:\n{vnu}"
        );
    }
}
