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
    /// How it repeats on other pages, if it does (boxed: most
    /// diagnostics have none, and the type travels in `Result`s).
    pub repeat: Option<Box<Repeat>>,
}

/// What a diagnostic shares with its repeats (see [`group_repeats`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repeat {
    /// What makes two diagnostics "the same problem" when their messages
    /// differ (a page budget names each page's size); `None` groups by message.
    pub cause: Option<String>,
    /// The other places with the same problem, once grouped.
    pub also: Vec<Place>,
}

/// A place in the portal: a file and, when known, a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The file.
    pub path: Option<PathBuf>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
    /// What was said there, when it differs from the grouped message
    /// (each page's own size over a budget).
    pub note: Option<String>,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}", p.display())?,
            None => write!(f, "(site)")?,
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(note) = &self.note {
            write!(f, " ({note})")?;
        }
        Ok(())
    }
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
            repeat: None,
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
            repeat: None,
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

    /// Marks what this problem has in common with its repeats on other
    /// pages, so that they are reported once (see [`group_repeats`]).
    pub fn because(mut self, cause: impl Into<String>) -> Self {
        self.repeat.get_or_insert_with(Box::default).cause = Some(cause.into());
        self
    }

    /// The other places with the same problem, when repeats were grouped
    /// into this one; empty otherwise.
    pub fn also(&self) -> &[Place] {
        self.repeat.as_ref().map_or(&[], |r| &r.also)
    }

    /// Where this diagnostic points.
    pub fn place(&self) -> Place {
        Place {
            path: self.path.clone(),
            line: self.line,
            column: self.column,
            note: None,
        }
    }

    /// True for errors (not warnings).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// How many places this diagnostic stands for (1 unless grouped).
    pub fn count(&self) -> usize {
        1 + self.also().len()
    }

    /// The lines to print for it: one, or with `verbose` a grouped
    /// diagnostic followed by every place it stands for.
    pub fn lines(&self, verbose: bool) -> Vec<String> {
        let mut out = vec![self.to_string()];
        if verbose && !self.also().is_empty() {
            out.push(format!("  at {}", self.place()));
            out.extend(self.also().iter().map(|p| format!("  at {p}")));
        }
        out
    }
}

/// Folds warnings that repeat on many pages into one each, in the order
/// their causes first appear: the first keeps its place and message, the
/// others become its [`Diagnostic::also`]. Errors are kept one per place,
/// since each must be fixed where it is, unless they name one cause to fix
/// in one place ([`Diagnostic::because`]: a folder's missing `_index.md`
/// is an error on each of its pages).
///
/// Why: a portal that uses an undeclared tag on every page would otherwise
/// print one line per page (40,000 on a large portal), and nobody reads
/// those; one line with a count and the first place says what to do.
pub fn group_repeats(list: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::with_capacity(list.len());
    let mut index: std::collections::HashMap<(Option<String>, String), usize> =
        std::collections::HashMap::new();
    for d in list {
        let cause = d.repeat.as_ref().and_then(|r| r.cause.clone());
        if d.is_error() && cause.is_none() {
            out.push(d);
            continue;
        }
        // An error and a warning never share a line, whatever their cause.
        let key = match cause {
            Some(c) => (Some(c), format!("{:?}", d.severity)),
            None => (None, d.message.clone()),
        };
        match index.get(&key) {
            Some(&i) => {
                let first = &mut out[i];
                let mut place = d.place();
                if d.message != first.message {
                    place.note = Some(d.message.clone());
                }
                let also = &mut first.repeat.get_or_insert_with(Box::default).also;
                also.push(place);
                also.extend(d.repeat.map(|r| r.also).unwrap_or_default());
            }
            None => {
                index.insert(key, out.len());
                out.push(d);
            }
        }
    }
    out
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if !self.also().is_empty() {
            // Grouped: what is wrong, how often, and where to start looking.
            return write!(
                f,
                "{label}: {} (in {} places, first at {}; --verbose lists them all)",
                self.message,
                self.count(),
                self.place()
            );
        }
        if self.path.is_some() {
            write!(f, "{}: ", self.place())?;
        }
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
    verbose_lines(list, max, false)
}

/// [`capped_lines`], with every place of a grouped diagnostic when `verbose`.
pub fn verbose_lines(list: &[Diagnostic], max: usize, verbose: bool) -> Vec<String> {
    let max = if verbose { usize::MAX } else { max };
    let mut lines: Vec<String> = list
        .iter()
        .take(max)
        .flat_map(|d| d.lines(verbose))
        .collect();
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
    fn repeated_warnings_are_reported_once_with_every_place_kept() {
        let w = |f: &str, m: &str| Diagnostic::warning(f, m).at_line(5);
        let list = vec![
            w("content/a.md", "`X` is not declared"),
            Diagnostic::error("content/a.md", "bad"),
            w("content/b.md", "`Y` is not declared"),
            w("content/c.md", "`X` is not declared"),
            Diagnostic::error("content/c.md", "bad"),
            w("content/d.md", "costs 90 KB").because("budget"),
            w("content/e.md", "costs 95 KB").because("budget"),
        ];
        let grouped = group_repeats(list);
        assert_eq!(grouped.len(), 5, "{grouped:#?}");
        assert_eq!(
            grouped[0].to_string(),
            "warning: `X` is not declared (in 2 places, first at content/a.md:5; --verbose lists them all)"
        );
        assert_eq!(grouped[0].also()[0].to_string(), "content/c.md:5");
        assert_eq!(
            grouped[0].lines(true),
            [
                "warning: `X` is not declared (in 2 places, first at content/a.md:5; --verbose lists them all)",
                "  at content/a.md:5",
                "  at content/c.md:5"
            ]
        );
        // Errors stay one per place; a lone warning prints as before.
        assert_eq!(grouped[1].to_string(), "content/a.md: error: bad");
        assert_eq!(
            grouped[2].to_string(),
            "content/b.md:5: warning: `Y` is not declared"
        );
        assert_eq!(grouped[3].to_string(), "content/c.md: error: bad");
        assert_eq!(grouped[4].count(), 2);
        assert_eq!(
            grouped[4].also()[0].to_string(),
            "content/e.md:5 (costs 95 KB)"
        );
        assert!(
            grouped[4]
                .to_string()
                .starts_with("warning: costs 90 KB (in 2 places")
        );
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
