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
    /// The entry for `rel` as `meta` describes it. A folder's identity
    /// counts too: its time changes whenever an entry in it comes, goes or
    /// is renamed, which is how [`Listing::verify`] sees a file added
    /// anywhere in the tree without listing every folder.
    fn new(rel: PathBuf, meta: &std::fs::Metadata) -> Entry {
        Entry {
            rel,
            dir: meta.is_dir(),
            id: identity(meta),
        }
    }
}

/// The output folder as a build left it, the published schedule record
/// aside (the shortcut writes it), entries sorted by path: what tells
/// whether the site is still as the last build left it.
///
/// It is kept in `.loa-cache/listing-<name>.bin` ([`Listing::save`]), and
/// the next build checks the folder against it entry by entry
/// ([`Listing::verify`]): one `stat` per file and folder, where listing
/// the tree again opened and read each of its 17,000 folders at 10,000
/// pages (a fifth of an edit build's CPU). As with files, a change made in
/// the same clock tick as the build's last write to that folder could keep
/// its time and go unseen: something writing into the output folder the
/// moment a build ends. (Linux 6.18 on ext4 gives each change a time of
/// its own: 200 files made in a row left their folder 200 times.)
pub struct Listing {
    dest: PathBuf,
    entries: Vec<Entry>,
}

/// The kept listing's layout version: another layout is not read.
const LISTING_VERSION: &str = concat!("loa-listing ", env!("CARGO_PKG_VERSION"), " v1");

/// A listing as kept: each entry's path, whether a folder, and identity.
#[derive(Serialize, Deserialize)]
struct KeptListing {
    version: String,
    entries: Vec<(String, bool, u64, u128, u64)>,
}

/// Where the listing of the output folder `dest` is kept.
pub fn listing_path(cache: &Path, dest: &Path) -> PathBuf {
    let name = crate::output::folder_name(dest);
    cache.join(format!("listing-{name}.bin"))
}

/// A [`Listing`] being checked on a thread of its own from the start of a
/// build that may need it (one with an edit record), beside the stages
/// that keep a core free; given up when the build turns out to be a full
/// one.
pub struct PendingListing {
    handle: Option<std::thread::JoinHandle<Option<Listing>>>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl PendingListing {
    /// Starts checking `dest` against the listing kept at `kept`.
    pub fn start(dest: &Path, kept: &Path) -> PendingListing {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (dest, kept, flag) = (dest.to_path_buf(), kept.to_path_buf(), stop.clone());
        let handle = std::thread::Builder::new()
            .name("loa-listing".into())
            .spawn(move || Listing::verify_unless(&dest, &kept, &flag))
            .ok();
        PendingListing { handle, stop }
    }

    /// The listing, when the folder is as kept (`None` as from
    /// [`Listing::verify`]).
    pub fn get(mut self) -> Option<Listing> {
        match self.handle.take() {
            Some(h) => h.join().ok().flatten(),
            None => None,
        }
    }
}

impl Drop for PendingListing {
    /// Not waited for: the check stops at its next entry.
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// The names at the top of the output folder, the schedule record's files
/// aside, sorted; `None` when it cannot be listed.
fn top_names(dest: &Path) -> Option<Vec<std::ffi::OsString>> {
    let mut names = Vec::new();
    for e in std::fs::read_dir(dest).ok()? {
        let name = e.ok()?.file_name();
        if !name.to_string_lossy().starts_with(NEXT_CHANGE_FILE) {
            names.push(name);
        }
    }
    names.sort();
    Some(names)
}

impl Listing {
    /// The listing kept at `kept`, when the output folder `dest` is still
    /// as it says: the same names at its top (read there, since the
    /// schedule record is rewritten beside them), and every file and
    /// folder below with the same identity. A file added or removed
    /// anywhere changes its folder's time; a file changed in place, its
    /// own. `None` when anything differs or cannot be read: the build is
    /// then a full one.
    pub fn verify(dest: &Path, kept: &Path) -> Option<Listing> {
        Listing::verify_unless(dest, kept, &std::sync::atomic::AtomicBool::new(false))
    }

