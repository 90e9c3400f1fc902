//! Scores the importer on raw pages it was not tuned on: each
//! `tests/fixtures/import/NAME.txt` comes with `NAME.expect`, whose lines say
//!
//! - `+ snippet`: story text that must be in the body (kept),
//! - `- snippet`: clutter or metadata that must not be in the body (cut),
//! - `= key: value`: a front matter line that must start so (metadata),
//! - `~ text`: a warning that must be given,
//! - `! refused`: the page must be refused (it holds no article).
//!
//! Snippets are compared after folding typography (quotes, apostrophes,
//! no-break spaces, Markdown escapes), so they can be written as plain text.
//!
//! Thresholds, and why: losing story text is the worse error (an editor
//! sees leftover clutter at once, but cannot see a missing paragraph), so
//! the kept share must be at least 97 % overall and 75 % on every page; the
//! cut share must be at least 90 % overall; metadata at least 85 %, since a
//! wrong or missing field is listed under `review` or caught by the editor.
//! Every page that must be refused must be refused.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use dossier::import::convert;

const KEPT_MIN: f64 = 0.97;
const KEPT_MIN_PER_PAGE: f64 = 0.75;
const CUT_MIN: f64 = 0.90;
const META_MIN: f64 = 0.85;

/// Typography and Markdown escapes folded away, whitespace collapsed.
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|n| n.is_ascii_punctuation()) => {}
            '’' | '‘' => out.push('\''),
            '«' | '»' | '“' | '”' | '"' => {}
            '\u{a0}' | '\u{202f}' | '\t' | '\n' => out.push(' '),
            '…' => out.push_str("..."),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Score {
    kept: (usize, usize),
    cut: (usize, usize),
    meta: (usize, usize),
    refused: (usize, usize),
    failures: Vec<String>,
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixture directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    v.sort();
    v
}

fn score_one(txt: &Path, total: &mut Score, table: &mut String) {
    let name = txt.file_stem().unwrap().to_string_lossy().to_string();
    let expect = std::fs::read_to_string(txt.with_extension("expect"))
        .unwrap_or_else(|_| panic!("{name}: missing .expect file"));
    let bytes = std::fs::read(txt).unwrap();
    let result = convert(&bytes, txt, &format!("fixtures/{name}.txt"));
    let mut s = Score::default();
    let wants_refusal = expect.lines().any(|l| l.trim() == "! refused");
    match &result {
        Err(e) => {
            if wants_refusal {
                s.refused = (1, 1);
            } else {
                // Nothing written: every story snippet and field is lost,
                // every clutter snippet is (trivially) cut.
                s.refused = (0, 1);
                s.failures.push(format!("{name}: refused: {e}"));
                for line in expect.lines() {
                    match line.get(..2) {
                        Some("+ ") => s.kept.1 += 1,
                        Some("- ") => s.cut = (s.cut.0 + 1, s.cut.1 + 1),
                        Some("= " | "~ ") => s.meta.1 += 1,
                        _ => {}
                    }
                }
            }
        }
        Ok(c) => {
            if wants_refusal {
                s.refused = (0, 1);
                s.failures.push(format!(
                    "{name}: should have been refused, got:\n{}",
                    c.markdown
                ));
            }
            let body = fold(&c.body);
            let front: Vec<String> = c
                .markdown
                .split("\n---\n")
                .next()
                .unwrap_or("")
                .lines()
                .map(|l| fold(l.trim()))
                .collect();
            for line in expect.lines() {
                let (tag, text) = line.split_at(line.len().min(2));
                let want = fold(text);
                match tag {
                    "+ " => {
                        s.kept.1 += 1;
                        if body.contains(&want) {
                            s.kept.0 += 1;
                        } else {
                            s.failures.push(format!("{name}: lost story text: {want}"));
                        }
                    }
                    "- " => {
                        s.cut.1 += 1;
                        if body.contains(&want) {
                            s.failures.push(format!("{name}: kept clutter: {want}"));
                        } else {
                            s.cut.0 += 1;
                        }
                    }
                    "= " => {
                        s.meta.1 += 1;
                        if front.iter().any(|l| l.starts_with(&want)) {
                            s.meta.0 += 1;
                        } else {
                            s.failures
                                .push(format!("{name}: front matter lacks `{want}`"));
                        }
                    }
                    "~ " => {
                        s.meta.1 += 1;
                        if c.warnings.iter().any(|w| w.contains(text)) {
                            s.meta.0 += 1;
                        } else {
                            s.failures.push(format!("{name}: no warning `{text}`"));
                        }
                    }
                    _ => {}
                }
            }
            if !s.failures.is_empty() {
                s.failures
                    .push(format!("{name}: output was:\n{}", c.markdown));
            }
        }
    }
    let pct = |(a, b): (usize, usize)| {
        if b == 0 {
            "   -".to_string()
        } else {
            format!("{:3.0}%", 100.0 * a as f64 / b as f64)
        }
    };
    let _ = writeln!(
        table,
        "{name:<32} kept {} ({:>2}/{:<2}) cut {} ({:>2}/{:<2}) meta {} ({:>2}/{:<2}){}",
        pct(s.kept),
        s.kept.0,
        s.kept.1,
        pct(s.cut),
        s.cut.0,
        s.cut.1,
        pct(s.meta),
        s.meta.0,
        s.meta.1,
        if wants_refusal {
            "  refused as expected"
        } else {
            ""
        }
    );
    if s.kept.1 > 0 && (s.kept.0 as f64) < KEPT_MIN_PER_PAGE * s.kept.1 as f64 {
        s.failures
            .push(format!("{name}: kept share below {KEPT_MIN_PER_PAGE}"));
    }
    for (t, v) in [
        (&mut total.kept, s.kept),
        (&mut total.cut, s.cut),
        (&mut total.meta, s.meta),
        (&mut total.refused, s.refused),
    ] {
        t.0 += v.0;
        t.1 += v.1;
    }
    total.failures.extend(s.failures);
}

#[test]
fn fixture_set_scores() {
    let files = fixtures();
    assert!(files.len() >= 12, "the fixture set needs at least 12 pages");
    let mut total = Score::default();
    let mut table = String::new();
    for f in &files {
        score_one(f, &mut total, &mut table);
    }
    let share = |(a, b): (usize, usize)| a as f64 / b.max(1) as f64;
    let _ = writeln!(
        table,
        "TOTAL ({} pages): kept {:.1}% ({}/{}), cut {:.1}% ({}/{}), metadata {:.1}% ({}/{}), refused {}/{}",
        files.len(),
        100.0 * share(total.kept),
        total.kept.0,
        total.kept.1,
        100.0 * share(total.cut),
        total.cut.0,
        total.cut.1,
        100.0 * share(total.meta),
        total.meta.0,
        total.meta.1,
        total.refused.0,
        total.refused.1,
    );
    println!("{table}");
    for f in &total.failures {
        println!("{f}");
    }
    assert!(
        share(total.kept) >= KEPT_MIN,
        "kept share below {KEPT_MIN}:\n{table}"
    );
    assert!(
        share(total.cut) >= CUT_MIN,
        "cut share below {CUT_MIN}:\n{table}"
    );
    assert!(
        share(total.meta) >= META_MIN,
        "metadata share below {META_MIN}:\n{table}"
    );
    assert_eq!(total.refused.0, total.refused.1, "refusals:\n{table}");
    assert!(
        !total.failures.iter().any(|f| f.contains("below")),
        "a page lost too much:\n{table}"
    );
}
