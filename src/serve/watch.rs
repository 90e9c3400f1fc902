//! Watching the site's inputs with `notify`, and grouping events into
//! batches, one rebuild per batch.
//!
//! Why not a debouncer crate: `notify-debouncer-full` emits each event once
//! it is a full timeout old (at ~50 ms, the whole latency budget), and
//! splits a long burst of saves into one batch per tick. A rebuild here
//! re-reads the disk for every touched path, so it needs neither rename
//! pairing nor file ids: [`next_batch`] waits until the file system has been
//! quiet for [`QUIET`] (an editor's save, temporary file and rename included,
//! takes well under that), with a cap of [`MAX_BATCH`] so an endless stream
//! of writes cannot starve the preview. Events that arrive during a rebuild
//! wait in the channel and form the next batch.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, PollWatcher, RecursiveMode};

use super::changes::Touch;

/// How long the file system must be quiet before a batch is rebuilt.
pub const QUIET: Duration = Duration::from_millis(10);
/// The longest a batch waits for the file system to be quiet.
pub const MAX_BATCH: Duration = Duration::from_secs(1);
/// How often polling looks at the files.
pub const POLL_INTERVAL: Duration = Duration::from_millis(250);

/// The folders of the site whose files are inputs, watched recursively.
const INPUT_DIRS: [&str; 4] = ["content", "themes", "templates", "static"];

/// What the rebuild loop receives.
#[derive(Debug)]
pub enum Msg {
    Fs(notify::Result<Event>),
    Stop,
}

/// A batch of touched paths; `rescan` when the operating system lost events.
#[derive(Debug, Default)]
pub struct Batch {
    pub touched: Vec<(PathBuf, Touch)>,
    pub rescan: bool,
}

/// The file watcher: native events, or polling when they are unavailable
/// or asked for.
pub struct Watcher {
    inner: Box<dyn notify::Watcher + Send>,
    root: PathBuf,
    watched: HashSet<PathBuf>,
    polling: bool,
}

impl Watcher {
    /// Watches the inputs of the site at `root`. Falls back to polling when
    /// native watching fails (the inotify watch limit, a network file
    /// system), saying why in the returned warning.
    pub fn start(
        root: &Path,
        poll: bool,
        tx: &Sender<Msg>,
    ) -> notify::Result<(Watcher, Option<String>)> {
        if !poll {
            match Self::native(root, tx) {
                Ok(w) => return Ok((w, None)),
                Err(e) => {
                    let warning = format!(
                        "native file watching failed ({e}); polling every {} ms instead",
                        POLL_INTERVAL.as_millis()
                    );
                    return Self::polling(root, tx).map(|w| (w, Some(warning)));
                }
            }
        }
        Self::polling(root, tx).map(|w| (w, None))
    }

    fn native(root: &Path, tx: &Sender<Msg>) -> notify::Result<Watcher> {
        let tx = tx.clone();
        let inner = notify::recommended_watcher(move |e| forward(&tx, e))?;
        Self::with(Box::new(inner), root, false)
    }

    fn polling(root: &Path, tx: &Sender<Msg>) -> notify::Result<Watcher> {
        let tx = tx.clone();
        // notify's polling compares modification times to the second, and
        // would miss a second save within the same second: compare contents
        // too (hashing a 1,000-article site takes a few milliseconds).
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        let inner = PollWatcher::new(move |e| forward(&tx, e), config)?;
        Self::with(Box::new(inner), root, true)
    }

    fn with(
        inner: Box<dyn notify::Watcher + Send>,
        root: &Path,
        polling: bool,
    ) -> notify::Result<Self> {
        let mut w = Watcher {
            inner,
            root: root.to_path_buf(),
            watched: HashSet::new(),
            polling,
        };
        // The root itself, not recursively: dossier.yaml, and input folders
        // that appear later. Not recursively, so writes to public/ are not
        // watched.
        w.inner.watch(root, RecursiveMode::NonRecursive)?;
        w.ensure_watches()?;
        Ok(w)
    }

    pub fn is_polling(&self) -> bool {
        self.polling
    }

    /// Watches the input folders that exist now: a site's `templates/` or
    /// `static/` may be created while the preview runs.
    pub fn ensure_watches(&mut self) -> notify::Result<()> {
        for name in INPUT_DIRS {
            let dir = self.root.join(name);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.inner.watch(&dir, RecursiveMode::Recursive)?;
                self.watched.insert(dir);
            } else if !dir.is_dir() && self.watched.remove(&dir) {
                let _ = self.inner.unwatch(&dir);
            }
        }
        Ok(())
    }
}

