//! The command line: `--help` on every command, and the exit codes
//! (0 success, 1 the user's mistake, 2 an internal error).

mod common;

use common::*;

#[test]
fn help_works_for_every_command() {
    let top = dossier(&["--help"]);
    assert_eq!(top.code, 0, "{}", top.stderr);
    for cmd in ["build", "check", "init"] {
        assert!(top.stdout.contains(cmd), "{}", top.stdout);
    }
    for (cmd, flags) in [
        (
            "build",
            &["--root", "--output-dir", "--base-url", "--drafts"][..],
        ),
        ("check", &["--root", "--drafts"][..]),
        ("init", &["--title", "<DIR>"][..]),
    ] {
        for args in [vec![cmd, "--help"], vec!["help", cmd]] {
            let run = dossier(&args);
            assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
            for flag in flags {
                assert!(
                    run.stdout.contains(flag),
                    "{args:?} lacks {flag}:\n{}",
                    run.stdout
                );
            }
        }
    }
    let version = dossier(&["--version"]);
    assert_eq!(version.code, 0);
    assert!(version.stdout.contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn a_wrong_command_line_is_a_user_error() {
    for args in [
        &["frobnicate"][..],
        &["build", "--no-such-flag"][..],
        &["init"][..],
        &[][..],
    ] {
        let run = dossier(args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(!run.stderr.is_empty(), "{args:?} explains itself");
    }
}

#[test]
fn exit_codes_for_success_user_error_and_internal_error() {
    let (tmp, root) = fixture_site();
    let root_arg = root.to_str().unwrap();

    let ok = dossier(&["check", "--root", root_arg]);
    assert_eq!(ok.code, 0, "{}", ok.stderr);

    let no_site = dossier(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(no_site.code, 1, "no dossier.yaml: {}", no_site.stderr);
    assert!(
        no_site.stderr.contains("dossier.yaml"),
        "{}",
        no_site.stderr
    );

    let bad_url = dossier(&["build", "--root", root_arg, "--base-url", "example.org"]);
    assert_eq!(bad_url.code, 1, "{}", bad_url.stderr);

    // The output's parent is a file: writing fails on the machine's side,
    // not in the user's content.
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let out = file.join("public");
    let io = dossier(&[
        "build",
        "--root",
        root_arg,
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    assert_eq!(io.code, 2, "{}", io.stderr);
    assert!(io.stderr.contains("internal error"), "{}", io.stderr);
}