    /// [`Listing::verify`], given up (`None`) once `stop` is set.
    fn verify_unless(
        dest: &Path,
        kept: &Path,
        stop: &std::sync::atomic::AtomicBool,
    ) -> Option<Listing> {
        use rayon::prelude::*;
        use std::sync::atomic::Ordering;
        let bytes = std::fs::read(kept).ok()?;
        let file: KeptListing = postcard::from_bytes(&bytes).ok()?;
        if file.version != LISTING_VERSION {
            return None;
        }
        let entries: Vec<Entry> = file
            .entries
            .into_iter()
            .map(|(rel, dir, len, mtime, ino)| Entry {
                rel: PathBuf::from(rel),
                dir,
                id: (len, mtime, ino),
            })
            .collect();
        // Only paths inside the folder: a damaged record is no record.
        let plain = |p: &Path| {
            p.components()
                .all(|c| matches!(c, std::path::Component::Normal(_)))
        };
        if !entries.iter().all(|e| plain(&e.rel)) {
            return None;
        }
        let mut top: Vec<std::ffi::OsString> = entries
            .iter()
            .filter(|e| e.rel.components().count() == 1)
            .map(|e| e.rel.as_os_str().to_os_string())
            .collect();
        top.sort();
        if top_names(dest)? != top {
            return None;
        }
        let same = entries.par_iter().all(|e| {
            !stop.load(Ordering::Relaxed)
                && std::fs::symlink_metadata(dest.join(&e.rel))
                    .is_ok_and(|m| m.is_dir() == e.dir && identity(&m) == e.id)
        });
        (same && !stop.load(Ordering::Relaxed)).then(|| Listing {
            dest: dest.to_path_buf(),
            entries,
        })
    }

    /// Keeps the listing at `path` for the next build (beside, then
    /// renamed); a listing with a path that is not UTF-8 is not kept (the
    /// next build is then a full one), nor is one that cannot be written.
    pub fn save(&self, path: &Path) {
        let mut entries = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let Some(rel) = e.rel.to_str() else {
                let _ = std::fs::remove_file(path);
                return;
            };
            entries.push((rel.to_string(), e.dir, e.id.0, e.id.1, e.id.2));
        }
        let file = KeptListing {
            version: LISTING_VERSION.to_string(),
            entries,
        };
        if let Ok(bytes) = postcard::to_stdvec(&file) {
            save_beside(&bytes, path);
        }
    }

