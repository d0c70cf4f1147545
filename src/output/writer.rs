//! Writing a site file by file, as render makes it, into a folder beside
//! the output that is swapped in only when every file is there.
//!
//! A file is written the moment it is handed over and its bytes dropped,
//! so a build never holds the whole site in memory: at 10,000 pages that
//! was a quarter of a gigabyte of HTML at the peak. Checks that needed the
//! whole list first (a path used twice, a path that leaves the folder) are
//! made as files arrive; any one of them fails the build at [`Writer::finish`],
//! and the published site is then left as it was.

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use rustc_hash::FxHashSet;

use super::{WriteReport, is_safe_relative, join_inside};
use crate::artifact::{Body, OutputFile};
use crate::error::{BuildError, Diagnostic, IoError};
use crate::fs;

/// Where the files go while the site is written.
enum Mode {
    /// A new hidden folder; files equal to the previous site's are
    /// hard-linked from it (`previous`). The replaced site becomes `spare`.
    Fresh {
        previous: Option<PathBuf>,
        spare: Option<PathBuf>,
    },
    /// The site replaced last time, kept aside, updated in place: only
    /// what changed is written, and what is gone is removed at the end.
    Update,
}

/// A site being written; see the module docs.
pub struct Writer<'a> {
    /// The folder being filled (the new hidden folder, or the spare).
    root: PathBuf,
    mode: Mode,
    dest: PathBuf,
    parent: PathBuf,
    name: String,
    /// Folders known to exist under `root`, as plain strings: hashing a
    /// `Path` parses it into components, once per file written.
    dirs: Mutex<FxHashSet<OsString>>,
    /// Every path handed over so far.
    paths: Mutex<FxHashSet<String>>,
    /// Every file written, with its metadata just after.
    written: Mutex<Vec<(String, std::fs::Metadata)>>,
    /// Paths refused (unsafe, or used twice).
    refused: Mutex<Vec<Diagnostic>>,
    /// The first write that failed; nothing more is written after it.
    failed: Mutex<Option<IoError>>,
    files: AtomicUsize,
    bytes: AtomicU64,
    progress: &'a dyn crate::progress::Progress,
    /// Set once swapped in; until then dropping the writer cleans up.
    done: bool,
}

