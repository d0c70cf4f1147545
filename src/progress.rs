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
/// to stderr, and the process's CPU time in it (user and system); otherwise
/// it does nothing. The bench notes quote these lines. CPU time below
/// twice the wall time on two cores is a stage that waits or runs on one.
#[derive(Debug)]
pub struct Stages {
    last: Option<(std::time::Instant, Option<CpuTime>)>,
}

impl Stages {
    /// Starts timing when `LOA_TIMINGS` is set (to anything but `0`).
    pub fn from_env() -> Stages {
        let on = std::env::var_os("LOA_TIMINGS").is_some_and(|v| v != "0");
        Stages {
            last: on.then(|| (std::time::Instant::now(), CpuTime::now())),
        }
    }

    /// Ends the stage called `name`.
    pub fn mark(&mut self, name: &str) {
        if let Some((last, cpu)) = self.last {
            let now = std::time::Instant::now();
            let cpu_now = CpuTime::now();
            let used = match (cpu, cpu_now) {
                (Some(a), Some(b)) => format!(
                    "  cpu {:>6} ms user {:>5} ms sys",
                    b.user_ms.saturating_sub(a.user_ms),
                    b.system_ms.saturating_sub(a.system_ms)
                ),
                _ => String::new(),
            };
            eprintln!(
                "timing {name:<16} {:>8.1} ms{used}{}",
                (now - last).as_secs_f64() * 1e3,
                memory()
            );
            self.last = Some((now, cpu_now));
        }
    }
}

/// The CPU time the process has used, in milliseconds.
#[derive(Debug, Clone, Copy)]
struct CpuTime {
    user_ms: u64,
    system_ms: u64,
}

impl CpuTime {
    /// Read from Linux's /proc/self/stat, whose times are in units of
    /// 1/100 s on every architecture (USER_HZ); `None` elsewhere.
    fn now() -> Option<CpuTime> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // The command name, in parentheses, may hold spaces: fields are
        // counted after its closing parenthesis (state is field 3, utime 14).
        let rest = &stat[stat.rfind(')')? + 1..];
        let mut fields = rest.split_ascii_whitespace().skip(11);
        let ticks = |f: Option<&str>| f.and_then(|v| v.parse::<u64>().ok());
        let user = ticks(fields.next())?;
        let system = ticks(fields.next())?;
        Some(CpuTime {
            user_ms: user * 10,
            system_ms: system * 10,
        })
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

    /// On Linux the CPU time is read, and grows as the process works.
    #[cfg(target_os = "linux")]
    #[test]
    fn cpu_time_is_read_on_linux() {
        let total = || {
            let t = super::CpuTime::now().expect("read /proc/self/stat");
            t.user_ms + t.system_ms
        };
        let before = total();
        let start = std::time::Instant::now();
        let mut x = 0u64;
        // Spin until the clock ticks on, however busy the machine is.
        while total() < before + 30 && start.elapsed() < std::time::Duration::from_secs(20) {
            for _ in 0..10_000 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(7));
            }
        }
        assert!(
            total() >= before + 30,
            "no CPU time counted in 20 s of work"
        );
    }
}
