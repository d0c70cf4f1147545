//! The bad-input corpus: one small fixture portal per kind of bad input
//! (issue 8). Each case asserts the exact error it gets (or the sanitized
//! output) and that the build wrote nothing outside its output folder.
//!
//! Cases are grouped by theme: `text` (encodings, fences, YAML), `paths`
//! (slugs, aliases, terms, bundle files, links on disk), `html` (script
//! injection), `limits` (sizes and bombs), `depth` (nesting). Fuzz
//! findings are kept in `regressions`.

mod depth;
mod html;
mod limits;
mod paths;
mod regressions;
mod text;

use std::path::Path;

use crate::common::{Portal, list_files};
use loa::{BuildError, BuildReport};

/// Builds, then checks that every new file in the sandbox is inside the
/// output folder.
pub fn build_contained(p: &Portal) -> Result<BuildReport, BuildError> {
    let before = list_files(p.sandbox());
    let result = p.build();
    let out = p
        .out()
        .strip_prefix(p.sandbox())
        .map(Path::to_path_buf)
        .expect("output inside the sandbox");
    let out = out.to_string_lossy().replace('\\', "/");
    for f in list_files(p.sandbox()) {
        // The processed-image cache lives in the portal by design.
        if !before.contains(&f) && !f.starts_with(".loa-cache/") && !f.contains("/.loa-cache/") {
            assert!(
                f.starts_with(&format!("{out}/")),
                "the build wrote {f} outside its output folder {out}"
            );
        }
    }
    result
}

/// Builds expecting content errors; returns them as lines.
pub fn errors(p: &Portal) -> Vec<String> {
    match build_contained(p) {
        Ok(_) => panic!("the build unexpectedly succeeded"),
        Err(BuildError::Content(d)) => d
            .iter()
            .filter(|d| d.is_error())
            .map(ToString::to_string)
            .collect(),
        Err(e) => vec![e.to_string()],
    }
}

/// Builds expecting success.
pub fn ok(p: &Portal) -> BuildReport {
    match build_contained(p) {
        Ok(r) => r,
        Err(BuildError::Content(d)) => panic!(
            "build failed:\n{}",
            d.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => panic!("build failed: {e}"),
    }
}

/// Asserts that exactly one error line contains every needle.
pub fn expect_one(errors: &[String], needles: &[&str]) {
    let hits: Vec<&String> = errors
        .iter()
        .filter(|e| needles.iter().all(|n| e.contains(n)))
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "wanted one error with {needles:?}, got: {errors:#?}"
    );
}

/// A portal with a news section.
pub fn news() -> Portal {
    let p = Portal::new();
    p.page("content/_index.md", "Trang chủ", "x");
    p.section("tin-tuc", "Tin tức", "articles");
    p
}
