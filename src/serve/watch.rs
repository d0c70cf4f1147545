//! Watching the portal's sources: which paths matter, and the watcher itself.
//!
//! notify reports raw file-system events; notify-debouncer-full folds the
//! burst an editor makes when it saves (write, rename, chmod) into one batch,
//! so one save is one rebuild. Access events are dropped: the build itself
//! opens every source file, and counting those would rebuild forever.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Folders of a portal whose changes need a rebuild.
pub(crate) const WATCHED_DIRS: &[&str] = &crate::config::SOURCE_DIRS;

/// True when a change at `path` can change the site. Editor scratch files
/// (`.x.swp`, `x~`, `.#x`, Word's `~$x`) and everything outside the sources
/// (public/, target/, .git/) are ignored.
pub(crate) fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.starts_with("~$")
        || name == "4913"
    {
        return false;
    }
    let mut parts = rel.components();
    match parts
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
    {
        Some(first) if rel.components().count() == 1 => {
            first == "site.toml" || WATCHED_DIRS.contains(&first.as_str())
        }
        Some(first) => WATCHED_DIRS.contains(&first.as_str()),
        None => false,
    }
}

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `root` (for site.toml and new folders) and each source folder.
    pub fn start(
        root: &Path,
        tx: Sender<DebounceEventResult>,
    ) -> Result<Watcher, super::ServeError> {
        // An editor's save is a burst of events within a few milliseconds;
        // 20 ms of quiet ends it without making the writer wait (a save
        // that straddles it is only built twice, the second time right).
        let debouncer = new_debouncer(
            Duration::from_millis(20),
            Some(Duration::from_millis(5)),
            tx,
        )
        .map_err(super::ServeError::Watcher)?;
        let mut w = Watcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        w.debouncer
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|source| super::ServeError::Watch {
                path: root.to_path_buf(),
                source,
            })?;
        w.add_new_folders();
        Ok(w)
    }

    /// The absolute portal folder being watched.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The source paths that a batch of events changed (reads are not changes).
    pub fn changed(&self, batch: DebounceEventResult) -> Vec<PathBuf> {
        match batch {
            Ok(events) => events
                .into_iter()
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| matters(&self.root, p))
                .collect(),
            Err(errors) => {
                for e in errors {
                    eprintln!("warning: file watching: {e}");
                }
                Vec::new()
            }
        }
    }

    /// Starts watching source folders created since the last call.
    pub fn add_new_folders(&mut self) {
        for d in WATCHED_DIRS {
            let dir = self.root.join(d);
            if dir.is_dir() && !self.watched.contains(&dir) {
                // A folder that cannot be watched is still built; say why edits there are missed.
                match self.debouncer.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => self.watched.push(dir),
                    Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_matter() {
        let root = Path::new("/p");
        for yes in [
            "/p/site.toml",
            "/p/content/a.md",
            "/p/static/x/y.png",
            "/p/templates/page.html",
            "/p/i18n/vi.yaml",
            "/p/content",
        ] {
            assert!(matters(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/p/public/index.html",
            "/p/content/.a.md.swp",
            "/p/content/a.md~",
            "/p/README.md",
            "/other/site.toml",
            "/p/content/~$bai.docx",
            "/p/.git/index",
        ] {
            assert!(!matters(root, Path::new(no)), "{no}");
        }
    }
}
