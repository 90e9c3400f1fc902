//! Errors that carry where they happened.
//!
//! A user error (bad content, bad config, a broken template) is a
//! [`Diagnostic`]: file, line, column, message and a one-line hint. A build
//! collects every diagnostic it can before giving up, so one run shows every
//! problem. Internal errors (I/O on the output, a bug) are separate, because
//! they exit with another code.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in the user's input, with its position when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line, when the problem has a position.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// `file:line:col` as editors and terminals understand it.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file.display()),
            (Some(l), None) => format!("{}:{l}", self.file.display()),
            _ => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: error: {}", self.location(), self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Problems in the user's content, config or theme: exit code 1.
    #[error("{}", render_diagnostics(.0))]
    User(Vec<Diagnostic>),
    /// A failure that is not the user's input: exit code 2.
    #[error("internal error: {context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("internal error: {0}")]
    Internal(String),
}

impl Error {
    pub fn user(d: Diagnostic) -> Self {
        Error::User(vec![d])
    }

    pub fn io(context: impl fmt::Display, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            context: format!("{context} {}", path.display()),
            source,
        }
    }

    /// The process exit code: 1 for the user's errors, 2 for ours.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::User(_) => 1,
            _ => 2,
        }
    }

    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::User(d) => d,
            _ => &[],
        }
    }
}

fn render_diagnostics(ds: &[Diagnostic]) -> String {
    let mut s = String::new();
    for (i, d) in ds.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&d.to_string());
    }
    if ds.len() > 1 {
        s.push_str(&format!("\n{} problems found", ds.len()));
    }
    s
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics while a stage goes on, so one run reports them all.
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Keeps the value of `r`, or records its diagnostics and returns `None`.
    pub fn take<T>(&mut self, r: Result<T>) -> Result<Option<T>> {
        match r {
            Ok(v) => Ok(Some(v)),
            Err(Error::User(ds)) => {
                self.0.extend(ds);
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was recorded, else every diagnostic, sorted by place.
    pub fn into_result(mut self) -> Result<()> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0
            .sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        self.0.dedup();
        Err(Error::User(self.0))
    }
}
