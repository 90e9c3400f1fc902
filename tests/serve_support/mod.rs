//! Shared helpers of the `serve` tests: a temporary copy of the fixture
//! site, an HTTP client, and a Server-Sent Events reader.
#![allow(dead_code)]

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// A temporary copy of `tests/fixtures/serve-site` with the repository's
/// themes. The root is canonical, as the server uses it.
pub fn fixture_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&manifest.join("tests/fixtures/serve-site"), &root);
    copy_tree(&manifest.join("themes"), &root.join("themes"));
    let root = root.canonicalize().unwrap();
    (dir, root)
}

pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The text of `path` with its first `from` replaced by `to`.
pub fn replace_in(path: &Path, from: &str, to: &str) -> String {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    text.replacen(from, to, 1)
}

/// An HTTP response, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(20)))
        .build()
        .into()
}

pub fn get(base: &str, path: &str) -> Reply {
    let mut res = agent()
        .get(format!("{}{}", base.trim_end_matches('/'), path))
        .call()
        .unwrap();
    let headers = res
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Reply {
        status: res.status().as_u16(),
        headers,
        body: res.body_mut().read_to_string().unwrap_or_default(),
    }
}

/// Polls `path` until its body satisfies `ok`, or fails after `limit`.
pub fn wait_for_page(base: &str, path: &str, limit: Duration, ok: impl Fn(&str) -> bool) -> Reply {
    let start = Instant::now();
    loop {
        let r = get(base, path);
        if ok(&r.body) {
            return r;
        }
        assert!(
            start.elapsed() < limit,
            "{path} never became as expected: {}",
            r.body
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub struct SseEvent {
    pub name: String,
    pub data: String,
}

/// A connection to the event stream, read on a thread of its own.
pub struct Events {
    rx: Receiver<SseEvent>,
}

impl Events {
    pub fn connect(base: &str) -> Events {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(5)))
            .build()
            .into();
        let res = agent
            .get(format!("{}__dossier/events", base))
            .call()
            .unwrap();
        assert_eq!(
            res.headers()["content-type"].to_str().unwrap(),
            "text/event-stream"
        );
        let reader = BufReader::new(res.into_body().into_reader());
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let (mut name, mut data) = (String::new(), String::new());
            for line in reader.lines() {
                let Ok(line) = line else { return };
                if line.is_empty() {
                    if !name.is_empty() || !data.is_empty() {
                        let ev = SseEvent {
                            name: std::mem::take(&mut name),
                            data: std::mem::take(&mut data),
                        };
                        if tx.send(ev).is_err() {
                            return;
                        }
                    }
                } else if let Some(v) = line.strip_prefix("event:") {
                    name = v.trim().to_string();
                } else if let Some(v) = line.strip_prefix("data:") {
                    data.push_str(v.trim_start());
                }
            }
        });
        Events { rx }
    }

    /// The next event, if one comes within `limit`.
    pub fn next(&self, limit: Duration) -> Option<SseEvent> {
        self.rx.recv_timeout(limit).ok()
    }

    /// Skips events until one named `name` whose data satisfies `ok`.
    pub fn wait_for(&self, name: &str, limit: Duration, ok: impl Fn(&str) -> bool) -> SseEvent {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(ev) if ev.name == name && ok(&ev.data) => return ev,
                Ok(_) => {}
                Err(_) => panic!("no `{name}` event came within {limit:?}"),
            }
        }
    }

    /// Every event that comes within `window`.
    pub fn drain(&self, window: Duration) -> Vec<SseEvent> {
        let deadline = Instant::now() + window;
        let mut v = Vec::new();
        while let Ok(ev) = self
            .rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            v.push(ev);
        }
        v
    }
}

/// The `version` field of an event's data.
pub fn version_of(data: &str) -> u64 {
    let v: serde_json::Value = serde_json::from_str(data).unwrap();
    v["version"].as_u64().unwrap()
}
