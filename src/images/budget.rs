//! A pixel budget shared by the threads that decode images, so that the
//! memory taken by decoded photos stays bounded however many cores run.
//!
//! A thread asks for the pixels of the photo it is about to decode and
//! waits while others hold too many; it gives them back when it drops the
//! permit. A photo larger than the whole budget waits until it is alone.

use std::sync::{Condvar, Mutex, MutexGuard};

/// Pixels that may be decoded at once.
#[derive(Debug)]
pub(crate) struct Budget {
    cap: u64,
    used: Mutex<u64>,
    freed: Condvar,
}

/// Pixels held until dropped.
#[derive(Debug)]
pub(crate) struct Permit<'a> {
    budget: &'a Budget,
    pixels: u64,
}

impl Budget {
    /// A budget of `cap` pixels.
    pub(crate) fn new(cap: u64) -> Budget {
        Budget {
            cap: cap.max(1),
            used: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, u64> {
        // A panic elsewhere cannot leave the counter half-written: keep going.
        self.used.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits until `pixels` (at most the whole budget) are free and takes them.
    pub(crate) fn acquire(&self, pixels: u64) -> Permit<'_> {
        let pixels = pixels.min(self.cap);
        let mut used = self.lock();
        while *used + pixels > self.cap {
            used = self.freed.wait(used).unwrap_or_else(|e| e.into_inner());
        }
        *used += pixels;
        Permit {
            budget: self,
            pixels,
        }
    }

    #[cfg(test)]
    fn in_use(&self) -> u64 {
        *self.lock()
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut used = self.budget.lock();
        *used -= self.pixels;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};

    #[test]
    fn holders_never_exceed_the_cap() {
        let budget = Budget::new(100);
        let peak = AtomicU64::new(0);
        std::thread::scope(|s| {
            for n in [60, 50, 40, 30, 500] {
                let (budget, peak) = (&budget, &peak);
                s.spawn(move || {
                    let _p = budget.acquire(n);
                    peak.fetch_max(budget.in_use(), Ordering::SeqCst);
                    std::thread::yield_now();
                });
            }
        });
        assert!(peak.load(Ordering::SeqCst) <= 100);
        assert_eq!(budget.in_use(), 0);
    }
}
