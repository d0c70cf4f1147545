//! The default theme in a real browser (headless Chromium driven by
//! browser-tests/run.mjs): axe-core at WCAG 2.2 AA and the W3C Nu checker on
//! every page type in both languages, the menu at 360 px, the language
//! switcher, search, "add to calendar", and screenshots written to
//! target/browser-artifacts/. browser-tests/setup.sh installs Chromium, Java
//! and the npm modules when they are missing.

mod common;
#[path = "common/http.rs"]
mod http;

use std::path::Path;
use std::process::Command;

#[test]
fn the_theme_passes_the_browser_checks() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup = Command::new("bash")
        .arg(repo.join("browser-tests/setup.sh"))
        .status()
        .expect("run setup.sh");
    assert!(setup.success(), "browser-tests/setup.sh failed");
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("public");
    loa::build(&loa::BuildOptions {
        root: repo.to_path_buf(),
        output: Some(out.clone()),
        now: Some("2026-11-22".into()),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    let base = http::serve(out.clone());
    let artifacts = repo.join("target/browser-artifacts");
    let run = Command::new("node")
        .arg(repo.join("browser-tests/run.mjs"))
        .arg(&base)
        .arg(&out)
        .arg(&artifacts)
        .output()
        .expect("run node");
    let stdout = String::from_utf8_lossy(&run.stdout);
    println!("{stdout}{}", String::from_utf8_lossy(&run.stderr));
    assert!(
        run.status.success(),
        "browser checks failed:\n{}",
        stdout
            .lines()
            .filter(|l| l.starts_with("FAIL"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    for shot in [
        "home-vi-phone.png",
        "home-en-phone.png",
        "home-vi-desktop.png",
        "home-en-desktop.png",
    ] {
        assert!(artifacts.join(shot).exists(), "{shot} was not written");
    }
}

/// Every page of the sample portal costs at most 60 KB (the home pages 40 KB)
/// of compressed HTML, CSS and scripts before images.
#[test]
fn pages_stay_within_the_byte_budgets() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let out = dir.path().join("public");
    let report = loa::build(&loa::BuildOptions {
        root: repo.to_path_buf(),
        output: Some(out.clone()),
        now: Some("2026-11-22".into()),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        !report.warnings.iter().any(|w| w.message.contains("budget")),
        "{:?}",
        report.warnings
    );
    let mut heaviest = (0, String::new());
    for f in common::list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        // The web editor is for staff, not readers on prepaid data.
        .filter(|f| !loa::editor::is_editor_file(f))
    {
        let html = std::fs::read(out.join(&f)).expect("read");
        let text = String::from_utf8_lossy(&html);
        let assets: usize = loa::output::budget::linked_assets(&text)
            .iter()
            .map(|href| {
                std::fs::read(out.join(href.trim_start_matches('/')))
                    .map(|b| loa::output::budget::gzip_len(&b))
                    .unwrap_or_else(|_| panic!("{f} links {href}, which is missing"))
            })
            .sum();
        let cost = loa::output::budget::gzip_len(&html) + assets;
        let limit = if f == "index.html" || f == "en/index.html" {
            40
        } else {
            60
        } * 1024;
        assert!(
            cost <= limit,
            "{f}: {cost} bytes compressed, budget {limit}"
        );
        if cost > heaviest.0 {
            heaviest = (cost, f);
        }
    }
    println!(
        "heaviest page: {} at {} bytes compressed",
        heaviest.1, heaviest.0
    );
    // The stylesheet is fingerprinted for long caching.
    assert!(
        common::list_files(&out)
            .iter()
            .any(|f| f.starts_with("style.") && f.ends_with(".css") && f != "style.css")
    );
}
