//! Golden files: a whole output compared byte for byte with an expected copy
//! kept under `tests/fixtures/golden/`. After an intended change,
//! `LOA_BLESS=1 cargo test --test it golden::` rewrites the copies (and
//! removes the ones no test produces any more); review them with `git diff`.
//!
//! Plain files rather than a snapshot crate: each expected copy is the file
//! itself (an `.ics` a calendar opens, a feed a validator reads), and no new
//! dependencies are compiled for it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::list_files;

/// The variable that turns comparing into rewriting.
pub const BLESS_VAR: &str = "LOA_BLESS";

/// True when the expected copies are to be rewritten (`LOA_BLESS` set, not
/// `0`). Refused under CI, where blessing would make every golden test pass.
pub fn blessing() -> bool {
    let bless = std::env::var(BLESS_VAR).is_ok_and(|v| !v.is_empty() && v != "0");
    assert!(
        !(bless && std::env::var_os("CI").is_some()),
        "{BLESS_VAR} is set under CI: expected copies are blessed by a person, then committed"
    );
    bless
}

/// `tests/fixtures/golden/<rel>`.
pub fn fixture_dir(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/golden")
        .join(rel)
}

/// One folder of expected copies. Every `check` is compared (or, when
/// blessing, written); `finish` fails the test listing every difference at
/// once and every expected copy that no `check` named, so a file the build
/// stopped making is noticed as well as one it makes differently.
pub struct Golden {
    dir: PathBuf,
    seen: BTreeSet<String>,
    failures: Vec<String>,
    finished: bool,
    bless: bool,
}

impl Golden {
    /// The expected copies in `tests/fixtures/golden/<rel>/`.
    pub fn new(rel: &str) -> Golden {
        Golden::in_dir(fixture_dir(rel), blessing())
    }

    /// Expected copies in any folder (the harness's own tests use a
    /// temporary one), blessing or not as told.
    pub fn in_dir(dir: PathBuf, bless: bool) -> Golden {
        Golden {
            dir,
            seen: BTreeSet::new(),
            failures: Vec::new(),
            finished: false,
            bless,
        }
    }

    /// Compares `actual` with the expected copy `<dir>/<rel>`.
    pub fn check(&mut self, rel: &str, actual: &[u8]) {
        assert!(self.seen.insert(rel.to_string()), "{rel} checked twice");
        let path = self.dir.join(rel);
        if self.bless {
            if std::fs::read(&path).ok().as_deref() != Some(actual) {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, actual).expect("write expected copy");
            }
            return;
        }
        let failure = match std::fs::read(&path) {
            Err(_) => Some(format!(
                "{rel}: no expected copy at {} (a new output? bless it)",
                path.display()
            )),
            Ok(expected) if expected != actual => Some(format!(
                "{rel}: differs from {}\n{}\n  whole actual file: {}",
                path.display(),
                first_difference(&expected, actual),
                self.keep_actual(rel, actual).display()
            )),
            Ok(_) => None,
        };
        self.failures.extend(failure);
    }

    /// Fails with every difference found; when blessing, removes the
    /// expected copies no `check` named.
    pub fn finish(self) {
        if let Err(e) = self.result() {
            panic!("{e}");
        }
    }

    /// What `finish` would fail with, for a test that gathers several cases
    /// before failing.
    pub fn result(mut self) -> Result<(), String> {
        self.finished = true;
        for rel in list_files(&self.dir) {
            if self.seen.contains(&rel) {
                continue;
            }
            if self.bless {
                std::fs::remove_file(self.dir.join(&rel)).expect("remove stale copy");
            } else {
                self.failures.push(format!(
                    "{rel}: expected, but the test no longer produces it (gone from the output? bless to remove the copy)"
                ));
            }
        }
        if self.failures.is_empty() {
            return Ok(());
        }
        Err(format!(
            "{} golden file(s) differ in {}; if the change is intended, run `{BLESS_VAR}=1 cargo test --test it golden::` and review `git diff`:\n\n{}",
            self.failures.len(),
            self.dir.display(),
            self.failures.join("\n\n")
        ))
    }

    /// Writes the actual output under `target/tmp/golden/<case>/actual…/`, so
    /// `diff -r` against the expected folder shows the whole change.
    fn keep_actual(&self, rel: &str, actual: &[u8]) -> PathBuf {
        let case = self.dir.strip_prefix(fixture_dir("")).unwrap_or(&self.dir);
        // `site/expected-offline` → `site/actual-offline`.
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned());
        let case = match name.as_deref().and_then(|n| n.strip_prefix("expected")) {
            Some(rest) => case.with_file_name(format!("actual{rest}")),
            None => case.join("actual"),
        };
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("golden")
            .join(case)
            .join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, actual).expect("write actual copy");
        path
    }
}

impl Drop for Golden {
    fn drop(&mut self) {
        // A test that forgot `finish` would pass whatever it compared.
        if !self.finished && !std::thread::panicking() {
            panic!("Golden for {} dropped without finish()", self.dir.display());
        }
    }
}

/// The first line where two files part, with both versions (`\r` and other
/// invisible characters shown escaped); a long line (a minified index) is
/// cut to the stretch around the first differing character.
fn first_difference(expected: &[u8], actual: &[u8]) -> String {
    let (e, a) = (
        String::from_utf8_lossy(expected),
        String::from_utf8_lossy(actual),
    );
    let (el, al): (Vec<&str>, Vec<&str>) = (e.split('\n').collect(), a.split('\n').collect());
    let n = (0..el.len().max(al.len()))
        .find(|&i| el.get(i) != al.get(i))
        .unwrap_or(0);
    let (x, y) = (el.get(n).copied(), al.get(n).copied());
    let (xc, yc): (Vec<char>, Vec<char>) = (
        x.unwrap_or("").chars().collect(),
        y.unwrap_or("").chars().collect(),
    );
    let col = xc.iter().zip(&yc).take_while(|(p, q)| p == q).count();
    const SHOWN: usize = 60;
    let from = col.saturating_sub(SHOWN);
    let cut = |line: Option<&str>, chars: &[char]| match line {
        None => "(end of file)".to_string(),
        Some(_) => {
            let part: String = chars.iter().skip(from).take(2 * SHOWN).collect();
            let dots = |b: bool| if b { "…" } else { "" };
            format!(
                "{}{part:?}{}",
                dots(from > 0),
                dots(chars.len() > from + 2 * SHOWN)
            )
        }
    };
    format!(
        "  first difference at line {}, column {}:\n  expected: {}\n  actual:   {}\n  ({} lines / {} bytes expected, {} lines / {} bytes actual)",
        n + 1,
        col + 1,
        cut(x, &xc),
        cut(y, &yc),
        el.len(),
        expected.len(),
        al.len(),
        actual.len()
    )
}

/// The `<main …>…</main>` region of an HTML page: the page's own content,
/// without the header, menu and footer every page shares.
pub fn main_region(html: &str) -> Option<&str> {
    let start = html.find("<main")?;
    let end = html[start..].find("</main>")? + start + "</main>".len();
    Some(&html[start..end])
}

/// `text` with every spelling of the temporary `root` replaced by `<root>`,
/// so messages that name the portal's folder compare the same anywhere.
pub fn normalize_root(text: &str, root: &Path) -> String {
    let mut spellings = vec![root.display().to_string()];
    if let Ok(canonical) = root.canonicalize() {
        spellings.push(canonical.display().to_string());
    }
    // Longest first, so a canonical path that contains the other is whole.
    spellings.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_string();
    for s in spellings {
        out = out.replace(&s, "<root>");
    }
    out
}