impl<'a> Writer<'a> {
    /// Prepares to write the site that will replace `dest`.
    ///
    /// `spare` is where the replaced site is kept (the portal's
    /// `.loa-cache/previous-<name>`): the next build updates that tree in
    /// place, writing only what changed, and swaps it in, instead of
    /// creating a whole new tree and deleting the old one. On ext4,
    /// creating thousands of files and folders right after deleting
    /// thousands was most of a big build's writing time. Without a usable
    /// spare (none given, another file system, not Unix) a fresh tree is
    /// written.
    pub fn open(
        dest: &Path,
        spare: Option<&Path>,
        progress: &'a dyn crate::progress::Progress,
    ) -> Result<Writer<'a>, BuildError> {
        let name = super::folder_name(dest);
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent)?;
        super::recover_interrupted_swap(&parent, &name, dest);
        super::remove_stale(&parent, &name);
        let spare = spare.filter(|s| *s != dest && super::spare_usable(s, &parent));
        let (root, mode) = match spare.filter(|s| s.is_dir()) {
            Some(s) => (s.to_path_buf(), Mode::Update),
            None => {
                let tmp = parent.join(format!(".{name}.loa-tmp-{}", std::process::id()));
                fs::remove_dir_all(&tmp)?;
                fs::create_dir_all(&tmp)?;
                let mode = Mode::Fresh {
                    previous: dest.is_dir().then(|| dest.to_path_buf()),
                    spare: spare.map(Path::to_path_buf),
                };
                (tmp, mode)
            }
        };
        Ok(Writer {
            dirs: Mutex::new(FxHashSet::from_iter([root.clone().into_os_string()])),
            root,
            mode,
            dest: dest.to_path_buf(),
            parent,
            name,
            paths: Mutex::default(),
            written: Mutex::default(),
            refused: Mutex::default(),
            failed: Mutex::default(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            progress,
            done: false,
        })
    }

    /// Writes `f` now (from any thread). A refused path or a failed write
    /// is kept for [`Writer::finish`] to report.
    pub fn put(&self, f: OutputFile) {
        if !is_safe_relative(&f.path) {
            lock(&self.refused).push(Diagnostic::general(format!(
                "refusing to write `{}`: not a plain path inside the output folder (it has `..`, a leading `/`, `\\`, `:`, a control character or a name Windows reserves such as CON or NUL)",
                f.path
            )));
            return;
        }
        if !lock(&self.paths).insert(f.path.clone()) {
            lock(&self.refused).push(Diagnostic::general(format!(
                "two outputs want the same file `{}`",
                f.path
            )));
            return;
        }
        if lock(&self.failed).is_some() {
            return;
        }
        match self.write(&f) {
            Ok(meta) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                self.bytes.fetch_add(meta.len(), Ordering::Relaxed);
                lock(&self.written).push((f.path, meta));
                self.progress.advance(1);
            }
            Err(e) => {
                lock(&self.failed).get_or_insert(e);
            }
        }
    }

    /// The bytes of a file written so far (the budget check reads back
    /// the few pages that might be over their limit).
    pub fn read_back(&self, path: &str) -> Option<Vec<u8>> {
        std::fs::read(join_inside(&self.root, path)?).ok()
    }

    /// Puts the written site in place of `dest` and returns what it holds;
    /// fails, leaving `dest` as it was, when a path was refused or a write
    /// failed.
    pub fn finish(mut self) -> Result<WriteReport, BuildError> {
        let refused = std::mem::take(&mut *lock(&self.refused));
        if !refused.is_empty() {
            return Err(BuildError::Content(refused));
        }
        let failed = lock(&self.failed).take();
        if let Some(e) = failed {
            self.discard_spare();
            return Err(e.into());
        }
        if matches!(self.mode, Mode::Update) {
            let paths = std::mem::take(&mut *lock(&self.paths));
            if let Err(e) = remove_others(&self.root, &paths) {
                self.discard_spare();
                return Err(e.into());
            }
        }
        let spare = match &self.mode {
            Mode::Update => Some(self.root.clone()),
            Mode::Fresh { spare, .. } => spare.clone(),
        };
        super::swap(
            &self.root,
            &self.dest,
            &self.parent,
            &self.name,
            spare.as_deref(),
        )?;
        self.done = true;
        Ok(WriteReport {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            written: std::mem::take(&mut *lock(&self.written)),
        })
    }

    /// A spare a write failed in is not worth keeping. (One left by a
    /// build that failed on its content is: the next update puts right
    /// every file it wrote.)
    fn discard_spare(&mut self) {
        if matches!(self.mode, Mode::Update) {
            let _ = std::fs::remove_dir_all(&self.root);
            self.done = true;
        }
    }

    /// Writes one file; its metadata once written.
    fn write(&self, f: &OutputFile) -> Result<std::fs::Metadata, IoError> {
        let path = join_inside(&self.root, &f.path).ok_or_else(|| {
            IoError::new(
                "refusing to write outside the output folder",
                Path::new(&f.path),
                std::io::ErrorKind::InvalidInput.into(),
            )
        })?;
        self.make_parent(&path)?;
        match &self.mode {
            Mode::Update => update_file(&path, &f.body),
            Mode::Fresh { previous, .. } => {
                let prev = previous.as_deref().and_then(|p| join_inside(p, &f.path));
                fresh_file(&path, prev.as_deref(), &f.body)
            }
        }
    }

    /// Makes the folder `path` goes in, once per folder. In a tree being
    /// updated a file may stand where a folder is now wanted: it goes.
    fn make_parent(&self, path: &Path) -> Result<(), IoError> {
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        if lock(&self.dirs).contains(dir.as_os_str()) {
            return Ok(());
        }
        if std::fs::create_dir_all(dir).is_err() {
            for a in dir.ancestors().take_while(|a| *a != self.root) {
                if a.is_file() {
                    std::fs::remove_file(a).map_err(|e| IoError::new("cannot remove", a, e))?;
                }
            }
            std::fs::create_dir_all(dir)
                .map_err(|e| IoError::new("cannot create folder", dir, e))?;
        }
        let mut dirs = lock(&self.dirs);
        for a in dir.ancestors() {
            if !dirs.insert(a.as_os_str().to_os_string()) || a == self.root {
                break;
            }
        }
        Ok(())
    }
}

impl Drop for Writer<'_> {
    /// A writer dropped before [`Writer::finish`] swapped it in (the build
    /// failed) removes its new folder; a spare is kept for the next build.
    fn drop(&mut self) {
        if !self.done && matches!(self.mode, Mode::Fresh { .. }) {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// The lock's value even if a thread panicked holding it: every value
/// kept here stays whole between statements.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A file written beside the one it will replace.
pub(super) struct Staged {
    /// Where it was written (`.<name>.loa-new`).
    pub fresh: PathBuf,
    /// The place it goes.
    pub target: PathBuf,
    /// Its output path.
    pub path: String,
}

/// Writes `f` beside its place under `dest` (`.<name>.loa-new`), making
/// its folder if needed; `None` when the file there holds these bytes
/// already.
pub(super) fn stage_beside(dest: &Path, f: OutputFile) -> Result<Option<Staged>, IoError> {
    let target = join_inside(dest, &f.path).ok_or_else(|| {
        IoError::new(
            "refusing to write outside the output folder",
            Path::new(&f.path),
            std::io::ErrorKind::InvalidInput.into(),
        )
    })?;
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir)?;
    }
    let fresh = target.with_file_name(format!(
        ".{}.loa-new",
        target
            .file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy())
    ));
    let bytes: &[u8] = match &f.body {
        Body::Html(h) => h.as_bytes(),
        Body::Bytes(b) => b,
        Body::Copy(src) => {
            if same_file(&target, src) {
                return Ok(None);
            }
            std::fs::copy(src, &fresh).map_err(|e| IoError::new("cannot copy", src, e))?;
            return Ok(Some(Staged {
                fresh,
                target,
                path: f.path,
            }));
        }
    };
    if same_bytes(&target, bytes).is_some() {
        return Ok(None);
    }
    std::fs::write(&fresh, bytes).map_err(|e| IoError::new("cannot write", &fresh, e))?;
    Ok(Some(Staged {
        fresh,
        target,
        path: f.path,
    }))
}

