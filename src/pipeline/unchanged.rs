//! The no-change shortcut of `loa build`: when nothing a build reads has
//! changed since the last one, and the site it wrote is still as it left
//! it, the site is already what a fresh build would write, so the build
//! stops after comparing fingerprints (tens of milliseconds at 10,000
//! pages, where rendering and minifying again took seconds).
//!
//! What counts as "nothing changed", all recorded in
//! `.loa-cache/unchanged-<name>.json` by the last successful build:
//!
//! - the inputs: every file under the portal folder (outside `.git`,
//!   `.loa-cache` and the output itself) by path, size, modification time
//!   and inode, the loa binary by the same, and the build options;
//! - the output: every file and folder under the output folder by the
//!   same, so a hand-edited or deleted output file means a real build;
//! - the moment: pages change with the build's day (the "as of" dates) and
//!   at the schedule's moments (`schedule::next_change`), so the new "now"
//!   must be on the same day and between the last build's "now" and its
//!   next change; when the site shows the exact moment (a theme using
//!   `site.now`, a feed with no dated entry) it must be the same moment.
//!   The published `next-change.json` records the moment of each build: it
//!   is the one file the shortcut writes, as a fresh build would.
//!
//! A file changed within the same clock tick as its fingerprint was taken
//! could keep its size and time; as Git does, a build whose inputs were
//! modified in the two seconds before it started saves no record, so the
//! next build is a full one.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use super::{BuildOptions, BuildReport, NEXT_CHANGE_FILE};
use crate::output::{Body, OutputFile};
use crate::site::schedule::{NextChange, Record};
use crate::time::Moment;

/// The record's version: a record from another loa or layout is not used.
const VERSION: &str = concat!("loa-unchanged ", env!("CARGO_PKG_VERSION"), " v2");

/// Inputs modified this close to the build's start make its record unsafe.
const RACY: Duration = Duration::from_secs(2);

/// The fingerprint of what a build reads, taken before it reads anything.
pub struct Inputs {
    key: String,
    /// The fingerprint of every input but the pages' Markdown (`None`
    /// when one of them was modified just before the build started).
    pub others: Option<String>,
    /// Some input was modified just before the build started.
    racy: bool,
    /// A portal template names `now` (`site.now`): pages may show the moment.
    pub templates_use_now: bool,
}

/// What the last successful build of one output folder left.
#[derive(Serialize, Deserialize)]
pub struct Stamp {
    version: String,
    inputs: String,
    output: String,
    /// The "now" of the full build that wrote the site.
    since: Moment,
    since_text: String,
    /// The day pages say they were built ("as of"), in `since`'s offset.
    day: String,
    /// Some output shows the exact moment: only that moment may reuse it.
    exact: bool,
    /// `next-change.json` is published (`[hosting] next_change`).
    record: bool,
    /// Its compressed copies are too (`[hosting] precompress`).
    precompress: bool,
    next_change: Option<NextChange>,
    next_change_line: String,
    pages_per_lang: Vec<(String, usize)>,
    sections: usize,
    files: usize,
    bytes: u64,
    translations: Vec<crate::site::translations::SectionReport>,
    images: (usize, usize, usize),
}

/// The record's path for the output folder `dest`.
pub fn stamp_path(cache: &Path, dest: &Path) -> PathBuf {
    let name = crate::output::folder_name(dest);
    cache.join(format!("unchanged-{name}.json"))
}

/// (size, modification time in ns, inode) of a file's metadata.
fn identity(m: &std::fs::Metadata) -> (u64, u128, u64) {
    let mtime = m
        .modified()
        .ok()
        .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let ino = std::os::unix::fs::MetadataExt::ino(m);
    #[cfg(not(unix))]
    let ino = 0;
    (m.len(), mtime, ino)
}

