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

/// Stage times for profiling: with `LOA_TIMINGS=1` in the environment each
/// [`Stages::mark`] prints how long the stage since the previous mark took
/// to stderr; otherwise it does nothing. The bench notes quote these lines.
#[derive(Debug)]
pub struct Stages {
    last: Option<std::time::Instant>,
}

impl Stages {
    /// Starts timing when `LOA_TIMINGS` is set (to anything but `0`).
    pub fn from_env() -> Stages {
        let on = std::env::var_os("LOA_TIMINGS").is_some_and(|v| v != "0");
        Stages {
            last: on.then(std::time::Instant::now),
        }
    }

    /// Ends the stage called `name`.
    pub fn mark(&mut self, name: &str) {
        if let Some(last) = self.last {
            let now = std::time::Instant::now();
            eprintln!(
                "timing {name:<16} {:>8.1} ms",
                (now - last).as_secs_f64() * 1e3
            );
            self.last = Some(now);
        }
    }
}
