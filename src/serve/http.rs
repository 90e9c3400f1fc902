//! The preview's HTTP server (axum): the site from memory, the live-reload
//! script, and the event stream.
//!
//! The site is a map path → bytes replaced whole after each successful
//! rebuild, so a request sees one build or the next, never a mix, and the
//! preview never writes `public/`. Nothing here opens a file: no request
//! can read outside the site. The event stream takes no parameter and only
//! ever sends what [`super::live`] builds.

use std::convert::Infallible;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use futures_util::{Stream, StreamExt, stream};
use tokio::sync::{broadcast, watch};

use super::incremental::Files;
use super::live::{DiagnosticView, LiveEvent};
use super::urlpath::site_key;
use crate::render::Output;

/// Where the preview's own files live; no site path starts with it.
pub const RESERVED: &str = "/__dossier/";
const SCRIPT: &str = include_str!("livereload.js");
const STYLE: &str = include_str!("livereload.css");

/// What the rebuild loop and the request handlers share.
pub struct Shared {
    pub files: RwLock<Arc<Files>>,
    pub status: Mutex<Status>,
    pub events: broadcast::Sender<LiveEvent>,
    /// Refuse requests whose `Host` is not a loopback name (DNS rebinding).
    pub loopback_only: bool,
    pub shutdown: watch::Receiver<bool>,
}

/// The state pages learn on connect.
#[derive(Debug, Default, Clone)]
pub struct Status {
    /// Counts successful rebuilds that changed the site; 0: no site yet.
    pub version: u64,
    /// The error of the last rebuild, while it lasts.
    pub error: Option<Vec<DiagnosticView>>,
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__dossier/livereload.js", get(script))
        .route("/__dossier/livereload.css", get(style))
        .route("/__dossier/events", get(events))
        .fallback(site)
        .layer(middleware::from_fn_with_state(shared.clone(), guard))
        .with_state(shared)
}

/// Refuses foreign `Host` names on a loopback server, and marks every
/// response as not to be cached: a preview changes all the time.
async fn guard(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    if shared.loopback_only && !host_is_loopback(req.headers()) {
        return text(
            StatusCode::FORBIDDEN,
            "this preview answers to localhost only\n",
        );
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    res
}

/// Whether the `Host` header names this machine. A web page elsewhere can
/// point a DNS name of its own at 127.0.0.1 and then read the preview;
/// its requests carry that name, so they are refused.
pub fn host_is_loopback(headers: &HeaderMap) -> bool {
    let Some(host) = headers.get(header::HOST) else {
        return true;
    };
    let Ok(host) = host.to_str() else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':')
            .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
            .map_or(host, |(name, _)| name)
    };
    let name = name.to_ascii_lowercase();
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}

/// The event stream: the current state first, then every event.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = shared.events.subscribe();
    let status = shared.status.lock().expect("status lock").clone();
    let mut first = vec![LiveEvent::Hello {
        version: status.version,
    }];
    if let Some(diagnostics) = status.error {
        first.push(LiveEvent::BuildError { diagnostics });
    }
    let live = stream::unfold(rx, |mut rx| async move {
        let ev = match rx.recv().await {
            Ok(ev) => ev,
            // Too slow to follow: reloading is always right.
            Err(broadcast::error::RecvError::Lagged(_)) => LiveEvent::Reload {
                version: 0,
                paths: Vec::new(),
                all: true,
            },
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((ev, rx))
    });
    let mut shutdown = shared.shutdown.clone();
    let stream = stream::iter(first)
        .chain(live)
        .map(|ev| Ok(Event::default().event(ev.name()).data(ev.data())))
        .take_until(async move {
            let _ = shutdown.wait_for(|stop| *stop).await;
        });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// Serves a file of the site.
async fn site(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut res = text(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        res.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return res;
    }
    let res = respond(&shared, &uri);
    if method == Method::HEAD {
        let (parts, _) = res.into_parts();
        return Response::from_parts(parts, Body::empty());
    }
    res
}

fn respond(shared: &Shared, uri: &Uri) -> Response {
    let key = match site_key(uri.path()) {
        Ok(k) => k,
        Err(status) => return text(status, "this path cannot name a file of the site\n"),
    };
    let files = shared.files.read().expect("files lock").clone();
    if files.is_empty() {
        return no_site_yet();
    }
    if key.starts_with(&RESERVED[1..]) {
        return not_found(&files);
    }
    if let Some(o) = files.get(&key) {
        return file(StatusCode::OK, o);
    }
    // `/articles/x` → `/articles/x/`, so the page's relative links resolve.
    if files.contains_key(&format!("{key}/index.html")) {
        let mut location = format!("{}/", uri.path());
        if let Some(q) = uri.query() {
            location.push('?');
            location.push_str(q);
        }
        if let Ok(v) = HeaderValue::from_str(&location) {
            return (StatusCode::PERMANENT_REDIRECT, [(header::LOCATION, v)]).into_response();
        }
    }
    not_found(&files)
}

fn not_found(files: &Files) -> Response {
    match files.get("404.html") {
        Some(o) => file(StatusCode::NOT_FOUND, o),
        None => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// Shared bytes of an output, for a response body without a copy.
struct OutputBytes(Arc<Output>);

impl AsRef<[u8]> for OutputBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0.bytes
    }
}

fn file(status: StatusCode, o: &Arc<Output>) -> Response {
    let body = Body::from(Bytes::from_owner(OutputBytes(Arc::clone(o))));
    let mut res = (status, body).into_response();
    if let Ok(v) = HeaderValue::from_str(&content_type(&o.path)) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res
}

/// The MIME type of a path, with the charset for text.
pub fn content_type(path: &str) -> String {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let textual = mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript"
                | "application/json"
                | "application/xml"
                | "application/atom+xml"
                | "image/svg+xml"
        );
    if textual {
        format!("{}; charset=utf-8", mime.essence_str())
    } else {
        mime.essence_str().to_string()
    }
}

/// Before any build succeeded there is no site: every page is this one,
/// which carries the live-reload script, so the error shows over it and
/// the page reloads once the site builds.
fn no_site_yet() -> Response {
    const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>Construction impossible · dossier</title>\n<script src=\"/__dossier/livereload.js\" defer></script>\n</head>\n<body>\n<h1>Le site n’a pas encore pu être construit</h1>\n<p>L’erreur s’affiche ci-dessous et dans le terminal. Corrigez-la : cette page se rechargera d’elle-même.</p>\n</body>\n</html>\n";
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        PAGE,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_host(h: &str) -> HeaderMap {
        let mut m = HeaderMap::new();
        m.insert(header::HOST, HeaderValue::from_str(h).unwrap());
        m
    }

    #[test]
    fn only_loopback_host_names_are_accepted() {
        for ok in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
            "a.localhost:8",
        ] {
            assert!(host_is_loopback(&with_host(ok)), "{ok}");
        }
        for bad in [
            "evil.example:1111",
            "127.0.0.1.evil.example",
            "10.0.0.1:1111",
            "localhost.evil",
        ] {
            assert!(!host_is_loopback(&with_host(bad)), "{bad}");
        }
    }

    #[test]
    fn content_types_carry_a_charset_for_text() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("glossary.json"),
            "application/json; charset=utf-8"
        );
        assert_eq!(content_type("atom.xml"), "text/xml; charset=utf-8");
        assert_eq!(content_type("photo.png"), "image/png");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