/// Feeds every entry under `dir` (sorted, `skip`ped folders left out) to
/// the hasher as path, kind and [`identity`], and to `each`; the newest
/// modification time of a file seen, or `None` when a folder cannot be
/// listed (then no shortcut).
fn hash_tree(
    h: &mut blake3::Hasher,
    dir: &Path,
    follow: bool,
    skip: &dyn Fn(&Path) -> bool,
    mut each: impl FnMut(&Path, &std::fs::Metadata, &[u8]),
) -> Option<SystemTime> {
    let mut newest = SystemTime::UNIX_EPOCH;
    let walk = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .follow_links(follow)
        .sort_by(crate::fs::sibling_order)
        .into_iter()
        .filter_entry(|e| !skip(e.path()));
    let mut bytes = Vec::new();
    for entry in walk {
        let entry = entry.ok()?;
        let meta = entry.metadata().ok()?;
        let rel = entry.path().strip_prefix(dir).ok()?;
        if !meta.is_dir() {
            newest = newest.max(meta.modified().ok()?);
        }
        bytes.clear();
        entry_bytes(&mut bytes, rel, meta.is_dir(), identity(&meta));
        h.update(&bytes);
        each(entry.path(), &meta, &bytes);
    }
    Some(newest)
}

/// What the fingerprint of a folder holds of one entry: path, kind and
/// [`identity`].
fn entry_bytes(out: &mut Vec<u8>, rel: &Path, dir: bool, (len, mtime, ino): (u64, u128, u64)) {
    out.extend_from_slice(rel.as_os_str().as_encoded_bytes());
    out.extend_from_slice(&[0, u8::from(dir)]);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&mtime.to_le_bytes());
    out.extend_from_slice(&ino.to_le_bytes());
}

/// The running loa binary by path and [`identity`]: a rebuilt loa may
/// write other files from the same inputs.
pub fn binary() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let (len, mtime, ino) = identity(&std::fs::metadata(&exe).ok()?);
    Some(format!("{}\n{len} {mtime} {ino}\n", exe.display()))
}

impl Inputs {
    /// Fingerprints the binary, the options and every file under the
    /// portal folder but the output; `None` when something cannot be read
    /// (the build then runs in full and reports it).
    pub fn read(opts: &BuildOptions, dest: &Path, started: SystemTime) -> Option<Inputs> {
        let root = std::fs::canonicalize(&opts.root).ok()?;
        let dest = resolved(dest)?;
        let mut h = blake3::Hasher::new();
        h.update(VERSION.as_bytes());
        h.update(binary()?.as_bytes());
        h.update(
            format!(
                "{}\n{}\n{:?}\n{}\n{}\n{:?}\n",
                root.display(),
                dest.display(),
                opts.base_url,
                opts.drafts,
                opts.offline,
                opts.editor_backend
            )
            .as_bytes(),
        );
        // Only what loa reads: at the top, site.toml (and other files, one
        // of which may be the `[register] file`) and the source folders; a
        // register file deeper elsewhere is hashed below. Walking the whole
        // folder took 18 s on this repository's sample portal (its target/).
        let register = register_file(&root);
        let skip = |p: &Path| {
            p == dest
                || p.parent() == Some(root.as_path())
                    && p.file_name().is_some_and(|n| {
                        let n = n.to_string_lossy();
                        let source = crate::config::SOURCE_DIRS.contains(&n.as_ref());
                        n.starts_with('.') || !source && (p.is_dir() || n.contains(".loa-"))
                    })
        };
        if let Some(reg) = register.as_ref().filter(|r| r.components().count() > 1) {
            let (len, mtime, ino) = std::fs::metadata(root.join(reg))
                .map(|m| identity(&m))
                .unwrap_or_default();
            h.update(format!("register {} {len} {mtime} {ino}\n", reg.display()).as_bytes());
        }
        let mut templates = Vec::new();
        // Everything but the pages' Markdown, for one-page edits (see
        // `edits`): pages are compared by what they hold, the rest by
        // identity, and one modified just now cannot be trusted.
        let mut others = blake3::Hasher::new();
        others.update(&h.clone().finalize().as_bytes()[..]);
        let mut others_racy = false;
        let content = root.join("content");
        let theme = [root.join("templates"), root.join("themes")];
        let newest = hash_tree(&mut h, &root, true, &skip, |p, meta, bytes| {
            let in_theme = theme.iter().any(|t| p.starts_with(t));
            if meta.is_dir() {
                if !p.starts_with(&content) {
                    others.update(bytes);
                }
                return;
            }
            if in_theme && p.extension().is_some_and(|e| e == "html") {
                templates.push(p.to_path_buf());
            }
            if !(p.starts_with(&content) && p.extension().is_some_and(|e| e == "md")) {
                others.update(bytes);
                others_racy |= meta.modified().map_or(true, |t| t + RACY > started);
            }
        })?;
        let templates_use_now = templates.iter().any(|p| {
            std::fs::read_to_string(p)
                .is_ok_and(|t| [".now", "\"now\"", "'now'"].iter().any(|k| t.contains(k)))
        });
        Some(Inputs {
            key: h.finalize().to_hex().to_string(),
            others: (!others_racy).then(|| others.finalize().to_hex().to_string()),
            racy: newest + RACY > started,
            templates_use_now,
        })
    }
}

