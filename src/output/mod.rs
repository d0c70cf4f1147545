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

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{BuildError, Diagnostic, IoError};
use crate::fs;

pub use crate::artifact::{Body, OutputFile};

/// What [`commit`] wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct WriteReport {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
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

/// [`commit`], reporting each file written to `progress`.
///
/// `spare` is where the replaced site is kept (the portal's
/// `.loa-cache/previous-<name>`): the next build updates that tree in place,
/// writing only what changed, and swaps it in, instead of creating a whole
/// new tree and deleting the old one. On ext4, creating thousands of files
/// and folders right after deleting thousands was most of a big build's
/// writing time. Without a usable spare (none given, another file system,
/// not Unix) a fresh tree is written.
pub fn commit_with(
    files: Vec<OutputFile>,
    dest: &Path,
    spare: Option<&Path>,
    progress: &dyn crate::progress::Progress,
) -> Result<WriteReport, BuildError> {
    let mut seen = BTreeSet::new();
    let mut bad = Vec::new();
    for f in &files {
        if !is_safe_relative(&f.path) {
            bad.push(Diagnostic::general(format!(
                "refusing to write `{}`: not a plain path inside the output folder (it has `..`, a leading `/`, `\\`, `:`, a control character or a name Windows reserves such as CON or NUL)",
                f.path
            )));
        } else if !seen.insert(f.path.as_str()) {
            bad.push(Diagnostic::general(format!(
                "two outputs want the same file `{}`",
                f.path
            )));
        }
    }
    if !bad.is_empty() {
        return Err(BuildError::Content(bad));
    }
    let name = dest
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&parent)?;
    recover_interrupted_swap(&parent, &name, dest);
    remove_stale(&parent, &name);
    progress.stage("Writing", files.len() as u64);
    let mut t = crate::progress::Stages::from_env();
    let spare = spare.filter(|s| *s != dest && spare_usable(s, &parent));
    if let Some(spare) = spare.filter(|s| s.is_dir()) {
        let report = update_tree(&files, spare, progress).inspect_err(|_| {
            // Half updated: not worth keeping.
            let _ = std::fs::remove_dir_all(spare);
        })?;
        t.mark("  update spare");
        swap(spare, dest, &parent, &name, Some(spare))?;
        t.mark("  swap");
        return Ok(report);
    }
    let tmp = parent.join(format!(".{name}.loa-tmp-{}", std::process::id()));
    fs::remove_dir_all(&tmp)?;
    let previous = dest.is_dir().then_some(dest);
    let report = write_tree(&files, &tmp, previous, progress).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&tmp);
    })?;
    t.mark("  write tree");
    swap(&tmp, dest, &parent, &name, spare)?;
    t.mark("  swap");
    Ok(report)
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

/// Where `f` goes under `root`. Paths were checked in [`commit_with`];
/// checked again here so that no path can slip by.
fn output_path(root: &Path, f: &OutputFile) -> Result<PathBuf, IoError> {
    join_inside(root, &f.path).ok_or_else(|| {
        IoError::new(
            "refusing to write outside the output folder",
            Path::new(&f.path),
            std::io::ErrorKind::InvalidInput.into(),
        )
    })
}

/// The folders under `root` that hold `files`.
fn parent_dirs(files: &[OutputFile], root: &Path) -> BTreeSet<PathBuf> {
    files
        .iter()
        .filter_map(|f| Path::new(&f.path).parent().map(|p| root.join(p)))
        .collect()
}

/// Makes the tree at `root` hold exactly `files`: unchanged files are left
/// alone, changed ones are written beside and renamed over (never rewritten
/// in place: an earlier build may have linked them into the site being
/// served), and files and folders no longer in the site are removed.
fn update_tree(
    files: &[OutputFile],
    root: &Path,
    progress: &dyn crate::progress::Progress,
) -> Result<WriteReport, IoError> {
    let dirs = parent_dirs(files, root);
    make_dirs(root, &dirs)?;
    let sizes: Vec<Result<u64, IoError>> = files
        .par_iter()
        .map(|f| {
            progress.advance(1);
            let path = output_path(root, f)?;
            if path.is_dir() {
                fs::remove_dir_all(&path)?;
            }
            let fresh = path.with_file_name(format!(
                ".{}.loa-new",
                path.file_name()
                    .map_or_else(Default::default, |n| n.to_string_lossy())
            ));
            let len = match &f.body {
                Body::Html(html) if same_bytes(&path, html.as_bytes()) => html.len() as u64,
                Body::Bytes(b) if same_bytes(&path, b) => b.len() as u64,
                Body::Html(html) => {
                    std::fs::write(&fresh, html)
                        .map_err(|e| IoError::new("cannot write", &fresh, e))?;
                    fs::rename(&fresh, &path)?;
                    html.len() as u64
                }
                Body::Bytes(b) => {
                    std::fs::write(&fresh, b)
                        .map_err(|e| IoError::new("cannot write", &fresh, e))?;
                    fs::rename(&fresh, &path)?;
                    b.len() as u64
                }
                Body::Copy(src) => {
                    if !same_file(&path, src) {
                        std::fs::copy(src, &fresh)
                            .map_err(|e| IoError::new("cannot copy", src, e))?;
                        fs::rename(&fresh, &path)?;
                    }
                    std::fs::metadata(&path)
                        .map(|m| m.len())
                        .map_err(|e| IoError::new("cannot read", &path, e))?
                }
            };
            Ok(len)
        })
        .collect();
    let mut report = WriteReport::default();
    for s in sizes {
        report.bytes += s?;
        report.files += 1;
    }
    remove_others(root, files, &dirs)?;
    Ok(report)
}