/// Writes `body` at `path` in a tree being updated, unless the file there
/// holds it already. A changed file is written beside and renamed over,
/// never rewritten in place: an earlier build may have linked it into the
/// site being served.
fn update_file(path: &Path, body: &Body) -> Result<std::fs::Metadata, IoError> {
    if path.is_dir() {
        fs::remove_dir_all(path)?;
    }
    let fresh = path.with_file_name(format!(
        ".{}.loa-new",
        path.file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy())
    ));
    let bytes = match body {
        Body::Html(html) => html.as_bytes(),
        Body::Bytes(b) => b.as_slice(),
        Body::Copy(src) => {
            if !same_file(path, src) {
                std::fs::copy(src, &fresh).map_err(|e| IoError::new("cannot copy", src, e))?;
                fs::rename(&fresh, path)?;
            }
            return metadata(path);
        }
    };
    if let Some(meta) = same_bytes(path, bytes) {
        return Ok(meta);
    }
    // A rename keeps the file's length, time and inode: its metadata is
    // taken before.
    let meta = write_new(&fresh, bytes)?;
    fs::rename(&fresh, path)?;
    Ok(meta)
}

/// Writes `body` at `path` in a new tree, or links the previous site's
/// identical file there (`prev`): a rebuild that changes a few pages then
/// allocates no new inodes or blocks for the rest. Where links are not
/// possible (FAT and exFAT USB sticks) it writes.
fn fresh_file(path: &Path, prev: Option<&Path>, body: &Body) -> Result<std::fs::Metadata, IoError> {
    let linked = |same: &dyn Fn(&Path) -> bool| {
        prev.is_some_and(|old| same(old) && std::fs::hard_link(old, path).is_ok())
    };
    let bytes = match body {
        Body::Html(html) => html.as_bytes(),
        Body::Bytes(b) => b.as_slice(),
        Body::Copy(src) => {
            if !linked(&|o| same_file(o, src)) {
                std::fs::copy(src, path).map_err(|e| IoError::new("cannot copy", src, e))?;
            }
            return metadata(path);
        }
    };
    if linked(&|o| same_bytes(o, bytes).is_some()) {
        return metadata(path);
    }
    write_new(path, bytes)
}

/// Creates (or truncates) `path` with `bytes`; its metadata once written,
/// asked of the open file rather than looked up by path again.
fn write_new(path: &Path, bytes: &[u8]) -> Result<std::fs::Metadata, IoError> {
    use std::io::Write;
    let cannot = |e| IoError::new("cannot write", path, e);
    let mut file = std::fs::File::create(path).map_err(cannot)?;
    file.write_all(bytes).map_err(cannot)?;
    file.metadata().map_err(cannot)
}

/// The metadata of a file just written or linked.
fn metadata(path: &Path) -> Result<std::fs::Metadata, IoError> {
    std::fs::symlink_metadata(path).map_err(|e| IoError::new("cannot read", path, e))
}

/// Removes what is under `root` but not among `paths` (or a folder of one).
fn remove_others(root: &Path, paths: &FxHashSet<String>) -> Result<(), IoError> {
    let wanted: HashSet<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
    let mut folders: HashSet<&Path> = HashSet::new();
    for f in &wanted {
        for a in f.ancestors().skip(1) {
            if !a.starts_with(root) || !folders.insert(a) {
                break;
            }
        }
    }
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
            if !folders.contains(path) {
                fs::remove_dir_all(path)?;
            }
        } else if !wanted.contains(path) {
            std::fs::remove_file(path).map_err(|e| IoError::new("cannot remove", path, e))?;
        }
    }
    Ok(())
}

/// True when the file at `old` holds exactly `bytes`.
fn same_bytes(old: &Path, bytes: &[u8]) -> Option<std::fs::Metadata> {
    let meta = std::fs::symlink_metadata(old).ok()?;
    (meta.is_file()
        && meta.len() == bytes.len() as u64
        && std::fs::read(old).is_ok_and(|b| b == bytes))
    .then_some(meta)
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
