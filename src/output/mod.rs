//! Output: writes the rendered files into place, all or nothing.
//!
//! The site is written into a hidden temporary folder beside the output
//! folder and swapped in only when every file is written, so a failed or
//! interrupted build leaves the last good site as it was. Every output path
//! is checked to stay inside the output folder before anything is written.

pub mod audio;
pub mod budget;
pub mod host;
pub mod offline;
mod writer;

pub use writer::Writer;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{BuildError, IoError};
use crate::fs;

pub use crate::artifact::{Body, OutputFile};

/// What [`commit`] wrote.
#[derive(Debug, Clone, Default)]
pub struct WriteReport {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
    /// Every file of the site as it was left: output path and what the
    /// file system said of it right after (unsorted). The build's record
    /// of its output is made from these, not from listing the tree again.
    pub written: Vec<(String, std::fs::Metadata)>,
}

/// The output folder's name (`public` for a path without one): what the
/// kept copy and the records in `.loa-cache/` are named after.
pub fn folder_name(dest: &Path) -> String {
    dest.file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned())
}

/// Refuses output folders that would destroy the portal or more.
pub fn check_destination(dest: &Path, root: &Path) -> Result<(), BuildError> {
    let abs = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        normalize(&p)
    };
    let dest = abs(dest);
    let root = abs(root);
    let refuse = |why: &str| {
        Err(BuildError::Refused(format!(
            "refusing to write the site to {}: {why}",
            dest.display()
        )))
    };
    if dest.parent().is_none() {
        return refuse("it is the file-system root");
    }
    // Lexically, then again with symbolic links resolved: `out -> content/`
    // must be refused like `content/` itself.
    let resolved = (resolve_existing(&dest), resolve_existing(&root));
    for (dest, root) in [(dest.clone(), root.clone()), resolved] {
        if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
            let home = normalize(&home);
            if home == dest {
                return refuse("it is your home folder");
            }
            if home.starts_with(&dest) {
                return refuse("it contains your home folder");
            }
        }
        if dest.parent().is_none() {
            return refuse("it is the file-system root");
        }
        if root.starts_with(&dest) {
            return refuse("it contains the portal itself");
        }
        for inside in ["content", "static", "templates", "themes", "i18n", "data"] {
            if dest.starts_with(root.join(inside)) {
                return refuse(&format!("it is inside the portal's {inside}/ folder"));
            }
        }
    }
    if dest.join("site.toml").exists() || dest.join(".git").exists() {
        return refuse(
            "it looks like a portal or a repository (it has site.toml or .git), not a built site",
        );
    }
    Ok(())
}

/// `p` with symbolic links resolved in its longest existing prefix (the
/// output folder may not exist yet).
fn resolve_existing(p: &Path) -> PathBuf {
    let mut missing = Vec::new();
    let mut cur = p.to_path_buf();
    loop {
        if let Ok(real) = std::fs::canonicalize(&cur) {
            return missing.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (cur.file_name().map(|n| n.to_os_string()), cur.parent()) {
            (Some(name), Some(parent)) => {
                missing.push(name);
                cur = parent.to_path_buf();
            }
            _ => return p.to_path_buf(),
        }
    }
}

/// `root` joined with `rel`, or `None` when `rel` is not a plain relative
/// path that stays inside (see [`is_safe_relative`]). Every output file is
/// placed through this.
pub fn join_inside(root: &Path, rel: &str) -> Option<PathBuf> {
    is_safe_relative(rel).then(|| root.join(rel))
}

/// Removes `.` and `..` lexically.
fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// True when `path` is a plain relative path that stays inside its folder.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains(['\\', '\0', ':'])
        && !path.chars().any(char::is_control)
        && path.split('/').all(|seg| {
            !seg.is_empty() && seg != "." && seg != ".." && !crate::url::is_reserved_name(seg)
        })
}

/// Checks and writes `files` into `dest`, replacing it atomically.
pub fn commit(files: Vec<OutputFile>, dest: &Path) -> Result<WriteReport, BuildError> {
    commit_with(files, dest, None, &crate::progress::Quiet)
}

/// [`commit`], reporting each file written to `progress`; `spare` as in
/// [`Writer::open`].
pub fn commit_with(
    files: Vec<OutputFile>,
    dest: &Path,
    spare: Option<&Path>,
    progress: &dyn crate::progress::Progress,
) -> Result<WriteReport, BuildError> {
    let writer = Writer::open(dest, spare, progress)?;
    progress.stage("Writing", files.len() as u64);
    files.into_par_iter().for_each(|f| writer.put(f));
    writer.finish()
}

