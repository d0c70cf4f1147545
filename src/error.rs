//! Diagnostics: what went wrong, where, in words a writer can act on.
//!
//! A build does not stop at the first bad file. Each stage collects
//! [`Diagnostic`]s (file, line, column, message) and the pipeline fails
//! with all of them at once, so staff fix a whole batch in one round.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth a look; the build still succeeds.
    Warning,
    /// The build fails.
    Error,
}

/// One problem found in the portal, with its location when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in, relative to the portal root when possible.
    pub path: Option<PathBuf>,
    /// 1-based line in `path`, when known.
    pub line: Option<usize>,
    /// 1-based column in `path`, when known.
    pub column: Option<usize>,
    /// What is wrong and, where we can tell, what was expected.
    pub message: String,
}

impl Diagnostic {
    /// An error about `path` with no position.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: Some(path.into()),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// A warning about `path` with no position.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(path, message)
        }
    }

    /// An error that belongs to no single file.
    pub fn general(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: None,
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// Sets the 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// Sets the 1-based line only.
    pub fn at_line(mut self, line: usize) -> Self {
        self.line = Some(line);
        self
    }

    /// True for errors (not warnings).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = &self.path {
            write!(f, "{}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
                if let Some(col) = self.column {
                    write!(f, ":{col}")?;
                }
            }
            write!(f, ": ")?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}", self.message)
    }
}

/// Runs `work` for the file `path`, turning a panic into an error that
/// names the file. A panic is always a bug in loa, never the writer's fault;
/// catching it in the worker keeps one bad file from taking down the whole
/// build (and its report of every other file's errors).
pub fn guard<T>(path: &Path, work: impl FnOnce() -> T) -> Result<T, Diagnostic> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Diagnostic::error(
            path,
            format!("internal error while processing this file: {why}. This is a bug in loa, not in your file; please report it with this file attached"),
        )
    })
}

/// How many diagnostics a run prints before summing up the rest.
pub const SHOWN_DIAGNOSTICS: usize = 100;

/// The lines to print for `list`: at most `max` diagnostics, then
/// `… and N more` when there were more (a portal with a systematic mistake
/// can have thousands; the first hundred say what to fix).
pub fn capped_lines(list: &[Diagnostic], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = list.iter().take(max).map(ToString::to_string).collect();
    if list.len() > max {
        let rest = &list[max..];
        let errors = rest.iter().filter(|d| d.is_error()).count();
        lines.push(format!(
            "… and {} more ({errors} error(s), {} warning(s)) not shown",
            rest.len(),
            rest.len() - errors
        ));
    }
    lines
}

/// Why a build did not produce a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The portal's content or templates have problems; each is listed.
    #[error("the build found {} error(s)", count_errors(.0))]
    Content(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(#[from] IoError),
    /// The run was asked to do something unsafe or impossible.
    #[error("{0}")]
    Refused(String),
}

fn count_errors(list: &[Diagnostic]) -> usize {
    list.iter().filter(|d| d.is_error()).count()
}

/// An IO error that always names the path it happened on.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct IoError {
    /// What we were doing ("cannot read", "cannot write", ...).
    pub action: &'static str,
    /// The path involved.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: std::io::Error,
}

impl IoError {
    /// Wraps `source` with the action and path.
    pub fn new(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Self {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

impl From<IoError> for Diagnostic {
    fn from(e: IoError) -> Self {
        Diagnostic::error(e.path.clone(), format!("{} ({})", e.action, e.source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_line_column() {
        let d = Diagnostic::error("content/a.md", "bad").at(3, 7);
        assert_eq!(d.to_string(), "content/a.md:3:7: error: bad");
        let w = Diagnostic::warning("x.md", "hm");
        assert_eq!(w.to_string(), "x.md: warning: hm");
        assert_eq!(Diagnostic::general("g").to_string(), "error: g");
    }

    #[test]
    fn panics_in_workers_become_errors_naming_the_file() {
        use rayon::prelude::*;
        let files = ["content/a.md", "content/b.md", "content/c.md"];
        let results: Vec<Result<usize, Diagnostic>> = files
            .par_iter()
            .map(|f| {
                guard(Path::new(f), || {
                    if f.ends_with("b.md") {
                        panic!("boom in b");
                    }
                    f.len()
                })
            })
            .collect();
        assert_eq!(results[0], Ok(12));
        let e = results[1].clone().unwrap_err();
        assert_eq!(e.path.as_deref(), Some(Path::new("content/b.md")));
        assert!(
            e.message.contains("boom in b") && e.message.contains("bug in loa"),
            "{e}"
        );
        assert_eq!(results[2], Ok(12));
    }

    #[test]
    fn long_lists_are_capped_with_a_count() {
        let list: Vec<Diagnostic> = (0..105)
            .map(|i| Diagnostic::error(format!("f{i}.md"), "bad"))
            .collect();
        let lines = capped_lines(&list, 100);
        assert_eq!(lines.len(), 101);
        assert_eq!(lines[0], "f0.md: error: bad");
        assert_eq!(
            lines[100],
            "… and 5 more (5 error(s), 0 warning(s)) not shown"
        );
        assert_eq!(capped_lines(&list[..3], 100).len(), 3);
    }
}