/// Sends an event to the rebuild loop, unless it changes nothing (the
/// rebuild's own reads would otherwise wake the loop after every rebuild).
fn forward(tx: &Sender<Msg>, e: notify::Result<Event>) {
    if let Ok(ev) = &e
        && touch_of(&ev.kind).is_none()
        && !ev.need_rescan()
    {
        return;
    }
    let _ = tx.send(Msg::Fs(e));
}

/// What an event did to its paths, or `None` for events that change
/// nothing (a file opened or read, as the rebuild itself does).
pub fn touch_of(kind: &EventKind) -> Option<Touch> {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(Touch::Modified),
        EventKind::Access(_) => None,
        EventKind::Create(_) => Some(Touch::Created),
        EventKind::Remove(_) => Some(Touch::Removed),
        EventKind::Modify(ModifyKind::Name(_)) => Some(Touch::Renamed),
        EventKind::Modify(_) | EventKind::Any | EventKind::Other => Some(Touch::Modified),
    }
}

/// Waits for events, then gathers them until the file system is quiet.
/// `None` when the loop must stop. Watcher errors are returned as warnings.
/// `first`: a message already taken from the channel.
pub fn next_batch(
    rx: &Receiver<Msg>,
    first: Option<Msg>,
    warnings: &mut Vec<String>,
) -> Option<Batch> {
    let mut batch = Batch::default();
    let first = match first {
        Some(msg) => msg,
        None => rx.recv().ok()?,
    };
    if !add(&mut batch, first, warnings) {
        return None;
    }
    let deadline = Instant::now() + MAX_BATCH;
    loop {
        let wait = QUIET.min(deadline.saturating_duration_since(Instant::now()));
        match rx.recv_timeout(wait) {
            Ok(msg) => {
                if !add(&mut batch, msg, warnings) {
                    return None;
                }
            }
            Err(RecvTimeoutError::Timeout) => return Some(batch),
            Err(RecvTimeoutError::Disconnected) => return None,
        }
        if Instant::now() >= deadline {
            return Some(batch);
        }
    }
}

/// Adds a message to the batch; `false` for [`Msg::Stop`].
fn add(batch: &mut Batch, msg: Msg, warnings: &mut Vec<String>) -> bool {
    match msg {
        Msg::Stop => return false,
        Msg::Fs(Err(e)) => warnings.push(format!("file watching: {e}")),
        Msg::Fs(Ok(event)) => {
            if event.need_rescan() {
                batch.rescan = true;
            }
            if let Some(touch) = touch_of(&event.kind) {
                batch
                    .touched
                    .extend(event.paths.into_iter().map(|p| (p, touch)));
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, RenameMode};
    use std::sync::mpsc;

    fn event(kind: EventKind, path: &str) -> Msg {
        Msg::Fs(Ok(Event::new(kind).add_path(PathBuf::from(path))))
    }

    #[test]
    fn reads_are_not_changes() {
        assert_eq!(
            touch_of(&EventKind::Access(AccessKind::Open(AccessMode::Any))),
            None
        );
        assert_eq!(
            touch_of(&EventKind::Access(AccessKind::Close(AccessMode::Write))),
            Some(Touch::Modified)
        );
        assert_eq!(
            touch_of(&EventKind::Modify(ModifyKind::Name(RenameMode::To))),
            Some(Touch::Renamed)
        );
    }

    #[test]
    fn a_burst_is_one_batch_and_events_after_a_pause_are_the_next() {
        let (tx, rx) = mpsc::channel();
        for i in 0..200 {
            tx.send(event(
                EventKind::Create(CreateKind::File),
                &format!("/s/{i}"),
            ))
            .unwrap();
        }
        let mut warnings = Vec::new();
        let batch = next_batch(&rx, None, &mut warnings).unwrap();
        assert_eq!(batch.touched.len(), 200);
        tx.send(event(EventKind::Any, "/s/late")).unwrap();
        let batch = next_batch(&rx, None, &mut warnings).unwrap();
        assert_eq!(batch.touched, [(PathBuf::from("/s/late"), Touch::Modified)]);
        tx.send(Msg::Stop).unwrap();
        assert!(next_batch(&rx, None, &mut warnings).is_none());
        assert!(warnings.is_empty());
    }
}