/// The `[register] file` named in `root`'s site.toml (a path inside the
/// portal), read without the rest of the config: the fingerprint is taken
/// before the config is loaded.
fn register_file(root: &Path) -> Option<PathBuf> {
    let text = std::fs::read_to_string(root.join("site.toml")).ok()?;
    let value: toml::Table = toml::from_str(&text).ok()?;
    let file = value.get("register")?.get("file")?.as_str()?;
    Some(PathBuf::from(file))
}

/// `dest` with symbolic links resolved, as the walk of the portal sees it;
/// for a folder not made yet, its parent's resolved path joined with its name.
fn resolved(dest: &Path) -> Option<PathBuf> {
    if let Ok(p) = std::fs::canonicalize(dest) {
        return Some(p);
    }
    let parent = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(parent).ok()?.join(dest.file_name()?))
}

/// One entry of the output folder: path inside it, whether a folder, identity.
struct Entry {
    rel: PathBuf,
    dir: bool,
    id: (u64, u128, u64),
}

impl Entry {
    /// The entry for `rel` as `meta` describes it. A folder's identity is
    /// left out: its time changes whenever an entry in it comes or goes,
    /// which the listing sees as that entry anyway, and leaving it out lets
    /// a build record its output from what it wrote (see
    /// [`Listing::of_written`]) instead of listing the tree again.
    fn new(rel: PathBuf, meta: &std::fs::Metadata) -> Entry {
        let dir = meta.is_dir();
        Entry {
            rel,
            dir,
            id: if dir { (0, 0, 0) } else { identity(meta) },
        }
    }
}

/// Every entry under `dir`, as [`Entry`]s relative to `dest`, in no set
/// order; `None` when something cannot be read or once `stop` is set. A
/// folder is known as one from the folder that holds it, without asking
/// for its metadata, since its identity is not kept: at 10,000 pages that
/// spares 17,000 of the 41,000 `stat` calls of an edit build's listing.
fn list_tree(
    dir: &Path,
    dest: &Path,
    stop: &std::sync::atomic::AtomicBool,
    entries: &mut Vec<Entry>,
) -> Option<()> {
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        if stop.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let entry = entry.ok()?;
        let rel = entry.path().strip_prefix(dest).ok()?.to_path_buf();
        entries.push(if entry.file_type().is_dir() {
            Entry {
                rel,
                dir: true,
                id: (0, 0, 0),
            }
        } else {
            Entry::new(rel, &entry.metadata().ok()?)
        });
    }
    Some(())
}

/// The output folder as it stands, the published schedule record aside
/// (the shortcut writes it), entries sorted by path: what tells whether
/// the site is still as the last build left it.
pub struct Listing {
    dest: PathBuf,
    entries: Vec<Entry>,
}

