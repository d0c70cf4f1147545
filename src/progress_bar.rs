//! How the `loa` binary shows progress: a bar on a terminal once a big
//! build has run for a second, plain lines in logs, nothing for small builds.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use loa::progress::Progress;

/// Builds with at least this many content files count as big.
const BIG: usize = 300;
/// A bar appears only after the build has run this long.
const DELAY: Duration = Duration::from_secs(1);

/// The progress display for one build.
pub struct Display {
    bar: Option<ProgressBar>,
    log: bool,
}

/// What kind of display a build gets.
#[derive(Debug, PartialEq, Eq)]
enum Mode {
    Nothing,
    Bar,
    Lines,
}

fn mode(content_files: usize, terminal: bool) -> Mode {
    match (content_files >= BIG, terminal) {
        (false, _) => Mode::Nothing,
        (true, true) => Mode::Bar,
        (true, false) => Mode::Lines,
    }
}

impl Display {
    /// Chooses the display for a build of the portal at `root`.
    pub fn for_build(root: &Path) -> Display {
        let files = walkdir::WalkDir::new(root.join("content"))
            .into_iter()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
            .count();
        match mode(files, std::io::stdout().is_terminal()) {
            Mode::Nothing => Display {
                bar: None,
                log: false,
            },
            Mode::Lines => Display {
                bar: None,
                log: true,
            },
            Mode::Bar => {
                let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
                let late = bar.clone();
                // Short builds finish before the bar would show: no flicker.
                std::thread::spawn(move || {
                    std::thread::sleep(DELAY);
                    if !late.is_finished() {
                        late.set_draw_target(ProgressDrawTarget::stderr());
                        late.enable_steady_tick(Duration::from_millis(100));
                    }
                });
                Display {
                    bar: Some(bar),
                    log: false,
                }
            }
        }
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Display {
    fn stage(&self, message: &str, total: u64) {
        if self.log {
            if total > 0 {
                eprintln!("{message} {total} files…");
            } else {
                eprintln!("{message}…");
            }
        }
        if let Some(bar) = &self.bar {
            let style = if total == 0 {
                ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            } else {
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({elapsed})")
            };
            if let Ok(style) = style {
                bar.set_style(style);
            }
            bar.set_length(total);
            bar.set_position(0);
            bar.set_message(message.to_string());
        }
    }

    fn advance(&self, n: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_big_builds_show_progress() {
        assert_eq!(mode(80, true), Mode::Nothing);
        assert_eq!(mode(80, false), Mode::Nothing);
        assert_eq!(mode(1200, true), Mode::Bar);
        assert_eq!(mode(1200, false), Mode::Lines);
    }
}
