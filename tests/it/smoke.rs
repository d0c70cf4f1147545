//! The one test that builds the repository's own sample portal (content/,
//! site.toml, static/, data/, i18n/). It holds the sample to what a
//! newcomer sees first: it builds with no error and no warning (byte
//! budgets included), every page has its language set, and `loa check`
//! finds nothing. Every other test builds a small portal of its own, so
//! editing the sample's content can break only this test.

use std::path::Path;

use crate::common;
use loa::check::{self, CheckOptions};

#[test]
fn the_sample_portal_builds_cleanly_and_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let report = loa::build(&loa::BuildOptions {
        root: root.to_path_buf(),
        output: Some(dir.path().join("public")),
        now: Some("2026-11-22".into()),
        ..Default::default()
    })
    .unwrap_or_else(|e| match e {
        loa::BuildError::Content(d) => panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        other => panic!("{other}"),
    });
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let files = common::list_files(&dir.path().join("public"));
    let pages: Vec<&String> = files.iter().filter(|f| f.ends_with(".html")).collect();
    assert!(pages.len() > 100, "{}", pages.len());
    for f in pages {
        let html = std::fs::read_to_string(dir.path().join("public").join(f)).expect("read");
        let want = if f.starts_with("en/") {
            "<html lang=\"en\">"
        } else {
            "<html lang=\"vi\">"
        };
        assert!(html.contains(want), "{f} lacks {want}");
    }

    // `loa check` renders the sample again (in memory) and scans every file.
    let r = check::run(&CheckOptions {
        root: root.to_path_buf(),
        ..Default::default()
    });
    assert!(r.rendered);
    let problems: Vec<String> = r.diagnostics.iter().map(ToString::to_string).collect();
    assert!(r.diagnostics.is_empty(), "{problems:#?}");
    assert!(r.files > 50);
}
