//! `dossier check --external`: do the `http(s)` links still answer?
//!
//! Off by default: it needs the network, is slow, and a site that is down
//! for an hour is not a problem in the dossier. Each URL is asked once,
//! with `HEAD` (falling back to `GET` for servers that refuse `HEAD`), by a
//! small pool of threads so a dossier with hundreds of sources neither
//! waits for each in turn nor floods anyone.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How external links are checked.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Longest wait for one URL, redirects included.
    pub timeout: Duration,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions {
            concurrency: 8,
            timeout: Duration::from_secs(15),
        }
    }
}

/// An external link that did not answer well.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadLink {
    pub url: String,
    /// Output page where the URL was first found, and its attribute.
    pub page: String,
    pub attribute: String,
    /// `HTTP 404`, or the client's error (timeout, DNS, TLS).
    pub reason: String,
}

/// Checks every URL of `urls` (URL → first page and attribute using it).
pub fn check(urls: &BTreeMap<String, (String, String)>, opts: &ExternalOptions) -> Vec<DeadLink> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!("dossier-link-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let work: Vec<(&String, &(String, String))> = urls.iter().collect();
    let next = AtomicUsize::new(0);
    let dead = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..opts.concurrency.clamp(1, work.len().max(1)) {
            s.spawn(|| {
                while let Some((url, (page, attribute))) =
                    work.get(next.fetch_add(1, Ordering::Relaxed))
                {
                    if let Err(reason) = probe(&agent, url) {
                        dead.lock()
                            .expect("no thread panics holding the lock")
                            .push(DeadLink {
                                url: (*url).clone(),
                                page: page.clone(),
                                attribute: attribute.clone(),
                                reason,
                            });
                    }
                }
            });
        }
    });
    let mut dead = dead
        .into_inner()
        .expect("no thread panics holding the lock");
    dead.sort_by(|a, b| a.url.cmp(&b.url));
    dead
}

/// A dead link as a diagnostic, against the file that wrote it.
pub fn diagnostic(dead: &DeadLink, origins: &super::origin::Origins) -> crate::error::Diagnostic {
    let at = origins.locate(&dead.page, &dead.url);
    let mut d = crate::error::Diagnostic::new(
        at.file,
        format!(
            "external link `{}` ({}) on page `{}` does not answer: {}",
            dead.url, dead.attribute, dead.page, dead.reason
        ),
    )
    .hint("check the address in a browser; if the page moved, link to its new address or to an archived copy");
    if let Some((line, column)) = at.position {
        d = d.at(line, column);
    }
    d
}

/// Asks for one URL; `Err` says why it is dead.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let status = agent
        .head(url)
        .call()
        .map_err(|e| e.to_string())?
        .status()
        .as_u16();
    // Some servers answer HEAD with 403, 405 or 501 but serve GET fine.
    let status = if matches!(status, 403 | 405 | 501) {
        agent
            .get(url)
            .call()
            .map_err(|e| e.to_string())?
            .status()
            .as_u16()
    } else {
        status
    };
    if status < 400 {
        Ok(())
    } else {
        Err(format!("HTTP {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A server on the loopback address that answers `/ok` with 200,
    /// `/no-head` with 405 to HEAD and 200 to GET, anything else with 404;
    /// it serves `requests` requests and stops.
    fn serve(requests: usize) -> (String, std::thread::JoinHandle<()>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let handle = std::thread::spawn(move || {
            for stream in listener.incoming().take(requests) {
                let mut stream = stream.unwrap();
                let mut line = String::new();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                reader.read_line(&mut line).unwrap();
                let mut header = String::new();
                while reader.read_line(&mut header).unwrap() > 2 {
                    header.clear();
                }
                let status = match line.split_whitespace().take(2).collect::<Vec<_>>()[..] {
                    [_, "/ok"] => "200 OK",
                    ["HEAD", "/no-head"] => "405 Method Not Allowed",
                    ["GET", "/no-head"] => "200 OK",
                    _ => "404 Not Found",
                };
                write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                )
                .unwrap();
            }
        });
        (base, handle)
    }

    #[test]
    fn dead_links_are_reported_and_head_refusals_retried_with_get() {
        // /ok: 1 request, /no-head: 2, /missing: 1.
        let (base, server) = serve(4);
        let mut urls = BTreeMap::new();
        for path in ["/ok", "/no-head", "/missing"] {
            urls.insert(
                format!("{base}{path}"),
                ("index.html".to_string(), "a href".to_string()),
            );
        }
        let dead = check(
            &urls,
            &ExternalOptions {
                concurrency: 2,
                timeout: Duration::from_secs(5),
            },
        );
        server.join().unwrap();
        assert_eq!(
            dead,
            vec![DeadLink {
                url: format!("{base}/missing"),
                page: "index.html".into(),
                attribute: "a href".into(),
                reason: "HTTP 404".into(),
            }]
        );
    }
}
