//! Progress of long work, reported by the build and drawn by the caller.
//!
//! The library only says which stage it is in and how far along; the `loa`
//! binary decides whether that becomes a progress bar (a big build on a
//! terminal), plain lines (a big build in a CI log) or nothing.

/// Receives progress reports. Every method may be called from any thread.
pub trait Progress: Sync {
    /// A new stage begins; `total` steps follow (0: unknown).
    fn stage(&self, _message: &str, _total: u64) {}
    /// `n` more steps of the current stage are done.
    fn advance(&self, _n: u64) {}
}

/// Reports nowhere.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quiet;

impl Progress for Quiet {}
