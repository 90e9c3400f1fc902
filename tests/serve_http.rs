//! `dossier serve` over real HTTP: a temporary copy of the fixture site,
//! a server on an ephemeral port, real edits on disk.

use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use dossier::build::BuildOptions;
use dossier::serve::{ServeOptions, Server};

mod serve_support;
use serve_support::{Events, fixture_site, get, replace_in, version_of, wait_for_page};

const LIMIT: Duration = Duration::from_secs(20);
const ALPHA: &str = "/articles/article-alpha/";
const ALPHA_FILE: &str = "articles/article-alpha/index.html";

fn start(root: &Path, poll: bool) -> Server {
    Server::start(ServeOptions {
        build: BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        },
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        poll,
    })
    .expect("the server starts")
}

/// Sends `target` exactly as written (clients normalise `..` away) and
/// returns the status code and the body.
fn raw_request(server: &Server, target: &str, host: &str) -> (u16, String) {
    let mut s = TcpStream::connect(server.addr()).unwrap();
    s.set_read_timeout(Some(LIMIT)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    let _ = s.read_to_string(&mut reply);
    let status = reply
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, reply)
}

#[test]
fn pages_are_served_with_their_types_and_no_caching() {
    let (_dir, root) = fixture_site();
    let server = start(&root, false);
    let url = server.url();

    let home = get(&url, "/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(
        home.body
            .contains("<script src=\"/__dossier/livereload.js\" defer></script>")
    );

    let article = get(&url, ALPHA);
    assert_eq!(article.status, 200);
    assert!(article.body.contains("Le texte de l’article alpha"));
    assert_eq!(
        get(&url, "/articles/article-alpha/index.html").body,
        article.body
    );

    let redirect = get(&url, "/articles/article-alpha");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some(ALPHA));

    for (path, mime) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/glossary.json", "application/json; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/__dossier/livereload.js", "text/javascript; charset=utf-8"),
    ] {
        let r = get(&url, path);
        assert_eq!(
            (r.status, r.header("content-type")),
            (200, Some(mime)),
            "{path}"
        );
        assert_eq!(r.header("cache-control"), Some("no-store"), "{path}");
    }
    assert!(
        get(&url, "/__dossier/livereload.js")
            .body
            .contains("EventSource")
    );

    let missing = get(&url, "/nulle-part/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page introuvable"),
        "{}",
        missing.body
    );
    assert_eq!(get(&url, "/__dossier/autre").status, 404);

    let (status, _) = raw_request(&server, "/", "evil.example");
    assert_eq!(status, 403, "a foreign Host name is refused");
    let (status, _) = raw_request(&server, "/", "localhost");
    assert_eq!(status, 200);
}

#[test]
fn an_edit_sends_a_reload_event_and_serves_the_new_content() {
    let (_dir, root) = fixture_site();
    let server = start(&root, false);
    let url = server.url();
    let events = Events::connect(&url);
    let hello = events.wait_for("hello", LIMIT, |_| true);
    let v0 = version_of(&hello.data);

    let alpha = root.join("content/articles/alpha.md");
    fs::write(
        &alpha,
        replace_in(&alpha, "Et une autre phrase.", "Une phrase toute neuve."),
    )
    .unwrap();
    let reload = events.wait_for("reload", LIMIT, |d| d.contains(ALPHA_FILE));
    assert!(version_of(&reload.data) > v0);
    assert!(
        !reload.data.contains("articles/article-beta/"),
        "{}",
        reload.data
    );
    assert!(get(&url, ALPHA).body.contains("Une phrase toute neuve."));
    // The print page and the feed follow in a second wave.
    events.wait_for("reload", LIMIT, |d| d.contains("print/index.html"));
    assert!(
        get(&url, "/print/")
            .body
            .contains("Une phrase toute neuve.")
    );

    // A stylesheet-only change is a `css` event: pages swap it, no reload.
    let css = root.join("themes/dossier/static/style.css");
    fs::write(
        &css,
        fs::read_to_string(&css).unwrap() + "\n.essai-live { color: red; }\n",
    )
    .unwrap();
    let swap = events.wait_for("css", LIMIT, |_| true);
    assert!(
        swap.data.contains("\"paths\":[\"style.css\"]"),
        "{}",
        swap.data
    );
    assert!(get(&url, "/style.css").body.contains(".essai-live"));

    // A new article appears, and is listed.
    fs::write(
        root.join("content/articles/nouveau.md"),
        "---\ntitle: Article nouveau\ndate: 2023\n---\n\nTexte.\n",
    )
    .unwrap();
    events.wait_for("reload", LIMIT, |d| {
        d.contains("articles/article-nouveau/index.html")
    });
    assert!(get(&url, "/").body.contains("Article nouveau"));
    assert_eq!(get(&url, "/articles/article-nouveau/").status, 200);
}