    /// The listing of `dest` just after a build wrote `written` (output
    /// paths and their metadata, as [`crate::output::WriteReport`] has
    /// them) and nothing else there: what listing the folder would find,
    /// without walking 40,000 entries again (a sixth of a second at 10,000
    /// pages). The folders are those the files are in, each asked for its
    /// identity once all is written.
    pub fn of_written(dest: &Path, written: &[(String, std::fs::Metadata)]) -> Listing {
        use rayon::prelude::*;
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
        let folders: Vec<&str> = folders.into_iter().collect();
        entries.par_extend(folders.into_par_iter().map(|f| {
            let rel: PathBuf = f.split('/').collect();
            match std::fs::symlink_metadata(dest.join(&rel)) {
                Ok(m) => Entry::new(rel, &m),
                // Not to be found as written: the next build is a full one.
                Err(_) => Entry {
                    rel,
                    dir: true,
                    id: (0, 0, 0),
                },
            }
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
    /// exactly the site there now (the schedule record aside), the folder
    /// checked against the listing kept at `kept`.
    fn holds(&self, inputs: &Inputs, now: &Moment, dest: &Path, kept: &Path) -> bool {
        let moment_ok = if self.exact {
            moment_text(now) == self.since_text
        } else {
            now >= &self.since
                && now.local().date().to_string() == self.day
                && self.next_change.as_ref().is_none_or(|n| now < &n.at)
        };
        moment_ok
            && inputs.key == self.inputs
            && Listing::verify(dest, kept).is_some_and(|l| l.key() == self.output)
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
    if let Ok(text) = serde_json::to_string(value) {
        save_beside(text.as_bytes(), path);
    }
}

/// Writes `bytes` beside `path` (its name with `.loa-new` added), then
/// renames them into place; a failure leaves what was there.
fn save_beside(bytes: &[u8], path: &Path) {
    let mut fresh = path.as_os_str().to_os_string();
    fresh.push(".loa-new");
    let fresh = PathBuf::from(fresh);
    if path
        .parent()
        .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
        && std::fs::write(&fresh, bytes).is_ok()
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
    let kept = listing_path(path.parent()?, dest);
    if !stamp.holds(inputs, now, dest, &kept) {
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

    /// The folder as a walk finds it, what a kept listing stands for.
    fn walked(dest: &Path) -> Listing {
        let mut entries = Vec::new();
        for entry in walkdir::WalkDir::new(dest).min_depth(1) {
            let entry = entry.unwrap();
            let rel = entry.path().strip_prefix(dest).unwrap().to_path_buf();
            if rel.to_string_lossy().starts_with(NEXT_CHANGE_FILE) {
                continue;
            }
            entries.push(Entry::new(rel, &entry.metadata().unwrap()));
        }
        entries.sort_unstable_by(|a, b| crate::fs::path_order(&a.rel, &b.rel));
        Listing {
            dest: dest.to_path_buf(),
            entries,
        }
    }

    /// A kept listing holds while the folder is untouched, the schedule
    /// record aside, and not after a file changed in place deep in the
    /// tree, a folder or file added at any depth, or one added and removed
    /// again (its folder's time moved: a full build, which is safe).
    #[test]
    fn a_kept_listing_holds_until_the_folder_changes() {
        let tmp = tempfile::tempdir().unwrap();
        let dest = tmp.path().join("public");
        let kept = tmp.path().join("cache/listing-public.bin");
        let deep = dest.join("tin-tuc/bai-1");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("index.html"), "a").unwrap();
        std::fs::write(dest.join("index.html"), "b").unwrap();
        // Each change comes a clock tick after the listing is kept, as it
        // would after a build: older kernels give a folder's changes in
        // one tick (a few milliseconds) the same time.
        let keep = || {
            let l = walked(&dest);
            l.save(&kept);
            std::thread::sleep(std::time::Duration::from_millis(20));
            l.key()
        };
        let holds = || Listing::verify(&dest, &kept).map(|l| l.key());

        assert_eq!(holds(), None, "nothing kept yet");
        let first = keep();
        assert_eq!(holds(), Some(first.clone()));
        std::fs::write(dest.join(NEXT_CHANGE_FILE), "{}").unwrap();
        assert_eq!(holds(), Some(first), "the schedule record is aside");

        let f = std::fs::OpenOptions::new()
            .append(true)
            .open(deep.join("index.html"))
            .unwrap();
        std::io::Write::write_all(&mut &f, b"+").unwrap();
        drop(f);
        assert_eq!(holds(), None, "a file changed in place");
        keep();

        std::fs::create_dir(dest.join("tin-tuc/moi")).unwrap();
        assert_eq!(holds(), None, "an empty folder added");
        std::fs::remove_dir(dest.join("tin-tuc/moi")).unwrap();
        assert_eq!(holds(), None, "the folder removed again");
        keep();

        std::fs::write(deep.join("tam.txt"), "").unwrap();
        assert_eq!(holds(), None, "a file added deep in the tree");
        std::fs::remove_file(deep.join("tam.txt")).unwrap();
        keep();

        std::fs::write(dest.join("robots.txt"), "").unwrap();
        assert_eq!(holds(), None, "a file added at the top");
        std::fs::remove_file(dest.join("robots.txt")).unwrap();
        let last = keep();
        assert_eq!(holds(), Some(last));

        let stop = std::sync::atomic::AtomicBool::new(true);
        assert!(
            Listing::verify_unless(&dest, &kept, &stop).is_none(),
            "stopped"
        );
        // The folder as it is, and beside it a path outside it with that
        // path's own identity: still no record.
        let mut entries: Vec<(String, bool, u64, u128, u64)> = walked(&dest)
            .entries
            .iter()
            .map(|e| {
                (
                    e.rel.to_str().unwrap().into(),
                    e.dir,
                    e.id.0,
                    e.id.1,
                    e.id.2,
                )
            })
            .collect();
        let (len, mtime, ino) = identity(&std::fs::metadata(tmp.path().join("cache")).unwrap());
        entries.push(("../cache".into(), true, len, mtime, ino));
        let outside = KeptListing {
            version: LISTING_VERSION.to_string(),
            entries,
        };
        std::fs::write(&kept, postcard::to_stdvec(&outside).unwrap()).unwrap();
        assert_eq!(holds(), None, "a kept path outside the folder");
        std::fs::write(&kept, b"not a listing").unwrap();
        assert_eq!(holds(), None, "a kept listing that cannot be read");
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
            let listed = walked(&dest);
            let paths = |l: &Listing| {
                l.entries
                    .iter()
                    .map(|e| (e.rel.clone(), e.dir))
                    .collect::<Vec<_>>()
            };
            assert_eq!(paths(&written), paths(&listed), "build {n}");
            assert_eq!(written.key(), listed.key(), "build {n}");
            let kept = tmp.path().join("listing.bin");
            written.save(&kept);
            let verified = Listing::verify(&dest, &kept).map(|l| l.key());
            assert_eq!(verified, Some(written.key()), "build {n}");
        }
    }
}