/// Removes what is under `root` but not in `files` (or a parent of one).
fn remove_others(
    root: &Path,
    files: &[OutputFile],
    dirs: &BTreeSet<PathBuf>,
) -> Result<(), IoError> {
    let wanted: std::collections::HashSet<PathBuf> =
        files.iter().map(|f| root.join(&f.path)).collect();
    let mut folders: std::collections::HashSet<&Path> = std::collections::HashSet::new();
    for d in dirs {
        for a in d.ancestors() {
            if !a.starts_with(root) || !folders.insert(a) {
                break;
            }
        }
    }
    let keep_dir = |d: &Path| folders.contains(d);
    for entry in walkdir::WalkDir::new(root)
        .min_depth(1)
        .contents_first(true)
    {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(root).to_path_buf();
            IoError::new("cannot list", &path, e.into())
        })?;
        let path = entry.path();
        if entry.file_type().is_dir() {
            if !keep_dir(path) {
                fs::remove_dir_all(path)?;
            }
        } else if !wanted.contains(path) {
            std::fs::remove_file(path).map_err(|e| IoError::new("cannot remove", path, e))?;
        }
    }
    Ok(())
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

/// Creates `dirs` (and their parents inside `root`), a level at a time and
/// each level in parallel: a portal of 10,000 pages has as many folders,
/// and creating them one by one was a third of writing it.
fn make_dirs(root: &Path, dirs: &BTreeSet<PathBuf>) -> Result<(), IoError> {
    let mut all: BTreeSet<&Path> = BTreeSet::new();
    for d in dirs {
        for a in d.ancestors() {
            if a == root || !a.starts_with(root) || !all.insert(a) {
                break;
            }
        }
    }
    let depth = |p: &Path| p.components().count();
    let mut by_depth: std::collections::BTreeMap<usize, Vec<&Path>> = Default::default();
    for d in all {
        by_depth.entry(depth(d)).or_default().push(d);
    }
    for level in by_depth.values() {
        level
            .par_iter()
            .try_for_each(|d| match std::fs::create_dir(d) {
                // A file where a folder is now wanted (in a tree being updated).
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && !d.is_dir() => {
                    std::fs::remove_file(d)
                        .and_then(|()| std::fs::create_dir(d))
                        .map_err(|e| IoError::new("cannot create folder", d, e))
                }
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    Err(IoError::new("cannot create folder", d, e))
                }
                _ => Ok(()),
            })?;
    }
    Ok(())
}

/// True when the file at `old` holds exactly `bytes`.
fn same_bytes(old: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(old).is_ok_and(|b| b == bytes)
}

/// True when the files at `old` and `src` hold the same bytes.
fn same_file(old: &Path, src: &Path) -> bool {
    let len = |p: &Path| {
        std::fs::metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    };
    match (len(old), len(src)) {
        (Some(a), Some(b)) if a == b => {
            matches!((std::fs::read(old), std::fs::read(src)), (Ok(a), Ok(b)) if a == b)
        }
        _ => false,
    }
}

/// Writes `bytes` to `path`, or links the previous site's identical file
/// there: a rebuild that changes a few pages then allocates no new inodes
/// or blocks for the rest (on ext4, creating thousands of files right
/// after deleting thousands is what made rebuilds slow). Where links are
/// not possible (FAT and exFAT USB sticks) it writes.
fn write_or_link(path: &Path, prev: Option<&Path>, same: impl FnOnce(&Path) -> bool) -> bool {
    match prev {
        Some(old) if same(old) => std::fs::hard_link(old, path).is_ok(),
        _ => false,
    }
}

/// Writes every file under `root` in parallel; a file whose bytes equal
/// the same path in `previous` (the last build, kept aside) is hard-linked
/// instead of written, so an unchanged 10,000-page site costs links, not
/// writes. Returns how many files and bytes the tree holds.
fn write_tree(
    files: &[OutputFile],
    root: &Path,
    previous: Option<&Path>,
    progress: &dyn crate::progress::Progress,
) -> Result<WriteReport, IoError> {
    let dirs = parent_dirs(files, root);
    let mut t = crate::progress::Stages::from_env();
    fs::create_dir_all(root)?;
    make_dirs(root, &dirs)?;
    t.mark("  mkdirs");
    let sizes: Vec<Result<u64, IoError>> = files
        .par_iter()
        .map(|f| {
            progress.advance(1);
            let path = output_path(root, f)?;
            let prev = previous.and_then(|p| join_inside(p, &f.path));
            let prev = prev.as_deref();
            match &f.body {
                Body::Html(html) => {
                    if !write_or_link(&path, prev, |o| same_bytes(o, html.as_bytes())) {
                        std::fs::write(&path, html)
                            .map_err(|e| IoError::new("cannot write", &path, e))?;
                    }
                    Ok(html.len() as u64)
                }
                Body::Bytes(b) => {
                    if !write_or_link(&path, prev, |o| same_bytes(o, b)) {
                        std::fs::write(&path, b)
                            .map_err(|e| IoError::new("cannot write", &path, e))?;
                    }
                    Ok(b.len() as u64)
                }
                Body::Copy(src) => {
                    if write_or_link(&path, prev, |o| same_file(o, src)) {
                        return std::fs::metadata(&path)
                            .map(|m| m.len())
                            .map_err(|e| IoError::new("cannot read", &path, e));
                    }
                    std::fs::copy(src, &path).map_err(|e| IoError::new("cannot copy", src, e))
                }
            }
        })
        .collect();
    let mut report = WriteReport::default();
    for s in sizes {
        report.bytes += s?;
        report.files += 1;
    }
    Ok(report)
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
