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
                "timing {name:<16} {:>8.1} ms{}",
                (now - last).as_secs_f64() * 1e3,
                memory()
            );
            self.last = Some(now);
        }
    }
}

/// The process's resident memory now and at its peak so far, as
/// `  rss N MB (peak M MB)`, where the system says (Linux's
/// /proc/self/status); empty elsewhere. Which stage holds the memory is
/// what a change to the memory peak has to know.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    match (kb("VmRSS:"), kb("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  rss {} MB (peak {} MB)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    /// On Linux the figures are read: the peak is at least what is resident
    /// now, and a test process holds some memory.
    #[cfg(target_os = "linux")]
    #[test]
    fn memory_is_read_on_linux() {
        let m = super::memory();
        let nums: Vec<u64> = m
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        assert!(m.starts_with("  rss "), "{m}");
        assert_eq!(nums.len(), 2, "{m}");
        assert!(nums[0] > 0 && nums[1] >= nums[0], "{m}");
    }
}