/// Changes the site at `dest` in place: `files` replace theirs (or are
/// added) and the files at `gone` are removed, folders left empty with
/// them. For a small change to a built site (`loa build` after an edit to
/// a page's text), where writing the whole tree again would cost more
/// than the change.
///
/// Each new file is written beside its place first; only when every one
/// is written are they renamed over, each replacing its file whole. A
/// failure before that removes what it wrote and leaves the site as it
/// was. Returns the paths actually changed (files whose bytes were
/// already there are left alone).
pub fn patch(
    dest: &Path,
    files: Vec<OutputFile>,
    gone: &[String],
) -> Result<Vec<String>, BuildError> {
    let mut seen = std::collections::HashSet::new();
    for f in &files {
        if !is_safe_relative(&f.path) || !seen.insert(f.path.clone()) {
            return Err(BuildError::Content(vec![
                crate::error::Diagnostic::general(format!(
                    "refusing to write `{}`: not a plain path inside the output folder, or written twice",
                    f.path
                )),
            ]));
        }
    }
    let staged: Vec<Result<Option<writer::Staged>, IoError>> = files
        .into_par_iter()
        .map(|f| writer::stage_beside(dest, f))
        .collect();
    let mut ready = Vec::new();
    let mut failed = None;
    for s in staged {
        match s {
            Ok(Some(r)) => ready.push(r),
            Ok(None) => {}
            Err(e) => failed = failed.or(Some(e)),
        }
    }
    if let Some(e) = failed {
        for s in &ready {
            let _ = std::fs::remove_file(&s.fresh);
        }
        return Err(e.into());
    }
    let mut changed = Vec::new();
    for s in ready {
        fs::rename(&s.fresh, &s.target)?;
        changed.push(s.path);
    }
    for path in gone.iter().filter(|p| !seen.contains(p.as_str())) {
        let Some(target) = join_inside(dest, path) else {
            continue;
        };
        match std::fs::remove_file(&target) {
            Ok(()) => changed.push(path.clone()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(IoError::new("cannot remove", &target, e).into()),
        }
        // Folders it leaves empty go too (a fresh build would not make them).
        for dir in target.ancestors().skip(1).take_while(|d| *d != dest) {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
    Ok(changed)
}

/// True when `spare` can be renamed to and from `parent`'s folder: the same
/// file system (renames do not cross them), on Unix, where that can be told.
fn spare_usable(spare: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let Some(home) = spare.parent() else {
            return false;
        };
        if std::fs::create_dir_all(home).is_err() {
            return false;
        }
        if spare.exists() && !spare.is_dir() && std::fs::remove_file(spare).is_err() {
            return false;
        }
        matches!(
            (std::fs::metadata(home), std::fs::metadata(parent)),
            (Ok(a), Ok(b)) if a.dev() == b.dev()
        )
    }
    #[cfg(not(unix))]
    {
        let _ = (spare, parent);
        false
    }
}

/// A build stopped between the two renames of [`swap`] leaves no output
/// folder and the previous site under `.<name>.loa-old-<pid>`: put it back
/// before anything else, so the previous site is never lost.
fn recover_interrupted_swap(parent: &Path, name: &str, dest: &Path) {
    if dest.exists() {
        return;
    }
    let prefix = format!(".{name}.loa-old-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut olds: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .map(|e| e.path())
        .collect();
    olds.sort();
    if let Some(old) = olds.first() {
        let _ = std::fs::rename(old, dest);
    }
}

/// Removes temporary folders that an interrupted earlier build left behind.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}.loa-");
    if let Ok(entries) = std::fs::read_dir(parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
}

/// Puts the new tree in place of the old one with two renames; the old one
/// becomes `spare` (for the next build to update) or is deleted.
fn swap(
    tmp: &Path,
    dest: &Path,
    parent: &Path,
    name: &str,
    spare: Option<&Path>,
) -> Result<(), IoError> {
    if !dest.exists() {
        return fs::rename(tmp, dest);
    }
    let old = parent.join(format!(".{name}.loa-old-{}", std::process::id()));
    fs::rename(dest, &old)?;
    if let Err(e) = fs::rename(tmp, dest) {
        // Put the previous site back: a failed swap must not lose it.
        let _ = std::fs::rename(&old, dest);
        return Err(e);
    }
    let kept = spare.is_some_and(|s| !s.exists() && std::fs::rename(&old, s).is_ok());
    if !kept {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "a//b",
            "c:/x",
            "a/./b",
        ] {
            assert!(!is_safe_relative(bad), "{bad}");
        }
        assert!(is_safe_relative("tin-tuc/x/index.html"));
        assert!(!is_safe_relative("con/index.html"));
        assert!(!is_safe_relative("a/b\nc"));
    }

    #[test]
    fn destinations_behind_symbolic_links_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("portal");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let link = tmp.path().join("out");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("content"), &link).unwrap();
            assert!(check_destination(&link, &root).is_err());
            assert!(check_destination(&link.join("sub"), &root).is_err());
        }
        assert!(check_destination(&tmp.path().join("public"), &root).is_ok());
    }

    #[test]
    fn an_interrupted_swap_is_undone() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(".public.loa-old-12345");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "previous").unwrap();
        let dest = tmp.path().join("public");
        recover_interrupted_swap(tmp.path(), "public", &dest);
        assert_eq!(
            std::fs::read_to_string(dest.join("index.html")).unwrap(),
            "previous"
        );
        assert!(!old.exists());
    }

    #[test]
    fn destinations_that_hold_the_portal_are_refused() {
        let root = Path::new("/srv/portal");
        assert!(check_destination(Path::new("/srv/portal"), root).is_err());
        assert!(check_destination(Path::new("/srv"), root).is_err());
        assert!(check_destination(Path::new("/srv/portal/content/x"), root).is_err());
        assert!(check_destination(Path::new("/"), root).is_err());
        assert!(check_destination(Path::new("/srv/portal/../.."), root).is_err());
        assert!(check_destination(Path::new("/srv/portal/public"), root).is_ok());
    }
}