#[test]
fn a_broken_edit_shows_the_error_until_it_is_fixed() {
    let (_dir, root) = fixture_site();
    let server = start(&root, false);
    let url = server.url();
    let events = Events::connect(&url);
    events.wait_for("hello", LIMIT, |_| true);

    let alpha = root.join("content/articles/alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    fs::write(
        &alpha,
        good.replace("title: \"Article alpha\"", "title: [pas fermé"),
    )
    .unwrap();
    let error = events.wait_for("build-error", LIMIT, |_| true);
    let data: serde_json::Value = serde_json::from_str(&error.data).unwrap();
    let location = data["diagnostics"][0]["location"].as_str().unwrap();
    assert!(
        location.starts_with("content/articles/alpha.md:"),
        "file:line:col expected, got {location}"
    );
    assert!(location.split(':').count() == 3, "{location}");
    assert!(
        !data["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .is_empty()
    );

    // The last good site is still served.
    let page = get(&url, ALPHA);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Le texte de l’article alpha"));

    // A page opened now learns of the error at once.
    let late = Events::connect(&url);
    let first = late.drain(Duration::from_millis(500));
    let names: Vec<&str> = first.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["hello", "build-error"]);
    assert!(first[1].data.contains("content/articles/alpha.md:"));

    // The fix clears it, and a page opened then sees no error.
    fs::write(
        &alpha,
        good.replace("Et une autre phrase.", "Phrase corrigée."),
    )
    .unwrap();
    events.wait_for("reload", LIMIT, |d| d.contains(ALPHA_FILE));
    assert!(get(&url, ALPHA).body.contains("Phrase corrigée."));
    events.wait_for("reload", LIMIT, |d| d.contains("print/index.html"));
    let after = Events::connect(&url);
    let names: Vec<String> = after
        .drain(Duration::from_millis(500))
        .into_iter()
        .map(|e| e.name)
        .collect();
    assert_eq!(names, ["hello"]);

    // A template error is shown too, and fixing it without any output
    // change clears it with `build-ok`.
    let tpl = root.join("themes/dossier/templates/tag.html");
    let original = fs::read_to_string(&tpl).unwrap();
    fs::write(&tpl, format!("{original}{{% endblock content %}}\n")).unwrap();
    let error = events.wait_for("build-error", LIMIT, |_| true);
    assert!(error.data.contains("tag.html"), "{}", error.data);
    fs::write(&tpl, &original).unwrap();
    events.wait_for("build-ok", LIMIT, |_| true);
}

#[test]
fn a_burst_of_saves_leaves_the_server_up_and_the_content_right() {
    let (_dir, root) = fixture_site();
    let server = start(&root, false);
    let url = server.url();
    let events = Events::connect(&url);
    let v0 = version_of(&events.wait_for("hello", LIMIT, |_| true).data);

    let dir = root.join("content/articles");
    let alpha = dir.join("alpha.md");
    let good = fs::read_to_string(&alpha).unwrap();
    for i in 0..200 {
        let text = good.replace("Et une autre phrase.", &format!("Sauvegarde numéro {i}."));
        match i % 4 {
            // Vim: a write test file, a swap file, then the write.
            0 => {
                fs::write(dir.join("4913"), "").unwrap();
                fs::remove_file(dir.join("4913")).unwrap();
                fs::write(dir.join(".alpha.md.swp"), "swap").unwrap();
                fs::write(&alpha, text).unwrap();
            }
            // Write a temporary file, then rename it over the article.
            1 | 3 => {
                let tmp = dir.join(format!("alpha.md.tmp{i}"));
                fs::write(&tmp, text).unwrap();
                fs::rename(&tmp, &alpha).unwrap();
            }
            // A backup copy, then the write.
            _ => {
                fs::write(dir.join("alpha.md~"), &good).unwrap();
                fs::write(&alpha, text).unwrap();
            }
        }
    }
    fs::remove_file(dir.join(".alpha.md.swp")).unwrap();
    fs::remove_file(dir.join("alpha.md~")).unwrap();

    let page = wait_for_page(&url, ALPHA, LIMIT, |b| b.contains("Sauvegarde numéro 199."));
    assert_eq!(page.status, 200);
    // Every rebuild that changed the site is one version: a burst is a few
    // rebuilds, not one per save.
    let later = Events::connect(&url);
    let v1 = version_of(&later.wait_for("hello", LIMIT, |_| true).data);
    assert!(
        v1 > v0 && v1 - v0 < 50,
        "{} rebuilds for 200 saves",
        v1 - v0
    );
    assert_eq!(get(&url, "/").status, 200);
    let alpha_files: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("alpha"))
        .collect();
    assert_eq!(alpha_files, ["alpha.md"]);
    assert!(get(&url, "/articles/").body.contains("Article alpha"));
}

