//! The bodies one `loa build` keeps for the next, in
//! `.loa-cache/bodies-<output folder name>.bin`: every body as rendered,
//! with what it was rendered from (see `bodies::BodyCache::encode`). The
//! next build into the same folder reuses each body whose Markdown and
//! lookups' answers are the same, so after an edit only the edited pages'
//! Markdown is rendered again.
//!
//! The file is read on a thread of its own while the pages load, and
//! written on one while the site renders (to a name of its own, then
//! renamed into place, so a reader sees the old file or the new one): the
//! build waits for neither unless the other work finishes first. Bodies
//! depend on loa itself and the Markdown options too, so the file is kept
//! under a key naming both; another loa or other options start afresh.
//!
//! A build that rendered only a few bodies afresh (at most one in a
//! hundred: an edit) leaves the file as it was. Writing it again was 62 MB
//! at 10,000 pages for each one-page edit; left as it is, it still holds
//! every other body, and the next build renders the few again, which costs
//! less until they pass one in a hundred and the file is written anew.

use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use crate::bodies::BodyCache;
use crate::config::Config;

/// The kept bodies of one output folder: being read, then being written.
pub struct Kept {
    path: PathBuf,
    key: String,
    loading: Option<JoinHandle<BodyCache>>,
    saving: Option<JoinHandle<()>>,
    /// How many bodies the file held when read (0: none, or not usable).
    read: usize,
}

impl Kept {
    /// Starts reading the bodies kept for `dest` in the portal's `cache`
    /// folder; `None` when loa cannot tell which binary it is (then
    /// nothing is kept).
    pub fn open(cache: &Path, dest: &Path, config: &Config) -> Option<Kept> {
        let key = format!(
            "{}{:?}\n{:?}\n{}",
            super::unchanged::binary()?,
            config.markdown,
            config.base_url,
            config.minify
        );
        let name = crate::output::folder_name(dest);
        let path = cache.join(format!("bodies-{name}.bin"));
        let (p, k) = (path.clone(), key.clone());
        let read = move || match std::fs::read(&p) {
            Ok(bytes) => BodyCache::decode(&bytes, &k),
            Err(_) => BodyCache::default(),
        };
        let loading = std::thread::Builder::new()
            .name("loa-bodies".into())
            .spawn(read)
            .ok();
        Some(Kept {
            path,
            key,
            loading,
            saving: None,
            read: 0,
        })
    }

    /// The bodies read (an empty cache when there were none to reuse).
    pub fn take(&mut self) -> BodyCache {
        let bodies: BodyCache = self
            .loading
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        self.read = bodies.len();
        bodies
    }

    /// Starts writing `bodies` for the next build, unless the file holds
    /// all but a few of them; they are freed once written.
    pub fn save(&mut self, bodies: BodyCache) {
        // The file read holds all but the few rendered afresh (see the
        // module docs).
        if self.read > 0 && bodies.fresh() * 100 <= bodies.len() {
            crate::mem::drop_later(bodies);
            return;
        }
        self.wait();
        let (path, key) = (self.path.clone(), self.key.clone());
        self.saving = std::thread::Builder::new()
            .name("loa-bodies".into())
            .spawn(move || write(&path, &key, &bodies))
            .ok();
    }

    fn wait(&mut self) {
        if let Some(h) = self.saving.take() {
            let _ = h.join();
        }
    }
}

impl Drop for Kept {
    /// The writing is finished before the build returns, whatever it returns.
    fn drop(&mut self) {
        self.wait();
    }
}

/// Writes `bodies` to `path` through a name of its own; on any failure the
/// old file stays (or none), and the next build renders what it must.
fn write(path: &Path, key: &str, bodies: &BodyCache) {
    let Some(dir) = path.parent() else { return };
    let _ = std::fs::create_dir_all(dir);
    let temp = path.with_extension(format!("bin.{}", std::process::id()));
    let written = std::fs::File::create(&temp).ok().and_then(|f| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, f);
        bodies.encode(key, &mut out).ok()?;
        out.into_inner().ok()
    });
    if written.is_none() || std::fs::rename(&temp, path).is_err() {
        let _ = std::fs::remove_file(&temp);
    }
}
