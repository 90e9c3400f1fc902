//! `dossier serve`: a live preview with file watching, incremental rebuilds
//! and live reload.
//!
//! ```text
//! notify events ─▶ watch: batch until quiet ─▶ changes: what each path is
//!   ─▶ incremental: rebuild what it needs ─▶ the site in memory, swapped
//!   ─▶ live: tell open pages (Server-Sent Events) ─▶ reload, CSS swap or
//!      error overlay
//! ```
//!
//! Three threads: the watcher's, the rebuild loop (which owns the model),
//! and the HTTP server's runtime. A failed rebuild never stops anything:
//! the last good site stays served and the error is shown in the terminal
//! and over every page until a later rebuild succeeds.

pub mod changes;
mod http;
pub mod incremental;
pub mod live;
pub mod urlpath;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::JoinHandle;

use tokio::sync::{broadcast, watch as signal};

use crate::build::{self, BuildOptions};
use crate::error::{Diagnostic, Error, Result};
use crate::render::RenderSettings;
use changes::Change;
use http::{Shared, Status};
use incremental::{Outcome, Preview};
use watch::{Msg, Watcher};

pub use http::{RESERVED, content_type, host_is_loopback};

/// What `dossier serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 for any free port.
    pub port: u16,
    /// Poll the files instead of using the system's change events.
    pub poll: bool,
}

/// A warning for addresses other machines can reach.
pub fn bind_warning(ip: IpAddr) -> Option<String> {
    (!ip.is_loopback()).then(|| {
        format!(
            "serving on {ip}: anyone who can reach this machine on the network can read the preview (drafts included, with --drafts); bind to 127.0.0.1 unless you mean it"
        )
    })
}

/// A running preview. Stops when dropped.
pub struct Server {
    addr: SocketAddr,
    polling: bool,
    watch_warning: Option<String>,
    stop_http: signal::Sender<bool>,
    stop_rebuilds: Sender<Msg>,
    http: Option<JoinHandle<()>>,
    rebuilds: Option<JoinHandle<()>>,
}

impl Server {
    /// Binds the address, builds the site once (a content error is shown,
    /// not returned), starts watching and serving.
    pub fn start(opts: ServeOptions) -> Result<Server> {
        let root = site_root(&opts.build.root)?;
        let listener = listen(opts.bind, opts.port)?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Internal(format!("cannot read the server's address: {e}")))?;
        let (stop_http, shutdown) = signal::channel(false);
        let (events, _) = broadcast::channel(64);
        let shared = Arc::new(Shared {
            files: RwLock::new(Arc::new(Default::default())),
            status: Mutex::new(Status::default()),
            events,
            loopback_only: opts.bind.is_loopback(),
            shutdown,
        });

        // Watch before the first build, so edits made during it are seen.
        let (tx, rx) = mpsc::channel();
        let (watcher, watch_warning) = Watcher::start(&root, opts.poll, &tx)
            .map_err(|e| Error::Internal(format!("cannot watch {}: {e}", root.display())))?;
        let polling = watcher.is_polling();

        let mut preview = Preview::new(
            BuildOptions {
                root,
                ..opts.build.clone()
            },
            RenderSettings {
                live_reload: true,
                ..RenderSettings::default()
            },
        );
        let first = preview.apply([]);
        publish(&shared, &preview, first);

