//! Why `loa serve` could not start; the text of each is the message shown.

use std::path::PathBuf;

/// A refusal or failure while starting the preview server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// A `--base-path` that is not a plain path.
    #[error(
        "--base-path `{path}` must be a plain path such as /xkld/ (no `?`, `#`, `:`, `\\`, `.` or `..`)"
    )]
    BasePath {
        /// The path given, trimmed.
        path: String,
    },
    /// No randomness for the editor's secret.
    #[error("cannot get random bytes from the system: {0}")]
    Random(getrandom::Error),
    /// The file watcher could not be made.
    #[error("cannot watch files: {0}")]
    Watcher(#[source] notify::Error),
    /// The portal folder could not be watched.
    #[error("cannot watch {}: {source}", .path.display())]
    Watch {
        /// The folder.
        path: PathBuf,
        /// What the watcher said.
        source: notify::Error,
    },
}