#[test]
fn requests_cannot_read_outside_the_site() {
    let (dir, root) = fixture_site();
    let secret = dir.path().join("secret.txt");
    fs::write(&secret, "SECRET-CONTENT").unwrap();
    std::os::unix::fs::symlink(&secret, root.join("static/lien.txt")).unwrap();
    let server = start(&root, false);

    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/articles%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/C:/Windows/win.ini",
        "/lien.txt",
        "/dossier.yaml",
        "/content/articles/alpha.md",
        "/themes/dossier/templates/base.html",
        "/__dossier/../dossier.yaml",
    ] {
        let (status, reply) = raw_request(&server, target, "127.0.0.1");
        assert!(status == 400 || status == 404, "{target}: {status}");
        assert!(!reply.contains("SECRET-CONTENT"), "{target}");
        assert!(!reply.contains("title: \"Dossier"), "{target}");
    }
    // The event stream takes no path or parameter to read anything.
    let (status, reply) = raw_request(&server, "/__dossier/events/../../secret.txt", "127.0.0.1");
    assert!(status == 400 || status == 404, "{status}");
    assert!(!reply.contains("SECRET-CONTENT"));
}

#[test]
fn polling_sees_edits_too() {
    let (_dir, root) = fixture_site();
    let server = start(&root, true);
    assert!(server.is_polling());
    let url = server.url();
    let events = Events::connect(&url);
    events.wait_for("hello", LIMIT, |_| true);
    let beta = root.join("content/articles/beta.md");
    fs::write(
        &beta,
        replace_in(&beta, "sans terme", "vu par sondage, sans terme"),
    )
    .unwrap();
    events.wait_for("reload", LIMIT, |d| {
        d.contains("articles/article-beta/index.html")
    });
    assert!(
        get(&url, "/articles/article-beta/")
            .body
            .contains("vu par sondage")
    );
}

#[test]
fn a_site_broken_at_start_shows_its_error_then_the_site_once_fixed() {
    let (_dir, root) = fixture_site();
    let glossary = root.join("content/glossary.yaml");
    let good = fs::read_to_string(&glossary).unwrap();
    fs::write(&glossary, "- term: [\n").unwrap();
    let server = start(&root, false);
    let url = server.url();

    let page = get(&url, "/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("/__dossier/livereload.js"));
    let events = Events::connect(&url);
    let first = events.drain(Duration::from_millis(500));
    assert_eq!(first.len(), 2, "{first:?}");
    assert!(first[1].name == "build-error" && first[1].data.contains("content/glossary.yaml:"));

    fs::write(&glossary, good).unwrap();
    let reload = events.wait_for("reload", LIMIT, |_| true);
    assert!(reload.data.contains("\"all\":true"), "{}", reload.data);
    assert_eq!(get(&url, "/").status, 200);
}

#[test]
fn the_reload_script_is_never_in_a_built_site() {
    let (dir, root) = fixture_site();
    let out = dir.path().join("public");
    dossier::build::build(&BuildOptions {
        root: root.clone(),
        output_dir: Some(out.clone()),
        ..BuildOptions::default()
    })
    .unwrap();
    let mut files = 0;
    for entry in walk(&out) {
        let bytes = fs::read(&entry).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__dossier") && !text.contains("livereload"),
            "{} carries the preview's script",
            entry.display()
        );
        files += 1;
    }
    assert!(files > 10);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut v = Vec::new();
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

#[test]
fn the_command_prints_its_address_and_serves() {
    let (_dir, root) = fixture_site();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&root)
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    let url = loop {
        let line = rx
            .recv_timeout(LIMIT)
            .expect("the server prints its address");
        if let Some(i) = line.find("http://127.0.0.1:") {
            break line[i..].split_whitespace().next().unwrap().to_string();
        }
    };
    let home = get(&url, "/");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Dossier d’essai"));
}