        let rebuilds = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("dossier-rebuild".into())
                .spawn(move || rebuild_loop(preview, watcher, rx, &shared))
                .map_err(|e| Error::Internal(format!("cannot start a thread: {e}")))?
        };
        let http = start_http(listener, shared)?;
        Ok(Server {
            addr,
            polling,
            watch_warning,
            stop_http,
            stop_rebuilds: tx,
            http: Some(http),
            rebuilds: Some(rebuilds),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's address, for people: `http://127.0.0.1:1111/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Whether files are polled rather than watched through system events.
    pub fn is_polling(&self) -> bool {
        self.polling
    }

    /// Why native watching was given up for polling, if it was.
    pub fn watch_warning(&self) -> Option<&str> {
        self.watch_warning.as_deref()
    }

    /// Serves until the process is stopped.
    pub fn wait(mut self) {
        if let Some(h) = self.http.take() {
            let _ = h.join();
        }
    }

    /// Stops serving and watching, and waits for both to end.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        let _ = self.stop_http.send(true);
        let _ = self.stop_rebuilds.send(Msg::Stop);
        for h in [self.http.take(), self.rebuilds.take()]
            .into_iter()
            .flatten()
        {
            let _ = h.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// The site's root as an absolute path (watcher events carry those).
fn site_root(root: &std::path::Path) -> Result<PathBuf> {
    let abs = root.canonicalize().map_err(|e| {
        Error::user(
            Diagnostic::new(root, format!("cannot open the dossier's folder: {e}"))
                .hint("pass the folder that holds dossier.yaml with --root"),
        )
    })?;
    if !build::is_site_root(&abs) {
        return Err(Error::user(
            Diagnostic::new(
                abs.join(crate::config::CONFIG_FILE),
                "there is no dossier.yaml here",
            )
            .hint("pass the folder that holds dossier.yaml with --root, or create one with `dossier init DIR`"),
        ));
    }
    Ok(abs)
}

fn listen(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let listener = TcpListener::bind((ip, port)).map_err(|e| {
        Error::user(
            Diagnostic::new(
                "dossier serve",
                format!("cannot listen on {ip}:{port}: {e}"),
            )
            .hint(
                "another program may use this port: pass another with --port (0 picks a free one)",
            ),
        )
    })?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Error::Internal(format!("cannot set up the listener: {e}")))?;
    Ok(listener)
}

fn start_http(listener: TcpListener, shared: Arc<Shared>) -> Result<JoinHandle<()>> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("dossier-http")
        .enable_all()
        .build()
        .map_err(|e| Error::Internal(format!("cannot start the HTTP server: {e}")))?;
    let mut shutdown = shared.shutdown.clone();
    let app = http::router(shared);
    std::thread::Builder::new()
        .name("dossier-serve".into())
        .spawn(move || {
            runtime.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => {
                        eprintln!("error: cannot serve: {e}");
                        return;
                    }
                };
                let stop = async move {
                    let _ = shutdown.wait_for(|stop| *stop).await;
                };
                if let Err(e) = axum::serve(listener, app)
                    .with_graceful_shutdown(stop)
                    .await
                {
                    eprintln!("error: the HTTP server stopped: {e}");
                }
            });
        })
        .map_err(|e| Error::Internal(format!("cannot start a thread: {e}")))
}

/// Rebuilds after each batch of changes until told to stop. The second
/// wave of a rebuild (see [`Preview::finish`]) runs when no new event is
/// waiting: a new edit goes first, and the deferred work joins its rebuild.
fn rebuild_loop(mut preview: Preview, mut watcher: Watcher, rx: Receiver<Msg>, shared: &Shared) {
    let mut warnings = Vec::new();
    let mut carried = None;
    loop {
        if preview.has_deferred() {
            match rx.try_recv() {
                Ok(msg) => carried = Some(msg),
                Err(TryRecvError::Empty) => {
                    let result = preview.finish();
                    publish(shared, &preview, result);
                    continue;
                }
                Err(TryRecvError::Disconnected) => return,
            }
        }
        let Some(batch) = watch::next_batch(&rx, carried.take(), &mut warnings) else {
            return;
        };
        for w in warnings.drain(..) {
            eprintln!("warning: {w}");
        }
        let mut changes = preview.classify(&batch.touched);
        if batch.rescan {
            changes.push(Change::Unknown(PathBuf::new()));
        }
        if let Err(e) = watcher.ensure_watches() {
            eprintln!("warning: cannot watch a new folder: {e}");
        }
        // Nothing the build reads changed: no rebuild, not even to retry
        // failed changes, which only a new edit can fix.
        if changes.is_empty() {
            continue;
        }
        let result = preview.apply(changes);
        publish(shared, &preview, result);
    }
}

/// Serves a rebuild's result and tells open pages and the terminal.
fn publish(shared: &Shared, preview: &Preview, result: Result<Outcome>) {
    let mut status = shared.status.lock().expect("status lock");
    match result {
        Ok(outcome) => {
            let had_error = status.error.take().is_some();
            let first = status.version == 0;
            let changed = !outcome.changed.is_empty() || !outcome.removed.is_empty();
            if changed {
                *shared.files.write().expect("files lock") = Arc::new(preview.files());
                status.version += 1;
            }
            if let Some(ev) = live::after_rebuild(&outcome, had_error, first, status.version) {
                let _ = shared.events.send(ev);
            }
            drop(status);
            eprintln!("{}", summary(&outcome, had_error));
        }
        Err(e) => {
            let diagnostics = live::diagnostics(&e);
            status.error = Some(diagnostics.clone());
            let _ = shared
                .events
                .send(live::LiveEvent::BuildError { diagnostics });
            let kept = if status.version > 0 {
                "the preview keeps the last good site"
            } else {
                "the preview shows the error until it is fixed"
            };
            drop(status);
            eprintln!("{e}\n(rebuild failed: {kept})");
        }
    }
}

fn summary(o: &Outcome, fixed: bool) -> String {
    let ms = o.elapsed.as_secs_f64() * 1000.0;
    let what = if o.full {
        format!("built {} files", o.total)
    } else {
        format!("rebuilt {} of {} files", o.rendered, o.total)
    };
    let changed = o.changed.len() + o.removed.len();
    let fixed = if fixed { "; the error is fixed" } else { "" };
    format!("{what} in {ms:.0} ms, {changed} changed{fixed}")
}