/// A [`Listing`] being taken on a thread of its own from the start of a
/// build that may need it (one with an edit record), beside the stages
/// that keep a core free; given up when the build turns out to be a full
/// one.
pub struct PendingListing {
    handle: Option<std::thread::JoinHandle<Option<Listing>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PendingListing {
    /// Starts listing `dest`.
    pub fn start(dest: &Path) -> PendingListing {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dest, flag) = (dest.to_path_buf(), stop.clone());
        let handle = std::thread::Builder::new()
            .name("loa-listing".into())
            .spawn(move || Listing::read_unless(&dest, &flag))
            .ok();
        PendingListing { handle, stop }
    }

    /// The listing, once taken (`None` as from [`Listing::read`]).
    pub fn get(mut self) -> Option<Listing> {
        match self.handle.take() {
            Some(h) => h.join().ok().flatten(),
            None => None,
        }
    }
}

impl Drop for PendingListing {
    /// Not waited for: the walk stops at its next entry.
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Listing {
    /// Lists `dest`; `None` when it is missing or cannot be listed.
    pub fn read(dest: &Path) -> Option<Listing> {
        Listing::read_unless(dest, &std::sync::atomic::AtomicBool::new(false))
    }

    /// [`Listing::read`], given up (`None`) once `stop` is set.
    fn read_unless(dest: &Path, stop: &std::sync::atomic::AtomicBool) -> Option<Listing> {
        use rayon::prelude::*;
        use std::sync::atomic::Ordering;
        if !dest.is_dir() {
            return None;
        }
        // The top level here, each folder under it on its own thread: a
        // walk waits on the file system entry by entry, so two walks at
        // once take about half the time.
        let mut top = Vec::new();
        for e in std::fs::read_dir(dest).ok()? {
            let e = e.ok()?;
            let name = e.file_name();
            if name.to_string_lossy().starts_with(NEXT_CHANGE_FILE) {
                continue;
            }
            top.push(dest.join(name));
        }
        let parts: Vec<Option<Vec<Entry>>> = top
            .par_iter()
            .map(|path| {
                let meta = std::fs::symlink_metadata(path).ok()?;
                let mut entries = vec![Entry::new(
                    path.strip_prefix(dest).ok()?.to_path_buf(),
                    &meta,
                )];
                if meta.is_dir() {
                    list_tree(path, dest, stop, &mut entries)?;
                }
                Some(entries)
            })
            .collect();
        if stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut entries: Vec<Entry> = Vec::new();
        for part in parts {
            entries.extend(part?);
        }
        entries.sort_unstable_by(|a, b| crate::fs::path_order(&a.rel, &b.rel));
        Some(Listing {
            dest: dest.to_path_buf(),
            entries,
        })
    }

    /// The listing of `dest` just after a build wrote `written` (output
    /// paths and their metadata, as [`crate::output::WriteReport`] has
    /// them) and nothing else there: what [`Listing::read`] would find,
    /// without walking 40,000 entries again (a sixth of a second at 10,000
    /// pages). The folders are those the files are in.
    pub fn of_written(dest: &Path, written: &[(String, std::fs::Metadata)]) -> Listing {
        let mut folders: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut entries = Vec::with_capacity(written.len() * 2);
        for (path, meta) in written {
            if path.starts_with(NEXT_CHANGE_FILE) {
                continue;
            }
            let mut end = path.len();
            while let Some(slash) = path[..end].rfind('/') {
                if !folders.insert(&path[..slash]) {
                    break;
                }
                end = slash;
            }
            entries.push(Entry::new(path.split('/').collect(), meta));
        }
        entries.extend(folders.into_iter().map(|f| Entry {
            rel: f.split('/').collect(),
            dir: true,
            id: (0, 0, 0),
        }));
        entries.sort_unstable_by(|a, b| crate::fs::path_order(&a.rel, &b.rel));
        Listing {
            dest: dest.to_path_buf(),
            entries,
        }
    }

    /// The fingerprint of the listing.
    pub fn key(&self) -> String {
        let mut h = blake3::Hasher::new();
        let mut bytes = Vec::new();
        for e in &self.entries {
            bytes.clear();
            entry_bytes(&mut bytes, &e.rel, e.dir, e.id);
            h.update(&bytes);
        }
        h.finalize().to_hex().to_string()
    }

    /// The files (not folders), as output paths.
    pub fn files(&self) -> impl Iterator<Item = String> + '_ {
        self.entries
            .iter()
            .filter(|e| !e.dir)
            .map(|e| e.rel.to_string_lossy().replace('\\', "/"))
    }

