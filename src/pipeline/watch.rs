//! What the build notes about each file on its way to the disk.
//!
//! Pages go to the [`Writer`] as render makes them and are dropped once
//! written, so whatever the later steps need of them is taken here, as
//! they pass: their compressed copies (`[hosting] precompress`), what the
//! byte budgets need (lengths and linked assets), their paths (for the
//! host's `_headers`), and whether any shows the build's moment (which
//! the unchanged-build record must know).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use memchr::memmem::Finder;

use super::NEXT_CHANGE_FILE;
use crate::artifact::{Body, OutputFile};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::output::{Writer, budget};
use crate::time::Moment;

/// Where the watched files go.
pub trait Sink: Sync {
    /// Takes one file.
    fn put(&self, f: OutputFile);
    /// The bytes of a file taken so far.
    fn read_back(&self, path: &str) -> Option<Vec<u8>>;
}

impl Sink for Writer<'_> {
    fn put(&self, f: OutputFile) {
        Writer::put(self, f);
    }
    fn read_back(&self, path: &str) -> Option<Vec<u8>> {
        Writer::read_back(self, path)
    }
}

/// Files kept in memory (the few an edit to a page's text makes again).
#[derive(Default)]
pub struct Kept(Mutex<Vec<OutputFile>>);

impl Kept {
    /// The files taken.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Kept {
    fn put(&self, f: OutputFile) {
        lock(&self.0).push(f);
    }
    fn read_back(&self, path: &str) -> Option<Vec<u8>> {
        lock(&self.0)
            .iter()
            .find(|f| f.path == path)
            .and_then(|f| match &f.body {
                Body::Html(h) => Some(h.as_bytes().to_vec()),
                Body::Bytes(b) => Some(b.clone()),
                Body::Copy(p) => std::fs::read(p).ok(),
            })
    }
}

/// Sees every file of a build on its way to its sink.
pub struct Watch<'w> {
    writer: &'w dyn Sink,
    /// The moment as pages could show it, both offsets.
    moment: [Finder<'static>; 2],
    shows_moment: AtomicBool,
    /// The base path links start with, when budgets are checked.
    budget_base: Option<String>,
    ledger: Mutex<budget::Ledger>,
    precompress: bool,
    problems: Mutex<Vec<Diagnostic>>,
    paths: Mutex<Vec<String>>,
}

impl<'w> Watch<'w> {
    /// A watch for a build at `now` with `config`. An offline copy has no
    /// budgets (it sends no bytes over a connection) and no compressed
    /// copies (no server to send them).
    pub fn new(writer: &'w dyn Sink, now: &Moment, config: &Config) -> Watch<'w> {
        let finder = |s: String| Finder::new(s.as_bytes()).into_owned();
        let online = !config.offline;
        Watch {
            writer,
            moment: [
                finder(now.rfc3339()),
                finder(now.in_default_offset().rfc3339()),
            ],
            shows_moment: AtomicBool::new(false),
            budget_base: online.then(|| config.base_url.path.clone()),
            ledger: Mutex::default(),
            precompress: online && config.hosting.precompress,
            problems: Mutex::default(),
            paths: Mutex::default(),
        }
    }

    /// Notes `f`, writes its compressed copies if any, then writes it.
    pub fn pass(&self, f: OutputFile) {
        if !self.shows_moment.load(Ordering::Relaxed) && self.shows(&f) {
            self.shows_moment.store(true, Ordering::Relaxed);
        }
        if let Some(base) = &self.budget_base {
            // The editor does not count: it is for staff on office
            // connections, not readers on prepaid data.
            let counted = |p: &str| !crate::editor::is_editor_file(p);
            if let Some(seen) = budget::seen(&f, base, &counted) {
                lock(&self.ledger).add(seen);
            }
        }
        if self.precompress {
            match crate::output::host::compressed_copies(&f) {
                Ok(copies) => copies.into_iter().for_each(|c| self.writer.put(c)),
                Err(d) => lock(&self.problems).push(d),
            }
        }
        lock(&self.paths).push(f.path.clone());
        self.writer.put(f);
    }

    /// Notes what the budgets need of `f`, a file already in the site that
    /// is not written again (a stylesheet pages link).
    pub fn note(&self, f: &OutputFile) {
        if let Some(base) = &self.budget_base {
            if let Some(seen) = budget::seen(f, base, &|_| false) {
                lock(&self.ledger).add(seen);
            }
        }
    }

    /// True when `f` (other than the schedule record) shows the moment
    /// written out, as a feed without dated entries does.
    fn shows(&self, f: &OutputFile) -> bool {
        let bytes = match &f.body {
            _ if f.path.starts_with(NEXT_CHANGE_FILE) => return false,
            Body::Html(h) => h.as_bytes(),
            Body::Bytes(b) => b.as_slice(),
            Body::Copy(_) => return false,
        };
        self.moment.iter().any(|m| m.find(bytes).is_some())
    }

    /// Whether some file passed so far shows the moment.
    pub fn shows_moment(&self) -> bool {
        self.shows_moment.load(Ordering::Relaxed)
    }

    /// The paths passed so far, compressed copies not included.
    pub fn paths(&self) -> Vec<String> {
        lock(&self.paths).clone()
    }

    /// Files that could not be compressed (a copied file unreadable).
    pub fn take_problems(&self) -> Vec<Diagnostic> {
        std::mem::take(&mut *lock(&self.problems))
    }

    /// Pages over `[budgets]`, their bytes read back from the writer.
    pub fn over_budget(&self, config: &Config) -> Vec<Diagnostic> {
        if self.budget_base.is_none() {
            return Vec::new();
        }
        let homes: Vec<String> = config
            .languages
            .iter()
            .map(|l| config.lang_root(&l.code).output_file())
            .collect();
        let b = &config.budgets;
        let limit = |p: &str| {
            1024 * if homes.iter().any(|h| h == p) {
                b.home_kb
            } else {
                b.page_kb
            }
        };
        let costs = lock(&self.ledger).costs(&|p| self.writer.read_back(p), &limit);
        budget::check(&costs, b.page_kb, b.home_kb, &homes)
    }
}

/// The lock's value even if a thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
