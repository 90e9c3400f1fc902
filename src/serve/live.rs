//! What the preview tells open pages, through Server-Sent Events.
//!
//! Events (name, then JSON data):
//! - `hello` `{version}`: sent on connect; a page that reconnects and sees
//!   another version missed a rebuild and reloads.
//! - `reload` `{version, paths, all}`: outputs changed; a page reloads when
//!   its own path is in `paths` or `all` is set, else swaps any changed
//!   stylesheet.
//! - `css` `{version, paths}`: only stylesheets changed: pages swap them
//!   without reloading.
//! - `build-error` `{diagnostics}`: the rebuild failed; pages show the
//!   error over the last good site. Sent on connect too while it lasts.
//! - `build-ok` `{version}`: the error is fixed and no output changed.

use serde::Serialize;
use serde_json::json;

use super::incremental::Outcome;
use crate::error::Error;

/// Above this many changed paths, pages are simply told to reload.
const MAX_PATHS: usize = 200;

/// One problem, as the error overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiagnosticView {
    /// `file:line:col`.
    pub location: String,
    pub message: String,
    pub hint: Option<String>,
}

/// The problems of a failed rebuild.
pub fn diagnostics(e: &Error) -> Vec<DiagnosticView> {
    match e {
        Error::User(ds) => ds
            .iter()
            .map(|d| DiagnosticView {
                location: d.location(),
                message: d.message.clone(),
                hint: d.hint.clone(),
            })
            .collect(),
        other => vec![DiagnosticView {
            location: String::new(),
            message: other.to_string(),
            hint: None,
        }],
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    Hello {
        version: u64,
    },
    Reload {
        version: u64,
        paths: Vec<String>,
        all: bool,
    },
    Css {
        version: u64,
        paths: Vec<String>,
    },
    BuildError {
        diagnostics: Vec<DiagnosticView>,
    },
    BuildOk {
        version: u64,
    },
}

impl LiveEvent {
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Hello { .. } => "hello",
            LiveEvent::Reload { .. } => "reload",
            LiveEvent::Css { .. } => "css",
            LiveEvent::BuildError { .. } => "build-error",
            LiveEvent::BuildOk { .. } => "build-ok",
        }
    }

    pub fn data(&self) -> String {
        let v = match self {
            LiveEvent::Hello { version } | LiveEvent::BuildOk { version } => {
                json!({ "version": version })
            }
            LiveEvent::Reload {
                version,
                paths,
                all,
            } => json!({ "version": version, "paths": paths, "all": all }),
            LiveEvent::Css { version, paths } => json!({ "version": version, "paths": paths }),
            LiveEvent::BuildError { diagnostics } => json!({ "diagnostics": diagnostics }),
        };
        v.to_string()
    }
}

/// What to tell pages after a successful rebuild. `first`: the previous
/// state had no site (pages show the error page, and must all reload).
pub fn after_rebuild(
    outcome: &Outcome,
    had_error: bool,
    first: bool,
    version: u64,
) -> Option<LiveEvent> {
    let mut paths: Vec<String> = outcome
        .changed
        .iter()
        .chain(&outcome.removed)
        .cloned()
        .collect();
    if paths.is_empty() {
        return had_error.then_some(LiveEvent::BuildOk { version });
    }
    let all = first || paths.len() > MAX_PATHS;
    if all {
        paths.clear();
    } else if outcome.removed.is_empty() && paths.iter().all(|p| p.ends_with(".css")) {
        return Some(LiveEvent::Css { version, paths });
    }
    Some(LiveEvent::Reload {
        version,
        paths,
        all,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(changed: &[&str], removed: &[&str]) -> Outcome {
        Outcome {
            changed: changed.iter().map(|s| s.to_string()).collect(),
            removed: removed.iter().map(|s| s.to_string()).collect(),
            ..Outcome::default()
        }
    }

    #[test]
    fn css_only_changes_swap_stylesheets() {
        let e = after_rebuild(&outcome(&["style.css"], &[]), false, false, 3).unwrap();
        assert_eq!(e.name(), "css");
        let e =
            after_rebuild(&outcome(&["style.css", "index.html"], &[]), false, false, 3).unwrap();
        assert_eq!(e.name(), "reload");
    }

    #[test]
    fn nothing_changed_tells_nothing_unless_an_error_is_fixed() {
        assert_eq!(after_rebuild(&outcome(&[], &[]), false, false, 1), None);
        assert_eq!(
            after_rebuild(&outcome(&[], &[]), true, false, 1),
            Some(LiveEvent::BuildOk { version: 1 })
        );
    }

    #[test]
    fn many_changes_or_a_first_site_reload_every_page() {
        let many: Vec<String> = (0..300).map(|i| format!("p{i}/index.html")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let e = after_rebuild(&outcome(&many, &[]), false, false, 2).unwrap();
        assert!(e.data().contains("\"all\":true"), "{}", e.data());
        let e = after_rebuild(&outcome(&["a.html"], &[]), true, true, 1).unwrap();
        assert!(e.data().contains("\"all\":true"));
    }
}