    /// How many files the listing holds and their bytes, the published
    /// schedule record's files included.
    pub fn totals(&self) -> (usize, u64) {
        let mut files = 0;
        let mut bytes = 0;
        for e in self.entries.iter().filter(|e| !e.dir) {
            files += 1;
            bytes += e.id.0;
        }
        if let Ok(top) = std::fs::read_dir(&self.dest) {
            for e in top.flatten() {
                if e.file_name()
                    .to_string_lossy()
                    .starts_with(NEXT_CHANGE_FILE)
                {
                    files += 1;
                    bytes += e.metadata().map_or(0, |m| m.len());
                }
            }
        }
        (files, bytes)
    }

    /// Looks again at `paths` (output paths just written or removed) and
    /// the folders holding them, so the listing is the folder's again
    /// without listing it all.
    pub fn refresh(&mut self, paths: &[String]) {
        let mut look: std::collections::BTreeSet<PathBuf> = std::collections::BTreeSet::new();
        // The schedule record is not listed (see `read`).
        for p in paths.iter().filter(|p| !p.starts_with(NEXT_CHANGE_FILE)) {
            for a in Path::new(p).ancestors() {
                if a.as_os_str().is_empty() {
                    break;
                }
                look.insert(a.to_path_buf());
            }
        }
        for rel in look {
            let meta = std::fs::symlink_metadata(self.dest.join(&rel)).ok();
            let at = self
                .entries
                .binary_search_by(|e| crate::fs::path_order(&e.rel, &rel));
            match (meta, at) {
                (Some(m), Ok(i)) => self.entries[i] = Entry::new(rel, &m),
                (Some(m), Err(i)) => self.entries.insert(i, Entry::new(rel, &m)),
                (None, Ok(i)) => {
                    self.entries.remove(i);
                }
                (None, Err(_)) => {}
            }
        }
    }
}

/// The fingerprint of the output folder as it stands; `None` when missing.
fn output_key(dest: &Path) -> Option<String> {
    Listing::read(dest).map(|l| l.key())
}

/// What a full build knew about itself, for [`Stamp::new`].
pub struct Facts<'a> {
    /// The inputs as read before the build.
    pub inputs: &'a Inputs,
    /// The build's "now".
    pub now: &'a Moment,
    /// Some output shows it (see `Watch::shows_moment`).
    pub shows_moment: bool,
    /// The portal's config.
    pub config: &'a crate::config::Config,
    /// The report the build returns.
    pub report: &'a BuildReport,
}

impl Stamp {
    /// The record of a build that just left the output folder with the
    /// fingerprint `output` ([`Listing::key`]); `None` when it must not be
    /// reused (inputs modified too recently, warnings to show again).
    pub fn new(facts: &Facts<'_>, output: String) -> Option<Stamp> {
        let r = facts.report;
        if facts.inputs.racy || !r.warnings.is_empty() {
            return None;
        }
        Some(Stamp {
            version: VERSION.to_string(),
            inputs: facts.inputs.key.clone(),
            output,
            since: facts.now.clone(),
            since_text: moment_text(facts.now),
            day: facts.now.local().date().to_string(),
            exact: facts.shows_moment || facts.inputs.templates_use_now,
            record: facts.config.hosting.next_change && !facts.config.offline,
            precompress: facts.config.hosting.precompress && !facts.config.offline,
            next_change: r.next_change.clone(),
            next_change_line: r.next_change_line.clone(),
            pages_per_lang: r.pages_per_lang.clone(),
            sections: r.sections,
            files: r.files,
            bytes: r.bytes,
            translations: r.translations.clone(),
            images: (r.images.sources, r.images.encoded, r.images.reused),
        })
    }

    /// Reads the record at `path`; `None` when missing, unreadable or
    /// from another version.
    pub fn load(path: &Path) -> Option<Stamp> {
        let stamp: Stamp = load_json(path)?;
        (stamp.version == VERSION).then_some(stamp)
    }

    /// Writes the record (beside, then renamed); a failure only costs the
    /// next build its shortcut.
    pub fn save(&self, path: &Path) {
        save_json(self, path);
    }

    /// True when a build of `inputs` at `now` into `dest` would write
    /// exactly the site there now (the schedule record aside).
    fn holds(&self, inputs: &Inputs, now: &Moment, dest: &Path) -> bool {
        let moment_ok = if self.exact {
            moment_text(now) == self.since_text
        } else {
            now >= &self.since
                && now.local().date().to_string() == self.day
                && self.next_change.as_ref().is_none_or(|n| now < &n.at)
        };
        moment_ok && inputs.key == self.inputs && output_key(dest).is_some_and(|k| k == self.output)
    }

    /// The schedule record files a full build at `now` would publish.
    fn record_files(&self, now: &Moment) -> Vec<OutputFile> {
        if !self.record {
            return Vec::new();
        }
        let record = Record::new(now, self.next_change.clone());
        let file = OutputFile {
            path: NEXT_CHANGE_FILE.into(),
            body: Body::Bytes(record.public().to_json().into_bytes()),
        };
        let mut files = vec![file];
        if self.precompress {
            let (compressed, diags) = crate::output::host::precompress(&files);
            if !diags.is_empty() {
                return Vec::new();
            }
            files.extend(compressed);
        }
        files
    }

    /// The report of a build that found nothing to do.
    fn report(self, now: &Moment, dest: PathBuf, elapsed: Duration) -> BuildReport {
        let record = Record::new(now, self.next_change);
        BuildReport {
            pages_per_lang: self.pages_per_lang,
            sections: self.sections,
            files: self.files,
            bytes: self.bytes,
            elapsed,
            warnings: Vec::new(),
            output: dest,
            translations: self.translations,
            images: crate::images::ImageReport {
                sources: self.images.0,
                encoded: self.images.1,
                reused: self.images.2,
            },
            built_at: record.built_at,
            next_change: record.next_change,
            next_change_line: self.next_change_line,
            edited: None,
        }
    }
}

/// Reads a record kept as JSON; `None` when missing or unreadable.
pub(super) fn load_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

/// Writes a record as JSON, beside and then renamed, so a reader never
/// sees half of one; a failure only costs the next build its shortcut.
pub(super) fn save_json<T: Serialize>(value: &T, path: &Path) {
    let Ok(text) = serde_json::to_string(value) else {
        return;
    };
    let fresh = path.with_extension("json.loa-new");
    if path
        .parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        && std::fs::write(&fresh, text).is_ok()
    {
        let _ = std::fs::rename(&fresh, path);
    }
}

/// A moment as text that tells apart what the site could show differently
/// (offset, and whether only a date was given).
fn moment_text(m: &Moment) -> String {
    format!("{} {}", m.rfc3339(), m.is_date_only())
}

/// The shortcut: when the record at `path` holds for this build, brings the
/// published schedule record up to date and returns the report; `None`
/// when a full build is needed.
pub fn reuse(
    path: &Path,
    inputs: &Inputs,
    now: &Moment,
    dest: &Path,
    started: std::time::Instant,
) -> Option<BuildReport> {
    let stamp = Stamp::load(path)?;
    if !stamp.holds(inputs, now, dest) {
        return None;
    }
    let records = stamp.record_files(now);
    if stamp.record && records.is_empty() {
        return None;
    }
    // Whatever else carries the record's name would not be in a fresh build.
    let others = std::fs::read_dir(dest).ok()?.flatten().any(|e| {
        let name = e.file_name().to_string_lossy().into_owned();
        name.starts_with(NEXT_CHANGE_FILE) && !records.iter().any(|f| f.path == name)
    });
    if others {
        return None;
    }
    for f in &records {
        let Body::Bytes(bytes) = &f.body else {
            return None;
        };
        let target = dest.join(&f.path);
        if std::fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            // Beside, then renamed, like every output file.
            let fresh = dest.join(format!(".{}.loa-new", f.path));
            std::fs::write(&fresh, bytes).ok()?;
            std::fs::rename(&fresh, &target).ok()?;
        }
    }
    Some(stamp.report(now, dest.to_path_buf(), started.elapsed()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{Body, OutputFile};

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            body: Body::Bytes(text.as_bytes().to_vec()),
        }
    }

    /// The listing notices a file changed in place deep in the tree, a
    /// folder added, and a folder turned into a file of the same name, but
    /// not a folder's own time, which it does not ask for.
    #[test]
    fn the_listing_sees_files_and_folders_but_not_folder_times() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let deep = dest.join("tin-tuc/bai-1");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("index.html"), "a").unwrap();
        std::fs::write(dest.join("index.html"), "b").unwrap();
        let key = || Listing::read(&dest).unwrap().key();
        let first = key();

        let old = std::fs::metadata(dest.join("tin-tuc"))
            .unwrap()
            .modified()
            .unwrap();
        std::fs::write(dest.join("tin-tuc/tam.txt"), "").unwrap();
        std::fs::remove_file(dest.join("tin-tuc/tam.txt")).unwrap();
        let touched = std::fs::metadata(dest.join("tin-tuc"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(
            key(),
            first,
            "a folder's time changed ({old:?} -> {touched:?})"
        );

        let f = std::fs::OpenOptions::new()
            .append(true)
            .open(deep.join("index.html"))
            .unwrap();
        std::io::Write::write_all(&mut &f, b"+").unwrap();
        drop(f);
        let changed = key();
        assert_ne!(changed, first, "a file changed in place");

        std::fs::create_dir(dest.join("tin-tuc/moi")).unwrap();
        let added = key();
        assert_ne!(added, changed, "an empty folder added");

        std::fs::remove_dir(dest.join("tin-tuc/moi")).unwrap();
        assert_eq!(key(), changed, "the folder removed again");
        std::fs::write(dest.join("tin-tuc/moi"), "").unwrap();
        assert_ne!(key(), changed, "a file where the folder was");
    }

    /// The record a build makes of what it wrote is the listing of the
    /// folder, whether the tree was new or an earlier one updated in place
    /// (files kept, changed, removed, a file where a folder now goes).
    #[test]
    fn the_output_as_written_is_the_output_as_listed() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let spare = tmp.path().join("spare");
        let builds = [
            vec![
                file("index.html", "a"),
                file("tin-tuc/index.html", "b"),
                file("tin-tuc/bai-1/index.html", "c"),
                file("tin-tuc/bai-1/anh.png", "d"),
                file("en/news/index.html", "e"),
                file(NEXT_CHANGE_FILE, "{}"),
                file("x", "a file"),
            ],
            vec![
                file("index.html", "a"),
                file("tin-tuc/index.html", "b2"),
                file("tin-tuc/bai-2/index.html", "c"),
                file(NEXT_CHANGE_FILE, "{}"),
                file("x/index.html", "a folder now"),
            ],
            vec![file("index.html", "a"), file("en/index.html", "e")],
        ];
        for (n, files) in builds.into_iter().enumerate() {
            let report =
                crate::output::commit_with(files, &dest, Some(&spare), &crate::progress::Quiet)
                    .unwrap();
            let written = Listing::of_written(&dest, &report.written);
            let listed = Listing::read(&dest).unwrap();
            let paths = |l: &Listing| {
                l.entries
                    .iter()
                    .map(|e| (e.rel.clone(), e.dir))
                    .collect::<Vec<_>>()
            };
            assert_eq!(paths(&written), paths(&listed), "build {n}");
            assert_eq!(written.key(), listed.key(), "build {n}");
        }
    }
}
